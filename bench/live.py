"""``python -m bench.live``: live verification, cold and with a warm worker, against the import.

On a scratch one-page site whose snippet builds a small Keras model, prints (medians with their
min-max over ``--reps`` repetitions, each against ``python -c "import keras"`` measured in the
same run, interleaved with it):

- ``doccheck run``, ``suggest`` and ``fix --dry-run`` on the page, cold (no worker answers);
- the same, warm (``python -m doccheck worker`` started once, beside them);
- save-to-mark in the preview: ``mkdocs serve --dirty`` with the plugin and the worker, the
  snippet's value edited and saved, the served page fetched until its mark appears (or goes)
  and its "checking s.py…" status is gone; and save-to-status, until that status shows;
- the runs five saves within a tenth of a second give (debounced: one).

Issue 23's targets: 1.5 s from save to mark for a snippet that runs in under half a second,
and the same for the warm commands. Nothing in the repository is written.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.stats import ENV, PYTHON, Sample, ratio, table, timed
from doccheck.serving import SITE_CONFIG, mkdocs_serve, until

TARGET = 1.5  # seconds, issue 23
PAGE = """\
# P

It has 8<!-- s: n --> weights for 48 inputs.

```python
--8<-- "snippets/p/s.py"
```
"""
# ``filters`` 2 gives the 8 weights the page claims, 3 gives 12: the claim is marked wrong.
SNIPPET = """\
import keras

model = keras.Sequential([keras.Input((4, 4, 3)), keras.layers.Conv2D({filters}, 1)])
n = model.count_params()
print(n)
saved = {edit}
"""
MARK = re.compile(r'<mark class="doccheck" title="[^"]*">')
STATUS = 'class="admonition info doccheck-status" role="status"'  # "checking s.py…"
RAN = "ran snippets/p/s.py in the warm worker"  # the preview's log line for each run
IMPORT = [PYTHON, "-c", "import keras"]
COMMANDS = {
    "doccheck run": ["run", "docs/p.md"],
    "doccheck suggest": ["suggest", "docs/p.md"],
    "doccheck fix --dry-run": ["fix", "--dry-run", "docs/p.md"],
}


def make_site(root: Path) -> Path:
    """The one-page site in ``root``: a claim of 8 weights and the snippet that gives them."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "p.md").write_text(PAGE, "utf-8")
    (root / "snippets" / "p").mkdir(parents=True)
    (root / "snippets" / "p" / "s.py").write_text(SNIPPET.format(filters=2, edit=0), "utf-8")
    (root / "mkdocs.yml").write_text(SITE_CONFIG, "utf-8")
    return root


def doccheck(root: Path, args: list[str], edit: int) -> float:
    """Seconds ``python -m doccheck ARGS`` on the site at ``root``, its snippet just edited.

    The edit (``saved = edit``, a new line) makes every command run the snippet, as after a
    writer's save. The exit status is not checked: ``fix --dry-run`` reports what it would do.
    """
    snippet = root / "snippets" / "p" / "s.py"
    snippet.write_text(SNIPPET.format(filters=2, edit=edit), "utf-8")
    seconds, _ = timed([PYTHON, "-m", "doccheck", *args], root, check=False)
    return seconds


@contextmanager
def worker(root: Path) -> Iterator[float]:
    """A warm worker for ``root``, once it answers; yields the seconds it took to answer."""
    from doccheck.layout import Project
    from doccheck.worker import connect

    env = {**ENV, "DOCCHECK_ROOT": str(root)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-m", "doccheck", "worker"], cwd=root, env=env, stderr=subprocess.DEVNULL
    )
    try:
        while (answer := connect(Project(root))) is None:
            if process.poll() is not None:
                raise RuntimeError(f"the worker ended ({process.returncode}) before answering")
            if time.perf_counter() - start > 300:
                raise RuntimeError("the worker never answered")
            time.sleep(0.05)
        answer.close()
        yield time.perf_counter() - start
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure_preview(root: Path, latencies: Sample, shown: Sample, edits: int) -> int:
    """Add ``edits`` save-to-mark and save-to-status latencies under ``mkdocs serve --dirty``.

    A worker runs. Then saves the snippet five times within a tenth of a second: returns how
    many runs that gave (debounced: one).
    """
    snippet = root / "snippets" / "p" / "s.py"
    log = root / "serve.log"
    with mkdocs_serve(root, log, env=ENV) as (address, _):
        url = address + "p/"
        until(url, lambda page: "It has 8" in page and not MARK.search(page), "showed the claim")
        for edit in range(edits):
            wrong = edit % 2 == 0  # alternately break the claim and mend it
            time.sleep(1.1)  # the snippet's new time must be later than the page's build
            start = time.perf_counter()
            snippet.write_text(SNIPPET.format(filters=3 if wrong else 2, edit=edit), "utf-8")
            until(url, lambda page: STATUS in page, "showed the run in progress", 120, log=log)
            shown.add(time.perf_counter() - start)
            what = "marked the claim" if wrong else "dropped the mark"

            def settled(page: str, wrong: bool = wrong) -> bool:
                return bool(MARK.search(page)) == wrong and STATUS not in page

            until(url, settled, what, 120, log=log)
            latencies.add(time.perf_counter() - start)
        time.sleep(1.1)
        before = log.read_text("utf-8").count(RAN)
        for edit in range(edits, edits + 5):
            snippet.write_text(SNIPPET.format(filters=2, edit=edit), "utf-8")
            time.sleep(0.02)
        until(url, lambda page: STATUS in page, "showed the run in progress", 120, log=log)
        until(url, lambda page: STATUS not in page, "ended the run", 120, log=log)
        burst = log.read_text("utf-8").count(RAN) - before
    snippet.write_text(SNIPPET.format(filters=2, edit=0), "utf-8")
    return burst


def main() -> None:
    """Measure and print; see ``--help``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.live", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions (3)")
    parser.add_argument("--edits", type=int, default=6, help="preview edits (6)")
    args = parser.parse_args()
    imports = Sample()
    cold = {name: Sample() for name in COMMANDS}
    warm = {name: Sample() for name in COMMANDS}
    preview, status = Sample(), Sample()
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        root = make_site(Path(tmp))
        ENV["DOCCHECK_ROOT"] = str(root)  # every measured process checks the scratch site
        edits = iter(range(1, 1000))  # each command's snippet differs from the last one's
        doccheck(root, COMMANDS["doccheck run"], 0)  # untimed: the caches a writer has
        for _ in range(args.reps):
            imports.add(timed(IMPORT, root)[0])
            for name, command in COMMANDS.items():
                cold[name].add(doccheck(root, command, next(edits)))
        with worker(root) as started:
            for _ in range(args.reps):
                for name, command in COMMANDS.items():
                    warm[name].add(doccheck(root, command, next(edits)))
            burst = measure_preview(root, preview, status, args.edits)
    rows = [['python -c "import keras"', str(imports), "1.00", ""]]
    for name in COMMANDS:
        rows.append([f"{name}, cold", str(cold[name]), ratio(cold[name], imports), ""])
    for name in COMMANDS:
        met = "yes" if warm[name].median <= TARGET else "NO"
        rows.append([f"{name}, warm", str(warm[name]), ratio(warm[name], imports), met])
    rows.append(['preview: save to "checking…", warm', str(status), ratio(status, imports), ""])
    met = "yes" if preview.median <= TARGET else "NO"
    rows.append(["preview: save to mark, warm", str(preview), ratio(preview, imports), met])
    print(table(rows, ["", "seconds", "/ import keras", f"<= {TARGET} s"]))
    print(f"(five saves within 0.1 s gave {burst} run(s) in the worker: debounced)")
    print(f"(the worker answered {started:.1f} s after it started; no worker: the preview runs no")
    print(" snippet, so a saved snippet's marks change only after `doccheck run`)")


if __name__ == "__main__":
    main()
