"""Retrieval over a loaded index: dense (FAISS), lexical (BM25 over jieba tokens), and fused."""

from __future__ import annotations

import logging
import re

import numpy as np

from .index import Index, embedding_text
from .textnorm import match_form
from .types import Hit

_TOKEN = re.compile(r"[\w%.]+")
RRF_K = 60  # the usual reciprocal-rank-fusion constant: flattens the head, keeps the tail useful


def tokenize(text: str) -> list[str]:
    """Search tokens: jieba's search-mode words of the Simplified, lower-cased text, no punctuation."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [t for t in jieba.lcut_for_search(match_form(text).lower()) if _TOKEN.fullmatch(t)]


def _bm25(index: Index):
    """The BM25 model of an index, built on first use and kept on the Index object."""
    if index.lexical is None:
        import bm25s

        model = bm25s.BM25()
        corpus = [tokenize(embedding_text(index.documents[c.doc_id], c)) or ["\0"] for c in index.chunks]
        model.index(corpus, show_progress=False)
        index.lexical = model
    return index.lexical


def dense_search(index: Index, embedder, query: str, k: int = 5) -> list[Hit]:
    """The ``k`` chunks whose vectors are closest to the query's (cosine), best first."""
    if not query.strip() or index.vectors.ntotal == 0:
        return []
    q = embedder.embed_query(match_form(query)).reshape(1, -1).astype(np.float32)
    scores, ids = index.vectors.search(q, min(k, index.vectors.ntotal))
    return [Hit(index.chunks[i], float(s), rank)
            for rank, (s, i) in enumerate(zip(scores[0], ids[0])) if i >= 0]


def bm25_search(index: Index, query: str, k: int = 5) -> list[Hit]:
    """The ``k`` chunks with the best BM25 score for the query's tokens (only scores above 0)."""
    tokens = tokenize(query)
    model = _bm25(index)
    known = [t for t in tokens if t in model.vocab_dict]
    if not known:
        return []
    ids, scores = model.retrieve([known], k=min(k, len(index.chunks)), show_progress=False)
    return [Hit(index.chunks[int(i)], float(s), rank)
            for rank, (i, s) in enumerate(zip(ids[0], scores[0])) if s > 0]


def hybrid_search(index: Index, embedder, query: str, k: int = 5, pool: int = 50) -> list[Hit]:
    """Dense and BM25 fused by reciprocal rank over the top ``pool`` of each; scores are RRF sums."""
    fused: dict[str, float] = {}
    chunks = {}
    for hits in (dense_search(index, embedder, query, pool), bm25_search(index, query, pool)):
        for h in hits:
            cid = h.chunk.chunk_id
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + h.rank + 1)
            chunks[cid] = h.chunk
    best = sorted(fused, key=lambda cid: -fused[cid])[:k]
    return [Hit(chunks[cid], fused[cid], rank) for rank, cid in enumerate(best)]
