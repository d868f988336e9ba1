"""Checks that the article's code runs and that every number it states is what the code gives.

The modules split the work the way a reader of the layout would look for it:

- ``layout``: where pages, snippets and recordings live, and how they name each other;
- ``pages``: reads a Markdown page for claims, snippet includes and formulas (no TensorFlow);
- ``numbers``: turns a claimed text such as ``120.4M`` or ``4×4×2`` into a value and a precision;
- ``formulas``: evaluates the arithmetic in a formula so that every written number is checked;
- ``runner``: runs one snippet in this process, isolated, and captures what it prints;
- ``recordings``: compares and atomically rewrites the recorded outputs the pages show.

pytest drives all of it (``tests/``); the site build never imports this package's runner.
"""

# The version of the claim forms a page may write (tool/CLAIMS.md): raised when a page written
# for it would read differently.
CLAIM_FORMS_VERSION = 1
