"""YAML loading that remembers where every value came from.

Rule, glossary and (later) configuration files are loaded into plain Python
values plus a map from each value's path (a tuple of keys and indices) to its
1-based line and column, so any later check can name ``file:line:column``.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transfix.document import read_regular
from transfix.errors import DataError

if TYPE_CHECKING:
    import yaml


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """libyaml's loader where PyYAML has it (yaml is imported on first use: a run whose
    rules and configuration come from the cache reads no YAML at all)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _scalars() -> yaml.SafeLoader:
    return _loader()("")


PathKey = tuple[str | int, ...]

#: The largest rule, glossary or configuration file read (the default glossary is 250 KB).
MAX_YAML_BYTES = 16 * 1024 * 1024
#: The deepest nesting of lists and mappings accepted (the shipped files reach 7).
MAX_YAML_DEPTH = 32


@dataclass
class YamlSource:
    """A loaded YAML document: its data and where each part of it stands."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    #: what rule kinds derived from the data, shared by the rules that read the same file
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "derived": {}}

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
    import yaml

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
    # One parse where it is safe: with no "*" there is no alias, and libyaml refuses nesting
    # past 1000 levels itself, so the depth bound is checked while building. Otherwise (or
    # when the parse fails: a deep nesting's own error comes first) the event stream is read
    # first, as check_structure says.
    single = "*" not in text and getattr(yaml, "__with_libyaml__", False)
    try:
        if not single:
            check_structure(text, name)
        node = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as exc:
        if single:
            with contextlib.suppress(yaml.YAMLError):
                check_structure(text, name)
        raise _syntax_error(exc, name) from None
    if node is None:
        return YamlSource(name, None, {(): (1, 1)})
    source = YamlSource(name, None)
    source.data = _construct(node, (), source, name)
    return source


def _syntax_error(exc: yaml.YAMLError, name: str) -> DataError:
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        cause = exc.problem or exc.context or "invalid YAML"
        if mark is not None:
            return DataError(f"invalid YAML: {cause}", name, mark.line + 1, mark.column + 1)
        return DataError(f"invalid YAML: {cause}", name)
    return DataError(f"invalid YAML: {exc}", name)


def check_structure(text: str, name: str, aliases: bool = False) -> None:
    """Refuse YAML aliases (unless ``aliases``) and deep nesting, before anything is built.

    A chain of anchors and aliases (``&a [*a, *a, ...]``, each level repeating the
    one before) is a few hundred bytes that expand to gigabytes, and an alias of a
    collection inside itself never ends. Transfix files gain nothing from aliases:
    every value is written out, and an error points at the line where it stands.
    So they are refused outright, at the alias, from the parser's event stream,
    which is read in constant memory and never expands anything.
    """
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=_loader()):
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        if isinstance(event, yaml.AliasEvent) and not aliases:
            raise DataError(
                f"YAML alias *{event.anchor} is not allowed: write the value out "
                "(aliases can expand without bound)",
                name,
                line,
                column,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise DataError(
                    f"nested more than {MAX_YAML_DEPTH} levels deep", name, line, column
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def top_level_scalars(text: str, name: str = "<yaml>") -> dict[str, Any]:
    """The scalar values of a YAML mapping's top-level keys, without building anything else.

    For YAML written for other tools (Markdown front matter): aliases are
    allowed but never expanded, since only top-level scalars are constructed.
    Raises :class:`DataError` for invalid or too deeply nested YAML.
    """
    import yaml

    try:
        check_structure(text, name, aliases=True)
        node = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, name) from None
    out: dict[str, Any] = {}
    if isinstance(node, yaml.MappingNode):
        for k_node, v_node in node.value:
            if isinstance(k_node, yaml.ScalarNode) and isinstance(v_node, yaml.ScalarNode):
                key = _scalars().construct_object(k_node)
                if isinstance(key, str):
                    out[key] = _scalars().construct_object(v_node)
    return out


def _construct(node: yaml.Node, key: PathKey, source: YamlSource, name: str, depth: int = 0) -> Any:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    source.positions[key] = (line, column)
    kind = getattr(node, "id", "")  # "mapping", "sequence" or "scalar"
    if kind != "scalar":
        depth += 1
        if depth > MAX_YAML_DEPTH:
            raise DataError(f"nested more than {MAX_YAML_DEPTH} levels deep", name, line, column)
    if kind == "mapping":
        out: dict[str, Any] = {}
        for k_node, v_node in node.value:
            k = _scalar(k_node)
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
            out[k] = _construct(v_node, (*key, k), source, name, depth)
        return out
    if kind == "sequence":
        return [_construct(v, (*key, i), source, name, depth) for i, v in enumerate(node.value)]
    return _scalar(node)


_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node) -> Any:
    """A scalar node's value: a string's is the node's own text (what the constructor would
    return, without its bookkeeping)."""
    if node.tag == _STR_TAG:
        return node.value
    return _scalars().construct_object(node, deep=True)


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
