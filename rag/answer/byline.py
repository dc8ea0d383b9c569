"""Who reported or edited a report: answered from the report's byline, not from its sentences.

`报道临颍13个重点项目集中开工的记者是谁？` asks for the report's own credit (记者 郑浩), which
pages print in a byline or a credit line that cleaning keeps out of the text (``Document.author``,
``Document.editor``), or where a paragraph opens (本报讯(记者 于大勇), 【記者范家豪/台南報導】). The rest of the question
says which report: a retrieved document must hold that description (``TOPIC_MIN``). When none
does, or the report credits nobody in the role asked, the byline has no answer and the question
is read as any other, where the verification stage holds a name to the role asked where it
stands (a 记者 interviewed is no reporter).
"""

from __future__ import annotations

import re

from ..index import Index
from ..textnorm import match_form
from ..types import Document
from .render import Answer, cite_sentence, in_script, retrieved_rows
from .retrieve import Retrieved
from .verify import subject_share

# The role asked, right before the question word (记者是谁, 責任編輯是誰, 作者叫什么) or after it (由哪位
# 记者采写). A book's or a magazine's 作者 and 编辑 are asked the same way, so those two ask a byline
# only of a report.
_ROLES = "责任编辑|责编|编辑|记者|作者|撰稿人|撰文者|执笔者"
_ASKED = re.compile(rf"({_ROLES})(?:是谁|叫什么|是哪位|姓名|的名字)|由?(?:哪位|哪一位|哪名)({_ROLES})(?:采写|撰写)?")
_REPORT = re.compile(r"报道|报导|文章|这篇|稿件|新闻|消息")
_OF_A_WORK = ("编辑", "作者")
_ASKED_EN = [(re.compile(r"\beditor\b"), "editor"),
             (re.compile(r"\b(?:reporter|journalist|correspondent|author|byline|who (?:wrote|reported|filed))\b"),
              "author")]
_REPORTER_EN = re.compile(r"\b(?:reporter|journalist|correspondent)\b")
_REPORT_EN = re.compile(r"\b(?:story|report|article|piece|coverage|news)\b")
_WHO_EN = re.compile(r"^\s*(?:who|which|what is the name)")
_EDITORS = ("责任编辑", "责编", "编辑")
# The question's words that ask for the byline or name the reporting, not which report it is
# (关于…的报道: what the report is about follows)
_NOT_TOPIC = re.compile(r"(?:" + _ASKED.pattern + r")|报道|报导|文章|稿件|这篇|那篇|该篇|撰写|采写|发布|关于|的$|[?？]")
# Share of the description's idf-weighted words the report must hold (the share a subject's name
# needs in the verification stage, verify.SUBJECT_MIN: a description is matched as a name is).
TOPIC_MIN = 0.6
# How likely a byline's answer is right: the near-miss dev splits' six byline questions were all
# answered right (bench/nearmiss, 2026-12-05), (6 + 1) / (6 + 2) as a rule of succession.
CONFIDENCE = 0.875
# A credit opening a sentence of the text, in brackets or after a dateline: 本报讯(记者 于大勇),
# 【記者范家豪/台南報導】, 〔記者陳建志/台中報導〕, 本报青岛4月17日电记者刘成、通讯员张涛报道
# or after the source, with a colon: 本文来源投资界,作者:celia (a name in Latin letters too)
_CREDIT_IN_TEXT = re.compile(r"(?:^|[(（【〔\[]|讯|电|[,，\s](?=(?:记者|作者)\s*[:：]))"
                             r"\s*(?:本报)?(?:记者|作者|撰文)\s*[:：]?\s*"
                             r"([\u4e00-\u9fff]{2,4}?|[A-Za-z][A-Za-z.\- ]{0,30}?[A-Za-z])"
                             r"(?=[\s、,，)）】〕\]/／]|通讯员|实习生|报道|报导|$)")
_OPENING = 20  # characters: a credit further into a sentence is a reporter mentioned, not the byline
_ROLE_LABEL = {"author": ("记者", "reporter"), "editor": ("责任编辑", "editor")}
_ANSWER = ("{role}：{name}（该报道的署名）[1]", "{role}: {name} (the report's byline) [1]")


def byline_asked(question: str) -> str | None:
    """"author" or "editor" when the question asks who reported or edited a report, else None."""
    form = match_form(question)
    if m := _ASKED.search(form):
        role = m.group(1) or m.group(2)
        if role in _OF_A_WORK and not _REPORT.search(form):
            return None  # 《红楼梦》的作者是谁: a work's author
        return "editor" if role in _EDITORS else "author"
    low = question.lower()
    if _WHO_EN.match(low) and (_REPORTER_EN.search(low) or _REPORT_EN.search(low)):
        return next((role for pattern, role in _ASKED_EN if pattern.search(low)), None)
    return None


def _topic(r: Retrieved) -> str:
    """Which report the question means: its words without the byline asked (for an English
    question, the Chinese words it is searched with)."""
    if r.q.lang == "en":
        return "".join(re.findall(r"[\u4e00-\u9fff]+", match_form(r.q.search)))
    return _NOT_TOPIC.sub("", match_form(r.q.text))


def _head_credit(doc: Document) -> tuple[int, int, int] | None:
    """A reporter credited at the opening of a sentence: (sentence index, start, end) of the name."""
    for s in doc.sentences:
        if (m := _CREDIT_IN_TEXT.search(match_form(s.text[:_OPENING + 8]))) and m.start() <= _OPENING:
            return s.index, m.start(1), m.end(1)
    return None


def from_byline(index: Index, r: Retrieved, lang: str) -> Answer | None:
    """The byline's answer to a question that asks who reported or edited a report (``byline_asked``),
    from the retrieved report that the question describes. None for any other question, and when
    no retrieved report matches the description or the one that does credits nobody in the role
    asked: the sentences are then read as for any question, and verified (a name must hold the
    role asked where it stands)."""
    role = byline_asked(r.q.text)
    if role is None:
        return None
    topic, stats = _topic(r), index.lexical
    docs = list(dict.fromkeys(h.chunk.doc_id for h in r.hits))
    share, doc_id = max(((subject_share(stats, topic, lambda t, f=_form(index.documents[d]): t in f), d)
                         for d in docs), default=(0.0, None), key=lambda x: x[0])
    if doc_id is None or share < TOPIC_MIN:
        return None
    doc = index.documents[doc_id]
    head = _head_credit(doc) if role == "author" else None
    if head:
        sentence = doc.sentences[head[0]]
        at = (sentence.start + head[1], sentence.start + head[2])
        name = doc.text[at[0]:at[1]]
    else:
        sentence, at = doc.sentences[0], None
        name = doc.editor if role == "editor" else doc.author
    if not name:
        return None
    label = _ROLE_LABEL[role][lang == "en"]
    name = in_script(name, doc.script, lang)
    text = in_script(_ANSWER[lang == "en"], "Hans", lang).format(role=in_script(label, "Hans", lang), name=name)
    if head:
        text += f"\n{in_script(sentence.text, doc.script, lang)}[1]"
    return Answer(r.q.text, text, name, False, [cite_sentence(index, 1, sentence)], [],
                  retrieved_rows(index, r.hits), {}, lang,
                  answer_span={"doc": doc.name, "start": at[0], "end": at[1]} if at else None,
                  confidence=CONFIDENCE)


def _form(doc: Document) -> str:
    """Where a report's description is looked for: its title, outlet, credits and text."""
    return match_form(" ".join(x for x in (doc.title, doc.outlet, doc.author, doc.editor, doc.text) if x)).lower()
