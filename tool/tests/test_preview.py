"""``make serve`` tells the writer what is wrong, on the page and in the log (preview only)."""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from types import SimpleNamespace

from doccheck import serve_hook
from doccheck.lastrun import store, stored_value
from doccheck.layout import Project

PAGE = (
    "# P\n\nIt has 57<!-- s: n --> weights and 12 biases.\n\n"
    '```python\n--8<-- "snippets/p/nothing.py"\n```\n'
)


def hook():
    spec = importlib.util.spec_from_file_location("serve_hook", serve_hook.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def preview(tmp_path: Path, monkeypatch, command: str) -> tuple[str, object]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "docs" / "p.md").write_text(PAGE, "utf-8")
    (tmp_path / "snippets" / "p" / "s.py").write_text("n = 56\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    store(Project(tmp_path), "p/s", {"values": {"n": stored_value(56)}})
    module = hook()
    module.on_startup(command, dirty=True)
    page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(tmp_path / "docs" / "p.md")))
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    return module.on_page_markdown(PAGE, page, config, None), module


def test_the_preview_shows_problems_marks_numbers_and_defuses_broken_includes(
    tmp_path, monkeypatch, caplog
):
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.doccheck"):
        shown, _ = preview(tmp_path, monkeypatch, "serve")
    assert shown.startswith('<div class="admonition failure">')
    assert "3 problem(s) on this page" in shown
    assert '<mark class="doccheck" title="claims 57 for p/s: n, the last verified run gave 56' in (
        shown
    )
    assert "57</mark><!-- s: n -->" in shown
    assert "docs/p.md:3: 12 is a number nothing checks" in shown
    assert '--8<-- "snippets/p/nothing.py"' not in shown
    assert "doccheck: docs/p.md:6: includes snippets/p/nothing.py, which does not exist" in shown
    logged = [r.getMessage() for r in caplog.records]
    assert any("claims 57" in line for line in logged) and len(logged) == 3


def test_a_build_is_left_alone(tmp_path, monkeypatch):
    shown, _ = preview(tmp_path, monkeypatch, "build")
    assert shown == PAGE


def test_a_dirty_preview_rebuilds_a_page_whose_included_file_changed(tmp_path, monkeypatch):
    """A page shows a snippet through a block of includes, another a section on one line: each
    rebuilds when its file changes, read as ``read_page`` reads includes (the preview once
    matched only single ``--8<--`` lines, so the block's page stayed stale)."""
    from mkdocs.structure.files import File, Files

    docs, site = tmp_path / "docs", tmp_path / "site"
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    pages = {
        "block.md": "# B\n\n```python\n--8<--\nsnippets/p/a.py\n--8<--\n```\n",
        "line.md": '# L\n\n```python\n--8<-- "snippets/p/b.py:sec"\n```\n',
        "none.md": "# N\n\nNo includes.\n",
    }
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, "utf-8")
    files = Files([File(name, str(docs), str(site), True) for name in pages])
    for file in files:
        Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        Path(file.abs_dest_path).write_text("built", "utf-8")
        os.utime(file.abs_src_path, (1000, 1000))  # the pages were built after their edit
        os.utime(file.abs_dest_path, (2000, 2000))
    for name in ("a", "b"):
        (tmp_path / "snippets" / "p" / f"{name}.py").write_text("n = 1\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    module = hook()
    module.on_startup("serve", dirty=True)
    config = SimpleNamespace(
        config_file_path=str(tmp_path / "mkdocs.yml"),
        mdx_configs={"pymdownx.snippets": {"base_path": ["."]}},
    )
    module.on_files(files, config)
    assert sorted(f.src_uri for f in files if f.is_modified()) == ["block.md", "line.md"]
