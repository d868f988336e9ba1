"""Every figure a snippet draws is legible on a phone and readable in both palettes.

Matplotlib writes text as glyph paths in a group scaled to the font size
(``scale(0.1 -0.1)`` is 10 pt). The page shows an SVG at its own size, or scaled down to the
content column: 343 CSS px on a 375 px phone (Material's 0.8 rem margins). A label must come out
at 11 CSS px or more there. This is the quick estimate from the file alone;
``tests/test_browser.py::test_figure_labels_are_legible_on_a_small_phone`` measures the same in
the built page.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from doccheck.layout import PROJECT, rel

PHONE_COLUMN_PX = 343
MIN_LABEL_PX = 11.0
FIGURES = sorted(PROJECT.figures.rglob("*.svg"))
_WIDTH = re.compile(r'<svg\b[^>]*\bwidth="(?P<w>[\d.]+)pt"')
# A label's group may carry its colour first: <g style="fill: #333333" transform="...">.
_GROUP = (
    r'<g (?:style="[^"]*" )?transform="translate\([^)]*\)(?: rotate\([^)]*\))? '
    r"scale\((?P<s>[\d.]+) -"
)
_TEXT = re.compile(_GROUP)
_LABEL = re.compile(
    r"<!-- (?P<label>(?:(?!-->).)*?) -->\s*" + _GROUP + r"[^>]*>(?P<body>.*?)</g>", re.S
)
# A glyph scaled once more inside its label: a superscript or an index (mathtext).
_INNER = re.compile(r"<use\b[^>]*\bscale\((?P<s>[\d.]+)\)")
_BACKGROUND = re.compile(r'<g id="patch_1">\s*<path d="[^"]*"\s*style="fill: (?P<fill>[^;"]+)')


def smallest_label_px(svg: str) -> tuple[float, str]:
    """The smallest label's size in CSS px on the phone column, and its text."""
    width_pt = float(_WIDTH.search(svg)["w"])
    shown = min(1.0, PHONE_COLUMN_PX / (width_pt * 4 / 3))
    sizes = [
        (
            float(m["s"])
            * min([1.0] + [float(i["s"]) for i in _INNER.finditer(m["body"])])
            * 100
            * 4
            / 3
            * shown,
            m["label"],
        )
        for m in _LABEL.finditer(svg)
    ]
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
        '<g transform="translate(1 2) scale(0.08 -0.08)"></g>'
    )
    px, label = smallest_label_px(tiny)
    assert label == "tiny" and px < MIN_LABEL_PX


def test_a_superscript_is_measured_at_its_own_size():
    power = (
        '<svg width="240pt" height="100pt">\n<!-- $10^{2}$ -->\n'
        '<g transform="translate(1 2) scale(0.1 -0.1)">\n'
        '<use xlink:href="#DejaVuSans-31" transform="translate(0 0.7)"/>\n'
        '<use xlink:href="#DejaVuSans-32" transform="translate(128 42) scale(0.7)"/>\n</g>'
    )
    px, label = smallest_label_px(power)
    assert label == "$10^{2}$" and px == pytest.approx(10 * 0.7 * 4 / 3)


# The figures' one legend: snippets/_figure_style.py, linked into each page's snippet folder.
STYLE = PROJECT.snippets / "_figure_style.py"
FIGURE_SNIPPETS = sorted(
    p
    for p in PROJECT.snippets.rglob("*.py")
    if not p.name.startswith("_") and "savefig" in p.read_text("utf-8")
)


def read_legend() -> dict:
    """The legend's names; a site that draws no figure may have no legend, and then skips."""
    import runpy

    if not STYLE.is_file() and not FIGURE_SNIPPETS:
        pytest.skip(f"no figure and no legend ({rel(STYLE)}): nothing to check")
    return runpy.run_path(str(STYLE))


def colour_literals(source: str) -> list[tuple[int, str]]:
    """Each string in the source that matplotlib reads as a colour, with its line.

    Whole numbers are left out ("1" is a grey to matplotlib, and a label to a reader), and so is
    "none".
    """
    from matplotlib.colors import is_color_like

    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.strip().lower() != "none"
        and not node.value.strip().isdigit()
        and is_color_like(node.value)
    ]


@pytest.mark.parametrize("snippet", FIGURE_SNIPPETS, ids=lambda p: rel(p))
def test_figures_take_their_colours_from_the_one_legend(snippet: Path):
    source = snippet.read_text("utf-8")
    assert re.search(r"^\s*(from _figure_style import|import _figure_style\b)", source, re.M), (
        f"{rel(snippet)}: draws a figure without the legend; import its colours from "
        "_figure_style (snippets/_figure_style.py, linked into the snippet's folder)"
    )
    stray = [f"{rel(snippet)}:{line}: {value!r}" for line, value in colour_literals(source)]
    assert not stray, (
        "colours written in a figure snippet, not taken from snippets/_figure_style.py (orange "
        "means a 1x1 convolution in every figure): " + "; ".join(stray)
    )


def test_every_folder_links_the_one_legend():
    copies = [p for p in PROJECT.snippets.rglob("_figure_style.py") if p != STYLE]
    wrong = [rel(p) for p in copies if not p.samefile(STYLE)]
    assert not wrong, f"a second legend (link it to {rel(STYLE)} instead): {wrong}"
    folders = {p.parent for p in FIGURE_SNIPPETS}
    missing = [rel(f) for f in sorted(folders) if not (f / "_figure_style.py").exists()]
    assert not missing, f"figure snippets' folders without the link to {rel(STYLE)}: {missing}"


def test_each_colour_has_one_meaning():
    legend = read_legend()
    names: dict[str, list[str]] = {}
    for name, value in legend.items():
        values = value if isinstance(value, list) else [value]
        if name.isupper() and all(isinstance(v, str) for v in values):
            for v in values:
                names.setdefault(v.lower(), []).append(name)
    shared = {value: found for value, found in names.items() if len(found) > 1}
    assert not shared, f"one colour, two meanings, in {rel(STYLE)}: {shared}"


def test_a_stray_colour_is_found():
    found = colour_literals('ax.bar(x, y, color="tab:orange", label="1")\nplt.plot(c="#abc")\n')
    assert found == [(1, "tab:orange"), (2, "#abc")]


def test_the_legend_draws_for_the_column_the_tests_measure():
    legend = read_legend()
    assert (legend["PHONE_COLUMN_PX"], legend["MIN_LABEL_PX"]) == (PHONE_COLUMN_PX, MIN_LABEL_PX)
    # 10 pt in a 4.5 in figure is 10.6 px on the phone: too small; 10.5 pt is 11.1 px.
    assert legend["smallest_font"](4.5) == 10.5
    assert legend["smallest_font"](3.0) == 8.5  # not scaled down: 11 px is 8.25 pt, rounded up
