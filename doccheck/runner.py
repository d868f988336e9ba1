"""Runs one snippet inside this process, as ``python snippets/<page>/<name>.py`` would.

TensorFlow is imported once per pytest session (about 2 s here) instead of once per snippet.
Each run is isolated: a fresh namespace, fresh Keras state (layer names restart at ``conv2d``)
and fixed seeds (``freshstate.py``), and a fixed terminal width, because ``model.summary()``
sizes its table by the terminal. DeprecationWarning and UserWarning (Keras's warning class
for outdated idioms) are errors, as in
``python -W error::DeprecationWarning -W error::UserWarning``.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doccheck import freshstate
from doccheck.layout import Snippet, rel

SEED = 0
# What model.summary() (rich) reads to size and colour its table, and what matplotlib reads to
# pick a backend and date an SVG: fixed, so that a recording made on a laptop equals one made in
# CI. None removes the variable.
ENVIRONMENT = {
    "MPLBACKEND": "Agg",
    "SOURCE_DATE_EPOCH": "0",
    "COLUMNS": "80",
    "LINES": "24",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}
TIMEOUT_SECONDS = float(os.environ.get("DOCCHECK_TIMEOUT", "120"))


@dataclass
class Run:
    """What one snippet printed and left defined, or why it failed."""

    snippet: Snippet
    stdout: str = ""
    namespace: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # what it wrote, e.g. a figure
    seconds: float = 0.0  # the run alone: the one-time Keras import is not counted


class SnippetTimeout(Exception):
    """A snippet ran longer than ``DOCCHECK_TIMEOUT`` seconds."""


def run_snippet(snippet: Snippet, timeout: float = TIMEOUT_SECONDS) -> Run:
    """Execute the snippet's file and capture its standard output."""
    run = Run(snippet)
    try:
        keras = _import_keras()
    except Warning as err:
        run.error = f"importing Keras warns, so no snippet can run under -W error: {err!r}"
        return run
    start = time.perf_counter()
    path = snippet.path
    try:
        source = path.read_text(encoding="utf-8")
        code = compile(source, str(path), "exec")
    except (OSError, UnicodeDecodeError, SyntaxError) as err:
        run.error = f"{rel(path)}: cannot be read as Python: {err}"
        return run
    if not source.strip():
        run.error = f"{rel(path)}: is empty; write the example or delete the file"
        return run

    freshstate.reset(keras, source, SEED)  # layer names, seeds: as in a new process
    _reset_matplotlib()
    shown = rel(path)  # named before the run moves to its scratch directory
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(path)}
    stdout = io.StringIO()
    saved = (sys.argv[:], sys.path[:], os.getcwd(), {k: os.environ.get(k) for k in ENVIRONMENT})
    sys.argv, sys.path[0:0] = [str(path)], [str(path.parent)]
    _set_environ(ENVIRONMENT)
    # A fresh, empty working directory: whatever the snippet writes there is its output.
    scratch = tempfile.TemporaryDirectory(prefix="snippet-")
    os.chdir(scratch.name)
    try:
        with (
            warnings.catch_warnings(),
            _deadline(timeout),
            contextlib.redirect_stdout(stdout),
        ):
            warnings.simplefilter("error", DeprecationWarning)
            warnings.simplefilter("error", UserWarning)
            exec(code, namespace)
    except SnippetTimeout:
        run.error = (
            f"{shown}: still running after {timeout:g} s; stopped. Make it faster, or raise "
            "the limit with DOCCHECK_TIMEOUT=<seconds>"
        )
    except BaseException as err:  # a snippet may raise anything, SystemExit included
        if isinstance(err, SystemExit) and err.code in (None, 0):
            pass
        else:
            run.error = _describe_error(err, path, shown)
    finally:
        sys.argv, sys.path[:] = saved[0], saved[1]
        os.chdir(saved[2])
        _set_environ(saved[3])
        run.files = {
            p.name: p.read_bytes() for p in sorted(Path(scratch.name).iterdir()) if p.is_file()
        }
        scratch.cleanup()
        _close_figures()
    run.stdout = stdout.getvalue()
    run.namespace = namespace
    run.seconds = time.perf_counter() - start
    return run


def _reset_matplotlib() -> None:
    """Default styles, and SVG element ids that do not change from run to run."""
    try:
        import matplotlib
    except ImportError:
        return
    matplotlib.rcdefaults()
    matplotlib.rcParams["svg.hashsalt"] = "doccheck"


def _close_figures() -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _set_environ(values: dict[str, str | None]) -> None:
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _import_keras():
    """Import Keras (here, so that reading pages never pulls in TensorFlow), warnings as errors.

    A reader runs ``python -W error::DeprecationWarning ... snippet.py``: a warning raised while
    Keras itself is imported would stop every snippet, so the first import is held to it too.
    """
    # TensorFlow reads this at import; it only quiets stderr, which no recording includes.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        warnings.simplefilter("error", UserWarning)
        import keras
    if not _frozen:
        # What the import allocated lives as long as the process: move it out of the collector's
        # reach, so that the automatic full collections snippets trigger stay cheap.
        gc.freeze()
        _frozen.append(True)
    return keras


_frozen: list[bool] = []


@contextlib.contextmanager
def _deadline(seconds: float):
    """Interrupt the snippet after ``seconds`` (POSIX main thread; elsewhere no limit)."""
    if not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise SnippetTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe_error(err: BaseException, path: Path, shown: str) -> str:
    """``snippets/x/y.py:12: ValueError: ...``, pointing at the snippet's own line."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == str(path)]
    line = f":{frames[-1].lineno}" if frames else ""
    kind = type(err).__name__
    detail = str(err).strip().splitlines()
    first = detail[0] if detail else ""
    if isinstance(err, Warning):
        kind = f"{kind} (warnings are errors in snippets)"
    return f"{shown}{line}: {kind}: {first}"
