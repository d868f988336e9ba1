"""The article's alt texts are bound to their figures: each says what its snippet drew.

Every figure a snippet draws carries its description (the SVG's ``<title>``, written from the
values it draws); the page's alt text must be that description (``doccheck.alt_text``). Here
every digit of every alt text of the article is changed, in memory, and each change must be
reported, as must the reviewer's instance in ``docs/pointwise.md`` (the pixel diagram): mutation
tests of the checker on the article, ``selfcheck`` (``make test`` and CI, not ``make verify``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from doccheck.alt_text import description
from doccheck.layout import PROJECT, rel
from doccheck.pages import Page, _alt_problems

FIGURES = sorted(PROJECT.figures.rglob("*.svg"))


@pytest.mark.parametrize("figure", FIGURES, ids=lambda p: rel(p))
def test_every_drawn_figure_describes_itself(figure: Path):
    assert description(figure), (
        f"{rel(figure)}: the figure carries no description; have its snippet write one from "
        'the values it draws: fig.savefig(..., metadata={"Title": description})'
    )


def with_alt(page: Page, index: int, alt: str) -> Page:
    """``page`` with the alt text of its image ``index`` replaced, in memory."""
    images = list(page.images)
    images[index] = replace(images[index], alt=alt)
    return replace(page, images=images)


@pytest.mark.selfcheck
def test_every_alt_text_digit_can_fail(article):
    shown = [(page, i) for page in article.pages for i in range(len(page.images))]
    assert shown, "no image found on the pages: the parser saw nothing"
    silent = []
    for page, i in shown:
        alt = page.images[i].alt
        for at, ch in enumerate(alt):
            if not ch.isdigit():
                continue
            changed = alt[:at] + str((int(ch) + 1) % 10) + alt[at + 1 :]
            if not _alt_problems(with_alt(page, i, changed), article.project):
                silent.append(f"{page.images[i].where}: {alt[max(0, at - 20) : at + 20]!r}")
    assert not silent, "an alt text digit changed and nothing objected:\n" + "\n".join(silent)


@pytest.mark.selfcheck
def test_the_pointwise_pixel_values_are_bound_to_the_figure(article):
    page = next(p for p in article.pages if p.path.name == "pointwise.md")
    (i,) = [i for i, image in enumerate(page.images) if image.src.endswith("pixel_diagram.svg")]
    alt, line = page.images[i].alt, page.images[i].line
    assert "holds 2, 1 and 3 in" in alt
    (problem,) = _alt_problems(
        with_alt(page, i, alt.replace("2, 1 and 3", "2, 1 and 2")), article.project
    )
    assert problem.startswith(f"docs/pointwise.md:{line}: the alt text of ")
    assert "snippets/pointwise/pixel_diagram.py" in problem and repr(alt) in problem
