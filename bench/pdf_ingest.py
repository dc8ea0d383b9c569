"""PDF extraction: text quality of pypdf, pdfplumber and our reader (``rag/formats.py``) on generated
reports, and speed and memory of ours on a long report, against pypdf's plain text in the same run.

    python bench/pdf_ingest.py [--pages 200]

Quality, per file: the share of the source's paragraphs found in reading order (whitespace and
line breaks aside) and on one line (a wrapped paragraph rejoined: what the cleaning's line rules
need), the share of table rows whose figure sits next to its row and column labels, and the
running header lines left. Memory: peak RSS on a quarter of the pages and on all of them.
Writes bench/results/pdf-ingest-<date>.{md,json}.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import office_fixtures as fx  # noqa: E402

from rag.textnorm import to_traditional  # noqa: E402


def _flat(text: str) -> str:
    return "".join(text.split())


def extractors() -> dict:
    """Each candidate as path -> text."""
    import pdfplumber
    import pypdf

    from rag.formats import read_pdf

    def plumber(path: Path) -> str:
        with pdfplumber.open(path) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)

    return {"pypdf": lambda p: "\n".join(pg.extract_text() or "" for pg in pypdf.PdfReader(p).pages),
            "pdfplumber": plumber,
            "ours (rag/formats.py)": lambda p: "\n".join("\n".join(lines) for lines in read_pdf(p).lines)}


def fixtures(folder: Path) -> dict[str, tuple[Path, list[str], list[str]]]:
    """name -> (file, its paragraphs, its table rows as our reader should give them)."""
    paras = [fx.PARA, fx.PARA.replace("本年度", "上年度"), fx.PARA.replace("38个", "40个"), fx.LEFT,
             fx.LEFT.replace("甲乙", "庚辛"), fx.RIGHT, fx.RIGHT.replace("丙丁", "壬癸")]
    rows = ["甲乙新材料项目：总投资10.3亿元，占地92亩", "丙丁储能电池项目：总投资8亿元，占地150亩",
            "戊己智能装备项目：总投资3.6亿元，占地45亩"]
    hant = [to_traditional(p) for p in (fx.PARA, fx.LEFT, fx.RIGHT)] + [fx.HANT_PARA]
    report = fx.report_pdf(folder / "report.pdf", pages=4)
    unmapped = fx.plain_pdf(folder / "hant.pdf", hant, font=fx.HANT)
    return {"report, Simplified (columns, table, header)": (report, paras, rows),
            "Traditional, font without Unicode map": (unmapped, hant, [])}


def quality(folder: Path) -> dict:
    """Per file and extractor: paragraphs whole, table rows labelled, header lines left."""
    out = {}
    for name, (path, paras, rows) in fixtures(folder).items():
        out[name] = {}
        for ex, extract in extractors().items():
            raw = extract(path)
            text = _flat(raw)
            lines = {_flat(line) for line in raw.split("\n")}
            out[name][ex] = {
                "paragraphs_in_order": round(sum(_flat(p) in text for p in paras) / len(paras), 3),
                "paragraphs_on_one_line": round(sum(any(_flat(p) in ln for ln in lines) for p in paras)
                                                / len(paras), 3),
                "table_rows_labelled": (round(sum(_flat(r) in text for r in rows) / len(rows), 3)
                                        if rows else None),
                "running_header_lines": text.count("某某高新区管委会2024年度报告"),
            }
    return out


_MEASURE = """
import resource, sys, time
from pathlib import Path
t = time.perf_counter()
if sys.argv[2] == "ours":
    from rag.formats import read_pdf
    n = len(read_pdf(Path(sys.argv[1])).lines)
else:
    import pypdf
    n = len([p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages])
print(n, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _measure(path: Path, name: str) -> dict:
    n, seconds, rss = subprocess.run([sys.executable, "-c", _MEASURE, str(path), name], cwd=ROOT,
                                     capture_output=True, text=True, check=True).stdout.split()
    return {"pages_per_s": round(int(n) / float(seconds), 1), "peak_rss_mb": round(float(rss))}


def scale(folder: Path, pages: int) -> dict:
    """Pages per second and peak RSS reading a long report (and a quarter of it, to show that
    memory does not grow with the pages), each in a fresh process."""
    path = fx.report_pdf(folder / "long.pdf", pages=pages)
    short = fx.report_pdf(folder / "short.pdf", pages=max(4, pages // 4))
    out = {"pages": pages, "file_mb": round(path.stat().st_size / 1e6, 2),
           "pypdf": _measure(path, "pypdf"), "ours": _measure(path, "ours"),
           "ours_quarter_peak_rss_mb": _measure(short, "ours")["peak_rss_mb"]}
    out["ours_time_vs_pypdf"] = round(out["pypdf"]["pages_per_s"] / out["ours"]["pages_per_s"], 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        result = {"date": str(datetime.date.today()), "quality": quality(Path(tmp)),
                  "scale": scale(Path(tmp), args.pages)}
        result["seconds"] = round(time.perf_counter() - t, 1)
    out = ROOT / "bench" / "results" / f"pdf-ingest-{datetime.date.today()}"
    out.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    lines = ["| file | extractor | paragraphs in order | on one line | table rows labelled | header lines left |",
             "|---|---|---|---|---|---|"]
    for name, by in result["quality"].items():
        for ex, m in by.items():
            lines.append(f"| {name} | {ex} | {m['paragraphs_in_order']} | {m['paragraphs_on_one_line']} | "
                         f"{m['table_rows_labelled']} | {m['running_header_lines']} |")
    s = result["scale"]
    lines += ["", f"{s['pages']}-page report ({s['file_mb']} MB): ours {s['ours']['pages_per_s']} pages/s, "
                  f"peak RSS {s['ours']['peak_rss_mb']} MB ({s['ours_quarter_peak_rss_mb']} MB at a quarter of "
                  f"the pages); pypdf plain text {s['pypdf']['pages_per_s']} pages/s, "
                  f"{s['pypdf']['peak_rss_mb']} MB (ours takes {s['ours_time_vs_pypdf']}x pypdf's time)"]
    out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
