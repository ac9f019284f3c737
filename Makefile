# The README's two commands: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# make test runs the suite in this many processes (each with its own test database).
TEST_PROCESSES ?= 2

.PHONY: run test lint format messages bench setup demo-remove db-stop clean help

help:
	@echo "make run    install, migrate, load reference and demo data, serve http://$(HOST):$(PORT)"
	@echo "make test   install and run the whole test suite"
	@echo "make lint   ruff (check + format) and djade"

$(BIN)/.installed: requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ").")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

setup: $(BIN)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) load_reference_data
	$(MANAGE) load_demo_data --if-empty
	$(MANAGE) create_demo_accounts --if-missing

# The web server and the mail worker together; Ctrl-C stops both. Mail is printed here unless
# EMAIL_HOST is set.
run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop). To make an admin: $(MANAGE) createsuperuser"
	@$(MANAGE) run_mail_worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(BIN)/.installed
	$(BIN)/pytest -n $(TEST_PROCESSES)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djade --check $$(find templates -name '*.html')

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djade $$(find templates -name '*.html')

# Needs GNU gettext (xgettext, msgfmt): a developer tool, not needed to run or test.
messages: $(BIN)/.installed
	$(MANAGE) makemessages --no-location --no-obsolete -l fr -l de -l it --ignore=.venv --ignore=.pgdata --ignore=tests
	$(MANAGE) compilemessages --ignore=.venv

# 100,000 demo groups in a separate database, gunicorn, wrk (apt-get install wrk).
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

demo-remove: $(BIN)/.installed
	$(MANAGE) load_demo_data --remove

db-stop: $(BIN)/.installed
	$(BIN)/python -c 'from selfhelp import devdb; devdb.stop()'

clean: db-stop
	rm -rf $(VENV) .pgdata staticfiles
