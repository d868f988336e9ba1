"""Which versions verified this site's pages: the recordings' file and the pages' stamp.

``make refresh`` writes ``recorded/VERSIONS.json`` and ``recorded/stamp.md`` (the line every
page ends with, through ``pymdownx.snippets``' ``auto_append``). The stamp must say what the
file says, and the installed TensorFlow, Keras and backend must be the file's: otherwise the
pages claim a verification that did not happen (``doccheck/versions.py``). How the checker
writes both files is tested with the checker (``tool/tests/test_versions.py``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import markdown
import pytest
from sitetools import mkdocs_config

from doccheck import versions
from doccheck.layout import PROJECT, Project, rel

REFRESH = "run `make refresh` (it re-records every output with what is installed)"


def snippets_settings(project: Project) -> dict:
    """The ``pymdownx.snippets`` settings of the project's ``mkdocs.yml``."""
    for extension in mkdocs_config(project.root / "mkdocs.yml").get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            return extension["pymdownx.snippets"] or {}
    return {}


def stamped(project: Project) -> bool:
    """Whether the pages end with the stamp (``auto_append`` lists ``recorded/stamp.md``)."""
    wanted = versions.stamp_file(project).relative_to(project.root).as_posix()
    return wanted in [Path(p).as_posix() for p in snippets_settings(project).get("auto_append", [])]


def recorded_or_skip(project: Project) -> dict[str, str]:
    """The versions file; a site whose pages carry no stamp may not have one yet."""
    found = versions.recorded(project)
    if found is None:
        if stamped(project):
            pytest.fail(
                f"mkdocs.yml appends {rel(versions.stamp_file(project))} to every page, but there "
                f"is no {rel(versions.versions_file(project))}: run `make refresh`",
                pytrace=False,
            )
        pytest.skip(f"no {rel(versions.versions_file(project))} yet: `make refresh` writes it")
    return found


def test_the_stamp_says_what_the_versions_file_says():
    was = recorded_or_skip(PROJECT)
    assert datetime.date.fromisoformat(was["date"]), was
    stamp = versions.stamp_file(PROJECT)
    shown = stamp.read_text("utf-8") if stamp.is_file() else "(no file)"
    expected = versions.stamp_text(was)
    assert shown == expected, (
        f"{rel(stamp)} says {shown.strip()!r}, but {rel(versions.versions_file(PROJECT))} "
        f"gives {expected.strip()!r}: run `make refresh`"
    )


def test_the_installed_versions_are_the_recorded_ones():
    was = recorded_or_skip(PROJECT)
    drift = versions.drift(was, versions.installed(), versions.stated())
    if drift:
        pytest.fail(
            f"{rel(versions.versions_file(PROJECT))}: {drift}. Every page says it was verified "
            f"with {versions.described(was, ('tensorflow', 'keras'))}; {REFRESH}, then review "
            "the diff",
            pytrace=False,
        )


def test_every_page_ends_with_the_stamp(monkeypatch):
    """The pages' Markdown gets the stamp from mkdocs.yml's snippets settings (both builders)."""
    if not stamped(PROJECT):
        pytest.skip("mkdocs.yml appends no stamp to the pages")
    monkeypatch.chdir(PROJECT.root)  # base_path "." is the working directory, as in a build
    html = markdown.markdown(
        "# A page\n\nIts text.\n",
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": snippets_settings(PROJECT)},
    )
    stamp = versions.stamp_file(PROJECT).read_text("utf-8").strip()
    assert html.endswith(stamp), html
