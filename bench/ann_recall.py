"""Recall of the approximate FAISS indexes against exact search on real e5 vectors, at the size of a
scale corpus (``python -m bench --scale`` builds one; its vectors come from the fake embedder).

    python bench/ann_recall.py --index DIR [--queries 200]

Embedding every sentence of 100,000 documents with e5 takes hours on 2 cores, but the scale
corpora are made of the training paragraphs' sentences with their numbers changed. So each
distinct sentence with its digits masked is embedded once with the real model, and every chunk
vector is composed as the build composes it: the mean of its sentences' vectors, normalised. The
chunk vectors are therefore real e5 geometry at full size (a renumbered copy shares its original's
vector, which makes near-duplicates, the hard case for graph search). Queries are training
questions, embedded as the answer path embeds them. Writes bench/results/<date>-ann-recall.json.
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
from bench.__main__ import _ann_table, machine  # noqa: E402
from bench.common import ROOT  # noqa: E402
from bench.scale import sentence_pool  # noqa: E402
from rag.chunk import ChunkSettings, split_sentences  # noqa: E402
from rag.index import load_index  # noqa: E402
from rag.textnorm import match_form  # noqa: E402

_DIGITS = re.compile(r"\d+")


def chunk_keys(index) -> list[list[str]]:
    """Every chunk's sentences, digits masked, as the build splits them."""
    return [[_DIGITS.sub("#", match_form(s.text)) for s in split_sentences(c.doc_id, c.text, ChunkSettings().max_chars)]
            for c in index.chunks]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    from embeddings import get_embedder
    from rag.answer.retrieve import query_vector

    index = load_index(args.index)
    t = time.perf_counter()
    keys = chunk_keys(index)
    distinct = sorted({k for ks in keys for k in ks})
    print(f"{len(keys)} chunks, {len(distinct)} distinct sentences once masked", flush=True)
    embedder = get_embedder()
    vectors = {}
    for i in range(0, len(distinct), 256):
        batch = distinct[i:i + 256]
        vectors.update(zip(batch, embedder.embed_documents([b.replace("#", "1") for b in batch])))
        print(f"embedded {i + len(batch)} / {len(distinct)}", flush=True)
    embed_s = time.perf_counter() - t
    x = np.stack([np.mean([vectors[k] for k in ks], axis=0) for ks in keys]).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    questions = random.Random(0).sample(sentence_pool()[2], args.queries)
    q = np.stack([query_vector(embedder, text) for text in questions]).astype(np.float32)
    ivf = int(4 * len(x) ** 0.5)
    result = {"machine": machine(), "index": str(args.index), "chunks": len(x), "distinct_sentences": len(distinct),
              "embed_s": round(embed_s, 1), "queries": len(q),
              "at_10": _ann_table(x, q, 10, ivf), "at_50": _ann_table(x, q, 50, ivf)}
    out = ROOT / "bench" / "results" / (datetime.now(timezone.utc).strftime("%Y-%m-%d") + "-ann-recall.json")
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
