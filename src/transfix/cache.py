"""A cache of compiled rule sets, keyed by content, so start-up stays short.

Parsing, validating and compiling every rule and glossary file costs more as
the glossary grows; a pre-commit hook runs transfix again and again on the
same files. The compiled :class:`~transfix.ruleset.RuleSet` is pickled under a
key made of the content of every rule and glossary file, the transfix version,
the size and modification time of its own modules and the Python version, so
any change to the data or the code builds afresh.

Location: ``$TRANSFIX_CACHE_DIR``, else ``$XDG_CACHE_HOME/transfix``, else
``~/.cache/transfix``. ``TRANSFIX_NO_CACHE=1`` turns it off. A cache that
cannot be read or written is ignored: it never turns into an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from transfix import __version__

T = TypeVar("T")
MAX_AGE_DAYS = 30


def cache_dir() -> Path | None:
    if os.environ.get("TRANSFIX_NO_CACHE"):
        return None
    if explicit := os.environ.get("TRANSFIX_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "transfix"


def _code_fingerprint() -> bytes:
    pkg = Path(__file__).resolve().parent
    parts = [__version__, sys.version]
    for path in sorted(pkg.rglob("*.py")):
        with contextlib.suppress(OSError):
            st = path.stat()
            parts.append(f"{path.relative_to(pkg)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


def content_key(named_blobs: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(_code_fingerprint())
    for name, blob in named_blobs:
        digest.update(b"\0" + name.encode() + b"\0" + len(blob).to_bytes(8, "big") + blob)
    return digest.hexdigest()


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """Return the object cached under ``key``, or build, store and return it."""
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / f"{kind}-{key}.pickle"
    with contextlib.suppress(Exception):
        with path.open("rb") as fh:
            value: T = pickle.load(fh)
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: not pruned
        return value
    value = build()
    with contextlib.suppress(Exception):
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _prune(directory, kind, keep=path)
    return value


def _prune(directory: Path, kind: str, keep: Path) -> None:
    cutoff = time.time() - MAX_AGE_DAYS * 86400
    for old in directory.glob(f"{kind}-*.pickle"):
        with contextlib.suppress(OSError):
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()
