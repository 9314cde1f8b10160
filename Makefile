# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export LEVEND_DATABASE_URL ?= sqlite:///$(CURDIR)/data/levend.db

.PHONY: run test install install-test lint typecheck pytest browser migrate clean bench messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test browser

## make run: install, migrate the SQLite database under ./data, load the questionnaires,
## seed the demo organisation, print the demo logins and serve on http://127.0.0.1:$(PORT)
run: install
	$(BIN)/levend demo
	$(BIN)/levend serve --host 127.0.0.1 --port $(PORT)

## make test: install what the tests need (Debian's chromium included), then lint,
## type-check and run the whole suite, browser tests included
test: install-test lint typecheck pytest

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/levend lint questionnaires/

typecheck:
	$(BIN)/mypy app

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

migrate: install
	$(BIN)/levend migrate

bench: install-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache

## make messages: extract UI strings and merge them into the Dutch catalogue (then translate)
messages: install-test
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location \
	  --sort-output -o app/i18n/messages.pot .
	$(BIN)/pybabel update -i app/i18n/messages.pot -d app/i18n/locale -l nl --no-fuzzy-matching
