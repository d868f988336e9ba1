"""A drawn figure's description, and the alt text that must say it.

A snippet that draws a figure writes what the figure shows into the SVG, built from the same
variables it draws with: ``fig.savefig("x.svg", metadata={"Title": description})`` makes it the
SVG's ``<title>``, what a screen reader announces for the file. The figure is checked against
what the snippet draws now (``doccheck.recordings``), so its description is too, and the page's
alt text for the figure must be that description, word for word: a number in it is then the
figure's, not a number typed twice. An image with no description (a photo, a drawn figure whose
snippet writes none) keeps the rule of texts that cannot hold a claim comment: each number
repeats a claimed phrase of the page (``doccheck.repeats``).

Imports no TensorFlow; reads the SVG file as text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from doccheck import problems
from doccheck.layout import Project, rel

# The root's own <title>: matplotlib writes it first inside <svg ...>, before <metadata>.
_TITLE = re.compile(r"<svg\b[^>]*>\s*<title>(?P<text>[^<]*)</title>", re.S)
_HEAD = 65536  # the root element and its title are at the start of the file


def description(figure: Path) -> str | None:
    """The ``<title>`` of the SVG ``figure``, spacing collapsed; None without one."""
    if figure.suffix.lower() != ".svg" or not figure.is_file():
        return None
    with figure.open(encoding="utf-8", errors="replace") as file:
        found = _TITLE.search(file.read(_HEAD))
    return " ".join(html.unescape(found["text"]).split()) if found else None


def drawn_by(figure: Path, project: Project) -> Path | None:
    """The snippet that writes ``figure`` (one of its folder's that names the file), if found."""
    try:
        folder = figure.parent.relative_to(project.figures.resolve())
    except ValueError:
        return None
    for snippet in sorted((project.snippets / folder).glob("*.py")):
        source = snippet.read_text("utf-8", errors="replace")
        if f'"{figure.name}"' in source or f"'{figure.name}'" in source:
            return snippet
    return None


def mismatch(alt: str, described: str) -> str:
    """Where ``alt`` first parts from ``described``: the few words around, of each."""
    said, drawn = alt.split(), described.split()
    at = next(
        (i for i, (a, b) in enumerate(zip(said, drawn, strict=False)) if a != b),
        min(len(said), len(drawn)),
    )
    start = max(0, at - 3)
    return (
        f"the alt text says {' '.join(said[start : at + 3])!r} where the figure says "
        f"{' '.join(drawn[start : at + 3])!r}"
    )


def alt_problem(
    where: str, src: str, alt: str, figure: Path, project: Project
) -> problems.Problem | None:
    """The message for an alt text that is not its drawn figure's description; None if it is.

    None too when the figure has no description: its numbers are then checked as phrases.
    """
    described = description(figure)
    if described is None or " ".join(alt.split()) == described:
        return None
    snippet = drawn_by(figure, project)
    writer = rel(snippet) if snippet else "the snippet that draws it"
    return problems.at(
        where,
        "alt text",
        f"the alt text of {src} is not the description {writer} writes into the "
        f"figure ({mismatch(alt, described)})",
        f"write the alt text as the figure describes itself: {described!r}",
    )
