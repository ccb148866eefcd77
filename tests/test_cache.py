"""The compiled-ruleset cache: used when the content is the same, rebuilt when it is not."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TERMS_RULE
from transfix import ruleset as ruleset_module
from transfix.ruleset import load_ruleset

GLOSSARY = "entries:\n  - {id: a, en: standard, wrong: [wrongly], source: [S1]}\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TRANSFIX_CACHE_DIR", str(directory))
    monkeypatch.delenv("TRANSFIX_NO_CACHE", raising=False)
    return directory


def counting_build(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = ruleset_module._build

    def build(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ruleset_module, "_build", build)
    return calls


def test_same_content_is_built_once(
    cache: Path, write: Callable[[str, str | bytes], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules, gloss = write("r.yaml", TERMS_RULE), write("g.yaml", GLOSSARY)
    calls = counting_build(monkeypatch)
    first = load_ruleset([rules], [gloss], defaults=False)
    second = load_ruleset([rules], [gloss], defaults=False)
    assert len(calls) == 1
    assert second.engine().fix("wrongly").text == first.engine().fix("wrongly").text == "standard"
    assert len(list(cache.glob("ruleset-*.pickle"))) == 1


def test_changed_content_is_rebuilt(
    cache: Path, write: Callable[[str, str | bytes], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rules, gloss = write("r.yaml", TERMS_RULE), write("g.yaml", GLOSSARY)
    calls = counting_build(monkeypatch)
    load_ruleset([rules], [gloss], defaults=False)
    write("g.yaml", GLOSSARY.replace("standard", "proper"))
    rebuilt = load_ruleset([rules], [gloss], defaults=False)
    assert len(calls) == 2
    assert rebuilt.engine().fix("wrongly").text == "proper"


def test_corrupt_cache_entry_is_ignored(
    cache: Path, write: Callable[[str, str | bytes], Path]
) -> None:
    rules, gloss = write("r.yaml", TERMS_RULE), write("g.yaml", GLOSSARY)
    load_ruleset([rules], [gloss], defaults=False)
    (entry,) = cache.glob("ruleset-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load_ruleset([rules], [gloss], defaults=False).engine().fix("wrongly").text == (
        "standard"
    )


def test_no_cache_env_turns_it_off(
    cache: Path, write: Callable[[str, str | bytes], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSFIX_NO_CACHE", "1")
    load_ruleset([write("r.yaml", TERMS_RULE)], [write("g.yaml", GLOSSARY)], defaults=False)
    assert not cache.exists()


def test_unwritable_cache_is_not_an_error(
    tmp_path: Path, write: Callable[[str, str | bytes], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = write("file-not-dir", "x")
    monkeypatch.setenv("TRANSFIX_CACHE_DIR", str(blocker / "sub"))
    result = load_ruleset([write("r.yaml", TERMS_RULE)], [write("g.yaml", GLOSSARY)], False)
    assert result.engine().fix("wrongly").text == "standard"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: pickle.dumps({"not": "a rule set"}), id="valid-pickle-wrong-type"),
        pytest.param(
            lambda b: b.split(b"\n", 1)[0] + b"\n" + pickle.dumps(["wrong"]), id="header-kept"
        ),
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:-40] + bytes(40), id="corrupt-tail"),
        pytest.param(lambda b: b"", id="empty"),
    ],
)
def test_a_damaged_entry_is_rebuilt_and_replaced(
    cache: Path,
    write: Callable[[str, str | bytes], Path],
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes],
) -> None:
    rules, gloss = write("r.yaml", TERMS_RULE), write("g.yaml", GLOSSARY)
    load_ruleset([rules], [gloss], defaults=False)
    (entry,) = cache.glob("ruleset-*.pickle")
    entry.write_bytes(damage(entry.read_bytes()))
    calls = counting_build(monkeypatch)
    assert load_ruleset([rules], [gloss], defaults=False).engine().fix("wrongly").text == (
        "standard"
    )
    assert load_ruleset([rules], [gloss], defaults=False).engine().fix("wrongly").text == (
        "standard"
    )
    assert len(calls) == 1  # rebuilt once, then the rewritten entry is used


def test_an_entry_under_another_key_is_not_used(
    cache: Path, write: Callable[[str, str | bytes], Path]
) -> None:
    rules, gloss = write("r.yaml", TERMS_RULE), write("g.yaml", GLOSSARY)
    load_ruleset([rules], [gloss], defaults=False)
    (entry,) = cache.glob("ruleset-*.pickle")
    write("g.yaml", GLOSSARY.replace("standard", "proper"))
    load_ruleset([rules], [gloss], defaults=False)
    (other,) = set(cache.glob("ruleset-*.pickle")) - {entry}
    other.write_bytes(entry.read_bytes())  # the old rule set, filed under the new key
    assert load_ruleset([rules], [gloss], defaults=False).engine().fix("wrongly").text == ("proper")


def test_the_command_line_survives_a_cache_of_the_wrong_type(
    cache: Path, write: Callable[[str, str | bytes], Path]
) -> None:
    from typer.testing import CliRunner

    from transfix.cli import app

    doc = write("a.txt", "Zhao guibo presided.\n")
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(doc)]).exit_code == 1
    for entry in cache.glob("ruleset-*.pickle"):
        entry.write_bytes(pickle.dumps(42))
    result = runner.invoke(app, ["check", str(doc)])
    assert result.exit_code == 1, result.stderr
    assert "names/given-lowercase" in result.stdout
