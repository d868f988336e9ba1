"""A free number says what it is: a label, or a value quoted from a source the reader can see.

Issue "One reading of a page", item 7: the overview promised that every number was checked
while 168 numbers were marked ``free``, and a reader could not tell a year from a paper's error
rate. Each test here failed on the checker before free marks had kinds (commit 48ef67f).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from doccheck.layout import Project
from doccheck.pages import Mark, block_around, read_mark, read_page


def read(tmp_path: Path, monkeypatch, text: str) -> tuple[list[str], list[str]]:
    """The problems and the unchecked numbers of a one-page scratch site."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    page = read_page(tmp_path / "docs" / "p.md", Project(tmp_path))
    return page.problems, page.unchecked


@pytest.mark.parametrize(
    ("inner", "mark"),
    [
        (" free label ", Mark("free", "label")),
        ("free quoted", Mark("free", "quoted")),
        (" free ", Mark("free", "")),
        (" free lable ", Mark("free", "lable")),  # misspelt: the page names the mistake
        (" free of charge ", Mark("plain")),
        (" free: n ", Mark("claim", "free", "n")),
    ],
)
def test_read_mark_says_which_kind_of_free(inner, mark):
    assert read_mark(inner) == mark


def test_a_bare_free_mark_fails_at_its_line(tmp_path, monkeypatch):
    problems, unchecked = read(tmp_path, monkeypatch, "# Page\n\nIn 2014<!-- free --> it began.\n")
    assert problems == [
        "docs/p.md:3: 2014<!-- free --> does not say which kind of free number it is; say which "
        "kind: 2014<!-- free label --> (a year, a table, section or figure number) or "
        "2014<!-- free quoted --> (a value quoted from a source linked in its paragraph)"
    ]
    assert unchecked == []  # one mistake, one message: the number itself is not reported again


def test_an_unknown_kind_fails_at_its_line(tmp_path, monkeypatch):
    problems, _ = read(tmp_path, monkeypatch, "In 2014<!-- free lable --> it began.\n")
    assert problems[0].startswith("docs/p.md:1: 2014<!-- free lable --> does not say which kind")


def test_a_label_passes(tmp_path, monkeypatch):
    assert read(tmp_path, monkeypatch, "In 2014<!-- free label --> it began.\n") == ([], [])


QUOTE = "The sweep puts a price on it: 80.3%<!-- free quoted --> top-5."


@pytest.mark.parametrize(
    "text",
    [
        f"{QUOTE} See the paper.\n",
        # a source one paragraph away is not beside the number
        f"[SqueezeNet](https://arxiv.org/abs/1602.07360) is small.\n\n{QUOTE}\n",
        # a link inside a comment shows nothing
        f"{QUOTE}<!-- source [paper](https://arxiv.org/abs/1602.07360) -->\n",
        # in code, arXiv:1602.07360 is not a citation a reader follows
        f"{QUOTE} `arXiv:1602.07360`\n",
        # a table row without a source, under a header without one
        "| ratio | top-5 |\n| --- | --- |\n| small | 80.3%<!-- free quoted --> |\n",
    ],
)
def test_a_quoted_value_without_a_visible_source_fails_at_its_line(tmp_path, monkeypatch, text):
    problems, unchecked = read(tmp_path, monkeypatch, text)
    line = text[: text.index("<!-- free")].count("\n") + 1
    assert problems == [
        f"docs/p.md:{line}: 80.3%<!-- free quoted --> shows no source in its paragraph or table "
        "row; link the paper there ([arXiv:...](https://arxiv.org/abs/...)) or its entry on the "
        "references page (references.md#...), or claim the number"
    ]
    assert unchecked == []


@pytest.mark.parametrize(
    "text",
    [
        f"Its sweep ([arXiv:1602.07360](https://arxiv.org/abs/1602.07360), Fig. 3a).\n{QUOTE}\n",
        f"{QUOTE} ([SqueezeNet](../references.md#squeezenet))\n",
        f"{QUOTE} (Iandola et al., arXiv:1602.07360)\n",
        f"- a list item: {QUOTE} [paper](https://arxiv.org/abs/1602.07360)\n- another item\n",
        "| ratio | top-5 ([Fig. 3a](https://arxiv.org/abs/1602.07360)) |\n| --- | --- |\n"
        "| small | 80.3%<!-- free quoted --> |\n",
        "| ratio | top-5 |\n| --- | --- |\n"
        "| small | 80.3%<!-- free quoted --> ([Fig. 3a](https://arxiv.org/abs/1602.07360)) |\n",
    ],
)
def test_a_quoted_value_with_its_source_beside_it_passes(tmp_path, monkeypatch, text):
    assert read(tmp_path, monkeypatch, text) == ([], [])


def test_a_row_sees_its_header_not_its_neighbours():
    text = "| a | b |\n| --- | --- |\n| 1 | x |\n| 2 | y |\n"
    assert block_around(text, text.index("y")) == "| a | b |\n| 2 | y |\n"
