"""Invariant 1: campaign data is reached only through its scoped entry point."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from coalition.models import Campaign, CampaignScopedQuerySet

ROOT = Path(__file__).resolve().parents[1]
APPS = ["core", "coalition", "targets", "stories", "actions"]
# Campaign-linked models that are not campaign data in this sense.
NOT_CAMPAIGN_DATA = {
    "core.auditevent",  # the audit trail, written and read by its own rules
    # A request from the public to lead a campaign, reviewed by site staff; its `campaign` is
    # the one that approving it created, not the campaign it belongs to.
    "actions.leadrequest",
}


def campaign_models() -> list[type]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.label_lower in NOT_CAMPAIGN_DATA:
            continue
        if any(
            getattr(field, "related_model", None) is Campaign and field.name == "campaign"
            for field in model._meta.concrete_fields
        ):
            found.append(model)
    return found


MODELS = campaign_models()


def test_campaign_models_are_found():
    labels = {m._meta.label_lower for m in MODELS}
    assert {"coalition.membership", "coalition.invitation"} <= labels


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label_lower)
def test_campaign_data_has_the_scoped_entry_point(model):
    assert isinstance(model._default_manager.all(), CampaignScopedQuerySet), (
        f"{model._meta.label}: give it a manager built on CampaignScopedQuerySet"
    )


def _view_modules() -> list[Path]:
    files = []
    for app in APPS:
        for pattern in ("views.py", "views/*.py", "api.py", "api/*.py", "exports.py"):
            files.extend((ROOT / app).glob(pattern))
    return files


def _bare_lookups(path: Path, model_names: set[str]) -> list[str]:
    """Calls like Model.objects.get(pk=...) or get_object_or_404(Model, ...) on campaign data."""
    problems = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"get_object_or_404", "get_list_or_404"}:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Name) and first.id in model_names:
                problems.append(f"{path.name}:{node.lineno} {func.id}({first.id}, ...)")
        if isinstance(func, ast.Attribute) and func.attr in {"get", "filter", "all", "exclude"}:
            target = func.value
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "objects"
                and isinstance(target.value, ast.Name)
                and target.value.id in model_names
                and func.attr in {"get", "all"}
            ):
                problems.append(f"{path.name}:{node.lineno} {target.value.id}.objects.{func.attr}")
    return problems


def test_views_never_fetch_campaign_data_without_scoping():
    names = {m.__name__ for m in MODELS}
    problems = [p for path in _view_modules() for p in _bare_lookups(path, names)]
    assert not problems, f"Use Model.objects.for_campaign(...) instead: {problems}"


def test_the_scan_would_catch_a_bare_lookup(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "def v(request, pk):\n"
        "    a = Membership.objects.get(pk=pk)\n"
        "    b = get_object_or_404(Invitation, pk=pk)\n"
    )
    assert len(_bare_lookups(bad, {"Membership", "Invitation"})) == 2
