"""Questions no single sentence answers, answered from the figure table (``rag/facts.py``):
superlatives and comparisons (哪个项目总投资最大, A和B哪个投资更多), totals and counts (合计,
多少个项目), filters (超过10亿元) and lists (有哪些项目及其投资额).

Only figures of one metric and one unit are compared (亿元 with 万元 after normalisation, never
亩 with 元). A subject reported several times counts once, with its newest figure; the others
are kept to show where reports differ. When the table does not cover the question (no metric,
too few subjects, a named subject without a figure), ``answer`` returns None and says why, so
the caller answers from the passages instead of computing over a partial table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import entities
from .facts import YEAR, FigureRow, query, zone_in
from .textnorm import match_form

# Metrics that name the same quantity (Simplified). A metric not listed is its own group.
_SAME_METRIC = {
    "总投资": {"总投资", "总投资额", "投资额", "计划总投资"},
    "占地": {"占地", "占地面积", "用地"},
    "年产值": {"年产值"},
    "年产能": {"年产能", "产能", "年产", "年产量", "产量"},
}
_MAX = re.compile(r"最大|最多|最高|最长|更大|更多|更高|largest|biggest|most|highest|more|larger|bigger")
_MIN = re.compile(r"最小|最少|最低|最短|更小|更少|更低|smallest|least|lowest|fewest|less|smaller")
_SUM = re.compile(r"合计|一共|总共|共计|加起来|总和|in total|altogether|combined|sum")
_COUNT = re.compile(r"(?:多少|几)个(?:项目|企业|公司)|how many (?:projects|companies)")
_HOW_MANY = re.compile(r"(?:多少|几)个|how many")
_ABOVE = re.compile(r"(?:超过|高于|大于|多于|不低于|不少于|above|over|more than)\s*([\d.]+)\s*(亿元|万元|亩|万吨|吨|%)"
                    r"|([\d.]+)\s*(亿元|万元|亩|万吨|吨)以上")
_BELOW = re.compile(r"(?:低于|少于|小于|不足|below|under|less than)\s*([\d.]+)\s*(亿元|万元|亩|万吨|吨|%)"
                    r"|([\d.]+)\s*(亿元|万元|亩|万吨|吨)以下")
_LIST = re.compile(r"(?:有)?哪些(?:项目|企业|公司)|列出|list")
_ABOUT = re.compile(r"项目|企业|公司|园区|产业园|工业园|基地|工厂|project|compan|park|plant")
_SCALE = {"亿元": 1e8, "万元": 1e4, "亩": 1, "万吨": 1e4, "吨": 1, "%": 1}
# The metric a threshold's unit implies when the question names none (超过10亿元的项目: money is a
# project's investment; 100亩以上: its land; 万吨: its capacity). A percentage implies no metric.
_METRIC_OF_UNIT = {"亿元": "总投资", "万元": "总投资", "亩": "占地", "万吨": "年产能", "吨": "年产能"}
# English metric words, for questions asked in English.
_ENGLISH = [(re.compile(r"total investment|investment"), "总投资"), (re.compile(r"land|area|acre|mu\b"), "占地"),
            (re.compile(r"output value|annual output"), "年产值"), (re.compile(r"capacity"), "年产能")]
# A subject that is a project, park or company (not a zone or a category of projects).
_SINGLE = re.compile(r"(?:项目|产业园|工业园|科技园|基地|公司|集团|工厂|厂|中心)(?:[一二三四]期)?$")
_CATEGORY = re.compile(r"\d+个|重点|重大|省级|市级|以上|新开工|新签约|产业类|战略性|产业项目$|类项目$")


@dataclass
class Result:
    """What the table says: the operation, the rows it used (one per subject, newest first
    within a subject's reports) and the figure or subject it comes to."""

    op: str  # max, min, sum, count, filter, list
    metric: str
    condition: str  # the filter as the question wrote it (超过10亿元), or ""
    rows: list[FigureRow]
    value: float | None = None  # sum, or the max/min row's value
    unit: str | None = None
    top: FigureRow | None = None  # max/min
    others: dict[str, list[FigureRow]] = field(default_factory=dict)  # subject -> other reports' rows
    stated: FigureRow | None = None  # sum: a report's own total for the same number of projects
    compared: int = 0  # subjects with a figure of the metric, when none passed the condition


def metric_group(metric: str) -> str:
    """The group a metric belongs to (总投资额 -> 总投资), for comparing figures of one quantity."""
    form = match_form(metric)
    return next((g for g, same in _SAME_METRIC.items() if form in same), form)


def parse(question: str) -> tuple[str, str | None, dict]:
    """The operation a question about projects, parks or companies asks of the table (or "" for
    none: 世界上最大的宫殿 is not a question for it), its metric group, and its filters:
    ``above``/``below`` (a value in the base unit), ``year``."""
    form = match_form(question).lower()
    if not _ABOUT.search(form):
        return "", None, {}
    metrics = [m for g, same in _SAME_METRIC.items() for m in same if m in form]
    from .figures import METRICS

    metric = metric_group(max(metrics or [m for m in METRICS if m in form] or [""], key=len)) or next(
        (m for pattern, m in _ENGLISH if pattern.search(form)), None)
    if metric == "投资":  # 哪个投资更多: a question's plain 投资 means the total
        metric = "总投资"
    filters: dict = {}
    unit = None  # the unit of the last threshold, which names the metric when the question does not
    for name, pattern in (("above", _ABOVE), ("below", _BELOW)):
        m = pattern.search(form)
        if m:
            number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            filters[name] = float(number) * _SCALE[unit]
            filters["condition"] = m.group(0)
    if metric is None and unit is not None:
        metric = _METRIC_OF_UNIT.get(unit)
    year = YEAR.search(form)
    if year:
        filters["year"] = year.group(1)
    filtered = bool(filters.keys() & {"above", "below"})
    op = ("count" if _COUNT.search(form) or filtered and _HOW_MANY.search(form)
          else "sum" if _SUM.search(form) else "max" if _MAX.search(form)
          else "min" if _MIN.search(form) else "filter" if filtered
          else "list" if _LIST.search(form) else "")
    return op, metric, filters


def is_single(row: FigureRow) -> bool:
    """Whether a row's subject is one project, park or company (also by a short name without 公司:
    双良): not a zone, not a category of projects (重点项目, 稀土产业项目, or one the figure table
    found counted: 新型化工项目32个), not a zone's projects in general (包头稀土高新区项目)."""
    if not row.subject or row.category:
        return False
    form = match_form(row.subject)
    zone = zone_in(row.subject)
    rest = form[len(match_form(zone)):] if zone else form
    if re.fullmatch(r"[\u4e00-\u9fff]{2,6}", form) and not zone:  # a company by its short name: 双良
        return not _CATEGORY.search(form)
    return bool(_SINGLE.search(form)) and not _CATEGORY.search(form) and len(_SINGLE.sub("", rest)) >= 2


def named_subjects(question: str, candidates: list[str]) -> list[str]:
    """The subjects among ``candidates`` that ``question`` names, by their full name or by the
    name without its last word (星河新能源电池 for 星河新能源电池项目), longest names first. A
    phase (…项目一期) is named only by its full name."""
    form = match_form(question)
    out: list[str] = []
    for s in sorted(candidates, key=len, reverse=True):
        name = match_form(s)
        stem = _SINGLE.sub("", name)
        by_stem = len(stem) >= 3 and stem in form and not re.search(r"[一二三四五六首]期$", name)  # not a phase
        if (name in form or by_stem) and not any(name in match_form(o) for o in out):
            out.append(s)
    return out


def answer(path, question: str, named: list[str], docs: set[str] | None = None
           ) -> tuple[Result | None, str | None]:
    """The table's answer to ``question`` (figure table at ``path``), or (None, why not) when the
    question is not one for the table or the table does not cover it. ``named``: subjects of the
    table that the question names (a comparison of those only); ``docs``: the documents (ids) in
    scope, e.g. those about a zone the question names."""
    op, metric, filters = parse(question)
    if not op or op in ("filter", "list", "count") and not metric:
        return None, None
    if metric is None:
        return None, None  # not a question about figures
    of_metric = [r for r in query(path) if r.metric and metric_group(r.metric) == metric and r.value is not None
                 and r.subject and (docs is None or r.doc_id in docs)]
    rows = [r for r in of_metric if is_single(r)]
    if "year" in filters:
        rows = [r for r in rows if r.period == filters["year"]]
    units = {r.unit for r in rows}
    if len(units) > 1:  # compare one unit only: the most common
        unit = max(units, key=lambda u: sum(r.unit == u for r in rows))
        rows = [r for r in rows if r.unit == unit]
    # One group per entity (``rag.entities``: one project under all its names), under its fullest
    # name; a row without an entity is grouped by its subject as written.
    full = entities.names(path) if entities.has_entities(path) else {}
    by_subject: dict[int | str, list[FigureRow]] = {}
    for r in sorted(rows, key=lambda r: r.date or "", reverse=True):
        by_subject.setdefault(_group(r), []).append(r)
    if named:
        wanted = {n: _named_groups(path, n, rows, full) & by_subject.keys() for n in named}
        missing = [n for n, groups in wanted.items() if not groups]
        if missing:
            return None, f"the figure table has no {metric} for {'、'.join(missing)}"
        by_subject = {k: v for k, v in by_subject.items() if any(k in g for g in wanted.values())}
    by_subject = {k: [replace(r, subject=full.get(r.entity, r.subject)) for r in v] for k, v in by_subject.items()}
    newest = [v[0] for v in by_subject.values()]
    if "above" in filters:
        newest = [r for r in newest if r.value > filters["above"]]
    if "below" in filters:
        newest = [r for r in newest if r.value < filters["below"]]
    if not newest and by_subject and filters.keys() & {"above", "below"}:
        # Figures of the metric exist, none passes the condition: an answer in itself ("none").
        return Result(op, metric, filters.get("condition", ""), [], unit=None, compared=len(by_subject)), None
    if op in ("max", "min") and len(newest) < 2 or not newest:
        return None, f"the figure table holds too few figures of {metric} to answer this"
    res = Result(op, metric, filters.get("condition", ""), sorted(newest, key=lambda r: -r.value),
                 unit=newest[0].unit,
                 others={match_form(r.subject): [o for o in by_subject[_group(r)][1:]
                                                 if abs(o.value - r.value) > 1e-6 * abs(r.value)]
                         for r in newest})
    if op in ("max", "min"):
        res.top = res.rows[0] if op == "max" else res.rows[-1]
        res.value = res.top.value
    elif op == "sum":
        res.value = sum(r.value for r in newest)
        # A report that states the total of as many projects (3个项目总投资合计33亿元) is quoted
        # beside the sum, which may use newer figures than it did.
        counted = re.compile(rf"(?:^|[^\d]){len(newest)}个(?:\w{{0,6}})?(?:项目|企业)$")
        stated = [r for r in of_metric if r.unit == res.unit and counted.search(match_form(r.subject))]
        res.stated = max(stated, key=lambda r: r.date or "") if stated else None
    return res, None


def _group(r: FigureRow) -> int | str:
    """The group a row counts in: its entity, else its subject in matching form."""
    return r.entity if r.entity is not None else match_form(r.subject)


def _named_groups(path, name: str, rows: list[FigureRow], full: dict[int, str]) -> set[int | str]:
    """The groups a subject named in a question stands for: the entities it is an alias of, and
    the rows it is the subject of as written."""
    form = match_form(name)
    found = {_group(r) for r in rows if match_form(r.subject) == form}
    if full:
        found |= {e for e, alias in entities.named_in(path, name).items() if alias == entities.alias_form(name)}
    return found


def format_value(value: float, unit: str | None) -> str:
    """A normalised value as a reader writes it: 4.8e9 元 -> 48亿元, 150 亩 -> 150亩."""
    if unit == "元" and abs(value) >= 1e8:
        return f"{value / 1e8:.2f}".rstrip("0").rstrip(".") + "亿元"
    if unit == "元" and abs(value) >= 1e4:
        return f"{value / 1e4:.2f}".rstrip("0").rstrip(".") + "万元"
    return f"{value:.2f}".rstrip("0").rstrip(".") + (unit or "")
