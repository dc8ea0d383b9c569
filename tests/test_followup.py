"""Follow-up questions completed from the conversation (rag/answer/followup.py), and the CLI's history."""

import json

import pytest

from rag.answer import render as A
from rag.answer.followup import Context, WhichSubject, ask, complete, named, update
from rag.cli import main
from rag.types import Where

PROJECT = "金风科技包头风机总装厂项目"
CTX = Context(PROJECT, "包头稀土高新区")


@pytest.mark.parametrize("question, completed", [
    ("它占地多少？", f"{PROJECT}占地多少？"),
    ("该项目什么时候投产？", f"{PROJECT}什么时候投产？"),
    ("占地多少？", f"{PROJECT}占地多少？"),
    ("那投资呢？", f"{PROJECT}的投资是多少？"),
    ("年产值呢？", f"{PROJECT}的年产值是多少？"),
    ("这个园区有哪些企业？", "包头稀土高新区有哪些企业？"),
    ("它的年產能是多少？", "金風科技包頭風機總裝廠項目的年產能是多少？"),  # the subject in the question's script
    ("and its capacity?", f"What is the capacity of {PROJECT}?"),
    ("How much did it invest?", f"How much did {PROJECT} invest?"),
])
def test_a_question_that_leans_on_the_previous_turn_is_completed(question, completed):
    assert complete(question, CTX) == completed


@pytest.mark.parametrize("question, completed", [
    ("这个园区的污水处理厂日处理能力是多少？", "包头稀土高新区的污水处理厂日处理能力是多少？"),
    ("那投资呢？", f"{PROJECT}的投资是多少？"),
    ("它占地多少？", f"{PROJECT}占地多少？"),  # no character of either script alone: read as Simplified
    ("這個園區的開工率是多少？", "包頭稀土高新區的開工率是多少？"),
])
def test_a_follow_up_is_restated_in_its_own_script_whatever_script_named_the_subject(question, completed):
    assert complete(question, Context("金風科技包頭風機總裝廠項目", "包頭稀土高新區")) == completed


@pytest.mark.parametrize("question", [
    "优康利莱健康产业园项目总投资多少？",  # names its own subject
    "臨港區把審批時間壓縮了多少？",
    "总投资超过10亿元的项目有几个？",  # an aggregate question, not a follow-up
    "哪个项目总投资最大？",
    "How much is the total investment of 星河新能源电池项目?",
    "What is the general public budget revenue of Baotou?",
])
def test_a_question_with_its_own_subject_is_never_rewritten(question):
    assert complete(question, CTX) is None


def test_nothing_is_completed_without_a_subject_and_the_context_follows_the_names():
    assert complete("它占地多少？", Context()) is None
    ctx = update(Context(), "金风科技包头风机总装厂项目总投资多少？")
    assert ctx.subject == PROJECT and ctx.zone is None
    ctx = update(ctx, "它占地多少？")  # a follow-up keeps the subject
    assert ctx.subject == PROJECT
    ctx = update(ctx, "臨港區把審批時間壓縮了多少？")
    assert ctx == Context("臨港區", "臨港區")
    assert named("哪个区的项目最多？") == (None, None)  # a question phrase is no subject


def test_rag_ask_completes_from_a_history_file_and_jsonl_sessions(corpus, fake, tmp_path, capsys, monkeypatch):
    import io

    from rag.build import build_index

    build_index(corpus, tmp_path / "idx", fake, progress=False)
    park_index = tmp_path / "idx"

    history = tmp_path / "history.txt"
    history.write_text("金风科技包头风机总装厂项目总投资多少？\n", encoding="utf-8")
    assert main(["ask", "它占地多少？", "--index", str(park_index), "--history", str(history), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["question"] == "它占地多少？" and out["understood_as"] == f"{PROJECT}占地多少？"
    assert main(["ask", "它占地多少？", "--index", str(park_index), "--history", str(history), "--json",
                 "--no-follow-up"]) == 0
    assert json.loads(capsys.readouterr().out)["understood_as"] is None
    history.write_text("金風科技包頭風機總裝廠項目總投資多少？\n", encoding="utf-8")  # a Traditional turn
    assert main(["ask", "它占地多少？", "--index", str(park_index), "--history", str(history), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["understood_as"] == f"{PROJECT}占地多少？"
    lines = ["金风科技包头风机总装厂项目总投资多少？",
             json.dumps({"question": "臨港區把審批時間壓縮了多少？", "session": "b"}, ensure_ascii=False),
             "它占地多少？", json.dumps({"question": "這個區的開工率是多少？", "session": "b"}, ensure_ascii=False)]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--jsonl", "--index", str(park_index)]) == 0
    got = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [g["understood_as"] for g in got] == [None, None, f"{PROJECT}占地多少？", "臨港區的開工率是多少？"]
    assert main(["ask", "它占地多少？", "--index", str(park_index), "--history", str(tmp_path / "none")]) == 2


def _unanswered(*args, **options):
    raise AssertionError("a follow-up without a subject must not be answered")


@pytest.mark.parametrize("question, lang, reply", [
    ("那投资呢？", "Hans", "请问指的是哪个项目或园区？"),
    ("它占地多少？", "Hans", "请问指的是哪个项目或园区？"),
    ("這個園區的開工率是多少？", "Hant", "請問指的是哪個項目或園區？"),
    ("and its capacity?", "en", "Which project or park do you mean?"),
])
def test_a_follow_up_with_no_earlier_subject_asks_which_one_is_meant(question, lang, reply):
    ans, ctx = ask(_unanswered, None, None, question, Context())
    assert isinstance(ans, WhichSubject) and ans.needs_subject and (ans.answer, ans.lang) == (reply, lang)
    assert ans.short_answer is None and ans.citations == ans.related == [] and ans.understood_as is None
    assert ctx == Context()


def test_a_subjectless_question_is_answered_when_not_following_or_kept_to_chosen_documents():
    def answered(index, embedder, question, **options):
        return A.Answer(question, "答案", "1", False, [], [], [], {})

    for follow, where in ((False, None), (True, Where(frozenset({"a.txt"})))):
        ans, _ = ask(answered, None, None, "那投资呢？", Context(), follow, where=where)
        assert not isinstance(ans, WhichSubject) and ans.short_answer == "1"
    ans, _ = ask(answered, None, None, "金风科技包头风机总装厂项目总投资多少？", Context())
    assert ans.short_answer == "1"  # names its own subject


def test_rag_ask_asks_which_subject_in_a_jsonl_session_and_after_a_history_without_one(corpus, fake, tmp_path,
                                                                                        capsys, monkeypatch):
    import io

    from rag.build import build_index

    build_index(corpus, tmp_path / "idx", fake, progress=False)
    index = str(tmp_path / "idx")
    lines = ["那投资呢？", json.dumps({"question": "and its capacity?", "session": "b"}), "臨港區把審批時間壓縮了多少？",
             "那投资呢？"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--jsonl", "--index", index]) == 0
    got = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [g.get("needs_subject", False) for g in got] == [True, True, False, False]
    assert got[0]["answer"] == "请问指的是哪个项目或园区？" and got[0]["short_answer"] is None
    assert got[1]["answer"] == "Which project or park do you mean?" and got[1]["citations"] == []
    assert got[3]["understood_as"] == "临港区的投资是多少？"
    history = tmp_path / "history.txt"
    history.write_text("有哪些新闻？\n", encoding="utf-8")
    assert main(["ask", "那投资呢？", "--index", index, "--history", str(history)]) == 0
    assert capsys.readouterr().out.strip() == "请问指的是哪个项目或园区？"
    assert main(["ask", "那投资呢？", "--index", index, "--json"]) == 0  # one question, no conversation
    assert "needs_subject" not in json.loads(capsys.readouterr().out)
