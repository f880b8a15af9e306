# The commands the README names. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app survey
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt

.PHONY: install install-dev translations run test lint format bench extract-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg requirements/constraints.txt | $(BIN)/python
	$(PIP) -e '.[postgres,redis]'
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) -e '.[postgres,redis,dev]'
	@touch $@

install: $(VENV)/.installed translations

install-dev: $(VENV)/.installed-dev translations

# Compiled catalogs are build output (not in git): compile on every install.
translations: $(VENV)/.installed
	@$(BIN)/pybabel compile --use-fuzzy -d survey/translations

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs '.*' -o survey/translations/messages.pot .
	$(BIN)/pybabel update -i survey/translations/messages.pot -d survey/translations --no-fuzzy-matching

# The local demo is plain HTTP: SURVEY_HTTPS=0 drops Secure cookies and HSTS for it only.
run: install
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty
	$(FLASK) welcome --port $(PORT)
	SURVEY_HTTPS=0 SURVEY_PUBLIC_BASE_URL=http://127.0.0.1:$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-dev
	$(BIN)/pytest -n 2 -p no:cacheprovider

lint: install-dev
	$(BIN)/bandit -q -r survey
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache survey/translations/*/LC_MESSAGES/*.mo
