"""``python -m doccheck worker``: ``run`` uses a warm worker, and a crash ends only the worker."""

from __future__ import annotations

import os
import socket
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client

import pytest
from scratch import doccheck, one_page_site, warm_worker

from doccheck.lastrun import load
from doccheck.layout import Project
from doccheck.worker import address, connect

PAGE = "# P\n\nIt has 56<!-- s: n --> weights.\n"
HANG = "import time\n\nn = 56\nwhile True:\n    time.sleep(0.1)\n"
CRASH = "import os\nimport signal\n\nn = 56\nos.kill(os.getpid(), signal.SIGKILL)\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no Unix sockets here")


def test_run_uses_the_warm_worker_and_a_crashing_snippet_ends_only_the_worker(tmp_path):
    """The worker runs the snippet (its pid in the line), the values are stored as a cold run
    stores them; a snippet that hangs is stopped and the worker goes on; one that kills its
    process ends the worker: `run` names the snippet, exits 1 with its summary, and the next
    command finds no worker (it would start cold)."""
    root = one_page_site(tmp_path, PAGE, {"s": "n = 57\nprint(n)\n"})
    project = Project(root)
    with warm_worker(root, DOCCHECK_TIMEOUT="2") as worker:
        ran = doccheck(root, "run")
        assert "ran snippets/p/s.py (" in ran.stderr and f"in the warm worker {worker.pid})" in (
            ran.stderr
        ), ran.stderr
        assert "docs/p.md:3: claims 56 for p/s: n, the last verified run gave 57" in ran.stdout
        assert load(project)["p/s"]["values"] == {"n": {"number": 57}}

        # suggest runs the page's snippets there too.
        (root / "docs" / "p.md").write_text(PAGE + "\nAnd 57 of them.\n", "utf-8")
        suggested = doccheck(root, "suggest", "docs/p.md")
        assert f"ran in the warm worker {worker.pid}" in suggested.stderr, suggested.stderr
        assert "docs/p.md:5: 57 could be 57<!-- s: n -->" in suggested.stdout, suggested.stdout
        (root / "docs" / "p.md").write_text(PAGE, "utf-8")

        # Someone without the key is turned away; the worker goes on serving.
        with pytest.raises(AuthenticationError):
            Client(str(address(project)), family="AF_UNIX", authkey=b"not the key")
        again = connect(project)
        assert again is not None and again.pid == worker.pid
        again.close()  # the worker serves one command at a time: hang up for the next

        # A snippet that hangs is stopped at its deadline, as in a cold run; the worker lives.
        (root / "snippets" / "p" / "s.py").write_text(HANG, "utf-8")
        hung = doccheck(root, "run")
        assert "snippets/p/s.py: still running after 2 s; stopped" in hung.stdout, hung.stdout
        assert worker.poll() is None

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
