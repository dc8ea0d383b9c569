"""Entities: the zones, parks, projects, companies, people and organisations the documents name,
found, resolved across documents and stored in the generation beside the figure table.

Two passes. ``find`` reads one document: every name (the figure table's ``mentions``, plus
organisations and people), short forms the text defines, and anaphors (该项目, a clause's bare
項目), each with its offsets and a resolution key. The second pass runs once over the corpus, from
those mentions and the figure rows, and gives each key one entity. ``publish`` does both and
writes the tables into ``figures.sqlite`` (``entities``, ``aliases``, ``mentions``) and the
figure rows' ``entity`` column; the mentions wait in a scratch SQLite file and are resolved one
key at a time, so its memory does not grow with the corpus. ``resolve`` is the same pass in
memory, for mentions already found.

A key is the entity's type, its zone (by ``zone_key``: 松涛港经济开发区 = 松涛港经开区) and the
rest of its name in matching form (Simplified, NFKC; a phase written after 项目 moved before
it). Every rule that makes two names one records why, as the reason of the alias or mention:

- the same name in either script is one (``match_form``);
- a bare name in a document whose zone is known is the zone-qualified one (key takes the
  document's zone); a bare name where no zone is known is the one zone-qualified name of the
  corpus with that rest, when there is exactly one;
- a short form is bound where the text defines it: 新竹科學園區（竹科）, when the short form's
  characters occur in order in the name; …（以下简称“XX”）, …（简称XX） always;
- a name the text gives after a verb of naming (舊稱「路竹園區」、俗稱「路科」) or says is the same
  (路竹園區（即高雄園區）) is the thing's, and where it is a name of its own, across the corpus;
- a zone's body after the council it answers to (國科會南部科學園區管理局) is the body;
- a company is the same without its legal form: X有限公司 = X股份有限公司 = X公司;
- a firm, body or person no rule finds, named as a trained tagger reads it (``rag.tagger``:
  台積電, 宁德时代 without 公司, 吳東昇 without a post), is one wherever it is written alike;
- a place named alone (西安) is the zone the corpus names with it and a kind (西安市);
- one phase of a firm's project named several ways in its zone is one (三星电子存储芯片二期项目 =
  三星半导体二期项目);
- an anaphor (该项目, a clause's bare 项目) is the last name of its kind in the last few sentences.

Never merged: names whose phases or numbered lots differ (一期/二期, 一号/二号地块, and a phase
with its whole project), and names with another head noun (产业园 and 产业园项目).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from .facts import _ANAPHOR, _BARE, _COUNTED, _NAME_STOP, _category, _kind, _specific, mentions as name_spans, zone_in
from .facts import CARRY_SENTENCES, FigureRow
from .textnorm import aligned_form, detect_script, match_form, quiet_jieba, to_simplified, to_traditional
from .types import Document

TYPES = ("zone", "park", "project", "company", "person", "organisation")
# The kind a zone's name ends in, longest first, and the class it belongs to: 松涛港经济开发区 and
# 松涛港经开区 are one zone, 松涛港高新区 another.
_ZONE_KINDS = [("科学工业园区", "科学园区"), ("科学园区", "科学园区"), ("经济技术开发区", "开发区"), ("经济开发区", "开发区"), ("经开区", "开发区"),
               ("高新技术产业开发区", "高新区"), ("高新技术开发区", "高新区"), ("高新区", "高新区"),
               ("新技术产业开发区", "高新区"), ("新技术开发区", "高新区"),  # 武汉东湖新技术开发区 = 东湖高新区
               ("开发区", "开发区"), ("工业园区", "工业园区"), ("产业园区", "产业园区"), ("新区", "新区"),
               ("示范区", "示范区"), ("综合保税区", "保税区"), ("综保区", "保税区"), ("保税区", "保税区"),
               ("自贸区", "自贸区"), ("县", "县"), ("市", "市"), ("区", "区"), ("旗", "旗")]
# Common nouns of places that end in 区 and are no zone's short name (集中区 is no 县域工业集中区)
_BARE_ZONE_NOUNS = {"集中区", "工业集中区", "工业区", "核心区", "片区", "城区", "园区", "辖区", "厂区", "景区", "社区"}
# A kind of zone written alone (科學園區, 經濟技術開發區) is a common noun: the zone last named.
_KIND_WORDS = {w for pair in _ZONE_KINDS for w in pair if len(w) > 1}
_COMMON_PLACE_WORDS = _KIND_WORDS | _BARE_ZONE_NOUNS  # no one zone's name
_KIND_WORD = re.compile("|".join(sorted(_KIND_WORDS, key=len, reverse=True)))
# A province opening a zone's name (内蒙古包头稀土高新区): the zone is the same without it. The
# class served: provinces (X省) and the autonomous regions, which are written without 省.
_PROVINCE = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省|内蒙古(?:自治区)?|广西(?:壮族自治区)?|西藏(?:自治区)?|"
                       r"宁夏(?:回族自治区)?|新疆(?:维吾尔自治区)?|台湾)")
# A science park (新竹科學工業園區, 中部科學園區) is a zone: parks, bureaus and districts are named
# inside it (中科二林園區, 竹科管理局); 科学工业园区 and 科学园区 are one kind (the parks' old and
# new names). The class served: Taiwan's science parks and parks named like them.
_SCIENCE_PARK = re.compile(r"^[\u4e00-\u9fff]{2,6}?科学(?:工业)?园区")
# Words that open a zone's name without naming it (国家高新区 is any national one).
_NO_ZONE = ("国家", "省级", "市级", "县级", "自治区")
_PARK_END = ("产业园", "工业园", "科技园", "科学园", "创科园", "分园", "创业园", "园区", "基地", "小镇", "片区")
_COMPANY_END = ("有限公司", "股份公司", "公司", "集团")
_HEAD_WORDS = _KIND_WORDS | set(_PARK_END) | set(_COMPANY_END)
# Legal forms a company is named with or without (X股份有限公司 = X公司), longest first.
_LEGAL_FORM = re.compile(r"(?:股份有限公司|有限责任公司|集团有限公司|有限公司|股份公司|公司)$")
_PLACE_IN_BRACKETS = re.compile(r"[(（][\u4e00-\u9fff]{2,6}[)）]")
# Industry words a company's name ends in before its legal form (X新能源科技有限公司): the class
# served is the name's industry part, which the company's brand (X) goes without.
_INDUSTRY = re.compile(r"(?:新能源|新材料|能源|材料|科技|技术|实业|发展|控股|投资|电子|电气|化工|制药|生物|医药|"
                       r"汽车|智能|装备|机械|环保|节能|系统|信息|网络|数据|半导体|光电|光伏|食品|物流|贸易|建设|"
                       r"工程|集团|股份|产业|国际|中国)+$")
# Organisations: a name read leftwards (as ``facts.mentions`` reads one) up to these head nouns.
# The full and the contracted forms of a government body are one (管理委员会 = 管委会).
# A bureau or department of a government or a zone's committee is written right after it (市经发局,
# 市政府地政局, 管委会投资促进局, 新区党群工作部); not the common words ending in 局 or 部 (市场格局,
# 区域布局, 园区东部), nor across a word joining two names (园区及中部).
_BUREAU = (r"(?:(?<=[省市区县])|(?<=政府)|(?<=管委会))(?!场|域|格局|布局|结局|大局|全局)"
           r"(?:(?![及和与并的在为是将])[\u4e00-\u9fff]){1,4}?(?:局|(?<![东南西北中内外全大局总])部(?!署|分))")
_ORG_HEAD = re.compile(r"管理委员会|管委会|园管局|管理局|人民政府|政府|人大常委会|政协|委员会|[省市区县]委|党工委|工委会|发改委|商务局|招商局|办公室|协会|商会|"
                       r"银行|研究院|研究所|大学|学院|" + _BUREAU)
_ZONE_BODIES = {"管理委员会", "管委会", "园管局", "管理局"}
_ORG_CONTRACT = [("管理委员会", "管委会"), ("园区管理局", "园管局"), ("人民政府", "政府"),
                 ("发展和改革委员会", "发改委")]
# People named next to their post: 董事长王晓东表示, and (as Taiwanese reports write it) 王惠美縣長,
# 蔡詩傑鎮長. The class served: a Chinese personal name of two or three characters right after or
# right before a job title, opening with one of the commonest surnames (the 100 commonest cover
# about 85% of the population, Ministry of Public Security 2020 ranking; with those of Taiwan's
# 100 commonest, Ministry of the Interior 2018, that the mainland's list lacks; and about a hundred of the
# next commonest, without those that are everyday characters (成, 和, 明, 安): 萧, 池, 查 …).
_POSTS = re.compile(r"(?:董事长|总经理|副总经理|总裁|总监|主任|副主任|书记|副书记|局长|副局长|区长|副区长|市长|副市长|"
                    r"县长|副县长|镇长|副镇长|乡长|省长|副省长|行政长官|司长|署长|主委|主席|负责人|创始人|院长|所长|部长|处长|教授|研究员|经理|"
                    r"立法委员|立委|议员|执行长|副执行长|秘书长|记者|通讯员|责任编辑|编辑)")
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁"
                "任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃"
                "武钱戴严莫孔向常汤康易乔赖文"
                "洪庄简游詹施颜柯翁傅卓阮温蓝古纪连欧尤巫童柳伍倪骆甘章官俞粘"
                "萧池查娄庞樊殷翟芦季鲁葛申毕聂焦邢岳梅辛祝左涂祁舒耿牟卜苗凌费靳盛甄裴卫屈鲍霍隋柏桂闵柴冉"
                "房辜饶瞿戚滕晋苑邬臧褚符奚穆燕郎冀姬屠晏栾郁蒙喻窦迟敖鄢冷仇艾巩虞卞冼佟匡鞠荆岑蔺")
_AFTER_NAME = re.compile(r"[，。、；：,;:（(]|表示|介绍|说|指出|认为|称|告诉|在|等|和|与|先生|女士")
# Short forms the text defines: 新竹科學園區（竹科）, …（以下简称“XX”）, …，简称“XX”; and another name
# the text says is the same (路竹園區（即高雄園區）).
_DEFINED = re.compile(r"[(（](?:即|以下|下文)?(?:简称|称)?[“\"「『]?([\u4e00-\u9fffA-Za-z]{2,8})[”\"」』]?[)）]")
_SAID_SHORT = re.compile(r"[(（，,]?(?:以下|下文)?简称(?:为)?[“\"「『]?([\u4e00-\u9fffA-Za-z]{2,8})[”\"」』]?")
# Other names a text gives a thing, quoted after a verb of naming: 高雄園區舊稱「路竹園區」、俗稱「路科」,
# …又名“X”. The class served: encyclopaedic and government pages, which list a place's former and
# popular names; quoted, so that the name's end is the writer's.
_ALSO_NAMED = re.compile(r"(?:又|俗|旧|通|亦|也|别|原|人)(?:称|名)(?:为)?[“\"「『]([\u4e00-\u9fffA-Za-z]{2,10})[”\"」』]")
# Phases, their stages and numbered lots: names that differ in these are different things, never merged.
_MARK = re.compile(r"(?:[一二三四五六七八九十首\d]+|[A-Z])(?:期|号地块|号|#|地块|阶段)|\d\.\d")
_DIGITS = str.maketrans("123456789", "一二三四五六七八九")
# A zone's phase (南科三期, 南部科學園區第三期園區) is one of its parks, by the phase's number: the
# phase after a zone's name or short form, and at the end of a zone's name.
# A version after a park's name (零碳产业园2.0, 升级版(2.0)) is its successor, named like a phase.
_VERSION = re.compile(r"(?:升级版)?[(（]?(\d\.\d)[)）]?版?")
_PHASE_AFTER = re.compile(r"第?(?:[一二三四五六七八九十]+|\d)期(?:园区|基地)?|" + _VERSION.pattern)
_ZONE_PHASE = re.compile(f"(?:{_PHASE_AFTER.pattern})$")
# A name that opens with a demonstrative refers back (该项目); a bare entity word does so only
# where it opens its clause (項目總投資…), elsewhere it is a common noun (推进项目建设).
_DEMONSTRATIVE = re.compile(r"^(?:该|这个|这一|此|本|上述)")
_CLAUSE_OPEN = "，。；：,;:！？!?\n“"
# The types of name an anaphor of a type refers back to: 该项目 also to a park built as a project.
_REFERS = {"project": ("project", "park"), "park": ("park",), "company": ("company",), "zone": ("zone",),
           "organisation": ("organisation",)}
# Taiwan's science parks by the short forms their administration and the press use without
# defining them (National Science and Technology Council: 竹科, 中科, 南科). The class served:
# reports on these parks. Applied in reports on Taiwan only (``_taiwan_report``): elsewhere 中科
# is 中国科学院.
COMMON_SHORT = {"竹科": "新竹科学园区", "中科": "中部科学园区", "南科": "南部科学园区"}
# A report on Taiwan in Simplified script (a mainland outlet's, or converted) uses them too: one
# that names Taiwan or one of these parks in full.
_TAIWAN = re.compile(r"台湾|新竹科学|中部科学|南部科学")  # matching form: Simplified


def _taiwan_report(text: str) -> bool:
    """Whether the common short forms of Taiwan's science parks apply in a document: a Traditional
    one, or one that names Taiwan or one of the parks in full."""
    return detect_script(text) == "Hant" or bool(_TAIWAN.search(match_form(text)))


@dataclass
class Mention:
    """A name (or a short form, an anaphor) at [start, end) of a document's text."""

    doc_id: str
    doc: str
    start: int
    end: int
    text: str  # as written
    key: str  # the entity it resolves to (``_key``); "" for an anaphor with nothing to refer to
    why: str  # how it was resolved
    name: bool = True  # a name (an alias of its entity), not a short form use or an anaphor


@dataclass
class Found:
    """One document's mentions and the zone it is about (None when not known)."""

    doc_id: str
    doc: str
    zone: str | None
    mentions: list[Mention] = field(default_factory=list)
    # keys the text says are one thing (路竹園區（即高雄園區）): (the name's key, the other's, why)
    same: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Entity:
    """One zone, park, project, company, person or organisation, under its fullest name."""

    id: int
    name: str
    type: str
    key: str
    aliases: dict[str, str] = field(default_factory=dict)  # alias as written -> why it is one
    mentions: int = 0


@dataclass
class Resolved:
    """The corpus's entities, its mentions (with their entity ids) and each figure row's entity."""

    entities: list[Entity]
    mentions: list[tuple[Mention, int]]
    figure_entities: list[int | None]
    ids: dict[str, int] = field(default_factory=dict)  # key -> entity id
    bare: dict[str, str] = field(default_factory=dict)  # a bare name's key -> the corpus's one zone-qualified key
    same: dict[str, str] = field(default_factory=dict)  # a key a definition made another's -> that key
    spelled: dict[str, str] = field(default_factory=dict)  # a zone's key -> its longer spelling's (_zone_spellings)

    def entity_of(self, name: str, zone: str | None = None) -> int | None:
        """The entity a name resolves to by the same rules, in a document about ``zone``."""
        keyed = _key(name, zone)
        if keyed is None:
            return None
        key = respelled(keyed[0], self.spelled)
        key = self.bare.get(key, key)
        return self.ids.get(self.same.get(key, key))


def zone_key(zone: str) -> str:
    """A zone's name in the form that is the same for its spellings: 松涛港经济开发区 and
    松涛港经开区 -> 松涛港/开发区; a district with its city (成都市郫都区) as the district alone."""
    form = _clean(match_form(zone))
    province = _PROVINCE.match(form)
    if province and len(form) > province.end() + 1:
        form = form[province.end():]  # 内蒙古包头稀土高新区 = 包头稀土高新区
    city = re.match(r"^([\u4e00-\u9fff]{2,4}?)[市盟]", form)
    if city and len(form) > city.end() + 1:
        # a district is its own (成都市郫都区 = 郫都区); a zone named after its city keeps the
        # city's name (包头市稀土高新区 = 包头稀土高新区)
        district = re.fullmatch(r"[\u4e00-\u9fff]{1,4}[区县旗]", form[city.end():]) and not any(
            form.endswith(word) for word, _ in _ZONE_KINDS if len(word) > 1)
        form = form[city.end():] if district else city.group(1) + form[city.end():]
    for word, kind in _ZONE_KINDS:
        if form.endswith(word) and len(form) > len(word) and form not in _BARE_ZONE_NOUNS:
            return f"{form[:-len(word)]}/{kind}"
    return form


def _zone_in_context(zone: str, about: str | None) -> str:
    """A zone's key in a document about the zone ``about``: that zone's when this one is it without
    the city its name opens with (稀土高新区 in a report on 包头稀土高新区), else its own."""
    own = zone_key(zone)
    if about is None or "/" not in own:
        return own
    other = zone_key(about)
    (core, kind), (full, kind2) = own.split("/", 1), other.split("/", 1) if "/" in other else ("", "")
    return other if kind == kind2 and len(core) >= 2 and full.endswith(core) and full != core else own


def _clean(form: str) -> str:
    return re.sub(r"[\s“”\"《》「」『』|｜]", "", form).strip("—-－·•、，,:：")


def alias_form(text: str) -> str:
    """The form aliases are stored and looked up in: matching form without spaces and quotes."""
    return _clean(match_form(text))


def _park_phase(form: str) -> int | None:
    """Where the phase a park's name ends in starts (某某园区二期: at 二期), else None."""
    phase = _ZONE_PHASE.search(form)
    return phase.start() if phase and phase.start() > 0 and entity_type(form[:phase.start()]) == "park" else None


def entity_type(name: str) -> str | None:
    """The type of a name by its head noun (zone, park, project, company, organisation), or None."""
    form = _clean(match_form(name))
    if _park_phase(form) is not None:
        return "park"  # 某某園區二期, 某产业园第三期: a phase of a park is a park
    if any(m.end() == len(form) for m in _ORG_HEAD.finditer(form)) or (0, len(form)) in _org_words(form) \
            or _unknown_org(form):
        return "organisation"
    if form.endswith(_COMPANY_END):
        return "company"
    if form.endswith(_PARK_END) and not form.endswith(("工业园区", "产业园区", "科学园区")):
        return "park"
    if _kind(form) == "zone":
        return "zone"
    return "project" if _kind(form) else None


def _zone_opening(form: str) -> str | None:
    """The zone a name (matching form) opens with, or the name if it is one: a science park's
    name (``_SCIENCE_PARK``), else ``facts.zone_in``'s."""
    m = _SCIENCE_PARK.match(form)
    return m.group(0) if m else zone_in(form)


def _expanded(form: str, shorts: dict[str, str]) -> str:
    """A name (matching form) with the short form of a zone it opens with written in full
    (中科二林园区 -> 中部科学园区二林园区, 竹科管理局 -> 新竹科学园区管理局); the short form with
    园区 after it is the zone itself (南科园区)."""
    for short, full in shorts.items():
        if form.startswith(short) and len(form) > len(short) and not re.match(r"[院大技]", form[len(short)]):
            rest = form[len(short):]
            return full if rest in ("园区", "科学园区") else full + rest
    return form


def _body(form: str, shorts: dict[str, str]) -> str:
    """A name (matching form) as keyed: short forms of zones written in full (``_expanded``); a
    zone's body without the organisation it answers to (國科會竹科管理局 = 新竹科學園區管理局)."""
    if (p := _parent_end(form)) and _zone_opening(rest := _expanded(form[p:], shorts)):
        return rest
    return _expanded(form, shorts)


def _rest(form: str) -> str:
    """The part of a name after its zone, with its phase before 项目 (X项目一期 = X一期项目) and
    numerals in phases and lots as characters (1期 = 一期)."""
    form = re.sub(r"\d(?=期|号|#)", lambda m: m.group(0).translate(_DIGITS), form)
    form = re.sub(r"^第?([一二三四五六七八九十]+期)(?:园区|基地)?$", r"\1", form)  # 第三期园区 = 三期
    return re.sub(r"项目((?:[一二三四五六七八九十首]+)期)$", r"\1项目", form)


def marks(name: str) -> tuple[str, ...]:
    """The phases and numbered lots a name has (一期, 二号地块): names that differ in them are
    different things."""
    return tuple(m.group(0) for m in _MARK.finditer(_rest(match_form(name))))


def _key(name: str, zone: str | None) -> tuple[str, str] | None:
    """(key, why) of a name in a document about ``zone``; None for a name of no known type."""
    form = _clean(match_form(name))
    kind = entity_type(form)
    if kind is None:
        return None
    if (at := _park_phase(form)) is not None:  # 某某園區二期
        park = _key(form[:at], zone)
        return park and (park[0] + _VERSION.sub(r"\1", form[at:]), f"{park[1]}; its phase")
    science = _SCIENCE_PARK.match(form)  # 新竹科学园区管理局 is no 园管局: the contraction is after the zone
    head = science.group(0) if science and len(science.group(0)) < len(form) else ""
    rest = written = form[len(head):]
    for long, short in _ORG_CONTRACT:
        rest = rest.replace(long, short)
    form = head + rest
    if kind == "zone" and (phase := _ZONE_PHASE.search(form)) and phase.start() > 0:
        own = _zone_in_context(form[:phase.start()], zone)
        return f"park:{own}|{_rest(form[phase.start():])}", "a zone's phase: one of its parks"
    if kind == "zone":
        key = _zone_in_context(form, zone)
        return f"zone:{key}", "zone name" if key == zone_key(form) else f"{form}: {zone} without its city"
    if kind == "company":
        core = _PLACE_IN_BRACKETS.sub("", _LEGAL_FORM.sub("", form)) or form
        if len(core) < 2:
            return None  # 子公司, 分公司: a firm's relation, no name
        return f"company:{core}", "company name, its legal form aside" if core != form else "company name"
    own = _zone_opening(form)
    if own and len(own) < len(form):
        return f"{kind}:{_zone_in_context(own, zone)}|{_rest(form[len(own):])}", "zone-qualified name"
    if kind == "organisation" and ((0, len(form)) in _org_words(form) or _unknown_org(form)) and form not in _ZONE_BODIES:
        return f"{kind}:|{form}", "organisation named by a word of its own, no zone's"  # 行政院, 科技部, 國發會
    if kind == "organisation" and _parent_end(form):  # 經濟部產業園區管理局: a body of the ministry's
        return f"{kind}:|{_rest(form)}", "body named with the organisation it answers to, no zone's"
    if zone:
        about = zone_key(zone)
        # 园区管理局 in a report on a zone that is a 园区 (新竹科學園區) is its 管理局, not a 园管局
        if kind == "organisation" and about.endswith("园区") and written.startswith("园区管理局"):
            form = form.replace("园管局", "管理局", 1)
        core = about.split("/")[0]
        if "/" in about and len(core) >= 2 and form.startswith(core) and _own_name(form[len(core):]):
            form = form[len(core):]  # 台中精密園區 in a report on 台中市 is its 精密園區
        return f"{kind}:{about}|{_rest(form)}", f"bare name in a document about {zone}"
    return f"{kind}:|{_rest(form)}", "bare name, zone not known"


def _head_word(form: str) -> str | None:
    """The head noun a name (matching form) ends in (项目, 产业园, 管委会 …), or None."""
    return next((w for w in ("项目", *_ABBREVIATION_HEADS) if form.endswith(w)), None)


def _own_name(form: str) -> bool:
    """Whether a name (matching form) is one of its own: no anaphor or category, and two
    characters or more before its head word (精密园区, not 分园)."""
    return bool(_specific(form)) and len(form) - len(_head_word(form) or "") >= 2


def _document_zone(doc: Document, names: list[str], shorts: dict[str, str]) -> str | None:
    """The zone a document is about: its title's, else the one its ``names`` (matching form, short
    forms of zones written in full) name most (the first of equals)."""
    title = match_form(doc.title or "")
    for a, b in _name_spans(title):
        if zone := _zone_opening(_expanded(title[a:b], shorts)):
            return zone
    zones = [z for n in names if (z := _zone_opening(n))]
    if not zones:
        return None
    counts = Counter(zone_key(z) for z in zones)
    best = max(counts.values())
    return next(z for z in zones if counts[zone_key(z)] == best)


def _subsequence(short: str, name: str) -> bool:
    it = iter(name)
    return all(c in it for c in short)


# Organisations named without a head noun of ``_ORG_HEAD`` (行政院, 科技部, 環保署, 國科會): a word
# the segmenter's dictionary holds as a noun, a proper name or an abbreviation (flags) that ends in
# one of these characters. 会 only as an organisation's name or an abbreviation (nt, j), not a
# meeting's (说明会, n); and not where the word's last two characters are a word of their own
# (产业布局, 下腹部, 上流社会).
_ORG_CHARS = {"院": ("n", "nt", "nz", "j", "l"), "部": ("n", "nt", "nz", "j"), "署": ("n", "nt", "nz", "j"),
              "局": ("n", "nt", "nz", "j"), "会": ("nt", "j")}
_ORG_WORD_MAX = 6  # characters: 中国科技部, 上海铁路局
CUT_DEPTH = 2  # names run together before one name (A规划于B特定区之开发区): two more are read


def _org_words(form: str) -> list[tuple[int, int]]:
    """Organisations in ``form`` named by a dictionary word alone (``_ORG_CHARS``), longest first."""
    quiet_jieba()
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    if not tags:
        list(jieba.posseg.cut("院"))  # the dictionary loads on first use
    out = []
    for i, c in enumerate(form):
        if c not in _ORG_CHARS:
            continue
        for n in range(min(_ORG_WORD_MAX, i + 1), 2, -1):
            word = form[i + 1 - n:i + 1]
            if tags.get(word) in _ORG_CHARS[c] and (c == "院" or word[-2:] not in tags):
                out.append((i + 1 - n, i + 1))
                break
    return out


def _org_spans(form: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Organisation names in ``form``: dictionary words (``_org_words``), and names read leftwards
    from a head noun to a word names cannot hold or to the organisation named before it
    (科技部中科管理局 names two)."""
    out = _org_words(form)
    for m in _ORG_HEAD.finditer(form):
        lo = max(0, m.start() - 20)
        stops = [s.end() for s in _NAME_STOP.finditer(form, lo, m.start()) if s.end() <= m.start()]
        stops += [b for a, b in out if lo <= b <= m.start()]
        start = max(stops) if stops else lo
        if m.start() - start < 2:
            start = m.start()
        if m.start() - start < 2 and m.group(0).endswith(("局", "部")) and (joined := [x for x in out if x[1] == m.start()]):
            out[out.index(joined[0])] = (joined[0][0], m.end())  # 市政府地政局: the government's bureau
            continue
        # a zone's own body may go by its head noun alone (管委会): it is then the zone's
        if m.start() - start < 2 and m.group(0) not in _ZONE_BODIES or any(a <= start < b for a, b in out):
            continue
        out.append((start, m.end()))
    # an organisation qualified by a zone holds it: 松涛港经开区管委会 is one name, not two
    return [(a, b) for a, b in out if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in taken)]


def _person_spans(form: str) -> list[tuple[int, int]]:
    """People named next to their post: right after it (董事长王晓东表示, 局長許茂新主持: three
    characters, else two, where a clause break, a reporting verb or a word of the segmenter's
    ends them), right before it (王惠美縣長: a surname and one or two characters, together no
    word of the dictionary (常务副县长) and no entity's name), or before the verb of taking it
    (``_APPOINTED``: the same, but a dictionary word that is a person's name passes, where the
    segmenter starts a word)."""
    from .cedict import dictionary

    quiet_jieba()
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    places = dictionary().places  # 高雄市長, 市長高雄: a place next to a post, no person (高 is a surname)
    out = []
    for m in _POSTS.finditer(form):
        for n in (3, 2):
            a, b = m.end(), m.end() + n
            if b <= len(form) and form[a] in _SURNAMES and re.fullmatch(r"[\u4e00-\u9fff]+", form[a:b]) \
                    and form[a:b] not in places and form[a:a + 2] not in places \
                    and (_AFTER_NAME.match(form, b) or b in {a + e for _, e, _ in _segmented(form[a:b + 4])}):
                out.append((a, b))
                break
        if name := _name_before(form, m.start(), out, lambda a, b: form[a:b] not in tags and form[a:b] not in places
                                and form[a:a + 2] not in places):
            out.append(name)
    for m in _APPOINTED.finditer(form):  # 其中吳東昇擔任董事長: a name right before the verb
        if name := _name_before(form, m.start(), out, lambda a, b: tags.get(form[a:b], "nr") == "nr" and a in {
                max(0, a - 4) + s for s, _, _ in _segmented(form[max(0, a - 4):b])}):
            out.append(name)
    return out


def _name_before(form: str, b: int, taken: list[tuple[int, int]],
                 fits: Callable[[int, int], bool]) -> tuple[int, int] | None:
    """The person's name of three characters, else two, ending at ``b``: opening with a surname, Han
    characters only, no entity's name, clear of ``taken`` and passing ``fits``; None when neither is."""
    for n in (3, 2):
        a = b - n
        if a >= 0 and form[a] in _SURNAMES and re.fullmatch(r"[\u4e00-\u9fff]+", form[a:b]) \
                and not entity_type(form[a:b]) and not any(x < b and a < y for x, y in taken) and fits(a, b):
            return a, b
    return None


# A person named by the post they take: 吳東昇擔任董事長, 王明出任管委会主任 (a post within a few
# characters after the verb, before the clause ends).
_APPOINTED = re.compile(rf"(?:担任|出任|兼任|接任|升任|转任|调任)(?=[^，。；：,;:]{{0,12}}?{_POSTS.pattern})")


# Where a name starts, by the segmenter (jieba) rather than a stop list: after the last word of a
# part of speech a name holds none of, read leftwards from its head. Verbs (v: 視察, 撤回, 說明;
# not vn, a verb used as a noun: 管理局, 生产基地), prepositions (p: 於), pronouns (r: 他),
# adverbs (d), particles (u: 之), time words (t) and punctuation the stop list misses (x: 「, ／,
# 〕). The class served: reports whose wording the stop list was not written for (Taiwanese pages:
# 行政院院長蘇貞昌3日視察龍潭科學園區 names 龍潭科學園區). Projects are named with verbs (整县推进项目,
# 改造项目), so their names keep the stop list's bounds.
_BREAK_FLAGS = ("v", "vd", "p", "r", "d", "t", "x", "ud", "ug", "uj", "ul", "uv", "uz", "y", "e")


def _tagged(form: str) -> list[tuple[str, str]]:
    """``form``'s words with their part-of-speech flags, by jieba."""
    quiet_jieba()
    import jieba.posseg

    return [(w, flag) for w, flag in jieba.posseg.cut(form)]


def _segmented(form: str) -> list[tuple[int, int, str]]:
    """``form``'s words as (start, end, part-of-speech flag), by jieba."""
    out, at = [], 0
    for w, flag in _tagged(form):
        out.append((at, at + len(w), flag))
        at += len(w)
    return out


# Verbs the segmenter tags as such that name an activity inside a park's or zone's name
# (科技创新园区, 深港科技创新合作区, 国家级示范区, 孵化基地): no break in a name.
_NAME_VERBS = {"创新", "示范", "孵化", "制造", "集聚", "开放", "展示", "共建"}


def _bureau_after(form: str, at: int, b: int) -> bool:
    """Whether a bureau of the body ending at ``at`` ends the name at ``b`` (市政府|地政局)."""
    bureau = _ORG_HEAD.match(form, at)
    return bool(bureau) and bureau.end() == b and bureau.group(0).endswith(("局", "部"))


def _name_start(form: str, a: int, b: int) -> int:
    """Where the name [a, b) of ``form`` starts: after the last word before its final word (its
    head) whose part of speech no name holds (``_BREAK_FLAGS``), or that names an organisation
    (``_org_words``: 科技部星湖科學園區 names the ministry and the park), else at ``a``."""
    words = _segmented(form[a:b])
    cut = [e for s, e, flag in words[:-1] if flag in _BREAK_FLAGS and (flag != "x" or not form[a + s:a + e].isalnum())
           and form[a + s:a + e] not in _NAME_VERBS]
    cut += [e for _, e in _org_words(form[a:b])] + [m.end() - a for m in _ORG_HEAD.finditer(form, a, b)
                                                     if not _bureau_after(form, m.end(), b)]
    # never inside the kind word it ends in (青川经开区: the segmenter reads 经 as a preposition)
    # nor inside a zone's kind word before it (青川经开区管委会)
    head = max((len(w) for w in _HEAD_WORDS if form.endswith(w, a, b)), default=2)
    head = max([head] + [m.end() - m.start() for m in _ORG_HEAD.finditer(form, a, b) if m.end() == b])
    kinds = [k.span() for k in _KIND_WORD.finditer(form, a, b)]
    # nor where only common words would be left (金光|科技产业园): the name's own part is before
    # nor to a firm's bare legal form (台开|集团: the segmenter reads 开 as a verb)
    least = head + 2 if form.endswith(_COMPANY_END, a, b) else max(2, head)
    cut = [e for e in cut if b - (a + e) >= least and not any(x < a + e < y for x, y in kinds)
           and not _INDUSTRY.fullmatch(form[a + e:b - head])]
    return a + max(cut) if cut else a


def _name_spans(form: str) -> list[tuple[int, int]]:
    """The names in a sentence's matching form: the figure table's (``facts.mentions``),
    organisations and people, none inside another; each but a project's, an anaphor's or a bare
    entity word's starting where the segmenter says (``_name_start``)."""
    read = name_spans(form)
    names = _started(form, read)
    names += _cut_off_names(form, read, names)
    found = names + _started(form, _org_spans(form, names)) + _person_spans(form)
    found += [x for x in _new_words(form) if not any(a < x[1] and x[0] < b for a, b in found)]
    return sorted({x for x in found if not any(y != x and y[0] <= x[0] and x[1] <= y[1] for y in found)})


def _parent_end(form: str) -> int | None:
    """Where the organisation a body's name (matching form) opens with ends, when it opens with one
    and the rest is a qualified body of a zone (國科會|南部科學園區管理局, 經濟部|產業園區管理局)."""
    ends = [b for a, b in _org_words(form) if a == 0] + [m.end() for m in _ORG_HEAD.finditer(form)]
    for p in sorted(set(ends)):
        rest = form[p:]
        body = next((w for w in _ZONE_BODIES if rest.endswith(w)), None)
        if body and len(rest) - len(body) >= 2 and entity_type(form[:p]) == "organisation":
            return p
    return None


def _started(form: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names started where the segmenter says (``_name_start``), but a project's, an anaphor's or a
    bare entity word's."""
    return [(a, b) if entity_type(form[a:b]) == "project" or _ANAPHOR.match(form[a:b]) or _BARE.match(form[a:b])
            else (_name_start(form, a, b), b) for a, b in spans]


def _cut_off_names(form: str, read: list[tuple[int, int]], kept: list[tuple[int, int]],
                   depth: int = CUT_DEPTH) -> list[tuple[int, int]]:
    """Names in what ``_name_start`` cut off the front of a name read too far leftwards
    (台积公司规划于台南科学工业园区特定区 keeps 台南科学工业园区特定区; 台积公司 is a name of its own),
    read again the same way, down to ``depth`` cuts."""
    out = []
    for (a, _), (c, _) in zip(read, kept):
        if c - a < 2 or depth == 0:
            continue
        part = form[a:c]
        again = name_spans(part)
        cut = _started(part, again)
        out += [(a + x, a + y) for x, y in cut + _cut_off_names(part, again, cut, depth - 1)]
    return out


def _new_words(form: str) -> list[tuple[int, int]]:
    """Names the segmenter builds from characters its dictionary does not hold as one word (its
    HMM's guess at a new word) and that read as a person's (``_unknown_person``: 吳東昇說, 由陳進吉
    主持) or an organisation's abbreviation (``_unknown_org``: 國發會, 工信局). The class served:
    people named without a job title beside them, and bodies named by a short form no dictionary
    holds."""
    jieba = quiet_jieba()
    words, at = [], 0
    for w in jieba.lcut(form):
        words.append((at, at + len(w), w))
        at += len(w)
    return [(a, b) for a, b, w in words if _unknown_person(w) or _unknown_org(w)]


_ORG_SHORT_END = "会署局部委"
_NOT_NAME_END = "说称讲道等和与在是的了"  # 沈总说, 李某等: a word the segmenter ran past a name into


def _unknown_org(word: str) -> bool:
    """Whether a word (matching form) is a body's abbreviation ``_new_words`` takes: three
    characters ending in a body's character, not in the segmenter's dictionary, and no person's
    name (周胜会 is a person's)."""
    return len(word) == 3 and word[-1] in _ORG_SHORT_END and word[0] not in _SURNAMES \
        and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word)) and word not in quiet_jieba().dt.FREQ


def _unknown_person(word: str) -> bool:
    """Whether a word (matching form) is a name ``_new_words`` takes for a person's."""
    from .cedict import dictionary

    return len(word) == 3 and word[0] in _SURNAMES and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word)) \
        and word not in quiet_jieba().dt.FREQ and word not in dictionary().places and word[:2] not in dictionary().places \
        and not entity_type(word) \
        and not _POST_SHORT.match(word, 1) and word[2] not in _NOT_NAME_END


def _cut_at(form: str, alone: Callable[[str], bool]) -> int | None:
    """Where a name (matching form) that runs past its start (舊稱南部科學工業園區, 核定路竹園區) is
    cut: at the longest name after its first characters that is written alone (``alone``:
    南部科學工業園區, 路竹園區), when what is cut is no name or place of its own (包头稀土高新区
    keeps 包头). Projects keep their names (金风科技包头风机总装厂项目). None: kept whole."""
    from .cedict import dictionary

    kind = entity_type(form)
    if kind == "project":
        return None
    cut = next((k for k in range(1, len(form) - 3) if alone(form[k:])), None)
    prefix = form[:cut] if cut else ""
    # a zone keeps what opens its name unless it is a science park's (云岭稀土高新区: 云岭 may be a place
    # no dictionary knows); a zone written bare and qualified is one zone by its key anyway
    if cut and (kind != "zone" or _SCIENCE_PARK.match(form[cut:])) and (entity_type(prefix) is None or _BARE.match(prefix)) \
            and prefix not in dictionary().places and not _zone_opening(prefix) and prefix not in COMMON_SHORT:
        return cut
    return None


def _alone(form: str) -> bool:
    """Whether a name (matching form) may stand for the end of a longer one (``_cut_at``)."""
    head = _head_word(form)
    return len(form) >= 4 and not _BARE.match(form) and entity_type(form) in ("zone", "park", "organisation") \
        and not form.startswith(tuple(_COMMON_PLACE_WORDS)) \
        and not (head and _INDUSTRY.fullmatch(form[:-len(head)]))  # 园区管理局, 科技产业园: any park's


def _trimmed(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """A document's names cut where they run past their start (``_cut_at``) to a name the
    document also writes alone."""
    forms = [match_form(text[a:b]) for a, b, _ in spans]
    alone = {f for f in forms if _alone(f)}
    return [(a + (_cut_at(f, alone.__contains__) or 0), b, i) for (a, b, i), f in zip(spans, forms)]


# A part of a zone or park named right after it (中马钦州产业园区启动区): a place of its own.
_PART_AFTER = re.compile(r"启动区|起步区|核心区|先行区|先导区|拓展区")


def _with_phases(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Names of parks, projects and zones with the phase or part written right after them
    (…創新園區二期, …产业园第三期, …产业园区启动区): the phase's or part's, not the whole's."""
    form = aligned_form(text)
    if form is None:
        return spans
    starts = {a for a, _, _ in spans}
    out = []
    for a, b, i in spans:
        phase = _PHASE_AFTER.match(form, b) or _PART_AFTER.match(form, b)
        if phase and entity_type(form[a:b]) in ("zone", "park", "project") \
                and not any(b <= x < phase.end() for x in starts):
            b = phase.end()
        out.append((a, b, i))
    return out


def _zone_shorts(text: str, spans: list[tuple[int, int, int]], taiwan: bool) -> dict[str, str]:
    """The short forms of zones a document uses (matching form -> the zone's name): in a
    report on Taiwan (``taiwan``) the common ones (``COMMON_SHORT``), and those it defines right after a
    zone's name (新竹科學園區（竹科）, …（以下简称“XX”））."""
    shorts = dict(COMMON_SHORT) if taiwan else {}
    form = match_form(text)
    if len(form) != len(text):
        return shorts
    ends = {b: form[a:b] for a, b, _ in spans}
    for m in _DEFINED.finditer(form):
        owner = ends.get(m.start())
        said = "称" in m.group(0) or "即" in m.group(0)
        if owner and entity_type(owner) == "zone" and (said or _subsequence(m.group(1), owner)) and m.group(1) != owner:
            shorts[m.group(1)] = owner
    return shorts


_WHOLE = re.compile(r"全(?=[\u4e00-\u9fff]{2,}[省市县]$)")


def find(doc: Document) -> Found:
    """One document's mentions: names (with their resolution key), short forms it defines and
    uses, and anaphors bound to the name they refer back to."""
    spans: list[tuple[int, int, int]] = []  # (start, end, sentence index) in the document
    for s in doc.sentences:
        form = aligned_form(s.text)
        if form is None:
            continue
        spans += [(s.start + a, s.start + b, s.index) for a, b in _name_spans(form)]
    text = doc.text
    spans = _with_phases(text, _trimmed(text, spans))
    spans = [(a + 1 if _WHOLE.match(match_form(text[a:b])) else a, b, i) for a, b, i in spans]  # 全高雄市 names 高雄市
    taiwan = _taiwan_report(text)
    shorts = _zone_shorts(text, spans, taiwan)
    zone = _document_zone(doc, [_expanded(match_form(text[a:b]), shorts) for a, b, _ in spans], shorts)
    out = Found(doc.doc_id, doc.name, zone)
    recent: list[tuple[int, str]] = []  # (sentence, key) of the names so far
    for a, b, i in spans:
        name = text[a:b]
        form = match_form(name)
        if _is_person(text, a, b):
            out.mentions.append(Mention(doc.doc_id, doc.name, a, b, name, f"person:{form}", "person named by post"))
            continue
        if _ANAPHOR.match(form) or _BARE.match(form) or _DEMONSTRATIVE.sub("", form) in _COMMON_PLACE_WORDS:
            clause_opens = a == 0 or text[a - 1] in _CLAUSE_OPEN or doc.sentences[i].start == a
            kind = entity_type(_DEMONSTRATIVE.sub("", form)) or ""
            # a zone word alone (高新区, 该县) is the zone last named, or the document's, at any distance
            if kind == "zone" and not marks(form):
                fits = [k for _, k in recent if k.startswith("zone:")] or ([f"zone:{zone_key(zone)}"] if zone else [])
                if bare_kind := dict(_ZONE_KINDS).get(_DEMONSTRATIVE.sub("", form)):
                    fits = [k for k in fits if k.endswith("/" + bare_kind)]  # 高新区 is no city's
            elif (_DEMONSTRATIVE.match(form) or clause_opens) and not marks(form):  # 该项目一期 is no whole
                fits = [k for j, k in recent if i - j <= CARRY_SENTENCES and k.split(":")[0] in _REFERS.get(kind, ())]
            else:
                fits = []
            if fits:
                    out.mentions.append(Mention(doc.doc_id, doc.name, a, b, name, fits[-1],
                                                "anaphor: the last name of its kind before it", name=False))
            continue
        if _is_category(form):
            # 航空港实验区重点项目: no entity, but the zone it opens with is named
            if (own := zone_in(form)) and len(own) < len(form) and (keyed := _key(_body(_clean(own), shorts), zone)):
                out.mentions.append(Mention(doc.doc_id, doc.name, a, a + len(own), text[a:a + len(own)], *keyed))
                recent.append((i, keyed[0]))
            continue
        if form.startswith("其") and _BARE_PHASE.fullmatch(form[1:]):
            continue  # 其一期项目: a phase alone (``_phases``)
        keyed = _key(_body(_clean(form), shorts), zone)
        if keyed is None:
            continue
        out.mentions.append(Mention(doc.doc_id, doc.name, a, b, name, *keyed))
        recent.append((i, keyed[0]))
    _abbreviations(out)
    _short_forms(doc, out, taiwan)
    _firms(doc, out)
    _brands(doc, out)
    _people_again(doc, out)
    _places(doc, out)
    _phases(out, doc.text)
    _bare_governments(out, doc.text)
    _bare_parks(out, doc.text)
    return out


def _written_alone(out: Found, text: str, pattern: re.Pattern) -> list[re.Match]:
    """The matches of ``pattern`` in ``text``'s matching form that no mention of ``out`` overlaps."""
    form = aligned_form(text)
    if form is None:
        return []
    return [x for x in pattern.finditer(form) if not any(m.start < x.end() and x.start() < m.end for m in out.mentions)]


def _nearest(fits: list[Mention], at: int) -> Mention:
    """Of names fitting a word written at ``at``, the nearest before it, else the first after it."""
    before = [m for m in fits if m.end <= at]
    return before[-1] if before else fits[0]


def _add_alone(out: Found, text: str, x: re.Match, key: str, why: str) -> None:
    """A word written alone at ``x`` as a mention (no name) of ``key``."""
    out.mentions.append(Mention(out.doc_id, out.doc, x.start(), x.end(), text[x.start():x.end()], key, why, name=False))


BARE_PARK_MIN = 2  # names of the document's park before a bare 园区 is taken for it
BARE_PARK_REACH = 120  # characters: a park named this close before a bare 园区 is the one meant
_BARE_PARK = re.compile(r"(?:园区|分园|产业园(?!区)|科技园(?!区)|工业园(?!区))(?!第?(?:[一二三四五六七八九十]+|\d)期)")
# 园区 is what a report calls any park after naming it (马中关丹产业园 … 记者来到园区), not only one
# whose name ends in 园区.
_CALLED_YUANQU = tuple(h for h in _PARK_END if h.endswith("园") or h == "园区")


def _named_often(parks: list[tuple[str, Mention]], heads: tuple[str, ...]) -> list[Mention]:
    """The names (matching form, mention) ending in one of ``heads`` whose entity is named at least
    ``BARE_PARK_MIN`` times, the most named first."""
    fits = [m for form, m in parks if any(form.endswith(h) and len(form) > len(h) for h in heads)]
    often = Counter(m.key for m in fits)
    return sorted((m for m in fits if often[m.key] >= BARE_PARK_MIN), key=lambda m: (-often[m.key], m.start))


def _bare_parks(out: Found, text: str) -> None:
    """A bare 园区 (分园, 产业园, …) outside other mentions is a park or zone named with that head
    (for 园区, when there is none, with any park's) at least ``BARE_PARK_MIN`` times: the one named
    last within ``BARE_PARK_REACH`` characters before it, else the one the document names most."""
    parks = [(_clean(match_form(m.text)), m) for m in out.mentions if m.name and m.key.split(":")[0] in ("park", "zone")]
    named: dict[str, list[Mention]] = {}  # head -> the names of the parks named often enough with it
    for x in _written_alone(out, text, _BARE_PARK):
        head = x.group(0)
        if head not in named:  # a name with the head itself first (苏州工业园区's 园区), then any park's
            named[head] = _named_often(parks, (head,)) or (_named_often(parks, _CALLED_YUANQU) if head == "园区" else [])
        if not named[head]:
            continue
        close = [m for m in named[head] if x.start() - BARE_PARK_REACH <= m.end <= x.start()]
        key = max(close, key=lambda m: m.end).key if close else named[head][0].key
        _add_alone(out, text, x, key, f"a bare {head}: the park named last before it, or most")
    out.mentions.sort(key=lambda m: m.start)


# A government or party committee written by its level alone (市府, 市政府, 省委): the one of that
# level the document names in full, nearest before it, else after it. The class served: reports
# that name 臺中市政府 once and 市府 after (Taiwan's usage), or 陝西省委 and 省委.
_BARE_GOVERNMENT = re.compile(r"([省市区县])(?:府|政府|人民政府|委)(?!员|会|书记处)")


def _bare_governments(out: Found, text: str) -> None:
    """Governments and committees written by their level alone (``_BARE_GOVERNMENT``), outside
    other mentions, as the document's of that level named in full."""
    named = [m for m in out.mentions if m.name and m.key.startswith("organisation:")]
    for x in _written_alone(out, text, _BARE_GOVERNMENT):
        level, party = x.group(1), x.group(0).endswith("委")
        fits = [m for m in named if re.search(level + ("委" if party else "(?:人民)?政府") + "$", _clean(match_form(m.text)))]
        if fits:
            m = _nearest(fits, x.start())
            _add_alone(out, text, x, m.key, f"a government by its level alone: {m.text}")
    out.mentions.sort(key=lambda m: m.start)


# A phase written alone (二期, 一期项目, 二期工程): the project or park of that phase the document
# names nearest before it, else after it, else the one of its zone the corpus names (``_phase_keys``).
_BARE_PHASE = re.compile(r"(?<![、\d一二三四五六七八九十])第?([一二三四五六七八九十]|\d)期(?:第?[一二三四五六七八九十]阶段)?"
                         r"(?:项目|工程|园区|基地)?")
_PHASED = ("project", "park")


def _phases(out: Found, text: str) -> None:
    """Phases written alone (``_BARE_PHASE``) outside other mentions, as the document's project or
    park of that phase, or keyed ``phase:`` until the corpus says which (``_phase_keys``)."""
    named = [m for m in out.mentions if m.name and m.key.split(":", 1)[0] in _PHASED]
    for x in _written_alone(out, text, _BARE_PHASE):
        mark = marks(x.group(0))
        if fits := [m for m in named if marks(m.key.split("|", 1)[-1]) == mark]:
            _add_alone(out, text, x, _nearest(fits, x.start()).key, "a phase alone: the document's project of that phase")
        elif out.zone:
            _add_alone(out, text, x, f"phase:{zone_key(out.zone)}|{''.join(mark)}", "a phase alone")
    out.mentions.sort(key=lambda m: m.start)


# The segmenter's flags of nouns and names: a place before one qualifies it (臺中精密機械…).
_NOUN_FLAGS = {"n", "nz", "nt", "ns", "nr", "j", "l", "an", "ng", "b", "nrt", "s"}
PLACE_CONTEXT = 6  # characters segmented on either side of a place name the dictionary holds


# Nouns a place qualifies without opening a name with them (宜宾产业, 高雄整体经济, 香港企业), and posts
# (西安市长): the place is named alone. Any other noun after a place may be a name's next word
# (香港青年科创谷, 南港软体大楼).
_QUALIFIED = re.compile(r"(?:产业|经济|企业|整体|地区|市场|发展|民众|市民|居民|乡亲|各界|当地|本地|人口|人才|"
                        r"厂商|业者|政府|市政府|县政府)(?!园|区|大楼|中心|公司|集团|协会|基地|项目)|" + _POSTS.pattern)


def _places(doc: Document, out: Found) -> None:
    """Places named alone (西安, 臺中, 香港: words the segmenter tags as place names, and 高雄, which
    its dictionary lacks and the place dictionary holds), outside other mentions, keyed ``place:``
    until the corpus says which zone each is (``_place_keys``)."""
    form = aligned_form(doc.text)
    if form is None:
        return
    quiet_jieba()
    import jieba.posseg

    from .cedict import dictionary

    tags = jieba.posseg.dt.word_tag_tab
    places = dictionary().places

    def listed_place(word: str) -> bool:  # 高雄: a place the segmenter's dictionary does not hold
        return word not in tags and word in places

    def place(word: str) -> bool:
        return tags.get(word) == "ns" or listed_place(word)

    taken = [(m.start, m.end) for m in out.mentions]
    # the dictionary's place names first, the segmenter (slow) only around them
    for a in range(len(form) - 1):
        ends = [a + n for n in (4, 3, 2) if place(form[a:a + n])]  # 西安市 or, where 市长 follows, 西安
        if not ends or any(x < ends[-1] and a < y for x, y in taken):
            continue
        lo = max(0, a - PLACE_CONTEXT)
        words = [(lo + s, lo + e, flag) for s, e, flag in _segmented(form[lo:ends[0] + PLACE_CONTEXT])]
        at = next((i for i, w in enumerate(words) if w[0] == a and w[1] in ends), None)
        if at is None:
            continue
        b = words[at][1]
        after = words[at + 1][2] if at + 1 < len(words) else "x"
        # not where it qualifies the noun after it (臺中精密機械園區, 西安市委) or opens a plant's name
        # (高雄F22廠): a name the rules missed
        if (words[at][2] == "ns" or listed_place(form[a:b])) and (after not in _NOUN_FLAGS or _QUALIFIED.match(form, b)) \
                and not _plant_end(form, b) and not any(x < b and a < y for x, y in taken):
            out.mentions.append(Mention(doc.doc_id, doc.name, a, b, doc.text[a:b], f"place:{form[a:b]}",
                                        "a place named alone"))
            taken.append((a, b))
    out.mentions.sort(key=lambda m: m.start)


ABBREVIATION_MIN_CUT = 2  # characters an abbreviation drops at least (青岚新材料产业园 -> 青岚产业园)
_ABBREVIATION_HEADS = sorted(_HEAD_WORDS | _ZONE_BODIES, key=len, reverse=True)


def _opens_inside(form: str, name: str, head: str) -> bool:
    """Whether ``name`` opens with a name ending in ``head`` that holds ``form``'s characters in
    order and is followed by a name of its own (``_own_name``): 南部科学园区 of
    南部科学园区沙仑生态科学园区, for 南科园区 or 南部科学园区."""
    at = name.find(head)
    while 0 < at and at + len(head) < len(name):
        inner = name[:at + len(head)]
        if inner[0] == form[0] and _subsequence(form, inner) and _own_name(name[len(inner):]):
            return True
        at = name.find(head, at + 1)
    return False


# The words of a zone's kind between its place and its head word (海口综合保税区, 苏州工业园区)
_KIND_QUALIFIERS = re.compile(r"(?:综合|经济技术|高新技术|经济|高新|技术|产业|工业|出口加工|加工出口|科技|科学)*")


def _place_and_kind(form: str, head: str) -> bool:
    """Whether a name is a place and words of kind alone (海口综合保税区, 苏州工业园区): the place's own
    zone of that kind, not 海口空港综合保税区, another of its zones."""
    from .cedict import dictionary

    mid = form[:-len(head)] if form.endswith(head) else ""
    place = next((p for p in (mid[:3], mid[:2]) if len(p) >= 2 and p in dictionary().places), None)
    return place is not None and bool(_KIND_QUALIFIERS.fullmatch(mid[len(place):]))


def _abbreviations(out: Found) -> None:
    """Names a document abbreviates without defining the short form (青岚新材料产业园 … 青岚产业园,
    香港科學園深圳分園 … 深圳分園): a name of a zone, park or organisation is the longer name of the
    same type in the document that holds its characters in order, opening with the same character
    and ending in the same kind word, or that ends in it, when exactly one does and their phases
    agree. The class served: reports that write a park's name in full once and shortened after,
    with no bracket saying so. Not across types: a park named like its zone (新竹園區 in
    新竹科學園區) is often one of the zone's parks."""
    names: dict[str, str] = {}
    moved: dict[str, str] = {}  # key of a short name -> key of the name it abbreviates
    for m in out.mentions:
        if m.name and m.key.split(":")[0] in ("zone", "park", "organisation"):
            names.setdefault(_clean(match_form(m.text)), m.key)
    for m in out.mentions:
        if not m.name:
            continue
        form = _clean(match_form(m.text))
        kind = m.key.split(":")[0]
        head = next((w for w in _ABBREVIATION_HEADS if form.endswith(w)), None)
        if head is None or len(form) - len(head) < 2 or _INDUSTRY.fullmatch(form[:-len(head)]):
            continue  # 科技产业园 alone may be any park's
        fits = [(name, key) for name, key in names.items()
                if key != m.key and key.split(":")[0] == kind and len(name) - len(form) >= ABBREVIATION_MIN_CUT
                and (name[0] == form[0] and name.endswith(head) and _subsequence(form, name) or name.endswith(form))
                and marks(name) == marks(form)
                # 海口综合保税区 and 海口空港综合保税区: a place's zone of a kind, and another of the place's
                and not (_place_and_kind(form, head) and name.endswith(head) and not _place_and_kind(name, head))]
        # 南部科學園區沙崙生態科學園區 is a park inside the zone its name opens with: 南科園區 and
        # 南部科學園區 are that zone's names, not the park's
        if any(_opens_inside(form, name, head) for name, _ in fits):
            continue
        longer = {key for _, key in fits}
        if len(longer) == 1:
            moved[m.key] = longer.pop()
            m.key, m.why = moved[m.key], f"{m.why}; abbreviates a longer name in the document"
    for m in out.mentions:  # an anaphor bound to the short name before it was read as one (分園)
        if not m.name and m.key in moved:
            m.key = moved[m.key]


# How a report names a person again after naming them with their post: 沈总, 沈董, 沈书记.
_POST_SHORT = re.compile(r"副?(?:总|董|书记|主任|局长|区长|市长|县长|镇长|院长|经理|执行长|先生|女士)")


def _people_again(doc: Document, out: Found) -> None:
    """A person's later mentions in the document: the same name, and the surname with a post's
    short form (沈总) when one person of that surname is named."""
    form = aligned_form(doc.text)  # offsets are the text's: a character NFKC lengthens stays as written
    if form is None:
        return
    people = {match_form(m.text): m.key for m in out.mentions if m.key.startswith("person:")}
    surnames = Counter(p[0] for p in people)
    taken = [(m.start, m.end) for m in out.mentions]
    for name, key in people.items():
        pattern = re.escape(name) + (f"|{re.escape(name[0])}(?:{_POST_SHORT.pattern})" if surnames[name[0]] == 1 else "")
        for x in re.finditer(pattern, form):
            if not any(a < x.end() and x.start() < b for a, b in taken):
                out.mentions.append(Mention(doc.doc_id, doc.name, x.start(), x.end(), doc.text[x.start():x.end()], key,
                                            "the person named again", name=False))
                taken.append((x.start(), x.end()))
    out.mentions.sort(key=lambda m: m.start)


def brand(company: str) -> str | None:
    """A company's brand, the name it goes by once named in full: without its legal form, the
    place or country it opens with and the industry words it ends in (青岚新能源科技有限公司 -> 青岚); None
    when less than two characters, or industry words only, are left."""
    form = _PLACE_IN_BRACKETS.sub("", _LEGAL_FORM.sub("", _clean(match_form(company))))
    form = re.sub(r"^中国(?=..)", "", form)  # 中国航天三江集团 goes by 航天三江
    if (own := zone_in(form)) and len(own) < len(form):
        form = form[len(own):]
    while (m := _INDUSTRY.search(form)) and m.start() >= 2:
        form = form[:m.start()]
    if len(form) < 2 or _INDUSTRY.fullmatch(form) or form == _clean(match_form(company)):
        return None  # 新能源科技有限公司 has no brand
    return form


# A brand opening an institute's or a body's name (航天三江激光院, 航天三江研究所) is that body's name.
_INSTITUTE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:院|研究所|学院|大学|中心)")


def _brands(doc: Document, out: Found) -> None:
    """Uses of a company's brand (青岚 for 青岚新能源科技有限公司) in a document that names the
    company in full, outside other mentions."""
    form = aligned_form(doc.text)  # offsets are the text's: a character NFKC lengthens stays as written
    if form is None:
        return
    taken = [(m.start, m.end) for m in out.mentions]
    for m in [m for m in out.mentions if m.name and m.key.startswith("company:")]:
        short = brand(m.text)
        if short is None:
            continue
        for x in re.finditer(re.escape(short), form):
            if any(a < x.end() and x.start() < b for a, b in taken) or _INSTITUTE_AFTER.match(form, x.end()):
                continue
            if plant := _plant_end(form, x.end()):
                _add_plant(doc, form, x.start(), plant, m.text, out, taken)
            else:
                out.mentions.append(Mention(doc.doc_id, doc.name, x.start(), x.end(), doc.text[x.start():x.end()],
                                            m.key, f"brand of {m.text}, named in full in the document", name=False))
                taken.append((x.start(), x.end()))
    out.mentions.sort(key=lambda m: m.start)


# Firms named without a legal form or an entity word (台積電, 矽品精密, 東京威力科創), found where the
# wording says they are firms: the items of a list closed by a word for firms (璨圓光電、光林電子及友達
# 等廠商; …等22家), the name before a firm's own post or board (聯電董事會, 台積電董事長), and the
# name after a firm's nationality (美商科林研發, 韓國三星電子). The class served: reports (Taiwanese ones most)
# that name firms by their brand alone; the name is then found wherever the document writes it.
_FIRMS_AFTER_LIST = re.compile(r"等(?:\d+|[一二三四五六七八九十百多数几]+)?(?:家|[\u4e00-\u9fff]{0,4}?(?:厂商|企业|公司|大厂|业者|厂家))")
_LAST_SEP = re.compile(r"以及|及|和|与")
_LIST_OPENER = re.compile(r"(?:包括|包含|如|像|有|为|是|即)+")
_FIRM_POST = re.compile(r"副?(?:董事会|董事长|总经理|总裁|执行长|股东会)")  # 台積電副董事長: 副 is the post's
_FIRM_ORIGIN = re.compile(r"[美日德韩港台外英法欧陆]商|[美日德韩英法欧]资|"
                          r"(?:美国|日本|德国|韩国|英国|法国|荷兰|瑞士|瑞典|新加坡|意大利|以色列|芬兰|丹麦|加拿大)(?=[\u4e00-\u9fffA-Za-z])")
_FIRM_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}|[A-Za-z][A-Za-z&.\- ]{1,15}")
_LATIN_ALIAS = re.compile(r"\s*[(（]([A-Z][A-Za-z&.\-]{1,15})[)）]")


def _firm_names(form: str) -> list[tuple[int, int]]:
    """Spans of ``form`` (a document's matching form) the wording names as firms (see above)."""
    out = []
    for m in _FIRMS_AFTER_LIST.finditer(form):
        lo = max([form.rfind(c, 0, m.start()) for c in "，。；：！？\n"] + [-1]) + 1
        at = lo + len(form[lo:m.start()].rstrip("…."))  # 上銀光電…等22家
        seps = list(re.finditer("、", form[lo:at]))
        last = seps[-1].end() + lo if seps else lo
        seps += [x for x in _LAST_SEP.finditer(form[lo:at], last - lo)][:1]  # A、B、C和D: 和 in the last only
        items = []
        for part in sorted(seps, key=lambda x: x.start(), reverse=True):
            items.append((lo + part.end(), at))
            at = lo + part.start()
        first = _name_start(form, lo, at)
        if opener := _LIST_OPENER.match(form, first, at):  # 包括有A、B: the segmenter may glue 有 to A
            first = opener.end()
        if items and at - first >= max(b - a for a, b in items) + 2:  # 全力支持威达、中玻: its last word only
            first += _segmented(form[first:at])[-1][0]
        items.append((first, at))
        out += [(a, b) for a, b in items if _FIRM_NAME.fullmatch(form[a:b])]
    for m in _FIRM_POST.finditer(form):
        lo = max([form.rfind(c, 0, m.start()) for c in "，。；：！？\n、"] + [-1, m.start() - 8]) + 1
        a = _name_start(form, lo, m.start())
        if m.start() - a >= 2 and _FIRM_NAME.fullmatch(form[a:m.start()]) \
                and not any(flag in _BREAK_FLAGS for _, _, flag in _segmented(form[a:m.start()])):
            out.append((a, m.start()))
    for m in _FIRM_ORIGIN.finditer(form):
        words = _segmented(form[m.end():m.end() + 12])
        end = next((s for s, _, flag in words if flag in _BREAK_FLAGS or flag == "m"), len(words) and words[-1][1])
        if _FIRM_NAME.fullmatch(form[m.end():m.end() + end]):
            out.append((m.end(), m.end() + end))
    # a name with an entity word (公司, 园区) is found as such; a post's own words are none
    return [(a, b) for a, b in out if entity_type(form[a:b]) is None and not _unknown_person(form[a:b])
            and not _POSTS.search(form[a:b]) and not _ANAPHOR.match(form[a:b]) and _brand_like(form[a:b])]


# Parts of speech of the segmenter's dictionary words that are common vocabulary, not a name's.
_COMMON_FLAGS = {"n", "vn", "v", "a", "ad", "an", "ns", "j", "l", "i", "f", "m", "ng", "d", "b"}


def _brand_like(name: str) -> bool:
    """Whether a name in a firm's place is a brand rather than common vocabulary (半导体、金属制品
    等企业 lists industries; 浙江 is a place): Latin letters, or a word the segmenter's dictionary
    does not hold, or holds as a proper name or a rare character. Brands made of common words
    (小米, 日月光) are missed: the lists of industries are more common."""
    if re.search(r"[A-Za-z]", name):
        return True
    freq = quiet_jieba().dt.FREQ
    return any(not freq.get(w) or flag not in _COMMON_FLAGS for w, flag in _tagged(name))


def _firms(doc: Document, out: Found) -> None:
    """Firms named by their brand alone (``_firm_names``), wherever the document writes the name,
    with a Latin name in brackets after it (東京威力科創（TEL）) as the same firm's."""
    form = aligned_form(doc.text)
    if form is None:
        return
    taken = [(m.start, m.end) for m in out.mentions]
    for a, b in _firm_names(form):
        if any(x < b and a < y for x, y in taken):
            continue
        name = _clean(form[a:b])
        key = f"company:{name}"
        for x in re.finditer(re.escape(form[a:b]), form):
            if any(s < x.end() and x.start() < e for s, e in taken):
                continue
            _firm_at(doc, form, x, key, "firm named by its brand, as the wording says", x.start() == a, out, taken)
    out.mentions.sort(key=lambda m: m.start)


def _firm_at(doc: Document, form: str, at: re.Match, key: str, why: str, name: bool, out: Found,
             taken: list[tuple[int, int]]) -> None:
    """A firm's mention at ``at`` of ``doc``, and its Latin name when brackets after it give one
    (東京威力科創（TEL）), added to ``out`` and ``taken``."""
    if plant := _plant_end(form, at.end()):
        return _add_plant(doc, form, at.start(), plant, at.group(0), out, taken)
    out.mentions.append(Mention(doc.doc_id, doc.name, at.start(), at.end(), doc.text[at.start():at.end()], key,
                                why, name=name))
    taken.append(at.span())
    if latin := _LATIN_ALIAS.match(form, at.end()):
        out.mentions.append(Mention(doc.doc_id, doc.name, latin.start(1), latin.end(1), latin.group(1), key,
                                    "the firm's Latin name in brackets after it"))
        taken.append(latin.span(1))


FIRM_AGAIN_MIN = 3  # characters: a two-character brand (友達, 和大) is too often a word elsewhere,
# unless it is a proper name (``_proper_word``: 三星, 台積)


def _proper_word(word: str) -> bool:
    """Whether the segmenter's dictionary holds ``word`` as a proper name (三星: nz) or not at all
    (台積; where it is written, ``_word_at`` tells it from two words: 和大 of 和大家)."""
    quiet_jieba()
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab.get(word, "nz") in ("nz", "nt")


WORD_CONTEXT = 4  # characters segmented on either side of a short brand where it is written


def _word_at(form: str, a: int, b: int) -> bool:
    """Whether no word of ``form`` segmented around [a, b) crosses its edges (和大 in 和大家 does)."""
    lo = max(0, a - WORD_CONTEXT)
    edges = {lo + x for s, e, _ in _segmented(form[lo:b + WORD_CONTEXT]) for x in (s, e)}
    return a in edges and b in edges


# A brand cut from a firm's full name (not read off a list, where industries pass for brands) is
# taken at this length however common its words (四川时代: a province and "era").
BRAND_OF_FULL_NAME_MIN = 4


def firm_forms(found: Found) -> dict[str, str]:
    """The firms a document names by brand (``_firms``) or in full (by their ``brand``): matching
    form of the name -> key, for brands (``_brand_like``) of at least ``FIRM_AGAIN_MIN``
    characters and two-character ones that are proper names (``_proper_word``)."""
    out = {}
    for m in found.mentions:
        if not m.key.startswith("company:"):
            continue
        # a firm named in full goes by its brand elsewhere though the document never writes it alone
        forms = [match_form(m.text)] if m.why.startswith(("firm named", "brand of")) else []
        if m.name and (short := brand(m.text)):
            forms.append(match_form(short))
            if len(short) >= BRAND_OF_FULL_NAME_MIN:
                out.setdefault(match_form(short), m.key)  # 四川时代 of 四川时代新能源科技有限公司
        for form in forms:
            if len(form) >= FIRM_AGAIN_MIN and _brand_like(form) or len(form) == 2 and _proper_word(form):
                out.setdefault(form, m.key)
    return out


def firms_pattern(firms: dict[str, str]) -> re.Pattern:
    """Any of the firms' names (``firm_forms``), the longest first."""
    return re.compile("|".join(re.escape(f) for f in sorted(firms, key=len, reverse=True)))


def firms_again(doc: Document, firms: dict[str, str], pattern: re.Pattern,
                taken: Iterable[tuple[int, int]]) -> Found:
    """Mentions in ``doc`` of firms other documents name by brand (``firm_forms``, found by
    ``firms_pattern``), outside the spans ``taken`` by its own mentions: 台積電 in a report that
    never says it is a firm."""
    out = Found(doc.doc_id, doc.name, None)
    form = aligned_form(doc.text)
    if form is None:
        return out
    taken = list(taken)
    for x in pattern.finditer(form):
        if not any(a < x.end() and x.start() < b for a, b in taken) and not _INSTITUTE_AFTER.match(form, x.end()) \
                and (len(x.group(0)) >= FIRM_AGAIN_MIN or _word_at(form, *x.span())):
            _firm_at(doc, form, x, firms[x.group(0)], "firm named by brand in another document", False, out, taken)
    return out


# A name the tagger gives that ends in one of these is a body (新华社, 国发会, 行政院), not a firm.
_TAGGED_BODY_END = tuple("社院部会局署委厅处办")
TAGGED_PERSON_MAX = 4  # characters: a longer PER tag runs past the name (into a post or a verb)


def _personal_word(word: str) -> bool:
    """Whether the segmenter's dictionary holds ``word`` as a person's name or not at all."""
    quiet_jieba()
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab.get(word, "nr").startswith("nr")


def _taggable(name: str, tag: str) -> bool:
    """Whether a name (matching form) the tagger gives as a person or organisation is one the rules
    have no word for and is no fragment: no digit (a plant or lot number: its firm's project), no
    common short form of a park, no entity word (those the rules read), no post, reference, plant
    (厂, a project of its firm) or verb inside it (台積電設廠); a person's, no common word."""
    if re.search(r"\d", name) or name in COMMON_SHORT or any(name in full for full in COMMON_SHORT.values()):
        return False
    if entity_type(name) is not None or _POSTS.search(name) or _ANAPHOR.match(name) or name.endswith(("厂", "场")):
        return False
    if any(flag in _BREAK_FLAGS for _, _, flag in _segmented(name)):
        return False
    if tag == "PER":  # and no common word of the segmenter's dictionary (龙头 of 龙头企业)
        return 2 <= len(name) <= TAGGED_PERSON_MAX and _personal_word(name)
    return tag == "ORG" and len(name) >= 2 and not _unknown_person(name) and _brand_like(name)


# One tagger candidate: the name, where the tagger tagged it (start, end, tag), and every place the
# tagger's words start and end at it.
Candidate = tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]


def tagger_candidates(form: str) -> list[Candidate]:
    """The names the tagger (``rag.tagger``) gives in a document's matching form that may become
    mentions, whatever the rules found: a person or organisation ``_taggable`` and a word of its
    own by the segmenter too (not 踔厉 of 踔厉奋发), with the places it is tagged and every place the
    tagger's words start and end at it (not 台積電 inside 台積電高雄廠, which it reads as one word).
    They depend on the text alone, so a build keeps them for the next one (``_resolve``)."""
    from .tagger import words

    tagged = words(form)
    edges = {x for w in tagged for x in (w.start, w.end)}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for w in tagged:
        name = form[w.start:w.end]
        if w.tag in ("PER", "ORG") and _taggable(name, w.tag) and _word_at(form, w.start, w.end):
            spans[name].append((w.start, w.end, w.tag))
    return [(name, at, [x.span() for x in re.finditer(re.escape(name), form) if x.start() in edges and x.end() in edges])
            for name, at in spans.items()]


def tagged_names(doc: Document, taken: Iterable[tuple[int, int]], candidates: list[Candidate]) -> Found:
    """The firms, bodies and people the tagger names in ``doc`` (its ``tagger_candidates``) that no
    rule found, outside the spans ``taken`` (the rules' names, and the firms other reports name by
    brand, ``firms_again``): 台積電 or 宁德时代 written without 公司, 吳東昇 without a post; each
    wherever the tagger's words start and end at it."""
    out = Found(doc.doc_id, doc.name, None)
    taken = list(taken)
    names: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    free = ((a, name, tag, places) for name, at, places in candidates for a, b, tag in at
            if not any(x < b and a < y for x, y in taken))
    for _, name, tag, places in sorted(free, key=lambda x: x[0]):  # the tag where it is first written free
        names.setdefault(name, (tag, places))
    for name, (tag, places) in sorted(names.items(), key=lambda x: -len(x[0])):
        kind = "person" if tag == "PER" else "organisation" if name.endswith(_TAGGED_BODY_END) else "company"
        key = f"{kind}:{'|' if kind == 'organisation' else ''}{_clean(name)}"
        for a, b in places:
            if not any(x < b and a < y for x, y in taken):
                out.mentions.append(Mention(doc.doc_id, doc.name, a, b, doc.text[a:b], key,
                                            f"{kind} named as the tagger reads it"))
                taken.append((a, b))
    out.mentions.sort(key=lambda m: m.start)
    return out


def _candidates(db: sqlite3.Connection, doc: Document, kept: bool) -> list[Candidate]:
    """A document's ``tagger_candidates``: read from the ``previous`` database's ``tagged`` table
    when ``kept`` and it holds the document's text, else made now; written to ``db``'s."""
    key = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    row = db.execute("SELECT candidates FROM previous.tagged WHERE text = ?", (key,)).fetchone() if kept else None
    if row is not None:
        candidates = [(name, [tuple(x) for x in at], [tuple(x) for x in places]) for name, at, places in json.loads(row[0])]
    else:
        form = aligned_form(doc.text)
        candidates = tagger_candidates(form) if form is not None else []
    db.execute("INSERT OR IGNORE INTO main.tagged VALUES (?, ?)",
               (key, row[0] if row is not None else json.dumps(candidates, ensure_ascii=False)))
    return candidates


def _is_category(form: str) -> bool:
    """Whether a name (matching form) is a category of projects (重点项目, 青川经开区3个项目) or a counted
    group of any kind (两个稀土基地, 3个园区), which is no entity."""
    own = zone_in(form)
    return (_category(form) or bool(_COUNTED.match(form))
            or bool(own) and len(own) < len(form) and _category(form[len(own):]))


def _is_person(text: str, a: int, b: int) -> bool:
    near = bool(_POSTS.search(match_form(text[max(0, a - 5):a]))) or bool(_POSTS.match(match_form(text[b:b + 5])))
    return near and b - a <= 3 and not entity_type(text[a:b]) or _unknown_person(match_form(text[a:b]))


# What follows a short form when it opens a longer name, not the zone alone: 竹科院, 南科大, 南科局
# (the bureau), 南科台南園區 or 南科嘉義二期 (a park inside it), 竹科X (a plan named with a letter).
_INSIDE_NAME = re.compile(r"[院大技]|(?:管理)?局|[\u4e00-\u9fff]{0,4}园区|[\u4e00-\u9fff]{2}第?(?:[一二三四五六七八九十]|\d)期|[A-Za-z]")
# A plant written right after a firm's name (台積電18廠, 台積電高雄廠, 台積電CoWoS嘉義廠, 京东方B12厂,
# 台積電廠區; after the brand 台積 or 雲杉 of 雲杉電子): one of its plants, a project of its own, not the
# firm; not where the firm builds, moves to or runs one (在高雄設廠, 董事長視察廠區).
_PLANT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,8}?(?<![设建出进入返回办开])厂区?(?![商房家长务])")


def _plant_end(form: str, at: int) -> int | None:
    """The end of a plant's name written right after a firm's name ending at ``at`` (``_PLANT``),
    when what comes between is no verb or function word; None when there is none."""
    if phase := _BARE_PHASE.match(form, at):
        return phase.end()  # 台積電第一期: the firm's first phase, a project
    plant = _PLANT.match(form, at)
    if plant is None:
        return None
    between = form[at:plant.end()].rstrip("厂区")
    return None if between and any(flag in _BREAK_FLAGS for _, _, flag in _segmented(between)) else plant.end()


def _add_plant(doc: Document, form: str, start: int, end: int, firm: str, out: Found, taken: list) -> None:
    """The plant [start, end) of ``doc`` named after the firm ``firm`` (a mention of a project)."""
    out.mentions.append(Mention(doc.doc_id, doc.name, start, end, doc.text[start:end],
                                f"project:|{match_form(doc.text[start:end])}", f"a plant of {firm}"))
    taken.append((start, end))


def _short_forms(doc: Document, out: Found, taiwan: bool) -> None:
    """Short forms the document defines right after a name, and their uses; in a report on
    Taiwan (``taiwan``) also the common ones (``COMMON_SHORT``)."""
    text, form = doc.text, aligned_form(doc.text)
    if form is None:
        return
    bound: dict[str, tuple[str, str]] = {}  # short form -> (key, why)

    def bind(m: re.Match, key: str) -> None:  # the short form m.group(1), defined at m, is key's
        short = m.group(1)
        bound[short] = (key, f"short form defined at {doc.name}:{m.start()}")
        _same(out, short, *bound[short])
        if not any(x.start == m.start(1) and x.end == m.end(1) for x in out.mentions):
            out.mentions.append(Mention(doc.doc_id, doc.name, m.start(1), m.end(1), text[m.start(1):m.end(1)],
                                        key, bound[short][1]))

    names = {m.end: m for m in out.mentions if m.name}
    for m in _DEFINED.finditer(form):
        owner = names.get(m.start())
        short = m.group(1)
        said = "称" in m.group(0) or "即" in m.group(0)
        if owner is None or short == match_form(owner.text):
            continue
        # 新竹科學園區（竹科）: a bracket defines a short form only when it is made of the name's
        # characters, in order; 以下简称 defines one whatever it is
        if said or _subsequence(short, match_form(owner.text)):
            if marks(short) == marks(owner.text) or not marks(short):
                bind(m, owner.key)
    said = [*_SAID_SHORT.finditer(form), *_ALSO_NAMED.finditer(form)]
    for m in sorted(said, key=lambda m: m.start()):  # …项目，简称“XX”: the name before it in the sentence
        before = [x for x in out.mentions if x.name and x.end <= m.start() and not re.search(r"[。；;]", form[x.end:m.start()])]
        short = m.group(1)
        if before and short not in bound and not marks(short):
            bind(m, before[-1].key)
    # a short form that is a name itself (舊稱「路竹園區」) is the defined name wherever it is written
    for x in out.mentions:
        if x.name and (b := bound.get(_clean(match_form(x.text)))) and x.key != b[0] and b[1] not in x.why:
            x.key, x.why = b[0], f"{x.why}; {b[1]}"
    if taiwan:
        for short, full in COMMON_SHORT.items():
            if short not in bound and short in form:
                keyed = _key(full, None)
                bound[short] = (keyed[0], f"common short form of {full}")
    taken = [(m.start, m.end) for m in out.mentions]
    for short, (key, why) in bound.items():
        for m in re.finditer(re.escape(short), form):
            if any(a <= m.start() < b for a, b in taken) or _INSIDE_NAME.match(form, m.end()):
                continue
            end, phase = m.end(), _PHASE_AFTER.match(form, m.end())
            if phase and key.startswith("zone:"):  # 南科三期: the zone's phase, one of its parks
                end, key_here, why_here = phase.end(), f"park:{key[5:]}|{_rest(phase.group(0))}", f"{why}; its phase"
            else:
                key_here, why_here = key, why
            out.mentions.append(Mention(doc.doc_id, doc.name, m.start(), end, text[m.start():end], key_here,
                                        why_here, name=False))
            taken.append((m.start(), end))
    out.mentions.sort(key=lambda m: m.start)


def _same(out: Found, short: str, key: str, why: str) -> None:
    """A short form that is a name of its own (路竹園區 for 高雄園區) is the defined name wherever
    the corpus writes it: its key is recorded as ``key``'s."""
    if (own := _key(_body(_clean(short), {}), out.zone)) and own[0] != key:
        out.same.append((key, own[0], why))


# The working tables of the corpus-level pass, in a database attached as ``scratch``: each
# document's zone, every mention with a key (in corpus order), each figure row's key, and the bare
# keys the corpus knows one zone-qualified key for. One entity's names are in memory at a time, so
# the pass is bounded by the largest entity, not by the corpus (issue 29).
_SCRATCH = """
CREATE TABLE scratch.zones (doc_id TEXT PRIMARY KEY, zone TEXT);
CREATE TABLE scratch.found (seq INTEGER PRIMARY KEY, doc_id TEXT, doc TEXT, start INTEGER, "end" INTEGER,
                            text TEXT, key TEXT, why TEXT, name INTEGER);
CREATE TABLE scratch.row_keys (row INTEGER PRIMARY KEY, key TEXT, why TEXT, subject TEXT);
CREATE TABLE scratch.one_zone (bare TEXT PRIMARY KEY, key TEXT);
CREATE TABLE scratch.ids (key TEXT PRIMARY KEY, id INTEGER);
CREATE TABLE scratch.same (key TEXT PRIMARY KEY, one TEXT, why TEXT);
CREATE TABLE scratch.spelled (part TEXT PRIMARY KEY, one TEXT);
"""
_ONE_ZONE = "bare name: the corpus knows one zone for it"


def _bare(key: str) -> str | None:
    """The key of a zone-qualified name without its zone (project:X/开发区|Y -> project:|Y), else None."""
    kind, rest = key.split(":", 1)
    return f"{kind}:|{rest.split('|', 1)[1]}" if "|" in rest and not rest.startswith("|") else None


_PARK_AREA = ("工业园", "产业园", "科技园")  # written with and without 区 for one place
_AREA_ZONE = "the zone the corpus names with 区"


def _area_zone(key: str) -> str | None:
    """The key of the zone a park's name names with 区 (park:…|苏州工业园 -> zone:苏州/工业园区), else None."""
    kind, rest = key.split(":", 1)
    name = rest.split("|", 1)[-1]
    return f"zone:{zone_key(name + '区')}" if kind == "park" and name.endswith(_PARK_AREA) else None


def _row_key(subject: str | None, category, zone: str | None) -> tuple[str, str] | None:
    """A figure row's (key, why) by its subject, in a document about ``zone``; None for a category."""
    if category or not subject or _is_category(match_form(subject)):
        return None
    return _key(subject, zone)


def _resolve(db: sqlite3.Connection, found: Iterable[Found],
             docs: Callable[[], Iterable[Document]] | None = None, kept: bool = False) -> list[Found]:
    """Resolve the mentions ``found`` with the figure rows of ``db``'s ``figures`` table: write the
    ``entities``, ``aliases`` and ``mentions`` tables and the figure rows' ``entity`` into ``db``,
    through working tables in the database attached to it as ``scratch``. With ``docs`` (the same
    documents, read again) the firms the corpus names by brand are found in every document
    (``firms_again``), then the names only the tagger reads (``tagged_names``); those mentions are
    returned, in the order they were stored. Each document's tagger candidates are written to the
    ``tagged`` table by the sha256 of its text; with ``kept``, those of a text the database attached
    as ``previous`` holds are read from there rather than tagged again."""
    db.executescript(_SCRATCH)
    firms: dict[str, str] = {}

    def store(f: Found) -> None:
        db.executemany("INSERT INTO scratch.found VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(m.doc_id, m.doc, m.start, m.end, m.text, m.key, m.why, m.name) for m in f.mentions if m.key])

    same: dict[str, tuple[str, str]] = {}  # key -> (the key a definition made it, why); few per document
    for f in found:
        db.execute("INSERT OR REPLACE INTO scratch.zones VALUES (?, ?)", (f.doc_id, f.zone))
        store(f)
        firms.update(firm_forms(f))
        for one, other, why in f.same:
            same.setdefault(other, (one, why))
    extra = []
    if docs is not None:
        db.execute("CREATE INDEX scratch.found_by_doc ON found (doc_id)")  # one lookup per document read again
        db.execute("DROP TABLE IF EXISTS main.tagged")
        db.execute("CREATE TABLE main.tagged (text TEXT PRIMARY KEY, candidates TEXT)")
        pattern = firms_pattern(firms) if firms else None
        for doc in docs():
            # a place named alone (三江) gives way to a firm another report names (航天三江)
            taken = db.execute('SELECT start, "end" FROM scratch.found WHERE doc_id = ? AND key NOT LIKE ?',
                               (doc.doc_id, "place:%")).fetchall()
            again = firms_again(doc, firms, pattern, taken) if pattern else Found(doc.doc_id, doc.name, None)
            # then the names only the tagger reads, where no rule's name or corpus firm stands
            candidates = _candidates(db, doc, kept)
            again.mentions += tagged_names(doc, [*taken, *((m.start, m.end) for m in again.mentions)],
                                           candidates).mentions
            if again.mentions:
                db.executemany('DELETE FROM scratch.found WHERE doc_id = ? AND key LIKE ? AND start < ? AND "end" > ?',
                               [(doc.doc_id, "place:%", m.end, m.start) for m in again.mentions])
                store(again)
                extra.append(again)
    _cut_in_corpus(db)
    rows = db.execute("SELECT f.rowid, f.subject, f.category, z.zone FROM figures f "
                      "LEFT JOIN scratch.zones z ON z.doc_id = f.doc_id")
    db.executemany("INSERT INTO scratch.row_keys VALUES (?, ?, ?, ?)",
                   ((row, *k, subject) for row, subject, category, zone in rows
                    if (k := _row_key(subject, category, zone))))
    _zone_spellings(db)
    _firm_abbreviations(db)
    # A bare name where no zone is known is the zone-qualified one when the corpus has one only.
    db.create_function("bare", 1, _bare, deterministic=True)
    db.execute("INSERT INTO scratch.one_zone SELECT bare(key) AS b, min(key) FROM (SELECT key FROM scratch.found "
               "UNION SELECT key FROM scratch.row_keys) WHERE b IS NOT NULL GROUP BY b HAVING count(*) = 1")
    db.execute("UPDATE scratch.found SET key = o.key, why = why || '; ' || ? FROM scratch.one_zone o "
               "WHERE o.bare = found.key", (_ONE_ZONE,))
    db.execute("UPDATE scratch.row_keys SET key = o.key, why = ? FROM scratch.one_zone o "
               "WHERE o.bare = row_keys.key", (_ONE_ZONE,))
    # A park named without 区 is the zone of its name with it (苏州工业园, 苏州工业园区).
    db.create_function("area_zone", 1, _area_zone, deterministic=True)
    for table in ("found", "row_keys"):
        db.execute(f"UPDATE scratch.{table} SET key = area_zone(key), why = why || '; ' || ? "
                   f"WHERE area_zone(key) IN (SELECT key FROM scratch.found)", (_AREA_ZONE,))
    db.execute("CREATE INDEX scratch.found_by_key ON found (key)")  # the passes below update key by key
    _place_keys(db)
    _firm_phases(db)
    _phase_keys(db)
    # A name a document says is another's (路竹園區（即高雄園區）) is that one across the corpus.
    db.executemany("INSERT OR IGNORE INTO scratch.same VALUES (?, ?, ?)",
                   ((k, _same_as(k, same), why) for k, (_, why) in same.items()))
    for table in ("found", "row_keys"):
        db.execute(f"UPDATE scratch.{table} SET key = s.one, why = {table}.why || '; ' || s.why FROM scratch.same s "
                   f"WHERE s.key = {table}.key")
    for table in ("entities", "aliases", "mentions"):
        db.execute(f"DROP TABLE IF EXISTS main.{table}")
    db.execute("CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT, type TEXT, key TEXT, mentions INTEGER)")
    db.execute("CREATE TABLE aliases (entity INTEGER, alias TEXT, form TEXT, why TEXT)")
    db.execute('CREATE TABLE mentions (entity INTEGER, doc_id TEXT, doc TEXT, start INTEGER, "end" INTEGER, '
               "text TEXT, why TEXT)")
    # One entity per key, numbered in key order: its mentions in corpus order, then its figure rows.
    groups = db.execute("SELECT key, 0, seq, text, why, name FROM scratch.found UNION ALL "
                        "SELECT key, 1, row, subject, why, 1 FROM scratch.row_keys ORDER BY 1, 2, 3")
    for n, (key, group) in enumerate(groupby(groups, key=lambda g: g[0]), 1):
        e = _entity(n, key, group)
        db.execute("INSERT INTO entities VALUES (?, ?, ?, ?, ?)", (e.id, e.name, e.type, e.key, e.mentions))
        db.executemany("INSERT INTO aliases VALUES (?, ?, ?, ?)",
                       [(e.id, a, _clean(match_form(a)), why) for a, why in e.aliases.items()])
        db.execute("INSERT INTO scratch.ids VALUES (?, ?)", (key, e.id))
    db.execute("INSERT INTO mentions SELECT i.id, m.doc_id, m.doc, m.start, m.\"end\", m.text, m.why "
               "FROM scratch.found m JOIN scratch.ids i ON i.key = m.key ORDER BY m.seq")
    if "entity" not in [c[1] for c in db.execute("PRAGMA table_info(figures)")]:
        db.execute("ALTER TABLE figures ADD COLUMN entity INTEGER")
    db.execute("UPDATE figures SET entity = (SELECT i.id FROM scratch.row_keys r JOIN scratch.ids i ON i.key = r.key "
               "WHERE r.row = figures.rowid)")
    db.execute("CREATE INDEX by_alias ON aliases (form)")
    db.execute("CREATE INDEX by_entity ON figures (entity)")
    return extra


_SPELLED = "the zone written with the place it lies in before its name"


def _zone_part(key: str) -> str:
    """The zone a key names or qualifies by (zone:东湖/高新区, park:东湖/高新区|激光科技园 -> 东湖/高新区)."""
    return key.split(":", 1)[1].split("|", 1)[0]


def respelled(key: str, spelled: dict[str, str]) -> str:
    """``key`` with the zone it names or is qualified by in the spelling ``spelled`` maps it to."""
    kind, rest = key.split(":", 1)
    part, bar, name = rest.partition("|")
    return f"{kind}:{spelled.get(part, part)}{bar}{name}"


SHORTENED_MIN = 4  # characters of a zone's name before its kind, shortened across reports (郑州航空港)


def _expansions(names: list[str], shortest: int) -> dict[str, str]:
    """Each name of at least ``shortest`` characters that exactly one of ``names`` holds in order,
    at least ``ABBREVIATION_MIN_CUT`` characters longer (郑州航空港区 -> 郑州航空港实验区; 台積電 ->
    台灣積體電路製造), mapped to that longer name."""
    out = {}
    for short in names:
        fits = [n for n in names if len(short) >= shortest
                and len(n) - len(short) >= ABBREVIATION_MIN_CUT and _subsequence(short, n)]
        if len(fits) == 1:
            out[short] = fits[0]
    return out


def _zone_spellings(db: sqlite3.Connection) -> None:
    """A zone the corpus also writes with the place it lies in before its name (东湖高新区 and
    武汉东湖新技术开发区) is one zone, keyed by the longer spelling, in every key it names or
    qualifies: the place is a place name the segmenter's dictionary holds or a city the corpus
    names (X市), and the longer spelling is the only one of its kind. Names no zone qualifies are
    joined the same way (``_placed_names``)."""
    keys = {k for k, in db.execute("SELECT key FROM scratch.found UNION SELECT key FROM scratch.row_keys")}
    parts = {p for k in keys if "/" in (p := _zone_part(k))}
    quiet_jieba()
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab

    def after_place(name: str) -> list[str]:  # the name without a place of 2 or 3 characters opening it
        return [name[n:] for n in (2, 3) if tags.get(name[:n]) == "ns" or f"{name[:n]}/市" in parts]

    longer: dict[str, set[str]] = defaultdict(set)
    for part in parts:
        core, kind = part.split("/", 1)
        for rest in after_place(core):
            if len(rest) >= 2 and f"{rest}/{kind}" in parts:
                longer[f"{rest}/{kind}"].add(part)
    # a zone's name shortened across reports (郑州航空港区, 郑州航空港实验区): the one longer name of its
    # kind that holds its characters in order, opening alike
    alike: dict[tuple[str, str], list[str]] = defaultdict(list)  # (kind, first two characters) -> cores
    for part in parts:
        core, kind = part.split("/", 1)
        alike[kind, core[:2]].append(core)
    for (kind, _), cores in alike.items():
        for core, full in _expansions(cores, SHORTENED_MIN).items():
            if f"{core}/{kind}" not in longer:
                longer[f"{core}/{kind}"].add(f"{full}/{kind}")
    spelled = {short: one.pop() for short, one in longer.items() if len(one) == 1}
    _placed_names(db, {k for k in keys if k.split(":", 1)[1].startswith("|")}, after_place)
    if not spelled:
        return
    db.executemany("INSERT INTO scratch.spelled VALUES (?, ?)", spelled.items())
    db.create_function("respelled", 1, lambda k: respelled(k, spelled), deterministic=True)
    for table in ("found", "row_keys"):
        db.execute(f"UPDATE scratch.{table} SET key = respelled(key), why = why || '; ' || ? "
                   f"WHERE respelled(key) != key", (_SPELLED,))


def _placed_names(db: sqlite3.Connection, bare: set[str], after_place: Callable[[str], list[str]]) -> None:
    """A name no zone qualifies (``bare``: its keys) that the corpus also writes with a place before
    it (临港新片区 and 上海临港新片区; ``after_place``: the name without the place) is that one
    (``scratch.same``), when it is a name of its own (``_own_name``) and the longer one is the only such."""
    longer: dict[str, set[str]] = defaultdict(set)
    for key in bare:
        kind, name = key.split(":|", 1)
        for rest in after_place(name):
            if f"{kind}:|{rest}" in bare and _own_name(rest):
                longer[f"{kind}:|{rest}"].add(key)
    db.executemany("INSERT OR IGNORE INTO scratch.same VALUES (?, ?, ?)",
                   [(short, one.pop(), "the name written with the place it lies in before it")
                    for short, one in longer.items() if len(one) == 1])


BRAND_MAX = 12  # characters of a company's name a project's name may open with, read longest first


def _firm_phases(db: sqlite3.Connection) -> None:
    """One phase of a firm's project, named several ways in one zone, is one: 三星电子存储芯片二期项目,
    三星半导体二期项目 and 三星半导体高端存储芯片二期项目 in 西安高新区 open with one firm's brand (the
    brand of a company the corpus names), end in the same head noun and are the same phase. Names
    without a phase are not merged so: a firm builds many projects, but one second phase of one in
    a zone."""
    brands = {b for k, in db.execute("SELECT DISTINCT key FROM scratch.found WHERE key LIKE 'company:%'")
              for b in {k[len("company:"):], brand(k[len("company:"):]) or ""} if len(b) >= 2}
    if not brands:
        return
    groups: dict[tuple, list[str]] = {}
    for key, in db.execute("SELECT DISTINCT key FROM scratch.found WHERE key LIKE 'project:%|%' OR key LIKE 'park:%|%'"):
        head_of, rest = key.split("|", 1)
        phase = marks(rest)
        owner = next((rest[:n] for n in range(min(len(rest), BRAND_MAX), 1, -1) if rest[:n] in brands), None)
        head = _head_word(rest)
        if phase and owner and head:
            groups.setdefault((head_of, brand(owner) or owner, phase, head), []).append(key)
    for keys in groups.values():
        one = max(keys, key=len)  # the fullest name's
        db.executemany("UPDATE scratch.found SET key = ?, why = why || '; ' || ? WHERE key = ?",
                       [(one, "the same phase of one firm's project in its zone", k) for k in keys if k != one])


# What a place's name is followed by when the corpus names it as a zone: 西安 = 西安市, 福田 = 福田區.
_PLACE_KINDS = ("市", "区", "县", "省", "特别行政区", "镇", "乡")


def _place_keys(db: sqlite3.Connection) -> None:
    """A place named alone is the zone the corpus names with it and a kind (西安 = 西安市) when
    there is one such zone, else a zone of its own when the corpus opens a zone's or a park's
    name with it (香港 of 香港科學園); any other (中国, 美国) is no entity here and is dropped."""
    places = [k for k, in db.execute("SELECT DISTINCT key FROM scratch.found WHERE key LIKE 'place:%'")]
    if not places:
        return
    zones = {k for k, in db.execute("SELECT DISTINCT key FROM scratch.found WHERE key LIKE 'zone:%'")}
    openings = {form[:n] for t, in db.execute("SELECT DISTINCT text FROM scratch.found WHERE name AND "
                                              "(key LIKE 'zone:%' OR key LIKE 'park:%')")
                for form in [_clean(match_form(t))] for n in range(2, len(form))}
    for key in places:
        place = key[len("place:"):]
        kinds = {f"zone:{zone_key(place + kind)}" for kind in _PLACE_KINDS} & zones
        if len(kinds) == 1:
            one, why = kinds.pop(), "a place named alone: the zone the corpus names with it"
        elif place in openings:
            one, why = f"zone:{zone_key(place)}", "a place named alone that opens a zone's or park's name"
        else:
            db.execute("DELETE FROM scratch.found WHERE key = ?", (key,))
            continue
        db.execute("UPDATE scratch.found SET key = ?, why = ? WHERE key = ?", (one, why, key))


def _phase_keys(db: sqlite3.Connection) -> None:
    """A phase written alone in a document about a zone (``_phases``) is the project or park of
    that phase the corpus names in the zone when it names one; else it is no mention."""
    for key, in db.execute("SELECT DISTINCT key FROM scratch.found WHERE key LIKE 'phase:%'").fetchall():
        part, mark = key[len("phase:"):].split("|", 1)
        fits = {k for kind in _PHASED for k, in db.execute(
                    "SELECT DISTINCT key FROM scratch.found WHERE key LIKE ? AND name", (f"{kind}:{part}|%",))
                if marks(k.split("|", 1)[1]) == (mark,)}
        if len(fits) == 1:
            db.execute("UPDATE scratch.found SET key = ?, why = why || '; ' || ? WHERE key = ?",
                       (fits.pop(), "the zone's one project of that phase", key))
        else:
            db.execute("DELETE FROM scratch.found WHERE key = ?", (key,))


def _same_as(key: str, same: dict[str, tuple[str, str]]) -> str:
    """The key ``key`` is one with by the chain of definitions in ``same`` (a cycle stops it)."""
    seen = {key}
    while key in same and same[key][0] not in seen:
        key = same[key][0]
        seen.add(key)
    return key


CUT_BATCH = 10_000  # mentions read at a time by the corpus-level cut


FIRM_ABBREVIATION_MIN = 3  # characters: 台積電 of 台灣積體電路製造; two (台電, 中鋼) fit too many names


def _firm_abbreviations(db: sqlite3.Connection) -> None:
    """A firm named by characters picked from its full name (台積電, 台灣積體電路製造; 中石化) is
    that firm, where the corpus names exactly one firm whose name, opening with the same character,
    holds them in order and is at least ``ABBREVIATION_MIN_CUT`` characters longer (``_expansions``)."""
    by_first: dict[str, list[str]] = defaultdict(list)  # the firms' names (keys without company:) by first character
    for key, in db.execute("SELECT DISTINCT key FROM scratch.found WHERE key LIKE 'company:%'"):
        name = key[len("company:"):]
        by_first[name[:1]].append(name)
    moved = {short: full for names in by_first.values()  # short name -> the full name it abbreviates
             for short, full in _expansions(names, FIRM_ABBREVIATION_MIN).items()}
    for table in ("found", "row_keys"):
        db.executemany(f"UPDATE scratch.{table} SET key = ?, why = why || ? WHERE key = ?",
                       [(f"company:{full}", f"; abbreviates {full}", f"company:{short}") for short, full in moved.items()])


def _cut_in_corpus(db: sqlite3.Connection) -> None:
    """Names that run past their start cut to a name written alone anywhere in the corpus
    (``_cut_at``; a document's own are cut when found): 核定路竹園區 in one report, 路竹園區 in
    another. The names written alone wait in ``scratch.alone``; the mentions are read in batches."""
    db.create_function("alone_form", 1, lambda t: f if _alone(f := _clean(match_form(t))) else None,
                       deterministic=True)
    db.execute("CREATE TABLE scratch.alone (form TEXT PRIMARY KEY)")
    db.execute("WITH f AS MATERIALIZED (SELECT alone_form(text) AS form FROM scratch.found WHERE name) "
               "INSERT OR IGNORE INTO scratch.alone SELECT form FROM f WHERE form IS NOT NULL")  # once a name

    def alone(form: str) -> bool:
        return db.execute("SELECT 1 FROM scratch.alone WHERE form = ?", (form,)).fetchone() is not None

    last = 0
    while batch := db.execute("SELECT f.seq, f.start, f.text, f.key, z.zone FROM scratch.found f LEFT JOIN scratch.zones z "
                              "ON z.doc_id = f.doc_id WHERE f.name AND f.seq > ? ORDER BY f.seq LIMIT ?",
                              (last, CUT_BATCH)).fetchall():
        last = batch[-1][0]
        updates = []
        for seq, start, text, key, zone in batch:
            form = match_form(text)
            if len(form) != len(text) or len(form) < 6 or not (cut := _cut_at(form, alone)):
                continue
            # a cut that changes nothing the name resolves to leaves it as written (湖科北岸園區, 湖科 defined)
            if (keyed := _key(text[cut:], zone)) and keyed[0] != key:
                updates.append((start + cut, text[cut:], keyed[0], f"{keyed[1]}; cut to the name written alone", seq))
        db.executemany("UPDATE scratch.found SET start = ?, text = ?, key = ?, why = ? WHERE seq = ?", updates)


def _entity(n: int, key: str, group: Iterable[tuple]) -> Entity:
    """Entity ``n`` of ``key`` from its mentions and then its figure rows, each as (key, is a
    figure row, order, text, why, is a name): named by its fullest name written, then the most
    written, then in Simplified (the matching form) when both scripts are written as often; its first
    mention's text when it has no name."""
    e = Entity(n, "", key.split(":", 1)[0], key)
    written: Counter = Counter()
    for _, row, _, text, why, name in group:
        e.name = e.name or text
        if row:
            e.aliases.setdefault(text, f"figure subject ({why})")
            written[text] += 0  # known, but not a mention of its own
            continue
        e.mentions += 1
        if name:
            written[text] += 1
            e.aliases.setdefault(text, why)
    if written:
        e.name = max(written, key=lambda t: (len(match_form(t)), written[t], t == match_form(t), t))
    e.name = re.sub(r"[|｜]", "", e.name).strip("—-－·•、，,:：")
    _more_aliases(e)
    return e


def resolve(found: list[Found], rows: list[FigureRow] = (), docs: list[Document] = ()) -> Resolved:
    """The corpus's entities from every document's mentions, and the entity of each figure row
    (by its subject, in its document's context; none for a category of projects): ``publish``'s
    pass in memory, for mentions already found (tests, bench/entity_eval.py); with ``docs``, the
    documents they were found in, also the firms named by brand across documents and the names
    only the tagger reads (``tagged_names``)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("ATTACH ':memory:' AS scratch")
        db.execute("CREATE TABLE figures (doc_id TEXT, subject TEXT, category INTEGER)")
        db.executemany("INSERT INTO figures VALUES (?, ?, ?)", [(r.doc_id, r.subject, r.category) for r in rows])
        extra = _resolve(db, found, (lambda: docs) if docs else None)
        placed = [m for f in [*found, *extra] for m in f.mentions if m.key]
        pairs = []
        # by each stored mention's place in the scratch table: a place's mention may have been dropped
        for seq, i, why, start, text in db.execute(
                'SELECT f.seq, i.id, f.why, f.start, f.text FROM scratch.found f JOIN scratch.ids i ON i.key = f.key '
                'ORDER BY f.seq'):
            m = placed[seq - 1]
            m.why, m.start, m.text = why, start, text
            pairs.append((m, i))
        return Resolved(sorted(_entities(db).values(), key=lambda e: e.id), pairs,
                        [i for i, in db.execute("SELECT entity FROM figures ORDER BY rowid")],
                        dict(db.execute("SELECT key, id FROM entities")),
                        dict(db.execute("SELECT bare, key FROM scratch.one_zone")),
                        dict(db.execute("SELECT key, one FROM scratch.same")),
                        dict(db.execute("SELECT part, one FROM scratch.spelled")))
    finally:
        db.close()


def _more_aliases(e: Entity) -> None:
    """The forms a question may use: the name without its zone, with the zone's short name
    (松涛港锂电池…项目), and every alias in the other script."""
    for alias in list(e.aliases):
        form = _clean(match_form(alias))
        own = zone_in(form)
        # the rest must be a name of its own: 凤栖湖景观区项目 is not 项目 in every question
        if e.type != "zone" and own and len(own) < len(form) and _specific(form[len(own):]):
            e.aliases.setdefault(form[len(own):], "the name without its zone")
            core = zone_key(own).split("/")[0]
            if len(core) >= 2 and core not in _NO_ZONE:
                e.aliases.setdefault(core + form[len(own):], "the name with its zone's short name")
    core = e.key.split(":", 1)[1].split("/")[0]
    if e.type == "zone" and "/" in e.key and len(core) >= 2 and core not in _NO_ZONE:
        e.aliases.setdefault(e.key.split(":", 1)[1].split("/")[0], "the zone's name without its kind")
    for alias in list(e.aliases):
        for other in (to_traditional(alias), to_simplified(alias)):
            e.aliases.setdefault(other, "the other script")


def publish(path: Path, docs: Callable[[], Iterable[Document]], previous: Path | None = None) -> None:
    """The corpus-level pass at publish: find the mentions of the documents ``docs()`` yields (with
    their sentences, read one at a time; read a second time for the firms named by brand and the
    tagger's names), resolve them with the figure rows already written at ``path``
    (``facts.write_table``) and write the entity tables there. The mentions wait in a scratch file
    beside ``path``, removed after. ``previous``: the figure table of a generation the same code
    made, whose tagger candidates are reused for the documents whose text it holds (tagging is
    about half the pass's time)."""
    scratch = path.with_name(path.name + ".entities-scratch")
    scratch.unlink(missing_ok=True)
    db = sqlite3.connect(path.resolve().as_uri(), uri=True)
    try:
        db.execute("ATTACH ? AS scratch", (scratch.resolve().as_uri(),))
        db.execute("PRAGMA scratch.journal_mode = OFF")
        kept = False
        if previous is not None and previous.is_file():
            db.execute("ATTACH ? AS previous", (previous.resolve().as_uri() + "?mode=ro",))
            kept = db.execute("SELECT 1 FROM previous.sqlite_master WHERE name = 'tagged'").fetchone() is not None
        _resolve(db, (find(d) for d in docs()), docs, kept)
        db.commit()
    finally:
        db.close()
        scratch.unlink(missing_ok=True)


def has_entities(path: Path | None) -> bool:
    """Whether a figure table holds the entity tables (tables written before them do not)."""
    if path is None:
        return False
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'entities'").fetchone() is not None
    finally:
        db.close()


def _entities(db: sqlite3.Connection) -> dict[int, Entity]:
    """Every entity of an entity table by id, with its aliases in the order they were found."""
    out = {i: Entity(i, n, t, k, {}, c) for i, n, t, k, c in db.execute("SELECT * FROM entities")}
    for i, alias, _, why in db.execute("SELECT * FROM aliases ORDER BY rowid"):
        out[i].aliases[alias] = why
    return out


def load(path: Path) -> list[Entity]:
    """Every entity of a table with its aliases and mention count, most mentioned first."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = _entities(db)
    finally:
        db.close()
    return sorted(out.values(), key=lambda e: (-e.mentions, e.id))


def named_in(path: Path, text: str) -> dict[int, str]:
    """The entities whose aliases ``text`` holds (either script), each with the longest such
    alias; a shorter alias inside a longer one found is not counted again."""
    form = _clean(match_form(text))
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # the substring test runs inside SQLite: a Python loop over every alias cost 5 ms a call
        hits = list(db.execute("SELECT entity, form FROM aliases WHERE length(form) >= 2 AND instr(?, form) > 0",
                               (form,)))
    finally:
        db.close()
    hits = [(e, f) for e, f in hits if f not in _COMMON_PLACE_WORDS]  # a kind names no one zone
    hits.sort(key=lambda x: -len(x[1]))
    out: dict[int, str] = {}
    spans: list[tuple[int, int]] = []
    for e, f in hits:
        at = form.find(f)
        if e in out or any(a <= at and at + len(f) <= b for a, b in spans):
            continue
        out[e] = f
        spans.append((at, at + len(f)))
    return out


def names(path: Path) -> dict[int, str]:
    """Each entity's name (its fullest), by id."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(db.execute("SELECT id, name FROM entities"))
    finally:
        db.close()


def subject_as_named(path: Path | None, row: FigureRow | None, subjects: list[str]) -> str | None:
    """The figure row's subject as the question names it when one of ``subjects`` is an alias
    of the row's entity (松涛港…项目 for a row of 锂电池…项目 in a report on 松涛港经开区), else the
    row's own subject: the verification stage's subject check then sees one name."""
    if row is None or row.entity is None or not has_entities(path):
        return row.subject if row else None
    for s in subjects:
        if row.entity in named_in(path, s):
            return s
    return row.subject


def figure_query(path: Path, subject: str | None = None, metric: str | None = None) -> list[FigureRow]:
    """The figure table's rows (``facts.query``) by entity: ``subject`` matches a row's subject or
    any alias of its entity (either script), and each row's subject is its entity's fullest name."""
    from dataclasses import replace

    from .facts import query

    if not has_entities(path):
        return query(path, subject, metric)
    rows = query(path, None, metric)
    full = names(path)
    if subject:
        word = alias_form(subject)
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            hit = {e for e, f in db.execute("SELECT entity, form FROM aliases") if word in f}
        finally:
            db.close()
        rows = [r for r in rows if r.entity in hit or r.subject and word in alias_form(r.subject)]
    return [replace(r, subject=full.get(r.entity, r.subject)) for r in rows]
