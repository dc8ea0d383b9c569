"""Retrieval over a loaded index: dense, lexical (BM25 over jieba tokens) and fused, in its store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from ..bm25 import tokenize
from ..errors import QuestionError
from ..index import Index
from ..textnorm import match_form
from ..types import DATE_BOUND, Hit, Where
from .question import Question, analyze, clean_question

# Weight of BM25 in the fused score (dense gets the rest). Measured on two disjoint 1,000-question
# CMRC 2018 samples: reciprocal-rank fusion at any weight only matched BM25 on hit@1, while this
# score fusion beat BM25 and dense on both hit@1 and hit@5 for weights 0.5-0.7 (see README).
BM25_WEIGHT = 0.6
# For a question in English over Chinese documents BM25 sees only the few Chinese search words the
# glossary gives (rag/answer/english.py), and at 0.6 it drowns the multilingual dense search. Set on
# 200 English twins of XQuAD training articles (none of the evaluation's held-out ones; retrieval
# is not trained on them): hit@5 0.775 / 0.91 / 0.93 / 0.915 / 0.915 at 0.6 / 0.45 / 0.3 / 0.15 / 0,
# answer accuracy 0.385 / 0.445 / 0.49 / 0.475 / 0.495.
BM25_WEIGHT_ENGLISH = 0.3
# An English question's query vector is the mean of the question's and its Chinese search words'
# (e5 is multilingual, but English words alone reach Chinese sentences less surely): retrieval and
# the sentence scores both read it. On 300 English twins of XQuAD training articles (tuning only),
# answer accuracy with the search words weighted 0 / 0.3 / 0.4 / 0.5 / 0.6 / 0.7 / 1: 0.743 / 0.770 /
# 0.777 / 0.770 / 0.773 / 0.770 / 0.743; the middle of the plateau is taken.
SEARCH_WORDS_WEIGHT_ENGLISH = 0.5


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
                  qvec: np.ndarray | None = None, where: Where | None = None,
                  bm25_weight: float = BM25_WEIGHT) -> list[Hit]:
    """Dense and BM25 fused: each list's scores over its top ``pool`` are rescaled to [0, 1]
    (BM25 by its best score, cosine min-max) and summed with weights ``bm25_weight`` : the rest.
    With ``where``, only the chunks it leaves are considered."""
    fused: dict[str, float] = {}
    chunks = {}
    dense = dense_search(index, embedder, query, pool, qvec, where)
    lexical = bm25_search(index, query, pool, where)
    # BM25 scores start at 0; cosines do not, so they are rescaled from the pool's worst.
    for weight, hits, low in ((1 - bm25_weight, dense, dense[-1].score if dense else 0.0),
                              (bm25_weight, lexical, 0.0)):
        for h in hits:
            cid = h.chunk.chunk_id
            fused[cid] = fused.get(cid, 0.0) + weight * (h.score - low) / max(hits[0].score - low, 1e-9)
            chunks[cid] = h.chunk
    best = sorted(fused, key=lambda cid: -fused[cid])[:k]
    return [Hit(chunks[cid], fused[cid], rank) for rank, cid in enumerate(best)]


@dataclass
class Retrieved:
    """A question cleaned, analysed and retrieved for: what both answer paths start from."""

    q: Question
    qvec: np.ndarray
    hits: list[Hit]
    notice: str | None  # e.g. that an over-long question was cut


def scope(index: Index, names: Iterable[str] = (), since: str | None = None,
          until: str | None = None) -> Where | None:
    """The documents a question may be answered from: those named in ``names`` (all when none),
    dated from ``since`` to ``until`` when either is given (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``,
    both ends included; undated documents are then left out). None means the whole index.
    Raises QuestionError for a name that is not in the index, a malformed date, or when no
    document is left."""
    names = {n.strip() for n in names if n.strip()}
    _known(index, names)  # before the dates: an unknown name must not just drop out of the range
    since, until = (x.strip() if x and x.strip() else None for x in (since, until))
    if since is None and until is None:
        return Where(frozenset(names)) if names else None
    for bound in (since, until):
        if bound is not None and not DATE_BOUND.fullmatch(bound):
            raise QuestionError(f"{bound!r} is not a date: write it as YYYY, YYYY-MM or YYYY-MM-DD (2023-05)")
    dated, with_date = index.table.dated(since, until)
    if not (dated & names if names else dated):
        span = f"from {since or 'the first'} to {until or 'the last'}"
        raise QuestionError(f"no {'chosen ' if names else ''}document is dated {span} ({with_date} of the "
                            f"{len(index.documents)} documents carry a date)")
    return Where(frozenset(names) if names else None, since, until)


def _known(index: Index, names: Iterable[str]) -> None:
    """QuestionError when a document name is not in the index."""
    if unknown := sorted(n for n in names if n not in index.by_name):
        raise QuestionError(f"no indexed document is named {', '.join(unknown)}: pick the documents from the list "
                            f"or type their exact file names")


def retrieve(index: Index, embedder, question: str, k: int, where: Where | None = None) -> Retrieved:
    """Clean and analyse ``question`` and retrieve ``k`` passages, from the chunks ``where``
    (``scope``) leaves if given. Raises QuestionError for a question that is empty once control
    characters and whitespace are removed, or for a document name that is not in the index."""
    question, notice = clean_question(question)
    q = analyze(index, question)
    qvec = query_vector(embedder, question)
    if q.lang == "en" and q.search != question:
        mixed = (1 - SEARCH_WORDS_WEIGHT_ENGLISH) * qvec + SEARCH_WORDS_WEIGHT_ENGLISH * query_vector(embedder, q.search)
        qvec = (mixed / np.linalg.norm(mixed)).astype(np.float32)
    _known(index, (where and where.names) or ())
    weight = BM25_WEIGHT_ENGLISH if q.lang == "en" else BM25_WEIGHT
    return Retrieved(q, qvec, hybrid_search(index, embedder, q.search, k, qvec=qvec, where=where, bm25_weight=weight),
                     notice)
