"""The scale table's measurements through a Milvus standalone server, beside the index folder, on
one corpus: build (with the chunks' bulk insert), cold start to a first answer, `rag serve`, and
warm retrieval and answer p50/p95 (``bench.scale.measure_size``; the fake embedder, so only the
stores' own work counts).

The server is not started here: it must listen on ``--address`` already. The one the package
registries hold is PyPI's ``milvus`` 2.3.5 (Milvus standalone with embedded etcd and local
storage), which listens on every interface; run it and this script in a private network
namespace, so both stay on loopback:

    pip install --target /tmp/milvussrv milvus==2.3.5
    unshare -n bash -c 'ip link set lo up
      PYTHONPATH=/tmp/milvussrv python -c "import milvus,sys; sys.argv=[\\"milvus-server\\",\\"--data\\",\\"/tmp/mdata\\"]; milvus.main()" &
      sleep 60; python bench/milvus_standalone.py --docs DOCS --out RESULT.json'

Milvus 2.3 has no sparse vectors, so BM25 stays in the index folder (``rag.store``); the dense
search, its filters and the insert are the server's.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.scale import markdown, measure_size, sentence_pool  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=Path, required=True, help="a corpus folder (bench.scale.make_corpus)")
    ap.add_argument("--address", default="127.0.0.1:19530")
    ap.add_argument("--questions", type=int, default=100)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    _, _, questions = sentence_pool()
    questions = random.Random(1).sample(questions, args.questions)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for store in (f"milvus://{args.address}/parks", "folder"):
            kind = store.split(":")[0]
            rows[kind] = measure_size(args.docs, Path(tmp) / f"index-{kind}", store, questions, timeout=7200)
            print(json.dumps(rows[kind]), file=sys.stderr, flush=True)
    print("\n".join(markdown(rows)))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
