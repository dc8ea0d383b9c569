import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rag.chunk import ChunkSettings, chunk_document, split_sentences
from rag.types import Document

FIGURES = ["10.3亿元", "1,200台", "1/3", "83.3%", "2023-05-16", "09:30", "3.5GW", "12,345.67万元",
           "5.2", "1.9倍", "近300亩", "v2.0"]
WORDS = ["园区", "项目", "总投资", "开工率", "达到", "稀土", "產業園", "Project", "年产能"]
ENDS = ["。", "！", "？", "；", "…", "\n", ".", "，", "、", "：", ",", " ", ""]

piece = st.one_of(st.sampled_from(FIGURES), st.sampled_from(WORDS), st.sampled_from(ENDS))


@settings(max_examples=300, deadline=None)
@given(st.lists(piece, min_size=1, max_size=120), st.integers(20, 120))
def test_offsets_round_trip_and_no_figure_is_split(pieces, max_chars):
    text = "".join(pieces)
    doc = Document(doc_id="d", name="d.txt", text=text)
    chunks = chunk_document(doc, ChunkSettings(min_chars=max_chars // 2, max_chars=max_chars))
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text and s.text
    for c in chunks:
        assert text[c.start:c.end] == c.text
    # Every figure occurrence lies inside one sentence.
    for fig in FIGURES:
        for m in re.finditer(re.escape(fig), text):
            assert any(s.start <= m.start() and m.end() <= s.end for s in doc.sentences), (fig, text)
    # Chunks cover every sentence, in order, overlapping by at most one sentence.
    covered = {i for c in chunks for i in range(c.first_sentence, c.last_sentence + 1)}
    assert covered == set(range(len(doc.sentences)))


def test_sentence_boundaries():
    text = "总投资10.3亿元。占地92亩！开工率83.3%？产能1/3；\n“项目于2023-05-16开工。”他说。"
    got = [s.text for s in split_sentences("d", text)]
    assert got == ["总投资10.3亿元。", "占地92亩！", "开工率83.3%？", "产能1/3；", "“项目于2023-05-16开工。”", "他说。"]


def test_long_sentence_cut_at_commas():
    text = "，".join(["园区项目总投资10.3亿元"] * 40) + "。"
    sents = split_sentences("d", text, max_chars=100)
    assert all(len(s.text) <= 100 for s in sents) and len(sents) > 1
    assert all("10.3亿元" in s.text for s in sents)


def test_chunk_sizes_on_a_long_text():
    text = "".join(f"第{i}个项目总投资{i}.5亿元，年产能{i}00台套。" for i in range(200))
    doc = Document(doc_id="d", name="d.txt", text=text)
    chunks = chunk_document(doc)
    assert all(150 <= len(c.text) <= 350 for c in chunks[:-1])
    # one sentence of overlap between neighbours
    assert all(a.last_sentence == b.first_sentence for a, b in zip(chunks, chunks[1:]))
