"""The site builds strictly, without TensorFlow, and a broken include or link breaks the build.

Every build is a subprocess: the clean one must be a process of its own to show that it
imports no TensorFlow. They cost about two seconds of CPU each, so they start in a background
thread as soon as the tests are collected (``start_early``, see ``doccheck.testing``) and use
the second core while this process imports TensorFlow and runs the snippets; these tests run
last and collect the results. The clean build is the pytest plugin's census build when this run
has one (conftest sets ``SHARE_BUILD``: that build is then strict, under ``-X importtime``): one
build for both. The broken builds try the site's build settings on broken copies of it
(``selfcheck``: ``make test`` and CI run them, ``make verify`` does not). The three broken links
and the broken formula share one build: strict mode reports every warning before it stops, and
each test requires its own complaint on a WARNING line, so each can still fail on its own.

Nothing here names a page of this article: the page the broken builds break is the first that
includes a snippet (by section if any page does), found when the tests are collected.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from sitetools import article_read_here, built_page, waits_on_pages

from doccheck import plain_tokens, pytest_items
from doccheck.article import Article
from doccheck.layout import PROJECT, ROOT, rel
from doccheck.pages import Include
from doccheck.pytest_items import SITE
from doccheck.testing import Background, copy_project

HEAVY = re.compile(r"^import time:.*\|\s+(tensorflow|keras|tf_keras|jax|torch)\b", re.M)


@dataclass(frozen=True)
class Broken:
    """Where the broken builds break the site, read from the session's pages (``broken``)."""

    # The first include of a snippet section on any page, else of a whole snippet, else None.
    included: Include | None
    # The page every broken build appends to, and the link from it to another page.
    page: Path | None
    other_link: str

    def include_line(self, name: str) -> str:
        """The include the build ``name`` (a key of ``INCLUDES``) puts in a python fence."""
        snippet = PurePosixPath(self.included.path if self.included else "snippets/none/none.py")
        if name == "missing-file":
            return f'--8<-- "{snippet.parent}/no_such_file.py"'
        return f'--8<-- "{snippet}:no_such_section"'


BROKEN: list[Broken] = []  # set by start_early, from the pages the session read


def broken() -> Broken:
    """Where the broken builds break the site (``start_early`` reads it before any build)."""
    if not BROKEN:  # a build no start_early started (pytest-xdist)
        BROKEN.append(read_broken(article_read_here()))
    return BROKEN[0]


def read_broken(article: Article) -> Broken:
    """Where to break the site, from its pages as ``article`` holds them."""
    found = [
        i
        for page in article.pages
        for i in page.includes
        if i.path.startswith("snippets/") and (article.project.root / i.path).is_file()
    ]
    included = next((i for i in found if i.section), found[0] if found else None)
    pages = [p.path for p in article.pages]
    page = included.page if included else (pages[0] if pages else None)
    other = next((p for p in pages if p != page), page)
    link = posixpath.relpath(other.as_posix(), page.parent.as_posix()) if page else "index.md"
    return Broken(included, page, link)


# Build name: what the build must complain about (its include: ``Broken.include_line``).
INCLUDES = {"missing-file": "no_such_file.py", "missing-section": "no_such_section"}
# Test id: (link written in the page, what the build must warn about); all in the "links" build.
# ``{other}``: the link from the broken page to another page (``Broken.other_link``).
LINKS = {
    "anchor-on-the-page": ("[here](#no-such-anchor)", "there is no such anchor on this page"),
    "anchor-on-another-page": (
        "[there]({other}#no-such-anchor)",
        "does not contain an anchor '#no-such-anchor'",
    ),
    # MkDocs names the target as it resolved it when that differs from the link (a subfolder).
    "missing-page": (
        "[nowhere](no-such-page.md)",
        "contains a link 'no-such-page.md', but the target",
    ),
}


def build(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` run from ``root``, where the snippets' base path resolves."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, *extra, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def breakage(name: str) -> str:
    """What the build ``name`` appends to the page (nothing for the clean build)."""
    if name in INCLUDES:
        return f"\n```python\n{broken().include_line(name)}\n```\n"
    if name == "links":
        other = broken().other_link
        return "".join(f"\nSee {link.format(other=other)}.\n" for link, _ in LINKS.values()) + (
            BAD_FORMULA
        )
    return ""


def run_build(name: str, scratch: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The build ``name``: the real tree under ``-X importtime``, or a broken copy."""
    if not breakage(name):
        return scratch / "site", build(ROOT, scratch / "site", "-X", "importtime")
    if broken().page is None or (name in INCLUDES and broken().included is None):
        pytest.fail(
            f'no page under {rel(PROJECT.docs)} includes a snippet (--8<-- "snippets/..."): '
            f"nothing to break for the {name} build",
            pytrace=False,
        )
    root = copy_project(scratch / "project")
    page = root / broken().page.relative_to(ROOT)
    page.write_text(page.read_text(encoding="utf-8") + breakage(name), "utf-8")
    result = build(root, root / "site")
    shutil.rmtree(root)  # only the output is checked: clean up here, off the main path
    return root / "site", result


BUILDS = Background("site-builds")
# The census's build (doccheck.pytest_items), when this run has one to share (start_clean).
SHARED: list[pytest_items.CensusBuild] = []


def build_name(item: pytest.Item) -> str:
    """The build a test of this module reads."""
    if item.name.startswith(("test_broken_link", "test_broken_formula")):
        return "links"
    callspec = getattr(item, "callspec", None)
    return callspec.params["name"] if callspec else "clean"


def start_clean(config: pytest.Config) -> None:
    """The clean build: the census's, strict, if this run builds one; else one of our own."""
    census = pytest_items.census_build(config)
    if census is not None and census.shared:
        SHARED[:] = [census]
    else:
        BUILDS.start("clean", functools.partial(run_build, "clean"))


def start_early(items: list[pytest.Item]) -> None:
    """Start the builds the selected tests read (conftest calls this after collection)."""
    for item in items:
        name = build_name(item)
        if name == "clean":
            start_clean(item.config)
            continue
        if not BROKEN:  # the pages as the session read them, before the first broken build
            BROKEN.append(read_broken(item.config.stash[SITE].article))
        BUILDS.start(name, functools.partial(run_build, name))
    items[0].config.add_cleanup(BUILDS.stop)


def result_of(name: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The site folder and finished process of the build ``name``, waiting for it."""
    if name == "clean" and SHARED:
        census = SHARED[0]
        code, said = census.finished()
        return census.site_folder, subprocess.CompletedProcess(census.command, code, "", said)
    return BUILDS.result(name, functools.partial(run_build, name))


def test_one_build_serves_the_census_and_the_strict_build(request):
    """With the census item in the run, the clean build is its: MkDocs builds the tree once."""
    census = pytest_items.census_build(request.config)
    if census is None:
        pytest.skip("the census item is not in this run: this module builds the tree itself")
    assert census.shared, "conftest did not share the census's build (pytest_items.SHARE_BUILD)"
    assert SHARED == [census]
    assert result_of("clean")[0] == census.site_folder


def test_strict_build_never_imports_tensorflow(article):
    waits_on_pages(article)
    site, result = result_of("clean")
    assert result.returncode == 0, result.stderr[-3000:]
    heavy = sorted({m.group(1) for m in HEAVY.finditer(result.stderr)})
    assert not heavy, f"the site build imported {heavy}; keep heavy work in pytest"
    assert "import time:" in result.stderr, "-X importtime printed nothing: the check saw nothing"
    pages = PROJECT.find_pages()
    assert pages, f"no pages under {rel(PROJECT.docs)}"
    unbuilt = [rel(p) for p in pages if not built_page(site, p, PROJECT.docs).is_file()]
    assert not unbuilt, f"pages the build did not publish: {unbuilt}"


@pytest.mark.selfcheck
@pytest.mark.parametrize("name", INCLUDES)
def test_broken_include_fails_the_build(name, article):
    waits_on_pages(article)
    complaint = INCLUDES[name]
    _, result = result_of(name)
    assert result.returncode != 0, "the build passed with a broken include"
    assert complaint in result.stderr + result.stdout


@pytest.mark.selfcheck
@pytest.mark.parametrize("link", LINKS)
def test_broken_link_fails_the_build(link, article):
    """`validation:` in mkdocs.yml makes these warnings, and --strict turns them into failures."""
    waits_on_pages(article)
    _, complaint = LINKS[link]
    _, result = result_of("links")
    assert result.returncode != 0, "the build passed with a broken link"
    assert complaint in result.stderr + result.stdout
    # The build is shared: this link's complaint must be one of the warnings that failed it.
    warnings = [ln for ln in (result.stderr + result.stdout).splitlines() if "WARNING" in ln]
    assert any(complaint in ln for ln in warnings), f"{complaint!r} is not a warning"


# A formula KaTeX cannot typeset (\frac takes two arguments), at the end of the broken page.
BAD_FORMULA = "\nThe formula\n\n$$\n\\frac{1}\n$$\n"


def test_math_is_typeset_at_build_time(article):
    """Every formula of the built site is KaTeX's HTML already, and no page loads KaTeX's script."""
    waits_on_pages(article)
    site, result = result_of("clean")
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(site.rglob("*.html"))
    formulas = untypeset = 0
    for html in pages:
        text = html.read_text("utf-8")
        assert "katex.min.js" not in text, f"{html.relative_to(site)} loads KaTeX's script"
        typeset = r'class="arithmatex"( data-typeset="")?>(<span class="katex)?'
        for found in re.finditer(typeset, text):
            formulas += 1
            untypeset += not (found.group(1) and found.group(2))
    assert formulas, "no formula in the built site: nothing was checked"
    assert not untypeset, f"{untypeset} of {formulas} formulas left to the browser"


@pytest.mark.selfcheck
def test_broken_formula_fails_the_build(article):
    """A formula KaTeX rejects is a warning at its page and line; --strict fails on it."""
    waits_on_pages(article)
    _, result = result_of("links")
    assert result.returncode != 0, "the build passed with a formula KaTeX cannot typeset"
    source = broken().page.read_text("utf-8") + breakage("links")
    line = source.splitlines().index("\\frac{1}") + 1
    where = f"{rel(broken().page)}:{line}: KaTeX: "
    warnings = [ln for ln in (result.stderr + result.stdout).splitlines() if "WARNING" in ln]
    assert any(where in ln and "\\frac{1}" in ln for ln in warnings), (where, warnings)


def _hook(name: str):
    """hooks/<name>.py, imported from its file as MkDocs does."""
    import importlib.util

    path = ROOT / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_built_code_keeps_only_coloured_tokens(article):
    """No code block of the built site has a span for a token coloured like plain code."""
    waits_on_pages(article)
    site, result = result_of("clean")
    assert result.returncode == 0, result.stderr[-3000:]
    plain = re.compile(rf'<span class="({"|".join(plain_tokens.PLAIN)})">')
    blocks, left = 0, []
    for html in sorted(site.rglob("*.html")):
        for code in re.findall(r"<code\b[^>]*>(.*?)</code>", html.read_text("utf-8"), re.S):
            blocks += 1
            left += [f"{html.relative_to(site)}: {m[0]}" for m in plain.finditer(code)][:1]
    assert blocks, "no code in the built site: nothing was checked"
    assert not left, f"token spans left in {len(left)} code elements: {left[:5]}"


def test_every_page_leaves_its_palette_toggle_to_the_site(article):
    """Every page the theme built (404 too) hands the header's toggle to palette.js: none
    keeps the theme's marker, whose component restyled the whole page at load."""
    waits_on_pages(article)
    site, result = result_of("clean")
    assert result.returncode == 0, result.stderr[-3000:]
    hook = _hook("palette_toggle")
    texts = {p: p.read_text("utf-8") for p in sorted(site.rglob("*.html"))}
    pages = [p for p, text in texts.items() if 'class="md-header' in text]
    kept = [p for p in pages if hook.THEME_MARKER in texts[p]]
    unhanded = [p for p in pages if hook.OWN_MARKER not in texts[p]]
    assert pages and not kept, f"the theme's palette component on {kept[:3]}"
    assert not unhanded, f"no toggle on {unhanded[:3]}"
