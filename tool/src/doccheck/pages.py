r"""Reads a Markdown page for what the checker must verify. Imports no TensorFlow.

A writer states a number in one of two ways, both invisible on the rendered page:

- in prose and tables, the number followed by an HTML comment naming a snippet and a Python
  expression evaluated in it: ``56<!-- conv2d: model.count_params() -->``;
- in a formula, the KaTeX macro ``\claim{conv2d: model.count_params()}{56}``, which renders as 56.

A sentence that code can decide is a *statement*: ``<!-- assert naive: biggest == "3x3" -->``
after it; the expression must be ``True``. The word that decides a sentence may be claimed
itself, like a number: ``costs more<!-- naive: "more" if a > b else "less" -->`` (a *word
claim*, read by :mod:`doccheck.wordclaims`).

Inline code and HTML comments are found as Markdown finds them: left to right, never across a
blank line, so a stray backtick or an unclosed ``<!--`` hides nothing beyond its paragraph.

The snippet is looked up in the page's own folder (``docs/convolution.md`` ->
``snippets/convolution/``), or by its full name (``convolution/conv2d``) from any page.
"""

from __future__ import annotations

import ast
import bisect
import builtins
import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from doccheck import grammar, spelled
from doccheck.alt_text import alt_problem, description
from doccheck.formulas import (
    CLAIM_MACRO,
    TEX_COMMENT,
    Mismatch,
    chains,
    check_formula,
    loose_offsets,
    symbol_names,
    unchecked_sides,
    unreadable_sides,
)
from doccheck.layout import PROJECT, Project, rel
from doccheck.numbers import CLAIM_TEXT
from doccheck.problems import Problem, at
from doccheck.repeats import Phrase, phrase_at, unbound
from doccheck.sources import shows_source
from doccheck.tautology import cannot_be_false, restates, undecided_choice
from doccheck.wordclaims import word_before

if TYPE_CHECKING:
    from pymdownx.snippets import SnippetPreprocessor

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$", re.M)
# What a comment holds: a value claim `name: expression`, a statement `assert name: expression`,
# or `free label` / `free quoted`. Plain comments have no colon after their first word.
_VALUE_CLAIM = re.compile(r"\s*(?P<name>[\w./-]+)\s*:(?P<expression>.*?)\s*", re.S)
_STATEMENT = re.compile(r"\s*assert\s+(?P<name>[\w./-]+)\s*:(?P<expression>.*?)\s*", re.S)
# The values of the formula right before it: `where conv2d: H_in=6, H_out=model.output_shape[1]`.
_BINDING = re.compile(r"\s*where\s+(?P<name>[\w./-]+)\s*:(?P<expression>.*?)\s*", re.S)
# One word after "free" is its kind, even a misspelt one, so that the page can name the mistake.
_FREE_WORD = re.compile(r"\s*free(?:\s+(?P<kind>[\w-]+))?\s*")
FREE_KINDS = ("label", "quoted")


@dataclass(frozen=True)
class Mark:
    """What one HTML comment on a page says, read the one way every consumer reads it.

    ``kind`` is ``"claim"`` (``name: expression``), ``"statement"`` (``assert name:
    expression``), ``"free"`` (``free label`` or ``free quoted``; ``name`` holds the word after
    ``free``, ``""`` for a bare ``free``), ``"binding"`` (``where name: symbol=expression, ...``,
    the values at which the formula right before it is evaluated) or ``"plain"`` (a comment for
    writers, no colon after its first word). The page model, the census of the built site and
    the preview all classify comments with :func:`read_mark`.
    """

    kind: str
    name: str = ""
    expression: str = ""


def read_mark(inner: str) -> Mark:
    """Classify a comment's inner text (what stands between ``<!--`` and ``-->``)."""
    statement = _STATEMENT.fullmatch(inner)
    if statement:
        return Mark("statement", statement["name"], statement["expression"].strip())
    binding = _BINDING.fullmatch(inner)
    if binding:
        return Mark("binding", binding["name"], binding["expression"].strip())
    free = _FREE_WORD.fullmatch(inner)
    if free:
        return Mark("free", free["kind"] or "")
    value = _VALUE_CLAIM.fullmatch(inner)
    if value:
        return Mark("claim", value["name"], value["expression"].strip())
    return Mark("plain")


_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
# Where an inline span must end: a blank line, or a line that starts another block.
_BLOCK_END = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|\||>))")
_TABLE_ROW = re.compile(r"[ \t]*\|")
_INLINE_START = re.compile(r"`+|<!--")
_PROSE_CLAIM = re.compile(rf"(?<![\w.,])(?P<text>{CLAIM_TEXT})[ \t]?$")
# How far before a claim comment its number may start: claimed texts are a few dozen characters,
# and searching only this far keeps reading a page linear in its length.
_CLAIM_WINDOW = 400
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MATH = re.compile(
    r"\$\$(?P<d1>.+?)\$\$|\\\[(?P<d2>.+?)\\\]|\\\((?P<i1>.+?)\\\)"
    # Inline $...$ may wrap onto the next line of its paragraph, never past a blank line.
    # Inline $...$ as arithmatex reads it: no space just inside either dollar.
    r"|(?<![\\$])\$(?![\s$])(?P<i2>(?:\\.|[^\\$\n]|\n(?![ \t]*\n))+?)(?<![\s\\])\$",
    re.S,
)


@dataclass(frozen=True)
class Claim:
    """A number the page states, and where the snippet's value for it comes from."""

    page: Path
    line: int
    text: str  # the claimed number or word; for a statement, the sentence it follows
    snippet: str
    expression: str
    statement: bool = False  # <!-- assert ... -->: the expression must be True
    word: bool = False  # more<!-- ... -->: the value is that word, or the number it spells
    span: tuple[int, int] = (0, 0)  # where the claimed number is in the page's text
    # A binding (<!-- where ... -->, a statement): the formula's TeX, and the binding as written
    # (``conv2d: H_in=6, k=3``).
    formula: str = ""
    bound: str = ""

    @property
    def where(self) -> str:
        """``docs/page.md:42``, the form editors and terminals turn into a link."""
        return f"{rel(self.page)}:{self.line}"

    @property
    def key(self) -> str:
        """The claim's reference as written: ``conv2d: model.count_params()``."""
        return f"{self.snippet}: {self.expression}"

    @property
    def comment(self) -> str:
        """The comment as the page writes it."""
        if self.formula:
            return f"<!-- where {self.bound} -->"
        return f"<!-- {'assert ' if self.statement else ''}{self.key} -->"


@dataclass(frozen=True)
class Include:
    """A file pymdownx.snippets puts on the page: a snippet, a section of one, or a recording.

    Written on the page as ``--8<-- "file"`` (``file:section``, ``file:3:5``) or as a line of a
    block between two bare ``--8<--`` lines; or reached another way (``via``): a file that an
    included file includes, or mkdocs.yml's ``auto_append`` (then ``page`` is mkdocs.yml).
    """

    page: Path
    line: int
    target: str
    via: str = ""  # the included file whose own --8<-- line this is, or "auto_append"

    @property
    def path(self) -> str:
        """The included file, without a ``:section`` or ``:3:5`` line-range suffix."""
        return _split_target(self.target)[0]

    @property
    def section(self) -> str | None:
        """The named section, if the include shows only part of the file."""
        section = _split_target(self.target)[2]
        return section[1:] if section else None

    @property
    def lines(self) -> str | None:
        """The line ranges (``3:5``, ``1:2,8:9``), if the include shows only those lines."""
        lines = _split_target(self.target)[1]
        return lines[1:] if lines else None

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
    alt_span: tuple[int, int] = (0, 0)  # where the alt text (stripped) is in the page's text

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
    start: int = 0  # where the TeX starts in the page's text (claims' spans are counted so)
    bound: bool = False  # a <!-- where ... --> after it gives its symbols values

    @property
    def where(self) -> str:
        """``docs/page.md:42``."""
        return f"{rel(self.page)}:{self.line}"

    def where_at(self, offset: int) -> str:
        """The page line of a place in the formula, such as the side that is wrong."""
        return f"{rel(self.page)}:{self.line + self.tex.count(chr(10), 0, offset)}"


@dataclass(frozen=True)
class Heading:
    """A heading the writer wrote: ``## Title`` (a space after the #s) or a setext underline."""

    line: int
    level: int
    text: str  # as written, without the #s or the underline


@dataclass
class Page:
    """What a page asks the checker to verify."""

    path: Path
    claims: list[Claim] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    code_blocks: list[tuple[int, str, str]] = field(default_factory=list)
    # What pymdownx.snippets adds beyond the page's own includes: mkdocs.yml's auto_append and
    # the includes inside included files.
    indirect: list[Include] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchecked: list[Problem] = field(default_factory=list)
    words: int = 0  # what a reader reads: no code, comments, display math or collapsed boxes
    reads: str = ""  # those words' text: the page with all else blanked, offsets kept
    loose: list[tuple[int, str]] = field(default_factory=list)  # (line, text): unclaimed numbers
    headings: list[Heading] = field(default_factory=list)  # the outline the writer wrote
    # Each number claimed or marked free, with its neighbouring words: what a title,
    # description or alt text may repeat (doccheck.repeats).
    phrases: set[Phrase] = field(default_factory=set)

    def formula_mismatches(self) -> list[tuple[Formula, Mismatch]]:
        """Every formula whose arithmetic does not hold."""
        return [(f, m) for f in self.formulas for m in check_formula(f.tex)]

    def formula_problems(self, verdict: Verdict | None = None) -> list[Problem]:
        """Each broken relation, as ``docs/page.md:line: the formula says ...``.

        See :meth:`formula_reports` for the line and for what ``verdict`` decides.
        """
        return [message for _, message in self.formula_reports(verdict)]

    def formula_reports(self, verdict: Verdict | None = None) -> list[tuple[Claim | None, Problem]]:
        r"""Each broken relation's message, at the line of the side to correct, with its claim.

        When one side is a lone ``\claim`` and the other is not, the claim is the side the code
        checks: the message names the other side, at its own line. ``verdict(claim)`` says what
        the snippet's value makes of that claim: True (it holds), False (it does not) or None
        (not known yet, as without a run). When the claim does not hold, its own message
        (``claims 57 for ..., the snippet gives 56``) is the one for this mistake, and the
        relation is left out. The claim is returned with each message (None when no lone claim
        is a side), so that a consumer that learns the claim's value later can report it then.
        """
        reports: list[tuple[Claim | None, Problem]] = []
        for f, m in self.formula_mismatches():
            claim = self._claim_at(f, m.claim_at)
            if claim is None:
                reports.append((None, at(f.where_at(m.offset), "formula", str(m))))
                continue
            holds = verdict(claim) if verdict else None
            if holds is False:
                continue  # the claim's own message says what to correct
            confirmed = "the snippet confirms" if holds else "the snippet checks"
            reports.append(
                (
                    claim,
                    at(
                        f.where_at(m.offset),
                        "formula",
                        f"{m}; {confirmed} the {_other(m.blamed)} side "
                        f"({claim.text}), so correct the {m.blamed} side",
                    ),
                )
            )
        return reports

    def _claim_at(self, formula: Formula, offset: int) -> Claim | None:
        if offset < 0:
            return None
        where = formula.start + offset
        return next((c for c in self.claims if not c.statement and c.span[0] == where), None)


# What a snippet's value makes of a claim: True (it holds), False (it does not), None (unknown).
Verdict = Callable[[Claim], "bool | None"]


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


def read_page(path: Path, project: Project = PROJECT) -> Page:
    """Parse one page; unreadable claims become ``problems`` that name the line."""
    page = Page(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        page.problems.append(
            Problem(
                rel(path),
                None,
                "page",
                f"is not UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8",
            )
        )
        return page
    if not text.strip():
        page.problems.append(
            Problem(rel(path), None, "page", "is empty", "write the page or remove it from docs/")
        )
        return page
    try:
        _read(text, page, project)
    except Exception as err:  # a page must never take the whole suite down
        page.problems.append(
            Problem(
                rel(path),
                None,
                "page",
                f"the checker could not read this page: {type(err).__name__}: {err}",
            )
        )
    return page


def _read(text: str, page: Page, project: Project) -> None:
    path = page.path
    folder = project.page_folder(path)
    line_starts = [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset) + 1

    _read_includes(text, page, project)

    prose, comments, unclosed = _blank_code(text, page, line_of)
    # An include line outside a fence is replaced by the file, never shown: no number of its own.
    prose = _without(prose, _include_spans(text, {i.line for i in page.includes}))
    page.headings = _headings(text, prose, line_of)
    page.reads = _read_text(prose, comments)
    page.words = len(_WORD.findall(page.reads))
    visible = _without(prose, comments)  # a "$" or a link inside a comment shows nothing
    for m in _IMAGE.finditer(prose):
        alt = m["alt"].strip()
        alt_at = m.start("alt") + m["alt"].index(alt) if alt else m.start("alt")
        page.images.append(
            Image(path, line_of(m.start()), alt, m["src"], (alt_at, alt_at + len(alt)))
        )
    bindings: list[tuple[int, Mark]] = []
    for start, end in comments:
        inner = prose[start + 4 : end - 3]
        line = line_of(start)
        mark = read_mark(inner)
        if mark.kind == "statement":
            expression = mark.expression
            if not expression:
                page.problems.append(
                    Problem(
                        rel(path),
                        line,
                        "claim syntax",
                        f"<!-- assert {mark.name}: --> states nothing",
                        "write the expression that must be True, as in <!-- assert naive: "
                        'biggest == "3x3" -->',
                    )
                )
                continue
            sentence = _sentence_before(text, start, comments)
            page.claims.append(
                Claim(
                    path,
                    line,
                    sentence,
                    _snippet_name(mark.name, folder),
                    expression,
                    statement=True,
                )
            )
            continue
        if mark.kind == "binding":
            bindings.append((start, mark))
            continue
        if mark.kind == "free":
            marked = _number_before(prose, start)
            if marked:
                page.phrases.add(phrase_at(visible, *marked.span("text")))
            problem = _free_problem(mark, prose, visible, start)
            if problem:
                page.problems.append(Problem(rel(path), line, "free mark", problem))
            continue
        if mark.kind != "claim":
            continue
        key = f"{mark.name}: {mark.expression}"
        before = _number_before(prose, start)
        if before is None:
            word = word_before(prose, start)
            if word is None:
                page.problems.append(
                    Problem(
                        rel(path),
                        line,
                        "claim syntax",
                        f"the claim <!-- {key} --> follows no number or word",
                        "write the number right before it, as in 56<!-- conv2d: "
                        'model.count_params() -->, or the word, as in more<!-- naive: "more" if a '
                        "> b "
                        'else "less" -->, or state a sentence with <!-- assert snippet: '
                        "expression -->",
                    )
                )
                continue
            page.claims.append(
                Claim(
                    path,
                    line,
                    prose[word[0] : word[1]],
                    _snippet_name(mark.name, folder),
                    mark.expression,
                    word=True,
                    span=word,
                )
            )
            continue
        page.claims.append(
            Claim(
                path,
                line,
                before["text"],
                _snippet_name(mark.name, folder),
                mark.expression,
                span=before.span("text"),
            )
        )
    ends: list[int] = []
    for m in _MATH.finditer(visible):
        group = next(k for k, v in m.groupdict().items() if v is not None)
        tex, start = m[group], m.start(group)
        formula = Formula(path, line_of(start), tex, start)
        page.formulas.append(formula)
        ends.append(m.end())
        for c in CLAIM_MACRO.finditer(tex):
            name, sep, expression = c["key"].partition(":")
            line = line_of(start + c.start())
            if not sep:
                page.problems.append(
                    Problem(
                        rel(path),
                        line,
                        "claim syntax",
                        f"\\claim{{{c['key']}}} names no value; write "
                        "\\claim{snippet: expression}{number}",
                    )
                )
                continue
            page.claims.append(
                Claim(
                    path,
                    line,
                    c["text"],
                    _snippet_name(name, folder),
                    expression.strip(),
                    span=(start + c.start("text"), start + c.end("text")),
                )
            )
        for c in TEX_COMMENT.finditer(tex):
            page.problems.append(
                at(
                    formula.where_at(c.start()),
                    "formula",
                    "a bare % starts a TeX comment, and KaTeX shows "
                    "nothing after it on the line; write \\% for a percent sign",
                )
            )
        for side in unreadable_sides(tex):
            page.problems.append(
                at(
                    formula.where_at(side.offset),
                    "formula",
                    f"the formula side {side.plain!r} cannot be "
                    f"checked ({side.reason}); write it with numbers and + - \\cdot / \\frac "
                    "\\sqrt \\lfloor \\lceil ^, or claim it with "
                    "\\claim{snippet: expression}{number}",
                )
            )
    # A TeX claim's neighbours are the formula's, not its own key: \claim{key}{ is blanked.
    shown = CLAIM_MACRO.sub(
        lambda m: " " * (m.start("text") - m.start()) + m["text"] + " ", visible
    )
    page.phrases |= {
        phrase_at(shown, *c.span) for c in page.claims if c.span and not c.statement and not c.word
    }
    _bind(page, bindings, ends, visible, line_of, folder)
    page.unchecked = _unchecked_numbers(
        prose, comments, path, line_of, project, page.loose, unclosed
    )
    page.unchecked += _alt_problems(page, project, comments)
    page.unchecked += _spelled_numbers(prose, visible, comments, page.claims, path, line_of)
    for f in page.formulas:
        for side, offset in zip(unchecked_sides(f.tex), loose_offsets(f.tex), strict=True):
            page.unchecked.append(
                at(
                    f.where_at(offset),
                    "unchecked number",
                    f"the formula side {side!r} states a number nothing "
                    "checks; write it as \\claim{snippet: expression}{number}, or compare it with "
                    "one",
                )
            )
        if not f.bound:
            page.unchecked += unbound_sides(f)
    for m in _CHARACTER_REFERENCE.finditer(prose):
        page.problems.append(
            Problem(
                rel(path),
                line_of(m.start()),
                "character reference",
                f"{m.group()} shows {html.unescape(m.group())}, "
                "digits the checker cannot read; write the digits themselves",
            )
        )
    for claim in page.claims:
        if not _computes(claim.expression):
            page.problems.append(
                at(
                    claim.where,
                    "tautology",
                    f"{claim.comment} uses nothing the snippet computes; name one "
                    "of its variables, so that the claim checks the code and not itself",
                )
            )
        elif claim.statement and (why := cannot_be_false(claim.expression)):
            page.problems.append(
                at(
                    claim.where,
                    "tautology",
                    f"{claim.comment} cannot be false ({why}), so it checks "
                    "nothing; compare what the snippet computes with what the sentence says",
                )
            )
        elif not (claim.statement or claim.word) and (
            why := restates(claim.text, claim.expression)
        ):
            page.problems.append(
                at(
                    claim.where,
                    "tautology",
                    f"{claim.comment} gives the page's number back ({why}), so it checks "
                    "nothing; compute the number in the snippet and name it",
                )
            )
        elif claim.word and (why := undecided_choice(claim.expression)):
            page.problems.append(
                at(
                    claim.where,
                    "tautology",
                    f"{claim.comment} gives the same word whatever the snippet "
                    f"computes ({why}); decide the word by what the snippet computes",
                )
            )
    for name in _unbalanced_claim_macros(prose):
        page.problems.append(
            Problem(rel(path), line_of(name), "claim syntax", "\\claim needs two braced arguments")
        )


def _bind(
    page: Page,
    bindings: list[tuple[int, Mark]],
    ends: list[int],
    visible: str,
    line_of: Callable[[int], int],
    folder: str,
) -> None:
    """Each ``<!-- where ... -->`` becomes a claim on the formula right before it.

    Its expression gathers the bound values in the snippet's namespace, once, as any claim's
    (:func:`formulas.bound_values`); the formula is evaluated at them where the claim is checked
    (:func:`article.claim_problem`), so an edited formula needs no new run.
    """
    for start, mark in bindings:
        where = f"{rel(page.path)}:{line_of(start)}"
        comment = f"<!-- where {mark.name}: {mark.expression} -->"
        i = bisect.bisect_right(ends, start) - 1
        if i < 0 or visible[ends[i] : start].strip():
            page.problems.append(
                at(
                    where,
                    "binding",
                    f"{comment} follows no formula; write it right after the formula whose "
                    "symbols it gives values to",
                )
            )
            continue
        formula = page.formulas[i]
        values = _keywords(mark.expression)
        if values is None:
            page.problems.append(
                at(
                    where,
                    "binding",
                    f"{comment} is not a list of symbol=expression; write it as "
                    "<!-- where conv2d: H_in=6, k=3, H_out=model.output_shape[1] -->",
                )
            )
            continue
        names = symbol_names(formula.tex)
        lone = any(len(c.sides) == 1 and c.sides[0].values for c in chains(formula.tex))
        wanted = names | ({"value"} if lone else set())
        missing = sorted(wanted - values.keys())
        extra = sorted(values.keys() - wanted)
        if missing or extra:
            page.problems.append(
                at(
                    where,
                    "binding",
                    f"{comment} "
                    + (f"gives no value to {', '.join(missing)}" if missing else "")
                    + ("; it " if missing and extra else "")
                    + (
                        f"binds {', '.join(extra)}, which the formula does not name"
                        if extra
                        else ""
                    )
                    + f"; the formula's symbols are {', '.join(sorted(names)) or 'none'}"
                    + (" and value=, the value it states" if lone else ""),
                )
            )
            continue
        literal = ", ".join(f"{name!r}: ({source})" for name, source in values.items())
        expression = f'__import__("doccheck.formulas", fromlist=["_"]).bound_values({{{literal}}})'
        lead = len(formula.tex) - len(formula.tex.lstrip())
        page.formulas[i] = replace(formula, bound=True)
        page.claims.append(
            Claim(
                page.path,
                int(formula.where_at(lead).rsplit(":", 1)[1]),
                comment,  # never a number, nor text a formula holds
                _snippet_name(mark.name, folder),
                expression,
                statement=True,
                formula=formula.tex,
                bound=f"{mark.name}: {mark.expression}",
            )
        )


def _keywords(source: str) -> dict[str, str] | None:
    """``H_in=6, k=model.k`` -> {"H_in": "6", "k": "model.k"}, read by Python; None if it is not."""
    try:
        call = ast.parse(f"f({source})", mode="eval").body
    except SyntaxError:
        return None
    assert isinstance(call, ast.Call)
    if call.args or not call.keywords or any(k.arg is None for k in call.keywords):
        return None
    text = f"f({source})"
    return {k.arg: ast.get_source_segment(text, k.value) or "" for k in call.keywords if k.arg}


def unbound_sides(formula: Formula) -> list[str]:
    """Sides with symbols and numbers that are values (the 1 of 2p + 1), and no binding."""
    problems = []
    names = ", ".join(f"{n}=..." for n in sorted(symbol_names(formula.tex)))
    lone = any(len(c.sides) == 1 for c in chains(formula.tex))
    for chain in chains(formula.tex):
        for side in chain.sides:
            if side.kind == "symbolic" and side.values:
                problems.append(
                    at(
                        formula.where_at(side.offset),
                        "unchecked number",
                        f"the formula side {side.plain!r} holds "
                        "numbers nothing evaluates; give its symbols the values a snippet "
                        "computes, "
                        f"right after the formula: <!-- where snippet: {names}"
                        + (", value=..." if lone and len(chain.sides) == 1 else "")
                        + " -->",
                    )
                )
    return problems


@functools.cache
def _snippet_reader() -> SnippetPreprocessor:
    """pymdownx.snippets' own reader, for its expressions and path rules (no file is read)."""
    from pymdownx.snippets import SnippetExtension, SnippetPreprocessor

    return SnippetPreprocessor(SnippetExtension().getConfigs(), SimpleNamespace(tab_length=4))


@functools.cache
def _split_target(target: str) -> tuple[str, str | None, str | None]:
    """``file:3:5`` -> (file, ":3:5", None); ``file:name`` -> (file, None, ":name")."""
    parts = _snippet_reader().split_path(target)
    if parts is None:
        return target.strip(), None, None
    return parts[0].strip(), parts[1], parts[2]


def _include_lines(lines: list[str]) -> tuple[list[tuple[int, str]], int | None]:
    """(index, target) of each line pymdownx.snippets includes a file for, as it reads them.

    Its ``parse_snippets`` loop without the reading: single-line ``--8<-- "file"``; each line
    of a block between two bare ``--8<--`` lines (an empty one, or one starting with ``;``, is
    none); not ``;--8<--``, which escapes the marker, nor a single-line include inside a block,
    which it skips. Also the index of a block still open at the end (else None).
    """
    reader = _snippet_reader()
    found: list[tuple[int, str]] = []
    block: int | None = None
    for i, line in enumerate(lines):
        m = reader.RE_ALL_SNIPPETS.match(line)
        if m:
            if m["escape"] or (block is not None and m["inline_marker"]):
                continue
            if not m["inline_marker"]:
                block = i if block is None else None
                continue
            target = m["snippet"][1:-1].strip()
        elif block is None:
            continue
        else:
            target = reader.RE_SNIPPET.match(line)["snippet"].strip()
            if not target:
                continue
        if not target.startswith(";"):
            found.append((i, target))
    return found, block


def read_includes(path: Path, text: str, project: Project = PROJECT) -> list[Include]:
    """What the page ``path`` (its Markdown ``text``) includes, directly and through includes.

    The includes alone, read as :func:`read_page` reads them, without the claims and numbers:
    the preview asks this of every page on each rebuild.
    """
    page = Page(path)
    _read_includes(text, page, project)
    return [*page.includes, *page.indirect]


def _include_spans(text: str, lines: set[int]) -> list[tuple[int, int]]:
    """The spans of the page's include lines (1-based ``lines``) and bare ``--8<--`` markers."""
    reader = _snippet_reader()
    spans, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        marker = reader.RE_ALL_SNIPPETS.match(line)
        if number in lines or (marker and not marker["escape"]):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _read_includes(text: str, page: Page, project: Project) -> None:
    """Every file pymdownx.snippets would put on the page, and what it includes in turn.

    A file is read for its own includes only once the page may include it (its real path is
    inside the repository and the include folders): nothing outside is ever opened.
    """
    lines = text.split("\n")
    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    skip = front.group().count("\n") if front and _is_mapping(front.group(1)) else 0
    found, unclosed = _include_lines(lines[skip:])
    if unclosed is not None:
        page.problems.append(
            Problem(
                rel(page.path),
                skip + unclosed + 1,
                "include",
                "this --8<-- opens a block of includes "
                "that is never closed, so every line after it is read as a file to include; end "
                "the block with a line of --8<--",
            )
        )
        found = [(i, target) for i, target in found if i < unclosed]
    for i, target in found:
        include = Include(page.path, skip + i + 1, target)
        page.includes.append(include)
        _nested(include, project, page.indirect, {page.path.resolve()})
    config = project.root / "mkdocs.yml"
    for line, file in project.appended:
        include = Include(config, line, file, via="auto_append")
        page.indirect.append(include)
        _nested(include, project, page.indirect, {page.path.resolve()})


def _nested(include: Include, project: Project, found: list[Include], seen: set[Path]) -> None:
    """The includes inside an included file, which pymdownx.snippets expands too.

    Each is reported where the page (or mkdocs.yml) includes the outer file, ``via`` naming it.
    """
    if project.include_refusal(include.path) or len(seen) > 20:
        return
    file = (project.root / include.path).resolve()
    if file in seen or not file.is_file():
        return
    try:
        lines = file.read_text("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return
    reader = _snippet_reader()
    target = reader.parse_snippet_target(include.target)
    if target is not None:
        lines = reader.select_snippet_lines(lines, target)
    for _, inner in _include_lines(lines)[0]:
        nested = Include(include.page, include.line, inner, via=include.path)
        found.append(nested)
        _nested(nested, project, found, seen | {file})


# A number that is part of a name: ResNet-50, conv1, F1, Inception-v3 (a letter before it; the
# grammar's QUANTITY leaves 2D, 3a, 1st as names). A number with a unit is a quantity.
_ATTACHED = re.compile(r"(?<=[A-Za-z])(?<!\d[x×])-?\d+(?:\.\d+)*")
_PAPER = re.compile(
    r"\barXiv[: ]\d{4}\.\d{4,5}(?:v\d+)?"  # a paper's identifier
    # One part of a paper (Section 3.1, Table 4, Fig. 2, §3, Eq. 5), or several after a plural
    # (Sections 2.1, 2.3; Tables 4, 6 and 8; equations 1-3). After a singular a comma ends the
    # reference: "Table 4, 56 weights" leaves 56 to be checked.
    r"|\b(?:[Ss]ection|[Tt]able|[Ff]igure|Fig\.|[Ee]quation|Eq\.|§)\s*\d+(?:\.\d+)*(?![\d,]\d)"
    r"|\b(?:[Ss]ections|[Tt]ables|[Ff]igures|Figs\.|[Ee]quations|Eqs\.|§§)\s*\d+(?:\.\d+)*"
    # ... a list ends at its "and", "or", "to" or dash: "Tables 4 and 6, 57 weights" checks 57.
    r"(?:\s*,\s*\d+(?:\.\d+)*)*(?:\s*(?:,?\s*and|,?\s*or|to|\u2013|-)\s*\d+(?:\.\d+)*)?"
)
_NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?")
# An HTML tag starts with a letter right after "<": "3 < 56 and 57 > 2" holds no tag.
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
# A date the page shows: its numbers must be those of its datetime attribute.
_TIME = re.compile(r"<time\b[^<>]*\bdatetime=\"(?P<when>[^\"]*)\"[^<>]*>(?P<shown>[^<>]*)</time>")
_LIST_MARKER = re.compile(r"^[ \t]*(?P<n>\d+)[.)][ \t]", re.M)
_LIST_ITEM = re.compile(r"^[ \t]*(?:\d+[.)]|[-*+])[ \t]")
# A run of references to digits (&#51;&#48;&#51; shows 303): one message for the run.
_CHARACTER_REFERENCE = re.compile(r"(?:&#(?:[xX]0*3[0-9]|0*4[89]|0*5[0-7]);)+")
# Any numeric reference: its digits are a code point, not a number the reader sees.
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]+|\d+);")
_LINK_TARGET = re.compile(r"\]\([^()\s]*\)")
# attr_list: { width="355" height="518" } after an image or link, {: .class } or {#id} anywhere.
_ATTR_LIST = re.compile(r"(?<=\))\{[^{}\n]*\}|\{:?\s*[#.][^{}\n]*\}")
_WORD_BEFORE = re.compile(r"\S+\s?$")


def _names(project: Project) -> re.Pattern[str] | None:
    """The site's own number-names (``[tool.doccheck]`` in pyproject.toml), as one pattern."""
    settings = project.settings
    parts = [rf"(?<![\w.,×]){re.escape(name)}(?![\w×])" for name in settings.get("names", [])]
    recorded = project.recorded_versions
    for word in settings.get("versioned", []):
        version = recorded.get(word.lower())
        if version is None:  # not one the recordings name: any version number is its name
            parts.append(rf"\b{re.escape(word)}[ \t]\d+(?:\.\d+)*")
            continue
        # "Keras 3" names the Keras the code runs on only if 3 starts its recorded version
        # (3.15.1); "Keras 2" is another Keras, a number to claim or mark.
        pieces = version.split(".")
        prefixes = sorted((".".join(pieces[:n]) for n in range(1, len(pieces) + 1)), key=len)
        alternatives = "|".join(re.escape(p) for p in reversed(prefixes))
        parts.append(rf"\b{re.escape(word)}[ \t](?:{alternatives})(?![\d.]*\d)")
    return re.compile("|".join(parts)) if parts else None


def _unchecked_numbers(
    prose: str,
    comments: list[tuple[int, int]],
    path: Path,
    line_of,
    project: Project,
    loose: list[tuple[int, str]],
    unclosed: list[tuple[int, int]] = (),
) -> list[str]:
    """Numbers in prose that are neither claims, names, list markers nor marked free.

    Alt text is left to :func:`_alt_problems`: it cannot hold a claim comment (it would leak
    into the ``alt`` attribute).
    """
    covered = [False] * len(prose)

    def cover(start: int, end: int) -> None:
        covered[start:end] = [True] * (end - start)

    for m in _MATH.finditer(_without(prose, comments)):
        cover(m.start(), m.end())
    for start, end in unclosed:  # reported once, as the unclosed comment it is
        before = _number_before(prose, start)
        cover(before.start() if before else start, end)
    for pattern in (_TAG, _LINK_TARGET, _ATTR_LIST, _PAPER, _ATTACHED, _NUMERIC_REFERENCE):
        for m in pattern.finditer(prose):
            cover(m.start(), m.end())
    for m in _IMAGE.finditer(prose):
        cover(*m.span("alt"))
    for start, end in _list_markers(prose):
        cover(start, end)
    for m in _TIME.finditer(prose):
        when = {n.lstrip("0") or "0" for n in re.findall(r"\d+", m["when"])}
        if {n.lstrip("0") or "0" for n in re.findall(r"\d+", m["shown"])} <= when:
            cover(m.start(), m.end())
    names = _names(project)
    if names:
        for m in names.finditer(prose):
            cover(m.start(), m.end())
    for start, end in comments:
        cover(start, end)
        kind = read_mark(prose[start + 4 : end - 3]).kind
        if kind == "free":
            before = _WORD_BEFORE.search(prose, max(0, start - _CLAIM_WINDOW), start)
            if before:
                cover(before.start(), start)
        elif kind == "claim":
            before = _number_before(prose, start)
            if before:
                cover(before.start(), start)
    problems = []
    for start, end in comments:
        power = re.match(grammar.SUPERSCRIPT, prose[end:])
        before = _number_before(prose, start)
        if power and before and read_mark(prose[start + 4 : end - 3]).kind in ("claim", "free"):
            seen = before["text"] + power.group()
            problems.append(
                Problem(
                    rel(path),
                    line_of(end),
                    "claim syntax",
                    f"the reader sees {seen}, but the comment marks "
                    f"{before['text']}; put the comment after the power ({seen}<!-- ... -->)",
                )
            )
    claim_ends = {
        end: start
        for start, end in comments
        if read_mark(prose[start + 4 : end - 3]).kind == "claim"
    }
    for q in grammar.quantities(prose):
        digits = [i for i in range(q.start, q.end) if prose[i].isdigit()]
        if all(covered[i] for i in digits):
            continue
        if q.is_name and not any(covered[i] for i in digits):
            continue  # a name such as 2D, 3a or 1st: a whole number, a letter right after
        stated = q.text
        loose.append((line_of(q.start), stated))
        if q.start in claim_ends:
            # 56<!-- ... -->0 shows 560: the reader's number runs on past the comment.
            before = _number_before(prose, claim_ends[q.start])
            claimed_text = before["text"] if before else ""
            problems.append(
                Problem(
                    rel(path),
                    line_of(q.start),
                    "claim syntax",
                    f"the reader sees {claimed_text}{stated}, but the "
                    f"claim is {claimed_text or 'no number'}, glued to the {stated} after its "
                    f"comment; write the whole number ({claimed_text}{stated}) before the comment "
                    "and claim it",
                )
            )
            continue
        problems.append(
            Problem(
                rel(path),
                line_of(q.start),
                "unchecked number",
                f"{stated} is a number nothing checks",
                f"claim it ({stated}<!-- snippet: expression -->), or mark a number no code "
                f"produces as {stated}<!-- free label --> (a year, a table number) or "
                f"{stated}<!-- free quoted --> (a paper's value, its source linked beside it)",
            )
        )
    return problems


def _alt_problems(
    page: Page, project: Project, comments: list[tuple[int, int]] = ()
) -> list[Problem]:
    """Alt text that is not its drawn figure's description, or states an unbound number.

    A figure whose snippet writes its description (``doccheck.alt_text``) must have it as its
    alt text. Any other image's number must repeat a phrase the page claims or marks free: the
    same value with the same word right before or after it (``doccheck.repeats``). An image
    inside a comment shows nothing.
    """
    figures = project.figures.resolve()
    problems = []
    for image in page.images:
        if any(start <= image.alt_span[0] < end for start, end in comments):
            continue
        file = image.file
        if file.is_relative_to(figures) and description(file) is not None:
            problem = alt_problem(image.where, image.src, image.alt, file, project)
            problems += [problem] if problem else []
            continue
        named = [False] * len(image.alt)
        for pattern in (_names(project), _PAPER, _ATTACHED):
            for m in pattern.finditer(image.alt) if pattern else ():
                named[m.start() : m.end()] = [True] * (m.end() - m.start())
        for q in grammar.quantities(image.alt):
            digits = [i for i in range(q.start, q.end) if image.alt[i].isdigit()]
            if not digits or all(named[i] for i in digits):
                continue
            if q.is_name and not any(named[i] for i in digits):
                continue  # 2D, 3a, 1st
            phrase = phrase_at(image.alt, q.start, q.end)
            if not unbound(phrase, page.phrases):
                continue
            context = " ".join(w for w in (phrase.before, q.text, phrase.after) if w)
            drawn = file.is_relative_to(figures)
            problems.append(
                at(
                    image.where,
                    "alt text",
                    f"{q.text} in the alt text of {image.src} ({context!r}) repeats "
                    "no number the page claims or marks free with the same word beside it; state "
                    "it in the prose with a claim, with the words the alt text puts beside it"
                    + (
                        ", or have the snippet that draws the figure write its description "
                        '(fig.savefig(..., metadata={"Title": description})) and use it as the '
                        "alt text"
                        if drawn
                        else ""
                    ),
                )
            )
    return problems


_SPELLED = re.compile(r"(?<![\w'\u2019-])[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_SCALES = ("hundred", "thousand", "million")
_COMMENTS_BEFORE = re.compile(r"(?:<!--(?:(?!-->).)*-->|\s)*$", re.S)


def _spelled_numbers(
    prose: str,
    visible: str,
    comments: list[tuple[int, int]],
    claims: list[Claim],
    path: Path,
    line_of,
) -> list[str]:
    """Numbers written as words that count (``spelled.counts``) and nothing accounts for.

    A counting word is accounted for as a word claim (``three<!-- s: len(x) -->``) or marked
    ``three<!-- free label -->``. Not read: alt text (it cannot hold a comment), tags, link
    targets, attribute lists, and a scale after a number (the million of 300 million).
    """
    skipped = [False] * len(prose)
    for pattern in (_IMAGE, _TAG, _LINK_TARGET, _ATTR_LIST, _MATH):
        for m in pattern.finditer(visible):
            span = m.span("alt") if pattern is _IMAGE else m.span()
            skipped[span[0] : span[1]] = [True] * (span[1] - span[0])
    claimed = {c.span for c in claims if c.word}
    free = {
        start for start, end in comments if read_mark(prose[start + 4 : end - 3]).kind == "free"
    }
    problems = []
    for m in _SPELLED.finditer(visible):
        word = m.group()
        if skipped[m.start()] or not spelled.counts(word) or m.span() in claimed:
            continue
        after = m.end() + (1 if prose[m.end() : m.end() + 1] in (" ", "\t") else 0)
        if after in free:
            continue
        before = _COMMENTS_BEFORE.search(prose, max(0, m.start() - _CLAIM_WINDOW), m.start())
        if word.casefold() in _SCALES and before and prose[: before.start()][-1:].isdigit():
            continue  # 300 million: the scale of the number before it
        problems.append(
            f'{rel(path)}:{line_of(m.start())}: "{word}" spells a number nothing checks; '
            f"claim the word ({word}<!-- snippet: expression -->, an expression that gives "
            f"the number) or, when no code computes it, mark it {word}<!-- free label -->"
        )
    return problems


_COLLAPSED = re.compile(r"^\?\?\?(?!\+)[^\n]*\n(?P<body>(?:[ \t]*\n|(?: {4}|\t)[^\n]*\n?)*)", re.M)
_ADMONITION_TYPE = re.compile(r"^(?:\?\?\?\+?|!!!)[ \t]+[\w-]+", re.M)  # shown as its title
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]", re.S)
_WORD = re.compile(r"[^\W_][\w\u2019'.,-]*")


def _read_text(prose: str, comments: list[tuple[int, int]]) -> str:
    """What a reader reads on the page: collapsed ``???`` boxes show only their title."""
    chars = list(prose)
    spans = [*comments]
    spans += [m.span("body") for m in _COLLAPSED.finditer(prose)]
    spans += [m.span() for m in _DISPLAY_MATH.finditer(prose)]
    spans += [m.span() for m in _ADMONITION_TYPE.finditer(prose)]
    spans += [m.span() for m in _TAG.finditer(prose)]
    spans += [m.span() for m in _LINK_TARGET.finditer(prose)]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# Found in the text with fences and front matter blanked; the heading's text is read from the page
# itself, since inline code in a heading is part of its text.
_ATX = re.compile(r"^[ \t]*(?P<hashes>#{1,6})(?:[ \t]+[^\n]*)?$", re.M)
_SETEXT = re.compile(
    r"(?:\A|\n[ \t]*\n)(?P<text>[ ]{0,3}\S[^\n]*)\n[ ]{0,3}(?P<rule>=+|-+)[ \t]*$", re.M
)


def _headings(text: str, prose: str, line_of) -> list[Heading]:
    """The page's headings, in page order: ATX (a space after the #s) and setext, outside fences."""
    found = []
    for m in _ATX.finditer(prose):
        written = text[m.start() : m.end()].strip()[len(m["hashes"]) :]
        written = re.sub(r"[ \t]+#+[ \t]*$", "", written).strip()
        found.append(Heading(line_of(m.start()), len(m["hashes"]), written))
    for m in _SETEXT.finditer(prose):
        if m["text"].lstrip().startswith(("|", "-", "*", "+", ">", "#")):
            continue  # a table, a list item, a quote or another heading: not a setext heading
        level = 1 if m["rule"].startswith("=") else 2
        written = text[m.start("text") : m.end("text")].strip()
        found.append(Heading(line_of(m.start("text")), level, written))
    return sorted(found, key=lambda h: h.line)


def _list_markers(prose: str) -> list[tuple[int, int]]:
    """Ordered-list markers, as Markdown reads them: a line that starts a block.

    A hard-wrapped line starting "57. " mid-paragraph is text: only "1." may interrupt a
    paragraph; other numbers start a list after a blank line, or continue one.
    """
    found = []
    for m in _LIST_MARKER.finditer(prose):
        line_start = prose.rfind("\n", 0, m.start()) + 1
        previous = prose[prose.rfind("\n", 0, max(0, line_start - 1)) + 1 : max(0, line_start - 1)]
        if (
            line_start == 0
            or not previous.strip()
            or m["n"] == "1"
            or _LIST_ITEM.match(previous)
            or previous[:1] in " \t"
        ):
            found.append((m.start(), m.end()))
    return found


def _free_problem(mark: Mark, prose: str, visible: str, start: int) -> str | None:
    """What is wrong with a free mark at offset ``start``: no kind, or a quote with no source."""
    before = _number_before(prose, start) or _WORD_BEFORE.search(
        prose, max(0, start - _CLAIM_WINDOW), start
    )
    text = before[0].strip().lstrip("([{\"'") if before else ""
    if mark.name not in FREE_KINDS:
        return (
            f"{text}<!-- free{' ' + mark.name if mark.name else ''} --> does not say which kind "
            f"of free number it is; say which kind: {text}<!-- free label --> (a year, a table, "
            f"section or figure number) or {text}<!-- free quoted --> (a value quoted from a "
            "source linked in its paragraph)"
        )
    if mark.name == "quoted" and not shows_source(block_around(visible, start)):
        return (
            f"{text}<!-- free quoted --> shows no source in its paragraph or table row; link the "
            "paper there ([arXiv:...](https://arxiv.org/abs/...)) or its entry on the references "
            "page (references.md#...), or claim the number"
        )
    return None


def block_around(text: str, offset: int) -> str:
    """The block a reader sees around ``offset``: a paragraph, list item, or table row.

    A table row comes with the table's header row above it (a header names what a column
    holds). ``text`` is the page as the reader sees it (code and comments blanked, offsets kept), as
    the page model reads it: a block ends at a blank line or a line that starts another block.
    """
    start = 0
    for m in _BLOCK_END.finditer(text, 0, offset):
        start = m.end()
    end_match = _BLOCK_END.search(text, offset)
    block = text[start : end_match.start() if end_match else len(text)]
    if _TABLE_ROW.match(block):
        header = None
        for line in reversed(text[:start].split("\n")[:-1]):  # the rows above, nearest first
            if not _TABLE_ROW.match(line):
                break
            header = line
        if header is not None:
            block = header + "\n" + block
    return block


def _number_before(prose: str, end: int) -> re.Match[str] | None:
    """The claimed number that ends right before offset ``end`` (where a claim comment starts)."""
    # The lookbehind still sees the character before the window, so a number is never cut.
    return _PROSE_CLAIM.search(prose, max(0, end - _CLAIM_WINDOW), end)


def _sentence_before(text: str, end: int, comments: list[tuple[int, int]]) -> str:
    """The sentence a statement comment follows, as the page shows it, for messages."""
    start = max(0, end - _CLAIM_WINDOW)
    chars = list(text[start:end])
    for a, b in comments:  # earlier claims' comments are not part of what the reader sees
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    window = "".join(chars)
    blank = list(_PARAGRAPH_END.finditer(window))
    if blank:
        window = window[blank[-1].end() :]
    window = window.rstrip()
    stops = [m.end() for m in re.finditer(r"[.!?:](?:\s|$)", window[:-1])]
    sentence = window[stops[-1] :] if stops else window
    sentence = re.sub(r"[*`]", "", " ".join(sentence.split()))
    return sentence.strip() or "(no sentence before it)"


def _snippet_name(name: str, folder: str) -> str:
    name = name.strip()
    return name if "/" in name else f"{folder}/{name}"


def _blank_code(
    text: str, page: Page, line_of
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """The text with code and front matter blanked (offsets kept), and two lists of spans.

    The comments, and the comments never closed (reported once: nothing in them again).

    Inline code and comments are read in one pass, left to right, as Markdown reads them: a
    run of backticks closes at the next run of the same length in the same paragraph, else it is
    a literal backtick; a comment opened mid-paragraph must close in that paragraph, else it is
    shown as text (and reported); a comment that starts a line is an HTML block, which may span
    paragraphs.
    """
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if front and _is_mapping(front.group(1)):
        blank(0, front.end())  # MkDocs reads it as metadata; anything else is shown as text
    pos = 0
    while True:
        m = _FENCE.search(text, pos)
        if not m:
            break
        closer = re.compile(
            rf"^[ \t]*{re.escape(m['fence'][0])}{{{len(m['fence'])},}}[ \t]*$", re.M
        )
        end = closer.search(text, m.end())
        if end is None:
            # superfences shows an unclosed fence and all that follows as text, not as code.
            page.problems.append(
                Problem(
                    rel(page.path),
                    line_of(m.start()),
                    "code fence",
                    f"this code fence is never closed; end it with a line of {m['fence']}",
                )
            )
            pos = m.end()
            continue
        body = text[m.end() + 1 : end.start()]
        page.code_blocks.append((line_of(m.start()), m["info"].strip(), body))
        blank(m.start(), end.end())
        pos = end.end()
    fenced = "".join(chars)
    comments: list[tuple[int, int]] = []
    unclosed: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _INLINE_START.search(fenced, pos)
        if not m:
            break
        start = m.start()
        paragraph = _BLOCK_END.search(fenced, start)
        limit = paragraph.start() if paragraph else len(fenced)
        line_start = fenced.rfind("\n", 0, start) + 1
        if re.match(r"[ \t]*#{1,6}[ \t]", fenced[line_start:start]):  # a heading is one line
            line_end = fenced.find("\n", start)
            limit = min(limit, line_end if line_end != -1 else limit)
        if fenced[line_start:start].lstrip().startswith("|"):  # a table row: cells end at "|"
            cell = re.compile(r"(?<!\\)\||\n").search(fenced, start, limit)
            limit = cell.start() if cell else limit
        if m.group() == "<!--":
            close = fenced.find("-->", start + 4)
            reopened = fenced.find("<!--", start + 4)
            starts_line = not fenced[fenced.rfind("\n", 0, start) + 1 : start].strip()
            if close == -1 or (close > limit and not starts_line) or -1 < reopened < close:
                page.problems.append(
                    Problem(
                        rel(page.path),
                        line_of(start),
                        "comment",
                        "this <!-- is not closed in its "
                        "paragraph, so the page shows it and what follows as text; close it with "
                        "-->",
                    )
                )
                ends = [e for e in (limit, reopened if reopened > -1 else limit) if e > start]
                unclosed.append((start, min(ends)))
                pos = start + 4
                continue
            comments.append((start, close + 3))
            pos = close + 3
            continue
        run = m.group()
        if _escaped(fenced, start):
            pos = start + 1  # \` is a literal backtick
            continue
        closer = re.compile(rf"(?<!`){run}(?!`)")
        end = closer.search(fenced, m.end(), limit)
        if end is None:
            pos = m.end()  # a literal backtick: Markdown shows it as it is
            continue
        blank(start, end.end())
        pos = end.end()
    return "".join(chars), comments, unclosed


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans blanked (newlines kept), offsets unchanged."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _computes(expression: str) -> bool:
    """Whether an expression names anything but builtins: ``56`` or ``1 == 1`` do not."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return True  # the run reports it, with Python's own message
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return bool(names - set(dir(builtins)))


def _escaped(text: str, i: int) -> bool:
    """Whether the character at ``i`` follows an odd number of backslashes."""
    count = 0
    while i - count - 1 >= 0 and text[i - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _is_mapping(front: str) -> bool:
    try:
        import yaml
    except ImportError:  # the light install has it (MkDocs needs it); be lenient without
        return True
    try:
        return isinstance(yaml.safe_load(front), dict)
    except yaml.YAMLError:
        return False


def _unbalanced_claim_macros(prose: str) -> list[int]:
    whole = {m.start() for m in CLAIM_MACRO.finditer(prose)}
    return [m.start() for m in re.finditer(r"\\claim(?![A-Za-z])", prose) if m.start() not in whole]
