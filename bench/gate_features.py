"""Per-question features of the default path's answers, for fitting a gate that tells an answer
from a document that does not hold it (the abstention benchmark's failure: the article asked
about is not indexed and another one is quoted).

    python bench/gate_features.py --squad Q.json --index DIR [--unanswerable-half] --out ROWS.jsonl

Each row: whether the question is answerable, whether the answer holds a gold answer, whether the
path abstained, and for an answer the reader read, the gate's features (`rag.answer.gate.features`).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from embeddings import get_embedder  # noqa: E402
from rag.answer.combined import answer_question  # noqa: E402
from rag.answer.gate import features  # noqa: E402
from rag.answer.question import analyze  # noqa: E402
from rag.answer.verify import DEFAULT_VERIFY  # noqa: E402
from rag.eval import contains_gold, load_qa, load_squad  # noqa: E402
from rag.index import load_index  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--squad", type=Path)
    src.add_argument("--qa", type=Path)
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--unanswerable-half", action="store_true")
    p.add_argument("--limit", type=int)
    p.add_argument("--no-gate", action="store_true", help="the answer gate off (to fit it)")
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args()
    items = load_qa(a.qa) if a.qa else load_squad(a.squad, a.limit, 0, a.unanswerable_half)[1]
    index = load_index(a.index)
    emb = get_embedder(index.manifest["model_id"])
    verify = replace(DEFAULT_VERIFY, gate=not a.no_gate)
    with a.out.open("w", encoding="utf-8") as out:
        for item in items:
            ans = answer_question(index, emb, item["question"], verify=verify)
            row = {"id": item.get("id") or item["question"], "trap": item.get("trap"),
                   "answerable": bool(item["answers"]), "abstained": ans.abstained,
                   "right": bool(not ans.abstained and contains_gold(ans.answer, item["answers"])),
                   "margin": getattr(ans, "margin", None), "evidence": ans.evidence_score,
                   "rescued": getattr(ans, "rescued", False), "kind": getattr(ans, "kind", None)}
            if not ans.abstained and ans.citations and row["margin"] is not None:
                c = ans.citations[0]
                row.update(features(index, analyze(index, item["question"]), index.by_name[c.doc].doc_id,
                                    c.start, c.end, row["margin"], ans.evidence_score))
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
