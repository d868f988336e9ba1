"""Highlighted code with far fewer elements and the same colours (the MkDocs plugin's).

Pygments wraps every token of a highlighted block in a ``<span class="...">``: each name,
each run of whitespace, each bracket, comma and operator. This site colours those four kinds
like the code around them (``docs/stylesheets/extra.css``), so their spans change nothing a
reader sees, yet they were most of a page: 4,842 of the 5,993 elements of
``applications/modern``. A phone restyles and lays out every element, several times while the
page starts, and this was the largest share of its blocking time. Here, in each page's content,
those spans give way to their text; keywords, strings, numbers, comments and the rest keep
theirs. Measured with ``python -m bench.lighthouse`` (README, "Phones").

``tests/test_browser.py`` checks, in both palettes, that the classes in ``PLAIN`` are coloured
exactly like the code itself, so a stylesheet that colours one of them again fails there
rather than silently losing its colour here. Zensical runs no MkDocs plugins: its pages keep
the spans, which the same stylesheet colours the same.
"""

from __future__ import annotations

import re

# Pygments' short classes: Name, Text.Whitespace, Punctuation, Operator. Operator words ("ow":
# `in`, `not`) keep their spans: extra.css colours them as keywords.
PLAIN = ("n", "w", "p", "o")

_CODE = re.compile(r"(<code\b[^>]*>)(.*?)(</code>)", re.S)
_PLAIN_TOKEN = re.compile(rf'<span class="(?:{"|".join(PLAIN)})">([^<]*)</span>')


def plain_tokens(html: str) -> str:
    """``html`` with the ``PLAIN`` token spans in its ``<code>`` elements replaced by their text."""
    return _CODE.sub(lambda m: m[1] + _PLAIN_TOKEN.sub(r"\1", m[2]) + m[3], html)
