"""Validate loaded YAML against a JSON schema and name the file:line:column of each fault."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from transfix.errors import DataError
from transfix.yamlsource import PathKey, YamlSource

#: Schema fragments shared by the rule kinds' schemas.
STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string", "minLength": 1}}
SOURCES: dict[str, Any] = {"oneOf": [{"type": "string"}, STRINGS]}


def _label(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# Schemas compiled to Python by fastjsonschema, by their JSON text (a schema may be built
# on the fly, so its id could be another's later).
_FAST: dict[str, Callable[[Any], Any]] = {}


def _passes(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` certainly meets ``schema``: fastjsonschema's code, compiled once per
    schema, is tens of times faster than jsonschema on a glossary of thousands of entries.
    It only ever says yes for the fast path; any no is judged again by jsonschema, whose
    errors name every fault, so both agree on what is valid."""
    import fastjsonschema

    key = json.dumps(schema, sort_keys=True)
    check = _FAST.get(key)
    if check is None:
        draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
        check = _FAST[key] = fastjsonschema.compile(draft7, use_formats=False)
    try:
        check(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_errors(
    source: YamlSource, schema: dict[str, Any], base: PathKey = ()
) -> list[DataError]:
    """Every way the value at ``base`` in ``source`` breaks ``schema``, in file order."""
    value: Any = source.data
    for part in base:
        value = value[part]
    if _passes(schema, value):
        return []
    from jsonschema import Draft202012Validator  # imported only when a file is faulty

    validator = Draft202012Validator(schema)
    errors: list[DataError] = []
    for err in validator.iter_errors(value):
        path: PathKey = (*base, *err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            for extra in sorted(set(err.instance) - allowed):
                line, column = source.key_position((*path, extra))
                expected = ", ".join(sorted(allowed))
                errors.append(
                    DataError(
                        f"unknown key {extra!r} in {_label(path) or 'the file'}"
                        f" (expected one of: {expected})",
                        source.path,
                        line,
                        column,
                    )
                )
            continue
        message = f"{_label(path) or 'the file'}: {err.message}"
        line, column = source.position(path)
        errors.append(DataError(message, source.path, line, column))
    errors.sort(key=lambda e: (e.line or 0, e.column or 0))
    return errors


def validate(source: YamlSource, schema: dict[str, Any], base: PathKey = ()) -> None:
    """Raise the first schema fault in ``source`` (in file order) as a :class:`DataError`."""
    errors = schema_errors(source, schema, base)
    if errors:
        raise errors[0]
