import json
import subprocess
import sys

import numpy as np
import pytest

from rag import bm25
from rag.answer.retrieve import dense_search
from rag.build import build_index
from rag.chunk import ChunkSettings
from rag.errors import IndexCorrupt, IndexMismatch, IndexNotFound, NothingIndexed
from rag.index import FORMAT_VERSION, PER_DOCUMENT, current_generation, load_index, read_manifest
from rag.textnorm import match_form


def test_build_writes_a_verified_manifest(corpus, tmp_path, fake):
    report = build_index(corpus, tmp_path / "idx", fake, progress=False)
    assert report.documents == 3 and report.embedded_sentences == report.sentences > 0
    index = load_index(tmp_path / "idx")
    m = index.manifest
    assert m["format_version"] == FORMAT_VERSION and m["model_id"] == fake.model_id
    assert m["dim"] == fake.dim and m["index_type"] == "IndexFlatIP"
    assert m["counts"]["documents"] == 3 and m["counts"]["chunks"] == len(index.chunks)
    assert m["chunking"]["max_chars"] == ChunkSettings().max_chars
    assert set(m["files"]) == {"documents.sqlite", "vectors.faiss", "sentences.npy", "sentences.sums",
                               "figures.sqlite", "pinyin.json", bm25.TOKENS, *bm25.FILES}
    assert len(m["corpus_hash"]) == 64 and m["created_at"]
    for c in index.chunks:
        assert index.documents[c.doc_id].text[c.start:c.end] == c.text


def test_chunk_vector_is_the_mean_of_its_sentences(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    index = load_index(tmp_path / "idx")
    chunks = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    for row, c in zip(chunks, index.chunks):
        mean = np.mean([index.sentence_vector(c.doc_id, i)
                        for i in range(c.first_sentence, c.last_sentence + 1)], axis=0)
        assert np.allclose(row, mean / np.linalg.norm(mean), atol=1e-6)
        assert np.isclose(np.linalg.norm(row), 1, atol=1e-5)


def test_search_finds_across_scripts(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    index = load_index(tmp_path / "idx")
    hits = dense_search(index, fake, "临港区审批时间压缩", k=1)  # Simplified query, Big5 document
    assert index.documents[hits[0].chunk.doc_id].name == "b.txt"


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexNotFound, match="rag build") as caught:
        load_index(tmp_path / "nothing")
    assert caught.value.cause == f"no index at {tmp_path / 'nothing'}"  # the cause and the fix, apart
    assert caught.value.fix == f"build one with `rag build --index {tmp_path / 'nothing'}`"


def test_upgrading_no_index_says_how_to_build_and_makes_nothing(tmp_path):
    from rag.index import upgrade

    with pytest.raises(IndexNotFound, match="rag build"):
        upgrade(tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize("damage", ["truncate", "flip", "manifest", "delete", "bm25"])
def test_corruption_is_refused_with_the_fix(corpus, tmp_path, fake, damage):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    gen = current_generation(tmp_path / "idx")
    faiss_file = gen / "vectors.faiss"
    if damage == "truncate":
        faiss_file.write_bytes(faiss_file.read_bytes()[:100])
    elif damage == "flip":
        data = bytearray(faiss_file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        faiss_file.write_bytes(bytes(data))
    elif damage == "manifest":
        (gen / "manifest.json").write_text("{not json")
    elif damage == "bm25":
        (gen / bm25.FILES[0]).write_bytes(b"\x93NUMPY")
    else:
        (gen / "documents.sqlite").unlink()
    with pytest.raises(IndexCorrupt, match="rag build --full"):
        load_index(tmp_path / "idx")


def test_other_model_is_refused(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    with pytest.raises(IndexMismatch, match="fake-32"):
        load_index(tmp_path / "idx", model_id="multilingual-e5-small")


def test_incremental_build_equals_full(corpus, tmp_path, fake):
    idx = tmp_path / "idx"
    build_index(corpus, idx, fake, progress=False)
    (corpus / "c.md").write_text("# 新标题\n\n园区新增项目总投资5亿元，年产能300台套，预计明年投产。\n")
    (corpus / "d.txt").write_text("新项目开工\n2024-01-02 来源：某报\n某园区新开工项目42个，总投资99亿元。\n")
    (corpus / "a.txt").unlink()
    inc = build_index(corpus, idx, fake, progress=False)
    assert inc.documents_embedded == 2 and inc.embedded_sentences < inc.sentences  # b.txt untouched
    inc_index = load_index(idx)
    full = build_index(corpus, tmp_path / "full", fake, full=True, progress=False)
    assert full.embedded_sentences == full.sentences
    full_index = load_index(tmp_path / "full")
    assert [c.chunk_id for c in inc_index.chunks] == [c.chunk_id for c in full_index.chunks]
    for q in ["总投资", "审批时间", "年产能300台套"]:
        a = [h.chunk.chunk_id for h in dense_search(inc_index, fake, q, 3)]
        b = [h.chunk.chunk_id for h in dense_search(full_index, fake, q, 3)]
        assert a == b
    # Sentence vectors too: reused ones equal freshly embedded ones.
    assert inc_index.sentence_vectors.shape == full_index.sentence_vectors.shape
    for doc in full_index.documents.values():
        for s in doc.sentences:
            assert np.allclose(inc_index.sentence_vector(doc.doc_id, s.index), fake.embed_documents(
                [match_form(s.text)])[0], atol=1e-6)


def test_a_rebuild_tokenises_only_new_text_and_ranks_as_a_full_build(corpus, tmp_path, fake, monkeypatch):
    """Chunk tokens are reused by text from the previous build (jieba was most of an incremental
    build at scale), never when their file is damaged or the tokenizer has changed."""
    from rag.answer.retrieve import bm25_search

    idx = tmp_path / "idx"
    build_index(corpus, idx, fake, progress=False)
    calls = []
    real = bm25.tokenize
    monkeypatch.setattr(bm25, "tokenize", lambda text: calls.append(text) or real(text))
    (corpus / "d.txt").write_text("新项目开工\n2024-01-02 来源：某报\n某园区新开工项目42个，总投资99亿元。\n",
                                  encoding="utf-8")
    report = build_index(corpus, idx, fake, progress=False)
    assert len(calls) == 1 and "某园区新开工项目42个" in calls[0] and report.notes == []
    build_index(corpus, tmp_path / "full", fake, full=True, progress=False)
    inc, full = load_index(idx), load_index(tmp_path / "full")
    for q in ["总投资", "审批时间", "新开工项目", "碳纤维"]:
        assert [(h.chunk.chunk_id, round(h.score, 5)) for h in bm25_search(inc, q, 5)] == \
            [(h.chunk.chunk_id, round(h.score, 5)) for h in bm25_search(full, q, 5)]
    with open(current_generation(idx) / bm25.TOKENS, "a", encoding="utf-8") as f:
        f.write("0\tdamage\n")
    calls.clear()
    report = build_index(corpus, idx, fake, progress=False)
    assert len(calls) == len(load_index(idx).chunks) and report.notes == [
        "previous index's chunk tokens not reused (missing or corrupt): tokenising everything"]
    calls.clear()
    monkeypatch.setattr(bm25, "TOKENIZER", bm25.TOKENIZER + 1)
    build_index(corpus, idx, fake, progress=False)
    assert len(calls) == len(load_index(idx).chunks)


def test_a_rebuild_keys_only_the_sentences_of_documents_that_changed(corpus, tmp_path, fake, monkeypatch):
    from rag import build

    build_index(corpus, tmp_path / "idx", fake, progress=False)
    keyed = []
    monkeypatch.setattr(build, "sentence_key", lambda text: keyed.append(text) or match_form(text))
    (corpus / "d.txt").write_text("新项目开工\n2024-01-02 来源：某报\n某园区新开工项目42个，总投资99亿元。\n",
                                  encoding="utf-8")
    report = build_index(corpus, tmp_path / "idx", fake, progress=False)
    d = next(x for x in load_index(tmp_path / "idx").documents.values() if x.name == "d.txt")
    assert keyed == [s.text for s in d.sentences] and report.documents_embedded == 1


def test_old_generations_are_pruned(corpus, tmp_path, fake):
    for _ in range(4):
        build_index(corpus, tmp_path / "idx", fake, progress=False)
    gens = [p for p in (tmp_path / "idx").iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 2  # the live one and the one before it


def test_nothing_to_index(tmp_path, fake):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.bin").write_bytes(b"\x00\x01")
    with pytest.raises(NothingIndexed, match="x.bin"):
        build_index(tmp_path / "d", tmp_path / "idx", fake, progress=False)


def _rag(*args, cwd):
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_cli_build_and_search_json(corpus, tmp_path):
    idx = tmp_path / "idx"
    out = _rag("build", "--docs", str(corpus), "--index", str(idx), "--model", "fake-32", "--json",
               cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["documents"] == 3 and report["model"] == "fake-32"
    out = _rag("search", "开工率", "--index", str(idx), "-k", "2", "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)["hits"]
    assert len(hits) == 2 and {"doc", "score", "start", "end", "text", "chunk_id"} <= set(hits[0])


def test_cli_errors_are_messages_not_tracebacks(corpus, tmp_path):
    out = _rag("search", "x", "--index", str(tmp_path / "none"), cwd=tmp_path)
    assert out.returncode == 2 and "rag build" in out.stderr and "Traceback" not in out.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    out = _rag("build", "--docs", str(empty), "--index", str(tmp_path / "i"), "--model", "fake", cwd=tmp_path)
    assert out.returncode == 1 and "no document" in out.stderr and "Traceback" not in out.stderr
    out = _rag("build", "--docs", str(corpus), "--index", str(tmp_path / "i"), "--model", "no/such-model",
               cwd=tmp_path)
    assert out.returncode == 2 and "multilingual-e5-small" in out.stderr and "Traceback" not in out.stderr


def test_search_refuses_a_bad_k_or_an_empty_query_and_rag_has_a_version(corpus, tmp_path):
    idx = tmp_path / "idx"
    assert _rag("build", "--docs", str(corpus), "--index", str(idx), "--model", "fake", "--quiet",
                cwd=tmp_path).returncode == 0
    for args, says in ((["-k", "0", "总投资"], "-k must be"), (["-k", "-3", "总投资"], "-k must be"),
                       (["  "], "query is empty")):
        out = _rag("search", *args, "--index", str(idx), cwd=tmp_path)
        assert out.returncode == 2 and says in out.stderr and "Traceback" not in out.stderr, out.stderr
    out = _rag("--version", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("rag ")
    out = _rag("eval", "--help", cwd=tmp_path)
    assert "github.com/ymcui/cmrc2018" in out.stdout


@pytest.mark.parametrize("damage", ["truncate-faiss", "flip-sentences", "manifest", "delete"])
def test_every_command_refuses_a_damaged_index(corpus, tmp_path, damage):
    idx = tmp_path / "idx"
    assert _rag("build", "--docs", str(corpus), "--index", str(idx), "--model", "fake", "--quiet",
                cwd=tmp_path).returncode == 0
    gen = current_generation(idx)
    if damage == "truncate-faiss":
        (gen / "vectors.faiss").write_bytes((gen / "vectors.faiss").read_bytes()[:64])
    elif damage == "flip-sentences":
        data = bytearray((gen / "sentences.npy").read_bytes())
        data[-3] ^= 0x01
        (gen / "sentences.npy").write_bytes(bytes(data))
    elif damage == "manifest":
        (gen / "manifest.json").write_text("[]")
    else:
        (gen / "documents.sqlite").unlink()
    # Search reads no sentence vector, so damage there is met (and refused) by what reads one.
    commands = [["ask", "总投资多少？"], ["serve", "--port", "1"]] + [["search", "总投资"]] * (damage != "flip-sentences")
    for args in commands:
        out = _rag(*args, "--index", str(idx), cwd=tmp_path)
        assert out.returncode == 2, (args, out.stderr)
        assert "rag build --full" in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_an_older_format_is_rebuilt_with_a_note(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    manifest = current_generation(tmp_path / "idx") / "manifest.json"
    manifest.write_text(manifest.read_text().replace(f'"format_version": {FORMAT_VERSION}', '"format_version": 2'))
    report = build_index(corpus, tmp_path / "idx", fake, progress=False)
    assert report.embedded_sentences == report.sentences
    assert report.notes == ["previous index not reused (index format 2 is not the format this version reads "
                            f"({FORMAT_VERSION})): reading and embedding everything"]
    assert load_index(tmp_path / "idx").manifest["format_version"] == FORMAT_VERSION


def test_vectors_of_another_revision_of_the_model_are_not_reused(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    fake.revision = "next"  # the same model id, exported another way
    report = build_index(corpus, tmp_path / "idx", fake, progress=False)
    assert report.embedded_sentences == report.sentences
    assert report.notes == [f"previous index used another revision of {fake.model_id}: re-embedding everything"]
    again = build_index(corpus, tmp_path / "idx", fake, progress=False)
    assert again.embedded_sentences == 0 and again.notes == []
    assert load_index(tmp_path / "idx").manifest["model_revision"] == "next"


def test_unchanged_files_are_not_read_again_until_the_cleaning_code_changes(tmp_path, fake, monkeypatch):
    """A rebuild reuses the documents of unchanged files (a PDF takes seconds to read), unless the
    cleaning code that read them has changed since."""
    from office_fixtures import report_pdf

    from rag import build, formats, ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    report_pdf(docs / "report.pdf", pages=3)
    first = build_index(docs, tmp_path / "idx", fake, progress=False)
    calls = []
    monkeypatch.setattr(ingest, "read_pdf", lambda path: calls.append(path) or formats.read_pdf(path))
    again = build_index(docs, tmp_path / "idx", fake, progress=False)
    assert calls == [] and again.files == first.files and again.embedded_sentences == 0
    monkeypatch.setattr(build, "CLEANER_REVISION", "another")
    build_index(docs, tmp_path / "idx", fake, progress=False)
    assert len(calls) == 1


def test_a_closed_output_pipe_is_no_traceback(corpus, tmp_path):
    """`rag build | head -1` closes the pipe before the report is written: no traceback."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "build", "--docs", str(corpus), "--index",
                             str(tmp_path / "idx"), "--model", "fake", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() in (0, 141) and "Traceback" not in err and "Exception ignored" not in err


def test_loading_reads_no_document_and_an_answer_reads_only_what_it_cites(corpus, tmp_path, fake):
    from rag.answer.compose import answer_question

    for i in range(120):  # more than the dense and lexical pools (50 each) can reach
        (corpus / f"other-{i:03d}.txt").write_text(f"其他新闻{i}\n2023-01-0{i % 9 + 1}\n示例县第{i}号仓库扩建完成。\n",
                                                   encoding="utf-8")
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    index = load_index(tmp_path / "idx")
    assert index.table.document.cache_info().currsize == 0
    listed = index.table.listing()
    assert [d.name for d in listed] == sorted(d.name for d in listed) and len(listed) == 123
    assert index.table.document.cache_info().currsize == 0  # the library list reads no text
    ans = answer_question(index, fake, "储能电池项目总投资多少？")
    assert ans.citations and index.table.document.cache_info().currsize <= 101
    cited = index.by_name[ans.citations[0].doc]
    assert cited.text[ans.citations[0].start:ans.citations[0].end] == ans.citations[0].quote
    assert len(index.documents) == 123 and set(index.documents) == {d.doc_id for d in index.documents.values()}
    with pytest.raises(KeyError):
        index.documents["no-such-id"]
    with pytest.raises(IndexError):
        index.chunks[len(index.chunks)]


def test_the_per_document_parts_of_the_manifest_are_read_when_used(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    written = json.loads((current_generation(tmp_path / "idx") / "manifest.json").read_text())
    index = load_index(tmp_path / "idx")
    assert "added" not in index.manifest and "sources" not in index.manifest  # a line per document
    assert index.manifest == {k: v for k, v in written.items() if k not in PER_DOCUMENT}
    assert index.added == written["added"] and set(index.added) == {"a.txt", "b.txt", "c.md"}


def test_a_manifest_is_cut_at_its_top_level_keys_only(tmp_path):
    manifest = {"format_version": 4, "added": {'x\n  "y': "2026"}, "files": {"a": "b"},
                "skipped_files": [{"name": '\n  "sources": 1', "reason": "}"}], "sources": {"z": "1"}}
    (tmp_path / "m.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    assert read_manifest(tmp_path / "m.json", whole=True) == manifest
    assert read_manifest(tmp_path / "m.json") == {k: manifest[k] for k in ("format_version", "files", "skipped_files")}
    (tmp_path / "m.json").write_text(json.dumps(manifest))  # written otherwise: read whole
    assert read_manifest(tmp_path / "m.json") == manifest
