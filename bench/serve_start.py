"""How soon a new ``rag serve`` shows its page, and answers a question asked the moment it does.

    python bench/serve_start.py [--index index] [--runs 3] [--code CHECKOUT ...] [--path combined]

Each run starts ``rag serve`` on a free loopback port, polls its page every 0.5 s (so the page
time is late by up to that), then asks one question through gradio_client and times its answer
from the start of the process. With several ``--code`` checkouts (say the base and a change), each
run starts each of them in turn, so machine noise falls on both alike.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    ap.add_argument("--code", type=Path, action="append", help="a checkout whose rag serves (default: this one)")
    ap.add_argument("--path", default="combined", choices=["combined", "rules", "reader"],
                    help="the answer path asked (default: the UI's default)")
    args = ap.parse_args()
    from gradio_client import Client

    codes = args.code or [ROOT]
    runs: dict[str, list[dict]] = {str(c): [] for c in codes}
    for _ in range(args.runs):
        for code in codes:
            t = time.perf_counter()
            with serving(args.index, code=code) as (url, _proc):
                page = time.perf_counter() - t
                Client(url, verbose=False).predict(QUESTION, 8, "auto", args.path, api_name="/ask")
                runs[str(code)].append({"page_s": round(page, 2),
                                        "first_answer_s": round(time.perf_counter() - t, 2)})
    medians = {c: statistics.median(r["first_answer_s"] for r in rs) for c, rs in runs.items()}
    print(json.dumps({"index": str(args.index), "path": args.path, "runs": runs,
                      "median_first_answer_s": medians}, indent=2))


if __name__ == "__main__":
    main()
