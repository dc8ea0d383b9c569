"""What the entity pass's tagger (``rag.tagger``, in ``rag.entities.tagger_candidates``) costs a build.

    python bench/tagger_cost.py DOCS [--rounds 2] [--out FILE]

Builds ``DOCS`` from scratch (``full``) with the default model, warm, the tagger on and off
alternating, ``rounds`` times each; the entity pass alone (``find`` and ``resolve`` over the
ingested documents) the same way; and a build adding one document to an index of ``DOCS`` (the
tagger's candidates of the others kept from the live generation). Reports seconds and the ratio
on/off of the same run: the baseline is the build without the tagger, measured beside it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from embeddings import get_embedder
    from rag import entities
    from rag.build import build_index
    from rag.chunk import split_sentences
    from rag.ingest import ingest_folder
    from rag.tagger import words

    candidates = entities.tagger_candidates

    def tagger(on: bool) -> None:
        entities.tagger_candidates = candidates if on else (lambda form: [])

    embedder = get_embedder()
    words("预热")  # the tagger's model loaded before timing
    docs, _ = ingest_folder(args.docs)
    for d in docs:
        d.sentences = split_sentences(d.doc_id, d.text, 350)
    times: dict[str, list[float]] = {f"{what}_{on}": [] for what in ("build", "entities", "add_one") for on in ("on", "off")}
    for _ in range(args.rounds):
        for on in (False, True):
            tagger(on)
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                build_index(args.docs, Path(tmp) / "index", embedder, full=True, progress=False)
                times[f"build_{'on' if on else 'off'}"].append(time.perf_counter() - t)
            t = time.perf_counter()
            entities.resolve([entities.find(d) for d in docs], docs=docs)
            times[f"entities_{'on' if on else 'off'}"].append(time.perf_counter() - t)
            with tempfile.TemporaryDirectory() as tmp:
                folder, index = Path(tmp) / "docs", Path(tmp) / "index"
                shutil.copytree(args.docs, folder)
                build_index(folder, index, embedder, full=True, progress=False)
                (folder / "zz-added.txt").write_text(docs[0].text + "\n（本文为补充报道）", encoding="utf-8")
                t = time.perf_counter()
                build_index(folder, index, embedder, progress=False)
                times[f"add_one_{'on' if on else 'off'}"].append(time.perf_counter() - t)
    tagger(True)
    med = {k: round(statistics.median(v), 2) for k, v in times.items()}
    report = {"documents": len(docs), "characters": sum(len(d.text) for d in docs), "rounds": args.rounds,
              "seconds": {k: [round(x, 2) for x in v] for k, v in times.items()}, "median_s": med,
              "build_ratio_on_off": round(med["build_on"] / med["build_off"], 3),
              "entity_pass_ratio_on_off": round(med["entities_on"] / med["entities_off"], 3),
              "add_one_ratio_on_off": round(med["add_one_on"] / med["add_one_off"], 3)}
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
