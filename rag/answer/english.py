"""Chinese search words for an English question, so that BM25 and word coverage work across languages.

Three sources, in this order: a glossary of the general vocabulary of reports on parks, projects
and their figures (not of any one document); the corpus's own names read in pinyin — ``Baotou``
finds 包头 and ``Weihai`` 威海 because those words occur in the indexed text; and for the other
words a general English-Chinese dictionary (CC-CEDICT), kept to the translations the corpus holds.
Words found by none are left to the multilingual embedding.
"""

from __future__ import annotations

import re

from ..cedict import STOP_EN, dictionary
from ..index import Index

# English phrase -> Chinese words (Simplified, space-separated alternatives). Longest phrases win.
GLOSSARY = {
    "total investment": "总投资", "investment": "投资", "invest": "投资", "invested": "投资",
    "investor": "投资方", "funds": "资金", "capital": "资金", "in place": "到位",
    "output value": "产值", "annual output value": "年产值", "industrial output": "工业总产值",
    "sales": "销售额", "annual sales": "年销售额", "revenue": "收入 营业收入", "income": "收入",
    "general public budget revenue": "一般公共预算收入", "budget": "预算", "tax": "税收", "taxes": "利税",
    "profit": "利润", "profits": "利润", "gdp": "地区生产总值", "gross domestic product": "地区生产总值",
    "capacity": "产能", "production capacity": "产能", "annual capacity": "年产能", "output": "产量",
    "installed capacity": "装机容量", "scale": "规模", "export": "出口", "exports": "出口",
    "import": "进口", "imports": "进口", "foreign capital": "外资",
    "area": "面积", "floor area": "建筑面积", "land": "土地 用地", "cover": "占地", "covers": "占地",
    "occupies": "占地", "acre": "亩", "acres": "亩", "mu": "亩", "square meters": "平方米",
    "square metres": "平方米", "square kilometers": "平方公里", "hectares": "公顷", "plant": "厂 工厂",
    "factory": "工厂 厂", "workshop": "车间", "production line": "生产线", "production lines": "生产线",
    "project": "项目", "projects": "项目", "major project": "重大项目", "major projects": "重大项目",
    "key project": "重点项目", "key projects": "重点项目", "park": "园区 产业园", "industrial park": "产业园 园区",
    "zone": "区", "development zone": "开发区", "high-tech zone": "高新区", "high tech zone": "高新区",
    "high-tech": "高新", "new area": "新区", "district": "区", "county": "县", "city": "市",
    "province": "省", "banner": "旗", "port": "口岸 港", "base": "基地",
    "company": "公司", "companies": "公司 企业", "enterprise": "企业", "enterprises": "企业",
    "firm": "企业", "firms": "企业", "group": "集团", "supplier": "供应商", "suppliers": "供应商",
    "partner": "合作", "leading": "龙头", "headquarters": "总部",
    "construction": "建设 施工", "built": "建设 建成", "build": "建设", "started": "开工", "start": "开工",
    "commenced": "开工", "completed": "竣工 完成", "completion": "竣工", "operation": "投产 运营",
    "put into production": "投产", "signed": "签约", "signing": "签约", "contract": "签约 合同",
    "located": "落户 位于", "settled": "落户", "introduced": "引进", "attract": "招商 引进",
    "approval": "审批", "approvals": "审批", "procedures": "手续", "permits": "手续", "time": "时间",
    "days": "天", "day": "天", "months": "个月", "month": "月", "years": "年", "year": "年", "hours": "小时",
    "minutes": "分钟", "construction period": "工期", "shortened": "压缩 缩短", "reduced": "压缩 减少",
    "growth": "增长", "increase": "增长", "increased": "增长", "grew": "增长", "year-on-year": "同比",
    "year on year": "同比", "rate": "率", "proportion": "比例 占比", "share": "占比 比例",
    "percentage": "比例 百分比", "national": "全国", "nationwide": "全国", "country": "全国",
    "jobs": "就业 岗位", "employees": "员工 就业", "workers": "工人 员工", "population": "人口",
    "cadres": "干部", "promoted": "提拔", "leader": "领导", "secretary": "书记", "party": "党工委 党委",
    "director": "局长 主任", "chairman": "董事长 主席", "manager": "经理", "general manager": "总经理",
    "rare earth": "稀土", "permanent magnet": "永磁", "magnet": "永磁", "motor": "电机", "motors": "电机",
    "wind power": "风电", "wind turbine": "风机", "wind turbines": "风机", "photovoltaic": "光伏",
    "solar": "光伏 光能", "module": "组件", "modules": "组件", "silicon": "硅", "monocrystalline": "单晶",
    "battery": "电池", "batteries": "电池", "lithium": "锂", "anode": "负极", "cathode": "正极",
    "new energy": "新能源", "hydrogen": "氢", "carbon fiber": "碳纤维", "carbon fibre": "碳纤维",
    "zero-carbon": "零碳", "zero carbon": "零碳", "new materials": "新材料", "materials": "材料",
    "equipment": "装备 设备", "manufacturing": "制造", "high-end": "高端", "medical": "医疗",
    "medicine": "医药", "health": "健康", "chemical": "化工", "steel": "钢", "aluminum": "铝",
    "alloy": "合金", "copper": "铜", "vehicle": "车辆 汽车", "vehicles": "车辆 汽车", "car": "汽车",
    "automobile": "汽车", "mining": "矿用 矿", "electric": "电动", "lightweight": "轻量化",
    "intelligent": "智能", "digital": "数字", "industry": "产业", "industrial": "产业 工业",
    "industries": "产业", "industrial chain": "产业链", "supply chain": "供应链", "cluster": "集群",
    "leading industries": "主导产业", "model": "型号", "innovation": "创新", "research": "研发",
    "end of": "底", "first quarter": "一季度", "second quarter": "二季度", "third quarter": "三季度",
    "first half": "上半年", "this year": "今年", "last year": "去年", "phase": "期",
    "january": "1月", "february": "2月", "march": "3月", "april": "4月", "may": "5月", "june": "6月",
    "july": "7月", "august": "8月", "september": "9月", "october": "10月", "november": "11月",
    "december": "12月", "inner mongolia": "内蒙古", "billion": "亿", "million": "万", "yuan": "元",
}
_PHRASES = sorted(GLOSSARY, key=lambda p: -len(p))
_GLOSSARY_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b")
_ADMIN = "区市县省旗镇乡村州盟"
_WORD = re.compile(r"[a-z][a-z'-]*")


def pinyin_names(words: list[tuple[str, int]]) -> dict[str, str]:
    """Corpus words of two to five Han characters by their toneless pinyin (``baotou`` -> 包头),
    the more frequent word first when two read alike; ``words`` as (word, chunk frequency)."""
    from pypinyin import Style, lazy_pinyin

    names: dict[str, str] = {}
    for word, _ in sorted(words, key=lambda kv: -kv[1]):
        if 2 <= len(word) <= 5 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
            forms = [word]
            if len(word) >= 3 and word[-1] in _ADMIN:  # 临港区 is also found as Lingang
                forms.append(word[:-1])
            for form in forms:
                names.setdefault("".join(lazy_pinyin(form, style=Style.NORMAL)), form)
    return names


def chinese_terms(index: Index, question: str) -> list[str]:
    """Chinese words for an English question: glossary phrases, then the corpus's names in pinyin,
    then the dictionary's words for the rest (``dictionary_terms``)."""
    text = question.lower()
    terms = [w for m in _GLOSSARY_RE.finditer(text) for w in GLOSSARY[m.group()].split()]
    rest = _GLOSSARY_RE.sub(" ", text)
    names = index.pinyin
    terms += [names[w] for w in _WORD.findall(rest) if len(w) > 3 and w in names]
    return terms + [t for t in dictionary_terms(index, rest) if t not in terms]


# Chinese words kept per English word or phrase: on 300 English questions of the training
# articles (the reader's, so only fit to tune the search words), answer accuracy 0.643 / 0.670 /
# 0.633 with 1 / 2 / 3 (docs/reader.md, "English questions").
MAX_SENSES = 2


def _forms(word: str) -> list[str]:
    """``word`` and its singular or base forms (studies -> study, prevented -> prevent)."""
    out = [word]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: len(word) - len(suffix)] + repl)
    return out


def dictionary_terms(index: Index, question: str) -> list[str]:
    """Chinese words for the English words of ``question`` from the dictionary, longest phrases
    first, each kept only when the corpus holds it, at most ``MAX_SENSES`` per phrase."""
    from ..bm25 import tokenize

    stats, words = index.lexical, _WORD.findall(question.lower())
    glossary, out, i = dictionary().english, [], 0
    while i < len(words):
        for n in (3, 2, 1):
            phrase = words[i:i + n]
            if len(phrase) < n or (n == 1 and phrase[0] in STOP_EN):
                continue
            found = [w for form in _forms(phrase[-1])
                     for w in glossary.get(" ".join([*phrase[:-1], form]), [])
                     if all(stats.doc_freq(t) for t in tokenize(w))]
            if found:
                out += list(dict.fromkeys(found))[:MAX_SENSES]
                i += n - 1
                break
        i += 1
    return out
