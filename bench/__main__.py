"""`python -m bench`: the benchmark suite, written to bench/results/<date>.{md,json}.

    python -m bench [--cmrc ../shared/eval/cmrc2018_dev.json] [--questions 300]
                    [--vectors 100000 1000000] [--no-peer]

Workloads: the seeds; the CMRC 2018 dev articles as a corpus of realistic size, also built by the
LangChain peer (bench/peer.py, needs the `bench` extra); FAISS indexes over the real CMRC vectors
and over 100k and 1M synthetic 384-dimensional vectors. Every ratio compares two things measured
in this run.
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
from bench.common import (DEV_QA, ROOT, measured, pct, questions as dev_questions, rss_mb, serving, timed)  # noqa: E402,E501




def wall(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a command that must succeed, run in a fresh process."""
    out, seconds, peak_mb = measured(cmd)
    if out.returncode:
        raise RuntimeError(f"{' '.join(cmd[1:])} failed: {out.stderr[-500:]}")
    return seconds, peak_mb


def corpus_build(docs: Path, embedder, tmp: Path) -> dict:
    """A warm full build (model already loaded) and its throughput."""
    from rag.build import build_index
    from rag.index import load_index

    t = time.perf_counter()
    report = build_index(docs, tmp / "idx", embedder, full=True, progress=False)
    seconds = time.perf_counter() - t
    index = load_index(tmp / "idx")
    chars = sum(len(d.text) for d in index.documents.values())
    return {"documents": report.documents, "chunks": report.chunks, "sentences": report.sentences,
            "warm_build_s": round(seconds, 1), "sentences_per_s": round(report.sentences / seconds, 1),
            "document_chars_per_s": round(chars / seconds)}, index


def latencies(index, embedder, questions: list[str]) -> dict:
    from rag.answer.compose import answer_question
    from rag.answer.retrieve import hybrid_search

    answer_question(index, embedder, questions[0])
    retrieve_ms = timed(lambda q: hybrid_search(index, embedder, q, 8), questions)
    answer_ms = timed(lambda q: answer_question(index, embedder, q), questions)
    return {"questions": len(questions), "retrieval_ms": pct(retrieve_ms, 2), "answer_ms": pct(answer_ms, 2)}


def serve_rss(index_dir: Path) -> float:
    """Resident memory of `rag serve` after start-up (which answers one question to warm up)."""
    with serving(index_dir) as (_, proc):
        return rss_mb(proc.pid)


def _ann_table(x: np.ndarray, q: np.ndarray, k: int, ivf_lists: int | None) -> dict:
    """Exact, HNSW (at two efSearch) and optionally IVF over ``x``: build s, query ms, recall@k
    against exact (by id, and by score, which counts a tie with the exact k-th as found), memory."""
    import faiss

    from rag.index import HNSW_EF_SEARCH, HNSW_M

    dim = x.shape[1]

    def run(index, build_s, label, set_param=None):
        if set_param:
            set_param(index)
        ms, found, scores = [], [], []
        for row in q:
            t = time.perf_counter()
            sims, ids = index.search(row[None], k)
            ms.append((time.perf_counter() - t) * 1e3)
            found.append(ids[0])
            scores.append(sims[0])
        out[label] = {"build_s": build_s, "query_ms": pct(ms, 2), "found": np.array(found),
                      "scores": np.array(scores), "memory_mb": round(faiss.serialize_index(index).nbytes / 2**20, 1)}

    def built(index, train=False):
        t = time.perf_counter()
        if train:
            index.train(x)
        index.add(x)
        return index, round(time.perf_counter() - t, 1)

    out: dict = {}
    run(*built(faiss.IndexFlatIP(dim)), "exact (IndexFlatIP)")
    hnsw, s = built(faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT))
    for ef in (64, HNSW_EF_SEARCH):
        run(hnsw, s if ef == 64 else "(same index)", f"HNSW{HNSW_M}, efSearch {ef}",
            lambda i, ef=ef: setattr(i.hnsw, "efSearch", ef))
    if ivf_lists:
        ivf, s = built(faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, ivf_lists, faiss.METRIC_INNER_PRODUCT),
                       train=True)
        for probe in (16, 64):
            run(ivf, s if probe == 16 else "(same index)", f"IVF{ivf_lists}, nprobe {probe}",
                lambda i, p=probe: setattr(i, "nprobe", p))
    truth, kth = out["exact (IndexFlatIP)"]["found"], out["exact (IndexFlatIP)"]["scores"][:, -1]
    for v in out.values():
        v[f"recall_at_{k}"] = round(float(np.mean([len(set(a) & set(b)) / k
                                                   for a, b in zip(v.pop("found"), truth)])), 3)
        # Ties: a vector as close as the exact k-th is as good a neighbour, whatever its id.
        v[f"recall_at_{k}_by_score"] = round(float(np.mean(v.pop("scores") >= kth[:, None] - 1e-5)), 3)
    return out


def faiss_scale(n: int, dim: int = 384, queries: int = 200, seed: int = 0) -> dict:
    """Exact against approximate indexes at ``n`` synthetic vectors: 256 tight clusters of random
    directions, queries near a stored vector. Within a cluster the neighbours are almost
    equidistant, which is hard for graph search (HNSW) and easy for IVF, whose cells cover the
    clusters; real e5 vectors behave the other way round (real_recall), and the automatic index
    choice rests on those."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((256, dim)).astype(np.float32)
    x = centres[rng.integers(0, 256, n)] + 0.5 * rng.standard_normal((n, dim)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    q = x[rng.integers(0, n, queries)] + 0.1 * rng.standard_normal((queries, dim)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    return _ann_table(x, q, 10, min(1024, int(4 * n ** 0.5)))


def real_recall(index, embedder, questions: list[str]) -> dict:
    """The same comparison on real e5 vectors: every chunk and sentence vector of the CMRC index,
    searched with the CMRC questions, at the depth the fused ranking uses (50)."""
    from rag.answer.retrieve import query_vector

    x = np.vstack([index.vectors.reconstruct_n(0, index.vectors.ntotal), index.sentence_vectors.all()])
    q = np.stack([query_vector(embedder, t) for t in questions])
    return {"vectors": len(x), **_ann_table(x.astype(np.float32), q, 50, int(4 * len(x) ** 0.5))}


def roofline(embedder, texts: list[str]) -> dict:
    """FLOPs per text of the 12-layer, 384-wide encoder over ``texts`` (sentences, embedded as
    passages as the build does), timed directly, and the share of this CPU's peak that reaches."""
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


def peer_comparison(docs: Path, questions: list[dict], cmrc: dict, index, embedder) -> dict:
    """The LangChain peer over the same articles and model folder, and ours/peer ratios; ``cmrc``
    holds our build and answer figures for the same corpus and questions."""
    from bench import peer
    from embeddings.bundled_e5 import model_folder
    from rag.eval import contains_gold
    from rag.answer.retrieve import hybrid_search

    emb = peer.embeddings(model_folder())
    store, n_chunks, build_s = peer.build(docs, emb)
    # Each side searches once per question; the timed results are then judged for hit@5.
    peer_found, ours_found = [], []
    peer_ms = timed(lambda q: peer_found.append(store.similarity_search(q["question"], k=5)), questions)
    ours_ms = timed(lambda q: ours_found.append(hybrid_search(index, embedder, q["question"], 5)), questions)
    ours_hits = [any(index.documents[h.chunk.doc_id].name == q["doc"] and contains_gold(h.chunk.text, q["answers"])
                     for h in hits) for q, hits in zip(questions, ours_found)]
    peer_hits = [peer.is_hit(found, q) for q, found in zip(questions, peer_found)]
    p50 = pct(peer_ms, 2)["p50"], pct(ours_ms, 2)["p50"]
    return {"peer_chunks": n_chunks, "peer_build_s": round(build_s, 1), "ours_build_s": cmrc["warm_build_s"],
            "build_speedup (peer s / ours s)": round(build_s / cmrc["warm_build_s"], 2),
            "peer_query_ms": pct(peer_ms, 2), "ours_retrieval_ms": pct(ours_ms, 2),
            "ours_full_answer_ms": cmrc["answer_ms"],
            "retrieval_speedup (peer p50 / ours p50)": round(p50[0] / p50[1], 2),
            "questions": len(questions), "peer_hit_at_5": round(float(np.mean(peer_hits)), 3),
            "ours_hit_at_5": round(float(np.mean(ours_hits)), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--cmrc", type=Path, default=ROOT.parent / "shared" / "eval" / "cmrc2018_dev.json")
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--vectors", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--no-peer", action="store_true", help="skip the LangChain peer")
    ap.add_argument("--scale", type=int, nargs="*", metavar="DOCUMENTS",
                    help="only the scale table of the embedded store (bench/scale.py) at these corpus sizes "
                         "(default 10000 100000)")
    ap.add_argument("--stores", nargs="+", default=["folder"], choices=["folder", "milvus-lite"],
                    help="with --scale: the stores to measure (default folder)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.scale is not None:
        return scale_main(args.scale or [10_000, 100_000], args.stores)
    from bench import peer
    from embeddings import DEFAULT_MODEL, get_embedder
    from rag.eval import load_squad, write_articles

    results: dict = {"machine": machine(), "model": DEFAULT_MODEL}
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
            cold_s, build_rss = wall([sys.executable, "-m", "rag.cli", "build", "--docs", str(tmp / "cmrc-docs"),
                                      "--index", str(tmp / "cmrc-cold"), "--full", "--quiet"])
            (tmp / "c").mkdir()
            cmrc, cmrc_index = corpus_build(tmp / "cmrc-docs", embedder, tmp / "c")
            texts = [q["question"] for q in questions]
            results["cmrc"] = {**cmrc, "cold_build_s (new process, incl. model load)": cold_s,
                               "build_peak_rss_mb": build_rss, **latencies(cmrc_index, embedder, texts)}
            if hasattr(embedder, "tokenizer"):
                results["roofline"] = roofline(embedder, [s.text for d in list(cmrc_index.documents.values())[:40]
                                                          for s in d.sentences][:256])
            results["real_vectors"] = real_recall(cmrc_index, embedder, texts)
            if not args.no_peer and peer.available():
                results["peer"] = peer_comparison(tmp / "cmrc-docs", questions, results["cmrc"],
                                                  cmrc_index, embedder)
            elif not args.no_peer:
                print("peer skipped: pip install -e '.[bench]' for LangChain", file=sys.stderr)
        results["faiss"] = {str(n): faiss_scale(n) for n in args.vectors}
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    (out_dir / f"{stem}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (out_dir / f"{stem}.md").write_text(markdown(results))
    print(markdown(results))


def scale_main(sizes: list[int], stores: list[str]) -> None:
    """Run bench/scale.py and write bench/results/<date>-scale.{md,json}."""
    from bench.scale import markdown as scale_markdown, scale

    with tempfile.TemporaryDirectory(prefix="rag-scale-") as tmp:
        rows = scale(sizes, Path(tmp), stores)
    results = {"machine": machine(), "scale": rows}
    stem = ROOT / "bench" / "results" / (datetime.now(timezone.utc).strftime("%Y-%m-%d") + "-scale")
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    text = "\n".join([f"# Scale of the embedded store ({results['machine']['date']})", "",
                      f"{results['machine']['cpu']}, {results['machine']['cores']} cores. Fake-embedder vectors "
                      "(see bench/scale.py).", "", *scale_markdown(rows)]) + "\n"
    stem.with_suffix(".md").write_text(text)
    print(text)


def machine() -> dict:
    """What the figures were measured on."""
    return {"python": platform.python_version(), "cpu": cpu_name(), "cores": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def cpu_name() -> str:
    """The CPU model from /proc/cpuinfo, or the platform's word for it."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _ann_markdown(title: str, kinds: dict) -> list[str]:
    k = next(key for key in next(iter(kinds.values())) if key.startswith("recall_at_"))
    lines = [title, "", f"| index | build s | query p50 ms | query p95 ms | {k.replace('_at_', '@')} | memory MB |",
             "| --- | --- | --- | --- | --- | --- |"]
    for kind, v in kinds.items():
        lines.append(f"| {kind} | {v['build_s']} | {v['query_ms']['p50']} | {v['query_ms']['p95']} | "
                     f"{v[k]} | {v['memory_mb']} |")
    return lines + [""]


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = [f"# Benchmarks, {m['date']}", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m.get('memory_gb', '?')} GiB, Python {m['python']}; "
             f"model {r['model']}.", ""]
    for name, title in (("seeds", "seeds"), ("cmrc", "cmrc"), ("peer", "Peer: LangChain pipeline on the CMRC corpus"),
                        ("roofline", "Roofline (embedding sentences, estimate)")):
        if name in r:
            lines += [f"## {title}", "", "| figure | value |", "| --- | --- |"]
            lines += [f"| {k} | {v} |" for k, v in r[name].items()]
            lines.append("")
    if "real_vectors" in r:
        kinds = {k: v for k, v in r["real_vectors"].items() if k != "vectors"}
        lines += _ann_markdown(f"## FAISS on real e5 vectors: {r['real_vectors']['vectors']} CMRC chunk and "
                               "sentence vectors, CMRC questions", kinds)
    for n, kinds in r.get("faiss", {}).items():
        lines += _ann_markdown(f"## FAISS, {n} synthetic vectors of dimension 384", kinds)
    return "\n".join(lines)


if __name__ == "__main__":
    main()
