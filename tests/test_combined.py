"""The combined answer path (`rag/answer/combined.py`) with the fake embedder and a scripted reader: the
rules decide whether there is an answer, the reader picks the span in their evidence, verification
checks it, and the answer gate."""

from dataclasses import replace

import numpy as np
import pytest

from rag.answer import combined as C
from rag.answer import compose as rules
from rag.answer.reader import Span
from rag.answer.verify import DEFAULT_VERIFY
from rag.errors import QuestionError
from rag.textnorm import match_form
from tests.test_answer import check_quotes_are_cited, park_index  # noqa: F401 - the same synthetic report


class Scripted:
    """A reader that answers each window with the first occurrence of ``text`` (no answer where it
    does not occur), at ``margin``; it records what it was given."""

    def __init__(self, text: str, margin: float = 5.0):
        self.text, self.margin, self.calls, self.questions = text, margin, [], []

    def read(self, question, windows, figure=False):
        self.calls.append(list(windows))
        self.questions.append(question)
        out = []
        for k, w in enumerate(windows):
            at = w.find(self.text)
            out.append(Span(k, at, at + len(self.text), score=self.margin, null=0.0) if at >= 0 else None)
        return out


def test_the_reader_picks_the_span_in_the_rules_evidence(park_index, fake):
    q = "锦程新材料项目总投资是多少？"
    base = rules.answer_question(park_index, fake, q)
    reader = Scripted("12.6亿元")
    ans = C.answer_question(park_index, fake, q, reader=reader)
    assert not ans.abstained and ans.short_answer == "12.6亿元"
    check_quotes_are_cited(park_index, ans)
    # The reader read the sentence the rules answer from, first.
    assert match_form(base.citations[0].quote) in match_form(reader.calls[0][0])
    doc = park_index.by_name[ans.answer_span["doc"]]
    assert doc.text[ans.answer_span["start"]:ans.answer_span["end"]] == "12.6亿元"


def test_the_rules_not_found_is_never_overruled(park_index, fake):
    q = "特斯拉上海工厂的年产能是多少？"  # no document mentions it
    assert rules.answer_question(park_index, fake, q).abstained
    reader = Scripted("亿元", margin=50.0)
    ans = C.answer_question(park_index, fake, q, reader=reader)
    assert ans.abstained and ans.short_answer is None and not reader.calls


def test_a_weak_reading_lowers_the_confidence_and_a_hopeless_one_is_refused_by_the_gate(park_index, fake):
    q = "锦程新材料项目总投资是多少？"
    strong = C.answer_question(park_index, fake, q, reader=Scripted("12.6亿元", margin=8.0))
    weak = C.answer_question(park_index, fake, q, reader=Scripted("12.6亿元", margin=-4.0))
    assert not weak.abstained and weak.short_answer == strong.short_answer == "12.6亿元"
    assert weak.margin == -4.0 and 0 < weak.confidence < strong.confidence < 1
    hopeless = C.answer_question(park_index, fake, q, reader=Scripted("12.6亿元", margin=-15.0))
    assert hopeless.abstained and hopeless.short_answer is None and hopeless.citations == []
    assert hopeless.related and hopeless.missing == ["gate"]
    assert hopeless.confidence == C.DEFAULT_COMBINED.gate.refused_right
    off = C.answer_question(park_index, fake, q, reader=Scripted("12.6亿元", margin=-15.0),
                            verify=replace(DEFAULT_VERIFY, gate=False))
    assert not off.abstained and off.short_answer == "12.6亿元"


def test_the_reader_rescues_a_not_found_for_want_of_evidence_only_when_sure(park_index, fake):
    q = "锦程新材料背后的东家叫什么？"  # a paraphrase: few of its words stand near the answer
    base = rules.answer_question(park_index, fake, q)
    assert base.abstained and not base.missing  # no evidence enough, nothing refused
    sure = C.answer_question(park_index, fake, q, reader=Scripted("华北锦程集团", margin=5.0))
    assert not sure.abstained and sure.rescued and sure.short_answer == "华北锦程集团"
    check_quotes_are_cited(park_index, sure)
    unsure = C.answer_question(park_index, fake, q, reader=Scripted("华北锦程集团", margin=1.0))
    assert unsure.abstained and not unsure.rescued and unsure.answer == base.answer


def test_a_reader_that_finds_nothing_leaves_the_rules_answer(park_index, fake):
    q = "锦程新材料项目总投资是多少？"
    base = rules.answer_question(park_index, fake, q)
    # The reader finds no span in the rules' evidence: the rules' answer stands, as they gave it.
    ans = C.answer_question(park_index, fake, q, reader=Scripted("不存在的文字"))
    assert not ans.abstained and ans.short_answer == base.short_answer and ans.answer == base.answer


def test_english_questions_are_read_with_their_chinese_search_words(park_index, fake):
    reader = Scripted("12.6亿元")
    ans = C.answer_question(park_index, fake, "What is the total investment of the 锦程新材料 project?", reader=reader)
    assert not ans.abstained and ans.short_answer == "12.6亿元"
    assert reader.questions[0].endswith("总投资 项目")  # the search words the rules and retrieval use


def test_the_cli_and_the_ui_name_the_same_paths(park_index, capsys):
    from rag.cli import main
    from ui.app import ANSWERERS

    assert [v for _, v in ANSWERERS] == list(C.PATHS) and C.PATHS[0] == "combined"
    index_dir = str(park_index.folder.parent)
    for flags in ([], ["--rules"], ["--reader"]):
        assert main(["ask", *flags, "锦程新材料项目总投资是多少？", "--index", index_dir, "--json"]) == 0
        assert '"short_answer": "12.6亿元"' in capsys.readouterr().out
    assert main(["ask", "--rules", "--reader", "总投资？", "--index", index_dir]) == 2
    assert "choose one of --rules and --reader" in capsys.readouterr().err
    with pytest.raises(QuestionError, match="choose one of combined, rules, reader"):
        C.answerer("llm")


def test_an_english_question_is_read_in_more_windows(park_index, fake):
    # Its words reach the sentences only through translations, so the reader judges more of them.
    s = replace(C.DEFAULT_COMBINED, reader=replace(C.DEFAULT_COMBINED.reader, windows=1), english_windows=3,
                evidence_margin=float("inf"))
    for q, n in (("锦程新材料项目的投资方是谁？", 1), ("Who is the investor of the 锦程新材料 project?", 3)):
        reader = Scripted("不存在的文字")
        C.answer_question(park_index, fake, q, reader=reader, settings=s)
        assert reader.calls and len(reader.calls[0]) == n, q


def test_an_english_question_is_embedded_with_its_chinese_search_words_and_a_chinese_one_alone(park_index, fake):
    from rag.answer import retrieve as R

    en = R.retrieve(park_index, fake, "What is the total investment of the project?", 5)
    assert en.q.search != en.q.text
    plain, words = R.query_vector(fake, en.q.text), R.query_vector(fake, en.q.search)
    mixed = (1 - R.SEARCH_WORDS_WEIGHT_ENGLISH) * plain + R.SEARCH_WORDS_WEIGHT_ENGLISH * words
    assert np.allclose(en.qvec, mixed / np.linalg.norm(mixed), atol=1e-6)
    zh = R.retrieve(park_index, fake, "项目总投资多少？", 5)
    assert np.allclose(zh.qvec, R.query_vector(fake, zh.q.text))
