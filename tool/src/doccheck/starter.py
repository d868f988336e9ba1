"""``doccheck init``: a new site in an empty folder, checked from its first page.

It writes the least a site needs to build with MkDocs and be checked: ``pyproject.toml`` with
the ``[tool.doccheck]`` table (which is how the command, the pytest plugin and the project
discovery know the folder is a site), ``mkdocs.yml`` naming the plugin, one page with one
claimed number, the snippet that computes it and its recorded output. It overwrites nothing:
a folder holding any of those files is refused, with their names.
"""

from __future__ import annotations

import re
from pathlib import Path

# The math needs the site's own KaTeX (the plugin's `katex` option): none here, so it is off.
FILES = {
    "pyproject.toml": """\
[project]
name = "{name}"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

# Makes this folder a site for `doccheck` and its pytest plugin. names: texts whose digits
# are a name, not a value (such as "1x1"); versioned: words followed by a version ("Python 3").
[tool.doccheck]
names = []
versioned = ["Python"]
""",
    "mkdocs.yml": """\
site_name: {name}

plugins:
  - search
  # Checked preview under `mkdocs serve`; math: true needs KaTeX under docs/ (README).
  - doccheck:
      math: false

markdown_extensions:
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: ["."]  # build from this folder
      check_paths: true  # a missing file or section fails the build

# MkDocs watches docs/ only; the pages include these.
watch:
  - snippets
  - recorded
""",
    "docs/index.md": """\
# {name}

A dense layer from 3<!-- example: inputs --> inputs to 2<!-- example: outputs --> outputs has
8<!-- example: weights --> weights: one per input and output, and one bias per output.

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
}


def init(folder: Path) -> list[Path]:
    """Write a starter site into ``folder``; the files written.

    Raises FileExistsError, naming them, if any of the files is there already.
    """
    there = [folder / name for name in FILES if (folder / name).exists()]
    if there:
        names = ", ".join(p.as_posix() for p in there)
        raise FileExistsError(f"{names}: already there; doccheck init writes into a new folder")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.resolve().name).strip("-.") or "site"
    written = []
    for relative, text in FILES.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{name}", name), "utf-8")
        written.append(path)
    return written
