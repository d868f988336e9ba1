"""Numbers in the comments and docstrings of the snippets a page shows. Imports no TensorFlow.

A comment or docstring is prose that no run checks: ``# a 56x56 map`` stays on the page after
the code changes to 57. So a number there must be one the code itself holds:

- in a comment, each number must be a literal of the code on the same line (a trailing
  comment) or of the statement that the comment's lines precede;
- a docstring documents a whole function or file, so no literal pins it: it may hold no number.

Names are exempt: the site's own names (``1x1``), numbers inside words (``conv2d``,
``ResNet-50``), a paper's parts as the page model reads them (``Section 3.2``, ``Table 1``,
``arXiv:1409.1556``) and pymdownx's section markers. Anything else is a problem at the
snippet's line, naming the page that shows it.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from fractions import Fraction

from doccheck import grammar
from doccheck.pages import _PAPER  # the page model's one reading of a paper's parts

# A number inside a word is part of the word: conv2d, ResNet-50, Conv2D, v3.
_IN_WORD = re.compile(r"(?<=[A-Za-z_])[-]?\d+(?:\.\d+)*|\d+(?=[A-Za-z_]*[A-Za-z_]\w*\()")
# pymdownx's section markers (# --8<-- [start:name]) are not prose.
_SECTION_MARKER = re.compile(r"-{1,}8<-{1,}(?:\s*\[(?:start|end):[^\]]*\])?")
_SKIPPED = {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT}


@dataclass(frozen=True)
class ProseNumber:
    """A number in a comment or docstring that the code does not hold."""

    line: int  # 1-based, in the snippet file
    text: str
    docstring: bool

    def message(self, shown_at: str) -> str:
        """The problem, without its place (the snippet's line), shown by ``shown_at``."""
        place = "docstring" if self.docstring else "comment"
        fix = (
            "a docstring may hold no number; say it in words, or state it in code (an assert)"
            if self.docstring
            else "state it in code (an assert) or remove it"
        )
        return f"{self.text} in a {place} is prose no run checks (shown by {shown_at}); " + (
            fix
            if self.docstring
            else f"it must be a literal of the code on its line or of the statement after it; {fix}"
        )


def unchecked(source: str, lines: set[int] | None = None, names=None) -> list[ProseNumber]:
    """The numbers in ``source``'s comments and docstrings that no code literal backs.

    ``lines`` limits the check to those 1-based lines (the section a page shows); ``names`` is
    the site's pattern of number-names, whose matches are exempt.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []  # the run reports a snippet Python cannot read
    literals_by_line: dict[int, set[Fraction]] = {}
    for tok in tokens:
        if tok.type == tokenize.NUMBER:
            value = _literal(tok.string)
            if value is not None:
                for row in range(tok.start[0], tok.end[0] + 1):
                    literals_by_line.setdefault(row, set()).add(value)
    found: list[ProseNumber] = []
    for i, tok in enumerate(tokens):
        if lines is not None and tok.start[0] not in lines:
            continue
        if tok.type == tokenize.COMMENT:
            backing = _backing(tokens, i, literals_by_line)
            found += _prose(tok.string, tok.start[0], backing, names, docstring=False)
        elif tok.type == tokenize.STRING and _is_docstring(tokens, i):
            for offset, row in enumerate(tok.string.split("\n")):
                found += _prose(row, tok.start[0] + offset, set(), names, docstring=True)
    return found


def _literal(text: str) -> Fraction | None:
    try:
        value = eval(text, {"__builtins__": {}})  # a NUMBER token: a literal, nothing else
    except (SyntaxError, ValueError):
        return None
    if isinstance(value, complex):
        return None
    # A float as written (1.3 is 13/10, as a comment's "1.3" is), not its binary value.
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _backing(tokens: list[tokenize.TokenInfo], i: int, literals: dict[int, set[Fraction]]):
    """The literals a comment may repeat: its own line's, or the next statement's."""
    row = tokens[i].start[0]
    code_before = any(
        t.start[0] == row and t.type not in _SKIPPED for t in tokens[max(0, i - 50) : i]
    )
    if code_before:
        return literals.get(row, set())
    # A comment line: the statement after it (and after any further comment lines).
    j = i + 1
    while j < len(tokens) and tokens[j].type in _SKIPPED:
        j += 1
    if j >= len(tokens) or tokens[j].type == tokenize.ENDMARKER:
        return set()
    first = tokens[j].start[0]
    last = first
    depth = 0
    for t in tokens[j:]:
        if t.type == tokenize.OP and t.string in "([{":
            depth += 1
        elif t.type == tokenize.OP and t.string in ")]}":
            depth -= 1
        last = t.end[0]
        if t.type == tokenize.NEWLINE and depth <= 0:
            break
    return set().union(*(literals.get(r, set()) for r in range(first, last + 1)))


def _is_docstring(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """Whether the string at ``i`` is a statement of its own (a docstring or a bare string)."""
    j = i - 1
    while j >= 0 and tokens[j].type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT):
        j -= 1
    starts = j < 0 or tokens[j].type in (tokenize.NEWLINE, tokenize.DEDENT, tokenize.ENCODING)
    k = i + 1
    while k < len(tokens) and tokens[k].type == tokenize.COMMENT:
        k += 1
    ends = k >= len(tokens) or tokens[k].type in (tokenize.NEWLINE, tokenize.ENDMARKER)
    return starts and ends


def _prose(text: str, line: int, backing: set[Fraction], names, docstring: bool):
    covered = [False] * len(text)
    patterns = [_IN_WORD, _SECTION_MARKER, _PAPER, *([names] if names is not None else [])]
    for pattern in patterns:
        for m in pattern.finditer(text):
            covered[m.start() : m.end()] = [True] * (m.end() - m.start())
    found = []
    for q in grammar.quantities(text):
        if q.is_name or all(covered[q.start : q.end]):
            continue
        values = [Fraction(d) for d in re.findall(r"\d+(?:\.\d+)?", q.text.replace(",", ""))]
        if values and all(v in backing for v in values):
            continue
        found.append(ProseNumber(line, q.text, docstring))
    return found


def shown_lines(source: str, section: str | None, ranges: str | None) -> set[int] | None:
    """The 1-based lines of ``source`` an include shows: a ``[start:name]`` section or ranges.

    None for the whole file.
    """
    rows = source.split("\n")
    if section:
        start = next((n for n, r in enumerate(rows, 1) if f"[start:{section}]" in r), None)
        end = next((n for n, r in enumerate(rows, 1) if f"[end:{section}]" in r), len(rows) + 1)
        return set(range(start + 1, end)) if start else set()
    if ranges:
        picked: set[int] = set()
        for part in ranges.split(","):
            first, _, last = part.partition(":")
            if first.strip().isdigit():
                stop = int(last) if last.strip().isdigit() else len(rows)
                picked |= set(range(int(first), stop + 1))
        return picked
    return None
