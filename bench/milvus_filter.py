"""What a filter costs in Milvus, by how it is written: one Milvus Lite collection of ``--chunks``
chunks (random unit vectors of e5's 384 dimensions, two chunks per document, dates spread over
15 years), searched for the top 8 with no filter and with a filter that leaves about half of
the chunks, written three ways:

- on the date field, as ``rag.store`` writes a date range (``date >= "2018" and date <= "2024~"``);
- as a list of document rows (``doc in [...]``), as ``rag.store`` writes a choice of documents;
- as a list of chunk rows (``row in [...]``), as ``rag.store`` wrote every filter before.

    python bench/milvus_filter.py [--chunks 20000] [--queries 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import pct  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(prog="bench/milvus_filter.py")
    ap.add_argument("--chunks", type=int, default=20_000)
    ap.add_argument("--queries", type=int, default=20)
    args = ap.parse_args()
    from pymilvus import DataType, MilvusClient

    rng = np.random.default_rng(0)
    n, dim = args.chunks, 384
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    dates = [f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n // 2)]
    with tempfile.TemporaryDirectory(prefix="rag-filter-") as tmp:
        c = MilvusClient(str(Path(tmp) / "m.db"))
        schema = c.create_schema(auto_id=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_field("doc", DataType.INT64)
        schema.add_field("date", DataType.VARCHAR, max_length=10)
        params = c.prepare_index_params()
        params.add_index("dense", index_type="FLAT", metric_type="IP")
        c.create_collection("t", schema=schema, index_params=params)
        for a in range(0, n, 2000):
            c.insert("t", [{"row": i, "dense": vectors[i].tolist(), "doc": i // 2, "date": dates[i // 2]}
                           for i in range(a, min(a + 2000, n))])
        c.flush("t")
        c.load_collection("t")
        chosen = [d for d in range(n // 2) if "2018" <= dates[d] <= "2024~"]
        filters = {"none": "", "date field": 'date != "" and date >= "2018" and date <= "2024~"',
                   "document rows": f"doc in {chosen}",
                   "chunk rows": f"row in {[r for d in chosen for r in (2 * d, 2 * d + 1)]}"}
        out = {"chunks": n, "chunks_left": 2 * len(chosen)}
        for name, expr in filters.items():
            ms = []
            for q in vectors[rng.choice(n, args.queries, replace=False)]:
                t = time.perf_counter()
                c.search("t", data=[q.tolist()], anns_field="dense", limit=8, filter=expr,
                         consistency_level="Eventually")
                ms.append((time.perf_counter() - t) * 1e3)
            out[name] = {"search_ms": pct(ms), "expression_chars": len(expr)}
        c.close()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
