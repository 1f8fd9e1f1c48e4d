from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages over large collections: rows added meanwhile do not shift the pages."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = 500
