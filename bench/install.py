"""``python -m bench.install``: installing the ``verify`` group with pip, and with uv from uv.lock.

Each repetition creates two scratch virtual environments (not timed) and times, in shuffled
order, the install into each:

- pip: ``pip install --group verify`` (pip ≥ 25.1), which resolves pyproject.toml's ranges
  against the indexes pip is configured with, then installs;
- uv: ``uv sync --frozen --group verify``, which installs exactly what uv.lock pins.

Both keep their download caches between repetitions (the first pip run may fill its own);
``--cold`` gives every run an empty cache instead, so both download everything. Nothing in the
repository is written.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scratch import ROOT
from bench.stats import Sample, ratio

GROUP = "verify"


def uv_command() -> str:
    """The uv next to this interpreter (``make`` puts it there), or the one on ``PATH``."""
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if found is None:
        sys.exit("no uv: `make` installs it in .venv, or `pip install uv`")
    return found


def fresh_venv(path: Path, with_pip: bool) -> Path:
    """A new virtual environment at ``path``; its interpreter."""
    subprocess.run(
        [sys.executable, "-m", "venv", *([] if with_pip else ["--without-pip"]), str(path)],
        check=True,
        capture_output=True,
    )
    python = path / "bin" / "python"
    if with_pip:  # `--group` needs pip 25.1; the upgrade is set-up, not timed
        command = [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1"]
        subprocess.run(command, check=True, capture_output=True)
    return python


def pip_install(scratch: Path, cold: bool) -> float:
    """Seconds for ``pip install ./tool --group verify`` into a new venv.

    ``./tool``: the checker the groups name (``docverify``), which uv finds in the workspace and
    pip, which reads no ``[tool.uv.sources]``, from its folder.
    """
    python = fresh_venv(scratch / "venv-pip", with_pip=True)
    cache = ["--no-cache-dir"] if cold else []
    command = [str(python), "-m", "pip", "install", "--quiet", *cache, "./tool", "--group", GROUP]
    return _timed(command, dict(os.environ))


def _timed(command: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds of ``command`` run in the repository; its output if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return elapsed


def uv_sync(scratch: Path, cold: bool, uv: str) -> float:
    """Seconds for ``uv sync --frozen --group verify`` into a new venv."""
    venv = scratch / "venv-uv"
    fresh_venv(venv, with_pip=False)
    env = {"UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never"}
    if cold:
        env["UV_CACHE_DIR"] = str(scratch / "uv-cache")
    command = [uv, "sync", "--quiet", "--frozen", "--no-default-groups", "--group", GROUP]
    return _timed(command, {**os.environ, **env})


def main() -> None:
    """Measure and print; see ``--help``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.install",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--reps", type=int, default=2, help="interleaved repetitions (2)")
    parser.add_argument("--cold", action="store_true", help="an empty download cache every run")
    args = parser.parse_args()
    uv = uv_command()
    version = subprocess.run([uv, "--version"], capture_output=True, text=True).stdout.split()
    version = " ".join(version[:2])
    samples = {"pip": Sample(), "uv": Sample()}
    rng = random.Random(0)
    for rep in range(args.reps):
        order = ["pip", "uv"]
        rng.shuffle(order)
        for name in order:
            with tempfile.TemporaryDirectory(prefix=f"bench-install-{name}-") as tmp:
                if name == "pip":
                    samples[name].add(pip_install(Path(tmp), args.cold))
                else:
                    samples[name].add(uv_sync(Path(tmp), args.cold, uv))
        print(f"repetition {rep + 1}/{args.reps} done", flush=True)
    caches = "empty caches" if args.cold else "caches kept between runs"
    print(f"\n## Installing the {GROUP} group: median (min-max) of {args.reps}, {caches}\n")
    print(f"pip install --group {GROUP}       {samples['pip']}  (pip ≥ 25.1, resolves the ranges)")
    print(f"uv sync --frozen --group {GROUP}  {samples['uv']}  ({version}, from uv.lock)")
    print(f"pip / uv = {ratio(samples['pip'], samples['uv'])}")
    print(f"per run, pip: {', '.join(f'{v:.1f} s' for v in samples['pip'].values)}")
    print(f"per run, uv:  {', '.join(f'{v:.1f} s' for v in samples['uv'].values)}")
    indexes = os.environ.get("PIP_INDEX_URL") or "pip's configuration (`pip config list`)"
    print(f"pip's indexes: {indexes}; uv's: the lock's (PyPI)")
    print(
        "\nreproduce: .venv/bin/python -m bench.install "
        f"--reps {args.reps}{' --cold' if args.cold else ''}"
    )


if __name__ == "__main__":
    main()
