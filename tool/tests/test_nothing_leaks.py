"""Nothing from outside the repository reaches the site, and every include is seen.

pymdownx.snippets refuses ``..`` and absolute paths but does not follow symbolic links, and
MkDocs copies every file under ``docs/``, following links: a link under ``recorded/`` to a
system file once published it with every test green. The page model now reads includes as
pymdownx.snippets does (single lines, ``file:section``, ``file:3:5``, blocks between two bare
``--8<--`` lines, ``;--8<--`` escapes, includes inside included files, mkdocs.yml's
``auto_append``), and each include or copied file whose real path leaves the repository (or,
for an include, snippets/, recorded/ and docs/) is one failure at its page line, offering the
fix. Each case below passed the checker before (48ef67f).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from doccheck import serve_hook
from doccheck.article import Article
from doccheck.layout import ROOT, Project

FIX = "include the file itself, under snippets/, recorded/ or docs/"
MKDOCS = (
    "site_name: t\nmarkdown_extensions:\n  - pymdownx.snippets:\n      check_paths: true\n"
    "      auto_append:\n        - recorded/stamp.md\n"
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the site's tree, as /etc/passwd would be."""
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0\n", "utf-8")
    return secret


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    """An empty site, ``tmp_path/site``, the working directory (messages name paths from it)."""
    root = tmp_path / "site"
    for folder in ("docs", "snippets/p", "recorded/p"):
        (root / folder).mkdir(parents=True)
    (root / "snippets" / "p" / "s.py").write_text(
        "# --8<-- [start:sec]\nn = 56\n# --8<-- [end:sec]\n", "utf-8"
    )
    (root / "recorded" / "p" / "s.txt").write_text("56\n", "utf-8")
    (root / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    monkeypatch.chdir(root)
    return root


def include_problems(root: Path, page: str) -> list[str]:
    """What the checker says about ``docs/p.md``'s includes."""
    (root / "docs" / "p.md").write_text(page, "utf-8")
    article = Article.load(Project(root))
    return [*article.missing_includes(), *article.page(root / "docs" / "p.md").problems]


def fence(*lines: str) -> str:
    """A page with a text fence holding ``lines``, from line 3 on."""
    return "# P\n\n```text\n" + "".join(f"{line}\n" for line in lines) + "```\n"


def test_a_symlinked_recording_to_outside_fails_at_its_line(site, outside):
    (site / "recorded" / "p" / "s.txt").unlink()
    (site / "recorded" / "p" / "s.txt").symlink_to(outside)
    assert include_problems(site, fence('--8<-- "recorded/p/s.txt"')) == [
        f"docs/p.md:4: includes recorded/p/s.txt, a symbolic link to {outside}, outside the "
        f"repository: the site would publish that file; {FIX}"
    ]


def test_a_section_of_a_symlinked_snippet_fails_too(site, outside):
    outside.write_text("# --8<-- [start:sec]\nsecret\n# --8<-- [end:sec]\n", "utf-8")
    (site / "snippets" / "p" / "link.py").symlink_to(outside)
    (problem,) = include_problems(site, fence('--8<-- "snippets/p/link.py:sec"'))
    assert problem.startswith("docs/p.md:4: includes snippets/p/link.py, a symbolic link to")


def test_a_symlinked_folder_on_the_way_is_seen(site, outside):
    (site / "recorded" / "ext").symlink_to(outside.parent, target_is_directory=True)
    (problem,) = include_problems(site, fence('--8<-- "recorded/ext/secret.txt"'))
    assert problem.startswith(
        f"docs/p.md:4: includes recorded/ext/secret.txt, a symbolic link to {outside}"
    )


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("../elsewhere/secret.txt", "which is outside the repository; include only files under"),
        ("mkdocs.yml", "which is not under snippets/, recorded/ or docs/; move what the page"),
    ],
)
def test_includes_come_only_from_the_include_folders(site, outside, target, why):
    (problem,) = include_problems(site, fence(f'--8<-- "{target}"'))
    assert problem.startswith(f"docs/p.md:4: includes {target}, {why}")


def test_a_block_include_is_read_line_by_line(site, outside):
    (site / "recorded" / "p" / "leak.txt").symlink_to(outside)
    page = fence(
        "--8<--",
        "recorded/p/s.txt",
        "",
        ";recorded/p/commented-out.txt",
        "snippets/p/nothing.py",
        "recorded/p/leak.txt",
        "--8<--",
    )
    assert include_problems(site, page) == [
        "docs/p.md:8: includes snippets/p/nothing.py, which does not exist",
        f"docs/p.md:9: includes recorded/p/leak.txt, a symbolic link to {outside}, outside the "
        f"repository: the site would publish that file; {FIX}",
    ]
    model = Article.load(Project(site)).page(site / "docs" / "p.md")
    assert [(i.line, i.target) for i in model.includes] == [
        (5, "recorded/p/s.txt"),
        (8, "snippets/p/nothing.py"),
        (9, "recorded/p/leak.txt"),
    ]


def test_an_unclosed_block_is_one_problem(site):
    page = fence("--8<--", "recorded/p/s.txt") + "\nThe end.\n\nMore text.\n"
    assert include_problems(site, page) == [
        "docs/p.md:4: this --8<-- opens a block of includes that is never closed, so every line "
        "after it is read as a file to include; end the block with a line of --8<--"
    ]


def test_escapes_and_line_ranges_are_read_as_pymdownx_reads_them(site):
    page = fence(
        ';--8<-- "snippets/p/nothing.py"',  # escaped: shown as text, includes nothing
        '--8<-- "snippets/p/s.py:2:2"',  # line 2 only: not a section named "2:2"
        "--8<-- 'snippets/p/s.py:sec'",
    )
    assert include_problems(site, page) == []
    model = Article.load(Project(site)).page(site / "docs" / "p.md")
    assert [(i.path, i.section, i.lines) for i in model.includes] == [
        ("snippets/p/s.py", None, "2:2"),
        ("snippets/p/s.py", "sec", None),
    ]


def test_an_include_inside_an_included_file_is_checked(site, outside):
    (site / "recorded" / "p" / "leak.txt").symlink_to(outside)
    (site / "recorded" / "p" / "s.txt").write_text('56\n--8<-- "recorded/p/leak.txt"\n', "utf-8")
    (problem,) = include_problems(site, fence('--8<-- "recorded/p/s.txt"'))
    assert problem.startswith(
        "docs/p.md:4: includes recorded/p/s.txt, which includes recorded/p/leak.txt, a symbolic "
        "link to"
    )


def test_auto_append_is_checked_once_at_its_line_in_mkdocs_yml(site, outside):
    (site / "mkdocs.yml").write_text(MKDOCS, "utf-8")
    (site / "recorded" / "stamp.md").symlink_to(outside)
    (site / "docs" / "q.md").write_text("# Q\n", "utf-8")
    assert include_problems(site, "# P\n") == [
        f"mkdocs.yml:6: auto_append includes recorded/stamp.md, a symbolic link to {outside}, "
        f"outside the repository: the site would publish that file; {FIX}"
    ]


def test_a_file_under_docs_that_links_outside_is_reported(site, outside):
    (site / "docs" / "p.md").write_text("# P\n", "utf-8")
    (site / "docs" / "figures").mkdir()
    (site / "docs" / "figures" / "chart.svg").symlink_to(outside)
    (site / "docs" / "more").symlink_to(outside.parent, target_is_directory=True)
    (site / "docs" / "inside").symlink_to(site / "recorded", target_is_directory=True)
    fix = "which MkDocs would copy into the site; put the file itself there, or remove the link"
    assert Article.load(Project(site)).copied_from_outside() == [
        f"docs/more: is a symbolic link to {outside.parent}, outside the repository, {fix}",
        f"docs/figures/chart.svg: is a symbolic link to {outside}, outside the repository, {fix}",
    ]


def test_a_docs_folder_that_links_outside_is_one_problem(tmp_path, monkeypatch, outside):
    root = tmp_path / "site"
    root.mkdir()
    (root / "docs").symlink_to(outside.parent, target_is_directory=True)
    monkeypatch.chdir(root)
    (problem,) = Article.load(Project(root)).copied_from_outside()
    assert problem.startswith(f"docs: is a symbolic link to {outside.parent}, outside the repo")


def test_the_preview_shows_the_leak_and_not_the_file(site, outside):
    """``make serve`` lists it and puts its message where the file's text would be."""
    (site / "recorded" / "p" / "s.txt").unlink()
    (site / "recorded" / "p" / "s.txt").symlink_to(outside)
    page = fence('--8<-- "recorded/p/s.txt"')
    (site / "docs" / "p.md").write_text(page, "utf-8")
    spec = importlib.util.spec_from_file_location("serve_hook", serve_hook.__file__)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    hook.on_startup("serve", dirty=True)
    shown = hook.on_page_markdown(
        page,
        SimpleNamespace(file=SimpleNamespace(abs_src_path=str(site / "docs" / "p.md"))),
        SimpleNamespace(config_file_path=str(site / "mkdocs.yml")),
        None,
    )
    assert '--8<-- "recorded/p/s.txt"' not in shown
    assert "doccheck: docs/p.md:4: includes recorded/p/s.txt, a symbolic link to" in shown


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_the_doc_correctness_run_fails_on_each_leak(site, outside):
    """``make verify``'s page tests and ``python -m doccheck``, on a site with every kind.

    The page tests are the article's (``tests/``), run on the scratch site (``DOCCHECK_ROOT``).
    """
    (site / "mkdocs.yml").write_text(MKDOCS, "utf-8")
    (site / "recorded" / "stamp.md").symlink_to(outside)
    (site / "recorded" / "p" / "leak.txt").symlink_to(outside)
    (site / "docs" / "leak.png").symlink_to(outside)
    page = "# P\n\nIt is 56<!-- s: n -->.\n\n" + fence("--8<--", "recorded/p/leak.txt", "--8<--")
    (site / "docs" / "p.md").write_text(page, "utf-8")
    env = {**os.environ, "DOCCHECK_ROOT": str(site)}
    tests = [
        str(site / "docs"),  # the pytest plugin's page items
        "tests/test_whole_site.py::test_nothing_from_outside_reaches_the_site",
    ]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *tests,
            "--rootdir",
            str(ROOT),
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 1, said[-3000:]
    where = site.resolve()  # the run's working directory is the repository: paths are absolute
    expected = [
        f"{where}/docs/p.md:9: includes recorded/p/leak.txt, a symbolic link to {outside}",
        f"{where}/mkdocs.yml:6: auto_append includes recorded/stamp.md, a symbolic link to",
        f"{where}/docs/leak.png: is a symbolic link to {outside}, outside the repository",
    ]
    for message in expected:
        assert message in said, said[-3000:]
    check = subprocess.run(
        [sys.executable, "-m", "doccheck", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode != 0
    for message in expected:
        assert message in check.stdout + check.stderr, check.stdout[-3000:]
