"""How an answer is shown: labels in the question's language, text in the question's script, and
the source lines. The CLI, the JSON and the UI all go through these functions."""

from __future__ import annotations

from .textnorm import to_simplified, to_traditional

LABELS = {
    "Hans": {"answer": "答案：", "none": "资料中没有找到这个问题的答案。", "related": "相关段落：",
             "sources": "来源：", "confidence": "置信度"},
    "Hant": {"answer": "答案：", "none": "資料中沒有找到這個問題的答案。", "related": "相關段落：",
             "sources": "來源：", "confidence": "置信度"},
    "en": {"answer": "Answer: ", "none": "Not found in the documents.", "related": "Related passages:",
           "sources": "Sources:", "confidence": "confidence"},
}


def in_script(text: str, source_script: str, lang: str) -> str:
    """``text`` in the question's script; text already in it is left alone (s2t is not a no-op on
    Traditional text: it turns 石拐 into 石柺)."""
    if lang == source_script or lang == "en" or source_script not in ("Hans", "Hant"):
        return text
    return to_traditional(text) if lang == "Hant" else to_simplified(text)


def format_sources(ans) -> str:
    """The citation list under an answer: ``[n] title · date · outlet · file [start-end]``."""
    cites = ans.citations or ans.related
    if not cites:
        return ""
    lines = [LABELS[ans.lang]["sources"]]
    for c in cites:
        meta = " · ".join(x for x in (c.title, c.date, c.outlet, f"{c.doc} [{c.start}-{c.end}]") if x)
        lines.append(f"[{c.n}] {meta}")
    return "\n".join(lines)
