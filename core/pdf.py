"""HTML to PDF with WeasyPrint, for packets and printable maps."""

from django.contrib.staticfiles import finders


class PdfUnavailable(Exception):
    """The server lacks what WeasyPrint needs (the package, or Pango from the system)."""


def html_to_pdf(html: str, *, stylesheet: str, base_url: str) -> bytes:
    """Render `html` with the static stylesheet `stylesheet` (a path under static/)."""
    try:  # imported here: it loads Pango from the system, which only PDFs need
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[CSS(filename=finders.find(stylesheet))]
    )
