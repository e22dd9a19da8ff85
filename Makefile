# License Hub — two commands: `make run` and `make test`. Everything they need is
# installed into the project (.venv for Python, .bun for bun), nothing by hand.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
BUN_DIR := $(CURDIR)/.bun
BUN := $(BUN_DIR)/node_modules/.bin/bun
PORT ?= 3000
export PATH := $(BUN_DIR)/node_modules/.bin:$(BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install lint test test-services test-browser bench services-up clean

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q --disable-pip-version-check -e ".[test]"
	touch $@

$(BUN):
	npm install --prefix $(BUN_DIR) --no-audit --no-fund --loglevel=error bun@1.4.4

install: $(VENV)/.installed $(BUN)

# axe-core, the accessibility engine the browser tests inject into every page.
AXE := $(CURDIR)/.axe/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --prefix $(CURDIR)/.axe --no-audit --no-fund --loglevel=error axe-core@4.10.3

run: install
	$(BIN)/license-hub setup
	$(BIN)/license-hub serve --port $(PORT)

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

# The compose CLI validates deploy/compose.yaml in the tests; pg_dump backs up PostgreSQL.
/usr/bin/docker-compose:
	@docker compose version >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; }
	@docker compose version >/dev/null 2>&1 || test -x $@

/usr/bin/pg_dump:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null

services-up:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no

# Ruff (lint with import sorting and bugbear, format check) over the code, mypy over the domain.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check license_hub tests bench
	$(BIN)/ruff format --check license_hub tests bench
	$(BIN)/mypy

# The service tests run in two processes (each with its own SQLite files and
# PostgreSQL database), then those marked serial alone; the browser tests share one
# built app, so they run in one.
SERVICE_TESTS := tests/services tests/state tests/api tests/jobs tests/db tests/deploy
test: install $(VENV)/.installed-test $(AXE) /usr/bin/chromium /usr/bin/docker-compose /usr/bin/pg_dump services-up
	$(BIN)/pytest -q -n 2 -m "not serial" $(SERVICE_TESTS)
	$(BIN)/pytest -q -m serial $(SERVICE_TESTS)
	$(BIN)/pytest -q tests/browser

test-services: install $(VENV)/.installed-test /usr/bin/docker-compose /usr/bin/pg_dump services-up
	$(BIN)/pytest -q -n 2 -m "not serial" $(SERVICE_TESTS)
	$(BIN)/pytest -q -m serial $(SERVICE_TESTS)

test-browser: install $(VENV)/.installed-test $(AXE) /usr/bin/chromium
	$(BIN)/pytest -q tests/browser

bench: install services-up
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) $(BUN_DIR) .axe .web .states
