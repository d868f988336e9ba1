"""Every digit of a formula is evaluated: symbolic formulas at the values a binding gives them.

Each test below failed on the checker before bindings (``<!-- where snippet: k=... -->``)
existed: a symbolic side's numbers were skipped, so ``+ 1`` -> ``+ 2`` passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from doccheck.article import Article, check_claims
from doccheck.formulas import bound_problem, symbol_names
from doccheck.layout import Project, Snippet
from doccheck.pages import read_mark, read_page
from doccheck.runner import run_snippet

OUTPUT_SIZE = r"""# Output size

$$
H_\text{out} = \left\lfloor \frac{H_\text{in} - k + 2p}{s} \right\rfloor + 1
$$

<!-- where s: H_in=h_in, k=k, p=p, s=stride, H_out=h_out -->
"""
# Keras's "same" padding on a 6x6 input with a 3x3 kernel: p = 1 keeps 6 rows.
SNIPPET = "h_in, k, p, stride = 6, 3, 1, 1\nh_out = 6\n"


def project_with(tmp_path: Path, monkeypatch, page: str, snippet: str = SNIPPET) -> Project:
    """A scratch site: docs/p.md and snippets/p/s.py, in a new folder of ``tmp_path``."""
    tmp_path = tmp_path / f"site{len(list(tmp_path.iterdir()))}"
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "snippets" / "p" / "s.py").write_text(snippet, "utf-8")
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


def problems_of(tmp_path: Path, monkeypatch, page: str, snippet: str = SNIPPET) -> list[str]:
    """Everything the page model and the snippet's run say about the page."""
    project = project_with(tmp_path, monkeypatch, page, snippet)
    article = Article.load(project)
    found = [m for p in article.pages for m in (*p.problems, *p.unchecked)]
    snippet_ = Snippet("p/s", project)
    claims = article.claims_for(snippet_)
    run = run_snippet(snippet_, [c.expression for c in claims])
    assert run.error is None, run.error
    return found + check_claims(claims, run)


def test_a_bound_formula_that_holds_passes(tmp_path, monkeypatch):
    assert problems_of(tmp_path, monkeypatch, OUTPUT_SIZE) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [(r"\right\rfloor + 1", r"\right\rfloor + 2"), ("2p", "3p"), ("- k", "- 2k")],
)
def test_a_changed_constant_of_a_symbolic_formula_fails(tmp_path, monkeypatch, old, new):
    found = problems_of(tmp_path, monkeypatch, OUTPUT_SIZE.replace(old, new))
    assert len(found) == 1, found
    assert found[0].startswith("docs/p.md:4: the formula says"), found
    assert "correct the formula, or the values in <!-- where s:" in found[0]


def test_a_new_symbolic_formula_with_numbers_fails_offering_the_binding(tmp_path, monkeypatch):
    page = OUTPUT_SIZE + "\nAnd\n\n$$\nP = 331 \\cdot C\n$$\n"
    found = problems_of(tmp_path, monkeypatch, page)
    assert len(found) == 1, found
    assert found[0].startswith(r"docs/p.md:12: the formula side '331 \\cdot C' holds numbers")
    assert "<!-- where snippet: C=..., P=... -->" in found[0]


def test_a_symbolic_expression_needs_the_value_it_states(tmp_path, monkeypatch):
    page = "It fits at $(H - k + 1)$ positions.\n"
    found = problems_of(tmp_path, monkeypatch, page)
    assert len(found) == 1 and "H=..., k=..., value=..." in found[0], found
    bound = "It fits at $(H - k + 1)$<!-- where s: H=h_in, k=k, value=h_in - k + 1 --> positions.\n"
    assert problems_of(tmp_path, monkeypatch, bound) == []
    wrong = bound.replace("value=h_in - k + 1", "value=h_in - k")
    found = problems_of(tmp_path, monkeypatch, wrong)
    assert len(found) == 1 and "is 4, not the bound value 3" in found[0], found


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<!-- where s: k=k -->\n", "follows no formula"),
        ("$k - 1$<!-- where s: k, 3 -->\n", "is not a list of symbol=expression"),
        ("$k - 1$<!-- where s: k=k -->\n", "gives no value to value"),
        ("$k - 1$<!-- where s: k=k, q=p, value=2 -->\n", "binds q, which the formula does not"),
    ],
)
def test_a_wrong_binding_says_what_to_write(tmp_path, monkeypatch, page, expected):
    project = project_with(tmp_path, monkeypatch, page)
    problems = read_page(project.root / "docs" / "p.md", project).problems
    assert len(problems) == 1 and expected in problems[0], problems
    assert problems[0].startswith("docs/p.md:1: <!-- where s:"), problems


@pytest.mark.parametrize(
    "tex",
    [
        "c_1 = c_2",
        r"O^{(f)}_{i,j} = \sum_{c=1}^{C} w^{(f)}_{c} \; I_c[i + u - 1, j]",
        r"\frac{M_{3 \times 3}}{M_{1 \times 1}}",
    ],
)
def test_indices_are_names_not_values(tmp_path, monkeypatch, tex):
    project = project_with(tmp_path, monkeypatch, f"$$\n{tex}\n$$\n")
    page = read_page(project.root / "docs" / "p.md", project)
    assert page.unchecked == [] and page.problems == []


def test_a_binding_is_its_own_mark():
    mark = read_mark(" where conv2d: H_in=6, H_out=model.output_shape[1] ")
    assert (mark.kind, mark.name) == ("binding", "conv2d")
    assert mark.expression == "H_in=6, H_out=model.output_shape[1]"


def test_the_evaluator_reads_symbols_and_sums():
    se = r"\frac{2}{r} \sum_s N_s C_s^2"
    assert symbol_names(se) == {"r", "N_s", "C_s"}
    values = {
        "r": 16,
        "N_s": [3, 4],
        "C_s": [256, 512],
        "value": 2 * (3 * 256**2 + 4 * 512**2) // 16,
    }
    assert bound_problem(se, values) == ""
    assert "not the bound value" in bound_problem(se.replace("{2}", "{3}"), values)
    assert symbol_names(r"\bar C = C/8") == {"C", "Cbar"}
    assert bound_problem(r"1{\times}1{\times}C_\text{in}", {"C_in": 3, "value": 3}) == ""
    # Juxtaposed symbols after a slash are the divisor: B/hw is B / (h w), as the papers mean.
    assert bound_problem("B/hw", {"B": 12, "h": 2, "w": 3, "value": 2}) == ""


@pytest.mark.parametrize("bound", [True, False])
def test_the_census_counts_a_formulas_digits_only_where_they_are_evaluated(
    tmp_path, monkeypatch, bound
):
    from doccheck.census_page import PageCensus
    from doccheck.census_read import Built

    page_text = OUTPUT_SIZE if bound else OUTPUT_SIZE.replace("<!-- where", "<!-- note")
    project = project_with(tmp_path, monkeypatch, page_text)
    page = read_page(project.root / "docs" / "p.md", project)
    tex = page.formulas[0].tex
    census = PageCensus(page, Built(stream=" " * 8, math=[(0, tex)]), project, tmp_path, "", "")
    census._formulas()
    if bound:
        assert census.problems == [] and census.counts["formula"] == 2
    else:
        assert census.counts["formula"] == 0
        assert len(census.problems) == 1 and "has a side nothing checks" in census.problems[0]


# The page model's messages: one per mistake, saying what the reader sees.
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("About 10⁹ weights.", "docs/p.md:3: 10⁹ is a number nothing checks"),
        ("A big &#51;&#48;&#51; here.", "docs/p.md:3: &#51;&#48;&#51; shows 303, digits"),
        ("It has 56<!-- s: n -->.7 weights.", "docs/p.md:3: the reader sees 56.7, but the claim"),
        ("About 10<!-- free label -->⁹ weights.", "docs/p.md:3: the reader sees 10⁹, but the"),
        ('Stamped:\n\n--8<-- "recorded/stamp.md"\n\nNothing else.', None),
    ],
)
def test_one_message_that_says_what_the_reader_sees(tmp_path, monkeypatch, line, expected):
    project = project_with(tmp_path, monkeypatch, f"# T\n\n{line}\n", "n = 56\n")
    (project.root / "recorded").mkdir()
    (project.root / "recorded" / "stamp.md").write_text("Stamped by the build.\n", "utf-8")
    page = read_page(project.root / "docs" / "p.md", project)
    found = [*page.problems, *page.unchecked]
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(expected), found


def test_a_power_in_superscript_is_part_of_the_number(tmp_path, monkeypatch):
    page = "# T\n\nAbout 10⁹<!-- s: n --> weights.\n"
    assert problems_of(tmp_path, monkeypatch, page, "n = 10**9\n") == []
    assert len(problems_of(tmp_path, monkeypatch, page, "n = 10\n")) == 1


# Numbers in the comments and docstrings of shown snippets (doccheck.code_prose).
def prose_numbers(source: str, lines: set[int] | None = None) -> list[str]:
    from doccheck.code_prose import unchecked

    return [n.text for n in unchecked(source, lines)]


# The comment before a table of the article's (snippets/convolution/cost_table.py).
COST_TABLE = """# (kernel size, height = width, input channels, output channels): sizes
# typical of the 56x56 and 28x28 stages of an ImageNet network.
LAYERS = [
    (3, 56, 64, 64),
    (3, 28, 128, 128),
]
"""


def test_a_comment_may_repeat_the_literals_of_the_statement_after_it():
    """The "56x56 and 28x28 stages" comment precedes the table that holds them."""
    assert prose_numbers(COST_TABLE, {2}) == []
    assert prose_numbers(COST_TABLE.replace("56x56 and", "57x57 and"), {2}) == ["57x57"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"""A layer of 2 filters."""\nn = 2\n', ["2"]),
        ("n = 2  # 2 filters\n", []),
        ("n = 2  # 3 filters\n", ["3"]),
        ("w = 1.3  # 1.3 inches past the grid\n", []),
        ("w = 86e6  # 86 million\n", ["86 million"]),
        ("# 3 filters, then\n# more\nn = (3, 4)\n", []),
        ("# 5 filters\n\nn = (3, 4)\n", ["5"]),
        ("# --8<-- [start:fire]\n# Section 3.2 of ResNet-50, conv2d\nn = 1\n", []),
        ("def f():\n    '''Two 3x3 layers.'''\n    return 3\n", ["3x3"]),
    ],
)
def test_a_number_in_prose_of_code_must_be_a_literal_of_its_code(source, expected):
    assert prose_numbers(source) == expected


@pytest.mark.parametrize(
    ("child", "fails"),
    [("pass", True), ("raise ValueError('in the copy')", True), ("os._exit(0)", False)],
)
def test_a_forked_copy_ends_with_its_snippet_and_the_run_fails(tmp_path, monkeypatch, child, fails):
    """A copy that gets back to the runner ends there and fails the run; one that exits is fine."""
    import os
    import time

    source = f"import os\n\npid = os.fork()\nif pid == 0:\n    {child}\nn = 1\n"
    project = project_with(tmp_path, monkeypatch, "# T\n", source)
    run = run_snippet(Snippet("p/s", project))
    if fails:
        assert run.error and run.error.startswith("snippets/p/s.py: forks a process"), run.error
    else:
        assert run.error is None, run.error
    pid = run.namespace["pid"]
    for _ in range(200):  # the copy must end at once, not run the rest of this session
        ended, status = os.waitpid(pid, os.WNOHANG)
        if ended:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the forked copy went on running after its snippet's run")
    assert os.waitstatus_to_exitcode(status) == 0


def test_an_edited_bound_formula_is_caught_from_the_stored_values(tmp_path, monkeypatch):
    """``doccheck check`` compares a binding's stored values with the page as it is now."""
    from doccheck.lastrun import disagreements, observe

    project = project_with(tmp_path, monkeypatch, OUTPUT_SIZE)
    snippet = Snippet("p/s", project)
    claims = Article.load(project).claims_for(snippet)
    entries = {"p/s": observe(snippet, run_snippet(snippet, [c.expression for c in claims]))}
    page = project.root / "docs" / "p.md"
    page.write_text(OUTPUT_SIZE.replace(r"\right\rfloor + 1", r"\right\rfloor + 2"), "utf-8")
    problems, _ = disagreements(Article.load(project).claims, entries, project)
    assert [(p.path, p.line) for p in problems] == [("docs/p.md", 4)], problems
    assert "correct the formula, or the values in <!-- where s:" in problems[0]
