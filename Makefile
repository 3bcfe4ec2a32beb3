# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
# Every Django template, for djade (the house template formatter; its version is pinned in requirements-dev.txt).
TEMPLATES = $(shell find templates -name '*.html' -o -name '*.txt' | sort)
DJADE := $(VENV)/bin/djade --target-version 5.2

.PHONY: run test lint format-templates bench loadtest migrations-check check-system venv worker web clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 or newer is needed: install it (e.g. sudo apt-get install python3) and run make again."; exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(VENV)/.run-installed

venv: $(VENV)/.run-installed

check-system: | $(PY)
	@$(PY) -m config.system_check

## run: the app in embedded mode (SQLite, filesystem broker), web + Celery worker with beat. Ctrl-C stops all.
run: $(VENV)/.run-installed check-system
	@mkdir -p .celery/queue .celery/control .celery/results
	$(PY) manage.py migrate --noinput -v 0
	DEV_APPS=demo $(PY) manage.py seed_demo
	$(VENV)/bin/honcho -f Procfile.dev start

## test: ruff, mypy and djade, then the whole pytest suite. Services (PostgreSQL, Redis, Chromium) are used when present.
test: $(VENV)/.dev-installed check-system
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	@echo "djade --check templates/" && $(DJADE) --check $(TEMPLATES)
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## lint: ruff, mypy (config in pyproject.toml), and djade on the templates (fails listing each template it would reformat).
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	@echo "djade --check templates/" && $(DJADE) --check $(TEMPLATES)

## format-templates: formats every template in place with djade.
format-templates: $(VENV)/.dev-installed
	@$(DJADE) $(TEMPLATES) || test $$? -eq 1  # djade exits 1 when it reformatted something

migrations-check: $(VENV)/.run-installed
	$(PY) manage.py makemigrations --check --dry-run

## bench: seeds a separate database and prints one JSON object of figures (see DESIGN.md budgets).
## BENCH_ARGS=--quick for a smoke run. DEV_APPS installs the development-only app a target needs, even with DEBUG off.
bench: $(VENV)/.run-installed check-system
	@DEV_APPS=bench $(PY) manage.py bench $(BENCH_ARGS)

## loadtest: gunicorn in production mode (TLS, PostgreSQL, Redis) under 50 locust users for 60 s; prints one JSON
## summary (rps, p50/p95/p99 per page, failures). Needs PostgreSQL and Redis on 127.0.0.1 (see loadtest/run.py).
loadtest: $(VENV)/.dev-installed check-system
	@$(PY) -m loadtest.run

clean:
	rm -rf .celery .loadtest staticfiles .pytest_cache .ruff_cache .mypy_cache
