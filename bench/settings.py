"""Settings of the benchmark server: the project's own, plus a baseline view (bench/urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The benchmark server renders pages but never serves their static files: no collectstatic,
# so no manifest to look names up in.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
