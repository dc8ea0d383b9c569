"""Where an index's chunks are searched: the index folder (FAISS and bm25s files, the default) or
Milvus (a server or cluster, or Milvus Lite, an embedded Milvus in one file).

Both answer the same two questions, dense top-k and BM25 top-k, optionally among some documents
or within some dates (``Where``); everything else (documents, sentences, their vectors, the figure
table) stays in the index folder. In Milvus each chunk carries its document's row and date, so a
filter is a short expression on those fields whatever the number of chunks it leaves.
With Milvus, each generation of the folder gets its own collection, named in its manifest and
written before ``CURRENT`` moves: a build killed half-way leaves a collection nobody names, which
the next build drops. BM25 goes to Milvus as sparse vectors, one chunk's BM25 term weights each,
computed here from the same jieba tokens, so an inner product with the query's token counts is
the same score bm25s gives (Milvus Lite's own full-text search and Chinese analyser are not used).
A server older than Milvus 2.4 has no sparse vectors: its collection holds the dense vectors only,
and BM25 is searched in the index folder, as ``folder`` does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .bm25 import Lexical
from .doctable import DocTable
from .errors import StoreError
from .types import DATE_BOUND, Where

DEFAULT = "folder"
# Rows per insert call: Milvus limits a request to 64 MB; 2,000 rows of 384 floats plus a few
# hundred sparse terms stay far below.
INSERT_BATCH = 2000
# A generation's collection is flushed before any manifest names it and never written again, so
# searches need not wait for newer writes: "Eventually" took a Milvus Lite search from 6.6 ms
# (Strong) and 5.3 ms (Bounded, the default) to 2.6 ms on the seeds.
READ_CONSISTENCY = "Eventually"
# Above EXACT_MAX chunks Milvus builds HNSW like the folder's FAISS index: its M, and FAISS's
# default construction depth, so both stores search the same kind of graph.
HNSW_EF_CONSTRUCTION = 40
DATE_CHARS = 10  # a document's date, YYYY-MM-DD
# Filters resolved and kept per store: a question's dense and BM25 searches ask for the same one,
# and a conversation keeps its filter from question to question.
CACHED_FILTERS = 16


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store``: ``folder``, ``milvus-lite:PATH.db`` or ``milvus://HOST:PORT/collection``."""

    kind: str  # folder, milvus-lite or milvus
    uri: str = ""  # what MilvusClient connects to
    base: str = "chunks"  # collections are named base_<generation>

    def __str__(self) -> str:
        if self.kind == DEFAULT:
            return DEFAULT
        if self.kind == "milvus-lite":
            return f"milvus-lite:{self.uri}"
        return f"milvus://{self.uri.removeprefix('http://')}/{self.base}"


_REMOTE = re.compile(r"milvus://([^/\s]+)/([A-Za-z_][A-Za-z0-9_]*)")


def parse(spec: str | None) -> StoreSpec:
    """The store named by ``spec`` (the index folder when it names none)."""
    spec = (spec or DEFAULT).strip()
    if spec == DEFAULT:
        return StoreSpec(DEFAULT)
    if spec.startswith("milvus-lite:"):
        path = spec.removeprefix("milvus-lite:")
        if not path.endswith(".db"):
            raise StoreError(f"--store {spec}: Milvus Lite needs a file ending in .db, e.g. milvus-lite:index.db")
        return StoreSpec("milvus-lite", str(Path(path).resolve()))
    if m := _REMOTE.fullmatch(spec):
        return StoreSpec("milvus", f"http://{m.group(1)}", m.group(2))
    raise StoreError(f"--store {spec!r} is not a store: use folder, milvus-lite:PATH.db or "
                     f"milvus://HOST:PORT/collection")


class Store(Protocol):
    """What retrieval asks of a store."""

    def dense(self, qvec: np.ndarray, k: int, where: Where | None) -> list[tuple[int, float]]:
        """The ``k`` chunk rows nearest to ``qvec`` (cosine), among those ``where`` leaves if given."""

    def lexical(self, tokens: list[str], k: int, where: Where | None) -> list[tuple[int, float]]:
        """The ``k`` chunk rows with the best BM25 score above 0, among those ``where`` leaves if given."""


def ranked(hits) -> list[tuple[int, float]]:
    """Best first; equal scores (to float32 precision) by row, so both stores order ties alike."""
    return sorted(hits, key=lambda h: (-round(h[1], 5), h[0]))


@dataclass(frozen=True)
class Approximate:
    """How the folder searches a PQ index (``rag.index`` names and measures each number)."""

    rerank: int  # candidates fetched and scored again exactly
    filter_exact_max: int  # up to this many rows left by a filter, they are scored exactly
    min_kept: int  # fewer filtered candidates than this survive the filter: the rows are scored exactly


# Rows scored at once when a filter's rows are scored exactly (6 MB of 384-dimension vectors).
EXACT_BLOCK = 4096


class FolderStore:
    """FAISS and bm25s over the files of the index folder; filters become the chunk rows they leave.
    ``vectors`` is exact (``IndexFlatIP``), or PQ codes (a FAISS fast-scan index) beside the float
    ``chunk_vectors``, which re-rank its candidates and score filtered rows (``Approximate``)."""

    def __init__(self, vectors, lexical: Lexical, table: DocTable, chunk_vectors=None,
                 approximate: Approximate | None = None):
        self.vectors, self.lex, self.table = vectors, lexical, table
        self.chunk_vectors, self.approximate = chunk_vectors, approximate
        self._rows = lru_cache(maxsize=CACHED_FILTERS)(lambda where: filtered_rows(table, where))

    def dense(self, qvec: np.ndarray, k: int, where: Where | None) -> list[tuple[int, float]]:
        if self.chunk_vectors is not None:
            return self._approximate(qvec.reshape(-1).astype(np.float32), k, where)
        import faiss

        params = None
        if where is not None:
            # An HNSW graph is what generations above EXACT_MAX held before PQ; read until rebuilt.
            hnsw = getattr(self.vectors, "hnsw", None)
            params = faiss.SearchParametersHNSW(efSearch=hnsw.efSearch) if hnsw else faiss.SearchParameters()
            params.sel = faiss.IDSelectorBatch(self._rows(where))
        scores, ids = self.vectors.search(qvec.reshape(1, -1), min(k, self.vectors.ntotal), params=params)
        return ranked((int(i), float(s)) for s, i in zip(scores[0], ids[0]) if i >= 0)

    def _approximate(self, q: np.ndarray, k: int, where: Where | None) -> list[tuple[int, float]]:
        """The PQ index's candidates scored exactly; a filter's rows scored exactly when they are
        few, or its candidates over-fetched in proportion and filtered before the re-rank."""
        a, n = self.approximate, self.vectors.ntotal
        if where is None:
            return self._exact(q, self._candidates(q, max(a.rerank, k)), k)
        rows = self._rows(where)
        if len(rows) <= max(a.filter_exact_max, k):
            return self._exact(q, rows, k)
        ids = self._candidates(q, min(n, -(-max(a.rerank, k) * n // len(rows))))
        pos = np.minimum(np.searchsorted(rows, ids), len(rows) - 1)
        kept = ids[rows[pos] == ids]
        return self._exact(q, rows if len(kept) < max(a.min_kept, k) else kept, k)

    def _candidates(self, q: np.ndarray, fetch: int) -> np.ndarray:
        """The PQ index's top ``fetch`` rows for ``q``."""
        ids = self.vectors.search(q[None], fetch)[1][0]
        return ids[ids >= 0]

    def _exact(self, q: np.ndarray, rows: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The best ``k`` of ``rows`` by their exact score from the float chunk vectors."""
        if not len(rows):
            return []
        # einsum, not BLAS: BLAS's threads wait on each other on a busy machine (2,000 rows took
        # 16 ms with 2 cores loaded, 0.4 ms this way).
        scores = np.concatenate([np.einsum("ij,j->i", self.chunk_vectors.take(rows[a:a + EXACT_BLOCK]), q)
                                 for a in range(0, len(rows), EXACT_BLOCK)])
        top = np.argpartition(-scores, k - 1)[:k] if len(rows) > k else np.arange(len(rows))
        return ranked((int(rows[i]), float(scores[i])) for i in top)

    def lexical(self, tokens: list[str], k: int, where: Where | None) -> list[tuple[int, float]]:
        return folder_bm25(self.lex, None if where is None else self._rows(where), tokens, k)


def filtered_rows(table: DocTable, where: Where) -> np.ndarray:
    """The chunk rows ``where`` leaves, in order (read-only: the array is shared by later searches)."""
    rows = np.asarray(table.chunk_rows(where), dtype=np.int64)
    rows.flags.writeable = False
    return rows


def _row(hit) -> int:
    """A search hit's chunk row: its primary key, under the field's name (a Milvus 2.3 server gives it as ``id``)."""
    return int(hit["row"] if "row" in hit else hit["id"])


def folder_bm25(lex: Lexical, rows: np.ndarray | None, tokens: list[str], k: int) -> list[tuple[int, float]]:
    """BM25 top-k from the index folder's model, among ``rows`` when a filter left them."""
    mask = None
    if rows is not None:
        mask = np.zeros(lex.n_chunks, dtype=np.float32)
        mask[rows] = 1.0
    return ranked(lex.search(tokens, k, mask))


_CLIENTS: dict[str, object] = {}
_CLIENTS_LOCK = threading.Lock()


def client(spec: StoreSpec):
    """One MilvusClient per store and process (Milvus Lite lets one process open a file)."""
    with _CLIENTS_LOCK:
        if spec.uri not in _CLIENTS:
            # gRPC's own log lines (keep-alive notices from a long-lived connection) are not the
            # user's business; failures still raise.
            os.environ.setdefault("GRPC_VERBOSITY", "NONE")
            # Milvus Lite logs a traceback when it cannot open its file; the user gets StoreError.
            logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)
            try:
                from pymilvus import MilvusClient
            except ImportError as exc:
                raise StoreError("Milvus needs pymilvus: pip install 'rag-parks[milvus]'") from exc
            try:
                _CLIENTS[spec.uri] = MilvusClient(spec.uri)
            except Exception as exc:  # noqa: BLE001 - pymilvus raises several kinds; all mean "unreachable"
                where = spec.uri.removeprefix("http://")
                fix = (f"check that a Milvus server listens at {where}, or use --store folder"
                       if spec.kind == "milvus" else
                       "Milvus Lite lets one process open a file: stop the other one (a `rag serve`?)")
                raise StoreError(f"cannot open the Milvus store {spec} ({exc})", fix) from exc
        return _CLIENTS[spec.uri]


def _prefix(spec: StoreSpec, index_dir: Path) -> str:
    """The collections of one index folder start with this, so folders can share a store."""
    return f"{spec.base}_{hashlib.sha256(str(Path(index_dir).resolve()).encode()).hexdigest()[:8]}_"


def collection_name(spec: StoreSpec, index_dir: Path, generation: str) -> str:
    """The collection of one generation of an index folder: letters, digits and underscores only."""
    return _prefix(spec, index_dir) + re.sub(r"[^A-Za-z0-9]", "_", generation)


def sparse_rows(lex: Lexical) -> list[dict[int, float]]:
    """Each chunk's BM25 term weights (token id -> weight) from the token-by-chunk score matrix."""
    indptr = np.asarray(lex.bm25.scores["indptr"])
    indices = np.asarray(lex.bm25.scores["indices"])
    data = np.asarray(lex.bm25.scores["data"])
    tokens = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    order = np.argsort(indices, kind="stable")
    starts = np.searchsorted(indices[order], np.arange(lex.n_chunks + 1))
    return [dict(zip(tokens[order[a:b]].tolist(), data[order[a:b]].tolist())) or {0: 0.0}
            for a, b in zip(starts[:-1], starts[1:])]


def sparse_supported(c) -> bool:
    """Whether the server indexes sparse vectors: Milvus 2.4 and later, and Milvus Lite."""
    m = re.match(r"v?(\d+)\.(\d+)\.", str(c.get_server_version()))
    return m is None or (int(m.group(1)), int(m.group(2))) >= (2, 4)


def publish(spec: StoreSpec, index_dir: Path, generation: str, vectors: np.ndarray, lex: Lexical,
            docs: list[int], dates: list[str], exact_max: int) -> str:
    """Write one generation's chunk vectors and BM25 weights (on a server that has sparse
    vectors), with each chunk's document row (``docs``) and date (``dates``, "" for none), into a
    new collection; its name."""
    from pymilvus import DataType

    from .index import HNSW_M

    c = client(spec)
    name = collection_name(spec, index_dir, generation)
    sparse_ok = sparse_supported(c)
    schema = c.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=vectors.shape[1])
    if sparse_ok:
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("doc", DataType.INT64)
    schema.add_field("date", DataType.VARCHAR, max_length=DATE_CHARS)
    params = c.prepare_index_params()
    if len(vectors) <= exact_max:
        params.add_index("dense", index_type="FLAT", metric_type="IP")
    else:
        params.add_index("dense", index_type="HNSW", metric_type="IP",
                         params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION})
    if sparse_ok:
        params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    c.create_collection(name, schema=schema, index_params=params)
    sparse = sparse_rows(lex) if sparse_ok else None
    for a in range(0, len(vectors), INSERT_BATCH):
        c.insert(name, [{"row": i, "dense": vectors[i].tolist(), "doc": docs[i], "date": dates[i][:DATE_CHARS]}
                        | ({"sparse": sparse[i]} if sparse else {})
                        for i in range(a, min(a + INSERT_BATCH, len(vectors)))])
    c.flush(name)
    return name


def prune(spec: StoreSpec, index_dir: Path, keep: set[str]) -> None:
    """Drop the index folder's collections that no live generation names."""
    c = client(spec)
    for name in c.list_collections():
        if name.startswith(_prefix(spec, index_dir) + "gen_") and name not in keep:
            c.drop_collection(name)


class MilvusStore:
    """One generation's collection; filters on each chunk's document row and date."""

    def __init__(self, spec: StoreSpec, name: str, lexical: Lexical, table: DocTable, ef_search: int):
        self.spec, self.name, self.lex, self.table, self.ef = spec, name, lexical, table, ef_search
        self.c = client(spec)
        if not self.c.has_collection(name):
            raise StoreError(f"the Milvus store {spec} has no collection {name}")
        fields = {f["name"] for f in self.c.describe_collection(name)["fields"]}
        self.sparse = "sparse" in fields  # else a server before Milvus 2.4: BM25 from the folder
        if not {"doc", "date"} <= fields:
            raise StoreError(f"the collection {name} in {spec} was published before chunks carried their "
                             f"document and date", f"rebuild it with `rag build --full --store {spec}`")
        self.c.load_collection(name)
        self._filter = lru_cache(maxsize=CACHED_FILTERS)(self._expression)
        self._rows = lru_cache(maxsize=CACHED_FILTERS)(lambda where: filtered_rows(table, where))

    def _expression(self, where: Where | None) -> str:
        """The filter expression for ``where`` ("" for none)."""
        if where is None:
            return ""
        terms = [] if where.names is None else [f"doc in {sorted(self.table.document_rows(where.names))}"]
        if not all(DATE_BOUND.fullmatch(d) for d in (where.since, where.until) if d):
            raise StoreError(f"a date filter takes ISO dates, not {where.since!r} to {where.until!r}")
        if where.since or where.until:
            terms.append('date != ""')
        if where.since:
            terms.append(f'date >= "{where.since}"')
        if where.until:  # "~" sorts after every digit and "-": 2024-05-28 <= 2024-05~, so a month covers all of it
            terms.append(f'date <= "{where.until}~"')
        return " and ".join(terms)

    def dense(self, qvec: np.ndarray, k: int, where: Where | None) -> list[tuple[int, float]]:
        res = self.c.search(self.name, data=[qvec.ravel().tolist()], anns_field="dense", limit=k,
                            filter=self._filter(where), search_params={"params": {"ef": max(self.ef, k)}},
                            consistency_level=READ_CONSISTENCY)
        return ranked((_row(h), float(h["distance"])) for h in res[0])

    def sparse_query(self, tokens: list[str]) -> dict[int, float]:
        """The query's sparse vector: each known token's count (a repeated token counts again, as
        in bm25s), so its inner product with a chunk's weights is the chunk's BM25 score."""
        query: dict[int, float] = {}
        for t in tokens:
            if (tid := self.lex.bm25.vocab_dict.get(t)) is not None:
                query[tid] = query.get(tid, 0.0) + 1.0
        return query

    def lexical(self, tokens: list[str], k: int, where: Where | None) -> list[tuple[int, float]]:
        if not self.sparse:
            return folder_bm25(self.lex, None if where is None else self._rows(where), tokens, k)
        query = self.sparse_query(tokens)
        if not query or k <= 0:
            return []
        res = self.c.search(self.name, data=[query], anns_field="sparse", limit=k, filter=self._filter(where),
                            consistency_level=READ_CONSISTENCY)
        return ranked((_row(h), float(h["distance"])) for h in res[0] if h["distance"] > 0)
