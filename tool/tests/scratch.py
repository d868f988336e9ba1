"""Scratch sites for the checker's tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
