"""A warm worker: one process that has imported Keras runs snippets for ``doccheck run``.

Importing TensorFlow and Keras takes seconds, the snippets a writer just changed a fraction of
one. ``python -m doccheck worker`` imports Keras once and waits; ``run`` (and ``fix``, which
runs first) sends it each snippet to run and gets back what it stores and checks, ``suggest``
the page to suggest claims for; each starts cold, in its own process, when no worker answers.
The preview (``mkdocs serve``) sends it each saved snippet (``doccheck.live``), so its new
values, recording and figures reach its pages with no command typed; with no worker it never
runs a snippet itself. The worker runs a snippet exactly as a cold run does
(``doccheck.runner.run_snippet``, with its fresh-state resets, its deadline and its guard on
``os._exit``), one request at a time.

A snippet that crashes the interpreter ends the worker, not the command: that snippet's run
fails, naming it, and the next ``run`` starts cold until a worker is started again (the
preview starts one at the next save, which ends with the preview: :data:`PARENT`).

The worker listens on a Unix socket named after the project's folder, in the temporary
folder, readable by this user only, behind a key only this user can read
(``multiprocessing.connection``, stdlib). Without Unix sockets (Windows) there is no worker.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import socket
import sys
import tempfile
import threading
import time
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any

from doccheck.layout import PROJECT, Project, Snippet, rel
from doccheck.runner import KERAS_BACKEND, Run

# Set by the preview that starts a worker: its pid; the worker ends when that process does.
PARENT = "DOCCHECK_WORKER_PARENT"


def address(project: Project = PROJECT) -> Path:
    """The socket a worker for ``project`` listens on (its key is beside it, ``.key``)."""
    root = str(project.root.resolve()).encode()
    name = f"doccheck-{os.getuid()}-{hashlib.sha256(root).hexdigest()[:16]}.sock"
    return Path(tempfile.gettempdir()) / name


def _key_file(project: Project) -> Path:
    return address(project).with_suffix(".key")


def _starting_file(project: Project) -> Path:
    return address(project).with_suffix(".starting")


def starting(project: Project = PROJECT) -> int | None:
    """The pid of a worker for ``project`` still importing Keras, or None.

    ``make serve`` starts the worker and the server together: the server's first build comes
    long before the worker listens, and the snippets saved meanwhile must wait for it.
    """
    try:
        pid = int(_starting_file(project).read_text("utf-8"))
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


class Worker:
    """A connection to a warm worker."""

    def __init__(self, connection: Connection, pid: int) -> None:
        """A worker that answered on ``connection`` and runs as process ``pid``."""
        self._connection = connection
        self.pid = pid
        self.alive = True  # False once a snippet ended it: the next ones run cold

    def run(self, snippet: Snippet, expressions: list[str]) -> tuple[Run, dict[str, Any]]:
        """The run of ``snippet`` in the worker, and its cache entry (``lastrun.observe``).

        A worker that dies on it fails the run, naming it.
        """
        try:
            self._connection.send(("run", snippet.name, expressions))
            reply = self._connection.recv()
        except (EOFError, OSError) as err:
            self.alive = False
            run = Run(snippet)
            run.error = (
                f"{rel(snippet.path)}: ended the warm worker (pid {self.pid}) that ran it "
                f"({err!r}): it crashed or exited the interpreter; run it alone with "
                f"`python {rel(snippet.path)}` to see why"
            )
            from doccheck.lastrun import observe

            return run, observe(snippet, run)
        run = Run(
            snippet,
            stdout=reply["stdout"],
            error=reply["error"],
            files=reply["files"],
            seconds=reply["seconds"],
            skipped=reply["skipped"],
        )
        return run, reply["entry"]

    def suggest(self, page: Path) -> list[str]:
        """``doccheck suggest``'s lines for ``page``, its snippets run in the worker."""
        try:
            self._connection.send(("suggest", str(page.resolve())))
            return self._connection.recv()
        except (EOFError, OSError) as err:
            self.alive = False
            return [
                f"{rel(page)}: one of its snippets ended the warm worker (pid {self.pid}) that "
                f"ran it for suggest ({err!r}); `python -m doccheck run` names it"
            ]

    def close(self) -> None:
        """Hang up; the worker waits for the next command."""
        self._connection.close()


def connect(project: Project = PROJECT) -> Worker | None:
    """The warm worker of ``project`` on this backend, or None when none answers."""
    path, key = address(project), _key_file(project)
    if not hasattr(socket, "AF_UNIX") or not path.exists():
        return None
    try:
        connection = Client(str(path), family="AF_UNIX", authkey=key.read_bytes())
    except ConnectionRefusedError:
        # A worker killed without cleaning up: nobody listens, nobody will.
        path.unlink(missing_ok=True)
        key.unlink(missing_ok=True)
        return None
    except (OSError, EOFError, ValueError, AuthenticationError):
        return None  # a worker still starting, or one that refused this key
    try:
        connection.send(("hello", KERAS_BACKEND))
        backend, pid = connection.recv()
    except (OSError, EOFError):
        connection.close()
        return None
    if backend != KERAS_BACKEND:
        connection.close()
        return None
    return Worker(connection, pid)


def serve(project: Project = PROJECT) -> None:
    """Import Keras, then run the snippets commands send, until interrupted or terminated."""
    from doccheck import runner

    path, key_file = address(project), _key_file(project)
    running = connect(project)
    if running is not None:
        running.close()
        raise SystemExit(f"a worker for {project.root} is already running (pid {running.pid})")
    marker = _starting_file(project)
    _mark_starting(marker)
    try:
        runner._import_keras()  # the one import every later run saves
        path.unlink(missing_ok=True)
        listener = _listen(path, key_file)
    finally:
        marker.unlink(missing_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)
    if os.environ.get(PARENT):
        threading.Thread(target=_end_with, args=(int(os.environ[PARENT]),), daemon=True).start()
    print(f"doccheck worker {os.getpid()}: warm for {project.root}", file=sys.stderr, flush=True)
    try:
        while True:
            try:
                connection = listener.accept()
            except (OSError, EOFError, AuthenticationError):
                continue  # a client with the wrong key, or one that hung up at once
            with connection:
                _answer(connection, project)
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()
        key_file.unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def _mark_starting(marker: Path) -> None:
    """Write this process's pid to ``marker``, a new file only this user can write."""
    marker.unlink(missing_ok=True)
    try:
        descriptor = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return  # another user's file: a preview only starts its runs once this worker listens
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))


def _listen(path: Path, key_file: Path) -> Listener:
    """Listen on ``path`` behind a new key in ``key_file``, both readable by this user only."""
    key = secrets.token_bytes(32)
    key_file.unlink(missing_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    old_mask = os.umask(0o177)  # the socket file: this user only
    try:
        return Listener(str(path), family="AF_UNIX", authkey=key)
    finally:
        os.umask(old_mask)


def _end_with(parent: int) -> None:
    """Stop (as SIGTERM stops it) once ``parent``, the preview that started it, has ended."""
    while os.getppid() == parent:
        time.sleep(0.5)
    # To the main thread, which waits in accept(): only there does the signal interrupt it.
    signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _answer(connection: Connection, project: Project) -> None:
    """Answer one command's requests until it hangs up."""
    from doccheck.lastrun import observe
    from doccheck.runner import run_snippet

    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request[0] == "hello":
            connection.send((KERAS_BACKEND, os.getpid()))
            continue
        if request[0] == "suggest":
            from doccheck.article import Article
            from doccheck.commands import suggest

            try:
                lines = suggest(Article.load(project), Path(request[1]))
            except Exception as err:  # the pages as they are now: the worker must go on
                lines = [f"{request[1]}: could not suggest: {err!r}"]
            connection.send(lines)
            continue
        _, name, expressions = request
        snippet = Snippet(name, project)
        run = run_snippet(snippet, expressions)
        connection.send(
            {
                "entry": observe(snippet, run),
                "stdout": run.stdout,
                "error": run.error,
                "files": run.files,
                "seconds": run.seconds,
                "skipped": run.skipped,
            }
        )
