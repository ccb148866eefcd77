"""Bitext formats: segments, run maps back to the file, target-only writes, hostile input."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from transfix.bitext.formats import (
    TAG,
    BitextFile,
    Segment,
    apply_target_edits,
    detect_format,
    escape,
    file_offset,
    parse,
)
from transfix.document import decode
from transfix.edits import LineIndex
from transfix.errors import InputError

DATA = Path(__file__).parent / "data" / "bitext"
FIXTURES = {
    "zizhou.tsv": "tsv",
    "zizhou.tmx": "tmx",
    "zizhou-1.2.xlf": "xliff1",
    "zizhou-2.1.xlf": "xliff2",
    "zizhou.po": "po",
}
WRITABLE = [name for name, fmt in FIXTURES.items() if fmt != "tmx"]


def load(name: str) -> BitextFile:
    path = DATA / name
    return parse(decode(path.read_bytes(), str(path)).text, str(path))


def targets(bf: BitextFile) -> list[str]:
    return [s.target for s in bf.segments]


def error_of(text: str, path: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse(text, path)
    return info.value


# --------------------------------------------------------------------------------------------
# Detection and reading


def test_detect_format() -> None:
    xliff1 = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>'
    xliff2 = '<?xml version="1.0"?>\n<!-- c --><xliff version="2.1" srcLang="zh"/>'
    assert detect_format("a.tsv", "") == "tsv"
    assert detect_format("A.PO", "") == "po"
    assert detect_format("a.pot", "") == "po"
    assert detect_format("a.tmx", "") == "tmx"
    assert detect_format("a.xlf", xliff1) == "xliff1"
    assert detect_format("a.xliff", xliff2) == "xliff2"
    assert detect_format("a.xlf", '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0">') == (
        "xliff2"
    )
    assert detect_format("a.xml", "<tmx version='1.4'>") == "tmx"
    assert detect_format("a.xml", xliff2) == "xliff2"
    assert detect_format("a.txt", "plain <b>text</b>") is None
    assert detect_format("a.html", "<html></html>") is None
    for name, fmt in FIXTURES.items():
        assert detect_format(name, (DATA / name).read_text(encoding="utf-8")) == fmt


def test_tsv_segments() -> None:
    bf = load("zizhou.tsv")
    assert (bf.format, bf.writable, bf.missing) == ("tsv", True, [])
    assert [(s.id, s.source) for s in bf.segments] == [
        ("2", "子洲县召开工作讲评会"),
        ("4", "县委书记安路主持会议"),
        ("5", "县长何炳正"),
        ("6", "招商引资"),
    ]
    seg = bf.segments[2]
    assert seg.target == 'County head he Bingzheng & "deputies" <b>'  # column 3+ left alone
    assert (seg.source_line, seg.source_column, seg.target_line, seg.target_column) == (5, 1, 5, 7)
    assert bf.segments[3].target == ""


def test_tsv_crlf_header_and_missing_tab() -> None:
    text = "Chinese\tTarget\r\n\r\n安路\tan Lu\r\n何炳正\the Bingzheng\tx\r\n"
    bf = parse(text, "t.tsv")
    assert targets(bf) == ["an Lu", "he Bingzheng"]
    assert bf.segments[0].target_line == 3
    new, skipped = apply_target_edits(bf, [(0, 0, 2, "An"), (1, 0, 2, "He")])
    assert skipped == []
    assert new == text.replace("an Lu", "An Lu").replace("he B", "He B")
    # a header needs a non-Chinese first column
    assert targets(parse("中文\ten\n安路\tan Lu\n", "t.tsv")) == ["en", "an Lu"]
    err = error_of("安路\tan Lu\n\n何炳正 he Bingzheng\n", "t.tsv")
    assert str(err) == "t.tsv:3:1: expected zh<TAB>en"


def test_xliff1_segments() -> None:
    bf = load("zizhou-1.2.xlf")
    assert (bf.format, bf.source_lang, bf.target_lang) == ("xliff1", "zh-CN", "en-US")
    assert [s.id for s in bf.segments] == ["t1", "t2", "t3", "t4", "t7"]  # t6: translate="no"
    t1, t2, t3, _, t7 = bf.segments
    assert (t1.state, t2.state, t3.state) == ("translated", "needs-review-translation", None)
    assert (t1.source_line, t1.source_column, t1.target_line, t1.target_column) == (9, 17, 10, 36)
    assert t2.source == "7月18日，县委书记安路主持会议并讲话。"  # <g> removed, its text kept
    assert t2.target == (
        f"On July 18, {TAG}an Lu{TAG}, Secretary of the county Party committee, "
        "presided over the meeting & delivered a speech."
    )
    assert t3.source == "县长何炳正通报了情况。"  # <ph> and its native code removed
    assert t3.target == f"County head {TAG}he Bingzheng{TAG} reported the situation."
    assert t7.source == "招商引资“中”<重点>"
    # protected <mrk> and the comment are tags; a term <mrk> keeps its text editable
    term, protected = f"{TAG}production safety{TAG}", f"{TAG}{TAG}"
    assert t7.target == f"Investment attraction “key” <projects> {term} {protected}"
    assert [(m.id, m.source, m.line, m.column) for m in bf.missing] == [
        ("t5", "各乡镇（街道）主要负责人参加。", 31, 19)
    ]
    kinds = [(r.kind, bf.text[r.fstart : r.fend]) for r in t2.runs]
    assert kinds[:4] == [
        ("text", "On July 18, "),
        ("tag", '<g id="1">'),
        ("text", "an Lu"),
        ("tag", "</g>"),
    ]
    assert ("escape", "&amp;") in kinds


def test_xliff2_segments() -> None:
    bf = load("zizhou-2.1.xlf")
    assert (bf.format, bf.source_lang, bf.target_lang) == ("xliff2", "zh-CN", "en")
    assert [(s.id, s.state) for s in bf.segments] == [
        ("u1/s1", "translated"),
        ("u1/s2", "initial"),
        ("u2", "reviewed"),
        ("u5", None),
    ]  # <ignorable> left out, u3 has no target, u4 is in a translate="no" group
    s1, s2, u2, u5 = bf.segments
    assert s1.source == "县委书记安路主持会议。"
    assert s1.target.startswith(f"{TAG}an Lu{TAG}, Secretary")
    assert s2.target == f"County head he Bingzheng{TAG} reported & summed up."
    assert u2.target == f"Economic {TAG}operation{TAG} in the second quarter"
    assert u5.source == "中央环保督察问题"
    assert u5.target == f"central environmental protection supervision {TAG} {TAG}problems{TAG * 2}"
    assert [m.id for m in bf.missing] == ["u3"]
    assert (s2.source_line, s2.source_column, s2.target_line, s2.target_column) == (20, 17, 21, 17)


def test_tmx_segments_and_read_only() -> None:
    bf = load("zizhou.tmx")
    assert (bf.format, bf.writable, bf.source_lang, bf.target_lang) == (
        "tmx",
        False,
        "zh-CN",
        "en-US",
    )
    assert [(s.id, s.source) for s in bf.segments] == [
        ("1", "子洲县召开工作讲评会"),
        ("2", "县委书记安路讲话"),
        ("3", "县长何炳正"),  # TMX 1.1 lang="ZH"
        ("5", "樊玉虎"),  # the fr tuv is ignored
    ]
    assert bf.segments[1].target == (
        f"{TAG}an Lu{TAG}, Secretary of the county Party committee & {TAG}head{TAG} spoke{TAG}"
    )
    assert bf.segments[3].target == f"fan Yuhu{TAG}"
    assert [m.id for m in bf.missing] == ["4"]
    with pytest.raises(InputError, match="TMX files are read only"):
        apply_target_edits(bf, [(0, 0, 1, "z")])


def test_po_segments() -> None:
    bf = load("zizhou.po")
    assert (bf.format, bf.target_lang) == ("po", "en")
    segs = bf.segments
    assert [s.state for s in segs] == [None, "fuzzy", None, None, None]  # obsolete fuzzy not leaked
    assert segs[1].source == "7月18日，县委书记安路主持会议并讲话。县长何炳正通报情况。"
    assert segs[1].target == (
        "On July 18, an Lu, Secretary of the county Party committee, presided over the meeting "
        'and delivered a "speech".\nCounty head he Bingzheng reported\tthe situation.'
    )
    assert (segs[1].source_line, segs[1].source_column) == (21, 2)
    assert (segs[1].target_line, segs[1].target_column) == (24, 2)
    assert [r.kind for r in segs[1].runs].count("join") == 3
    assert segs[2].target.endswith(r"(D:\news\0718)")
    assert [s.target for s in segs[3:]] == [
        "%d township (streets, ...)",
        "%d townships (streets, ...)",
    ]
    assert segs[3].id.endswith("[0]") and segs[4].id.endswith("[1]")
    assert segs[3].id[:-3] == segs[4].id[:-3]
    assert [(m.source, m.line) for m in bf.missing] == [("招商引资", 42)]
    assert "旧条目" not in [s.source for s in segs]


def test_positions_match_line_index_with_every_line_ending() -> None:
    base = (DATA / "zizhou-2.1.xlf").read_text(encoding="utf-8")
    for newline in ("\n", "\r\n", "\r"):
        text = base.replace("\n", newline)
        bf = parse(text, "x.xlf")
        index = LineIndex(text)
        for seg in bf.segments:
            first = next(r for r in seg.runs if r.kind == "text" and r.lend > r.lstart)
            assert (seg.target_line, seg.target_column) == index.line_col(first.fstart)
            assert bf.line_col(first.fstart) == index.line_col(first.fstart)


def test_utf16_xliff_with_declared_encoding() -> None:
    text = (DATA / "zizhou-2.1.xlf").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    doc = decode(data, "x.xlf")
    bf = parse(doc.text, "x.xlf")
    assert len(bf.segments) == 4
    new, _ = apply_target_edits(bf, [(0, 1, 3, "An")])
    old, fixed = "an Lu".encode("utf-16-le"), "An Lu".encode("utf-16-le")
    assert doc.with_text(new).encode() == data.replace(old, fixed)


def test_prefixed_namespace_cdata_and_empty_targets() -> None:
    text = (
        '<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        '<x:file source-language="zh" target-language="en" original="a"><x:body>'
        '<x:trans-unit id="1"><x:source>安<![CDATA[路<b>]]></x:source>'
        "<x:target>an <![CDATA[Lu<b>]]> <foo:bar xmlns:foo='u'>z</foo:bar></x:target>"
        "</x:trans-unit>"
        '<x:trans-unit id="2"><x:source>空</x:source><x:target></x:target></x:trans-unit>'
        '<x:trans-unit id="3"><x:source>空</x:source><x:target/></x:trans-unit>'
        "</x:body></x:file></x:xliff>"
    )
    bf = parse(text, "p.xlf")
    assert [(s.id, s.source, s.target) for s in bf.segments] == [
        ("1", "安路<b>", f"an {TAG} {TAG}"),
        ("2", "空", ""),
        ("3", "空", ""),
    ]
    new, skipped = apply_target_edits(bf, [(1, 0, 0, "Empty & full"), (2, 0, 0, "x")])
    assert "<x:target>Empty &amp; full</x:target>" in new
    assert [s.index for s in skipped] == [2]  # <target/> has no room for text


# --------------------------------------------------------------------------------------------
# Writing


@pytest.mark.parametrize("name", list(FIXTURES))
def test_round_trip_without_edits_is_byte_identical(name: str) -> None:
    data = (DATA / name).read_bytes()
    doc = decode(data, name)
    bf = parse(doc.text, name)
    if bf.writable:
        new, skipped = apply_target_edits(bf, [])
        assert skipped == []
        assert doc.with_text(new).encode() == data


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("name", "index", "old", "new", "file_old", "file_new"),
    [
        ("zizhou-1.2.xlf", 1, "an Lu", "An Lu", ">an Lu</g>", ">An Lu</g>"),
        ("zizhou-1.2.xlf", 1, "meeting & delivered", "meeting and delivered",
         "meeting &amp; delivered", "meeting and delivered"),
        ("zizhou-1.2.xlf", 4, "“key”", '"key" & <more>',
         "&#8220;key&#8221;", '"key" &amp; &lt;more&gt;'),
        ("zizhou-2.1.xlf", 1, "he Bingzheng", "He Bingzheng", "head he Bing", "head He Bing"),
        ("zizhou.tsv", 2, "he Bingzheng", "He Bingzheng", "head he Bing", "head He Bing"),
        ("zizhou.po", 1, "an Lu", "An Lu", "18, an Lu", "18, An Lu"),
        ("zizhou.po", 1, '"speech"', 'C:\\ "speech"', '\\"speech\\"', 'C:\\\\ \\"speech\\"'),
        ("zizhou.po", 2, "chairman", "Chairman", '"chairman', '"Chairman'),
    ],
)  # fmt: skip
def test_edit_changes_only_target_bytes(
    name: str, index: int, old: str, new: str, file_old: str, file_new: str
) -> None:
    bf = load(name)
    seg = bf.segments[index]
    start = seg.target.index(old)
    text, skipped = apply_target_edits(bf, [(index, start, start + len(old), new)])
    assert skipped == []
    assert text == _replace_once(bf.text, file_old, file_new)
    again = parse(text, name)
    assert again.segments[index].target == seg.target.replace(old, new, 1)


def test_po_edit_across_continuation_lines_joins_them() -> None:
    bf = load("zizhou.po")
    seg = bf.segments[1]
    start = seg.target.index("over the meeting")
    text, skipped = apply_target_edits(bf, [(1, start, start + len("over the meeting"), "over")])
    assert skipped == []
    assert text == _replace_once(bf.text, 'over "\n"the meeting', "over")
    assert parse(text, "x.po").segments[1].target == seg.target.replace("over the meeting", "over")
    # an edit across the escaped line break and the join after it
    nl = seg.target.index(".\nCounty")
    text, _ = apply_target_edits(bf, [(1, nl, nl + 3, ". C")])
    assert '"the meeting and delivered a \\"speech\\". County head' in text


def test_po_deleting_a_whole_target_leaves_it_untranslated() -> None:
    bf = load("zizhou.po")
    text, _ = apply_target_edits(bf, [(0, 0, len(bf.segments[0].target), "")])
    assert 'msgid "子洲县召开2022年第二季度工作讲评会"\nmsgstr ""\n' in text
    assert next(m.source for m in parse(text, "x.po").missing).startswith("子洲县")


def test_edits_touching_tags_or_each_other_are_skipped() -> None:
    bf = load("zizhou-1.2.xlf")
    t2 = bf.segments[1].target
    lu = t2.index("an Lu")
    edits = [
        (1, lu - 1, lu + 2, "xx"),  # includes the <g> start tag
        (1, lu, lu + 5, "An Lu"),  # applied
        (1, lu + 1, lu + 3, "N "),  # overlaps the edit before
        (1, lu, lu, "Mr "),  # insertion at the start of the text inside <g>: applied
        (1, lu, lu, "Dr "),  # a second insertion at the same point
        (9, 0, 1, "x"),
        (0, 5, 2, "x"),
        (0, 0, 1, "bad \x00 tag"),
        (0, 0, 1, "bell \x07"),
    ]
    text, skipped = apply_target_edits(bf, edits)
    reasons = {(s.start, s.end, s.replacement): s.reason for s in skipped}
    assert reasons[(lu - 1, lu + 2, "xx")] == "touches an inline tag"
    assert reasons[(lu + 1, lu + 3, "N ")] == "overlaps another edit"
    assert reasons[(lu, lu, "Dr ")] == "overlaps another edit"
    assert reasons[(0, 1, "x")] == "no such segment"
    assert reasons[(5, 2, "x")] == "offsets outside the target"
    assert "placeholder" in reasons[(0, 1, "bad \x00 tag")]
    assert "not allowed in XML" in reasons[(0, 1, "bell \x07")]
    assert len(skipped) == 7
    assert text == _replace_once(bf.text, '<g id="1">an Lu</g>', '<g id="1">Mr An Lu</g>')
    # between two tags there is no text to insert into
    t4 = bf.segments[4].target
    between = t4.index(TAG + TAG) + 1
    _, skipped = apply_target_edits(bf, [(4, between, between, "x")])
    assert "between inline tags" in skipped[0].reason


def test_po_octal_escape_is_a_tag() -> None:
    text = 'msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "安路"\nmsgstr "an\\101 Lu"\n'
    bf = parse(text, "x.po")
    assert bf.segments[0].target == f"an{TAG} Lu"
    new, skipped = apply_target_edits(bf, [(0, 0, 2, "An"), (0, 2, 4, "x")])
    assert [s.reason for s in skipped] == ["touches an inline tag"]
    assert new == text.replace('"an\\101', '"An\\101')


def test_escape() -> None:
    s = 'a & b < c > d " e \\ f'
    assert escape("xliff1", s) == 'a &amp; b &lt; c &gt; d " e \\ f'
    assert escape("xliff2", "x\r\ny") == "x&#13;\ny"
    assert escape("po", s + "\n\t") == 'a & b < c > d \\" e \\\\ f\\n\\t'
    assert escape("tsv", s) == s
    for fmt, bad in [("tsv", "a\tb"), ("tsv", "a\nb"), ("po", "\x01"), ("xliff1", "\x0c")]:
        with pytest.raises(ValueError):
            escape(fmt, bad)


def test_file_offset() -> None:
    seg = load("zizhou.po").segments[1]
    text = load("zizhou.po").text
    for i in range(len(seg.target)):
        at = file_offset(seg.runs, i)
        assert at is not None
        if seg.target[i] not in '"\n\t':
            assert text[at] == seg.target[i]


# --------------------------------------------------------------------------------------------
# Hostile and malformed input

REFUSED = "DOCTYPE and entity declarations are not allowed in bitext files"
XLIFF_HEAD = '<xliff version="1.2"><file source-language="zh" target-language="en" original="a">'

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<tmx version='1.4'><body><tu><tuv xml:lang='en'><seg>&lol9;</seg></tuv></tu>"
    + "</body></tmx>"
)
QUADRATIC = (
    '<?xml version="1.0"?>\n<!DOCTYPE kaboom [<!ENTITY a "'
    + "x" * 50_000
    + '">]>\n'
    + XLIFF_HEAD
    + "<body><trans-unit id='1'><source>a</source><target>"
    + "&a;" * 50_000
    + "</target></trans-unit></body></file></xliff>"
)
EXTERNAL = (
    '<?xml version="1.0"?>\n\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + XLIFF_HEAD
    + "<body><trans-unit id='1'><source>a</source><target>&xxe;</target></trans-unit>"
    + "</body></file></xliff>"
)


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        (BILLION_LAUGHS, "lol.tmx", 2),
        (QUADRATIC, "quad.xlf", 2),
        (EXTERNAL, "xxe.xlf", 3),
        ('<!DOCTYPE xliff SYSTEM "http://example.com/x.dtd">\n' + XLIFF_HEAD, "d.xlf", 1),
    ],
)
def test_doctype_and_entities_are_refused(text: str, path: str, line: int) -> None:
    err = error_of(text, path)
    assert str(err) == f"{path}:{line}:1: {REFUSED}"


def test_malformed_xml() -> None:
    text = (DATA / "zizhou.tmx").read_text(encoding="utf-8")
    text = text.replace("</seg></tuv>\n    </tu>", "</tuv>\n    </tu>", 1)
    err = error_of(text, "bad.tmx")
    assert err.message == "malformed XML: mismatched tag"
    assert (err.path, err.line) == ("bad.tmx", 11)
    err = error_of("<tmx version='1.4'><body>&nbsp;</body></tmx>", "e.tmx")
    assert str(err) == "e.tmx:1:26: malformed XML: undefined entity"
    err = error_of("<tmx><body></body></tmx>trailing", "t.tmx")
    assert err.message == "malformed XML: junk after document element"


def test_wrong_languages_root_or_version() -> None:
    text = (DATA / "zizhou-1.2.xlf").read_text(encoding="utf-8")
    err = error_of(text.replace('source-language="zh-CN"', 'source-language="en"'), "en.xlf")
    assert str(err) == (
        'en.xlf:3:37: source-language="en"; transfix reads zh->en bitext (expected zh...)'
    )
    err = error_of(text.replace(' target-language="en-US"', ""), "none.xlf")
    assert "<file> has no target-language attribute" in str(err)
    text2 = (DATA / "zizhou-2.1.xlf").read_text(encoding="utf-8")
    err = error_of(text2.replace('trgLang="en"', 'trgLang="fr"'), "fr.xlf")
    assert str(err).startswith('fr.xlf:2:84: trgLang="fr"')
    err = error_of(text2.replace('version="2.1"', 'version="3.0"'), "v3.xlf")
    assert "unsupported XLIFF" in str(err)
    err = error_of("\n<xliff version='1.2'/>", "x.tmx")
    assert str(err) == "x.tmx:2:1: root element is <xliff>, expected <tmx>"
    po = (DATA / "zizhou.po").read_text(encoding="utf-8").replace("Language: en", "Language: zh_CN")
    assert str(error_of(po, "zh.po")).startswith('zh.po:6:2: Language "zh_CN" in the PO header')
    err = error_of("hello", "x.txt")
    assert "cannot tell the bitext format" in str(err)


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ('msgid "a"\nmsgstr "b" x"\n', 2, "unescaped double quote found"),
        ('msgid "a"\nmsgstr "b"\n"c"\nfoo\n', 4, ""),
        ('msgid "a"\n# comment\n"continued"\nmsgstr ""\n', 3, ""),
        ('msgstr "b"\n', 1, ""),
    ],
)
def test_po_syntax_errors(text: str, line: int, detail: str) -> None:
    err = error_of(text, "x.po")
    assert (err.path, err.line, err.column) == ("x.po", line, 1)
    assert err.message == (f"PO syntax error: {detail}" if detail else "PO syntax error")


def test_po_errors_polib_lets_through() -> None:
    err = error_of('msgid "安路"\nmsgstr "an \\q Lu"\n', "x.po")
    assert str(err) == "x.po:2:12: invalid escape sequence \\q in a PO string"
    err = error_of('msgid "安路"\r\nmsgstr "an Lu\\"\r\n', "x.po")  # the quote is escaped
    assert str(err) == "x.po:2:1: PO syntax error"


def test_po_form_feed_inside_a_string_is_text() -> None:
    bf = parse('msgid "安路"\nmsgstr "an\x0cLu\u2028"\n', "x.po")
    assert targets(bf) == ["an\x0cLu\u2028"]


def test_sniffing_text_that_is_not_xml_is_linear() -> None:
    assert detect_format("x.xml", "<!--" * 200_000) is None
    assert detect_format("x.xml", " <![CDATA[" * 200_000) is None
    err = error_of("<!--" * 200_000, "x.xlf")
    assert err.message.startswith("malformed XML")


def test_import_is_cheap() -> None:
    code = (
        "import sys, transfix.bitext.formats\n"
        "print(sorted(m for m in ('polib', 'pyexpat', 'xml.etree', 'hashlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------------
# Properties: random edits never change bytes outside target text

REPLACEMENTS = st.lists(
    st.sampled_from([*"aZ 中'&<>\"\\\n\t\r;#x", "&amp;", "]]>", "\\n", TAG]), max_size=6
).map("".join)


def _region(seg: Segment) -> tuple[int, int] | None:
    return (seg.runs[0].fstart, seg.runs[-1].fend) if seg.runs else None


def _outside(bf: BitextFile) -> list[str]:
    """The file text between the targets' regions, and each target's tags."""
    out, pos = [], 0
    for seg in bf.segments:
        region = _region(seg)
        if region is None:
            continue
        out.append(bf.text[pos : region[0]])
        out.extend(bf.text[r.fstart : r.fend] for r in seg.runs if r.kind == "tag")
        pos = region[1]
    out.append(bf.text[pos:])
    return out


def _apply_logical(target: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        target = target[:start] + replacement + target[end:]
    return target


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(WRITABLE), newline=st.sampled_from(["\n", "\r\n", "\r"]), data=st.data()
)
def test_random_edits_change_only_target_text(name: str, newline: str, data: st.DataObject) -> None:
    text = (DATA / name).read_bytes().decode("utf-8").replace("\r\n", "\n")
    bf = parse(text.replace("\n", newline), name)
    edits = []
    for _ in range(data.draw(st.integers(0, 8))):
        i = data.draw(st.integers(0, len(bf.segments) - 1))
        n = len(bf.segments[i].target)
        start = data.draw(st.integers(0, n))
        end = data.draw(st.integers(start, min(n, start + 12)))
        edits.append((i, start, end, data.draw(REPLACEMENTS)))
    text, skipped = apply_target_edits(bf, edits)
    left_out = {s.position for s in skipped}
    applied: dict[int, list[tuple[int, int, str]]] = {}
    for k, (i, start, end, rep) in enumerate(edits):
        if k not in left_out:
            applied.setdefault(i, []).append((start, end, rep))
    expected = [_apply_logical(s.target, applied.get(s.index, [])) for s in bf.segments]
    assume(bf.format != "po" or all(expected))  # an emptied msgstr is untranslated: own test
    again = parse(text, name)
    assert targets(again) == expected
    assert _outside(again) == _outside(bf)
    for seg in bf.segments:  # a target no edit was applied to is mapped as before
        if seg.index not in applied:
            assert _pieces(again, again.segments[seg.index]) == _pieces(bf, seg)


def _pieces(bf: BitextFile, seg: Segment) -> list[tuple[str, str, int]]:
    return [(r.kind, bf.text[r.fstart : r.fend], r.lend - r.lstart) for r in seg.runs]


TEXTS = st.text(
    alphabet=st.sampled_from([*"aZ 中'&<>\"\\\n\t\r;#x\u2028\x0c", "\U0001f600"]), max_size=12
)


def _document(fmt: str, target: str, cut: int) -> str:
    body = escape(fmt, target)
    if fmt == "tsv":
        return f"安路\t{body}\tnote\n"
    if fmt == "po":
        cut = min(cut, len(body))
        while cut and body[cut - 1] == "\\":  # never split an escape sequence
            cut -= 1
        return f'msgid "安路"\nmsgstr ""\n"{body[:cut]}"\n"{body[cut:]}"\n'
    if fmt == "xliff1":
        return (
            XLIFF_HEAD + f"<body><trans-unit id='1'><source>安路</source><target>{body}</target>"
            "</trans-unit></body></file></xliff>"
        )
    return (
        '<xliff version="2.0" srcLang="zh" trgLang="en"><file id="f"><unit id="1"><segment>'
        f"<source>安路</source><target>{body}</target></segment></unit></file></xliff>"
    )


@settings(max_examples=300, deadline=None)
@given(fmt=st.sampled_from(["tsv", "po", "xliff1", "xliff2"]), target=TEXTS, cut=st.integers(0, 30))
def test_escaped_text_reads_back_as_itself(fmt: str, target: str, cut: int) -> None:
    try:
        text = _document(fmt, target, cut)
    except ValueError:  # not writable in this format (a tab in TSV, a control character...)
        assume(False)
    bf = parse(text, "x." + {"tsv": "tsv", "po": "po"}.get(fmt, "xlf"))
    if fmt == "po" and not target:
        assert [m.source for m in bf.missing] == ["安路"]
    else:
        assert targets(bf) == [target]
