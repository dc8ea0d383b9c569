"""Accuracy on the aggregate and conflict questions of tests/data/aggregate_qa.jsonl, asked over
the seeds plus the synthetic reports of tests/data/figures_corpus (ground truth written by hand
from the documents), on both answer paths, with the real bundled model.

    python bench/aggregate_eval.py [--index DIR] [--verbose]

Kinds: ``pick`` (the short answer names the expected project), ``value`` (the short answer is
the expected figure), ``count``, ``set`` (the answer lists exactly the expected projects),
``conflict`` (the answer shows every expected value: the short answer and the other reports),
``agree`` (the expected figure, and no other report flagged as different).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.textnorm import match_form  # noqa: E402


def judge(item: dict, ans) -> bool:
    """Whether ``ans`` answers ``item`` as its kind requires."""
    text, short = match_form(ans.answer), match_form(ans.short_answer or "")
    expect = item["expect"]
    if item["kind"] == "pick":
        return any(match_form(e) in short for e in expect)
    if item["kind"] == "value":
        return short == match_form(expect[0])
    if item["kind"] == "count":
        return short == f"{expect}个"
    if item["kind"] == "set":
        head = re.search(r"(\d+)个", text.split("\n")[0])
        return bool(head) and int(head.group(1)) == len(expect) and all(match_form(e) in text for e in expect)
    shown = {short} | {match_form(o.figure) for o in ans.differs}
    if item["kind"] == "conflict":
        return all(match_form(e) in shown for e in expect)
    return short == match_form(expect[0]) and not ans.differs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    from embeddings import DEFAULT_MODEL, get_embedder
    from rag.answer import combined, compose, read
    from rag.build import build_index
    from rag.index import load_index

    e5 = get_embedder(DEFAULT_MODEL)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.index or Path(tmp) / "index"
        docs = Path(tmp) / "docs"
        shutil.copytree(ROOT / "seeds", docs)
        for f in (ROOT / "tests" / "data" / "figures_corpus").iterdir():
            shutil.copy(f, docs / f.name)
        build_index(docs, folder, e5, progress=False)
        index = load_index(folder)
        items = [json.loads(x) for x in (ROOT / "tests" / "data" / "aggregate_qa.jsonl").read_text().splitlines()
                 if x.strip()]
        result = {}
        for path in (combined, compose, read):
            right = 0
            for item in items:
                ans = path.answer_question(index, e5, item["question"])
                ok = judge(item, ans)
                right += ok
                if args.verbose and not ok:
                    print(f"[{path.__name__}] {item['question']} -> {ans.short_answer!r} "
                          f"{[o.figure for o in ans.differs]} | {ans.answer.splitlines()[0][:80]}")
            result[path.__name__.split(".")[-1]] = {"questions": len(items), "accuracy": round(right / len(items), 3)}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
