"""The checker as a package others install: found from where it runs, a plugin MkDocs loads.

The distribution ``docverify`` (``tool/``) holds the import package ``doccheck``, the
``doccheck`` command and the MkDocs plugin ``doccheck``. Nothing in it may locate the project
from its own files (an installed copy lives in a venv) or put folders on ``sys.path``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from importlib.metadata import entry_points
from pathlib import Path

import markdown
import pytest
from mkdocs.config.base import load_config

from doccheck import versions
from doccheck.layout import ROOT, Project, find_root
from doccheck.mkdocs_plugin import DoccheckPlugin
from doccheck.siteconfig import mkdocs_config

TOOL = ROOT / "tool"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def site_tree(root: Path, table: str = "[tool.doccheck]\n") -> Path:
    """A folder whose pyproject.toml has ``table``, with a docs/ folder two levels deep."""
    (root / "docs" / "deep").mkdir(parents=True)
    (root / "pyproject.toml").write_text(f'[project]\nname = "s"\n\n{table}', "utf-8")
    return root


def strict_build(site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` in ``site``, its output captured."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=site, env=ENV, capture_output=True, text=True, timeout=300)


def test_the_project_is_the_nearest_folder_up_with_a_doccheck_table(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCCHECK_ROOT", raising=False)
    outer = site_tree(tmp_path / "outer")
    inner = site_tree(outer / "docs" / "deep" / "inner", table="[tool.ruff]\n")
    assert find_root(inner / "docs" / "deep") == outer, "a pyproject.toml without the table"
    assert find_root(outer / "docs" / "deep") == outer
    assert find_root(outer) == outer
    nowhere = tmp_path / "elsewhere"
    nowhere.mkdir()
    assert find_root(nowhere) == nowhere, "no project upwards: the folder itself"
    monkeypatch.setenv("DOCCHECK_ROOT", str(inner))
    assert find_root(outer / "docs" / "deep") == inner, "DOCCHECK_ROOT names it"


def test_the_command_checks_the_project_it_runs_in_not_the_repository(tmp_path):
    """``doccheck`` from a site's subfolder reads that site's pages, wherever it is installed."""
    site = site_tree(tmp_path / "site")
    (site / "docs" / "p.md").write_text("# P\n\nIt is 3<!-- s: n -->.\n", "utf-8")
    (site / "snippets" / "p").mkdir(parents=True)
    (site / "snippets" / "p" / "s.py").write_text("n = 3\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DOCCHECK_ROOT"}
    done = subprocess.run(
        [sys.executable, "-m", "doccheck", "check"],
        cwd=site / "docs" / "deep",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = done.stdout + done.stderr
    # Its one claim has never been run: the site's, named from the site, not the article's.
    assert "p/s" in said, said
    assert "convolution" not in said and "pointwise" not in said, said


def test_nothing_puts_folders_on_sys_path():
    """The installed package finds its modules as any package does; no hook adds its folder."""
    sources = [*(TOOL / "src").rglob("*.py"), *(ROOT / "hooks").glob("*.py")]
    assert sources
    inserting = [rel for p in sources if "sys.path.insert" in (rel := p.read_text("utf-8"))]
    assert not inserting
    assert not (ROOT / "doccheck").exists(), "the checker lives in tool/src/doccheck only"


def plugin(command: str, **options: object) -> DoccheckPlugin:
    """The plugin as MkDocs loads it from the entry point, configured and started."""
    (found,) = entry_points(group="mkdocs.plugins", name="doccheck")
    made = found.load()()
    errors, warnings = made.load_config(options)
    assert not errors and not warnings, (errors, warnings)
    made.on_startup(command=command, dirty=False)
    return made


def test_the_plugin_previews_under_serve_only_unless_told():
    assert isinstance(plugin("build"), DoccheckPlugin)
    assert plugin("serve").previewing() and not plugin("build").previewing()
    assert not plugin("serve", preview=False).previewing()
    assert plugin("build", preview=True).previewing()
    assert plugin("build").config.math and plugin("build").config.plain_tokens


def test_the_article_names_the_plugin_and_no_checker_hook():
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert "doccheck" in config.plugins
    hooks = [Path(h).name for h in config["hooks"]]
    assert hooks == ["palette_toggle.py"], "the article's own skin only; the rest is the plugin's"


def test_the_article_keeps_one_katex_js_the_packages():
    """The article's docs/javascripts/katex.js (Zensical's browser typesetting) is a link to the
    package's file, which the plugin also reads KaTeX's options from: one copy, not two."""
    article = ROOT / "docs" / "javascripts" / "katex.js"
    packaged = TOOL / "src" / "doccheck" / "assets" / "javascripts" / "katex.js"
    assert article.is_symlink() and article.resolve() == packaged.resolve(), article
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.plugins["doccheck"].config.katex_options is None, "the package's options"
    assert "javascripts/katex.js" in [str(getattr(j, "path", j)) for j in config.extra_javascript]


def test_a_site_naming_the_plugin_gets_its_math_typeset_by_the_packaged_katex(tmp_path):
    """A site that is not this article, with no KaTeX of its own: the package's typesets.

    Its styles and fonts are in the built site, and on the page.
    """
    site = site_tree(tmp_path / "site")
    (site / "docs" / "index.md").write_text("# Home\n\nIt is $2 + 2$.\n", "utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: s\nplugins: [doccheck]\n"
        "markdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n",
        "utf-8",
    )
    done = strict_build(site)
    assert done.returncode == 0, done.stderr[-3000:]
    page = (site / "site" / "index.html").read_text("utf-8")
    assert re.search(r'class="arithmatex" data-typeset=""><span class="katex', page)
    assert 'href="assets/katex/katex.min.css"' in page
    assert (site / "site" / "assets" / "katex" / "katex.min.css").is_file()
    assert (site / "site" / "assets" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()


@pytest.mark.selfcheck
def test_the_wheel_carries_the_package_its_command_and_its_plugin(tmp_path):
    if not (ROOT / "tool" / "pyproject.toml").is_file():
        pytest.skip("this site does not hold the checker's source (tool/): nothing to build")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed (make bootstraps it into the venv)")
    done = subprocess.run(
        [uv, "build", "--package", "docverify", "--wheel", "-o", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = tmp_path.glob("docverify-0.1.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        points = archive.read("docverify-0.1.0.dist-info/entry_points.txt").decode()
    for module in ("__main__", "layout", "mkdocs_plugin", "typeset_math", "serve_hook"):
        assert f"doccheck/{module}.py" in names
    assert "doccheck/pytest_items.py" in names
    # KaTeX, its licence with it, and the options its typesetting shares with the browser.
    for asset in ("katex/katex.min.js", "katex/katex.min.css", "katex/LICENSE"):
        assert f"doccheck/assets/{asset}" in names, asset
    assert "doccheck/assets/katex/fonts/KaTeX_Main-Regular.woff2" in names
    assert "doccheck/assets/javascripts/katex.js" in names
    assert "doccheck = doccheck.__main__:main" in points
    assert "doccheck = doccheck.mkdocs_plugin:DoccheckPlugin" in points


INNER_TEST = """
import sys


def test_what_the_plugin_brought(request):
    manager = request.config.pluginmanager
    assert manager.has_plugin("doccheck"), "the entry point is loaded in every project"
    print("SESSION", manager.has_plugin("doccheck-session"))
    print("SUPERVISOR", "doccheck.supervisor" in sys.modules)
    print("KERAS", any(m.split(".")[0] in ("keras", "tensorflow") for m in sys.modules))
"""


def inner_run(pytester: pytest.Pytester, table: str, *args: str) -> pytest.RunResult:
    """pytest in a fresh project whose pyproject.toml has ``table``, in its own process."""
    pytester.makepyprojecttoml(f'[project]\nname = "inner"\n\n[tool.pytest.ini_options]\n{table}')
    pytester.makepyfile(test_inner=INNER_TEST)
    # The test file named: in a site, the plugin's own items come only with no path or the root.
    return pytester.runpytest_subprocess("test_inner.py", "-p", "no:cacheprovider", *args)


# Six pytest processes: a self-test of the checker, not of the article (--selfcheck).
@pytest.mark.selfcheck
@pytest.mark.parametrize("table", ["", "\n[tool.doccheck]\n"], ids=["other project", "site"])
def test_the_pytest_plugin_works_only_where_pyproject_asks_for_it(pytester, monkeypatch, table):
    """Beside an unrelated project the plugin adds no option, fixture or test, forks nothing.

    One test passes, the inner file's: the plugin collected nothing of its own.
    """
    monkeypatch.delenv("DOCCHECK_ROOT", raising=False)
    site = bool(table)
    result = inner_run(pytester, table, "-s")
    result.assert_outcomes(passed=1)
    said = result.stdout.str()
    assert f"SESSION {site}" in said and f"SUPERVISOR {site}" in said, said
    assert "KERAS False" in said, "loading the plugin imports no Keras"
    shown = inner_run(pytester, table, "--help").stdout.str()
    assert ("--update-recordings" in shown) is site
    assert ("--record-backend" in shown) is site
    fixtures = inner_run(pytester, table, "--fixtures").stdout.str()
    assert bool(re.search(r"^runs \[session scope\]", fixtures, re.M)) is site, fixtures
    assert bool(re.search(r"^article \[session scope\]", fixtures, re.M)) is site


def run_command(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``doccheck ARGS`` in ``folder``, the project found from there."""
    env = {k: v for k, v in os.environ.items() if k != "DOCCHECK_ROOT"}
    return subprocess.run(
        [sys.executable, "-m", "doccheck", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_init_starts_a_site_that_builds_and_whose_claims_are_known_to_be_unrun(tmp_path):
    """From an empty folder: a site MkDocs builds strictly; its claims wait for a run."""
    written = run_command(tmp_path, "init")
    assert written.returncode == 0, written.stderr
    assert "[tool.doccheck]" in (tmp_path / "pyproject.toml").read_text("utf-8")
    assert find_root(tmp_path / "docs") == tmp_path
    checked = run_command(tmp_path / "docs", "check")
    # Every number of the page is claimed (no "nothing checks"); none is verified yet.
    assert checked.returncode == 1 and "nothing checks" not in checked.stdout, checked.stdout
    assert checked.stdout.count("has no verified value yet") == 4, checked.stdout
    built = strict_build(tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    stamp = versions.stamp_file(Project(tmp_path)).read_text("utf-8").strip()
    assert stamp in (tmp_path / "site" / "index.html").read_text("utf-8")
    again = run_command(tmp_path, "init")
    assert again.returncode == 2 and "already there" in again.stderr
    assert (tmp_path / "recorded" / "index" / "example.txt").read_text("utf-8") == "8\n"


def test_init_s_pages_end_with_the_stamp_its_versions_file_says(tmp_path, monkeypatch):
    """As the article's: mkdocs.yml appends recorded/stamp.md to every page, and init writes it
    with recorded/VERSIONS.json, so the first build has it (``check_paths`` fails without)."""
    assert run_command(tmp_path, "init").returncode == 0
    project = Project(tmp_path)
    recorded = versions.recorded(project)
    assert recorded is not None and recorded["date"], recorded
    stamp = versions.stamp_file(project).read_text("utf-8")
    assert stamp == versions.stamp_text(recorded)
    extensions = mkdocs_config(tmp_path / "mkdocs.yml")["markdown_extensions"]
    (settings,) = [e["pymdownx.snippets"] for e in extensions if "pymdownx.snippets" in e]
    assert settings["auto_append"] == ["recorded/stamp.md"]
    monkeypatch.chdir(tmp_path)  # base_path "." is the working directory, as in a build
    html = markdown.markdown(
        "# A page\n",
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": settings},
    )
    assert html.endswith(stamp.strip()), html


def test_a_site_without_keras_is_stamped_with_its_python():
    said = versions.stamp_text(
        {"python": "3.12.1", "tensorflow": versions.MISSING, "keras": versions.MISSING, "date": "d"}
    )
    assert "Verified with Python 3.12.1 · d</small>" in said, said


def test_init_writes_the_two_commands_ci_and_nothing_of_the_article(tmp_path):
    """The Makefile's two commands, CI that runs the test one, and none of our words or colours."""
    assert run_command(tmp_path, "init").returncode == 0
    makefile = (tmp_path / "Makefile").read_text("utf-8")
    for target in ("preview:", "test:", "verify:", "build:", "serve:", "lint:"):
        assert f"\n{target}" in makefile, target
    assert "\n\t$(BIN)/python -m pytest\n" in makefile and "mkdocs build --strict" in makefile
    run = tmp_path / ".ci" / "run"
    assert os.access(run, os.X_OK) and "make test" in run.read_text("utf-8")
    workflow = (tmp_path / ".github" / "workflows" / "docs.yml").read_text("utf-8")
    assert "pull_request:" in workflow and "permissions:\n  contents: read" in workflow
    assert "deploy-pages" in workflow and "refs/heads/main" in workflow
    readme = (tmp_path / "README.md").read_text("utf-8")
    assert "make preview" in readme and "make test" in readme
    assert ".venv/" in (tmp_path / ".gitignore").read_text("utf-8")
    texts = [p.read_text("utf-8") for p in tmp_path.rglob("*") if p.is_file()]
    ours = re.compile(r"onexone|1x1|1×1|convolution|#00696f|teal", re.I)
    assert not [m.group(0) for t in texts for m in ours.finditer(t)]


FAKE_MKDOCS = """\
import sys, time
from pathlib import Path
from doccheck.layout import Project
from doccheck.worker import connect
deadline = time.monotonic() + 120
while (worker := connect(Project(Path.cwd()))) is None and time.monotonic() < deadline:
    time.sleep(0.2)
print("the worker answered" if worker else "no worker answered")
sys.exit(0 if worker else 3)
"""


@pytest.mark.skipif(not hasattr(os, "fork") or not shutil.which("make"), reason="no make here")
def test_init_make_serve_starts_a_worker_beside_the_server_and_stops_it_after(tmp_path):
    """``make serve`` in a site ``init`` wrote: a warm worker answers while the server runs (a
    stand-in for ``mkdocs serve`` that waits for it), and is gone once the server stops."""
    from doccheck.worker import address

    assert run_command(tmp_path, "init").returncode == 0
    bin_ = tmp_path / "venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', "utf-8")
    (bin_ / "mkdocs").write_text(f"#!/bin/sh\nexec \"{sys.executable}\" -c '{FAKE_MKDOCS}'\n")
    for tool in bin_.iterdir():
        tool.chmod(0o755)
    (tmp_path / "venv" / "installed").touch()  # newer than pyproject.toml: nothing to install
    env = {k: v for k, v in ENV.items() if k != "DOCCHECK_ROOT"}
    served = subprocess.run(
        ["make", "--no-print-directory", "serve", "VENV=venv"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert served.returncode == 0, served.stdout + served.stderr
    assert "the worker answered" in served.stdout
    socket = address(Project(tmp_path))
    deadline = time.monotonic() + 30
    while socket.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not socket.exists(), "the worker outlived the server"


def test_init_math_writes_katex_into_docs_for_a_builder_without_plugins(tmp_path):
    """``--math``: KaTeX, its licence and katex.js under docs/, named in mkdocs.yml."""
    assert run_command(tmp_path, "init", "--math").returncode == 0
    for name in ("assets/katex/katex.min.js", "assets/katex/LICENSE", "javascripts/katex.js"):
        assert (tmp_path / "docs" / name).is_file(), name
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert [str(getattr(j, "path", j)) for j in config.extra_javascript] == ["javascripts/katex.js"]
    assert config.plugins["doccheck"].config.katex == "assets/katex/katex.min.js"


# A site with no test file: pytest alone, through the plugin's items (a whole site's run).
@pytest.mark.selfcheck
def test_a_site_with_no_test_file_is_checked_by_the_plugin_alone(pytester, monkeypatch):
    monkeypatch.delenv("DOCCHECK_ROOT", raising=False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert run_command(pytester.path, "init").returncode == 0
    green = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")
    said = green.stdout.str()
    green.assert_outcomes(passed=6)
    assert "site's items: 6 (1 page, 1 snippet, the site's checks and census)" in said, said
    for name in ("docs/index.md", "snippets/index/example.py", "census", "something-to-check"):
        assert f"PASSED {name}" in said, said
    pytester.makepyfile(test_other="def test_other():\n    pass\n")
    pytester.runpytest_subprocess("test_other.py", "-p", "no:cacheprovider").assert_outcomes(
        passed=1
    )
    page = pytester.path / "docs" / "index.md"
    page.write_text(page.read_text("utf-8").replace("8<!--", "9<!--", 1), "utf-8")
    wrong = pytester.runpytest_subprocess("docs", "snippets", "-p", "no:cacheprovider")
    wrong.assert_outcomes(passed=1, failed=1)
    said = wrong.stdout.str()
    assert "FAILED snippets/index/example.py" in said, said
    assert "\ndocs/index.md:4: claims 9 for index/example: weights, the snippet gives 8" in said
    assert "Traceback" not in said and "site's items: 2" in said, said


@pytest.mark.selfcheck
def test_a_snippet_named_on_the_command_line_runs_as_the_sites_item_only(pytester, monkeypatch):
    """pytest imports a ``.py`` argument as a test module: a snippet would run a second time,
    in the working directory, leaving there what it writes."""
    monkeypatch.delenv("DOCCHECK_ROOT", raising=False)
    assert run_command(pytester.path, "init").returncode == 0
    snippet = pytester.path / "snippets" / "index" / "example.py"
    runs = pytester.path / "runs.txt"
    snippet.write_text(
        snippet.read_text("utf-8") + f"\nwith open({str(runs)!r}, 'a') as f:\n    f.write('x')\n",
        "utf-8",
    )
    result = pytester.runpytest_subprocess(str(snippet), "-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1)
    assert "PASSED snippets/index/example.py" in result.stdout.str()
    assert runs.read_text("utf-8") == "x", "the snippet ran more than once"


def test_a_page_with_math_and_no_katex_is_one_message_naming_the_fix(tmp_path):
    from mkdocs.exceptions import PluginError

    from doccheck.typeset_math import typeset

    assert typeset("<p>no math</p>", tmp_path) == ("<p>no math</p>", []), "no KaTeX needed"
    with pytest.raises(PluginError, match=r"KaTeX's files are missing .*math: false"):
        typeset('<span class="arithmatex">\\(1\\)</span>', tmp_path)
