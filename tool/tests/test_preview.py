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
    # Each problem's place, message and fix apart, as the command line shows them.
    assert "<li><code>docs/p.md:3</code> 12 is a number nothing checks" in shown
    assert "<li><code>docs/p.md:3</code> claims 57 for p/s: n, the last" in shown
    assert shown.count("<br>fix: ") == 2
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
    pages = {
        "block.md": "# B\n\n```python\n--8<--\nsnippets/p/a.py\n--8<--\n```\n",
        "line.md": '# L\n\n```python\n--8<-- "snippets/p/b.py:sec"\n```\n',
        "none.md": "# N\n\nNo includes.\n",
    }
    module, files, config = dirty_site(tmp_path, monkeypatch, pages)
    for name in ("a", "b"):  # edited after every page was built
        (tmp_path / "snippets" / "p" / f"{name}.py").write_text("n = 1\n", "utf-8")
    module.on_files(files, config)
    assert sorted(f.src_uri for f in files if f.is_modified()) == ["block.md", "line.md"]


def dirty_site(tmp_path: Path, monkeypatch, pages: dict[str, str]):
    """A site whose pages were all built after every edit, and a fresh hook in a dirty serve."""
    from mkdocs.structure.files import File, Files

    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir(parents=True)
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "snippets" / "p" / "s.py").write_text("n = 56\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    for name, text in pages.items():
        (docs / name).write_text(text, "utf-8")
    os.utime(tmp_path / "snippets" / "p" / "s.py", (1000, 1000))
    files = Files([File(name, str(docs), str(site), True) for name in pages])
    for file in files:
        Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        Path(file.abs_dest_path).write_text("built", "utf-8")
        os.utime(file.abs_src_path, (1000, 1000))
        os.utime(file.abs_dest_path, (2000, 2000))
    monkeypatch.chdir(tmp_path)
    module = hook()
    module.on_startup("serve", dirty=True)
    config = SimpleNamespace(
        config_file_path=str(tmp_path / "mkdocs.yml"),
        mdx_configs={"pymdownx.snippets": {"base_path": ["."]}},
    )
    return module, files, config


def rebuilt(module, files, config) -> list[str]:
    """The pages a dirty rebuild would render again, fresh Files as MkDocs makes each time."""
    from mkdocs.structure.files import File, Files

    again = Files([File(f.src_uri, f.src_dir, f.dest_dir, True) for f in files])
    module.on_files(again, config)
    return sorted(f.src_uri for f in again if f.is_modified())


def test_a_page_rebuilt_because_its_snippet_changed_is_still_checked(tmp_path, monkeypatch, caplog):
    """Saving a snippet rebuilt its page without its source's path (MkDocs 1.6 forgets it when
    the content is set), and the check failed: "doccheck could not check p.md: TypeError(
    'expected str, bytes or os.PathLike object, not NoneType')", the page left unmarked."""
    text = '# P\n\nIt has 57<!-- s: n --> weights.\n\n```python\n--8<-- "snippets/p/s.py"\n```\n'
    module, files, config = dirty_site(tmp_path, monkeypatch, {"p.md": text})
    store(Project(tmp_path), "p/s", {"values": {"n": stored_value(56)}})
    (tmp_path / "snippets" / "p" / "s.py").write_text("n = 57\n", "utf-8")  # saved just now
    module.on_files(files, config)
    (file,) = files
    assert file.is_modified()
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.doccheck"):
        shown = module.on_page_markdown(
            file.content_string, SimpleNamespace(file=file), config, None
        )
    logged = [r.getMessage() for r in caplog.records]
    assert not [line for line in logged if "could not check" in line], logged
    assert '<mark class="doccheck" title="claims 57 for p/s: n' in shown


def test_a_dirty_preview_rebuilds_the_pages_whose_stored_values_changed(tmp_path, monkeypatch):
    """`doccheck run` stored new values and the preview kept the page's old marks until the
    page itself was saved: the values are a dependency of each page whose claims name them."""
    pages = {
        "p.md": "# P\n\nIt has 56<!-- s: n --> weights.\n",
        "q.md": "# Q\n\nIt has 2<!-- t: m --> weights.\n",
        "none.md": "# N\n\nNo claims.\n",
    }
    module, files, config = dirty_site(tmp_path, monkeypatch, pages)
    (tmp_path / "snippets" / "q").mkdir()
    (tmp_path / "snippets" / "q" / "t.py").write_text("m = 2\n", "utf-8")
    project = Project(tmp_path)
    store(project, "p/s", {"values": {"n": stored_value(56)}})
    store(project, "q/t", {"values": {"m": stored_value(2)}})

    def check(*names: str) -> None:
        """Render these pages, as MkDocs does with the ones a rebuild marks."""
        for file in files:
            if file.src_uri in names:
                page = SimpleNamespace(file=file)
                module.on_page_markdown(file.content_string, page, config, None)

    check("p.md", "q.md", "none.md")  # the session's first build renders every page
    assert rebuilt(module, files, config) == []
    store(project, "p/s", {"values": {"n": stored_value(84)}, "seconds": 1.5})
    assert rebuilt(module, files, config) == ["p.md"]
    check("p.md")
    assert rebuilt(module, files, config) == []
    store(project, "p/u", {"values": {"k": stored_value(1)}})  # a snippet no page names
    store(project, "p/s", {"values": {"n": stored_value(84)}, "seconds": 2.5})  # same values
    assert rebuilt(module, files, config) == []
    (tmp_path / ".pytest_cache" / "v" / "doccheck" / "runs" / "q" / "t").unlink()
    assert rebuilt(module, files, config) == ["q.md"]


def test_the_preview_watches_where_the_values_are_stored(tmp_path):
    """`mkdocs serve` watches docs/ and what mkdocs.yml lists; the stored values live in
    pytest's cache, which a fresh project does not have yet (a watcher needs a folder)."""
    from doccheck.lastrun import cache_folder
    from doccheck.mkdocs_plugin import DoccheckPlugin

    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    plugin = DoccheckPlugin()
    plugin.load_config({})
    plugin.on_startup(command="serve", dirty=True)
    watched: list[str] = []
    server = SimpleNamespace(watch=watched.append)
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    assert plugin.on_serve(server, config=config, builder=None) is server
    assert watched == [str(cache_folder(Project(tmp_path)))]
    assert (tmp_path / ".pytest_cache" / ".gitignore").read_text("utf-8").endswith("*\n")
    plugin.on_startup(command="build", dirty=False)
    watched.clear()
    plugin.on_serve(server, config=config, builder=None)
    assert watched == []


def test_only_a_preview_asks_a_worker_to_run_snippets(tmp_path, monkeypatch):
    """A build (the hook outside ``mkdocs serve``) runs nothing, even with a worker warm."""
    from doccheck.live import LiveRuns

    asked: list[Path] = []
    monkeypatch.setattr(LiveRuns, "request_changed", lambda live, entries: asked.append(live))
    for command, dirty in (("build", False), ("build", True), ("serve", False)):
        module, files, config = dirty_site(tmp_path / command / str(dirty), monkeypatch, {})
        module.on_startup(command, dirty=dirty)
        module.on_files(files, config)
    assert [live.project.root for live in asked] == [tmp_path / "serve" / "False"]
