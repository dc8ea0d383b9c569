"""The figure table: subject attribution, the SQLite file in the index, `rag figures`."""

import json
import re
import sys
from pathlib import Path

import pytest

from rag.chunk import split_sentences
from rag.facts import figure_rows, query
from rag.index import IndexCorrupt, build_index, current_generation, load_index
from rag.types import Document

ROOT = Path(__file__).resolve().parents[1]


def _rows(text: str, title: str | None = None) -> dict[str, str | None]:
    doc = Document("d1", "d.txt", text, title=title, date="2024-05-01")
    doc.sentences = split_sentences("d1", text, 350)
    return {r.text: r.subject for r in figure_rows(doc)}


def test_a_figure_belongs_to_the_last_name_before_it_and_an_anaphor_to_its_antecedent():
    rows = _rows("位于园区北片的星河新能源电池项目正在建设。据悉，该项目总投资45亿元，占地620亩。")
    assert rows == {"45亿元": "星河新能源电池项目", "620亩": "星河新能源电池项目"}


def test_a_figure_qualifies_the_name_after_it_and_an_investor_is_not_the_subject():
    rows = _rows("总投资6.8亿元的青川冷链物流中心项目已完成主体结构。"
                 "绿源光伏组件项目由南岭绿源新能源科技有限公司投资建设，总投资15亿元。")
    assert rows == {"6.8亿元": "青川冷链物流中心项目", "15亿元": "绿源光伏组件项目"}


def test_a_name_that_holds_the_figure_is_its_subject():
    rows = _rows("海辰半导体有限公司年产12万片8英寸晶圆项目已完成设备安装，投产后年产值可达26亿元。")
    assert rows["12万片"] == rows["26亿元"] == "海辰半导体有限公司年产12万片8英寸晶圆项目"


def test_categories_take_their_zone_and_whole_zone_figures_the_zone():
    rows = _rows("今年以来，青川经开区计划实施重点项目24个，总投资186.5亿元。"
                 "园区负责人表示，前5个月全区完成固定资产投资31.2亿元，同比增长18.6%。")
    assert rows["186.5亿元"] == "青川经开区重点项目"
    assert rows["31.2亿元"] == rows["18.6%"] == "青川经开区"


def test_thresholds_are_not_figures():
    rows = _rows("东港高新区组织实施投资亿元以上重大项目58个，总投资396亿元。")
    assert "亿元以上" not in rows and rows["396亿元"] == "东港高新区亿元以上重大项目"


def test_traditional_text_is_attributed_the_same_way():
    rows = _rows("白鷺生物醫藥產業園項目總投資25億元，占地300畝，建成後年產值可達40億元。")
    assert set(rows.values()) == {"白鷺生物醫藥產業園項目"}


def test_synthetic_reports_keep_their_attribution_precision():
    """A regression floor on the reports the rules were written on (bench/figure_attribution.py
    also scores the seeds, which no rule was fitted to)."""
    sys.path.insert(0, str(ROOT))
    from bench.figure_attribution import score

    result = score(ROOT / "tests/data/figures_corpus", ROOT / "tests/data/figure_labels.jsonl")
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95


@pytest.fixture
def figure_index(tmp_path, fake):
    build_index(ROOT / "tests/data/figures_corpus", tmp_path / "idx", fake, progress=False)
    return tmp_path / "idx"


def test_the_table_is_part_of_the_generation_and_checksummed(figure_index):
    index = load_index(figure_index)
    assert index.figures_path is not None and index.manifest["counts"]["figures"] > 40
    rows = query(index.figures_path, subject="星河新能源電池", metric="总投资")  # either script matches
    assert sorted(r.text for r in rows) == ["45亿元", "45億元", "48亿元"]
    assert all(index.documents[r.doc_id].text[r.start:r.end] == r.text for r in rows)
    with open(index.figures_path, "r+b") as f:
        f.seek(200)
        f.write(b"\xff\xff")
    with pytest.raises(IndexCorrupt, match="figures.sqlite is corrupt"):
        load_index(figure_index)


def test_an_index_from_before_the_table_loads_and_figures_asks_for_a_rebuild(figure_index, capsys):
    from rag.cli import main

    gen = current_generation(figure_index)
    manifest = json.loads((gen / "manifest.json").read_text())
    del manifest["files"]["figures.sqlite"]
    (gen / "manifest.json").write_text(json.dumps(manifest))
    assert load_index(figure_index).figures_path is None
    assert main(["figures", "--index", str(figure_index)]) == 2
    assert "built before the figure table" in capsys.readouterr().err


def test_rag_figures_text_csv_and_json(figure_index, capsys):
    from rag.cli import main

    assert main(["figures", "--index", str(figure_index), "--subject", "金穗"]) == 0
    out = capsys.readouterr().out
    assert "金穗食品加工项目\t总投资\t8亿元\t2024" in out and "南岭新闻网" in out
    assert main(["figures", "--index", str(figure_index), "--metric", "占地", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("doc,doc_id,sentence,start,end,text,value,unit,metric,subject")
    assert len(lines) == 1 + 7
    assert main(["figures", "--index", str(figure_index), "--subject", "绿源", "--json"]) == 0
    assert {r["text"] for r in json.loads(capsys.readouterr().out)} >= {"15亿元", "16億元"}


def test_rows_of_unchanged_documents_are_reused(figure_index, fake, monkeypatch):
    from rag import index

    calls = []
    monkeypatch.setattr(index, "figure_rows", lambda d: calls.append(d.name) or [])
    build_index(ROOT / "tests/data/figures_corpus", figure_index, fake, progress=False)
    assert calls == [] and load_index(figure_index).manifest["counts"]["figures"] > 40


def test_a_figure_answer_shows_other_reports_that_differ_or_agree(figure_index, fake):
    from rag.answer import answer_question, format_sources
    from ui.app import render_turn

    index = load_index(figure_index)
    ans = answer_question(index, fake, "星河新能源电池项目总投资多少？")
    assert ans.short_answer in ("45亿元", "45億元", "48亿元")
    figures = {o.figure for o in ans.differs} | {o.figure for o in ans.confirmed_by}
    assert figures and {"48亿元", "45亿元", "45億元"} >= figures | {ans.short_answer}
    assert any(o.figure != ans.short_answer for o in ans.differs)
    assert "其他报道的数字不同" in ans.answer
    for o in ans.differs + ans.confirmed_by:  # every other report is cited, and its quote holds the figure
        assert o.figure in o.citation.quote and f"[{o.citation.n}]" in format_sources(ans)
    html = render_turn(1, ans, index)
    assert 'class="differs"' in html and all(f'href="#src-1-{o.citation.n}"' in html for o in ans.differs)


def test_a_figure_with_another_written_year_is_not_a_conflict(tmp_path, fake):
    from rag.answer import answer_question

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("东港高新区年度投资\n2023-02-01 来源：甲报\n2022年，东港高新区完成固定资产投资42亿元，"
                                "同比增长12%，其中工业投资占六成。\n", encoding="utf-8")
    (docs / "b.txt").write_text("东港高新区年度投资\n2024-02-01 来源：乙报\n2023年，东港高新区完成固定资产投资50亿元，"
                                "同比增长19%，其中工业投资占七成。\n", encoding="utf-8")
    build_index(docs, tmp_path / "idx", fake, progress=False)
    ans = answer_question(load_index(tmp_path / "idx"), fake, "2023年东港高新区完成固定资产投资多少？")
    assert not ans.differs


@pytest.mark.parametrize("question, short, head", [
    ("哪个项目总投资最大？", "星河新能源电池项目", "按总投资比较了"),
    ("哪個項目佔地最多？", "星河新能源電池項目", "按佔地比較了"),
    ("金穗食品加工项目和绿源光伏组件项目哪个投资更多？", "綠源光伏組件項目", "比较了2个项目"),
    ("总投资超过10亿元的项目有几个？", "4个", "总投资超过10亿元的项目有4个"),
    ("Which project has the largest land area?", "星河新能源電池項目", "Compared by land area"),
])
def test_aggregate_questions_are_answered_from_the_table_with_every_row_cited(figure_index, fake, question,
                                                                                short, head):
    from rag.answer import answer_question

    index = load_index(figure_index)
    ans = answer_question(index, fake, question)
    assert match(ans.short_answer) == match(short) and head in ans.answer.splitlines()[0]
    rows = ans.answer.splitlines()[1:]
    assert rows and all(re.search(r"\[\d+\]", line) for line in rows)
    assert {c.n for c in ans.citations} == {int(n) for n in re.findall(r"\[(\d+)\]", ans.answer)}


def match(text):
    from rag.textnorm import match_form

    return match_form(text or "")


def test_a_filter_lists_only_the_projects_that_pass_and_says_which_differ(figure_index, fake):
    from rag.answer import answer_question

    ans = answer_question(load_index(figure_index), fake, "有哪些项目总投资超过15亿元？")
    text = match(ans.answer)
    assert text.startswith("总投资超过15亿元的项目有4个")
    for name in ("星河新能源电池项目", "白鹭生物医药产业园项目", "蓝鲸智能装备产业园项目", "绿源光伏组件项目"):
        assert name in text
    assert "金穗" not in text and "另有报道为48亿元" in text  # the 2024 report on 星河 differs


def test_a_question_the_table_cannot_answer_falls_back_and_says_so(figure_index, fake):
    from rag.answer import answer_question

    ans = answer_question(load_index(figure_index), fake, "哪个项目员工最多？")
    assert "answered from the passages instead" in (ans.notice or "")
    assert not ans.answer.startswith("按")
