"""Evaluation metrics exactly as defined in shared/eval/README.md, and dataset loaders."""

from __future__ import annotations

import hashlib
import json
import random
import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

from .errors import EvalDataError
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


def indexed_half(doc: str) -> bool:
    """The fixed split of the abstention benchmark: the articles whose id hashes even are indexed."""
    return int(hashlib.sha256(doc.encode()).hexdigest()[:8], 16) % 2 == 0


def load_squad(path: Path, limit: int | None = None, seed: int = 0,
               unanswerable_half: bool = False) -> tuple[list[dict], list[dict]]:
    """Articles (``id``, ``title``, ``text``) and questions (``question``, ``answers``, ``doc``,
    ``context``) of a SQuAD-format file; with ``limit``, a seeded random sample of the questions.
    With ``unanswerable_half``, only the articles of ``indexed_half`` are returned and the questions
    about the others become unanswerable (no answers, no document)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    articles, questions = [], []
    for art in data:
        doc = f"{art.get('id') or art['title']}.txt"
        text = "\n".join(p["context"] for p in art["paragraphs"])
        indexed = not unanswerable_half or indexed_half(doc)
        if indexed:
            articles.append({"name": doc, "title": art.get("title", ""), "text": text})
        for p in art["paragraphs"]:
            for qa in p["qas"]:
                if not qa["question"].strip():
                    continue  # an empty question (one in CMRC 2018 trial) asks nothing
                questions.append({"id": qa["id"], "question": qa["question"], "context": p["context"],
                                  "doc": doc if indexed else None,
                                  "answers": sorted({a["text"] for a in qa["answers"]}) if indexed else []})
    if limit is not None and limit < len(questions):
        questions = random.Random(seed).sample(questions, limit)
    return articles, questions


def load_qa(path: Path) -> list[dict]:
    """Questions of a seeds-QA-format JSONL file (``question``, ``answers``, ``doc``, …)."""
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                item = json.loads(line)
                item["question"], item["answers"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a QA item with question and answers ({exc})") from exc
            out.append(item)
    return out


def char_f1(pred: str, gold: str) -> float:
    """Character-level F1 of two normalised strings (SQuAD's F1 with characters for tokens)."""
    p, g = Counter(norm(pred)), Counter(norm(gold))
    same = sum((p & g).values())
    if not same:
        return 0.0
    precision, recall = same / sum(p.values()), same / sum(g.values())
    return 2 * precision * recall / (precision + recall)


# The CMRC 2018 evaluation script's punctuation, removed before its EM and F1.
_CMRC_PUNCT = set("-:_*^/\\~`+=，。：？！“”；’《》…·、「」（）－～『』")
_CMRC_SEGMENT = re.compile(r"[\u4e00-\u9fa5]|[^\u4e00-\u9fa5\s]+")


def cmrc_scores(pred: str, golds: list[str]) -> tuple[float, float]:
    """EM and F1 as the CMRC 2018 evaluation script defines them, the figures published models
    report: lower case, its punctuation removed; F1 over the longest common subsequence of
    segments (each Chinese character, each run of other characters; the script splits those runs
    with NLTK's word tokenizer, here at whitespace), best over the gold answers."""
    def clean(x: str) -> str:
        return "".join(c for c in x.lower().strip() if c not in _CMRC_PUNCT)

    def lcs(a: list[str], b: list[str]) -> int:
        row = [0] * (len(b) + 1)
        for x in a:
            prev = 0
            for j, y in enumerate(b):
                prev, row[j + 1] = row[j + 1], prev + 1 if x == y else max(row[j + 1], row[j])
        return row[-1]

    em = f1 = 0.0
    p = _CMRC_SEGMENT.findall(clean(pred))
    for g in golds:
        em = max(em, float(clean(pred) == clean(g)))
        gs = _CMRC_SEGMENT.findall(clean(g))
        same = lcs(gs, p) if p and gs else 0
        if same:
            f1 = max(f1, 2 * same / (len(p) + len(gs)))
    return em, f1


def score_item(item: dict, ans) -> dict:
    """The metrics of one answered question (see shared/eval/README.md), as 0/1 or F1 values."""
    golds = item["answers"]
    from .answer.question import question_kind
    from .textnorm import match_form

    row = {"id": item.get("id"), "question": item["question"],
           "kind": question_kind(match_form(item["question"]).lower()), "abstained": ans.abstained,
           "confidence": getattr(ans, "confidence", None), "margin": getattr(ans, "margin", None),
           "rescued": getattr(ans, "rescued", False),
           "evidence_score": getattr(ans, "evidence_score", None),
           "short_answer": ans.short_answer, "missing": list(getattr(ans, "missing", []))}
    if item.get("trap"):
        row["trap"] = item["trap"]
    if item.get("control_of"):
        row["control_of"] = item["control_of"]
    if not golds:
        row["abstention_accuracy"] = float(ans.abstained)
        return row
    gold_doc = item.get("doc")
    hits = [r for r in ans.retrieved[:5] if r["doc"] == gold_doc and contains_gold(r["text"], golds)]
    row.update(
        answer_accuracy=float(not ans.abstained and contains_gold(ans.answer, golds)),
        hit_at_5=float(bool(hits)),
        citation_precision=float(any(c.doc == gold_doc and contains_gold(c.quote, golds)
                                     for c in ans.citations)),
        false_abstention_rate=float(ans.abstained),
    )
    short = ans.short_answer or ""
    row["short_answer_em"] = float(any(norm(short) == norm(g) for g in golds))
    row["short_answer_f1"] = max(char_f1(short, g) for g in golds)
    row["cmrc_em"], row["cmrc_f1"] = cmrc_scores(short, golds)
    return row


METRICS = ("answer_accuracy", "hit_at_5", "citation_precision", "abstention_accuracy",
           "false_abstention_rate", "short_answer_em", "short_answer_f1", "cmrc_em", "cmrc_f1")


def summarize(rows: list[dict]) -> dict:
    """Each metric's mean over the items it applies to, with the item counts."""
    out: dict = {"questions": len(rows),
                 "answerable": sum("answer_accuracy" in r for r in rows),
                 "unanswerable": sum("abstention_accuracy" in r for r in rows)}
    for m in METRICS:
        vals = [r[m] for r in rows if m in r]
        if vals:
            out[m] = round(sum(vals) / len(vals), 4)
    return out


def by_kind(rows: list[dict]) -> dict:
    """The metrics per question kind (figure, date, person, list, entity, other)."""
    kinds = sorted({r["kind"] for r in rows})
    return {k: summarize([r for r in rows if r["kind"] == k]) for k in kinds}


def by_trap(rows: list[dict]) -> dict:
    """For a near-miss set (items with ``trap`` or ``control_of``): per trap type, the abstention
    on its unanswerable questions and the false abstention on the answerable controls worded like
    them. Empty for other sets."""
    traps = sorted({r.get("trap") or r.get("control_of") for r in rows} - {None})
    out = {}
    for t in traps:
        un = [r["abstention_accuracy"] for r in rows if r.get("trap") == t and "abstention_accuracy" in r]
        ctl = [r for r in rows if r.get("control_of") == t and "answer_accuracy" in r]
        out[t] = {"traps": len(un), "abstention": round(sum(un) / len(un), 4) if un else None,
                  "controls": len(ctl),
                  "false_abstention": (round(sum(r["false_abstention_rate"] for r in ctl) / len(ctl), 4)
                                       if ctl else None),
                  "control_accuracy": round(sum(r["answer_accuracy"] for r in ctl) / len(ctl), 4) if ctl else None}
    return out


def evaluate(index, embedder, items: list[dict], progress: bool = True,
             answer=None) -> tuple[dict, list[dict]]:
    """Ask every question against the whole index with ``answer`` (default: the rules of
    ``rag.answer.compose``); the summary metrics and one row per item."""
    from tqdm import tqdm

    from .answer.compose import answer_question

    answer = answer or answer_question
    rows = []
    for item in tqdm(items, unit="q", desc="asking", disable=not progress):
        ans = answer(index, embedder, item["question"])
        row = score_item(item, ans)
        row["ms"] = ans.timings_ms["total"]
        row["read_ms"] = ans.timings_ms.get("read")
        rows.append(row)
    return summarize(rows), rows


def read_gold(items: list[dict], window_chars: int, progress: bool = True) -> tuple[dict, list[dict]]:
    """The reader alone, given each question's gold paragraph: the paragraph is cut into windows of
    whole sentences (at most ``window_chars``, overlapping by one sentence) and the best span of
    all windows is the answer, "no answer" ignored. Short-answer EM and F1, also as the CMRC
    2018 script computes them (``cmrc_scores``), and one row per question."""
    from tqdm import tqdm

    from .answer.read import default_reader
    from .chunk import split_sentences

    reader, rows = default_reader(), []
    for item in tqdm(items, unit="q", desc="reading", disable=not progress):
        sents = split_sentences("", item["context"], window_chars)
        windows, i = [], 0
        while i < len(sents):
            j = i
            while j + 1 < len(sents) and sents[j + 1].end - sents[i].start <= window_chars:
                j += 1
            windows.append(item["context"][sents[i].start:sents[j].end])
            i = j if j > i else j + 1
        spans = [(sp, w) for sp, w in zip(reader.read(item["question"], windows), windows) if sp]
        sp, w = max(spans, key=lambda x: x[0].score) if spans else (None, "")
        pred = w[sp.start:sp.end] if sp else ""
        em, f1 = cmrc_scores(pred, item["answers"])
        rows.append({"id": item.get("id"), "question": item["question"], "short_answer": pred,
                     "short_answer_em": float(any(norm(pred) == norm(g) for g in item["answers"])),
                     "short_answer_f1": max(char_f1(pred, g) for g in item["answers"]),
                     "cmrc_em": em, "cmrc_f1": f1})
    return {"questions": len(items), **{m: round(float(np.mean([r[m] for r in rows])), 4) if rows else 0.0
                                        for m in ("short_answer_em", "short_answer_f1", "cmrc_em", "cmrc_f1")}}, rows


def write_articles(articles: list[dict], folder: Path) -> None:
    """One text file per article: the title on the first line, then the text."""
    folder.mkdir(parents=True, exist_ok=True)
    for a in articles:
        (folder / a["name"]).write_text(f"{a['title']}\n{a['text']}\n", encoding="utf-8")


def _write_rows(details: Path | None, rows: list[dict]) -> None:
    if details is not None:
        details.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _percentile(values: list[float], p: float) -> float:
    return round(float(np.percentile(values, p)), 1) if values else 0.0


def run_eval(*, qa: Path | None = None, squad: Path | None = None, index: Path = Path("index"),
             temporary: bool = False, limit: int | None = None, seed: int = 0, progress: bool = True,
             details: Path | None = None, model: str | None = None, unanswerable_half: bool = False,
             gold_paragraph: bool = False, answer=None, store: str | None = None) -> dict:
    """``rag eval``: a seeds-QA file against ``index``, or a SQuAD file against an index of its own
    articles (built in ``index``, or in a temporary folder, with ``model``); metrics overall and per
    question kind, answer-time percentiles and the answer settings used. ``unanswerable_half``
    indexes half of the SQuAD articles and asks every sampled question (the abstention
    benchmark); ``gold_paragraph`` only runs the reader on each question's own paragraph.
    ``answer`` answers a question (default: the rules of ``rag.answer.compose``); ``store``: where the
    index's chunks are searched (``rag.store``)."""
    from dataclasses import asdict

    from embeddings import DEFAULT_MODEL, LazyEmbedder, get_embedder

    from .answer.read import DEFAULT_SETTINGS
    from .build import build_index
    from .index import load_index
    path = qa or squad
    if (unanswerable_half or gold_paragraph) and squad is None:
        raise EvalDataError("--unanswerable-half and --gold-paragraph need a SQuAD file (--squad)")
    try:
        if qa is not None:
            items = load_qa(qa)
            if limit is not None and limit < len(items):
                items = random.Random(seed).sample(items, limit)
        else:
            articles, items = load_squad(squad, limit, seed, unanswerable_half)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvalDataError(f"cannot read questions from {path}: {exc}") from exc
    if gold_paragraph:
        summary, rows = read_gold(items, DEFAULT_SETTINGS.window_chars, progress)
        _write_rows(details, rows)
        return {"questions_file": str(path), "mode": "gold paragraph", "metrics": summary,
                "reader_settings": asdict(DEFAULT_SETTINGS)}
    with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp:
        if squad is not None:
            write_articles(articles, Path(tmp) / "docs")
            if temporary:
                index = Path(tmp) / "index"
            build_index(Path(tmp) / "docs", index, LazyEmbedder(model or DEFAULT_MODEL), progress=progress,
                        store=store)
        idx = load_index(index, store=store)
        summary, rows = evaluate(idx, get_embedder(idx.manifest["model_id"]), items, progress, answer)
    _write_rows(details, rows)
    ms, read_ms = [r["ms"] for r in rows], [r["read_ms"] for r in rows if r["read_ms"] is not None]
    timings = {"answer_p50": _percentile(ms, 50), "answer_p95": _percentile(ms, 95)}
    if read_ms:  # only a path that reads has reading times
        timings.update(read_p50=_percentile(read_ms, 50), read_p95=_percentile(read_ms, 95))
    report = {"questions_file": str(path), "index": str(index) if not temporary else None,
              "model": idx.manifest["model_id"], "metrics": summary, "by_kind": by_kind(rows),
              "timings_ms": timings, "reader_settings": asdict(DEFAULT_SETTINGS)}
    if traps := by_trap(rows):
        report["by_trap"] = traps
    return report
