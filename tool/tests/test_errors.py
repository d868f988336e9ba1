"""How the checker fails: one clear line per mistake, naming the place and the fix.

Runs the checker on ``tests/fixtures/broken``, a small tree in which every file is wrong in
one way, and asserts the exact message a writer would read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from scratch import one_page_site

from doccheck import versions
from doccheck.article import Article, check_claims
from doccheck.layout import Project, Snippet
from doccheck.recordings import check_outputs
from doccheck.runner import DEFAULT_BACKEND, run_snippet
from doccheck.standalone import run_alone

FIXTURE = Path(__file__).parent / "fixtures" / "broken"


@pytest.fixture
def broken(monkeypatch) -> Article:
    monkeypatch.chdir(FIXTURE)  # messages name paths relative to the tree, as a writer sees them
    return Article.load(Project(FIXTURE))


def page_problems(article: Article, name: str) -> list[str]:
    page = article.page(FIXTURE / "docs" / name)
    return [*page.problems, *page.unchecked]


def run(name: str, **kwargs):
    return run_snippet(Snippet(name, Project(FIXTURE)), **kwargs)


def test_missing_include_file_and_section(broken):
    assert broken.missing_includes() == [
        "docs/includes.md:4: includes snippets/includes/nothing.py, which does not exist",
        "docs/includes.md:8: includes section 'nosuch' of snippets/good/hello.py, which has no "
        "'# --8<-- [start:nosuch]' ... '# --8<-- [end:nosuch]' markers",
    ]


def test_claim_naming_a_missing_snippet(broken):
    assert broken.unknown_snippets() == [
        "docs/claims.md:3: the claim <!-- claims/ghost: n --> names snippets/claims/ghost.py, "
        "which does not exist (snippets in claims/: none)"
    ]


def test_claim_naming_a_missing_value_or_a_wrong_number(broken):
    claims = [c for c in broken.claims if c.snippet == "good/hello"]
    hello = run("good/hello", expressions=[c.expression for c in claims])
    assert check_claims(claims, hello) == [
        "docs/claims.md:4: the claim <!-- good/hello: nope --> cannot be evaluated in "
        "snippets/good/hello.py: NameError: name 'nope' is not defined",
        "docs/claims.md:7: claims 120.5M for good/hello: big, the snippet gives 120.422M "
        "(120,422,400); correct the page or the snippet",
        "docs/claims.md:8: claims 4 for good/hello: n, the snippet gives 3; correct the page "
        "or the snippet",
    ]


def test_malformed_loose_and_colliding_claims(broken):
    assert page_problems(broken, "claims.md") == [
        "docs/claims.md:5: the claim <!-- good/hello: n --> follows no number or word; write "
        "the number right before it, as in 56<!-- conv2d: model.count_params() -->, or the "
        'word, as in more<!-- naive: "more" if a > b else "less" -->, or state a sentence '
        "with <!-- assert snippet: expression -->",
        "docs/claims.md:9: 42 is a number nothing checks; claim it (42<!-- snippet: "
        "expression -->), or mark a number no code produces as 42<!-- free label --> (a "
        "year, a table number) or 42<!-- free quoted --> (a paper's value, its source linked "
        "beside it)",
    ]
    assert broken.colliding_claims() == [
        "docs/claims.md:7: claims 120.5M for good/hello: big, but docs/claims.md:6 claims "
        "120.4M for the same value; at most one can be right",
        "docs/claims.md:8: claims 4 for good/hello: n, but docs/claims.md:8 claims 3 for the "
        "same value; at most one can be right",
    ]


def test_snippet_that_raises_names_its_line(broken):
    assert run("bad/raises").error == (
        "snippets/bad/raises.py:3: ValueError: the model needs 4 channels"
    )


def test_snippet_that_hangs_is_stopped(broken):
    assert run("bad/hangs", timeout=0.1).error == (
        "snippets/bad/hangs.py: still running after 0.1 s; stopped. Make it faster, or raise "
        "the limit with DOCCHECK_TIMEOUT=<seconds>"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bad/warns",
            "snippets/bad/warns.py:5: DeprecationWarning (warnings are errors in snippets): "
            "this idiom is deprecated",
        ),
        (
            "bad/keras_warns",
            "snippets/bad/keras_warns.py:5: UserWarning (warnings are errors in snippets): "
            "Do not pass an `input_shape`/`input_dim` argument to a layer.",
        ),
    ],
)
def test_warnings_are_errors(broken, name, message):
    assert run(name).error.startswith(message)


def test_unreadable_and_empty_files(broken):
    assert page_problems(broken, "latin1.md") == [
        "docs/latin1.md: is not UTF-8 (invalid continuation byte at byte 5); save it as UTF-8"
    ]
    assert page_problems(broken, "empty.md") == [
        "docs/empty.md: is empty; write the page or remove it from docs/"
    ]
    assert page_problems(broken, "plain.md") == []
    assert run("bad/latin1").error.startswith("snippets/bad/latin1.py: cannot be read as Python")
    assert (
        run("bad/empty").error
        == "snippets/bad/empty.py: is empty; write the example or delete the file"
    )


def test_same_name_in_two_folders_stays_apart(broken):
    by_page = {c.page.name: c.snippet for c in broken.claims if c.expression == "value"}
    assert by_page == {"a.md": "dup/a/same", "b.md": "dup/b/same"}
    for claim in (c for c in broken.claims if c.expression == "value"):
        assert check_claims([claim], run(claim.snippet, expressions=[claim.expression])) == []


def test_stale_recording_is_reported_with_a_diff(broken, monkeypatch):
    monkeypatch.setattr(versions, "KERAS_BACKEND", DEFAULT_BACKEND)  # make matrix: TF's advice
    problems, rewritten = check_outputs(run("good/hello"), broken)
    assert rewritten == []
    (problem,) = problems
    assert problem.startswith(
        "recorded/good/hello.txt (shown at no page yet) is not what snippets/good/hello.py "
        "prints; run `make refresh` if the new output is right:"
    )
    assert "-hullo" in problem and "+hello" in problem


def everything_but_outputs(root: Path) -> dict[str, str]:
    """A digest of every file outside ``recorded/`` and ``docs/figures/``, modes included."""
    outputs = (root / "recorded", root / "docs" / "figures")
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        + oct(p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(p.is_relative_to(o) for o in outputs)
    }


def test_refresh_rewrites_only_outputs(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURE, tree)
    monkeypatch.chdir(tree)
    before = everything_but_outputs(tree)
    article = Article.load(Project(tree))
    problems, rewritten = check_outputs(
        run_snippet(Snippet("good/hello", Project(tree))), article, update=True
    )
    assert (problems, rewritten) == ([], ["recorded/good/hello.txt"])
    assert (tree / "recorded/good/hello.txt").read_text("utf-8") == "hello\n"
    assert everything_but_outputs(tree) == before


def test_interrupted_refresh_keeps_the_old_file(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURE, tree)
    monkeypatch.chdir(tree)
    article = Article.load(Project(tree))
    hello = run_snippet(Snippet("good/hello", Project(tree)))

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check_outputs(hello, article, update=True)
    assert (tree / "recorded/good/hello.txt").read_text("utf-8") == "hullo\n"
    assert sorted(p.name for p in (tree / "recorded/good").iterdir()) == ["hello.txt"]


def test_standalone_run_fails_on_a_warning(broken):
    """``make standalone`` runs each file in its own interpreter under -W error."""
    assert run_alone(Snippet("good/hello", Project(FIXTURE))) is None
    failure = run_alone(Snippet("bad/warns", Project(FIXTURE)))
    assert failure.startswith("snippets/bad/warns.py: exit 1")
    assert "DeprecationWarning: this idiom is deprecated" in failure


def test_a_number_run_on_past_its_claim_comment_says_so(tmp_path, monkeypatch):
    """56<!-- ... -->0 shows 560: "claim 0" would be the wrong fix."""
    monkeypatch.chdir(tmp_path)
    one_page_site(tmp_path, "It has 56<!-- s: n -->0 weights.\n", {"s": "n = 56\n"})
    page = Article.load(Project(tmp_path)).page(tmp_path / "docs" / "p.md")
    assert [*page.problems, *page.unchecked] == [
        "docs/p.md:1: the reader sees 560, but the claim is 56, glued to the 0 after its "
        "comment; write the whole number (560) before the comment and claim it"
    ]


def test_a_versioned_name_names_only_the_version_the_code_ran_on(tmp_path, monkeypatch):
    """ "Keras 3" names the recorded Keras 3.15.1; "Keras 7" is a number to claim or mark."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.doccheck]\nversioned = ["Keras"]\n', "utf-8")
    (tmp_path / "recorded").mkdir()
    (tmp_path / "recorded" / "VERSIONS.json").write_text('{"keras": "3.15.1"}', "utf-8")
    one_page_site(tmp_path, "", {"s": "n = 56\n"})
    page = tmp_path / "docs" / "p.md"
    text = "On Keras 3 and Keras 3.15 it has 56<!-- s: n --> weights; Keras {} did not.\n"
    for other, loose in (
        ("2<!-- free label -->", []),
        ("3.15.1", []),
        ("7", ["7"]),
        ("3.2", ["3.2"]),
    ):
        page.write_text(text.format(other), "utf-8")
        model = Article.load(Project(tmp_path)).page(page)
        assert [line.message.split(" ")[0] for line in model.unchecked] == loose, other
