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
import socket
import string
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.scratch import copy_site_inputs, site_prefix
from bench.stats import ENV, PYTHON, Sample

HEAVY = re.compile(r"^import time:.*\|\s+(tensorflow|keras|tf_keras|jax|torch)\b", re.M)
# The plugin's entry in mkdocs.yml's list, with its indentation.
PLUGIN = re.compile(r"^([ \t]*)- doccheck[ \t]*$", re.M)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at ``url`` contains ``text``; polls every 10 ms."""
    start = time.perf_counter()
    while text not in _fetch(url):
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{url} did not show {text!r} within {timeout:g} s")
        time.sleep(0.01)
    return time.perf_counter() - start


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
        port = _free_port()
        url = f"http://127.0.0.1:{port}{site_prefix(config)}{path}"
        log = (Path(tmp) / "serve.log").open("w+")
        command = [PYTHON, "-X", "importtime", "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
        server = subprocess.Popen([*command, *options], cwd=root, env=ENV, stdout=log, stderr=log)
        try:
            _wait_for(url, "</html>", timeout=120)
            original = page.read_text("utf-8")
            for _ in range(edits):
                time.sleep(random.uniform(0.3, 0.9))
                word = "benchedit" + "".join(random.choices(string.ascii_lowercase, k=10))
                page.write_text(original + f"\n\nA sentence that ends in {word}.\n", "utf-8")
                latencies.add(_wait_for(url, word, timeout=60))
            maps = Path(f"/proc/{server.pid}/maps")
            mapped = "tensorflow" in maps.read_text() if maps.exists() else False
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.seek(0)
        heavy = sorted({m.group(1) for m in HEAVY.finditer(log.read())})
        log.close()
        return heavy + (["tensorflow (mapped)"] if mapped and not heavy else [])
