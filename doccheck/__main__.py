"""``python -m doccheck``: the pages against the last verified run, without TensorFlow.

Reads every page and the values pytest stored when it last ran the snippets, and prints the
claims that disagree, with the page problems that need no snippet run. Exit status 1 when
something disagrees. It is a preview aid; ``make verify`` is the check that counts.
"""

from __future__ import annotations

import sys
import time

from doccheck.article import Article
from doccheck.lastrun import disagreements, load


def main() -> int:
    """Print what disagrees; 0 when nothing does."""
    start = time.perf_counter()
    article = Article.load()
    empty = article.emptiness()
    if empty:
        for line in empty:
            print(line)
        print("nothing to check: run from a project, or set DOCCHECK_ROOT", file=sys.stderr)
        return 1
    entries = load(article.project)
    problems = [p for page in article.pages for p in (*page.problems, *page.unchecked)]
    problems += [p for page in article.pages for p in page.formula_problems()]
    problems += article.unknown_snippets() + article.colliding_claims()
    claim_problems, notes = disagreements(article.claims, entries, article.project)
    problems += claim_problems
    for line in problems:
        print(line)
    for line in notes:
        print(f"note: {line}")
    elapsed = time.perf_counter() - start
    print(
        f"{len(problems)} problem(s); {len(article.claims)} claims on {len(article.pages)} "
        f"pages, against {len(entries)} snippet runs stored by pytest ({elapsed:.2f} s)",
        file=sys.stderr,
    )
    if not entries:
        print("no stored runs yet: run `make verify` once", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
