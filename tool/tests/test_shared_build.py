"""The census's build, shared with a suite's own strict build test (``pytest_items.SHARE_BUILD``).

Shared, it is strict under ``-X importtime`` with all its output kept, and a strict build that
only warned is still read by the census (its warnings are the suite's build test's to report);
any other failed build fails the census. Not shared, it is the quiet, lenient build it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from doccheck.layout import Project
from doccheck.pytest_items import CensusBuild


def site(root: Path, page: str, config: str = "site_name: s\n") -> Project:
    """A plain MkDocs site with one page."""
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(page, "utf-8")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return Project(root)


BROKEN_LINK = "# Home\n\nSee [nowhere](no-such-page.md).\n"


def test_a_shared_build_is_strict_and_its_site_is_read_when_it_only_warned(tmp_path):
    build = CensusBuild(site(tmp_path, BROKEN_LINK), shared=True)
    try:
        code, said = build.finished()
        assert code != 0, "the shared build is not strict"
        assert "no-such-page.md" in said and "import time:" in said, said[-2000:]
        assert (build.site() / "index.html").is_file()
    finally:
        build.stop()


def test_an_unshared_build_is_quiet_and_lenient(tmp_path):
    build = CensusBuild(site(tmp_path, BROKEN_LINK))
    try:
        code, said = build.finished()
        assert code == 0 and "import time:" not in said and "no-such-page" not in said, said
        assert (build.site() / "index.html").is_file()
    finally:
        build.stop()


def test_a_shared_build_that_failed_otherwise_fails_the_census(tmp_path):
    build = CensusBuild(site(tmp_path, "# Home\n", "site_name: s\ntheme: no-such-theme\n"), True)
    try:
        with pytest.raises(pytest.fail.Exception, match="mkdocs build failed") as failed:
            build.site()
        assert "import time:" not in str(failed.value)
    finally:
        build.stop()
