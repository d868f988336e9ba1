"""Nothing ends the test run quietly: pytest runs in a forked child that this process watches.

Snippets and claims run inside the pytest process (a fresh interpreter per snippet would cost
an import of Keras each). Whatever ends that process from inside, ``os._exit(0)`` from C
(``ctypes`` and libc's ``_exit``), ``os.execv``, a signal or a crash, leaves no summary, and
with ``_exit(0)`` the status a shell or CI sees would be 0: a green run. No hook inside the
process can see that (``pytest_unconfigure`` and ``atexit`` never run), so the check lives in
another process: the one pytest was started as. At ``pytest_configure``, before TensorFlow
is imported and before any thread is started, it forks once; the child runs the session, the
parent waits for it and exits with its status, unless:

- the child ended before pytest's last step (``finished``): status 3 if it said 0;
- the child's exit status differs from the session's (an ``atexit`` hook that calls
  ``os._exit(0)`` after a failure): the session's;
- the child was killed by a signal (SIGKILL, a crash): 128 + the signal, as a shell says it.

When the process ended early, the parent names what was running: the snippet or the claim
(with its page line) that ``doccheck.runner`` reported through ``progress``, and the test. Both
processes share one anonymous memory page for that, written by the child and read by the
parent after the end.

What this does not stop: code written against the checker. A snippet runs in the session's
process, so it could mark the session finished here before ending it, or change pytest's own
verdict; only a separate interpreter per snippet would keep it out. A SIGKILL of this parent
leaves the child running, unwatched (the shell sees 137 anyway).

The parent ignores Ctrl-C (the terminal sends it to the child as well) and passes SIGTERM and
SIGHUP on. Without ``os.fork`` (Windows), under ``pytest.main()`` called by another program,
in pytest-xdist workers (the controller watches them) and with ``DOCCHECK_NO_SUPERVISOR=1``
(to debug pytest itself) nothing is forked.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import struct
import sys

import pytest

DISABLE = "DOCCHECK_NO_SUPERVISOR"
# The shared page: the session's exit status + 1 (0 = not finished), whether the child already
# explained its own end, then two texts, each a length and its UTF-8 bytes.
_PAGE = 4096
_HEAD = struct.Struct("<ii")
_TEXT = struct.Struct("<i")
_TEST_AT, _RUNNING_AT, _TEXT_SIZE = 64, 2048, 2048 - _TEXT.size
_shared: mmap.mmap | None = None


def start(config: pytest.Config) -> None:
    """Fork: the child returns and runs the session; this process only waits for it."""
    global _shared
    if (
        not hasattr(os, "fork")
        or not started_as_pytest()
        or hasattr(config, "workerinput")
        or os.environ.get(DISABLE, "").strip() not in ("", "0")
        or _shared is not None
    ):
        return
    shared = mmap.mmap(-1, _PAGE)  # anonymous and shared: the child's writes are seen here
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # or the child would print the parent's buffered text again
    child = os.fork()
    if child == 0:
        _shared = shared
        return
    _supervise(child, shared)


def started_as_pytest() -> bool:
    """Whether this process is ``pytest`` or ``python -m pytest``, which may end as it likes.

    A program that calls ``pytest.main()`` (an editor's test runner) goes on afterwards: the
    supervisor, which ends the process it watches from, must not run there.
    """
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None and spec.name in ("pytest", "pytest.__main__"):
        return True
    return os.path.basename(sys.argv[0]).removesuffix(".exe") in ("pytest", "py.test")


def running(test: str = "", what: str | None = None) -> None:
    """Note the test that runs now, or (``what``) the snippet or claim that runs in it."""
    if _shared is None:
        return
    if what is None:
        _write(_shared, _TEST_AT, test)
        _write(_shared, _RUNNING_AT, "")
    else:
        _write(_shared, _RUNNING_AT, what)


def explained() -> None:
    """The child is about to end itself and has said why (``doccheck.runner.before_exit``)."""
    if _shared is not None:
        status, _ = _HEAD.unpack_from(_shared, 0)
        _HEAD.pack_into(_shared, 0, status, 1)


def finished(status: int) -> None:
    """The session is over, with this exit status: any other end is the supervisor's to report."""
    if _shared is not None:
        _, said = _HEAD.unpack_from(_shared, 0)
        _HEAD.pack_into(_shared, 0, int(status) + 1, said)


def _write(shared: mmap.mmap, at: int, text: str) -> None:
    data = text.encode("utf-8")[:_TEXT_SIZE]
    shared[at + _TEXT.size : at + _TEXT.size + len(data)] = data
    _TEXT.pack_into(shared, at, len(data))


def _read(shared: mmap.mmap, at: int) -> str:
    (size,) = _TEXT.unpack_from(shared, at)
    size = max(0, min(size, _TEXT_SIZE))
    return shared[at + _TEXT.size : at + _TEXT.size + size].decode("utf-8", "replace")


def _supervise(child: int, shared: mmap.mmap) -> None:
    """Wait for the child, then end this process with the status it deserves. Never returns.

    Nothing here may return into pytest, which would run a second session in this process.
    """
    code = 3
    try:
        received: list[int] = []

        def forward(signum, frame) -> None:
            received.append(signum)
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signum)

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the child from the terminal
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, forward)
        _, status = os.waitpid(child, 0)
        code, message = verdict(status, shared, received)
        if message:
            os.write(2, f"\ndoccheck: {message}\n".encode())
    except BaseException as err:  # say it, and still end with a failure
        with contextlib.suppress(Exception):
            os.write(2, f"\ndoccheck: the supervisor of the test run failed: {err!r}\n".encode())
    finally:
        os._exit(code)


def verdict(status: int, shared: mmap.mmap, received: list[int] = ()) -> tuple[int, str]:
    """The exit status of the whole run, and what to say about it ("" when all is well)."""
    ended, said = _HEAD.unpack_from(shared, 0)
    test, what = _read(shared, _TEST_AT), _read(shared, _RUNNING_AT)
    if what:
        place = f" while running {what}" + (f" (in {test})" if test else "")
    else:
        place = f" while running {test}" if test else ""
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        sender = " sent from outside" if signum in received else ""
        return 128 + signum, f"the test run was ended by {name}{sender}{place}; it has no summary"
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 3
    if ended:
        if code == ended - 1:
            return code, ""
        return (
            ended - 1 or code,
            f"the test session ended with status {ended - 1}, but the process then exited with "
            f"{code} (an atexit hook, or a thread a snippet left running?)",
        )
    if said and code:
        return code, ""  # the child said why itself, and its status is not 0
    if not (test or what):
        return code, ""  # no session started (--help, a usage error): pytest said why
    if code == 0:
        return 3, (
            f"the test run ended with status 0 before pytest's summary{place}: something called "
            "os._exit, exec or exit from C; status 3 instead"
        )
    return code, f"the test run ended with status {code} before pytest's summary{place}"
