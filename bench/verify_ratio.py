"""``python -m bench.verify_ratio [--reps N] [ROOT]``: ``make verify`` against its floor, briefly.

Runs the floor (``bench/floor.py``) and ``pytest -m "not browser"`` in ``ROOT`` (this tree by
default) interleaved ``N`` times, and prints the medians and their ratio in CPU seconds (user
and system time of the process and its children: steady on a shared machine) and in wall
seconds. The full report, with the per-snippet table, is ``python -m bench``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scratch import ROOT


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``command`` (with its children); raises if it failed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    """Measure and print; see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m bench.verify_ratio", description=__doc__)
    parser.add_argument("root", nargs="?", type=Path, default=ROOT, help="the tree to measure")
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions (3)")
    args = parser.parse_args()
    root = args.root.resolve()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory(prefix="verify-ratio-") as tmp:
        commands = {
            "floor": [sys.executable, str(root / "bench" / "floor.py"), str(root), f"{tmp}/t.json"],
            "verify": [sys.executable, "-m", "pytest", "-m", "not browser", "-q", "-p", "no:xdist"],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for rep in range(args.reps):
            order = list(commands) if rep % 2 == 0 else list(reversed(commands))
            for name in order:
                times[name].append(run(commands[name], root))
                wall, cpu = times[name][-1]
                print(
                    f"{rep + 1}/{args.reps} {name:6} wall {wall:6.1f}s  cpu {cpu:6.1f}s", flush=True
                )
    medians = {
        name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
        for name, t in times.items()
    }
    (fw, fc), (vw, vc) = medians["floor"], medians["verify"]
    print(f"median floor  wall {fw:.1f}s cpu {fc:.1f}s")
    print(f"median verify wall {vw:.1f}s cpu {vc:.1f}s")
    print(f"verify/floor  wall {vw / fw:.2f}x cpu {vc / fc:.2f}x")


if __name__ == "__main__":
    main()
