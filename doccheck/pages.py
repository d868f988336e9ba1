r"""Reads a Markdown page for what the checker must verify. Imports no TensorFlow.

A writer states a number in one of two ways, both invisible on the rendered page:

- in prose and tables, the number followed by an HTML comment naming a snippet and a Python
  expression evaluated in it: ``56<!-- conv2d: model.count_params() -->``;
- in a formula, the KaTeX macro ``\claim{conv2d: model.count_params()}{56}``, which renders as 56.

The snippet is looked up in the page's own folder (``docs/convolution.md`` ->
``snippets/convolution/``), or by its full name (``convolution/conv2d``) from any page.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from doccheck.formulas import CLAIM_MACRO, Mismatch, check_formula, unchecked_sides
from doccheck.layout import PROJECT, Project, rel
from doccheck.numbers import CLAIM_TEXT, normalize

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$", re.M)
_INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<target>[^"'\n]+)(?P=q)""", re.M)
# Anything that looks like a claim comment: `<!-- name: ... -->`. Plain comments have no colon
# after their first word.
_CLAIM_COMMENT = re.compile(r"<!--\s*(?P<key>[\w./-]+\s*:.*?)\s*-->", re.S)
_PROSE_CLAIM = re.compile(rf"(?<![\w.,])(?P<text>{CLAIM_TEXT})[ \t]?$")
# How far before a claim comment its number may start: claimed texts are a few dozen characters,
# and searching only this far keeps reading a page linear in its length.
_CLAIM_WINDOW = 400
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MATH = re.compile(
    r"\$\$(?P<d1>.+?)\$\$|\\\[(?P<d2>.+?)\\\]|\\\((?P<i1>.+?)\\\)"
    # Inline $...$ may wrap onto the next line of its paragraph, never past a blank line.
    r"|(?<![\\$])\$(?P<i2>(?:[^$\n]|\n(?![ \t]*\n))+?)\$",
    re.S,
)


@dataclass(frozen=True)
class Claim:
    """A number the page states, and where the snippet's value for it comes from."""

    page: Path
    line: int
    text: str
    snippet: str
    expression: str

    @property
    def where(self) -> str:
        """``docs/page.md:42``, the form editors and terminals turn into a link."""
        return f"{rel(self.page)}:{self.line}"

    @property
    def key(self) -> str:
        """The claim's reference as written: ``conv2d: model.count_params()``."""
        return f"{self.snippet}: {self.expression}"


@dataclass(frozen=True)
class Include:
    """A ``--8<--`` line: a snippet, a section of one, or a recorded output shown on the page."""

    page: Path
    line: int
    target: str

    @property
    def path(self) -> str:
        """The included file, without the ``:section`` suffix."""
        path, _, _ = self.target.partition(":")
        return path

    @property
    def section(self) -> str | None:
        """The named section, if the include shows only part of the file."""
        _, _, section = self.target.partition(":")
        return section or None

    @property
    def where(self) -> str:
        """``docs/page.md:42``."""
        return f"{rel(self.page)}:{self.line}"


@dataclass(frozen=True)
class Image:
    """A Markdown image, such as a figure a snippet drew."""

    page: Path
    line: int
    alt: str
    src: str

    @property
    def file(self) -> Path:
        """The image file the page points at (``#only-dark`` and similar suffixes dropped)."""
        return (self.page.parent / self.src.split("#", 1)[0]).resolve()

    @property
    def where(self) -> str:
        """``docs/page.md:42``."""
        return f"{rel(self.page)}:{self.line}"


@dataclass(frozen=True)
class Formula:
    """A piece of TeX on the page."""

    page: Path
    line: int
    tex: str

    @property
    def where(self) -> str:
        """``docs/page.md:42``."""
        return f"{rel(self.page)}:{self.line}"


@dataclass
class Page:
    """What a page asks the checker to verify."""

    path: Path
    claims: list[Claim] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    code_blocks: list[tuple[int, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    def formula_mismatches(self) -> list[tuple[Formula, Mismatch]]:
        """Every formula whose arithmetic does not hold."""
        return [(f, m) for f in self.formulas for m in check_formula(f.tex)]


def read_page(path: Path, project: Project = PROJECT) -> Page:
    """Parse one page; unreadable claims become ``problems`` that name the line."""
    page = Page(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        page.problems.append(
            f"{rel(path)}: is not UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8"
        )
        return page
    if not text.strip():
        page.problems.append(f"{rel(path)}: is empty; write the page or remove it from docs/")
        return page
    folder = project.page_folder(path)

    line_starts = [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset) + 1

    for m in _INCLUDE.finditer(text):
        page.includes.append(Include(path, line_of(m.start()), m["target"].strip()))

    prose = _blank_code(text, page, line_of)
    for m in _IMAGE.finditer(prose):
        page.images.append(Image(path, line_of(m.start()), m["alt"].strip(), m["src"]))
    for m in _CLAIM_COMMENT.finditer(prose):
        key = m["key"]
        name, _, expression = key.partition(":")
        before = _number_before(prose, m.start())
        line = line_of(m.start())
        if before is None:
            page.problems.append(
                f"{rel(path)}:{line}: the claim <!-- {key} --> follows no number; write the "
                "number right before it, as in 56<!-- conv2d: model.count_params() -->"
            )
            continue
        claim = Claim(path, line, before["text"], _snippet_name(name, folder), expression.strip())
        page.claims.append(claim)
    for m in _MATH.finditer(prose):
        group = next(k for k, v in m.groupdict().items() if v is not None)
        tex, start = m[group], m.start(group)
        page.formulas.append(Formula(path, line_of(start), tex))
        for c in CLAIM_MACRO.finditer(tex):
            name, sep, expression = c["key"].partition(":")
            line = line_of(start + c.start())
            if not sep:
                page.problems.append(
                    f"{rel(path)}:{line}: \\claim{{{c['key']}}} names no value; write "
                    "\\claim{snippet: expression}{number}"
                )
                continue
            page.claims.append(
                Claim(path, line, c["text"], _snippet_name(name, folder), expression.strip())
            )
    claimed = {t for c in page.claims for t in _NUMBER_TOKEN.findall(normalize(c.text))}
    page.unchecked = _unchecked_numbers(prose, path, line_of, claimed)
    for f in page.formulas:
        for side in unchecked_sides(f.tex):
            page.unchecked.append(
                f"{f.where}: the formula side {side!r} states a number nothing checks; "
                "write it as \\claim{snippet: expression}{number}, or compare it with one"
            )
    for name in _unbalanced_claim_macros(prose):
        page.problems.append(f"{rel(path)}:{line_of(name)}: \\claim needs two braced arguments")
    return page


# Numbers that are names, not values: 1x1 (the subject), ResNet-50, Inception-v3, F1, 2D,
# versions of the tools (Keras 3, Python 3.11), arXiv identifiers and the numbering of a paper.
_NAME_NUMBER = re.compile(
    r"(?<![\w.,])1[x×]1(?![\w×])|(?<=[A-Za-z])-?\d+|\d+(?=[A-Za-z])(?![x×]\d)"
    r"|\b(?:Keras|Python|TensorFlow|NumPy) \d+(?:\.\d+)*"
    r"|\barXiv:\d{4}\.\d{4,5}(?:v\d+)?"  # a paper's identifier
    # A paper's parts: Section 3.1, Tables 4, 6 and 8, equations 1-3 (or an en dash), Fig. 2.
    r"|\b(?:[Ss]ections?|[Tt]ables?|[Ff]igures?|Fig\.|[Ee]quations?|Eqs?\.|§)\s*\d+(?:\.\d+)*"
    r"(?:\s*(?:,|and|or|to|\u2013|-)\s*\d+(?:\.\d+)*)*"
)
_NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?")
_FREE = re.compile(r"<!--\s*free\s*-->")
_WORD_BEFORE = re.compile(r"\S+\s?$")


def _unchecked_numbers(prose: str, path: Path, line_of, claimed: set[str]) -> list[str]:
    """Numbers in prose that are neither claims, names, list markers nor marked free.

    Alt text cannot hold a claim comment (it would leak into the ``alt`` attribute), so a
    number there must repeat one that the page claims elsewhere.
    """
    covered = [False] * len(prose)
    alt_spans = [(m.start("alt"), m.end("alt")) for m in _IMAGE.finditer(prose)]

    def cover(start: int, end: int) -> None:
        covered[start:end] = [True] * (end - start)

    for m in _MATH.finditer(prose):
        cover(m.start(), m.end())
    for m in re.finditer(
        r"<time\b[^<>]*>[^<>]*</time>|<[^<>]*>|\]\([^()\s]*\)|^\s*\d+\.\s", prose, re.M
    ):
        cover(m.start(), m.end())  # dates, HTML tags and comments, link targets, list markers
    for m in _CLAIM_COMMENT.finditer(prose):
        before = _number_before(prose, m.start())
        if before:
            cover(before.start(), m.end())
    for m in _FREE.finditer(prose):
        before = _WORD_BEFORE.search(prose, max(0, m.start() - _CLAIM_WINDOW), m.start())
        if before:
            cover(before.start(), m.end())
    for m in _NAME_NUMBER.finditer(prose):
        cover(m.start(), m.end())
    problems = []
    for m in _NUMBER_TOKEN.finditer(prose):
        if any(covered[m.start() : m.end()]):
            continue
        if any(start <= m.start() < end for start, end in alt_spans):
            if m.group() not in claimed:
                problems.append(
                    f"{rel(path)}:{line_of(m.start())}: {m.group()} in an image's alt text is "
                    "claimed nowhere on the page; alt text may only repeat claimed numbers"
                )
            continue
        problems.append(
            f"{rel(path)}:{line_of(m.start())}: {m.group()} is a number nothing checks; "
            f"claim it ({m.group()}<!-- snippet: expression -->), or mark a number no code "
            f"produces as {m.group()}<!-- free -->"
        )
    return problems


def _number_before(prose: str, end: int) -> re.Match[str] | None:
    """The claimed number that ends right before offset ``end`` (where a claim comment starts)."""
    # The lookbehind still sees the character before the window, so a number is never cut.
    return _PROSE_CLAIM.search(prose, max(0, end - _CLAIM_WINDOW), end)


def _snippet_name(name: str, folder: str) -> str:
    name = name.strip()
    return name if "/" in name else f"{folder}/{name}"


def _blank_code(text: str, page: Page, line_of) -> str:
    """The text with fenced code, inline code and front matter blanked, keeping every offset."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    front = re.match(r"---\n.*?\n---\n", text, re.S)
    if front:
        blank(0, front.end())
    pos = 0
    while True:
        m = _FENCE.search(text, pos)
        if not m:
            break
        closer = re.compile(
            rf"^[ \t]*{re.escape(m['fence'][0])}{{{len(m['fence'])},}}[ \t]*$", re.M
        )
        end = closer.search(text, m.end())
        stop = end.end() if end else len(text)
        body = text[m.end() + 1 : end.start() if end else len(text)]
        page.code_blocks.append((line_of(m.start()), m["info"].strip(), body))
        blank(m.start(), stop)
        pos = stop
    blanked = "".join(chars)
    for m in re.finditer(r"(`+)(?!`).+?(?<!`)\1(?!`)", blanked, re.S):
        blank(m.start(), m.end())
    return "".join(chars)


def _unbalanced_claim_macros(prose: str) -> list[int]:
    whole = {m.start() for m in CLAIM_MACRO.finditer(prose)}
    return [m.start() for m in re.finditer(r"\\claim(?![A-Za-z])", prose) if m.start() not in whole]
