"""Helpers shared by the benchmarks and by the tests that drive a real `rag serve`."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEV_QA = ROOT / "tests" / "data" / "seeds_qa.jsonl"


def pct(values, digits: int = 1) -> dict:
    """p50 and p95 of ``values``."""
    return {p: round(float(np.percentile(values, q)), digits) for p, q in (("p50", 50), ("p95", 95))}


def rss_mb(pid: int) -> float:
    """Resident memory of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def questions(path: Path = DEV_QA) -> list[str]:
    """The questions of a seeds-QA-format JSONL file."""
    return [json.loads(line)["question"] for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def latency_args(rounds: int):
    """The options the latency scripts share: --index, --qa and --rounds."""
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    ap.add_argument("--qa", type=Path, default=DEV_QA)
    ap.add_argument("--rounds", type=int, default=rounds)
    return ap.parse_args()


def timed(fn, items, rounds: int = 1) -> list[float]:
    """Milliseconds taken by ``fn(item)`` for every item, ``rounds`` times over."""
    out = []
    for _ in range(rounds):
        for item in items:
            t = time.perf_counter()
            fn(item)
            out.append((time.perf_counter() - t) * 1e3)
    return out


def warm_library(index_dir: Path):
    """The index and its model, loaded, with one question answered to build the lazy caches."""
    from embeddings import get_embedder
    from rag.answer.compose import answer_question
    from rag.index import load_index

    index = load_index(index_dir)
    embedder = get_embedder(index.manifest["model_id"])
    answer_question(index, embedder, "总投资多少？")
    return index, embedder


# Runs a command and reports its wall time and peak RSS on a last stderr line. RUSAGE_CHILDREN
# of this wrapper covers that command alone, not whatever else the caller has run.
_MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); p = subprocess.run(sys.argv[1:]); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "file=sys.stderr); sys.exit(p.returncode)")


def measured(cmd: list[str], timeout: float = 600) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``cmd`` (from the repository root); its completed process (output captured), wall
    seconds, and peak resident memory in MB."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, cwd=ROOT,
                         timeout=timeout)
    *rest, last = out.stderr.rstrip("\n").split("\n")
    seconds, rss_kb = last.split()
    out.stderr = "\n".join(rest)
    return out, round(float(seconds), 2), round(int(rss_kb) / 1024, 1)


@contextmanager
def serving(index_dir: Path, stdout=subprocess.DEVNULL, wait_s: float = 180, args: tuple[str, ...] = (),
            code: Path = ROOT):
    """`rag serve` of the checkout ``code`` on a free loopback port (with ``args``), yielding
    (url, process) once it answers HTTP; stopped on exit. RuntimeError if it exits or does not
    answer within ``wait_s``."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--index", str(index_dir), "--port",
                             str(port), *args], cwd=code, stdout=stdout, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + wait_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"rag serve exited with status {proc.returncode}")
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"rag serve did not answer at {url} within {wait_s:.0f} s")
                time.sleep(0.5)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def milvus_server(data_dir: Path, wait_s: float = 60):
    """A Milvus server on a free loopback port (Milvus Lite's own gRPC server, ``milvus-lite
    server``): the ``milvus://HOST:PORT`` that clients reach over the network, as they reach a
    cluster. Yields ``127.0.0.1:PORT``; stopped on exit."""
    port = free_port()
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.with_name(data_dir.name + ".log")  # a file, not a pipe: nobody reads the pipe after start
    with open(log, "w") as out:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("milvus-lite")), "server", "--data-dir",
                                 str(data_dir), "--host", "127.0.0.1", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + wait_s
        while "listening" not in log.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"milvus-lite server did not start: {log.read_text()[-500:]}")
            time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
