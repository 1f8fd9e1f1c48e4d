"""The REST API (/api/): shared permissions, pagination, errors and schema hooks.

Each app declares its own resources in `<app>/serializers.py` and `<app>/api.py`; this package
wires them under /api/ (api/urls.py).
"""
