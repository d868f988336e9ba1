r"""What a built page gives readers and machines, read with the standard library's HTML parser.

The census (``census.py``) accounts for every number in it; this module only reads. Both
builders' pages are read the same way: a formula is its TeX, whether MkDocs typeset it at build
time (KaTeX keeps the source in ``<annotation encoding="application/x-tex">``) or Zensical left
it to the browser (``<span class="arithmatex">\(...\)</span>``). HTML comments survive into
both builders' pages: a claim comment is read where the reader sees its number. Imports no
TensorFlow.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Elements that end a run of prose: a free mark or a claim never reaches across them.
BLOCKS = {
    "p", "li", "ul", "ol", "td", "th", "tr", "table", "thead", "tbody", "div", "pre",
    "blockquote", "dt", "dd", "dl", "figure", "figcaption", "details", "summary", "section",
    "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "nav", "header", "footer",
}  # fmt: skip
# Attributes whose text a reader or a screen reader gets.
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label")
# Social and description tags: what search results and link previews show.
META_NAMES = re.compile(r"description|og:.*|twitter:.*")
_HEADING = re.compile(r"h[1-6]")
# A formula the browser is left to typeset (Zensical): its TeX between arithmatex's delimiters.
_DELIMITED = re.compile(r"\s*(?:\\\(|\\\[|\$\$?)(.*?)(?:\\\)|\\\]|\$\$?)\s*", re.S)


@dataclass
class Span:
    """A part of the article's prose stream: ``stream[start:end]``."""

    start: int
    end: int
    text: str = ""  # what it holds: the datetime of a <time>, the code of an inline <code>


@dataclass
class Built:
    """What one built HTML file shows, in document order.

    ``stream`` is the article's prose as the reader sees it (a blank line between blocks);
    formulas and code blocks are kept apart, each with the stream offset where it stood.
    """

    stream: str = ""
    comments: list[tuple[int, str]] = field(default_factory=list)  # (offset, inner text)
    inline_code: list[Span] = field(default_factory=list)
    times: list[Span] = field(default_factory=list)
    code: list[tuple[int, str]] = field(default_factory=list)
    math: list[tuple[int, str]] = field(default_factory=list)
    images: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    attributes: list[tuple[int, str, str, str]] = field(
        default_factory=list
    )  # (offset, tag, name, value)
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, level, text)
    has_article: bool = False
    title: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)  # (name or property, content)
    outside: list[str] = field(default_factory=list)  # site navigation, attributes outside
    toc: list[str] = field(default_factory=list)  # the page's table of contents


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.built = Built()
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[tuple[str, str, int]] = []  # (tag, kind, stream offset at the start)
        self.open: Counter[str] = Counter()  # the kinds on the stack: asked at every piece of text
        self.buffers: dict[str, list[str]] = {}

    def _inside(self, kind: str) -> bool:
        return self.open[kind] > 0

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        for kind in ("heading", "inline-code"):
            if self._inside(kind):
                self.buffers[kind].append(text)

    def _break(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n\n"):
            self._add("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        kind = ""
        in_article = self._inside("article")
        if tag == "article":
            kind = "article"
            self.built.has_article = True
        elif tag == "title" and not in_article:
            kind = "title"
            self.buffers["title"] = []
        elif tag == "meta" and not in_article:
            name = a.get("name") or a.get("property") or ""
            if META_NAMES.fullmatch(name) and a.get("content"):
                self.built.meta.append((name, a["content"]))
        elif self._inside("skip") or self._inside("math-html"):
            kind = "skip" if self._inside("skip") else ""
        elif tag in ("script", "style", "template") or (tag == "svg" and not in_article):
            # An inline <svg> in the article is read: its <text> is shown to the reader, and
            # no snippet drew it (a drawn figure is an <img> of docs/figures/).
            kind = "skip"
        elif not in_article:
            if tag == "nav":
                kind = "toc" if "md-nav--secondary" in classes or self._inside("toc") else "nav"
            elif tag == "a" and self._inside("nav"):
                kind = "nav-link"
                self.buffers["nav-link"] = []
        elif tag == "a" and "headerlink" in classes:
            kind = "skip"  # the permalink's ¶ and its "Permanent link" title: theme chrome
        elif tag == "button":
            kind = "skip"  # the copy button
        elif "arithmatex" in classes:
            kind = "math"
            self.buffers["math"], self.buffers["tex"] = [], []
        elif "katex-html" in classes:
            kind = "math-html"  # KaTeX's drawing of the formula; its source is read instead
        elif tag == "annotation" and self._inside("math"):
            kind = "tex"
        elif tag == "code" and self.stack and self.stack[-1][0] == "pre":
            kind = "code"
            self.buffers["code"] = []
        elif tag == "code":
            kind = "inline-code"
            self.buffers["inline-code"] = []
        elif _HEADING.fullmatch(tag):
            kind = "heading"
            self.buffers["heading"] = []
        elif tag == "time":
            kind = "time"
        if in_article and kind not in ("skip", "math-html") and not self._inside("skip"):
            if tag == "img":
                self.built.images.append((self.length, a))
            for name in SHOWN_ATTRIBUTES:
                if a.get(name, "").strip():
                    self.built.attributes.append((self.length, tag, name, a[name]))
        elif not in_article and not self._inside("skip") and tag != "meta":
            found = self.built.toc if kind == "toc" or self._inside("toc") else self.built.outside
            found += [a[n] for n in SHOWN_ATTRIBUTES if a.get(n, "").strip()]
        if in_article and tag in BLOCKS:
            self._break()
        if tag not in VOID:
            extra = a.get("datetime", "") if tag == "time" else ""
            self.stack.append((tag, kind, self.length))
            self.open[kind] += 1
            if extra:
                self.buffers.setdefault("datetime", []).append(extra)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] != tag:
                continue
            _, kind, start = self.stack[i]
            for _, closed, _ in self.stack[i:]:
                self.open[closed] -= 1
            del self.stack[i:]
            self._close(tag, kind, start)
            if self._inside("article") and tag in BLOCKS:
                self._break()
            return

    def _close(self, tag: str, kind: str, start: int) -> None:
        built = self.built
        if kind == "title":
            built.title = " ".join("".join(self.buffers.pop("title")).split())
        elif kind == "nav-link":
            text = " ".join("".join(self.buffers.pop("nav-link")).split())
            if text:
                (built.toc if self._inside("toc") else built.outside).append(text)
        elif kind == "math":
            raw, tex = "".join(self.buffers.pop("math")), "".join(self.buffers.pop("tex"))
            if not tex:
                found = _DELIMITED.fullmatch(raw)
                tex = found.group(1) if found else raw
            built.math.append((self.length, tex.strip()))
            if self._inside("heading"):
                self.buffers["heading"].append(f" {tex.strip()} ")
            self._add(" ")  # the formula stands apart; its numbers are the formula's
        elif kind == "code":
            built.code.append((self.length, "".join(self.buffers.pop("code"))))
        elif kind == "inline-code":
            built.inline_code.append(Span(start, self.length, "".join(self.buffers.pop(kind))))
        elif kind == "heading":
            text = " ".join("".join(self.buffers.pop("heading")).split())
            built.headings.append((start, int(tag[1]), text))
        elif kind == "time":
            when = self.buffers.get("datetime", [""]).pop() if self.buffers.get("datetime") else ""
            built.times.append(Span(start, self.length, when))

    def handle_data(self, data: str) -> None:
        if self._inside("title"):
            self.buffers["title"].append(data)
        if self._inside("nav-link") and not self._inside("skip"):
            self.buffers["nav-link"].append(data)
        if not self._inside("article") or self._inside("skip"):
            return
        if self._inside("math"):
            if self._inside("tex"):
                self.buffers["tex"].append(data)
            elif not self._inside("math-html"):
                self.buffers["math"].append(data)
            return
        if self._inside("math-html"):
            return
        if self._inside("code") and "code" in self.buffers:
            self.buffers["code"].append(data)
            return
        self._add(data)

    def handle_comment(self, data: str) -> None:
        if self._inside("article") and not self._inside("skip") and not self._inside("code"):
            self.built.comments.append((self.length, data))


def read_built(html: str) -> Built:
    """Everything a built page shows that the census accounts for."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.built.stream = "".join(reader.parts)
    return reader.built


def plain_text(html: str) -> str:
    """The text of an HTML fragment (a search index entry), tags and comments dropped."""
    reader = _Reader()
    reader.feed(f"<article>{html}</article>")
    reader.close()
    return "".join(reader.parts)
