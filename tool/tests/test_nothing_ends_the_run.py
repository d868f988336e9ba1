"""Nothing ends the run quietly: a snippet or claim that exits, is killed or crashes fails it.

The snippets run inside the pytest process. Before, ``os._exit(0)`` in a snippet or a claim
ended pytest with status 0 and no summary (CI would have landed it), and a signal or a crash
ended it without naming the snippet. Now ``os._exit`` fails the snippet's test (the run goes
on), and whatever still ends the process (a signal, a crash, libc's ``_exit`` through ctypes,
``exec``, an ``atexit`` hook) is reported by the supervisor (``doccheck.supervisor``), naming
the snippet, or the claim and its page line, with a status that is not 0.

The runs on scratch sites each import Keras in a fresh pytest: ``selfcheck``.
"""

from __future__ import annotations

import mmap
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from scratch import one_page_site

from doccheck import runner, supervisor
from doccheck.layout import ROOT, Project, Snippet
from doccheck.runner import run_snippet

PYTEST = (sys.executable, "-m", "pytest")


PARENT = os.getpid()


def verify(root: Path) -> subprocess.CompletedProcess[str]:
    """The snippet tests of ``make verify``, on the scratch site, in a pytest of their own."""
    return subprocess.run(
        [*PYTEST, str(root / "snippets"), "--rootdir", str(ROOT), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "DOCCHECK_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )


# In this process: os._exit is refused while snippets and claims run, and the run goes on.
def test_os_exit_in_a_snippet_fails_it_at_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = Project(
        one_page_site(
            tmp_path,
            "",
            {
                "exits": "import os\n\nn = 56\nos._exit(0)\n",
                "swallows": "import os\n\ntry:\n    os._exit(0)\nexcept BaseException:\n    pass\n",
            },
        )
    )
    exits = run_snippet(Snippet("p/exits", project))
    assert exits.error == (
        "snippets/p/exits.py:4: calls os._exit(0), which would end the whole test run with no "
        "summary; let the script end, or raise SystemExit"
    )
    swallows = run_snippet(Snippet("p/swallows", project))
    assert swallows.error and swallows.error.startswith("snippets/p/swallows.py:4: calls os._exit")
    assert os._exit is runner._REAL_EXIT  # put back after the run


def test_a_process_the_snippet_forks_really_ends_on_os_exit(tmp_path, monkeypatch):
    """Refused there too, the fork would run the rest of the session beside this one."""
    monkeypatch.chdir(tmp_path)
    forks = (
        "import os\n\nchild = os.fork()\nif child == 0:\n    os._exit(7)\n"
        "status = os.waitpid(child, 0)[1]\n"
    )
    project = Project(one_page_site(tmp_path, "", {"forks": forks}))
    run = run_snippet(Snippet("p/forks", project), ["os.waitstatus_to_exitcode(status)"])
    assert run.error is None, run.error
    assert run.value_of("os.waitstatus_to_exitcode(status)").value == 7
    assert os.getpid() == PARENT  # this process is the one that goes on


def test_a_claim_that_exits_is_that_claims_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = Project(one_page_site(tmp_path, "", {"s": "import os\nimport sys\n\nn = 56\n"}))
    run = run_snippet(Snippet("p/s", project), ["n + os._exit(0)", "n + sys.exit(0)", "n"])
    assert run.error is None
    assert run.value_of("n + os._exit(0)").error == (
        "it calls os._exit(0), which would end the test run"
    )
    assert run.value_of("n + sys.exit(0)").error == (
        "it calls sys.exit(0); a claim must give a value, not exit"
    )
    assert run.value_of("n").value == 56


# The whole run, in a pytest of its own: each of these once gave status 0 or named nothing.
@pytest.mark.selfcheck
def test_os_exit_in_snippets_and_claims_fails_the_run_which_goes_on(tmp_path):
    page = "It is 56<!-- ok: n -->, 56<!-- ok: n + os._exit(0) -->, 56<!-- ok: n + sys.exit(0) -->"
    root = one_page_site(
        tmp_path,
        page,
        {
            "ok": "import os\nimport sys\n\nn = 56\n",
            "exits": "import os\n\nos._exit(0)\n",
            "zlast": "n = 1\n",  # runs after the others: the run went on
        },
    )
    done = verify(root)
    said = done.stdout + done.stderr
    assert done.returncode == 1, said[-3000:]
    assert "snippets/p/exits.py:3: calls os._exit(0), which would end the whole test run" in said
    assert "docs/p.md:1: the claim <!-- p/ok: n + os._exit(0) --> cannot be evaluated" in said
    assert "docs/p.md:1: the claim <!-- p/ok: n + sys.exit(0) --> cannot be evaluated" in said
    assert "2 failed, 1 passed" in said, said[-3000:]


ENDINGS = {
    # name: (snippet source, claim expression, exit status, what the supervisor says)
    "sigterm": (
        "import os\nimport signal\n\nn = 56\nos.kill(os.getpid(), signal.SIGTERM)\n",
        "n",
        128 + signal.SIGTERM,
        "ended by SIGTERM while running {snippet} (in snippets/p/s.py)",
    ),
    "sigkill": (
        "import os\nimport signal\n\nn = 56\nos.kill(os.getpid(), signal.SIGKILL)\n",
        "n",
        128 + signal.SIGKILL,
        "ended by SIGKILL while running {snippet}",
    ),
    "segfault-in-a-claim": (
        "import ctypes\n\nn = 56\n",
        "n + len(ctypes.string_at(0))",
        128 + signal.SIGSEGV,
        "ended by SIGSEGV while running {snippet}, evaluating the claim "
        "`n + len(ctypes.string_at(0))` at {page}:1",
    ),
    "libc-exit-0-in-a-claim": (
        "import ctypes\n\nn = 56\n",
        "n + ctypes.CDLL(None)._exit(0)",
        3,
        "ended with status 0 before pytest's summary while running {snippet}, evaluating the "
        "claim `n + ctypes.CDLL(None)._exit(0)` at {page}:1",
    ),
    "exec": (
        "import os\n\nn = 56\nos.execv('/bin/true', ['true'])\n",
        "n",
        3,
        "ended with status 0 before pytest's summary while running {snippet}",
    ),
    "atexit-exit-0-after-a-failure": (
        "import atexit\nimport os\n\nn = 57\natexit.register(lambda: os._exit(0))\n",
        "n",
        1,
        "the test session ended with status 1, but the process then exited with 0",
    ),
}


@pytest.mark.selfcheck
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the supervisor needs os.fork")
@pytest.mark.parametrize("name", ENDINGS)
def test_a_run_that_ends_early_fails_naming_the_snippet_or_claim(tmp_path, name):
    source, expression, status, message = ENDINGS[name]
    root = one_page_site(tmp_path, f"It is 56<!-- s: {expression} -->.\n", {"s": source})
    done = verify(root)
    said = done.stdout + done.stderr
    assert done.returncode == status, said[-3000:]
    snippet, page = root / "snippets" / "p" / "s.py", root / "docs" / "p.md"
    assert message.format(snippet=snippet, page=page) in said, said[-3000:]


# The supervisor's verdict, without a run.
def page(ended: int | None = None, test: str = "", what: str = "") -> mmap.mmap:
    """A shared page as a child leaves it: finished with ``ended``, running ``test``/``what``."""
    shared = mmap.mmap(-1, 4096)
    previous, supervisor._shared = supervisor._shared, shared
    try:
        supervisor.running(test)
        if what:
            supervisor.running(what=what)
        if ended is not None:
            supervisor.finished(ended)
    finally:
        supervisor._shared = previous
    return shared


@pytest.mark.parametrize(
    ("status", "shared", "code", "says"),
    [
        (0, page(0, "t"), 0, ""),
        (1 << 8, page(1, "t"), 1, ""),
        (0, page(1, "t"), 1, "the test session ended with status 1, but the process then"),
        (
            0,
            page(None, "t", "s.py"),
            3,
            "status 0 before pytest's summary while running s.py (in t)",
        ),
        (2 << 8, page(None, "t"), 2, "status 2 before pytest's summary while running t"),
        (4 << 8, page(None), 4, ""),  # a usage error, before any test: pytest said it
        (0, page(None), 0, ""),  # --help, --version: no session
        (signal.SIGKILL, page(None, "t", "s.py"), 137, "ended by SIGKILL while running s.py"),
    ],
)
def test_the_supervisor_never_lets_an_early_end_pass(status, shared, code, says):
    got, message = supervisor.verdict(status, shared)
    assert got == code
    assert says in message and bool(message) == bool(says)
