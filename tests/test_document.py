"""Reading and writing documents: nothing lost, nothing half-written."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from transfix.document import Document, decode, read_document, write_atomic
from transfix.errors import InputError


@pytest.mark.parametrize(
    "data",
    [
        b"plain\nlf\n",
        b"crlf\r\nlines\r\n",
        b"no final newline",
        b"mixed\r\nendings\nand\rcr",
        codecs.BOM_UTF8 + "bom and 中文\r\n".encode(),
        codecs.BOM_UTF16_LE + "utf-16 le\r\n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "utf-16 be\n".encode("utf-16-be"),
        b"",
    ],
)
def test_decode_encode_round_trip_is_byte_identical(data: bytes) -> None:
    assert decode(data).encode() == data


def test_metadata() -> None:
    doc = decode(codecs.BOM_UTF8 + b"a\r\nb\r\n", "x.txt")
    assert (doc.encoding, doc.bom, doc.newline, doc.path) == ("utf-8", True, "\r\n", "x.txt")
    assert decode(b"a\nb\r\n").newline == "mixed"
    assert decode(b"one line").newline == ""


def test_binary_file_is_refused() -> None:
    with pytest.raises(InputError, match=r"x\.bin: binary file \(NUL byte at offset 3\)"):
        decode(b"PK\x03\x00\x04", "x.bin")


def test_non_utf8_names_line_and_column() -> None:
    with pytest.raises(InputError) as info:
        decode("first\nsecond caf\u00e9".encode("latin-1"), "old.txt")
    assert str(info.value).startswith("old.txt:2:11: not valid UTF-8 (byte 0xe9)")


def test_read_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory, expected a file"):
        read_document(tmp_path)


def test_write_atomic_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert (target.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_write_atomic_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_failed_write_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")

    def refuse(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match=r"a\.txt: cannot write: No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_with_text_keeps_storage_facts() -> None:
    doc = Document("a", "p", "utf-16-le", True)
    assert doc.with_text("b") == Document("b", "p", "utf-16-le", True)
