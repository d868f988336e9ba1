"""What the MkDocs plugin does to a built page: formulas typeset by KaTeX at build time, each
warning at its page's line (``doccheck.typeset_math``), and code left with its coloured tokens
only (``doccheck.plain_tokens``). The article's build of them is tests/test_build.py's.
"""

from __future__ import annotations

import re

from doccheck import plain_tokens, typeset_math
from doccheck.layout import PROJECT, Project
from doccheck.pages import read_page


def test_typesetting_shows_claims_as_their_value_and_reports_warnings(tmp_path):
    """\\claim{key}{value} shows the value only (the key stays in KaTeX's copy of the
    source); KaTeX's strict-mode warnings and errors come back, each at its line (found in
    the page model, a formula written twice at each of its own lines)."""
    hook = typeset_math
    page = (
        '<p><span class="arithmatex">\\(\\claim{s: n}{4\\,096} &lt; 5\\)</span></p>\n'
        '<div class="arithmatex">\\[\\text{3×3}\\]</div>\n'
        '<div class="arithmatex">\\[\\frac{1}\\]</div>\n'
        '<p>Again</p><div class="arithmatex">\\[\\frac{1}\\]</div>'
    )
    source = (
        "Intro\n$\\claim{s: n}{4\\,096} < 5$\n\n$$\\text{3×3}$$\n\n$$\n\\frac{1}\n$$\n"
        "Again\n\n$$\n\\frac{1}\n$$\n"
    )
    markdown = tmp_path / "docs" / "p.md"
    markdown.parent.mkdir()
    markdown.write_text(source, "utf-8")
    html, found = hook.typeset(page, PROJECT.docs)
    problems = hook.located(found, read_page(markdown, Project(tmp_path)).formulas, "p.md")
    assert html.count('data-typeset=""><span class="katex') == 4
    assert "katex-display" in html
    shown = re.sub(r'<span class="katex-mathml">.*?</span>(?=<span class="katex-html")', "", html)
    assert "s: n" not in re.sub(r"<[^>]+>", "", shown.split("katex-display")[0])
    assert '<annotation encoding="application/x-tex">\\claim{s: n}' in html
    assert len(problems) == 3, problems
    assert "p.md:4: KaTeX: " in problems[0]
    assert "3×3" in problems[0]
    assert "p.md:7: KaTeX: " in problems[1] and "frac" in problems[1]
    assert "p.md:12: KaTeX: " in problems[2], "the same formula again: at its own line"


def test_plain_tokens_give_way_to_their_text():
    """Inside code, the spans of names, whitespace, punctuation and operators become their
    text; other tokens keep theirs, and so does anything outside code."""
    hook = plain_tokens
    outside = '<p><span class="n">kept</span></p>'
    code = (
        '<code><span class="n">x</span><span class="w"> </span><span class="o">=</span>'
        '<span class="mi">3</span><span class="p">(</span><span class="ow">in</span></code>'
    )
    plain = '<code>x =<span class="mi">3</span>(<span class="ow">in</span></code>'
    assert hook.plain_tokens(outside + code + outside) == outside + plain + outside
