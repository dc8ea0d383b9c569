"""The BM25 model merged from shards scores every token in every chunk as bm25s does."""

import numpy as np

from rag import bm25


def _chunks(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(300)] + ["园区", "项目", "总投资", "亿元"]
    out = []
    for _ in range(n):
        k = int(rng.integers(1, 40))
        out.append(" ".join(rng.choice(words, size=k, p=None).tolist()))
    out.append(bm25._EMPTY)  # a chunk without a token
    return out


def test_merged_shards_score_as_bm25s(tmp_path, monkeypatch):
    monkeypatch.setattr(bm25, "POSTINGS_PER_PASS", 500)  # many passes, a token may outgrow one
    tokens = _chunks(400, 0)
    paths, vocab = [], {}
    for i, a in enumerate(range(0, len(tokens), 64)):
        paths.append(tmp_path / f"s{i}.npz")
        bm25.save_shard(bm25.shard(tokens[a:a + 64], lambda ws: [vocab.setdefault(w, len(vocab)) for w in ws]),
                        paths[-1])
    df = bm25.merge(paths, lambda: iter(list(vocab)), len(vocab), tmp_path / "merged")
    ours = bm25.load(tmp_path / "merged", len(tokens))
    theirs = bm25.build([""] * len(tokens), tokens)
    assert sorted((w, int(df[i])) for w, i in vocab.items() if w != bm25._EMPTY) == sorted(theirs.words())
    assert sorted(ours.words()) == sorted(theirs.words())
    assert set(ours.bm25.vocab_dict) == set(theirs.bm25.vocab_dict)
    for w in theirs.bm25.vocab_dict:
        if w == "":
            continue
        a, b = ours.bm25.vocab_dict[w], theirs.bm25.vocab_dict[w]
        sa, sb = ours.bm25.scores, theirs.bm25.scores
        ra, rb = slice(sa["indptr"][a], sa["indptr"][a + 1]), slice(sb["indptr"][b], sb["indptr"][b + 1])
        assert np.array_equal(sa["indices"][ra], sb["indices"][rb])
        assert np.array_equal(sa["data"][ra], sb["data"][rb]), w  # bit for bit
    for q in (["园区", "w3"], ["总投资", "亿元", "w299"]):
        assert ours.search(q, 10) == theirs.search(q, 10)


def test_a_filtered_search_is_the_unfiltered_ranking_within_the_rows_it_leaves():
    tokens = _chunks(400, 1)
    model = bm25.build([""] * len(tokens), tokens)
    mask = np.zeros(len(tokens), dtype=np.float32)
    mask[::3] = 1.0
    for query in (["园区", "w7"], ["总投资", "亿元", "w42"], ["w3"]):
        whole = [(i, round(s, 5)) for i, s in model.search(query, len(tokens)) if mask[i]]
        for k in (1, 5, 40):
            got = [(i, round(s, 5)) for i, s in model.search(query, k, mask)]
            assert [s for _, s in got] == [s for _, s in whole[:k]]
            assert all(mask[i] for i, _ in got)
