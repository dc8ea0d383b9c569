"""Evaluation metrics exactly as defined in shared/eval/README.md, and dataset loaders."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

from .textnorm import to_simplified

_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


def norm(s: str) -> str:
    """NFKC, remove pinyin annotations such as ``(xiàng)``, OpenCC t2s, remove all whitespace."""
    s = unicodedata.normalize("NFKC", s)
    s = _PINYIN.sub("", s)
    return re.sub(r"\s+", "", to_simplified(s))


def contains_gold(text: str, golds: list[str]) -> bool:
    """Whether ``norm(gold)`` is a substring of ``norm(text)`` for some gold answer."""
    t = norm(text)
    return any(norm(g) and norm(g) in t for g in golds)


def load_squad(path: Path, limit: int | None = None, seed: int = 0) -> tuple[list[dict], list[dict]]:
    """Articles (``id``, ``title``, ``text``) and questions (``question``, ``answers``, ``doc``) of a
    SQuAD-format file; with ``limit``, a seeded random sample of the questions."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    articles, questions = [], []
    for art in data:
        doc = f"{art.get('id') or art['title']}.txt"
        text = "\n".join(p["context"] for p in art["paragraphs"])
        articles.append({"name": doc, "title": art.get("title", ""), "text": text})
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                questions.append({"id": qa["id"], "question": qa["question"], "doc": doc,
                                  "answers": sorted({a["text"] for a in qa["answers"]})})
    if limit is not None and limit < len(questions):
        questions = random.Random(seed).sample(questions, limit)
    return articles, questions


def retrieval_hits(ranked_hits, index, question: dict) -> tuple[bool, bool]:
    """hit@1 and hit@5: a top chunk from the gold document that contains a gold answer."""
    good = [index.documents[h.chunk.doc_id].name == question["doc"]
            and contains_gold(h.chunk.text, question["answers"]) for h in ranked_hits[:5]]
    return bool(good[:1] and good[0]), any(good)
