"""A problem the checker found: where it is, what kind, the message, and the fix if apart.

A :class:`Problem` is also the one line a writer reads today (``docs/p.md:3: claims 57 ...``,
the fix after a ``;``): it is a ``str`` of exactly that text, so every caller that joins,
compares or searches the messages keeps working, while the command line, the preview and pytest
take its parts (``path``, ``line``, ``kind``, ``message``, ``fix``) to format it their own way:
:func:`formatted` is how the command line and pytest show it, the place first as compilers
write it (editors jump there), the fix on a line of its own.
"""

from __future__ import annotations

from dataclasses import dataclass


def _place(path: str | None, line: int | None) -> str:
    """``docs/p.md:3: ``, ``docs/p.md: `` for a whole file, or nothing for the whole project."""
    if path is None:
        return ""
    return f"{path}:{line}: " if line is not None else f"{path}: "


def _text(path: str | None, line: int | None, message: str, fix: str | None) -> str:
    return _place(path, line) + message + (f"; {fix}" if fix else "")


@dataclass(frozen=True, eq=False, repr=False)
class Problem(str):
    """One mistake: ``path:line: message; fix`` as a string, and each part as a field.

    ``path`` is as the writer sees it (relative to the working directory, ``docs/p.md``), None
    for a problem of the whole project; ``line`` is None for a whole file. ``kind`` names the
    check (``claim``, ``include``, ...); ``fix`` what to do about it, when the message does not
    already say so. Equal to, and hashed as, its text.
    """

    path: str | None
    line: int | None
    kind: str
    message: str
    fix: str | None = None

    def __new__(
        cls, path: str | None, line: int | None, kind: str, message: str, fix: str | None = None
    ) -> Problem:
        """The string ``path:line: message; fix``; the dataclass sets the fields."""
        return super().__new__(cls, _text(path, line, message, fix))

    @property
    def unplaced(self) -> str:
        """The message and its fix, without the place: ``claims 57 ...; correct the page``."""
        return self.message + (f"; {self.fix}" if self.fix else "")

    def __reduce__(self) -> tuple[type[Problem], tuple[object, ...]]:
        """Copied and pickled by its fields (``str``'s own way would pass only the text)."""
        return Problem, (self.path, self.line, self.kind, self.message, self.fix)

    def __repr__(self) -> str:
        """``Problem('docs/p.md:3: ...', kind='claim')``."""
        return f"Problem({str.__repr__(self)}, kind={self.kind!r})"


def at(where: str, kind: str, message: str, fix: str | None = None) -> Problem:
    """A problem at ``where`` (``docs/p.md:42`` or ``docs/p.md``), as pages and claims give it."""
    path, sep, line = where.rpartition(":")
    if sep and line.isdigit():
        return Problem(path, int(line), kind, message, fix)
    return Problem(where, None, kind, message, fix)


def formatted(problem: str, kind: bool = False, label: str = "") -> str:
    """A problem as the command line shows it, and with ``kind`` as pytest does.

    ``docs/p.md:3: claims 57 ..., the snippet gives 56`` (`` [claim]`` after it with ``kind``;
    ``label`` before the message: ``docs/p.md:3: unknown: ...``), then
    ``  fix: correct the page or the snippet`` on its own line when the problem has a fix.
    A plain string (a finding that is not a :class:`Problem`) is shown as it is.
    """
    if not isinstance(problem, Problem):
        return f"{label}: {problem}" if label else str(problem)
    shown = _place(problem.path, problem.line) + (f"{label}: " if label else "") + problem.message
    if kind and problem.kind:
        shown += f" [{problem.kind}]"
    return shown + (f"\n  fix: {problem.fix}" if problem.fix else "")
