"""``python -m bench``: verification against its floor, the build against a peer, previews.

Prints, from repetitions that interleave everything compared (the order shuffled each time):

1. ``pytest -m "not browser"`` against the floor (``bench/floor.py``), with a per-snippet table;
2. ``mkdocs build`` against the same pages built with markdown-exec executing the snippets;
3. the latency from saving a prose edit to the rebuilt page under ``mkdocs serve``;
4. how verification grows with the number of snippets, with and without ``pytest -n auto``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.growth import make_tree
from bench.peer import make_peer
from bench.scratch import ROOT
from bench.serve import HEAVY, measure_serve
from bench.stats import PYTHON, Sample, ratio, table, timed
from doccheck.lastrun import cache_folder, load

FLOOR = [PYTHON, str(ROOT / "bench" / "floor.py")]
# -p no:xdist: the bench group installs pytest-xdist; a writer's `make verify` runs without it.
VERIFY = [PYTHON, "-m", "pytest", "-m", "not browser", "-q", "-p", "no:xdist"]
# Every test's setup, call and teardown time, summed per file for the breakdown.
DURATIONS = ["--durations=0", "--durations-min=0"]
_DURATION = re.compile(r"^([\d.]+)s (?:setup|call|teardown)\s+(\S+?)::", re.M)
XDIST = [PYTHON, "-m", "pytest", "-m", "not browser", "-q", "-n", "auto"]


def mkdocs_build(site: Path, *python_options: str) -> list[str]:
    """A plain ``mkdocs build`` (run in the project) into ``site``."""
    return [PYTHON, *python_options, "-m", "mkdocs", "build", "--site-dir", str(site)]


def outcome(output: str) -> str:
    """The closing counts of pytest (``147 passed``), for the report."""
    found = re.findall(r"^=*\s*(\d+ (?:passed|failed)[^=\n]*?)(?: in [\d.]+s)?\s*=*$", output, re.M)
    return found[-1] if found else "no pytest summary"


def main() -> None:
    """Measure and print; see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="interleaved repetitions (5)")
    parser.add_argument("--edits", type=int, default=4, help="serve edits per repetition (4)")
    parser.add_argument("--sizes", default="10,50,200", help="generated snippet counts")
    parser.add_argument("--growth-reps", type=int, default=3, help="repetitions per size (3)")
    parser.add_argument("--skip", default="", help="comma list of: verify,build,serve,growth")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    rng = random.Random(0)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        scratch = Path(tmp)
        samples: dict[str, Sample] = {}
        snippet_times: dict[str, dict[str, list[float]]] = {"verify": {}, "floor": {}}
        notes: list[str] = []
        tasks = _tasks(scratch, skip, args.edits, samples, snippet_times, notes)
        for rep in range(args.reps):
            order = list(tasks)
            rng.shuffle(order)
            for name in order:
                tasks[name]()
            print(f"repetition {rep + 1}/{args.reps} done", flush=True)
        growth = "" if "growth" in skip else _growth(scratch, args, rng)
    _report(args, samples, snippet_times, notes, growth)


def _tasks(
    scratch: Path,
    skip: set[str],
    edits: int,
    samples: dict[str, Sample],
    snippet_times: dict[str, dict[str, list[float]]],
    notes: list[str],
) -> dict[str, Callable[[], None]]:
    """The measurements of one repetition, by name; each adds to ``samples``."""
    tasks: dict[str, Callable[[], None]] = {}

    def keep(kind: str, times: dict[str, float]) -> None:
        for name, seconds in times.items():
            snippet_times[kind].setdefault(name, []).append(seconds)

    if "verify" not in skip:

        def floor() -> None:
            times = scratch / "floor.json"
            elapsed, _ = timed([*FLOOR, str(ROOT), str(times)], ROOT, check=False)
            samples.setdefault("floor", Sample()).add(elapsed)
            keep("floor", json.loads(times.read_text("utf-8")))

        def verify() -> None:
            shutil.rmtree(cache_folder(), ignore_errors=True)  # keep only this run's entries
            elapsed, output = timed([*VERIFY, *DURATIONS], ROOT, check=False)
            samples.setdefault("verify", Sample()).add(elapsed)
            per_file: dict[str, float] = {}
            for seconds, path in _DURATION.findall(output):
                per_file[path] = per_file.get(path, 0.0) + float(seconds)
            per_file["(outside tests: start-up, collection, exit)"] = elapsed - sum(
                per_file.values()
            )
            for path, seconds in per_file.items():
                samples.setdefault(f"file:{path}", Sample()).add(seconds)
            notes.append(f"verify: {outcome(output)}")
            keep("verify", {name: e["seconds"] for name, e in load().items() if "seconds" in e})

        tasks |= {"floor": floor, "verify": verify}
    if "build" not in skip:
        peer = scratch / "peer"
        executed = make_peer(peer)
        notes.append(f"peer: markdown-exec executes {executed} snippets per build")
        _, output = timed(mkdocs_build(scratch / "s", "-X", "importtime"), ROOT)
        heavy = sorted({m.group(1) for m in HEAVY.finditer(output)})
        notes.append(f"mkdocs build imports: {', '.join(heavy) or 'no TensorFlow, no Keras'}")

        def build() -> None:
            elapsed, _ = timed(mkdocs_build(scratch / "site"), ROOT)
            samples.setdefault("build", Sample()).add(elapsed)

        def peer_build() -> None:
            elapsed, output = timed(mkdocs_build(peer / "site"), peer)
            samples.setdefault("peer", Sample()).add(elapsed)
            # markdown-exec shows a failing block's traceback on the page and logs a warning.
            pages = "".join(p.read_text("utf-8") for p in (peer / "site").rglob("*.html"))
            if "exited with errors" in output or "Traceback (most recent call last)" in pages:
                notes.append("peer: a snippet raised during the build (its timing is suspect)")

        tasks |= {"build": build, "peer": peer_build}
    if "serve" not in skip:

        def serve(name: str, options: tuple[str, ...], preview: bool) -> Callable[[], None]:
            def run() -> None:
                heavy = measure_serve(samples.setdefault(name, Sample()), edits, options, preview)
                notes.append(f"{name}: server loaded {', '.join(heavy) or 'no TensorFlow'}")

            return run

        tasks["serve"] = serve("serve", (), False)
        tasks["serve-hook"] = serve("serve-hook", (), True)
        tasks["serve-dirty"] = serve("serve-dirty", ("--dirty",), True)
    return tasks


def _growth(scratch: Path, args: argparse.Namespace, rng: random.Random) -> str:
    """The growth table: floor, serial pytest and pytest -n auto on generated trees."""
    sizes = [int(n) for n in args.sizes.split(",")]
    trees = {n: make_tree(scratch / f"grow{n}", n) for n in sizes}
    runs = {
        "floor": lambda root: [*FLOOR, str(root), str(root / "floor.json")],
        "pytest": lambda root: VERIFY,
        "pytest -n auto": lambda root: XDIST,
    }
    samples = {(n, kind): Sample() for n in sizes for kind in runs}
    for rep in range(args.growth_reps):
        jobs = [(n, kind) for n in sizes for kind in runs]
        rng.shuffle(jobs)
        for n, kind in jobs:
            elapsed, _ = timed(runs[kind](trees[n]), trees[n])
            samples[n, kind].add(elapsed)
        print(f"growth repetition {rep + 1}/{args.growth_reps} done", flush=True)
    rows = []
    for n in sizes:
        floor, serial, xdist = (samples[n, kind] for kind in runs)
        rows.append(
            [f"{n}", str(floor), str(serial), str(xdist), f"{serial.median / floor.median:.2f}"]
        )
    lo, hi = sizes[0], sizes[-1]
    slope = [
        f"{(samples[hi, kind].median - samples[lo, kind].median) / (hi - lo) * 1000:.1f} ms"
        for kind in runs
    ]
    rows.append([f"per snippet ({lo}→{hi})", *slope, ""])
    header = ["snippets", "floor", "pytest", "pytest -n auto", "pytest/floor"]
    return table(rows, header)


def _report(args, samples, snippet_times, notes, growth) -> None:
    """Print everything measured."""
    get = samples.get
    print(f"\n## Results: median (min-max) over {args.reps} interleaved repetitions\n")
    if get("verify"):
        print(f"verify  pytest -m 'not browser'         {get('verify')}")
        print(f"floor   one bare process, every snippet {get('floor')}")
        print(f"verify / floor = {ratio(get('verify'), get('floor'))}   (goal ≤ 1.3)\n")
        files = sorted((k for k in samples if k.startswith("file:")), key=lambda k: -get(k).median)
        print("where verify's time goes (median per repetition):")
        for key in files:
            print(f"  {get(key)!s:>24}  {key[5:]}")
        print()
    if get("build"):
        print(f"mkdocs build                      {get('build')}")
        print(f"peer: markdown-exec executes them {get('peer')}")
        print(f"peer / build = {ratio(get('peer'), get('build'))}\n")
    if get("serve"):
        n = len(get("serve").values)
        print(f"save → rebuilt page, over {n} edits (goal < 1 s):")
        print(f"  mkdocs serve (doccheck preview: false)         {get('serve')}")
        print(f"  mkdocs serve                                   {get('serve-hook')}")
        print(f"  mkdocs serve --dirty                           {get('serve-dirty')}\n")
    for note in sorted(set(notes)):
        print(f"note: {note}")
    if snippet_times["verify"]:
        print("\n## Per snippet (seconds; verify = inside pytest, isolated and checked)\n")
        print(_snippet_table(snippet_times))
    if growth:
        print(f"\n## Growth: generated snippets, {args.growth_reps} interleaved repetitions\n")
        print(growth)
    print(
        f"\nreproduce: .venv/bin/python -m bench --reps {args.reps} --edits {args.edits} "
        f"--sizes {args.sizes} --growth-reps {args.growth_reps}"
        + (f" --skip {args.skip}" if args.skip else "")
    )


def _snippet_table(times: dict[str, dict[str, list[float]]]) -> str:
    """One row per snippet, slowest first; a snippet taking a tenth of the total is flagged."""
    verify, floor = times["verify"], times["floor"]
    median = {name: Sample(values).median for name, values in verify.items()}
    total = sum(median.values())
    rows = []
    for name in sorted(median, key=median.get, reverse=True):
        v = Sample(verify[name])
        f = Sample(floor.get(name, []))
        flag = "◀ slow" if median[name] > 0.1 * total else ""
        spread = f"{min(v.values):.3f}-{max(v.values):.3f}"
        rows.append([name, f"{v.median:.3f}", spread, f"{f.median:.3f}", flag])
    floor_total = sum(Sample(x).median for x in floor.values())
    rows.append(["total", f"{total:.3f}", "", f"{floor_total:.3f}", ""])
    return table(rows, ["snippet", "verify", "min-max", "floor", ""])


if __name__ == "__main__":
    main()
