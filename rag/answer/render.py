"""How an answer is shown: the answer and citation records, the fixed labels in each language, the
question's script, and the source lines under an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..index import Index
from ..textnorm import to_simplified, to_traditional
from ..types import Document, Hit, Sentence

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
    byline: str | None = None  # whom the report credits: 记者 郑浩；责任编辑 叶双莲 (``byline_of``)


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


def source_note(outlet: str | None, date: str | None) -> str:
    """（outlet，date） after a figure from another row or report, or nothing when its document gives neither."""
    where = "，".join(x for x in (outlet, date) if x)
    return f"（{where}）" if where else ""


def in_script(text: str, source_script: str, lang: str) -> str:
    """``text`` in the question's script; text already in it is left alone (s2t is not a no-op on
    Traditional text: it turns 石拐 into 石柺)."""
    if lang == source_script or lang == "en" or source_script not in ("Hans", "Hant"):
        return text
    return to_traditional(text) if lang == "Hant" else to_simplified(text)


def retrieved_rows(index: Index, hits: list[Hit]) -> list[dict]:
    """The retrieved chunks as an answer lists them: document, chunk id, score and text."""
    return [{"doc": index.documents[h.chunk.doc_id].name, "chunk_id": h.chunk.chunk_id,
             "score": round(h.score, 4), "text": h.chunk.text} for h in hits]


def byline_of(doc: Document) -> str | None:
    """The report's credits as its script writes them (记者 郑浩；责任编辑 叶双莲), or None."""
    labels = ("記者", "責任編輯") if doc.script == "Hant" else ("记者", "责任编辑")
    credits = [f"{label} {name}" for label, name in zip(labels, (doc.author, doc.editor)) if name]
    return "；".join(credits) or None


def cite_sentence(index: Index, n: int, s: Sentence) -> Citation:
    """Citation ``[n]`` of sentence ``s``, with its document's title, date, outlet, page and byline."""
    doc = index.documents[s.doc_id]
    return Citation(n, doc.name, doc.title, doc.date, doc.outlet, s.start, s.end, s.text, doc.page_at(s.start),
                    byline_of(doc))


def all_citations(ans: Answer) -> list[Citation]:
    """The answer's sources in number order: its quotes (or related passages), then the other
    reports that the figure table found on the same figure."""
    by_n = {c.n: c for c in ans.citations or ans.related}
    for o in ans.differs + ans.confirmed_by:
        by_n.setdefault(o.citation.n, o.citation)
    return [by_n[n] for n in sorted(by_n)]


def format_sources(ans: Answer) -> str:
    """The citation list under an answer: ``[n] title · date · outlet · byline · file p. N [start-end]``."""
    cites = all_citations(ans)
    if not cites:
        return ""
    lines = [LABELS[ans.lang]["sources"]]
    for c in cites:
        page = f" p. {c.page}" if c.page else ""
        meta = " · ".join(x for x in (c.title, c.date, c.outlet, c.byline, f"{c.doc}{page} [{c.start}-{c.end}]") if x)
        lines.append(f"[{c.n}] {meta}")
    return "\n".join(lines)
