# ansinh — the two commands:
#   make run    set everything up on a fresh machine, then serve on http://127.0.0.1:$(PORT)
#   make test   same set-up, then lint and the whole suite on SQLite and again on PostgreSQL
# Every Python command runs with the virtual environment's interpreter (never PATH's python3).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PORT ?= 8000
# Extra pytest arguments for `make test`, e.g. make test PYTEST_ARGS="-k dates -x"
PYTEST_ARGS ?=

PYENV_PYTHON := $(HOME)/.pyenv/versions/3.13.0/bin/python
BASE_PYTHON ?= $(shell if [ -x "$(PYENV_PYTHON)" ]; then echo "$(PYENV_PYTHON)"; else command -v python3.13 2>/dev/null; fi)

PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
RUNTIME_STAMP := $(VENV)/.ansinh-runtime.stamp
DEV_STAMP := $(VENV)/.ansinh-dev.stamp
NPM_STAMP := node_modules/.ansinh-npm.stamp
VENDOR_DIR := ansinh/static/vendor
VENDOR_FILES := $(VENDOR_DIR)/htmx.min.js $(VENDOR_DIR)/echarts.min.js

.PHONY: help setup run test lint bench

help:
	@echo "make run    — cài đặt (venv, thư viện, tệp giao diện, CSDL mẫu) rồi chạy tại http://127.0.0.1:$(PORT)"
	@echo "              set up (venv, packages, front-end files, demo data) and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   — cài đặt, kiểm tra mã (lint), chạy bộ kiểm thử trên SQLite rồi trên PostgreSQL"
	@echo "              set up, lint, run the suite on SQLite and then on PostgreSQL"
	@echo "make lint   — ruff check, ruff format --check, mypy ansinh"
	@echo "make bench  — đo ở quy mô toàn quốc trên PostgreSQL (khoảng 15 phút), ghi docs/benchmarks.md"
	@echo "              national-scale benchmarks on PostgreSQL (about 15 minutes), written to docs/benchmarks.md"
	@echo "Variables: PORT=$(PORT)  VENV=$(VENV)  PYTEST_ARGS=...  BASE_PYTHON=$(BASE_PYTHON)"

# --- set-up -------------------------------------------------------------------------------------

$(PY):
	@if [ -z "$(BASE_PYTHON)" ]; then \
	  echo "Không tìm thấy Python 3.13: cần $(PYENV_PYTHON) hoặc python3.13 trên PATH."; \
	  echo "Python 3.13 not found: need $(PYENV_PYTHON) or python3.13 on PATH (e.g. pyenv install 3.13.0)."; \
	  exit 1; \
	fi
	@"$(BASE_PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' || { \
	  echo "$(BASE_PYTHON) không phải Python 3.13 / is not Python 3.13."; exit 1; }
	"$(BASE_PYTHON)" -m venv "$(VENV)"

# The requirements files are the complete, exactly pinned sets, installed with --no-deps; pip check
# then proves nothing is missing, except the four packages vietnamadminunits declares for the parts
# of it ansinh never imports (see requirements.txt). `make run` installs only what the product needs
# to run (requirements.txt); the test, lint and benchmark tools (requirements-dev.txt: pytest,
# Playwright, mypy, schemathesis, DuckDB…) come with `make test`, `make lint` and `make bench`.
# Each set re-installs only when its file changed (the stamps live inside the venv, so a new venv
# installs again).
ALLOWED_MISSING := ^vietnamadminunits 1\.0\.4 requires (shapely|geopy|unidecode|tqdm), which is not installed\.$$
PIP_CHECK = problems="$$($(PY) -m pip check 2>&1 | grep -v -E '$(ALLOWED_MISSING)|^No broken requirements found\.$$')"; \
	if [ -n "$$problems" ]; then \
	  echo "pip check — thiếu hoặc xung đột gói / missing or conflicting packages:"; echo "$$problems"; exit 1; \
	fi

$(RUNTIME_STAMP): requirements.txt | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' || { \
	  echo "$(VENV) không dùng Python 3.13: xoá $(VENV) rồi chạy lại / $(VENV) is not Python 3.13: delete it and retry."; \
	  exit 1; }
	$(PY) -m pip install --no-deps -r requirements.txt
	@$(PIP_CHECK)
	@touch "$@"

$(DEV_STAMP): requirements.txt requirements-dev.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --no-deps -r requirements-dev.txt
	@$(PIP_CHECK)
	@touch "$@"

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch "$@"

# htmx and ECharts are served from our own static files: nothing is fetched at run time.
$(VENDOR_FILES) &: $(NPM_STAMP) scripts/vendor_assets.py | $(PY)
	$(PY) scripts/vendor_assets.py

# LibreOffice (PDF from the same DOCX) and Liberation Serif 2 (Times New Roman's metrics, every Vietnamese glyph),
# from Debian when run as root; otherwise a clear message, and PDF downloads say they are unavailable.
SYSTEM_PACKAGES := libreoffice-writer-nogui fonts-liberation2

# var/ holds the SQLite database and collected static files; WhiteNoise warns if STATIC_ROOT is absent.
setup: $(RUNTIME_STAMP) $(VENDOR_FILES)
	@bash scripts/system_packages.sh $(SYSTEM_PACKAGES)
	@mkdir -p var/static

# --- the two commands ---------------------------------------------------------------------------

run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) ensure_demo_admin
	$(MANAGE) collectstatic --noinput
	@# Long imports run in the database task worker beside the web server; both stop together. The one worker
	@# starts afresh, so an import left "running" by a killed worker is recorded as failed first.
	$(MANAGE) fail_stale_jobs --all-running
	@# The demo serves without DEBUG (a visitor's error shows the error page, never a traceback); WhiteNoise
	@# serves the collected static files. ANSINH_DEBUG=1 make run for a developer's tracebacks.
	ANSINH_DEBUG=$${ANSINH_DEBUG:-0} $(MANAGE) db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  ANSINH_DEBUG=$${ANSINH_DEBUG:-0} $(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup $(DEV_STAMP) lint
	VENV="$(VENV)" bash scripts/test.sh $(PYTEST_ARGS)

# The national data set goes into its own database (BENCH_DB, dropped and created again); PostgreSQL must
# run at 127.0.0.1:5432. BENCH_SIZE=smoke is the small run the test suite also makes.
BENCH_SIZE ?= national
BENCH_DB ?= ansinh_bench
bench: setup $(DEV_STAMP)
	$(PY) -m benchmarks.run --size $(BENCH_SIZE) --database $(BENCH_DB) --output docs/benchmarks.md

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy ansinh
