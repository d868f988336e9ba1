"""The floor: one bare Python process that imports Keras and runs every snippet once.

``python bench/floor.py ROOT TIMES.json`` runs ``ROOT/snippets/**/*.py`` (not ``_helpers``) as
``python snippet.py`` would, each in an empty working directory with its output captured, and
writes each snippet's seconds to TIMES.json. No checks, no isolation: the least any verifier
that runs the snippets must spend. Kept free of doccheck and pytest on purpose.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import sys
import tempfile
import time
from pathlib import Path


def main(root: Path, times_file: Path) -> int:
    """Run every snippet under ``root``; 1 if any raised."""
    import keras  # noqa: F401  (the import is part of the floor)

    snippets = sorted(p for p in (root / "snippets").rglob("*.py") if not p.name.startswith("_"))
    times: dict[str, float] = {}
    failed = 0
    home = os.getcwd()
    for path in snippets:
        name = path.relative_to(root / "snippets").with_suffix("").as_posix()
        with tempfile.TemporaryDirectory() as scratch:
            os.chdir(scratch)
            sys.path.insert(0, str(path.parent))
            start = time.perf_counter()
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    runpy.run_path(str(path), run_name="__main__")
            except BaseException as err:  # a snippet may raise anything
                failed += 1
                print(f"{name}: {type(err).__name__}: {err}", file=sys.stderr)
            times[name] = time.perf_counter() - start
            sys.path.remove(str(path.parent))
            os.chdir(home)
    times_file.write_text(json.dumps(times), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2])))
