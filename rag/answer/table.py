"""Answers from the figure table: superlatives, totals, counts, filters and lists computed over it
(``rag/aggregate.py``), and the cross-check of a figure answer against other reports.
"""

from __future__ import annotations

import re

from ..index import Index
from ..textnorm import match_form
from .question import Question
from .render import LABELS, Answer, Citation, OtherFigure, cite_sentence, in_script, source_note
from .verify import asked

# An answer computed from the figure table: (right + 1) / (asked + 2) over the aggregate and
# conflict question set (tests/data/aggregate_qa.jsonl, bench/aggregate_eval.py: 30 of 30).
TABLE_CONFIDENCE = 0.97


def cross_check(index: Index, ans: Answer, doc_id: str, start: int, end: int) -> None:
    """Look the short answer's figure (at [start, end) of a document) up in the figure table and
    add to ``ans`` the other reports that confirm it or give another value, cited after its own
    sources, with a line that says so (newest first)."""
    if index.figures_path is None:
        return
    from ..facts import dated_values, row_at, same_figure_elsewhere

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
                cited[doc.name, s.start] = cite_sentence(index, n, s)
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
    from .. import aggregate
    from ..facts import mentions, subjects, zone_in

    op = aggregate.parse(q.text)[0]
    if not op:
        return None, None
    a = asked(q.text, q.kind, q.search, q.lang)
    if _RELATIVE_TIME.search(q.form) or op in ("count", "filter") and (a.year or a.period or a.event or a.acts):
        # A count of a period's or an event's projects (前三季度签约, 今年实施), or of those acted on
        # (引进了多少个项目, how many companies attracted), is what reports state; the table only knows
        # which projects carry a figure, and no date relative to a report.
        return None, "the figure table cannot answer for a period or an event: answered from the passages"
    named = aggregate.named_subjects(q.text, subjects(index.figures_path))
    form = match_form(q.text)
    zones = [z for a, b in mentions(form) if (z := zone_in(q.text[a:b]))]
    docs = index.table.containing([match_form(z) for z in zones]) if zones else set()
    if a.subjects and not zones and len(named) < 2:
        # 海东工业园区计划签约的3个项目…合计: a park the table cannot narrow to, not every project's sum
        return None, f"the figure table cannot narrow to {a.subjects[0]}: answered from the passages"
    res, why = aggregate.answer(index.figures_path, q.text, named if len(named) > 1 else [],
                                docs if zones else None)
    if res is None:
        return None, why and f"{why}: answered from the passages instead"
    return table_answer(index, q, res, lang), None


def table_answer(index: Index, q: Question, res, lang: str) -> Answer:
    """The answer that the figure table gives (``rag.aggregate``): what was computed over which
    rows, each row cited to its sentence, with the other reports that differ."""
    from ..aggregate import format_value

    labels = _TABLE_TEXT_EN if lang == "en" else _TABLE_TEXT
    cited: dict[tuple[str, int], Citation] = {}

    def cite(r) -> int:
        doc = index.documents[r.doc_id]
        key = (r.doc_id, r.sentence)
        if key not in cited:
            cited[key] = cite_sentence(index, len(cited) + 1, doc.sentences[r.sentence])
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
