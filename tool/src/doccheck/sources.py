"""Where a quoted number must show its source. Imports no TensorFlow.

A number marked ``<!-- free quoted -->`` is a value no code computes, taken from a paper. The
reader must be able to see where it comes from without leaving the place they read it: in the
same paragraph (or list item), or, in a table, in the same row or in the table's header row (a
source named in a column's header covers the whole column). A source is what a reader can follow:
a link to a web page (the paper's arXiv or DOI page), a link to an entry of the references page
(``references.md#...``), or an arXiv or DOI identifier written out.
"""

from __future__ import annotations

import re

SOURCE = re.compile(
    r"https?://"
    r"|\]\([^)\s]*references(?:\.md)?/?#"
    r"|\barXiv:\s?\d{4}\.\d{4,5}"
    r"|\bdoi:\s?10\.\d"
)
# Where a paragraph ends, as Markdown reads it: a blank line, or a line that starts another
# block (a heading, a list item, a table row, a quote). A table row is one line.
_BLOCK_END = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|\||>))")
_TABLE_ROW = re.compile(r"[ \t]*\|")


def source_unit(text: str, offset: int) -> str:
    """The text a reader sees around ``offset``: its paragraph, or its row and the header row."""
    start = 0
    for m in _BLOCK_END.finditer(text, 0, offset):
        start = m.end()
    end_match = _BLOCK_END.search(text, offset)
    end = end_match.start() if end_match else len(text)
    unit = text[start:end]
    if _TABLE_ROW.match(unit):
        lines = text[:start].split("\n")[:-1]  # the lines above this row, nearest last
        header = None
        for line in reversed(lines):
            if not _TABLE_ROW.match(line):
                break
            header = line
        if header is not None:
            unit = header + "\n" + unit
    return unit


def shows_source(text: str, offset: int) -> bool:
    """Whether the paragraph or table row around ``offset`` shows a source a reader can follow.

    ``text`` is the page as the reader sees it: code and comments blanked, offsets kept.
    """
    return SOURCE.search(source_unit(text, offset)) is not None
