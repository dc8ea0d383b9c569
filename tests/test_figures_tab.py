"""The Figures tab's table, charts and CSV export (issue 27): values as a reader writes them, one
CSV for the tab and `rag figures --csv`, a line per subject over time."""

from rag.build import build_index
from rag.facts import FigureRow
from rag.index import load_index
from ui.app import FIGURE_COLUMNS, figure_csv, figure_frame, figure_plot, figure_rows

from bench.common import ROOT


def _row(text, value, unit, metric="总投资", subject="金风科技包头风机总装厂项目", date="2023-05-16", at=0):
    return FigureRow("a.txt", "d1", 0, at, at + len(text), text, value, unit, metric, subject, date[:4], "t", date,
                     "包头日报")


def test_the_table_shows_each_figure_as_written_and_its_value_in_a_readable_unit():
    rows = [_row("10.3亿元", 1030000000.0000001, "元"), _row("近92亩", 92.0, "亩", "占地"),
            _row("3500万元", 35000000.00000001, "元"), _row("1.5万吨", 15000.0, "吨", "年产能"),
            _row("1/3", 1 / 3, None, "产能")]
    frame = figure_frame(rows)
    assert list(frame.columns) == FIGURE_COLUMNS
    assert list(frame["figure"]) == ["10.3亿元", "近92亩", "3500万元", "1.5万吨", "1/3"]
    assert list(frame["value"]) == ["10.3亿元", "92亩", "3500万元", "15000吨", "0.33"]


def test_the_csv_of_rag_figures_is_the_tabs_export_byte_for_byte(tmp_path, fake, capsysbinary):
    from rag.cli import main

    build_index(ROOT / "tests/data/figures_corpus", tmp_path / "idx", fake, progress=False)
    assert main(["figures", "--index", str(tmp_path / "idx"), "--metric", "占地", "--csv"]) == 0
    printed = capsysbinary.readouterr().out
    exported = figure_csv(figure_rows(load_index(tmp_path / "idx"), metric="占地")).read_bytes()
    assert printed == exported and printed.startswith(b"\xef\xbb\xbfdoc,") and "640亩".encode() in printed


def test_the_chart_over_time_has_a_line_for_each_subject_with_dated_figures():
    rows = [_row("10.3亿元", 1030000000.0000001, "元", date="2023-05-16"),
            _row("12亿元", 1.2e9, "元", date="2022-01-10", at=40),
            _row("5亿元", 5e8, "元", subject="星河新能源电池项目", date="2024-03-01", at=80)]
    _, line, metric = figure_plot(rows)
    assert metric == "总投资（亿元）" and str(line["date"].dtype).startswith("datetime64")
    jinfeng = line[line["subject"] == "金风科技包头风机总装厂项目"]
    assert list(jinfeng["value"]) == [12.0, 10.3] and list(jinfeng["date"].dt.strftime("%Y-%m-%d")) == [
        "2022-01-10", "2023-05-16"]
    assert list(line["subject"]).count("星河新能源电池项目") == 1
