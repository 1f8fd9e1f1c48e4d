"""bench/import_speed.py runs (tiny): the three paths import the same rows."""

from bench import import_speed


def test_the_import_bench_runs_tiny(db, tmp_path):
    figures = import_speed.measure(12, tmp_path)
    for kind in import_speed.KINDS:
        assert set(figures[kind]) == {"ours", "row_by_row", "bare"}
        assert all(path["rows"] == 12 for path in figures[kind].values())
        assert figures[kind]["row_by_row"]["dry_run"] > 0  # django-import-export's own preview
    text = import_speed.report(12, figures)
    assert "row by row / ours" in text and "ours (confirmed import) / bare" in text
    assert "row by row / ours (dry run and import)" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts-12.csv", "signatures-12.csv"]
    verdict = import_speed.verdict(figures)
    assert "contacts" in verdict["ratio"] and "signatures" in verdict["ratio"]
    assert "with both dry runs" in verdict["ratio"]
    assert isinstance(verdict["goal_met"], bool)
