"""PDF, Word and saved-page ingestion, on generated files that reproduce what producers do."""

import json
import sys

import pytest

from office_fixtures import (HANT, HANT_PARA, LEFT, PARA, RIGHT, plain_pdf, report_docx, report_pdf, scanned_pdf,
                             unruled_pdf)
from rag.formats import drop_furniture, join_pages, readability, table_rows, text_cells, unruled_tables
from rag.ingest import decode_bytes, garbled, ingest_file, ingest_folder
from rag.textnorm import to_simplified, to_traditional


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = report_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", pages=5)
    return ingest_file(path, "report.pdf")


def test_pdf_pages_are_kept_and_named_by_offset(report):
    assert report.format == "pdf" and len(report.pages) == 5
    assert report.pages[0] == 0 and report.pages == sorted(report.pages)
    at = report.text.index("三、重点项目一览")
    assert report.page_at(at) == 3
    assert report.page_at(report.text.index("五、其他事项")) == 5
    assert report.title == "园区重点项目建设情况报告"  # the file's own title, shown on page 1


def test_pdf_lines_broken_by_the_layout_are_joined(report):
    assert PARA in report.text  # one wrapped paragraph is one line again
    assert LEFT.replace("甲乙", "庚辛") in report.text


def test_pdf_two_columns_are_read_column_by_column(report):
    left, right = report.text.index(LEFT), report.text.index(RIGHT)
    assert report.text.index(LEFT.replace("甲乙", "庚辛")) < right  # the whole left column first
    assert left < right


def test_pdf_running_headers_and_page_numbers_are_dropped(report):
    assert "2024年度报告" not in report.text
    assert not any(line.strip("- ").isdigit() for line in report.text.split("\n"))


def test_pdf_table_rows_keep_figures_with_their_labels(report):
    assert "甲乙新材料项目：总投资10.3亿元，占地92亩，建设状态：在建。" in report.text
    assert "戊己智能装备项目：总投资3.6亿元，占地45亩，建设状态：投产。" in report.text
    row = report.text.index("戊己智能装备项目：")
    assert report.page_at(row) == 3


def test_pdf_tables_without_rules_read_as_labelled_rows_on_their_page(tmp_path):
    doc = ingest_file(unruled_pdf(tmp_path / "parks.pdf"), "parks.pdf")
    row = "白鹭港仓储中心项目：总投资4.6亿元，占地88亩。"  # columns aligned with spaces
    assert row in doc.text.split("\n") and doc.page_at(doc.text.index(row)) == 2
    assert "云杉岭数据中心项目：总投资12亿元，占地120亩。" in doc.text
    placed = "柳荫渡医疗器械项目：年产值6.5亿元，带动就业320人。"  # cells placed without a grid
    assert placed in doc.text and doc.page_at(doc.text.index(placed)) == 3
    assert "项目名称" not in doc.text  # the header went into the rows
    for text in (LEFT, RIGHT, "二、物流项目一览", "三、制造项目一览"):  # the prose around them is as it was
        assert text in doc.text.split("\n")


def _tables(lines: list[str]) -> dict[int, int]:
    return unruled_tables([text_cells(line) for line in lines])


def test_a_table_in_plain_text_is_found_by_its_aligned_columns():
    spaced = ["项目名称            总投资   占地", "白鹭港仓储中心项目  4.6亿元  88亩", "青石湾冷链物流项目  2.1亿元  35亩"]
    assert _tables(["园区项目进展情况如下。", *spaced, "以上项目均已开工。"]) == {1: 4}
    assert _tables([row.replace("  ", "\t").replace(" ", "") for row in spaced]) == {0: 3}
    assert _tables(["指标      2023年  2024年", "工业产值  10      12", "税收      3       4"]) == {0: 3}


@pytest.mark.parametrize("lines", [
    ["全年新开工项目12个，  续建项目26个。", "总投资达到120.5亿元。"],  # prose with a double space
    ["项目名称  总投资  占地", "白鹭港仓储中心项目  4.6亿元  88亩"],  # one row is not a table
    ["项目名称  总投资  占地", "白鹭港仓储中心项目，已开工  4.6亿元  88亩", "青石湾  2.1亿元  35亩"],  # a clause
    ["10.3  92  在建", "8  150  在建", "3.6  45  投产"],  # no row of labels on top
    ["项目名称  总投资  占地", "白鹭港仓储中心项目  4.6亿元  88亩", "青石湾  2.1亿元  35亩"],  # columns cross
])
def test_prose_and_loose_double_spaces_are_not_tables(lines):
    assert _tables(lines) == {}


def test_pdf_without_text_layer_is_skipped_with_the_reason(tmp_path):
    skipped = ingest_file(scanned_pdf(tmp_path / "scan.pdf"), "scan.pdf")
    assert skipped.reason == "no text layer (a scanned PDF?); OCR is not supported"


def test_pdf_scanned_pages_among_text_pages_are_warned_of(tmp_path):
    path = scanned_pdf(tmp_path / "mixed.pdf", ["园区今年新开工项目十二个，总投资三十亿元，全部位于东区。"])
    doc = ingest_file(path, "mixed.pdf")
    assert "十二个" in doc.text
    assert any("pages 2 have no text layer" in w for w in doc.warnings)


def test_pdf_font_without_unicode_map_is_read_with_pypdf(tmp_path):
    """pdfminer decodes the predefined CNS1 CMap of a non-embedded font as other characters."""
    doc = ingest_file(plain_pdf(tmp_path / "hant.pdf", [HANT_PARA], font=HANT, title="半導體封測項目進度"), "hant.pdf")
    assert HANT_PARA in doc.text and doc.script == "Hant"
    assert any("read with pypdf" in w for w in doc.warnings)


def test_readability_tells_prose_from_wrongly_mapped_characters():
    assert readability(to_simplified(HANT_PARA)) > 0.5
    assert readability("竹寁斝芹唰渿球砦東似硢奡扇笙峙猷帴緯崌渿球泜萇梬菃煙菪婝宙執萇蛾琰韶") < 0.3
    assert readability("短文本") is None


@pytest.mark.parametrize("content", [b"not a pdf at all", b"%PDF-1.7\n%broken", b""])
def test_broken_pdf_is_a_reported_skip(tmp_path, content):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    result = ingest_file(path, "bad.pdf")
    assert result.reason.startswith("not a readable PDF") or "no text layer" in result.reason


def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    doc = ingest_file(report_docx(tmp_path / "r.docx"), "r.docx")
    assert doc.format == "docx" and doc.pages == [] and doc.title == "园区重点项目建设情况报告"
    assert doc.date == "2024-05-06"
    a = doc.text.index(PARA)
    b = doc.text.index("丙丁储能电池项目：总投资8亿元，占地150亩，建设状态：在建。")
    c = doc.text.index(LEFT)
    assert a < b < c


def test_broken_docx_is_a_reported_skip(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert ingest_file(path, "bad.docx").reason.startswith("not a readable Word file")


def test_table_rows_put_the_header_unit_after_a_bare_number():
    rows = table_rows([["项目", "总投资（亿元）", "年产能(台套)", "状态"], ["甲厂", "10.3", "200", "在建"],
                       ["乙厂", "", "50", None]])
    assert rows == ["甲厂：总投资10.3亿元，年产能200台套，状态：在建。", "乙厂：年产能50台套。"]


def test_table_rows_put_a_figure_written_with_its_unit_after_its_label():
    rows = table_rows([["项目名称", "总投资", "占地", "增速"], ["白鹭港仓储中心项目", "4.6亿元", "88亩", "12.4%"]])
    assert rows == ["白鹭港仓储中心项目：总投资4.6亿元，占地88亩，增速12.4%。"]
    assert table_rows([["指标", "2023年", "2024年"], ["产值", "10", "12"]]) == ["产值：2023年10，2024年12。"]


def test_a_first_row_of_label_and_figure_is_not_a_header():
    assert table_rows([["总投资", "5亿元"], ["占地", "88亩"]]) == ["总投资，5亿元。", "占地，88亩。"]


def test_table_rows_without_a_header_are_read_in_order():
    assert table_rows([["签约时间", "2024年3月"], ["签约地点", "园区管委会"]]) == [
        "签约时间，2024年3月。", "签约地点，园区管委会。"]


def test_running_furniture_is_dropped_only_at_page_edges():
    pages = [["某某报告 2024", "正文第一段，内容。", "中间一行", "第 1 页"],
             ["某某报告 2024", "正文第二段，内容。", "第 2 页"],
             ["某某报告 2024", "正文第三段，内容。", "某某报告 2024 在正文中被提到。", "第 3 页"]]
    out = drop_furniture(pages)
    assert out[0] == ["正文第一段，内容。", "中间一行"]
    assert out[2] == ["正文第三段，内容。", "某某报告 2024 在正文中被提到。"]


def test_a_paragraph_cut_by_a_page_break_is_joined_on_its_first_page():
    pages = [["第一页的段落写到页面底部还没有结束，接下来的内容在"], ["下一页继续。", "新的段落。"]]
    assert join_pages(pages) == [["第一页的段落写到页面底部还没有结束，接下来的内容在下一页继续。"], ["新的段落。"]]


PAGE = """<html><head><meta charset="{charset}"><title>某某网 - 园区 - {title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="某某日报">
{date}</head><body><div>首页 要闻 经济 园区 视频 专题</div><h1>{title}</h1>
<p>3月20日，某某高新区新材料项目正式开工建设。该项目总投资10.3亿元，占地92亩，达产后预计年产值25亿元。</p>
<p>项目负责人介绍，一期工程计划年底前完成主体建设，明年投产后可带动就业600人。</p>
<div>版权所有 2024 某某日报 未经授权不得转载</div></body></html>"""


def test_saved_gbk_page_decodes_by_its_meta_charset_and_keeps_its_metadata(tmp_path):
    html = PAGE.format(charset="gb2312", title="高新区新材料项目开工",
                       date='<meta property="article:published_time" content="2023-03-21T09:00:00+08:00">')
    (tmp_path / "p.html").write_bytes(html.encode("gbk"))
    doc = ingest_file(tmp_path / "p.html", "p.html")
    assert doc.encoding == "gb2312" and doc.format == "html"
    assert (doc.title, doc.date, doc.outlet) == ("高新区新材料项目开工", "2023-03-21", "某某日报")
    assert "总投资10.3亿元" in doc.text and "版权所有" not in doc.text


def test_saved_big5_page_with_publishdate(tmp_path):
    html = to_traditional(PAGE.format(charset="big5", title="高新區新材料項目開工",
                                      date='<meta name="publishdate" content="2025-01-07">'))
    (tmp_path / "p.htm").write_bytes(html.encode("big5"))
    doc = ingest_file(tmp_path / "p.htm", "p.htm")
    assert doc.encoding == "big5" and doc.date == "2025-01-07" and doc.title == "高新區新材料項目開工"


def test_a_copyright_year_is_not_taken_for_the_date(tmp_path):
    (tmp_path / "p.html").write_text(PAGE.format(charset="utf-8", title="高新区新材料项目开工", date=""),
                                     encoding="utf-8")
    assert ingest_file(tmp_path / "p.html", "p.html").date is None


def test_declared_charset_does_not_override_valid_utf8():
    raw = '<meta charset="gbk"><p>园区总投资十亿元</p>'.encode("utf-8")
    assert decode_bytes(raw, html_page=True) == (raw.decode("utf-8"), "utf-8")


def test_a_missing_html_extractor_is_a_reported_skip(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import raises ImportError
    (tmp_path / "p.html").write_text(PAGE.format(charset="utf-8", title="标题", date=""), encoding="utf-8")
    docs, skipped = ingest_folder(tmp_path)
    assert not docs and skipped[0].reason.startswith("HTML extractor unavailable")


def test_garbled_text_is_flagged():
    assert garbled("总投资□□亿元，□") is not None
    assert garbled("新闻中心报道".encode("utf-8").decode("latin-1")) is not None
    assert garbled("新闻中心报道".encode("gbk").decode("latin-1")) is not None
    assert garbled("Café au lait, naïve façade, Müller und Söhne, São Paulo") is None


def test_build_report_lists_each_document_and_warnings(tmp_path, fake, capsys):
    from rag.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    report_pdf(docs / "report.pdf", pages=3)
    scanned_pdf(docs / "mixed.pdf", ["园区今年新开工项目十二个，总投资三十亿元，全部位于东区。"])
    assert main(["build", "--docs", str(docs), "--index", str(tmp_path / "ix"), "--model", "fake", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    files = {f["name"]: f for f in out["files"]}
    assert files["report.pdf"]["format"] == "pdf" and files["report.pdf"]["pages"] == 3
    assert files["report.pdf"]["title"] == "园区重点项目建设情况报告"
    assert files["mixed.pdf"]["warnings"]
    assert main(["build", "--docs", str(docs), "--index", str(tmp_path / "ix"), "--model", "fake"]) == 0
    assert "warning: mixed.pdf: pages 2 have no text layer" in capsys.readouterr().out


def test_a_figure_in_a_pdf_table_is_answered_and_cited_with_its_page(tmp_path, fake):
    from rag.answer.compose import answer_question
    from rag.answer.render import format_sources
    from rag.build import build_index
    from rag.index import load_index

    docs = tmp_path / "docs"
    docs.mkdir()
    report_pdf(docs / "report.pdf", pages=4)
    build_index(docs, tmp_path / "ix", fake, progress=False)
    ans = answer_question(load_index(tmp_path / "ix"), fake, "戊己智能装备项目总投资多少？")
    assert not ans.abstained and ans.short_answer == "3.6亿元"
    assert ans.citations[0].page == 3
    assert "report.pdf p. 3" in format_sources(ans)


def test_a_figure_in_a_pdf_table_without_rules_is_answered_and_cited_with_its_page(tmp_path, fake):
    from rag.answer.compose import answer_question
    from rag.answer.render import format_sources
    from rag.build import build_index
    from rag.index import load_index

    docs = tmp_path / "docs"
    docs.mkdir()
    unruled_pdf(docs / "parks.pdf")
    build_index(docs, tmp_path / "ix", fake, progress=False)
    ans = answer_question(load_index(tmp_path / "ix"), fake, "白鹭港仓储中心项目占地多少？")
    assert not ans.abstained and ans.short_answer == "88亩"
    assert ans.citations[0].page == 2
    assert "parks.pdf p. 2" in format_sources(ans)
