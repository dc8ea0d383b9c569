"""Above ``exact_max`` chunks the folder's FAISS index is PQ fast scan, its candidates re-ranked
exactly from the float chunk vectors (rag/index.py, rag/store.py). A corpus of ~1,000 chunks is
sent through that path by a low ``exact_max``, and a small re-rank depth makes the PQ codes do
the finding: broken codes, candidates or re-ranking would lose recall against exact search."""

import random
import shutil

import numpy as np
import pytest

import rag.index
from embeddings.fake import FakeEmbedder
from rag import store as stores
from rag.answer.retrieve import dense_search, hybrid_search
from rag.build import build_index
from rag.errors import IndexCorrupt
from rag.index import CHUNKS, CHUNK_SUMS, current_generation, load_index
from rag.types import Where

DIM = 64
EXACT_MAX = 100  # the corpus has about 800 chunks: far above
SMALL_RERANK = 100  # of ~800 chunks: the PQ codes must rank the neighbours into the top eighth
BATCH = 50  # documents per batch, so a build has several
CHARS = "园区项目投资产业基地企业工厂生产研发技术创新能源电池材料制造设备智能汽车装备医药化工物流港口" \
        "服务平台数字经济科技农业旅游文化建设工程开工竣工签约落户引进扩建改造升级市场销售出口订单"


def _write_docs(folder, n, seed=0, start=0):
    rng = random.Random(seed)
    folder.mkdir(exist_ok=True)
    for i in range(start, start + n):
        body = "".join("".join(rng.choice(CHARS) for _ in range(rng.randint(20, 40))) + "。"
                       for _ in range(rng.randint(40, 60)))
        date = f"{2015 + i % 10}-{i % 12 + 1:02}-{i % 28 + 1:02}"
        (folder / f"doc{i:04}.txt").write_text(f"园区报道{i}\n{date}\n{body}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One corpus indexed exactly and through the PQ path."""
    root = tmp_path_factory.mktemp("ann")
    docs = _write_docs(root / "docs", 120)
    fake = FakeEmbedder(DIM)
    build_index(docs, root / "exact", fake, progress=False, batch_documents=BATCH)
    build_index(docs, root / "pq", fake, progress=False, exact_max=EXACT_MAX, batch_documents=BATCH)
    return root, docs, fake


def _queries(index, n=40, seed=1):
    """Pieces of random chunks' text (so each has close neighbours), and a few random strings."""
    rng = random.Random(seed)
    rows = rng.sample(range(len(index.chunks)), n)
    out = []
    for r in rows:
        text = index.chunks[r].text
        a = rng.randrange(max(1, len(text) - 30))
        out.append(text[a:a + 30])
    return out + ["".join(rng.choice(CHARS) for _ in range(15)) for _ in range(10)]


def _ids(hits):
    return [h.chunk.chunk_id for h in hits]


def _recall(got, want):
    return len(set(got) & set(want)) / len(want)


def _open(root, name, monkeypatch=None, rerank=None):
    if rerank is not None:
        monkeypatch.setattr(rag.index, "RERANK", rerank)
    return load_index(root / name)


def test_above_exact_max_the_index_is_pq_with_the_float_vectors_beside_it(built):
    import faiss

    root, _, _ = built
    exact, pq = load_index(root / "exact"), load_index(root / "pq")
    assert exact.manifest["index_type"] == "IndexFlatIP" and exact.chunk_vectors is None
    assert CHUNKS not in exact.manifest["files"]
    n = exact.manifest["counts"]["chunks"]
    assert n > rag.index.PQ_MIN_CHUNKS and pq.manifest["counts"]["chunks"] == n
    assert pq.manifest["index_type"] == f"PCAR{DIM},PQ{DIM // 4}x4fs, top {rag.index.RERANK} re-ranked exactly"
    assert {CHUNKS, CHUNK_SUMS} <= set(pq.manifest["files"])
    codes = faiss.downcast_index(faiss.downcast_index(pq.vectors).index)
    assert isinstance(codes, faiss.IndexPQFastScan) and pq.vectors.ntotal == n
    # The float vectors are the exact index's, row for row.
    assert np.array_equal(pq.chunk_vectors.take(np.arange(n)), exact.vectors.reconstruct_n(0, n))
    # Codes of 4 bits per 4 dimensions (plus the PCA matrix and codebooks), against 32 bits a dimension.
    assert (pq.folder / "vectors.faiss").stat().st_size < (exact.folder / "vectors.faiss").stat().st_size


def test_pq_search_finds_what_exact_search_finds(built, monkeypatch):
    root, _, fake = built
    exact = load_index(root / "exact")
    # With the product's re-rank depth (1,000, the whole corpus here) the re-rank is exact search.
    whole = _open(root, "pq")
    for q in _queries(exact, 10):
        assert _ids(dense_search(whole, fake, q, 10)) == _ids(dense_search(exact, fake, q, 10))
    # With a shallow re-rank the codes must find the neighbours.
    pq = _open(root, "pq", monkeypatch, SMALL_RERANK)
    recalls = [_recall(_ids(dense_search(pq, fake, q, 10)), _ids(dense_search(exact, fake, q, 10)))
               for q in _queries(exact)]
    assert np.mean(recalls) >= 0.8, recalls
    # Re-ranked exactly: the scores are the exact scores.
    q = _queries(exact, 1)[0]
    assert [round(h.score, 5) for h in dense_search(pq, fake, q, 3)] == \
        [round(h.score, 5) for h in dense_search(exact, fake, q, 3)]


def test_a_shallow_re_rank_without_the_codes_would_miss(built, monkeypatch):
    """The recall above is the codes' doing: the same re-rank over arbitrary candidates misses."""
    root, _, fake = built
    exact, pq = load_index(root / "exact"), _open(root, "pq", monkeypatch, SMALL_RERANK)
    store = pq.search
    rng = np.random.default_rng(0)
    monkeypatch.setattr(store, "_candidates", lambda q, fetch: rng.choice(pq.vectors.ntotal, fetch, replace=False))
    recalls = [_recall(_ids(dense_search(pq, fake, q, 10)), _ids(dense_search(exact, fake, q, 10)))
               for q in _queries(exact)]
    assert np.mean(recalls) < 0.4, recalls


def _filters(index):
    names = sorted(d.name for d in index.documents.values())
    return [Where(frozenset(names[:3])),  # a few rows: scored exactly
            Where(since="2015", until="2019"),  # half the rows
            Where(frozenset(names[::3]), since="2018"),  # documents and dates
            Where(frozenset(names[:40]), until="2016-06"),
            Where(frozenset())]  # nothing


@pytest.mark.parametrize("filter_exact_max, min_kept", [(10**9, 0), (0, 0), (0, 10**9)],
                         ids=["exact-over-filtered-rows", "over-fetch-then-filter", "too-few-kept-so-exact"])
def test_filtered_pq_search_returns_only_allowed_rows_and_the_exact_filtered_top(built, monkeypatch,
                                                                                 filter_exact_max, min_kept):
    root, _, fake = built
    exact, pq = load_index(root / "exact"), load_index(root / "pq")
    store = pq.search
    calls = []
    fetch = store._candidates
    monkeypatch.setattr(store, "_candidates", lambda q, n: calls.append(n) or fetch(q, n))
    for rerank, floor in ((rag.index.RERANK, 1.0), (SMALL_RERANK, 0.8)):
        store.approximate = stores.Approximate(rerank, filter_exact_max, min_kept)
        recalls = []
        for where in _filters(exact):
            allowed = set(exact.table.chunk_rows(where))
            for q in _queries(exact, 8):
                got = store.dense(fake.embed_query(q), 10, where)
                want = exact.search.dense(fake.embed_query(q), 10, where)
                assert {r for r, _ in got} <= allowed and len(got) == min(10, len(allowed))
                if want:
                    recalls.append(_recall([r for r, _ in got], [r for r, _ in want]))
                    assert got[0] == pytest.approx(want[0]) or rerank == SMALL_RERANK
        assert np.mean(recalls) >= floor, (rerank, recalls)
    if filter_exact_max:
        assert not calls  # the filtered rows were scored without the codes
    else:  # over-fetched in proportion to the rows the filter leaves
        assert max(calls) > SMALL_RERANK
    # Through the answer path's search, a filter still holds.
    b = {d.doc_id for d in exact.documents.values() if d.name == "doc0007.txt"}
    hits = hybrid_search(pq, fake, "园区项目投资", 5, where=Where(frozenset({"doc0007.txt"})))
    assert hybrid_search(pq, fake, "园区项目投资", 5, where=Where(frozenset())) == []
    assert hits and {h.chunk.doc_id for h in hits} == b


def test_the_pq_index_reloads_from_its_generation(built):
    root, docs, fake = built
    first = load_index(root / "pq")
    q = _queries(first, 1)[0]
    before = [(h.chunk.chunk_id, round(h.score, 6)) for h in dense_search(first, fake, q, 10)]
    again = load_index(root / "pq")
    assert again.folder == first.folder and again.chunk_vectors is not None
    assert [(h.chunk.chunk_id, round(h.score, 6)) for h in dense_search(again, fake, q, 10)] == before


def test_damaged_chunk_vectors_are_refused(built, tmp_path):
    root, _, fake = built
    shutil.copytree(root / "pq", tmp_path / "pq")
    gen = current_generation(tmp_path / "pq")
    index = load_index(tmp_path / "pq")
    assert index.chunk_vectors.block == rag.index.CHUNK_BLOCK
    data = bytearray((gen / CHUNKS).read_bytes())
    data[-5] ^= 0xFF  # in the last chunk's vector
    (gen / CHUNKS).write_bytes(bytes(data))
    index = load_index(tmp_path / "pq")  # verified as read, not at load
    with pytest.raises(IndexCorrupt, match="chunks.npy is corrupt"):
        index.chunk_vectors.take(np.array([len(index.chunks) - 1]))
    with pytest.raises(IndexCorrupt, match="chunks.npy is corrupt"):  # a search reads it too
        for q in _queries(index, 50):
            dense_search(index, fake, q, 10, where=Where(since="2015"))
    sums = bytearray((gen / CHUNK_SUMS).read_bytes())
    sums[0] ^= 0xFF
    (gen / CHUNK_SUMS).write_bytes(bytes(sums))
    with pytest.raises(IndexCorrupt, match="chunks.sums is corrupt"):
        load_index(tmp_path / "pq")


def test_an_incremental_pq_build_adds_and_a_killed_one_resumes_to_the_same_index(built, tmp_path):
    root, docs, fake = built
    shutil.copytree(root / "pq", tmp_path / "idx")
    more = tmp_path / "docs"
    shutil.copytree(docs, more)
    (more / "new.txt").write_text("新增报道\n2025-01-01\n海上风电装备产业园签约落户，总投资九十亿元。\n", encoding="utf-8")
    report = build_index(more, tmp_path / "idx", fake, progress=False, exact_max=EXACT_MAX, batch_documents=BATCH)
    assert report.documents_embedded == 1
    index = load_index(tmp_path / "idx")
    assert index.chunk_vectors is not None and index.vectors.ntotal == len(index.chunks)
    new = [i for i in range(len(index.chunks)) if index.chunks[i].doc_id == index.by_name["new.txt"].doc_id]
    assert new and new[-1] == len(index.chunks) - 1  # its chunks come last
    for row in new:
        assert dense_search(index, fake, index.chunks[row].text, 1)[0].chunk.chunk_id == index.chunks[row].chunk_id

    class Dying(FakeEmbedder):
        calls = 0

        def embed_documents(self, texts):
            if self.calls == 1:
                raise KeyboardInterrupt
            self.calls += 1
            return super().embed_documents(texts)

    # Killed after its first batch and run again: the same generation as the uninterrupted build
    # of the same documents, byte for byte, codes included (the training sample is seeded).
    with pytest.raises(KeyboardInterrupt):
        build_index(docs, tmp_path / "resumed", Dying(DIM), progress=False, exact_max=EXACT_MAX,
                    batch_documents=BATCH)
    build_index(docs, tmp_path / "resumed", fake, progress=False, exact_max=EXACT_MAX, batch_documents=BATCH)
    files = [load_index(p).manifest["files"] for p in (tmp_path / "resumed", root / "pq")]
    assert files[0] == files[1] and CHUNKS in files[0]
