"""Zensical, Material's announced successor, builds the same mkdocs.yml into the same pages.

Both builders run strictly: MkDocs' is the clean build ``test_build.py`` reads (the census's,
shared), Zensical's runs in a copy of the project. Every page MkDocs publishes must exist in
Zensical's site (and no other), and each page's article must hold the same headings (with the
same anchors), code blocks, math, tables and text. The theme around the article may differ.
Zensical must also fail its strict build on a broken anchor, as MkDocs does.

A check of the pipeline's portability, not of the article's words or numbers: ``selfcheck``
(``make test`` and CI run it; ``make verify``, the writer's fast run, builds with MkDocs alone).
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import test_build
from sitetools import build, build_or_fail, waits_on_build, waits_on_pages

from doccheck.article import Article as DoccheckArticle
from doccheck.testing import Background, copy_project

pytestmark = pytest.mark.selfcheck

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Article:
    """What a reader gets from a page's ``<article>``, in document order."""

    headings: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class ArticleParser(HTMLParser):
    """Collects an :class:`Article` from a page built by MkDocs or Zensical."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = Article()
        self.stack: list[tuple[str, str]] = []  # (tag, what is collected there)
        self.buffers: dict[str, list[str]] = {}

    def _inside(self, what: str) -> bool:
        return any(kind == what for _, kind in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element, noting whether its text is a heading, code, math or a table cell."""
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        kind = ""
        if tag == "article":
            kind = "article"
        elif not self._inside("article"):
            pass
        elif tag == "a" and "headerlink" in classes:
            kind = "skip"  # the permalink's ¶
        elif tag in ("script", "style", "button", "nav"):
            kind = "skip"  # the copy button and its bar
        elif re.fullmatch(r"h[1-6]", tag):
            kind = "heading"
            self.buffers["heading"] = [f"{tag}#{a.get('id') or ''} "]
        elif tag == "code" and self.stack and self.stack[-1][0] == "pre":
            kind = "code"
            self.buffers["code"] = []
        elif tag == "code":
            kind = "inline-code"
            self.buffers["inline-code"] = []
        elif "arithmatex" in classes:
            kind = "math"
            self.buffers["math"] = []
            self.buffers["tex"] = []
        elif tag == "annotation" and self._inside("math"):
            kind = "tex"  # KaTeX's copy of the source, in a formula MkDocs typeset at build time
        elif tag == "table":
            kind = "table"
            self.article.tables.append([])
        elif tag == "tr" and self.article.tables:
            self.article.tables[-1].append([])
        elif tag in ("td", "th") and self.article.tables and self.article.tables[-1]:
            kind = "cell"
            self.article.tables[-1][-1].append("")
        if tag not in VOID:
            self.stack.append((tag, kind))

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open ``tag``, storing what it collected."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                kind = self.stack[i][1]
                del self.stack[i:]
                if kind == "math":
                    self._end_math()
                elif kind == "inline-code":
                    collected = " ".join("".join(self.buffers.pop(kind)).split())
                    if collected and not self._inside("skip"):
                        self.article.text.append(collected)
                elif kind in ("heading", "code"):
                    collected = "".join(self.buffers.pop(kind))
                    getattr(self.article, "headings" if kind == "heading" else kind).append(
                        collected if kind == "code" else " ".join(collected.split())
                    )
                return

    def _end_math(self) -> None:
        """Store a formula as its TeX source, whether typeset at build time or left as
        ``\\(...\\)`` for the browser, and count it as text (and cell text) once."""
        raw, tex = "".join(self.buffers.pop("math")), "".join(self.buffers.pop("tex"))
        if not tex:
            found = re.fullmatch(r"\s*\\[(\[](.*)\\[)\]]\s*", raw, re.S)
            tex = found.group(1) if found else raw
        tex = " ".join(tex.split())
        self.article.math.append(tex)
        if self._inside("cell"):
            row = self.article.tables[-1][-1]
            row[-1] = " ".join((row[-1] + " " + tex).split())
        if self._inside("article") and not self._inside("skip"):
            self.article.text.append(tex)

    def handle_data(self, data: str) -> None:
        """Add text to whatever is being collected."""
        if not self._inside("article") or self._inside("skip"):
            return
        if self._inside("math"):
            self.buffers["tex" if self._inside("tex") else "math"].append(data)
            return  # the formula counts once, as its source (see _end_math)
        for kind in ("heading", "code"):
            if self._inside(kind):
                self.buffers[kind].append(data)
        if self._inside("cell"):
            row = self.article.tables[-1][-1]
            row[-1] = " ".join((row[-1] + " " + data).split())
        # Code counts whole: a block as its code, inline code as one piece of text. MkDocs'
        # pages split it into fewer pieces (the doccheck plugin drops the spans of tokens
        # coloured like plain code).
        if self._inside("inline-code"):
            self.buffers["inline-code"].append(data)
        elif data.strip() and not self._inside("code"):
            self.article.text.append(" ".join(data.split()))


def read_article(page: Path) -> Article:
    """The article of a built page."""
    parser = ArticleParser()
    parser.feed(page.read_text("utf-8"))
    parser.close()
    return parser.article


def differences(mkdocs: Article, zensical: Article) -> list[str]:
    """Where two articles differ, field by field, as short unified diffs."""
    found = []
    for name in ("headings", "code", "math", "tables", "text"):
        a, b = getattr(mkdocs, name), getattr(zensical, name)
        if a != b:
            lines = difflib.unified_diff(
                [repr(x) for x in a], [repr(x) for x in b], "mkdocs", "zensical", lineterm="", n=1
            )
            found.append(f"{name} differ:\n" + "\n".join(list(lines)[:40]))
    return found


# The builds are subprocesses: they start when the tests are collected and run on the second
# core while the snippets run (see doccheck.testing); the tests below collect their results.
SITES = Background("zensical-builds")


def build_zensical(scratch: Path) -> Path:
    """A copy of the project, built strictly by Zensical."""
    return build_or_fail("zensical", copy_project(scratch))


def start_builds(config: pytest.Config) -> None:
    """Start both builds the comparison reads: MkDocs' clean build and Zensical's."""
    test_build.start_clean(config)
    SITES.start("zensical", build_zensical)


def sites(article: DoccheckArticle | None = None) -> tuple[Path, Path]:
    """The site MkDocs built (test_build's clean build) and the one Zensical built."""
    waits_on_pages(article)
    mkdocs, result = test_build.result_of("clean")
    waits_on_build(result)
    return mkdocs, SITES.result("zensical", build_zensical)


def build_broken_anchor(scratch: Path) -> subprocess.CompletedProcess[str]:
    """Zensical's strict build of a copy whose first non-index page links to a missing anchor."""
    project = copy_project(scratch)
    page = next(p for p in sorted((project / "docs").rglob("*.md")) if p.name != "index.md")
    page.write_text(page.read_text("utf-8") + "\n\nSee [here](#no-such-anchor).\n", "utf-8")
    return build("zensical", project)[1]


def start_early(items: list[pytest.Item]) -> None:
    """Start the builds the selected tests read (conftest calls this after collection)."""
    for item in items:
        if item.name == "test_zensical_strict_build_fails_on_a_broken_anchor":
            SITES.start("broken-anchor", build_broken_anchor)
        else:
            start_builds(item.config)
    items[0].config.add_cleanup(SITES.stop)
    items[0].config.add_cleanup(test_build.BUILDS.stop)


@pytest.fixture(scope="module")
def both_sites(article: DoccheckArticle) -> tuple[Path, Path]:
    return sites(article)


def pages_of(site: Path) -> set[str]:
    """The HTML pages of a built site, relative to it."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_zensical_builds_the_same_pages(both_sites):
    mkdocs, zensical = both_sites
    assert pages_of(mkdocs) == pages_of(zensical)


def test_zensical_pages_have_the_same_content(both_sites):
    mkdocs, zensical = both_sites
    problems = []
    compared = {"pages": 0, "code": 0, "math": 0, "tables": 0, "headings": 0}
    for name in sorted(pages_of(mkdocs) & pages_of(zensical)):
        ours, theirs = read_article(mkdocs / name), read_article(zensical / name)
        compared["pages"] += 1
        for key in ("code", "math", "tables", "headings"):
            compared[key] += len(getattr(ours, key))
        problems += [f"{name}: {d}" for d in differences(ours, theirs)]
    assert compared["code"] and compared["math"] and compared["headings"], (
        f"the comparison saw too little to mean anything: {compared}"
    )
    assert not problems, "\n".join(problems)


def test_zensical_strict_build_fails_on_a_broken_anchor():
    result = SITES.result("broken-anchor", build_broken_anchor)
    assert result.returncode != 0, "Zensical passed a link to a missing anchor"
    assert "anchor does not exist" in result.stdout + result.stderr


def test_the_comparison_notices_a_change(both_sites, tmp_path):
    """A digit changed in a formula, and a character added to a code block, are both reported."""
    mkdocs, _ = both_sites
    page = next(
        p
        for p in sorted(mkdocs.rglob("*.html"))
        if read_article(p).code and any(re.search(r"\d", m) for m in read_article(p).math)
    )
    html = page.read_text("utf-8")
    math = re.compile(r'<annotation encoding="application/x-tex">[^<]*?(\d)').search(html)
    html = html[: math.start(1)] + str((int(math[1]) + 1) % 10) + html[math.end(1) :]
    code = html.index("<code>", html.index("<pre"))
    html = html[: code + len("<code>")] + "x" + html[code + len("<code>") :]
    changed = tmp_path / "changed.html"
    changed.write_text(html, "utf-8")
    found = differences(read_article(page), read_article(changed))
    assert [d.split(" ", 1)[0] for d in found] == ["code", "math", "text"], found
