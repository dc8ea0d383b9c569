"""`python -m bench --scale`: stores at 10k and 100k documents (and more if asked).

Corpora are made from the Wikipedia paragraphs of ``../shared/train`` (CMRC 2018 trial, XQuAD-zh,
DRCD; Simplified and Traditional): each document is a title, a date and 6-14 sentences drawn at
random, every number in them replaced by another of the same length, so no two documents are the
same. Vectors come from the fake embedder (a hash of the text, 384 dimensions like e5's):
embedding with the real model costs the same per sentence at any corpus size and is measured by
``python -m bench``; what grows with the corpus is storage, loading and search, which this measures.

For each size and store (the index folder; Milvus Lite): build time and peak memory, size on disk,
cold start to the first answer (a new ``rag ask`` process), resident memory of ``rag serve``
(with its Milvus Lite child) after it has answered, and retrieval and full-answer p50/p95 in one
process.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, measured, pct, rss_mb, serving, timed

TRAIN = ROOT.parent / "shared" / "train"
# The fake embedder at the real model's dimension, so vectors weigh on disk and in memory what e5's do.
EMBEDDER = "fake-384"
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]")
_DIGITS = re.compile(r"\d+")


def sentence_pool() -> tuple[list[str], list[str], list[str]]:
    """Sentences, titles and questions of the training paragraphs."""
    sentences, titles, questions = [], [], []
    for name in ("cmrc2018_trial.json", "xquad_zh.json", "drcd_test.json"):
        for article in json.loads((TRAIN / name).read_text(encoding="utf-8"))["data"]:
            if article.get("title"):
                titles.append(article["title"])
            for p in article["paragraphs"]:
                sentences += [s.strip() for s in _SENTENCE.findall(p["context"]) if len(s.strip()) >= 8]
                questions += [q["question"] for q in p["qas"]]
    return sentences, titles, questions


def make_corpus(folder: Path, n_docs: int, seed: int = 0) -> None:
    """Write ``n_docs`` synthetic reports into ``folder`` (100 per subfolder)."""
    sentences, titles, _ = sentence_pool()
    rng = random.Random(seed)

    def renumber(s: str) -> str:
        return _DIGITS.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1), 10 ** len(m.group())))
                           if len(m.group()) > 1 else str(rng.randrange(1, 10)), s)

    for i in range(n_docs):
        sub = folder / f"{i // 100:05d}"
        if i % 100 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        body = "".join(renumber(s) for s in rng.sample(sentences, rng.randint(6, 14)))
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (sub / f"{i:07d}.txt").write_text(f"{rng.choice(titles)}（{i}）\n{date}\n{body}\n", encoding="utf-8")


def _du(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (Milvus Lite runs as a child), in MB."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += rss_mb(p)
        for task in Path(f"/proc/{p}/task").iterdir():
            todo += [int(c) for c in (task / "children").read_text().split()]
    return round(total, 1)


def measure_size(docs: Path, index_dir: Path, store: str, questions: list[str], timeout: float) -> dict:
    """Build, load, serve and ask at one corpus size, with one store."""
    from rag.answer.compose import answer_question
    from rag.answer.retrieve import hybrid_search
    from rag.index import current_generation

    out, build_s, build_rss = measured([sys.executable, "-m", "rag.cli", "build", "--docs", str(docs), "--index",
                                        str(index_dir), "--model", EMBEDDER, "--full", "--quiet", "--store", store],
                                       timeout=timeout)
    if out.returncode:
        raise RuntimeError(f"build of {docs} failed: {out.stderr[-800:]}")
    manifest = json.loads((current_generation(index_dir) / "manifest.json").read_text())
    start = _started(index_dir, questions, timeout)
    index, embedder = start.pop("index"), start.pop("embedder")
    on_disk = _du(current_generation(index_dir))
    if store.startswith("milvus-lite:"):
        db = Path(store.removeprefix("milvus-lite:"))
        on_disk += sum(_du(p) if p.is_dir() else round(p.stat().st_size / 2**20, 1)
                       for p in db.parent.glob(db.name + "*"))
    return {"store": store.split(":")[0], "documents": manifest["counts"]["documents"],
            "chunks": manifest["counts"]["chunks"], "sentences": manifest["counts"]["sentences"],
            "build_s": build_s, "build_peak_rss_mb": build_rss, "index_mb": round(on_disk, 1),
            "cold_start_to_first_answer_s": start["ask_s"], "ask_peak_rss_mb": start["ask_rss_mb"],
            "serve_ready_s": start["page_s"], "serve_rss_mb": start["serve_rss_mb"], "load_index_s": start["load_s"],
            "retrieval_ms": pct(timed(lambda q: hybrid_search(index, embedder, q, 8), questions), 2),
            "answer_ms": pct(timed(lambda q: answer_question(index, embedder, q), questions), 2)}


def scale(sizes: list[int], tmp: Path, stores: list[str], n_questions: int = 100, timeout: float = 7200) -> dict:
    """The scale table: one row per corpus size and store."""
    _, _, questions = sentence_pool()
    questions = random.Random(1).sample(questions, n_questions)
    rows = {}
    for n in sizes:
        docs = tmp / f"docs-{n}"
        t = time.perf_counter()
        make_corpus(docs, n)
        print(f"{n} documents made in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        for store in stores:
            spec = store if store == "folder" else f"milvus-lite:{tmp / f'milvus-{n}.db'}"
            rows[f"{n} {store}"] = measure_size(docs, tmp / f"index-{n}-{store}", spec, questions, timeout)
            print(json.dumps(rows[f"{n} {store}"]), file=sys.stderr, flush=True)
    return rows


def markdown(rows: dict) -> list[str]:
    """The scale table in Markdown."""
    cols = ["store", "documents", "chunks", "build_s", "build_peak_rss_mb", "index_mb",
            "cold_start_to_first_answer_s", "ask_peak_rss_mb", "serve_ready_s", "serve_rss_mb", "load_index_s"]
    lines = ["| " + " | ".join(cols + ["retrieval p50/p95 ms", "answer p50/p95 ms"]) + " |",
             "|" + "---|" * (len(cols) + 2)]
    for r in rows.values():
        lines.append("| " + " | ".join(str(r[c]) for c in cols) +
                     f" | {r['retrieval_ms']['p50']} / {r['retrieval_ms']['p95']}"
                     f" | {r['answer_ms']['p50']} / {r['answer_ms']['p95']} |")
    return lines


# --- build memory: the floor of issue 29 ---------------------------------------------------

_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
_WALL = re.compile(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)")


def build_memory(docs: Path, index_dir: Path, code: Path = ROOT, model: str = EMBEDDER,
                 timeout: float = 4 * 3600) -> dict:
    """One `rag build --full` of ``docs`` under ``/usr/bin/time -v``, with the package found in
    ``code`` (another checkout measures the code before a change): its peak resident memory (MB),
    wall time and counts."""
    import os
    import subprocess

    from rag.index import current_generation

    env = {**os.environ, "PYTHONPATH": str(code)}
    # Not --json: its report (a line per document, copied into one JSON text) is the CLI's, not the build's.
    out = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "rag.cli", "build", "--docs", str(docs),
                          "--index", str(index_dir), "--model", model, "--full", "--quiet"],
                         capture_output=True, text=True, cwd=code, env=env, timeout=timeout)
    if out.returncode:
        raise RuntimeError(f"build of {docs} failed: {out.stderr[-1500:]}")
    h, m, s = (["0"] * 2 + _WALL.search(out.stderr).group(1).split(":"))[-3:]
    counts = json.loads((current_generation(index_dir) / "manifest.json").read_text())["counts"]
    embedded = re.search(r"embedded (\d+) new sentence texts", out.stdout)
    return {"documents": counts["documents"], "chunks": counts["chunks"], "sentences": counts["sentences"],
            "embedded_sentences": int(embedded.group(1)) if embedded else None, "model": model, "code": str(code),
            "build_peak_rss_mb": round(int(_RSS.search(out.stderr).group(1)) / 1024, 1),
            "build_wall_s": round(int(h) * 3600 + int(m) * 60 + float(s), 1)}


def _started(index_dir: Path, questions: list[str], timeout: float) -> dict:
    """A new `rag ask` process to its answer (and its peak memory); `rag serve` to its page and to
    the answer of a question asked the moment the page is up (and its memory then); then the index
    loaded here, warmed by one answer, with its embedder (keys ``index`` and ``embedder``)."""
    from gradio_client import Client

    from embeddings import get_embedder
    from rag.answer.compose import answer_question
    from rag.index import load_index

    out, ask_s, ask_rss = measured([sys.executable, "-m", "rag.cli", "ask", questions[0], "--index",
                                    str(index_dir)], timeout=timeout)
    if out.returncode:
        raise RuntimeError(f"ask over {index_dir} failed: {out.stderr[-800:]}")
    t = time.perf_counter()
    with serving(index_dir, wait_s=timeout) as (url, proc):
        page_s = time.perf_counter() - t
        Client(url, verbose=False).predict(questions[1], 8, "auto", "rules", api_name="/ask")
        first_answer_s = time.perf_counter() - t
        serve_rss = tree_rss_mb(proc.pid)
    t = time.perf_counter()
    index = load_index(index_dir)
    load_s = time.perf_counter() - t
    embedder = get_embedder(index.manifest["model_id"])
    answer_question(index, embedder, questions[0])
    return {"ask_s": ask_s, "ask_rss_mb": ask_rss, "page_s": round(page_s, 1),
            "first_answer_s": round(first_answer_s, 1), "serve_rss_mb": serve_rss, "load_s": round(load_s, 2),
            "index": index, "embedder": embedder}


def served(index_dir: Path, n_questions: int = 100, timeout: float = 600) -> dict:
    """Serving a built index: a new `rag ask` process to its answer, `rag serve` to its page and
    to the answer of a question asked the moment the page is up, its memory then, and warm
    retrieval and answer times in one process (unfiltered, and with a date filter)."""
    from rag.answer.compose import answer_question
    from rag.answer.retrieve import hybrid_search
    from rag.types import Where

    _, _, questions = sentence_pool()
    questions = random.Random(1).sample(questions, n_questions)
    start = _started(index_dir, questions, timeout)
    index, embedder = start["index"], start["embedder"]
    dated = Where(since="2018", until="2019")
    return {"index": str(index_dir), "chunks": index.manifest["counts"]["chunks"],
            "index_type": index.manifest["index_type"], "ask_process_to_answer_s": start["ask_s"],
            "ask_peak_rss_mb": start["ask_rss_mb"], "serve_page_s": start["page_s"],
            "serve_first_answer_s": start["first_answer_s"], "serve_rss_mb": start["serve_rss_mb"],
            "load_index_s": start["load_s"],
            "retrieval_ms": pct(timed(lambda q: hybrid_search(index, embedder, q, 8), questions), 2),
            "answer_ms": pct(timed(lambda q: answer_question(index, embedder, q), questions), 2),
            "retrieval_dated_ms": pct(timed(lambda q: hybrid_search(index, embedder, q, 8, where=dated), questions), 2),
            "answer_dated_ms": pct(timed(lambda q: answer_question(index, embedder, q, where=dated), questions), 2)}


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.scale --build-memory 10000 40000 --corpora DIR [--code DIR] [--model M]`:
    make the corpora (kept in DIR for the next run) and measure each size's build; one JSON line
    per size on standard output. `python -m bench.scale --serve INDEX`: serving figures of a
    built index (``served``), one JSON line."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--build-memory", type=int, nargs="+", metavar="DOCUMENTS")
    ap.add_argument("--corpora", type=Path)
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose rag/ builds")
    ap.add_argument("--model", default=EMBEDDER)
    ap.add_argument("--serve", type=Path, metavar="INDEX")
    args = ap.parse_args(argv)
    if not args.serve and not (args.build_memory and args.corpora):
        ap.error("give --serve INDEX, or --build-memory with --corpora")
    if args.serve:
        print(json.dumps(served(args.serve)), flush=True)
        return
    for n in args.build_memory:
        docs = args.corpora / f"docs-{n}"
        if not docs.is_dir():
            make_corpus(docs, n)
        with tempfile.TemporaryDirectory(prefix="rag-build-", dir=args.corpora) as tmp:
            row = build_memory(docs, Path(tmp) / "index", args.code.resolve(), args.model)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
