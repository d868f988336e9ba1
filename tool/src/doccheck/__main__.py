"""``python -m doccheck``: the writer's tool. ``--help`` lists the commands.

``check`` (the default) needs no TensorFlow and answers in well under a second; ``run``,
``fix`` and ``suggest`` import it only when a snippet has to run. Exit status: 0 when every
claim holds and every value is known, 1 otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from importlib import metadata
from pathlib import Path

from doccheck import CLAIM_FORMS_VERSION, commands
from doccheck.article import Article
from doccheck.problems import formatted
from doccheck.runner import DEFAULT_BACKEND, MissingKeras, keras_backend


def _version() -> str:
    """``doccheck 0.1.0 (docverify), claim forms version 1``."""
    try:
        installed = metadata.version("docverify")
    except metadata.PackageNotFoundError:  # the source tree on sys.path, not installed
        installed = "(not installed)"
    return f"doccheck {installed} (docverify), claim forms version {CLAIM_FORMS_VERSION}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m doccheck",
        description="Check the pages' numbers and sentences against their snippets.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser(
        "check",
        help="(default) every check that needs no TensorFlow, against the stored values",
    )
    run = sub.add_parser(
        "run", help="run the snippets that changed (and those PAGEs show), then check"
    )
    run.add_argument("pages", nargs="*", type=Path, metavar="PAGE")
    fix = sub.add_parser(
        "fix", help="rewrite wrong claimed numbers and stale recordings from the snippets"
    )
    fix.add_argument("pages", nargs="*", type=Path, metavar="PAGE")
    fix.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    suggest = sub.add_parser(
        "suggest", help="expressions that give each unclaimed number of a page"
    )
    suggest.add_argument("page", type=Path, metavar="PAGE")
    census = sub.add_parser(
        "census",
        help="account for every number a built site shows (no TensorFlow; build it first)",
    )
    census.add_argument(
        "site", nargs="?", type=Path, metavar="SITE", help="the built site folder (default: site)"
    )
    sub.add_parser(
        "worker",
        help="import Keras once and run the snippets `run`, `fix` send, until Ctrl-C",
    )
    init = sub.add_parser("init", help="start a new site here (or in FOLDER): overwrites nothing")
    init.add_argument("folder", nargs="?", type=Path, default=Path(), metavar="FOLDER")
    init.add_argument(
        "--math",
        action="store_true",
        help="also write KaTeX into docs/, for a builder that runs no MkDocs plugin (Zensical)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; print its findings; 0 when all is well."""
    args = _parser().parse_args(argv)
    try:
        return _main(args)
    except MissingKeras as err:
        print(err, file=sys.stderr)
        return 2


def _main(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.command == "init":
        return _init(args.folder, args.math)
    if args.command == "worker":
        from doccheck.worker import serve

        serve()
        return 0
    article = Article.load()
    empty = article.emptiness()
    if empty:
        for problem in empty:
            print(formatted(problem))
        print("nothing to check: run from a project, or set DOCCHECK_ROOT", file=sys.stderr)
        return 1
    for path in [*getattr(args, "pages", []), *([args.page] if hasattr(args, "page") else [])]:
        if not any(p.path == path.resolve() for p in article.pages):
            print(f"{path}: not a page under {article.project.docs}", file=sys.stderr)
            return 2
    backend = keras_backend()
    if args.command == "fix" and not args.dry_run and backend != DEFAULT_BACKEND:
        print(
            f"fix writes {DEFAULT_BACKEND}'s values and recordings; this shell sets "
            f"DOCCHECK_BACKEND={backend}: unset it, or add --dry-run",
            file=sys.stderr,
        )
        return 2
    if args.command == "census":
        return commands.census(article, args.site, start)
    if args.command == "suggest":
        from doccheck.worker import connect

        worker = connect(article.project)
        if worker is None:
            lines = commands.suggest(article, args.page)
        else:
            lines = worker.suggest(args.page)
            worker.close()
            print(f"ran in the warm worker {worker.pid}", file=sys.stderr)
        for line in lines:
            print(line)
        return 0
    if args.command == "run":
        report = commands.run(article, args.pages)
    elif args.command == "fix":
        report = commands.fix(article, args.pages, dry_run=args.dry_run)
    else:
        report = commands.check(article)
    for line in report.done:
        print(line, file=sys.stderr)
    # The place first, as compilers write it (editors jump there); each fix on its own line.
    for problem in report.problems:
        print(formatted(problem))
    for problem in report.unknown:
        print(formatted(problem, label="unknown"))
    elapsed = time.perf_counter() - start
    summary = f"{len(report.problems)} problem(s)"
    if report.unknown:
        summary += f", {len(report.unknown)} unknown (`python -m doccheck run` settles them)"
    print(
        f"{summary}; {len(article.claims)} claims on {len(article.pages)} pages ({elapsed:.2f} s)",
        file=sys.stderr,
    )
    return 0 if report.ok else 1


def _init(folder: Path, math: bool = False) -> int:
    """``init``: the starter site, and what to do next."""
    from doccheck.starter import init

    try:
        written = init(folder, math)
    except FileExistsError as err:
        print(err, file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.as_posix()}")
    print("next: `make preview` (check, then serve), or `make test` (what CI runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
