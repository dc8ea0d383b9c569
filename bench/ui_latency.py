"""Warm latency of the chat UI over HTTP on loopback, as a ratio to the library call it wraps.

    python bench/ui_latency.py [--index index] [--rounds 2]

Starts `rag serve` on a free loopback port, asks every dev question `rounds` times through the
app's `/ask` endpoint with gradio_client (one request at a time: bounded in count and time), and
compares with `answer_question` called directly in this process, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float]) -> dict:
    return {"p50": round(float(np.percentile(values, 50)), 1), "p95": round(float(np.percentile(values, 95)), 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--qa", type=Path, default=ROOT / "tests" / "data" / "seeds_qa.jsonl")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from gradio_client import Client

    from embeddings import get_embedder
    from rag.answer import answer_question
    from rag.index import load_index

    questions = [json.loads(line)["question"] for line in args.qa.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    # The library first: gradio_client's background threads would slow this process down.
    index = load_index(args.index)
    embedder = get_embedder(index.manifest["model_id"])
    answer_question(index, embedder, questions[0])
    lib_ms = []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            answer_question(index, embedder, q)
            lib_ms.append((time.perf_counter() - t) * 1e3)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--index", str(args.index),
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(360):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        client = Client(url, verbose=False)
        ui_ms = []
        for _ in range(args.rounds):
            for q in questions:
                t = time.perf_counter()
                client.predict(q, 8, "auto", [], api_name="/ask")  # the session state is not an API input
                ui_ms.append((time.perf_counter() - t) * 1e3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    print(json.dumps({
        "questions": len(questions), "rounds": args.rounds,
        "library_answer_ms": pct(lib_ms), "ui_http_answer_ms": pct(ui_ms),
        "ui_p50_over_library_p50": round(statistics.median(ui_ms) / statistics.median(lib_ms), 2),
    }, indent=2))


if __name__ == "__main__":
    main()
