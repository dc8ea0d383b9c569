"""Load on the chat UI: concurrent gradio_client sessions against `rag serve` on loopback.

    python bench/load.py [--index index] [--clients 20] [--per-client 20] [--rounds 3]

Bounded: clients x per-client requests, loopback only, through the app's JSON endpoint `/ask`.
Each reply must answer its own question (the JSON names it). `--concurrency N` serves N answers
at a time (the default is the app's; 1 gives the baseline). Reports errors, mismatches, latency
percentiles, throughput, and the server's resident memory before and after.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import DEV_QA, ROOT, pct, questions as dev_questions, rss_mb, serving  # noqa: E402


def run(index: Path, clients: int, per_client: int, questions: list[str], rounds: int = 1,
        concurrency: int | None = None) -> dict:
    """Start a server (answering ``concurrency`` at a time, default the app's), load it, stop it;
    the figures as a dict."""
    from gradio_client import Client

    extra = ("--concurrency", str(concurrency)) if concurrency else ()
    with serving(index, args=extra) as (url, proc):
        rss_before = rss_mb(proc.pid)
        latencies: list[float] = []
        errors: list[str] = []
        mismatches: list[str] = []
        lock = threading.Lock()

        def client(c: int) -> None:
            try:
                cl = Client(url, verbose=False)
            except Exception as exc:  # noqa: BLE001 - counted, reported
                with lock:
                    errors.append(f"connect: {exc}")
                return
            for i in range(per_client):
                q = f"{questions[(c * per_client + i) % len(questions)]} #{c}-{i}"
                t = time.perf_counter()
                try:
                    out = cl.predict(q, 8, "auto", "rules", api_name="/ask")
                except Exception as exc:  # noqa: BLE001
                    with lock:
                        errors.append(repr(exc)[:200])
                    continue
                ms = (time.perf_counter() - t) * 1e3
                with lock:
                    latencies.append(ms)
                    if not isinstance(out, dict) or out.get("question") != q or not out.get("answer"):
                        mismatches.append(q)  # another session's reply, or none

        t0 = time.perf_counter()
        rss_after = []
        for _ in range(rounds):  # the same load again: memory should level off, not keep growing
            threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
            for th in threads:
                th.start()
            for th in threads:
                th.join(timeout=900)
            rss_after.append(rss_mb(proc.pid))
        wall = time.perf_counter() - t0
    return {
        "clients": clients, "requests": clients * per_client * rounds, "answered": len(latencies),
        "errors": len(errors), "error_examples": errors[:3], "mismatched": len(mismatches),
        "latency_ms": pct(latencies) if latencies else {"p50": None, "p95": None},
        "throughput_per_s": round(len(latencies) / wall, 1), "wall_s": round(wall, 1),
        "server_rss_mb": {"before": rss_before, "after_each_round": rss_after},
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--qa", type=Path, default=DEV_QA)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--per-client", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--concurrency", type=int, help="only this server concurrency (default: the baseline of "
                                                    "1, then the app's default, in the same run)")
    args = ap.parse_args()
    qs = dev_questions(args.qa)
    runs = {}
    for c in ([args.concurrency] if args.concurrency else [1, None]):
        runs[f"concurrency {c or 'default'}"] = run(args.index, args.clients, args.per_client, qs, args.rounds, c)
    if len(runs) == 2:
        base, new = runs.values()
        runs["ratio default / 1"] = {
            p: round(new["latency_ms"][p] / base["latency_ms"][p], 2) for p in ("p50", "p95")
            if base["latency_ms"][p] and new["latency_ms"][p]}
        runs["ratio default / 1"]["throughput"] = round(new["throughput_per_s"] / base["throughput_per_s"], 2)
    print(json.dumps(runs, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
