"""The figure table: every figure of the corpus with its metric, its subject and its period, in
SQLite inside the index generation (``figures.sqlite``), queried by ``rag figures``.

SQLite, from the standard library, over DuckDB: the table is small (a row per figure, tens of
thousands for a province's reports), the queries are filters and sorts by subject and metric,
and a file in the generation folder is checksummed and published with the rest at no cost.

Subject attribution: a subject is a name that ends in an entity word (项目, 产业园, 公司, 高新区,
…), read leftwards from that word to a clause break or a word that cannot be part of a name
(的, 在, 位于, 实施, …, a bracket, 以 in 以X为例). A figure belongs to the last subject named before
it in its sentence; a sentence that names none (or only "该项目", "产业园") continues the subject of
the sentences before it, and the first sentences fall back on the title's. A count of things
(6个功能区) names no subject; a count or category of projects (12个优质项目, 其他项目, 稀土产业项目36个)
is its zone's, or itself where no zone is known, and so is a figure after the counted parts that
其中 splits it into. A figure of a phase (其中一期投资25亿元) is the phase's (…项目一期).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from .figures import find_figures
from .textnorm import aligned_form, match_form
from .types import Document

# Words that end the name of a project, park, company or zone (Simplified), longest first.
# Words ending in 区 that name a part of a place, not an administrative zone (城区 is not one of
# them: 西城区 is a district).
_PART_OF_PLACE = tuple("景观区 景区 核心区 功能区 小区 社区 厂区 矿区 库区 街区 校区 展区 商业区 住宅区 生活区 办公区 "
                       "服务区 停车区 片区".split())
_ZONE_END = "高新区 开发区 经开区 新区 示范区 保税区 综保区 自贸区 工业园区 产业园区 县 市 区 旗".split()
_ENTITY_END = sorted(set("""项目 产业园 工业园 科技园 科学园区 科学园 创科园 分园 创业园 园区 基地 有限公司 股份公司 公司 集团 工厂
总装厂 制造厂 中心 小镇 片区""".split() + _ZONE_END), key=len, reverse=True)  # 创科园: Hong Kong's (港深创科园)
# What cannot be inside a name: a name is read leftwards from its end word up to one of these:
# punctuation, function words, times, and the verbs that reports put before a name (推动, 促进, 取得
# and 因, 就, 着, 以 after a name: a clause run into a bare 园区 is no name). 开工, 签约 and
# 建设 right before the entity word (masked as 名 by mentions), and 在建, name a category: 集中开工项目,
# 签约项目, 重点建设项目, 在建项目, 投产项目, 竣工项目, 续建项目, 计划开工项目; not 基础设施建设类 (a kind).
# 共 (共签约…) stops a name, 共享 and 共同 do not.
_WIRED = r"\d{1,2}日[电讯]"  # a dateline's day and wire (屏東縣6日電)
_NAME_STOP = re.compile(
    r"[，。；：、,;:！？!?“”\"《》「」『』()（）〔〕【】|｜\s]|/(?![套台年日天月时吨])|——|的|在(?!建)|按照|根据|对|将|(?<!自)由|为|是|和|与|及|等|了|已|正在|已经|从|向|把|被|让|使|(?<!数)据|"
    r"位于|属于|走进|来到|考察|调研|视察|带队|实施|协议|合同|促成|洽谈|招引|建设(?!(?:工程)?名|类)|建成|引进|(?<!新)签约(?!名)|落户|落地|开工(?!名)|投产(?!名)|竣工(?!名)|计划(?!(?:新开工|开工|竣工|投产)名)|预计|其中|包括|涵盖|今年|去年|明年|目前|此次|本次|这次|"
    r"据悉|据了解|随着|介绍|表示|共有|共(?![享同])|有|"
    r"着力|着|壮大|坚持|来自|(?<!基)因|就(?!业)|占|出席|建置|推动|促进(?!中心|会|局)|进驻|迁出|公布|发布|吸引|创造|"
    r"建立|依托|加速(?!器)|辅导|进而|大力|近年来|[上下]午|主持|吹响|(?<![洽会])谈|抓好|抓(?!手)|围绕|制约|更多|代表(?!处)|提供|[今昨]日|[今昨]天|日前|近日|"
    r"新开工(?!名)|总投资|投资(?!名)|累计|完成|达到|达(?=[\d一二三四五六七八九十两约近超逾]|产|成|标)|形成|打造|推进|加快|实现|"
    rf"(?:会|仪式|典礼)上(?![海市])|拥有|成为|改造(?!(?:建设)?(?:工程)?名)|续建(?!名)|启动|举行|组织|安排|部署|全市|全区|全县|我市|我区|全省|整个|取得|通过|带动|(?<=[园区目司团地心])以|截至|包含|入驻|暨|全资|宣布|签订|签署|往(?!来)|重视|{_WIRED}|前[一二两三四五六七八九十]+个月|"
    r"(?:19|20)\d{2}年度?(?:\d{1,2}月)?(?:底|末|初)?|前?[一二三四]季度|上半年|下半年|前\d+个月|\d+月(?:份|底)?|"
    r"[元一二三四五六七八九十]{1,2}\s*(?:至|到|[-—～~])\s*[一二三四五六七八九十]{1,2}\s*月份?|[一二三四五六七八九十]{1,2}月份")
# A name opening its clause may join two words that name nothing alone (档案与大数据中心项目).
_INNER_JOIN = ("和", "与", "及")
_CLAUSE_BREAK = "，。；：,;:！？!? \n"
# 以X为Y (以X项目为例, 以X为载体): X opens after 以.
_FRAME = re.compile(r"以(?=[^，。；]{2,30}为)")
_PLACE_IN_NAME = re.compile(r"[(（](?:[\u4e00-\u9fff]{2,6}|[A-Za-z][A-Za-z0-9]{1,7})[)）]")  # 双良新能科技(包头)有限公司, 中石化(LNG)项目
_ANAPHOR = re.compile(r"^(?:该|这个|这一|此|本|上述|这些)?(?:[一二三四]期)?"
                      r"(?:项目|园区|公司|集团|企业|基地|工厂|区|县|市|高新区|开发区|经开区|新区|重大项目|重点项目)"
                      r"(?:[一二三四]期)?$")
# A category rather than a name: 重点项目, 亿元以上重大项目, 3个项目, 17个重点项目
_THESE = r"(?:这些|上述|本次|此次|这次|这批|首批|本批)"
_DEMONSTRATIVE = re.compile(rf"^(?:{_THESE}|[该本][区县市])")  # 该区重点项目 is the zone's
_CATEGORY = re.compile(rf"^{_THESE}?[省市县区]?(?:\d+个|[一二三四五六七八九十]+个)?(?:投资)?"
                       r"(?:\d*[万亿]元(?:级)?(?:以上)?|[超过]\d*[万亿]元)?"
                       r"(?:新开工|新签约|续建|在建|投资|省级|市级|县级|重大|重点|产业类|工业|产业|战略性新兴产业|新兴产业|"
                       r"招商引资|招商|签约|开工|集中|优质|高质量|大|好|各|其他|其它|其余)*"
                       r"(?:项目|企业)$")
# An entity word alone, or after a demonstrative (项目, 产业园, 该开发区): it refers back to a name.
_BARE = re.compile(rf"^(?:该|这个|这一|此|本|上述|这些)?(?:{'|'.join(_ENTITY_END)})(?:[一二三四]期)?$")
# A count of things that are not projects or companies (6个功能区, 9处新园区) is no subject; a count
# of projects (12个优质项目) is a category, qualified by its zone.
_COUNTED = re.compile(r"^(?:\d+|[一二三四五六七八九十百两]+)[个家处座批栋]")
# A name followed by a count of itself is a category too: 稀土产业项目36个, 产业项目有77项, 制造业项目共670个.
# 新建项目开工135个 counts the new projects that started.
_COUNT_AFTER = re.compile(r"(?:共有|共|有|开工|复工|开复工|签约|竣工|投产)?(?:\d+|[一二三四五六七八九十百两]+)[个项家](?!月)")
# All of a zone, as the subject of its own figures: 全区完成固定资产投资…
_WHOLE_ZONE = re.compile(r"全区|全县|全市|全园|园区|该区|该县|该市")
# Henan's cluster zones are named (郑州航空港产业集聚区); 产业集聚区 and 集聚区 alone are common nouns
_NAMED_CLUSTER = re.compile(r"[\u4e00-\u9fff]{2}产业集聚区$|[\u4e00-\u9fff]{2}(?<!产业)集聚区$")
# Every zone of a kind (居全加工区之冠, 各开发区): a reference, no zone's name
_EVERY_ZONE = re.compile(r"[全各](?:加工出口区|加工区|工业区|开发区|高新区|经开区|工业园区|产业园区|科学园区|园区|保税区|自贸区|新区|示范区)$")
# A figure that is a threshold of a category, not a value: 亿元以上重大项目, 亿元级以上的项目,
# 超千亿元的园区
THRESHOLD = re.compile(r"^(?:级)?(?:以上|以下)?的?(?:重大|重点|产业类|工业|新开工|大|投资)*(?:项目|企业|产业|园区|开发区|高新区)")
# What 该项目 can refer back to: a project, or a park or plant that is built as one.
_PROJECT_LIKE = {"项目", "产业园", "工业园", "科技园", "创业园", "基地", "工厂", "总装厂", "制造厂", "中心", "小镇"}
# A phase of a project (其中一期投资25亿元) has figures of its own; 分两期建设 names no phase.
_PHASE = re.compile(r"(?<![分共])(?:[一二三四五六]|首)期")
_PHASES = re.compile(r"(?<![分共])(?:(?:[一二三四五六]|首)期[、和及与])+[一二三四五六]期")  # 二期、三期用地500亩
_ALL = re.compile(r"(?:全部|全都|均)")  # a clause about every one of a group
_PREDICATE = re.compile(r"是|成为|打造|建成|位于|坐落|落户|选址")
_COUNT_UNITS = {"个", "家", "项", "批", "户"}
_COUNT_METRICS = {"就业", "岗位", "员工"}
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")  # a year written as such
MAX_NAME = 30  # characters; a longer run is a clause, not a name
VALUE_TOLERANCE = 1e-6  # relative: 10.3亿元 and 103000万元 are the same figure
CARRY_SENTENCES = 3  # a subject named this many sentences back still holds for a sentence without one


@dataclass
class FigureRow:
    """One figure of the corpus, where it is, what it measures and whose it is."""

    doc: str  # file name
    doc_id: str
    sentence: int  # index of the sentence in the document
    start: int  # the figure's [start, end) in the document text
    end: int
    text: str  # as written: 10.3亿元
    value: float | None  # normalised to ``unit``: 1.03e9
    unit: str | None  # 元, 亩, 台套, %
    metric: str | None  # 总投资, 占地面积, 年产能
    subject: str | None  # 金风科技包头风机总装厂项目
    period: str | None  # a year written in the sentence, else the document's date
    title: str | None
    date: str | None
    outlet: str | None
    # The subject is a category of projects (包头稀土高新区稀土产业项目 of 稀土产业项目36个), not one:
    # comparisons between projects leave it out. Tables written before it was stored read False.
    category: bool = False
    # The entity the subject is (``rag.entities``), set at publish; None for a category, or in
    # tables written before entities.
    entity: int | None = None

    def __post_init__(self):
        self.category = bool(self.category)  # SQLite gives 0/1


# A quoted qualifier right before the entity word is part of the name (“签约一批”项目: the category of
# the campaign's signed projects), not where a name stops; not after a count (2个“补链”项目, the
# members of a list that goes on).
_QUOTED_QUALIFIER = re.compile(r"(?<![个项])[“\"「]([\u4e00-\u9fff]{2,6})[”\"」](?=项目)")


def mentions(text: str) -> list[tuple[int, int]]:
    """The [start, end) of every subject name in ``text`` (Simplified, same length as the original)."""
    out: list[tuple[int, int]] = []
    # Stops do not fire inside a place in brackets or inside the entity words themselves (有限公司).
    masked = _PLACE_IN_NAME.sub(lambda m: "地" * len(m.group(0)), text)
    masked = _QUOTED_QUALIFIER.sub(lambda m: "名" * len(m.group(0)), masked)
    masked = re.sub("|".join(w for w in _ENTITY_END if len(w) > 1), lambda m: "名" * len(m.group(0)), masked)
    brackets = [b.span() for b in re.finditer(r"[(（][^()（）]{0,12}[)）]", text)]
    frames = list(_FRAME.finditer(masked))
    for m in re.finditer("|".join(_ENTITY_END), text):
        end = m.end()
        if out and out[-1][1] >= end or any(a < m.start() < b for a, b in brackets):
            continue  # inside a longer name already, or inside brackets: 国内(区外)
        if len(m.group(0)) == 1 and (re.match(r"[域外内间位块长委级属划民场值别舰]|占率|政(?!府)", text[end:end + 2])
                                     or text[m.start() - 1:m.start()] == "入"  # 入区登记家数, 入园企业: a verb's
                                     or text[end - 1:end + 1] == "旗下" and text[end + 1:end + 2] != "辖"):
            continue  # 区域, 市长, 县委, 市场, 市占率, 旗舰, 集团旗下: the character opens another word
        if text[end:end + 1] == "化":
            continue  # 聚力中心化, 项目化管理, 集团化运营: a word made of the entity word, not a name
        # one character past the name's start, so a stop can see the entity word after it (开工项目)
        stops = [s.end() for s in _NAME_STOP.finditer(masked, max(0, m.start() - MAX_NAME), m.start() + 1)
                 if s.end() <= m.start()]
        stops = sorted(stops + [x.end() for x in frames if x.end() <= m.start()])
        start = stops[-1] if stops else max(0, m.start() - MAX_NAME)
        if masked[start - 1:start] in _INNER_JOIN and masked[start - 2:start] != "以及":  # 以及: a list goes on
            opens = stops[-2] if len(stops) > 1 else (0 if m.start() <= MAX_NAME else -1)
            joined = text[opens:start - 1] if opens >= 0 else ""
            # 档案与大数据中心项目: a clause that opens with a name holds its 与; a figure is none
            # but a threshold's (10亿元及以上项目; not 投资3亿7,800万元及科妍公司)
            figure = re.search(r"\d", joined) and not text.startswith(("以上", "以下"), start)
            if opens >= 0 and start - 1 > opens and (opens == 0 or masked[opens - 1] in _CLAUSE_BREAK) \
                    and not re.search("|".join(_ENTITY_END), joined) and not figure:
                start = opens
        if len(m.group(0)) == 1 and text[m.start() - 1:m.start()] == "园" and out and out[-1][1] == m.start() \
                and text[out[-1][0]:m.start()] not in _ENTITY_END:
            out[-1] = (out[-1][0], end)  # 某某科技园区: the park's name goes on to its 区
            continue
        if out and out[-1][1] >= start and not re.match(r"[，、,]", text[out[-1][1]:start] or "x"):
            start = out.pop()[0]  # 海辰半导体有限公司年产12万片晶圆项目: one name, not two
        # 全区, 该区, 地区, 集聚区, 功能区, 核心区, a bare 园区, 上市, 超市: a reference or a common noun,
        # not a zone's name; 苏州工业园区 is one
        if re.fullmatch(r"(?:全|我|该|本|辖|园|社|厂|城|景|地|聚|集|能|心|载|上|超|股|建|各)[区县市]",
                        text[max(0, end - 2):end] if len(m.group(0)) == 1 else text[start:end]) \
                and not _named_cheng(text[max(0, end - 3):end - 1]) and not _NAMED_CLUSTER.search(text, start, end) \
                or text[start:end] == "都市" \
                or _EVERY_ZONE.search(text[start:end]):
            continue
        if end - start > len(m.group(0)) or m.group(0) not in ("县", "市", "区", "旗"):
            out.append((start, end))
    return out


def _named_cheng(stem: str) -> bool:
    """Whether ``stem`` (晋城 of 晋城市, 盐城 of 盐城市, 东城 of 东城区) is a place ending in 城, so that
    its 城市 or 城区 is no common noun (城市, 大城市, 新城区)."""
    from .cedict import dictionary

    return len(stem) == 2 and stem[1] == "城" and stem[0] not in "大小新老中主全各古名山" and stem in dictionary().places


def _specific(name: str) -> str | None:
    """A name of its own, or None for an anaphor (该项目, 这些项目) or a category (重点项目,
    12个优质项目)."""
    form = match_form(name.strip())
    return None if not form or _ANAPHOR.match(form) or _BARE.match(form) or _category(form) else name.strip()


def _category(form: str) -> bool:
    """Whether a name (Simplified) is a category of projects or companies, not one of them; a
    bare entity word (项目, 产业园) refers back to one instead."""
    if _BARE.match(form):
        return False
    return bool(_CATEGORY.match(form)) or bool(_COUNTED.match(form)) and form.endswith(("项目", "企业"))


def _is_zone(name: str) -> bool:
    return match_form(name).endswith(tuple(_ZONE_END))


_ZONE_TYPE = re.compile(r"^(?:首批|第[一二三四五六七八九十\d]+批)?(?:国家级|省级|市级|县级|国家|省)(?:重点)?"
                        r"(?:经济技术|高新技术产业|高新技术|经济|高新|产业|工业|综合保税)*"
                        r"(?:开发区|高新区|经开区|新区|示范区|保税区|区)$")


def zone_in(name: str) -> str | None:
    """The zone a name opens with (青川经开区重点项目 -> 青川经开区), or the name if it is a zone."""
    form = match_form(name)
    if re.match(r"^(?:该|这|此|本|全|我|上述|\d|[一二三四五六七八九十]+个)", form):
        return None  # 该高新区, 42个市级重大项目: a reference or a count, not a zone's name
    m = re.match(r"^.{2,10}?(?:高新区|开发区|经开区|新区|示范区|保税区|自贸区|县|市|区|旗)", form)
    if not m or re.search(r"(?:全|我|该|本|园|各)[区县市]$", m.group(0)) or m.group(0) in _ZONE_END or m.group(0) == "自治区":
        return None  # 全区; 高新区 or 经开区 alone (经开区31只重大项目) is a common noun
    if _ZONE_TYPE.match(m.group(0)):
        return None  # 国家级经济技术开发区: a zone's rank and kind, not its name
    if m.group(0).endswith(_PART_OF_PLACE) and not re.search(r"(?:高新|开发|经开|新|示范|保税|自贸)区$", m.group(0)):
        return None  # 凤栖湖景观区, 核心区, 生活区: a part of a place, no zone of its own
    # A zone inside a city or a league names both: 成都市郫都区, 包头市稀土高新区.
    inner = re.match(r"^[^\d]{2,6}?(?:高新区|开发区|经开区|新区|示范区|保税区|自贸区|县|区|旗)", form[m.end():])
    if m.group(0).endswith(("市", "盟")) and inner and not re.search(r"(?:全|我|该|本|园|各)[区县]$", inner.group(0)):
        return name[:m.end() + inner.end()]
    return name[:m.end()]


def _kind(name: str) -> str:
    """The entity word a name ends in (项目, 公司, 区, …): an anaphor refers back to a name of its kind."""
    form = match_form(name).rstrip("一二三四期")
    return "zone" if _is_zone(form) else next((w for w in _ENTITY_END if form.endswith(w)), "")


# A clause that opens with a short name and goes straight to its total investment: 杉杉能源总投资,
# “中国500强”企业双良计划总投资. Companies are often named so, without 公司 or 集团.
_SHORT_NAME = re.compile(r"^(?:(?:据了解|记者了解到|其中|目前)[，,]?)?(?:“[^”]{0,12}”)?(?:龙头企业|企业|公司|集团)?"
                         r"([\u4e00-\u9fff]{2,6}?)(?:计划|拟)?总投资(?:额)?(?:达|约|为|超)?$")


def _short_name(clause: str) -> re.Match | None:
    """The short name a clause (Simplified) opens with before its 总投资, when it is a name: not
    an entity word, an anaphor, a category, a zone-wide word or a run with a word names cannot hold."""
    m = _SHORT_NAME.match(clause)
    if not m:
        return None
    name = m.group(1)
    if _BARE.match(name) or _ANAPHOR.match(name) or _category(name) or _WHOLE_ZONE.search(name) \
            or _NAME_STOP.search(name) or any(name.endswith(w) for w in _ENTITY_END) or _PHASE.fullmatch(name):
        return None  # 一期总投资7亿元: the phase of the project named before, no name
    return m


# 某公司投资60亿元建设的某项目, 某集团计划投资25亿元，在园区东区建设某项目: the figure is the
# investment in the project the investor builds, named after it in the same sentence.
_BUILDS = re.compile(r"[^。；;！？!?]{0,20}?(?:建设|投建|兴建|新建|打造)的?")
_INVESTOR = ("有限公司", "股份公司", "公司", "集团")


_JOINER = re.compile(r"、|，|,|和|及|与|以及")  # between the items of a list
_JOINED = re.compile(r"和|及|与|以及")  # two names that act together
_INCLUDES = re.compile(r"包括|包含|涵盖|分别是")


def _list_members(form: str, end: int, names: list[tuple[int, int, str]]) -> set[tuple[int, int]]:
    """The names of a list that 包括 (or 分别是) opens and that ends (等，) before ``end``: 签约项目6个，包括A、B、C等，
    总投资86亿元 gives the list's whole, not its last member's. Empty when there is no such list."""
    opener = None
    for m in _INCLUDES.finditer(form, 0, end):
        opener = m
    if opener is None or re.search(r"[。；;]", form[opener.end():end]):
        return set()
    members = [(a, b) for a, b, _ in names if a >= opener.end() and b <= end]
    if not members or form[opener.end():members[0][0]] not in ("", "了", "有"):
        return set()
    if any(not _JOINER.fullmatch(form[x[1]:y[0]]) for x, y in zip(members, members[1:])):
        return set()
    tail = form[members[-1][1]:end]
    return set(members) if re.match(r"等?(?:在内的?[^，,]*)?[，,]", tail) else set()


# How far after an item's name its own figure stands (社区基地0.16公顷, 产业专用区面积约8.8公顷)
ITEM_REACH = 6


def _items_with_figures(form: str, figures: list, names: list[tuple[int, int, str]]) -> dict[tuple[int, int], int]:
    """The names that are items of a 、 list each giving its own figure (规划产业专用区面积约8.8公顷、
    社区基地0.16公顷，…年产值25亿元), each with where its own figure ends: a figure after that is
    none of theirs."""
    out = {}
    for a, b, _ in names:
        own = next((g for g in figures if g.start >= b), None)
        if own is None or own.start - b > ITEM_REACH or own.unit in _COUNT_UNITS:
            continue
        after_mark = form[own.end:own.end + 1] == "、" and any(a2 == own.end + 1 for a2, _, _ in names)
        before_mark = form[a - 1:a] == "、" and any(g.end == a - 1 for g in figures)
        if after_mark or before_mark:
            out[(a, b)] = own.end
    return out


# 分别 pairs a list of figures with a list of names, in order: X项目和Y项目总投资分别为11亿元、6亿元;
# 总投资分别为11亿元、6亿元的X项目和Y项目.
def _respectively(form: str, figures: list, names: list[tuple[int, int, str]]) -> dict[int, str]:
    """The name each figure of a 分别 list belongs to, by the figure's start; empty when the
    sentence has no such list or its figures and names do not pair one for one."""
    out: dict[int, str] = {}
    for m in re.finditer("分别", form):
        run: list = []  # the figures listed right after 分别 (为, 投资, 达 between)
        for f in figures:
            if f.start < m.end():
                continue
            gap = form[run[-1].end if run else m.end():f.start]
            if not (_JOINER.fullmatch(gap) if run else len(gap) <= 4 and not re.search(r"[。；;，,]", gap)):
                break
            run.append(f)
        after = [n for n in names if run and n[0] >= run[-1].end]
        if after and form[run[-1].end:after[0][0]] == "的":  # 分别为…的X项目和Y项目
            listed = after[:1]
            for x, y in zip(after, after[1:]):
                if not _JOINER.fullmatch(form[x[1]:y[0]]):
                    break
                listed.append(y)
        else:  # X项目和Y项目(，)总投资分别为…
            before = [n for n in names if n[1] <= m.start()]
            gap = form[before[-1][1]:m.start()] if before else "。"
            # …等 opens a clause that goes on to the figures (A、B等大力打造…,高新技术企业分别达到…)
            listed = before[-1:] if (len(gap) <= 8 or gap.startswith("等")) and not re.search(r"[。；;！？]", gap) else []
            for x, y in zip(reversed(before[:-1]), reversed(before)):
                if not listed or not _JOINER.fullmatch(form[x[1]:y[0]]):
                    break
                listed.insert(0, x)
        if len(run) >= 2 and len(listed) == len(run):
            out.update({f.start: n for f, (_, _, n) in zip(run, listed)})
    return out


# A place a report was filed from (屏東縣6日電, 台中報導): no zone the text is about
_DATELINE = re.compile(rf"{_WIRED}|报导|报道|讯")

# A sector named bare as a part of a breakdown (其中，现代工业16个、清洁能源2个)
_SECTOR = re.compile(r"[\u4e00-\u9fff]{2,8}")
# A clause that opens with an industry as its topic: 光电产业在…, 精密机械产业部分, 电脑及周边产业则….
_SECTOR_TOPIC = re.compile(r"((?:(?![的在是与和])[\u4e00-\u9fff]){2,8}?(?:产业|行业))"
                           r"(?=部分|则|在|因|受|随[着著]|方面|[，,]|营业额|产值|营收|上半年|全年)")
# The circumstance a sector's clause opens with, to its comma: 在…的双重加持下, 随着…市场
_CIRCUMSTANCE = re.compile(r"(?:在[^，。；,;]{1,40}(?:下|中)|随[着著][^，。；,;]{1,40})(?=[，,])")

# A count right after what was done to the projects it counts (开工46个, 新建48项, 已签约12个)
_DEED_COUNTED = re.compile(r"(新开工|开复工|开竣工|开工|竣工|签约|投产|续建|新建|在建)(?:共|有)?$")


def _whole_of_parts(form: str, at: int, figures: list, names: list[tuple[int, int, str]],
                    counted: set[str]) -> str | None:
    """The whole a figure at ``at`` belongs to when it follows two or more counted parts that 其中
    splits the whole into, with no other figure after the first part: 重大项目125个，其中工业项目83个、
    战略性新兴产业项目75个，…总投资678亿元. None otherwise (a part's own figure follows the part)."""
    opener = form.rfind("其中", 0, at)
    if opener < 0:
        return None
    wholes = [n for a, b, n in names if b <= opener and (n in counted or _COUNTED.match(match_form(n)))]
    parts = [(a, b) for a, b, n in names if opener < a and b <= at and n in counted]
    if not wholes or len(parts) < 2 or any(parts[0][0] < g.start < at for g in figures
                                           if g.unit and g.unit not in _COUNT_UNITS):
        return None
    if re.fullmatch(r"(?:共|共有|有|为|达)?", form[parts[-1][1]:at]):
        return None  # 其中新建项目48项，续建项目28项: the count right after a part is the part's own
    return wholes[-1]


# 总投资100亿元的道氏技术年产10万吨三元前驱体、…: an item of a list a figure qualifies, named
# without an entity word, runs from 的 to the 、 or 等 that ends the item.
_ITEM_END = re.compile(r"[、，。；,;]|等(?!离)")


def _qualified_items(form: str, text: str, figures: list, names: list[tuple[int, int, str]]
                     ) -> list[tuple[int, int, str]]:
    """The list items after ``的`` that no name found ends, as names: (start, end, text)."""
    out = []
    for f in figures:
        if form[f.end:f.end + 1] != "的" or not f.metric:
            continue  # 210mm的大尺寸组件: a measure describes, an investment names
        stop = _ITEM_END.search(form, f.end + 1)
        if not stop or stop.group(0) not in ("、", "等") or not 2 <= stop.start() - f.end - 1 <= MAX_NAME:
            continue
        if not any(f.end < b <= stop.start() for _, b, _ in names):
            out.append((f.end + 1, stop.start(), text[f.end + 1:stop.start()]))
    return out


# 深圳立雅5万吨刚玉、安达科技新能源材料等项目已建成投产: the items of a list that 等 closes with an
# entity word are names of that kind, written without it.
_LIST_CLOSE = re.compile(r"等(?:一批|\d+个|[一二三四五六七八九十]+个)?[^，。；：、,;:]{0,6}?(?:项目|工程)")
# A count whose members the sentence then names (包括4个子项目，分别是…; 开工项目3个，即…)
_MEMBERS_NAMED = re.compile(r"(包括|包含|含)?(?:\d+|[两二三四五六七八九十]+)个[^，。；,;]{0,8}(?:项目|园区|企业|公司)[，,：:]?(?:分别是|分别为|即)")


def _lists(form: str) -> list[tuple[int, re.Match]]:
    """The lists 等…项目 closes: where each opens, and its close."""
    out = []
    for m in _LIST_CLOSE.finditer(form):
        opens = max(form.rfind(c, 0, m.start()) for c in "，。；：,;:") + 1
        if "、" in form[opens:m.start()]:  # one item is a clause, not a list
            out.append((opens, m))
    return out


def _listed_items(form: str, text: str, names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The items of the lists 等…项目 closes that no name found ends, as names: (start, end, text)."""
    out = []
    for opens, m in _lists(form):
        start = opens
        for part in form[opens:m.start()].split("、"):
            end = start + len(part)
            # an item starts after its last word a name cannot hold (总投资150亿元的, 先后启动), but
            # for 及/和/与, which join inside an item: 5万吨刚玉及1万吨蓝刚玉
            a = max([x.end() for x in _NAME_STOP.finditer(form, start, end)
                     if x.end() < end and x.group(0) not in _INNER_JOIN + ("“", "”")], default=start)
            if 2 <= end - a <= MAX_NAME and not any(b == end for _, b, _ in names):
                out.append((a, end, text[a:end]))
            start = end + 1
    return out


def _opened_by(figure, name: str, rest: str) -> str | None:
    """The subject of a figure a name opens with: a counted category (12个重点基础项目) is itself;
    a measured figure's (总投资150亿元海创磷酸铁锂项目) the name after it; None for other figures
    (40GW拉晶, 亿元以上项目)."""
    if figure.unit in _COUNT_UNITS:
        return name if _category(match_form(name)) else None
    return rest if figure.metric else None


def _counted_group(name: str, zone: str | None) -> str | None:
    """A category that names its count (12个重点基础项目), as its zone's: what the sentences after
    it go on about (项目总投资6.6亿元). None for any other name."""
    form = match_form(name)
    return _qualified(name, zone) if _COUNTED.match(form) and _category(form) else None


def _qualified(category: str, zone: str | None) -> str:
    """A category of projects as its zone's (青川经开区重点项目), or as written when it names its zone
    already or no zone is known (市级重点项目); a count in it aside (19个市级重大项目: 市级重大项目)."""
    category = _DEMONSTRATIVE.sub("", category)
    own = zone_in(category)
    rest = category[len(own):] if own else category
    rest = rest[m.end():] if (m := _COUNTED.match(rest)) and _category(rest[m.end():]) else rest
    return (own or zone or "") + rest


def _refers(anaphor: str, kind: str) -> bool:
    """Whether an anaphor of one kind (项目) can refer back to a name of another (产业园)."""
    return not anaphor or anaphor == kind or anaphor == "项目" and kind in _PROJECT_LIKE


def figure_rows(doc: Document) -> list[FigureRow]:
    """Every figure with a unit or a percentage in ``doc``, attributed to a subject.

    In order: the name a 分别 list pairs it with (X项目和Y项目总投资分别为11亿元、6亿元); a name that
    holds the figure (年产12万片…项目); a name the figure qualifies
    (总投资10亿元的某某项目), or for an investor's investment the project it builds (某公司投资60亿元
    建设的某某项目); the last name before it in its sentence (not an investor after 由; two names
    joined by 及/和/与 together).
    A category (重点项目) is qualified by the zone in charge (青川经开区重点项目); an anaphor or a
    sentence without a name takes the latest name of its kind from the sentences before, and
    全区 / 该区 the zone. Thresholds (亿元以上项目) are not figures."""
    zone = next((z for a, b in mentions(match_form(doc.title or "")) if (z := zone_in(doc.title[a:b]))), None)
    title_names = []  # the title's names, and its categories when they are a zone's or counted (全市18个重点产业项目)
    groups: set[str] = set()  # the subjects made of categories
    for a, b in mentions(match_form(doc.title or "")):
        name, form = doc.title[a:b], match_form(doc.title[a:b])
        if specific := _specific(name):
            title_names.append(specific)
        elif _category(form) and (zone or _COUNTED.match(form)):
            title_names.append(_qualified(name, zone))
            groups.add(title_names[-1])
    recent: list[tuple[int, str]] = []  # (sentence index, name) named in earlier sentences, in order
    counted_last: tuple[int, str | None] = (-2, None)  # the sentence and the group it counted first
    parts_open = False  # a breakdown (其中…) runs on from the sentences before
    counted_whole = None  # the category counted last outside a breakdown (重点项目 of 计划实施重点项目76个)
    rows = []
    year = doc.date[:4] if doc.date else None
    for s in doc.sentences:
        form = aligned_form(s.text)
        if form is None:
            continue
        names = [(a, b, s.text[a:b]) for a, b in mentions(form)
                 if not _COUNTED.match(form[a:b]) or _category(form[a:b])]
        zones_here = [(a, z) for a, b, n in names if (z := zone_in(n)) and not _DATELINE.match(form, b)]
        counted = {n for a, b, n in names if _COUNT_AFTER.match(form, b)}
        among = 0 if parts_open else form.find("其中")  # where the sentence's breakdown into parts opens
        breakdown = among >= 0
        # X项目是…的战略项目, X打造…产业基地, X位于Y片区: a name after 是/打造/位于 in the clause of
        # another is what that one is or becomes, or where it is, not a subject of its own
        predicates = {(a2, b2) for (a1, b1, _), (a2, b2, _) in zip(names, names[1:])
                      if _PREDICATE.search(form[b1:a2]) and not re.search(r"[，。；,;]", form[b1:a2])}
        # 作为…重点签约项目之一: the class a subject belongs to, not a subject
        predicates |= {(a, b) for a, b, _ in names if form.startswith("之一", b)}
        previous, previous_end = None, -1  # the subject of the sentence's previous figure, and its end
        figures = find_figures(s.text)
        names = sorted(names + _qualified_items(form, s.text, figures, names))
        names = sorted(names + _listed_items(form, s.text, names))
        paired = _respectively(form, figures, names)
        own_figures = _items_with_figures(form, figures, names)
        for f in figures:
            if f.value is None or not f.unit or THRESHOLD.match(form[f.end:]):
                continue
            metric = None if f.unit in _COUNT_UNITS and f.metric not in _COUNT_METRICS else f.metric
            zone_now = next((n for a, n in reversed(zones_here) if a < f.start), None) or zone
            holding = ([paired[f.start]] if f.start in paired
                       else [n for a, b, n in names if a < f.start and f.end <= b]
                       or [o for a, b, n in names if a == f.start < f.end < b and (o := _opened_by(f, n, s.text[f.end:b]))])
            # 总投资16亿元的政和白茶项目: the name the figure qualifies runs from 的 to its entity word,
            # across words that end names elsewhere (和, 及): 奇瑞未来一工厂及发动机项目
            # (总用地902亩、一期计划投资21.8亿元的…项目: each figure of a list of qualifiers before 的)
            de = next((g.end for g in figures if g.end >= f.end and form[g.end:g.end + 1] == "的"
                       and not re.search(r"[，。；,;]", form[f.end:g.end])
                       and (g.end == f.end or form[f.end:f.end + 1] == "、")), None)
            ends = [b for a, b, n in names if de is not None and de < a
                    and not re.search(r"[，。；、,;]", form[de:a])][:1]
            for a, b, n in names:  # not a zone: 襄阳手机产业园项目与高新区签订协议 names the other party
                if ends and a > ends[-1] and _JOINED.fullmatch(form[ends[-1]:a]) and not _is_zone(n):
                    ends.append(b)
            after = [s.text[de + 1:ends[-1]]] if ends else []
            members = _list_members(form, f.start, names)
            items = {span for span, own_end in own_figures.items() if own_end < f.start}
            spans = [(a, b, n) for a, b, n in names if b <= f.start and form[a - 1:a] != "由"
                     and (a, b) not in predicates | members | items]
            carried = previous if previous not in {_specific(n) for a, b, n in names if (a, b) in items} else None
            before = [n for _, _, n in spans]
            # 新材料产业园及配套基础设施项目计划总投资…: two names joined by 及/和/与 share the figure
            if len(spans) > 1 and _JOINED.fullmatch(form[spans[-2][1]:spans[-1][0]]):
                before[-1] = s.text[spans[-2][0]:spans[-1][1]]
            clause = re.split(r"[，。；,;]", form[:f.start])[-1]
            short = _short_name(clause)
            if short and not holding and not after:  # 企业双良计划总投资132亿元: a name without an entity word
                before = [s.text[f.start - len(clause) + short.start(1):f.start - len(clause) + short.end(1)]]
            if metric and "投资" in metric and before and _kind(before[-1]) in _INVESTOR:
                after = after or [n for a, b, n in names if f.end < a and _kind(n) in _PROJECT_LIKE
                                  and _BUILDS.fullmatch(form[f.end:a])][:1]
            pick = (holding or after or before[-1:] or [None])[0]
            whole = None if holding or after else _whole_of_parts(form, f.start, figures, names, counted)
            if not holding and not after:
                pick = whole or pick
                if _ALL.match(clause) and not any(a >= f.start - len(clause) for a, _, _ in spans):
                    # 此次共开工4个项目，分别为…；…，全部建成后年产值315亿元: the group counted last
                    here = [g for a, b, n in names if b <= f.start and (g := _counted_group(n, zone_now))]
                    pick = here[0] if here else counted_last[1] if s.index - counted_last[0] <= 1 else pick
            category = pick is not None and (pick in counted or _category(match_form(pick)))
            subject = _specific(pick) if pick and not category else None
            if members and previous and not holding and not after:
                subject = previous  # 签约项目6个，包括A、B等，总投资86亿元: the whole the count was of
            if subject is None and category and (zone_now or not _BARE.match(_DEMONSTRATIVE.sub("", pick))):
                subject = _qualified(pick, zone_now)  # not a name before it, nor a bare 项目
                groups.add(subject)
            elif subject is None and zone_now and (_WHOLE_ZONE.search(clause) or (pick and _kind(pick) == "zone")):
                subject = zone_now  # 全区 / 该区
            elif subject is None and carried and not any(b <= f.start and a > rows[-1].start - s.start
                                                         for a, b, _ in names):
                subject = carried  # …，同比增长18.6%: the clause goes on about the same subject (not an
                # item's: 产业专用区8.8公顷、社区基地0.16公顷，…年产值25亿元)
            if subject is None:
                # 园区既有面积233公顷: a bare 园区 is the park or zone named last, not any name
                kind = _kind(pick) if pick else "zone" if _WHOLE_ZONE.search(clause) else ""
                earlier = [(i, n) for i, n in recent if s.index - i <= CARRY_SENTENCES]
                earlier += [(s.index, n) for n in map(_specific, before[:-1]) if n]
                # A, B等12个重点基础项目建设，项目总投资6.6亿元: the group, not its last member
                here = [g for _, _, n in spans[:-1] if (g := _counted_group(n, zone_now))]
                groups.update(here)
                earlier = [(i, n) for i, n in earlier if i < s.index] + [(s.index, g) for g in here] if here else earlier
                fits = [(i, n) for i, n in earlier if _refers(kind, _kind(n))]
                if fits:  # the first name of the latest sentence that names one: its topic
                    last = max(i for i, _ in fits)
                    subject = next(n for i, n in fits if i == last)
                elif kind == "zone" or not title_names:
                    subject = zone if kind in ("zone", "") else None  # 该项目, 该公司 is never a zone
                    if subject is None and kind == "zone":  # else the park the report named last, however far back
                        subject = next((n for _, n in reversed(recent) if _kind(n) == "zone"), None)
                else:
                    subject = title_names[-1]
            if carried and not holding and not after and not short and not whole \
                    and all(b <= previous_end for _, b, _ in spans) \
                    and previous_end <= f.start - len(clause) and not _WHOLE_ZONE.search(clause):
                subject = carried  # …全部建成后产值315亿元，税收26亿元: a clause with no name since the figure before
            # 其中，现代工业16个、清洁能源2个: in a breakdown of a counted whole (重点项目76个), a part
            # named by a bare sector is that sector's share of the whole (现代工业重点项目)
            item = re.split(r"[，、；：,;:]", form[:f.start])[-1]
            if f.unit in _COUNT_UNITS and breakdown and counted_whole and _SECTOR.fullmatch(item) \
                    and not any(a >= f.start - len(item) and b <= f.start for a, b, _ in names):
                subject = _qualified(s.text[f.start - len(item):f.start] + counted_whole, zone_now)
                groups.add(subject)
            # 积体电路产业…，营业额达1.2兆元: a sector a clause of the sentence opens with, no name after
            # it, is whose output, sales or share the figures are (the zone's sector)
            topics = [t for t in _SECTOR_TOPIC.finditer(form, 0, f.start) if t.start(1) == 0 or form[t.start(1) - 1] in ",;"]
            topic = topics[-1] if topics else None
            # names inside the circumstance the topic's clause opens with (光电产业在…云端中心带动…下，) are not its subject
            frame = _CIRCUMSTANCE.match(form, topic.end(1)) if topic else None
            if not holding and not after and f.unit not in _COUNT_UNITS and topic \
                    and not any(max(topic.end(), frame.end() if frame else 0) <= a < f.start for a, _, _ in names):
                subject = _qualified(s.text[topic.start(1):topic.end(1)], zone_now)
                groups.add(subject)
            if f.unit in _COUNT_UNITS and not holding and (deed := _DEED_COUNTED.search(form, 0, f.start)):
                # 其中开工46个；竣工27个: a count of projects by what was done to them, whatever was named
                # before, but a category written right before the deed (10亿元以上投资项目开工7个)
                counted_here = [n for a, b, n in names if b == deed.start() and _category(match_form(n))]
                subject = _qualified(counted_here[-1] if counted_here else deed.group(1) + "项目", zone_now)
                groups.add(subject)
            # The phase the figure's own clause part names, not inside a name (…产业园三期项目、总投资)
            joined = _PHASES.search(clause)
            if subject and joined and joined.group(0) not in match_form(subject):
                subject += s.text[f.start - len(clause) + joined.start():f.start - len(clause) + joined.end()]
            part = re.split(r"、", clause)[-1]
            phase = next((m for m in _PHASE.finditer(part) if not any(
                a <= f.start - len(part) + m.start() < b and _specific(n) for a, b, n in names)), None)
            if subject and phase and phase.group(0) not in match_form(subject):
                subject += phase.group(0)  # 一期投资25亿元: the figure of phase one, not of the whole
            elif (subject and previous and previous.startswith(subject) and _PHASE.fullmatch(previous[len(subject):])
                  and not any(b <= f.start and a >= f.start - len(clause) for a, b, _ in names)):
                subject = previous  # 其中一期投资25亿元，占地446亩: the clauses go on about the phase
            years = [m.group(1) for m in YEAR.finditer(s.text, 0, f.start)]
            rows.append(FigureRow(doc.name, doc.doc_id, s.index, s.start + f.start, s.start + f.end, f.text,
                                  f.value, f.unit, metric, subject, years[-1] if years else year,
                                  doc.title, doc.date, doc.outlet, subject in groups))
            if form.count("(", 0, f.start) <= form.count(")", 0, f.start):  # (新建48项,续建28项): an
                previous, previous_end = subject, f.end  # aside's figures do not change what the clause is about
        # the zone the text is about now; a venue (在罗江经开区举行) only when the sentence names no other
        topics = [z for a, z in zones_here if form[a - 1:a] != "在"] or [z for _, z in zones_here]
        zone = topics[-1] if topics else zone
        as_zones = {n: _qualified(n, zone) for n in counted}  # 新签约项目293个；协议总金额…: it goes on too
        groups.update(as_zones.values())
        counted_groups = {(a, b): g for a, b, n in names if (g := _counted_group(n, zone))}
        counted_last = (s.index, next(iter(counted_groups.values()))) if counted_groups else counted_last
        # A, B等12个重点基础项目: the sentences after it go on about the group, not its members
        listed = set()
        for opens, m in _lists(form):
            if any(a == m.start() + 1 for a, _ in counted_groups):
                listed |= {(a, b) for a, b, _ in names if opens <= a and b <= m.start()}
        for m in _MEMBERS_NAMED.finditer(form):  # 开工项目3个，分别是A、B: the same, the count first;
            # 包括4个子项目，分别是…: parts of the whole named before, which the next sentences go on about
            listed |= {(a, b) for a, b, _ in names if a >= (m.start() if m.group(1) else m.end())}
        # 其中，续建项目269个…；计划竣工项目111个。: parts, to the sentence's end across its semicolons;
        # the text goes on about the whole
        if breakdown:
            listed |= {(a, b) for a, b, _ in names if a >= among}
        listed |= {(a, b) for a, b, _ in names if _DATELINE.match(form, b)}  # where the report was filed
        parts_open = breakdown and not re.search(r"[。！？!?]\s*$", form)
        if not breakdown and (wholes := [n for a, b, n in names if n in counted and _category(match_form(n))]):
            counted_whole = wholes[-1][len(wholes[-1]) - len(_DEMONSTRATIVE.sub("", match_form(wholes[-1]))):]
        # 三大园区中，前镇科技园区…: the group a clause picks a member from is not what the text goes on about
        recent += [(s.index, c) for a, b, n in names if (a, b) not in listed and not re.match(r"中[,，]", form[b:b + 2])
                   and (c := as_zones.get(n) or _specific(n) or listed and counted_groups.get((a, b)))]
    return rows


# What produces the rows and their entities: an index reuses a document's rows while this is unchanged.
FACTS_REVISION = hashlib.sha256(b"".join(
    (Path(__file__).parent / f).read_bytes() for f in ("facts.py", "figures.py", "chunk.py", "textnorm.py", "entities.py", "tagger.py")
)).hexdigest()[:16]
_COLUMNS = [f.name for f in fields(FigureRow)]
_SQL_TYPES = {"sentence": "INTEGER", "start": "INTEGER", "end": "INTEGER", "value": "REAL", "category": "INTEGER",
              "entity": "INTEGER"}


def _row_values(row: FigureRow) -> tuple:
    """A row's values in column order (astuple() deep-copies each one, slowly)."""
    return tuple(getattr(row, c) for c in _COLUMNS)


def write_table(path: Path, rows: list[FigureRow]) -> None:
    """Write ``rows`` into a new SQLite file at ``path``, indexed by subject and metric (the index
    build syncs it to disk with the rest of the generation)."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        cols = ", ".join(f'"{c}" {_SQL_TYPES.get(c, "TEXT")}' for c in _COLUMNS)
        db.execute(f"CREATE TABLE figures ({cols})")
        db.executemany(f"INSERT INTO figures VALUES ({', '.join('?' * len(_COLUMNS))})", map(_row_values, rows))
        db.execute("CREATE INDEX by_subject ON figures (subject)")
        db.execute("CREATE INDEX by_metric ON figures (metric)")
        db.commit()
    finally:
        db.close()


@contextmanager
def _reading(path: Path):
    """A read-only connection to a table, with ``form()`` (t2s/NFKC) for matching either script."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.create_function("form", 1, lambda t: match_form(t) if t else "", deterministic=True)
    try:
        yield db
    finally:
        db.close()


def query(path: Path, subject: str | None = None, metric: str | None = None) -> list[FigureRow]:
    """Rows whose subject and metric contain the given words (either script), in document order."""
    where, args = [], []
    for col, word in (("subject", subject), ("metric", metric)):
        if word:
            where.append(f"instr(form({col}), ?) > 0")
            args.append(match_form(word))
    sql = "SELECT * FROM figures" + (" WHERE " + " AND ".join(where) if where else "")
    with _reading(path) as db:
        return [FigureRow(*r) for r in db.execute(sql + " ORDER BY doc, start", args)]


def subjects(path: Path) -> list[str]:
    """Every distinct subject of the table."""
    with _reading(path) as db:
        return [r[0] for r in db.execute("SELECT DISTINCT subject FROM figures WHERE subject IS NOT NULL")]


def same_figure_elsewhere(path: Path, doc_id: str, start: int,
                          end: int) -> tuple[list[FigureRow], list[FigureRow]]:
    """For the figure at [start, end) of a document: the rows of other documents that give the
    same subject (the same entity, once entities are resolved) and metric (in a compatible unit, for the same year when both write one), as
    (those that agree, those that differ), newest first. Empty when the figure is not in the
    table or has no subject or metric."""
    with _reading(path) as db:
        own = db.execute('SELECT * FROM figures WHERE doc_id = ? AND start < ? AND "end" > ? '
                         "AND subject IS NOT NULL AND metric IS NOT NULL AND value IS NOT NULL",
                         (doc_id, end, start)).fetchone()
        if own is None:
            return [], []
        row = FigureRow(*own)
        # the same entity under any of its names (``rag.entities``), else the same subject
        same = ("entity = ?", row.entity) if row.entity is not None else ("form(subject) = ?", match_form(row.subject))
        others = [FigureRow(*r) for r in db.execute(
            f"SELECT * FROM figures WHERE {same[0]} AND form(metric) = ? AND unit = ? AND doc_id != ? "
            "AND value IS NOT NULL", (same[1], match_form(row.metric), row.unit, doc_id))]
    # Years written in both sentences must match; a document's own date sets no period here, since
    # a later report restating a project's total is about the same figure. A category's projects
    # change from year to year, so its figures compare only within one period.
    others = [r for r in others if not (_written_year(row) and _written_year(r) and r.period != row.period)
              and not ((row.category or r.category) and r.period != row.period)]
    others.sort(key=lambda r: r.date or "", reverse=True)
    agree = [r for r in others if abs(r.value - row.value) <= VALUE_TOLERANCE * abs(row.value)]
    return agree, [r for r in others if r not in agree]


_DATED = {"Hans": "；{date}的报道为{value}", "Hant": "；{date}的報道為{value}", "en": "; the {date} report gives {value}"}


def dated_values(own: FigureRow, differ: list[FigureRow], lang: str = "Hans") -> str:
    """A figure and the other reports' different values with their dates, newest first, for the
    top of an answer: ``9.6亿元（2024-03-02）；2023-04-11的报道为8.2亿元``."""
    rows = sorted([own] + differ, key=lambda r: r.date or "", reverse=True)
    first = rows[0].text + (f"（{rows[0].date}）" if rows[0].date else "")
    return first + "".join(_DATED.get(lang, _DATED["Hans"]).format(date=r.date or "?", value=r.text) for r in rows[1:])


def _written_year(r: FigureRow) -> bool:
    """Whether the row's period was written in its sentence (not taken from the document's date)."""
    return r.period is not None and r.period != (r.date or "")[:4]


def to_csv(rows: list[FigureRow]) -> bytes:
    """The rows as CSV with a header line, in UTF-8 with a BOM so that spreadsheet software reads
    it as UTF-8: the bytes `rag figures --csv` prints and the Figures tab exports."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(_COLUMNS)
    w.writerows(map(_row_values, rows))
    return buf.getvalue().encode("utf-8-sig")


def row_at(path: Path, doc_id: str, start: int, end: int) -> FigureRow | None:
    """The row of the figure at [start, end) of a document, if the table has one."""
    with _reading(path) as db:
        r = db.execute('SELECT * FROM figures WHERE doc_id = ? AND start < ? AND "end" > ? ORDER BY start LIMIT 1',
                       (doc_id, end, start)).fetchone()
    return FigureRow(*r) if r else None
