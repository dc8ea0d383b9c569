"""Warm `rag ask` latency on an index: the answer step and end to end, as ratios to a baseline.

    python bench/answer_latency.py [--index index] [--qa tests/data/seeds_qa.jsonl] [--rounds 3]

The answer step is `answer_question` in a warm process (model and index loaded), for the rules
and for the combined path (`rag/answer/combined.py`, the rules' evidence read by the reader). End to end is
one question written to a running `rag ask --jsonl` process until its JSON line comes back. The
baseline, measured in the same run, is one query embedding: the model call every answer needs.
Loopback only, bounded: rounds x questions requests.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import (ROOT, latency_args, pct, questions as dev_questions, timed, warm_library)  # noqa: E402


def main() -> None:
    args = latency_args(rounds=3)
    from rag.answer.compose import answer_question
    from rag.answer.combined import answer_question as combined

    questions = dev_questions(args.qa)
    index, embedder = warm_library(args.index)
    embed_ms = timed(embedder.embed_query, questions, args.rounds)
    answer_ms = timed(lambda q: answer_question(index, embedder, q), questions, args.rounds)
    combined(index, embedder, questions[0])  # the reader loaded before timing
    combined_ms = timed(lambda q: combined(index, embedder, q), questions, args.rounds)

    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "ask", "--jsonl", "--index", str(args.index)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    t = time.perf_counter()
    proc.stdin.write(questions[0] + "\n")
    proc.stdin.flush()
    proc.stdout.readline()
    cold_ms = (time.perf_counter() - t) * 1e3

    def ask(q: str) -> None:
        proc.stdin.write(q + "\n")
        proc.stdin.flush()
        proc.stdout.readline()

    e2e_ms = timed(ask, questions, args.rounds)
    proc.stdin.close()
    proc.wait(timeout=60)

    base = statistics.median(embed_ms)
    report = {
        "questions": len(questions), "rounds": args.rounds, "chunks": len(index.chunks),
        "baseline_query_embedding_ms": pct(embed_ms),
        "answer_step_ms": pct(answer_ms), "combined_answer_step_ms": pct(combined_ms),
        "end_to_end_ms": pct(e2e_ms),
        "first_question_of_a_new_process_ms": round(cold_ms, 1),
        "answer_step_p50_over_baseline": round(statistics.median(answer_ms) / base, 2),
        "combined_answer_step_p50_over_baseline": round(statistics.median(combined_ms) / base, 2),
        "end_to_end_p50_over_baseline": round(statistics.median(e2e_ms) / base, 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
