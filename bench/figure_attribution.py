"""Precision and recall of the figure table's (subject, metric, value) records against hand labels.

    python bench/figure_attribution.py [--verbose]

Labels: tests/data/figure_labels.jsonl over the synthetic reports in tests/data/figures_corpus
(written with their ground truth; the rules were developed on them), and
tests/data/figure_labels_seeds.jsonl over the seeds (hand-labelled; measurement only). A record
counts when it has a metric; it is right when a label names the same figure in the same
document with the same metric and one of the accepted subjects (compared after t2s/NFKC). A record that no label names is a false record (a threshold
like 亿元以上 taken for a figure).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.chunk import split_sentences  # noqa: E402
from rag.facts import figure_rows  # noqa: E402
from rag.ingest import ingest_folder  # noqa: E402
from rag.textnorm import match_form  # noqa: E402


def score(corpus: Path, labels: Path, verbose: bool = False) -> dict:
    """Precision and recall of the records of ``corpus`` against ``labels``."""
    want = {}
    for line in labels.read_text(encoding="utf-8").splitlines():
        if line.strip():
            x = json.loads(line)
            want[(x["doc"], x["figure"])] = ({match_form(s) for s in x["subject"]}, match_form(x["metric"]))
    docs, _ = ingest_folder(corpus)
    right = wrong = 0
    found = set()
    for d in docs:
        d.sentences = split_sentences(d.doc_id, d.text, 350)
        for r in figure_rows(d):
            if not r.metric:
                continue
            key = (d.name, r.text)
            ok = (key in want and match_form(r.subject or "") in want[key][0]
                  and match_form(r.metric) == want[key][1])
            right += ok
            wrong += not ok
            if ok:
                found.add(key)
            elif verbose:
                print(f"{d.name}: {r.text} {r.metric} -> {r.subject!r}; want {want.get(key)}")
    return {"records": right + wrong, "precision": round(right / max(right + wrong, 1), 3),
            "recall": round(len(found) / len(want), 3), "labels": len(want)}


if __name__ == "__main__":
    verbose = "--verbose" in sys.argv
    data = ROOT / "tests" / "data"
    print("synthetic", json.dumps(score(data / "figures_corpus", data / "figure_labels.jsonl", verbose),
                                  ensure_ascii=False))
    print("seeds", json.dumps(score(ROOT / "seeds", data / "figure_labels_seeds.jsonl", verbose),
                              ensure_ascii=False))
