"""Settings of the benchmark server: the project's own, plus a baseline view (bench/urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
