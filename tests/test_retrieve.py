import numpy as np
import pytest

from rag import bm25
from rag.answer.retrieve import bm25_search, dense_search, hybrid_search
from rag.bm25 import tokenize
from rag.build import build_index
from rag.eval import cmrc_scores, contains_gold, norm
from rag.index import load_index
from rag.types import Where


def test_tokens_meet_across_scripts():
    assert tokenize("臨港區審批時間") == tokenize("临港区审批时间")
    assert "83.3%" in tokenize("开工率达83.3%，")


def test_bm25_and_hybrid(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    index = load_index(tmp_path / "idx")
    top = bm25_search(index, "碳纤维产业链储备土地", 1)[0]
    assert index.documents[top.chunk.doc_id].name == "c.md"
    assert bm25_search(index, "zzz qqq", 3) == []
    fused = hybrid_search(index, fake, "審批時間壓縮", 3)
    assert index.documents[fused[0].chunk.doc_id].name == "b.txt"
    assert [h.rank for h in fused] == list(range(len(fused)))
    assert all(a.score >= b.score for a, b in zip(fused, fused[1:]))


def test_a_loaded_index_searches_its_saved_bm25_model_without_tokenising_the_corpus(corpus, tmp_path, fake,
                                                                                    monkeypatch):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    expected = [(h.chunk.chunk_id, h.score) for h in bm25_search(load_index(tmp_path / "idx"), "审批时间", 3)]

    def no_build(*_):
        raise AssertionError("the corpus was tokenised again")

    monkeypatch.setattr(bm25, "build", no_build)
    index = load_index(tmp_path / "idx")
    assert [(h.chunk.chunk_id, h.score) for h in bm25_search(index, "审批时间", 3)] == expected
    assert isinstance(index.lexical.bm25.scores["data"], np.memmap)
    assert index.lexical.doc_freq("审批") >= 1 and index.lexical.doc_freq("不在语料里") == 0


def test_bm25_with_a_filter_ranks_only_the_chosen_chunks(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    index = load_index(tmp_path / "idx")
    everything = bm25_search(index, "项目 投资 产业", len(index.chunks))
    best = everything[0].chunk.doc_id
    others = frozenset(d.name for d in index.documents.values() if d.doc_id != best)
    filtered = bm25_search(index, "项目 投资 产业", 2, Where(others))
    assert filtered and best not in {h.chunk.doc_id for h in filtered}
    assert [h.chunk.chunk_id for h in filtered] == [h.chunk.chunk_id for h in everything
                                                    if h.chunk.doc_id != best][:2]


def test_norm_follows_the_metric_definition():
    assert norm("大項(xiàng)目 總投資１０.３億元") == "大项目总投资10.3亿元"
    assert contains_gold("總投資10.3億元。", ["10.3亿元"]) and not contains_gold("总投资", [""])


def test_cmrc_scores_follow_the_cmrc_script():
    assert cmrc_scores("《金驴记》，", ["金驴记"]) == (1.0, 1.0)  # its punctuation does not count
    em, f1 = cmrc_scores("1993年，Galor", ["1993年"])  # segments 1993 / 年 / galor against 1993 / 年
    assert em == 0.0 and f1 == pytest.approx(0.8)
    assert cmrc_scores("", ["甲"]) == (0.0, 0.0)
    assert cmrc_scores("乙甲", ["丙", "甲乙"])[1] == pytest.approx(0.5)  # longest common subsequence, best gold


def test_too_few_chunks_for_pq_codebooks_stay_exact_whatever_the_threshold(corpus, tmp_path, fake):
    """The index type is chosen by chunk count and recorded; a corpus too small to train PQ
    codebooks (``PQ_MIN_CHUNKS``) stays exact. The PQ path itself: tests/test_ann.py."""
    build_index(corpus, tmp_path / "flat", fake, progress=False)
    build_index(corpus, tmp_path / "low", fake, progress=False, exact_max=2)
    flat, low = load_index(tmp_path / "flat"), load_index(tmp_path / "low")
    assert flat.manifest["index_type"] == low.manifest["index_type"] == "IndexFlatIP"
    b = {d.doc_id for d in flat.documents.values() if d.name == "b.txt"}
    for q in ["总投资", "審批時間壓縮", "碳纤维"]:
        assert ([h.chunk.chunk_id for h in dense_search(flat, fake, q, 5)]
                == [h.chunk.chunk_id for h in dense_search(low, fake, q, 5)])
        hits = hybrid_search(flat, fake, q, 5, where=Where(frozenset({"b.txt"})))
        assert hits and {h.chunk.doc_id for h in hits} == b
    assert hybrid_search(flat, fake, "总投资", 5, where=Where(frozenset())) == []
