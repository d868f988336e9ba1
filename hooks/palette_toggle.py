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

# The form as the theme's partials/palette.html writes it; the same text in a page's prose or
# code (where Markdown leaves the quotes as they are) stays.
THEME_MARKER = '<form class="md-header__option" data-md-component="palette">'
OWN_MARKER = '<form class="md-header__option" data-onexone-palette>'


def hand_over(html: str) -> str:
    """``html`` with the theme's palette form, if any, marked for ``palette.js`` instead."""
    return html.replace(THEME_MARKER, OWN_MARKER, 1)


def on_post_page(output: str, **_: object) -> str:
    """MkDocs event: a page's final HTML."""
    return hand_over(output)


def on_post_template(output_content: str, **_: object) -> str:
    """MkDocs event: a page the theme makes without Markdown (``404.html``)."""
    return hand_over(output_content)
