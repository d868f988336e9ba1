"""What counts as a quoted number's source. Imports no TensorFlow.

A number marked ``<!-- free quoted -->`` is a value no code computes, taken from a paper. The
reader must be able to see where it comes from without leaving the place they read it: the page
model (:func:`doccheck.pages.block_around`) gives that place, its paragraph or list item, or its
table row with the header row (a source named in a column's header covers the whole column). A
source is what a reader can follow: a link to a web page (the paper's arXiv or DOI page), a link
to an entry of the references page (``references.md#...``), or an arXiv or DOI identifier
written out.
"""

from __future__ import annotations

import re

SOURCE = re.compile(
    r"https?://"
    r"|\]\([^)\s]*references(?:\.md)?/?#"
    r"|\barXiv:\s?\d{4}\.\d{4,5}"
    r"|\bdoi:\s?10\.\d"
)


def shows_source(block: str) -> bool:
    """Whether ``block`` (a paragraph, or a table row with its header) shows a source."""
    return SOURCE.search(block) is not None
