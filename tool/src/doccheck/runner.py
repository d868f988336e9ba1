"""Runs one snippet inside this process, as ``python snippets/<page>/<name>.py`` would.

TensorFlow is imported once per pytest session (about 2 s here) instead of once per snippet.
Each run is isolated: a fresh namespace, fresh Keras state (layer names restart at ``conv2d``)
and fixed seeds (``freshstate.py``), Keras's and NumPy's global settings and the whole
environment as they were after the import, no module left over from another snippet's folder,
and a fixed terminal width, because ``model.summary()`` sizes its table by the terminal.
DeprecationWarning and UserWarning (Keras's warning class for outdated idioms) are errors, as in
``python -W error::DeprecationWarning -W error::UserWarning``.

Keras is pinned before it is imported: the TensorFlow backend (or the one ``DOCCHECK_BACKEND``
names for a whole run: ``make matrix``), and a Keras home of its own, so that a writer's
``~/.keras/keras.json`` or ``KERAS_BACKEND`` cannot change what the pages say.

The claims' expressions are evaluated here, once each, right after the snippet and under the
same deadline; every consumer (the claim checks, the mutation test, the stored values for
``python -m doccheck``) reads the one value.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import io
import os
import re
import select
import signal
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterable
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
# A snippet that swallows the stop (``except BaseException``) is stopped again every second; one
# that swallows it for this long ends the process with a message, as nothing else can stop it.
GRACE_SECONDS = 10.0
# Called just before a stuck run ends the process, so that its message reaches the terminal:
# under pytest, whose capture has fd 2 in a file that dies with the process, the pytest plugin
# (doccheck.pytest_session) sets it to suspend the capture.
before_exit: Callable[[], object] | None = None
# Told what runs now (a snippet, or one of its claims with its page line), and "" when nothing
# does: under pytest, the plugin passes it to the supervisor (doccheck.supervisor), which names
# it if the process ends before pytest's summary.
progress: Callable[[str], object] | None = None
# os._exit as it was before any snippet ran: the stuck-run last resort must really end the process.
_REAL_EXIT = os._exit
# The pids that forked while a snippet or its claims ran (os.fork, multiprocessing's "fork"). A
# forked copy that gets back to the runner would run the rest of the tests beside this one: it
# says so on a pipe and ends quietly there, and the parent's run fails naming the snippet. A
# copy that ends by itself (os._exit in the child, as forking code should) is fine.
_forks: list[int] = []
_watching = [False]


def _note_fork() -> None:
    if _watching[0]:
        _forks.append(os.getpid())


os.register_at_fork(before=_note_fork)
# The Keras backend of every run: TensorFlow, unless ``DOCCHECK_BACKEND`` names another for the
# whole run (``make matrix``). Set before Keras is imported, whatever the writer's shell or
# ~/.keras/keras.json say.
DEFAULT_BACKEND = "tensorflow"
BACKENDS = ("tensorflow", "jax", "torch")


def selected_backend(environ=os.environ) -> str:
    """``DOCCHECK_BACKEND`` (default ``tensorflow``), never the writer's ``KERAS_BACKEND``."""
    chosen = environ.get("DOCCHECK_BACKEND", "").strip() or DEFAULT_BACKEND
    if chosen not in BACKENDS:
        raise ValueError(
            f"DOCCHECK_BACKEND={chosen!r} is not a Keras backend the pages are verified on; "
            f"use one of {', '.join(BACKENDS)} (unset: {DEFAULT_BACKEND})"
        )
    return chosen


# The backend Keras was imported with in this process (pin_keras): Keras cannot change it after.
_pinned: list[str] = []


def keras_backend() -> str:
    """The backend of this process's runs, read when a run starts, never kept from an import.

    Once Keras is imported (``pin_keras``), the backend it was imported with; before, what
    ``DOCCHECK_BACKEND`` says now. So a test that sets ``DOCCHECK_BACKEND`` for a while leaves
    nothing behind in the runs after it.
    """
    return _pinned[0] if _pinned else selected_backend()


def __getattr__(name: str) -> str:
    """``runner.KERAS_BACKEND``: :func:`keras_backend`, read at each use."""
    if name == "KERAS_BACKEND":
        return keras_backend()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Upstream warnings no idiom avoids, ignored by their exact message, on the backends that raise
# them, and only when Keras's own code raises them. Keras 3.15's ``Variable.__array__`` takes no
# ``copy`` keyword, so under NumPy 2 ``layer.get_weights()``, ``variable.numpy()`` and
# ``keras.ops.convert_to_numpy(variable)`` all warn on JAX and PyTorch (TensorFlow has its own
# variables): https://github.com/keras-team/keras/pull/21288 (open).
UPSTREAM_WARNINGS: dict[str, list[tuple[str, type[Warning], str]]] = {
    backend: [
        ("__array__ implementation doesn't accept a copy keyword", DeprecationWarning, "keras")
    ]
    for backend in ("jax", "torch")
}


@dataclass(frozen=True)
class Value:
    """What one claim expression gave: its value, or the error it raised."""

    value: Any = None
    error: str | None = None


@dataclass
class Run:
    """What one snippet printed, left defined and gave for each claim, or why it failed."""

    snippet: Snippet
    stdout: str = ""
    namespace: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # what it wrote, e.g. a figure
    seconds: float = 0.0  # the run alone: the one-time Keras import is not counted
    values: dict[str, Value] = field(default_factory=dict)  # by expression, evaluated once
    skipped: list[str] = field(default_factory=list)  # files it wrote that cannot be kept

    def value_of(self, expression: str) -> Value:
        """The value of one claim expression (evaluated with the run)."""
        found = self.values.get(expression.strip())
        if found is None:
            return Value(error="it was not evaluated with the snippet's run")
        return found


class SnippetExit(BaseException):
    """A snippet or claim called ``os._exit``, which would end the test run with no summary.

    Raised in its place while snippets and claims run (``_no_hard_exit``).
    """

    line: int | None = None  # the snippet's line that called it, if the snippet's own code did

    @property
    def status(self) -> object:
        """What the snippet passed to ``os._exit``."""
        return self.args[0] if self.args else 0


class SnippetTimeout(BaseException):
    """A snippet ran longer than ``DOCCHECK_TIMEOUT`` seconds.

    A ``BaseException``, so that a snippet's ``except Exception`` retry loop cannot swallow it.
    """


def run_snippet(
    snippet: Snippet,
    expressions: Iterable[str] = (),
    timeout: float = TIMEOUT_SECONDS,
    where: dict[str, str] | None = None,
) -> Run:
    """Execute the snippet's file, capture its standard output, then evaluate ``expressions``.

    ``where`` maps an expression to the page line that claims it (``docs/p.md:3``), so that a
    claim that ends the process is named by its place.
    """
    run = Run(snippet)
    try:
        keras = _import_keras()
    except Warning as err:
        run.error = f"importing Keras warns, so no snippet can run under -W error: {err!r}"
        return run
    backend = keras_backend()
    if _pinned and selected_backend() != backend:
        run.error = (
            f"DOCCHECK_BACKEND={selected_backend()} asks for another backend than the "
            f"{backend} this process imported Keras on; a backend holds for a whole run: "
            "start a new one"
        )
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

    if keras is not None:
        freshstate.reset(keras, source, SEED, full=_touched_tensorflow)
    freshstate.restore_settings()
    _reset_matplotlib()
    _unload_snippet_modules(snippet)
    shown = rel(path)  # named before the run moves to its scratch directory
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(path)}
    stdout = io.StringIO()
    saved = (sys.argv[:], sys.path[:], os.getcwd(), dict(os.environ))
    sys.argv, sys.path[0:0] = [str(path)], [str(path.parent)]
    _set_environ(ENVIRONMENT)
    # A fresh, empty working directory: whatever the snippet writes there is its output.
    scratch = tempfile.TemporaryDirectory(prefix="snippet-")
    os.chdir(scratch.name)
    pending = list(dict.fromkeys(e.strip() for e in expressions))
    places = {key.strip(): value for key, value in (where or {}).items()}
    evaluating: list[str] = []
    exits: list[SnippetExit] = []  # each os._exit call, even one the snippet swallowed
    session = os.getpid()
    _forks.clear()
    _watching[0] = True
    returned, returning = os.pipe()  # a forked copy back in the runner writes here, then ends

    def end_copy() -> None:
        if os.getpid() != session:
            os.write(returning, b"x")
            _REAL_EXIT(0)  # a forked copy: it must not run the rest of the test session

    try:
        with (
            warnings.catch_warnings(),
            _deadline(timeout, shown),
            _no_hard_exit(exits, path),
            contextlib.redirect_stdout(stdout),
        ):
            warnings.simplefilter("error", DeprecationWarning)
            warnings.simplefilter("error", UserWarning)
            for message, category, module in UPSTREAM_WARNINGS.get(backend, []):
                warnings.filterwarnings(
                    "ignore", re.escape(message), category, rf"{re.escape(module)}(\.|$)"
                )
            _tell(shown)
            try:
                exec(code, namespace)
            except SystemExit as err:
                if err.code not in (None, 0):
                    raise
            end_copy()
            if exits:  # the snippet caught the SnippetExit its os._exit raised
                raise exits[0]
            for expression in pending:
                evaluating[:] = [expression]
                place = f" at {places[expression]}" if expression in places else ""
                _tell(f"{shown}, evaluating the claim `{expression}`{place}")
                run.values[expression] = _evaluate(expression, namespace, exits)
            evaluating.clear()
    except SnippetExit as err:
        run.error = _describe_exit(err, path, shown)
    except SnippetTimeout:
        during = f" (evaluating the claim `{evaluating[0]}`)" if evaluating else ""
        run.error = (
            f"{shown}: still running after {timeout:g} s{during}; stopped. Make it faster, or "
            "raise the limit with DOCCHECK_TIMEOUT=<seconds>"
        )
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # a snippet may raise anything
        run.error = _describe_error(err, path, shown)
    finally:
        end_copy()  # a forked copy that raised ends here, quietly, too
        _watching[0] = False
        _tell("")
        sys.argv, sys.path[:] = saved[0], saved[1]
        os.chdir(saved[2])
        os.environ.clear()
        os.environ.update(saved[3])
        run.files, run.skipped = _outputs(Path(scratch.name))
        scratch.cleanup()
        _close_figures()
        _mark_tensorflow_use(namespace, snippet)
        _unload_snippet_modules(snippet)
    if _copy_returned(returned, returning, timeout) and run.error is None:
        run.error = (
            f"{shown}: forks a process (os.fork, or multiprocessing's 'fork' start method); "
            "the copy would run the rest of the test session beside this one. Run the work in "
            "subprocess, or in multiprocessing with the 'spawn' start method"
        )
    run.stdout = stdout.getvalue()
    run.namespace = namespace
    run.seconds = time.perf_counter() - start
    return run


def _copy_returned(returned: int, returning: int, timeout: float) -> bool:
    """Whether a process the snippet forked got back to the runner (and ended there).

    Waits until every copy has closed the pipe (each copy ends at the latest where its
    snippet's run does), at most ``timeout`` seconds.
    """
    os.close(returning)
    said = b""
    try:
        if _forks:
            deadline = time.monotonic() + timeout
            while (left := deadline - time.monotonic()) > 0:
                if not select.select([returned], [], [], left)[0]:
                    break
                chunk = os.read(returned, 64)
                if not chunk:
                    break  # every copy has ended
                said += chunk
    finally:
        os.close(returned)
    return bool(said)


def _evaluate(expression: str, namespace: dict[str, Any], exits: list[SnippetExit]) -> Value:
    """One claim expression, in the snippet's own namespace (so evaluated exactly once).

    A claim that exits (``sys.exit``, or ``os._exit``, which ``_no_hard_exit`` turned into an
    exception) is this claim's error, named at its page line: the run goes on.
    """
    before = len(exits)
    try:
        value = Value(eval(expression, namespace))  # the writer's own expression
    except SnippetTimeout:
        raise
    except SnippetExit as err:
        return Value(error=f"it calls os._exit({err.status!r}), which would end the test run")
    except SystemExit as err:
        return Value(error=f"it calls sys.exit({err.code!r}); a claim must give a value, not exit")
    except Exception as err:
        return Value(error=f"{type(err).__name__}: {err}")
    if len(exits) > before:  # a function of the snippet's caught it
        status = exits[before].status
        return Value(error=f"it calls os._exit({status!r}), which would end the test run")
    return value


def _tell(what: str) -> None:
    """Tell the supervisor, if there is one, what runs now."""
    if progress is not None:
        progress(what)


@contextlib.contextmanager
def _no_hard_exit(exits: list[SnippetExit], path: Path):
    """While a snippet and its claims run, ``os._exit`` raises ``SnippetExit`` instead.

    ``os._exit(0)`` would end pytest at once, with status 0 and no summary: a green run. The
    call is noted in ``exits`` too, with the snippet's line, so a snippet that catches the
    exception still fails. Both names are replaced, ``os._exit`` and the platform module's own
    (``posix._exit``). From C (``ctypes``) the real one is still reachable: the supervisor
    (doccheck.supervisor) catches that. In a process the snippet forked, ``os._exit`` is the
    real one.
    """
    platform = sys.modules.get(os.name)
    session = os.getpid()

    def refuse(status: object = 0) -> None:
        if os.getpid() != session:
            # A process the snippet forked ends as it asked: refused, it would go on running
            # the rest of the test session beside this one.
            _REAL_EXIT(status if isinstance(status, int) else 1)
        stop = SnippetExit(status)
        # Where the snippet called it, kept for when the snippet swallows the exception.
        stop.line = next(
            (f.lineno for f in reversed(traceback.extract_stack()) if f.filename == str(path)),
            None,
        )
        exits.append(stop)
        raise stop

    holders = [m for m in (os, platform) if m is not None]
    for module in holders:
        module._exit = refuse
    try:
        yield
    finally:
        for module in holders:
            module._exit = _REAL_EXIT


def _outputs(scratch: Path) -> tuple[dict[str, bytes], list[str]]:
    """The regular files a snippet wrote, and what it wrote that cannot be published.

    A symbolic link could point anywhere on the machine, and would be copied into the site; a
    file in a subfolder has no place in ``docs/figures/<page>/``. Both are reported, not kept.
    """
    files: dict[str, bytes] = {}
    skipped: list[str] = []
    for p in sorted(scratch.rglob("*")):
        name = p.relative_to(scratch).as_posix()
        if p.is_symlink():
            skipped.append(f"{name} is a symbolic link; write the file itself")
        elif p.is_dir():
            continue
        elif p.parent != scratch:
            skipped.append(f"{name} is in a subfolder; write figures next to the snippet's cwd")
        elif p.is_file():
            files[p.name] = p.read_bytes()
    return files, skipped


# Whether the last snippet held TensorFlow itself (a module or function of it, directly or
# through a helper module): the next one then gets TensorFlow's full reset.
_touched_tensorflow = False


def _mark_tensorflow_use(namespace: dict[str, Any], snippet: Snippet) -> None:
    global _touched_tensorflow
    scopes = [namespace] + [vars(m) for m in _snippet_modules(snippet).values()]
    _touched_tensorflow = any(
        _is_tensorflow(value) for scope in scopes for value in list(scope.values())
    )


def _is_tensorflow(value: object) -> bool:
    if isinstance(value, type(os)):
        return value.__name__.split(".")[0] == "tensorflow"
    if callable(value) and not hasattr(value, "__self__"):
        return str(getattr(value, "__module__", "") or "").split(".")[0] == "tensorflow"
    return False


def _snippet_modules(snippet: Snippet) -> dict[str, Any]:
    """Modules imported from the snippets' folder (a page's helper such as ``_shared.py``)."""
    root = str(snippet.project.snippets.resolve()) + os.sep
    found = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and _under(file, root):
            found[name] = module
    return found


def _under(file: str, root: str) -> bool:
    """Whether the module file ``file`` lies under the folder ``root`` (ending in a separator).

    Remembered for absolute paths: three scans of some 3,000 modules per snippet run cost more
    than half a second of ``make verify`` otherwise. A relative one depends on the directory.
    """
    if not os.path.isabs(file):
        return os.path.abspath(file).startswith(root)
    verdict = _seen.get((file, root))
    if verdict is None:
        verdict = _seen[file, root] = os.path.normpath(file).startswith(root)
    return verdict


_seen: dict[tuple[str, str], bool] = {}


def _unload_snippet_modules(snippet: Snippet) -> None:
    """Forget helpers imported from a snippets folder: two pages may each have a ``_helpers``."""
    for name in _snippet_modules(snippet):
        del sys.modules[name]


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
    """Set, or with None remove, each variable."""
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _import_keras() -> Any:
    """Import Keras (here, so that reading pages never pulls in TensorFlow), warnings as errors.

    A reader runs ``python -W error::DeprecationWarning ... snippet.py``: a warning raised while
    Keras itself is imported would stop every snippet, so the first import is held to it too.
    None where Keras is not installed.
    """
    if "keras" not in sys.modules and importlib.util.find_spec("keras") is None:
        # A site whose snippets use no Keras (`doccheck init`'s): no Keras state to reset. A
        # snippet that imports it fails at its own line.
        return None
    # TensorFlow reads this at import; it only quiets stderr, which no recording includes.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if "keras" not in sys.modules:
        pin_keras()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        warnings.simplefilter("error", UserWarning)
        try:
            import keras
        except ModuleNotFoundError as err:
            raise MissingKeras(
                f"{sys.executable} cannot import {err.name or 'keras'} ({err}), which running a "
                f"snippet on {keras_backend()} needs: use the project's environment "
                "(`.venv/bin/python -m doccheck ...`, which `make verify` creates) or install "
                "its `verify` dependency group; `python -m doccheck check` needs neither"
            ) from None
    if not _frozen:
        freshstate.remember_settings(keras)
        # What the import allocated lives as long as the process: move it out of the collector's
        # reach, so that the automatic full collections snippets trigger stay cheap.
        gc.freeze()
        _frozen.append(True)
    return keras


_frozen: list[bool] = []


class MissingKeras(RuntimeError):
    """The running Python has no Keras (or no backend for it): no snippet can run in it."""


def pin_keras() -> dict[str, str]:
    """Pin Keras's backend and home in this process's environment, before Keras is imported.

    The home is a folder of this run's own, so ``~/.keras/keras.json`` is never read; returns
    the variables set, for a child process to inherit.
    """
    _pinned[:] = [selected_backend()]
    pinned = {
        "KERAS_BACKEND": _pinned[0],
        "KERAS_HOME": tempfile.mkdtemp(prefix="doccheck-keras-home-"),
    }
    os.environ.update(pinned)
    return pinned


@contextlib.contextmanager
def _deadline(seconds: float, shown: str):
    """Interrupt the snippet after ``seconds`` (POSIX main thread; elsewhere no limit).

    The stop repeats every second until the run ends; a snippet that keeps swallowing it ends
    the process after ``GRACE_SECONDS``, saying why.
    """
    if not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return
    done = threading.Event()

    def expire(signum, frame):
        if not done.is_set():  # a stop arriving while the run is being wound up is too late
            raise SnippetTimeout

    def last_resort():
        if before_exit is not None:
            with contextlib.suppress(Exception):
                before_exit()
        sys.__stderr__.write(
            f"\ndoccheck: {shown} did not stop at {seconds:g} s (it is stuck in C code, or "
            "swallows BaseException); ending the process\n"
        )
        sys.__stderr__.flush()
        _REAL_EXIT(3)

    watchdog = threading.Timer(seconds + GRACE_SECONDS, last_resort)
    watchdog.daemon = True
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.cancel()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe_exit(err: SnippetExit, path: Path, shown: str) -> str:
    """``snippets/x/y.py:3: calls os._exit(0) ...``: the line, and what to write instead."""
    line = f":{err.line}" if err.line else ""
    return (
        f"{shown}{line}: calls os._exit({err.status!r}), which would end the whole test run "
        "with no summary; let the script end, or raise SystemExit"
    )


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
