"""Writing files so that an interrupted run leaves each one either old or new, never half-written.

Recordings, figures, the versions file, the pages' stamp, the stored values and pages that
``fix`` rewrites all go through :func:`write_atomically`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> bool:
    """Replace ``path`` with ``content`` if it differs; True when the file changed.

    The file keeps its permissions (a new one gets the usual ones for this user's umask), not
    the owner-only mode of the temporary file it is written through.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
