"""Who reported or edited a report (`rag/answer/byline.py`): credits kept from the page at ingest,
the question that asks for them, and the answer on every path, from the report the question
describes or "not found"."""

import pytest

from rag.answer import byline as B
from rag.answer import combined as C
from rag.answer import compose as rules
from rag.answer import read as reader_path
from rag.answer.render import format_sources
from rag.build import build_index
from rag.index import load_index
from rag.ingest import clean_text
from tests.test_combined import Scripted

CREDITED = (
    "临港区13个重点项目集中开工\n"
    "2025-03-26 02:34:12\n"
    "阅读量:100\n"
    "示例经济报记者 郑浩 通讯员 张智媛\n"
    "3月21日，临港区重点项目集中开工活动举行，本次集中开工项目13个，总投资105亿元。\n"
    "其中，投资50亿元的健康食品生产项目预计年产值可达100亿元。\n"
    "新闻中心 编辑:陆珊珊责任编辑:叶双莲监制:阮周琳\n"
)
TAIWAN = ("南科2023年上半年營業額穩健成長\n網站導覽 首頁 新聞\n熱門關鍵字 半導體 南科\n"
          "【記者范家豪/台南報導】 延續2022年南科穩健的營運佳績，2023年上半年南科營業額達6,769.89億元。\n")
IN_TEXT = ("本报讯(记者 于大勇) 近日在珠海高新区举行的6月份重点项目签约仪式上，15家企业与高新区签约。\n"
           "据悉，6月份珠海高新区共新引进产业项目48个，合计投资总额135亿元。\n")
UNCREDITED = ("松涛港经济开发区锂电池材料产业园开工\n2024-05-02\n"
              "松涛港经济开发区锂电池材料产业园一期项目今日开工，总投资9.6亿元，占地300亩。\n")


def test_a_credit_line_gives_the_reporter_the_editor_and_the_outlet():
    c = clean_text(CREDITED)
    assert (c.author, c.editor, c.outlet) == ("郑浩", "叶双莲", "示例经济报")
    assert "郑浩" not in c.text and "叶双莲" not in c.text  # credits stay out of the text


def test_a_bracketed_credit_and_a_given_name_alone_are_credits():
    c = clean_text("巴中经开区上半年规上工业增加值增长26.8%\n2016-08-16 巴中日报\n"
                   "今年上半年，经开区规上工业增加值同比增长26.8%，增速居全市第一。\n[责任编辑:晓锋]\n")
    assert c.editor == "晓锋" and "晓锋" not in c.text
    assert clean_text("标题\n2016-08-16\n正文一句话，说明情况。\n责任编辑:发展\n").editor is None  # a word, no name


@pytest.mark.parametrize("question, role", [
    ("报道临港区13个重点项目集中开工的记者是谁？", "author"),
    ("臨港區項目集中開工報道的責任編輯是誰？", "editor"),
    ("示例经济报关于临港区项目集中开工的报道由哪位记者采写？", "author"),  # the role after the question word
    ("Which reporter filed the story on the projects that broke ground in Lingang?", "author"),
    ("Who was the editor of the report on Lingang's projects?", "editor"),
    ("接受记者采访的临港区局长是谁？", None),  # a 局长 asked, not the reporter
    ("《红楼梦》的作者是谁？", None),  # a work's author
    ("Who is the author of the novel Dream of the Red Chamber?", None),
    ("临港区项目的总投资是多少？", None),
    ("Who is the chairman of the Lingang company?", None),
])
def test_the_question_that_asks_for_a_byline(question, role):
    assert B.byline_asked(question) == role


@pytest.fixture
def credited_index(tmp_path, fake):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "credited.txt").write_text(CREDITED, encoding="utf-8")
    (docs / "in_text.txt").write_text(IN_TEXT, encoding="utf-8")
    (docs / "uncredited.txt").write_text(UNCREDITED, encoding="utf-8")
    (docs / "taiwan.txt").write_text(TAIWAN, encoding="utf-8")
    build_index(docs, tmp_path / "idx", fake, progress=False)
    return load_index(tmp_path / "idx")


ANSWERERS = [
    ("rules", lambda idx, emb, q: rules.answer_question(idx, emb, q)),
    ("combined", lambda idx, emb, q: C.answer_question(idx, emb, q, reader=Scripted("不会出现"))),
    ("reader", lambda idx, emb, q: reader_path.answer_question(idx, emb, q, reader=Scripted("不会出现"))),
]


@pytest.mark.parametrize("path, answer", ANSWERERS)
def test_the_byline_answers_on_every_path(credited_index, fake, path, answer):
    ans = answer(credited_index, fake, "报道临港区13个重点项目集中开工的记者是谁？")
    assert not ans.abstained and ans.short_answer == "郑浩"
    assert ans.citations[0].doc == "credited.txt" and ans.citations[0].byline == "记者 郑浩；责任编辑 叶双莲"
    assert "记者 郑浩" in format_sources(ans)  # the claim stands in the source line it cites
    ans = answer(credited_index, fake, "报道临港区重点项目集中开工的责任编辑是谁？")
    assert not ans.abstained and ans.short_answer == "叶双莲"
    # what frames the description (关于…的报道由…采写) is no part of which report it is
    ans = answer(credited_index, fake, "示例经济报关于临港区13个重点项目集中开工的报道由哪位记者采写？")
    assert not ans.abstained and ans.short_answer == "郑浩"


def test_a_credit_in_the_text_is_quoted_and_marked(credited_index, fake):
    ans = C.answer_question(credited_index, fake, "报道珠海高新区6月份重点项目签约仪式的记者是谁？", reader=Scripted("x"))
    assert not ans.abstained and ans.short_answer == "于大勇"
    doc = credited_index.by_name[ans.answer_span["doc"]]
    assert doc.text[ans.answer_span["start"]:ans.answer_span["end"]] == "于大勇"
    assert "本报讯(记者 于大勇)" in ans.answer


def test_a_credit_opening_a_later_paragraph_is_the_byline(credited_index, fake):
    ans = C.answer_question(credited_index, fake, "報導南科2023年上半年營業額的記者是誰？", reader=Scripted("x"))
    assert not ans.abstained and ans.short_answer == "范家豪" and ans.citations[0].doc == "taiwan.txt"


def test_without_a_byline_the_question_is_read_as_any_other(credited_index, fake):
    # the report holds no reporter's credit: the sentences are read, and no name there is one
    q = "报道松涛港锂电池材料产业园一期项目开工的记者是谁？"
    assert B.from_byline(credited_index, C.retrieve(credited_index, fake, q, 8, None), "Hans") is None
    ans = C.answer_question(credited_index, fake, q, reader=Scripted("松涛港"))
    assert ans.abstained and ans.short_answer is None
    # nor is the editor of a report that credits a reporter only
    ans = C.answer_question(credited_index, fake, "报道珠海高新区签约仪式的责任编辑是谁？", reader=Scripted("于大勇"))
    assert ans.abstained and ans.short_answer is None


def test_a_report_the_documents_do_not_hold_has_no_byline_answer(credited_index, fake):
    for q in ("报道火星基地航天发射场建设的记者是谁？", "報導火星基地航天發射場建設的記者是誰？"):
        assert B.from_byline(credited_index, C.retrieve(credited_index, fake, q, 8, None), "Hans") is None
        assert C.answer_question(credited_index, fake, q, reader=Scripted("郑浩")).abstained


def test_the_byline_answer_is_in_the_question_s_script(credited_index, fake):
    ans = C.answer_question(credited_index, fake, "報導臨港區13個重點項目集中開工的記者是誰？", reader=Scripted("x"))
    assert not ans.abstained and ans.answer.startswith("記者：鄭浩（該報道的署名）")
    ans = C.answer_question(credited_index, fake, "Which reporter filed the story on the 13 key projects in 临港区?",
                            reader=Scripted("x"))
    assert not ans.abstained and ans.answer.startswith("reporter: 郑浩 (the report's byline)")


def test_a_credit_after_the_source_with_a_colon_is_the_byline():
    from rag.textnorm import match_form

    for line, name in (("本文来源示例网,作者:mira,原文:https://example.com/1", "mira"),
                       ("来源:示例日报 作者:王小明", "王小明")):
        assert B._CREDIT_IN_TEXT.search(match_form(line)).group(1) == name
    assert B._CREDIT_IN_TEXT.search(match_form("该书作者:张三认为园区很好")) is None  # no credit: no source before
