"""The answer gate (`rag/answer/gate.py`): an answer quoted from a document that does not hold the
question is refused; one from a document that does is kept at the same reader margin."""

from rag.answer import gate as G
from rag.answer.question import analyze
from tests.test_answer import park_index  # noqa: F401 - the same synthetic report


def test_longest_shared_run():
    assert G.longest_shared("锦程新材料项目总投资", "其中，锦程新材料项目总投资12.6亿元") == 10
    assert G.longest_shared("云杉湾新区", "锦程新材料") == 1  # 新
    assert G.longest_shared("云杉湾", "锦程新材料") == 0
    assert G.longest_shared("", "x") == 0


def _sentence(index, text):
    doc = index.by_name["park.txt"]
    start = index.documents[doc.doc_id].text.index(text)
    return doc.doc_id, start, start + len(text)


def test_a_document_that_holds_the_question_scores_above_one_that_does_not(park_index):
    where = _sentence(park_index, "其中，锦程新材料项目总投资12.6亿元")
    held = G.features(park_index, analyze(park_index, "锦程新材料项目总投资是多少？"), *where, 0.0, 1.2)
    # At a middling reader margin, the same sentence quoted for a zone the corpus never names: few of
    # the question's words in it.
    lacked = G.features(park_index, analyze(park_index, "云杉湾生态城光伏基地一期总投资多少？"), *where, 0.0, 1.2)
    assert held["doc_cov"] > lacked["doc_cov"] and held["lcs_doc"] > lacked["lcs_doc"]
    assert held["lcs_near"] >= 10 and held["title_in_q"] == lacked["title_in_q"] == 0.0
    assert G.passes(held, G.DEFAULT_GATE) and not G.passes(lacked, G.DEFAULT_GATE)


def test_the_question_naming_the_documents_title_counts(park_index):
    where = _sentence(park_index, "其中，锦程新材料项目总投资12.6亿元")
    titled = G.features(park_index, analyze(park_index, "示例高新区重大项目建设提速，锦程新材料项目总投资多少？"),
                        *where, 0.0, 1.2)
    assert titled["title_in_q"] == 1.0
    assert G.gate_score(titled, G.DEFAULT_GATE) > G.gate_score(dict(titled, title_in_q=0.0), G.DEFAULT_GATE)


def test_the_margin_is_capped():
    f = dict.fromkeys(G.FEATURES, 0.0)
    assert G.gate_score(dict(f, margin=G.MARGIN_CAP), G.DEFAULT_GATE) > G.gate_score(f, G.DEFAULT_GATE)
