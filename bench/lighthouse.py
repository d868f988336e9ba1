"""``python -m bench.lighthouse``: Lighthouse's four scores for the heaviest pages.

Builds the site with MkDocs into a scratch folder (or takes ``--site``), serves it on
127.0.0.1 below ``site_url``'s path with gzip, as GitHub Pages does, and runs Lighthouse
(npm, pinned exactly to 12.2.3 in ``bench/lighthouse-npm/``: 13 needs Node 22) with its mobile
preset in Debian's Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``). Prints, per page,
the median over ``--runs`` of performance, accessibility, best practices and SEO (and each
run's performance), the metrics behind performance, and the audits that cost points.
``--against DIR`` measures a second built site in runs that alternate with the first's: on a
shared machine only such a comparison says whether a change helped.

The first run installs Lighthouse with ``npm ci`` (about 110 MB in
``bench/lighthouse-npm/node_modules``). About 20 s per page and run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.scratch import ROOT, copy_site_inputs, site_prefix

NPM_DIR = ROOT / "bench" / "lighthouse-npm"
LIGHTHOUSE = NPM_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves a site below ``prefix``; text files gzipped when the client accepts it."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        """Map ``/onexone/x/`` to ``<site>/x/``; anything outside the prefix does not exist."""
        plain = path.split("?", 1)[0].split("#", 1)[0]
        if not plain.startswith(self.prefix):
            return os.path.join(self.directory, ".outside-the-prefix")
        return super().translate_path("/" + plain[len(self.prefix) :])

    def send_head(self):  # type: ignore[override]
        """Like the base class, but a text file goes out gzipped."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' default
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def serve_gzip(site: Path, prefix: str) -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:PORT{prefix}``; yields that address."""
    handler = type("Handler", (GzipHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse with ``npm ci`` unless it is there."""
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to install Lighthouse (Node 20: apt-get install nodejs npm)")
    print("installing lighthouse 12.2.3 (npm ci in bench/lighthouse-npm) ...", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=NPM_DIR, check=True)


def build_site(dest: Path) -> Path:
    """``mkdocs build`` of a scratch copy of the project; returns the site folder."""
    project = copy_site_inputs(dest / "project")
    site = dest / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    subprocess.run(command, cwd=project, env=env, check=True)
    return site


def heaviest_pages(site: Path, count: int) -> list[str]:
    """The ``count`` pages with the most HTML elements (paths below the site, ``why/``)."""
    sizes = []
    for html in site.rglob("index.html"):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "blog_posts", "search")):
            continue
        text = html.read_text("utf-8", "replace")
        sizes.append((text.count("<"), "" if rel == "." else rel + "/"))
    return [page for _, page in sorted(sizes, reverse=True)[:count]]


def run_lighthouse(url: str, chrome: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset): its JSON report."""
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={flags}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome}, check=True)
    return json.loads(out.read_text("utf-8"))


def losses(report: dict) -> list[str]:
    """The audits that cost points, outside performance metrics: ``category: id (score)``."""
    found = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                if ref["id"] not in METRICS:
                    found.append(f"{name}: {ref['id']} ({audit['score']:.2f})")
    return found


def performance(runs: list[dict]) -> list[int]:
    """Each report's performance score, 0 to 100, in the order of ``runs``."""
    return [round(r["categories"]["performance"]["score"] * 100) for r in runs]


# A first paint this long after the load event (ms) was held back by the compositor; a page
# Chromium paints promptly paints within a few milliseconds of its load, or before it.
HELD_PAINT_MS = 400


def painted_after_load(report: dict) -> bool:
    """Whether Chromium painted first only well after the page had loaded.

    In headless Chromium the compositor sometimes withholds frames from a page for up to a
    second while it loads (GoogleChrome/lighthouse#17148, which reproduces on PageSpeed
    Insights too). The first paint then comes after the load event, 1 or 2 s late, with the
    page's main thread idle, and Lighthouse's simulation counts every request and task before
    that paint into its first and largest paints: the same page scores 10 to 20 points less.
    """
    observed = report["audits"]["metrics"]["details"]["items"][0]
    return observed["observedFirstPaint"] - observed["observedLoad"] > HELD_PAINT_MS


def summary(label: str, runs: list[dict]) -> dict:
    """Print the medians of ``runs`` (Lighthouse reports of one page) under ``label``."""
    scores = {
        c: statistics.median(r["categories"][c]["score"] * 100 for r in runs) for c in CATEGORIES
    }
    metrics = {
        short: statistics.median(r["audits"][m]["numericValue"] for r in runs)
        for m, short in METRICS.items()
    }
    each = sorted(performance(runs))
    late = [r for r in runs if painted_after_load(r)]
    print(f"\n{label}  (median of {len(runs)}, Lighthouse 12.2.3, mobile)")
    print("  " + "  ".join(f"{c} {scores[c]:.0f}" for c in CATEGORIES) + f"  (performance {each})")
    if late:
        prompt = performance([r for r in runs if not painted_after_load(r)])
        print(
            f"  first paint held after the load in {len(late)} of {len(runs)} runs (Chromium "
            f"withheld frames: GoogleChrome/lighthouse#17148); performance in the others: "
            f"{sorted(prompt)}"
        )
    print(
        "  "
        + "  ".join(
            f"{k} {v:.3f}" if k == "CLS" else f"{k} {v / 1000:.2f} s" for k, v in metrics.items()
        )
    )
    for line in sorted(set().union(*(losses(r) for r in runs))):
        print("  loses points:", line)
    return {"scores": scores, "metrics": metrics, "performance": each, "late_paint": len(late)}


def main() -> None:
    """Measure and print; see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__)
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument(
        "--against",
        type=Path,
        help="a second built site (say, an older commit's `mkdocs build -d DIR`): its runs "
        "alternate with the first's, so that the machine's load falls on both alike",
    )
    parser.add_argument("--pages", help="comma list of page paths (default: the heaviest)")
    parser.add_argument("--count", type=int, default=2, help="how many heaviest pages (2)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page, median (3)")
    parser.add_argument("--json", type=Path, help="also write the medians here")
    args = parser.parse_args()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not os.access(chrome, os.X_OK):
        sys.exit(f"no Chromium at {chrome}: apt-get install chromium, or set CHROME_PATH")
    if args.against and not (args.against / "index.html").is_file():
        sys.exit(f"--against {args.against}: no built site there (no index.html)")
    ensure_lighthouse()
    prefix = site_prefix(ROOT / "mkdocs.yml")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp, ExitStack() as stack:
        site = args.site or build_site(Path(tmp))
        sites = {"this": site, **({"against": args.against} if args.against else {})}
        bases = {name: stack.enter_context(serve_gzip(s, prefix)) for name, s in sites.items()}
        pages = args.pages.split(",") if args.pages else heaviest_pages(site, args.count)
        for page in pages:
            runs: dict[str, list[dict]] = {name: [] for name in sites}
            try:
                for n in range(args.runs):
                    for name, base in bases.items():
                        out = Path(tmp) / f"report-{name}-{n}.json"
                        runs[name].append(run_lighthouse(base + page, chrome, out))
            except subprocess.CalledProcessError:
                print(f"\n{prefix}{page}: Lighthouse failed (its message is above)")
                continue
            for name, reports in runs.items():
                label = f"{prefix}{page}" + (f" [{name}: {sites[name]}]" if args.against else "")
                results.setdefault(name, {})[page or "/"] = summary(label, reports)
    if args.json:
        data = results if args.against else results.get("this", {})
        args.json.write_text(json.dumps(data, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
