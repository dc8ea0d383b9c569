"""`python -m bench`: the benchmark suite, written to bench/results/<date>.{md,json}.

    python -m bench [--cmrc ../shared/eval/cmrc2018_dev.json] [--questions 300] [--vectors 100000]

Workloads: the seeds; the CMRC 2018 dev articles as a corpus of realistic size; synthetic FAISS
indexes of 384-dimensional vectors. Every ratio compares two things measured in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import DEV_QA, ROOT, measured, pct, questions as dev_questions, serving, timed  # noqa: E402,E501




def wall(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a command that must succeed, run in a fresh process."""
    out, seconds, peak_mb = measured(cmd)
    if out.returncode:
        raise RuntimeError(f"{' '.join(cmd[1:])} failed: {out.stderr[-500:]}")
    return seconds, peak_mb


def corpus_build(docs: Path, embedder, tmp: Path) -> dict:
    """A warm full build (model already loaded) and its throughput."""
    from rag.index import build_index, load_index

    t = time.perf_counter()
    report = build_index(docs, tmp / "idx", embedder, full=True, progress=False)
    seconds = time.perf_counter() - t
    index = load_index(tmp / "idx")
    chars = sum(len(c.text) for c in index.chunks) + sum(len(s.text) for d in index.documents.values()
                                                          for s in d.sentences)
    n_sent = sum(len(d.sentences) for d in index.documents.values())
    return {"documents": report.documents, "chunks": report.chunks, "sentences": n_sent,
            "warm_build_s": round(seconds, 1), "chunks_per_s": round(report.chunks / seconds, 1),
            "embedded_chars_per_s": round(chars / seconds)}, index


def latencies(index, embedder, questions: list[str]) -> dict:
    from rag.answer import answer_question
    from rag.retrieve import hybrid_search

    answer_question(index, embedder, questions[0])
    retrieve_ms = timed(lambda q: hybrid_search(index, embedder, q, 8), questions)
    answer_ms = timed(lambda q: answer_question(index, embedder, q), questions)
    return {"questions": len(questions), "retrieval_ms": pct(retrieve_ms, 2), "answer_ms": pct(answer_ms, 2)}


def serve_rss(index_dir: Path) -> float:
    """Resident memory of `rag serve` after start-up (which answers one question to warm up)."""
    with serving(index_dir) as (_, proc):
        status = Path(f"/proc/{proc.pid}/status").read_text()
        return round(int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1]) / 1024, 1)


def faiss_scale(n: int, dim: int = 384, queries: int = 200, seed: int = 0) -> dict:
    """Exact inner product against HNSW at ``n`` vectors: build, query latency, recall@10, memory."""
    import faiss

    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((256, dim)).astype(np.float32)  # clustered, like real embeddings
    x = centres[rng.integers(0, 256, n)] + 0.5 * rng.standard_normal((n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    q = x[rng.integers(0, n, queries)] + 0.1 * rng.standard_normal((queries, dim)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    out = {}
    truth = None
    hnsw = None
    for name, ef in [("exact (IndexFlatIP)", None), ("HNSW32, efSearch 64", 64), ("HNSW32, efSearch 256", 256)]:
        if ef is None:
            index = faiss.IndexFlatIP(dim)
        else:
            index = hnsw = hnsw or faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        t = time.perf_counter()
        if index.ntotal == 0:
            index.add(x)
        build = time.perf_counter() - t
        if ef is not None:
            index.hnsw.efSearch = ef
        ms, found = [], []
        for row in q:
            t = time.perf_counter()
            _, ids = index.search(row[None], 10)
            ms.append((time.perf_counter() - t) * 1e3)
            found.append(ids[0])
        found = np.array(found)
        if truth is None:
            truth = found
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)]))
        out[name] = {"build_s": round(build, 1) if build > 0.05 or ef is None else "(same index)",
                     "query_ms": pct(ms, 2), "recall_at_10": round(recall, 3),
                     "memory_mb": round(faiss.serialize_index(index).nbytes / 2**20, 1)}
    return out


def roofline(embedder, texts: list[str]) -> dict:
    """FLOPs per text of the 12-layer, 384-wide encoder over ``texts`` (chunks, embedded as
    passages), timed directly, and the share of this CPU's peak that reaches."""
    d, ff, layers = 384, 1536, 12
    tokens = [len(embedder.tokenizer.encode("passage: " + t).ids) for t in texts]
    flops = sum(layers * (2 * n * (4 * d * d + 2 * d * ff) + 4 * n * n * d) for n in tokens)
    embedder.embed_documents(texts[:16])
    t = time.perf_counter()
    embedder.embed_documents(texts)
    seconds = time.perf_counter() - t
    mhz = max(float(x.split(":")[1]) for x in Path("/proc/cpuinfo").read_text().splitlines()
              if x.startswith("cpu MHz"))
    cores = os.cpu_count() or 1
    # AVX-512: 2 FMA units x 16 fp32 lanes x 2 flops per cycle; VNNI int8 does 4x the operations.
    peak = cores * mhz * 1e6 * 2 * 16 * 2
    achieved = flops / seconds
    return {"texts": len(texts), "tokens_per_text": round(float(np.mean(tokens)), 1),
            "gflop_per_text": round(flops / len(texts) / 1e9, 2), "texts_per_s": round(len(texts) / seconds, 1),
            "achieved_gflops": round(achieved / 1e9, 1), "cpu_mhz": round(mhz), "cores": cores,
            "peak_fp32_gflops": round(peak / 1e9), "share_of_fp32_peak": round(achieved / peak, 3),
            "share_of_int8_vnni_peak": round(achieved / (4 * peak), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--cmrc", type=Path, default=ROOT.parent / "shared" / "eval" / "cmrc2018_dev.json")
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--vectors", type=int, nargs="*", default=[100_000])
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from embeddings import DEFAULT_MODEL, get_embedder
    from rag.eval import load_squad, write_articles

    results: dict = {"machine": {"python": platform.python_version(), "cpu": platform.processor() or
                                 platform.machine(), "cores": os.cpu_count(),
                                 "date": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                     "model": DEFAULT_MODEL}
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        tmp = Path(tmp)
        cold_s, build_rss = wall([sys.executable, "-m", "rag.cli", "build", "--docs", "seeds", "--index",
                                  str(tmp / "seeds-cold"), "--full", "--quiet"])
        first_s, _ = wall([sys.executable, "-m", "rag.cli", "ask", "金风科技包头风机总装厂项目总投资多少？",
                           "--index", str(tmp / "seeds-cold")])
        t = time.perf_counter()
        embedder = get_embedder(DEFAULT_MODEL)
        load_s = time.perf_counter() - t
        (tmp / "s").mkdir()
        seeds, seeds_index = corpus_build(ROOT / "seeds", embedder, tmp / "s")
        qa = dev_questions(DEV_QA)
        results["seeds"] = {**seeds, "cold_build_s (new process, incl. model load)": cold_s,
                            "build_peak_rss_mb": build_rss, "model_load_s": round(load_s, 2),
                            "cold_start_to_first_answer_s": first_s,
                            **latencies(seeds_index, embedder, qa * 5),
                            "serve_rss_mb": serve_rss(seeds_index.folder.parent)}
        if args.cmrc.exists():
            articles, questions = load_squad(args.cmrc, limit=args.questions, seed=0)
            write_articles(articles, tmp / "cmrc-docs")
            (tmp / "c").mkdir()
            cmrc, cmrc_index = corpus_build(tmp / "cmrc-docs", embedder, tmp / "c")
            results["cmrc"] = {**cmrc, **latencies(cmrc_index, embedder, [q["question"] for q in questions])}
            if hasattr(embedder, "tokenizer"):
                results["roofline"] = roofline(embedder, [c.text for c in cmrc_index.chunks[:128]])
        results["faiss"] = {str(n): faiss_scale(n) for n in args.vectors}
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    (out_dir / f"{stem}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (out_dir / f"{stem}.md").write_text(markdown(results))
    print(markdown(results))


def markdown(r: dict) -> str:
    lines = [f"# Benchmarks, {r['machine']['date']}", "",
             f"Machine: {r['machine']['cores']} cores, {r['machine']['cpu']}, Python {r['machine']['python']}; "
             f"model {r['model']}.", ""]
    for name in ("seeds", "cmrc"):
        if name in r:
            lines += [f"## {name}", "", "| figure | value |", "| --- | --- |"]
            lines += [f"| {k} | {v} |" for k, v in r[name].items()]
            lines.append("")
    if "roofline" in r:
        lines += ["## Roofline (embedding chunks, estimate)", "", "| figure | value |", "| --- | --- |"]
        lines += [f"| {k} | {v} |" for k, v in r["roofline"].items()]
        lines.append("")
    for n, kinds in r.get("faiss", {}).items():
        lines += [f"## FAISS, {n} vectors of dimension 384", "",
                  "| index | build s | query p50 ms | query p95 ms | recall@10 | memory MB |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for kind, v in kinds.items():
            lines.append(f"| {kind} | {v['build_s']} | {v['query_ms']['p50']} | {v['query_ms']['p95']} | "
                         f"{v['recall_at_10']} | {v['memory_mb']} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
