# Two commands on a fresh machine (Python 3.11+):
#   make preview   verify every snippet and claim, then serve the site at http://127.0.0.1:8000/onexone/
#   make test      run every test
# Both create .venv and install the project's dependency groups the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: preview test verify refresh build serve lint clean

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --group dev
	touch $@

preview: verify serve

test: $(VENV)/installed
	$(BIN)/python -m pytest

verify: $(VENV)/installed
	$(BIN)/python -m pytest -m "not browser"

refresh: $(VENV)/installed
	$(BIN)/python -m pytest tests/test_snippets.py --update-recordings -q

build: $(VENV)/installed
	$(BIN)/mkdocs build --strict

serve: $(VENV)/installed
	$(BIN)/mkdocs serve

lint: $(VENV)/installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) site .pytest_cache
