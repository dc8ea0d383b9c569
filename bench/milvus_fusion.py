"""Fuse dense and BM25 here or in Milvus? The issue leaves it to measurement: this answers the
training sets' questions (not the eval sets') through one Milvus Lite collection each, ranking
the top 5 chunks three ways from the same two lists of 50 (dense e5, BM25 sparse):

- here: ``rag.retrieve.hybrid_search`` (scores rescaled per list, BM25 weighted ``BM25_WEIGHT``);
- Milvus ``hybrid_search`` with ``WeightedRanker`` at the same weights (Milvus normalises scores);
- Milvus ``hybrid_search`` with ``RRFRanker(60)`` (reciprocal-rank fusion).

    python bench/milvus_fusion.py [--limit 500]

Reports hit@5 (a top-5 chunk of the gold article holds the answer) and retrieval p50/p95 for each.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, pct  # noqa: E402

TRAIN = ROOT.parent / "shared" / "train"
POOL = 50  # each list's depth, as hybrid_search's default pool


def measure(index, embedder, items: list[dict]) -> dict:
    """hit@5 and latency of the three fusions over ``items``."""
    from pymilvus import AnnSearchRequest, RRFRanker, WeightedRanker

    from rag.bm25 import tokenize
    from rag.eval import contains_gold
    from rag.answer.question import analyze
    from rag.answer.retrieve import BM25_WEIGHT, hybrid_search, query_vector

    store = index.search
    rankers = {"milvus_weighted": WeightedRanker(1 - BM25_WEIGHT, BM25_WEIGHT), "milvus_rrf": RRFRanker(60)}
    hits = {name: [] for name in ("here", *rankers)}
    ms = {name: [] for name in hits}
    for item in items:
        search = analyze(index, item["question"]).search
        qvec = query_vector(embedder, search)
        found = {}
        t = time.perf_counter()
        found["here"] = [h.chunk for h in hybrid_search(index, embedder, search, 5, POOL, qvec=qvec)]
        ms["here"].append((time.perf_counter() - t) * 1e3)
        sparse = store.sparse_query(tokenize(search))
        for name, ranker in rankers.items():
            t = time.perf_counter()
            reqs = [AnnSearchRequest([qvec.ravel().tolist()], "dense", {}, POOL)]
            if sparse:
                reqs.append(AnnSearchRequest([sparse], "sparse", {}, POOL))
            res = store.c.hybrid_search(store.name, reqs, ranker if sparse else RRFRanker(60), limit=5)
            found[name] = index.chunks.take([int(h["row"]) for h in res[0]])
            ms[name].append((time.perf_counter() - t) * 1e3)
        for name, chunks in found.items():
            hits[name].append(any(index.documents[c.doc_id].name == item["doc"]
                                  and contains_gold(c.text, item["answers"]) for c in chunks))
    return {name: {"hit_at_5": round(sum(h) / len(h), 4), "retrieval_ms": pct(ms[name])} for name, h in hits.items()}


def main() -> None:
    ap = argparse.ArgumentParser(prog="bench/milvus_fusion.py")
    ap.add_argument("--limit", type=int, default=500, help="questions per training set (default 500)")
    args = ap.parse_args()
    from embeddings import DEFAULT_MODEL, get_embedder
    from rag.build import build_index
    from rag.eval import load_squad, write_articles
    from rag.index import load_index

    embedder = get_embedder(DEFAULT_MODEL)
    out = {}
    with tempfile.TemporaryDirectory(prefix="rag-fusion-") as tmp:
        tmp = Path(tmp)
        for name in ("drcd_test.json", "xquad_zh.json"):
            articles, items = load_squad(TRAIN / name, args.limit, 0)
            write_articles(articles, tmp / name / "docs")
            build_index(tmp / name / "docs", tmp / name / "idx", embedder, progress=False,
                        store=f"milvus-lite:{tmp / name / 'm.db'}")
            out[name] = {"questions": len(items), **measure(load_index(tmp / name / "idx"), embedder, items)}
            print(name, json.dumps(out[name]), file=sys.stderr)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
