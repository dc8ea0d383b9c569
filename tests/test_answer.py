import json
import re

import pytest

from rag.answer import compose as A
from rag.answer import evidence as EV
from rag.answer import question as Q
from rag.answer import render as RE
from rag.answer import retrieve as RT
from rag.answer.english import chinese_terms
from rag.build import build_index
from rag.cli import main
from rag.errors import QuestionError
from rag.index import load_index
from rag.textnorm import detect_script, match_form

PARK = (
    "示例高新区重大项目建设提速\n2024-04-02 来源：示例日报\n"
    "今年，示例高新区计划实施重大项目42个，总投资318.5亿元，当年计划投资96亿元。\n"
    "其中，锦程新材料项目总投资12.6亿元，占地面积150亩，建成后年产能5万吨，预计年产值30亿元。\n"
    "锦程新材料项目由华北锦程集团投资建设，项目负责人是李明。\n"
    "园区主攻新材料、高端装备制造、生物医药三大主导产业。\n"
    "一季度，园区重点项目开工率达91.7%，同比增长12.5%。\n"
    "示例高新区位于包头市，是国家级高新区。\n"
)


@pytest.fixture
def park_index(tmp_path, fake, corpus):
    (corpus / "park.txt").write_text(PARK, encoding="utf-8")
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    return load_index(tmp_path / "idx")


@pytest.mark.parametrize("question,kind", [
    ("锦程新材料项目总投资是多少？", "figure"),
    ("项目占地多少亩？", "figure"),
    ("開工率是多少？", "figure"),
    ("项目何时开工？", "date"),
    ("项目负责人是谁？", "person"),
    ("园区主攻哪三大主导产业？", "list"),
    ("哪些企业已经落户？", "list"),
    ("锦程新材料项目的投资方是哪家公司？", "entity"),
    ("How much is the total investment?", "figure"),
    ("What is the total investment of the Lanwan project?", "figure"),  # a quantity named after what is
    ("What was the 2022 operating revenue of the park?", "figure"),
    ("What is the name of the investor?", "entity"),
    ("Who is the project leader?", "person"),
    ("Who was the bureau's director when the park opened?", "person"),  # who asks; when only dates it
    ("When did the project break ground?", "date"),
])
def test_question_kind(question, kind):
    assert Q.question_kind(match_form(question).lower()) == kind


def test_language_of_question():
    assert Q.question_language("總投資是多少？") == "Hant"
    assert Q.question_language("总投资是多少？") == "Hans"
    assert Q.question_language("What is the total investment?") == "en"
    assert Q.question_language("How much is the total investment of 星河新能源电池项目?") == "en"
    assert Q.question_language("5GW项目的总投资是多少？") == "Hans"  # a Chinese question with a Latin term
    assert Q.question_language("AI产业园 GDP是多少") == "Hans"
    assert Q.question_language("《This Is Where I Came In》是Bee Gees的第几张专辑？") == "Hans"


@pytest.mark.parametrize("question,unit", [
    ("占地多少亩？", "亩"), ("用了多少天？", "天"), ("能实现多少年销售额？", None),
    ("用了多长时间？", "时间"), ("总投资多少亿元？", "亿元"),
])
def test_unit_asked_for(park_index, question, unit):
    assert Q.analyze(park_index, question).unit == unit


def test_figure_next_to_the_named_metric_wins(park_index):
    sentence = "锦程新材料项目总投资12.6亿元，占地面积150亩，建成后年产能5万吨，预计年产值30亿元。"
    for question, expected in [("锦程新材料项目总投资是多少？", "12.6亿元"), ("项目占地多少亩？", "150亩"),
                               ("年产能是多少？", "5万吨"), ("预计年产值多少？", "30亿元")]:
        fig, fit = EV.best_figure(Q.analyze(park_index, question), sentence)
        assert fig is not None and fig.text == expected, question


def test_sentence_scoring_prefers_the_answering_sentence(park_index, fake):
    ans = A.answer_question(park_index, fake, "锦程新材料项目的年产能是多少？")
    assert not ans.abstained
    assert ans.short_answer == "5万吨"
    assert "5万吨" in ans.citations[0].quote
    ans = A.answer_question(park_index, fake, "园区重点项目开工率达到了多少？")
    assert ans.short_answer == "91.7%"


def test_list_question_gets_the_list(park_index, fake):
    ans = A.answer_question(park_index, fake, "园区主攻哪三大主导产业？")
    assert ans.short_answer == "新材料、高端装备制造、生物医药"


def _quoted_pieces(ans):
    """The answer text without labels and citation markers, as (piece, n) pairs."""
    body = ans.answer.split("\n", 1)[1] if ans.short_answer else ans.answer
    return [(m.group(1).strip(), int(m.group(2))) for m in re.finditer(r"(.+?)\[(\d+)\]", body)]


@pytest.mark.parametrize("question", [
    "锦程新材料项目总投资是多少？", "錦程新材料項目佔地多少畝？", "臨港區把審批時間壓縮了多少？",
    "优康利莱健康产业园项目总投资多少？", "园区主攻哪三大主导产业？",
])
def test_no_answer_text_outside_the_cited_spans(park_index, fake, question):
    check_quotes_are_cited(park_index, A.answer_question(park_index, fake, question))


def check_quotes_are_cited(park_index, ans):
    """An answer holds nothing but its labels and its citations' text, in order (either answer path)."""
    assert not ans.abstained
    pieces = _quoted_pieces(ans)
    assert [n for _, n in pieces] == [c.n for c in ans.citations]
    for (piece, n), cite in zip(pieces, ans.citations):
        doc = next(d for d in park_index.documents.values() if d.name == cite.doc)
        assert doc.text[cite.start:cite.end] == cite.quote
        # Character by character, up to the script conversion.
        assert match_form(piece) == match_form(cite.quote)
    if ans.short_answer:
        head = ans.answer.split("\n", 1)[0]
        label = RE.LABELS[ans.lang]["answer"]
        assert head == f"{label}{head[len(label):]}" and head.endswith(" [1]")
        assert match_form(ans.short_answer) in match_form(ans.citations[0].quote)


def test_answer_script_follows_the_question(park_index, fake):
    trad = A.answer_question(park_index, fake, "錦程新材料項目總投資是多少？")  # source is Simplified
    assert trad.lang == "Hant" and detect_script(trad.answer) == "Hant"
    assert "12.6億元" in trad.answer or "12.6亿元" in trad.answer
    simp = A.answer_question(park_index, fake, "临港区把审批时间压缩了多少？")  # source is Traditional
    assert simp.lang == "Hans" and detect_script(simp.answer) == "Hans"
    assert "60%以上" in simp.answer
    # Citations keep pointing at the original text.
    assert detect_script(simp.citations[0].quote) == "Hant"


def test_english_question_gets_english_labels(park_index, fake):
    ans = A.answer_question(park_index, fake, "How much is the total investment of the Jincheng project?")
    assert ans.lang == "en"
    assert ans.answer.startswith(("Answer: ", RE.LABELS["en"]["none"]))


def test_pinyin_finds_corpus_names(park_index):
    assert "包头" in chinese_terms(park_index, "Where in Baotou is the zone?")
    assert chinese_terms(park_index, "total investment") == ["总投资"]


def test_dictionary_translates_words_the_glossary_lacks(park_index):
    # 负责人 is glossed "person in charge" in CC-CEDICT; the glossary has no entry for it.
    assert "负责人" in chinese_terms(park_index, "Who is the person in charge of the Jincheng project?")
    # A translation the corpus does not hold is no search word (不平等 is in no document),
    # and words of no content (who, is, the) are not translated.
    assert chinese_terms(park_index, "Who is the inequality?") == []


def test_dictionary_is_read_from_its_cached_copy_as_parsed(tmp_path, monkeypatch):
    from rag import cedict

    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path))
    (tmp_path / "cedict-1-5-6.marshal").write_bytes(b"a copy of a package since reinstalled")
    cedict.dictionary.cache_clear()
    try:
        first = cedict.dictionary()  # parsed, its copy written and the stale one removed
        (copy,) = tmp_path.glob("cedict-*.marshal")
        cedict.dictionary.cache_clear()
        assert cedict.dictionary() == first and "海门" in first.places
        copy.write_bytes(b"\x00damaged")  # a damaged copy is parsed again, not an error
        cedict.dictionary.cache_clear()
        assert cedict.dictionary() == first
    finally:
        cedict.dictionary.cache_clear()


def test_off_topic_question_abstains(park_index, fake):
    for question in ["特斯拉的股价是多少？", "火星上有多少座城市？", "What is the population of Paris?"]:
        ans = A.answer_question(park_index, fake, question)
        assert ans.abstained, question
        assert ans.citations == [] and ans.short_answer is None
        # "not found", or what the documents lack: 资料中没有提到特斯拉 (the verification stage)
        first = ans.answer.splitlines()[0]
        assert first == RE.LABELS[ans.lang]["none"] or first.startswith(("资料中没有提到", "资料提到了",
                                                                       "The documents")), first


def test_duplicate_sentences_are_not_both_quoted():
    assert EV.same_content("项目总投资12.6亿元，占地150亩。", "据悉，项目总投资12.6亿元，占地150亩。")
    assert not EV.same_content("项目总投资12.6亿元。", "园区开工率达91.7%。")


def test_cli_ask_json_and_jsonl(park_index, capsys, monkeypatch):
    index_dir = str(park_index.folder.parent)
    assert main(["ask", "锦程新材料项目总投资是多少？", "--index", index_dir, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"question", "answer", "short_answer", "abstained", "citations", "retrieved",
                        "timings_ms"}
    assert set(out["citations"][0]) == {"n", "doc", "title", "date", "outlet", "start", "end", "quote", "page",
                                        "byline"}
    assert len(out["retrieved"]) >= min(5, len(park_index.chunks))
    assert set(out["retrieved"][0]) == {"doc", "chunk_id", "score", "text"}
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("总投资是多少？\n\n{\"question\": \"占地多少亩？\"}\n"))
    assert main(["ask", "--jsonl", "--index", index_dir]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["question"] for line in lines] == ["总投资是多少？", "占地多少亩？"]


def test_cli_ask_needs_exactly_one_source_of_questions(park_index, capsys):
    assert main(["ask", "--index", str(park_index.folder.parent)]) == 2
    assert "either a question or --jsonl" in capsys.readouterr().err


@pytest.mark.parametrize("question,sentence,span", [
    ("《战国无双3》是由哪两个公司合作开发的？", "《战国无双3》是由光荣和ω-force合作开发的动作游戏。", "光荣和ω-force"),
    ("莱索托哪一年独立？", "莱索托于1966年独立，成为君主立宪国家。", "1966年"),
    ("法国的首都是哪里？", "法国的首都是巴黎，也是最大城市。", "巴黎"),
    ("投资方是哪家公司？", "该项目的投资方是深圳邦德复合材料制品有限公司，总投资5亿元。", "深圳邦德复合材料制品有限公司"),
    ("園區黨工委書記是誰？", "园区党工委书记孙日清介绍说。", "孙日清"),
    # a name of two characters before a verb of two, or of three that the segmenter cut after one
    ("区委书记是谁？", "区委书记邢翔表示，将加快建设。", "邢翔"),
    ("县长是谁？", "县委副书记、县长崔竹君主持开工仪式。", "崔竹君"),
    ("县委书记是谁？", "县委书记蒲国致辞。", "蒲国"),
    ("火星上有什么？", "法国的首都是巴黎。", None),
])
def test_short_answer_stands_where_the_question_word_stands(park_index, question, sentence, span):
    assert A.aligned_span(Q.analyze(park_index, question), sentence) == span


def test_document_filter_and_script_choice(park_index, fake):
    ans = A.answer_question(park_index, fake, "总投资是多少？", where=RT.scope(park_index, ["b.txt"]))
    assert {r["doc"] for r in ans.retrieved} == {"b.txt"}
    assert all(c.doc == "b.txt" for c in ans.citations + ans.related)
    ans = A.answer_question(park_index, fake, "锦程新材料项目总投资是多少？", script="Hant")
    assert ans.lang == "Hant" and detect_script(ans.answer) == "Hant"
    assert ans.citations[0].quote in PARK  # the citation keeps the original text


def test_short_answer_is_in_the_script_of_the_answer_text(park_index, fake):
    ans = A.answer_question(park_index, fake, "錦程新材料項目總投資是多少？")  # the source is Simplified
    assert ans.short_answer == "12.6億元" and ans.answer.startswith(f"答案：{ans.short_answer} [1]")


def test_answers_and_search_keep_to_the_documents_dated_in_range(corpus, tmp_path, fake, capsys):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    index = load_index(tmp_path / "idx")
    def left(where):  # the documents whose chunks a scope leaves
        return {index.documents[index.chunks[r].doc_id].name for r in index.table.chunk_rows(where)}

    assert RT.scope(index) is None and left(RT.scope(index, ["b.txt"])) == {"b.txt"}
    assert left(RT.scope(index, since="2024")) == {"a.txt"}  # 2024-03-18; c.md has no date
    assert left(RT.scope(index, until="2022-05")) == {"b.txt"}  # a month covers all of it (2022-05-28)
    assert left(RT.scope(index, since="2022-05-28", until="2024-03-18")) == {"a.txt", "b.txt"}
    assert left(RT.scope(index, ["a.txt", "c.md"], until="2024")) == {"a.txt"}
    with pytest.raises(QuestionError, match="YYYY-MM"):
        RT.scope(index, since="2024/03")
    with pytest.raises(QuestionError, match="no indexed document is named nowhere.txt"):
        RT.scope(index, ["a.txt", "nowhere.txt"], since="2024")  # not just left out of the range
    with pytest.raises(QuestionError, match="no document is dated from 2025 .*2 of the 3 documents carry a date"):
        RT.scope(index, since="2025")
    ans = A.answer_question(index, fake, "开工率是多少？", where=RT.scope(index, until="2023"))
    assert {r["doc"] for r in ans.retrieved} == {"b.txt"}
    folder = str(tmp_path / "idx")
    assert main(["search", "开工率", "--index", folder, "--since", "2024", "--json"]) == 0
    assert {h["doc"] for h in json.loads(capsys.readouterr().out)["hits"]} == {"a.txt"}
    assert main(["ask", "开工率是多少？", "--index", folder, "--until", "2022", "--json"]) == 0
    assert {c["doc"] for c in json.loads(capsys.readouterr().out)["citations"]} <= {"b.txt"}
    for args, says in ((["--since", "May 2024"], "is not a date"), (["--doc", "nowhere.txt"], "--doc nowhere.txt"),
                       (["--doc", "c.md", "--since", "2020"], "no chosen document is dated"),
                       (["--doc", "nowhere.txt", "--since", "2020"], "--doc nowhere.txt")):
        assert main(["ask", "开工率是多少？", "--index", folder, *args]) == 2
        assert says in capsys.readouterr().err


def test_a_word_the_corpus_writes_in_part_is_not_unknown():
    class Stats:  # the corpus holds 成都 (as its documents write 成都), not 成都市 or 经信局
        def doc_freq(self, t):
            return int(t in {"成都", "总工程师"})

    tokens = {"成都": 2.4, "都市": 4.3, "成都市": 4.3, "经信局": 4.3, "总工程师": 2.7}
    # the segmenter's overlapping pieces of 成都市 are known through 成都; 经信局 is not
    assert Q._known("成都市", tokens, Stats()) and Q._known("都市", tokens, Stats())
    assert not Q._known("经信局", tokens, Stats())


def test_an_english_question_ranks_sentences_more_by_their_similarity_to_it():
    """Its words reach the sentences through translations: the sentence most like the question wins
    over one that only shares a translated word, and keeps the score a Chinese question gives it."""
    from types import SimpleNamespace

    import numpy as np

    from rag.answer import evidence
    from rag.answer.question import Question
    from rag.types import Chunk, Document, Hit, Sentence

    texts = ["青岚港去年吞吐量创新高。", "港区码头由北辰集团运营。"]
    doc = Document("d", "d.txt", "".join(texts))
    doc.sentences = [Sentence("d", i, 0, 0, t) for i, t in enumerate(texts)]
    vectors = {0: np.array([0.80, 0.6]), 1: np.array([0.95, 0.312])}  # the second is the more like the question
    index = SimpleNamespace(documents={"d": doc}, sentence_vector=lambda doc_id, i: vectors[i])
    hit = Hit(Chunk("c", "d", 0, 0, 0, "", 0, 1), 1.0, 0)

    def ranked(lang: str) -> list[evidence.Candidate]:
        q = Question("q", lang, "other", "", "", {"青岚港": 1.0})
        cands = [evidence.Candidate(s, hit) for s in doc.sentences]
        evidence.score(index, q, np.array([1.0, 0.0]), cands)
        return sorted(cands, key=lambda c: -c.score)

    assert ranked("Hans")[0].sentence.index == 0  # the word the question names decides
    english = ranked("en")
    assert english[0].sentence.index == 1
    assert english[0].score == evidence.combine(english[0])
