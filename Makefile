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

.PHONY: preview test verify browser refresh build build-zensical serve bench standalone lint words lock clean matrix

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

# The article's tests, then the checker's own (tool/tests, where the checker lives: a site that
# installs the checker instead has no tool/). Lint too: a ruff rule broken inside a snippet must
# not pass here and fail only in CI.
test: $(VENV)/installed
	$(BIN)/python -m pytest --selfcheck
	if [ -d tool/tests ]; then $(BIN)/python -m pytest tool/tests; fi
	$(MAKE) --no-print-directory lint

# The writer's fast run: the article's pages, snippets, claims, census of the one built site,
# figures, words and identity; not the browser, not the checker's tests, and not the `selfcheck`
# tests (the checker on broken copies, the Zensical builds), which `make test` and CI run.
verify: $(VENV)/installed
	$(BIN)/python -m pytest -m "not browser"

# The site in headless Chromium (Debian's: apt-get install chromium); screenshots of failures
# land in test-artifacts/browser/.
browser: $(VENV)/installed
	$(BIN)/python -m pytest -m browser

# The backend matrix: the whole article and the checker's own tests on JAX and on PyTorch (CPU),
# against the same recordings (TensorFlow's); a backend that passes whole joins the pages' stamp.
# Each gets a venv made by pip: uv.lock's verify group without TensorFlow, plus the backend,
# which no lock holds (`make test` and CI's main job never install either). `make matrix
# BACKEND=torch` runs one. MATRIX_PIP_<backend>: pip options for the backend alone; CI takes
# torch from https://download.pytorch.org/whl/cpu (PyPI's Linux torch is a CUDA build of GBs).
BACKEND ?= jax torch
MATRIX_jax ?= jax[cpu]==0.10.2
MATRIX_torch ?= torch==2.13.0

.venv-%/installed: pyproject.toml uv.lock
	$(bootstrap)
	test -x .venv-$*/bin/python || $(PYTHON) -m venv .venv-$*
	$(UV) export --locked --only-group verify --no-emit-project --no-hashes --no-header --quiet \
	  --no-emit-package tensorflow --no-emit-package tensorflow-cpu -o .venv-$*/verify.txt
	.venv-$*/bin/python -m pip install --quiet -r .venv-$*/verify.txt
	.venv-$*/bin/python -m pip install --quiet $(MATRIX_PIP_$*) "$(MATRIX_$*)"
	touch $@

matrix: $(foreach b,$(BACKEND),.venv-$(b)/installed)
	for b in $(BACKEND); do \
	  DOCCHECK_BACKEND=$$b .venv-$$b/bin/python -m pytest -m "not browser" --record-backend \
	    -o cache_dir=.venv-$$b/.pytest_cache || exit 1; \
	  if [ -d tool/tests ]; then DOCCHECK_BACKEND=$$b .venv-$$b/bin/python -m pytest tool/tests \
	    -o cache_dir=.venv-$$b/.pytest_cache-tool || exit 1; fi; \
	done

# Every snippet as a reader runs it: its own interpreter, warnings as errors (about a minute).
standalone: $(VENV)/installed
	$(BIN)/python -m doccheck.standalone

refresh: $(VENV)/installed
	$(BIN)/python -m pytest snippets --update-recordings -q

build: $(VENV)/installed
	$(BIN)/mkdocs build --strict

# The same mkdocs.yml built by Zensical, Material's successor, into the same site/.
build-zensical: $(VENV)/installed
	rm -rf site && $(BIN)/zensical build --strict

# Rebuilds only what an edit touches (about half a second); never imports TensorFlow. The
# doccheck plugin previews: pages whose included files changed rebuild, problems are marked.
# Beside it a warm worker (Keras imported once) runs each saved snippet, so marks follow the
# code with no command typed; it stops when the server does (a worker already up is kept).
serve: $(VENV)/installed
	$(BIN)/python -m doccheck worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM; \
	$(BIN)/mkdocs serve --dirty

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
	rm -rf $(VENV) .venv-jax .venv-torch site .cache .pytest_cache test-artifacts
