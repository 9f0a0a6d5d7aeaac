# Two commands: `make run` serves the demo city, `make test` passes the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# One worker per core (pytest-xdist); a TestCase class stays on one worker, so its setUpTestData
# runs once. PYTEST_WORKERS=0 runs everything in this process. The units keep pytest-django's
# order (every TestCase before the transactional tests that flush the database): no reorder.
PYTEST_WORKERS ?= auto

.PHONY: run test setup system-packages lint lint-python lint-templates typecheck migrations-check deploy-check bench bench-surge clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
	$(BIN)/pip install --quiet -e '.[dev]' 2>&1 | grep -v '^WARNING: Location' || true
	$(BIN)/python -c 'import django, sudachipy, django_tasks_db'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end files come from npm packages, copied into static/vendor (never committed, never a CDN).
static/vendor/.copied: node_modules/.installed
	mkdir -p static/vendor/design-tokens static/vendor/axe-core static/vendor/leaflet
	cp node_modules/@digital-go-jp/design-tokens/dist/tokens.css static/vendor/design-tokens/
	cp node_modules/axe-core/axe.min.js static/vendor/axe-core/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images static/vendor/leaflet/
	mkdir -p static/vendor/leaflet.markercluster
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css static/vendor/leaflet.markercluster/
	mkdir -p static/vendor/cytoscape
	cp node_modules/cytoscape/dist/cytoscape.min.js static/vendor/cytoscape/
	touch $@

# Debian packages the suite needs (a real browser, fast PDF font subsetting, PDF to image).
system-packages:
	@bash scripts/system-packages.sh

setup: $(BIN)/.installed static/vendor/.copied system-packages
	mkdir -p var/staticfiles

run: setup
	$(BIN)/sasaeai migrate --noinput
	$(BIN)/sasaeai demo --if-empty
	$(BIN)/sasaeai serve 127.0.0.1:8000

test: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope --no-loadscope-reorder $(PYTEST_ARGS)

# Benchmarks (never in CI): S and M on SQLite and PostgreSQL; `make bench BENCH="S M L"` adds L.
BENCH ?= S M
bench: setup
	command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.run $(BENCH)

# A public surge on the demo city (issue #20): 64 connections on the print PDF, search and place
# pages for 30 s, the staff login page timed meanwhile (bench/surge.py).
bench-surge: setup
	command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.surge

lint: lint-python lint-templates

lint-python: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Templates are linted, never reformatted; the rules chosen are in pyproject.toml [tool.djlint].
lint-templates: $(BIN)/.installed
	$(BIN)/djlint templates sasaeai --lint

typecheck: $(BIN)/.installed
	$(BIN)/mypy sasaeai config

migrations-check: $(BIN)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

deploy-check: $(BIN)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=sasaeai.example.jp $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules static/vendor var/staticfiles var/test-templates
