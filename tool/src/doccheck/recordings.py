"""Recorded outputs: what a snippet prints (``recorded/``) or draws (``docs/figures/``).

A recording is compared byte for byte with a fresh run; ``pytest --update-recordings``
rewrites the stale ones. Writes are atomic (a temporary file renamed over the old one), so an
interrupted refresh leaves every recording either old or new, never half-written.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from doccheck.files import write_atomically
from doccheck.layout import rel

if TYPE_CHECKING:
    from doccheck.article import Article
    from doccheck.layout import Snippet
    from doccheck.runner import Run


def stale_diff(path: Path, output: str, limit: int = 20) -> str | None:
    """None when ``path`` holds exactly ``output``; otherwise a short unified diff."""
    try:
        recorded = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None if output == "" else "(no recording yet)"  # nothing printed, nothing to show
    if recorded == output:
        return None
    diff = list(
        difflib.unified_diff(
            recorded.splitlines(), output.splitlines(), "recorded", "snippet prints", lineterm=""
        )
    )
    if len(diff) > limit:
        diff = [*diff[:limit], f"... ({len(diff) - limit} more diff lines)"]
    return "\n".join(diff)


def check_outputs(run: Run, article: Article, update: bool = False) -> tuple[list[str], list[str]]:
    """Compare what a run printed and wrote with the recorded files.

    Returns (problems, rewritten): with ``update`` the stale files are rewritten instead of
    reported. Nothing but ``recorded/`` and ``docs/figures/`` is ever written.
    """
    snippet = run.snippet
    problems: list[str] = []
    rewritten: list[str] = []

    def shown(path: Path) -> str:
        return ", ".join(i.where for i in article.shown_at(path)) or "no page yet"

    for reason in run.skipped:
        problems.append(f"{rel(snippet.path)} wrote {reason}; it was not kept")

    diff = stale_diff(snippet.recording, run.stdout)
    if diff is not None and update:
        write_atomically(snippet.recording, run.stdout)
        rewritten.append(rel(snippet.recording))
    elif diff is not None:
        problems.append(
            f"{rel(snippet.recording)} (shown at {shown(snippet.recording)}) is not what "
            f"{rel(snippet.path)} prints{drifted(snippet)}; {advice('output')}:\n{diff}"
        )
    for name, data in run.files.items():
        figure = snippet.figures / name
        if figure.is_file() and figure.read_bytes() == data:
            continue
        if update:
            write_atomically(figure, data)
            rewritten.append(rel(figure))
        else:
            state = "differs from" if figure.is_file() else "is missing; it is"
            problems.append(
                f"{rel(figure)} (shown at {shown(figure)}) {state} what {rel(snippet.path)} "
                f"draws{drifted(snippet)}; {advice('figure')}"
            )
    return problems, rewritten


def drifted(snippet: Snippet) -> str:
    """`` (recorded with Keras 3.13.2, running Keras 3.15.1)`` when the versions differ, or ""."""
    from doccheck import versions  # imported here: versions writes through this module

    drift = versions.drift(
        versions.recorded(snippet.project), versions.installed(), versions.drifting()
    )
    if not versions.on_default_backend():
        backend = versions.KERAS_BACKEND
        drift = ", ".join(filter(None, [f"on {backend}; the recordings are TensorFlow's", drift]))
    return f" ({drift})" if drift else ""


def advice(kind: str) -> str:
    """What to do about a stale ``kind`` (``output``, ``figure``).

    On TensorFlow: refresh. On another backend the snippet must become backend-neutral, since a
    refresh there would record that backend's output.
    """
    from doccheck import versions

    if versions.on_default_backend():
        return f"run `make refresh` if the new {kind} is right"
    return (
        f"make the snippet's {kind} the same on every backend (keras.ops, "
        "keras.ops.convert_to_numpy), or show each backend's on the page"
    )
