"""The tagger's words: offsets into the text as given, across lines, with LAC's tags."""

from rag.tagger import words


def test_words_cover_each_line_with_offsets_into_the_whole_text():
    text = "雲杉電子宣布擴產。\n\n蒋海波表示，项目明年投产。"
    tagged = words(text)
    assert "".join(text[w.start:w.end] for w in tagged) == text.replace("\n", "")
    assert all(w.end > w.start for w in tagged)
    found = {text[w.start:w.end]: w.tag for w in tagged}
    assert found["雲杉電子"] == "ORG" and found["蒋海波"] == "PER"
