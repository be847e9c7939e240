# Kumppanuus: every task is one command. `make` alone prints this help.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help install messages run test lint format makemessages bench

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# xstatic-bootstrap (Bootstrap's CSS and JS) is an sdist that builds only this way.
	$(PY) -m pip install --quiet "setuptools<81" wheel
	$(PY) -m pip install --quiet --no-build-isolation "xstatic-bootstrap==5.3.8.0"
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## Create .venv and install everything

messages: $(STAMP) ## Compile the translations (pure Python, no GNU gettext needed)
	@$(VENV)/bin/pybabel compile --statistics -d locale -D django

run: $(STAMP) messages ## Migrate, load the demo and start web, worker and beat on PORT (default 8000)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Kumppanuus is starting at http://127.0.0.1:$(PORT)/ (Ctrl-C stops everything)"
	DEBUG=1 PORT=$(PORT) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho -f Procfile.dev start

test: $(STAMP) messages ## Run the whole test suite (PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set)
	$(PY) -m pytest -n $(or $(JOBS),auto) $(PYTEST_ARGS)

lint: $(STAMP) ## Check the code with ruff
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

makemessages: $(STAMP) ## Update the .po files from the code (needs GNU gettext)
	$(PY) manage.py makemessages -l fi -l sv -l en --no-obsolete --ignore ".venv/*" --ignore "var/*"

bench: $(STAMP) messages ## Measure key pages on national-scale data (needs DATABASE_URL to PostgreSQL)
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/kumppanuus_bench"; exit 2)
	DEBUG=1 $(PY) manage.py bench $(BENCH_ARGS)
