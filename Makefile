# Banso — two commands: `make run` (serve the demo) and `make test` (every test).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run serve worker test test-pg test-fast fuzz-api bench load lint install lock audit browser-deps demo clean

# Installs exactly the pinned, hash-checked set in requirements.lock (what CI tested), never a newer release.
$(STAMP): requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 ($(PYTHON)) が見つかりません。"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# After changing the dependencies in pyproject.toml: pin them again (README: Dependencies).
lock:
	scripts/lock.sh

# Known vulnerabilities in the pinned set; needs a vulnerability database reachable over the network.
audit:
	scripts/audit.sh

# Debian's Chromium and a CJK font for the browser tests (no browser download works here).
browser-deps:
	@scripts/ensure_browser.sh

run: $(STAMP)
	mkdir -p var
	@# manage.py reads var/local.env (real environment variables win), so README commands work as written.
	@test -f var/local.env || printf '# Written by make run for local development; delete it for production settings.\nBANSO_DEBUG=true\n' > var/local.env
	BANSO_DEBUG=true $(PY) manage.py migrate --noinput
	BANSO_DEBUG=true $(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "Banso: http://127.0.0.1:$(PORT)/"
	@BANSO_DEBUG=true $(PY) manage.py demo_logins
	@echo ""
	@# The background worker runs beside the development server and stops with it.
	BANSO_DEBUG=true $(PY) manage.py db_worker --queue-name default --no-reload --interval 0.5 -v 0 & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  BANSO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production shape on one machine: production settings under gunicorn on loopback, against the
# same database as `make run` (README: Operating Banso).
serve: $(STAMP)
	PORT=$(PORT) scripts/serve.sh

# The background worker (uploads read into their preview, the monthly report batch, scheduled work)
# against the same database; run it beside `make run` or `make serve`.
worker: $(STAMP)
	$(PY) manage.py db_worker --queue-name default --no-reload

# Tests run on every core (pytest-xdist); each worker has its own test database and live server.
PYTEST := $(PY) -m pytest -n auto

test: $(STAMP) browser-deps
	$(PY) -m ruff check .
	$(PYTEST)

# Same suite against a throwaway PostgreSQL 15 cluster on a free loopback port.
test-pg: $(STAMP) browser-deps
	scripts/with_postgres.sh $(PYTEST)

# schemathesis over the whole API as a supporter, against a throwaway demo database (a few minutes).
fuzz-api: $(STAMP)
	scripts/fuzz_api.sh

test-fast: $(STAMP)
	$(PYTEST) -m "not e2e"

# Speed budgets at bank scale on SQLite and PostgreSQL (README: Benchmarks and load). Minutes.
# BENCH_DIALOGUES / BENCH_CASES make the knowledge search run smaller (e.g. BENCH_DIALOGUES=20000).
bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/monitoring.py
	$(PY) bench/knowledge_search.py
	scripts/with_postgres.sh $(PY) bench/knowledge_search.py

# Load on make serve with the bank of seed_scale (run it first); LOAD_USERS / LOAD_SECONDS override.
load: $(STAMP)
	scripts/load.sh

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) var
