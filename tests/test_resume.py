"""A build goes batch by batch through a staging folder (rag/staging.py): killed, it resumes from
its last finished batch, embeds nothing a finished batch embedded, and publishes what an
uninterrupted build publishes. SIGKILLs at random moments are in tests/test_crash.py."""

import json
import sqlite3

import pytest

from embeddings.fake import FakeEmbedder
from rag.build import build_index
from rag.index import current_generation, load_index
from rag.answer.retrieve import bm25_search, dense_search

BATCH = 3


class Killed(Exception):
    pass


class Counting(FakeEmbedder):
    """The fake embedder, counting the texts it embeds, that can die after some calls."""

    def __init__(self, die_after: int | None = None):
        super().__init__(32)
        self.texts: list[str] = []
        self.calls, self.die_after = 0, die_after

    def embed_documents(self, texts):
        if self.die_after is not None and self.calls >= self.die_after:
            raise Killed
        self.calls += 1
        self.texts += texts
        return super().embed_documents(texts)


def _docs(folder, n=11):
    folder.mkdir()
    for i in range(n):
        body = "。".join(f"示例园区第{i}号项目总投资{i + j}.5亿元，年产能{j * 10 + i}万吨" for j in range(6))
        (folder / f"doc{i:02}.txt").write_text(f"示例园区项目{i}\n2024-01-{i % 28 + 1:02}\n{body}。共同的结尾句子。\n",
                                               encoding="utf-8")
    return folder


def _rows(path):
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _files(idx):
    return json.loads((current_generation(idx) / "manifest.json").read_text())["files"]


@pytest.mark.parametrize("die_after", [0, 2, 3])
def test_a_build_killed_resumes_from_its_last_batch_and_publishes_the_same(tmp_path, die_after):
    docs = _docs(tmp_path / "docs")
    whole = Counting()
    report = build_index(docs, tmp_path / "whole", whole, progress=False, batch_documents=BATCH)
    assert whole.calls == 4 and report.embedded_sentences == len(whole.texts)  # one call per batch
    assert len(set(whole.texts)) == len(whole.texts)  # the shared sentence embedded once

    dying = Counting(die_after)
    with pytest.raises(Killed):
        build_index(docs, tmp_path / "idx", dying, progress=False, batch_documents=BATCH)
    staged = [p for p in (tmp_path / "idx").iterdir() if p.name.startswith("build-")]
    assert len(staged) == 1 and len(list(staged[0].glob("batch-*"))) == die_after
    assert not (tmp_path / "idx" / "CURRENT").exists()  # nothing published

    again = Counting()
    resumed = build_index(docs, tmp_path / "idx", again, progress=False, batch_documents=BATCH)
    # No text of a finished batch is embedded again, and every other text once.
    assert not set(again.texts) & set(dying.texts)
    assert sorted(again.texts + dying.texts) == sorted(whole.texts)
    assert again.calls == 4 - die_after and resumed.embedded_sentences == len(again.texts)
    assert (resumed.documents, resumed.chunks, resumed.sentences) == (report.documents, report.chunks,
                                                                     report.sentences)
    assert _files(tmp_path / "idx") == _files(tmp_path / "whole")  # every file, byte for byte
    assert sorted(p.name for p in (tmp_path / "idx").iterdir() if not p.name.startswith("gen-")) == [
        ".lock", "CURRENT"]


def test_a_batched_build_searches_as_one_batch(tmp_path):
    docs = _docs(tmp_path / "docs")
    fake = FakeEmbedder(32)
    build_index(docs, tmp_path / "small", fake, progress=False, batch_documents=BATCH)
    build_index(docs, tmp_path / "one", fake, progress=False, batch_documents=1000)
    small, one = load_index(tmp_path / "small"), load_index(tmp_path / "one")
    tables = {"documents.sqlite", "figures.sqlite"}  # the same rows; SQLite's pages differ with the inserts
    assert {k: v for k, v in small.manifest["files"].items() if k not in tables} == \
        {k: v for k, v in one.manifest["files"].items() if k not in tables}
    for name in tables:
        assert _rows(small.folder / name) == _rows(one.folder / name)
    for q in ["第7号项目总投资", "年产能", "共同的结尾"]:
        assert [(h.chunk.chunk_id, round(h.score, 6)) for h in dense_search(small, fake, q, 5)] == \
            [(h.chunk.chunk_id, round(h.score, 6)) for h in dense_search(one, fake, q, 5)]
        assert [(h.chunk.chunk_id, h.score) for h in bm25_search(small, q, 5)] == \
            [(h.chunk.chunk_id, h.score) for h in bm25_search(one, q, 5)]


def test_changed_documents_start_a_new_staging(tmp_path):
    """A staging is resumed only with the same inputs: a file changed after the kill is read again."""
    docs = _docs(tmp_path / "docs")
    with pytest.raises(Killed):
        build_index(docs, tmp_path / "idx", Counting(2), progress=False, batch_documents=BATCH)
    (docs / "doc00.txt").write_text("新的标题\n2024-02-02\n示例园区全新的项目总投资9亿元。\n", encoding="utf-8")
    again = Counting()
    build_index(docs, tmp_path / "idx", again, progress=False, batch_documents=BATCH)
    assert again.calls == 4
    index = load_index(tmp_path / "idx")
    assert "全新的项目" in index.by_name["doc00.txt"].text


def test_damaged_previous_vectors_are_embedded_again_with_a_note(tmp_path, monkeypatch):
    from rag import blocks

    monkeypatch.setattr(blocks, "BLOCK", 512)  # blocks small enough for a document's rows to have their own
    docs = _docs(tmp_path / "docs")
    build_index(docs, tmp_path / "idx", FakeEmbedder(32), progress=False, batch_documents=BATCH)
    index = load_index(tmp_path / "idx")
    matrix = index.sentence_vectors
    row = matrix.array.offset + index.table.first_sentence(index.by_name["doc05.txt"].doc_id) * matrix.array.strides[0]
    data = bytearray(matrix.path.read_bytes())
    data[row + 4] ^= 0xFF  # in the rows of doc05
    matrix.path.write_bytes(bytes(data))
    (docs / "doc05.txt").unlink()  # its sentences are keyed for reuse from those rows
    report = build_index(docs, tmp_path / "idx", Counting(), progress=False, batch_documents=BATCH)
    full = build_index(docs, tmp_path / "full", Counting(), progress=False, batch_documents=BATCH, full=True)
    assert report.notes[0].startswith("previous index's sentence vectors not reused (index file")
    assert report.embedded_sentences == full.embedded_sentences
    assert _files(tmp_path / "idx") == _files(tmp_path / "full")


def test_a_batch_of_files_that_all_fail_is_no_trouble(tmp_path):
    docs = _docs(tmp_path / "docs", 4)
    for i in range(BATCH):  # between doc03 and the rest: a batch of its own
        (docs / f"doc03-empty{i}.txt").write_text(f"  {i}  ", encoding="utf-8")
    report = build_index(docs, tmp_path / "idx", FakeEmbedder(32), progress=False, batch_documents=BATCH)
    assert report.documents == 4 and len(report.skipped) == BATCH
    index = load_index(tmp_path / "idx")
    assert index.manifest["counts"]["documents"] == 4 and len(index.chunks) == report.chunks


def test_sentences_are_embedded_in_one_order_whatever_the_string_hashing(tmp_path):
    """The int8 encoder quantises a batch's activations together, so the same sentences must go in
    the same batches every run: longest first, ties by their text (a set's order changes with
    PYTHONHASHSEED and gave vectors that differed between two builds of one folder)."""
    emb = Counting()
    build_index(_docs(tmp_path / "docs"), tmp_path / "idx", emb, progress=False)
    from rag.build import sentence_key

    assert emb.texts == sorted(emb.texts, key=lambda t: (-len(sentence_key(t)), sentence_key(t)))
