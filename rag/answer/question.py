"""Question analysis: the question cleaned, its language and kind, the words it asks about with
their weights in the corpus, and the unit and metrics it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..bm25 import tokenize
from ..errors import QuestionError
from ..figures import METRICS, UNIT_RE
from ..index import Index
from ..textnorm import HAN, detect_script, match_form
from .english import chinese_terms

# Question words and particles: they say what is asked, not what to look for.
_STOP = set("""
的 了 是 在 有 和 与 及 或 为 被 把 对 由 于 从 到 也 都 就 而 其 该 这 那 之 吗 呢 吧 啊 么 能 会 要 将 个
什么 多少 几 哪 哪些 哪个 哪里 哪儿 哪位 哪家 哪一 谁 何 何时 如何 怎么 怎样 为什么 什么样 是否 是不是 请问
多大 多长 多久 多高 多远 多重 具体 指 已经 可以 能够 目前 主要 分别 一下 the a an of in on at to is are was
were what which who whom when where how much many does did do has have had by for and or with from be
""".split())

_DATE_Q = re.compile(r"何时|什么时候|哪一?年|哪一?天|几月|几号|几日|哪个月|哪月|when\b|what year|what date")
_FIGURE_Q = re.compile(r"多少|几|多大|多长|多高|多重|多远|多久|比例|比重|占比|百分之几|"
                       r"how (?:much|many|long|large|big|high)|what (?:percentage|share|proportion)|"
                       # what was the 2022 operating revenue of…, what was X's (其中文名) revenue, what annual output value are
                       # the projects expected to deliver: a quantity named, as 多少 asks one
                       r"what (?:(?:is|was|were|are|will be) (?:the |its )?[\w\s'()（）-]{0,60}?|(?:(?:annual|total|"
                       r"planned|expected|gross|industrial|average|estimated|combined|overall|actual|new|production|"
                       r"full-year|half-year|first-half|(?:19|20)\d{2}) ){0,3})"
                       r"\b(?:investment|output|revenue|turnover|"
                       r"income|sales|added value|value|area|capacity|taxe?s?|gdp|growth|jobs|employment|exports?|"
                       r"imports?|trade)\b")
_PERSON_Q = re.compile(r"谁|哪位|who\b")
_LIST_Q = re.compile(r"哪些|哪几|哪[一二两三四五六七八九十]+[^年天]|which \w+s\b|what are")
_ENTITY_Q = re.compile(r"什么|哪|何|which|what|name")
_ASKED_UNIT = re.compile(rf"(?:多少|几)(?P<unit>{UNIT_RE})")
_LATIN = re.compile(r"[A-Za-z]")
_HAN_RE = re.compile(f"[{HAN}]")


@dataclass
class Question:
    """What the question asks for, in a form the scorer uses."""

    text: str
    lang: str  # Hans, Hant or en
    kind: str  # figure, date, person, list, entity, other
    form: str  # match form, lower case
    search: str  # the text searched for: the question, plus Chinese words for an English one
    tokens: dict[str, float]  # content tokens and their idf weights
    unit: str | None = None  # unit asked for: 多少亩 -> 亩
    metrics: list[str] = field(default_factory=list)  # metric words named: 总投资, 占地 …
    unknown: float = 0.0  # share of the content (idf-weighted) that no indexed chunk mentions


MAX_QUESTION = 500  # characters; longer questions are cut, with a notice
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_question(text: str) -> tuple[str, str | None]:
    """The question without control and direction-override characters, whitespace collapsed, cut
    to MAX_QUESTION characters; and a notice when it was cut. QuestionError when nothing is left."""
    text = re.sub(r"\s+", " ", _CONTROL.sub(" ", text or "")).strip()
    if not text:
        raise QuestionError("the question is empty: type a question about the documents")
    if len(text) > MAX_QUESTION:
        return text[:MAX_QUESTION], (f"the question was {len(text)} characters long; only its first "
                                     f"{MAX_QUESTION} were used")
    return text, None


# English grammar words: a question built with them is English even when it names a Chinese
# project (How much is the total investment of 星河新能源电池项目?).
_ENGLISH_GRAMMAR = re.compile(
    r"\b(?:how|what|which|who|when|where|why|is|are|was|were|the|of|does|did|do|much|many)\b", re.I)


_CHINESE_ASKING = re.compile(r"什么|多少|哪|几|谁|吗|呢|是否|如何|怎么|为什么|何时|何地")


def question_language(text: str) -> str:
    """``en`` for a question without Han characters but with Latin letters, or one whose words are
    English (three or more, with English grammar words) around a Chinese name that asks nothing in
    Chinese; else its script."""
    latin_words = re.findall(r"[A-Za-z]+", text)
    if _LATIN.search(text) and (not _HAN_RE.search(text) or len(latin_words) >= 3 and _ENGLISH_GRAMMAR.search(text)
                                and not _CHINESE_ASKING.search(match_form(text))):
        return "en"
    return "Hant" if detect_script(text) == "Hant" else "Hans"


def question_kind(form: str) -> str:
    """figure, date, person, list, entity or other, from the question words of ``form``; an
    English question opening with who asks a person (who was the director when the park…)."""
    if re.match(r"\s*(?:who|whom)\b", form):
        return "person"
    for kind, pattern in (("date", _DATE_Q), ("person", _PERSON_Q), ("list", _LIST_Q),
                          ("figure", _FIGURE_Q), ("entity", _ENTITY_Q)):
        if pattern.search(form):
            return kind
    return "other"


def analyze(index: Index, text: str) -> Question:
    """Language, kind, content tokens with idf weights, and the unit and metrics asked for."""
    form = match_form(text).lower()
    lang = question_language(text)
    stats = index.lexical
    search = text
    if lang == "en":
        search = " ".join([text, *chinese_terms(index, text)])
    tokens = {t: stats.idf(t) for t in tokenize(search) if t not in _STOP and not t.isspace()
              and (lang != "en" or stats.doc_freq(t) or _HAN_RE.search(t))}  # untranslated English never matches
    kind = question_kind(form)
    unit = None
    if kind == "figure":
        m = _ASKED_UNIT.search(form)
        if m and any(form.startswith(w, m.start("unit")) for w in METRICS):
            m = None  # 多少年销售额: 年 starts the metric 年销售额, it is not the unit
        unit = m.group("unit") if m else ("时间" if re.search(r"多长时间|多久|how long", form) else None)
    metrics = [m for m in METRICS if m in match_form(search)]
    total = sum(tokens.values()) or 1.0
    unknown = sum(w for t, w in tokens.items() if len(t) > 1 and not _known(t, tokens, stats)) / total
    return Question(text, lang, kind, form, search, tokens, unit, metrics, unknown)


def outermost(words) -> list[str]:
    """The words no other of ``words`` contains: 成都市 of the segmenter's pieces 成都, 都市, 成都市."""
    return [w for w in words if not any(w != v and w in v for v in words)]


def _known(token: str, tokens: dict[str, float], stats) -> bool:
    """Whether the corpus holds ``token``, or the question's longest word around it holds a word
    the corpus has: the segmenter's overlapping pieces of 成都市 (都市, 成都市) are known when 成都
    is, the way the documents write it."""
    if stats.doc_freq(token):
        return True
    words = [w for w in outermost(tokens) if token in w]
    return any(len(u) > 1 and u in w and stats.doc_freq(u) for w in words for u in tokens)


def coverage(q: Question, text_form: str) -> float:
    """Share of the question's content (idf-weighted) found in ``text_form``."""
    total = sum(q.tokens.values())
    if not total:
        return 0.0
    return sum(w for t, w in q.tokens.items() if t in text_form) / total
