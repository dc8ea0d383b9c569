"""Figures in sentences: the span (with qualifiers and unit), a normalised value, the metric nearby.

``总投资10.3亿元`` gives a Figure with text ``10.3亿元``, value 1.03e9, unit ``元`` and metric
``总投资``. Chinese numerals (``八亿元``, ``两亿元``, ``千亿元``, ``三分之一``) go through cn2an.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textnorm import to_simplified

_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_MAG = "十百千万亿"
# 廿 and 卅 (twenty, thirty) and decimals written digit by digit (十.六%, 廿三.三九%), as some
# Taiwan papers print figures
# Taiwan's papers write figures digit by digit with ○ for zero and ‧ for the point too (五六○公頃,
# 二‧二五公頃); and 点 for the point in words (九點四五公頃, 三点五平方公里)
_CN_NUM = f"[{_CN_DIGIT}○{_CN_MAG}廿卅]+(?:[.‧点點][{_CN_DIGIT}○]+)?"
_AR_NUM = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"

# Units: (pattern, base unit, multiplier); UNIT_RE tries them longest first (万千瓦 before 千瓦).
_UNITS = [
    ("万亿元", "元", 1e12), ("兆元", "元", 1e12), ("亿美元", "美元", 1e8), ("万美元", "美元", 1e4), ("亿元", "元", 1e8),
    ("新台币", "新台币", 1), ("台币", "新台币", 1),  # 513万台币: New Taiwan dollars, never yuan
    ("亿港元", "港元", 1e8), ("万港元", "港元", 1e4), ("港元", "港元", 1), ("港币", "港元", 1),  # Hong Kong dollars
    ("万元", "元", 1e4), ("千元", "元", 1e3), ("美元", "美元", 1), ("元", "元", 1),
    ("万千瓦时", "Wh", 1e7), ("万千瓦", "W", 1e7), ("千瓦时", "Wh", 1e3), ("千瓦", "W", 1e3),
    ("GWh", "Wh", 1e9), ("MWh", "Wh", 1e6), ("kWh", "Wh", 1e3), ("GW", "W", 1e9), ("MW", "W", 1e6),
    ("kW", "W", 1e3), ("KW", "W", 1e3),
    ("万平方米", "平方米", 1e4), ("平方公里", "平方公里", 1), ("平方米", "平方米", 1), ("㎡", "平方米", 1),
    ("万平米", "平方米", 1e4), ("平米", "平方米", 1), ("坪", "坪", 1),  # 平米: spoken 平方米; 坪: Taiwan's
    ("万平方公尺", "平方米", 1e4), ("平方公尺", "平方米", 1),  # Taiwan's word for the square metre
    ("万平方呎", "平方呎", 1e4), ("平方呎", "平方呎", 1), ("万平方英尺", "平方呎", 1e4), ("平方英尺", "平方呎", 1),  # Hong Kong's
    ("万立方米", "立方米", 1e4), ("立方米", "立方米", 1), ("m³", "立方米", 1),
    ("万立方", "立方米", 1e4), ("立方", "立方米", 1),  # 5万立方/小时 of gas
    ("万亩", "亩", 1e4), ("亩", "亩", 1), ("公顷", "公顷", 1), ("公里", "公里", 1), ("千米", "公里", 1),
    ("万公吨", "吨", 1e4), ("公吨", "吨", 1), ("万吨", "吨", 1e4), ("吨", "吨", 1), ("万台套", "台套", 1e4), ("台套", "台套", 1),
    ("万台", "台", 1e4), ("万套", "套", 1e4), ("万件", "件", 1e4), ("万辆", "辆", 1e4),
    ("万人次", "人次", 1e4), ("万人", "人", 1e4), ("人次", "人次", 1),
    ("个百分点", "个百分点", 1), ("%", "%", 1), ("％", "%", 1), ("‰", "‰", 1), ("倍", "倍", 1),
    ("台", "台", 1), ("套", "套", 1), ("个", "个", 1), ("家", "家", 1), ("名", "名", 1), ("人", "人", 1),
    ("项", "项", 1), ("次", "次", 1), ("辆", "辆", 1), ("条", "条", 1), ("座", "座", 1), ("栋", "栋", 1),
    ("件", "件", 1), ("款", "款", 1), ("户", "户", 1), ("批", "批", 1), ("根", "根", 1), ("片", "片", 1),
    ("场", "场", 1), ("位", "位", 1), ("笔", "笔", 1), ("艘", "艘", 1), ("幅", "幅", 1), ("箱", "箱", 1),
    ("层", "层", 1), ("案", "案", 1),  # 地上9层; 40案: cases, as Taiwan counts investments
    ("间", "间", 1),  # 560間企業: Hong Kong counts firms in 间
    ("成", "%", 10),  # tenths: 8成 is 80%, as Taiwan's reports often write shares
    ("天", "天", 1), ("小时", "小时", 1), ("分钟", "分钟", 1), ("秒", "秒", 1), ("个月", "个月", 1),
    ("年", "年", 1), ("mm", "mm", 1), ("米", "米", 1),
]
_UNIT_INFO = {u: (base, mult) for u, base, mult in _UNITS}


def unit_base(unit: str) -> str:
    """The unit a figure written in ``unit`` is counted in (万吨 and 公吨: 吨)."""
    return _UNIT_INFO.get(unit, (unit, 1))[0]


# Longest first, so that 6个月 is six months and not 6个 (an alternation takes its first match).
UNIT_RE = "|".join(re.escape(u) for u, _, _ in sorted(_UNITS, key=lambda x: -len(x[0])))
# 成 after a number is tenths unless it starts a word: 1成为, 3成立, 2成本
_NOT_TENTHS = re.compile("[为立功本交果员品就熟绩效都型长份分]")
_MAG = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "万亿": 1e12, "千万": 1e7, "百万": 1e6, "兆": 1e12}
_PRE = r"(?:近|约|超过|超|逾|不足|不到|将近|大约|多达)"
_POST = r"(?:余|多(?![出了于过])|以上|以下|以内|左右|上下)"

_FIGURE = re.compile(
    rf"(?P<pre>{_PRE})?"
    rf"(?:(?P<pct_cn>百分之(?P<pct>{_CN_NUM}(?:点[{_CN_DIGIT}]+)?))"
    rf"|(?P<frac_cn>(?P<den>{_CN_NUM})分之(?P<num>{_CN_NUM}))"
    rf"|(?P<frac>\d+/\d+)"
    # 1兆5,855亿元, also spaced as Taiwan's pages print it (1 兆 5,855 億元)
    rf"|(?P<a>{_AR_NUM}|{_CN_NUM})(?:(?P<sp>[ \u00a0])?(?P<hi>兆|亿|万)(?(sp)[ \u00a0])(?P<lo>{_AR_NUM}))?(?:\s*[-~～至到]\s*(?P<b>{_AR_NUM}|{_CN_NUM}))?"
    # one space may stand before the magnitude or unit, as scraped pages print them (669 公顷)
    rf"(?:[ \u00a0]?(?P<post1>{_POST}))?(?:[ \u00a0]?(?P<mag>万亿|千万|百万|万|亿|兆(?!瓦)))?(?:[ \u00a0]?(?P<unit>{UNIT_RE}))?)"
    # 余/多 may also stand between the magnitude and the unit (4万余平方米, 3亿多元), when no unit
    # came before it (5亿元以上|项目)
    rf"(?:(?P<post>{_POST})(?(unit)|(?P<unit2>{UNIT_RE})?))?"
)
# Dates, also years of the Republic of China calendar (至117年, 民国一一七年) and years read digit by
# digit (二〇二四年): a point in time, never an amount of years.
DATE_RE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}[日号]?)?|\d{1,2}月\d{1,2}[日号]|(?:19|20)\d{2}[ \u00a0]?年"
                     r"|(?:(?<=[至到于在自从])|民国)1\d{2}年|[〇零一二三四五六七八九]{3,4}年")

# Metric words common in reports on parks and projects; longest first.
METRICS = sorted("""
总投资 总投资额 投资额 计划投资 完成投资 固定资产投资 到位资金 引进资金 实际利用外资 签约金额 合同额 投资
地区生产总值 生产总值 GDP 年产值 总产值 工业总产值 产值 增加值 年销售额 销售额 营业收入 营收 收入 利税 税收 财政收入 一般公共预算收入
年产能 产能 年产量 产量 年产 装机容量 装机 规模 出口额 进出口额 进出口
占地面积 占地 用地 建筑面积 面积 厂房
开工率 投产率 同比增长 增长 增速 增幅 比例 占比 就业 岗位 员工 工期 用时 时间
""".split(), key=len, reverse=True)


@dataclass
class Figure:
    """A figure span within a text: ``text[start:end]``, its value in ``unit`` and the metric."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str | None
    kind: str  # number, percent, fraction, multiple, range
    qualifier: str | None = None
    metric: str | None = None
    lead: str = ""  # the words just before the figure, back to the previous clause break


def parse_number(token: str) -> float | None:
    """An Arabic or Chinese numeral as a float: ``1,200`` -> 1200, ``两`` -> 2, ``千`` -> 1000."""
    token = token.replace(",", "").replace("，", "")
    try:
        return float(token)
    except ValueError:
        pass
    import cn2an

    token = token.replace("廿", "二十").replace("卅", "三十").replace("○", "〇").replace("‧", ".").replace("点", ".").replace("點", ".")
    whole, _, decimals = token.partition(".")
    if whole and whole[0] in _CN_MAG:  # 千亿 = 一千亿
        whole = "一" + whole
    if m := re.fullmatch(f"([{_CN_DIGIT}]{{2,}})([{_CN_MAG}]?)", whole):  # digit by digit: 一九〇亿 = 190亿
        return int(m.group(1).translate(_DIGIT_VALUE)) * _MAG.get(m.group(2), 1) + _decimals(decimals)
    try:
        value = float(cn2an.cn2an(whole.replace("两", "二").replace("〇", "零"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None
    return value + _decimals(decimals)  # 十.六 = 10.6


_DIGIT_VALUE = str.maketrans(_CN_DIGIT, "001223456789")


def _decimals(digits: str) -> float:
    """Decimals written digit by digit in Chinese numerals (六 -> 0.6, 三九 -> 0.39); 0 for none."""
    plain = digits.translate(_DIGIT_VALUE)
    return float(f"0.{plain}") if plain.isdigit() else 0.0


def _lead(text: str, start: int) -> str:
    """Words before ``start`` back to the previous clause break or figure (at most 16 chars)."""
    window = text[max(0, start - 16):start]
    cut = max(window.rfind(p) for p in "，。；！？、,;:：\n“”")
    window = window[cut + 1:]
    digits = [m.end() for m in re.finditer(r"\d", window)]
    return window[digits[-1]:] if digits else window


def _metric(lead: str) -> str | None:
    hits = [(lead.rfind(m), m) for m in METRICS if m in lead]
    # The metric closest to the figure; ties go to the longer word (METRICS is longest first).
    return max(hits, key=lambda h: (h[0] + len(h[1]), len(h[1])))[1] if hits else None


_UNIT_AFTER = re.compile(r"\d*\s*(?:万|亿|兆|元|%|％|吨|亩|平方|公里|个|家|项|人)")
_THOUSANDS = re.compile(r",\d{3}")  # 2021年3,139.9亿元 is no date 2021年3


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, left to right, in either script. Dates and bare numbers without a unit are left out,
    except fractions and percentages, which carry their meaning without one."""
    original = text
    simplified = to_simplified(text)
    if len(simplified) == len(text):  # t2s is char-for-char here, so offsets carry over
        text = simplified
    # 2052.24亿元 reads like a date (2052.24) but a unit follows it: a figure.
    dates = []
    for m in DATE_RE.finditer(text):
        if not (_UNIT_AFTER.match(text, m.end()) or _THOUSANDS.match(text, m.end())):
            dates.append(m.span())
        elif "年" in m.group():  # 2021年12家, 2021年3,139.9亿元: the year, then a figure
            dates.append((m.start(), text.index("年", m.start()) + 1))
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        if any(a <= m.start() < b for a, b in dates):
            continue
        g = m.groupdict()
        qualifier = g["pre"] or g["post"] or g["post1"]
        if g["frac_cn"] or g["frac"]:
            if g["frac"]:
                n, d = (float(x) for x in g["frac"].split("/"))
            else:
                n, d = parse_number(g["num"]), parse_number(g["den"])
            value = n / d if n is not None and d else None
            kind, unit = "fraction", None
        elif g["pct_cn"]:
            whole, _, decimals = g["pct"].partition("点")
            value = parse_number(whole)
            if value is not None:
                value += _decimals(decimals)
            kind, unit = "percent", "%"
        else:
            unit_word = g["unit"] or g["unit2"]
            if not unit_word and not g["mag"]:
                continue  # a bare number: a year, an id, a list index
            if unit_word == "成" and _NOT_TENTHS.match(text, m.end()):
                continue  # 1成为: a word, not tenths
            if g["a"] == "一" and not g["mag"]:
                continue  # 一批, 一个项目, 一家企业: an article, not a count worth quoting
            if g["a"] in ("万", "亿", "兆") and not g["mag"]:
                continue  # 亿元项目, 万元GDP: a magnitude alone names a class, it counts nothing
            value = parse_number(g["a"])
            if g["hi"] and value is not None:  # 4兆8,067亿元, 32万3,113人: the lower part counts in the unit after it
                value = value * _MAG[g["hi"]] / _MAG.get(g["mag"] or "", 1) + parse_number(g["lo"])
            base, mult = _UNIT_INFO.get(unit_word or "", (unit_word, 1))
            if g["mag"]:
                mult *= _MAG[g["mag"]]
            value = value * mult if value is not None else None
            unit = base
            kind = {"%": "percent", "倍": "multiple"}.get(base or "", "number")
            if g["b"]:
                kind = "range"
        lead = _lead(text, m.start())
        out.append(Figure(m.start(), m.end(), original[m.start():m.end()], value, unit, kind, qualifier,
                          _metric(lead), lead))
    return out
