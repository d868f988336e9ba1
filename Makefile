# Two commands on a fresh machine (Python 3.11+):
#   make preview   verify every snippet and claim, then serve the site at http://127.0.0.1:8000/onexone/
#   make test      run every test (the browser tests skip, saying why, where Chromium is missing)
# Both create .venv and install the dev dependency group from uv.lock the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# uv installs from uv.lock; the first run puts it in the venv from PyPI (`make UV=uv` uses yours).
UV     ?= $(BIN)/uv
export NO_MKDOCS_2_WARNING := 1
# uv: this venv, never a Python it downloads, and the lock's index (PyPI), not pip's settings.
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never

.PHONY: preview test verify browser refresh build build-zensical serve bench standalone lint words lock clean

# A venv with uv in it: all a machine needs beyond Python and make.
define bootstrap
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	command -v $(UV) >/dev/null || $(BIN)/python -m pip install --quiet "uv>=0.13"
endef

# The dev group, exactly as uv.lock pins it (--locked: a uv.lock older than pyproject.toml is an
# error, fixed by `make lock`). --inexact keeps pip and uv, which are not in the lock.
$(VENV)/installed: pyproject.toml uv.lock
	$(bootstrap)
	$(UV) sync --locked --inexact --group dev \
	  || { echo "uv.lock must follow pyproject.toml: run \`make lock\`, then commit uv.lock"; exit 1; }
	touch $@

# After changing a range in pyproject.toml: re-resolve uv.lock (every platform, Python 3.11–3.13).
# A copy of the pipeline without a uv.lock gets one on its first run.
lock uv.lock:
	$(bootstrap)
	$(UV) lock

preview: verify serve

test: $(VENV)/installed
	$(BIN)/python -m pytest --selfcheck

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
	$(UV) sync --locked --inexact --group dev --group bench
	$(BIN)/python -m bench

# Words per page on the main reading path and in the appendix, against the budget.
words: $(VENV)/installed
	$(BIN)/python -m doccheck.words

lint: $(VENV)/installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) site .cache .pytest_cache test-artifacts
