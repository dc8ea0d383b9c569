"""Cited extractive answers read by the trained reader (``rag ask --reader``; the rule-based path of
``rag/answer/combined.py`` is the default: README, "Answer paths").

A question is retrieved for, and the sentences of the retrieved chunks are ranked by the rules'
sentence scores (``rag.answer.score``). The best few grow into reading windows (each with its
neighbours); the trained reader (``rag/answer/reader.py``) picks the answer span of each window and
scores "no answer". The best span is the short answer, its sentence the first quote, and up to two
sentences of the other windows support it; or the answer says "not found". Nothing is generated:
apart from the fixed labels, every character shown is copied from a source sentence (converted to
the question's script by OpenCC).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from ..figures import find_figures
from ..index import Index
from ..textnorm import match_form
from ..types import Hit, Where
from .evidence import Candidate, candidates, has_evidence, same_content, score
from .question import Question
from .render import LABELS, Answer, Citation, byline_of, in_script, retrieved_rows
from .retrieve import retrieve
from .byline import from_byline
from .table import cross_check, from_table
from .verify import DEFAULT_VERIFY, Asked, Verdict, VerifySettings, asked, evidence_verdict, not_found_text


@dataclass(frozen=True)
class AnswerSettings:
    """Every tuned number of the reader's answer path, with its evidence (README, "The reader").
    Written into every eval report."""

    # Every number below was set by bench/calibrate_reader.py on the 547 held-out training
    # questions, never on the evaluation sets (README, "The reader"): the windows, the span
    # ranking and the figure options from one reading at 4 windows (calibration-windows.json), the
    # threshold and confidence at the shipped 3 with the shipped (fourth-stage) reader, on 400 of
    # the held-out questions of all four training sets (calibration-stage4.json); the window length
    # on 200 of them with the first reader (calibration-grid-200q.json).
    # Passages retrieved (the UI's slider); all of their sentences compete for a window.
    passages: int = 8
    # Windows the reader reads, around the sentences the rules rank best. Held-out short F1 at the
    # threshold 0.554 / 0.558 / 0.558 for 2 / 3 / 4 windows, abstention accuracy 0.914 / 0.909 /
    # 0.897, answer accuracy 0.788 / 0.808 / 0.812; a window costs about 15 ms on 2 cores.
    windows: int = 3
    # A window is a sentence grown by its neighbours up to this many characters (the reader was
    # trained on windows of 40-200 characters). Held-out F1 0.491 at 120 characters, 0.493 at 200.
    window_chars: int = 200
    # Abstain when the best span beats the reader's "no answer" score by less than this: of the
    # thresholds whose false abstention stays within 0.08 (issue 11's budget), the one that
    # abstains most often on unanswerable questions (0.824, false abstention 0.074, with the
    # fourth-stage reader; calibration-stage4.json).
    no_answer_margin: float = -1.276
    # Spans of different windows are ranked by margin + w_window * the window's sentence score
    # (reader and retrieval evidence combined, as BERTserini does). Held-out short F1 with every
    # question answered at 3 windows: 0.572 at 0, 0.575 at 4 (0.490, 0.499 and 0.501 at 0, 4, 8
    # with the first reader).
    w_window: float = 4.0
    # The confidence shown is sigmoid(confidence_a * margin + confidence_b): the logistic fit of
    # "the short answer is right (F1 >= 0.5)" to the margin, over the answers shown at the threshold.
    confidence_a: float = 0.256
    confidence_b: float = -1.038
    # Abstain when at least this share of the question's (idf-weighted) words appears in no chunk
    # at all: the documents never mention what it is about (特斯拉, 人口).
    max_unknown: float = 0.5
    # Quotes: the answer's sentence, then up to two that support it (``compose``).
    max_quotes: int = 3
    max_quote_chars: int = 200  # after the first sentence
    # Also abstain when the best span's sentence fails the rules' evidence check
    # (``rag.answer.has_evidence``: too few of the question's words around it, or no figure for a
    # figure question). Off: within the same false-abstention budget it abstains a little more
    # often (0.914 against 0.897) but short F1 falls 0.576 -> 0.571, on figure questions
    # 0.732 -> 0.566 (third-stage reader); with the fourth, 0.863 against 0.824, F1 0.621 -> 0.607.
    evidence_check: bool = False
    # For a figure question (多少, 几, how much), the short answer is the whole figure the span
    # touches: its number with its unit and qualifier, without the words around it. Held-out
    # short F1 of the 49 figure questions 0.655 -> 0.702. The fourth-stage reader does without it
    # on Wikipedia's 37 held-out figure questions (F1 0.498 against 0.461, with the metric check),
    # not on park reports: in the combined path, figure EM 0.71 -> 0.78 on the near-miss dev
    # split's 129 and 0.76 -> 1.00 on the seeds' 29 (docs/reader.md, "The combined path").
    snap_figure: bool = True
    # For a figure question, each window's answer is its best span that holds a figure, where
    # one of its top 20 spans does (``rag.answer.reader.best_span``). Held-out short F1 of figure
    # questions 0.654 -> 0.722, of all 0.552 -> 0.558 at the threshold.
    figure_spans: bool = True
    # For a figure question that names a metric (总投资), a span whose figure has another metric
    # in its sentence (计划投资70亿元 beside 总投资132亿元), or no figure, gives way to the
    # sentence's figure of the question's metric. Evidence in README, "The reader".
    metric_check: bool = True


DEFAULT_SETTINGS = AnswerSettings()


@dataclass
class ReadAnswer(Answer):
    """An answer of the reader, with how sure it is and where the short answer stands."""

    margin: float | None = None  # the reader's best span score less its "no answer" score
    figure: dict | None = None  # the short answer's figure: text, value, unit, metric
    kind: str = "other"
    # The rules found no sentence covering the question, and the reader answered from the best
    # candidates (the combined path's rescue, rag/answer/combined.py).
    rescued: bool = False


@dataclass
class Window:
    """What the reader reads: consecutive sentences of one document around a candidate."""

    doc_id: str
    start: int
    end: int
    text: str
    cand: Candidate  # the sentence it grew from, with the rules' scores

    @property
    def score(self) -> float:
        return self.cand.score


def windows_for(index: Index, ranked: list[Candidate], s: AnswerSettings) -> list[Window]:
    """Up to ``s.windows`` windows around the best sentences: each grows by the previous, then the
    next sentence if it fits ``s.window_chars``; no sentence is read twice."""
    out: list[Window] = []
    covered: set[tuple[str, int]] = set()
    for cand in ranked:
        if len(out) == s.windows:
            break
        sent = cand.sentence
        if (sent.doc_id, sent.index) in covered:
            continue
        sents = index.documents[sent.doc_id].sentences
        i = j = sent.index
        for k in (i - 1, j + 1):
            if (0 <= k < len(sents) and (sent.doc_id, k) not in covered
                    and max(sents[j].end, sents[k].end) - min(sents[i].start, sents[k].start) <= s.window_chars):
                i, j = min(i, k), max(j, k)
        covered.update((sent.doc_id, x) for x in range(i, j + 1))
        text = index.documents[sent.doc_id].text
        out.append(Window(sent.doc_id, sents[i].start, sents[j].end, text[sents[i].start:sents[j].end], cand))
    return out


_READER_LOCK = threading.Lock()


def default_reader():
    """The shipped reader, loaded once per process (also when the first questions come at once)."""
    with _READER_LOCK:
        return _load_reader()


@lru_cache(maxsize=1)
def _load_reader():
    from .reader import Reader

    return Reader()


def reader_for(index: Index):
    """The shipped reader; for an index built by the fake embedder (tests), the fake reader."""
    if index.manifest.get("model_id", "").startswith("fake"):
        from .reader_fake import FakeReader

        return FakeReader()
    return default_reader()


@dataclass
class Reading:
    """A question retrieved for and read: what ``compose`` turns into an answer."""

    q: Question
    hits: list[Hit]
    windows: list[Window]
    spans: list  # the reader's best Span (or None) of each window
    notice: str | None
    timings: dict[str, float]


def read(index: Index, embedder, question: str, k: int | None = None, where: Where | None = None,
         reader=None, settings: AnswerSettings = DEFAULT_SETTINGS) -> Reading:
    """Retrieve ``k`` passages (default ``settings.passages``), rank their sentences with the
    rules' scores (``rag/answer/evidence.py``) and read the windows around the best ``settings.windows``.
    ``where`` (``rag.answer.scope``) restricts the search; ``reader`` defaults to ``reader_for(index)``.
    Raises QuestionError for a question that is empty once cleaned."""
    t0 = time.perf_counter()
    r = retrieve(index, embedder, question, k or settings.passages, where)
    return read_retrieved(index, r, reader, settings, time.perf_counter() - t0)


def read_retrieved(index: Index, r, reader=None, settings: AnswerSettings = DEFAULT_SETTINGS,
                   retrieve_s: float = 0.0) -> Reading:
    """``read`` after retrieval: ``r`` is what ``rag.answer.retrieve`` gave, which took
    ``retrieve_s`` seconds."""
    t1 = time.perf_counter()
    q, hits = r.q, r.hits
    cands = candidates(index, hits)
    score(index, q, r.qvec, cands)
    windows = windows_for(index, sorted(cands, key=lambda c: -c.score), settings)
    # An English question is read with its Chinese search words appended (the same words retrieval
    # uses): the reader saw few English questions (docs/reader.md, "Retraining on 2.8x the data").
    figure = settings.figure_spans and q.kind == "figure"
    spans = (reader or reader_for(index)).read(q.search if q.lang == "en" else q.text,
                                                [w.text for w in windows], figure)
    t2 = time.perf_counter()
    return Reading(q, hits, windows, spans, r.notice, {"retrieve": retrieve_s, "read": t2 - t1})


def answer_question(index: Index, embedder, question: str, k: int | None = None, script: str | None = None,
                    where: Where | None = None, reader=None,
                    settings: AnswerSettings = DEFAULT_SETTINGS, verify: VerifySettings = DEFAULT_VERIFY) -> ReadAnswer:
    """Retrieve, answer from the figure table when it answers the question (``from_table``), else
    read the windows (``read``) and compose a cited extractive answer, or abstain. ``script``
    (Hans or Hant) overrides the question's script for display."""
    t0 = time.perf_counter()
    retrieved = retrieve(index, embedder, question, k or settings.passages, where)
    retrieve_s = time.perf_counter() - t0
    table, why = from_table(index, retrieved.q, script or retrieved.q.lang) if where is None else (None, None)
    table = from_byline(index, retrieved, script or retrieved.q.lang) or table  # who reported a report
    if table is not None:  # before reading: the reader's windows would not be used
        table.timings_ms = {"retrieve": round(retrieve_s * 1e3, 1),
                            "total": round((time.perf_counter() - t0) * 1e3, 1)}
        table.notice = retrieved.notice
        return table
    r = read_retrieved(index, retrieved, reader, settings, retrieve_s)
    t = time.perf_counter()
    ans = compose(index, r.q, r.hits, r.windows, r.spans, script or r.q.lang, settings,
                  asked(r.q.text, r.q.kind, r.q.search, r.q.lang), verify)
    if not ans.abstained and ans.answer_span and ans.figure:
        span = ans.answer_span
        cross_check(index, ans, index.by_name[span["doc"]].doc_id, span["start"], span["end"])
    timings = {**r.timings, "compose": time.perf_counter() - t}
    timings["total"] = sum(timings.values())
    ans.timings_ms = {name: round(v * 1e3, 1) for name, v in timings.items()}
    ans.timings_ms["windows"] = len(r.windows)
    ans.notice = "; ".join(x for x in (r.notice, why) if x) or None
    return ans


def _sentences_over(index: Index, doc_id: str, a: int, b: int) -> tuple[int, int]:
    """The [start, end) of the sentences of ``doc_id`` that the span [a, b) touches."""
    sents = [x for x in index.documents[doc_id].sentences if x.start < b and a < x.end]
    return (sents[0].start, sents[-1].end) if sents else (a, b)


def _cite(index: Index, n: int, doc_id: str, start: int, end: int) -> Citation:
    doc = index.documents[doc_id]
    return Citation(n, doc.name, doc.title, doc.date, doc.outlet, start, end, doc.text[start:end],
                    doc.page_at(start), byline_of(doc))


def confidence(margin: float, s: AnswerSettings) -> float:
    """The probability that the best span is a right answer, from its margin (0..1)."""
    z = s.confidence_a * margin + s.confidence_b
    return 1 / (1 + math.exp(-z)) if z > -700 else 0.0


@dataclass
class Picked:
    """A window's span as the short answer: [a, b) of its document, the sentences it stands in,
    and its figure (text, value, unit, metric) when it holds one."""

    span: object  # the reader's Span (rag/answer/reader.py), kept for its margin
    window: Window
    a: int
    b: int
    sent_start: int
    sent_end: int
    figure: dict | None


def pick(index: Index, q: Question, span, w: Window, s: AnswerSettings) -> Picked:
    """The short answer a window's span gives, after the figure options of ``s``: for a figure
    question the whole figure, and the figure of the metric asked when the span has another."""
    a, b = w.start + span.start, w.start + span.end
    x, y = _sentences_over(index, w.doc_id, a, b)
    doc_text = index.documents[w.doc_id].text
    # The figure the span holds, read in its whole sentence so that the metric before it counts.
    in_sentence = find_figures(doc_text[x:y])
    figs = [f for f in in_sentence if x + f.start < b and a < x + f.end]
    if s.metric_check and q.kind == "figure" and q.metrics:
        where = match_form(q.search)  # the metric asked is the one named last: 固定资产投资同比增长多少
        asked_metric = max(q.metrics, key=lambda m: (where.rfind(m) + len(m), len(m)))
        fits = [f for f in in_sentence if f.metric and (asked_metric in f.metric or f.metric in asked_metric)]
        if fits and any(f in fits for f in figs):
            figs = [f for f in figs if f in fits]  # the span covers the figure asked for, and others
        elif fits:
            f = min(fits, key=lambda f: abs(x + f.start - a))  # the nearest figure of the metric asked
            figs, a, b = [f], x + f.start, x + f.end
    figure = None
    if figs:
        f = max(figs, key=lambda f: min(b, x + f.end) - max(a, x + f.start))
        figure = {"text": f.text, "value": f.value, "unit": f.unit, "metric": f.metric}
        if s.snap_figure and q.kind == "figure":
            a, b = x + f.start, x + f.end
    return Picked(span, w, a, b, x, y, figure)


def _verdict(index: Index, q: Question, asked_parts: Asked, p: Picked, verify: VerifySettings) -> Verdict:
    """The verification stage's verdict on a picked span, in the sentence that holds its start."""
    doc = index.documents[p.window.doc_id]
    sent = next((x for x in doc.sentences if x.start <= p.a < x.end), None)
    if sent is None:
        return Verdict()
    at = (p.a - sent.start, min(p.b, sent.end) - sent.start)
    return evidence_verdict(index, q, asked_parts, sent, at, verify)


def ranked_spans(spans: list, windows: list[Window], s: AnswerSettings = DEFAULT_SETTINGS) -> list[tuple]:
    """The (span, window) pairs where the reader found a span, best first: by its margin plus
    ``s.w_window`` times the window's sentence score (reader and retrieval evidence combined, as
    BERTserini does)."""
    return sorted(((sp, w) for sp, w in zip(spans, windows) if sp is not None and sp.end > sp.start),
                  key=lambda x: -(x[0].margin + s.w_window * x[1].score))


def compose(index: Index, q: Question, hits: list[Hit], windows: list[Window], spans: list,
            lang: str, s: AnswerSettings = DEFAULT_SETTINGS, asked_parts: Asked | None = None,
            verify: VerifySettings = DEFAULT_VERIFY, keep: tuple[str, int, int] | None = None) -> ReadAnswer:
    """The answer from the reader's spans, shown in ``lang`` (Hans, Hant or en): the best span that
    passes the verification stage (``rag.verify``) as the short answer, its sentence as the first
    quote, up to two more sentences in which the reader found an answer; or "not found" with the
    nearest passages and what was missing. ``keep`` (doc_id, start, end) is a sentence quoted
    second whatever its length, when the answer's own is another (the rules' evidence)."""
    labels = LABELS[lang]
    read = ranked_spans(spans, windows, s)
    retrieved = retrieved_rows(index, hits)

    def show(text: str, doc_id: str) -> str:
        return in_script(text, index.documents[doc_id].script, lang)

    best = read[0] if read else None
    margin = best[0].margin if best else -math.inf
    picked, verdict = None, None
    if not (best is None or margin < s.no_answer_margin or q.unknown >= s.max_unknown
            or s.evidence_check and not has_evidence(q, best[1].cand)):
        for sp, w in read:
            if sp.margin < s.no_answer_margin:
                break
            p = pick(index, q, sp, w, s)
            v = _verdict(index, q, asked_parts, p, verify) if asked_parts is not None and verify.on() else Verdict()
            verdict = verdict or v
            if v.ok:
                picked, verdict = p, v
                break
    if picked is None:
        related = []
        for w in windows:
            if len(related) == 3:
                break
            if not any(same_content(w.text, r.quote) for r in related):
                related.append(_cite(index, len(related) + 1, w.doc_id, w.start, w.end))
        first = (not_found_text(index, asked_parts, verdict, lang) if asked_parts is not None
                 else labels["none"])
        lines = [first]
        if related:
            lines.append(labels["related"])
            lines += [f"[{r.n}] {show(r.quote, w.doc_id)}" for r, w in zip(related, windows)]
        refused = verdict is not None and not verdict.ok
        sure = (1.0 if best is None or q.unknown >= s.max_unknown or refused
                else 1 - confidence(margin, s))
        return ReadAnswer(q.text, "\n".join(lines), None, True, [], related, retrieved, {}, lang=lang,
                          missing=list(verdict.missing) if refused else [], confidence=round(sure, 3),
                          margin=round(margin, 3) if best else None, kind=q.kind)
    w, margin, a, b = picked.window, picked.span.margin, picked.a, picked.b
    chosen = [(w.doc_id, picked.sent_start, picked.sent_end)]
    doc_text = index.documents[w.doc_id].text
    if keep is not None and not same_content(index.documents[keep[0]].text[keep[1]:keep[2]],
                                             doc_text[picked.sent_start:picked.sent_end]):
        chosen.append(keep)  # not when the answer's own quote already holds it
    used = 0
    # Supporting quotes, in the rules' order: the sentence of each other window's span where the
    # reader found one, and the rules' best sentence even where it did not.
    for n, (other, sp) in enumerate(zip(windows, spans)):
        if len(chosen) == s.max_quotes:
            break
        if other is w:
            continue
        if sp is not None and sp.end > sp.start and sp.margin >= s.no_answer_margin:
            c = (other.doc_id, *_sentences_over(index, other.doc_id, other.start + sp.start, other.start + sp.end))
        elif n == 0:
            c = (other.doc_id, other.cand.sentence.start, other.cand.sentence.end)
        else:
            continue
        text = index.documents[c[0]].text[c[1]:c[2]]
        if used + len(text) > s.max_quote_chars or any(
                same_content(text, index.documents[d].text[x:y]) for d, x, y in chosen):
            continue
        chosen.append(c)
        used += len(text)
    citations = [_cite(index, n + 1, d, x, y) for n, (d, x, y) in enumerate(chosen)]
    short = show(index.documents[w.doc_id].text[a:b], w.doc_id)
    body = " ".join(f"{show(c.quote, d)}[{c.n}]" for c, (d, _, _) in zip(citations, chosen))
    return ReadAnswer(q.text, f"{labels['answer']}{short} [1]\n{body}", short, False, citations, [],
                      retrieved, {}, lang=lang, confidence=round(confidence(margin, s), 3),
                      margin=round(margin, 3), figure=picked.figure,
                      answer_span={"doc": index.documents[w.doc_id].name, "start": a, "end": b}, kind=q.kind)
