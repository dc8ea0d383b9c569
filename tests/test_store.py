"""The Milvus store answers as the index folder does, and stays crash-safe: each test runs on Milvus Lite
in-process and on a Milvus server reached over loopback (``milvus://``), as a cluster is."""

import subprocess
import sys

import pytest

from rag import store as stores
from rag.answer.compose import answer_question
from rag.answer.retrieve import bm25_search, dense_search, hybrid_search
from rag.build import build_index
from rag.errors import IndexMismatch, StoreError
from rag.index import current_generation, load_index
from rag.types import Where

QUESTIONS = ["储能电池项目总投资多少？", "仓库扩建", "臨港區審批時間", "开工率是多少？", "碳纤维产业链"]


@pytest.fixture
def milvus_corpus(corpus):
    for i in range(40):
        (corpus / f"other-{i:02d}.txt").write_text(
            f"其他新闻{i}\n2023-01-0{i % 9 + 1}\n示例县第{i}号仓库扩建完成，总投资{i}亿元。临港区审批时间压缩。\n",
            encoding="utf-8")
    return corpus


def _hits(hits):
    """Scores, and the chunks above the last score (chunks tied with the last one may differ: the
    two stores cut a tie at k differently)."""
    scores = [round(h.score, 4) for h in hits]
    return scores, [h.chunk.chunk_id for h, s in zip(hits, scores) if s > scores[-1]]


def test_milvus_gives_the_folders_hits_and_answers(milvus_corpus, tmp_path, fake, milvus_store):
    build_index(milvus_corpus, tmp_path / "idx", fake, progress=False, store=milvus_store)
    milvus, folder = load_index(tmp_path / "idx"), load_index(tmp_path / "idx", store="folder")
    assert str(milvus.store) == milvus_store and folder.store.kind == "folder"
    names = sorted(d.name for d in folder.documents.values())
    filters = [Where(frozenset(names[::3])), Where(since="2023-01-03"), Where(until="2023-01"),
               Where(since="2023-01-02", until="2023-01-05"), Where(frozenset(names[:20]), since="2023-01-04"),
               Where(until="2022")]  # Where(until="2022") leaves the Traditional b.txt (2022-05-28) alone
    for q in QUESTIONS:
        assert _hits(dense_search(milvus, fake, q, 8)) == _hits(dense_search(folder, fake, q, 8))
        assert _hits(bm25_search(milvus, q, 8)) == _hits(bm25_search(folder, q, 8))
        assert _hits(hybrid_search(milvus, fake, q, 5)) == _hits(hybrid_search(folder, fake, q, 5))
        for where in filters:
            found = dense_search(milvus, fake, q, 8, where=where)
            assert found and _hits(found) == _hits(dense_search(folder, fake, q, 8, where=where))
            assert _hits(bm25_search(milvus, q, 8, where)) == _hits(bm25_search(folder, q, 8, where))
            assert {folder.documents[h.chunk.doc_id].name for h in found} <= {
                folder.documents[folder.chunks[r].doc_id].name for r in folder.table.chunk_rows(where)}
        assert answer_question(milvus, fake, q).answer == answer_question(folder, fake, q).answer
    assert answer_question(milvus, fake, QUESTIONS[0]).short_answer == "10.3亿元"


def test_each_generation_has_its_collection_and_a_killed_builds_is_dropped(milvus_corpus, tmp_path, fake,
                                                                          milvus_store):
    spec = stores.parse(milvus_store)
    build_index(milvus_corpus, tmp_path / "idx", fake, progress=False, store=str(spec))
    first = load_index(tmp_path / "idx").manifest["store"]["collection"]
    # A build killed after writing its collection, before CURRENT moved: nobody names it.
    orphan = stores.collection_name(spec, tmp_path / "idx", "gen-20000101T000000000000-deadbeef")
    client = stores.client(spec)
    schema = client.create_schema(auto_id=False)
    from pymilvus import DataType

    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=fake.dim)
    client.create_collection(orphan, schema=schema)
    (milvus_corpus / "new.txt").write_text("新项目\n2024-05-01\n新项目总投资5亿元。\n", encoding="utf-8")
    build_index(milvus_corpus, tmp_path / "idx", fake, progress=False)  # keeps the index's store
    second = load_index(tmp_path / "idx")
    assert second.store == spec and second.manifest["store"]["collection"] != first
    assert set(client.list_collections()) == {first, second.manifest["store"]["collection"]}
    build_index(milvus_corpus, tmp_path / "idx", fake, progress=False)
    third = load_index(tmp_path / "idx").manifest["store"]["collection"]
    assert set(client.list_collections()) == {second.manifest["store"]["collection"], third}
    assert third == stores.collection_name(spec, tmp_path / "idx", current_generation(tmp_path / "idx").name)
    # Another index folder in the same store keeps its own collections.
    build_index(milvus_corpus, tmp_path / "idx2", fake, progress=False, store=str(spec))
    assert len(client.list_collections()) == 3


def test_a_store_is_named_or_refused_with_what_to_do(milvus_corpus, tmp_path, fake):
    assert stores.parse(None) == stores.parse("folder") == stores.StoreSpec("folder")
    remote = stores.parse("milvus://10.0.0.5:19530/parks")
    assert remote.uri == "http://10.0.0.5:19530" and remote.base == "parks" and str(remote) == \
        "milvus://10.0.0.5:19530/parks"
    for bad in ("milvus-lite:index", "milvus://host/", "faiss"):
        with pytest.raises(StoreError, match="--store"):
            stores.parse(bad)
    build_index(milvus_corpus, tmp_path / "idx", fake, progress=False, store=f"milvus-lite:{tmp_path / 'm.db'}")
    with pytest.raises(IndexMismatch, match="was published to milvus-lite"):
        load_index(tmp_path / "idx", store=f"milvus-lite:{tmp_path / 'other.db'}")
    out = subprocess.run([sys.executable, "-m", "rag.cli", "search", "项目", "--index", str(tmp_path / "idx"),
                          "--store", "faiss"], capture_output=True, text=True)
    assert out.returncode != 0 and "is not a store" in out.stderr and "Traceback" not in out.stderr


def test_above_exact_max_milvus_searches_an_hnsw_graph_and_finds_what_the_folder_finds(milvus_corpus, tmp_path,
                                                                                        fake, milvus_store):
    # Milvus builds HNSW above exact_max; the folder stays exact here (too few chunks for PQ codebooks).
    build_index(milvus_corpus, tmp_path / "idx", fake, progress=False, exact_max=5, store=milvus_store)
    milvus, folder = load_index(tmp_path / "idx"), load_index(tmp_path / "idx", store="folder")
    assert folder.manifest["index_type"] == "IndexFlatIP"
    for q in QUESTIONS:
        assert _hits(hybrid_search(milvus, fake, q, 5)) == _hits(hybrid_search(folder, fake, q, 5))


def test_a_store_that_cannot_be_opened_is_said_with_what_to_do(milvus_corpus, tmp_path):
    from bench.common import free_port

    def build(store):
        return subprocess.run([sys.executable, "-m", "rag.cli", "build", "--docs", str(milvus_corpus), "--index",
                               str(tmp_path / "idx"), "--model", "fake", "--quiet", "--store", store],
                              capture_output=True, text=True, timeout=120)

    out = build(f"milvus://127.0.0.1:{free_port()}/parks")
    assert out.returncode == 2 and "check that a Milvus server listens at 127.0.0.1:" in out.stderr
    db = tmp_path / "m.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pymilvus import MilvusClient; "
                               f"MilvusClient({str(db)!r}).list_collections(); print(); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()  # the other process has opened the file
        out = build(f"milvus-lite:{db}")
    finally:
        holder.kill()
    assert out.returncode == 2 and "lets one process open a file" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "idx" / "CURRENT").exists()


@pytest.mark.parametrize("milvus_store", ["milvus-lite"], indirect=True)
def test_a_server_without_sparse_vectors_keeps_bm25_in_the_folder(milvus_corpus, tmp_path, fake, milvus_store,
                                                                    monkeypatch):
    """A Milvus server before 2.4 refuses a sparse field's index: its collection holds the dense
    vectors, and BM25 is searched in the index folder, with the same hits and filters."""
    monkeypatch.setattr(stores, "sparse_supported", lambda c: False)
    build_index(milvus_corpus, tmp_path / "idx", fake, progress=False, store=milvus_store)
    milvus, folder = load_index(tmp_path / "idx"), load_index(tmp_path / "idx", store="folder")
    search = milvus.search
    assert "sparse" not in {f["name"] for f in search.c.describe_collection(search.name)["fields"]}
    assert not search.sparse
    where = Where(since="2023-01-03", until="2023-01-05")
    for q in QUESTIONS:
        assert _hits(bm25_search(milvus, q, 8)) == _hits(bm25_search(folder, q, 8))
        assert _hits(bm25_search(milvus, q, 8, where)) == _hits(bm25_search(folder, q, 8, where))
        assert _hits(hybrid_search(milvus, fake, q, 5)) == _hits(hybrid_search(folder, fake, q, 5))
    assert answer_question(milvus, fake, QUESTIONS[0]).short_answer == "10.3亿元"


def test_the_server_version_says_whether_it_has_sparse_vectors():
    class Server:
        def __init__(self, version):
            self.version = version

        def get_server_version(self):
            return self.version

    assert not stores.sparse_supported(Server("v2.3.5-lite"))
    assert stores.sparse_supported(Server("v2.4.0")) and stores.sparse_supported(Server("v2.6.1"))
    assert stores.sparse_supported(Server("milvus_lite-3.2.2"))


def test_a_hit_s_row_is_its_primary_key_under_either_name():
    assert stores._row({"row": 4, "distance": 0.5}) == 4
    assert stores._row({"id": 3, "distance": 0.5}) == 3  # a Milvus 2.3 server's hit
