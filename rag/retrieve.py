"""Retrieval over a loaded index: dense, lexical (BM25 over jieba tokens) and fused, in its store."""

from __future__ import annotations

import numpy as np

from .bm25 import tokenize
from .index import Index
from .textnorm import match_form
from .types import Hit, Where

# Weight of BM25 in the fused score (dense gets the rest). Measured on two disjoint 1,000-question
# CMRC 2018 samples: reciprocal-rank fusion at any weight only matched BM25 on hit@1, while this
# score fusion beat BM25 and dense on both hit@1 and hit@5 for weights 0.5-0.7 (see README).
BM25_WEIGHT = 0.6


def query_vector(embedder, query: str) -> np.ndarray:
    """The query's embedding, in matching form."""
    return embedder.embed_query(match_form(query)).astype(np.float32)


def dense_search(index: Index, embedder, query: str, k: int = 5, qvec: np.ndarray | None = None,
                 where: Where | None = None) -> list[Hit]:
    """The ``k`` chunks whose vectors are closest to the query's (cosine), best first; pass
    ``qvec`` when the query is already embedded, ``where`` to search only the chunks it leaves."""
    if not query.strip() or len(index.chunks) == 0:
        return []
    q = query_vector(embedder, query) if qvec is None else qvec
    return _hits(index, index.search.dense(q, k, where))


def bm25_search(index: Index, query: str, k: int = 5, where: Where | None = None) -> list[Hit]:
    """The ``k`` chunks with the best BM25 score for the query's tokens (only scores above 0);
    with ``where``, among the chunks it leaves only."""
    return _hits(index, index.search.lexical(tokenize(query), k, where))


def _hits(index: Index, found: list[tuple[int, float]]) -> list[Hit]:
    chunks = index.chunks.take([i for i, _ in found])
    return [Hit(c, s, rank) for rank, (c, (_, s)) in enumerate(zip(chunks, found))]


def hybrid_search(index: Index, embedder, query: str, k: int = 5, pool: int = 50,
                  qvec: np.ndarray | None = None, where: Where | None = None) -> list[Hit]:
    """Dense and BM25 fused: each list's scores over its top ``pool`` are rescaled to [0, 1]
    (BM25 by its best score, cosine min-max) and summed with weights ``BM25_WEIGHT`` : the rest.
    With ``where``, only the chunks it leaves are considered."""
    fused: dict[str, float] = {}
    chunks = {}
    dense = dense_search(index, embedder, query, pool, qvec, where)
    lexical = bm25_search(index, query, pool, where)
    # BM25 scores start at 0; cosines do not, so they are rescaled from the pool's worst.
    for weight, hits, low in ((1 - BM25_WEIGHT, dense, dense[-1].score if dense else 0.0),
                              (BM25_WEIGHT, lexical, 0.0)):
        for h in hits:
            cid = h.chunk.chunk_id
            fused[cid] = fused.get(cid, 0.0) + weight * (h.score - low) / max(hits[0].score - low, 1e-9)
            chunks[cid] = h.chunk
    best = sorted(fused, key=lambda cid: -fused[cid])[:k]
    return [Hit(chunks[cid], fused[cid], rank) for rank, cid in enumerate(best)]
