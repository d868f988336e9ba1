"""A new site adopts the checker from its wheel alone, as the README says (CI runs this).

The wheel built from ``tool/`` is installed in a clean venv (pip, from the local file: not an
editable install, so the wheel must carry its KaTeX); in an empty folder ``doccheck init``, then
the README's test command ``make test`` (the checks, the census, ``mkdocs build --strict``,
lint: the preview's non-serving half), must pass. Then a planted wrong number must fail
``make verify`` naming ``docs/index.md`` and its line, and the built HTML must carry no trace of
the article, and each page must end with the versions stamp. Prints the wall time from the
empty folder to the green run.

Usage: ``python .ci/adopt.py [SCRATCH]`` (a temporary folder by default). Standard library only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Words, names and palette colours of the article that no starter site may show.
TRACES = re.compile(
    r"onexone|1x1|1×1|pointwise|convolution|#00696f|#2b8a8f|#004c51|#a64200|#ffab70|teal",
    re.I,
)
CLAIM = "8<!-- example: weights -->"


def run(args: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> str:
    """``args`` in ``cwd``; its output; on a failure (with ``check``) the output and exit 1."""
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    said = done.stdout + done.stderr
    if check and done.returncode != 0:
        sys.exit(f"adoption: `{' '.join(args)}` failed in {cwd}:\n{said[-6000:]}")
    return said


def uv() -> str:
    """The uv of this interpreter's venv (make bootstraps it there), else from PATH."""
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        sys.exit("adoption: uv is not installed (`make` bootstraps it into .venv)")
    return found


def adopt(scratch: Path) -> None:
    """Every step of the adoption in ``scratch``; exits with a message at the first failure."""
    # Nothing of this checkout may leak in: no PYTHONPATH onto tool/src, no project named.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "DOCCHECK_ROOT", "VIRTUAL_ENV") and not k.startswith("PYTEST_")
    }
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["UV_PYTHON_DOWNLOADS"] = "never"
    dist, venv, site = scratch / "dist", scratch / "venv", scratch / "site"
    run([uv(), "build", str(ROOT / "tool"), "--wheel", "-o", str(dist)], ROOT, env)
    (wheel,) = dist.glob("docverify-*.whl")
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", str(venv)], scratch, env)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], ROOT, env)
    print(f"adoption: {wheel.name} installed in a clean venv")

    start = time.perf_counter()
    site.mkdir()
    run([str(venv / "bin" / "doccheck"), "init"], site, env)
    make = ["make", f"VENV={venv}"]
    run([*make, "test"], site, env)
    elapsed = time.perf_counter() - start
    print(f"adoption: from an empty folder to a green `make test`: {elapsed:.0f} s")

    page = site / "docs" / "index.md"
    text = page.read_text("utf-8")
    line = 1 + text.split(CLAIM, 1)[0].count("\n")
    page.write_text(text.replace(CLAIM, "9" + CLAIM[1:], 1), "utf-8")
    said = run([*make, "verify"], site, env, check=False)
    expected = f"docs/index.md:{line}: claims 9 for index/example: weights, the snippet gives 8"
    tail = said[-6000:]
    if expected not in said:
        sys.exit(f"adoption: a planted wrong number did not fail with {expected!r}:\n{tail}")
    page.write_text(text, "utf-8")
    print(f"adoption: a planted wrong number fails: {expected}")

    built = sorted((site / "site").rglob("*.html"))
    if not built:
        sys.exit("adoption: `make test` built no HTML in site/")
    traces = {
        f"{p.relative_to(site)}: {m.group(0)}"
        for p in built
        for m in TRACES.finditer(p.read_text("utf-8"))
    }
    if traces:
        sys.exit("adoption: the new site shows the article's traces:\n" + "\n".join(sorted(traces)))
    home = (site / "site" / "index.html").read_text("utf-8")
    if 'class="katex' not in home:
        sys.exit("adoption: the starter page's formula was not typeset by the packaged KaTeX")
    if 'class="verified-with"' not in home:
        sys.exit("adoption: the starter page does not end with the versions stamp")
    print(
        f"adoption: {len(built)} built pages, no trace of the article; the formula typeset, "
        "the stamp at the end"
    )


def main() -> None:
    """Adopt in the folder named on the command line, or in a temporary one."""
    if len(sys.argv) > 1:
        scratch = Path(sys.argv[1]).resolve()
        scratch.mkdir(parents=True, exist_ok=True)
        adopt(scratch)
        return
    with tempfile.TemporaryDirectory(prefix="adoption-") as scratch:
        adopt(Path(scratch))


if __name__ == "__main__":
    main()
