"""The census of a built site: each way a number once reached the published page unread.

The census reads what the builders made (``doccheck/census.py``): the article's text, titles,
descriptions, navigation, attributes, both search indexes, the 404 page. Each way a number once
reached the published page unread is a fixture page in a scratch site (a copy of this
repository's site with the fixture pages added) built by both builders; each test checks that the
page model (the checker before the census) let its page through, and that the census names the
page and line. The census of the article's own site is the pytest plugin's census item, and
tests/test_census.py for Zensical's build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scratch import build_or_fail

from doccheck.article import Article
from doccheck.census import KINDS, find_numbers, take_census
from doccheck.census_read import read_built
from doccheck.layout import Project
from doccheck.pages import read_page
from doccheck.testing import Background, copy_project

HEAVY = re.compile(r"^import time:.*\|\s+(tensorflow|keras|tf_keras|jax|torch)\b", re.M)

# A snippet of the scratch site's own: the census runs nothing, the page model only reads names.
# Its comment's 5 is no literal of its code: counted as "code prose", accounting for nothing.
SNIPPET = "weights = 56\nkernel = (3, 3)  # 5 rows\n"
# Page name: (its Markdown, the line the census must name, what its message must say).
CASES = {
    "description": (
        "---\ndescription: A layer of 57 weights.\n---\n\n# A described layer\n\n"
        "The layer holds 56<!-- census/layer: weights --> weights.\n",
        2,
        "57 in the <meta",
    ),
    "description-from-code": (
        "---\ndescription: A kernel of 3 rows.\n---\n\n# Code alone\n\nThe layer holds "
        '56<!-- census/layer: weights --> weights:\n\n```python\n--8<-- "snippets/census/'
        'layer.py"\n```\n',
        2,
        "3 in the <meta",
    ),
    "unit-after-claim": (
        "# A unit after the claim\n\nThe model has 56<!-- census/layer: weights -->K parameters.\n",
        3,
        "the reader sees 56K",
    ),
    "unit-after-space": (
        "# A unit after a space\n\nThe model has 56<!-- census/layer: weights --> K parameters.\n",
        3,
        "the reader sees 56 K",
    ),
    "typed-fence": (
        "# A typed output\n\nThe layer holds 56<!-- census/layer: weights --> weights:\n\n"
        "```text\nTotal params: 57\n```\n",
        6,
        "a code block typed on the page shows 57",
    ),
    "attribute": (
        "# An abbreviation\n\nThe layer holds 56<!-- census/layer: weights --> "
        '<abbr title="57 weights">weights</abbr>.\n',
        3,
        "57 in the title of <abbr>",
    ),
    "inline-code": (
        "# Quoted code\n\nThe snippet sets `weights = 57`:\n\n"
        '```python\n--8<-- "snippets/census/layer.py"\n```\n',
        3,
        "the inline code `weights = 57` shows 57",
    ),
    # A repeat is bound to its claim with a word beside it, as written: the page claims a
    # 3×3 kernel, which does not make a "3x3" title true (only the bare 3 was compared before).
    "title-phrase": (
        "---\ntitle: A 3x3 layer\n---\n\n# A titled kernel\n\nThe kernel is "
        "3×3<!-- census/layer: kernel --> wide.\n",
        2,
        "3x3 in the <title>",
    ),
    "wrapped-heading": (
        "# Wrapped widths\n\nThe kernels are, in the first branch,\n"
        "#3×3<!-- census/layer: kernel --> and then more.\n",
        4,
        "a heading <h1> '3×3 and then more.'",
    ),
}
# A page that uses every kind the census accounts for, and must pass.
CLEAN = (
    "# Everything accounted\n\nThe layer holds 56<!-- census/layer: weights --> weights, "
    "in 3×3<!-- census/layer: kernel --> windows, since 2014<!-- free label -->; a 1x1 layer, like "
    'ResNet-50\'s, <abbr title="56 weights">holds</abbr> them: `weights = 56`.\n\n'
    "$$\n2 \\cdot 28 = \\claim{census/layer: weights}{56}\n$$\n\n"
    '```python\n--8<-- "snippets/census/layer.py"\n```\n'
)


# Pages with no <h1> of their own: the theme writes their nav title as one. "untitled" passes;
# "titled" has a number in its nav title, which must be reported once, not on every page.
# A nav title (mkdocs.yml) and the site description with a number no page claims: each reported
# once, at its line in mkdocs.yml, not on every page that shows it.
NAV_NUMBERED = "Clean, 58 times"
SITE_DESCRIBED = "Built 59 times."
UNTITLED = "## A section\n\nThe layer holds 56<!-- census/layer: weights --> weights.\n"
NAV_TITLED = "Layer 57"


def scratch_project(dest: Path) -> Path:
    """A copy of the project with the fixture pages in the nav and the site's names."""
    root = copy_project(dest)
    # The fixtures' own vocabulary, whatever the site running these tests calls names.
    (root / "pyproject.toml").write_text('[tool.doccheck]\nnames = ["1x1"]\n', "utf-8")
    (root / "snippets" / "census").mkdir(parents=True)
    (root / "snippets" / "census" / "layer.py").write_text(SNIPPET, "utf-8")
    (root / "docs" / "census").mkdir()
    pages = {**{name: text for name, (text, _, _) in CASES.items()}, "clean": CLEAN}
    for name, text in pages.items():
        (root / "docs" / "census" / f"{name}.md").write_text(text, "utf-8")
    (root / "docs" / "census" / "untitled.md").write_text(UNTITLED, "utf-8")
    # The title in the front matter: the theme shows it in the nav of every page, in <title>
    # and as the page's <h1>, with or without a nav in mkdocs.yml.
    titled = f"---\ntitle: {NAV_TITLED}\n---\n\n{UNTITLED}"
    (root / "docs" / "census" / "titled.md").write_text(titled, "utf-8")
    config = root / "mkdocs.yml"
    nav = "".join(f"      - census/{name}.md\n" for name in [*pages, "untitled", "titled"])
    nav = nav.replace("- census/clean.md", f"- {NAV_NUMBERED}: census/clean.md")
    text = config.read_text("utf-8").replace("nav:\n", f"nav:\n  - Census:\n{nav}", 1)
    described = f"site_description: {SITE_DESCRIBED}\n"
    text = re.sub(r"^site_description:.*\n(?:[ \t]+.*\n)*", described, text, count=1, flags=re.M)
    config.write_text(text, "utf-8")
    return root


def build_fixtures(scratch: Path) -> tuple[Project, dict[str, Path]]:
    """The scratch project, built by MkDocs and by Zensical."""
    root = scratch_project(scratch / "project")
    return Project(root), {b: build_or_fail(b, root) for b in ("mkdocs", "zensical")}


FIXTURES = Background("census-fixtures")


def start_early(items: list[pytest.Item]) -> None:
    """Start the fixture site's builds (conftest calls this after collection)."""
    FIXTURES.start("both", build_fixtures)
    items[0].config.add_cleanup(FIXTURES.stop)


def fixture_census(builder: str, page: str) -> tuple[list[str], Project]:
    """The census's problems about one fixture page of the scratch site ``builder`` built."""
    project, sites = FIXTURES.result("both", build_fixtures)
    census = take_census(sites[builder], Article.load(project))
    assert census.counts["claimed"], f"the census counted no claim: {census.summary()}"
    return [p for p in census.problems if f"census/{page}.md" in p], project


@pytest.mark.selfcheck
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
@pytest.mark.parametrize("case", CASES)
def test_fixture_page_fails_the_census_at_its_line(case, builder):
    _, line, says = CASES[case]
    problems, project = fixture_census(builder, case)
    page = read_page(project.docs / "census" / f"{case}.md", project)
    assert not page.problems and not page.unchecked, "the page model alone catches this case"
    assert len(problems) == 1, problems
    assert f"census/{case}.md:{line}: " in problems[0], problems
    assert says in problems[0], problems


@pytest.mark.selfcheck
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_fixture_comment_numbers_are_counted_apart_from_code(builder):
    """SNIPPET's "# 5 rows" is counted on each page that shows it, under its own kind."""
    project, sites = FIXTURES.result("both", build_fixtures)
    census = take_census(sites[builder], Article.load(project))
    pages = [text for text, *_ in CASES.values()] + [CLEAN]
    shown = sum('--8<-- "snippets/census/layer.py"' in text for text in pages)
    assert shown and census.counts["code prose"] == shown, census.summary()


@pytest.mark.selfcheck
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
@pytest.mark.parametrize("page", ["clean", "untitled"])
def test_fixture_pages_that_account_for_everything_pass(builder, page):
    problems, _ = fixture_census(builder, page)
    assert not problems


@pytest.mark.selfcheck
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_fixture_nav_title_number_is_reported_once(builder):
    """The title shows in the nav of every page, in <title>, the search index and as the <h1>
    the theme writes: one mistake, one message."""
    project, sites = FIXTURES.result("both", build_fixtures)
    census = take_census(sites[builder], Article.load(project))
    problems = [p for p in census.problems if NAV_TITLED in p or "census/titled.md" in p]
    assert len(problems) == 1, problems
    assert "census/titled.md" in problems[0], problems


@pytest.mark.selfcheck
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
@pytest.mark.parametrize(("text", "number"), [(NAV_NUMBERED, "58"), (SITE_DESCRIBED, "59")])
def test_fixture_site_wide_text_is_reported_once_at_its_mkdocs_line(builder, text, number):
    """A nav title shows on every page, in <title> and the search index; the site description
    in every page without its own and in 404.html. One mistake, one message, at mkdocs.yml."""
    project, sites = FIXTURES.result("both", build_fixtures)
    census = take_census(sites[builder], Article.load(project))
    problems = [p for p in census.problems if number in p]
    lines = (project.root / "mkdocs.yml").read_text("utf-8").splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if text in ln)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"mkdocs.yml:{line}: {number} in the "), problems


@pytest.mark.selfcheck
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_fixture_search_index_is_read(builder, tmp_path):
    """A search entry that shows a number its page does not account for fails, at the page."""
    project, sites = FIXTURES.result("both", build_fixtures)
    site = shutil.copytree(sites[builder], tmp_path / "site")
    indexes = (site / "search" / "search_index.json", site / "search.json")
    index = next(p for p in indexes if p.is_file())
    data = json.loads(index.read_text("utf-8"))
    entries = data.get("docs") or data.get("items")
    entry = next(e for e in entries if e["location"].startswith("census/clean/"))
    entry["text"] += " <p>A layer of 57 weights.</p>"
    index.write_text(json.dumps(data), "utf-8")
    census = take_census(site, Article.load(project))
    problems = [p for p in census.problems if "census/clean.md" in p]
    assert len(problems) == 1 and "57 in the search index entry" in problems[0], problems


def test_census_command_counts_by_kind_without_tensorflow():
    project, sites = FIXTURES.result("both", build_fixtures)
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "doccheck", "census", str(sites["mkdocs"])],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "import time:" in run.stderr, "-X importtime printed nothing: the check saw nothing"
    heavy = sorted({m.group(1) for m in HEAVY.finditer(run.stderr)})
    assert not heavy, f"the census imported {heavy}"
    counts = re.search(r"^census of .*: (.*)$", run.stdout, re.M)
    assert counts, run.stdout[-2000:] + run.stderr[-2000:]
    assert [part.rsplit(" ", 1)[0] for part in counts.group(1).split(", ")] == list(KINDS)
    problems = [ln for ln in run.stdout.splitlines() if not ln.startswith("census of ")]
    assert run.returncode == (1 if problems else 0), run.stdout[-2000:]


def test_headings_are_the_outline_the_writer_wrote(tmp_path):
    page = tmp_path / "docs" / "p.md"
    page.parent.mkdir()
    page.write_text(
        "# Title `code`\n\nText\n#3×3 is not a heading here\n\n```python\n# a comment\n```\n\n"
        "Setext\n------\n\n## Closed ##\n",
        "utf-8",
    )
    headings = read_page(page, Project(tmp_path)).headings
    assert [(h.line, h.level, h.text) for h in headings] == [
        (1, 1, "Title `code`"),
        (10, 2, "Setext"),
        (13, 2, "Closed"),
    ]


def test_an_inline_svg_is_read_as_the_page_shows_it():
    """Its <text> is shown to the reader, and no snippet drew it: the census reads it as prose."""
    built = read_built("<article><p>A drawing:</p><svg><text>328</text></svg></article>")
    assert "328" in built.stream
    assert not built.images


def test_numbers_are_found_in_one_place(tmp_path):
    """Names need no accounting; quantities with units are one number each.

    The grammar yields no number inside a word (the 50 of ResNet-50, the 1 of conv1).
    """
    (tmp_path / "pyproject.toml").write_text('[tool.doccheck]\nnames = ["1x1"]\n', "utf-8")
    text = "a 1x1 layer of ResNet-50 holds 120.5M weights in 3×3 conv1"
    found = find_numbers(text, Project(tmp_path))
    assert [(n.text, n.name) for n in found] == [
        ("1x1", True),
        ("120.5M", False),
        ("3×3", False),
    ]
