"""``python -m doccheck worker``: ``run`` uses a warm worker, and a crash ends only the worker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from scratch import one_page_site

from doccheck.lastrun import load
from doccheck.layout import Project
from doccheck.worker import address, connect

PAGE = "# P\n\nIt has 56<!-- s: n --> weights.\n"
CRASH = "import os\nimport signal\n\nn = 56\nos.kill(os.getpid(), signal.SIGKILL)\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no Unix sockets here")


def doccheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m doccheck ARGS`` on the site at ``root``."""
    env = {**os.environ, "DOCCHECK_ROOT": str(root)}
    command = [sys.executable, "-m", "doccheck", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)


@contextmanager
def warm_worker(root: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A worker for ``root``, once it answers (it imports Keras first)."""
    env = {**os.environ, "DOCCHECK_ROOT": str(root)}
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


def test_run_uses_the_warm_worker_and_a_crashing_snippet_ends_only_the_worker(tmp_path):
    """The worker runs the snippet (its pid in the line), the values are stored as a cold run
    stores them; a snippet that kills its process ends the worker: `run` names the snippet,
    exits 1 with its summary, and the next command finds no worker (it would start cold)."""
    root = one_page_site(tmp_path, PAGE, {"s": "n = 57\nprint(n)\n"})
    project = Project(root)
    with warm_worker(root) as worker:
        ran = doccheck(root, "run")
        assert "ran snippets/p/s.py (" in ran.stderr and f"in the warm worker {worker.pid})" in (
            ran.stderr
        ), ran.stderr
        assert "docs/p.md:3: claims 56 for p/s: n, the last verified run gave 57" in ran.stdout
        assert load(project)["p/s"]["values"] == {"n": {"number": 57}}

        (root / "snippets" / "p" / "s.py").write_text(CRASH, "utf-8")
        crashed = doccheck(root, "run")
        assert crashed.returncode == 1, crashed.stderr
        assert f"snippets/p/s.py: ended the warm worker (pid {worker.pid}) that ran it" in (
            crashed.stdout
        ), crashed.stdout
        assert "problem(s); 1 claims on 1 pages" in crashed.stderr
        assert worker.wait(timeout=30) == -9
    assert connect(project) is None
    assert not address(project).exists()  # the dead worker's socket, cleared by the attempt


def test_a_dead_workers_socket_answers_nothing_and_is_cleared(tmp_path):
    """A worker killed without cleaning up leaves its socket: nobody listens, so `run` starts
    cold (connect gives None at once) and the stale files go."""
    project = Project(tmp_path)
    path = address(project)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))
    stale.close()
    path.with_suffix(".key").write_bytes(b"k" * 32)
    try:
        assert connect(project) is None
        assert not path.exists() and not path.with_suffix(".key").exists()
    finally:
        path.unlink(missing_ok=True)
        path.with_suffix(".key").unlink(missing_ok=True)
