"""Crash safety: `rag build` killed with SIGKILL at random moments never leaves a broken index."""

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from bench.common import milvus_server
from rag import store as stores
from rag.index import load_index

pytestmark = pytest.mark.slow
TRIALS = 24


def _corpus(folder, version: int, n: int = 80):
    folder.mkdir(exist_ok=True)
    for i in range(n):
        body = "。".join(f"第{version}版示例园区项目{i}-{j}总投资{i + j + version}.5亿元，年产能{j * 10 + i}万吨"
                        for j in range(40))
        (folder / f"doc{i:03}.txt").write_text(f"示例园区项目{i}\n2024-01-{i % 28 + 1:02}\n{body}。\n",
                                               encoding="utf-8")


def _build(docs, idx, store="folder"):
    # A session of its own, so that a kill takes the whole build, Milvus Lite's server process too.
    return subprocess.Popen([sys.executable, "-m", "rag.cli", "build", "--docs", str(docs), "--index",
                             str(idx), "--model", "fake", "--quiet", "--json", "--store", store],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _ask(idx):
    out = subprocess.run([sys.executable, "-m", "rag.cli", "ask", "示例园区项目7总投资多少？", "--index",
                          str(idx), "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["answer"]


@pytest.mark.parametrize("store, trials", [("folder", TRIALS), ("milvus-lite", TRIALS // 3),
                                           ("milvus-server", TRIALS // 3)])
def test_killed_builds_leave_the_previous_index_intact(tmp_path, store, trials):
    if store == "milvus-server":  # a server the killed builds do not take down with them, as a cluster
        with milvus_server(tmp_path / "milvus-data") as address:
            _killed_builds(tmp_path, f"milvus://{address}/parks", trials)
    else:
        _killed_builds(tmp_path, f"milvus-lite:{tmp_path / 'm.db'}" if store == "milvus-lite" else store, trials)


def _killed_builds(tmp_path, store: str, trials: int):
    docs, idx = tmp_path / "docs", tmp_path / "idx"
    _corpus(docs, 1)
    first = _build(docs, idx, store)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    old = load_index(idx).manifest["corpus_hash"]
    old_answer = _ask(idx)

    _corpus(docs, 2)  # every document changes: the next build re-embeds and republishes everything
    t = time.perf_counter()
    probe = _build(docs, tmp_path / "probe", store)
    assert probe.wait(timeout=300) == 0
    duration = time.perf_counter() - t
    new = load_index(tmp_path / "probe").manifest["corpus_hash"]

    rng = random.Random(20261122)
    outcomes = {"old": 0, "new": 0}
    for _ in range(trials):
        _corpus(docs, rng.choice([1, 2]))  # also kill builds that would put the old corpus back
        proc = _build(docs, idx, store)
        time.sleep(rng.uniform(0, duration * 1.1))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        index = load_index(idx)  # must load: checksums verified, CURRENT names a complete generation
        state = {old: "old", new: "new"}[index.manifest["corpus_hash"]]
        outcomes[state] += 1
        if state == "old":
            assert _ask(idx) == old_answer
    print(f"{trials} kills, index left at: {outcomes}")
    # And a build after all that succeeds and cleans up what the killed ones left.
    _corpus(docs, 2)
    last = _build(docs, idx, store)
    assert last.wait(timeout=300) == 0
    assert load_index(idx).manifest["corpus_hash"] == new
    assert sorted(p.name for p in idx.iterdir() if not p.name.startswith("gen-")) == [".lock", "CURRENT"]
    if store != "folder":  # and in the store, only the collections of the generations kept
        spec = stores.parse(store)
        named = {json.loads((g / "manifest.json").read_text())["store"]["collection"]
                 for g in idx.iterdir() if g.name.startswith("gen-")}
        mine = stores.collection_name(spec, idx, "gen")  # the prefix of this folder's collections
        assert {c for c in stores.client(spec).list_collections() if c.startswith(mine)} == named


# --- a killed build resumes (issue 29) ---------------------------------------------------------

RESUME_TRIALS = 6
BATCH = 6  # documents per batch: the 60 documents below make 10 batches
# A build in a process of its own, with small batches, that prints its report.
_STAGED = ("import json, sys; from dataclasses import asdict; from pathlib import Path; "
           "from embeddings import get_embedder; from rag.build import build_index; "
           "r = build_index(Path(sys.argv[1]), Path(sys.argv[2]), get_embedder('fake'), progress=False, "
           "batch_documents=int(sys.argv[3])); print(json.dumps(asdict(r), ensure_ascii=False))")


def _staged_build(docs, idx):
    return subprocess.Popen([sys.executable, "-c", _STAGED, str(docs), str(idx), str(BATCH)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for(found, proc, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while not found():
        assert proc.poll() is None, "the build ended before the moment to kill it"
        assert time.monotonic() < deadline
        time.sleep(0.002)


def _finished(idx):
    return sorted(p.name for p in idx.glob("build-*/batch-*"))


@pytest.mark.parametrize("moment", ["batch", "publish"])
def test_a_build_killed_mid_batch_or_mid_publish_resumes_to_the_same_index(tmp_path, moment):
    docs = tmp_path / "docs"
    _corpus(docs, 1, n=60)
    t = time.perf_counter()
    whole = _staged_build(docs, tmp_path / "whole")
    out, err = whole.communicate(timeout=300)
    assert whole.returncode == 0, err
    per_batch = (time.perf_counter() - t) / 10
    expected = load_index(tmp_path / "whole").manifest
    total = json.loads(out)["embedded_sentences"]

    rng = random.Random(29)
    for trial in range(RESUME_TRIALS):
        idx = tmp_path / f"idx{trial}"
        proc = _staged_build(docs, idx)
        if moment == "batch":  # somewhere in batch k: reading, embedding or writing it
            k = rng.randrange(1, 9)
            _wait_for(lambda: f"batch-{k - 1:06d}" in _finished(idx), proc)
            time.sleep(rng.uniform(0, per_batch))
        else:  # somewhere in writing the generation, until CURRENT moves and the staging is removed
            _wait_for(lambda: any(idx.glob("tmp-*")), proc)
            time.sleep(rng.uniform(0, per_batch * 3))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        done = _finished(idx)
        embedded_before = sum(json.loads(p.read_text())["embedded"] for p in idx.glob("build-*/batch-*/report.json"))
        published = (idx / "CURRENT").exists()
        if published:  # killed after CURRENT moved: the generation is whole
            assert load_index(idx).manifest["files"] == expected["files"]
        again = _staged_build(docs, idx)
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, err
        report = json.loads(out)
        assert load_index(idx).manifest["files"] == expected["files"]  # byte for byte an uninterrupted build's
        assert sorted(p.name for p in idx.iterdir() if not p.name.startswith("gen-")) == [".lock", "CURRENT"]
        if moment == "publish":
            assert len(done) == 10 or published
        if done and not published:  # went on from its finished batches, embedding none of their texts again
            assert report["notes"][-1] == (f"resumed an interrupted build: {len(done)} of 10 batches of {BATCH} "
                                           "documents were done already")
            assert report["embedded_sentences"] <= total - embedded_before
