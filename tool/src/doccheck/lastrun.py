"""What the last verified run computed, so that pages can be re-checked without TensorFlow.

For every snippet it runs, pytest keeps the value of each claim expression, a hash of the
snippet's source and how long it ran, in pytest's own cache (``.pytest_cache/``, gitignored).
``python -m doccheck`` reads the pages and that cache and lists the claims that disagree with
it, in well under a second. It is a writer's shortcut: CI always verifies from scratch.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from fractions import Fraction
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from doccheck.article import claim_problem, is_truth
from doccheck.files import write_atomically
from doccheck.layout import PROJECT, Project, Snippet, rel
from doccheck.numbers import as_number, as_shape
from doccheck.pages import Claim
from doccheck.problems import Problem, at

if TYPE_CHECKING:
    from doccheck.runner import Run

# pytest stores ``config.cache.set(f"{CACHE_KEY}/{snippet}", entry)`` under this folder.
CACHE_KEY = "doccheck/runs"
# How values are stored (stored_value); a run stored in another format is not this one's:
# format 1 kept strings as their repr, which a word claim would have read as a wrong word.
STORED_FORMAT = 2


_LIBRARIES = ("keras", "tensorflow", "tensorflow-cpu", "numpy", "matplotlib", "jax", "torch")


def source_hash(snippet: Snippet) -> str:
    """A hash of what the snippet's values depend on, to tell whether they are still its own.

    Its file, every other file in its folder (a helper or sibling it imports, data it reads)
    and the versions of the libraries it runs on: a new Keras makes every value unknown again.
    """
    digest = hashlib.sha256()
    try:
        digest.update(snippet.path.read_bytes())
    except OSError:
        return ""
    # Its folder's other files: helpers and sibling snippets it may import, data it may read.
    for other in sorted(snippet.path.parent.iterdir()):
        if other.is_file() and other != snippet.path and other.suffix != ".pyc":
            digest.update(other.name.encode() + b"\0" + other.read_bytes())
    digest.update(_versions().encode())
    digest.update(f"stored-format={STORED_FORMAT}".encode())
    return digest.hexdigest()


@functools.cache
def _versions() -> str:
    from doccheck.runner import DEFAULT_BACKEND, KERAS_BACKEND

    # A run on another backend (DOCCHECK_BACKEND) never passes for TensorFlow's.
    found = [] if KERAS_BACKEND == DEFAULT_BACKEND else [f"backend={KERAS_BACKEND}"]
    for name in _LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ";".join(found)


def content_hash(data: str | bytes) -> str:
    """The hash kept for a printed output or a drawn file."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def expression_key(expression: str) -> str:
    """The expression as written, trimmed: ``len("a b")`` and ``len("ab")`` stay apart."""
    return expression.strip()


# A word claim's value is a word: a longer string is kept as its repr, like any other value.
_LONGEST_TEXT = 1000


def stored_value(value: Any) -> dict[str, Any]:
    """A claim expression's value as JSON: what the comparison needs, nothing more.

    Whole numbers are kept as JSON integers (exact at any size), others as their exact ratio.
    """
    if is_truth(value):
        return {"truth": bool(value)}
    if isinstance(value, str) and len(value) <= _LONGEST_TEXT:
        return {"text": str(value)}  # a word claim's word, compared whole
    shape = as_shape(value)
    if shape is not None:
        return {"shape": list(shape)}
    number = as_number(value)
    if number is not None:
        if number.denominator == 1:
            return {"number": number.numerator}
        return {"ratio": [number.numerator, number.denominator]}
    return {"other": repr(value)[:200]}


def observe(snippet: Snippet, run: Run) -> dict[str, Any]:
    """The cache entry for one run: each claim expression's value, or why it had none."""
    values: dict[str, Any] = {}
    if run.error is None:
        for expression, outcome in run.values.items():
            key = expression_key(expression)
            if outcome.error:
                values[key] = {"error": outcome.error}
            else:
                values[key] = stored_value(outcome.value)
    return {
        "source": source_hash(snippet),
        "seconds": round(run.seconds, 4),
        "error": run.error,
        "values": values,
        "stdout": content_hash(run.stdout),
        "files": {name: content_hash(data) for name, data in run.files.items()},
    }


def store(project: Project, name: str, entry: dict[str, Any]) -> None:
    """Save one entry where pytest's cache keeps it, in pytest's own format."""
    path = cache_folder(project) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(entry, ensure_ascii=False, indent=2, sort_keys=True))


def failed_snippets(
    snippets: list[Snippet], entries: dict[str, dict[str, Any]], shown: Callable[[Path], str]
) -> list[Problem]:
    """Each snippet whose last run (of its current source) failed, once, claims or not."""
    return [
        Problem(
            None, None, "snippet failed", f"{entries[s.name]['error']} (shown at {shown(s.path)})"
        )
        for s in snippets
        if entries.get(s.name, {}).get("error") and entries[s.name].get("source") == source_hash(s)
    ]


def stale_files(snippet: Snippet, entry: dict[str, Any] | None) -> list[Path]:
    """The recording and figures of ``snippet`` that differ from what its last run wrote.

    Empty when the last run failed or was of another source (that is reported as changed).
    """
    if not entry or entry.get("error") or "stdout" not in entry:
        return []
    if entry.get("source") != source_hash(snippet):
        return []
    stale = []
    recorded = snippet.recording.read_bytes() if snippet.recording.is_file() else b""
    if content_hash(recorded) != entry["stdout"]:
        stale.append(snippet.recording)
    for name, digest in sorted(entry.get("files", {}).items()):
        figure = snippet.figures / name
        if not figure.is_file() or content_hash(figure.read_bytes()) != digest:
            stale.append(figure)
    return stale


def stale_outputs(
    snippets: list[Snippet], entries: dict[str, dict[str, Any]], shown: Callable[[Path], str]
) -> list[Problem]:
    """Recordings and figures that differ from what the snippet's last run printed or drew."""
    problems = []
    for snippet in snippets:
        for path in stale_files(snippet, entries.get(snippet.name)):
            what = "printed" if path == snippet.recording else "drew"
            problems.append(
                Problem(
                    None,
                    None,
                    "stale output",
                    f"{rel(path)} (shown at {shown(path)}) is not what {rel(snippet.path)} {what} "
                    "in its last run; `python -m doccheck fix` rewrites it",
                )
            )
    return problems


def cache_folder(project: Project = PROJECT) -> Path:
    """Where pytest keeps the entries (its default ``cache_dir``)."""
    return project.root / ".pytest_cache" / "v" / CACHE_KEY


def watched_folder(project: Project = PROJECT) -> Path:
    """The folder the entries are kept in, made if missing, for a preview to watch.

    A watcher needs a folder that exists. A ``.pytest_cache`` made here gets the ``.gitignore``
    pytest puts in the one it makes (pytest adds its other files only to a folder it makes).
    """
    folder = cache_folder(project)
    cache = project.root / ".pytest_cache"
    if not cache.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        (cache / ".gitignore").write_text("# Created by pytest automatically.\n*\n", "utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load(project: Project = PROJECT) -> dict[str, dict[str, Any]]:
    """Every stored entry, by snippet name; an unreadable entry counts as none."""
    folder = cache_folder(project)
    entries: dict[str, dict[str, Any]] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        try:
            entries[path.relative_to(folder).as_posix()] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
    return entries


def disagreements(
    claims: list[Claim], entries: dict[str, dict[str, Any]], project: Project = PROJECT
) -> tuple[list[Problem], list[Problem]]:
    """(claims that disagree with the last run, notes on what that run did not cover)."""
    problems: list[Problem] = []
    notes: list[Problem] = []
    changed: set[str] = set()
    for claim in claims:
        entry = entries.get(claim.snippet)
        snippet = Snippet(claim.snippet, project)
        if entry is None:
            notes.append(at(claim.where, "unrun", f"{claim.key} has no verified value yet"))
            continue
        if entry.get("source") != source_hash(snippet):
            changed.add(claim.snippet)
            continue
        if entry.get("error"):
            continue  # failed_snippets() reports it once
        stored = entry.get("values", {}).get(expression_key(claim.expression))
        if stored is None:
            notes.append(
                at(
                    claim.where,
                    "unrun",
                    f"{claim.comment} is new since the last run of snippets/{claim.snippet}.py",
                )
            )
            continue
        problem = compared(claim, stored)
        if problem:
            problems.append(problem)
    for name in sorted(changed):
        notes.append(
            Problem(
                None,
                None,
                "unrun",
                f"{rel(Snippet(name, project).path)} changed since the last verified run",
            )
        )
    return problems, notes


def stored_as_value(stored: dict[str, Any]) -> Any:
    """The value :func:`stored_value` kept, as a claim compares it."""
    if "truth" in stored:
        return bool(stored["truth"])
    if "text" in stored:
        return str(stored["text"])
    if "shape" in stored:
        return tuple(stored["shape"])
    if "number" in stored:
        return stored["number"]
    if "ratio" in stored:
        return Fraction(*stored["ratio"])
    return stored.get("other")


def compare(claim: Claim, stored: dict[str, Any] | None) -> str | None:
    """Why the stored value does not match the claim, or None when it does."""
    problem = compared(claim, stored)
    return problem.unplaced if problem else None


def compared(claim: Claim, stored: dict[str, Any] | None) -> Problem | None:
    """The claim's problem with the stored value, at its page line, or None when it holds."""
    if stored is None:
        return at(claim.where, "claim", f"{claim.key} was not evaluated in the last run")
    value = stored_as_value(stored)
    return claim_problem(claim, value, stored.get("error"), "the last verified run gave")
