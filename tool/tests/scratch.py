"""Scratch sites for the checker's tests, and the builders that build them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def in_ci() -> bool:
    """Whether this run is CI (``CI=true``, as GitHub Actions and ``.ci/run`` set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def one_page_site(root: Path, page: str, snippets: dict[str, str]) -> Path:
    """A site with one page, ``docs/p.md``, and ``snippets/p/<name>.py`` for each snippet."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "p.md").write_text(page, "utf-8")
    (root / "snippets" / "p").mkdir(parents=True, exist_ok=True)
    for name, source in snippets.items():
        (root / "snippets" / "p" / f"{name}.py").write_text(source, "utf-8")
    return root


def doccheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m doccheck ARGS`` on the site at ``root``."""
    env = {**os.environ, "DOCCHECK_ROOT": str(root)}
    command = [sys.executable, "-m", "doccheck", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)


@contextmanager
def warm_worker(root: Path, **environ: str) -> Iterator[subprocess.Popen[bytes]]:
    """A worker for ``root`` (``environ`` added to its environment), once it answers."""
    from doccheck.layout import Project
    from doccheck.worker import connect

    env = {**os.environ, "DOCCHECK_ROOT": str(root), **environ}
    command = [sys.executable, "-m", "doccheck", "worker"]
    worker = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while (answer := connect(Project(root))) is None:
            assert worker.poll() is None, f"the worker ended ({worker.returncode}) before answering"
            assert time.monotonic() < deadline, "the worker never answered"
            time.sleep(0.2)
        answer.close()
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def build_or_fail(builder: str, project: Path) -> Path:
    """``project`` built strictly by ``builder`` (mkdocs or zensical): the site folder.

    The test fails with the builder's output if the build did; in CI a missing Zensical fails,
    elsewhere it skips the test.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    if builder == "mkdocs":
        site = project / "site-mkdocs"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    else:
        zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
        if zensical is None:
            reason = "Zensical is not installed: pip install --group zensical"
            if in_ci():
                pytest.fail(f"{reason} (CI=true: a missing tool fails here instead of skipping)")
            pytest.skip(reason)
        site = project / "site"  # Zensical has no --site-dir; mkdocs.yml sets none
        command = [zensical, "build", "--strict", "--config-file", "mkdocs.yml"]
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        said = ANSI.sub("", done.stdout + done.stderr)[-3000:]
        pytest.fail(f"{builder} build of the scratch site failed:\n{said}", pytrace=False)
    return site
