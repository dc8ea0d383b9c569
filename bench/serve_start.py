"""How soon a new ``rag serve`` shows its page, and answers a question asked the moment it does.

    python bench/serve_start.py [--index index] [--runs 3]

Each run starts ``rag serve`` on a free loopback port, polls its page every 0.5 s (so the page
time is late by up to that), then asks one question through gradio_client and times its answer
from the start of the process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, serving  # noqa: E402

QUESTION = "金风科技项目总投资多少？"


def main() -> None:
    ap = argparse.ArgumentParser(prog="bench/serve_start.py")
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from gradio_client import Client

    runs = []
    for _ in range(args.runs):
        t = time.perf_counter()
        with serving(args.index) as (url, _proc):
            page = time.perf_counter() - t
            Client(url, verbose=False).predict(QUESTION, 8, "auto", "rules", api_name="/ask")
            runs.append({"page_s": round(page, 1), "first_answer_s": round(time.perf_counter() - t, 1)})
    print(json.dumps({"index": str(args.index), "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
