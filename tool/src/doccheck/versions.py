"""The versions the recordings were made with, and the stamp every page shows.

``make refresh`` writes two files next to the recordings, from the same facts:

- ``recorded/VERSIONS.json``: Python, TensorFlow, Keras, NumPy and the Keras backend of the run
  that last changed a recording (or a version), and that run's date;
- ``recorded/stamp.md``: "Verified with TensorFlow X · Keras Y · date", which
  ``pymdownx.snippets``' ``auto_append`` (``mkdocs.yml``) adds to the end of every page, under
  MkDocs and Zensical alike, so the site build never imports TensorFlow to say which one it was.

The recordings are always TensorFlow's. ``make matrix`` runs everything again on JAX and on
PyTorch (``DOCCHECK_BACKEND``, ``doccheck/runner.py``) against those same recordings; a run that
passed whole with ``--record-backend`` adds its backend's version to the file (``"jax"``,
``"torch"``), and the stamp goes on "· also JAX 0.10.2 and PyTorch 2.13.0". A refresh that
re-records anything drops them: the other backends have not seen the new recordings.

The versions come from the installed distributions' metadata (``importlib.metadata``), so the
pytest header and the checks need no TensorFlow import either. ``tests/test_versions.py`` holds
the stamp to the file, and the installed TensorFlow, Keras and backend to the file.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import platform
from importlib import metadata
from pathlib import Path

from doccheck.files import write_atomically
from doccheck.layout import VERSIONS_FILE, Project, rel
from doccheck.runner import BACKENDS, DEFAULT_BACKEND, KERAS_BACKEND

VERSIONS = VERSIONS_FILE
STAMP = "stamp.md"
# What each key is called in messages, in the order they are shown.
NAMES = {
    "python": "Python",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "numpy": "NumPy",
    "backend": "Keras backend",
    "jax": "JAX",
    "torch": "PyTorch",
}
# What the stamp states: the installed versions must be these. Python and NumPy are recorded but
# not held: the lock gives each Python its own NumPy, and the patch release of Python varies.
STATED = ("tensorflow", "keras", "backend")
# Reported when a recording is stale: what can change a snippet's output.
DRIFTING = ("tensorflow", "keras", "numpy", "backend")
# The wheels that install the ``tensorflow`` module, under their distribution names.
TENSORFLOW = ("tensorflow", "tensorflow-cpu", "tensorflow-macos", "tensorflow-intel")
# The distributions that are each backend.
BACKEND_DISTRIBUTIONS = {"tensorflow": TENSORFLOW, "jax": ("jax",), "torch": ("torch",)}
# The other backends, as the file and the stamp name them, in the stamp's order.
MATRIX = tuple(b for b in BACKENDS if b != DEFAULT_BACKEND)


# What the versions file says of a library that is not installed.
MISSING = "not installed"


def _version(*distributions: str) -> str:
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return MISSING


@functools.cache
def installed() -> dict[str, str]:
    """The versions this process runs, without importing TensorFlow or Keras."""
    return {
        "python": platform.python_version(),
        "tensorflow": _version(*TENSORFLOW),
        "keras": _version("keras"),
        "numpy": _version("numpy"),
        "backend": KERAS_BACKEND,
    }


def backend_version(backend: str = KERAS_BACKEND) -> str:
    """The installed version of a backend's library, without a local label (``2.13.0+cpu``)."""
    return _version(*BACKEND_DISTRIBUTIONS[backend]).split("+", 1)[0]


def on_default_backend() -> bool:
    """Whether this run is on TensorFlow, the backend the recordings are made with."""
    return KERAS_BACKEND == DEFAULT_BACKEND


def stated() -> tuple[str, ...]:
    """What the installed versions must match the file in: on another backend, only Keras.

    A run on JAX or PyTorch checks TensorFlow's recordings, made with the file's Keras; it does
    not need TensorFlow installed.
    """
    return STATED if on_default_backend() else ("keras",)


def drifting() -> tuple[str, ...]:
    """What a stale recording's message compares: on another backend, Keras and NumPy."""
    return DRIFTING if on_default_backend() else ("keras", "numpy")


def versions_file(project: Project) -> Path:
    """``recorded/VERSIONS.json`` of ``project``."""
    return project.recorded / VERSIONS


def stamp_file(project: Project) -> Path:
    """``recorded/stamp.md`` of ``project``, the Markdown appended to every page."""
    return project.recorded / STAMP


def recorded(project: Project) -> dict[str, str] | None:
    """What ``recorded/VERSIONS.json`` says, or None when there is no such file yet."""
    try:
        data = json.loads(versions_file(project).read_text("utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as err:
        raise ValueError(
            f"{rel(versions_file(project))}: not JSON ({err}); `make refresh`"
        ) from None
    return {str(k): str(v) for k, v in data.items()}


def stamp_text(versions: dict[str, str]) -> str:
    """The stamp's Markdown: one raw-HTML line, rendered the same by MkDocs and Zensical.

    The other backends a whole run passed on (``make matrix``) follow: "· also on JAX 0.10.2".
    """
    also = " and ".join(f"{NAMES[b]} {versions[b]}" for b in MATRIX if versions.get(b))
    # A site whose snippets need no Keras (``doccheck init``'s) names the Python that ran them.
    libraries = [
        f"{NAMES[k]} {versions[k]}"
        for k in ("tensorflow", "keras")
        if versions.get(k, MISSING) != MISSING
    ] or [f"Python {versions.get('python', MISSING)}"]
    return (
        f'<p class="verified-with"><small>Verified with {" · ".join(libraries)}'
        f" · {versions['date']}"
        f"{f' · also on {also}' if also else ''}</small></p>\n"
    )


def described(versions: dict[str, str], keys: tuple[str, ...]) -> str:
    """``TensorFlow 2.21.0 and Keras 3.15.1``: the named versions, joined for a sentence."""
    parts = [f"{NAMES[k]} {versions.get(k, 'unknown')}" for k in keys]
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]


def drift(was: dict[str, str] | None, now: dict[str, str], keys=DRIFTING) -> str | None:
    """``recorded with Keras 3.13.2, running Keras 3.15.1``, or None when nothing differs."""
    if not was:
        return None
    differ = tuple(k for k in keys if was.get(k) != now.get(k))
    if not differ:
        return None
    return f"recorded with {described(was, differ)}, running {described(now, differ)}"


def header(project: Project) -> list[str]:
    """The lines of pytest's header: what runs, on which backend, what the recordings used."""
    now = installed()
    running = [f"{NAMES[k]} {now[k]}" for k in ("python", "tensorflow", "keras", "numpy")]
    chosen = ""
    if not on_default_backend():
        running[1] = f"{NAMES[KERAS_BACKEND]} {backend_version()}"
        chosen = " (DOCCHECK_BACKEND), checked against TensorFlow's recordings"
    lines = ["versions: " + ", ".join(running)]
    shell = os.environ.get("KERAS_BACKEND", KERAS_BACKEND)
    overridden = (
        f"; this shell's KERAS_BACKEND={shell} is overridden" if shell != KERAS_BACKEND else ""
    )
    lines.append(
        f"keras backend: {KERAS_BACKEND}{chosen}, set by doccheck.runner with a Keras home of "
        f"its own (~/.keras/keras.json is not read{overridden})"
    )
    was = recorded(project)
    if was is None:
        lines.append(f"recordings: no {rel(versions_file(project))} yet (`make refresh` writes it)")
    else:
        made = described(was, ("tensorflow", "keras", "numpy"))
        note = drift(was, now, drifting())
        also = [f"{NAMES[b]} {was[b]}" for b in MATRIX if was.get(b)]
        lines.append(
            f"recordings: made with {made} on {was.get('date', 'an unknown date')}"
            + (f" ({note})" if note else "")
            + (f"; also verified on {' and '.join(also)}" if also else "")
        )
    return lines


def refresh(project: Project, changed: bool, today: datetime.date | None = None) -> list[str]:
    """After ``make refresh``: write both files if a recording or a stated version changed.

    ``changed`` says whether the refresh rewrote a recording or figure. A refresh that changed
    nothing, on the same versions, keeps the file and its date (and only repairs a stamp edited
    by hand). Returns the files written.
    """
    if not on_default_backend():
        raise ValueError(
            f"the recordings are {DEFAULT_BACKEND}'s: a run on {KERAS_BACKEND} "
            "(DOCCHECK_BACKEND) checks them, never rewrites them"
        )
    was = recorded(project)
    now = installed()
    versions = was
    written = []
    # Anything re-recorded drops the other backends (versions holds none of them): they have
    # not checked the new recordings yet.
    if was is None or changed or drift(was, now, STATED):
        today = today or datetime.datetime.now(datetime.UTC).date()
        versions = {**now, "date": today.isoformat()}
        if write_atomically(versions_file(project), json.dumps(versions, indent=2) + "\n"):
            written.append(rel(versions_file(project)))
    assert versions is not None
    if write_atomically(stamp_file(project), stamp_text(versions)):
        written.append(rel(stamp_file(project)))
    return written


def record_backend(project: Project) -> list[str]:
    """After a whole run on another backend passed: its version in the file and the stamp.

    ``make matrix`` (``pytest --record-backend``) calls it; it changes nothing on TensorFlow,
    without a versions file, or when the file's Keras is not the one that ran. Returns the files
    written.
    """
    was = recorded(project)
    if on_default_backend() or was is None or drift(was, installed(), stated()):
        return []
    versions = {**was, KERAS_BACKEND: backend_version()}
    written = []
    if write_atomically(versions_file(project), json.dumps(versions, indent=2) + "\n"):
        written.append(rel(versions_file(project)))
    if write_atomically(stamp_file(project), stamp_text(versions)):
        written.append(rel(stamp_file(project)))
    return written
