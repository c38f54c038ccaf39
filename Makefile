# Two entry points for a fresh machine: `make run` and `make test`.
# Needs Python 3.11, Node.js with npm, and gettext (msgfmt).

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
BIND ?= 127.0.0.1:2002

.PHONY: run test install install-dev assets messages migrate collectstatic lint bench clean

$(VENV)/.installed: requirements/base.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.txt
	$(PIP) install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json
	npm run --silent build

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

migrate: install
	$(PY) manage.py migrate --noinput

collectstatic: install assets
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: install messages assets collectstatic migrate
	@echo "ytmt on http://$(BIND)/ (first visit opens the setup page)"
	GUNICORN_BIND=$(BIND) $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py ytmt.wsgi:application

test: install-dev messages assets collectstatic
	$(PY) manage.py makemigrations --check --dry-run sync
	$(PY) manage.py check --deploy --fail-level ERROR
	$(VENV)/bin/ruff check .
	# Browser tests run in their own process: pytest-django's live server
	# thread lives for the whole session and must not share the database
	# connection that the scheduler tests move to a file.
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install-dev
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
