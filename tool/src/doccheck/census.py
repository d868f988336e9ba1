r"""The census of a built site: every number readers and machines get is accounted for.

The page model (``pages.py``) reads the Markdown; readers, search engines and link previews get
what Python-Markdown, pymdownx, KaTeX and the theme made of it. The census reads that output
(a built site folder, MkDocs' or Zensical's) and accounts for each number it shows:

- **claimed**: the number the reader sees right before a claim comment is exactly the text of
  a claim the page model holds (the tests verify that claim against the code). A unit after the
  comment (``56<!-- … -->K`` shows 56K, not the claimed 56) fails;
- **code**: a code block equal to an included snippet (whole or a section) or recording, inline
  code that occurs verbatim in one, or the pages' stamp (``recorded/stamp.md``);
- **formula**: a formula whose TeX is one of the page model's formulas, every side checked;
- **figure**: an image a snippet drew (``docs/figures/<page>/``), and the numbers of its alt text
  when that is the description the snippet wrote into the figure (``doccheck.alt_text``);
- **name**: a name from ``[tool.doccheck]`` or a number that is part of one (``ResNet-50``);
- **free label**, **free quoted**, **free unspecified**: a number marked ``<!-- free -->``;
- **date**: a ``<time>`` that shows only the numbers of its ``datetime``.

Each page's notebook (``notebooks/<page>.ipynb``) must be in the site as ``doccheck.notebooks``
makes it of the page's snippets and recordings, byte for byte (a stale one under ``docs/`` is
named by that module's check instead).

Anything else fails, naming the page and the nearest source line. Titles, descriptions, the
social tags, navigation, the table of contents and both search indexes may only repeat numbers
the page (or, for site-wide texts, the article) accounts for. Every heading of a built page must
be one the writer wrote. Theme chrome is skipped only through :data:`CHROME`. Imports no
TensorFlow: it reads built files.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from doccheck import notebooks
from doccheck.article import Article
from doccheck.census_config import config_texts
from doccheck.census_page import Number, PageCensus, Source, find_numbers, shown_tex, tokens
from doccheck.census_read import plain_text, read_built
from doccheck.layout import Project, rel
from doccheck.pages import Page
from doccheck.problems import Problem, at
from doccheck.repeats import Phrase, phrase_at, unbound
from doccheck.siteconfig import mkdocs_config

__all__ = ["CHROME", "KINDS", "Census", "find_numbers", "repeat_problem", "take_census"]

KINDS = (
    "claimed",
    "code",
    "code prose",  # in a shown snippet's comment or docstring, no literal of its code
    "formula",
    "figure",
    "name",
    "free label",
    "free quoted",
    "free unspecified",
    "date",
)
# Theme chrome that shows a number, skipped only here, each with why (tests/test_census.py
# requires each to occur in a built site, so a stale entry is noticed).
CHROME = {
    "404 - Not found": "the theme's 404 page: its heading, on 404.html only",
}


@dataclass
class Census:
    """What the census counted, by kind, and what it could not account for."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    # What was read, so that a census that read nothing is noticed: pages, HTML files,
    # headings, search entries, titles and descriptions.
    seen: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """Every number accounted for."""
        return not self.problems

    def summary(self) -> str:
        """``claimed 812, code 340, ...`` over the whole site, every kind named."""
        return ", ".join(f"{kind} {self.counts.get(kind, 0)}" for kind in KINDS)


def page_path(page: Path, docs: Path) -> str:
    """Where MkDocs and Zensical publish a page (directory URLs): ``why.md`` -> ``why/``."""
    stem = page.relative_to(docs).with_suffix("").as_posix()
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def take_census(site: Path, article: Article) -> Census:
    """Account for every number of the built ``site`` against the page model ``article``."""
    census = Census()
    project = article.project
    by_url = {page_path(p.path, project.docs): p for p in article.pages}
    # Per page: every number it accounts for (a search text repeats code too), and those it
    # states outside code (a title, description or attribute may repeat only these).
    accounted: dict[str, set[str]] = {}
    stated: dict[str, set[str]] = {}
    repeats: list[tuple[str, str, str, str | None]] = []  # (where, what, text, page url)
    stamp = _stamp_text(project)
    sources: dict[str, Source] = {}
    reported: dict[str, set[str]] = {}
    # Nav titles and site_description first, each once at its mkdocs.yml line; the numbers
    # reported there are not reported again on every page that shows them.
    config = project.root / "mkdocs.yml"
    given = config_texts(config)
    configured = {" ".join(text.split()) for _, _, text in given}
    site_name = str(mkdocs_config(config).get("site_name") or "") if config.is_file() else ""
    everything: set[Phrase] = set().union(*(p.phrases for p in article.pages))
    told: set[tuple[str | None, Phrase]] = set()
    from_config: set[str] = set()
    for line, what, text in given:
        for problem, number, _ in _bound_problems(
            f"mkdocs.yml:{line}", what, text, everything, project
        ):
            census.problems.append(problem)
            from_config |= tokens(number)
    for url, page in by_url.items():
        html = site / url / "index.html"
        if not html.is_file():
            census.problems.append(
                Problem(rel(page.path), None, "census", f"the built site has no {url}index.html")
            )
            continue
        census.seen["pages"] += 1
        built = read_built(html.read_text("utf-8"))
        census.seen["headings"] += len(built.headings)
        reading = PageCensus(page, built, project, site, url, stamp)
        reading.account()
        census.counts.update(reading.counts)
        census.problems += reading.problems
        accounted[url] = reading.accounted
        stated[url] = reading.stated
        reported[url] = reading.reported
        where = rel(page.path)
        # A title or description repeats a number bound to a claim of its page, or one that
        # mkdocs.yml gives (checked above): one message per number and phrase.
        shown_titles = [("<title>", built.title.removesuffix(f" - {site_name}"))]
        for what, text in [*shown_titles, *((f'<meta "{n}">', c) for n, c in built.meta)]:
            census.seen["titles and descriptions"] += 1
            if not text or " ".join(text.split()) in configured:
                continue
            line = reading.source.line_of(text) or _title_line(reading.source, text)
            spot = f"{where}:{line}" if line else where
            for problem, number, phrase in _bound_problems(spot, what, text, page.phrases, project):
                if tokens(number) <= reading.reported | from_config or (url, phrase) in told:
                    continue  # reported where the page shows it, in mkdocs.yml, or already
                told.add((url, phrase))
                census.problems.append(problem)
        repeats += [(where, "navigation", text, None) for text in built.outside]
        repeats += [(where, "table of contents", text, url) for text in built.toc]
        sources[url] = reading.source
    # The pages' notebooks: each the generator's, its code the snippets, its outputs recorded.
    census.problems += notebooks.site_problems(site, article)
    if notebooks.enabled(project):
        census.seen["notebooks"] = len(list(site.glob(f"{notebooks.FOLDER}/**/*.ipynb")))
    for html in sorted(site.rglob("*.html")):
        url = html.relative_to(site).as_posix().removesuffix("index.html")
        if url in by_url:
            continue
        census.seen["other files"] += 1
        built = read_built(html.read_text("utf-8"))
        shown = built.stream if built.has_article else plain_text(_body(html))
        where = html.relative_to(site).as_posix()
        repeats += [(where, "text", block.strip(), None) for block in shown.split("\n\n")]
        repeats += [(where, "heading", text, None) for _, _, text in built.headings]
        repeats.append((where, "<title>", built.title, None))
        repeats += [(where, f'<meta "{n}">', c, None) for n, c in built.meta]
        repeats += [(where, "navigation", text, None) for text in built.outside]
    searched = _search_entries(site, by_url)
    census.seen["search entries"] = len(searched) // 2
    repeats += searched
    census.seen["titles and descriptions"] += sum(
        1 for _, what, _, _ in repeats if what.startswith(("<title>", "<meta"))
    )
    for what in ("navigation", "table of contents"):
        census.seen[f"{what} texts"] = sum(1 for _, w, _, _ in repeats if w == what)
    # A number is reported once: where the page shows it unaccounted, or at its first repeat
    # (the navigation is on every page, a title in the search index too).
    for url, numbers in reported.items():
        accounted[url] |= numbers | from_config
        stated[url] |= numbers | from_config
    everywhere = set().union(*stated.values()) if stated else set()
    everywhere |= from_config
    for where, what, text, url in repeats:
        scope = accounted if what.startswith("search index") else stated
        allowed = scope.setdefault(url, set()) if url is not None else everywhere
        problem = repeat_problem(where, what, text, allowed, project, sources.get(url))
        if problem:
            census.problems.append(problem)
            allowed |= tokens(unaccounted(shown_tex(text), allowed, project).text)
    return census


def _bound_problems(
    where: str, what: str, text: str, claimed: set[Phrase], project: Project
) -> list[tuple[str, str, Phrase]]:
    """(message, number, phrase) of each number of ``text`` that repeats no ``claimed`` phrase.

    A title, description or nav title cannot hold a claim comment; its number must repeat a
    claimed (or free-marked) number of the page, or of the article for a site-wide text, with
    the same word right before or right after it (``doccheck.repeats``).
    """
    shown = shown_tex(text)
    found = []
    for number in find_numbers(shown, project):
        if number.name:
            continue
        phrase = phrase_at(shown, number.start, number.end)
        if not unbound(phrase, claimed):
            continue
        quoted = " ".join(shown.split())
        quoted = quoted if len(quoted) <= 100 else quoted[:97] + "..."
        scope = "the article" if where.startswith("mkdocs.yml") else "the page"
        context = " ".join(w for w in (phrase.before, number.text, phrase.after) if w)
        found.append(
            (
                at(
                    where,
                    "census",
                    f"{number.text} in the {what} ({quoted!r}) repeats no number "
                    f"{scope} claims or marks free with the same word beside it ({context!r}); "
                    "state it in the prose with a claim, as the title says it "
                    f"({context}, the number claimed), or write the title without it",
                ),
                number.text,
                phrase,
            )
        )
    return found


def _title_line(source: Source, text: str) -> int | None:
    """The line of a front matter ``title:`` or heading that a <title> shows, if any."""
    words = text.split()
    return source.line_of(" ".join(words[:6])) if words else None


def _body(html: Path) -> str:
    text = html.read_text("utf-8")
    found = re.search(r"<body\b.*?</body>", text, re.S | re.I)
    return found.group() if found else ""


def unaccounted(text: str, allowed: set[str], project: Project) -> Number | None:
    """The first number of ``text`` that is neither a name nor one of ``allowed``."""
    for number in find_numbers(text, project):
        if not number.name and not tokens(number.text) <= allowed:
            return number
    return None


def repeat_problem(
    where: str,
    what: str,
    text: str,
    allowed: set[str],
    project: Project,
    source: Source | None = None,
) -> str | None:
    """A title, description, nav entry or search text that shows a number nothing accounts for.

    ``allowed`` holds the numbers its page accounts for; with no ``source`` (a text of the
    whole site, such as the navigation) those the whole article accounts for.
    """
    if not text or " ".join(text.split()) in CHROME:
        return None
    text = shown_tex(text)
    number = unaccounted(text, allowed, project)
    if number is not None:
        quoted = " ".join(text.split())
        quoted = quoted if len(quoted) <= 100 else quoted[:97] + "..."
        if source is not None and not re.search(r":\d+$", where):
            line = source.line_of(number.text, text[: number.start], text[number.end :])
            where = f"{where}:{line}" if line else where
        scope = "on the page" if source is not None else "in the article"
        return (
            f"{where}: {number.text} in the {what} ({quoted!r}) is accounted for nowhere "
            f"{scope}; a title, description or search text may only repeat a number the page "
            "claims or marks free"
        )
    return None


def _search_entries(site: Path, by_url: dict[str, Page]) -> list[tuple[str, str, str, str | None]]:
    """Each title and text of MkDocs' ``search/search_index.json``, Zensical's ``search.json``."""
    found = []
    for index in (site / "search" / "search_index.json", site / "search.json"):
        if not index.is_file():
            continue
        data = json.loads(index.read_text("utf-8"))
        entries = data.get("docs") or data.get("items") or []
        for entry in entries:
            location = str(entry.get("location", ""))
            url = location.split("#", 1)[0].split("?", 1)[0]
            page = by_url.get(url)
            where = f"{rel(page.path)}" if page else location
            what = f"search index entry {location or '(home)'}"
            if url not in by_url:
                url = None
            for key in ("title", "text"):
                value = str(entry.get(key, ""))
                found.append((where, what, plain_text(value) if "<" in value else value, url))
    return found


def _stamp_text(project: Project) -> str:
    """What ``recorded/stamp.md`` shows at the end of every page, or "" without one."""
    stamp = project.recorded / "stamp.md"
    if not stamp.is_file():
        return ""
    return " ".join(plain_text(stamp.read_text("utf-8")).split())
