"""Project configuration: ``transfix.yaml`` or ``[tool.transfix]`` in ``pyproject.toml``.

For each file, the nearest configuration found by walking up from the file's
directory applies (``transfix.yaml`` or ``.transfix.yaml`` before
``pyproject.toml`` in the same directory); options given on the command line
override it. Paths in a configuration are relative to its file. An invalid
configuration is one error line naming file:line, and exit code 2.

Keys::

    rules: [extra/rules/]          # more rule files or directories
    glossary: [house-terms.yaml]   # more glossary files or directories
    enable: [terms, names]         # only these rules (default: all)
    disable: [dates, terms/county-head]   # rules, or single glossary entries
    safe: [terms/investment-promotion]    # apply these suggestions in `fix` too
    unsafe: [names/run-together]          # only suggest these fixes
    severity: {names: error}       # re-level a rule (error, warning, info)
    style: xinhua                  # house style
    place: Zizhou County           # the document's place
    source: "{stem}.zh{suffix}"    # each file's Chinese source (a.en.txt -> a.zh.txt)
    date: "2022-07-19"             # the document's date
    include: ["*.txt", "*.md"]     # files taken when a directory is walked
    exclude: ["drafts/**"]
    per_path: {"archive/**": {disable: [dates]}}
    fail_on: fixable               # check's exit threshold
    max_file_size: 64MB            # larger files are refused (KB, MB, GB count by 1024)
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from transfix.cache import cached, content_key
from transfix.document import DEFAULT_MAX_FILE_SIZE, parse_size
from transfix.edits import Severity
from transfix.errors import DataError
from transfix.schema import validate
from transfix.yamlsource import YamlSource, display_path, load_yaml, read_bytes

CONFIG_NAMES = ("transfix.yaml", ".transfix.yaml")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
FAIL_ON = ("fixable", "suggestion", "error", "warning", "info", "never")

_IDS: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}
_DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
_SELECTION = {
    "enable": _IDS,
    "disable": _IDS,
    # per-project safety, as ruff's extend-safe-fixes / extend-unsafe-fixes
    "safe": _IDS,
    "unsafe": _IDS,
    "severity": {
        "type": "object",
        "additionalProperties": {"enum": [s.value for s in Severity]},
    },
}
CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "rules": _IDS,
        "glossary": _IDS,
        **_SELECTION,
        "style": {"type": "string"},
        "place": {"type": "string"},
        # the Chinese source of each file, by name: "{stem}.zh{suffix}"
        "source": {"type": "string", "minLength": 1},
        "date": {"type": "string", "pattern": _DATE_RE},
        "include": _IDS,
        "exclude": _IDS,
        "per_path": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": _SELECTION,
                "additionalProperties": False,
            },
        },
        "fail_on": {"enum": list(FAIL_ON)},
        "max_file_size": {"type": ["integer", "string"]},
    },
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Selection:
    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    #: rule or entry ids whose edits are applied by `fix` (safe) / only suggested (unsafe)
    safe: tuple[str, ...] = ()
    unsafe: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdRef:
    """A rule id written in a configuration (enable, disable, severity, per_path), and where."""

    id: str
    key: str  # "disable", "per_path 'archive/**': enable", ...
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Settings:
    """The effective configuration for one file."""

    source: str | None = None  # the configuration file, if any
    root: str | None = None  # its directory: per_path and exclude globs are relative to it
    rules: tuple[str, ...] = ()
    glossary: tuple[str, ...] = ()
    selection: Selection = field(default_factory=Selection)
    style: str | None = None
    place: str | None = None
    date: dt.date | None = None
    #: the Chinese source's file name, from the English file's: "{stem}.zh{suffix}"
    source_pattern: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    per_path: tuple[tuple[str, Selection], ...] = ()
    fail_on: str = "fixable"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: Every rule id the configuration names, for :func:`check_rule_ids`.
    id_refs: tuple[IdRef, ...] = field(default=(), compare=False)
    #: The keys the configuration file sets, with their lines.
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def for_file(self, path: str | Path) -> Selection:
        """The rule selection for ``path``, with matching per_path entries merged in."""
        sel = self.selection
        rel = _relative(path, self.root)
        for pattern, extra in self.per_path:
            if _glob(rel, pattern):
                sel = Selection(
                    enable=extra.enable if extra.enable is not None else sel.enable,
                    disable=(*sel.disable, *extra.disable),
                    severity=(*sel.severity, *extra.severity),
                    safe=(*sel.safe, *extra.safe),
                    unsafe=(*sel.unsafe, *extra.unsafe),
                )
        return sel

    def source_for(self, path: str | Path) -> Path | None:
        """The Chinese source of ``path`` by the ``source:`` pattern (it may not exist)."""
        if not self.source_pattern:
            return None
        return source_path(Path(path), self.source_pattern)

    def excluded(self, path: str | Path) -> bool:
        rel = _relative(path, self.root)
        return any(_glob(rel, pattern) for pattern in self.exclude)

    def included(self, path: str | Path) -> bool:
        return any(fnmatch.fnmatch(Path(path).name, p) for p in self.include) and not (
            self.excluded(path)
        )

    def describe(
        self, overrides: Overrides, metadata: Mapping[str, Any], document: str | None
    ) -> dict[str, Any]:
        """What applies to ``document``, and a ``sources`` mapping saying where each value
        comes from: the command line, the configuration file (file:line), the document's
        front matter (``metadata``; date and place, as checking reads them), or the default.
        """
        data = self.as_dict()
        lines = dict(self.key_lines)
        flags = {
            "rules": "--rules",
            "glossary": "--glossary",
            "style": "--style",
            "place": "--place",
            "date": "--date",
            "fail_on": "--fail-on",
            "max_file_size": "--max-file-size",
        }
        sources: dict[str, str] = {}
        for key in [k for k in data if k != "config"]:
            found = []
            if key in lines:
                found.append(f"{self.source}:{lines[key]}")
            if key in flags and getattr(overrides, key) not in (None, ()):
                if key not in ("rules", "glossary"):
                    found = []  # the command line wins
                found.append(f"command line ({flags[key]})")
            if not found and key in ("place", "date") and metadata.get(key) is not None:
                value = metadata[key]
                data[key] = value.isoformat() if isinstance(value, dt.date) else value
                found.append(f"front matter of {document}")
            sources[key] = " + ".join(found) if found else "default"
        data["sources"] = sources
        return data

    def as_dict(self) -> dict[str, Any]:
        """A plain view of the settings, for ``transfix config``."""

        def sel(s: Selection) -> dict[str, Any]:
            return {
                "enable": list(s.enable) if s.enable is not None else None,
                "disable": list(s.disable),
                "severity": dict(s.severity),
                "safe": list(s.safe),
                "unsafe": list(s.unsafe),
            }

        return {
            "config": self.source,
            "rules": list(self.rules),
            "glossary": list(self.glossary),
            **sel(self.selection),
            "style": self.style,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source_pattern,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "per_path": {p: sel(s) for p, s in self.per_path},
            "fail_on": self.fail_on,
            "max_file_size": self.max_file_size,
        }


_LANG_TAG = re.compile(r"\.(?:en|eng|english)$", re.IGNORECASE)


def source_path(path: Path, pattern: str) -> Path:
    """``a.en.txt`` with ``{stem}.zh{suffix}`` -> ``a.zh.txt`` (beside it).

    ``{name}``: the file name; ``{suffix}``: its last suffix; ``{stem}``: the name without
    that suffix and without a language tag (.en); ``{dir}`` is implied (the same directory).
    """
    suffix = path.suffix
    stem = _LANG_TAG.sub("", path.name[: len(path.name) - len(suffix)] if suffix else path.name)
    name = pattern.format(name=path.name, suffix=suffix, stem=stem)
    return path.parent / name


def _relative(path: str | Path, root: str | None) -> str:
    p = Path(path).resolve()
    if root is not None:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            pass
    return p.as_posix()


def _glob(rel: str, pattern: str) -> bool:
    """gitignore-like: a pattern without a slash matches any path component."""
    if "/" not in pattern.rstrip("/"):
        return any(fnmatch.fnmatch(part, pattern.rstrip("/")) for part in rel.split("/"))
    pattern = pattern.lstrip("/")
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.rstrip("/") + "/*")


# ----------------------------------------------------------------------------- loading


def _selection(raw: dict[str, Any]) -> Selection:
    return Selection(
        enable=tuple(raw["enable"]) if "enable" in raw else None,
        disable=tuple(raw.get("disable", ())),
        severity=tuple(raw.get("severity", {}).items()),
        safe=tuple(raw.get("safe", ())),
        unsafe=tuple(raw.get("unsafe", ())),
    )


def _id_refs(source: YamlSource) -> tuple[IdRef, ...]:
    refs: list[IdRef] = []

    def add(raw: dict[str, Any], base: tuple[str, ...], label: str) -> None:
        for key in ("enable", "disable", "safe", "unsafe"):
            for i, rule_id in enumerate(raw.get(key, ())):
                refs.append(IdRef(rule_id, label + key, *source.position((*base, key, i))))
        for rule_id in raw.get("severity", {}):
            refs.append(
                IdRef(
                    rule_id, label + "severity", *source.key_position((*base, "severity", rule_id))
                )
            )

    add(source.data, (), "")
    for pattern, raw in source.data.get("per_path", {}).items():
        add(raw, ("per_path", pattern), f"per_path {pattern!r}: ")
    return tuple(refs)


def check_rule_ids(settings: Settings, known: Mapping[str, Iterable[str]]) -> None:
    """Refuse a rule id or sub-id in the configuration that no loaded rule has.

    ``known`` maps each rule id to its sub-ids. The error names the file, line
    and column, and the closest known id ("did you mean ...").
    """
    subs = {rule: set(ids) for rule, ids in known.items()}
    for ref in settings.id_refs:
        rule, _, sub = ref.id.partition("/")
        if rule in subs and (not sub or sub in subs[rule]):
            continue
        if rule in subs:
            candidates = [f"{rule}/{s}" for s in sorted(subs[rule])]
        else:
            candidates = sorted({*subs, *(f"{r}/{s}" for r, ss in subs.items() for s in ss)})
        close = difflib.get_close_matches(ref.id, candidates, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else " (transfix rules list shows them all)"
        what = f"{rule} has no {sub!r}" if rule in subs else "no such rule"
        raise DataError(
            f"unknown rule {ref.id!r} in {ref.key}: {what}{hint}",
            settings.source,
            ref.line,
            ref.column,
        )


def _from_mapping(
    raw: dict[str, Any], source: str, root: Path, refs: tuple[IdRef, ...] = ()
) -> Settings:
    def paths(key: str) -> tuple[str, ...]:
        return tuple(str((root / p).resolve()) for p in raw.get(key, ()))

    return Settings(
        source=source,
        root=str(root.resolve()),
        rules=paths("rules"),
        glossary=paths("glossary"),
        selection=_selection(raw),
        style=raw.get("style"),
        place=raw.get("place"),
        date=dt.date.fromisoformat(raw["date"]) if "date" in raw else None,
        source_pattern=raw.get("source"),
        include=tuple(raw.get("include", DEFAULT_INCLUDE)),
        exclude=tuple(raw.get("exclude", ())),
        per_path=tuple((k, _selection(v)) for k, v in raw.get("per_path", {}).items()),
        fail_on=raw.get("fail_on", "fixable"),
        max_file_size=parse_size(raw.get("max_file_size", DEFAULT_MAX_FILE_SIZE)),
        id_refs=refs,
    )


def load_config_file(path: str | Path) -> Settings:
    """Load one configuration file (YAML, or a pyproject.toml's [tool.transfix] table)."""
    p = Path(path)
    name = display_path(p)
    if p.name == "pyproject.toml":
        raw = _pyproject_table(p)
        if raw is None:
            raise DataError("no [tool.transfix] table", name)
        source = _toml_as_source(p, raw)
    else:
        source = load_yaml(p)
        if source.data is None:
            source.data = {}
        if not isinstance(source.data, dict):
            raise source.error("a configuration file must be a mapping of keys")
    _check(source)
    settings = _from_mapping(source.data, name, p.parent, _id_refs(source))
    lines = tuple((k, source.key_position((k,))[0]) for k in source.data)
    return replace(settings, key_lines=lines)


def _check(source: YamlSource) -> None:
    # A configuration validated before (same content, same code) is not validated again:
    # jsonschema alone costs a pre-commit hook a quarter of its start-up.
    key = content_key([("config", repr(source.data).encode())])
    cached("config", key, lambda: _validated(source), bool)
    date = source.data.get("date")
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise source.error(f"date: {date!r} is not a valid date", ("date",)) from None
    if "max_file_size" in source.data:
        try:
            parse_size(source.data["max_file_size"])
        except ValueError as exc:
            raise source.error(f"max_file_size: {exc}", ("max_file_size",)) from None


def _validated(source: YamlSource) -> bool:
    validate(source, CONFIG_SCHEMA)
    return True


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(read_bytes(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"invalid TOML: {exc}", display_path(path)) from None
    table = data.get("tool", {}).get("transfix")
    if table is not None and not isinstance(table, dict):
        raise DataError("[tool.transfix] must be a table", display_path(path))
    return table


def _toml_as_source(path: Path, table: dict[str, Any]) -> YamlSource:
    """A TOML table with approximate positions: each key's line, found in the text."""
    source = YamlSource(display_path(path), table)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.strip().startswith("[tool.transfix")), 0
    )
    source.positions[()] = (start + 1, 1)
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped.startswith("[") and not stripped.startswith("[tool.transfix"):
            break
        key = stripped.split("=", 1)[0].strip().strip('"')
        if key in table:
            source.positions.setdefault((key,), (i + 1, 1))
            source.key_positions.setdefault((key,), (i + 1, 1))
    return source


def find_config(directory: Path, cache: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file at or above ``directory``."""
    cache = {} if cache is None else cache
    d = directory.resolve()
    visited = []
    while True:
        if d in cache:
            found = cache[d]
            break
        visited.append(d)
        found = next((d / n for n in CONFIG_NAMES if (d / n).is_file()), None)
        pyproject = d / "pyproject.toml"
        if found is None and pyproject.is_file() and _pyproject_table(pyproject) is not None:
            found = pyproject
        if found is not None or d.parent == d:
            break
        d = d.parent
    for v in visited:
        cache[v] = found
    return found


@dataclass(frozen=True)
class Overrides:
    """What the command line says; it wins over any configuration file."""

    config: str | None = None  # an explicit configuration file: no discovery
    rules: tuple[str, ...] = ()
    glossary: tuple[str, ...] = ()
    style: str | None = None
    place: str | None = None
    date: dt.date | None = None
    fail_on: str | None = None
    source: str | None = None  # --source: the Chinese source of the one file given
    max_file_size: int | None = None


class Resolver:
    """Settings per file: discovery (cached per directory) plus command-line overrides."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides
        self._dirs: dict[Path, Path | None] = {}
        self._loaded: dict[Path, Settings] = {}
        self._explicit = load_config_file(overrides.config) if overrides.config else None

    def for_path(self, path: str | Path | None) -> Settings:
        if self._explicit is not None:
            base = self._explicit
        else:
            start = Path.cwd() if path is None or str(path) == "-" else Path(path).parent
            found = find_config(start, self._dirs)
            if found is None:
                base = Settings()
            else:
                if found not in self._loaded:
                    self._loaded[found] = load_config_file(found)
                base = self._loaded[found]
        o = self.overrides
        return replace(
            base,
            rules=(*base.rules, *o.rules),
            glossary=(*base.glossary, *o.glossary),
            style=o.style or base.style,
            place=o.place or base.place,
            date=o.date or base.date,
            fail_on=o.fail_on or base.fail_on,
            max_file_size=o.max_file_size or base.max_file_size,
        )
