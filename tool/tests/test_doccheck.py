"""The checker's own pieces, on small inputs: number forms, formulas, page parsing, recordings."""

from __future__ import annotations

import pytest

from doccheck.files import write_atomically
from doccheck.formulas import check_formula, unchecked_sides
from doccheck.layout import Project
from doccheck.numbers import ClaimSyntaxError, parse_claim
from doccheck.pages import read_page
from doccheck.recordings import stale_diff


@pytest.mark.parametrize(
    ("text", "actual", "ok"),
    [
        ("56", 56, True),
        ("56", 57, False),
        ("120,422,400", 120_422_400, True),
        ("120,422,400", 120_422_401, False),
        ("120.4M", 120_422_400, True),
        ("120.4M", 120_500_000, False),
        ("11.3%", 0.1127, True),
        ("11.3%", 0.114, False),
        ("8.6×", 8.57, True),
        ("8.6×", 8.7, False),
        ("4×4×2", (None, 4, 4, 2), True),
        ("4×4×2", (None, 4, 4, 3), False),
        ("4 \\times 4 \\times 2", (4, 4, 2), True),
        ("(None, 4, 4, 2)", (None, 4, 4, 2), True),
        ("3×3", (3, 3), True),
        ("1×1×1024", (None, 1, 1, 1024), True),
        ("56", (56,), False),
        ("4×4", 16, False),
        ("≈ 0.11", 0.1111, True),
    ],
)
def test_claimed_forms_compare_by_value(text, actual, ok):
    assert parse_claim(text).matches(actual) is ok


@pytest.mark.parametrize("text", ["", "abc", "1,22,333", "4××4", "(4, x)"])
def test_unreadable_claims_say_so(text):
    with pytest.raises(ClaimSyntaxError):
        parse_claim(text)


def test_mismatch_message_uses_the_claims_units():
    assert parse_claim("120.4M").describe(120_500_000) == "120.5M (120,500,000)"
    assert parse_claim("56").describe(57) == "57"
    assert parse_claim("4×4×2").describe((None, 4, 4, 3)) == "4×4×3"


@pytest.mark.parametrize(
    ("tex", "problems"),
    [
        (r"(3 \cdot 3 \cdot 3 + 1) \cdot 2 = 56", 0),
        (r"(3 \cdot 3 \cdot 4 + 1) \cdot 2 = 56", 1),
        (r"P = (3 \cdot 3 \cdot 3 + 1) \cdot 2 = \claim{a: b}{57}", 1),
        (r"\frac{6 - 3}{1} + 1 = 4", 0),
        (r"\frac{1}{9} \approx 0.111", 0),
        (r"\frac{1}{9} \approx 0.12", 1),
        (r"\frac{1}{9} \approx \claim{x: y}{0.111}", 0),
        ("\\frac{1}\n  {9} = 0.5", 1),
        ("M &= 4 \\cdot 4 \\\\ &= 16", 0),
        ("M &= 4 \\cdot 4 \\\\ &= 17", 1),
        (r"H_\text{out} = \frac{H - k + 2p}{s} + 1", 0),
        (r"\left(3 + 1\right) \cdot 2 = \claim{x: y}{9}", 1),
        (r"a = 3 \cdot 1 = 3 \qquad b = 2 \cdot 2 = 5", 1),
        (r"M = 1\,024 \cdot 1\,024 = \claim{x: y}{1{,}048{,}576}", 0),
        (r"M = 1\,024 \cdot 1\,024 = \claim{x: y}{1{,}048{,}577}", 1),
    ],
)
def test_formula_arithmetic(tex, problems):
    assert len(check_formula(tex)) == problems


def test_a_bare_number_in_a_formula_is_unchecked():
    assert unchecked_sides(r"C_\text{in} = 3") == ["3"]
    assert unchecked_sides(r"C_\text{in} = \claim{a: b}{3}") == []
    assert unchecked_sides(r"2p + 1") == []


def read(tmp_path, monkeypatch, name: str, text: str):
    """Parse ``text`` as ``docs/<name>`` of a scratch project; messages name it as docs/<name>."""
    page = tmp_path / "docs" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return read_page(page, Project(tmp_path))


def test_page_parsing(tmp_path, monkeypatch):
    parsed = read(
        tmp_path,
        monkeypatch,
        "demo.md",
        "---\ntitle: 2024\n---\n"
        "It has 56<!-- conv2d: params --> parameters and $x = \\claim{other/net: n}{7}$.\n"
        "A stray <!-- conv2d: params --> comment, and 12 loose.\n\n"
        "```python\nprint(3)\n```\n",
    )
    assert [(c.line, c.text, c.snippet, c.expression) for c in parsed.claims] == [
        (4, "56", "demo/conv2d", "params"),
        (4, "7", "other/net", "n"),
    ]
    (problem,) = parsed.problems
    assert problem.startswith("docs/demo.md:5: the claim <!-- conv2d: params --> follows no number")
    assert [u.message.split(" ")[0] for u in parsed.unchecked] == ["12"]
    assert parsed.code_blocks[0][1] == "python"


def test_a_page_keeps_the_text_its_reader_reads(tmp_path, monkeypatch):
    """``reads``: what the word count counts, for a search word or a prose check to use."""
    parsed = read(
        tmp_path,
        monkeypatch,
        "demo.md",
        "---\ntitle: T\n---\n# Heading\n\nVisible words<!-- hidden comment --> and a "
        "[link](elsewhere.md) with <span>tagged</span> text.\n\n$$\nmathematics\n$$\n\n"
        "```python\ncodeword = 1\n```\n",
    )
    assert parsed.reads.split() == "# Heading Visible words and a [link with tagged text.".split()
    assert parsed.words == 9


def test_recordings_are_compared_and_replaced(tmp_path):
    path = tmp_path / "out" / "x.txt"
    assert stale_diff(path, "") is None
    assert stale_diff(path, "a\n") == "(no recording yet)"
    assert write_atomically(path, "a\n") is True
    assert stale_diff(path, "a\n") is None
    assert "+b" in stale_diff(path, "b\n")
    assert write_atomically(path, "a\n") is False
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.txt"]


def test_alt_text_may_only_repeat_claimed_phrases(tmp_path, monkeypatch):
    parsed = read(
        tmp_path,
        monkeypatch,
        "fig.md",
        "The 4×4×2<!-- conv2d: shape --> output.\n\n"
        "![A 4×4×2 output from 6 inputs](figures/fig/x.svg)\n",
    )
    (problem,) = parsed.unchecked
    assert problem.startswith("docs/fig.md:3: 6 in the alt text of figures/fig/x.svg ")
