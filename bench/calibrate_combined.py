"""Set the combined path's numbers on tuning data, never on the evaluation sets: the margin at which
the reader answers where the rules found no evidence (the rescue) and the confidence of its
answers. (The answer gate that refuses answers is fitted by bench/calibrate_gate.py.)

Input: the per-question rows of `rag eval --details ROWS` for the combined path with the rescue
at every margin (`CombinedSettings(rescue_margin=-inf)`), over the tuning sets: the near-miss
benchmark's dev split and the held-out training questions (`python -m rag.reader_train
--write-heldout`), with all their articles indexed and with half (`--unanswerable-half`). A rescue
at t keeps the rescued answers whose margin is at least t and gives the others the rules' "not
found"; the chosen t answers most questions right while no set's abstention on its unanswerable
questions falls by more than RESCUE_BUDGET from no rescue at all. The confidence of an answer is a
logistic fit of "it holds a gold answer" to its reader margin and its rules' evidence score over
the tuning sets' answers at that rescue.

    python bench/calibrate_combined.py --tune nearmiss-dev=ROWS --tune heldout=ROWS \
        --tune heldout-half=ROWS [--show NAME=ROWS] [--out bench/results/calibration-combined.json]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# The rescue may cost each tuning set at most this much abstention on its unanswerable questions.
RESCUE_BUDGET = 0.01


def load(path: Path) -> list[dict]:
    """The rows of a `rag eval --details` file."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def unrescued(r: dict, t: float) -> bool:
    """Whether a rescue at ``t`` leaves this question with the rules' "not found"."""
    return bool(r.get("rescued")) and (r.get("margin") is None or r["margin"] < t)


def rescue_scores(rows: list[dict], t: float) -> dict:
    """Abstention, false abstention and accuracy with the rescue at ``t``."""
    return scores([{**r, "abstained": r["abstained"] or unrescued(r, t),
                    "answer_accuracy": r.get("answer_accuracy", 0) and not unrescued(r, t)}
                   if "answer_accuracy" in r else {**r, "abstained": r["abstained"] or unrescued(r, t)}
                   for r in rows])


def choose_rescue(sets: dict[str, list[dict]]) -> float:
    """The rescue margin that answers most questions right within RESCUE_BUDGET (inf: none)."""
    off = {n: rescue_scores(rows, math.inf) for n, rows in sets.items()}
    margins = sorted({r["margin"] for rows in sets.values() for r in rows if r.get("rescued")}, reverse=True)
    best, right = math.inf, sum(off[n].get("accuracy", 0) * off[n]["answerable"] for n in off)
    for t in margins:  # from the surest rescue down: abstention only falls
        at = {n: rescue_scores(rows, t) for n, rows in sets.items()}
        if any(off[n].get("abstention", 1) - at[n].get("abstention", 1) > RESCUE_BUDGET + 1e-9 for n in at):
            break
        got = sum(at[n].get("accuracy", 0) * at[n]["answerable"] for n in at)
        if got > right + 1e-9:
            best, right = t, got
    return best


def scores(rows: list[dict]) -> dict:
    """Abstention on the unanswerable, false abstention and accuracy on the answerable."""
    un = [r for r in rows if "abstention_accuracy" in r]
    an = [r for r in rows if "answer_accuracy" in r]
    out = {"unanswerable": len(un), "answerable": len(an)}
    if un:
        out["abstention"] = round(sum(r["abstained"] for r in un) / len(un), 4)
    if an:
        out["false_abstention"] = round(sum(r["abstained"] for r in an) / len(an), 4)
        out["accuracy"] = round(sum(r["answer_accuracy"] for r in an) / len(an), 4)
    return out


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 100) -> np.ndarray:
    """Weights w (last one the bias) of P(y) = sigmoid(x @ w[:-1] + w[-1]): Newton's method with
    step halving on the log-loss plus a small L2 penalty."""
    x = np.hstack([x, np.ones((len(x), 1))])

    def loss(w):
        z = x @ w
        return float(np.mean(np.logaddexp(0, z) - y * z) + l2 * w @ w)

    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + 2 * l2 * w
        hess = x.T @ (x * (p * (1 - p))[:, None]) / len(y) + 2 * l2 * np.eye(len(w))
        step, s = np.linalg.solve(hess, grad), 1.0
        while loss(w - s * step) > loss(w) and s > 1e-6:
            s /= 2
        w = w - s * step
        if np.abs(s * step).max() < 1e-8:
            break
    return w


def right(r: dict) -> bool:
    """An answer is right when it holds a gold answer (a trap answered is wrong)."""
    return bool(r.get("answer_accuracy", 0))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tune", action="append", default=[], metavar="NAME=ROWS", required=True)
    p.add_argument("--show", action="append", default=[], metavar="NAME=ROWS",
                   help="also report these sets at the chosen rescue (never used to choose)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "calibration-combined.json")
    args = p.parse_args()
    tune = {n: load(Path(f)) for n, f in (x.split("=", 1) for x in args.tune)}
    show = {n: load(Path(f)) for n, f in (x.split("=", 1) for x in args.show)}
    rescue = choose_rescue(tune)
    tune = {n: [{**r, "abstained": r["abstained"] or unrescued(r, rescue),
                 **({"answer_accuracy": r["answer_accuracy"] and not unrescued(r, rescue)}
                    if "answer_accuracy" in r else {})} for r in rows] for n, rows in tune.items()}
    answered = [r for rows in tune.values() for r in rows
                if not r["abstained"] and r.get("margin") is not None
                and math.isfinite(r["margin"]) and r.get("evidence_score") is not None]
    w = logistic(np.array([[r["margin"], r["evidence_score"]] for r in answered]),
                 np.array([right(r) for r in answered], dtype=float))
    report = {"rescue_margin": rescue if math.isfinite(rescue) else None, "rescue_budget": RESCUE_BUDGET,
              "confidence": {"margin": round(float(w[0]), 3), "evidence": round(float(w[1]), 3),
                             "bias": round(float(w[2]), 3), "answers": len(answered)},
              "tuning": {n: scores(rows) for n, rows in tune.items()},
              "shown": {n: scores(rows) for n, rows in show.items()}}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
