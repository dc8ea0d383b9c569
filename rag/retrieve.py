"""Retrieval over a loaded index."""

from __future__ import annotations

import numpy as np

from .index import Index
from .textnorm import match_form
from .types import Hit


def dense_search(index: Index, embedder, query: str, k: int = 5) -> list[Hit]:
    """The ``k`` chunks whose vectors are closest to the query's (cosine), best first."""
    if not query.strip() or index.vectors.ntotal == 0:
        return []
    q = embedder.embed_query(match_form(query)).reshape(1, -1).astype(np.float32)
    scores, ids = index.vectors.search(q, min(k, index.vectors.ntotal))
    return [Hit(index.chunks[i], float(s), rank)
            for rank, (s, i) in enumerate(zip(scores[0], ids[0])) if i >= 0]
