"""Alt text is bound to what it describes (issue 20): a drawn figure's own description, or else
numbers that repeat a claimed phrase. Each case here passed silently before: alt text could
repeat any number the page claimed anywhere.
"""

from __future__ import annotations

from pathlib import Path

from doccheck.alt_text import description, mismatch
from doccheck.article import Article
from doccheck.layout import Project, Snippet
from doccheck.pages import read_page
from doccheck.recordings import check_outputs
from doccheck.runner import run_snippet

DESCRIBED = "The highlighted pixel of the 6×6×3 input holds 2, 1 and 3."
# A snippet that draws its figure and writes its description from the values it draws, as
# matplotlib's savefig(..., metadata={"Title": description}) does.
DRAWS = (
    "pixel = [2, 1, 3]\n"
    "shape = (6, 6, 3)\n"
    "said = ', '.join(map(str, pixel[:-1])) + f' and {pixel[-1]}'\n"
    "description = (f'The highlighted pixel of the {shape[0]}×{shape[1]}×{shape[2]} input '\n"
    "               f'holds {said}.')\n"
    "with open('pixel.svg', 'w', encoding='utf-8') as f:\n"
    '    f.write(\'<svg xmlns="http://www.w3.org/2000/svg" width="10pt">\\n\'\n'
    "            f' <title>{description}</title>\\n</svg>\\n')\n"
)
# Every number of the description is claimed somewhere on the page, so the old rule (alt text
# may repeat any claimed number) let each change of one of them through.
PROSE = (
    "The input is 6×6×3<!-- draws: shape -->; its pixel holds 2<!-- draws: pixel[0] --> and "
    "1<!-- draws: pixel[1] -->.\n\n"
)


def site(tmp_path: Path, monkeypatch, page: str, draws: str = DRAWS) -> Project:
    """A scratch site: ``docs/p.md`` and ``snippets/p/draws.py``, its figure drawn and kept."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    (tmp_path / "snippets" / "p").mkdir(parents=True, exist_ok=True)
    (tmp_path / "snippets" / "p" / "draws.py").write_text(draws, "utf-8")
    monkeypatch.chdir(tmp_path)
    project = Project(tmp_path)
    run = run_snippet(Snippet("p/draws", project))
    assert run.error is None, run.error
    check_outputs(run, Article.load(project), update=True)
    return project


def alt_problems(project: Project) -> list[str]:
    page = read_page(project.docs / "p.md", project)
    return [p for p in (*page.problems, *page.unchecked) if "alt text" in p]


def test_alt_text_that_says_the_figure_description_passes(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, PROSE + f"![{DESCRIBED}](figures/p/pixel.svg)\n")
    assert description(project.figures / "p" / "pixel.svg") == DESCRIBED
    assert alt_problems(project) == []


def test_a_changed_digit_in_a_figure_alt_text_fails_at_its_line(tmp_path, monkeypatch):
    # pointwise.md:37, "2, 1 and 3" -> "2, 1 and 2": 2 is claimed on the page, so the old rule
    # (any claimed number) let it through.
    wrong = DESCRIBED.replace("and 3", "and 2")
    project = site(tmp_path, monkeypatch, PROSE + f"![{wrong}](figures/p/pixel.svg)\n")
    assert alt_problems(project) == [
        "docs/p.md:3: the alt text of figures/p/pixel.svg is not the description "
        "snippets/p/draws.py writes into the figure (the alt text says '2, 1 and 2.' where the "
        f"figure says '2, 1 and 3.'); write the alt text as the figure describes itself: "
        f"{DESCRIBED!r}"
    ]


def test_every_digit_of_a_figure_alt_text_is_checked(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, PROSE + f"![{DESCRIBED}](figures/p/pixel.svg)\n")
    for i, ch in enumerate(DESCRIBED):
        if not ch.isdigit():
            continue
        wrong = DESCRIBED[:i] + str((int(ch) + 1) % 10) + DESCRIBED[i + 1 :]
        (project.docs / "p.md").write_text(PROSE + f"![{wrong}](figures/p/pixel.svg)\n", "utf-8")
        assert len(alt_problems(project)) == 1, wrong


def test_a_description_changed_in_the_snippet_but_not_on_the_page_fails(tmp_path, monkeypatch):
    drawn_now = DRAWS.replace("pixel = [2, 1, 3]", "pixel = [2, 1, 0]")
    project = site(
        tmp_path, monkeypatch, PROSE + f"![{DESCRIBED}](figures/p/pixel.svg)\n", drawn_now
    )
    (problem,) = alt_problems(project)
    assert problem.startswith("docs/p.md:3: the alt text of figures/p/pixel.svg is not the ")
    assert problem.endswith(f"{DESCRIBED.replace('and 3', 'and 0')!r}")


def test_spacing_and_line_breaks_in_the_alt_text_do_not_matter(tmp_path, monkeypatch):
    wrapped = DESCRIBED.replace(" input ", "\ninput  ")
    project = site(tmp_path, monkeypatch, PROSE + f"![{wrapped}](figures/p/pixel.svg)\n")
    assert alt_problems(project) == []


def test_an_image_without_a_description_repeats_claimed_phrases(tmp_path, monkeypatch):
    # The 3 of "3 in its channels" is claimed elsewhere with other words beside it.
    page = (
        "The kernel is 3<!-- draws: shape[2] --> wide.\n\n"
        "![A pixel that holds 3 in its channels](photo.png)\n"
        "![A kernel 3 wide](photo.png)\n"
    )
    project = site(tmp_path, monkeypatch, page)
    (problem,) = alt_problems(project)
    assert problem.startswith(
        "docs/p.md:3: 3 in the alt text of photo.png ('holds 3 in') repeats no number the page "
        "claims or marks free with the same word beside it"
    )


def test_a_drawn_figure_without_a_description_is_told_to_write_one(tmp_path, monkeypatch):
    plain = DRAWS.replace("f' <title>{description}</title>\\n</svg>\\n'", "'</svg>\\n'")
    project = site(tmp_path, monkeypatch, PROSE + "![Input 7×7×3](figures/p/pixel.svg)\n", plain)
    assert description(project.figures / "p" / "pixel.svg") is None
    (problem,) = alt_problems(project)
    assert "7×7×3 in the alt text of figures/p/pixel.svg" in problem
    assert 'metadata={"Title": description}' in problem


def test_the_mismatch_names_where_the_texts_part():
    assert mismatch("a b c d e f", "a b c X e f") == (
        "the alt text says 'a b c d e f' where the figure says 'a b c X e f'"
    )
    assert mismatch("one two", "one two three") == (
        "the alt text says 'one two' where the figure says 'one two three'"
    )


def built_census(project: Project, alt: str, src: str = "../figures/p/pixel.svg") -> list[str]:
    """The census's problems for ``docs/p.md`` built as one <img> with ``alt`` (and its prose)."""
    from doccheck.census_page import PageCensus
    from doccheck.census_read import read_built

    site = project.root / "site"
    (site / "figures" / "p").mkdir(parents=True, exist_ok=True)
    drawn = project.figures / "p" / "pixel.svg"
    if drawn.is_file():
        (site / "figures" / "p" / "pixel.svg").write_bytes(drawn.read_bytes())
    page = read_page(project.docs / "p.md", project)
    html = f'<article><p>Text.</p><p><img alt="{alt}" src="{src}"></p></article>'
    census = PageCensus(page, read_built(html), project, site, "p/", "")
    census.account()
    return [p for p in census.problems if "alt text" in p]


def test_the_census_accounts_for_a_figure_alt_text_by_its_description(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, PROSE + f"![{DESCRIBED}](figures/p/pixel.svg)\n")
    assert built_census(project, DESCRIBED) == []
    # What the built page shows, not the Markdown, is compared: a mangled alt fails there.
    (problem,) = built_census(project, DESCRIBED.replace("and 3", "and 2"))
    assert "is not the figure's description" in problem and DESCRIBED in problem


def test_the_census_binds_other_alt_text_to_claimed_phrases(tmp_path, monkeypatch):
    page = "The kernel is 3<!-- draws: shape[2] --> wide.\n\n![A kernel 3 wide](photo.png)\n"
    project = site(tmp_path, monkeypatch, page)
    assert built_census(project, "A kernel 3 wide", "photo.png") == []
    (problem,) = built_census(project, "A pixel that holds 3 in its channels", "photo.png")
    assert "3 in the alt text ('holds 3 in') repeats no number" in problem


def test_fix_rewrites_the_alt_text_to_the_figure_description(tmp_path, monkeypatch):
    from doccheck import commands, versions
    from doccheck.runner import DEFAULT_BACKEND

    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)  # as test_commands does
    wrong = DESCRIBED.replace("and 3", "and 2").replace(" input ", "\ninput ")
    project = site(tmp_path, monkeypatch, PROSE + f"![ {wrong} ](figures/p/pixel.svg){{ a }}\n")
    fixed = commands.fix(Article.load(project))
    page = (project.docs / "p.md").read_text("utf-8")
    assert page == PROSE + f"![ {DESCRIBED} ](figures/p/pixel.svg){{ a }}\n"
    assert fixed.ok, fixed.problems + fixed.unknown


def test_an_image_inside_a_comment_shows_no_alt_text(tmp_path, monkeypatch):
    wrong = DESCRIBED.replace("and 3", "and 2")
    page = PROSE + f"<!-- an older version:\n![{wrong}](figures/p/pixel.svg)\n-->\n"
    project = site(tmp_path, monkeypatch, page)
    assert alt_problems(project) == []
