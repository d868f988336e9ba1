"""One grammar of numbers: what the scanner flags, a claim can state, and the units agree.

``doccheck/grammar.py`` holds the forms and the table of units; the page scanner, the claims
and the formulas read numbers through it. Each case here failed on the checker before the
grammar (commit 48ef67f): ``25MB<!-- ... -->`` "followed no number", ``1.2e2`` passed as a name,
and a formula's wrong left side was reported at the line of its right side.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from doccheck import commands, grammar
from doccheck.article import Article
from doccheck.layout import Project
from doccheck.numbers import parse_claim, restate
from doccheck.pages import read_page

THIN = "\u2009"
# The repository's README (the pipeline's manual) and the claim forms' reference, which show the
# units table.
README = Path(__file__).resolve().parents[2] / "README.md"
CLAIMS = Path(__file__).resolve().parents[1] / "CLAIMS.md"


def page_of(tmp_path: Path, monkeypatch, text: str, snippet: str | None = None):
    """``text`` as ``docs/p.md`` of a scratch project (with ``snippets/p/s.py`` if given)."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "p.md").write_text(text, "utf-8")
    if snippet is not None:
        (tmp_path / "snippets" / "p").mkdir(parents=True, exist_ok=True)
        (tmp_path / "snippets" / "p" / "s.py").write_text(snippet, "utf-8")
    monkeypatch.chdir(tmp_path)
    project = Project(tmp_path)
    return read_page(tmp_path / "docs" / "p.md", project), project


def loose(page) -> list[str]:
    """The numbers the scanner flags, as its messages state them."""
    return [u.message.split(" is a number")[0] for u in page.unchecked]


def forms() -> list[tuple[str, Fraction | tuple[int | None, ...], Fraction]]:
    """(written form, the value it states, one place of it): every unit and every numeral form."""
    cases: list[tuple[str, Fraction | tuple[int | None, ...], Fraction]] = []
    for unit in grammar.UNITS:
        cases.append((f"3{unit.symbol}", 3 * unit.scale, unit.scale))
        cases.append((f"1.5{unit.symbol}", Fraction(3, 2) * unit.scale, unit.scale / 10))
        if unit.symbol not in ("×", "x", "X"):
            cases.append((f"3 {unit.symbol}", 3 * unit.scale, unit.scale))
    cases += [
        ("56", Fraction(56), Fraction(1)),
        ("120,422,400", Fraction(120_422_400), Fraction(1)),
        (f"120{THIN}422{THIN}400", Fraction(120_422_400), Fraction(1)),
        ("120\u202f422", Fraction(120_422), Fraction(1)),
        ("0.125", Fraction(1, 8), Fraction(1, 1000)),
        (".57", Fraction(57, 100), Fraction(1, 100)),
        ("1.2e2", Fraction(120), Fraction(10)),
        ("3e-4", Fraction(3, 10_000), Fraction(1, 10_000)),
        ("1E6", Fraction(10**6), Fraction(10**6)),
        ("-3", Fraction(-3), Fraction(1)),
        ("−0.5", Fraction(-1, 2), Fraction(1, 10)),
        ("4×4×2", (4, 4, 2), Fraction(0)),
        ("3 x 3", (3, 3), Fraction(0)),
        ("1×1 × 57", (1, 1, 57), Fraction(0)),
        ("(None, 4, 4, 2)", (None, 4, 4, 2), Fraction(0)),
    ]
    return cases


@pytest.mark.parametrize(("form", "value", "place"), forms(), ids=lambda v: str(v))
def test_every_form_the_scanner_flags_can_be_claimed(tmp_path, monkeypatch, form, value, place):
    flagged, _ = page_of(tmp_path, monkeypatch, f"It is {form} here.\n")
    assert loose(flagged) == [form]
    claimed, _ = page_of(tmp_path, monkeypatch, f"It is {form}<!-- s: v --> here.\n")
    assert claimed.problems == [] and claimed.unchecked == []
    (claim,) = claimed.claims
    assert claim.text == form
    expected = parse_claim(claim.text)
    assert expected.matches(value)
    if isinstance(value, Fraction):
        # The right scale: a place further is another number (one written to a place matches
        # only what rounds to it, an exact one only itself).
        assert not expected.matches(value + place)
        assert restate(form, value + place) != form


@pytest.mark.parametrize(
    ("form", "value"),
    [
        ("25MB", 25_000_000),
        ("1KiB", 1024),
        ("5ms", Fraction(5, 1000)),
        ("2min", 120),
        ("3 GFLOPs", 3 * 10**9),
        ("159k", 159_000),
        ("57s", 57),
        ("11.3%", Fraction(113, 1000)),
        ("1.2e2", 120),
    ],
)
def test_units_mean_what_the_readme_says(form, value):
    assert parse_claim(form).matches(value)


@pytest.mark.parametrize("form", ["25MB", "159k", "57s", "1.2e2", "3 GFLOPs"])
def test_the_quantities_the_issue_names_are_claims(tmp_path, monkeypatch, form):
    """On the old checker each gave 'the claim follows no number' (1.2e2: claimed as "2")."""
    page, _ = page_of(tmp_path, monkeypatch, f"The file has {form}<!-- s: v -->.\n")
    assert page.problems == []
    assert [c.text for c in page.claims] == [form]


def test_an_exponent_is_a_number_not_a_name(tmp_path, monkeypatch):
    page, _ = page_of(tmp_path, monkeypatch, "The rate is 1.2e2 per second; 2D and 3a are names.\n")
    assert loose(page) == ["1.2e2"]


def test_a_decimal_before_a_letter_is_no_name(tmp_path, monkeypatch):
    """Names are whole numbers (2D, 1st); a decimal before a letter is still a number to check."""
    page, _ = page_of(tmp_path, monkeypatch, "A 2.5d step and a 1st try.\n")
    assert loose(page) == ["2.5"]


def test_quantities_gives_spans_readings_and_names():
    text = "It takes 25 MB, 3×3 kernels, ResNet-50 and 2D, (None, 4, 4, 2)."
    found = [(text[q.start : q.end], q.text, q.is_name) for q in grammar.quantities(text)]
    assert found == [
        ("25 MB", "25 MB", False),
        ("3×3", "3×3", False),
        ("2", "2", True),
        ("(None, 4, 4, 2)", "(None, 4, 4, 2)", False),
    ]
    first = next(grammar.quantities(text))
    assert first.reading is not None and first.reading.number == 25_000_000
    assert first.reading.unit.means == "bytes"


@pytest.mark.parametrize("doc", [README, CLAIMS], ids=lambda p: p.name)
def test_the_documented_units_table_is_the_grammars(doc):
    if not doc.is_file():
        pytest.skip(f"no {doc}: the checker outside its repository")
    table = grammar.units_table()
    assert table in doc.read_text("utf-8"), f"{doc.name}'s unit table: paste grammar.units_table()"


TWO_LINES = "$$\nM = 28 \\cdot 28 \\cdot 5\n= \\claim{s: n}{3920}\n$$\n"


def test_a_wrong_left_side_is_reported_at_its_own_line(tmp_path, monkeypatch):
    """why.md:30's wrong digit was reported at why.md:31, the line of the confirmed claim."""
    text = TWO_LINES.replace("28 \\cdot 28", "29 \\cdot 28")
    page, _ = page_of(tmp_path, monkeypatch, text)
    (problem,) = page.formula_problems()
    assert problem.startswith("docs/p.md:2: the formula says 29 \\cdot 28 \\cdot 5 = 3920")
    assert problem.endswith("so correct the left side")
    (claim,) = page.claims
    assert page.formula_problems(lambda c: c is claim) == [
        problem.replace("the snippet checks", "the snippet confirms")
    ]
    assert page.formula_problems(lambda c: False) == []  # the claim's message says it


def test_a_formula_without_a_claim_blames_its_right_side(tmp_path, monkeypatch):
    page, _ = page_of(tmp_path, monkeypatch, "$$\nM = 28 \\cdot 28\n= 785\n$$\n")
    (problem,) = page.formula_problems()
    assert problem.startswith("docs/p.md:3: the formula says 28 \\cdot 28 = 785")


@pytest.mark.parametrize(
    ("old", "new", "line", "start"),
    [
        ("28 \\cdot 28", "29 \\cdot 28", 2, "the formula says 29"),
        ("{3920}", "{3921}", 3, "claims 3921 for p/s: n, the last verified run gave 3,920"),
    ],
)
def test_one_mistake_in_a_formula_gives_one_message(tmp_path, monkeypatch, old, new, line, start):
    """A wrong claimed result used to fail twice: as a claim and as the formula's arithmetic."""
    _, project = page_of(tmp_path, monkeypatch, TWO_LINES, "n = 28 * 28 * 5\n")
    assert commands.run(Article.load(project)).ok
    (tmp_path / "docs" / "p.md").write_text(TWO_LINES.replace(old, new), "utf-8")
    (problem,) = commands.check(Article.load(project)).problems
    assert problem.startswith(f"docs/p.md:{line}: {start}")


def test_whatever_the_grammar_finds_it_can_read():
    """Text made of digits, separators, signs, units and letters: every quantity found parses."""
    import random

    pieces = ["1", "24", "120", ",", ".", "e", "-", "−", " ", "x", "×", "(", ")", "None", "D"]
    pieces += [u.symbol for u in grammar.UNITS] + [THIN, "\u202f", "{,}", "a", ", "]
    rng = random.Random(0)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for q in grammar.quantities(text):  # parse() raises on a form it cannot read
            assert q.is_name or q.reading is not None, text


@pytest.mark.parametrize(
    ("text", "actual", "rewritten"),
    [
        ("1.2e2", 131, "1.3e2"),
        ("3e-4", Fraction(35, 100_000), "4e-4"),
        ("25 MB", 26_100_000, "26 MB"),
        ("~10%", Fraction(12, 100), "~12%"),
        (f"1{THIN}024", 1025, f"1{THIN}025"),
        ("1.5KiB", 2048, "2.0KiB"),
        ("5ms", Fraction(61, 10_000), "6ms"),
    ],
)
def test_fix_writes_a_value_in_the_claims_own_form(text, actual, rewritten):
    assert restate(text, actual) == rewritten
    assert parse_claim(rewritten).matches(actual)


def test_the_preview_says_a_wrong_claimed_result_once(tmp_path, monkeypatch):
    """The preview box listed the wrong claim and, again, the formula it made wrong."""
    from types import SimpleNamespace

    from test_preview import hook

    from doccheck.lastrun import store, stored_value

    text = "# P\n\n" + TWO_LINES.replace("{3920}", "{3921}")
    _, project = page_of(tmp_path, monkeypatch, text, "n = 28 * 28 * 5\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    store(project, "p/s", {"values": {"n": stored_value(3920)}})
    module = hook()
    module.on_startup("serve", dirty=True)
    page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(tmp_path / "docs" / "p.md")))
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    shown = module.on_page_markdown(text, page, config, None)
    assert "1 problem(s) on this page" in shown
    assert "<code>docs/p.md:5</code> claims 3921 for p/s: n" in shown
    assert "the formula says" not in shown


def test_alt_text_may_repeat_a_number_grouped_by_thin_spaces(tmp_path, monkeypatch):
    text = f"It has 1{THIN}024<!-- s: n --> weights.\n\n![A map of 1{THIN}024 weights](a.svg)\n"
    page, _ = page_of(tmp_path, monkeypatch, text)
    assert page.unchecked == [] and page.problems == []
