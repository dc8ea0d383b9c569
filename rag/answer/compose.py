"""The rules' answer (``--rules``): the best verified sentence and up to two more, quoted verbatim
with citations, the short answer picked out by rules where one can be, or an honest "not
found". Nothing is generated: apart from the fixed labels, every character of an answer is
copied from a source sentence (converted to the question's script by OpenCC).
"""

from __future__ import annotations

import math
import re
import time

from ..figures import DATE_RE, find_figures
from ..index import Index
from ..textnorm import aligned_form, match_form, quiet_jieba
from ..types import Hit, Where
from .evidence import NAMED_FIT, Candidate, candidates, distinct, has_evidence, same_content, score, unit_fits
from .question import Question, coverage
from .render import LABELS, Answer, cite_sentence, in_script, retrieved_rows
from .retrieve import Retrieved, retrieve
from .byline import from_byline
from .table import cross_check, from_table
from .verify import (DEFAULT_VERIFY, VERIFY_MARGIN, Asked, Verdict, VerifySettings, asked, evidence_verdict,
                     not_found_text)

_ENUM_ITEM = r"[^，。；：、,;:“”\"'《》（）()\s]{1,24}"


_ENUM = re.compile(rf"{_ENUM_ITEM}(?:、{_ENUM_ITEM})+(?:(?:以及|和|及|与|或)[^，。；：、,;:“”\"'《》（）()\s]{{1,24}}?"
                   rf"(?=[，。；：,;:“”\"'）)\s]|等|$))?")


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


# What follows a name in one character: a verb of speech, a preposition or a conjunction (王芳说,
# 刘继传在会中强调, 李强称)
_AFTER_NAME = set(_EDGE + "说称等也对向兼任")
NAME_MAX = 4  # a Chinese name's characters: a two-character surname and a two-character given name


def _name_opening(text: str) -> str:
    """The person's name ``text`` opens with, by the segmenter's words: at least two characters,
    and a single character more only while the name is shorter than NAME_MAX and that character
    is not a word of its own after a name (孙日|清|介绍 -> 孙日清, 崔|竹君|主持 -> 崔竹君, but
    邢翔|表示 -> 邢翔 and 刘继传|在 -> 刘继传)."""
    words = list(quiet_jieba().cut(text))
    while words and not words[0].strip(_EDGE):
        words.pop(0)
    name = ""
    for w in words:
        if name and (len(name) >= 2 and (len(w) > 1 or w in _AFTER_NAME) or len(name) + len(w) > NAME_MAX
                     or not w.isalpha()):
            break
        name += w
    return name


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
            end = min(end, start + len(_name_opening(form[start:end])))
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


MARGIN = 0.5  # a further sentence is quoted only if it scores within this of the best


MAX_QUOTE = 200  # characters of quotes after the first sentence; the first is at most 350


def answer_question(index: Index, embedder, question: str, k: int = 8, script: str | None = None,
                    where: Where | None = None, verify: VerifySettings = DEFAULT_VERIFY) -> Answer:
    """Retrieve ``k`` passages, score their sentences, and compose a cited extractive answer (or
    abstain). ``script`` (Hans or Hant) overrides the question's script for display; ``where``
    (``scope``) restricts the search to some documents or dates. Raises QuestionError for a
    question that is empty once control characters and whitespace are removed."""
    t0 = time.perf_counter()
    r = retrieve(index, embedder, question, k, where)
    table, why = from_table(index, r.q, script or r.q.lang) if where is None else (None, None)
    table = from_byline(index, r, script or r.q.lang) or table  # who reported a report: its byline
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
    if best is not None and a is not None and verify.on() and has_evidence(q, best, figure=False):
        # the best sentence may lack the figure asked: one nearly as good that has it may answer
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
        if verdict is None or not verdict.ok:  # none within the margin passed
            best = None
    if best is not None and not has_evidence(q, best) and a is not None and verify.on():
        verdict = _verified(index, q, a, best, verify)  # only to say what the nearest evidence lacks
        best = None
    if best is None or not has_evidence(q, best):
        near = distinct(cands, 3)
        related = [cite_sentence(index, i + 1, c.sentence) for i, c in enumerate(near)]
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
        citations = [cite_sentence(index, i + 1, c.sentence) for i, c in enumerate(chosen)]
        at = short_answer(q, best)
        s = best.sentence
        short = show(s.text[at[0]:at[1]], best) if at else None  # in the answer's script, as in the text
        span = ({"doc": index.documents[s.doc_id].name, "start": s.start + at[0], "end": s.start + at[1]}
                if at else None)
        body = " ".join(f"{show(c.sentence.text, c)}[{r.n}]" for r, c in zip(citations, chosen))
        text = (f"{labels['answer']}{short} [1]\n" if short else "") + body
        related, abstained = [], False
    retrieved = retrieved_rows(index, hits)
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
        if fig.start == c.figure.start or not unit_fits(q, fig):
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
