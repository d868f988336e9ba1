"""Words bound to values: the word that decides a sentence is checked like a number.

Before word claims, only a statement's expression was checked, never its words: "the 3×3 branch
costs more" with ``<!-- assert naive: most_expensive == "b2_3x3" -->`` stayed green after
"more" became "less", and so did "Seven of the eight" as "Six of the eight". Each test below
failed on the checker as it was then (commit 48ef67f): a comment after a word was "a claim that
follows no number", and an assert that could not be false passed.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from scratch import one_page_site

from doccheck import commands, spelled, versions
from doccheck.article import Article, check_claims
from doccheck.lastrun import disagreements, source_hash, stored_as_value, stored_value
from doccheck.layout import Project, Snippet
from doccheck.pages import read_page
from doccheck.runner import DEFAULT_BACKEND, run_snippet
from doccheck.tautology import cannot_be_false

PAGE = (
    "# Costs\n\n"
    'The wide branch costs more<!-- s: "more" if cost_3x3 > cost_5x5 else "less" -->.\n'
    "Seven<!-- s: agree --> of the eight<!-- s: total --> numbers agree.\n"
    "Doubling<!-- free label --> the channels quadruples<!-- s: ratio --> the cost; the small "
    "one needs a\n"
    "ninth<!-- s: 1 / nine --> of the work, and it is **cheaper**<!-- s: cheaper -->.\n"
)
SNIPPET = (
    "cost_3x3 = 173_408_256\ncost_5x5 = 120_422_400\nagree = 7\ntotal = 8\n"
    "ratio = cost_3x3 * 4 / cost_3x3\nnine = 9\ncheaper = 'cheaper'\nsame = True\n"
)


def project(tmp_path: Path, monkeypatch, page: str = PAGE) -> Project:
    """A scratch tree: ``docs/p.md`` and the snippet ``snippets/p/s.py`` it claims from."""
    one_page_site(tmp_path, page, {"s": SNIPPET})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)  # as test_commands does
    return Project(tmp_path)


def problems_of(tmp_path: Path, monkeypatch, page: str) -> list[str]:
    """The page's own problems and its claims against a fresh run of the snippet."""
    root = project(tmp_path, monkeypatch, page)
    article = Article.load(root)
    run = run_snippet(Snippet("p/s", root), [c.expression for c in article.claims])
    return [*article.pages[0].problems, *check_claims(article.claims, run)]


def test_the_words_are_claims_and_hold(tmp_path, monkeypatch):
    assert problems_of(tmp_path, monkeypatch, PAGE) == []
    claims = Article.load(Project(tmp_path)).claims
    assert [(c.line, c.text, c.word) for c in claims] == [
        (3, "more", True),
        (4, "Seven", True),
        (4, "eight", True),
        (5, "quadruples", True),
        (6, "ninth", True),
        (6, "cheaper", True),
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "more<",
            "less<",
            'docs/p.md:3: says "less" for p/s: "more" if cost_3x3 > cost_5x5 else "less", the '
            'snippet gives "more"; correct the page or the snippet',
        ),
        (
            "Seven<",
            "Six<",
            'docs/p.md:4: says "Six" (6) for p/s: agree, the snippet gives 7 ("Seven"); correct '
            "the page or the snippet",
        ),
        (
            "quadruples<",
            "triples<",
            'docs/p.md:5: says "triples" (3) for p/s: ratio, the snippet gives 4 ("quadruples"); '
            "correct the page or the snippet",
        ),
        (
            "ninth<",
            "tenth<",
            'docs/p.md:6: says "tenth" (1/10) for p/s: 1 / nine, the snippet gives '
            '0.1111111111111111 ("ninth"); correct the page or the snippet',
        ),
    ],
)
def test_a_changed_word_fails_at_its_line(tmp_path, monkeypatch, old, new, message):
    assert problems_of(tmp_path, monkeypatch, PAGE.replace(old, new)) == [message]


def test_an_unreadable_number_word_names_the_forms(tmp_path, monkeypatch):
    (problem,) = problems_of(tmp_path, monkeypatch, PAGE.replace("Seven<", "Many<"))
    assert problem.startswith(
        'docs/p.md:4: "Many" is not a number written as a word, and p/s: agree gives 7; write a '
        "cardinal (no, seven, twenty-one, hundred), a multiple"
    )


def test_a_truth_value_for_a_word_is_a_problem(tmp_path, monkeypatch):
    page = PAGE.replace('"more" if cost_3x3 > cost_5x5 else "less"', "cost_3x3 > cost_5x5")
    (problem,) = problems_of(tmp_path, monkeypatch, page)
    assert problem.startswith(
        "docs/p.md:3: p/s: cost_3x3 > cost_5x5 gives True, a truth value, which decides a "
        "sentence, not a word;"
    )
    assert "<!-- assert snippet: expression -->" in problem


@pytest.mark.parametrize(
    "expression",
    [
        "agree == agree",
        "agree > 3 or True",
        "agree in (agree, total)",
        "len(str(agree)) >= 0",
        "0 <= abs(agree - total)",
        "not agree != agree",
        "isinstance(agree, object)",
    ],
)
def test_an_assert_that_cannot_be_false_is_reported(tmp_path, monkeypatch, expression):
    page = PAGE + f"\nThey agree.<!-- assert s: {expression} -->\n"
    problems = problems_of(tmp_path, monkeypatch, page)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"docs/p.md:8: <!-- assert p/s: {expression} --> cannot be false")


@pytest.mark.parametrize(
    "expression",
    ["agree == 7", "agree > total / 2 or same", "len(str(agree)) > 0", "agree in (7, 8)"],
)
def test_an_assert_that_may_fail_is_not_reported(expression):
    assert cannot_be_false(expression) is None


def test_a_word_whose_condition_is_decided_by_its_form_is_reported(tmp_path, monkeypatch):
    page = PAGE.replace("cost_3x3 > cost_5x5", "cost_3x3 == cost_3x3")
    root = project(tmp_path, monkeypatch, page)
    (problem,) = read_page(root.docs / "p.md", root).problems
    assert problem.startswith(
        'docs/p.md:3: <!-- p/s: "more" if cost_3x3 == cost_3x3 else "less" --> gives the same '
        "word whatever the snippet computes (its condition is always True"
    )


def test_check_reports_a_wrong_word_from_the_stored_values(tmp_path, monkeypatch):
    """``python -m doccheck`` and the preview compare stored values: words are among them."""
    root = project(tmp_path, monkeypatch, PAGE.replace("more<", "less<").replace("Seven", "Six"))
    claims = Article.load(root).claims
    values = {
        c.expression: stored_value(v)
        for c, v in zip(claims, ["more", 7, 8, 4.0, Fraction(1, 9), "cheaper"], strict=True)
    }
    entry = {"source": source_hash(Snippet("p/s", root)), "error": None, "values": values}
    entry = json.loads(json.dumps(entry))  # as pytest's cache keeps it
    assert stored_as_value(entry["values"][claims[0].expression]) == "more"
    problems, notes = disagreements(claims, {"p/s": entry}, root)
    assert notes == []
    assert problems == [
        'docs/p.md:3: says "less" for p/s: "more" if cost_3x3 > cost_5x5 else "less", the last '
        'verified run gave "more"; correct the page or the snippet',
        'docs/p.md:4: says "Six" (6) for p/s: agree, the last verified run gave 7 ("Seven"); '
        "correct the page or the snippet",
    ]


def test_fix_rewrites_each_wrong_word_in_the_pages_form(tmp_path, monkeypatch):
    root = project(tmp_path, monkeypatch)
    commands.run(Article.load(root), update=True)
    page = tmp_path / "docs" / "p.md"
    mutated = (
        PAGE.replace("more<", "less<")
        .replace("Seven<", "Nine<")
        .replace("quadruples<", "doubles<")
        .replace("ninth<", "third<")
        .replace("**cheaper**", "**dearer**")
    )
    page.write_text(mutated, "utf-8")
    assert len(commands.check(Article.load(root)).problems) == 5
    fixed = commands.fix(Article.load(root))
    assert page.read_text("utf-8") == PAGE
    assert fixed.ok, fixed.problems


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("seven", 7),
        ("Twenty-one", 21),
        ("hundred", 100),
        ("no", 0),
        ("twice", 2),
        ("thrice", 3),
        ("doubled", 2),
        ("quadruples", 4),
        ("halves", Fraction(1, 2)),
        ("half", Fraction(1, 2)),
        ("third", Fraction(1, 3)),
        ("quarter", Fraction(1, 4)),
        ("ninth", Fraction(1, 9)),
        ("more", None),
        ("first", None),
    ],
)
def test_spelled_numbers(word, value):
    assert spelled.read(word) == value


@pytest.mark.parametrize(
    ("word", "value", "restated"),
    [
        ("Seven", 6, "Six"),
        ("SEVEN", 21, "TWENTY-ONE"),
        ("quadruples", 3, "triples"),
        ("doubling", 4, "quadrupling"),
        ("twice", 3, "thrice"),
        ("a", 3, None),
        ("ninth", Fraction(1, 4), "fourth"),
        ("quarter", Fraction(1, 4), "quarter"),
        ("No", 1, "One"),
        ("seven", Fraction(1, 2), None),
        ("seven", 1234, None),
    ],
)
def test_a_number_is_restated_in_the_words_form(word, value, restated):
    assert spelled.restate(word, value) == restated


def test_two_words_for_one_value_collide_before_any_run(tmp_path, monkeypatch):
    page = (
        PAGE
        + '\nSo the wide branch costs\nless<!-- s: "more" if cost_3x3 > cost_5x5 else "less" -->.\n'
    )
    page += "Again, seven<!-- s: agree --> agree.\n"
    article = Article.load(project(tmp_path, monkeypatch, page))
    assert article.colliding_claims() == [
        'docs/p.md:9: claims less for p/s: "more" if cost_3x3 > cost_5x5 else "less", but '
        "docs/p.md:3 claims more for the same value; at most one can be right"
    ]


# A spelled count, multiple or ordinal is a number like digits (review row 5: "three problems"
# -> "four problems", "twice" -> "three times", "a third layer" -> "a fourth layer" and a new
# "fifty-seven weights" all passed, since only a word with a claim after it was read).
SPELLED = (
    "# Counts\n\n"
    "Real networks stack many, and four problems show up.\n"
    "Their numbers come out three times as large, and Keras refuses a fourth layer.\n"
    "The layer has fifty-seven weights.\n"
    # Accounted for: a word claim, a free mark, the scale of a number, alt text, plain words.
    "Seven<!-- s: agree --> of them, in three<!-- free label --> places, cost "
    "300<!-- free label --> million.\n"
    "![three bars](bars.png) One of the two halves is half the cost, twice<!-- s: 2 -->.\n"
)


def test_an_unclaimed_spelled_number_is_a_number_nothing_checks(tmp_path, monkeypatch):
    root = project(tmp_path, monkeypatch, SPELLED)
    page = read_page(root.docs / "p.md", root)
    found = [p.split(" spells ")[0] for p in page.unchecked]
    assert found == [
        'docs/p.md:3: "four"',
        'docs/p.md:4: "three"',
        'docs/p.md:4: "fourth"',
        'docs/p.md:5: "fifty-seven"',
    ], page.unchecked
    assert "fifty-seven<!-- free label -->" in page.unchecked[-1]


@pytest.mark.parametrize(
    ("word", "counts"),
    [
        ("one", False),
        ("two", False),
        ("half", False),
        ("halves", False),
        ("no", False),
        ("three", True),
        ("Twenty-one", True),
        ("twice", True),
        ("quadrupled", True),
        ("third", True),
        ("quarter", True),
        ("hundred", True),
        ("many", False),
    ],
)
def test_which_spelled_numbers_count(word, counts):
    assert spelled.counts(word) is counts


def test_a_number_claim_that_writes_its_own_number_is_reported_by_the_page(tmp_path, monkeypatch):
    """Read with the page, so ``make verify`` and the preview report it, not only CI's
    mutation test of every claim."""
    root = project(tmp_path, monkeypatch, "# P\n\nIt has 56<!-- s: agree * 0 + 56 --> weights.\n")
    (problem,) = read_page(root.docs / "p.md", root).problems
    assert (problem.path, problem.line, problem.kind) == ("docs/p.md", 3, "tautology")
    assert "gives the page's number back (it writes 56, the claimed 56, itself)" in problem.message
