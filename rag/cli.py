"""The ``rag`` command: a thin layer over the library; every subcommand calls one function."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from .settings import Settings


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", type=Path, help="index folder (env RAG_INDEX; default ./index)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description=(
        "Cited extractive answers over Chinese reports on industrial parks and projects."))
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or update the index from a folder of documents")
    b.add_argument("--docs", type=Path, help="documents folder (env RAG_DOCS; default ./seeds)")
    b.add_argument("--model", help="embedding model: multilingual-e5-small (default, bundled), "
                                   "or any sentence-transformers name or folder (env RAG_MODEL)")
    b.add_argument("--full", action="store_true", help="re-embed everything, ignoring the old index")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    _common(b)

    s = sub.add_parser("search", help="the chunks nearest to a query (dense retrieval)")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=5, help="how many chunks (default 5)")
    s.add_argument("--model", help="query with this model; it must be the index's model")
    _common(s)
    return parser


def _embedder(name: str):
    from embeddings import get_embedder

    return get_embedder(name)


def cmd_build(args, settings: Settings) -> int:
    from embeddings import LazyEmbedder

    from .index import build_index

    report = build_index(settings.docs, settings.index, LazyEmbedder(settings.model),
                         full=args.full, progress=not (args.quiet or args.json))
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
        return 0
    print(f"indexed {report.documents} documents into {report.chunks} chunks in {report.seconds} s")
    print(f"  embedded {report.embedded_chunks} chunks from {report.documents_embedded} documents; "
          f"reused {report.reused_chunks} unchanged")
    print(f"  model {report.model}; index {report.index}")
    for note in report.notes:
        print(f"  note: {note}")
    if report.skipped:
        print(f"skipped {len(report.skipped)} files:")
        for s in report.skipped:
            print(f"  {s.name}: {s.reason}")
    return 0


def cmd_search(args, settings: Settings) -> int:
    from .index import load_index
    from .retrieve import dense_search

    index = load_index(settings.index, args.model)
    hits = dense_search(index, _embedder(index.manifest["model_id"]), args.query, args.k)
    rows = []
    for h in hits:
        doc = index.documents[h.chunk.doc_id]
        rows.append({"rank": h.rank + 1, "score": round(h.score, 4), "doc": doc.name,
                     "title": doc.title, "chunk_id": h.chunk.chunk_id,
                     "start": h.chunk.start, "end": h.chunk.end, "text": h.chunk.text})
    if args.json:
        print(json.dumps({"query": args.query, "hits": rows}, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r['rank']}. {r['score']:.3f}  {r['doc']} [{r['start']}:{r['end']}]  {r['title']}")
        print("   " + r["text"].replace("\n", " ")[:160])
    return 0


COMMANDS = {"build": cmd_build, "search": cmd_search}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``rag`` console script; returns the exit status."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = _parser().parse_args(argv)
    from embeddings import UnknownModelError
    from embeddings.e5_convert import ModelFileError

    from .index import NothingIndexed, RagError

    settings = Settings.from_env(docs=getattr(args, "docs", None), index=args.index,
                                 model=getattr(args, "model", None))
    try:
        return COMMANDS[args.command](args, settings)
    except NothingIndexed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (RagError, UnknownModelError, ModelFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
