"""The combined answer path: the rules choose the evidence and decide whether there is an answer,
the trained reader picks the answer span in that evidence, and the verification stage checks it.

retrieve → score sentences (``rag.answer.evidence``) → the rules' verified answer, or "not found" → the
reader reads the rules' sentence and those scoring within ``evidence_margin`` of it, each with its
neighbours (``rag.answer.read``) → its spans are ranked by their margin plus the sentence's score, as
BERTserini combines reader and retriever → the best span that passes verification is the short
answer, its sentence the first quote. When the reader finds no span that passes, the rules'
answer stands. The reader can also rescue a "not found" the rules give for want of evidence (an
answer when its span is well above its "no answer" score and passes verification); its threshold
and the confidence are set on tuning sets by bench/calibrate_combined.py. Last, the answer gate
(``rag.answer.gate``) refuses an answer quoted from a document that does not hold the question.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, fields, replace

from ..errors import QuestionError
from ..index import Index
from ..types import Where
from .compose import answer_retrieved
from .read import DEFAULT_SETTINGS as READER_SETTINGS
from .read import AnswerSettings, ReadAnswer, compose, ranked_spans, reader_for, windows_for
from .render import Answer
from .retrieve import retrieve
from .byline import from_byline
from .gate import DEFAULT_GATE, GateSettings, features, passes
from .table import cross_check, from_table
from .verify import DEFAULT_VERIFY, VERIFY_MARGIN, VerifySettings, asked, not_found_text


@dataclass(frozen=True)
class CombinedSettings:
    """The combined path's tuned numbers, with their evidence (docs/reader.md, "The combined path")."""

    # The reader reads only sentences the rules score within this of the sentence they answer
    # from: the same margin within which verification may replace the best sentence.
    evidence_margin: float = VERIFY_MARGIN
    # The tuning sets are the near-miss dev split and 400 held-out training questions, with all
    # their articles indexed and with half (bench/results/calibration-combined.json).
    # The confidence shown is sigmoid(a * margin + b * evidence score + c): the logistic fit of "the
    # answer holds a gold answer" over the tuning sets' answers.
    confidence_margin: float = 0.208
    confidence_evidence: float = 0.617
    confidence_bias: float = -0.268
    # When the rules find no sentence that covers the question (too few of its words around the
    # best one: a lexical test that misses paraphrase and English questions) and verification
    # refused nothing, the reader answers from the best candidates if its best span beats "no
    # answer" by at least this and passes verification: the margin that answers most tuning
    # questions right while abstention on none of the tuning sets' unanswerables falls by over 1%
    # (held-out answer accuracy 0.855 -> 0.863, false abstention 0.030 -> 0.023).
    rescue_margin: float = 1.443
    # How the reader reads (windows, window length, span ranking, figure options): the reader
    # path's settings, set on held-out training questions.
    reader: AnswerSettings = READER_SETTINGS
    # Windows read for an English question instead of ``reader.windows``: its words reach the
    # sentences only through translations and e5, so the sentence scores separate the candidates
    # less and the reader is the better judge of more of them. On 300 English twins of training
    # articles (tuning only) answer accuracy at 3 / 4 / 5 / 6 / 8 windows: 0.710 / 0.723 / 0.740 /
    # 0.743 / 0.740, reading time p50 41 / 47 / 57 / 74 ms.
    english_windows: int = 6
    # The answer gate's fit (rag.answer.gate), which replaced a "not found" on the reader's margin alone.
    gate: GateSettings = DEFAULT_GATE


DEFAULT_COMBINED = CombinedSettings()


def answer_question(index: Index, embedder, question: str, k: int | None = None, script: str | None = None,
                    where: Where | None = None, reader=None, settings: CombinedSettings = DEFAULT_COMBINED,
                    verify: VerifySettings = DEFAULT_VERIFY) -> Answer:
    """Retrieve, answer from the figure table when it answers the question, else the rules' verified
    evidence read by the reader (module docstring); a cited extractive answer or "not found".
    ``script`` (Hans or Hant) overrides the question's script for display; ``where`` (``rag.answer.scope``)
    restricts the search. Raises QuestionError for a question that is empty once cleaned."""
    t0 = time.perf_counter()
    r = retrieve(index, embedder, question, k or settings.reader.passages, where)
    lang = script or r.q.lang
    table, why = from_table(index, r.q, lang) if where is None else (None, None)
    table = from_byline(index, r, lang) or table  # who reported a report: its byline, not a sentence
    notice = "; ".join(x for x in (r.notice, why) if x) or None
    if table is not None:
        table = _as_read(table, None, r.q.kind)
        table.timings_ms = {"total": round((time.perf_counter() - t0) * 1e3, 1)}
        table.notice = r.notice
        return table
    t1 = time.perf_counter()
    rules, cands, best = answer_retrieved(index, r, lang, verify)
    t2 = time.perf_counter()
    if best is not None:
        ans = _read(index, r, rules, cands, best, lang, reader, settings, verify)
    elif rules.missing or not cands or settings.rescue_margin == math.inf:
        ans = _as_read(rules, None, r.q.kind)
    else:
        ans = _rescue(index, r, rules, cands, lang, reader, settings, verify)
    if verify.gate:
        ans = _gated(index, r.q, ans, lang, settings.gate)
    t3 = time.perf_counter()
    ans.timings_ms = {"retrieve": round((t1 - t0) * 1e3, 1), "score": round((t2 - t1) * 1e3, 1),
                      "read": round((t3 - t2) * 1e3, 1), "total": round((t3 - t0) * 1e3, 1)}
    ans.notice = notice
    return ans


def _read(index: Index, r, rules: Answer, cands: list, best, lang: str, reader,
          settings: CombinedSettings, verify: VerifySettings) -> ReadAnswer:
    """The rules' answer (from candidate ``best``) with its short answer read by the reader. Every
    outcome carries the margin of the reader's best-ranked span."""
    q = r.q
    evidence = [best] + sorted((c for c in cands if c is not best and c.score >= best.score - settings.evidence_margin),
                               key=lambda c: -c.score)
    windows = windows_for(index, evidence, _reads(q, settings))
    spans, margin = _reading(q, windows, reader or reader_for(index), settings)
    a = asked(q.text, q.kind, q.search, q.lang)
    s = replace(settings.reader, no_answer_margin=-math.inf, max_unknown=math.inf)
    read = compose(index, q, r.hits, windows, spans, lang, s, a, verify,
                   keep=(best.sentence.doc_id, best.sentence.start, best.sentence.end))
    # When no span passed verification, the rules' evidence did: their answer stands.
    return _as_read(rules, margin, q.kind) if read.abstained else _finished(index, read, rules, margin, settings)


def _finished(index: Index, read: ReadAnswer, rules: Answer, margin: float, settings: CombinedSettings) -> ReadAnswer:
    """The reader's answer cross-checked in the figure table, with its margin, the rules' evidence
    score and the path's confidence."""
    span = read.answer_span
    cross_check(index, read, index.by_name[span["doc"]].doc_id, span["start"], span["end"])
    read.evidence_score, read.margin = rules.evidence_score, margin
    read.confidence = _confidence(settings, margin, rules.evidence_score)
    return read


def _confidence(settings: CombinedSettings, margin: float, evidence: float | None) -> float:
    """How likely an answer the reader read is right (``CombinedSettings``' fit)."""
    z = (settings.confidence_margin * margin + settings.confidence_evidence * (evidence or 0.0)
         + settings.confidence_bias)
    return round(1 / (1 + math.exp(-z)), 3)


def _reads(q, settings: CombinedSettings) -> AnswerSettings:
    """How the reader reads question ``q``: more windows for an English one (``english_windows``)."""
    return replace(settings.reader, windows=settings.english_windows) if q.lang == "en" else settings.reader


def _reading(q, windows: list, reader, settings: CombinedSettings) -> tuple[list, float | None]:
    """The reader's span of each window, and the margin of the span ranked best (``read.ranked_spans``),
    None when it found none."""
    # An English question is read with its Chinese search words appended, as on the reader path.
    spans = reader.read(q.search if q.lang == "en" else q.text, [w.text for w in windows],
                        settings.reader.figure_spans and q.kind == "figure")
    best = ranked_spans(spans, windows, settings.reader)
    return spans, (round(best[0][0].margin, 3) if best else None)


def _rescue(index: Index, r, rules: Answer, cands: list, lang: str, reader, settings: CombinedSettings,
            verify: VerifySettings) -> ReadAnswer:
    """The rules' "not found" for want of evidence, or the reader's answer from the windows of the
    best candidates when it is sure enough (``settings.rescue_margin``) and the span passes
    verification."""
    q = r.q
    windows = windows_for(index, sorted(cands, key=lambda c: -c.score), _reads(q, settings))
    spans, margin = _reading(q, windows, reader or reader_for(index), settings)
    if margin is None or margin < settings.rescue_margin:
        return _as_read(rules, margin, q.kind)
    s = replace(settings.reader, no_answer_margin=-math.inf)
    read = compose(index, q, r.hits, windows, spans, lang, s, asked(q.text, q.kind, q.search, q.lang), verify)
    if read.abstained:
        return _as_read(rules, margin, q.kind)
    read.rescued = True
    return _finished(index, read, rules, margin, settings)


def _gated(index: Index, q, ans: ReadAnswer, lang: str, gate: GateSettings) -> ReadAnswer:
    """The answer, or "not found" with its passages as the nearest when the answer gate refuses the
    document it quotes (an answer the reader read: one with a margin)."""
    if ans.abstained or ans.margin is None or not ans.citations:
        return ans
    c = ans.citations[0]
    f = features(index, q, index.by_name[c.doc].doc_id, c.start, c.end, ans.margin, ans.evidence_score)
    if passes(f, gate):
        return ans
    return ReadAnswer(q.text, not_found_text(index, asked(q.text, q.kind, q.search, q.lang), None, lang), None,
                      True, [], ans.citations, ans.retrieved, {}, lang=lang, missing=["gate"],
                      confidence=gate.refused_right, evidence_score=ans.evidence_score, margin=ans.margin,
                      kind=q.kind)


def _as_read(ans: Answer, margin: float | None, kind: str) -> ReadAnswer:
    """A rules' answer with the reader's fields, so that every answer of the path has one shape."""
    return ReadAnswer(**{f.name: getattr(ans, f.name) for f in fields(ans)}, margin=margin, kind=kind)


# The answer paths by name, as `rag ask` and the UI's "Answer with" offer them; the first is the
# default (README, "Answer paths"): the combined path beats the rules alone on every set measured.
PATHS = ("combined", "rules", "reader")


def answerer(path: str = PATHS[0]):
    """The answer function of a path by name: ``combined`` (the default), ``rules`` (the rules
    alone, ``rag.answer.compose``) or ``reader`` (the reader alone, ``rag.answer.read``). Each is called as
    ``f(index, embedder, question, k=, script=, where=, verify=)``."""
    if path == "rules":
        from .compose import answer_question as rules

        return rules
    if path == "reader":
        from .read import answer_question as reader

        return reader
    if path != "combined":
        raise QuestionError(f"no answer path {path!r}", f"choose one of {', '.join(PATHS)}")
    return answer_question
