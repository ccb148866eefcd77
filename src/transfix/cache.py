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

Each entry starts with a header line (format version, kind, key, and the
SHA-256 of the pickle that follows); an entry whose header does not match,
whose pickle is truncated or corrupt, or whose value is not of the expected
type is rebuilt and overwritten, never used.
"""

from __future__ import annotations

import contextlib
import functools
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
from transfix.document import read_regular

T = TypeVar("T")
MAX_AGE_DAYS = 30
FORMAT = b"transfix-cache 1"
MAX_ENTRY_BYTES = 512 * 1024 * 1024


def cache_dir() -> Path | None:
    if os.environ.get("TRANSFIX_NO_CACHE"):
        return None
    if explicit := os.environ.get("TRANSFIX_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "transfix"


@functools.cache
def _code_fingerprint() -> bytes:
    """transfix's version, Python's, and the size and time of each module (once per process:
    the configuration and the rule set both key on it)."""
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


def _header(kind: str, key: str, payload: bytes) -> bytes:
    digest = hashlib.sha256(payload).hexdigest()
    return b"%s %s %s %s\n" % (FORMAT, kind.encode(), key.encode(), digest.encode())


def _load(path: Path, kind: str, key: str, expect: type[T]) -> T | None:
    """The value stored at ``path``, or ``None`` unless every check passes."""
    try:
        data = read_regular(path, MAX_ENTRY_BYTES)  # a regular file only: never a FIFO
        header, _, payload = data.partition(b"\n")
        if header + b"\n" != _header(kind, key, payload):
            return None
        value = pickle.loads(payload)
    except Exception:  # missing, unreadable, truncated, corrupt, from another version
        return None
    return value if isinstance(value, expect) else None


def cached(kind: str, key: str, build: Callable[[], T], expect: type[T]) -> T:
    """Return the ``expect`` object cached under ``key``, or build, store and return it."""
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / f"{kind}-{key}.pickle"
    memo = _MEMO.get(kind, {}).get(str(path))
    if memo is not None and memo[0] == _stamp(path) and isinstance(memo[1], expect):
        return memo[1]  # loaded before in this process, and the entry has not changed since
    value = _load(path, kind, key, expect)
    if value is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: not pruned
        _remember(kind, path, value)
        return value
    value = build()
    with contextlib.suppress(Exception):
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_header(kind, key, payload))
                fh.write(payload)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _prune(directory, kind, keep=path)
    _remember(kind, path, value)
    return value


# The last few values of each kind loaded in this process, with the stamp of their entry: a
# program that calls ``fix_text`` per article (or builds a Processor per document) unpickles
# once.
_MEMO: dict[str, dict[str, tuple[tuple[int, int, int] | None, object]]] = {}
_MEMO_SIZE = 2


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _remember(kind: str, path: Path, value: object) -> None:
    stamp = _stamp(path)
    if stamp is None:
        return  # not written (an unwritable cache): build again next time, as before
    memo = _MEMO.setdefault(kind, {})
    memo.pop(str(path), None)
    memo[str(path)] = (stamp, value)
    while len(memo) > _MEMO_SIZE:
        del memo[next(iter(memo))]


def _prune(directory: Path, kind: str, keep: Path) -> None:
    cutoff = time.time() - MAX_AGE_DAYS * 86400
    for old in directory.glob(f"{kind}-*.pickle"):
        with contextlib.suppress(OSError):
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()
