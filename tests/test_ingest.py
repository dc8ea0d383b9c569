import pytest

from rag.ingest import (DecodeError, boilerplate_reason, clean_text, decode_bytes, ingest_folder,
                        strip_html_remnants, strip_pinyin_glosses)
from tests.conftest import ARTICLE


def test_article_cleaning_and_metadata():
    c = clean_text(ARTICLE)
    assert c.title == "新华产业园：新能源项目加速落地"
    assert c.date == "2024-03-18"
    assert c.outlet == "示例日报"
    assert "总投资10.3亿元" in c.text and "就业1,200人" in c.text
    for junk in ("首页 新闻", "资料图片", "分享到", "责任编辑", "相关阅读", "另一条新闻", "阅读量"):
        assert junk not in c.text, junk


@pytest.mark.parametrize("line, reason", [
    ("前沿 资讯 要闻 书画 人物 插画 展览", "menu"),
    ("首頁 | 新聞 | 財經 | 科技 | 圖片", "menu"),
    ("WechatIMG1566", "image"),
    ("IMG_20230501.jpg", "image"),
    ("（资料图片仅供参考）", "image"),
    ("本版图片来源:某某高新区", "image"),
    ("閱讀余下全文", "prompt"),
    ("登錄后立即解鎖全站精選內容", "prompt"),
    ("点击查看更多", "prompt"),
    ("阅读量:776", "counter"),
    ("394", "counter"),
    ("(来源:威海新闻 编辑:嘉欣 审核:张涛)", "editorial"),
    ("責任編輯：李四", "editorial"),
    ("延伸閱讀", "related-list"),
    ("热点视频", "related-list"),
    ("版权所有:某某网 京ICP备11041399号-2", "copyright"),
    ("【版權及免責聲明】凡本網所屬版權作品,轉載時須獲得授權。", "copyright"),
    ("……", "punctuation"),
    ("-", "punctuation"),
])
def test_boilerplate_lines(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", [
    "该项目总投资10.3亿元，占地面积92亩。",
    "补链成群",
    "记者孔祥勇:“我现在是在临港区碳纤维产业化生产区,这里占地近300亩,厂房还在建设当中。”",
    "登录系统上线后，企业办事时间缩短一半，审批效率明显提升。",
])
def test_article_lines_are_kept(line):
    assert boilerplate_reason(line) is None


def test_pinyin_glosses():
    assert strip_pinyin_glosses("包頭:大項(xiàng)目建設(shè)追“新”") == "包頭:大項目建設追“新”"
    # Abbreviations in parentheses are not glosses.
    assert strip_pinyin_glosses("人工智能(AI)和风电(GW)") == "人工智能(AI)和风电(GW)"
    # Toneless syllables go only in a visibly glossed text.
    glossed = "項(xiàng)目建(jiàn)設(shè)的(de)"
    assert strip_pinyin_glosses(glossed) == "項目建設的"
    assert strip_pinyin_glosses("系统(ok)") == "系统(ok)"


def test_html_remnants():
    assert strip_html_remnants("綠色優先?!?/span>") == "綠色優先"
    assert strip_html_remnants("<p>总投资<b>8</b>亿元&nbsp;</p>") == "总投资8亿元\xa0"


SENTENCE = "臨港區12個省級重點項目開工率達83.3%，總投資八億元。"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("big5", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_encodings_round_trip(encoding, bom):
    text = SENTENCE * 3 if encoding != "gb18030" else "包头稀土高新区重大项目总投资573.84亿元。" * 3
    raw = bom + text.encode(encoding)
    decoded, _ = decode_bytes(raw)
    assert decoded == text


@pytest.mark.parametrize("raw, words", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    (b"PK\x03\x04" + b"\x00" * 100, "zip archive"),
    (bytes(range(256)) * 8, "binary"),
])
def test_binary_is_refused(raw, words):
    with pytest.raises(DecodeError, match=words):
        decode_bytes(raw)


def test_folder_reports_every_skip(corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (corpus / "fake.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (corpus / "copy.txt").write_bytes((corpus / "a.txt").read_bytes())
    (corpus / "nav.txt").write_text("首页 新闻 财经 科技 图片\n分享到\n阅读量：12\n", encoding="utf-8")
    docs, skipped = ingest_folder(corpus)
    assert sorted(d.name for d in docs) == ["a.txt", "b.txt", "c.md"]
    reasons = {s.name: s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["photo.png"].startswith("unsupported file type (.png)")
    assert "PNG image" in reasons["fake.txt"]
    assert reasons["copy.txt"] == "duplicate of a.txt"
    assert "no article text" in reasons["nav.txt"]


def test_traditional_big5_document(corpus):
    docs, _ = ingest_folder(corpus)
    b = next(d for d in docs if d.name == "b.txt")
    assert b.script == "Hant" and b.date == "2022-05-28" and b.title == "臨港區招商引資成效顯著"
    assert "60%以上" in b.text
    md = next(d for d in docs if d.name == "c.md")
    assert md.title == "碳纤维产业园扩容" and not md.text.startswith("#")
