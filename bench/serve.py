"""Latency from saving a prose edit to the rebuilt page under ``mkdocs serve``.

The server runs on a scratch copy of the project. Each edit adds a sentence with a fresh word
to the largest page; the served page is fetched over HTTP until the word appears. Edits start
at random moments, since MkDocs polls for changes every half second. The server runs under
``-X importtime``, and its memory map is read too, to show that it never loads TensorFlow.
"""

from __future__ import annotations

import random
import re
import signal
import string
import tempfile
import time
from pathlib import Path

from bench.scratch import copy_site_inputs, site_prefix
from bench.stats import ENV, Sample
from doccheck.serving import mkdocs_serve, until

HEAVY = re.compile(r"^import time:.*\|\s+(tensorflow|keras|tf_keras|jax|torch)\b", re.M)
# The plugin's entry in mkdocs.yml's list, with its indentation.
PLUGIN = re.compile(r"^([ \t]*)- doccheck[ \t]*$", re.M)


def measure_serve(
    latencies: Sample, edits: int, options: tuple[str, ...] = (), preview: bool = False
) -> list[str]:
    """Add ``edits`` latencies to ``latencies``; returns the heavy modules the server loaded.

    ``preview`` keeps the doccheck plugin's preview on, as ``mkdocs serve`` has it; without it
    the copy's mkdocs.yml turns it off (``preview: false``), the plain server.
    """
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        root = copy_site_inputs(Path(tmp) / "project")
        config = root / "mkdocs.yml"
        if not preview:
            plain = PLUGIN.sub(r"\1- doccheck:\n\1    preview: false", config.read_text("utf-8"))
            config.write_text(plain, "utf-8")
        page = max((root / "docs").rglob("*.md"), key=lambda p: p.stat().st_size)
        stem = page.relative_to(root / "docs").with_suffix("").as_posix()
        path = "" if stem == "index" else stem.removesuffix("/index") + "/"
        log = Path(tmp) / "serve.log"
        serving = mkdocs_serve(root, log, options, ("-X", "importtime"), ENV, signal.SIGINT)
        with serving as (address, server):
            url = f"{address.rstrip('/')}{site_prefix(config)}{path}"
            until(url, lambda page: "</html>" in page, "was served", timeout=120)
            original = page.read_text("utf-8")
            for _ in range(edits):
                time.sleep(random.uniform(0.3, 0.9))
                word = "benchedit" + "".join(random.choices(string.ascii_lowercase, k=10))
                page.write_text(original + f"\n\nA sentence that ends in {word}.\n", "utf-8")
                latencies.add(
                    until(url, lambda shown, word=word: word in shown, f"showed {word}")[1]
                )
            maps = Path(f"/proc/{server.pid}/maps")
            mapped = "tensorflow" in maps.read_text() if maps.exists() else False
        heavy = sorted({m.group(1) for m in HEAVY.finditer(log.read_text("utf-8", "replace"))})
        return heavy + (["tensorflow (mapped)"] if mapped and not heavy else [])
