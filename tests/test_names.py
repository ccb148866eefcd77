"""The names rule kind: repairs with evidence, and never ordinary English."""

from __future__ import annotations

import pytest

from transfix.edits import Safety
from transfix.engine import Engine
from transfix.kinds.names import NamesRule
from transfix.ruleset import RuleSet


@pytest.fixture(scope="module")
def names(default_ruleset: RuleSet) -> Engine:
    return Engine([r for r in default_ruleset.rules if isinstance(r, NamesRule)])


def fix(engine: Engine, text: str, unsafe: bool = False) -> str:
    return engine.fix(text, unsafe=unsafe).text


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Zhao guibo presided.", "Zhao Guibo presided."),
        ("met Zhao\nguibo today", "met Zhao\nGuibo today"),
        ("zhao Guibo presided.", "Zhao Guibo presided."),
        ("Chang XiangQian spoke.", "Chang Xiangqian spoke."),
        ("OuYang Wen and ouyang Fang", "Ouyang Wen and Ouyang Fang"),
        ("Xi jinping's speech", "Xi Jinping's speech"),
        ("Wang Wei, fan Yuhu, Wang Sai", "Wang Wei, Fan Yuhu, Wang Sai"),
        ("Hu Jun and he Bingzheng attended.", "Hu Jun and He Bingzheng attended."),
        (
            "Then he Bingzheng, deputy county head, spoke.",
            "Then He Bingzheng, deputy county head, spoke.",
        ),
        ("Yesterday Secretary he Ming arrived.", "Yesterday Secretary He Ming arrived."),
        ("Among them an Lu spoke.", "Among them An Lu spoke."),
        ("huang zhiliang, wu xi, tan bole", "Huang Zhiliang, Wu Xi, Tan Bole"),
        ("Liu Lixiang spoke. Then liu lixiang left.", "Liu Lixiang spoke. Then Liu Lixiang left."),
        ("The county head Li Chaokun met Lichaokun.", "The county head Li Chaokun met Li Chaokun."),
    ],
)
def test_certain_repairs(names: Engine, text: str, fixed: str) -> None:
    assert fix(names, text) == fixed


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Wang Wei, Hujun, Zhang Xiaorui", "Wang Wei, Hu Jun, Zhang Xiaorui"),
        ("Zhao Gui-bo, deputy secretary", "Zhao Guibo, deputy secretary"),
        ("xiao-ming Yang, deputy head", "Yang Xiaoming, deputy head"),
        ("Zhang Si Zhi, director of the bureau", "Zhang Sizhi, director of the bureau"),
        ("Caominghui reported the results.", "Cao Minghui reported the results."),
    ],
)
def test_suggestions_only(names: Engine, text: str, fixed: str) -> None:
    result = names.fix(text)
    assert result.text == text
    assert result.suggestions and all(e.safety is Safety.UNSAFE for e in result.suggestions)
    assert fix(names, text, unsafe=True) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "He said the plan was good.",
        "Then he Bingzheng left.",  # an English-word surname without evidence
        "an Anhui company and an Ouyang family museum at an AI forum",
        "an old man, a fan of tai chi and feng shui",
        "20 billion yuan, 9840 mu and 30 li",
        "yin and yang, dim sum and kung fu",
        "the Song dynasty, the Tang dynasty and the Long March",
        "in the long run, sun and rain, a ban on smoking, a pan of water",
        "she and her team; you and me; the men and women; song and dance",
        "Feng Jie, Zhao Guibo and He Bingzheng attended.",
        "He ran to Xi'an and Yan'an.",
        "CPC, CPPCC and NPC deputies",
        "Li was there. Wang made a speech. Fan page.",
        "The Zizhou County government and Yulin City",
        "Hujun is here",  # run-together with no name-slot evidence: nothing
        "Xinhua reported the meeting.",  # an agency, not a run-together name
        "Liu Jie and he ran the drill.",  # "he" + an English word: no list evidence counts
    ],
)
def test_traps_are_untouched_even_with_unsafe(names: Engine, text: str) -> None:
    assert fix(names, text, unsafe=True) == text


def test_edit_message_names_the_evidence(names: Engine) -> None:
    (edit,) = names.scan("Wang Wei, fan Yuhu, Wang Sai").edits
    assert edit.rule_id == "names/surname-lowercase"
    assert edit.evidence == "in a list of names"
    assert "in a list of names" in edit.message


def test_roster_makes_a_run_together_name_certain(names: Engine) -> None:
    (edit,) = names.scan("We met Heligui yesterday, with Hu Jun.").edits
    assert edit.safety is Safety.SAFE
    assert edit.replacement == "He Ligui"
    assert edit.evidence is not None and "roster" in edit.evidence
