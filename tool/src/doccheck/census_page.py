"""The census of one built page against its Markdown page (see ``census.py``).

A built page's numbers are found by :func:`find_numbers`, the census's one way of finding
numbers; each is accounted for by the page model's claims, includes, formulas and figures, or
reported at the nearest source line (:class:`Source`). Imports no TensorFlow.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from doccheck import grammar
from doccheck.alt_text import description, mismatch
from doccheck.census_read import Built
from doccheck.code_prose import unchecked
from doccheck.formulas import CLAIM_MACRO, unchecked_sides, unreadable_sides
from doccheck.layout import Project, rel
from doccheck.numbers import normalize
from doccheck.pages import (
    _ATTACHED,
    _NUMBER_TOKEN,
    _PAPER,
    Page,
    _names,
    read_mark,
    unbound_sides,
)
from doccheck.problems import Problem, at
from doccheck.repeats import phrase_at, unbound

_CLAIM_WINDOW = 400  # as in pages.py: how far before a comment its number may start
_SECTION_MARKER = re.compile(r"^[ \t]*#?[ \t]*-{1,}8<-{1,}[ \t]*\[(?:start|end):[^\]]*\][ \t]*$")
_FREE_WORD = re.compile(r"\S+\s?$")
# What continues a claimed number after its comment, for the reader: more digits or letters
# (56<!-- … -->K shows 56K), or a unit after a space (56 K, 11.3 %).
_CONTINUED = re.compile(r"(?:[.,]?[\w%×])+|[ \u00a0\u202f](?:[KMBG]|%)(?![A-Za-z])")


@dataclass(frozen=True)
class Number:
    """A number found in a text: ``text[start:end]``; a ``name`` needs no accounting."""

    start: int
    end: int
    text: str
    name: bool = False

    @property
    def digits(self) -> range:
        """Where its characters are."""
        return range(self.start, self.end)


def find_numbers(text: str, project: Project) -> list[Number]:
    """Every number in ``text``, each a quantity to account for or a name.

    The census finds numbers with the grammar the page model uses (``doccheck.grammar``), and
    treats as names what the page model does: the site's own names, paper parts, a whole number
    with a letter right after it (``2D``).
    """
    named = [False] * len(text)
    patterns = [p for p in (_names(project), _PAPER, _ATTACHED) if p is not None]
    for pattern in patterns:
        for m in pattern.finditer(text):
            named[m.start() : m.end()] = [True] * (m.end() - m.start())
    found = []
    for q in grammar.quantities(text):
        digits = [i for i in range(q.start, q.end) if text[i].isdigit()]
        if not digits:
            continue
        is_name = all(named[i] for i in digits) or (q.is_name and not any(named[i] for i in digits))
        found.append(Number(q.start, q.end, q.text, is_name))
    return found


def tokens(text: str) -> set[str]:
    """The plain numbers in a stated text (``120,422,400`` -> ``120422400``), for repeats."""
    return {t.replace(",", "") for t in _NUMBER_TOKEN.findall(text.replace("×", " × "))}


def shown_tex(tex: str) -> str:
    r"""TeX as its numbers read: ``\claim{key}{56}`` is 56, ``163\,328`` is 163328."""
    return normalize(CLAIM_MACRO.sub(lambda m: m["text"], tex))


class Source:
    """A Markdown page, to point a finding in the built HTML at its nearest source line.

    Letters and digits alone are compared (markup, comments and spacing differ between the
    page and its HTML), from a wide context of the finding down to the finding itself.
    """

    def __init__(self, path: Path) -> None:
        """Index the page's letters and digits, each with its offset in the page."""
        self.path = path
        text = path.read_text("utf-8")
        # Comments are blanked for locating only; what they say is read with read_mark.
        shown = re.sub(r"<!--.*?-->", lambda m: " " * len(m.group()), text, flags=re.S)
        kept = [(i, c.lower()) for i, c in enumerate(shown) if c.isalnum()]
        self.flat = "".join(c for _, c in kept)
        self.offsets = [i for i, _ in kept]
        self.starts = [m.end() for m in re.finditer("\n", text)]

    def line_of(self, found: str, before: str = "", after: str = "") -> int | None:
        """The line where ``found`` starts; None when the page does not hold it.

        Where it stands between ``before`` and ``after`` is preferred.
        """
        key = _flat(found)
        if not key:
            return None
        for width in (40, 20, 8, 0):
            left = _flat(before[-width:]) if width else ""
            right = _flat(after[:width]) if width else ""
            at = self.flat.find(left + key + right)
            if at != -1:
                offset = self.offsets[at + len(left)]
                return sum(1 for s in self.starts if s <= offset) + 1
        return None

    def where(self, found: str, before: str = "", after: str = "") -> str:
        """``docs/page.md:42``, or the page and the quoted text when no line holds it."""
        line = self.line_of(found, before, after)
        if line:
            return f"{rel(self.path)}:{line}"
        return f"{rel(self.path)} (near {' '.join((before[-30:] + found).split())!r})"


def _flat(text: str) -> str:
    return "".join(c.lower() for c in text if c.isalnum())


def _normal_code(text: str) -> str:
    lines = [ln.rstrip() for ln in text.splitlines() if not _SECTION_MARKER.match(ln)]
    return "\n".join(lines).strip("\n")


def _sections(text: str) -> list[str]:
    """A file whole and each of its ``--8<-- [start:name]`` sections, as pymdownx includes them."""
    shown = [_normal_code(text)]
    for m in re.finditer(r"\[start:(?P<name>[^\]]+)\][^\n]*\n", text):
        end = re.search(rf"\n[^\n]*\[end:{re.escape(m['name'])}\]", text[m.end() - 1 :])
        body = text[m.end() : m.end() - 1 + end.start()] if end else text[m.end() :]
        shown.append(_normal_code(textwrap.dedent(body)))
    return shown


class PageCensus:
    """The census of one built page against its Markdown page."""

    def __init__(
        self, page: Page, built: Built, project: Project, site: Path, url: str, stamp: str
    ) -> None:
        """Ready to account for ``built``, the page at ``url`` of ``site``, against ``page``."""
        self.page, self.built, self.project, self.site, self.url = page, built, project, site, url
        self.stamp = stamp
        self.source = Source(page.path)
        self.counts: Counter[str] = Counter()
        self.problems: list[Problem] = []
        self.accounted: set[str] = set()
        self.stated: set[str] = set()  # accounted outside code
        self.reported: set[str] = set()  # numbers shown unaccounted, each reported here once
        self.covered: list[str | None] = [None] * len(built.stream)
        raw = []
        for include in page.includes:
            file = project.root / include.path
            if file.is_file():
                raw.append(file.read_text("utf-8"))
        self.included_raw = raw
        self.included = {s for text in raw for s in _sections(text)}

    def account(self) -> None:
        """Account for everything the built page shows; fill counts, problems, accounted."""
        self._code_blocks()
        self._formulas()
        self._comments()
        self._inline_code()
        self._dates_and_stamp()
        self._stream_numbers()
        self._figures_and_attributes()
        self._headings()

    def _count(self, kind: str, text: str) -> None:
        self.counts[kind] += 1
        if kind == "code prose":
            return  # no run checks it: it accounts for no other number the page shows
        self.accounted |= tokens(text)
        if kind != "code":
            self.stated |= tokens(text)

    def _cover(self, start: int, end: int, kind: str) -> None:
        for i in range(start, end):
            if self.covered[i] is None:
                self.covered[i] = kind

    def _at(self, offset: int, found: str) -> str:
        """The source line of ``found``, shown at ``offset`` of the prose stream."""
        stream = self.built.stream
        after = stream[offset + len(found) :][:60]
        return self.source.where(found, stream[max(0, offset - 60) : offset], after)

    def _code_blocks(self) -> None:
        for _, code in self.built.code:
            numbers = [n for n in find_numbers(code, self.project) if not n.name]
            if _normal_code(code) in self.included:
                prose = _prose_spans(code, self.project)
                for n in numbers:
                    inside = any(a < n.end and n.start < b for a, b in prose)
                    self._count("code prose" if inside else "code", n.text)
                continue
            if numbers:
                first = code.strip().splitlines()[0] if code.strip() else ""
                where = self.source.where(first)
                self.problems.append(
                    at(
                        where,
                        "census",
                        f"a code block typed on the page shows {numbers[0].text} "
                        f"({len(numbers)} number(s) in all) that no snippet or recording backs; "
                        'include the file that prints it (--8<-- "recorded/<page>/<name>.txt")',
                    )
                )

    def _formulas(self) -> None:
        formulas = {" ".join(f.tex.split()): f for f in self.page.formulas}
        for offset, tex in self.built.math:
            shown = CLAIM_MACRO.sub(lambda m: m["text"], tex)
            if not re.search(r"\d", shown):
                continue
            formula = formulas.get(" ".join(tex.split()))
            if formula is None:
                self.problems.append(
                    at(
                        self._at(offset, tex),
                        "census",
                        f"the formula {tex!r} on the built page is none the "
                        "page model reads, so nothing checks its numbers",
                    )
                )
                continue
            # A symbolic side's numbers count as checked only where a binding evaluates them.
            unbound = not formula.bound and unbound_sides(formula)
            if unchecked_sides(formula.tex) or unreadable_sides(formula.tex) or unbound:
                self.problems.append(
                    at(formula.where, "census", f"the formula {tex!r} has a side nothing checks")
                )
                continue
            for c in CLAIM_MACRO.finditer(tex):
                self._count("claimed", normalize(c["text"]))
            for t in _NUMBER_TOKEN.findall(shown_tex(CLAIM_MACRO.sub(" ", tex))):
                self._count("formula", t)

    def _comments(self) -> None:
        stream = self.built.stream
        folder = self.project.page_folder(self.page.path)
        for offset, inner in self.built.comments:
            mark = read_mark(inner)
            window = stream[max(0, offset - _CLAIM_WINDOW) : offset]
            if mark.kind == "free":
                word = _FREE_WORD.search(window)
                if word:
                    label = mark.name or "unspecified"
                    self._cover(offset - len(window) + word.start(), offset, f"free {label}")
                continue
            if mark.kind != "claim":
                continue  # a statement decides a sentence; a plain comment states nothing
            snippet = mark.name if "/" in mark.name else f"{folder}/{mark.name}"
            claims = [
                c
                for c in self.page.claims
                if not c.statement and c.snippet == snippet and c.expression == mark.expression
            ]
            comment = f"<!-- {mark.name}: {mark.expression} -->"
            if not claims:
                self.problems.append(
                    at(
                        self._at(offset, ""),
                        "census",
                        f"the built page shows the claim {comment} where the "
                        "page model reads none; write it after a number in prose or a table",
                    )
                )
                continue
            shown = None
            for claim in claims:
                pattern = r"\s+".join(re.escape(p) for p in claim.text.split())
                m = re.search(rf"(?<![\w.,]){pattern}$", window)
                if m:
                    shown = (claim, offset - len(window) + m.start())
                    break
            if shown is None:
                claim = claims[0]
                tail = " ".join(window.split()[-3:])
                self.problems.append(
                    at(
                        claim.where,
                        "census",
                        f"the built page shows {tail!r} before {comment}, not the "
                        f"claimed {claim.text}",
                        "write the number right before the comment",
                    )
                )
                continue
            claim, start = shown
            after = _CONTINUED.match(stream, offset)
            if after:
                unit = after.group().strip()
                self.problems.append(
                    at(
                        claim.where,
                        "census",
                        f"the reader sees {claim.text}{after.group()}, but "
                        f"{claim.comment} claims {claim.text}",
                        f"put the unit before the comment ({claim.text}{unit}<!-- ... -->) and "
                        "claim what it states",
                    )
                )
            self._cover(start, offset, "claimed")

    def _inline_code(self) -> None:
        for span in self.built.inline_code:
            code = span.text.strip()
            if not code or re.fullmatch(r"[\d.,\s×x%-]+", code):
                continue  # a bare number in code font is a number in prose: `57` is 57
            # Whole tokens only: `kernel_size=1` is not quoted from `kernel_size=11`.
            pattern = re.compile(
                (r"(?<![\w.])" if code[0].isalnum() else "")
                + re.escape(code)
                + (r"(?![\w])" if code[-1].isalnum() else "")
            )
            if any(pattern.search(raw) for raw in self.included_raw):
                self._cover(span.start, span.end, "code")

    def _dates_and_stamp(self) -> None:
        stream = self.built.stream
        for span in self.built.times:
            if tokens(stream[span.start : span.end]) <= {
                t.lstrip("0") or "0" for t in re.findall(r"\d+", span.text)
            } | tokens(span.text):
                self._cover(span.start, span.end, "date")
        if self.stamp:
            pattern = r"\s+".join(re.escape(word) for word in self.stamp.split())
            for m in re.finditer(pattern, stream):
                self._cover(m.start(), m.end(), "code")

    def _stream_numbers(self) -> None:
        stream = self.built.stream
        for number in find_numbers(stream, self.project):
            if number.name:
                self.counts["name"] += 1
                continue
            kinds = {self.covered[i] for i in number.digits if stream[i].isdigit()}
            if None not in kinds:
                self._count(sorted(kinds)[0], number.text)
                continue
            self.reported |= tokens(number.text)
            code = next(
                (s for s in self.built.inline_code if s.start <= number.start < s.end), None
            )
            where = self._at(number.start, number.text)
            if code:
                self.problems.append(
                    at(
                        where,
                        "census",
                        f"the inline code `{code.text}` shows {number.text}, and no snippet "
                        "or recording the page includes holds that code; quote the code as an "
                        "included file writes it, or state the number in prose and claim it",
                    )
                )
            else:
                self.problems.append(
                    at(
                        where,
                        "census",
                        f"the built page shows {number.text} and nothing accounts for it; "
                        f"claim it ({number.text}<!-- snippet: expression -->), or mark a number "
                        f"no code produces as {number.text}<!-- free label --> (a year, a table "
                        f"number) or {number.text}<!-- free quoted --> (a paper's value, its "
                        f"source "
                        "beside it)",
                    )
                )

    def _figures_and_attributes(self) -> None:
        figures: dict[int, Path] = {}  # the drawn figure each <img> shows, by its offset
        for offset, attrs in self.built.images:
            src = attrs.get("src", "").split("#", 1)[0]
            target = posixpath.normpath(posixpath.join(self.url, src))
            if target.startswith("figures/") and (self.site / target).is_file():
                self.counts["figure"] += 1
                figures[offset] = self.site / target
        for offset, tag, name, value in self.built.attributes:
            if tag == "img" and name == "alt":
                self._alt(value, figures.get(offset))
                continue
            for number in find_numbers(value, self.project):
                if number.name or tokens(number.text) <= self.stated:
                    continue
                self.problems.append(
                    at(
                        self.source.where(value),
                        "census",
                        f"{number.text} in the {name} of <{tag}> "
                        f"({value!r}) is accounted for nowhere on the page; {name} text may only "
                        "repeat a number the page claims",
                    )
                )
                break

    def _alt(self, alt: str, figure: Path | None) -> None:
        """An image's alt text: its drawn figure's description, or numbers bound to claims.

        The figure's description is checked with the figure (``doccheck.alt_text``): the alt
        text that says it word for word states its numbers. Any other alt text's numbers must
        each repeat a phrase the page claims or marks free (``doccheck.repeats``).
        """
        described = description(figure) if figure else None
        if described is not None:
            if " ".join(alt.split()) == described:
                self.stated |= tokens(alt)
                self.accounted |= tokens(alt)
                return
            self.problems.append(
                at(
                    self.source.where(alt),
                    "census",
                    f"the built page's alt text of "
                    f"{rel(figure)} is not the figure's description ({mismatch(alt, described)})",
                    f"write the alt text as the figure describes itself: {described!r}",
                )
            )
            return
        for number in find_numbers(alt, self.project):
            phrase = phrase_at(alt, number.start, number.end)
            if number.name or not unbound(phrase, self.page.phrases):
                continue
            context = " ".join(w for w in (phrase.before, number.text, phrase.after) if w)
            self.problems.append(
                at(
                    self.source.where(alt),
                    "census",
                    f"{number.text} in the alt text ({context!r}) repeats "
                    "no number the page claims or marks free with the same word beside it; state "
                    "it "
                    "in the prose with a claim, with the words the alt text puts beside it",
                )
            )
            return

    def _headings(self) -> None:
        written = {_flat(_heading_text(h.text)) for h in self.page.headings}
        # The theme writes the page's title as its <h1> when the page has none: the title the
        # writer gave in the nav or the front matter, which <title> starts with.
        title = _flat(self.built.title)
        untitled = not any(h.level == 1 for h in self.page.headings)
        for offset, level, text in self.built.headings:
            flat = _flat(text)
            if not flat or flat in written:
                continue
            first = not self.built.stream[:offset].strip()
            if level == 1 and untitled and first and title.startswith(flat):
                continue
            self.problems.append(
                at(
                    self._at(offset, text),
                    "census",
                    f"the built page has a heading <h{level}> "
                    f"{text!r} that the page does not write as one; a line that starts with # is a "
                    "heading (Python-Markdown needs no space after #): rewrap the paragraph so "
                    "that no line starts with #",
                )
            )


def _heading_text(written: str) -> str:
    """A heading's text as the reader sees it: no comments, no ``{#id .class}``."""
    shown = re.sub(r"<!--.*?-->", "", written, flags=re.S)
    return re.sub(r"\{[^{}]*\}\s*$", "", shown)


def _prose_spans(code: str, project: Project) -> list[tuple[int, int]]:
    """Where ``code`` has numbers in comments or docstrings that its literals do not back.

    The checker reports each (``Article.prose_numbers``); the census counts them apart from
    the code's own numbers, which a run does check.
    """
    rows = code.split("\n")
    starts = [0]
    for row in rows:
        starts.append(starts[-1] + len(row) + 1)
    spans: list[tuple[int, int]] = []
    searched: dict[int, int] = {}
    for n in unchecked(code, None, _names(project)):
        row = rows[n.line - 1] if n.line <= len(rows) else ""
        at = row.find(n.text, searched.get(n.line, 0))
        if at >= 0:
            searched[n.line] = at + len(n.text)
            spans.append((starts[n.line - 1] + at, starts[n.line - 1] + at + len(n.text)))
    return spans
