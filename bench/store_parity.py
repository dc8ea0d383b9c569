"""Do the two stores answer alike? One build with the real model, published to Milvus (Milvus Lite
in-process, or with ``--milvus server`` a Milvus server on loopback reached at ``milvus://``); the
same questions answered through Milvus and through the index folder (FAISS + bm25s files).

    python bench/store_parity.py [--cmrc ../shared/eval/cmrc2018_dev.json] [--limit 300] [--milvus server]

Reports, for the dev set and a CMRC 2018 sample: how many answers are identical, hit@5 on each
store, and answer latency p50/p95 on each (both in this run).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import DEV_QA, ROOT, milvus_server, pct  # noqa: E402


def compare(index_dir: Path, embedder, items: list[dict], spec: str) -> dict:
    """Answer ``items`` through the Milvus store and through the folder."""
    import time

    from rag.answer.compose import answer_question
    from rag.eval import score_item
    from rag.index import load_index

    runs = {}
    for store in (spec, "folder"):
        index = load_index(index_dir, store=store)
        answer_question(index, embedder, items[0]["question"])  # warm: BM25, store connection
        answers, rows, ms = [], [], []
        for item in items:
            t = time.perf_counter()
            ans = answer_question(index, embedder, item["question"])
            ms.append((time.perf_counter() - t) * 1e3)
            answers.append(ans.answer)
            rows.append(score_item(item, ans))
        hit = [r["hit_at_5"] for r in rows if "hit_at_5" in r]
        runs[store] = {"answers": answers, "hit_at_5": round(sum(hit) / len(hit), 4) if hit else None,
                       "answer_ms": pct(ms)}
    a, b = runs[spec], runs["folder"]
    return {"questions": len(items), "same_answers": sum(x == y for x, y in zip(a["answers"], b["answers"])),
            "hit_at_5_milvus": a["hit_at_5"], "hit_at_5_folder": b["hit_at_5"],
            "answer_ms_milvus": a["answer_ms"], "answer_ms_folder": b["answer_ms"]}


def main() -> None:
    ap = argparse.ArgumentParser(prog="bench/store_parity.py")
    ap.add_argument("--cmrc", type=Path, default=ROOT.parent / "shared" / "eval" / "cmrc2018_dev.json")
    ap.add_argument("--limit", type=int, default=300, help="CMRC questions (default 300)")
    ap.add_argument("--milvus", choices=["lite", "server"], default="lite",
                    help="Milvus Lite in-process (default) or a Milvus server on loopback")
    args = ap.parse_args()
    from embeddings import DEFAULT_MODEL, get_embedder
    from rag.eval import load_qa, load_squad, write_articles
    from rag.build import build_index

    embedder = get_embedder(DEFAULT_MODEL)
    out = {"milvus": args.milvus}
    with tempfile.TemporaryDirectory(prefix="rag-parity-") as tmp, ExitStack() as stack:
        tmp = Path(tmp)
        if args.milvus == "server":
            address = stack.enter_context(milvus_server(tmp / "milvus-data"))
            specs = {name: f"milvus://{address}/{name}" for name in ("seeds", "cmrc")}
        else:
            specs = {name: f"milvus-lite:{tmp / name}.db" for name in ("seeds", "cmrc")}
        build_index(ROOT / "seeds", tmp / "seeds", embedder, progress=False, store=specs["seeds"])
        out["dev"] = compare(tmp / "seeds", embedder, load_qa(DEV_QA), specs["seeds"])
        articles, items = load_squad(args.cmrc, args.limit, 0)
        write_articles(articles, tmp / "cmrc-docs")
        build_index(tmp / "cmrc-docs", tmp / "cmrc", embedder, progress=False, store=specs["cmrc"])
        out["cmrc"] = compare(tmp / "cmrc", embedder, items, specs["cmrc"])
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
