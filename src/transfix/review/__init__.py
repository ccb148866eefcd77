"""Reviewing what transfix proposes: one suggestion at a time in a terminal
(:mod:`~transfix.review.interactive`), on a self-contained HTML page
(:mod:`~transfix.review.html`), and a baseline of known problems for sites with a
backlog (:mod:`~transfix.review.baseline`).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from transfix.document import write_atomic


def write_file(path: str | Path, data: bytes) -> None:
    """``write_atomic``, and a file that did not exist gets the usual permissions (the
    umask's), not the temporary file's private 0600: a review page is meant to be shared."""
    existed = os.path.lexists(path)
    write_atomic(path, data)
    if not existed:
        mask = os.umask(0)
        os.umask(mask)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o666 & ~mask)
