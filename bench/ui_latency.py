"""Warm latency of the chat UI over HTTP on loopback, as a ratio to the library call it wraps.

    python bench/ui_latency.py [--index index] [--rounds 2]

Starts `rag serve` on a free loopback port, asks every dev question `rounds` times through the
app's `/ask` endpoint with gradio_client (one request at a time: bounded in count and time), and
compares with `answer_question` called directly in this process, measured in the same run.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import (latency_args, pct, questions as dev_questions, serving, timed, warm_library)  # noqa: E402


def main() -> None:
    args = latency_args(rounds=2)
    from gradio_client import Client

    from rag.answer.compose import answer_question

    questions = dev_questions(args.qa)
    # The library first: gradio_client's background threads would slow this process down.
    index, embedder = warm_library(args.index)
    lib_ms = timed(lambda q: answer_question(index, embedder, q), questions, args.rounds)

    with serving(args.index) as (url, _):
        client = Client(url, verbose=False)
        # The session state is not an API input.
        ui_ms = timed(lambda q: client.predict(q, 8, "auto", "rules", api_name="/ask"), questions, args.rounds)

    print(json.dumps({
        "questions": len(questions), "rounds": args.rounds,
        "library_answer_ms": pct(lib_ms), "ui_http_answer_ms": pct(ui_ms),
        "ui_p50_over_library_p50": round(statistics.median(ui_ms) / statistics.median(lib_ms), 2),
    }, indent=2))


if __name__ == "__main__":
    main()
