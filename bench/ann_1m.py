"""Which approximate index serves a million chunks: recall@10 against exact search and query time,
on real e5 geometry composed to 1M chunk vectors (issue 29, item 3).

    python bench/ann_1m.py [--chunks 1000000] [--queries 200]

Embedding a million chunks with e5 takes days on 2 cores, so the chunk vectors are composed as the
build composes a chunk's vector, from real sentence vectors: the distinct sentences of the scale
corpora's pool (training paragraphs, digits masked) are embedded once, and each chunk is the
normalised mean of 2 to 6 of them drawn at random (the scale corpora's chunks hold 3 to 6
sentences). Many chunks share sentences, which makes near neighbours close together: the hard
case for graph search. Queries are 200 training questions embedded as the answer path embeds
them. Candidates are HNSW and IVF, each also with its top candidates re-ranked exactly from the
stored vectors (what a search over the generation's vector file can do). Writes
bench/results/<date>-ann-1m.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.__main__ import machine  # noqa: E402
from bench.common import ROOT, pct  # noqa: E402
from bench.scale import sentence_pool  # noqa: E402

_DIGITS = re.compile(r"\d+")
SENTENCES_PER_CHUNK = (2, 6)
K = 10
RERANK = 100  # candidates re-ranked exactly from the stored vectors


def compose(vectors: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """``n`` chunk vectors, each the normalised mean of 2-6 random rows of ``vectors``."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, vectors.shape[1]), dtype=np.float32)
    for i in range(0, n, 100_000):
        m = min(100_000, n - i)
        counts = rng.integers(SENTENCES_PER_CHUNK[0], SENTENCES_PER_CHUNK[1] + 1, m)
        acc = np.zeros((m, vectors.shape[1]), dtype=np.float32)
        for j in range(SENTENCES_PER_CHUNK[1]):
            rows = rng.integers(0, len(vectors), m)
            acc += vectors[rows] * (j < counts)[:, None]
        out[i:i + m] = acc / np.linalg.norm(acc, axis=1, keepdims=True)
    return out


def measure(search, q: np.ndarray, truth: np.ndarray) -> dict:
    """recall@K against ``truth`` and per-query time of ``search(row) -> ids``."""
    ms, hits = [], []
    for row, want in zip(q, truth):
        t = time.perf_counter()
        ids = search(row)
        ms.append((time.perf_counter() - t) * 1e3)
        hits.append(len(set(ids[:K]) & set(want)) / K)
    return {"recall_at_10": round(float(np.mean(hits)), 3), "query_ms": pct(ms, 2)}


def main() -> None:
    import faiss

    from embeddings import get_embedder
    from rag.answer.retrieve import query_vector

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--pool", type=int, help="only this many distinct sentences (a quick check)")
    args = ap.parse_args()
    sentences, _, questions = sentence_pool()
    distinct = sorted({_DIGITS.sub("#", s) for s in sentences})[:args.pool]
    embedder = get_embedder()
    t = time.perf_counter()
    sv = np.concatenate([embedder.embed_documents([d.replace("#", "1") for d in distinct[i:i + 256]])
                         for i in range(0, len(distinct), 256)]).astype(np.float32)
    embed_s = time.perf_counter() - t
    print(f"embedded {len(distinct)} distinct sentences in {embed_s:.0f} s", flush=True)
    x = compose(sv, args.chunks)
    q = np.stack([query_vector(embedder, text) for text in random.Random(0).sample(questions, args.queries)])
    dim = x.shape[1]
    exact = faiss.IndexFlatIP(dim)
    exact.add(x)
    rows: dict = {}
    truth = np.stack([exact.search(row[None], K)[1][0] for row in q])
    rows["exact (IndexFlatIP)"] = measure(lambda row: exact.search(row[None], K)[1][0], q, truth)
    print(json.dumps(rows), flush=True)

    def with_rerank(index, row):
        """The index's top RERANK candidates, ordered by their exact score from the stored vectors."""
        ids = index.search(row[None], RERANK)[1][0]
        ids = ids[ids >= 0]
        return ids[np.argsort(-(x[ids] @ row))]

    for name, index, train in (("HNSW32", faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT), False),
                               ("IVF4096", faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, 4096,
                                                              faiss.METRIC_INNER_PRODUCT), True)):
        t = time.perf_counter()
        if train:
            index.train(x[np.random.default_rng(1).choice(len(x), min(200_000, len(x)), replace=False)])
        index.add(x)
        build_s = round(time.perf_counter() - t, 1)
        for knob in ((64, 128, 256, 512) if name == "HNSW32" else (32, 64, 128, 256, 512)):
            label = f"{name}, {'efSearch' if name == 'HNSW32' else 'nprobe'} {knob}"
            for rr in (False, True):
                if name == "HNSW32":
                    index.hnsw.efSearch = max(knob, RERANK) if rr else knob
                else:
                    index.nprobe = knob
                search = (lambda row: with_rerank(index, row)) if rr else (lambda row: index.search(row[None], K)[1][0])
                rows[label + (f", top {RERANK} re-ranked" if rr else "")] = {"build_s": build_s,
                                                                           **measure(search, q, truth)}
            print(label, rows[label], rows[label + f", top {RERANK} re-ranked"], flush=True)
    result = {"machine": machine(), "chunks": len(x), "distinct_sentences": len(distinct),
              "embed_s": round(embed_s, 1), "queries": len(q), "k": K, "rows": rows}
    out = ROOT / "bench" / "results" / (datetime.now(timezone.utc).strftime("%Y-%m-%d") + "-ann-1m.json")
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
