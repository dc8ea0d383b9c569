"""Cited extractive answers by rules (the default path): the retrieved chunks' sentences are scored
for the question (analysed by ``rag/question.py``), the best quoted verbatim with citations, a
short answer picked out where one can be, or an honest "not found". Nothing is generated: apart
from the fixed labels below, every character of an answer is copied from a source sentence
(converted to the question's script by OpenCC).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import numpy as np

from .entities import subject_as_named
from .errors import QuestionError
from .figures import DATE_RE, Figure, find_figures
from .index import Index
from .question import Question, analyze, clean_question, coverage
from .retrieve import hybrid_search, query_vector
from .textnorm import aligned_form, match_form, quiet_jieba, to_simplified, to_traditional
from .types import DATE_BOUND, Hit, Sentence, Where
from .verify import DEFAULT_VERIFY, Asked, Verdict, VerifySettings, asked, check, explain, subject_share

LABELS = {
    "Hans": {"answer": "答案：", "none": "资料中没有找到这个问题的答案。", "related": "相关段落：",
             "sources": "来源：", "differ": "注意：其他报道的数字不同：", "agree": "另有{n}篇报道给出相同数字",
             "understood": "理解为："},
    "Hant": {"answer": "答案：", "none": "資料中沒有找到這個問題的答案。", "related": "相關段落：",
             "sources": "來源：", "differ": "注意：其他報道的數字不同：", "agree": "另有{n}篇報道給出相同數字",
             "understood": "理解為："},
    "en": {"answer": "Answer: ", "none": "Not found in the documents.", "related": "Related passages:",
           "sources": "Sources:", "differ": "Note: other reports give a different figure: ",
           "agree": "{n} other report(s) give the same figure", "understood": "Understood as: "},
}

_TIME_UNITS = {"天", "小时", "分钟", "个月", "年", "秒", "周"}
_ENUM_ITEM = r"[^，。；：、,;:“”\"'《》（）()\s]{1,24}"
_ENUM = re.compile(rf"{_ENUM_ITEM}(?:、{_ENUM_ITEM})+(?:(?:以及|和|及|与|或)[^，。；：、,;:“”\"'《》（）()\s]{{1,24}}?"
                   rf"(?=[，。；：,;:“”\"'）)\s]|等|$))?")


@dataclass
class Candidate:
    """A sentence of a retrieved chunk and how well it answers the question."""

    sentence: Sentence
    hit: Hit
    lexical: float = 0.0
    context: float = 0.0
    dense: float = 0.0
    kind_fit: float = 0.0
    score: float = 0.0
    figure: Figure | None = None


@dataclass
class Citation:
    """Where a quoted sentence comes from: ``quote == document text[start:end]``."""

    n: int
    doc: str
    title: str | None
    date: str | None
    outlet: str | None
    start: int
    end: int
    quote: str
    page: int | None = None  # of a PDF, where the quote starts


@dataclass
class OtherFigure:
    """The same subject and metric in another report: its figure as written, and where."""

    figure: str
    citation: Citation


@dataclass
class Answer:
    """The reply to one question, as shown and as JSON."""

    question: str
    answer: str
    short_answer: str | None
    abstained: bool
    citations: list[Citation]
    related: list[Citation]
    retrieved: list[dict]
    timings_ms: dict[str, float]
    lang: str = "Hans"
    notice: str | None = None  # e.g. that an over-long question was cut
    # Other reports on the short answer's subject and metric (the figure table): the same figure,
    # and a different one, newest first.
    confirmed_by: list[OtherFigure] = field(default_factory=list)
    differs: list[OtherFigure] = field(default_factory=list)
    # An answer from the figure table: what was computed, then a line per row, with [n] marks.
    table: list[str] = field(default_factory=list)
    answer_span: dict | None = None  # the short answer in its source: doc, start, end (characters)
    understood_as: str | None = None  # a follow-up question as completed from the conversation
    # The verification stage's verdict on the evidence shown (or, for "not found", on the best
    # evidence there was): the parts of the question it failed.
    missing: list[str] = field(default_factory=list)
    confidence: float | None = None  # how likely what is shown (the answer, or "not found") is right
    evidence_score: float | None = None  # the rules' score of the sentence answered from (or the best one)


def _unit_fits(q: Question, fig: Figure) -> bool:
    if q.unit is None:
        return True
    if q.unit == "时间":
        return fig.unit in _TIME_UNITS
    return match_form(fig.text).endswith(q.unit) or fig.unit == q.unit


NAMED_FIT = 0.7  # a figure right after the metric the question names fits at least this well


def best_figure(q: Question, sentence: str) -> tuple[Figure | None, float]:
    """The figure of ``sentence`` that answers a figure question, and how well (0..1): the unit
    asked for, and question words (a metric first of all) just before the figure."""
    best, best_fit = None, 0.0
    for fig in find_figures(sentence):
        if not _unit_fits(q, fig):
            continue
        before = match_form(sentence[max(0, fig.start - 20):fig.start]).lower()
        after = match_form(sentence[fig.end:fig.end + 8]).lower()  # 25亿元的年销售额
        near = coverage(q, before)
        if q.metrics:  # the metric named in the question decides between figures
            named = fig.metric in q.metrics or any(
                m in before or after.removeprefix("的").startswith(m) for m in q.metrics)
            fit = 0.2 + 0.3 * near + (NAMED_FIT - 0.2) * named
        else:
            fit = 0.5 + 0.5 * near
        if fit > best_fit:
            best, best_fit = fig, fit
    return best, best_fit


def _kind_fit(q: Question, cand: Candidate) -> float:
    text = cand.sentence.text
    if q.kind == "figure":
        cand.figure, fit = best_figure(q, text)
        return fit if cand.figure else -0.5
    if q.kind == "date":
        return 0.5 if DATE_RE.search(match_form(text)) else -0.3
    if q.kind == "list":
        return 0.3 if "、" in text else 0.0
    return 0.0


# Weights of the sentence score, set on CMRC 2018 questions (one sample for setting, a disjoint
# one for checking) and the seeds development set.
W_LEXICAL, W_CONTEXT, W_DENSE, W_KIND, W_RANK = 0.2, 0.8, 0.5, 0.4, 0.1


def candidates(index: Index, hits: list[Hit]) -> list[Candidate]:
    """The sentences of the retrieved chunks, each once, in retrieval order."""
    seen, out = set(), []
    for h in hits:
        doc = index.documents[h.chunk.doc_id]
        for s in doc.sentences[h.chunk.first_sentence:h.chunk.last_sentence + 1]:
            if (doc.doc_id, s.index) not in seen:
                seen.add((doc.doc_id, s.index))
                out.append(Candidate(s, h))
    return out


def score(index: Index, q: Question, qvec: np.ndarray, cands: list[Candidate]) -> None:
    """Fill in each candidate's component scores and its total."""
    if not cands:
        return
    dense = np.stack([index.sentence_vector(c.sentence.doc_id, c.sentence.index) for c in cands]) @ qvec
    for c, d in zip(cands, dense):
        doc = index.documents[c.sentence.doc_id]
        i = c.sentence.index
        around = " ".join(s.text for s in doc.sentences[max(0, i - 1):i + 2])
        c.lexical = coverage(q, match_form(c.sentence.text).lower())
        c.context = coverage(q, match_form(f"{doc.title or ''} {doc.date or ''} {around}").lower())
        c.dense = float(d)
        c.kind_fit = _kind_fit(q, c)
        c.score = combine(c)


def combine(c: Candidate) -> float:
    """A candidate's total score from its components."""
    return (W_LEXICAL * c.lexical + W_CONTEXT * c.context + W_DENSE * c.dense
            + W_KIND * c.kind_fit - W_RANK * c.hit.rank / 10)


def _bigrams(text: str) -> set[str]:
    f = re.sub(r"\W", "", match_form(text))
    return {f[i:i + 2] for i in range(len(f) - 1)}


def same_content(a: str, b: str, threshold: float = 0.6) -> bool:
    """Whether two sentences say the same thing: most of the shorter one's bigrams are shared."""
    ba, bb = _bigrams(a), _bigrams(b)
    return bool(ba and bb) and len(ba & bb) / min(len(ba), len(bb)) >= threshold


def source_note(outlet: str | None, date: str | None) -> str:
    """（outlet，date） after a figure from another row or report, or nothing when its document gives neither."""
    where = "，".join(x for x in (outlet, date) if x)
    return f"（{where}）" if where else ""


def _aligned_form(text: str) -> str | None:
    """``text`` in matching form, lower case, when that keeps every offset (so spans map back), else None."""
    form = (aligned_form(text) or "").lower()
    return form if len(form) == len(text) else None


_WH = re.compile(r"什么(?:样的?)?|哪(?:一|几)?[个位家座年种些国所条部名本支天月里儿]?|谁|多少|几[个年月日天次种位名]?|"
                 r"何(?:时|地|处|种|人)?|怎样|如何|为什么|为何")
_EDGE = "是为在于由被把的了和与及将从到"
_CLAUSE = re.compile(r"[，。；！？、,;!?：:（）()“”\"《》]")


def _is_noun(word: str) -> bool:
    quiet_jieba()
    import jieba.posseg

    tags = [t.flag for t in jieba.posseg.cut(word)]
    return len(tags) == 1 and tags[0].startswith("n")


def aligned_span(q: Question, text: str, max_len: int = 30) -> str | None:
    """The words of ``text`` that stand where the question word stands in the question: between
    the question's words on either side of it, found in ``text``. For ``X是由哪两个公司合作开发的``
    and ``X是由光荣和ω-force合作开发的``, ``光荣和ω-force``. None when they cannot be placed."""
    at = _aligned(q, text, max_len)
    return text[at[0]:at[1]] if at else None


def _aligned(q: Question, text: str, max_len: int) -> tuple[int, int] | None:
    """Where ``aligned_span`` stands in ``text``: [start, end)."""
    form = _aligned_form(text)
    wh = _WH.search(q.form)
    if form is None or wh is None:
        return None
    left = q.form[:wh.start()].rstrip(_EDGE)
    right = _CLAUSE.split(q.form[wh.end():])[0].lstrip(_EDGE)
    start = end = None
    for n in range(min(len(left), 12), 1, -1):  # the longest end of the left context found in text
        at = form.find(left[-n:])
        if at >= 0:
            start = at + n
            break
    # The nearest later words of the right context, skipping what qualifies the question word
    # (哪两个公司合作开发 -> 合作开发).
    for k in range(max(len(right) - 1, 0)):
        found = [(form.find(right[k:k + n], start or 0), n) for n in range(min(len(right) - k, 12), 1, -1)]
        found = [(at, n) for at, n in found if at >= 0]
        if found:
            end, n = found[0]
            if k == 0 and n == len(right) <= 4 and _is_noun(right):
                end += n  # 哪家公司: the noun after the question word belongs to the answer
            break
    if start is None and end is None:
        return None
    if start is None:  # only the words after the question word: back to the clause break
        cuts = [m.end() for m in _CLAUSE.finditer(form, 0, end)]
        start = cuts[-1] if cuts else 0
    if end is None:  # only the words before it: on to the clause break
        stop = _CLAUSE.search(form, start)
        end = stop.start() if stop else len(form)
        if q.kind == "person":  # a name, not the clause it opens: 孙日清介绍说 -> 孙日清
            word = next((w for w in quiet_jieba().cut(form[start:end]) if w.strip(_EDGE)), "")
            end = min(end, start + max(len(word), 3))
    while start < end and (form[start] in _EDGE or text[start].isspace()):
        start += 1
    while end > start and (form[end - 1] in _EDGE or text[end - 1].isspace()):
        end -= 1
    span = text[start:end]
    return (start, end) if 0 < len(span) <= max_len and not _CLAUSE.search(span) else None


def short_answer(q: Question, best: Candidate) -> tuple[int, int] | None:
    """Where the figure, list or words that answer the question stand in the best sentence:
    [start, end) of its text; None when nothing can be picked out with confidence."""
    text = best.sentence.text
    if q.kind == "figure":  # a figure of the unit asked for, or next to the metric named
        confident = best.figure and (q.unit or not q.metrics or best.kind_fit >= NAMED_FIT)
        return (best.figure.start, best.figure.end) if confident else None
    if q.kind == "list":
        spans = list(_ENUM.finditer(text))
        if spans:
            m = max(spans, key=lambda m: coverage(q, match_form(text[max(0, m.start() - 20):m.end()]).lower()))
            trimmed = _trim_list(q, m.group())
            at = m.group().find(trimmed)  # the trimmed list is one stretch of the enumeration
            return (m.start() + at, m.start() + at + len(trimmed)) if trimmed and at >= 0 else None
    span = _aligned(q, text, 30)
    if q.kind == "date":
        form = _aligned_form(text)
        if span is None or not re.search(r"\d|[年月日]", text[span[0]:span[1]]):
            m = DATE_RE.search(form) if form else None
            return (m.start(), m.end()) if m else None
    return span


def _trim_list(q: Question, span: str) -> str:
    """An enumeration without the words around it that the clause break did not cut off
    (``园区主攻新材料、…、生物医药三大主导产业`` -> ``新材料、…、生物医药``): the outer items keep
    only words the question does not use, and no more than the longest inner item is long."""
    jieba = quiet_jieba()
    items = span.split("、")
    bound = max(map(len, items[1:-1]), default=8) + 2

    def keep(words: list[str]) -> list[str]:
        out, size = [], 0
        for w in words:
            if match_form(w).lower() in q.form and len(w) > 1 or size + len(w) > bound:
                break
            out.append(w)
            size += len(w)
        return out

    items[0] = "".join(reversed(keep(list(reversed(jieba.lcut(items[0]))))))
    last = items[-1]
    conj = re.search(r"以及|和|及|与|或", last)
    if conj:  # 固阳县以及石拐区: trim only what follows the conjunction
        items[-1] = last[:conj.end()] + "".join(keep(jieba.lcut(last[conj.end():])))
    else:
        items[-1] = "".join(keep(jieba.lcut(last)))
    return "、".join(i for i in items if i)


def in_script(text: str, source_script: str, lang: str) -> str:
    """``text`` in the question's script; text already in it is left alone (s2t is not a no-op on
    Traditional text: it turns 石拐 into 石柺)."""
    if lang == source_script or lang == "en" or source_script not in ("Hans", "Hant"):
        return text
    return to_traditional(text) if lang == "Hant" else to_simplified(text)


def _cite(index: Index, n: int, s: Sentence) -> Citation:
    doc = index.documents[s.doc_id]
    return Citation(n, doc.name, doc.title, doc.date, doc.outlet, s.start, s.end, s.text, doc.page_at(s.start))


# Abstention. An answer needs evidence that covers the question: the best sentence (with its
# title, date and neighbours) must hold at least MIN_CONTEXT of the question's idf-weighted content
# words, and a figure question needs a figure of the kind asked. Set on development data: the best
# evidence for answerable CMRC questions falls below 0.35 for about 3% of them, the three
# unanswerable seed questions score 0.12-0.34. Second, a question whose words are mostly
# (MAX_UNKNOWN of the weight) absent from every chunk is about something the documents never
# mention (特斯拉, 人口): 0.66-0.84 on those three, above 0.5 for under 1% of answerable CMRC ones.
# A question with no matchable words at all rests on the sentence's e5 similarity.
MIN_CONTEXT = 0.35
MAX_UNKNOWN = 0.5
MIN_DENSE = 0.80
MARGIN = 0.5  # a further sentence is quoted only if it scores within this of the best
MAX_QUOTE = 200  # characters of quotes after the first sentence; the first is at most 350


@dataclass
class Retrieved:
    """A question cleaned, analysed and retrieved for: what both answer paths start from."""

    q: Question
    qvec: np.ndarray
    hits: list[Hit]
    notice: str | None  # e.g. that an over-long question was cut


def scope(index: Index, names: Iterable[str] = (), since: str | None = None,
          until: str | None = None) -> Where | None:
    """The documents a question may be answered from: those named in ``names`` (all when none),
    dated from ``since`` to ``until`` when either is given (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``,
    both ends included; undated documents are then left out). None means the whole index.
    Raises QuestionError for a name that is not in the index, a malformed date, or when no
    document is left."""
    names = {n.strip() for n in names if n.strip()}
    _known(index, names)  # before the dates: an unknown name must not just drop out of the range
    since, until = (x.strip() if x and x.strip() else None for x in (since, until))
    if since is None and until is None:
        return Where(frozenset(names)) if names else None
    for bound in (since, until):
        if bound is not None and not DATE_BOUND.fullmatch(bound):
            raise QuestionError(f"{bound!r} is not a date: write it as YYYY, YYYY-MM or YYYY-MM-DD (2023-05)")
    dated, with_date = index.table.dated(since, until)
    if not (dated & names if names else dated):
        span = f"from {since or 'the first'} to {until or 'the last'}"
        raise QuestionError(f"no {'chosen ' if names else ''}document is dated {span} ({with_date} of the "
                            f"{len(index.documents)} documents carry a date)")
    return Where(frozenset(names) if names else None, since, until)


def _known(index: Index, names: Iterable[str]) -> None:
    """QuestionError when a document name is not in the index."""
    if unknown := sorted(n for n in names if n not in index.by_name):
        raise QuestionError(f"no indexed document is named {', '.join(unknown)}: pick the documents from the list "
                            f"or type their exact file names")


def retrieve(index: Index, embedder, question: str, k: int, where: Where | None = None) -> Retrieved:
    """Clean and analyse ``question`` and retrieve ``k`` passages, from the chunks ``where``
    (``scope``) leaves if given. Raises QuestionError for a question that is empty once control
    characters and whitespace are removed, or for a document name that is not in the index."""
    question, notice = clean_question(question)
    q = analyze(index, question)
    qvec = query_vector(embedder, question)
    _known(index, (where and where.names) or ())
    return Retrieved(q, qvec, hybrid_search(index, embedder, q.search, k, qvec=qvec, where=where), notice)


def answer_question(index: Index, embedder, question: str, k: int = 8, script: str | None = None,
                    where: Where | None = None, verify: VerifySettings = DEFAULT_VERIFY) -> Answer:
    """Retrieve ``k`` passages, score their sentences, and compose a cited extractive answer (or
    abstain). ``script`` (Hans or Hant) overrides the question's script for display; ``where``
    (``scope``) restricts the search to some documents or dates. Raises QuestionError for a
    question that is empty once control characters and whitespace are removed."""
    t0 = time.perf_counter()
    r = retrieve(index, embedder, question, k, where)
    table, why = from_table(index, r.q, script or r.q.lang) if where is None else (None, None)
    if table is not None:
        table.timings_ms = {"total": round((time.perf_counter() - t0) * 1e3, 1)}
        table.notice = r.notice
        return table
    t1 = time.perf_counter()
    ans, _, _ = answer_retrieved(index, r, script or r.q.lang, verify)
    t2 = time.perf_counter()
    ans.timings_ms = {"retrieve": round((t1 - t0) * 1e3, 1), "compose": round((t2 - t1) * 1e3, 1),
                      "total": round((t2 - t0) * 1e3, 1)}
    ans.notice = "; ".join(x for x in (r.notice, why) if x) or None
    return ans


RULES_PASSAGES = 6  # the rules score the sentences of the best six passages of the k retrieved


def answer_retrieved(index: Index, r: Retrieved, lang: str, verify: VerifySettings = DEFAULT_VERIFY,
                     ) -> tuple[Answer, list[Candidate], Candidate | None]:
    """The rules' answer to a retrieved question (``retrieve``), shown in ``lang``: the answer
    (with the short answer's figure cross-checked in the figure table), the scored candidates and
    the candidate it quotes first (None for "not found")."""
    q = r.q
    cands = candidates(index, r.hits[:RULES_PASSAGES])
    score(index, q, r.qvec, cands)
    ans = compose(index, q, r.hits, cands, lang, asked(q.text, q.kind, q.search, q.lang), verify)
    best = next((c for c in cands if ans.citations and c.sentence.start == ans.citations[0].start
                 and index.documents[c.sentence.doc_id].name == ans.citations[0].doc), None)
    if not ans.abstained and ans.short_answer and best is not None and best.figure is not None:
        s = best.sentence
        cross_check(index, ans, s.doc_id, s.start + best.figure.start, s.start + best.figure.end)
    return ans, cands, best


def evidence_verdict(index: Index, q: Question, a: Asked, s: Sentence, at: tuple[int, int] | None,
                     settings: VerifySettings = DEFAULT_VERIFY) -> Verdict:
    """The verification stage's verdict on sentence ``s`` with the short answer at ``at`` (of its
    text): its context is the document's title and the CONTEXT_SENTENCES sentences before it, the
    figure table's row for the answer's figure (which resolves 该项目 and 項目) and, when the
    question names a subject or a year, the document's whole text."""
    from .verify import CONTEXT_SENTENCES

    doc = index.documents[s.doc_id]
    before = " ".join(x.text for x in doc.sentences[max(0, s.index - CONTEXT_SENTENCES):s.index])
    row = None
    if at is not None and index.figures_path is not None and settings.subject and a.subjects:
        from .facts import row_at

        row = row_at(index.figures_path, s.doc_id, s.start + at[0], s.start + at[1])
    return check(a, index.lexical, s.text, f"{doc.title or ''} {before}", at, doc.date,
                 subject_as_named(index.figures_path, row, a.subjects), q.kind, settings, bool(row and row.category),
                 _document_form(doc.doc_id, doc.text) if a.names or a.subjects or a.year else "")


@lru_cache(maxsize=32)
def _document_form(doc_id: str, text: str) -> str:
    """A document's text in matching form (cached: the candidates of one answer share documents)."""
    return match_form(text)


def subject_seen(index: Index, a: Asked) -> bool:
    """Whether the documents name the question's subject at all (most of its distinctive words
    occur in some chunk)."""
    from .verify import SUBJECT_MIN

    stats = index.lexical
    return not a.subjects or any(
        subject_share(stats, name, lambda t: stats.doc_freq(t) > 0) >= SUBJECT_MIN for name in a.subjects)


def not_found_text(index: Index, a: Asked, verdict: Verdict | None, lang: str) -> str:
    """The first line of a "not found": what the documents hold and lack when the verification
    stage refused the evidence, else the plain label."""
    seen = subject_seen(index, a)
    if not seen:
        return explain(a, Verdict(["subject"]), lang, seen)
    if verdict is None or verdict.ok:
        return LABELS[lang]["none"]
    return explain(a, verdict, lang, seen)


VERIFY_MARGIN = 0.5  # a sentence scoring within this of the best may stand in for a best that fails verification


def compose(index: Index, q: Question, hits: list[Hit], cands: list[Candidate], lang: str,
            a: Asked | None = None, verify: VerifySettings = DEFAULT_VERIFY) -> Answer:
    """The answer from scored candidates, shown in ``lang`` (Hans, Hant or en): the best sentence
    that passes the verification stage (``rag.verify``; within VERIFY_MARGIN of the best), up to
    two more that are nearly as good and say something else, and the short answer; or an
    abstention with related passages and what was missing."""
    labels = LABELS[lang]

    def show(text: str, c: Candidate) -> str:
        return in_script(text, index.documents[c.sentence.doc_id].script, lang)

    cands = sorted(cands, key=lambda c: -c.score)
    best = cands[0] if cands else None
    verdict = None
    if best is not None and has_evidence(q, best) and a is not None and verify.on():
        top = best.score
        for c in cands:
            if c.score < top - VERIFY_MARGIN:
                break
            if not has_evidence(q, c):
                continue
            v = _verified(index, q, a, c, verify)
            if verdict is None:
                verdict = v  # the best sentence's verdict explains a "not found"
            if v.ok:
                best, verdict = c, v
                break
        if not verdict.ok:  # none within the margin passed
            best = None
    if best is not None and not has_evidence(q, best) and a is not None and verify.on():
        verdict = _verified(index, q, a, best, verify)  # only to say what the nearest evidence lacks
        best = None
    if best is None or not has_evidence(q, best):
        near = _distinct(cands, 3)
        related = [_cite(index, i + 1, c.sentence) for i, c in enumerate(near)]
        lines = [not_found_text(index, a, verdict, lang) if a is not None else labels["none"]]
        if related:
            lines.append(labels["related"])
            lines += [f"[{r.n}] {show(c.sentence.text, c)}" for r, c in zip(related, near)]
        text, short, citations, abstained, span = "\n".join(lines), None, [], True, None
    else:
        cands = [best] + [c for c in cands if c is not best]
        chosen = [best]
        used = len(best.sentence.text)
        for c in cands[1:]:
            if len(chosen) == 3 or c.score < best.score - MARGIN:
                break
            if used + len(c.sentence.text) > MAX_QUOTE + len(best.sentence.text) or any(
                    same_content(c.sentence.text, o.sentence.text) for o in chosen):
                continue
            chosen.append(c)
            used += len(c.sentence.text)
        citations = [_cite(index, i + 1, c.sentence) for i, c in enumerate(chosen)]
        at = short_answer(q, best)
        s = best.sentence
        short = show(s.text[at[0]:at[1]], best) if at else None  # in the answer's script, as in the text
        span = ({"doc": index.documents[s.doc_id].name, "start": s.start + at[0], "end": s.start + at[1]}
                if at else None)
        body = " ".join(f"{show(c.sentence.text, c)}[{r.n}]" for r, c in zip(citations, chosen))
        text = (f"{labels['answer']}{short} [1]\n" if short else "") + body
        related, abstained = [], False
    retrieved = [{"doc": index.documents[h.chunk.doc_id].name, "chunk_id": h.chunk.chunk_id,
                  "score": round(h.score, 4), "text": h.chunk.text} for h in hits]
    top = best or (cands[0] if cands else None)
    missing = list(verdict.missing) if verdict is not None and abstained else []
    return Answer(q.text, text, short, abstained, citations, related, retrieved, {}, lang, answer_span=span,
                  missing=missing, evidence_score=round(top.score, 3) if top else None,
                  confidence=rules_confidence(abstained, top.score if top else None, bool(missing)))


# The confidence of the rules' answers, fitted by bench/calibrate_rules.py on the near-miss
# benchmark's dev split (questions labelled before the system ran; never the eval sets): an
# answer's is sigmoid(CONF_A * score + CONF_B) of its sentence's score; a "not found" is right
# as often as it was there, by why it was given (bench/results/calibration-rules.json).
CONF_A, CONF_B = 3.17, -3.81  # over 199 answers
CONF_REFUSED = 0.93  # the verification stage refused the evidence (110 "not found"s)
CONF_NO_EVIDENCE = 0.75  # no sentence covered the question (10)
# An answer computed from the figure table: (right + 1) / (asked + 2) over the aggregate and
# conflict question set (tests/data/aggregate_qa.jsonl, bench/aggregate_eval.py: 30 of 30).
TABLE_CONFIDENCE = 0.97


def rules_confidence(abstained: bool, score: float | None, refused: bool) -> float:
    """How likely the rules' answer (or "not found") is right (see the constants above)."""
    if abstained:
        return CONF_REFUSED if refused else CONF_NO_EVIDENCE
    return round(1 / (1 + math.exp(-(CONF_A * (score or 0.0) + CONF_B))), 3)


def _verified(index: Index, q: Question, a: Asked, c: Candidate, verify: VerifySettings) -> Verdict:
    """The verdict on candidate ``c``. For a figure question, when the figure the score picked
    fails, the sentence's other figures of the unit asked are checked in turn, and the first that
    passes becomes the candidate's figure (年产6亿安时…年产值40亿元 for 年产值多少)."""
    v = evidence_verdict(index, q, a, c.sentence, _checked_span(q, c), verify)
    if v.ok or q.kind != "figure" or c.figure is None:
        return v
    for fig in find_figures(c.sentence.text):
        if fig.start == c.figure.start or not _unit_fits(q, fig):
            continue
        other = evidence_verdict(index, q, a, c.sentence, (fig.start, fig.end), verify)
        if other.ok:
            c.figure = fig
            return other
    return v


def _checked_span(q: Question, c: Candidate) -> tuple[int, int] | None:
    """What the verification stage checks in a candidate: its figure for a figure question (even
    one the answer would not pick out), else the short answer's span."""
    if q.kind == "figure" and c.figure is not None:
        return c.figure.start, c.figure.end
    return short_answer(q, c)


def cross_check(index: Index, ans: Answer, doc_id: str, start: int, end: int) -> None:
    """Look the short answer's figure (at [start, end) of a document) up in the figure table and
    add to ``ans`` the other reports that confirm it or give another value, cited after its own
    sources, with a line that says so (newest first)."""
    if index.figures_path is None:
        return
    from .facts import dated_values, row_at, same_figure_elsewhere

    agree, differ = same_figure_elsewhere(index.figures_path, doc_id, start, end)
    cited = {(c.doc, c.start): c for c in ans.citations}  # a sentence already quoted keeps its number
    n = len(ans.citations)
    for rows, out in ((differ, ans.differs), (agree, ans.confirmed_by)):
        for r in rows:
            doc = index.documents.get(r.doc_id)
            if doc is None or r.sentence >= len(doc.sentences):
                continue
            s = doc.sentences[r.sentence]
            if (doc.name, s.start) not in cited:
                n += 1
                cited[doc.name, s.start] = _cite(index, n, s)
            out.append(OtherFigure(r.text, cited[doc.name, s.start]))
    labels = LABELS[ans.lang]
    lines = []
    if ans.differs:
        lines.append(labels["differ"] + "；".join(
            f"{o.figure}[{o.citation.n}]{source_note(o.citation.outlet, o.citation.date)}"
            for o in ans.differs))
    if ans.confirmed_by:
        lines.append(labels["agree"].format(n=len(ans.confirmed_by)) + "".join(
            f"[{o.citation.n}]" for o in ans.confirmed_by))
    if lines:
        ans.answer += "\n" + "\n".join(lines)
    if differ and (own := row_at(index.figures_path, doc_id, start, end)) is not None:
        # both dated values up top, under the answer's line: 9.6亿元（2024-03-02）；2023-04-11的报道为8.2亿元
        first, _, rest = ans.answer.partition("\n")
        ans.answer = "\n".join(x for x in (first, dated_values(own, differ, ans.lang), rest) if x)


_TABLE_TEXT = {
    "max": "{top}的{metric}最大：{value}{n}。按{metric}比较了{k}个项目：",
    "min": "{top}的{metric}最小：{value}{n}。按{metric}比较了{k}个项目：",
    "sum": "{k}个项目的{metric}合计{value}：",
    "stated": "{outlet}报道的合计为{value}{n}；按各项目最新数字相加为{sum}。",
    "stated_same": "{outlet}报道的合计也是{value}{n}。",
    "count": "有{metric}数字的项目共{k}个：",
    "filter": "{metric}{condition}的项目有{k}个：",
    "list": "{k}个项目的{metric}：",
    "other": "另有报道为",
    "none": "资料中没有{metric}{condition}的项目（有{metric}数字的项目共{k}个）。",
}
_TABLE_TEXT_EN = {
    "max": "{top} has the largest {metric}: {value}{n}. Compared by {metric}, {k} projects:",
    "min": "{top} has the smallest {metric}: {value}{n}. Compared by {metric}, {k} projects:",
    "sum": "The {metric} of {k} projects adds up to {value}:",
    "stated": "{outlet} gives the total as {value}{n}; the newest figure of each project adds up to {sum}.",
    "stated_same": "{outlet} gives the same total, {value}{n}.",
    "count": "{k} projects have a figure for {metric}:",
    "filter": "{k} projects have {metric} {condition}:",
    "list": "{metric} of {k} projects:",
    "other": "another report gives ",
    "none": "No project in the documents has {metric} {condition} ({k} projects have a figure for {metric}).",
}
_METRIC_EN = {"总投资": "total investment", "占地": "land area", "年产值": "annual output value",
              "年产能": "annual capacity"}
_RELATIVE_TIME = re.compile(r"今年|去年|明年|本年|当年|this year|last year")
MAX_TABLE_ROWS = 12  # rows listed under a table answer; the count and the total cover them all


def from_table(index: Index, q: Question, lang: str) -> tuple[Answer | None, str | None]:
    """The figure table's answer to an aggregate question (``rag.aggregate``), or (None, a notice
    that says why the table could not answer it, or None when the question is not one for it)."""
    if index.figures_path is None:
        return None, None
    from . import aggregate
    from .facts import mentions, subjects, zone_in

    op = aggregate.parse(q.text)[0]
    if not op:
        return None, None
    a = asked(q.text, q.kind, q.search, q.lang)
    if _RELATIVE_TIME.search(q.form) or op in ("count", "filter") and (a.year or a.period or a.event):
        # A count of a period's or an event's projects (前三季度签约, 今年实施) is what reports
        # state; the table only knows which projects carry a figure, and no date relative to a report.
        return None, "the figure table cannot answer for a period or an event: answered from the passages"
    named = aggregate.named_subjects(q.text, subjects(index.figures_path))
    form = match_form(q.text)
    zones = [z for a, b in mentions(form) if (z := zone_in(q.text[a:b]))]
    docs = index.table.containing([match_form(z) for z in zones]) if zones else set()
    res, why = aggregate.answer(index.figures_path, q.text, named if len(named) > 1 else [],
                                docs if zones else None)
    if res is None:
        return None, why and f"{why}: answered from the passages instead"
    return table_answer(index, q, res, lang), None


def table_answer(index: Index, q: Question, res, lang: str) -> Answer:
    """The answer that the figure table gives (``rag.aggregate``): what was computed over which
    rows, each row cited to its sentence, with the other reports that differ."""
    from .aggregate import format_value

    labels = _TABLE_TEXT_EN if lang == "en" else _TABLE_TEXT
    cited: dict[tuple[str, int], Citation] = {}

    def cite(r) -> int:
        doc = index.documents[r.doc_id]
        key = (r.doc_id, r.sentence)
        if key not in cited:
            cited[key] = _cite(index, len(cited) + 1, doc.sentences[r.sentence])
        return cited[key].n

    def show(text: str, source: str = "Hans") -> str:
        """Words of a row in the question's script (a computed line, not a quote)."""
        return in_script(text, source, lang) if lang != "en" else text

    def of(r, text: str) -> str:
        return show(text, index.documents[r.doc_id].script)

    if not res.rows:  # figures of the metric exist, none passes the condition
        metric = _METRIC_EN.get(res.metric, res.metric) if lang == "en" else show(res.metric)
        text = show(labels["none"]).format(metric=metric, condition=show(res.condition), k=res.compared)
        return Answer(q.text, text, None, True, [], [], [], {}, lang, missing=["value"], confidence=TABLE_CONFIDENCE)
    rows = res.rows[:MAX_TABLE_ROWS]
    lines = []
    for r in rows:
        line = f"{of(r, r.subject)}：{show(r.metric)}{of(r, r.text)}[{cite(r)}]{source_note(r.outlet, r.date)}"
        others = res.others.get(match_form(r.subject), [])
        if others:
            line += "；" + show(labels["other"]) + "、".join(f"{of(o, o.text)}[{cite(o)}]" for o in others)
        lines.append(line)
    top = res.top
    metric = _METRIC_EN.get(res.metric, res.metric) if lang == "en" else show(res.metric)
    template = labels["filter" if res.op == "count" and res.condition else res.op]
    head = show(template).format(
        top=of(top, top.subject) if top else "", metric=metric, k=len(res.rows),
        condition=show(res.condition), value=show(format_value(res.value, res.unit)) if res.value is not None else "",
        n=f"[{cite(top)}]" if top else "")
    short = {"max": of(top, top.subject) if top else None, "min": of(top, top.subject) if top else None,
             "sum": show(format_value(res.value, res.unit)) if res.value is not None else None,
             "count": f"{len(res.rows)}个" if lang != "en" else str(len(res.rows))}.get(res.op)
    if res.op == "sum" and res.stated is not None:
        st = res.stated
        total = show(format_value(res.value, res.unit))
        differs = abs(st.value - res.value) > 1e-6 * abs(res.value)
        head = show(labels["stated" if differs else "stated_same"]).format(
            outlet=of(st, st.outlet or st.doc), value=of(st, st.text), n=f"[{cite(st)}]", sum=total) + "\n" + head
        if differs:  # the report's own total is quoted as the answer, the newer sum beside it
            short = of(st, st.text)
    text = head + "\n" + "\n".join(lines)
    citations = sorted(cited.values(), key=lambda c: c.n)
    return Answer(q.text, text, short, False, citations, [], [], {}, lang, table=[head] + lines,
                  confidence=TABLE_CONFIDENCE)


def has_evidence(q: Question, best: Candidate) -> bool:
    """Whether the best candidate is evidence enough to answer (the abstention rules above)."""
    if q.kind == "figure" and best.figure is None:
        return False
    if not q.tokens:
        return best.dense >= MIN_DENSE
    return best.context >= MIN_CONTEXT and q.unknown < MAX_UNKNOWN


def _distinct(cands: list[Candidate], n: int) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        if len(out) == n:
            break
        if not any(same_content(c.sentence.text, o.sentence.text) for o in out):
            out.append(c)
    return out


def all_citations(ans: Answer) -> list[Citation]:
    """The answer's sources in number order: its quotes (or related passages), then the other
    reports that the figure table found on the same figure."""
    by_n = {c.n: c for c in ans.citations or ans.related}
    for o in ans.differs + ans.confirmed_by:
        by_n.setdefault(o.citation.n, o.citation)
    return [by_n[n] for n in sorted(by_n)]


def format_sources(ans: Answer) -> str:
    """The citation list under an answer: ``[n] title · date · outlet · file p. N [start-end]``."""
    cites = all_citations(ans)
    if not cites:
        return ""
    lines = [LABELS[ans.lang]["sources"]]
    for c in cites:
        page = f" p. {c.page}" if c.page else ""
        meta = " · ".join(x for x in (c.title, c.date, c.outlet, f"{c.doc}{page} [{c.start}-{c.end}]") if x)
        lines.append(f"[{c.n}] {meta}")
    return "\n".join(lines)
