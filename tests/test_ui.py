import dataclasses

import pytest

from rag.answer import render as A
from rag.answer.compose import answer_question
from rag.build import build_index
from rag.errors import QuestionError
from rag.index import load_index
from rag.types import Where
from ui.app import build_app, render_sources, render_turn, status_line


def _index(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    return load_index(tmp_path / "idx")


def test_answer_turn_links_every_citation_to_its_source(corpus, tmp_path, fake):
    index = _index(corpus, tmp_path, fake)
    ans = answer_question(index, fake, "臨港區把審批時間壓縮了多少？")
    turn, sources = render_turn(3, ans, index), render_sources(3, ans, index)
    assert 'class="a answered"' in turn and "60%以上" in turn
    span = ans.answer_span
    assert span["doc"] == ans.citations[0].doc and span["end"] - span["start"] == len("60%以上")
    for c in ans.citations:
        assert f'href="#src-3-{c.n}"' in turn and f'id="src-3-{c.n}"' in sources
        unmarked = sources.replace('<strong class="ans">', "").replace("</strong>", "")
        assert f"<mark>{c.quote}</mark>" in unmarked  # original script, exact offsets
    # The short answer is marked inside its quote, in the chat and in the sources, at its offsets.
    assert '<strong class="ans">60%以上</strong>' in turn and '<strong class="ans">60%以上</strong>' in sources


def test_citations_of_one_document_share_one_source_line(corpus, tmp_path, fake):
    from ui.app import _source_lines

    index = _index(corpus, tmp_path, fake)
    doc = next(d for d in index.documents.values() if len(d.sentences) >= 3)
    cites = [A.Citation(n, doc.name, doc.title, doc.date, doc.outlet, s.start, s.end, s.text)
             for n, s in enumerate(doc.sentences[:3], 1)]
    html_ = _source_lines(0, cites, {doc.name: doc})
    assert html_.count("<li>") == 1 and "[1][2][3]" in html_
    assert all(f"{s.start}–{s.end}" in html_ for s in doc.sentences[:3])  # a distinct location each


def test_abstention_looks_different(corpus, tmp_path, fake):
    index = _index(corpus, tmp_path, fake)
    ans = answer_question(index, fake, "特斯拉的股价是多少？")
    turn = render_turn(0, ans, index)
    assert 'class="a abstained"' in turn and "answered" not in turn and 'class="short"' not in turn


def test_markup_from_questions_and_documents_is_escaped(corpus, tmp_path, fake):
    index = _index(corpus, tmp_path, fake)
    ans = answer_question(index, fake, "<img src=x onerror=alert(1)> 总投资多少？")
    def poison(cites):
        return [dataclasses.replace(c, title="<script>alert(1)</script>", outlet="<b>x</b>") for c in cites]

    ans = dataclasses.replace(ans, citations=poison(ans.citations), related=poison(ans.related))
    assert ans.citations or ans.related
    html = render_turn(0, ans, index) + render_sources(0, ans, index)
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;" in html


def test_app_builds_with_header_state(corpus, tmp_path, fake):
    index = _index(corpus, tmp_path, fake)
    assert status_line(index).startswith("**3** documents")
    build_app(index, fake)


def test_an_answer_shows_its_confidence_and_a_doubtful_one_says_so(corpus, tmp_path, fake):
    from rag.answer import read

    index = _index(corpus, tmp_path, fake)
    ans = read.answer_question(index, fake, "臨港區把審批時間壓縮了多少？")
    sure = render_turn(0, dataclasses.replace(ans, confidence=0.9), index)
    assert "confidence 90%" in sure and "doubtful" not in sure
    unsure = render_turn(1, dataclasses.replace(ans, confidence=0.2), index)
    assert 'class="a answered doubtful"' in unsure and "confidence 20%" in unsure
    rules = answer_question(index, fake, "臨港區把審批時間壓縮了多少？")  # every path shows its confidence
    assert f"confidence {rules.confidence:.0%}" in render_turn(2, rules, index)


def test_auth_specs_and_the_warning_beyond_loopback(tmp_path):
    from ui.app import bind_warning, read_auth

    assert read_auth("ana:s3cret") == [("ana", "s3cret")]
    f = tmp_path / "users"
    f.write_text("# analysts\nana:s3cret\nbo:pa:ss\n", encoding="utf-8")
    assert read_auth(f"@{f}") == [("ana", "s3cret"), ("bo", "pa:ss")]
    for bad in ("ana", ":x", "ana:"):
        with pytest.raises(ValueError):
            read_auth(bad)
    assert bind_warning("127.0.0.1", 7860, None) is None
    assert bind_warning("0.0.0.0", 7860, [("a", "b")]) is None
    assert "without --auth" in bind_warning("0.0.0.0", 7860, None)


def test_a_large_library_is_listed_in_part_and_found_by_name_or_title_in_either_script(corpus, tmp_path, fake,
                                                                                       monkeypatch):
    import ui.app as U

    (corpus / "d.txt").write_text("臨港區產業園簡報\n2024-01-02\n臨港區產業園新簽約項目12個。\n", encoding="utf-8")
    index = _index(corpus, tmp_path, fake)
    assert U.library_rows(index)[1] == ""  # 4 documents: all shown
    monkeypatch.setattr(U, "LISTED_MAX", 2)
    rows, note = U.library_rows(index)
    assert [r[0] for r in rows] == ["a.txt", "b.txt"] and len(U.document_choices(index)) == 2
    assert "2 of 4 documents shown" in note
    assert U.library_rows(index, "no such words") == ([], "no document's file name or title holds that")
    assert [r[0] for r in U.document_rows(index, "临港区产业园")] == ["d.txt"]  # Simplified finds Traditional
    assert [r[0] for r in U.document_rows(index, "D.TXT")] == ["d.txt"]
    assert U.document_rows(index, "100%_") == []  # no wildcard in what is typed
    with pytest.raises(QuestionError, match="no indexed document is named nowhere.txt"):
        answer_question(index, fake, "新签约项目多少个？", where=Where(frozenset({"d.txt", "nowhere.txt"})))
    assert answer_question(index, fake, "新签约项目多少个？", where=Where(frozenset({"d.txt"}))).citations[0].doc == \
        "d.txt"


@pytest.fixture
def shanghai(monkeypatch):
    """The server's local time is China's (UTC+8) for the test."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_build_time_and_a_documents_addition_are_shown_in_local_time_to_the_minute(shanghai, corpus, tmp_path,
                                                                                       fake):
    from types import SimpleNamespace

    from ui.app import document_rows, local_time

    built = SimpleNamespace(manifest={"counts": {"documents": 5, "chunks": 42}, "model_id": "m",
                                      "created_at": "2026-12-03T12:15:30+00:00"})
    assert status_line(built).endswith("· built 2026-12-03 20:15")
    assert local_time("2026-12-31T16:05:00+00:00") == "2027-01-01 00:05" and local_time(None) == ""
    index = _index(corpus, tmp_path, fake)
    added = index.added["a.txt"]
    assert document_rows(index)[0][-1] == local_time(added) != added[:16].replace("T", " ")


def test_opening_the_documents_tab_never_stops_the_rebuild_poll(corpus, tmp_path, fake):
    """The tab's answer can arrive after a rebuild's own answer (both asked at once): it may start
    the poll, never stop it; only the poll's tick stops polling, once no rebuild runs."""
    import gradio as gr

    build_index(corpus, tmp_path / "idx", fake, progress=False)
    app = build_app(load_index(tmp_path / "idx"), fake, docs_dir=corpus)
    tab = next(b._id for b in app.blocks.values() if getattr(b, "elem_id", None) == "documents-tab")
    timer = next(b._id for b in app.blocks.values() if isinstance(b, gr.Timer))
    by_event = {(t[0], t[1]): f for f in app.fns.values() for t in f.targets}
    opened, tick = by_event[(tab, "select")], by_event[(timer, "tick")]
    assert opened.fn("")[-1] == gr.skip()  # left as it is
    stopped = tick.fn("")[-1]
    assert isinstance(stopped, gr.Timer) and stopped.active is False


def test_a_start_that_fails_leaves_the_cyclic_collector_on(tmp_path):
    """serve() turns the collector off while it loads: a start stopped by a bad index turns it back on."""
    import gc

    from rag.errors import RagError
    from ui.app import serve

    with pytest.raises(RagError):
        serve(tmp_path / "no-index")
    assert gc.isenabled()
