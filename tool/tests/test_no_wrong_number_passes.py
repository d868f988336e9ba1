"""Each way a wrong number once reached a page with every test green, written as a test.

These are the demonstrations of issue 15: each failed on the checker before it was fixed.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from doccheck import numbers
from doccheck.article import Article, check_claims
from doccheck.files import write_atomically
from doccheck.formulas import check_formula, unreadable_sides
from doccheck.lastrun import observe
from doccheck.layout import ROOT, Project, Snippet
from doccheck.numbers import parse_claim
from doccheck.pages import read_page
from doccheck.recordings import check_outputs
from doccheck.runner import KERAS_BACKEND, run_snippet


def site(tmp_path: Path, monkeypatch, pages: dict[str, str], snippets: dict[str, str]) -> Project:
    """A scratch project: ``docs/<page>`` texts and ``snippets/<name>.py`` sources."""
    for name, text in pages.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, "utf-8")
    for name, source in snippets.items():
        (tmp_path / "snippets" / f"{name}.py").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "snippets" / f"{name}.py").write_text(source, "utf-8")
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


def unchecked(tmp_path, monkeypatch, text: str) -> list[str]:
    """The numbers of ``text`` (one page) that nothing checks, as the messages state them."""
    project = site(tmp_path, monkeypatch, {"p.md": text}, {})
    page = read_page(tmp_path / "docs" / "p.md", project)
    return [u.message.split(" is a number")[0] for u in page.unchecked]


# 1. A stray backtick hid every claim up to the next backtick.
def test_a_stray_backtick_hides_nothing_past_its_paragraph(tmp_path, monkeypatch):
    project = site(
        tmp_path,
        monkeypatch,
        {
            "p.md": "On a German keyboard the backtick (`) is a dead key.\n\n"
            "The model has 57<!-- s: n --> parameters.\n\nSee `code` here.\n"
        },
        {"p/s": "n = 56\n"},
    )
    article = Article.load(project)
    assert [(c.line, c.text) for c in article.claims] == [(3, "57")]
    snippet = Snippet("p/s", project)
    run = run_snippet(snippet, [c.expression for c in article.claims])
    (problem,) = check_claims(article.claims, run)
    assert problem.startswith("docs/p.md:3: claims 57 for p/s: n, the snippet gives 56")


def test_an_unclosed_comment_is_reported_and_hides_no_claim(tmp_path, monkeypatch):
    project = site(
        tmp_path,
        monkeypatch,
        {"p.md": "It costs 40<!-- s: n multiply-adds.\n\nIt has 57<!-- s: n --> weights.\n"},
        {},
    )
    page = read_page(tmp_path / "docs" / "p.md", project)
    assert [(c.line, c.text) for c in page.claims] == [(3, "57")]
    assert page.problems == [
        "docs/p.md:1: this <!-- is not closed in its paragraph, so the page shows it and what "
        "follows as text; close it with -->"
    ]


# 2. Formula sides the checker could not evaluate were skipped silently.
@pytest.mark.parametrize(
    "tex",
    [
        r"\left\lfloor \frac{224 - 7}{2} \right\rfloor + 1 = 231",
        r"\lceil 7 / 2 \rceil = 3",
        r"\sqrt{16} = 5",
        r"\sqrt[3]{27} = 4",
        r"2(3 + 1) = 9",
        r"(1 + 1)(2 + 1) = 5",
        r"\mathbf{3} \cdot 2 = 7",
        r"3 \ne 3",
        r"3 \equiv 4",
        r"3 \sim 5",
        r"56 < 3",
        r"3 \ge 4",
        r"\text{3} = 4",
        r"120.4\text{M} = 120\,500\,000",
        r"11.3\% = 0.2",
        r"10^{400} = 5",
    ],
)
def test_formula_sides_are_evaluated_not_skipped(tex):
    assert check_formula(tex), f"{tex} passed"


@pytest.mark.parametrize(
    "tex",
    [
        r"\left\lfloor \frac{224 - 7}{2} \right\rfloor + 1 = 109",
        r"\sqrt{16} = 4",
        r"2(3 + 1) = 8",
        r"\frac12 = 0.5",
        r"120.4\text{M} \approx 120\,422\,400",
        r"11.3\% \approx 0.1127",
        r"3 \ne 4 \quad 56 < 57 \quad 4 \ge 4",
        r"\exp(0) = 1",
    ],
)
def test_true_formulas_pass(tex):
    assert check_formula(tex) == []


@pytest.mark.parametrize(
    ("tex", "reason"),
    [
        (r"\binom{4}{2} = 6", r"\binom cannot be evaluated"),
        (r"\text{plain 3×3:} = 9", "the number in \\text{plain 3×3:} cannot be checked"),
        (r"2^{100000} = 4", "too large"),
        (r"(28, 28, 192) = 3", "',' where ')' was expected"),
    ],
)
def test_a_side_that_cannot_be_evaluated_is_an_error(tex, reason):
    (side,) = unreadable_sides(tex)
    assert reason in side.reason


def test_an_unreadable_side_is_reported_at_its_own_line(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, {"p.md": "$$\na = 1 \\\\\n\\binom{4}{2} = 6\n$$\n"}, {})
    page = read_page(tmp_path / "docs" / "p.md", project)
    (problem,) = page.problems
    assert problem.startswith("docs/p.md:3: the formula side '\\\\binom{4}{2}' cannot be checked")


def test_a_broken_relation_is_reported_at_its_own_line(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, {"p.md": "$$\nM &= 4 \\cdot 4 \\\\\n&= 17\n$$\n"}, {})
    page = read_page(tmp_path / "docs" / "p.md", project)
    (problem,) = page.formula_problems()
    assert problem.startswith("docs/p.md:3: the formula says 4 \\cdot 4 = 17")


# 3. Numbers with unit letters passed as names; "Table 4, 56" and "3 < 56 > 2" hid numbers.
def test_numbers_with_units_are_quantities_to_claim(tmp_path, monkeypatch):
    text = "It is 120.5M, 8.6x or 2x smaller, 1.5K and 25MB, 11.3% and 3×3, but 2D and 3a.\n"
    found = unchecked(tmp_path, monkeypatch, text)
    assert found == ["120.5M", "8.6x", "2x", "1.5K", "25MB", "11.3%", "3×3"]


def test_a_paper_reference_takes_only_its_own_number(tmp_path, monkeypatch):
    text = "See Table 4, 56 weights; Tables 4, 6 and 8; Section 3.1; arXiv:1409.4842.\n"
    assert unchecked(tmp_path, monkeypatch, text) == ["56"]


def test_comparison_signs_are_not_tags(tmp_path, monkeypatch):
    text = "So 3 < 56 weights and 57 > 2, in <b>bold 9</b>.\n"
    assert unchecked(tmp_path, monkeypatch, text) == ["3", "56", "57", "2", "9"]


def test_names_come_from_the_sites_configuration(tmp_path, monkeypatch):
    text = "A 1x1 layer, PyTorch 2 and Keras 3.\n"
    assert unchecked(tmp_path, monkeypatch, text) == ["1x1", "2", "3"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.doccheck]\nnames = ["1x1"]\nversioned = ["Keras", "PyTorch"]\n', "utf-8"
    )
    project = Project(tmp_path / ".")  # a new key: the settings are read per root
    page = read_page(tmp_path / "docs" / "p.md", project)
    assert page.unchecked == []


# 4. Claims were evaluated up to four times, on shallow copies, with no deadline.
def test_each_claim_is_evaluated_once_and_every_consumer_reads_that_value(tmp_path, monkeypatch):
    project = site(
        tmp_path,
        monkeypatch,
        {"p.md": "The last is 3<!-- s: xs.pop() -->.\n"},
        {"p/s": "xs = [1, 2, 3]\n"},
    )
    article = Article.load(project)
    snippet = Snippet("p/s", project)
    run = run_snippet(snippet, [c.expression for c in article.claims])
    assert check_claims(article.claims, run) == []
    assert check_claims(article.claims, run) == []
    assert observe(snippet, run)["values"] == {"xs.pop()": {"number": 3}}
    assert run.namespace["xs"] == [1, 2]


def test_a_claim_runs_under_the_deadline(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, {}, {"p/s": "n = 1\n"})
    run = run_snippet(Snippet("p/s", project), ["__import__('time').sleep(30)"], timeout=0.5)
    assert run.error is not None
    assert "still running after 0.5 s (evaluating the claim `__import__('time').sleep(30)`)" in (
        run.error
    )


# 5. State leaked between snippets; a snippet could swallow the timeout.
def test_settings_environment_and_helper_modules_do_not_leak(tmp_path, monkeypatch):
    changes = (
        "import os\nimport keras\nimport numpy as np\n"
        "np.set_printoptions(precision=2)\nnp.seterr(all='raise')\n"
        "keras.config.set_floatx('float16')\nkeras.config.set_image_data_format('channels_first')\n"
        "os.environ['DOCCHECK_LEAK'] = '1'\n"
        "import _h\n"
    )
    reads = (
        "import os\nimport keras\nimport numpy as np\nimport _h\n"
        "print(np.get_printoptions()['precision'], np.geterr()['divide'], keras.config.floatx(),"
        " keras.config.image_data_format(), os.environ.get('DOCCHECK_LEAK'), _h.VALUE)\n"
    )
    project = site(
        tmp_path,
        monkeypatch,
        {},
        {"a/changes": changes, "a/_h": "VALUE = 'a'\n", "b/reads": reads, "b/_h": "VALUE = 'b'\n"},
    )
    assert run_snippet(Snippet("a/changes", project)).error is None
    after = run_snippet(Snippet("b/reads", project))
    assert after.error is None, after.error
    assert after.stdout == "8 warn float32 channels_last None b\n"
    assert "DOCCHECK_LEAK" not in os.environ


def test_a_snippet_cannot_swallow_the_timeout(tmp_path, monkeypatch):
    retry = (
        "import time\n"
        "while True:\n"
        "    try:\n"
        "        time.sleep(0.2)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    once = (
        "import time\ntry:\n    time.sleep(30)\nexcept BaseException:\n    pass\ntime.sleep(30)\n"
    )
    project = site(tmp_path, monkeypatch, {}, {"p/retry": retry, "p/once": once})
    for name in ("p/retry", "p/once"):
        run = run_snippet(Snippet(name, project), timeout=0.5)
        assert run.error and "still running after 0.5 s" in run.error, name


# A site's test that ends its whole process (exit 3): a snippet that swallows every stop.
STUCK_DEMO = """
import doccheck.runner
from doccheck.layout import Project, Snippet
from doccheck.runner import run_snippet

FOREVER = (
    "import time\\nwhile True:\\n    try:\\n        time.sleep(0.1)\\n"
    "    except BaseException:\\n        pass\\n"
)


def test_stuck_snippet(tmp_path, monkeypatch):
    (tmp_path / "snippets" / "p").mkdir(parents=True)
    (tmp_path / "snippets" / "p" / "forever.py").write_text(FOREVER, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(doccheck.runner, "GRACE_SECONDS", 0.5)
    run_snippet(Snippet("p/forever", Project(tmp_path)), timeout=0.5)
"""


def test_a_stuck_snippet_ends_the_run_saying_why(pytester):
    """Past its deadline and the grace, a snippet that will not stop ends pytest: the message
    saying which snippet must reach the terminal, not stay in pytest's capture file.

    The run is a site's (its rootdir has ``[tool.doccheck]``), where the plugin is on."""
    pytester.makepyprojecttoml("[tool.doccheck]\n")
    pytester.makepyfile(test_stuck=STUCK_DEMO)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", timeout=300)
    said = result.stdout.str() + result.stderr.str()
    assert result.ret == 3, said[-3000:]
    assert "snippets/p/forever.py did not stop at 0.5 s" in said, said[-3000:]


def test_tensorflow_used_through_a_helper_gets_the_full_reset(tmp_path, monkeypatch):
    helper = (
        "import tensorflow as tf\n\n\n"
        "def noise():\n    return float(tf.random.normal((3,)).numpy().sum())\n"
    )
    project = site(
        tmp_path,
        monkeypatch,
        {},
        {"p/_tfh": helper, "p/noise": "import _tfh\n\nprint(_tfh.noise())\n"},
    )
    snippet = Snippet("p/noise", project)
    outputs = {run_snippet(snippet).stdout for _ in range(3)}
    assert len(outputs) == 1, outputs


# 6. Refresh changed modes, published symbolic links, ignored subfolders.
def test_refresh_keeps_file_modes(tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("a\n", "utf-8")
    old.chmod(0o644)
    assert write_atomically(old, "b\n")
    assert stat.S_IMODE(old.stat().st_mode) == 0o644
    mask = os.umask(0o022)
    try:
        new = tmp_path / "new.txt"
        assert write_atomically(new, "c\n")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
    finally:
        os.umask(mask)


def test_links_and_subfolder_files_are_reported_not_published(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("private\n", "utf-8")
    source = (
        "import os\n"
        f"os.symlink({str(secret)!r}, 'chart.svg')\n"
        "os.mkdir('sub')\n"
        "open('sub/inner.svg', 'w').write('<svg/>')\n"
        "open('kept.svg', 'w').write('<svg/>')\n"
    )
    project = site(tmp_path, monkeypatch, {"p.md": "Text.\n"}, {"p/draws": source})
    run = run_snippet(Snippet("p/draws", project))
    assert sorted(run.files) == ["kept.svg"]
    problems, rewritten = check_outputs(run, Article.load(project), update=True)
    assert rewritten == ["docs/figures/p/kept.svg"]
    assert problems == [
        "snippets/p/draws.py wrote chart.svg is a symbolic link; write the file itself; it was "
        "not kept",
        "snippets/p/draws.py wrote sub/inner.svg is in a subfolder; write figures next to the "
        "snippet's cwd; it was not kept",
    ]
    assert not (tmp_path / "docs" / "figures" / "p" / "chart.svg").exists()


# 7. Results depended on the writer's home: ~/.keras/keras.json, KERAS_BACKEND.
def test_keras_backend_and_home_are_pinned(tmp_path):
    home = tmp_path / "home"
    (home / ".keras").mkdir(parents=True)
    other = "jax" if KERAS_BACKEND != "jax" else "torch"  # not this run's (DOCCHECK_BACKEND)
    (home / ".keras" / "keras.json").write_text(
        json.dumps({"floatx": "float16", "backend": other, "image_data_format": "channels_first"}),
        "utf-8",
    )
    code = (
        "from doccheck.runner import _import_keras\n"
        "k = _import_keras()\n"
        "print(k.config.backend(), k.config.floatx(), k.config.image_data_format())\n"
    )
    env = {**os.environ, "HOME": str(home), "KERAS_BACKEND": other, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("KERAS_HOME", None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [KERAS_BACKEND, "float32", "channels_last"]


# 8. An overflow took the whole suite down.
def test_an_overflowing_formula_is_a_page_problem(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, {"p.md": "A googol cubed is $10^{300} = 1$.\n"}, {})
    page = read_page(tmp_path / "docs" / "p.md", project)
    (problem,) = page.formula_problems()
    assert problem.startswith("docs/p.md:1: the formula says 10^{300} = 1")


# Number semantics: exact whole numbers, a documented rule for halves, no strings.
@pytest.mark.parametrize(
    ("text", "actual", "ok"),
    [
        ("56", 56, True),
        ("56", 56.0, True),
        ("56", 56.4, False),
        ("56", 55.6, False),
        ("56", 56.000001, False),
        ("≈ 56", 56.4, True),
        ("≈ 56", 56.5, False),
        ("≈ 56", 55.5, True),
        ("120.4M", 120_350_000, True),  # the lower half: rounds up to 120.4M
        ("120.4M", 120_349_999, False),
        ("120.4M", 120_449_999, True),
        ("120.4M", 120_450_000, False),  # the upper half rounds up to 120.5M
        ("0.3", 0.25, True),
        ("0.2", 0.25, False),
        ("11.3%", Fraction(1125, 10000), True),
        ("11.3%", Fraction(1135, 10000), False),
        ("8.6×", 8.55, True),
        ("8.6×", 8.65, False),
        ("9×", 8.97, False),
        ("159K", 159_499, True),
        ("159K", 159_500, False),
        ("9,007,199,254,740,993", 2**53 + 1, True),
        ("9,007,199,254,740,993", 2**53, False),
        ("3", "3", False),
        ("1", True, False),
        ("3", [3], False),
    ],
)
def test_claims_match_at_their_written_precision(text, actual, ok):
    assert parse_claim(text).matches(actual) is ok


def test_the_boundary_cases_fail_when_the_tolerance_is_loosened(monkeypatch):
    """The table above pins the tolerance: at 0.75 units some of its verdicts change."""
    monkeypatch.setattr(numbers, "HALF", Fraction(3, 4))
    assert parse_claim("120.4M").matches(120_450_000)
    assert parse_claim("8.6×").matches(8.65)


# Zero is an error.
def test_a_tree_with_nothing_to_check_says_where_it_looked(tmp_path):
    problems = Article.load(Project(tmp_path)).emptiness()
    assert problems == [
        f"no pages found under {tmp_path / 'docs'}",
        f"no snippets found under {tmp_path / 'snippets'}",
        f"no claims found on the pages under {tmp_path / 'docs'}",
    ]
    env = {**os.environ, "DOCCHECK_ROOT": str(tmp_path)}
    for module in ("doccheck", "doccheck.standalone"):
        done = subprocess.run(
            [sys.executable, "-m", module], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 1, (module, done.stdout, done.stderr)
        assert f"found under {tmp_path}" in done.stdout + done.stderr


# Found by review, each reproduced first: a page that shows a number the checker did not see.
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The layer has _57_ weights, or __58__.\n", ["57", "58"]),
        ("The model has exactly\n57. That is all.\n", ["57"]),
        ("1. one\n2. two\n\n57. after a blank line is a list.\n", []),
        ("Kernel sizes 1<!-- free label -->,3,57 and a ratio of .57.\n", ["3", "57", ".57"]),
        (
            "It has 159k weights, runs 57s, is 57X faster, with 1e6 and 3e-4.\n",
            ["159k", "57s", "57X", "1e6", "3e-4"],
        ),
        ("costs $3 per card and $57 per node.\n", ["3", "57"]),
        ("Note <!-- in $ --> the layer has 57 weights and $k$ kernels.\n", ["57"]),
        ("See Tables 4 and 6, 57 weights.\n", ["57"]),
        ("On <time>57 weights</time>.\n", ["57"]),
        ('On <time datetime="2024-07-11">11 July 2024</time>.\n', []),
        ("A 1×1 × 57 kernel.\n", ["1×1 × 57"]),
        ("## The `cost\nThe layer has 57 weights, a ` mark.\n", ["57"]),
        ("- item `one\n- 57 weights, item two`\n", ["57"]),
        ("| `a | b |\n| --- | --- |\n| c | 57 ` |\n", ["57"]),
        ("The layer has \\`57\\` weights.\n", ["57"]),
        ('![x](a.svg){ width="355" height="518" } and dense_is_1x1.py\n', []),
    ],
)
def test_numbers_markdown_shows_are_seen(tmp_path, monkeypatch, text, found):
    (tmp_path / "pyproject.toml").write_text('[tool.doccheck]\nnames = ["1x1", "1×1"]\n')
    assert unchecked(tmp_path, monkeypatch, text) == found


def test_an_unclosed_fence_hides_nothing(tmp_path, monkeypatch):
    project = site(
        tmp_path, monkeypatch, {"p.md": "```text\nThe layer has 57 weights and $2 + 2 = 5$.\n"}, {}
    )
    page = read_page(tmp_path / "docs" / "p.md", project)
    assert page.problems == [
        "docs/p.md:1: this code fence is never closed; end it with a line of ```"
    ]
    assert [u.message.split(" ")[0] for u in page.unchecked] == ["57"]
    assert page.formula_problems()


def test_front_matter_that_is_not_metadata_is_text(tmp_path, monkeypatch):
    text = "---\nThe intro states 57 weights.\n---\n"
    assert unchecked(tmp_path, monkeypatch, text) == ["57"]


def test_a_claim_must_check_the_code_not_itself(tmp_path, monkeypatch):
    project = site(
        tmp_path,
        monkeypatch,
        {"p.md": "It is 57<!-- s: 57 -->. True.<!-- assert s: 1 == 1 -->\n"},
        {},
    )
    page = read_page(tmp_path / "docs" / "p.md", project)
    assert len(page.problems) == 2 and all(
        "uses nothing the snippet computes" in p for p in page.problems
    )


def test_a_bare_percent_is_a_tex_comment(tmp_path, monkeypatch):
    project = site(tmp_path, monkeypatch, {"p.md": "$$\n\\frac{1}{8} = 12.5% = 0.125\n$$\n"}, {})
    page = read_page(tmp_path / "docs" / "p.md", project)
    assert any("a bare % starts a TeX comment" in p for p in page.problems)


@pytest.mark.parametrize(
    "tex",
    [
        r"224 \cdot 224 \cdot 2500 = 125{,}440{,}000 \approx 120.4\text{M}",
        r"\begin{array}{c} 2 + 2 = 56 \end{array}",
        r"\max(3, 4) = 5",
        r"\log_2 1024 = 11",
        r"\pi \approx 3.15",
        r"0.15 \approx 0.1",
        r"3 \times 40 = 120\text{ million}",
    ],
)
def test_review_formulas_fail(tex):
    assert check_formula(tex), tex


@pytest.mark.parametrize(
    "tex", [r"1 + 2 + \dots + 10 = 55", r"\operatorname{ReLU}(3) = 3", r"2^10 = 1024", r"2{3} = 6"]
)
def test_review_formulas_are_unreadable(tex):
    assert unreadable_sides(tex), tex


def test_a_claim_beside_a_number_does_not_pin_the_side():
    from doccheck.formulas import unchecked_sides

    assert unchecked_sides(r"\claim{s: x}{56} \times 1{,}000") == ["56 \\times 1{,}000"]


def test_a_batch_claim_does_not_match_an_extra_dimension():
    assert not parse_claim("(None, 4, 4, 2)").matches((None, None, 4, 4, 2))
    assert parse_claim("4×4×2").matches((None, 4, 4, 2))
