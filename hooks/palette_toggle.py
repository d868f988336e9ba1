"""MkDocs hook: the header's light/dark toggle is left to ``docs/javascripts/palette.js``.

Material's JavaScript mounts its palette component on the element marked
``data-md-component="palette"``. At every page load that component sets the palette again
and adds a ``<meta name="color-scheme">``, and each step restyled every element of the page
(why, and what ``palette.js`` does instead: that file's header). Renaming the marker keeps the
theme's markup, icons and labels, and the theme's script then passes it by.

Zensical ignores hooks: there the marker stays, the theme's component runs, and ``palette.js``
finds nothing to do. ``tests/test_build.py`` checks that every built page was renamed, so a
theme whose markup changed fails there instead of quietly mounting its component again.
"""

from __future__ import annotations

THEME_MARKER = 'data-md-component="palette"'
OWN_MARKER = "data-onexone-palette"


def on_post_page(output: str, **_: object) -> str:
    """MkDocs event: a page's final HTML."""
    return output.replace(THEME_MARKER, OWN_MARKER)


def on_post_template(output_content: str, **_: object) -> str:
    """MkDocs event: a page the theme makes without Markdown (``404.html``)."""
    return output_content.replace(THEME_MARKER, OWN_MARKER)
