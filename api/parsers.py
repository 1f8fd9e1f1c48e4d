"""Request body parsers of the API: DRF's defaults, with deeply nested JSON refused.

Every API route parses with PARSERS (api/urls.py sets them on each route, as it does the
authentication).
"""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, except that a body nested deeper than Python's decoder can follow
    (`[[[[…` a thousand levels) is malformed input, a 400: DRF catches only ValueError, and
    the decoder's RecursionError was a server error."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None


PARSERS = [JSONParser, parsers.FormParser, parsers.MultiPartParser]
