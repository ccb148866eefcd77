from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from transfix.engine import Engine
from transfix.ruleset import RuleSet, load_ruleset

# Tests (and the subprocesses they start) use a private cache of compiled rule sets.
_CACHE = tempfile.mkdtemp(prefix="transfix-test-cache-")
os.environ["TRANSFIX_CACHE_DIR"] = _CACHE


def pytest_sessionfinish() -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

TERMS_RULE = """\
rules:
  - id: terms
    kind: terms
"""


@pytest.fixture(scope="session")
def default_ruleset() -> RuleSet:
    return load_ruleset()


@pytest.fixture(scope="session")
def default_engine(default_ruleset: RuleSet) -> Engine:
    return default_ruleset.engine()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path (text is dedented) and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def engine_from(write: Callable[[str, str | bytes], Path]) -> Callable[[str], Engine]:
    """An engine with only the terms rule and the given glossary YAML (no defaults)."""

    def _engine(glossary: str) -> Engine:
        rules = write("rules/terms.yaml", TERMS_RULE)
        gloss = write("glossary/test.yaml", glossary)
        return load_ruleset([rules], [gloss], defaults=False).engine()

    return _engine
