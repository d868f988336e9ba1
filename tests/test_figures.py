"""Every figure a snippet draws is legible on a phone and readable in both palettes.

Matplotlib writes text as glyph paths in a group scaled to the font size
(``scale(0.1 -0.1)`` is 10 pt). The page shows an SVG at its own size, or scaled down to the
content column: 343 CSS px on a 375 px phone (Material's 0.8 rem margins). A label must come out
at 11 CSS px or more there. This is the quick estimate from the file alone;
``tests/test_browser.py::test_figure_labels_are_legible_on_a_small_phone`` measures the same in
the built page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from doccheck.layout import PROJECT, rel

PHONE_COLUMN_PX = 343
MIN_LABEL_PX = 11.0
FIGURES = sorted(PROJECT.figures.rglob("*.svg"))
_WIDTH = re.compile(r'<svg\b[^>]*\bwidth="(?P<w>[\d.]+)pt"')
_GROUP = r'<g transform="translate\([^)]*\)(?: rotate\([^)]*\))? scale\((?P<s>[\d.]+) -'
_TEXT = re.compile(_GROUP)
_LABEL = re.compile(r"<!-- (?P<label>.*?) -->\s*" + _GROUP)
_BACKGROUND = re.compile(r'<g id="patch_1">\s*<path d="[^"]*"\s*style="fill: (?P<fill>[^;"]+)')


def smallest_label_px(svg: str) -> tuple[float, str]:
    """The smallest label's size in CSS px on the phone column, and its text."""
    width_pt = float(_WIDTH.search(svg)["w"])
    shown = min(1.0, PHONE_COLUMN_PX / (width_pt * 4 / 3))
    sizes = [(float(m["s"]) * 100 * 4 / 3 * shown, m["label"]) for m in _LABEL.finditer(svg)]
    return min(sizes) if sizes else (float("inf"), "")


@pytest.mark.parametrize("figure", FIGURES, ids=lambda p: rel(p))
def test_labels_are_legible_on_a_phone(figure: Path):
    svg = figure.read_text("utf-8")
    assert _WIDTH.search(svg), f"{rel(figure)}: no width in pt; save it with matplotlib"
    assert len(_LABEL.findall(svg)) == len(_TEXT.findall(svg)), "a label without its comment"
    px, label = smallest_label_px(svg)
    assert px >= MIN_LABEL_PX, (
        f"{rel(figure)}: the label {label!r} is {px:.1f} px on a {PHONE_COLUMN_PX} px phone "
        f"column (at least {MIN_LABEL_PX:g}); draw the figure narrower or its text larger"
    )


@pytest.mark.parametrize("figure", FIGURES, ids=lambda p: rel(p))
def test_figures_have_an_opaque_background(figure: Path):
    """Dark text on a transparent figure disappears in the dark palette."""
    m = _BACKGROUND.search(figure.read_text("utf-8"))
    assert m and m["fill"] not in ("none", "transparent"), (
        f"{rel(figure)}: the figure has no opaque background; keep matplotlib's white facecolor"
    )


def test_every_figure_is_shown(article):
    hidden = [rel(f) for f in FIGURES if not article.shown_at(f)]
    assert not hidden, f"figures no page shows (a stale output? delete it): {hidden}"


def test_the_legibility_rule_can_fail():
    tiny = (
        '<svg width="460.8pt" height="100pt">\n<!-- tiny -->\n'
        '<g transform="translate(1 2) scale(0.08 -0.08)">'
    )
    px, label = smallest_label_px(tiny)
    assert label == "tiny" and px < MIN_LABEL_PX
