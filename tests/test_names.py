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
        # run together where a name stands, with no other reading: lowercase, camel case, or
        # three syllables
        ("Caominghui reported the results.", "Cao Minghui reported the results."),
        (
            "entrusted by zhaoguibo, head of the county",
            "entrusted by Zhao Guibo, head of the county",
        ),
        ("Yang Jiangbo, JiaoJiLin and Wang Weijun", "Yang Jiangbo, Jiao Jilin and Wang Weijun"),
        ("Local Party secretary GuRongjin said", "Local Party secretary Gu Rongjin said"),
        # a surname that is an English word before a two-syllable pinyin given name
        ("a speech by ma Xiaolin.", "a speech by Ma Xiaolin."),
        ("They met fan Jianhua, a retired teacher.", "They met Fan Jianhua, a retired teacher."),
        ("Li Jun, and fan Yuhu, political commissar", "Li Jun, and Fan Yuhu, political commissar"),
        ("county chief prosecutor wu shuming", "county chief prosecutor Wu Shuming"),
        # Lü, a spaced apostrophe, a lowercase given name in syllables
        ("Zhang Wei and LV Bin attended.", "Zhang Wei and Lü Bin attended."),
        ("Peng Xiandan, Zhang Yong 'an and Li Weilin", "Peng Xiandan, Zhang Yong'an and Li Weilin"),
        ("At the school, Zhang xun tu learned", "At the school, Zhang Xuntu learned"),
    ],
)
def test_certain_repairs_real_shapes(names: Engine, text: str, fixed: str) -> None:
    assert fix(names, text) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "The folk song Lanhuahua was sung by pupils.",
        "The county newspaper ran Xinhua's report in full.",
        "Dan Wenhua met them in June at Xianming Co., Ltd.",
        "LV bags and LV Bags sold out.",
        "Then he Bingzheng left, and an Anhui company opened an Ouyang family museum.",
        "the long Yangtze and a fan Jianhua never met",
    ],
)
def test_real_shapes_that_are_not_names(names: Engine, text: str) -> None:
    result = names.fix(text, unsafe=True)
    assert result.text == text


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Wang Wei, Hujun, Zhang Xiaorui", "Wang Wei, Hu Jun, Zhang Xiaorui"),
        ("Zhao Gui-bo, deputy secretary", "Zhao Guibo, deputy secretary"),
        ("xiao-ming Yang, deputy head", "Yang Xiaoming, deputy head"),
        ("Zhang Si Zhi, director of the bureau", "Zhang Sizhi, director of the bureau"),
        ("Caoming reported the results.", "Cao Ming reported the results."),
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
