"""Warm `rag ask` latency on an index: the answer step and end to end, as ratios to a baseline.

    python bench/answer_latency.py [--index index] [--qa tests/data/seeds_qa.jsonl] [--rounds 3]

The answer step is `answer_question` in a warm process (model and index loaded). End to end is
one question written to a running `rag ask --jsonl` process until its JSON line comes back. The
baseline, measured in the same run, is one query embedding: the model call every answer needs.
Loopback only, bounded: rounds x questions requests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float]) -> dict:
    return {"p50": round(float(np.percentile(values, 50)), 1), "p95": round(float(np.percentile(values, 95)), 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--qa", type=Path, default=ROOT / "tests" / "data" / "seeds_qa.jsonl")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from embeddings import get_embedder
    from rag.answer import answer_question
    from rag.index import load_index

    questions = [json.loads(line)["question"] for line in args.qa.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    index = load_index(args.index)
    embedder = get_embedder(index.manifest["model_id"])
    answer_question(index, embedder, questions[0])  # warm up: BM25 model, jieba, pinyin map

    embed_ms, answer_ms = [], []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            embedder.embed_query(q)
            embed_ms.append((time.perf_counter() - t) * 1e3)
            t = time.perf_counter()
            answer_question(index, embedder, q)
            answer_ms.append((time.perf_counter() - t) * 1e3)

    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "ask", "--jsonl", "--index", str(args.index)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    t = time.perf_counter()
    proc.stdin.write(questions[0] + "\n")
    proc.stdin.flush()
    proc.stdout.readline()
    cold_ms = (time.perf_counter() - t) * 1e3
    e2e_ms = []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            proc.stdin.write(q + "\n")
            proc.stdin.flush()
            proc.stdout.readline()
            e2e_ms.append((time.perf_counter() - t) * 1e3)
    proc.stdin.close()
    proc.wait(timeout=60)

    base = statistics.median(embed_ms)
    report = {
        "questions": len(questions), "rounds": args.rounds, "chunks": len(index.chunks),
        "baseline_query_embedding_ms": pct(embed_ms),
        "answer_step_ms": pct(answer_ms), "end_to_end_ms": pct(e2e_ms),
        "first_question_of_a_new_process_ms": round(cold_ms, 1),
        "answer_step_p50_over_baseline": round(statistics.median(answer_ms) / base, 2),
        "end_to_end_p50_over_baseline": round(statistics.median(e2e_ms) / base, 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
