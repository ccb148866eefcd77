"""The text model's outside: a document is its text plus how it was stored.

Reading keeps everything needed to write the file back byte-for-byte outside
the edited spans: the encoding, whether there was a byte-order mark, and the
line endings, which stay inside ``text`` untouched (no newline translation).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from transfix.errors import InputError, TransfixError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Document:
    """A text document and the facts needed to store it again unchanged."""

    text: str
    path: str | None = None
    encoding: str = "utf-8"
    bom: bool = False

    @property
    def newline(self) -> str:
        """The line-ending style: ``"\\n"``, ``"\\r\\n"``, ``"\\r"``, ``"mixed"`` or ``""``."""
        crlf = self.text.count("\r\n")
        lf = self.text.count("\n") - crlf
        cr = self.text.count("\r") - crlf
        styles = [s for s, n in (("\r\n", crlf), ("\n", lf), ("\r", cr)) if n]
        if not styles:
            return ""
        return styles[0] if len(styles) == 1 else "mixed"

    @property
    def display_name(self) -> str:
        return self.path if self.path is not None else "<stdin>"

    def with_text(self, text: str) -> Document:
        return replace(self, text=text)

    def encode(self) -> bytes:
        bom = next(b for b, enc in _BOMS if enc == self.encoding) if self.bom else b""
        return bom + self.text.encode(self.encoding)


def decode(data: bytes, path: str | None = None) -> Document:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); refuse binary and other encodings."""
    encoding, bom, body = "utf-8", False, data
    for mark, enc in _BOMS:
        if data.startswith(mark):
            encoding, bom, body = enc, True, data[len(mark) :]
            break
    name = path or "<stdin>"
    if encoding == "utf-8":
        nul = body.find(b"\x00")
        if nul >= 0:
            raise InputError(f"binary file (NUL byte at offset {nul}); transfix reads text", name)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        column = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = body[exc.start : exc.start + 1].hex()
        raise InputError(
            f"not valid {encoding.upper()} (byte 0x{bad}); "
            "transfix reads UTF-8, or UTF-16 with a byte-order mark",
            name,
            line,
            column,
        ) from None
    return Document(text=text, path=path, encoding=encoding, bom=bom)


#: Files larger than this are refused unless configured otherwise (``max_file_size``).
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2}
_UNITS |= {"mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.I)


def parse_size(value: str | int) -> int:
    """``"64MB"``, ``"500 KB"``, ``"1.5GB"`` or a number of bytes; KB, MB, GB count by 1024.

    Raises :class:`ValueError` for anything else.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a size")
    if isinstance(value, int):
        n = value
    else:
        m = _SIZE.fullmatch(value)
        if m is None or m.group(2).lower() not in _UNITS:
            raise ValueError(f"{value!r} is not a size like 64MB, 500KB or 1000000")
        n = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    if n < 1:
        raise ValueError(f"{value!r}: a size limit must be at least 1 byte")
    return n


def format_size(n: int) -> str:
    """``64 MB``, ``500 KB``, ``70.3 MB``, ``12 bytes``."""
    for name, unit in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= unit:
            return f"{n // unit} {name}" if n % unit == 0 else f"{n / unit:.1f} {name}"
    return "1 byte" if n == 1 else f"{n} bytes"


def file_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO", "a character device", ...); ``None`` if regular."""
    if stat.S_ISREG(mode):
        return None
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a file"


def _too_large(size: int, limit: int) -> str:
    return (
        f"file too large ({format_size(size)}; the limit is {format_size(limit)}, "
        "set with --max-file-size or max_file_size in transfix.yaml)"
    )


def read_regular(
    path: str | Path,
    limit: int = DEFAULT_MAX_FILE_SIZE,
    error: type[TransfixError] = InputError,
    name: str | None = None,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Anything else (a FIFO, a device, a socket, a directory) is refused without
    being opened for reading in a way that could block: the file is stat'ed
    first, opened with ``O_NONBLOCK``, and its descriptor stat'ed again, which
    closes the race of a file replaced in between. A file larger than ``limit``
    is refused without being read whole. Every failure is ``error`` naming the file.
    """
    name = name if name is not None else str(path)

    def refuse(mode: int, size: int) -> None:
        kind = file_kind(mode)
        if kind == "a directory":
            raise error("is a directory, expected a file", name)
        if kind is not None:
            raise error(f"not a regular file ({kind})", name)
        if size > limit:
            raise error(_too_large(size, limit), name)

    try:
        st = os.stat(path)
        refuse(st.st_mode, st.st_size)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            refuse(st.st_mode, st.st_size)
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise error("no such file", name) from None
    except PermissionError:
        raise error("permission denied", name) from None
    except IsADirectoryError:
        raise error("is a directory, expected a file", name) from None
    except OSError as exc:
        raise error(exc.strerror or str(exc), name) from None
    if len(data) > limit:  # it grew after the stat
        raise error(_too_large(len(data), limit), name)
    return data


def read_document(path: str | Path, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Read one regular file; every failure is an :class:`InputError` naming the file."""
    return decode(read_regular(path, max_size), str(path))


def read_stdin(max_size: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Standard input, up to ``max_size`` bytes; closed, or more, is an :class:`InputError`."""
    if sys.stdin is None:  # started with standard input closed (<&-)
        raise InputError("standard input is closed", "<stdin>")
    try:
        data = sys.stdin.buffer.read(max_size + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", "<stdin>") from None
    if len(data) > max_size:
        raise InputError(
            f"input too large (over {format_size(max_size)}; "
            "set the limit with --max-file-size or max_file_size in transfix.yaml)",
            "<stdin>",
        )
    return decode(data, None)


def write_atomic(path: str | Path, data: bytes, force: bool = False) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half.

    The bytes go to a temporary file in the same directory, which is flushed to
    disk and renamed over the target. A symlink is followed, so the link stays a
    link. The file keeps its owner and group (where the system allows it: as
    root, or a group of one's own), its permission bits and its extended
    attributes (those the platform lets us copy). A read-only file (no write
    permission for its owner) is refused unless ``force``, as editors do.
    """
    target = Path(path)
    with contextlib.suppress(OSError):
        target = target.resolve(strict=True)
    st: os.stat_result | None
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path) from None
    if st is not None:
        kind = file_kind(st.st_mode)
        if kind is not None:  # never replace a FIFO or a device with a regular file
            raise InputError(f"not a regular file ({kind}); transfix writes regular files", path)
        if not st.st_mode & stat.S_IWUSR and not force:
            raise InputError(
                f"read-only file (mode {stat.S_IMODE(st.st_mode):04o}); "
                "use --force to fix it anyway",
                path,
            )
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".transfix-tmp", dir=target.parent
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            _copy_owner(tmp_name, st)
            _copy_xattrs(target, tmp_name)
            os.chmod(tmp_name, stat.S_IMODE(st.st_mode))  # after chown, which clears set-id bits
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _copy_owner(tmp: str, st: os.stat_result) -> None:
    """Give ``tmp`` the owner and group of ``st`` where allowed (else keep what is possible)."""
    if not hasattr(os, "chown"):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, st.st_gid)  # not root: at least a group we belong to


def _copy_xattrs(source: Path, tmp: str) -> None:
    """Copy the extended attributes (user.*, security.*, ...) the platform lets us copy."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:  # ENOTSUP: the file system has none
        return
    for name in names:
        with contextlib.suppress(OSError):  # ENOTSUP, EPERM (trusted.* without privilege)
            os.setxattr(tmp, name, os.getxattr(source, name))
