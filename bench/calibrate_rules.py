"""Calibrate the confidence of the rules' answers on the near-miss benchmark's dev split, and show
its reliability on the test split (never fitted on it) and on any other labelled set given.

An answer's confidence is sigmoid(a * score + b) of the score of the sentence it is read from,
fitted by logistic regression to "the answer holds a gold answer" over the dev split's answers
(a trap that was answered counts as wrong). A "not found" gets the share of right ones (smoothed) among
the dev split's "not found"s of its reason: the verification stage refused the evidence, or no
sentence covered the question. Answers from the figure table have no sentence score: their
confidence is set from the aggregate question set (rag/answer/table.py, TABLE_CONFIDENCE).

    python bench/calibrate_rules.py --index .cache/nearmiss/index \
        [--also tests/data/seeds_qa.jsonl=index] [--out bench/results/calibration-rules.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from embeddings import get_embedder  # noqa: E402
from rag.answer.compose import answer_question  # noqa: E402
from rag.eval import load_qa, score_item  # noqa: E402
from rag.index import load_index  # noqa: E402

NEARMISS = ROOT / "bench" / "nearmiss"
BINS = (0.0, 0.5, 0.7, 0.85, 1.01)


def outcomes(index_path: Path, qa: Path) -> list[dict]:
    """Each question answered by the rules: abstained, score, refused, right."""
    index = load_index(index_path)
    embedder = get_embedder(index.manifest["model_id"])
    out = []
    for item in load_qa(qa):
        ans = answer_question(index, embedder, item["question"])
        scored = score_item(item, ans)  # right as rag eval counts it: held a gold answer, or abstained
        right = scored.get("answer_accuracy", scored.get("abstention_accuracy"))
        out.append({"abstained": ans.abstained, "score": ans.evidence_score, "refused": bool(ans.missing),
                    "right": bool(right), "confidence": ans.confidence})
    return out


def fit(rows: list[dict]) -> tuple[float, float]:
    """Logistic regression of right ~ score over the answered rows (Newton's method, a small ridge)."""
    x = np.array([r["score"] for r in rows])
    y = np.array([r["right"] for r in rows], dtype=float)
    w = np.zeros(2)
    X = np.stack([x, np.ones_like(x)], axis=1)
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (y - p) - 0.01 * w
        hess = -(X.T * (p * (1 - p))) @ X - 0.01 * np.eye(2)
        w -= np.linalg.solve(hess, grad)
    return round(float(w[0]), 2), round(float(w[1]), 2)


def smoothed(right: list[bool]) -> float:
    """The share right, (k + 1) / (n + 2): a small count never gives certainty."""
    return round((sum(right) + 1) / (len(right) + 2), 2)


def reliability(rows: list[dict]) -> list[dict]:
    """Per confidence bin: how many answers (and "not found"s) and how many were right."""
    out = []
    for lo, hi in zip(BINS, BINS[1:]):
        part = [r for r in rows if lo <= r["confidence"] < hi]
        out.append({"confidence": f"{lo:.2f}-{min(hi, 1):.2f}", "n": len(part),
                    "mean_confidence": round(float(np.mean([r["confidence"] for r in part])), 3) if part else None,
                    "right": round(float(np.mean([r["right"] for r in part])), 3) if part else None})
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, required=True, help="index of the near-miss pages (bench/nearmiss/rebuild.py)")
    p.add_argument("--also", action="append", default=[], metavar="QA=INDEX",
                   help="another labelled set to show reliability on (measured, not fitted)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "calibration-rules.json")
    args = p.parse_args()
    dev = outcomes(args.index, NEARMISS / "questions_dev.jsonl")
    answered = [r for r in dev if not r["abstained"] and r["score"] is not None]
    table = [r["right"] for r in dev if not r["abstained"] and r["score"] is None]
    a, b = fit(answered)
    refused = [r["right"] for r in dev if r["abstained"] and r["refused"]]
    no_evidence = [r["right"] for r in dev if r["abstained"] and not r["refused"]]
    report = {"fitted_on": "bench/nearmiss/questions_dev.jsonl", "answered": len(answered),
              "CONF_A": a, "CONF_B": b,
              "CONF_REFUSED": smoothed(refused), "refused": len(refused),
              "CONF_NO_EVIDENCE": smoothed(no_evidence),
              "no_evidence": len(no_evidence), "table_answers": len(table),
              "table_right": round(float(np.mean(table)), 2) if table else None,
              "reliability": {"dev (as shipped)": reliability(dev)}}
    sets = [(NEARMISS / "questions_test.jsonl", args.index)] + [
        (Path(x.split("=")[0]), Path(x.split("=")[1])) for x in args.also]
    for qa, index in sets:
        report["reliability"][str(qa)] = reliability(outcomes(index, qa))
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
