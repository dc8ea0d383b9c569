"""Set the combined path's numbers on tuning data, never on the evaluation sets: whether the
reader's "no answer" score should veto answers (it should not: no threshold helps), and the
confidence of its answers.

Input: the per-question rows of `rag eval --combined --details ROWS` over the tuning sets: the near-miss benchmark's dev split and the
held-out training questions (`python -m rag.reader_train --write-heldout`). A veto at t turns
every answer whose reader margin is below t into "not found" and changes nothing else, so each
threshold is scored from the same rows. The best veto is the one that abstains most on the
tuning sets' unanswerable questions while no set's false abstention rises by more than
VETO_FA_BUDGET (null: none abstains more, so rag/answer/combined.py has no veto). The confidence of an answer is a logistic fit of "it holds a gold answer" to its
reader margin and its rules' evidence score over the tuning sets' answers at that veto; a veto's
"not found" is right as often as it was on the tuning sets (smoothed).

    python bench/calibrate_combined.py --tune nearmiss-dev=ROWS --tune heldout=ROWS \
        [--show cmrc-trial=ROWS] [--out bench/results/calibration-combined.json]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# The veto may cost each tuning set at most this much false abstention: the floors leave none to
# spare (CMRC 2018 dev's rules path sits at 0.050 against a bound of 0.05).
VETO_FA_BUDGET = 0.01


def load(path: Path) -> list[dict]:
    """The rows of a `rag eval --details` file."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def vetoed(r: dict, t: float) -> bool:
    """Whether a veto at ``t`` turns this answer into "not found"."""
    m = r.get("margin")
    return not r["abstained"] and m is not None and m < t


def scores(rows: list[dict], t: float) -> dict:
    """Abstention on the unanswerable, false abstention and accuracy on the answerable, at veto ``t``."""
    un = [r for r in rows if "abstention_accuracy" in r]
    an = [r for r in rows if "answer_accuracy" in r]
    out = {"unanswerable": len(un), "answerable": len(an)}
    if un:
        out["abstention"] = round(sum(r["abstained"] or vetoed(r, t) for r in un) / len(un), 4)
    if an:
        out["false_abstention"] = round(sum(r["abstained"] or vetoed(r, t) for r in an) / len(an), 4)
        out["accuracy"] = round(sum(r["answer_accuracy"] and not vetoed(r, t) for r in an) / len(an), 4)
    return out


def choose(sets: dict[str, list[dict]]) -> float:
    """The veto that abstains most on the sets' unanswerable questions within the budget."""
    base = {name: scores(rows, -math.inf) for name, rows in sets.items()}
    margins = sorted({r["margin"] for rows in sets.values() for r in rows
                      if r.get("margin") is not None and math.isfinite(r["margin"])})
    def abstained(at: dict) -> int:
        return sum(round(at[n].get("abstention", 0) * at[n]["unanswerable"]) for n in at)

    best, gained = -math.inf, abstained(base)
    for t in margins:
        at = {name: scores(rows, t) for name, rows in sets.items()}
        if any(at[n].get("false_abstention", 0) - base[n].get("false_abstention", 0) > VETO_FA_BUDGET for n in at):
            break  # false abstention only grows with t
        g = abstained(at)
        if g > gained:
            best, gained = t, g
    return best


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
                   help="also report these sets at the chosen veto (never used to choose)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "calibration-combined.json")
    args = p.parse_args()
    tune = {n: load(Path(f)) for n, f in (x.split("=", 1) for x in args.tune)}
    show = {n: load(Path(f)) for n, f in (x.split("=", 1) for x in args.show)}
    t = choose(tune)
    answered = [r for rows in tune.values() for r in rows
                if not r["abstained"] and not vetoed(r, t) and r.get("margin") is not None
                and math.isfinite(r["margin"]) and r.get("evidence_score") is not None]
    w = logistic(np.array([[r["margin"], r["evidence_score"]] for r in answered]),
                 np.array([right(r) for r in answered], dtype=float))
    by_veto = [r for rows in tune.values() for r in rows if vetoed(r, t)]
    veto_right = (sum(not right(r) for r in by_veto) + 1) / (len(by_veto) + 2)
    report = {"veto_margin": t if math.isfinite(t) else None, "veto_fa_budget": VETO_FA_BUDGET,
              "confidence": {"margin": round(float(w[0]), 3), "evidence": round(float(w[1]), 3),
                             "bias": round(float(w[2]), 3), "answers": len(answered)},
              "veto_right": round(veto_right, 3), "vetoed": len(by_veto),
              "tuning": {n: {"veto_off": scores(rows, -math.inf), "at_veto": scores(rows, t)} for n, rows in tune.items()},
              "shown": {n: {"veto_off": scores(rows, -math.inf), "at_veto": scores(rows, t)} for n, rows in show.items()}}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
