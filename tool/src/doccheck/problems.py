"""A problem the checker found: where it is, what kind, the message, and the fix if apart.

A :class:`Problem` is also the one line a writer reads today (``docs/p.md:3: claims 57 ...``):
it is a ``str`` of exactly that text, so every caller that prints, joins, compares or searches
the messages keeps working, while the command line, the preview and pytest can take its parts
(``path``, ``line``, ``kind``, ``message``) to format it their own way.
"""

from __future__ import annotations

from dataclasses import dataclass


def _text(path: str | None, line: int | None, message: str) -> str:
    if path is None:
        return message
    return f"{path}:{line}: {message}" if line is not None else f"{path}: {message}"


@dataclass(frozen=True, eq=False, repr=False)
class Problem(str):
    """One mistake: ``path:line: message`` as a string, and each part as a field.

    ``path`` is as the writer sees it (relative to the working directory, ``docs/p.md``), None
    for a problem of the whole project; ``line`` is None for a whole file. ``kind`` names the
    check (``claim``, ``include``, ...). Equal to, and hashed as, its text.
    """

    path: str | None
    line: int | None
    kind: str
    message: str
    fix: str | None = None

    def __new__(
        cls, path: str | None, line: int | None, kind: str, message: str, fix: str | None = None
    ) -> Problem:
        """The string ``path:line: message``; the dataclass sets the fields."""
        return super().__new__(cls, _text(path, line, message))

    def __reduce__(self) -> tuple[type[Problem], tuple[object, ...]]:
        """Copied and pickled by its fields (``str``'s own way would pass only the text)."""
        return Problem, (self.path, self.line, self.kind, self.message, self.fix)

    def __repr__(self) -> str:
        """``Problem('docs/p.md:3: ...', kind='claim')``."""
        return f"Problem({str.__repr__(self)}, kind={self.kind!r})"


def at(where: str, kind: str, message: str) -> Problem:
    """A problem at ``where`` (``docs/p.md:42`` or ``docs/p.md``), as pages and claims give it."""
    path, sep, line = where.rpartition(":")
    if sep and line.isdigit():
        return Problem(path, int(line), kind, message)
    return Problem(where, None, kind, message)
