# dxmonitor: `make` lists the targets. Set-up on a fresh machine is `make demo` or `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PORT ?= 8000
XDIST ?= -n 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install system-packages python-packages node-packages messages demo serve worker test test-sqlite \
        test-postgres test-browser test-spark lint bench postgres clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-15s %s\n", $$1, $$2}'

install: system-packages python-packages node-packages messages ## install everything (Debian, Python and npm packages)

system-packages: ## Debian packages: chromium, gettext, LibreOffice (PDF), poppler, fonts, postgresql when missing
	@need=""; \
	command -v chromium >/dev/null || need="$$need chromium"; \
	command -v msgfmt >/dev/null || need="$$need gettext"; \
	command -v soffice >/dev/null || need="$$need libreoffice-writer-nogui"; \
	command -v pdftoppm >/dev/null || need="$$need poppler-utils"; \
	[ -e /usr/share/fonts/truetype/liberation2 ] || need="$$need fonts-liberation2"; \
	command -v pg_ctlcluster >/dev/null || need="$$need postgresql"; \
	if [ -n "$$need" ]; then \
	  echo "installing Debian packages:$$need"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$need >/dev/null; \
	fi

$(BIN)/python:
	$(PY) -m venv $(VENV)

python-packages: $(BIN)/python ## Python packages from the lock file, then the project itself
	@$(BIN)/pip install -q --upgrade pip >/dev/null
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .

node-packages: ## front-end packages from npm (served locally, never from a CDN)
	@npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p build/vendor/htmx build/vendor/echarts build/vendor/pico
	@cp node_modules/htmx.org/dist/htmx.min.js build/vendor/htmx/
	@cp node_modules/echarts/dist/echarts.min.js build/vendor/echarts/
	@cp node_modules/@picocss/pico/css/pico.min.css build/vendor/pico/

messages: ## compile the translations
	@cd dxmonitor && DJANGO_SETTINGS_MODULE=dxmonitor.settings ../$(BIN)/python ../manage.py compilemessages -v 0

demo: install ## install, build the demo database, serve on http://127.0.0.1:8000 and print the demo logins
	$(BIN)/dxmonitor demo
	$(BIN)/dxmonitor serve --port $(PORT)

serve: ## serve the current database (no rebuild)
	$(BIN)/dxmonitor serve --port $(PORT)

worker: ## run the background job worker
	$(BIN)/dxmonitor worker

postgres: ## make sure the PostgreSQL server on 127.0.0.1:5432 is running
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@pg_isready -h 127.0.0.1 -p 5432

test: install postgres ## the whole suite: SQLite, PostgreSQL, then the browser tests in headless Chromium
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-browser

test-sqlite: ## unit and integration tests on SQLite
	$(BIN)/python -m pytest $(XDIST) -p no:cacheprovider

test-postgres: ## unit and integration tests on PostgreSQL
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(XDIST) -p no:cacheprovider

test-browser: ## browser tests (Playwright driving Debian's Chromium against a served demo)
	$(BIN)/python -m pytest tests/browser -p no:cacheprovider

test-spark: install ## opt-in: the dossier KPIs on Apache Spark (local mode) equal DuckDB's; installs pyspark, needs Java
	@command -v java >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null; }
	$(BIN)/pip install -q "pyspark>=4,<5"
	DXM_SPARK=1 $(BIN)/python -m pytest dxmonitor/services/tests/test_spark.py -p no:cacheprovider -v

lint: ## ruff, mypy, import-linter, untranslated strings, one translation per string across apps
	$(BIN)/ruff check dxmonitor tests bench tools
	$(BIN)/lint-imports
	$(BIN)/mypy dxmonitor
	@for po in $$(find dxmonitor -path '*/locale/vi/LC_MESSAGES/django.po'); do $(BIN)/python tools/po_fill.py $$po --check || exit 1; done
	@$(MAKE) --no-print-directory messages >/dev/null && $(BIN)/python tools/po_clashes.py $$(find dxmonitor -path '*/locale/vi/LC_MESSAGES/django.po')

bench: install ## benchmarks (figures and ratios against the targets of the issues)
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean: ## remove the virtualenv, node_modules and var/
	rm -rf $(VENV) node_modules var test-artifacts
