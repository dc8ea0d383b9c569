"""Accuracy and latency of the full answer against the number of windows the reader reads, on the
CMRC 2018 dev corpus (all 848 articles indexed), with retrieval alone as the same-run baseline.

    python bench/reader_windows.py [--limit 300] [--windows 2 4 6 8] [--index .cache/cmrc-index]

Writes bench/results/reader-windows-<date>.{md,json}.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import pct, timed  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--squad", type=Path, default=ROOT.parent / "shared" / "eval" / "cmrc2018_dev.json")
    p.add_argument("--index", type=Path, default=ROOT / ".cache" / "cmrc-index")
    p.add_argument("--limit", type=int, default=300)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--windows", type=int, nargs="+", default=[2, 3, 4, 6, 8])
    args = p.parse_args()

    from embeddings import DEFAULT_MODEL, LazyEmbedder, get_embedder
    from rag.answer.read import DEFAULT_SETTINGS, answer_question
    from rag.eval import evaluate, load_squad, write_articles
    from rag.build import build_index
    from rag.index import load_index
    from rag.answer.retrieve import hybrid_search

    articles, items = load_squad(args.squad, args.limit, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        write_articles(articles, Path(tmp) / "docs")
        build_index(Path(tmp) / "docs", args.index, LazyEmbedder(DEFAULT_MODEL), progress=False)
    index = load_index(args.index)
    embedder = get_embedder(index.manifest["model_id"])
    questions = [it["question"] for it in items]
    answer_question(index, embedder, questions[0])  # warm: BM25, jieba, both models
    base = timed(lambda q: hybrid_search(index, embedder, q, DEFAULT_SETTINGS.passages), questions)
    rows = []
    for w in args.windows:
        settings = replace(DEFAULT_SETTINGS, windows=w)
        summary, per = evaluate(index, embedder, items, progress=False,
                                answer=lambda i, e, q: answer_question(i, e, q, settings=settings))
        ms, read = [r["ms"] for r in per], [r["read_ms"] for r in per]
        rows.append({"windows": w, "short_answer_f1": summary["short_answer_f1"],
                     "short_answer_em": summary["short_answer_em"],
                     "answer_accuracy": summary["answer_accuracy"],
                     "false_abstention_rate": summary["false_abstention_rate"],
                     "answer_ms": pct(ms), "read_ms": pct(read),
                     "read_share_p50": round(statistics.median(read) / statistics.median(ms), 2),
                     "answer_p50_over_retrieval": round(statistics.median(ms) / statistics.median(base), 1)})
        print(json.dumps(rows[-1]), flush=True)
    report = {"questions": len(items), "seed": args.seed, "chunks": len(index.chunks),
              "retrieval_ms": pct(base), "by_windows": rows}
    out = ROOT / "bench" / "results" / f"reader-windows-{datetime.date.today()}"
    out.with_suffix(".json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    lines = [f"# Reader windows, CMRC 2018 dev, {len(items)} questions (seed {args.seed}), "
             f"{len(index.chunks)} chunks", "",
             f"Retrieval alone (the baseline): p50 {report['retrieval_ms']['p50']} ms, "
             f"p95 {report['retrieval_ms']['p95']} ms.", "",
             "| windows | short F1 | short EM | answer acc. | false abst. | answer p50 / p95 ms | "
             "read p50 / p95 ms | read share | answer / retrieval |", "|" + " --- |" * 9]
    for r in rows:
        lines.append(f"| {r['windows']} | {r['short_answer_f1']} | {r['short_answer_em']} | "
                     f"{r['answer_accuracy']} | {r['false_abstention_rate']} | {r['answer_ms']['p50']} / "
                     f"{r['answer_ms']['p95']} | {r['read_ms']['p50']} / {r['read_ms']['p95']} | "
                     f"{r['read_share_p50']} | {r['answer_p50_over_retrieval']}× |")
    out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
