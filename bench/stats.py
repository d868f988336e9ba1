"""Wall-clock timing of commands, and medians with their spread."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PYTHON = sys.executable
# What every measured process sees: MkDocs' 2.0 notice and TensorFlow's log lines only cost time.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}


@dataclass
class Sample:
    """Repeated measurements of one quantity, in seconds."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        """Record one measurement."""
        self.values.append(value)

    @property
    def median(self) -> float:
        """The median, or NaN when nothing was measured."""
        return statistics.median(self.values) if self.values else float("nan")

    def __str__(self) -> str:
        if not self.values:
            return "n/a"
        return f"{self.median:.2f} s ({min(self.values):.2f}-{max(self.values):.2f})"


def ratio(a: Sample, b: Sample) -> str:
    """``a / b`` of the medians, with the spread of the per-repetition ratios."""
    pairs = [x / y for x, y in zip(a.values, b.values, strict=False) if y > 0]
    if not pairs:
        return "n/a"
    return f"{a.median / b.median:.2f} (per repetition {min(pairs):.2f}-{max(pairs):.2f})"


def timed(command: Sequence[str], cwd: Path, check: bool = True) -> tuple[float, str]:
    """Run ``command``; its wall-clock seconds and combined output."""
    start = time.perf_counter()
    result = subprocess.run(
        list(command), cwd=cwd, env=ENV, capture_output=True, text=True, timeout=1800
    )
    elapsed = time.perf_counter() - start
    output = result.stdout + result.stderr
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{output[-3000:]}")
    return elapsed, output


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain-text table, first column left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])
