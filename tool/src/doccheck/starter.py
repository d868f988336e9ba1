"""``doccheck init``: a new site in an empty folder, checked from its first page and green in CI.

It writes what a site needs to be checked, built and published: ``pyproject.toml`` with the
``[tool.doccheck]`` table (which is how the command, the pytest plugin and the project discovery
know the folder is a site) and the site's dependencies, ``mkdocs.yml`` naming the plugin, one
page with claimed numbers and a formula, the snippet that computes them and its recorded output,
a ``Makefile`` with the README's two commands, ``.ci/run`` and a GitHub workflow that runs them,
a README and a ``.gitignore``. The snippet imports nothing: the first run takes seconds.
Every page ends with the stamp the versions file says (``doccheck.versions``), written here
with the versions installed now, so that the first build and ``make test`` pass with it.

The math is typeset at build time with the package's KaTeX (the MkDocs plugin). ``--math``
also writes KaTeX and its options into ``docs/`` and names them in ``mkdocs.yml``, for a builder
that runs no MkDocs plugin (Zensical), where ``docs/javascripts/katex.js`` typesets in the
browser. It overwrites nothing: a folder holding any of those files is refused, with their names.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from doccheck import versions

ASSETS = Path(__file__).parent / "assets"
EXECUTABLE = {".ci/run"}

MAKEFILE = """\
# Two commands (Python 3.11+ and make):
#   make preview   check every snippet and claim, then serve the site at http://127.0.0.1:8000/
#   make test      the same checks with the census of the built site, a strict build, and lint
# Both create $(VENV) with pyproject.toml's dependencies the first time.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: preview test verify build serve lint clean

# The site is not a package to install: its dependencies are, as pyproject.toml lists them.
$(VENV)/installed: pyproject.toml
\ttest -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
\t$(BIN)/python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))\\
\t['project']['dependencies'], sep='\\n')" > $(VENV)/requirements.txt
\t$(BIN)/python -m pip install --quiet -r $(VENV)/requirements.txt
\ttouch $@

preview: verify serve

# CI runs this (.ci/run): nothing here serves.
test: verify build lint

# Every page, snippet and claim, and the census of the site MkDocs builds (the doccheck plugin).
verify: $(VENV)/installed
\t$(BIN)/python -m pytest

build: $(VENV)/installed
\t$(BIN)/mkdocs build --strict

# Rebuilds what an edit touches; marks the checker's problems on each page. Beside it a warm
# worker (Keras imported once) runs each saved snippet, so marks follow the code with no command
# typed; it stops when the server does (a worker already up is kept).
serve: $(VENV)/installed
\t$(BIN)/python -m doccheck worker & worker=$$!; \\
\ttrap 'kill $$worker 2>/dev/null || true' EXIT INT TERM; \\
\t$(BIN)/mkdocs serve --dirty

lint: $(VENV)/installed
\t$(BIN)/ruff check .
\t$(BIN)/ruff format --check .

clean:
\trm -rf $(VENV) site .pytest_cache .ruff_cache
"""

WORKFLOW = """\
name: docs

on:
  push:
  pull_request:

# Read-only for every run, pull requests included; the deploy job alone may publish.
permissions:
  contents: read

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: .ci/run
      - uses: actions/upload-pages-artifact@v3
        if: github.event_name == 'push' && github.ref == 'refs/heads/main'
        with:
          path: site

  # Publishes main on GitHub Pages once the repository has Pages on (Settings, Pages, Source:
  # GitHub Actions) and the repository variable PAGES set to true: until then it is skipped,
  # so that the first push is green.
  deploy:
    needs: test
    if: github.event_name == 'push' && github.ref == 'refs/heads/main' && vars.PAGES == 'true'
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

MKDOCS = """\
site_name: {name}

# The census of the built site reads Material's pages (Zensical builds the same).
theme:
  name: material
  font: false  # system fonts: no request to Google Fonts

plugins:
  - search
  # Checks nothing at build time: typesets the math with the package's KaTeX, and under
  # `mkdocs serve` marks the checker's problems on each page.
  - doccheck{plugin_options}

markdown_extensions:
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.snippets:
      base_path: ["."]  # build from this folder
      check_paths: true  # a missing file or section fails the build
      # "Verified with ... · date" at the end of every page: `doccheck fix` rewrites it with
      # recorded/VERSIONS.json when a recording changes (init writes both). Zensical too.
      auto_append:
        - recorded/stamp.md
{browser_math}
# MkDocs watches docs/ only; the pages include these.
watch:
  - snippets
  - recorded
"""
# --math: the files under docs/, named for the plugin and for a builder without plugins.
MATH_OPTIONS = """:
      katex: assets/katex/katex.min.js
      katex_options: javascripts/katex.js"""
BROWSER_MATH = """
# KaTeX's styles, and the script that typesets where no plugin did (Zensical).
extra_css:
  - assets/katex/katex.min.css
extra_javascript:
  - javascripts/katex.js
"""

FILES = {
    "pyproject.toml": """\
[project]
name = "{name}"
version = "0.1.0"
requires-python = ">=3.11"
# The checker (its version: see its CHANGELOG before raising it), the tests, lint; then the
# libraries the snippets import.
dependencies = ["docverify=={docverify}", "mkdocs-material>=9.5,<10", "pytest>=8", "ruff>=0.6"]

[tool.ruff]
# Ruff formats Python fences in Markdown, and would mangle the `--8<--` include lines.
extend-exclude = ["*.md"]

# Makes this folder a site for `doccheck` and its pytest plugin. names: texts whose digits
# are a name, not a value; versioned: words followed by a version ("Python 3").
[tool.doccheck]
names = []
versioned = ["Python"]
""",
    "mkdocs.yml": MKDOCS,
    "docs/index.md": """\
# {name}

A dense layer from 3<!-- example: inputs --> inputs to 2<!-- example: outputs --> outputs has
8<!-- example: weights --> weights: one per input and output, and one bias per output,

$$
3 \\cdot 2 + 2 = \\claim{example: weights}{8}
$$

```python
--8<-- "snippets/index/example.py"
```

It prints:

```text
--8<-- "recorded/index/example.txt"
```
""",
    "snippets/index/example.py": """\
inputs, outputs = 3, 2
weights = inputs * outputs + outputs
print(weights)
""",
    "recorded/index/example.txt": "8\n",
    "Makefile": MAKEFILE,
    ".ci/run": """\
#!/usr/bin/env bash
# CI: the README's test command (checks, census, strict build, lint); it serves nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
make test
""",
    ".github/workflows/docs.yml": WORKFLOW,
    "README.md": """\
# {name}

Every code example runs and every number the pages claim is checked against what the code
computes ([docverify](https://pypi.org/project/docverify/)). Two commands, with Python 3.11+:

```bash
make preview   # check every snippet and claim, then serve the site at http://127.0.0.1:8000/
make test      # the checks, the census of the built site, a strict build, and lint (CI)
```

- `docs/`: the pages. A claim is a number followed by a comment naming a snippet and an
  expression: `8<!-- example: weights -->`; in a formula, `\\claim{example: weights}{8}`.
- `snippets/<page>/<name>.py`: the code, shown with `--8<-- "snippets/<page>/<name>.py"`.
- `recorded/`: what each snippet prints; `doccheck fix` rewrites a stale one.
""",
    ".gitignore": ".venv/\nsite/\n.pytest_cache/\n.ruff_cache/\n__pycache__/\n",
}


def _docverify() -> str:
    try:
        return version("docverify")
    except PackageNotFoundError:  # a checkout run without installing it
        return "0.1.0"


def math_files() -> dict[str, Path]:
    """What ``--math`` copies under docs/: KaTeX (its licence too) and its options."""
    katex = ASSETS / "katex"
    found = [p for p in sorted(katex.rglob("*")) if p.is_file()]
    files = {f"docs/assets/katex/{p.relative_to(katex).as_posix()}": p for p in found}
    files["docs/javascripts/katex.js"] = ASSETS / "javascripts" / "katex.js"
    return files


def stamp_files() -> dict[str, str]:
    """The versions file and the pages' stamp, as a refresh would write them today."""
    now = {**versions.installed(), "date": datetime.datetime.now(datetime.UTC).date().isoformat()}
    return {
        f"recorded/{versions.VERSIONS}": json.dumps(now, indent=2) + "\n",
        f"recorded/{versions.STAMP}": versions.stamp_text(now),
    }


def init(folder: Path, math: bool = False) -> list[Path]:
    """Write a starter site into ``folder``; the files written.

    Raises FileExistsError, naming them, if any of the files is there already.
    """
    copies = math_files() if math else {}
    stamp = stamp_files()
    there = [folder / name for name in [*FILES, *stamp, *copies] if (folder / name).exists()]
    if there:
        names = ", ".join(p.as_posix() for p in there)
        raise FileExistsError(f"{names}: already there; doccheck init writes into a new folder")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.resolve().name).strip("-.") or "site"
    values = {
        "{name}": name,
        "{docverify}": _docverify(),
        "{plugin_options}": MATH_OPTIONS if math else "",
        "{browser_math}": BROWSER_MATH if math else "",
    }
    written = []
    for relative, text in FILES.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        for key, value in values.items():
            text = text.replace(key, value)
        path.write_text(text, "utf-8")
        if relative in EXECUTABLE:
            path.chmod(0o755)
        written.append(path)
    for relative, text in stamp.items():
        (folder / relative).write_text(text, "utf-8")
        written.append(folder / relative)
    for relative, source in copies.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        written.append(path)
    return written
