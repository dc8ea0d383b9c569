"""Set the reader's abstention margin and confidence scale on held-out training data, never on the
evaluation sets, and measure accuracy against the number of windows read.

The held-out questions are those of the articles `rag.reader_train` kept out of training, asked
against a corpus of every training article (the others as distractors, without their questions):
once with the whole corpus indexed (every question answerable) and once with half of the
articles indexed (questions about the other half must abstain), as `rag eval --unanswerable-half`
does. For every question the reader's best margin is recorded with abstention switched off.

    python bench/calibrate_reader.py [--windows 2 4 6 8] [--out bench/results/calibration.json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from embeddings import DEFAULT_MODEL, LazyEmbedder, get_embedder  # noqa: E402
from rag.read import DEFAULT_SETTINGS, answer_question  # noqa: E402
from rag.eval import char_f1, contains_gold, load_squad, write_articles  # noqa: E402
from rag.index import build_index, load_index  # noqa: E402
from rag.reader_train import write_heldout  # noqa: E402

CORRECT_F1 = 0.5  # a shown short answer counts as right for the confidence fit at this F1 or more


def margins(index_dir: Path, items: list[dict], windows: int, w_window: float) -> list[dict]:
    """Each question's best margin (abstention off) and whether the answer would be right."""
    index = load_index(index_dir)
    embedder = get_embedder(index.manifest["model_id"])
    settings = replace(DEFAULT_SETTINGS, windows=windows, w_window=w_window, no_answer_margin=-math.inf,
                       max_unknown=math.inf)
    rows = []
    for item in items:
        ans = answer_question(index, embedder, item["question"], settings=settings)
        golds = item["answers"]
        f1 = max((char_f1(ans.short_answer or "", g) for g in golds), default=0.0)
        rows.append({"margin": ans.margin if ans.margin is not None else -math.inf,
                     "answerable": bool(golds), "f1": f1, "ms": ans.timings_ms["total"],
                     "accurate": bool(golds) and contains_gold(ans.answer, golds)})
    return rows


def best_threshold(answerable: list[float], unanswerable: list[float]) -> tuple[float, float, float]:
    """The margin threshold with the largest abstention accuracy + answered share (Youden's J), and
    those two shares."""
    a, u = np.array(answerable), np.array(unanswerable)
    best = (-math.inf, 0.0, 1.0)
    for t in np.unique(np.concatenate([a, u])):
        abstain, answered = float((u < t).mean()), float((a >= t).mean())
        if abstain + answered > best[1] + best[2]:
            best = (float(t), abstain, answered)
    return best


def platt(m: np.ndarray, y: np.ndarray, steps: int = 50) -> tuple[float, float]:
    """Logistic fit P(right) = sigmoid(a * m + b) by Newton's method."""
    a, b = 1.0, 0.0
    x = np.stack([m, np.ones_like(m)], axis=1)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ np.array([a, b]))))
        grad = x.T @ (p - y)
        hess = x.T @ (x * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        a, b = np.array([a, b]) - np.linalg.solve(hess, grad)
    return float(a), float(b)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--train-dir", type=Path, default=ROOT.parent / "shared" / "train")
    p.add_argument("--windows", type=int, nargs="+", default=[2, 4, 6, 8])
    p.add_argument("--limit", type=int, help="a seeded sample of this many held-out questions")
    p.add_argument("--w-window", type=float, nargs="+", default=[0.0, 1.0, 2.0, 4.0],
                   help="weights of the window's sentence score in ranking spans, tried at 6 windows")
    p.add_argument("--work", type=Path, default=ROOT / ".cache" / "calibration")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "calibration.json")
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    heldout = args.work / "heldout.json"
    write_heldout(args.train_dir, heldout)
    runs = {}
    for half in (False, True):
        articles, items = load_squad(heldout, args.limit, 0, unanswerable_half=half)
        index_dir = args.work / ("half-index" if half else "index")
        with tempfile.TemporaryDirectory() as tmp:
            write_articles(articles, Path(tmp) / "docs")
            build_index(Path(tmp) / "docs", index_dir, LazyEmbedder(DEFAULT_MODEL), progress=False)
        runs[half] = (index_dir, items)
    report = {"questions": len(runs[False][1]), "by_w_window": {}, "by_windows": {}}
    for ww in args.w_window:
        full = margins(*runs[False], DEFAULT_SETTINGS.windows, ww)
        report["by_w_window"][ww] = {"f1_all_answered": round(float(np.mean([r["f1"] for r in full])), 4)}
        print("w_window", ww, report["by_w_window"][ww], flush=True)
    w_window = max(report["by_w_window"], key=lambda ww: report["by_w_window"][ww]["f1_all_answered"])
    report["w_window"] = w_window
    for w in args.windows:
        full = margins(*runs[False], w, w_window)
        half = margins(*runs[True], w, w_window)
        ans_m = [r["margin"] for r in full] + [r["margin"] for r in half if r["answerable"]]
        una_m = [r["margin"] for r in half if not r["answerable"]]
        t, abstain, answered = best_threshold(ans_m, una_m)
        shown = [r for r in full + half if r["margin"] >= t]
        m = np.array([r["margin"] for r in shown])
        y = np.array([float(r["answerable"] and r["f1"] >= CORRECT_F1) for r in shown])
        a, b = platt(m, y)
        report["by_windows"][w] = {
            "threshold": round(t, 3), "abstention_accuracy": round(abstain, 4),
            "false_abstention": round(1 - answered, 4),
            "f1_all_answered": round(float(np.mean([r["f1"] for r in full])), 4),
            "accuracy_all_answered": round(float(np.mean([r["accurate"] for r in full])), 4),
            "f1_at_threshold": round(float(np.mean([r["f1"] if r["margin"] >= t else 0.0 for r in full])), 4),
            "confidence_a": round(a, 4), "confidence_b": round(b, 4),
            "answer_ms_p50": round(float(np.percentile([r["ms"] for r in full], 50)), 1),
            "answer_ms_p95": round(float(np.percentile([r["ms"] for r in full], 95)), 1),
        }
        print(w, json.dumps(report["by_windows"][w]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
