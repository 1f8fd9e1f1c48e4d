# Bright Line: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs every check.
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_ENV := .env.dev
CHROMIUM ?= /usr/bin/chromium
# Test processes in parallel (pytest-xdist): one per core by default.
TEST_WORKERS ?= auto

.PHONY: run test setup lint format messages worker clean-db audit

$(STAMP): pyproject.toml
	@PYBIN=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYBIN"; $$PYBIN -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check ".[dev]"
	@touch $(STAMP)

setup: $(STAMP) locale/es/LC_MESSAGES/django.mo

# Compiled catalogues are committed; recompile when the .po is newer and msgfmt exists.
locale/es/LC_MESSAGES/django.mo: locale/es/LC_MESSAGES/django.po
	@if command -v msgfmt >/dev/null 2>&1; then msgfmt --check -o $@ $<; else touch $@; fi

# Development secrets are random, made once per checkout and never committed.
$(DEV_ENV):
	@$(PY) bin/make-dev-env > $(DEV_ENV)
	@echo "Wrote development secrets to $(DEV_ENV)"

run: setup $(DEV_ENV)
	@set -a && . ./$(DEV_ENV) && set +a && export DEBUG=1 REQUIRE_LEAD_MFA=0 && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py seed_demo --with-reference-data && \
	{ $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  echo ""; echo "Bright Line is at http://127.0.0.1:8000/  (Ctrl-C stops it and its job worker)"; echo ""; \
	  $(PY) manage.py runserver 127.0.0.1:8000; }

# Runs queued background jobs (imports, exports, reminders) for `make run`.
worker: setup $(DEV_ENV)
	@set -a && . ./$(DEV_ENV) && set +a && export DEBUG=1 && $(PY) manage.py db_worker

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	@if [ -x "$(CHROMIUM)" ]; then echo "Browser tests: using $(CHROMIUM)"; \
	else echo "Browser tests: SKIPPED, no Chromium at $(CHROMIUM) (apt-get install chromium, or set CHROMIUM=/path)"; fi
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest -n $(TEST_WORKERS)

# Known vulnerabilities in the installed dependencies (needs pypi.org; .ci/run calls it).
audit: setup
	PY=$(PY) bin/audit-dependencies

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: setup
	DEBUG=1 $(PY) manage.py makemessages -l es --ignore=.venv --ignore=tests --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# Benchmarks at national scale on PostgreSQL (DATABASE_URL, default: database bl_bench, made if
# missing); the first run generates the data set (manage.py seed_scale). Writes bench/RESULTS.md.
.PHONY: bench
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# Ten minutes of petition signing with an import and an export beside it, PostgreSQL restarted
# and processes killed in the middle (bench/soak.py; loopback only, its own database bl_soak).
.PHONY: soak
soak: setup
	SOAK_SECONDS=$${SOAK_SECONDS:-600} $(PY) bench/run.py --only soak
