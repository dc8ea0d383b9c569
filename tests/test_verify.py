"""The verification stage (rag/answer/verify.py): a fictional report per trap, each question asked once
with the check on (refused, saying what is missing) and once with it off, where the rules answered
with the wrong figure; and answerable controls worded the same way that stay answered."""

import re

import pytest

from rag.answer import compose as A
from rag.answer import read as R
from rag.answer import verify as V
from rag.build import build_index
from rag.index import load_index
from rag.textnorm import match_form

REPORT = (
    "青岚港经开区重点项目建设加速推进\n2024-06-18 来源：青岚日报\n"
    "2023年，青岚港经开区实施重点项目36个，总投资286亿元。\n"
    "其中，蓝湾储能电池项目总投资18.5亿元，占地面积210亩，建成后年产能8GWh。\n"
    "白沙智能装备产业园项目总投资9.2亿元，预计年产值15亿元，可提供就业岗位1200个。\n"
    "园区共有13家机关单位参与服务专班，今年走访对接企业58家。\n"
    "青岚港经开区管委会副主任周立新介绍，白沙智能装备有限公司董事长陈海涛率队考察。\n"
    "蓝湾储能电池项目于2024年3月开工，预计2025年6月投产。\n"
)


OTHERS = {
    "other1.txt": "松涛港高新区招商引资再提速\n2024-02-01 来源：松涛晚报\n松涛港高新区今年签约项目28个，"
                  "协议投资152亿元。\n其中，海川生物医药产业园项目总投资26亿元，占地面积320亩。\n"
                  "园区企业超过400家，规上工业产值增长9.8%。\n",
    "other2.txt": "柳岸市新能源产业发展综述\n2023-11-20 来源：柳岸发布\n柳岸市光伏组件项目年产能达到5GW，"
                  "年产值60亿元。\n市发展改革委主任王志远表示，将继续推进重大项目建设。\n"
                  "全市一季度固定资产投资同比增长6.2%。\n",
}


def corpus_index(tmp, docs: dict[str, str]):
    """An index of ``docs`` (file name -> text) beside OTHERS, other reports, so that word weights
    are those of a corpus; built in ``tmp`` with the fake embedder."""
    from embeddings import get_embedder

    (tmp / "docs").mkdir()
    for name, text in {**docs, **OTHERS}.items():
        (tmp / "docs" / name).write_text(text, encoding="utf-8")
    build_index(tmp / "docs", tmp / "idx", get_embedder("fake-384"), progress=False)
    return load_index(tmp / "idx")


@pytest.fixture(scope="module")
def report_index(tmp_path_factory):
    return corpus_index(tmp_path_factory.mktemp("verify"), {"report.txt": REPORT})


def only(check: str) -> V.VerifySettings:
    """The verification stage with one check on, to test its rules without the others' verdicts."""
    return V.VerifySettings(**{c: c == check for c in ("subject", "metric", "unit", "role", "period", "event")})


SUBJECT_ONLY = only("subject")


def span(text: str, part: str) -> tuple[int, int]:
    """Where ``part`` first stands in ``text``, as the [start, end) a short answer has."""
    at = text.index(part)
    return at, at + len(part)


def refused_by(check: str, question: str, sent: str, figure: str, **evidence) -> bool:
    """Whether ``check`` alone refuses ``figure`` of ``sent`` as the answer to a figure question;
    ``evidence``: the rest of ``V.check``'s evidence (its document, date)."""
    got = V.check(V.asked(question, "figure"), None, sent, "", span(sent, figure), kind="figure",
                  settings=only(check), **evidence)
    return check in got.missing


def ask(index, question, **options):
    from embeddings import get_embedder

    return A.answer_question(index, get_embedder("fake-384"), question, **options)


# (question, the check that must refuse it, the words the refusal must name)
TRAPS = [
    ("蓝湾储能电池项目年产值多少？", "metric", "年产值"),  # metric not given for it
    ("蓝湾储能电池项目可提供多少个就业岗位？", "subject", None),  # given only for another project
    ("青岚港经开区2021年实施重点项目多少个？", "period", "2021"),  # another year's figure
    ("青岚港经开区有多少家企业？", "unit", None),  # 13家 are 机关单位, not firms
    ("青岚港经开区管委会主任是谁？", "role", None),  # only the deputy is named
    ("云杉湾新区新材料产业基地项目总投资多少？", "subject", "云杉湾"),  # no page mentions it
    ("蓝湾储能电池项目什么时候签约？", "event", None),  # only 开工 and 投产 dates
    ("青岚港经开区2023年实施的20个重点项目总投资多少？", "subject", None),  # the total is the 36 projects'
]
CONTROLS = [
    ("蓝湾储能电池项目占地多少亩？", "210亩"),
    ("白沙智能装备产业园项目可提供多少个就业岗位？", "1200个"),
    ("青岚港经开区2023年实施重点项目多少个？", "36个"),
    ("白沙智能装备有限公司董事长是谁？", "陈海涛"),
    ("蓝湾储能电池项目什么时候开工？", "2024年3月"),
    ("蓝湾储能电池项目总投资多少？", "18.5亿元"),
    ("青岚港经开区2023年实施的36个重点项目总投资多少？", "286亿元"),
    ("青岚港经开区今年走访对接了多少家企业？", "58家"),
]


@pytest.mark.parametrize("question,check,named", TRAPS)
def test_each_trap_is_refused_by_its_check(report_index, question, check, named):
    ans = ask(report_index, question)
    assert ans.abstained, ans.answer
    first = ans.answer.splitlines()[0]
    if check != "subject" or named:
        assert check in ans.missing or named and named in first, (ans.missing, first)
    if named:
        assert named in first
    assert ans.short_answer is None and ans.confidence is not None


SWITCHED_OFF = [t for t in TRAPS if t[0].startswith(("蓝湾", "青岚港经开区2021", "青岚港经开区有", "青岚港经开区管委会"))]


@pytest.mark.parametrize("question,check,named", SWITCHED_OFF)
def test_without_its_check_the_trap_is_answered(report_index, question, check, named):
    """The check is what refuses it: switched off, the rules answer with another figure."""
    ans = ask(report_index, question, verify=V.VerifySettings(**{check: False}))
    assert not ans.abstained


@pytest.mark.parametrize("question,gold", CONTROLS)
def test_controls_worded_the_same_are_answered(report_index, question, gold):
    ans = ask(report_index, question)
    assert not ans.abstained, ans.answer
    assert gold in ans.answer
    assert 0.0 < ans.confidence <= 1.0


def test_refusal_says_what_was_found_and_what_not(report_index):
    ans = ask(report_index, "蓝湾储能电池项目年产值多少？")
    assert ans.answer.startswith("资料提到了蓝湾储能电池项目，但没有给出它的年产值")
    trad = ask(report_index, "藍灣儲能電池項目年產值多少？")
    assert trad.answer.startswith("資料提到了藍灣儲能電池項目") and trad.abstained
    none = ask(report_index, "云杉湾新区新材料产业基地项目总投资多少？")
    assert none.answer.startswith("资料中没有提到云杉湾新区新材料产业基地项目")


def test_the_reader_path_is_verified_too(report_index):
    from rag.answer.reader_fake import FakeReader

    ans = R.answer_question(report_index, __import__("embeddings").get_embedder("fake-384"),
                            "蓝湾储能电池项目年产值多少？", reader=FakeReader())
    assert ans.abstained and ans.short_answer is None


@pytest.mark.parametrize("question,parts", [
    ("蓝湾储能电池项目总投资多少？", dict(subjects=["蓝湾储能电池项目"], metric="investment", unit_class="money")),
    ("青岚港经开区有多少家企业？", dict(unit_class="count", counted="企业")),
    ("到年底青岚港经开区力争引进多少个项目？", dict(subjects=["青岚港经开区"], unit_class="count", counted="项目")),
    ("锂电池项目能实现多少年销售额？", dict(metric="revenue", unit_class="money")),
    ("2023年上半年园区产值多少？", dict(year="2023", period="上半年", metric="output")),
    ("白沙公司董事长是谁？", dict(role="董事长")),
    ("项目什么时候开工？", dict(event="开工")),
    ("How much is the total investment of the project?", dict(metric="investment")),
    ("贵港高新技术产业开发区有多少家企业？", dict(subjects=["贵港高新技术产业开发区"])),
    ("园区2021年营业收入是多少？", dict(year="2021", metric="revenue")),  # 2021年营…: a year, not 年营收
    ("东莞金田纸业总经理是谁？", dict(subjects=["东莞金田纸业"], role="总经理")),  # the role's organisation
    ("聊城市2020年1—3月份固定资产投资同比增长多少？", dict(year="2020", period="一季度", unit_class="change")),
    ("园区1-4月营收多少？", dict(period="1-4月")),
    ("2022年前三季度竣工投产的项目有多少项？", dict(period="前三季度")),  # not 三季度, which it holds
    ("出席青墨县仪式的市委常委是谁？", dict(subjects=["青墨县"])),  # 出席 is the question's verb, not the name's
    ("How much fixed-asset investment did the park complete?", dict(metric="fixed_investment")),
    ("How many key industrial projects were under way?", dict(unit_class="count", counted="项目")),
    ("How many new companies settled in the park?", dict(unit_class="count", counted="企业")),
    ("Which park opened in the 1990s?", dict(year=None)),  # a decade, not the year 1990
    ("Which park opened in the 1990's?", dict(year=None)),
    ("1990年代建成的园区有哪些？", dict(year=None)),
])
def test_what_the_question_asks(question, parts):
    from rag.answer.question import question_kind, question_language

    form = match_form(question).lower()
    got = V.asked(question, question_kind(form), question, question_language(question))
    for k, v in parts.items():
        assert getattr(got, k) == v, (k, getattr(got, k))


def test_zone_short_forms_are_one_zone():
    assert V.zone_short("贵港高新技术产业开发区") == "贵港高新区"
    assert V.zone_short("青岚经济技术开发区") == "青岚经开区"


def test_aggregate_takes_its_metric_from_the_unit(report_index):
    from rag.aggregate import parse

    assert parse("超过10亿元的项目有哪些？")[1] == "总投资"
    assert parse("100亩以上的项目有哪些？")[1] == "占地"
    ans = ask(report_index, "超过10亿元的项目有哪些？")
    assert "蓝湾储能电池项目" in ans.answer and "白沙" not in ans.answer.splitlines()[0]


# An undated report whose title gives its year; a list of figures each before the project it
# qualifies; a threshold that names a category; a firm whose name the dictionary lacks.
UNDATED = (
    "赤霞湾经济开发区召开2019年重点项目推进会\n"
    "去年，赤霞湾经开区实现地区生产总值512.3亿元。\n"
    "今年，赤霞湾经开区计划实施超亿元产业项目45个、总投资300亿元。\n"
    "其中包括总投资32.6亿元的金穗新材料产业基地项目、总投资12亿元的银杏冷链物流中心项目。\n"
    "赤霞湾经开区52个项目集中签约，总投资410亿元。\n"
    "银杏冷链物流中心项目建成后可提供就业岗位600个。\n"
    "启沣新能源公司主要生产储能电池，达产后预计年产值80亿元，税收6亿元。\n"
    "签约仪式上，金穗纸业董事长林晓峰、银杏物流总经理赵立群分别致辞。\n"
    "开工活动在禾丰食品公司大豆蛋白产业园项目现场举行，该项目投资15亿元。\n"
    "今年1—4月，赤霞湾经开区固定资产投资同比增长9.1%。\n"
)
# Undated, and its title writes no year: 去年 is known only as later than the year compared with.
COMPARED = "玉泉科学园区营运概况\n玉泉科学园区去年营业额大幅增长，累计3,210.5亿元，较2017年成长12.5%。\n"


@pytest.fixture(scope="module")
def undated_index(tmp_path_factory):
    return corpus_index(tmp_path_factory.mktemp("undated"), {"undated.txt": UNDATED, "compared.txt": COMPARED})


@pytest.mark.parametrize("question,check", [
    ("赤霞湾经开区2019年地区生产总值是多少？", "period"),  # 去年 in a report of 2019 is 2018
    ("赤霞湾经开区签约的紫荆冷链产业园总投资多少？", "subject"),  # the zone only qualifies the park
    ("银杏冷链物流中心项目达产后年税收多少？", "subject"),  # 6亿元 is 启沣's, a name jieba cuts apart
    ("金穗纸业总经理是谁？", "subject"),  # 赵立群 is 银杏物流's; 纸业 is no entity word
    ("银岭大豆蛋白产业园项目投资多少？", "subject"),  # alike, but 银岭 is nowhere
    ("玉泉科学园区2017年营业额是多少？", "period"),  # 2017 is the year compared with
    ("赤霞湾经开区1—3月固定资产投资同比增长多少？", "period"),  # the months written are 1—4月
])
def test_traps_of_undated_lists_are_refused(undated_index, question, check):
    ans = ask(undated_index, question)
    assert ans.abstained and ans.short_answer is None, ans.answer
    assert check in ans.missing or check == "subject", ans.missing
    if "紫荆" in question:  # the refusal names what no document mentions, not the zone it does
        assert ans.answer.startswith("资料中没有提到紫荆冷链产业园"), ans.answer


@pytest.mark.parametrize("question,gold", [
    ("赤霞湾经开区2018年地区生产总值是多少？", "512.3亿元"),
    ("银杏冷链物流中心项目总投资多少？", "12亿元"),  # not 32.6亿元, which qualifies the project before it
    ("启沣新能源公司达产后年税收多少？", "6亿元"),
    ("金穗纸业董事长是谁？", "林晓峰"),
    ("禾丰食品公司大豆蛋白产业园项目投资多少？", "15亿元"),
    ("玉泉科学园区营业额是多少？", "3,210.5亿元"),
    ("赤霞湾经开区1—4月固定资产投资同比增长多少？", "9.1%"),
])
def test_controls_of_undated_lists_are_answered(undated_index, question, gold):
    ans = ask(undated_index, question)
    assert not ans.abstained and ans.short_answer == gold, ans.answer


def _missing(index, question: str, sent: str, figure: str) -> list[str]:
    """What the verification stage finds missing when ``question`` is answered by ``figure`` of
    ``sent``, a sentence added to the undated report (an English question read as English)."""
    lang = "en" if question.isascii() or question.startswith(("In ", "How ")) else "Hans"
    return V.check(V.asked(question, "figure", lang=lang), index.lexical, sent, "", span(sent, figure),
                   kind="figure", document=match_form(UNDATED + sent)).missing


def test_a_threshold_is_no_figure_of_the_metric(undated_index):
    sent = "今年，赤霞湾经开区计划实施超亿元产业项目45个、总投资300亿元。"
    a = V.Asked(subjects=["赤霞湾经开区"], metric="investment", unit_class="money")
    at = sent.index("超亿元")  # 亿元 alone is a class of projects, no figure at all
    assert not V.check(a, undated_index.lexical, sent, "", (at, at + 3), kind="figure").ok
    at = sent.index("300亿元")
    assert V.check(a, undated_index.lexical, sent, "", (at, at + 5), kind="figure").ok
    # a threshold of parks is no value either
    sent = "今年全省营业收入超千亿元的园区4个，分别是赤霞湾经开区、青岚高新区等。"
    a = V.Asked(subjects=["赤霞湾经开区"], metric="revenue", unit_class="money")
    at = sent.index("超千亿元")
    assert "metric" in V.check(a, undated_index.lexical, sent, "", (at, at + 4), kind="figure").missing


def test_a_sentence_opening_with_another_place_is_its_figure(undated_index):
    a = V.Asked(subjects=["赤霞湾经开区"], metric="output", unit_class="money")
    doc = match_form(UNDATED)
    sent = "海门一季度计划新开工项目20个，全部投产后预计形成产值300亿元。"  # 海门: a city the dictionary knows
    at = span(sent, "300亿元")
    assert "subject" in V.check(a, undated_index.lexical, sent, "", at, kind="figure", document=doc + sent).missing
    # 入园 is tagged a place by the segmenter, but is no place: the zone of the context stands
    a = V.Asked(subjects=["赤霞湾经开区"], unit_class="count", counted="企业")
    sent = "截至2023年底，入园企业154家。"
    at = span(sent, "154家")
    assert "subject" not in V.check(a, undated_index.lexical, sent, "赤霞湾经开区", at, kind="figure",
                                    document=doc + sent).missing


def test_tax_revenue_is_tax():
    a = V.asked("赤霞湾经开区2022年实现税收收入多少？", "figure")
    assert a.metric == "tax"


def test_a_figure_before_a_name_is_that_names(undated_index):
    sent = "其中包括总投资32.6亿元的金穗新材料产业基地项目、总投资12亿元的银杏冷链物流中心项目。"
    a = V.Asked(subjects=["银杏冷链物流中心项目"], metric="investment", unit_class="money")
    at = sent.index("32.6亿元")
    assert "subject" in V.check(a, undated_index.lexical, sent, "", (at, at + 6), kind="figure",
                                document=match_form(UNDATED)).missing
    at = sent.index("12亿元")
    assert V.check(a, undated_index.lexical, sent, "", (at, at + 4), kind="figure", document=match_form(UNDATED)).ok


def test_a_group_may_be_named_before_its_sentence(undated_index):
    a = V.Asked(metric="trade", unit_class="money", group="三")  # 三大科学园区的贸易总额
    sent = "贸易总额达4兆8,067亿元。"
    at = (5, 13)
    assert V.check(a, undated_index.lexical, sent, "3大科学园区2022年营运概况", at, kind="figure").ok
    assert "subject" in V.check(a, undated_index.lexical, sent, "科学园区营运概况", at, kind="figure").missing


def test_a_name_counted_is_a_category_not_a_governing_name():
    assert V._names("其中，国家高新技术企业9个，上市公司6家，") == []
    assert V._names("启沣新能源公司主要生产储能电池，") == ["启沣新能源公司"]


def test_a_growth_is_a_share_or_an_amount_never_a_count(undated_index):
    a = V.asked("天津高技术产业增加值增长多少？", "figure")
    sent = "高技术产业增加值增长12.5%，新增企业8个。"
    assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, "8个"),
                             kind="figure").missing
    at = sent.index("12.5%")
    assert "unit" not in V.check(a, undated_index.lexical, sent, "", (at, at + 5), kind="figure").missing


def test_a_figure_before_a_counted_group_is_that_groups(undated_index):
    sent = "全省796个重大项目集中开工，其中，赤霞湾总投资342亿元的57个重大项目集中开工。"
    at = (sent.index("342亿元"), sent.index("342亿元") + 6)
    a = V.Asked(metric="investment", unit_class="money", group="796")
    assert "subject" in V.check(a, undated_index.lexical, sent, "", at, kind="figure").missing
    assert V.check(V.Asked(metric="investment", unit_class="money", group="57"), undated_index.lexical, sent, "", at,
                   kind="figure").ok


def test_a_date_question_is_answered_by_a_date(undated_index):
    sent = "8月8号上午，总投资百亿元的金穗新材料产业基地项目正式动工。"
    a = V.asked("金穗新材料产业基地项目何时正式动工？", "date")
    words = (sent.index("总投资"), sent.index("动工") + 2)
    assert "unit" in V.check(a, undated_index.lexical, sent, "", words, kind="date").missing
    assert V.check(a, undated_index.lexical, sent, "", (0, 4), kind="date").ok  # 8月8号, as people write 日


def test_a_county_committee_is_the_reports_own(undated_index):
    """县委书记连华: 县委 names no organisation of its own, as 公司 in 公司董事长 does not."""
    a = V.asked("大邑县委书记是谁？", "person")
    sent = "仪式由县委副书记陈大用主持，县委书记连华致辞。"
    at = span(sent, "连华")
    assert V.check(a, undated_index.lexical, sent, "", at, kind="person", document="大邑县重大项目集中签约。" + sent).ok


def test_a_figure_the_table_gives_to_many_projects_is_no_ones(undated_index):
    a = V.Asked(subjects=["银杏冷链物流中心项目"], metric="output", unit_class="money")
    sent = "项目建成后，年产值可达200亿元以上。"
    at = (sent.index("200"), sent.index("200") + 5)
    doc = match_form(UNDATED) + sent
    assert "subject" in V.check(a, undated_index.lexical, sent, "", at, row_subject="这些项目", kind="figure",
                                document=doc).missing
    assert "subject" not in V.check(a, undated_index.lexical, sent, "", at, row_subject="银杏冷链物流中心项目",
                                    kind="figure", document=doc).missing


def test_a_wider_areas_figure_is_no_zones(undated_index):
    a = V.Asked(subjects=["赤霞湾经开区"], unit_class="count")
    sent = "截止6月底，全市13个产业园区入园企业数达到1280个，在建项目226个。"
    at = span(sent, "226个")
    doc = match_form(UNDATED) + sent
    assert "subject" in V.check(a, undated_index.lexical, sent, "", at, kind="figure", document=doc).missing
    # key parks (重点园区) are a group of zones too
    sent = "2022年，重点园区实现税收收入700亿元，占全省的一半。"
    at = span(sent, "700亿元")
    assert "subject" in V.check(a, undated_index.lexical, sent, "", at, kind="figure",
                                document=doc + sent).missing
    own = "截止6月底，赤霞湾经开区在建项目32个。"
    at = span(own, "32个")
    assert "subject" not in V.check(a, undated_index.lexical, own, "", at, kind="figure", document=doc).missing


SIGNING = (
    "青墨县举行一季度重大项目集中签约仪式\n"
    "3月27日上午，青墨县一季度重大项目集中签约仪式现场签约了一批项目，县委书记出席仪式。\n"
    "签约的有青墨湖文旅综合开发项目、青墨新材料产业园项目等11个项目，金额306亿元。\n"
)


def test_the_figure_asked_may_stand_in_the_second_sentence(tmp_path):
    # The best-scored sentence has no count of projects; the next one, nearly as good, has it and
    # is the answer (before, the best sentence's want of a figure meant "not found").
    from embeddings import get_embedder

    from rag.answer.evidence import candidates, score
    from rag.answer.question import analyze
    from rag.answer.retrieve import retrieve

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "signing.txt").write_text(SIGNING, encoding="utf-8")
    embedder = get_embedder("fake-384")
    build_index(tmp_path / "docs", tmp_path / "idx", embedder, progress=False)
    index = load_index(tmp_path / "idx")
    question = "青墨县一季度重大项目集中签约仪式现场签约了多少个项目？"
    r = retrieve(index, embedder, question, 8)
    cands = candidates(index, r.hits)
    score(index, r.q, r.qvec, cands)
    intro = next(c for c in cands if c.sentence.text.startswith("3月27日"))
    figure = next(c for c in cands if c.figure is not None and c.figure.text == "11个")
    intro.score, figure.score = figure.score + 0.1, figure.score  # as the real e5 similarity ranks them
    q = analyze(index, question)
    ans = A.compose(index, q, r.hits, cands, "Hans", V.asked(question, q.kind, q.search, q.lang))
    assert not ans.abstained and ans.short_answer == "11个", ans.answer


@pytest.mark.parametrize("question, holder", [("青岚部规划司司长是谁？", "周文海"), ("青岚部规划司副司长是谁？", "林启明")])
def test_a_ministrys_officials_are_roles_and_a_deputy_is_not_the_head(undated_index, question, holder):
    sent = "青岚部规划司副司长林启明介绍了园区情况，规划司司长周文海出席。"
    a = V.asked(question, "person")
    for name in ("周文海", "林启明"):
        at = (sent.index(name), sent.index(name) + 3)
        v = V.check(a, undated_index.lexical, sent, "", at, kind="person", document=sent)
        assert ("role" not in v.missing) == (name == holder)


def test_a_body_written_with_its_level_only_is_the_reports_own_citys(undated_index):
    a = V.asked("青岚市经信局总工程师是谁？", "person")
    sent = "出席活动的有市发改委副主任张京、市经信局总工程师代芸。"
    at = span(sent, "代芸")
    doc = "青岚市大邑县重大项目集中签约。" + sent
    assert V.check(a, undated_index.lexical, sent, "", at, kind="person", document=doc).ok
    assert "subject" in V.check(a, undated_index.lexical, sent, "", at, kind="person", document=sent).missing


def test_a_city_asked_with_its_shi_is_the_city_the_documents_write_without_it(undated_index):
    a = V.asked("青岚市经信局总工程师是谁？", "person")
    sent = "出席活动的有市发改委副主任张京、市经信局总工程师代芸。"
    at = span(sent, "代芸")
    assert V.check(a, undated_index.lexical, sent, "", at, kind="person", document="青岚大邑县重大项目集中签约。" + sent).ok


def test_a_district_asked_with_its_qu_is_the_place_the_documents_write_without_it():
    assert V.written("通州区", lambda t: t in "通州一季度实现产值561亿元")
    assert not V.written("园区", lambda t: t in "园")  # a park names no place alone
    assert not V.written("青岚区", lambda t: t in "青岚")  # no district the dictionary knows


def test_a_parks_name_is_written_whole_not_gathered_from_clauses(undated_index):
    """Each word of 青梧竹木科技产业园 is somewhere in the report, but never together: no page names it."""
    a = V.Asked(subjects=["青梧竹木科技产业园"], metric="output", unit_class="money")
    sent = "全年完成工业总产值20.5亿元。"
    at = span(sent, "20.5亿元")
    scattered = match_form("青梧经开区简介\n作为青梧经济发展的主阵地，开发区培育出了茶叶、竹木两大产业，"
                           "并大力发展生物科技。" + sent)
    assert "subject" in V.check(a, undated_index.lexical, sent, "青梧经开区简介", at, kind="figure",
                                document=scattered).missing
    whole = scattered.replace("并大力发展生物科技", "青梧竹木科技产业园加快建设")
    assert V.check(a, undated_index.lexical, sent, "青梧经开区简介", at, kind="figure", document=whole).ok
    # a zone is named by its place anywhere and its kind in the sentence (绵阳 in the title, 高新区 here)
    z = V.Asked(subjects=["青梧高新区"], metric="output", unit_class="money")
    sent = "其中，高新区完成工业总产值20.5亿元。"
    at = span(sent, "20.5亿元")
    assert V.check(z, undated_index.lexical, sent, "青梧市园区经济运行情况", at, kind="figure",
                   document=match_form("青梧市园区经济运行情况\n" + sent)).ok


def test_an_industrys_figure_is_not_its_zones(undated_index):
    """A clause that opens with one industry makes the figures after it that industry's; the zone
    named again after it is the topic again; a question naming an industry may take them."""
    doc = match_form(UNDATED)
    a = V.asked("赤霞湾经开区去年工业总产值是多少？", "figure")
    sent = "赤霞湾经开区持续优化营商环境，新能源产业实现三年倍增，年产值10亿元。"
    at = span(sent, "10亿元")
    assert "subject" in V.check(a, undated_index.lexical, sent, "", at, kind="figure", document=doc + sent).missing
    sector = V.asked("赤霞湾经开区新能源产业年产值是多少？", "figure")
    assert sector.sector and V.check(sector, undated_index.lexical, sent, "", at, kind="figure",
                                     document=doc + sent).ok
    a = V.asked("赤霞湾经开区已引进多少家企业？", "figure")
    sent = "目前，全市三大主导产业集群初具规模，赤霞湾经开区围绕食品饮料产业，已引进企业99家。"
    at = span(sent, "99家")
    assert V.check(a, undated_index.lexical, sent, "", at, kind="figure", document=doc + sent).ok
    assert not V.asked("赤霞湾经开区产业园总投资多少？", "figure").sector  # a park's name is no industry


def test_the_period_of_a_figure_is_its_reports_when_its_sentence_writes_none(undated_index):
    """A report that states only 一季度 holds no 二季度 figure; the year the sentences before the
    answer write is its year; a count of 1970 firms is no year."""
    doc = match_form("松涛市重点项目建设加速\n2022年，松涛市地区生产总值增长6%。\n松涛市一季度36个重点项目集中开工。\n"
                     "其中，蓝湾储能电池项目总投资18.5亿元。\n")
    sent = "其中，蓝湾储能电池项目总投资18.5亿元。"
    at = span(sent, "18.5亿元")

    def missing(question, context="松涛市重点项目建设加速", document=doc):
        a = V.asked(question, "figure")
        return V.check(a, undated_index.lexical, sent, context, at, doc_date="2024-04-02", kind="figure",
                       document=document).missing

    assert "period" in missing("蓝湾储能电池项目二季度开工时总投资多少？")  # only 一季度 in the report
    assert "period" not in missing("蓝湾储能电池项目一季度开工时总投资多少？")
    dated = "2023年，松涛市36个重点项目集中开工，总投资286亿元。"
    assert "period" in missing("蓝湾储能电池项目2022年总投资多少？", dated)  # 2022 is the GDP's
    assert "period" not in missing("蓝湾储能电池项目2023年总投资多少？", dated, doc + dated)
    counted = "截至一季度末，全市入园企业3636户，建成投产企业1970户。"
    assert "period" not in missing("蓝湾储能电池项目2024年一季度总投资多少？", counted)


def test_a_row_may_name_the_project_without_the_zone_the_report_is_on(undated_index):
    """赤霞湾经开区金穗核心区项目 asked; the report on 赤霞湾经开区 names it 金穗核心功能区项目 in its row."""
    a = V.asked("赤霞湾经开区金穗核心区项目总投资多少？", "figure")
    sent = "其中包括总投资38.7亿元的金穗核心功能区项目。"
    at = span(sent, "38.7亿元")
    doc = match_form("赤霞湾经开区核心区重点项目\n" + sent)
    ok = V.check(a, undated_index.lexical, sent, "赤霞湾经开区核心区重点项目", at, kind="figure",
                 row_subject="金穗核心功能区项目", document=doc)
    assert ok.ok, ok.missing
    other = match_form("青岚港经开区核心区重点项目\n" + sent)  # a report on another zone: not the one asked
    assert "subject" in V.check(a, undated_index.lexical, sent, "青岚港经开区核心区重点项目", at, kind="figure",
                                row_subject="金穗核心功能区项目", document=other).missing


def test_names_sharing_only_a_place_and_words_of_kind_are_two_entities(undated_index):
    stats = undated_index.lexical
    assert V._overlap(stats, "新旺食品项目", "合力盛食品加工项目") == 0.0  # each opens with its own brand
    assert V._overlap(stats, "安溪县粮食加工产业园项目", "安溪大成智慧产业园项目") < V.DISJOINT
    assert V._overlap(stats, "双良光伏组件项目", "双良新能科技有限公司") >= V.DISJOINT  # one brand
    assert V._overlap(stats, "星澜新能源电池项目", "星澜新能源电池项目二期") >= V.SUBJECT_MIN


def test_a_counted_groups_figure_is_not_one_listed_projects(undated_index):
    """The group's total, its members listed after it (包括…等), and another group's total, are
    no figure of one project."""
    a = V.asked("金穗研究院总部项目总投资多少？", "figure")
    doc = match_form(UNDATED)
    listed = "先进制造业工程52个，总投资915.38亿元，包括金穗研究院总部、银杏冷链物流中心等。"
    at = span(listed, "915.38亿元")
    assert "subject" in V.check(a, undated_index.lexical, listed, "", at, kind="figure",
                                document=doc + listed).missing
    other = "传统产业升级工程5个，总投资64.35亿元，包括国网调度通信基地等。"
    at = span(other, "64.35亿元")
    assert "subject" in V.check(a, undated_index.lexical, other, listed, at, kind="figure",
                                document=doc + listed + other).missing
    counted = "此次青墨区集中开工的重大项目共有8个，涉及工业、基础设施等行业，项目总投资70.9亿元。"
    assert "subject" in V.check(a, undated_index.lexical, counted, "", span(counted, "70.9亿元"), kind="figure",
                                document=doc + listed + counted).missing  # the count after 项目共有
    own = "金穗研究院总部项目是全市52个重点项目之一，总投资20亿元。"
    at = span(own, "20亿元")
    assert V.check(a, undated_index.lexical, own, "", at, kind="figure", document=doc + own).ok


def test_a_listed_members_figure_is_the_lists_when_the_list_ends_before_it(undated_index):
    """A member listed with a gloss in brackets, or last before 等, and the list's total after it:
    the figure is the group's (集中竣工项目30个，包括霓屿紫菜现代园(田园综合体)、…等，投资额49.7亿元);
    also for a name asked in an English question (远星橡胶)."""
    stats = undated_index.lexical
    glossed = "集中竣工项目30个，包括金穗紫菜产业园(田园综合体)、银杏旅游小镇改造工程、元觉幼儿园等，投资额49.7亿元。"
    last = "集中竣工项目30个，包括银杏旅游小镇改造工程、金穗紫菜产业园等，投资额49.7亿元。"
    a = V.asked("金穗紫菜产业园投资额多少？", "figure")
    for sent in (glossed, last):
        assert "subject" in V.check(a, stats, sent, "", span(sent, "49.7亿元"), kind="figure",
                                    document=match_form(sent)).missing, sent
    own = "金穗紫菜产业园(田园综合体)投资额49.7亿元，已经竣工。"
    assert V.check(a, stats, own, "", span(own, "49.7亿元"), kind="figure", document=match_form(own)).ok
    signed = "现场签约了金穗王滩片区开发项目、远星橡胶智能交通装备制造项目等11个项目，签约金额达306亿元。"
    en = V.asked("What is the planned investment of the Yuanxing Rubber (远星橡胶) project?", "figure",
                 lang="en")
    assert en.names == ["远星橡胶"] and not en.subjects
    assert "subject" in V.check(en, stats, signed, "", span(signed, "306亿元"), kind="figure",
                                document=match_form(signed)).missing


def test_a_volume_asked_is_answered_by_a_volume(undated_index):
    """多少立方米 asks a volume: a tank's 16万立方米, never the project's investment beside it."""
    sent = "在新能源领域，总投资约15.6亿元的中石油(LNG)项目，主要建设两台16万立方米储罐及配套设施。"
    volume = V.asked("中石油LNG项目每台储罐的容量是多少立方米？", "figure")
    assert volume.unit_class == "volume"

    def missing(part):
        return V.check(volume, undated_index.lexical, sent, "", span(sent, part), kind="figure",
                       document=match_form(sent)).missing

    assert missing("16万立方米") == [] and "unit" in missing("约15.6亿元")


def test_a_plan_to_complete_is_no_investment_completed():
    assert V.asked("青岚区1-3月份新开工项目完成投资多少？", "figure").metric == "completed_investment"
    assert V._metric_of("2016年计划完成投资46.3亿元")[0] == "annual_investment"


def test_an_annual_plan_metric_is_no_period():
    """年度计划投资 names a metric; read as 年度 (the whole year) it refused a 一季度 figure beside it."""
    assert V.month_spans("总投资130亿元，年度计划投资将达到80亿元。") == set()
    assert V.month_spans("2023年度全区实现营收") == {(1, 12)}
    assert V.asked("蓝湾储能电池项目2022年年度投资多少？", "figure").period is None


def test_an_undated_this_year_still_has_its_part_of_the_year_checked(undated_index):
    """今年 in an undated report cannot be told from the year asked, but 三季度 can be from 二季度."""
    doc = match_form("9月20日，青岚高新区举行2024年三季度重点项目集中开工仪式。\n本次活动是高新区今年第三次集中开工，共有14个项目参加。\n")
    sent = "本次活动是高新区今年第三次集中开工，共有14个项目参加。"
    at = span(sent, "14个")

    def missing(question):
        return V.check(V.asked(question, "figure"), undated_index.lexical, sent, "", at, kind="figure",
                       document=doc).missing

    assert "period" in missing("青岚高新区2024年二季度集中开工仪式共有多少个项目参加？")
    assert "period" not in missing("青岚高新区2024年三季度集中开工仪式共有多少个项目参加？")


def test_the_currency_or_land_unit_asked_is_the_answers(undated_index):
    yuan, dollars = "启沣新能源公司总投资301.69亿元。", "启沣新能源公司总投资5亿美元。"
    assert "unit" in _missing(undated_index, "启沣新能源公司总投资多少美元？", yuan, "301.69亿元")
    assert "unit" in _missing(undated_index, "In US dollars, what is the total investment of 启沣新能源公司?", yuan, "301.69亿元")
    assert "unit" not in _missing(undated_index, "启沣新能源公司总投资多少美元？", dollars, "5亿美元")
    assert "unit" in _missing(undated_index, "启沣新能源公司总投资多少亿元？", dollars, "5亿美元")
    assert "unit" not in _missing(undated_index, "启沣新能源公司总投资多少？", dollars, "5亿美元")  # none named: either
    land = "启沣新能源公司项目用地约40亩，规划面积6.77平方公里。"
    assert "unit" in _missing(undated_index, "启沣新能源公司项目用地多少平方米？", land, "约40亩")
    assert "unit" not in _missing(undated_index, "启沣新能源公司项目用地多少亩？", land, "约40亩")
    assert "unit" in _missing(undated_index, "How many mu is the planned area of 启沣新能源公司项目?", land, "6.77平方公里")


def test_a_dateline_before_a_role_names_no_organisation(undated_index):
    """(中央社記者…台中2日電)青峰科學園區管理局長陳銘煌: he heads the park's bureau, not 台中市經發局,
    whatever place the dateline names."""
    sent = match_form("(中央社記者郝雪卿台中2日電)青峰科學園區管理局長陳銘煌今天表示，園區營業額創新高。")
    at = span(sent, "陈铭煌")
    assert not V._role_org_fits(V.asked("台中市經發局局長是誰？", "person", lang="Hant"), undated_index.lexical, sent, at)
    assert V._role_org_fits(V.asked("青峰科學園區管理局局長是誰？", "person", lang="Hant"), undated_index.lexical, sent, at)


def test_a_reporter_or_editor_asked_is_a_role(undated_index):
    """A report's own people are roles too: a headline is no answer to who reported it."""
    a = V.asked("报道赤霞湾经开区项目签约的记者是谁？", "person")
    assert a.role == "记者"
    assert V.asked("Who is the reporter of the signing report?", "person", lang="en").role == "记者"
    sent = "产业发展按下快进键，赤霞湾经开区52个项目集中签约。"
    at = (0, sent.index("，"))
    assert "role" in V.check(a, undated_index.lexical, sent, "", at, kind="person",
                             document=match_form(UNDATED)).missing


def test_an_industry_asked_is_answered_by_its_own_figure_not_the_parks_total(undated_index):
    total, own = "2023年赤霞湾经开区营业额1兆5,855亿元。", "2023年精密机械产业营业额321亿元。"
    assert "subject" in _missing(undated_index, "2023年赤霞湾经开区精密机械产业营业额多少？", total, "1兆5,855亿元")
    assert "subject" not in _missing(undated_index, "2023年赤霞湾经开区精密机械产业营业额多少？", own, "321亿元")
    assert V.asked("赤霞湾高新技术产业开发区营业额多少？", "figure").sector_word is None  # a zone's name
    assert V.asked("赤霞湾公司计划投资多少建设服装产业中心？", "figure").sector_word is None  # a project's


def test_an_english_questions_bracketed_gloss_is_its_subject():
    a = V.asked("What is the annual planned investment of the Silk Road Rail Transit Industrial Park "
                "(丝路轨道交通产业园) project in Xi'an?", "figure", lang="en")
    assert a.subjects == ["丝路轨道交通产业园"] and a.names == []
    assert V.asked("What was the output of Qingmo Mountain (青墨山)?", "figure", lang="en").names == ["青墨山"]


def test_a_batch_of_a_zones_projects_asks_of_the_zone():
    """这次集中签约项目 describes the batch, not a project's name: the zone is the subject."""
    assert V.asked("青岚经开区这次集中签约项目的协议总投资是多少？", "figure").subjects == ["青岚经开区"]
    assert V.asked("青岚经开区重点项目总投资多少？", "figure").subjects == ["青岚经开区"]  # as before


def test_a_season_opens_no_name():
    a = V.asked("白鹭湾2020年春季产业项目签约活动共有多少个项目线上签约？", "figure")
    assert a.subjects == [] and a.year == "2020"


def test_taiwans_years_are_read_as_the_republics(undated_index):
    """Reports from Taiwan count years from 1912: 101年 is 2012, 民國95年 2006."""
    assert V.asked("民國95年青峰科學園區的營業額是多少？", "figure", lang="Hant").year == "2006"
    assert V.asked("青峰科學園區106年度營業額是多少？", "figure", lang="Hant").year == "2017"
    assert V.asked("建党100年以来园区营业额多少？", "figure").year is None  # an age, in a report not from Taiwan
    taiwan = "國科會表示，青峰科學園區101年營業額達新台幣6220億元。"
    assert "period" in _missing(undated_index, "2013年青峰科學園區營業額是多少？", taiwan, "6220億元")
    assert "period" not in _missing(undated_index, "2012年青峰科學園區營業額是多少？", taiwan, "6220億元")
    assert V.roc_years("园区已走过101年", taiwan=False) == []  # bare, only in a report from Taiwan


def test_a_year_in_the_figures_own_clause_governs_it(undated_index):
    """A year written earlier in the sentence is not the figure's when the figure's clause writes
    its own; with none in its clause, the sentence's years before it are."""
    sent = "延續二○二一年的成長動能，青峰科學園區二○二二年營業額較二○二一年成長十三%。"
    assert "period" in _missing(undated_index, "青峰科學園區2021年營業額成長多少？", sent, "十三%")
    assert "period" not in _missing(undated_index, "青峰科學園區2022年營業額成長多少？", sent, "十三%")
    both = "2021年，青峰科學園區營業額6220億元，2022年達7000億元。"
    listed = "2021年和2022年青峰科學園區營業額分別為6220億元、7000億元。"  # a list of years governs both
    assert "period" not in _missing(undated_index, "青峰科學園區2021年營業額是多少？", listed, "6220億元")
    assert "period" not in _missing(undated_index, "青峰科學園區2021年營業額是多少？", both, "6220億元")
    assert "period" in _missing(undated_index, "青峰科學園區2021年營業額是多少？", both, "7000億元")
    named = "1990年，青峰隊擊敗沙舍夫斯基執教的杜克大學，1991年再次奪冠。"  # no figure: any year of it
    a = V.asked("1990年青峰隊擊敗了哪個教練執教的杜克大學？", "person", lang="Hant")
    assert "period" not in V.check(a, undated_index.lexical, named, "", span(named, "沙舍夫斯基"), kind="person",
                                   document=match_form(UNDATED + named)).missing
    later = "2021年青峰科學園區營業額稍微衰退而2022年可望達成8000億元。"  # the nearer year governs
    assert "period" in _missing(undated_index, "青峰科學園區2021年營業額是多少？", later, "8000億元")


def test_a_figure_of_the_year_compared_with_is_that_years(undated_index):
    sent = "去年青峰科學園區營業額為1兆9664億元，比前年的1兆7510億元多出2153億元。"
    doc = match_form(UNDATED + sent)

    def missing(question, figure):
        return V.check(V.asked(question, "figure"), undated_index.lexical, sent, "", span(sent, figure),
                       doc_date="2008-01-30", kind="figure", document=doc).missing

    assert "period" not in missing("2006年青峰科學園區營業額是多少？", "1兆7510億元")
    assert "period" in missing("2006年青峰科學園區營業額是多少？", "1兆9664億元")
    assert "period" not in missing("2007年青峰科學園區營業額是多少？", "1兆9664億元")


def test_a_year_asked_relative_to_the_report_is_read_against_its_date(undated_index):
    """明年 asked of a report of 2019 is 2020: this year's figure (今年, or 2019年) does not answer it."""
    sent = "今年青峰新材料项目预计产量20万吨。"
    doc = match_form(UNDATED + sent)

    def missing(question, date="2019-05-02", lang="Hans"):
        return V.check(V.asked(question, "figure", lang=lang), undated_index.lexical, sent, "", span(sent, "20万吨"),
                       doc_date=date, kind="figure", document=doc).missing

    assert "period" in missing("青峰新材料项目明年预计产量是多少？")
    assert "period" in missing("截至去年年底，青峰新材料项目产量是多少？")
    assert "period" in missing("What output does the 青峰新材料项目 expect next year?", lang="en")
    assert "period" not in missing("青峰新材料项目今年预计产量是多少？")
    assert "period" in missing("青峰新材料项目明年预计产量是多少？", date=None)  # undated: its 今年 is not 明年
    plain = "青峰新材料项目预计产量20万吨。"  # undated, and no year written: cannot be told
    assert "period" not in V.check(V.asked("青峰新材料项目明年预计产量是多少？", "figure"), undated_index.lexical, plain,
                                   "", span(plain, "20万吨"), kind="figure", document=match_form(UNDATED + plain)).missing
    # unless the report writes no year as a number, and not the one asked relative to it either
    for report, refused in (("今年项目建设提速。", True), ("去年项目建设提速。", False), ("", True)):
        got = V.check(V.asked("青峰新材料项目去年产量是多少？", "figure"), undated_index.lexical, plain, "",
                      span(plain, "20万吨"), kind="figure", document=match_form(report + plain)).missing
        assert ("period" in got) == refused, (report, got)
    assert V.asked("青峰新材料项目产量比去年增长多少？", "figure").relative is None  # the year compared with
    assert V.asked("青峰新材料项目当年产量多少？", "figure").relative is None  # that year, no report's


def test_a_year_glossed_after_the_one_compared_with_is_not_the_period():
    """較去年同期(107年1到2月): 107年 glosses the year compared with, so the sentence's period is not 2018."""
    assert V._years(match_form("營業額約1319億元，較去年同期(107年1到2月)的1094億元"), "2019-04-02", True) == []
    assert [y for _, y in V._years(match_form("107年1到2月營業額約1094億元"), "2019-04-02", True)] == ["2018"]


def test_a_zones_project_is_named_without_it_in_its_districts_report(undated_index):
    """江都经开区纳力新材料项目 asked of a report the 江都区 government published, which writes
    开发区 and 纳力新材料项目 alone; a report of another place is no evidence."""
    sent = "纳力新材料项目二期计划投资112亿元。"
    question = "江都经济开发区纳力新材料项目二期计划投资多少？"
    own = match_form("江都区人民政府\n位于开发区的纳力新材料项目加快建设。" + sent)
    other = match_form("白鹭县人民政府\n位于开发区的纳力新材料项目加快建设。" + sent)
    for document, refused in ((own, False), (other, True)):
        missing = V.check(V.asked(question, "figure"), undated_index.lexical, sent, "", span(sent, "112亿元"),
                          kind="figure", row_subject="纳力新材料项目二期", document=document).missing
        assert ("subject" in missing) == refused


def test_an_english_month_or_whole_year_asked_is_a_period(undated_index):
    """in March 2019 is that month, not 1到2月; over the whole of last year is the full year."""
    a = V.asked("What was the revenue of 青峰科學園區 in March 2019?", "figure", lang="en")
    assert (a.year, a.period) == ("2019", "3-3月")
    sent = "青峰科學園區2019年1到2月營業額約1319億元。"
    assert "period" in V.check(a, undated_index.lexical, sent, "", span(sent, "1319億元"), kind="figure",
                               document=match_form(UNDATED + sent)).missing
    assert V.asked("What revenue had it made by the end of March 2019?", "figure", lang="en").period is None
    assert V.asked("How many projects were signed over the whole of last year?", "figure", lang="en").period == "全年"


def test_an_english_count_asks_the_act_it_names():
    """How many projects were newly introduced: 新引进项目270个 counts what was asked."""
    a = V.asked("How many projects has the 珠海高新区 newly introduced this year?", "figure", lang="en")
    assert {"引进", "新增"} <= a.acts
    assert "签约" in V.asked("How many projects were signed at the 珠海高新区 ceremony?", "figure", lang="en").acts
    assert V.asked("How many firms are there in the 珠海高新区?", "figure", lang="en").acts == set()


def test_a_growth_asked_in_money_is_an_amount_changed_by(undated_index):
    """Revenue growth asked: 营业额达5.8兆元 is the revenue itself; 较上年增加5483亿元 is the growth."""
    total, grew = "2023年青峰科學園區營業額達5.8兆元。", "2023年青峰科學園區營業額較上年增加5483亿元。"
    question = "What was the revenue growth of 青峰科學園區 in 2023?"
    a = V.asked(question, "figure", lang="en")
    assert a.change
    doc = match_form(UNDATED + total + grew)
    for sent, figure, refused in ((total, "5.8兆元", True), (grew, "5483亿元", False)):
        missing = V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure", document=doc).missing
        assert ("metric" in missing) == refused
    assert not V.asked("青峰高新区上半年实现工业增加值多少？", "figure").change  # 增加值 is a metric, not a change


def test_items_of_a_series_share_the_metric_its_head_names(undated_index):
    """竹科…營業總額中占1兆6,132億元；中科1兆1,698億元；: the second item is 中科's revenue too."""
    ctx = "國科會表示，2022年竹科在4兆2,664億元的營業總額中占1兆6,132億元；"
    sent = "中科1兆1,698億元，成長13.00%；"
    doc = match_form(UNDATED + ctx + sent)

    def missing(question):
        return V.check(V.asked(question, "figure", lang="Hant"), undated_index.lexical, sent, match_form(ctx),
                       span(sent, "1兆1,698億元"), kind="figure", document=doc).missing

    assert missing("中科2022年營業額多少？") == []
    assert missing("中部科學工業園區2022年營業額多少？") == []  # named in full, as the short form's park
    assert "metric" in missing("中科2022年出口額多少？")
    assert "subject" in missing("南部科學園區2022年營業額多少？")  # 中科 is named last


def test_land_worked_on_is_no_sites_area(undated_index):
    """完成平场900亩 is land levelled this year, not the park's planned area; asked for, it answers."""
    levelled = "赤霞湾经开区完成平场900亩，新建道路2.5公里。"
    planned = "赤霞湾经开区规划用地面积250亩。"
    assert "metric" in _missing(undated_index, "赤霞湾经开区的规划面积是多少亩？", levelled, "900亩")
    assert "metric" not in _missing(undated_index, "赤霞湾经开区的规划面积是多少亩？", planned, "250亩")
    assert "metric" not in _missing(undated_index, "赤霞湾经开区完成平场多少亩？", levelled, "900亩")
    assert V.asked("How much land did 赤霞湾经开区 put into land reserve?", "figure", lang="en").metric == "land_work"


def test_a_park_known_by_its_short_form_is_the_one_last_named(undated_index):
    """A report on several parks known by short forms (竹科, 中科) gives each its figures in turn."""
    ctx = "國科會表示，新竹科學園區、中部科學園區及南部科學園區上半年營收創新高。"
    sent = "竹科組長報告，新引進16家公司；中科組長說，新引進9家。"
    doc = match_form(UNDATED + ctx + sent)

    def missing(question, figure):
        return V.check(V.asked(question, "figure", lang="Hant"), undated_index.lexical, sent, ctx,
                       span(sent, figure), kind="figure", document=doc).missing

    assert "subject" in missing("中科上半年新引進多少家廠商？", "16家")
    assert "subject" not in missing("中科上半年新引進多少家廠商？", "9家")
    assert "subject" not in missing("竹科上半年新引進多少家廠商？", "16家")


def test_a_count_names_what_it_counts_before_its_question_word(undated_index):
    """新投資及增資案合計有幾家: the cases are counted (22家 of them), not firms."""
    a = V.asked("青峰園區106年度辦理的新投資、擴廠及增資案合計有幾家？", "figure", lang="Hant")
    assert a.counted == "案"
    sent = "青峰園區共辦理新投資、擴廠及增資案合計22家。"
    assert "unit" not in V.check(a, undated_index.lexical, sent, "", span(sent, "22家"), kind="figure").missing
    assert V.asked("青峰园区有多少家企业？", "figure").counted == "企业"


def test_jobs_are_counted_in_people_or_in_posts(undated_index):
    a = V.asked("青峰园区预计新增多少个就业岗位？", "figure")
    assert a.unit_class == "people"
    for sent, figure in (("青峰园区预计新增就业岗位3600人。", "3600人"), ("青峰园区建成后可提供3000余个就业岗位。", "3000余个")):
        assert "unit" not in V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure").missing
    sent = "青峰园区已入驻企业36个。"
    assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, "36个"), kind="figure").missing


def test_an_industry_is_named_without_a_de(undated_index):
    """多大年产值的产业集群 asks a project's output; 值的 is no industry."""
    assert V.asked("溪谷机器人项目达产后预计形成多大年产值的产业集群？", "figure").sector_word is None


def test_a_groups_figure_is_not_one_named_members(undated_index):
    """A name asked (no entity word: 竹科) and a group's figure (3大科学园区, or its members listed
    before it): the group's, not the name's."""
    for sent in ("國科會表示，3大科學園區101年營業額達新台幣2兆41億元。",
                 "竹峰、中峰、南峰等3大科學園區營業額加總為4兆2,664億元。"):
        fig = re.findall(r"[\d兆,]+億元", sent)[0]
        assert "subject" in _missing(undated_index, "What was the revenue of 南峰 in 2012?", sent, fig)
    sent = "南峰局長表示，去年南峰營業額為3233億元。"
    assert "subject" not in _missing(undated_index, "What was the revenue of 南峰 in 2012?", sent, "3233億元")


def test_a_change_is_not_the_quantity_asked(undated_index):
    sent = "青峰园区营业额为4兆2,664亿元，较2021年增加5,483亿元。"
    assert "metric" in _missing(undated_index, "青峰园区营业额是多少？", sent, "5,483亿元")
    assert "metric" not in _missing(undated_index, "青峰园区营业额比2021年增加了多少？", sent, "5,483亿元")
    assert "metric" not in _missing(undated_index, "青峰园区营业额是多少？", sent, "4兆2,664亿元")


def test_a_days_event_is_of_its_month(undated_index):
    """4月24日，39个项目签约: that day's figure, in the second quarter, not the first."""
    sent = "4月24日上午，青峰园区39个重大投资合作项目现场集中签约。"

    def missing(question):
        return V.check(V.asked(question, "figure"), undated_index.lexical, sent, "", span(sent, "39个"),
                       kind="figure", document=sent).missing

    assert "period" in missing("青峰园区一季度签约多少个项目？")
    assert "period" not in missing("青峰园区上半年签约多少个项目？")


def test_english_metrics_read_the_longest_chinese_word():
    a = V.asked("What is the total floor area of the Qingfeng Park (青峰园)?", "figure", "What is the total floor "
                "area of the Qingfeng Park (青峰园)? 建筑面积", lang="en")
    assert a.metric == "floor_area" and a.metric_alts == set()  # 面积 inside 建筑面积 is no other metric
    assert V.asked("What was Qingfeng Zone's industrial output in 2011?", "figure", lang="en").metric == "output"
    assert V.asked("What was Qingfeng Zone's output for the full year 2011?", "figure", lang="en").period == "全年"
    assert V.asked("白鹭湾签约项目达产后预计年开票销售多少？", "figure").metric == "revenue"


def test_an_english_question_naming_its_subject_in_brackets_asks_a_figure():
    from rag.answer.question import question_kind
    assert question_kind("what was the southern taiwan science park's (南科) revenue in 2022?") == "figure"
    # the quantity named before the verb: what annual output value are the projects expected to deliver?
    assert question_kind("what annual output value are the 16 projects (青峰项目) expected to deliver?") == "figure"
    assert question_kind("what industries does the park focus on?") == "entity"
    # a quantity word further on is not asked: what has been the reason inequality harms growth?
    assert question_kind("what has been the main reason for the view that inequality harms growth?") == "entity"


def test_an_english_count_of_any_plural_is_a_number_never_money(undated_index):
    a = V.asked("How many village households will the Qingfeng seawall project (青峰海堤工程) resettle?", "figure", lang="en")
    assert a.unit_class == "number"
    assert V.asked("How many tons of steel will the plant make?", "figure", lang="en").unit_class == "capacity"
    assert V.asked("How many incubation-programme start-ups graduated?", "figure", lang="en").unit_class == "number"
    sent = "青峰海堤工程总投资8856万元。"
    assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, "8856万元"), kind="figure").missing
    sent = "青峰海堤工程需安置村民409户，共出动2000名工人。"
    for figure in ("409户", "2000名"):  # any measure word counts
        assert "unit" not in V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure").missing
    sent = "青峰海堤工程一期将建设6GWh电芯生产线。"
    assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, "6GWh"), kind="figure").missing


def test_a_counted_groups_figure_is_not_a_parks_it_does_not_name(undated_index):
    doc = "高雄园区及青峰园区等11个基地已建成。去年三个科学园区的总营业额为1兆9664亿元，比前年的1兆7510亿元多出2153亿元。"
    sent = doc[doc.index("去年"):]
    a = V.asked("青峰园区去年的营业额是多少？", "figure")
    for figure in ("1兆9664亿元", "1兆7510亿元"):  # the document names the park, but not as this figure's
        assert "subject" in V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure",
                                    document=doc).missing
    sent = "去年三个科学园区中，青峰园区营业额为1兆1418亿元。"
    assert "subject" not in V.check(a, undated_index.lexical, sent, "", span(sent, "1兆1418亿元"), kind="figure",
                                    document=sent).missing


def test_taiwans_square_metre_is_the_square_metre(undated_index):
    from rag.figures import find_figures
    assert [(f.unit, f.value) for f in find_figures("3.5万平方公尺")] == [("平方米", 35000.0)]
    a = V.asked("108年已開發完成的工業區可租售設廠面積多少平方公尺？", "figure", lang="Hant")
    assert (a.unit_class, a.unit_named, a.year) == ("area", "平方米", "2019")
    sent = "已開發完成的工業區可租售設廠面積7302公頃。"
    assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, "7302公頃"), kind="figure").missing



def test_a_qualified_role_and_a_list_of_one_persons_roles_keep_their_organisation(undated_index):
    """常务副县长 names no organisation; in 白鹭县县委常委、常务副县长杨军 the first role names it."""
    a = V.asked("白鹭县常务副县长是谁？", "person")
    for sent in ("县委常委、常务副县长陶学功主持仪式，介绍了白鹭县情概况。",
                 "青禾公司董事长杨杰，白鹭县县委常委、常务副县长杨军出席。"):
        name = "陶学功" if "陶学功" in sent else "杨军"
        assert "subject" not in V.check(a, undated_index.lexical, sent, "", span(sent, name), kind="person",
                                        document=sent).missing
    sent = "青禾公司董事长杨杰，溪口县县委常委、常务副县长杨军出席。"
    assert "subject" in V.check(a, undated_index.lexical, sent, "", span(sent, "杨军"), kind="person",
                                document=sent + "白鹭县").missing


def test_a_post_asked_is_answered_by_a_post(undated_index):
    a = V.asked("带队到白鹭考察工业园区的严永超是什么职务？", "entity")
    assert a.post and a.subjects == []  # 带队到…考察 describes the person; it opens no park's name
    sent = "溪口区委副书记严永超一行分别到落户我县的青禾工业园、洋派食品有限公司进行考察。"
    assert "role" in V.check(a, undated_index.lexical, sent, "", span(sent, "青禾工业园、洋派食品有限公司"),
                             kind="entity").missing
    assert "role" not in V.check(a, undated_index.lexical, sent, "", span(sent, "溪口区委副书记"), kind="entity").missing


def test_english_periods_with_hyphens_and_month_names_and_a_chinese_month():
    assert V.asked("What did the county (白鹭县) start in its second-quarter 2024 ceremony?", "figure", lang="en").period == "二季度"
    assert V.asked("What was the trade of the zones in January–March?", "figure", lang="en").period == "1-3月"
    assert V.asked("白鹭县9月份集中签约的协议总投资是多少？", "figure").period == "9-9月"
    assert V.asked("白鹭县1-9月份营收多少？", "figure").period == "前三季度"


def test_a_currency_named_is_checked_whatever_else_is_asked(undated_index):
    a = V.asked("In US dollars, what was the total import and export value of the Qingfeng zones (青峰经开区)?",
                "other", lang="en")
    sent = "青峰经开区实现进出口总额979.7亿元。"
    assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, "979.7亿元"), kind="other").missing
    from rag.answer.question import question_kind
    assert question_kind("in us dollars, what was the total import and export value of the zones?") == "figure"


def test_a_clause_about_a_park_is_not_a_companys_figure(undated_index):
    """今年1—3月，我县工业园区实现工业总产值76.61亿元: the park's output, not a company's in it."""
    sent = "今年1—3月，我县工业园区实现工业总产值76.61亿元，同比增加20.4%。"
    doc = "青禾食品有限公司落户白鹭县工业园区。" + sent
    a = V.asked("青禾食品有限公司一季度产值是多少？", "figure")
    assert "subject" in V.check(a, undated_index.lexical, sent, "", span(sent, "76.61亿元"), kind="figure",
                                document=doc).missing
    a = V.asked("白鹭工业园区一季度产值是多少？", "figure")  # the report's own county's park may be the one asked
    assert "subject" not in V.check(a, undated_index.lexical, sent, "", span(sent, "76.61亿元"), kind="figure",
                                    document=doc).missing


def test_a_single_month_written_is_a_period(undated_index):
    """10月份重点招商项目集中签约: the October batch holds no September figure."""
    doc = "10月30日，白鹭县举行10月份重点招商项目集中签约仪式。白鹭县5个项目集中签约总投资23.2亿元。"
    sent = "白鹭县5个项目集中签约总投资23.2亿元。"
    assert V.month_spans("10月份重点招商项目") == {(10, 10)} and V.month_spans("1-10月份营收") == {(1, 10)}

    def missing(question):
        return V.check(V.asked(question, "figure"), undated_index.lexical, sent, "", span(sent, "23.2亿元"),
                       kind="figure", document=doc).missing

    assert "period" in missing("白鹭县9月份集中签约的协议总投资是多少？")
    assert "period" not in missing("白鹭县10月份集中签约的协议总投资是多少？")


def test_a_unit_named_gives_the_class_asked(undated_index):
    a = V.asked("How large is the site of the Qingfeng ore project (青峰矿石精加工项目), in square metres?", "other",
                lang="en")
    assert (a.unit_class, a.unit_named) == ("area", "平方米")
    sent = "青峰矿石精加工项目年产矿石精加工30余万吨。"
    assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, "30余万吨"), kind="other").missing


def test_a_share_asked_is_of_the_metric_before_zhan(undated_index):
    a = V.asked("青峰6家经开区的进出口总额占全省经开区的比重是多少？", "figure")
    assert (a.metric, a.unit_class) == ("trade", "percent")
    sent = "6家经开区规上工业总产值占全省经开区的59.1%、进出口总额占75.9%。"
    assert "metric" not in V.check(a, undated_index.lexical, sent, "", span(sent, "75.9%"), kind="figure").missing
    assert "metric" in V.check(a, undated_index.lexical, sent, "", span(sent, "59.1%"), kind="figure").missing


def test_zhi_counts_projects_and_taxable_sales_are_revenue():
    a = V.asked("经开区本次16只集中开工的重大项目，全部达产后预计可实现年应税销售多少？", "figure")
    assert (a.group, a.metric, a.names) == ("16", "revenue", [])  # 开区 is a piece of 经开区, no name


def test_the_pinyin_syllables_are_those_lazy_pinyin_writes():
    """The syllable table, read off pypinyin's readings, is the set its conversion gives."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PINYIN_DICT

    assert V._syllables() == set(lazy_pinyin("".join(chr(c) for c in PINYIN_DICT), style=Style.NORMAL))


def test_an_english_questions_pinyin_names_must_be_in_the_report():
    """The Tianzhu Jinquan zone asked in English: a report on 天祝金强工业集中区 does not name it."""
    q = "What was the total industrial output value of the Tianzhu Jinquan Industrial Concentration Zone last year?"
    assert V.pinyin_names(q) == ["tianzhu", "jinquan"]
    report = V._document_pinyin("d-test", "天祝金强工业集中区去年完成工业总产值62.32亿元。")
    assert "tianzhu" in report and "jinquan" not in report
    # names not spelt in pinyin, questions outside the domain and questions with Han characters are left alone
    assert V.pinyin_names("What is the revenue of the Hsinchu Science Park?") == []
    assert V.pinyin_names("When did Polonia Warsaw win the championship?") == []
    assert V.pinyin_names("What is the output of the Tianzhu zone (天祝金强工业集中区)?") == []


OPENING = (
    "长河经开区秋季重点项目集中开工\n2024-10-20 来源：长河日报\n"
    "长河经开区于10月19日举行秋季重点项目集中开工仪式，集中开工项目16个，总投资86亿元。\n"
    "青峰集团长河有限公司总经理邹明远、铁开微纳米科技开发有限公司总经理郑志国代表企业致辞。\n"
)


@pytest.fixture(scope="module")
def opening_index(tmp_path_factory):
    return corpus_index(tmp_path_factory.mktemp("opening"), {"opening.txt": OPENING})


def test_an_english_question_spelling_a_firm_asks_its_role_holder_not_anothers(opening_index):
    """Qingfeng's general manager asked in English: 铁开公司总经理郑志国 holds the role for another firm."""
    q = "Who is the general manager of Qingfeng Group Changhe Co., Ltd.?"
    a = V.asked(q, "person", lang="en")
    assert a.role == "总经理" and a.spelt == ["qingfeng", "changhe"]
    sent = OPENING.splitlines()[3]
    doc = next(d for d in opening_index.documents.values() if d.name == "opening.txt")
    s = next(x for x in doc.sentences if "郑志国" in x.text)
    from rag.answer.question import analyze

    qq = analyze(opening_index, q)
    other = V.evidence_verdict(opening_index, qq, a, s, span(sent, "郑志国"))
    assert "subject" in other.missing
    assert V.evidence_verdict(opening_index, qq, a, s, span(sent, "邹明远")).ok


def test_an_english_question_reads_its_role_from_its_gloss_and_no_metric_from_a_name():
    a = V.asked("Who heads the administrative committee of Qingfeng New Area (青峰新区管委会主任)?", "person", lang="en")
    assert (a.role, a.metric) == ("管委会主任", None)  # Area is the name's word, no metric
    assert V.asked("Who heads the Qingfeng company?", "person", lang="en").role == "负责人"  # heads: head
    assert V.asked("What is the planned area of the Qingfeng park?", "figure", lang="en").metric == "area"


def test_a_place_on_the_field_is_no_post():
    assert not V.asked("罗迪奇在场上担任什么位置？", "entity").post
    assert V.asked("严永超担任什么职务？", "entity").post


def test_taiwan_s_words_for_growth_ask_a_change():
    """成長 is Taiwan's 增长: 營業額的成長幅度 asks a growth, not the revenue."""
    for question in ("中科園區2021年營業額的成長幅度是多少？", "南科2023年營業額成長多少？"):
        a = V.asked(question, "figure")
        assert (a.metric, a.unit_class, a.change) == ("growth", "change", True), question
    assert V.asked("竹科2021年營業額是多少？", "figure").metric == "revenue"


def test_a_project_asked_with_its_zone_is_found_without_it_in_a_report_on_that_zone(undated_index):
    """A report on a zone names its projects without the zone: 紫金港经开区蓝鲸新材料项目 asked,
    the report writes 蓝鲸新材料项目 in the sentence before the answer's."""
    ctx = "蓝鲸新材料项目一期投资11亿元，布局复合集流体产线。"
    sent = "二期计划投资12亿元，预计2026年全面达产。"

    def missing(question, title):
        return V.check(V.asked(question, "date"), undated_index.lexical, sent, ctx, span(sent, "2026年"),
                       kind="date", document=match_form(title + ctx + sent)).missing

    asked = "紫金港经开区蓝鲸新材料项目预计哪一年全面达产？"
    assert "subject" not in missing(asked, "紫金港：重点项目巡礼\n")
    assert "subject" in missing(asked, "青岚：重点项目巡礼\n")  # a report on another zone


def test_a_brand_of_common_words_is_a_name_of_its_own(undated_index):
    """合力盛食品加工项目 (合力|盛, a word and a character) is another project than 新旺食品项目,
    not a category: its figure is not the asked one's."""
    assert V._distinctive("合力盛食品加工项目") and not V._distinctive("重点产业项目")
    sent = "其中，合力盛食品加工项目拟总投资1.2亿元，用地约40亩。"
    assert "subject" in _missing(undated_index, "新旺食品项目总投资多少？", sent, "1.2亿元")
    assert "subject" not in _missing(undated_index, "合力盛食品加工项目总投资多少？", sent, "1.2亿元")


def test_a_kind_of_zone_asked_at_one_level_is_not_answered_by_another_levels_figure(undated_index):
    sent = "营业收入中，8个国家高新区实现营业收入7831.36亿元，省级高新区实现营业收入6146.10亿元。"
    assert "subject" not in _missing(undated_index, "省级高新区上半年实现营业收入多少？", sent, "6146.10亿元")
    assert "subject" in _missing(undated_index, "省级高新区上半年实现营业收入多少？", sent, "7831.36亿元")
    assert "subject" not in _missing(undated_index, "国家高新区上半年实现营业收入多少？", sent, "7831.36亿元")
    whole = "上半年全省高新区实现工业增加值1902.36亿元，同比增长17.57%。"
    assert "subject" in _missing(undated_index, "省级高新区上半年实现工业增加值多少？", whole, "1902.36亿元")
    assert "subject" not in _missing(undated_index, "全省高新区上半年实现工业增加值多少？", whole, "1902.36亿元")


def test_a_place_s_head_without_the_place_heads_the_place_of_that_level_last_named(undated_index):
    """县长林明溱 after 南投县 was named, with a 工业区 between: the county's head."""
    sent = "南投县的好山好水吸引企业投资，中兴园区与南岗工业区近期传多家厂商投资设厂，县长林明溱乐见其成。"
    q = "南投县县长是谁？"
    at = span(sent, "林明溱")
    check = V.check(V.asked(q, "person"), undated_index.lexical, sent, "", at, kind="person",
                    document=match_form(UNDATED + sent))
    assert "subject" not in check.missing
    other = "南投县的好山好水吸引企业投资，邻近的竹山县也在招商，县长林明溱乐见其成。"  # another 县 between
    check = V.check(V.asked(q, "person"), undated_index.lexical, other, "", span(other, "林明溱"),
                    kind="person", document=match_form(UNDATED + other))
    assert "subject" in check.missing


def test_an_occasion_opening_a_name_is_not_part_of_it():
    """浙洽会上义甬舟开放大通道签约项目: the projects signed at the fair, named after 会上."""
    assert V.asked("第十九届浙洽会上义甬舟开放大通道签约项目总投资是多少？", "figure").subjects == [
        "义甬舟开放大通道签约项目"]


def test_a_common_noun_asked_of_its_owner_takes_the_figure_table_s_row(undated_index):
    """宝成集团……设立占地7公顷的制鞋设计研发基地: the row is the 研发基地 asked, and its owner is the
    company named last before the figure."""
    sent = "包括全球最大的制鞋业「宝成集团」，要到中兴新村高等研究园区投资17亿，设立占地7公顷的制鞋设计研发基地。"
    a = V.asked("宝成集团在中兴新村设立的制鞋设计研发基地占地多少？", "figure")
    check = V.check(a, undated_index.lexical, sent, "", span(sent, "7公顷"), row_subject="制鞋设计研发基地",
                    kind="figure", document=match_form(UNDATED + sent))
    assert "subject" not in check.missing
    other = "全球最大的制鞋业「宝成集团」之外，新纬鸿鑫科技公司也要设立占地7公顷的制鞋设计研发基地。"
    check = V.check(a, undated_index.lexical, other, "", span(other, "7公顷"), row_subject="制鞋设计研发基地",
                    kind="figure", document=match_form(UNDATED + other))
    assert "subject" in check.missing  # the company named last before it is another one


def test_jobs_written_as_work_opportunities_and_money_without_yuan(undated_index):
    """工作机会 counts jobs (Taiwan's word); 总投资162亿 is money; 20年 answers no how many trees."""
    assert "unit" not in _missing(undated_index, "旺来产业园区预计可提供多少个就业岗位？",
                                  "旺来产业园区今年将有15家工厂进驻，估计可提供500个工作机会。", "500个")
    assert not {"unit", "metric"} & set(_missing(undated_index, "费县集中签约的16个项目总投资多少？",
                                                 "费县16个项目集中签约，总投资162亿！", "162亿"))
    assert "unit" in _missing(undated_index, "How many trees will be planted at the new plant?",
                              "以有20年历史的育仟企业为例，新厂将种植59棵乔木。", "20年")


def test_an_english_metric_word_inside_a_glossed_name_is_none():
    a = V.asked("How many jobs have been added since its investment service center (招商服务中心) was set up?",
                "figure", lang="en")
    assert (a.metric, a.change) == ("jobs", True)  # added: a change, as 增加 is
    assert V.asked("What is the fixed-asset investment of the zone?", "figure", lang="en").metric == "fixed_investment"
    assert V.asked("What is the floor area (建筑面积) of the park?", "figure", lang="en").metric == "floor_area"
    assert not V.asked("What was the industrial added value of the zone?", "figure", lang="en").change
    a = V.asked("What was the year-on-year growth of the park's revenue in 2021?", "figure", lang="en")
    assert (a.metric, a.unit_class, a.metric_alts) == ("growth", "change", {"revenue"})


def test_a_figure_the_table_gives_another_named_project_is_not_the_one_asked(undated_index):
    """项目总占地面积约211亩: the figure table gives it to 中小企业创新创业产业园项目, and nothing near
    it names the park asked."""
    sent = "项目总占地面积约211亩，建筑面积约21.5万平方米，总投资5亿元。"
    a = V.asked("富士康晋城科技工业园的建筑面积是多少？", "figure")
    doc = match_form(UNDATED + "富士康晋城科技工业园位于开发区。" + sent)

    def missing(ctx):
        return V.check(a, undated_index.lexical, sent, ctx, span(sent, "约21.5万平方米"),
                       row_subject="中小企业创新创业产业园项目", kind="figure", document=doc).missing

    assert "subject" in missing("中小企业创新创业产业园项目开工。")
    assert "subject" not in missing("富士康晋城科技工业园项目开工。")  # the park asked is named just before
    # so for a firm asked: 既有…现代服务业项目，总投资达625亿元 is the group's, which the passage never ties to it
    sent = "其中，既有先进制造业项目，又有战略性新兴产业、现代服务业项目，总投资达625亿元。"
    a = V.asked("青墨产城发展集团有限公司此次签约的项目总投资是多少？", "figure")
    doc = match_form(UNDATED + "青墨产城发展集团有限公司等企业参加签约。" + sent)
    for ctx, refused in (("此次共签约项目28个。", True), ("青墨产城发展集团有限公司签约两个项目。", False)):
        got = V.check(a, undated_index.lexical, sent, ctx, span(sent, "625亿元"), row_subject="现代服务业项目",
                      kind="figure", document=doc).missing
        assert ("subject" in got) == refused, ctx


def test_bylines_month_ranges_and_money_without_yuan_named_after_it(undated_index):
    """四川在线记者 燕巧 (a byline's space); 1月至8月 is the 1至8月 asked; 吸引208亿投资额 and
    营业额达4860.64亿 are money."""
    sent = "四川在线记者 燕巧1月4日，重大项目集中开工广元分会场活动举行。"
    assert V._role_bound("记者", sent, span(sent, "燕巧"))
    assert V.month_spans("今年1月至8月新增210家投资案") == {(1, 8)}
    sent = "今年1月至8月新增210家投资案，吸引208亿投资额，营业额达4860.64亿，创造400亿产值。"
    for figure, cls in (("208亿", "money"), ("4860.64亿", "money"), ("400亿", "money")):
        fig = next(f for f in V.find_figures(sent) if f.text == figure)
        assert V.unit_class(fig, sent[fig.end:]) == cls, figure
    fig = next(f for f in V.find_figures("新增企业3万") if f.text == "3万")
    assert V.unit_class(fig, "") is None  # no metric: no class


def test_a_figure_the_question_writes_is_no_answer(undated_index):
    """东部地区103家国家级经开区拥有多少家高新技术企业: 103家 is the question's own figure, and 家 in
    国家 counts no firms."""
    sent = "东部地区103家国家级经开区地区生产总值9.3万亿元。"
    assert "unit" in _missing(undated_index, "2023年东部地区103家国家级经开区拥有多少家高新技术企业？", sent, "103家")
    fig = next(f for f in V.find_figures(sent) if f.text == "103家")
    assert not V._counted_fits("企业", sent, fig)


def test_a_region_s_zones_are_not_answered_by_the_nation_s_and_r_and_d_and_levelled_land_are_metrics(undated_index):
    sent = "2023年，全国229家国家级经开区地区生产总值15.7万亿元，西部地区46家国家级经开区地区生产总值2.1万亿元。"
    q = "2023年西部地区国家级经开区地区生产总值是多少？"
    assert "subject" in _missing(undated_index, q, sent, "15.7万亿元")
    assert "subject" not in _missing(undated_index, q, sent, "2.1万亿元")
    assert "subject" in _missing(undated_index, q, "48家国家级经开区生产总值达63403亿元。", "63403亿元")  # no region
    assert V.asked("中部科学工业园区2022年营业额多少？", "figure").region is None  # a park's name
    assert V.asked("52家国家高新区的研发投入是多少？", "figure").metric == "rd"
    assert "metric" in _missing(undated_index, "北延项目建成后可增加工业用地多少亩？",
                                "总投资1525.7万元的北延项目，已平整土地375亩。", "375亩")


def test_a_zone_is_named_only_with_its_kind(tmp_path):
    """漯河经开区 asked: a report on 漯河市's 临颍县 that names no 经开区 does not name it, though in a
    corpus where 经开区 is a common word 漯河 alone carries most of the name's weight."""
    from embeddings import get_embedder

    (tmp_path / "docs").mkdir()
    for i, place in enumerate(("青岚", "松涛", "赤霞", "白沙", "柳岸")):
        (tmp_path / "docs" / f"z{i}.txt").write_text(f"{place}经开区重点项目推进。\n{place}经开区新签约项目8个。\n",
                                                     encoding="utf-8")
    report = "漯河市临颍县重点项目推进。\n一季度计划新开工项目20个，目前已全部开工。\n"
    (tmp_path / "docs" / "report.txt").write_text(report, encoding="utf-8")
    build_index(tmp_path / "docs", tmp_path / "idx", get_embedder("fake-384"), progress=False)
    stats = load_index(tmp_path / "idx").lexical
    sent = "一季度计划新开工项目20个，目前已全部开工。"

    def missing(question, document):
        return V.check(V.asked(question, "figure"), stats, sent, "", span(sent, "20个"),
                       kind="figure", document=match_form(document)).missing

    assert "subject" in missing("漯河经开区一季度新开工项目多少个？", report)
    assert "subject" not in missing("漯河经开区一季度新开工项目多少个？", report.replace("漯河市临颍县", "漯河经开区"))


def test_a_list_item_takes_its_metric_from_the_list_s_heading():
    """2024三大园区营业额 above 南岭园区(南园):2兆2125亿元: the items share the heading's metric; a
    heading is short and has no stop, and prose before an item is none."""
    lines = ["园区整体表现亮眼。", "2024三大园区营业额", "北岭园区(北园):1兆5146亿元,年增 6.66%",
             "南岭园区(南园):2兆2125亿元,年增 39.55%"]
    assert V.list_head(lines) == "2024三大园区营业额"
    assert V.list_head(lines[:2]) == ""  # the heading itself is no item
    assert V.list_head(["园区整体表现亮眼，营业额再创新高。", lines[3]]) == ""
    a = V.asked("2024年南园的营业额是多少？", "figure")
    sent = lines[3]
    for head, missing in (("2024三大园区营业额", False), ("2024三大园区出口额", True), ("", True)):
        got = V.check(a, None, sent, "", span(sent, "2兆2125亿元"), kind="figure", head=head,
                      settings=V.VerifySettings(subject=False)).missing
        assert ("metric" in got) == missing, head


def test_funds_entrepreneurs_and_a_yearly_figure_for_a_cumulative_one(undated_index):
    """總開發經費 asks money (8年 is no answer); 50多家企业家 are people, not firms; 每年可创造102亿元产值
    answers no 10年累计 and 累计 no 每年."""
    a = V.asked("草屯工艺园区的总开发经费是多少？", "figure")
    assert (a.metric, a.unit_class) == (None, "money")
    sent = "鹭湖产业园区预计2029年完工，历时8年，今天50多家企业家到现场考察。"
    assert "unit" in _missing(undated_index, "鹭湖产业园区的总开发经费是多少？", sent, "8年")
    sent2 = "鹭湖产业园区开发完成后，创造每年约25亿元产值，总开发经费约50亿元。"
    assert "metric" in _missing(undated_index, "鹭湖产业园区的总开发经费是多少？", sent2, "约25亿元")
    assert not _missing(undated_index, "鹭湖产业园区的总开发经费是多少？", sent2, "约50亿元")
    assert "unit" in _missing(undated_index, "鹭湖产业园区预计引进多少家厂商？", sent, "50多家")
    assert "unit" not in _missing(undated_index, "鹭湖产业园区预计引进多少家厂商？",
                                  "鹭湖产业园区预计引进50多家企业。", "50多家")
    sent = "鹭湖产业园区建成后，估计每年可创造102亿元产值。"
    assert "period" in _missing(undated_index, "鹭湖产业园区预估10年累计可创造多少产值？", sent, "102亿元")
    assert "period" not in _missing(undated_index, "鹭湖产业园区预估每年可创造多少产值？", sent, "102亿元")
    assert "period" in _missing(undated_index, "鹭湖产业园区平均每年完成投资多少？",
                                "鹭湖产业园区累计完成投资36亿元。", "36亿元")
    assert V.asked("What output will the park create over the next 10 years?", "figure", lang="en").span == "cumulative"


def test_a_zone_that_qualifies_the_subject_is_named_in_the_report(undated_index):
    """赤霞湾古岭开发区…投产项目: the projects asked are any report's, but the zone beside them must be
    the report's too."""
    sent = "一季度新开工、竣工投产项目共37个，计划总投资59.97亿元。"
    for zone, missing in (("赤霞湾古岭开发区", True), ("赤霞湾开发区", False)):
        q = f"{zone}一季度新开工、竣工投产项目计划总投资是多少？"
        got = V.check(V.asked(q, "figure"), undated_index.lexical, sent, "", span(sent, "59.97亿元"),
                      row_subject="投产项目", row_category=True, kind="figure",
                      document=match_form("赤霞湾开发区一季度项目集中开工。" + sent)).missing
        assert ("subject" in got) == missing, zone


def test_parts_after_qizhong_share_the_event_and_a_person_asked_did_the_deed(undated_index):
    """其中…外资项目4个 follows 此次签约22个项目: the signing's parts; 由谁主持 is answered by who hosted,
    not by one who attended; an English gloss with a role names the role's body (禹城市委书记)."""
    sent = "其中制造业项目16个，涉及内资项目18个、外资项目4个。"
    a = V.asked("赤霞湾经开区此次集中签约涉及多少个外资项目？", "figure")
    ctx = "赤霞湾经开区此次签约22个重特大项目，总投资约360亿元。"
    at = span(sent, "4个")
    assert "event" not in V.check(a, None, sent, ctx, at, kind="figure", settings=V.VerifySettings(subject=False)).missing
    assert "event" in V.check(a, None, sent.replace("其中", ""), ctx, at, kind="figure",
                              settings=V.VerifySettings(subject=False)).missing
    a = V.asked("赤霞湾经开区项目集中签约仪式由谁主持？", "person")
    assert a.deed == "主持"
    off = V.VerifySettings(subject=False, event=False, period=False)
    for sent, name, missing in (("市委常委王立波，市商务局局长刘春生出席仪式；", "王立波", True),
                                ("区委副书记、区长田青青主持仪式。", "田青青", False)):
        assert ("role" in V.check(a, None, sent, "", span(sent, name), kind="person", settings=off).missing) == missing
    assert V.asked("Who hosted the signing ceremony of the zone?", "person", lang="en").deed == "主持"
    # a speaker is reported by what they stressed: 副局长…在会中强调
    a = V.asked("在招商成果发表会上致词的赤霞湾园区管理局副局长是谁？", "person")
    sent = "赤霞湾园区管理局副局长林承远在会中强调，将协助企业排除投资障碍。"
    assert V.check(a, None, sent, "", span(sent, "林承远"), kind="person", settings=off).ok
    for sent, spoke in (("赤霞湾园区管理局副局长林承远表示，将协助企业排除投资障碍。", True),  # what they said
                        ("赤霞湾园区管理局副局长林承远在仪式上说，将协助企业排除投资障碍。", True),
                        ("赤霞湾园区管理局副局长林承远：将协助企业排除投资障碍。", True),  # a transcript's speaker
                        ("赤霞湾园区管理局副局长林承远出席招商说明会。", False)):  # 说明会 is no speech
        assert V.check(a, None, sent, "", span(sent, "林承远"), kind="person", settings=off).ok == spoke
    assert V.asked("谁的报告指出赤霞湾的候鸟在十月迁徙？", "person").deed is None  # a report's author, no speaker
    a = V.asked("Who is the Party Secretary of Yucheng (禹城市委书记)?", "person", lang="en")
    assert (a.subjects, a.role) == (["禹城市委"], "书记")


def test_a_zone_name_holds_no_metric_and_new_counters_have_classes():
    """加工出口区 names a zone (its 出口 is no metric; 贸易额 is); 多少位 asks people, 多少场 and 多少笔
    count events and parcels, and a share written 8成 is a percentage."""
    assert V._metric_of(match_form("加工出口區109年1-11月貿易額是多少")) == ("trade", "贸易额")
    assert V._metric_of("福州台商投资区总投资多少") == ("investment", "总投资")
    assert V.asked("加工處培育多少位即戰力人才？", "figure").unit_class == "people"
    assert V.asked("加工區全年舉行多少場動土典禮？", "figure").unit_class == "count"
    sent = "鹭湖园区全年举行9场动土典礼，规划用地8.7公顷。"
    a = V.asked("鹭湖园区全年举行多少场动土典礼？", "figure")
    off = V.VerifySettings(subject=False, period=False, event=False)
    assert "unit" not in V.check(a, None, sent, "", span(sent, "9场"), kind="figure", settings=off).missing
    assert "unit" in V.check(a, None, sent, "", span(sent, "8.7公顷"), kind="figure", settings=off).missing
    a = V.asked("鹭湖园区的产业用地划分为多少笔土地？", "figure")
    assert "unit" in V.check(a, None, sent, "", span(sent, "8.7公顷"), kind="figure", settings=off).missing


def test_a_meeting_s_year_and_a_completion_year_are_no_period():
    """2022年工作会议上了解到，2021年… tells 2021's figures at a 2022 meeting; 2025年12月建成投产后年产值
    可达300亿元 answers an output asked for after completion of a project begun in 2024, but not 2024's
    output."""
    off = V.VerifySettings(subject=False, metric=False, unit=False, event=False)
    sent = "石化产业全年产值实现855.2亿元。"
    ctx = "记者从鹭湖开发区2022年工作会议上了解到。 去年，开发区招商引资实现新突破。"
    a = V.asked("2021年鹭湖开发区石化产业全年产值是多少？", "figure")
    assert "period" not in V.check(a, None, sent, ctx, span(sent, "855.2亿元"), "2022", kind="figure",
                                   settings=off, document=ctx + sent).missing
    a = V.asked("2023年鹭湖开发区石化产业全年产值是多少？", "figure")
    assert "period" in V.check(a, None, sent, ctx, span(sent, "855.2亿元"), "2022", kind="figure",
                               settings=off, document=ctx + sent).missing
    sent = "该项目2025年12月建成投产后，预计年产值可达300亿元。"
    ctx = "2024年第四季度重大项目开工活动主会场设在鹭湖玻璃项目现场。"
    at = span(sent, "300亿元")
    a = V.asked("2024年第四季度开工的鹭湖玻璃项目，建成投产后年产值预计可达多少？", "figure")
    assert a.projected
    assert "period" not in V.check(a, None, sent, ctx, at, kind="figure", settings=off, document=ctx + sent).missing
    a = V.asked("鹭湖玻璃项目2024年的年产值是多少？", "figure")
    assert "period" in V.check(a, None, sent, ctx, at, kind="figure", settings=off, document=ctx + sent).missing


def test_a_list_s_sum_taiwan_s_added_investment_and_an_undated_report_s_one_year(undated_index):
    """电子信息、汽车装备全年产值合计 answers no question about 电子信息 alone, but one asking the sum;
    總投增資額 is investment; an undated report that writes one year is that year's report."""
    off = V.VerifySettings(period=False, metric=False, unit=False, event=False)
    sent = "电子信息、汽车装备全年产值合计超过2500亿元。"
    ctx = "鹭湖开发区去年招商引资实现新突破。"
    at = span(sent, "超过2500亿元")
    for q, missing in (("鹭湖开发区电子信息产业全年产值是多少？", True),
                       ("鹭湖开发区电子信息和汽车装备产业全年产值合计是多少？", False)):
        got = V.check(V.asked(q, "figure"), undated_index.lexical, sent, ctx, at, kind="figure", settings=off,
                      document=match_form(ctx + sent)).missing
        assert ("subject" in got) == missing, q
    assert V._metric_of(match_form("中科總投增資額約多少")) == ("investment", "总投增资额")
    assert V.text_year("县委书记宣布全县2021年第一季度重大项目集中开工。今年第一季度开工项目12个。") == "2021"
    assert V.text_year("2020年开工8个，2021年开工12个。") is None
    sent = "今年第一季度集中开工的重大项目共有12个。"
    a = V.asked("鹭湖县2020年第一季度集中开工的重大项目共有多少个？", "figure")
    off = V.VerifySettings(subject=False, metric=False, unit=False, event=False)
    assert "period" in V.check(a, None, sent, "", span(sent, "12个"), "2021", kind="figure", settings=off,
                               document=sent).missing


def test_an_industry_s_figure_answers_for_no_other_industry_in_its_sentence(undated_index):
    """石化产业全年产值实现855.2亿元，…电子信息…: the figure is the petrochemical industry's, though
    the sentence names electronics after it."""
    off = V.VerifySettings(period=False, metric=False, unit=False, event=False)
    sent = "石化产业全年产值实现855.2亿元，增长19.8%，电子信息、汽车装备全年产值合计超过2500亿元。"
    ctx = "鹭湖开发区去年招商引资实现新突破。"
    at = span(sent, "855.2亿元")
    for q, missing in (("鹭湖开发区电子信息产业全年产值是多少？", True), ("鹭湖开发区石化产业全年产值是多少？", False)):
        got = V.check(V.asked(q, "figure"), undated_index.lexical, sent, ctx, at, kind="figure", settings=off,
                      document=match_form(ctx + sent)).missing
        assert ("subject" in got) == missing, q


def test_units_counters_phases_ranks_and_two_metrics_given_one_figure(undated_index):
    """多少箱 is not answered in 吨, 多少幅 not in 公頃, 多少坪 in 坪 and 多少平米 in 平米; 排第几位 asks a
    rank, not people; 二期 asked is not answered by 一期's figure, nor where the report names no
    二期; 營業額與出口額各約4000億 gives both metrics."""
    off = V.VerifySettings(subject=False, period=False, event=False, metric=False)

    def missing(q, sent, part, settings=off, document=""):
        sent = match_form(sent)
        return V.check(V.asked(q, "figure"), undated_index.lexical, sent, "", span(sent, match_form(part)),
                       kind="figure", settings=settings, document=match_form(document or sent)).missing

    assert "unit" in missing("项目建成后每年可生产多少箱薯片？", "项目建成后年产薯片1000吨。", "1000吨")
    assert "unit" not in missing("项目建成后每年可生产多少吨薯片？", "项目建成后年产薯片1000吨。", "1000吨")
    assert "unit" not in missing("项目年产多少台套设备？", "项目建成后年产设备200台。", "200台")
    assert "unit" in missing("政府將多少幅用地交由科技園公司發展？", "政府將20公頃用地交由科技園公司發展。", "20公頃")
    assert "unit" not in missing("鹿野工業區釋出多少坪土地？", "鹿野工業區釋出約一萬坪土地。", "約一萬坪")
    assert "unit" in missing("鹿野工業區釋出多少坪土地？", "鹿野工業區釋出約3公頃土地。", "約3公頃")
    assert "unit" not in missing("一期总建筑面积多少平米？", "一期总建筑面积64271平米。", "64271平米")
    assert V.asked("德州经开区在全市排第几位？", "figure").unit_class is None
    both = V.VerifySettings(subject=False, period=False, event=False, unit=False)
    sent = "2012年全區營業額與出口額各約新台幣4000億,進口額達2700億元。"
    assert "metric" not in missing("2012年全區營業額約為多少？", sent, "4000億", both)
    assert "metric" in missing("2012年全區營業額約為多少？", "2012年全區出口額約新台幣4000億。", "4000億", both)
    phase = V.VerifySettings(period=False, event=False, unit=False, metric=False)
    sent = "宏发电声一期已投资1.08亿元，一期计划建设30条生产线。"
    assert "subject" in missing("宏发电声项目二期计划建设多少条生产线？", sent, "30条", phase)
    assert "subject" not in missing("宏发电声项目一期计划建设多少条生产线？", sent, "30条", phase)
    sent = "宏发电声项目计划建设30条生产线。"
    assert "subject" in missing("宏发电声项目二期计划建设多少条生产线？", sent, "30条", phase)
    assert "subject" not in missing("宏发电声项目二期计划建设多少条生产线？", sent, "30条", phase,
                                    document="宏发电声项目分两期建设，二期明年开工。" + sent)


def test_a_count_of_what_was_attracted_is_the_passages_not_the_table(report_index):
    """How many companies a zone attracted is what its report states; the figure table only knows
    which projects carry a figure, so it leaves the count to the passages and says so."""
    from rag.answer.table import from_table
    from rag.answer.question import analyze

    for question in ("青岚港经开区今年引进了多少个项目？", "How many companies has Qinglangang ETDZ (青岚港经开区) attracted?"):
        ans, why = from_table(report_index, analyze(report_index, question), "Hans")
        assert ans is None and "passages" in (why or ""), question
    ans, _ = from_table(report_index, analyze(report_index, "总投资超过10亿元的项目有几个？"), "Hans")
    assert ans is not None


def test_the_unit_asked_is_read_longest_first():
    """多少万立方米 asks a volume and 多少万吨 tons, not 万 (a bare magnitude)."""
    assert V.asked("库容多少万立方米？", "figure").unit_class == "volume"
    assert V.asked("年产能多少万吨？", "figure").unit_named == "吨"
    assert V.asked("建设周期多少个月？", "figure").unit_class == "duration"


def test_floors_cases_and_a_metric_word_naming_an_event(undated_index):
    """几层 counts floors, so 近百亿元 is no answer; 40案 counts cases; 投资说明会 names an event, so
    a question about its guests asks no investment."""
    off = V.VerifySettings(subject=False, period=False, event=False, metric=False)
    sent = "新厂房规划地上9层，总投资近百亿元。"
    a = V.asked("新厂房规划地上几层？", "figure")
    assert "unit" in V.check(a, None, sent, "", span(sent, "近百亿元"), kind="figure", settings=off).missing
    assert "unit" not in V.check(a, None, sent, "", span(sent, "9层"), kind="figure", settings=off).missing
    assert V.asked("市府協助推動多少案投資？", "figure").unit_class == "count"
    assert V.asked("出席鹭湖区科技创新投资说明会的企业嘉宾约有多少位？", "figure").metric is None
    assert V.asked("在2024年青岚国际投资年会分会场上讲话的区委书记是谁？", "person").metric is None
    assert V.asked("第五届青岚投资贸易交易会上签约了多少个项目？", "figure").metric is None
    assert V.asked("青岚投资年会上签约项目的总投资是多少？", "figure").metric == "investment"  # 总投资 asked


# A whole and its parts, as reports break a count down (其中…；…；): each part's figures are its own.
PARTS_LEAD = "据了解，今年第一季度丹霞县集中开工的重大项目共有10个，总投资46亿元。"
PARTS = ["其中重大产业升级类5个，投资30亿元；", "重大基础设施建设类3个，投资12亿元；", "重大社会民生建设2个，投资4亿元。"]


def test_the_parts_of_a_whole_answer_for_themselves(undated_index):
    """重大基础设施建设类3个，投资12亿元 answers for 重大基础设施建设类项目 though the figure table files
    it under the whole (重大项目), and 重大社会民生建设2个 answers for no other part; a part's count
    counts what the whole's does, at the event the whole names; a semicolon clause's context reaches
    back to the sentence the run follows."""
    from rag.answer import evidence as E

    off = V.VerifySettings(period=False, metric=False, unit=False, event=False)
    doc = match_form(PARTS_LEAD + "".join(PARTS))
    a = V.asked("丹霞县第一季度集中开工的重大基础设施建设类项目投资多少？", "figure")
    assert "重大基础设施建设类项目" in a.subjects

    def missing(a, i, part, settings=off):
        ctx = match_form(PARTS_LEAD + "".join(PARTS[:i]))
        sent = match_form(PARTS[i])
        return V.check(a, undated_index.lexical, sent, ctx, span(sent, part), kind="figure", settings=settings,
                       row_subject="重大项目", row_category=True, document=doc).missing

    assert "subject" not in missing(a, 1, "12亿元")
    assert "subject" in missing(a, 2, "4亿元")
    count = V.asked("丹霞县第一季度集中开工的重大社会民生建设项目有多少个？", "figure")
    assert missing(count, 2, "2个", V.VerifySettings(period=False, metric=False)) == []
    assert "unit" in missing(count, 1, "3个", V.VerifySettings(period=False, metric=False))

    class S:  # a sentence as the document holds it
        def __init__(self, text):
            self.text = text

    sentences = [S(PARTS_LEAD)] + [S(p) for p in PARTS]
    assert E._sentence_start(sentences, 2) == 0 and E._sentence_start(sentences, 1) == 0
    assert E._sentence_start([S("甲。"), S("乙。"), S("丙。")], 2) == 1


def test_figures_given_each_of_several_names_and_parts_by_origin(undated_index):
    """甲、乙分别达到1144家和675家 are those zones', not a third's the report names elsewhere; 来自美国的
    有多少间 asks a part: 去年协助560间企业 counts them all, 40间来自美国 those (间 counts firms)."""
    off = V.VerifySettings(period=False, metric=False, unit=False, event=False)
    sent = "北岭经开区、南岭经开区等大力打造创新平台，高新技术企业分别达到1144家和675家。"
    document = "西岭工业园区是全省首批园区。" + sent
    a = V.asked("西岭工业园区拥有高新技术企业多少家？", "figure")
    got = V.check(a, undated_index.lexical, sent, "", span(sent, "1144家"), kind="figure", settings=off,
                  document=document).missing
    assert "subject" in got
    a = V.asked("投资推广署去年协助的企业中，来自美国的有多少间？", "figure")
    assert a.origin == "美国" and a.unit_class == "count" and a.counted == "企业"
    whole = "去年协助560间企业来港开设或扩展业务。"
    on = V.VerifySettings(period=False, metric=False, event=False)
    assert "subject" in V.check(a, undated_index.lexical, whole, "", span(whole, "560间"), kind="figure",
                                settings=on, document=whole).missing
    part = "当中近300间来自内地，40间来自美国。"
    assert V.check(a, undated_index.lexical, part, whole, span(part, "40间"), kind="figure", settings=on,
                   document=whole + part).missing == []


def test_a_wider_place_s_figure_and_a_place_named_as_a_site(undated_index):
    """自治区、市两级重大项目649个 is no city's count, but 与全省同步…我县集中开工了22个 is the county's
    own; 桃园厂房与无尘室、 names where a firm builds, not a list its figure is shared by."""
    off = V.VerifySettings(period=False, metric=False, unit=False, event=False)
    sent = "此次集中开竣工自治区、市两级重大项目649个，总投资3319亿元。"
    a = V.asked("青梧市开竣工的项目有多少个？", "figure")
    document = "青梧市、白沙市设分会场。" + sent
    assert "subject" in V.check(a, undated_index.lexical, sent, "", span(sent, "649个"), kind="figure",
                                settings=off, document=document).missing
    sent = "与全省同步举行重大项目集中开工仪式，我县集中开工了22个重大项目，总投资69.3亿元。"
    a = V.asked("丹霞县集中开工的22个重大项目总投资是多少？", "figure")
    assert "subject" not in V.check(a, undated_index.lexical, sent, "丹霞县", span(sent, "69.3亿元"),
                                    kind="figure", settings=off, document="丹霞县" + sent).missing
    sent = "稳达半导体规划扩建桃园厂房与无尘室、添购机械设备，预期新增超过600个本国就业机会。"
    a = V.asked("稳达半导体扩建桃园厂房与无尘室预期新增多少个本国就业机会？", "figure")
    assert "subject" not in V.check(a, undated_index.lexical, sent, "", span(sent, "超过600个"),
                                    kind="figure", settings=off, document=sent).missing


def test_what_a_question_s_own_words_narrow_it_to():
    """An English question's gloss gives what it counts (座厂房) and its metric (年产值), and its Chinese
    names must be in the report; a year written before a comma is a year; 五大园区之一的竹溪竹艺园区
    asks the one park; 拓凯的投资金额 asks that firm's; 重大基础设施建设类项目 is one name."""
    a = V.asked("How many new plant buildings (座厂房) will 华达半导体 build?", "figure", lang="en")
    assert (a.unit_class, a.counted) == ("count", "厂房") and a.glossed == ["华达半导体"]
    a = V.asked("How much annual output value (年产值) will the maker expect from its investment of 五百亿元?",
                "figure", lang="en")
    assert a.metric == "output" and not a.metric_alts and a.glossed == []
    a = V.asked("How many companies did the agency help in 2025, as reported on 31 January 2026?", "figure", lang="en")
    assert a.year == "2025"
    a = V.asked("南坪县五大园区之一的竹溪竹艺园区，开发完成后年产值是多少？", "figure")
    assert a.subjects == ["竹溪竹艺园区"] and a.group is None
    assert V.asked("通过拓凯、启达等五家回流投资案时，拓凯的投资金额是多少？", "figure").possessed == "拓凯"
    assert V.asked("在通过拓凯、启达等五家回流投资案的报导中，年度目标金额是多少？", "figure").possessed is None
    assert V.asked("How many hectares does Huada Biotech's (华达生技) R&D centre occupy?", "figure",
                   lang="en").possessed == "华达生技"
    a = V.asked("发展改革委在南岭新区组织的承接产业转移项目签约仪式上，共涉及多少个项目？", "figure")
    assert "南岭新区" not in a.subjects and a.sector_word is None


def test_a_sum_over_a_park_the_table_cannot_narrow_to_is_the_passages(report_index):
    """海岚工业园区计划签约的3个项目…合计 is not every project's sum in the table."""
    from rag.answer.question import analyze
    from rag.answer.table import from_table

    ans, why = from_table(report_index, analyze(report_index, "海岚工业园区计划签约的3个项目投资合计是多少？"), "Hans")
    assert ans is None and "passages" in (why or "")


def test_an_autonomous_region_is_a_place():
    from rag.cedict import dictionary

    assert "广西" in dictionary().places


def test_a_target_asked_is_answered_only_by_a_figure_set_as_one():
    """年度目标是吸引多少家厂商: 已审核通过四十家厂商 is what was done; 往2500亿元年度目标冲刺 is a target."""
    off = V.VerifySettings(subject=False, period=False, unit=False, event=False)
    a = V.asked("经济部台商回台投资的年度目标是吸引多少家厂商？", "figure")
    assert a.target
    sent = "经济部已审核通过四十家厂商回台投资申请案，累计总投资金额超过2057亿元，预计带来2万个就业机会。"
    assert "metric" in V.check(a, None, sent, "", span(sent, "四十家"), kind="figure", settings=off).missing
    a = V.asked("经济部冲刺的台商回台投资年度目标金额是多少？", "figure")
    sent = "回台投资热度持续增温，经济部将继续往2500亿元年度目标冲刺。"
    assert "metric" not in V.check(a, None, sent, "", span(sent, "2500亿元"), kind="figure", settings=off).missing


def test_currencies_cases_acts_and_ordinals_asked(undated_index):
    """100億港元 is money (Hong Kong dollars), and a question in NT dollars is answered in a Taiwan
    report's 億元; 多少件投资案 counts cases (22件投資案); capital increase (增資) is investment, no
    growth; 共有多少个项目签约 is not answered by 9个项目动工; 第28次会议 is not the 29th; a firm named
    after the body that approved it is the subject (…审议会通过的华岭科技公司投资案)."""
    off = V.VerifySettings(subject=False, period=False, event=False, metric=False)
    sent = "当局会向立法会申请注资100亿港元予园区公司。"
    a = V.asked("当局会向园区公司注资多少？", "figure")
    assert "unit" not in V.check(a, None, sent, "", span(sent, "100亿港元"), kind="figure", settings=off).missing
    a = V.asked("What was the expected total investment, in NT dollars, of the 22 cases?", "figure", lang="en")
    assert a.unit_named == "新台币"
    sent = "22件投资案预计投资总金额约1684亿元。"
    assert "unit" not in V.check(a, None, sent, "", span(sent, "约1684亿元"), kind="figure", settings=off).missing
    a = V.asked("截至2月23日，联合审查会议共受理了多少件投资案？", "figure")
    sent = "经济部已召开8次联合审查会议，共受理22件投资案。"
    assert a.unit_class == "count"
    assert "unit" not in V.check(a, None, sent, "", span(sent, "22件"), kind="figure", settings=off).missing
    a = V.asked("How much capital increase (增資) did the two capital-increase cases total?", "figure", lang="en")
    assert a.metric == "investment" and not a.change
    a = V.asked("鹭湖高新区重点项目集中签约、动工仪式上共有多少个项目签约？", "figure")
    assert a.count_act == "签约"
    sent = "鹭湖高新区举行重点项目集中签约、动工仪式，共有11个项目签约，9个项目动工。"
    on = V.VerifySettings(subject=False, period=False, event=False, metric=False)
    assert "unit" in V.check(a, None, sent, "", span(sent, "9个"), kind="figure", settings=on).missing
    assert "unit" not in V.check(a, None, sent, "", span(sent, "11个"), kind="figure", settings=on).missing
    sent = "科学园区审议会第29次会议今天召开，通过8件投资案，投资总额为19.2亿元。"
    subject = V.VerifySettings(period=False, event=False, metric=False, unit=False)
    a = V.asked("科学园区审议会第28次会议通过的投资案投资总额是多少？", "figure")
    assert "subject" in V.check(a, undated_index.lexical, sent, "", span(sent, "19.2亿元"), kind="figure",
                                settings=subject, document=sent).missing
    a = V.asked("科学园区审议会第29次会议通过的华岭科技股份有限公司投资案，投资金额是多少？", "figure")
    assert V.bound_subjects(a) == ["华岭科技股份有限公司"]
    assert V.asked("旬阳县工业集中区上交税金多少？", "figure").metric == "tax"


def test_a_count_of_the_items_just_named_is_no_total(undated_index):
    """How many firms a zone has: 两家企业 after two firms are named (or 这三个项目) counts those, not
    the zone's firms; a count asserted of the zone, or one that differs from the list, stands."""
    a = V.asked("青峰园区有多少家企业？", "figure")
    for sent, figure in (("青峰园区驻区企业白鹭新材和远帆电机都是我们的供应商，随着两家企业在青峰园区发展越来越好，"
                          "我们也将项目落户于此。", "两家"),
                         ("这3家企业均已在青峰园区投产。", "3家")):
        assert "unit" in V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure").missing
        off = V.VerifySettings(unit=False)
        assert "unit" not in V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure",
                                     settings=off).missing
    for sent, figure in (("青峰园区现有企业236家，其中规上企业48家。", "236家"),
                         ("白鹭新材和远帆电机落户后，青峰园区企业已达12家。", "12家"),
                         ("青峰园区现有企业中营收亿元以上20家。", "20家")):
        assert "unit" not in V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure").missing


@pytest.mark.parametrize("question,parts", [
    # the verb opens a zone's category of projects: the zone is asked, and the person whose post
    ("出席青墨市第四批重点项目集中开工仪式的市领导韩立松担任什么职务？", dict(subjects=["青墨市"], person="韩立松")),
    # a category, then the name of the one asked
    ("松涛县省级重点工业项目白鹭食品的总投资是多少？", dict(subjects=["白鹭食品"])),
    # a group of parks: no one of them (竹科、中科、南科三大科学园区)
    ("雁湖、鹭湖、松涛三大科学园区就业人数是多少？", dict(subjects=[])),
    # the projects signed at an event are a category, no one project
    ("2017年中国(青墨)投资环境说明会签约项目的总投资是多少？", dict(subjects=[])),
    # what a report is about follows 关于
    ("示例日报关于青墨经开区的报道，作者是谁？", dict(subjects=["青墨经开区"])),
    # a group its member is asked of is no subject (签约的合作项目中，工业项目有多少个)
    ("青墨投资环境说明会签约的合作项目中，工业项目有多少个？", dict(subjects=[], member="工业项目")),
    # what a share asked is a share of
    ("先进制造业项目在签约项目数量中的占比是多少？", dict(share_of="count")),
    ("先进制造业在签约项目投资额中的占比是多少？", dict(share_of="investment")),
])
def test_what_the_question_asks_of_events_groups_and_posts(question, parts):
    got = V.asked(question, "figure")
    for k, v in parts.items():
        assert getattr(got, k) == v, (k, getattr(got, k))


def test_a_post_asked_is_the_persons_own():
    """李克明担任什么职务: a sentence listing the person after a group word (市领导) gives no post, and
    another's post is not theirs; a post written right before the name is."""
    a = V.asked("出席青墨市重点项目集中开工仪式的市领导韩立松担任什么职务？", "text")
    role_only = V.VerifySettings(subject=False, metric=False, unit=False, period=False, event=False)
    for sent in ("市领导陈一鸣、韩立松、赵海波等出席。", "青墨经开区党工委副书记陈一鸣介绍了项目情况。"):
        assert "role" in V.check(a, None, sent, "", None, kind="text", settings=role_only).missing
    sent = "青墨经开区党工委副书记韩立松介绍了项目情况。"
    assert V.check(a, None, sent, "", None, kind="text", settings=role_only).ok


def test_a_places_body_is_written_with_the_place_and_the_bare_body():
    text = "青墨市大邑县举行签约仪式，参加活动的有市委常委、组织部长邓一鸣。"
    assert V.written("青墨市委", lambda t: t in text)
    assert not V.written("青墨市委", lambda t: t in text.replace("市委", "县委"))
    assert not V.written("白沙市委", lambda t: t in text)


def test_one_member_of_a_group_asked_must_be_named(undated_index):
    """在…签约的企业中，白鹭新材料的投资额: the group's total names no member; the member's own figure does."""
    q = "在青墨高新区6月份签约的企业中，白鹭新材料的项目投资额是多少？"
    a = V.asked(q, "figure")
    assert a.member == "白鹭新材料"
    assert V.asked("青墨集中竣工项目中霓湾紫菜现代园投资额多少？", "figure").member == "霓湾紫菜现代园"
    assert V.asked("青墨经开区10月集中签约项目中服务业项目有几个？", "figure").member == "服务业项目"
    assert V.asked("青墨高新区6月份签约项目的投资额是多少？", "figure").member is None
    total = "6月份青墨高新区共新引进产业项目48个，合计投资总额135亿元。"
    own = "其中，白鹭新材料项目投资额30亿元。"
    for sent, figure, refused in ((total, "135亿元", True), (own, "30亿元", False)):
        got = V.check(a, undated_index.lexical, sent, "", span(sent, figure), kind="figure", settings=SUBJECT_ONLY,
                      document=match_form(total + own))
        assert ("subject" in got.missing) == refused, sent


def test_a_report_on_another_of_a_series_gives_none_of_the_ones_figures(undated_index):
    """第十八届…洽谈会 asked: a report on the 第十九届 that never names the 第十八届 gives none of its figures."""
    a = V.asked("第十八届青墨投资贸易洽谈会全省重大项目签约仪式共签约多少个项目？", "figure")
    sent = "本次签约仪式共签约项目7个，总投资120亿元。"
    for opening, refused in (("第十九届青墨投资贸易洽谈会开幕。", True), ("第十八届青墨投资贸易洽谈会开幕。", False)):
        got = V.check(a, undated_index.lexical, sent, "", span(sent, "7个"), kind="figure", settings=SUBJECT_ONLY,
                      document=match_form(opening + sent))
        assert ("subject" in got.missing) == refused, opening


SHARE = "先进制造业和现代服务业投资额分别占比为62.7%和35.6%。"
RENOVATION = "一季度，经开区投资完成5.98亿元，技改投资也完成1.57亿元。"


@pytest.mark.parametrize("question,sent,figure,refused", [
    # a share asked of one whole is not a share of another (投资额分别占比 for a share of the count)
    ("先进制造业项目在签约项目数量中的占比是多少？", SHARE, "62.7%", True),
    ("先进制造业在签约项目投资额中的占比是多少？", SHARE, "62.7%", False),
    # a zone's renovation investment is a kind of its investment, not the total asked of a project
    ("青墨经开区川西数据产业园项目的总投资是多少？", RENOVATION, "1.57亿元", True),
    ("青墨经开区一季度的技改投资是多少？", RENOVATION, "1.57亿元", False),
    # a bare area is a site's: no building's floor area, as Hong Kong writes it (总楼面面积)
    ("青墨工业村先进制造中心的总楼面面积是多少？", "青墨工业村内一幅2.71公顷土地将发展先进制造中心。", "2.71公顷", True),
    ("青墨工业村先进制造中心的总楼面面积是多少？", "先进制造中心总楼面面积约10万平方米。", "10万平方米", False),
    ("青墨工业村先进制造中心的占地面积是多少？", "青墨工业村内一幅2.71公顷土地将发展先进制造中心。", "2.71公顷", False),
    # who a place will hire are its jobs; 外销 is Taiwan's export, and the 年 of 历年 no annual output
    ("青墨先进制造中心预计可提供多少个就业岗位？", "青墨先进制造中心估计聘用约2500名创科人员。", "约2500名", False),
    ("青墨加工区历年产品外销金额累计多少？", "青墨加工区历年来产品外销金额计为二十二亿元。", "二十二亿元", False),
    # the share asked of a metric, written with the share's own word before it
    ("2023年青墨经开区进出口总额占全省进出口总额的比重是多少？",
     "2023年，青墨经开区实现进出口总额10.2亿元，占全省进出口总额比重为25%。", "25%", False),
    # a figure's own metric is the one after the figure before it and its enumeration mark
    ("青墨新园区预计创造多少个就业机会？", "青墨新园区预估将新增产业产值逾一千亿元、创造三万个就业机会。", "三万个", False),
    ("青墨新园区预计新增多少产值？", "青墨新园区预估将新增产业产值逾一千亿元、创造三万个就业机会。", "逾一千亿元", False),
    # a year's planned investment asked (2016年计划投资): the project's planned total or the year's plan
    ("青墨电池产业园项目2016年计划投资多少？", "2016年，计划投资25亿元，建设30条生产线。", "25亿元", False),
    ("青墨电池产业园项目2016年计划投资多少？", "2016年，项目年度计划投资5亿元。", "5亿元", False),
])
def test_the_metric_of_a_share_and_of_a_kind_of_investment(question, sent, figure, refused):
    assert refused_by("metric", question, sent, figure) == refused


@pytest.mark.parametrize("question,lang,year,period", [
    # the date of the report a question cites is no period: its 去年 is the year before it
    ("青墨园区去年实现税收收入多少？（按2023年2月报道）", "Hans", "2022", None),
    ("According to the January 2017 report, how much did Qingmo County (青墨縣) attract last year (去年)?",
     "en", "2016", None),
    ("据2019年3月的报道，青墨园区今年一季度产值多少？", "Hans", "2019", "一季度"),
    ("青墨园区2022年产值多少？", "Hans", "2022", None),
    # or of an official's blog or speech it reads from, in either language
    ("据青墨县长2023年6月网志，园区过去一年新增多少家企业？", "Hans", None, None),
    ("How many companies moved into Qingmo Park over the past year, according to the mayor's June 2023 blog?",
     "en", None, None),
])
def test_the_date_of_a_report_cited_dates_its_relative_years(question, lang, year, period):
    got = V.asked(question, "figure", lang=lang)
    assert (got.year, got.relative, got.period) == (year, None, period)


@pytest.mark.parametrize("question,sent,figure,refused", [
    # a total written right before the figure: the projects' total, no threshold naming them
    ("青墨县一季度集中开工项目的总投资是多少？", "青墨县一季度总投资6.2亿元项目集中开工", "6.2亿元", False),
    ("青墨县一季度集中开工项目的总投资是多少？", "青墨县一季度超6.2亿元项目集中开工", "6.2亿元", True),
    ("青墨县一季度集中开工项目的总投资是多少？", "青墨县总投资6.2亿元以上项目集中开工", "6.2亿元", True),
    # 投入 governs the amount right after it, and no figure further on
    ("白鹭食品在青墨新厂投资多少？", "白鹭食品投入逾2亿元在青墨兴建新厂。", "逾2亿元", False),
    ("青墨县释出的工业区土地可增加多少就业人口？", "入驻企业将投入两亿元以上资金、新增八十名就业人口。",
     "八十名", False),
    # a metric written right after its figure, ending the clause, is the figure's
    ("青墨县释出的工业区土地每年创造多少产值？", "入驻企业将投入两亿元资金、带动就业并实现每年四亿元以上的产值。",
     "四亿元以上", False),
    ("青墨县释出的工业区土地每年创造多少产值？", "入驻企业将投入两亿元资金、带动就业并实现每年四亿元以上的产值。",
     "两亿元", True),
])
def test_the_metric_written_right_before_or_after_a_figure(question, sent, figure, refused):
    assert refused_by("metric", question, match_form(sent), figure) == refused


def test_english_questions_asking_an_amount_a_post_a_mayor_cases_and_parcels():
    added = V.asked("What is the total new and added investment (總投增資額) of the firms?", "figure",
                    "", "en")
    assert not added.change  # Taiwan's 投增資: an amount, not what something grew by
    post = V.asked("What position does Lin Mu-chen (林沐辰) hold at the Qingmo Park Bureau?", "text", "", "en")
    assert post.post and post.person == "林沐辰"
    assert V.asked("Which Qingmo mayor (青墨市市長) attended the ceremony?", "entity", "", "en").role == "市长"
    cases = V.asked("How many foreign investment cases had Qingmo Park approved?", "figure", "", "en")
    assert (cases.unit_class, cases.counted) == ("count", "案")
    parcels = V.asked("How many parcels (筆) of industrial land will Qingmo Park release?", "figure", "", "en")
    assert parcels.measure == "笔"
    unit_only = V.VerifySettings(subject=False, metric=False, period=False, event=False, role=False)
    for sent, figure, refused in (("青墨园区将释出12笔工业用地，并提供约1200个就业机会。", "约1200个", True),
                                  ("青墨园区将释出12笔工业用地，并提供约1200个就业机会。", "12笔", False)):
        got = V.check(parcels, None, sent, "", span(sent, figure), kind="figure", settings=unit_only)
        assert ("unit" in got.missing) == refused, figure


def test_a_volume_answers_a_capacity():
    """供气规模 asked: 8万立方/小时 is a capacity measured in volume, as 立方米 is."""
    a = V.asked("青墨门站项目设计供气规模是多少？", "figure")
    sent = "青墨门站项目设计供气规模8万立方/小时，其中向园区供气3万立方/小时。"
    unit_only = V.VerifySettings(subject=False, metric=False, period=False, event=False, role=False)
    assert V.check(a, None, sent, "", span(sent, "8万立方"), kind="figure", settings=unit_only).ok


@pytest.mark.parametrize("question,sent,figure,refused", [
    # named only after the group's figure: 新注册企业5763家，…其中民营企业占比超过96% is the group's
    ("前三季度青墨高新区新注册企业中民营企业有多少家？", "青墨高新区新注册企业5763家，同比增长18%，其中民营企业占比超过96%。",
     "5763家", True),
    ("前三季度青墨高新区新注册企业中民营企业有多少家？", "青墨高新区新注册企业中民营企业5500家，占比超过96%。", "5500家", False),
    # named only as one of a list: the list's total
    ("青墨集中竣工项目中白鹭紫菜园投资额多少？", "集中竣工项目30个，包括白鹭紫菜园(田园综合体)、枫林小镇等，投资额21.3亿元。",
     "21.3亿元", True),
    ("青墨集中竣工项目中白鹭紫菜园投资额多少？", "其中白鹭紫菜园(田园综合体)投资额4.2亿元。", "4.2亿元", False),
    # a list of members each with its own figure
    ("青墨经开区集中签约项目中服务业项目有几个？", "青墨经开区签约制造业项目16个、服务业项目6个。", "6个", False),
])
def test_a_member_named_after_the_figure_or_in_a_list_is_not_its(undated_index, question, sent, figure, refused):
    got = V.check(V.asked(question, "figure"), undated_index.lexical, sent, "", span(sent, figure), kind="figure",
                  settings=SUBJECT_ONLY, document=match_form(sent))
    assert ("subject" in got.missing) == refused


def test_a_sum_with_another_place_is_not_the_ones_own(undated_index):
    """本身可提供多少公顷: 白沙科技城连同青墨河套区共提供500多公顷 is the two places' sum."""
    a = V.asked("青墨河套区本身可提供多少公顷土地？", "figure")
    summed = V.asked("白沙科技城连同青墨河套区共可提供多少公顷土地？", "figure")
    for a, sent, refused in ((a, "白沙科技城连同青墨河套区共提供500多公顷土地。", True),
                             (a, "青墨河套区可提供87公顷土地。", False),
                             (summed, "白沙科技城连同青墨河套区共提供500多公顷土地。", False)):
        at = span(sent, re.search(r"\d+多?公顷", sent).group(0))
        got = V.check(a, undated_index.lexical, sent, "", at, kind="figure", settings=SUBJECT_ONLY,
                      document=match_form(sent))
        assert ("subject" in got.missing) == refused, sent


def test_a_zones_founding_years_before_a_figure_are_not_its_period():
    """始建于1995年，2013年升级为国家级开发区 is history: the figure after it is the report's year's."""
    a = V.asked("青墨经开区2018年第四季度签约的3个产业项目全面投产后预计年税收是多少？", "figure")
    sent = "3个产业项目全面投产后，预计可实现年税收4200万元。"
    period_only = V.VerifySettings(subject=False, metric=False, unit=False, event=False, role=False)
    opening = "青墨经开区举行2018年第四季度项目集中签约仪式。"
    for ctx, refused in (("青墨经开区始建于1995年，2013年升级为国家级开发区。", False),
                         ("2017年，青墨经开区实现税收3亿元。", True)):
        got = V.check(a, None, sent, ctx, span(sent, "4200万元"), kind="figure", settings=period_only,
                      document=match_form(opening + ctx + sent))
        assert ("period" in got.missing) == refused, ctx


@pytest.mark.parametrize("sent,figure,row,refused", [
    # the figures 分别 pairs with other names are theirs, though the sentence names the zone as their whole
    ("青墨开发区各园区投资持续增长，白沙工业园区、枫林工业园区投资分别增长9.1%、6.4%。", "9.1%", "白沙工业园区", True),
    ("青墨开发区、白沙工业园区固定资产投资分别增长11.2%、9.1%。", "11.2%", "青墨开发区", False),
    ("一季度，青墨开发区完成固定资产投资增长11.2%，占全市投资比重39.5%。", "11.2%", "青墨开发区", False),
])
def test_figures_paired_by_fenbie_with_other_names_are_theirs(undated_index, sent, figure, row, refused):
    a = V.asked("青墨开发区一季度固定资产投资增长多少？", "figure")
    got = V.check(a, undated_index.lexical, sent, "", span(sent, figure), row_subject=row, kind="figure",
                  settings=SUBJECT_ONLY, document=match_form(sent))
    assert ("subject" in got.missing) == refused


ZONES = (
    "青墨市开发区年度考评结果公布\n2025-05-16 来源：青墨日报\n"
    "青墨市白鹭湾化工集中区、枫林工业集中区荣获2024年度省级开发区考核进步奖。\n"
    "白鹭湾化工集中区持续优化营商环境，新能源产业实现三年倍增。建立重大项目推进机制，去年招商引资到位资金"
    "41.2亿元；固定资产投资36.8亿元，增长72.4%。\n"
    "枫林工业集中区构建“一区两园”格局，去年园区入驻企业96家，完成固定资产投资18.6亿元。\n"
)


@pytest.fixture(scope="module")
def zones_index(tmp_path_factory):
    return corpus_index(tmp_path_factory.mktemp("zones"), {"zones.txt": ZONES})


@pytest.mark.parametrize("question,figure,refused", [
    ("枫林工业集中区去年完成固定资产投资多少？", "36.8亿元", True),  # the paragraph is 白鹭湾's
    ("白鹭湾化工集中区去年完成固定资产投资多少？", "36.8亿元", False),
    ("枫林工业集中区去年完成固定资产投资多少？", "18.6亿元", False),
])
def test_a_figure_in_a_paragraph_another_zone_opens_is_that_zones(zones_index, question, figure, refused):
    from rag.answer.question import analyze

    doc = next(d for d in zones_index.documents.values() if d.name == "zones.txt")
    s = next(x for x in doc.sentences if figure in x.text)
    a = V.asked(question, "figure")
    got = V.evidence_verdict(zones_index, analyze(zones_index, question), a, s, span(s.text, figure))
    assert ("subject" in got.missing) == refused


def test_a_countys_figure_is_not_its_parks(undated_index):
    """青墨县目前年产值约900亿元 answers the county, not the 青墨科学园区 the sentence names after it."""
    a = V.asked("青墨科学园区目前年产值多少？", "figure")
    sent = "县长表示，青墨县目前年产值约900亿元，希望在青墨科学园区全面发展后达到1500亿元。"
    got = V.check(a, undated_index.lexical, sent, "", span(sent, "约900亿元"), kind="figure",
                  settings=SUBJECT_ONLY, document=match_form(sent))
    assert "subject" in got.missing
    own = "青墨科学园区目前年产值约120亿元。"
    assert V.check(a, undated_index.lexical, own, "", span(own, "约120亿元"), kind="figure",
                   settings=SUBJECT_ONLY, document=match_form(own)).ok


def test_an_industrys_figure_is_not_a_counted_group_of_industries():
    """绿色硅产业 asked: 5条重点产业链…增长18.2% is the five chains' together."""
    a = V.asked("上半年绿色硅产业的工业产值增速是多少？", "figure")
    assert a.sector_word == "色硅"
    ctx = "围绕绿色硅、新材料、生物医药等5条重点产业链推进延链补链。"
    for sent, figure, refused in (("上半年，5条重点产业链规上工业总产值同比增长9.6%，规上工业增加值同比增长18.2%。", "18.2%", True),
                                  ("其中，绿色硅产业工业产值增速达31.5%。", "31.5%", False)):
        got = V.check(a, None, sent, ctx, span(sent, figure), kind="figure", settings=SUBJECT_ONLY)
        assert ("subject" in got.missing) == refused, sent


def test_what_a_change_share_count_or_scale_asks_is_measured_by_its_kind():
    """营业额下降了多少 is answered by a share or an amount; 占比 is no growth; 家数 is a count; 建设规模
    asked in 万平方米 is an area, and 扬升 is a growth."""
    metric_unit = V.VerifySettings(subject=False, period=False, event=False, role=False)

    def missing(question, sent, figure):
        return V.check(V.asked(question, "figure"), None, sent, "", span(sent, figure), kind="figure",
                       settings=metric_unit).missing

    assert missing("2025年青墨园区通讯产业营业额下降了多少？", "通讯产业营业额下降4.26%。", "4.26%") == []
    assert "metric" in missing("青墨园区积体电路产业占比多少？", "积体电路产业营业额成长9.35%。", "9.35%")
    assert missing("青墨园区积体电路产业占比多少？", "积体电路产业占比62.1%。", "62.1%") == []
    sent = "青墨园区营业额1.21兆元、入区登记家数418家，均创新高。"
    assert missing("青墨园区入区登记家数是多少？", sent, "418家") == []
    assert "unit" in missing("青墨园区入区登记家数是多少？", sent, "1.21兆元")
    chains = "围绕新材料、先进制造等5条重点产业链，先进制造产业链规上工业企业数最多，达157个。"
    assert "unit" in missing("先进制造产业链规上工业企业数是多少？", chains, "5条")
    assert missing("先进制造产业链规上工业企业数是多少？", chains, "157个") == []
    assert missing("青墨园区生技产业营业额成长率是多少？", "生技产业营业额大幅扬升27.4%。", "27.4%") == []
    scale = "青墨工业小镇16万平方米标准厂房项目开工。"
    assert missing("青墨工业小镇标准厂房项目的建设规模是多少万平方米？", scale, "16万平方米") == []


def test_a_zone_entered_is_no_name():
    """入区登记家数, 入园企业: 区 and 园 after 入 end a verb, not a name."""
    from rag.facts import mentions

    text = "青墨科学园区入区登记家数418家，入园企业新增12家。"
    assert [text[x:y] for x, y in mentions(text)] == ["青墨科学园区"]


def test_a_figure_of_today_is_not_next_years_and_a_phases_date_not_anothers(undated_index):
    """预计明年…多少名: 目前已有约900名 is today's; 二期 asked: 一期项目于2019年4月开工 is the first phase's date."""
    period_only = V.VerifySettings(subject=False, metric=False, unit=False, event=False, role=False)
    a = V.asked("预计明年青墨园区将有多少名人员进驻？", "figure")
    sent = "目前青墨园区已有约900名人员进驻，预计明年人数将大幅攀升至2000名。"
    assert "period" in V.check(a, None, sent, "", span(sent, "约900名"), kind="figure", settings=period_only).missing
    assert V.check(a, None, sent, "", span(sent, "2000名"), kind="figure", settings=period_only).ok
    phase = V.asked("青墨电商产业园二期项目于何时开工建设？", "date")
    first, second = "青墨电商产业园一期项目于2019年4月开工建设。", "青墨电商产业园二期项目于2021年3月开工建设。"
    for sent, date, refused in ((first, "2019年4月", True), (second, "2021年3月", False)):
        got = V.check(phase, undated_index.lexical, sent, "", span(sent, date), kind="date", settings=SUBJECT_ONLY,
                      document=match_form(first + second))
        assert ("subject" in got.missing) == refused, sent


def test_a_zone_named_before_the_figure_without_the_asked_ones_own_word_is_another(undated_index):
    """青墨国际陆港经开区 asked: 青墨经开区累计签约产业化项目32个 is the other zone's, which lacks 陆港."""
    sent = "今年1-9月，青墨经开区累计签约引进产业化项目32个，投资总额473亿元。"
    doc = "青墨国际陆港经开区与青墨经开区同日举行签约活动。" + sent
    for question, refused in (("青墨国际陆港经开区今年1-9月累计签约引进了多少个产业化项目？", True),
                              ("青墨经开区今年1-9月累计签约引进了多少个产业化项目？", False)):
        got = V.check(V.asked(question, "figure"), undated_index.lexical, sent, "", span(sent, "32个"),
                      kind="figure", settings=SUBJECT_ONLY, document=match_form(doc))
        assert ("subject" in got.missing) == refused, question


def test_an_english_question_glosses_the_doer_it_asks_about():
    a = V.asked("How much tax did Qingmo Information (青墨信息), a key firm of the zone, pay in 2016?", "figure", "", "en")
    assert a.possessed == "青墨信息"


def test_a_cited_reports_title_is_neither_subject_nor_metric():
    """据《青墨开发区规模质量双提升》报道 and 'Zones grow in scale' (…规模…): the title names the report,
    not what is asked; 规模 in it is no capacity asked."""
    zh = V.asked("据《青墨开发区规模质量实现双提升》报道，上半年全省开发区规上工业增加值同比增长多少？", "figure")
    assert zh.metric == "growth" and "青墨开发区" not in zh.subjects
    en = V.asked("According to the report 'Qingmo zones improve in scale and quality' (青墨开发区规模质量实现双提升), "
                 "by what percentage did industrial investment grow in the first half?", "figure", "", "en")
    assert en.metric == "growth" and not en.subjects


def test_an_industrys_figure_is_the_one_fenbie_pairs_it_with(undated_index):
    """先进制造、生物医药产业链…分别达182个、83个: 83个 is 生物医药's, 182个 先进制造's."""
    a = V.asked("据报道，先进制造产业链规上工业企业数是多少？", "figure")
    sent = "先进制造、生物医药产业链规上工业企业数最多，分别达157个、64个。"
    for figure, refused in (("157个", False), ("64个", True)):
        got = V.check(a, undated_index.lexical, sent, "青墨开发区", span(sent, figure), kind="figure",
                      settings=SUBJECT_ONLY, document=match_form("青墨开发区" + sent))
        assert ("subject" in got.missing) == refused, figure


def test_a_month_asked_must_be_one_the_report_writes(undated_index):
    """2022年9月集中开工 asked of a report on 10月's: its figures are that month's batch."""
    sent = "本次集中开工活动共有86个重大项目，计划总投资430亿元。"
    a = V.asked("青墨市2022年9月重大项目集中开工活动共有多少个项目？", "figure")
    assert a.month == 9 and V.asked("青墨市2022年1-9月集中开工多少个项目？", "figure").month is None
    for document, date, refused in (("10月8日上午，青墨市2022年10月重大项目集中开工。", None, True),
                                    ("9月8日上午，青墨市重大项目集中开工。", None, False),
                                    ("| 08-09-2022 | 青墨市重大项目集中开工。", None, False),  # a date written day first
                                    ("上午，青墨市重大项目集中开工。", None, False),  # no month written: cannot be told
                                    ("10月8日上午，青墨市重大项目集中开工。", "2022-09-30", False)):  # dated in it
        got = V.check(a, undated_index.lexical, sent, "", span(sent, "86个"), doc_date=date, kind="figure",
                      document=match_form(document + sent))
        assert ("period" in got.missing) == refused, document


def test_a_clause_opening_with_year_is_one_years_figure(undated_index):
    """前三年累计上缴税金 asked: 达产后，年可实现销售收入…，上缴税金约31.6亿元 is a year's."""
    sent = "全部达产后，年可实现销售收入约210亿元，上缴税金约31.6亿元。"
    for question, refused in (("赤霞湾经开区签约项目达产后前三年累计上缴税金多少？", True),
                              ("赤霞湾经开区签约项目达产后每年上缴税金多少？", False)):
        got = V.check(V.asked(question, "figure"), undated_index.lexical, sent, "赤霞湾经开区52个项目集中签约。",
                      span(sent, "约31.6亿元"), kind="figure", document=match_form(UNDATED + sent))
        assert ("period" in got.missing) == refused, question


def test_an_english_questions_glossed_doer_owns_the_figure_in_a_park(undated_index):
    """has Molan Wafer (墨岚晶圆) invested in the Qingfeng park (青峰园区): not the park's own total."""
    q = "How much has Molan Wafer (墨岚晶圆) invested in the Qingfeng park (青峰园区)?"
    for sent, refused in (("青峰园区整体投资金额达816.4亿元。", True),
                          ("墨岚晶圆在青峰园区投资816.4亿元扩建厂房。", False)):
        got = V.check(V.asked(q, "figure", "", "en"), undated_index.lexical, sent, "", span(sent, "816.4亿元"),
                      kind="figure", settings=SUBJECT_ONLY, document=match_form("墨岚晶圆进驻青峰园区。" + sent))
        assert ("subject" in got.missing) == refused, sent


def test_a_counted_groups_sum_is_no_members_figure(undated_index):
    """青岭及白沙产业园区…，两园区合计已出租面积共9.35公顷 is neither park's own."""
    a = V.asked("青岭产业园区已出租面积是多少？", "figure")
    for sent, refused in (("青岭及白沙产业园区招商顺利，两园区合计已出租面积共9.35公顷。", True),
                          ("青岭产业园区招商顺利，园区已出租面积共9.35公顷。", False)):
        got = V.check(a, undated_index.lexical, sent, "", span(sent, "9.35公顷"), kind="figure",
                      settings=SUBJECT_ONLY, document=match_form(sent))
        assert ("subject" in got.missing) == refused, sent


def test_a_line_broken_after_a_comma_goes_on_with_its_group(undated_index):
    """…、紫岚储能产业园等18个项目,⏎涵盖…总投资212.6亿元: the group's, whatever the figure table says."""
    ctx = "赤霞湾经开区举行集中签约。此次集中签约的有——\n青墨冷链物流中心、\n紫岚储能产业园等18个项目,"
    sent = "涵盖了高端装备制造、新材料等领域,总投资212.6亿元。"
    a = V.asked("赤霞湾经开区集中签约的紫岚储能产业园项目总投资是多少？", "figure")
    for context, refused in ((ctx, True), ("赤霞湾经开区签约的紫岚储能产业园项目落户园区,", False)):
        got = V.check(a, undated_index.lexical, sent, context, span(sent, "212.6亿元"), kind="figure",
                      row_subject="紫岚储能产业园", settings=SUBJECT_ONLY, document=match_form(context + sent))
        assert ("subject" in got.missing) == refused, context


def test_a_sentence_opening_with_a_counted_part_is_that_parts(undated_index):
    """…包括紫岚储能产业园等。城市更新工程6个，总投资48.2亿元: not the park the sentence before named."""
    ctx = "先进制造业发展工程31个，总投资520.7亿元，包括青墨研究院总部、紫岚储能产业园等。"
    a = V.asked("紫岚储能产业园总投资是多少？", "figure")
    for sent, refused in (("城市更新工程6个，总投资48.2亿元，包括老城片区改造项目等。", True),
                          ("紫岚储能产业园项目6个，总投资48.2亿元。", False),
                          ("今年计划新引入企业6家，达产后新增年产值48.2亿元。", False)):  # the park's firms, no part
        got = V.check(a, undated_index.lexical, sent, ctx, span(sent, "48.2亿元"), kind="figure",
                      row_subject="紫岚储能产业园", settings=SUBJECT_ONLY, document=match_form(ctx + sent))
        assert ("subject" in got.missing) == refused, sent
    assert V.asked("What is the annual planned investment of the Zilan park (紫岚储能产业园)?", "figure", "",
                   "en").metric == "annual_investment"


def test_the_year_of_a_date_glossed_in_an_english_question_opens_no_name():
    """(青墨区2019年重大项目集中开工仪式): 年重大项目 is no project asked."""
    a = V.asked("What was the total investment of the 40 projects at Qingmo District's 2019 major project "
                "groundbreaking ceremony (青墨区2019年重大项目集中开工仪式)?", "figure", "", "en")
    assert a.subjects == ["青墨区"]


def test_a_name_opening_a_question_is_whose_figure_it_is(undated_index):
    """海风动力2024年投入研发经费多少: jieba knows 海风动力 as no name; the firms' total is not its figure."""
    a = V.asked("海风动力2024年投入研发经费多少？", "figure")
    assert a.names == ["海风动力"] and a.possessed == "海风动力"
    assert V.asked("全省高新区上半年实现利润总额多少？", "figure").names == []  # a whole, no firm
    assert V.asked("今年海风动力投入研发经费多少？", "figure").possessed == "海风动力"  # the time said first
    doc = "海风动力是园区龙头企业。"
    for sent, refused in (("2024年园区企业投入研发经费达896亿元。", True), ("2024年海风动力投入研发经费达896亿元。", False)):
        got = V.check(a, undated_index.lexical, sent, "", span(sent, "896亿元"), kind="figure",
                      settings=SUBJECT_ONLY, document=match_form(doc + sent))
        assert ("subject" in got.missing) == refused, sent
    # all firms' figure, though the firm was named just before it
    for sent, refused in (("2024年我企业投入研发经费达896亿元。", True), ("2024年企业投入研发经费达896亿元。", True),
                          ("其中海风动力投入研发经费达896亿元。", False)):
        got = V.check(a, undated_index.lexical, sent, "海风动力投入研发经费高达178亿元。", span(sent, "896亿元"),
                      kind="figure", settings=SUBJECT_ONLY, document=match_form(doc + sent))
        assert ("subject" in got.missing) == refused, sent


def test_a_firm_asked_by_its_full_name_is_not_a_counted_groups_total(undated_index):
    """海岚机械的投资金额: 海岚 is the segmenter's name, 机械 its firm's tail; 22件投资案…总金额 is the cases'."""
    a = V.asked("经济部审查通过的海岚机械的投资金额是多少？", "figure")
    assert a.possessed in a.names
    ctx = "经济部今日审查通过海岚机械投资案。"
    for sent, refused in (("工业局统计，22件投资案预计投资总金额约1360亿元。", True),
                          ("其中海岚机械预计投资约1360亿元。", False)):
        got = V.check(a, undated_index.lexical, sent, ctx, span(sent, "1360亿元"), kind="figure",
                      settings=SUBJECT_ONLY, document=match_form(ctx + sent))
        assert ("subject" in got.missing) == refused, sent


def test_an_english_questions_doer_is_the_one_nearest_its_verb(undated_index):
    """…Administration's (园管局) conference, how much was Haifeng's Cloud Tech (云岚科技) said to be
    investing: the firm, beside a body the question also names; not the conference's total."""
    a = V.asked("At the Park Administration's (园管局) 2025 results conference, how much was Haifeng's Cloud Tech "
                "(云岚科技) said to be investing?", "figure", "", "en")
    assert a.possessed == "云岚科技"
    for sent, refused in (("园管局今日宣布促成166件投资案，总金额高达1,245亿元。", True),
                          ("云岚科技将投资1,245亿元建设算力中心。", False)):
        got = V.check(a, undated_index.lexical, sent, "", span(sent, "1,245亿元"), kind="figure",
                      settings=SUBJECT_ONLY, document=match_form("园管局与云岚科技。" + sent))
        assert ("subject" in got.missing) == refused, sent


def test_a_park_of_one_science_park_is_not_given_anothers_figure():
    """竹科青岚园区 asked: 中科受惠于出口畅旺，推升园区营业额年成长8.15% is the other park's, named last."""
    before = "竹科管理局表示，将加强青岚园区的招商。中科受惠于出口畅旺，推升园区营业额年成长"
    assert V._another_short_zone(["竹科青岚园区"], before, parks=True)
    assert not V._another_short_zone(["竹科青岚园区"], before.replace("中科", "竹科"), parks=True)
    assert not V._another_short_zone(["竹科青岚园区"], before)  # as a name, a park of 竹科 is its own


def test_a_thing_named_by_its_side_is_not_the_other_sides(undated_index):
    """青岚园区的东桥何时完成: 其中西桥已经动工，目标于明年完成 is the other bridge's date."""
    a = V.asked("青岚园区的东桥目标何时完成？", "date")
    assert a.sides == [("东", "桥")] and V.asked("广东青岚园区何时完成？", "date").sides == []
    assert V.asked("青岚园区东侧园区获投资多少？", "figure").sides == [("东", "园")]  # the park it divides
    for sent, refused in (("其中西桥已经动工，目标于明年完成。", True), ("其中东桥已经动工，目标于明年完成。", False),
                          ("东西两座桥已经动工，目标于明年完成。", False)):
        got = V.check(a, undated_index.lexical, sent, "青岚园区推动建设东西两座跨境桥。", span(sent, "明年"),
                      kind="date", document=match_form("青岚园区推动建设东西两座跨境桥。" + sent))
        assert ("subject" in got.missing) == refused, sent


def test_an_english_not_found_says_the_event_in_english():
    en = V.asked("When was the Qinglan bridge (青岚大桥) completed?", "date", "", "en")
    assert V.explain(en, V.Verdict(["event"]), "en", True).endswith("give no date when it was completed.")


@pytest.mark.parametrize("question,role", [
    ("Who is the Speaker of the Qingmo County Council (青墨县议会)?", "议长"),
    ("Who is the magistrate of Qingmo County (青墨县)?", "县长"),
    ("Who is the director-general of the Qingfeng Science Park Bureau?", "局长"),  # not a director (主任)
    ("Who is the director of the investment office?", "主任"),
])
def test_an_english_question_names_its_role(question, role):
    assert V.asked(question, "person", "", "en").role == role


def test_a_zone_named_last_before_a_figure_governs_it_for_a_park_asked(undated_index):
    """长沙经开区…园区全年规模工业总产值达到2530亿元 for 苏州工业园区 (a park by its name): the place of
    industry named last before the figure is another, whatever its kind; but the items of a list
    (包括A小镇、B等，投资额…) govern nothing, the list's whole does."""
    a = V.asked("2020年青墨工业园区规模工业总产值是多少？", "figure")
    other = "2020年，白鹭经开区坚定不移抓项目，园区全年规模工业总产值达到2530亿元。"
    own = "2020年，青墨工业园区坚定不移抓项目，园区全年规模工业总产值达到2530亿元。"
    for sent, refused in ((other, True), (own, False)):
        got = V.check(a, undated_index.lexical, sent, "", span(sent, "2530亿元"), kind="figure",
                      settings=SUBJECT_ONLY, document=match_form("青墨工业园区简介。" + sent))
        assert ("subject" in got.missing) == refused, sent
    a = V.asked("青墨区集中竣工的30个项目投资额多少？", "figure")
    sent = "集中竣工项目30个，包括白鹭紫菜现代园、同心旅游小镇整体改造工程等，投资额49.7亿元。"
    got = V.check(a, undated_index.lexical, sent, "", span(sent, "49.7亿元"), kind="figure",
                  settings=SUBJECT_ONLY, document=match_form("青墨区项目集中竣工。" + sent))
    assert "subject" not in got.missing


LATIN = (
    "青岚港经开区重大项目集中签约\n2024-05-08 来源：青岚日报\n"
    "2024年，青岚港经开区实施重大项目30个，总投资300亿元。\n"
    "其中，Zentrova新材料项目总投资12亿元，建成后年产值20亿元。\n"
    "富士康青岚智能终端项目总投资45亿元。\n"
)


@pytest.fixture(scope="module")
def latin_index(tmp_path_factory):
    return corpus_index(tmp_path_factory.mktemp("latin"), {"latin.txt": LATIN})


def test_an_english_questions_one_project_named_in_latin_letters_is_read_off_its_words():
    a = V.asked("What is the total investment of the Zentrova Qinglan project?", "figure", lang="en")
    assert a.unnamed == "the Zentrova Qinglan project" and a.latin == ["Zentrova"]  # Qinglan is pinyin
    owned = V.asked("What is the total investment of TSMC's Kaohsiung plant?", "figure", lang="en")
    # Kaohsiung is not pinyin; TSMC, in capitals, may abbreviate English words (ETDZ) as well as a name
    assert owned.unnamed == "TSMC's Kaohsiung plant" and owned.latin == ["Kaohsiung"]
    # a hyphenated word's parts are read so, and only the name of the one project, plant or firm asked
    assert V.asked("How much will the Zentrova-Qinglan Technopole plant invest?", "figure", lang="en").latin == [
        "Zentrova", "Technopole"]
    assert V.asked("How many firms are in the Zentrova Technopole?", "figure", lang="en").latin == []
    # glossed, Chinese, or many projects: the names are read as before
    assert V.asked("What is the total investment of the Zentrova (正创) project?", "figure", lang="en").unnamed is None
    assert V.asked("What is the total investment of the key projects?", "figure", lang="en").unnamed is None
    assert V.asked("Zentrova项目总投资多少？", "figure").unnamed is None


def test_a_project_named_by_a_word_no_report_writes_is_not_found(report_index):
    """The Zentrova project asked in English over reports that never write Zentrova, nor a Chinese
    name for it: "not found", saying which word, not another project's figure or the zone's total."""
    q = "What is the total investment of the Zentrova Qinglan project?"
    ans = ask(report_index, q)
    assert ans.abstained and ans.short_answer is None, ans.answer
    first = ans.answer.splitlines()[0]
    assert "do not mention the Zentrova Qinglan project" in first and "Zentrova (…)" in first
    assert not ask(report_index, q, verify=V.VerifySettings(subject=False)).abstained


def test_a_latin_name_is_read_as_written_or_by_the_dictionarys_chinese_name(latin_index):
    from rag.answer.question import analyze

    doc = next(d for d in latin_index.documents.values() if d.name == "latin.txt")
    form = match_form(doc.text)
    assert V._latin_read("Zentrova", doc, form) and V._latin_read("Foxconn", doc, form)  # 富士康
    assert not V._latin_read("Kaohsiung", doc, form)  # 高雄 is not in this report
    assert not V._latin_read("Goldwind", doc, form)
    q = "What is the total investment of the Zentrova project?"
    a, qq = V.asked(q, "figure", lang="en"), analyze(latin_index, q)
    total = next(x for x in doc.sentences if "300亿元" in x.text)
    own = next(x for x in doc.sentences if "12亿元" in x.text)
    # the zone's 30 projects' total is a category's figure, never one project's
    assert "subject" in V.evidence_verdict(latin_index, qq, a, total, span(total.text, "300亿元")).missing
    assert V.evidence_verdict(latin_index, qq, a, own, span(own.text, "12亿元")).ok
    ans = ask(latin_index, q)
    assert not ans.abstained and "12亿元" in ans.answer.splitlines()[0], ans.answer


@pytest.mark.parametrize("question,role", [
    ("Who is the county head of Qinglan County?", "县长"),
    ("Which deputy county head presided over the ceremony?", "副县长"),
    ("Who is the executive deputy district head of Songtao District?", "副区长"),
    ("Who is the deputy director-general of the park administration?", "副局长"),
    ("Who is the vice chairman of Baisha Group?", "副董事长"),
    ("Who is the head of the project?", "负责人"),
])
def test_an_english_post_is_the_longest_one_written_and_a_deputys_when_so_said(question, role):
    """Without a Chinese gloss, a county head is a 县长 (not any head's 负责人), and a deputy's post
    is the 副 one, never the head's."""
    assert V.asked(question, "person", lang="en").role == role


POSTS = (
    "青岚县重点项目集中开工\n2024-04-02 来源：青岚日报\n"
    "4月1日，青岚县2024年第一季度重点项目集中开工仪式举行。\n"
    "县委副书记、县长林海峰宣布开工。\n"
    "项目负责人陈刚介绍，青岚精密铸件项目预计年底投产。\n"
)


@pytest.fixture(scope="module")
def posts_index(tmp_path_factory):
    return corpus_index(tmp_path_factory.mktemp("posts"), {"posts.txt": POSTS})


def test_english_questions_for_a_county_head_and_a_deputy_are_held_to_those_posts(posts_index):
    """The county head is 林海峰, not the project's head 陈刚; no deputy county head is named, so
    the county head is no answer for one."""
    head = ask(posts_index, "Who is the county head of Qinglan County?")
    assert not head.abstained and "林海峰" in head.answer.splitlines()[0], head.answer
    deputy = ask(posts_index, "Which deputy county head of Qinglan County announced the start of works?")
    assert deputy.abstained and "role" in deputy.missing, deputy.answer


BODY_HEADS = (
    "青岚县招商工作通报\n2024-05-06 来源：青岚日报\n"
    "青岚县工商发展处处长罗文川表示，今年已有12家企业与县府联系投资事宜。\n"
    "青岚科技园公司主席孔德明出席签约仪式。\n"
    "经济部主任秘书宋立华及园区管理局副局长何安出席见证。\n"
)


@pytest.fixture(scope="module")
def heads_index(tmp_path_factory):
    return corpus_index(tmp_path_factory.mktemp("heads"), {"heads.txt": BODY_HEADS})


def test_an_english_post_is_any_post_of_its_family_written_whole(heads_index):
    """A department's director is its 处长 and a company's chairman may be its 主席; but a
    director-general is neither a chief secretary (主任秘书 holds 主任) nor a deputy (副局长)."""
    director = ask(heads_index, "Who is the director of the Industrial and Commercial Development Department of Qinglan County?")
    assert not director.abstained and "罗文川" in director.answer.splitlines()[0], director.answer
    chair = ask(heads_index, "Who is the chairman of Qinglan Science Park Company?")
    assert not chair.abstained and "孔德明" in chair.answer.splitlines()[0], chair.answer
    general = ask(heads_index, "Who is the director-general of the park administration?")
    assert general.abstained and "role" in general.missing, general.answer

@pytest.mark.parametrize("question, sent, held", [
    ("鹭湖园区管委会主任是谁？", "鹭湖园区管委会主任秘书林承远出席仪式。", False),  # a chief secretary
    ("鹭湖园区管委会主任是谁？", "鹭湖园区管委会主任林承远出席仪式。", True),
    ("鹭湖置业公司经理是谁？", "鹭湖置业公司总经理林承远出席仪式。", False),  # the general manager
    ("鹭湖银行行长是谁？", "鹭湖银行执行长林承远出席仪式。", False),  # a CEO is no bank president
    ("鹭湖园区书记是谁？", "鹭湖园区党工委书记林承远出席仪式。", True),  # a party committee's 书记 is one
    ("鹭湖园区管委会主任委员是谁？", "鹭湖园区管委会副主任委员林承远出席仪式。", False),  # a deputy
])
def test_a_post_asked_is_written_whole_with_or_without_an_answer(question, sent, held):
    """The role check finds the post asked only where it is written as a whole post: not the head
    of a longer one (主任秘书) nor after a prefix making another post (总经理, 执行长), whether the
    evidence is checked with its answer or as a sentence alone."""
    a = V.asked(question, "person")
    off = V.VerifySettings(subject=False)
    for at in (span(sent, "林承远"), None):
        assert ("role" not in V.check(a, None, sent, "", at, kind="person", settings=off).missing) == held


def test_a_role_of_a_subject_a_report_names_whole_and_then_by_its_short_form(report_index):
    """A report that opens on 鹭湖新港园区 and goes on with 新港园区 names the 书记 asked in
    新港园区党工委书记林承远; one that never writes 鹭湖新港园区 does not."""
    a = V.asked("鹭湖新港园区党工委书记是谁？", "person")
    sent = "新港园区党工委书记林承远介绍项目概况。"
    opening = "7月16日，鹭湖新港园区首批项目开工活动在新港园区举办。"
    for document, held in ((opening + sent, True), (opening.replace("鹭湖新港", "鹭湖") + sent, False)):
        v = V.check(a, report_index.lexical, sent, "", span(sent, "林承远"), kind="person",
                    document=match_form(document))
        assert ("subject" not in v.missing) == held, v.missing


@pytest.mark.parametrize("question, sent, figure, refused", [
    ("青墨加工区投资总额是多少美元？", "青墨加工区投资总额已达美金一亿八千万元。", "一亿八千万元", False),
    ("青墨加工区投资总额是多少新台币？", "青墨加工区投资总额已达美金一亿八千万元。", "一亿八千万元", True),
    ("青墨加工区投资总额是多少新台币？", "青墨加工区投资总额已达一亿八千万元。", "一亿八千万元", False),
])
def test_a_currency_written_before_an_amount_is_its_unit(question, sent, figure, refused):
    """美金…元 is an amount in US dollars, whatever its 元 says."""
    assert refused_by("unit", question, sent, figure) == refused


@pytest.mark.parametrize("question, sent, figure, date, refused", [
    # the value of the part of a year compared with is that part's, not the year's
    ("青墨园区2024年上半年营业额是多少？", "2025年上半年营业额0.82兆元，较2024年上半年0.74兆元成长11.47%。",
     "0.74兆元", None, False),
    ("青墨园区2024年营业额是多少？", "2025年上半年营业额0.82兆元，较2024年上半年0.74兆元成长11.47%。",
     "0.74兆元", None, True),
    # a report of any of Taiwan's cities counts years from 1912
    ("桃园市112年工厂营业收入总额是多少？", "桃园市113年工厂营业收入总额逾4兆4,589亿元，较前112年的4兆735亿元增加。",
     "4兆735亿元", "2026-01-04", False),
    # a figure whose own clause writes its year and no part of it is the year's, in a report that
    # states a part of the year elsewhere
    ("青墨园区2014年全年营业额预计突破多少？", "青墨园区公布今年9月出口额，预估今年营业额可望突破5000亿元。",
     "5000亿元", "2014-10-29", False),
    ("青墨园区2014年全年营业额是多少？", "青墨园区今年1至8月营业额约达3301亿元，较去年同期成长12.1%。",
     "3301亿元", "2014-10-29", True),
])
def test_the_period_of_a_value_compared_with_and_of_a_clause_that_writes_its_year(question, sent, figure, date, refused):
    document = match_form(f"{sent}园区今年1至8月营业额约达3301亿元。")
    assert refused_by("period", question, sent, figure, doc_date=date, document=document) == refused


def test_a_subject_by_its_short_form_abbreviation_and_count_of_projects(report_index):
    """A report that writes 鹭湖临港集团 goes on with 临港集团, one that writes 鹭湖产业园区管理局 with
    园管局, and a firm's count of projects signed is its own though the figure table files it under
    the projects; an industry's clause opens with the industry, not with what will be done."""
    stats = report_index.lexical
    sent = "临港集团在会上新签约项目106个。"
    a = V.asked("鹭湖临港集团产业大会上新签约项目多少个？", "figure")
    got = V.check(a, stats, sent, "", span(sent, "106个"), row_subject="新签约项目", row_category=True, kind="figure",
                  document=match_form("鹭湖临港集团举行产业大会。" + sent))
    assert "subject" not in got.missing, got.missing
    a = V.asked("鹭湖产业园区管理局局长是谁？", "person")
    sent = "园管局长林承远表示，土地供给是园管局最重要的任务。"
    got = V.check(a, stats, sent, "", span(sent, "林承远"), kind="person",
                  document=match_form("鹭湖产业园区管理局致力于提供产业空间。" + sent))
    assert "subject" not in got.missing, got.missing
    a = V.asked("2011年鹭湖市县域工业集中区全年实现工业总产值多少？", "figure")  # the city's zones, asked whole
    sent = "2011年，全市县域工业集中区实现工业总产值113.6亿元。"
    got = V.check(a, stats, sent, "", span(sent, "113.6亿元"), kind="figure",
                  document=match_form("鹭湖市县域工业集中区发展迈上新台阶。" + sent))
    assert "subject" not in got.missing, got.missing
    a = V.asked("2011年鹭湖市东岸工业集中区全年实现工业总产值多少？", "figure")  # one of them
    got = V.check(a, stats, sent, "", span(sent, "113.6亿元"), kind="figure",
                  document=match_form("鹭湖市东岸工业集中区发展迈上新台阶。" + sent))
    assert "subject" in got.missing, got.missing
    a = V.asked("鹭湖九处新园区预计创造多少个就业机会？", "figure")
    sent = "目前已启动鹭湖九处新园区，预估将新增产业产值逾一千亿元、创造三万个就业机会。"
    got = V.check(a, stats, sent, "", span(sent, "三万个"), kind="figure", document=match_form(sent))
    assert "subject" not in got.missing, got.missing


def test_what_english_and_chinese_questions_ask_of_turnover_dates_and_anniversaries():
    """Turnover is revenue and asks a figure; a glossed date or part of a year names no subject; the
    年 of 周年 opens no metric."""
    from rag.answer.question import question_kind
    assert question_kind("what full-year 2014 turnover was qingmo park projected to exceed?") == "figure"
    assert question_kind("what turnover target did qingmo park expect?") == "figure"
    assert V.asked("What was the turnover of Qingmo Park in 2024?", "figure", lang="en").metric == "revenue"
    assert V.asked("What annual profit and tax will the Qingmo plant make?", "figure", lang="en").metric == "tax"  # 利税
    got = V.asked("What turnover target did Qingmo Park expect for 2008 (民國97年)?", "figure", lang="en")
    assert (got.names, got.year) == ([], "2008")
    assert V.asked("What was the output of Qingmo (青墨) in the first half (上半年)?", "figure", lang="en").names == ["青墨"]
    assert V.asked("青墨集团成立二十周年产业发展大会上新签约项目多少个？", "figure").metric is None
    assert V.asked("桃园市112年工厂营业收入总额是多少？", "figure").year == "2023"  # a Taiwanese city's ROC year


@pytest.mark.parametrize("question, sent, figure, refused", [
    # a group named by its members and counted: its figure is the group's, not one member's
    ("青墨工业园区、赤霞湾投资区等3个区域上半年实现工业总产值多少？",
     "此外，青墨工业园区、赤霞湾投资区、鹭湖出口加工区等3个区域上半年实现工业总产值1609亿元。", "1609亿元", False),
    ("青墨工业园区上半年实现工业总产值多少？",
     "此外，青墨工业园区、赤霞湾投资区、鹭湖出口加工区等3个区域上半年实现工业总产值1609亿元。", "1609亿元", True),
    ("青墨工业园区上半年实现工业总产值多少？",  # one of them singled out
     "青墨工业园区、赤霞湾投资区等3个区域发展良好，其中青墨工业园区上半年实现工业总产值609亿元。", "609亿元", False),
    ("鹭湖市上台签约的3个项目总投资多少？",  # the group asked by its size
     "鹭湖市“青墨电池项目”、“赤霞湾码头项目”等3个项目上台签约，总投资307亿元。", "307亿元", False),
    ("青墨工业园区招聘会上赤霞、鹭湖电子等10家重点企业推出多少个技术性岗位？",  # its zone written elsewhere
     "赤霞、外在美、鹭湖电子等10家园区重点企业推出200个技术性岗位。", "200个", False),
    ("在2017年招商引资考核中，青墨经开区在全市排第几位？", "在2017年招商引资考核中，经开区列全市第2位。", "2位", False),
    # a list item opening with a name (鹭湖市纸品产业集群) is one of the firms counted, not their owner
    ("6月入驻青墨物流园区的企业有多少家？",
     "6月30日，鹭湖新农商市场公司、鹭湖市纸品产业集群、赤霞湾物流公司等三十多家企业正式入驻青墨物流园区。", "三十多家", False),
    # a firm heading the figure's own clause owns it, whatever firm the sentence named before
    ("青墨集团产销规模已连续多少年位居全国第一？",
     "赤霞集团连续19年位居第一，青墨集团产销规模位居全国第一，鹭湖集团连续10年产销量排名第一。", "10年", True),
    ("鹭湖集团产销量已连续多少年排名第一？",
     "赤霞集团连续19年位居第一，青墨集团产销规模位居全国第一，鹭湖集团连续10年产销量排名第一。", "10年", False),
    # a group the question writes itself is what it asks within, no other subject
    ("在2021年度全国217家国家级开发区综合考评中，青墨经开区位列第几？",
     "2022年，经开区获省级特色产业园称号，在2021年度全国217家国家级开发区综合考评中位列第13位。", "13位", False),
    ("青墨经开区营业收入多少？",
     "2022年，经开区获省级特色产业园称号，全国217家国家级开发区营业收入达20万亿元。", "20万亿元", True),
])
def test_a_group_named_by_its_members_and_a_group_the_question_writes(report_index, question, sent, figure, refused):
    """A figure after 甲、乙等N个 is the group's; a name the question writes is no other subject."""
    got = V.check(V.asked(question, "figure"), report_index.lexical, sent, "", span(sent, figure), kind="figure",
                  settings=SUBJECT_ONLY, document=match_form(f"青墨经开区发展报告。{sent}"))
    assert ("subject" in got.missing) == refused, got.missing


@pytest.mark.parametrize("question, sent, figure, check, refused", [
    ("在2022年度全国国家级开发区综合考评中，青墨经开区排名第几？", "实现营业收入174亿元，增长18.9%。", "174亿元", "unit", True),
    ("在2022年度全国国家级开发区综合考评中，青墨经开区排名第几？", "青墨经开区在综合考评中位列第13位。", "13位", "unit", False),
    ("What rank did Qingmo Zone take in the national review?", "青墨经开区在综合考评中位列第13位。", "13位", "unit", False),
    ("青墨经开区综合排名第几位？", "在217个国家级开发区中，青墨经开区综合排名24位。", "24位", "unit", False),
    ("截至3月底，青墨物流园区一期已完成投资多少？", "截至6月，园区一期已完成投资4.5亿元。", "4.5亿元", "period", True),
    ("截至今年6月底，青墨物流园区一期已完成投资多少？", "截至6月，园区一期已完成投资4.5亿元。", "4.5亿元", "period", False),
    ("截至三月底，青墨园区营业额较去年同期成长多少？", "截至4月底，青墨园区营业额较去年同期成长10.91%。", "10.91%", "period", True),
    ("青墨园区前一年度同期引进了多少家厂商？", "青墨园区今年度截至12日止引进厂商11家。", "11家", "period", True),  # 前一年: 去年
    ("青墨园区今年度引进了多少家厂商？", "青墨园区今年度截至12日止引进厂商11家。", "11家", "period", False),
    # a count of firms an event drew is not of those settled in the park
    ("青墨区石化项目推介会吸引了多少家石化企业？", "据介绍，青墨园区规划面积29.6平方公里，入驻石化企业28家。", "28家", "unit", True),
    ("青墨区石化项目推介会吸引了多少家石化企业？", "青墨区石化项目推介会吸引28家石化企业入驻。", "28家", "unit", False),
    ("青墨园区入驻了多少家石化企业？", "据介绍，青墨园区规划面积29.6平方公里，入驻石化企业28家。", "28家", "unit", False),
    # what land is valued at, and money that has arrived, are metrics of their own
    ("青墨数据中心用地估值约多少？", "政府将推出一幅青墨数据中心用地，估值料达17.6亿元。", "17.6亿元", "metric", False),
    ("青墨数据中心用地估值约多少？", "政府将推出一幅青墨数据中心用地，估值料达17.6亿元。", "17.6亿元", "unit", False),
    ("青墨数据中心用地估值约多少？", "青墨数据中心用地面积约2.5公顷，投资17.6亿元。", "17.6亿元", "metric", True),
    ("青墨区新签约的32个项目中，已到位资金是多少？", "青墨区新签约项目32个，签约额99.75亿元。", "99.75亿元", "metric", True),
    ("青墨区新签约的32个项目中，已到位资金是多少？", "青墨区新签约项目32个，到位资金31.5亿元。", "31.5亿元", "metric", False),
    ("青墨保税区上半年完成工业总产值多少？", "上半年，青墨保税区完成工业总产值105亿元、进出区货物总值107亿美元。", "107亿美元",
     "metric", True),  # a bonded zone's goods in and out are its trade
    ("青墨高新区实际到位外资折合人民币多少亿元？", "青墨高新区实现区外到位资金225.75亿元。", "225.75亿元", "metric",
     True),  # foreign money arrived is foreign investment
    # a share of things (多少比例的研究中心) is of their number, not of output
    ("青墨高新区聚集了全国多少比例的国家工程研究中心？", "青墨高新区生产总值占全国的14.3%。", "14.3%", "metric", True),
    # the date of what a body said is no period of the figure (据…2025年11月介绍)
    ("据工信部2025年11月介绍，青墨高新区覆盖了多少个省级行政区域？", "青墨高新区从2020年的169家增加到178家，覆盖了31个省级行政区域。",
     "31个", "period", False),
])
def test_ranks_running_totals_valuations_funds_in_place_and_a_date_of_saying(question, sent, figure, check, refused):
    """排名第几 asks a 第N; 截至3月底 is no 截至6月; 估值 and 到位资金 are metrics; 据X某月介绍 dates a saying."""
    lang = "en" if question.isascii() else "Hans"
    got = V.check(V.asked(question, "figure", lang=lang), None, sent, "", span(sent, figure), kind="figure",
                  settings=only(check))
    assert (check in got.missing) == refused, got.missing


def test_an_english_question_cites_a_bodys_briefing_and_asks_projects_started():
    """The year of MIIT's November 2025 briefing is the briefing's; projects a zone started were 开工."""
    a = V.asked("According to MIIT's November 2025 briefing, how many cities do Qingmo's zones cover?", "figure", lang="en")
    assert a.year is None
    assert "开工" in V.asked("How many projects did Qingmo Zone start in its second batch?", "figure", lang="en").acts
    assert not V.asked("How many start-ups did Qingmo Zone attract?", "figure", lang="en").acts - {"引进", "招引"}


def test_an_industry_written_with_ye_and_months_before_a_name(report_index):
    """Taiwan's reports name an industry X业 before its metric (精密機械業營業額), and a span of months
    before a zone (一至九月台中加工區) is no part of its name; 工业产值 and 园区农业 name no industry."""
    a = V.asked("今年一至九月青墨加工區精密機械業營業額占園區總營業額的比重是多少？", "figure", lang="Hant")
    assert (a.sector_word, a.subjects) == ("机械", ["青墨加工区"])
    sent = "今年一至九月，青墨加工區電腦電子光學業營業額達三百億元，占園區總營業額四十六.九%。"
    assert "subject" in V.check(a, report_index.lexical, match_form(sent), "", span(match_form(sent), "四十六.九%"),
                                kind="figure", settings=SUBJECT_ONLY).missing
    assert V.asked("青墨园区工业产值多少？", "figure").sector_word is None
    assert V.asked("鹭湖港深创科园的总楼面面积是多少？", "figure").subjects == ["鹭湖港深创科园"]  # Hong Kong's park
    assert V.asked("青墨园区农业产值多少？", "figure").sector_word is None


def test_a_parks_batch_of_projects_is_asked_as_a_zones(report_index):
    """澄远产业园此次集中签约开工的项目总投资: the counted batch's total, in a report naming the park."""
    sent = "现场集中签约开工项目71个、总投资546.05亿元。"
    doc = "澄远产业园重点产业项目集中签约开工活动近日在青禾区举行。" + sent
    a = V.asked("澄远产业园此次集中签约开工的项目总投资多少?", "figure")
    assert a.batch
    got = V.check(a, report_index.lexical, sent, doc[:-len(sent)], span(sent, "546.05亿元"), kind="figure",
                  settings=SUBJECT_ONLY, document=doc)
    assert "subject" not in got.missing
    a.batch = False
    assert "subject" in V.check(a, report_index.lexical, sent, doc[:-len(sent)], span(sent, "546.05亿元"),
                                kind="figure", settings=SUBJECT_ONLY, document=doc).missing
    assert not V.asked("澄远产业园总投资多少?", "figure").batch


def test_a_rank_asked_is_a_place_whatever_the_ranking_measures():
    sent = "澄远产业集聚区投资总额居全省第14位。"
    assert not refused_by("unit", "澄远产业集聚区在全省产业集聚区投资总额榜上排第几位?", sent, "14位")
    assert refused_by("unit", "澄远产业集聚区在全省产业集聚区投资总额榜上排第几位?", "澄远产业集聚区投资总额28亿元。", "28亿元")


def test_a_year_a_zone_was_founded_in_is_not_the_period_of_its_figures():
    sent = "澄远工业园区是1992年成立的省级工业园区,截止目前,入园企业达171个,其中规模以上企业35户。"
    doc = "2012-09-21 来源:青禾日报 " + sent
    q = "截至2012年9月,澄远工业园区有规模以上企业多少户?"
    assert not refused_by("period", q, sent, "35户", document=doc, doc_date="2012-09-21")
    assert refused_by("period", q, "澄远工业园区2010年规模以上企业35户。", "35户", document=doc, doc_date="2012-09-21")
    # a year counted from (自2015年成立…以来) is the period's start, asked as such
    sent = "自2015年成立创新科技局以来，政府已投入近2000亿元。"
    got = V.check(V.asked("2015年成立创新科技局以来，政府投入了多少？", "figure"), None, sent, "司长2023年6月发表网志。",
                  span(sent, "近2000亿元"), kind="figure", settings=only("period"), document=sent)
    assert "period" not in got.missing


def test_planned_projects_question_words_and_the_bonded_zones_short_form():
    assert V.subject_name("青禾区计划开工项目") == "青禾区"  # a zone's planned batch asks the zone
    assert V.asked("澄远软件园二期首栋大楼将新增多少产业空间?", "figure").sector_word is None  # 多少 is no industry
    assert V.zone_short("澄远综合保税区") == "澄远综保区"


def test_a_narrower_name_asked_is_not_answered_by_the_wider_ones_figure(report_index):
    """漳州空港综合保税区 asked: the figure the table gives 漳州综合保税区, in a report naming both."""
    sent = "其中,漳州综合保税区2024年实现货物进出口总额334亿元。"
    doc = "漳州综合保税区与漳州空港综合保税区双双实现突破。" + sent

    def refused(q):
        return "subject" in V.check(V.asked(q, "figure"), report_index.lexical, sent, "", span(sent, "334亿元"),
                                    kind="figure", settings=SUBJECT_ONLY, document=doc,
                                    row_subject="漳州综合保税区").missing
    assert refused("漳州空港综合保税区2024年实现货物进出口总额多少?")
    assert not refused("漳州综合保税区2024年实现货物进出口总额多少?")
    assert not V._narrower(["第一次重大项目"], "开封市重大项目", "开封市第一次重大项目集中开工")  # a batch, no zone


def test_an_average_is_no_ones_figure(report_index):
    """平均每个园区的基础设施投资超过了2亿元 is no one park's."""
    def refused(q, sent, figure, document):
        return "subject" in V.check(V.asked(q, "figure"), report_index.lexical, sent, "", span(sent, figure),
                                    kind="figure", settings=SUBJECT_ONLY, document=document).missing

    sent = "从基础设施投资看,平均每个园区的基础设施投资超过了2亿元,其中青禾开发区已达7.2亿元。"
    doc = "澄远开发区进区企业已达260多户。" + sent
    assert refused("澄远开发区的基础设施投资已达多少?", sent, "2亿元", doc)
    assert not refused("各园区平均每个园区的基础设施投资是多少?", sent, "2亿元", doc)


def test_a_member_written_only_as_an_item_of_a_counted_list_has_no_figure_of_its_own(report_index):
    sent = "现场集中签约开工项目71个、总投资546.05亿元,涵盖基础设施项目3个,先进装备、先进材料、现代物流等三大主导产业项目68个。"
    doc = "澄远产业园重点产业项目集中签约开工活动近日举行。" + sent

    def refused(q, figure):
        return "subject" in V.check(V.asked(q, "figure"), report_index.lexical, sent, doc[:-len(sent)],
                                    span(sent, figure), kind="figure", settings=SUBJECT_ONLY, document=doc).missing
    assert refused("澄远产业园集中签约开工活动中,先进材料产业项目有多少个?", "68个")
    assert not refused("澄远产业园集中签约开工活动中,基础设施项目有多少个?", "3个")


def test_a_name_that_only_locates_the_one_asked_is_no_subject_and_places_before_a_name_qualify_it():
    assert V.asked("与澄远智慧产业园区相邻的青禾科技工业园区开发总面积是多少?", "figure").subjects == ["青禾科技工业园区"]
    assert V.asked("青禾物流园所在的澄远工业园区规划面积是多少?", "figure").subjects == ["澄远工业园区"]
    assert V._with_places("桃园市大园区澄远智慧产业园", "澄远智慧产业园")  # a city and a district before it
    assert not V._with_places("成都国际铁路港经开区", "成都经开区")


def test_two_zones_of_two_places_are_not_one_narrower_than_the_other():
    assert not V._narrower(["利家工业区"], "鹿野工业区", "利家工业区 鹿野工业区")  # 鹿野 is a place, 利家 another's
    assert V._narrower(["海口空港综合保税区"], "海口综保区", "海口空港综保区 海口综保区")


def test_a_park_asked_with_its_city_and_district_is_the_park_its_report_names_bare(report_index):
    sent = "澄远智慧产业园区开发总面积约9.45公顷，完工后可提供产业用地。"
    doc = "桃园市澄远智慧产业园区举行动土典礼。" + sent
    got = V.check(V.asked("桃园市大园区澄远智慧产业园区的开发总面积是多少?", "figure"), report_index.lexical, sent,
                  "", span(sent, "9.45公顷"), kind="figure", settings=SUBJECT_ONLY, document=doc)
    assert "subject" not in got.missing
