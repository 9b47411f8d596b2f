# The two commands: `make run` serves the app with demo data; `make test` passes the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
export INSTANCE_PATH ?= $(CURDIR)/instance
# Production is the app's default environment; every target here is a developer's, so says so.
export APP_ENV ?= development
DIST := shared/static/dist

.PHONY: install assets run test lint bench soak clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(DIST)/app.css: node_modules/.installed shared/static/scss/app.scss
	mkdir -p $(DIST)
	npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps --no-error-css \
		shared/static/scss/app.scss $@

$(DIST)/govuk-frontend.min.js: node_modules/.installed
	mkdir -p $(DIST)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

assets: $(DIST)/app.css $(DIST)/govuk-frontend.min.js

install: $(STAMP) assets

run: install
	$(FLASK) db upgrade
	$(FLASK) reference load
	$(FLASK) demo accounts --file $(INSTANCE_PATH)/demo-accounts.txt
	$(FLASK) demo load
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C to stop)"
	$(FLASK) run --host 127.0.0.1 --port 5000

# SQLite always; PostgreSQL too when DATABASE_URL names one (a disposable *test* database).
# TEST_NOW=2027-03-01T00:30 (London time) runs the suite, and the servers it starts, at that moment.
export TEST_NOW
test: install
	@echo "=== Tests on SQLite ==="
	TEST_DATABASE_URL= $(BIN)/pytest $(PYTEST_ARGS)
	@case "$$DATABASE_URL" in \
	  postgres*) echo "=== Tests on PostgreSQL ($$DATABASE_URL) ===" && \
	    TEST_DATABASE_URL="$$DATABASE_URL" $(BIN)/pytest $(PYTEST_ARGS) ;; \
	  *) echo "PostgreSQL is not configured (DATABASE_URL unset): the tests ran on SQLite only." ;; \
	esac

lint: $(STAMP)
	$(BIN)/ruff check .

# Every benchmark, or some: make bench BENCH="intake pages". See docs/performance.md.
bench: install
	$(BIN)/python -m tests.bench $(BENCH)

# 50 simulated users (officers, coordinators, partners) for 60 s on 127.0.0.1; not part of test.
soak: install
	$(BIN)/python -m tests.bench.soak

clean:
	rm -rf $(VENV) node_modules $(DIST) .pytest_cache .ruff_cache
