"""Dates and outlets as Chinese news pages write them: bylines, datelines, reporter lines, ROC years.

The rules match forms of the genre, not names of particular outlets: an outlet is a name ending
in a media word (社, 网, 报, 台, 新闻, 在线, …) where a dateline (``新华社北京2月23日电``), a
wire line (``西部网讯``, ``四川在线消息``) or a reporter line (``河南台记者``) names it; the rules
run on the Simplified form, so Traditional pages (``中央社記者王大明台中2024年11月8日電``) match
them too. A year that is not written is never guessed: a dateline's month and day give a date
only with a year and month written on the page.
"""

from __future__ import annotations

import re
from datetime import date

from .textnorm import HAN

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
# An ROC (Minguo) date, 民國114年11月19日 = 2025-11-19; without 民國 only in Traditional text.
_DAY_FIRST = re.compile(r"(?<![\d/.-])(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})(?![\d/.-])")
_ROC_DATE = re.compile(r"(民[國国]\s*)?(1[0-4]\d|[4-9]\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ROC_OFFSET = 1911
DATELINE_REACH = 200  # characters from the top of a text within which a dateline is looked for
# A clock time, with the part of the day written before or after it (上午 10:30, 10:30 AM).
CLOCK = r"(?:(?:上午|下午|中午|晚上|凌晨|早上)\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\b\.?)?"
_TIME = re.compile(CLOCK)
_WEEKDAY = re.compile(r"(?:星期|週|周|禮拜|礼拜)[一二三四五六日天]")

# Words that end the name of a news outlet or of a body that publishes its own releases (包头工信局,
# 发改委). Checked on the Simplified form.
_MEDIA = (r"(?:通讯社|新闻社|社|网|报|台|新闻|在线|频道|客户端|日报|晚报|时报|周刊|杂志|"
          r"局|委|厅|办|政府|管委会|委员会|中心|协会|研究院)")
_NAME = rf"[{HAN}A-Za-z0-9]{{1,10}}?{_MEDIA}"
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})"
_START = r"(?:^|(?<=[\s(（【〔/]))(?:据|经)?"  # a dateline opens a line or follows a bracket or a space
# 新华社北京2月23日电 / 中评社北京2月29日电 / 中央社记者曾筠庭台北26日电 / 中新社记者南京九月十八日电 /
# 中央社记者王大明台中2024年11月8日电 / 中央社记者王大明东京8日专电: the outlet, then the date as
# written, its month and its day.
_DATELINE = re.compile(rf"{_START}({_NAME})(?:记者[{HAN}]{{2,4}})?[{HAN}]{{2,6}}?"
                       rf"((?:(?:19|20)\d{{2}}年)?(?:({_NUM})月)?({_NUM})日)专?电")
# 西部网讯 / 四川在线消息 ("本报讯" names no outlet)
_WIRE = re.compile(rf"{_START}({_NAME})(?:讯|消息)(?=[\s(（【:：]|$)")
# 河南台记者谭可 / 封面新闻记者 王正元: the reporter's name follows, then a break
_REPORTER = re.compile(rf"{_START}({_NAME})记者\s*[{HAN}]{{2,4}}(?=[\s)）】〕/]|$)")
# Words of the spam that scrapers glue before a dateline (某某官网入口新华网…电).
_SPAM = re.compile(r"官网|官方网站|入口|网址|下载|app|平台|注册|登录|娱乐|彩票|棋牌|博彩|真人|开户|首页|导航",
                   re.I)


def find_date(line: str, roc: bool = False) -> str | None:
    """The first full date written in ``line`` (ISO), or None. ``roc``: the source is Taiwanese,
    so ``114年11月19日`` is an ROC date; ``民國114年…`` is one anywhere."""
    for m in _DATE.finditer(line):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    for m in _DAY_FIRST.finditer(line):  # 18-04-2019: day first, as Hong Kong writes it; else 04-18-2019
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        for month, day in ((b, a), (a, b)):
            try:
                return date(y, month, day).isoformat()
            except ValueError:
                continue
    for m in _ROC_DATE.finditer(line):
        if roc or m.group(1):
            try:
                return date(int(m.group(2)) + ROC_OFFSET, int(m.group(3)), int(m.group(4))).isoformat()
            except ValueError:
                continue
    return None


_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*[年/.-]\s*(\d{1,2})\s*月?(?![\d日])")
# 今（19）日, 昨（十八）日, 今（19日）: a day written beside "today" or "yesterday"
_RELATIVE_DAY = re.compile(rf"[今昨前]\s*[（(]\s*({_NUM})\s*日?\s*[)）]\s*日?")


def _in_written_month(text: str, day: str, month: str | None = None) -> str | None:
    """The date of ``day`` (19 or 十九) in the year and month written in ``text`` (2025年11月), or
    in ``month`` of that year when given; None when ``text`` writes no year and month."""
    written = _YEAR_MONTH.search(text)
    if not written:
        return None
    from .figures import parse_number

    try:
        return date(int(written.group(1)), int(parse_number(month) if month else written.group(2)),
                    int(parse_number(day))).isoformat()
    except (ValueError, TypeError):
        return None


def relative_date(text: str) -> str | None:
    """A date from a day written beside 今/昨 (今（19）日) and a year and month written elsewhere in
    ``text`` (2025年11月): never a year or month that is not written."""
    day = _RELATIVE_DAY.search(text)
    return _in_written_month(text, day.group(1)) if day else None


def dateline_date(text: str) -> str | None:
    """The date of a dateline among the first characters of ``text`` (Simplified): its own when it
    writes the year (中央社记者王大明台中2024年11月8日电), else its day, and month if written,
    in the year and month written elsewhere in ``text`` (2024年11月 … 中央社台北8日电). A year or
    month that is not written is never guessed."""
    m = _DATELINE.search(text[:DATELINE_REACH])
    if not m:
        return None
    return find_date(m.group(2)) or _in_written_month(text, m.group(4), m.group(3))


def without_date_and_time(line: str) -> str:
    """``line`` with its dates, weekdays and clock times blanked."""
    return _WEEKDAY.sub(" ", _TIME.sub(" ", _DAY_FIRST.sub(" ", _DATE.sub(" ", line))))


def is_media_name(name: str) -> bool:
    """Whether ``name`` (Simplified) reads as an outlet's name rather than a person's."""
    return bool(re.fullmatch(rf"[{HAN}A-Za-z0-9·\s]{{0,20}}{_MEDIA}", name.strip()))


# The most common Chinese surnames (about nine in ten people carry one), Simplified.
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
                "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
                "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
                "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆"
                "农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾"
                "隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池乐匡钮")
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯")


def is_person_name(text: str) -> bool:
    """Whether ``text`` (Simplified) is a person's name alone: two to four Han characters that
    open with a common surname, do not end like an outlet and are not a common word (肖暮影,
    王正元; not 我的威海, 华文网, 金融)."""
    if not re.fullmatch(f"[{HAN}]{{2,4}}", text) or is_media_name(text):
        return False
    import jieba.posseg

    from .textnorm import quiet_jieba

    quiet_jieba()
    words = list(jieba.posseg.cut(text))
    if len(words) == 1 and not words[0].flag.startswith("nr") and jieba.dt.FREQ.get(text):
        return False  # a dictionary word that is not a name: 金融, 江南
    if text.startswith(_COMPOUND_SURNAMES):
        return len(text) >= 3
    return text[0] in _SURNAMES and len(text) <= 3


def dateline_outlet(text: str) -> tuple[int, int] | None:
    """Where the outlet named by a dateline, wire line or reporter line in ``text`` (Simplified;
    a line near the top) is: ``(start, end)``. Characters before ``start`` on the same run, when
    they hold spam words (某某官网入口新华网…电), are the caller's to drop. None if none."""
    for pattern in (_DATELINE, _WIRE, _REPORTER):
        for m in pattern.finditer(text[:DATELINE_REACH]):
            name = m.group(1)
            if name.startswith("本报"):
                continue
            spam = [x.end() for x in _SPAM.finditer(name) if is_media_name(name[x.end():])]
            return m.start(1) + (spam[-1] if spam else 0), m.end(1)
    return None
