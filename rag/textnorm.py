"""Unicode and script normalisation: NFKC, OpenCC conversions, script detection."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, ext. A, compatibility
_HAN = re.compile(f"[{HAN}]")


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=None)
def quiet_jieba():
    """jieba, with its dictionary-loading messages (DEBUG lines on stderr) silenced (once: the
    entity pass asks for it per word)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def to_simplified(text: str) -> str:
    """Traditional -> Simplified (OpenCC t2s); Simplified text passes through unchanged."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified -> Traditional in Taiwan's standard forms (OpenCC s2tw: 為, 裡, 著, where s2t
    writes 爲, 裏, 着). Characters only: no word is replaced (s2twp would turn 项目 into 專案)."""
    return _converter("s2tw").convert(text)


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width digits and letters become ASCII."""
    return unicodedata.normalize("NFKC", text)


# A year or an amount written digit by digit in Chinese numerals, as some papers print them
# (二○二二年, ROC 一○五年; 一六九八億元, 一九九.九億元, not 二二八事件 or 三七五减租): read as the
# digits it stands for, one character for one.
_HAN_DIGITS = "〇○零一二三四五六七八九"
_HAN_NUMBER = re.compile(rf"[一二][{_HAN_DIGITS}]{{3}}(?=年)|一[〇○零][一二三四五六七八九](?=年)|"
                         rf"(?<![十廿卅百千{_HAN_DIGITS}])(?:[{_HAN_DIGITS}]+\.[{_HAN_DIGITS}]+|[{_HAN_DIGITS}]{{3,}})"
                         rf"(?=[亿万兆元%％家人个])")
_HAN_DIGIT = str.maketrans(_HAN_DIGITS, "000123456789")
# What every such number holds, two digits or a digit and its point in a row: found first, as a
# scan for it costs a fifth of one for the numbers themselves, and most text has none
_HAN_PAIR = re.compile(rf"[{_HAN_DIGITS}][{_HAN_DIGITS}.]")


def match_form(text: str) -> str:
    """The form used for matching and indexing: NFKC, then Simplified, with years and amounts
    written digit by digit in Chinese numerals in Arabic digits (二○二二年 -> 2022年)."""
    form = to_simplified(nfkc(text))
    return _HAN_NUMBER.sub(lambda m: m.group(0).translate(_HAN_DIGIT), form) if _HAN_PAIR.search(form) else form


def aligned_form(text: str) -> str | None:
    """``match_form(text)`` character for character with ``text``, so that offsets map back: a
    character whose NFKC is longer (…, ㎡, ½) is kept as written. None when the conversion to
    Simplified still changes the length."""
    form = match_form(text)
    if len(form) != len(text):
        form = to_simplified("".join(n if len(n := nfkc(c)) == 1 else c for c in text))
    return form if len(form) == len(text) else None


def detect_script(text: str) -> str:
    """``Hant`` if the Han characters are mostly Traditional, ``Hans`` if Simplified, else ``other``.

    A character counts as Traditional when t2s changes it and as Simplified when s2t changes it;
    characters common to both scripts count for neither.
    """
    counts = Counter(_HAN.findall(text[:20000]))
    if not counts:
        return "other"
    n_trad = sum(n for ch, n in counts.items() if to_simplified(ch) != ch)
    n_simp = sum(n for ch, n in counts.items() if to_traditional(ch) != ch)
    return "Hant" if n_trad > n_simp else "Hans"  # shared characters only: read as Simplified
