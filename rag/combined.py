"""The combined answer path: the rules choose the evidence and decide whether there is an answer,
the trained reader picks the answer span in that evidence, and the verification stage checks it.

retrieve → score sentences (``rag.answer``) → the rules' verified answer, or "not found" → the
reader reads the rules' sentence and those scoring within EVIDENCE_MARGIN of it, each with its
neighbours (``rag.read``) → its spans are ranked by their margin plus the sentence's score, as
BERTserini combines reader and retriever → the best span that passes verification is the short
answer, its sentence the first quote. The reader can also veto: when its best span beats "no
answer" by less than ``veto_margin`` in all of that evidence, the answer is "not found". When
every span it finds fails verification but the rules' answer passed, the rules' answer stands.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, fields, replace

from .answer import VERIFY_MARGIN, Answer, answer_retrieved, cross_check, from_table, not_found_text, retrieve
from .index import Index
from .read import DEFAULT_SETTINGS as READER_SETTINGS, AnswerSettings, ReadAnswer, compose, reader_for, windows_for
from .types import Where
from .verify import DEFAULT_VERIFY, VerifySettings, asked


@dataclass(frozen=True)
class CombinedSettings:
    """The combined path's tuned numbers, with their evidence (docs/reader.md, "The combined path")."""

    # The reader reads only sentences the rules score within this of the sentence they answer
    # from: the same margin within which verification may replace the best sentence.
    evidence_margin: float = VERIFY_MARGIN
    # "Not found" when the reader's best span in that evidence beats its "no answer" score by less
    # than this (-inf: never).
    veto_margin: float = -math.inf
    # How the reader reads (windows, window length, span ranking, figure options): the reader
    # path's settings, set on held-out training questions.
    reader: AnswerSettings = READER_SETTINGS


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
    notice = "; ".join(x for x in (r.notice, why) if x) or None
    if table is not None:
        table.timings_ms = {"total": round((time.perf_counter() - t0) * 1e3, 1)}
        table.notice = r.notice
        return table
    t1 = time.perf_counter()
    rules, cands, best = answer_retrieved(index, r, lang, verify)
    t2 = time.perf_counter()
    ans = rules if best is None else _read(index, r, rules, cands, best, lang, reader, settings, verify)
    t3 = time.perf_counter()
    ans.timings_ms = {"retrieve": round((t1 - t0) * 1e3, 1), "score": round((t2 - t1) * 1e3, 1),
                      "read": round((t3 - t2) * 1e3, 1), "total": round((t3 - t0) * 1e3, 1)}
    ans.notice = notice
    return ans


def _read(index: Index, r, rules: Answer, cands: list, best, lang: str, reader,
          settings: CombinedSettings, verify: VerifySettings) -> ReadAnswer:
    """The rules' answer (from candidate ``best``) with its short answer read by the reader, or
    "not found" on the reader's veto. Every outcome carries the margin of the reader's best-ranked
    span (what the veto compares)."""
    q = r.q
    evidence = [best] + sorted((c for c in cands if c is not best and c.score >= best.score - settings.evidence_margin),
                               key=lambda c: -c.score)
    windows = windows_for(index, evidence, settings.reader)
    # The reader was trained on Chinese questions: an English one is read with its Chinese search words.
    spans = (reader or reader_for(index)).read(q.search if q.lang == "en" else q.text, [w.text for w in windows],
                                               settings.reader.figure_spans and q.kind == "figure")
    ranked = [(sp.margin + settings.reader.w_window * w.score, sp.margin)
              for sp, w in zip(spans, windows) if sp is not None and sp.end > sp.start]
    margin = max(ranked)[1] if ranked else -math.inf
    a = asked(q.text, q.kind, q.search, q.lang)
    if margin < settings.veto_margin:
        return ReadAnswer(q.text, not_found_text(index, a, None, lang), None, True, [], rules.citations, rules.retrieved,
                          {}, lang=lang, confidence=rules.confidence, evidence_score=rules.evidence_score,
                          margin=round(margin, 3), kind=q.kind)
    s = replace(settings.reader, no_answer_margin=-math.inf, max_unknown=math.inf)
    read = compose(index, q, r.hits, windows, spans, lang, s, a, verify)
    if read.abstained:  # every span failed verification; the rules' evidence passed it
        return ReadAnswer(**{f.name: getattr(rules, f.name) for f in fields(rules)},
                          margin=round(margin, 3) if ranked else None, kind=q.kind)
    span = read.answer_span
    cross_check(index, read, index.by_name[span["doc"]].doc_id, span["start"], span["end"])
    read.evidence_score, read.margin = rules.evidence_score, round(margin, 3)
    return read
