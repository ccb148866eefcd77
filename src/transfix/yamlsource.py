"""YAML loading that remembers where every value came from.

Rule, glossary and (later) configuration files are loaded into plain Python
values plus a map from each value's path (a tuple of keys and indices) to its
1-based line and column, so any later check can name ``file:line:column``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from transfix.document import read_regular
from transfix.errors import DataError

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]

#: The largest rule, glossary or configuration file read (the default glossary is 250 KB).
MAX_YAML_BYTES = 16 * 1024 * 1024


@dataclass
class YamlSource:
    """A loaded YAML document: its data and where each part of it stands."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def position(self, key: PathKey) -> tuple[int, int]:
        """Line and column of the value at ``key``, or of its nearest enclosing value."""
        while key not in self.positions and key:
            key = key[:-1]
        return self.positions.get(key, (1, 1))

    def key_position(self, key: PathKey) -> tuple[int, int]:
        """Line and column of the mapping key that introduces the value at ``key``."""
        return self.key_positions.get(key) or self.position(key)

    def where(self, key: PathKey) -> str:
        line, _ = self.position(key)
        return f"{self.path}:{line}"

    def error(self, message: str, key: PathKey = ()) -> DataError:
        line, column = self.position(key)
        return DataError(message, self.path, line, column)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a rule, glossary or configuration file; a failure is a :class:`DataError`.

    Only a regular file is read (never a FIFO or a device, which could block or never end).
    """
    return read_regular(path, MAX_YAML_BYTES, DataError, display_path(path))


def load_yaml(path: str | Path, data: bytes | str | None = None) -> YamlSource:
    """Parse one YAML file; syntax errors and duplicate keys become a :class:`DataError`.

    ``data`` is the file's content when the caller has read it already.
    """
    name = display_path(path)
    if data is None:
        data = read_bytes(path)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise DataError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", name, line) from None
    else:
        text = data
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        cause = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise DataError(f"invalid YAML: {cause}", name) from None
        raise DataError(f"invalid YAML: {cause}", name, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise DataError(f"invalid YAML: {exc}", name) from None
    if node is None:
        return YamlSource(name, None, {(): (1, 1)})
    source = YamlSource(name, None)
    source.data = _construct(node, (), source, name)
    return source


_scalar_loader = _Loader("")


def _construct(node: yaml.Node, key: PathKey, source: YamlSource, name: str) -> Any:
    source.positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for k_node, v_node in node.value:
            k = _scalar_loader.construct_object(k_node, deep=True)
            if not isinstance(k, str | int | float | bool) or k is None:
                raise DataError(
                    "mapping keys must be plain words",
                    name,
                    k_node.start_mark.line + 1,
                    k_node.start_mark.column + 1,
                )
            k = str(k)
            if k in out:
                raise DataError(
                    f"duplicate key {k!r}",
                    name,
                    k_node.start_mark.line + 1,
                    k_node.start_mark.column + 1,
                )
            source.key_positions[(*key, k)] = (
                k_node.start_mark.line + 1,
                k_node.start_mark.column + 1,
            )
            out[k] = _construct(v_node, (*key, k), source, name)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, (*key, i), source, name) for i, v in enumerate(node.value)]
    return _scalar_loader.construct_object(node, deep=True)


def display_path(path: str | Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given."""
    p = Path(path)
    if p.is_absolute():
        try:
            return str(p.relative_to(Path.cwd()))
        except ValueError:
            return str(p)
    return str(p)


def iter_yaml_files(path: str | Path) -> Iterator[Path]:
    """The ``.yaml``/``.yml`` files at ``path`` (a file, or a directory walked in sorted order)."""
    p = Path(path)
    if p.is_dir():
        yield from sorted(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file())
    elif p.exists():
        yield p
    else:
        raise DataError("no such file or directory", p)
