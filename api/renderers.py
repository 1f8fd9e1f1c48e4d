"""Response renderers of the API: DRF's, with text that UTF-8 cannot carry escaped.

Every API route renders with RENDERERS (api/urls.py sets them on each route, as it does the
authentication).
"""

from typing import Any

from rest_framework import renderers


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer (UTF-8, non-ASCII as is), except for text with a lone surrogate.

    JSON lets a request carry one (`"\\ud800"`) and an error message may repeat it
    (`"\\ud800" is not a valid choice.`); UTF-8 cannot encode it, and DRF's renderer failed
    with a server error. Such a response is rendered with ASCII escapes instead: the same
    JSON."""

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return _EscapedJSONRenderer().render(data, accepted_media_type, renderer_context)


class _EscapedJSONRenderer(renderers.JSONRenderer):
    ensure_ascii = True


RENDERERS = [JSONRenderer, renderers.BrowsableAPIRenderer]
