"""The text model's outside: a document is its text plus how it was stored.

Reading keeps everything needed to write the file back byte-for-byte outside
the edited spans: the encoding, whether there was a byte-order mark, and the
line endings, which stay inside ``text`` untouched (no newline translation).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from transfix.errors import InputError

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


def read_document(path: str | Path) -> Document:
    """Read one file; every failure is an :class:`InputError` naming the file."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory, expected a file", p)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", p) from None
    except PermissionError:
        raise InputError("permission denied", p) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", p) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), p) from None
    return decode(data, str(path))


def read_stdin() -> Document:
    return decode(sys.stdin.buffer.read(), None)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half.

    The bytes go to a temporary file in the same directory, which is flushed to
    disk and renamed over the target. A symlink is followed, so the link stays a
    link; the file's permission bits are kept.
    """
    target = Path(path)
    with contextlib.suppress(OSError):
        target = target.resolve(strict=True)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path) from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".transfix-tmp", dir=target.parent
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
