"""Follow-up questions: a question that leans on the previous turn (它占地多少？, 该项目…, 那投资呢？,
"and its capacity?") is completed with the subject the conversation was last about. A question
that names its own subject is never rewritten. One that leans on a turn the conversation does not
have (那投资呢？ opening it) is not answered: the reply asks which project or park is meant.

The subject of a question is the last name it holds that ends in an entity word (项目, 产业园,
公司, 高新区, 县, …: ``rag.facts.mentions``), not a question phrase (哪个区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import mentions, zone_in
from ..figures import METRICS
from ..textnorm import detect_script, match_form, to_simplified, to_traditional
from .question import question_language
from .render import Answer

# Words that point back at what was asked before, longest first: the zone ones (这个园区) take the
# conversation's zone, the others its subject.
_ZONE_ANAPHOR = re.compile(r"^(?:该|这个|这一|此|本)(?:园区|高新区|开发区|经开区|新区|区|县|市)")
_ANAPHOR = re.compile(r"^(?:那么|那|还有|另外)?(?:它们|它|其|该项目|这个项目|这一项目|此项目|本项目|该公司|这家公司|"
                      r"这个公司|该企业|这家企业|该基地|这个基地|该产业园|这个产业园)")
_LEAD = re.compile(r"^(?:那么|那|还有|另外|以及|和|再问)[，,、\s]*")
_TAIL_ASK = re.compile(r"(?:呢|怎么样|如何)?[？?。.!！\s]*$")
_ENGLISH_LEAD = re.compile(r"^\s*(?:and|what about|how about)\s+(?:the\s+)?(?:its|their)?\s*", re.I)
_ENGLISH_PRONOUN = re.compile(r"\b(?:its|it|this project|the project|this park|the park)\b", re.I)
MAX_ELLIPTIC = 10  # characters: a question this short that opens with a metric has no subject of its own
WHICH_SUBJECT = {"Hans": "请问指的是哪个项目或园区？", "Hant": "請問指的是哪個項目或園區？",
                 "en": "Which project or park do you mean?"}


@dataclass
class Context:
    """What the conversation was last about: a named subject and the zone last named."""

    subject: str | None = None
    zone: str | None = None


@dataclass
class WhichSubject(Answer):
    """The reply to a follow-up with no earlier subject to complete it with: no answer, no figure;
    ``answer`` asks which project or park is meant."""

    needs_subject: bool = True


def named(question: str) -> tuple[str | None, str | None]:
    """The subject a question names (its last name, not a question phrase) and the zone it names."""
    form = match_form(question)
    names = [question[a:b] for a, b in mentions(form)
             if not re.match(r"^(?:哪|什么|多少|几)", form[a:b]) and len(form[a:b]) > 1]
    names = [n for n in names if not re.fullmatch(r"(?:该|这个|这|此|本)?\w{0,2}", match_form(n))]
    zones = [z for n in names if (z := zone_in(n))]
    return (names[-1] if names else None), (zones[-1] if zones else None)


def update(context: Context, question: str) -> Context:
    """The context after ``question`` (as asked or as completed) was answered."""
    subject, zone = named(question)
    return Context(subject or context.subject, zone or context.zone)


def ask(answer, index, embedder, question: str, context: Context, follow: bool = True, **options):
    """Answer ``question`` with ``answer`` (``rag.answer.answer_question`` or the reader's), first
    completed from ``context`` when it is a follow-up (and ``follow``); the answer records the
    question it was understood as (``understood_as``). A follow-up that ``context`` cannot complete
    gets a ``WhichSubject`` instead, unless the search is kept to chosen documents (``where``),
    which may be its subject. Returns the answer and the new context."""
    completed = complete(question, context) if follow else None
    where = options.get("where")
    if follow and completed is None and leans(question) and not (where and where.names):
        lang = options.get("script") or question_language(question)
        return WhichSubject(question=question, answer=WHICH_SUBJECT[lang], short_answer=None, abstained=True,
                            citations=[], related=[], retrieved=[], timings_ms={}, lang=lang), context
    ans = answer(index, embedder, completed or question, **options)
    if completed:
        ans.understood_as, ans.question = completed, question
    return ans, update(context, completed or question)


def complete(question: str, context: Context) -> str | None:
    """``question`` completed with the conversation's subject when it leans on the previous turn,
    else None (it names its own subject, or there is nothing to complete it with). The subject is
    written in the question's script, whatever script it was named in."""
    q = question.strip()
    if not q or named(q)[0] is not None:
        return None
    if convert := {"Hant": to_traditional, "Hans": to_simplified}.get(detect_script(q)):
        context = Context(*(convert(x) if x else x for x in (context.subject, context.zone)))
    if re.search(r"[A-Za-z]", q) and not re.search(r"[\u4e00-\u9fff]", q):
        return _complete_english(q, context.subject)
    form = match_form(q)
    if (m := _ZONE_ANAPHOR.match(_LEAD.sub("", form))) and context.zone:
        rest = _LEAD.sub("", form)[m.end():]
        return context.zone + _original(q, form, rest)
    body = _LEAD.sub("", form)
    if (m := _ANAPHOR.match(body)) and context.subject:
        rest = body[m.end():]
        return context.subject + _original(q, form, rest)
    if context.subject and len(body) <= MAX_ELLIPTIC and (form != body or body.startswith(tuple(METRICS))
                                                          or _TAIL_ASK.search(body).group(0).startswith("呢")):
        rest = _original(q, form, body)
        if rest.endswith(("呢？", "呢?", "呢")):  # 那投资呢？ -> X的投资是多少？
            rest = _TAIL_ASK.sub("", rest)
            ask = "是多少？" if match_form(rest).endswith(tuple(METRICS)) else "是什么？"
            return f"{context.subject}的{rest}{ask}"
        return context.subject + rest
    return None


def leans(question: str) -> bool:
    """Whether ``question`` leans on an earlier turn: a conversation with a subject and a zone
    would complete it."""
    return complete(question, Context("某项目", "某区")) is not None


def _original(question: str, form: str, rest: str) -> str:
    """The end of ``question`` in its own script that ``rest`` (a suffix of its form) stands for."""
    return question[len(form) - len(rest):] if form.endswith(rest) else rest


def _complete_english(question: str, subject: str | None) -> str | None:
    """"and its capacity?" -> "What is the capacity of X?"; None without a pronoun or a subject."""
    if subject is None:
        return None
    lead = _ENGLISH_LEAD.match(question)
    if lead and lead.end() > 0:
        rest = _TAIL_ASK.sub("", question[lead.end():]).strip()
        return f"What is the {rest} of {subject}?" if rest else None
    if _ENGLISH_PRONOUN.search(question):  # How much did it invest? -> How much did X invest?
        return _ENGLISH_PRONOUN.sub(lambda m: f"{subject}'s" if m.group(0).lower() == "its" else subject,
                                    question, count=1)
    return None
