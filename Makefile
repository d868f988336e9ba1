# Two commands on a fresh machine (Python 3.11+):
#   make preview   verify every snippet and claim, then serve the site at http://127.0.0.1:8000/onexone/
#   make test      run every test (the browser tests skip, saying why, where Chromium is missing)
# Both create .venv and install the project's dependency groups the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: preview test verify browser refresh build build-zensical serve bench standalone lint words clean

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

# The site in headless Chromium (Debian's: apt-get install chromium); screenshots of failures
# land in test-artifacts/browser/.
browser: $(VENV)/installed
	$(BIN)/python -m pytest -m browser

# Every snippet as a reader runs it: its own interpreter, warnings as errors (about a minute).
standalone: $(VENV)/installed
	$(BIN)/python -m doccheck.standalone

refresh: $(VENV)/installed
	$(BIN)/python -m pytest tests/test_snippets.py --update-recordings -q

build: $(VENV)/installed
	$(BIN)/mkdocs build --strict

# The same mkdocs.yml built by Zensical, Material's successor, into the same site/.
build-zensical: $(VENV)/installed
	rm -rf site && $(BIN)/zensical build --strict

# Rebuilds only what an edit touches (about half a second); never imports TensorFlow.
serve: $(VENV)/installed
	$(BIN)/mkdocs serve --dirty -f mkdocs-preview.yml

# Speed against the floor, a build-time-execution peer, preview latency and growth (bench/).
bench: $(VENV)/installed
	$(BIN)/python -m pip install --quiet --group bench
	$(BIN)/python -m bench

# Words per page on the main reading path and in the appendix, against the budget.
words: $(VENV)/installed
	$(BIN)/python -m doccheck.words

lint: $(VENV)/installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) site .cache .pytest_cache test-artifacts
