"""The ``rag`` command: a thin layer over the library; every subcommand calls one function."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from .settings import Settings
from .types import Where


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", type=Path, help="index folder (env RAG_INDEX; default ./index)")
    p.add_argument("--store", help="where chunks are searched: folder (default), milvus-lite:PATH.db or "
                                   "milvus://HOST:PORT/collection (env RAG_STORE); a build publishes there")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _reader_options(p: argparse.ArgumentParser) -> None:
    from .answer.read import DEFAULT_SETTINGS

    p.add_argument("--rules", action="store_true",
                   help="answer with the rules alone, without the trained reader (README, \"Answer paths\")")
    p.add_argument("--reader", action="store_true",
                   help="answer with the trained reader alone, reading the windows it chooses")
    p.add_argument("--windows", type=int, metavar="N",
                   help=f"with --reader: windows the reader reads per question (default {DEFAULT_SETTINGS.windows})")


def _scope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--doc", action="append", default=[], metavar="NAME",
                   help="only this document (its file name, as citations give it); repeat for several")
    p.add_argument("--since", metavar="DATE", help="only documents dated on or after DATE (YYYY, YYYY-MM or "
                                                   "YYYY-MM-DD); undated documents are left out")
    p.add_argument("--until", metavar="DATE", help="only documents dated on or before DATE (a year or month "
                                                   "covers all of it)")


def _answerer(args):
    """The function that answers a question: the combined path (the default), the rules alone, or
    the reader alone with its settings."""
    from dataclasses import fields, replace

    from .answer.combined import answerer
    from .answer.verify import VerifySettings

    verify = VerifySettings()
    if getattr(args, "no_verify", None) is not None:  # rag eval: the checks switched off, to measure each
        names = args.no_verify or [f.name for f in fields(VerifySettings)]
        unknown = set(names) - {f.name for f in fields(VerifySettings)}
        if unknown:
            raise UsageError(f"--no-verify takes {', '.join(f.name for f in fields(VerifySettings))}, "
                             f"not {', '.join(sorted(unknown))}")
        verify = replace(verify, **{n: False for n in names})
    if args.reader and args.rules:
        raise UsageError("choose one of --rules and --reader")
    if not args.reader:
        if args.windows is not None:
            raise UsageError("--windows needs --reader")
        path = answerer("rules" if args.rules else "combined")
        return lambda index, embedder, question, **options: path(index, embedder, question, verify=verify,
                                                                 **options)
    from .answer.read import DEFAULT_SETTINGS
    from .answer.read import answer_question as reader

    settings = DEFAULT_SETTINGS
    if args.windows is not None:
        if not 1 <= args.windows <= 50:
            raise UsageError(f"--windows must be between 1 and 50, not {args.windows}")
        settings = replace(settings, windows=args.windows)
    return lambda index, embedder, question, **options: reader(index, embedder, question, settings=settings,
                                                               verify=verify, **options)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description=(
        "Cited extractive answers over Chinese reports on industrial parks and projects."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or update the index from a folder of documents")
    b.add_argument("--docs", type=Path, help="documents folder (env RAG_DOCS; default ./seeds)")
    b.add_argument("--model", help="embedding model: multilingual-e5-small-int8 (default, bundled), "
                                   "multilingual-e5-small (fp32), "
                                   "or any sentence-transformers name or folder (env RAG_MODEL); "
                                   "an existing index keeps its own model unless one is named")
    b.add_argument("--full", action="store_true", help="re-embed everything, ignoring the old index")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--upgrade", action="store_true",
                   help="only add to the live index the table indexes this version makes at publish "
                        "(seconds, no document read): an index built before them answers slowly at scale")
    _common(b)

    s = sub.add_parser("search", help="the chunks nearest to a query (dense retrieval)")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=5, help=f"how many chunks, 1 to {MAX_K} (default 5)")
    s.add_argument("--model", help="query with this model; it must be the index's model")
    _scope_options(s)
    _common(s)

    a = sub.add_parser("ask", help="answer a question with cited sentences from the documents")
    a.add_argument("question", nargs="?", help="the question (Simplified, Traditional or English)")
    a.add_argument("--jsonl", action="store_true",
                   help="read one question a line from standard input, write one JSON object a line; a "
                        "follow-up (它占地多少？) is completed from the lines before it (a line "
                        '{"question": ..., "session": ID} keeps a conversation per ID)')
    a.add_argument("--history", type=Path, metavar="FILE",
                   help="the conversation so far, one earlier question a line: a follow-up question is "
                        "completed from it")
    a.add_argument("--no-follow-up", action="store_true", help="never complete a question from the conversation")
    _reader_options(a)
    _scope_options(a)
    _common(a)

    f = sub.add_parser("figures", help="the figure table: each figure with its subject, metric and source")
    f.add_argument("--subject", help="only subjects containing this, or entities with an alias containing it "
                                     "(either script)")
    f.add_argument("--metric", help="only metrics containing this, e.g. 总投资")
    f.add_argument("--csv", action="store_true", help="print CSV instead of text")
    _common(f)

    n = sub.add_parser("entities", help="the entities the documents name, with their type, aliases and mentions")
    n.add_argument("--type", choices=("zone", "park", "project", "company", "person", "organisation"),
                   help="only entities of this type")
    n.add_argument("--name", help="only entities with an alias containing this (either script)")
    _common(n)

    c = sub.add_parser("verify", help="hash every file of the index against its checksum (loading hashes only "
                                      "the files changed since their last check)")
    c.add_argument("--index", type=Path, help="index folder (env RAG_INDEX; default ./index)")

    v = sub.add_parser("serve", help="serve the chat UI in the browser")
    v.add_argument("--index", type=Path, help="index folder (env RAG_INDEX; default ./index)")
    v.add_argument("--docs", type=Path, help="the documents folder the index is built from (env RAG_DOCS): "
                                             "documents can then be added and removed in the UI")
    v.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    v.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    v.add_argument("--auth", metavar="USER:PASS", help="require a login: USER:PASS, or @FILE with one USER:PASS "
                                                       "a line (env RAG_AUTH); advised beyond 127.0.0.1")
    v.add_argument("--concurrency", type=int, help="answers served at the same time (default 4)")
    v.add_argument("--store", help="search the index's chunks in the folder or in the Milvus store it was built "
                                   "with (default; env RAG_STORE)")

    e = sub.add_parser("eval", help="answer a QA set and print its metrics", description=(
        "Answer a QA set and print its metrics (README, \"The command line\"). The development set "
        "tests/data/seeds_qa.jsonl is in the repository; CMRC 2018 dev (CC BY-SA 4.0, Cui et al., "
        "published at https://github.com/ymcui/cmrc2018) is not: give its path with --squad "
        "(this workplace keeps it in ../shared/eval/cmrc2018_dev.json)."))
    src = e.add_mutually_exclusive_group(required=True)
    src.add_argument("--qa", type=Path, help="seeds-QA-format JSONL, asked against --index")
    src.add_argument("--squad", type=Path, help="SQuAD-format JSON: its articles are indexed "
                                                "(into --index if given, else a temporary folder)")
    e.add_argument("--limit", type=int, help="a seeded random sample of this many questions")
    e.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    e.add_argument("--details", type=Path, help="write one JSON line per question to this file")
    e.add_argument("--model", help="embedding model for the --squad index (default: the default model)")
    e.add_argument("--unanswerable-half", action="store_true",
                   help="abstention benchmark: index only half of the --squad articles (a fixed split "
                        "by article id); questions about the other half must abstain")
    e.add_argument("--gold-paragraph", action="store_true",
                   help="the reader alone on each --squad question's own paragraph (no retrieval)")
    e.add_argument("--quiet", action="store_true", help="no progress bar")
    e.add_argument("--no-verify", nargs="*", metavar="CHECK",
                   help="switch off the verification stage's checks (subject metric unit role period "
                        "event gate; all when none is named), to measure what each one does")
    _reader_options(e)
    _common(e)
    return parser


def _embedder(name: str):
    from embeddings import get_embedder

    return get_embedder(name)


def cmd_build(args, settings: Settings) -> int:
    from embeddings import LazyEmbedder

    from .build import build_index
    from .index import recorded_model, upgrade

    if args.upgrade:
        gen = upgrade(settings.index)
        print(f"upgraded: index {gen}" if gen else f"the index at {settings.index} lacks nothing")
        return 0
    model = settings.model
    if args.model is None and not os.environ.get("RAG_MODEL"):
        model = recorded_model(settings.index) or model  # keep the index's model unless told otherwise
    report = build_index(settings.docs, settings.index, LazyEmbedder(model),
                         full=args.full, progress=not (args.quiet or args.json), store=settings.store)
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
        return 0
    print(f"indexed {report.documents} documents into {report.chunks} chunks in {report.seconds} s")
    print(f"  embedded {report.embedded_sentences} new sentence texts from {report.documents_embedded} "
          f"documents; {report.sentences} sentences in all")
    print(f"  model {report.model}; index {report.index}" +
          ("" if report.store == "folder" else f"; chunks published to {report.store}"))
    for note in report.notes:
        print(f"  note: {note}")
    for f in report.files:
        for warning in f.warnings:
            print(f"  warning: {f.name}: {warning}")
    if report.skipped:
        print(f"skipped {len(report.skipped)} files:")
        for s in report.skipped:
            print(f"  {s.name}: {s.reason}")
    return 0


def cmd_figures(args, settings: Settings) -> int:
    from .entities import figure_query
    from .errors import IndexMismatch
    from .facts import to_csv
    from .index import load_index

    index = load_index(settings.index, store=settings.store)
    if index.figures_path is None:
        raise IndexMismatch(f"the index at {settings.index} was built before the figure table: "
                            f"rebuild it with `rag build --index {settings.index}`")
    rows = figure_query(index.figures_path, args.subject, args.metric)  # subjects by entity, as the Figures tab
    if args.csv:
        sys.stdout.flush()
        sys.stdout.buffer.write(to_csv(rows))
    elif args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        for r in rows:
            where = " · ".join(x for x in (r.title, r.date, r.outlet, f"{r.doc} [{r.start}-{r.end}]") if x)
            print(f"{r.subject or '?'}\t{r.metric or '?'}\t{r.text}\t{r.period or ''}\t{where}")
        print(f"{len(rows)} figures", file=sys.stderr)
    return 0


def cmd_entities(args, settings: Settings) -> int:
    from . import entities
    from .errors import IndexMismatch
    from .index import load_index

    index = load_index(settings.index, store=settings.store)
    if not entities.has_entities(index.figures_path):
        raise IndexMismatch(f"the index at {settings.index} was built before the entity table: "
                            f"rebuild it with `rag build --index {settings.index}`")
    found = entities.load(index.figures_path)
    if args.type:
        found = [e for e in found if e.type == args.type]
    if args.name:
        word = entities.alias_form(args.name)
        found = [e for e in found if any(word in entities.alias_form(a) for a in e.aliases)]
    if args.json:
        print(json.dumps([{"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions,
                           "aliases": [{"alias": a, "why": why} for a, why in e.aliases.items()]} for e in found],
                         ensure_ascii=False, indent=2))
    else:
        for e in found:
            print(f"{e.id}\t{e.type}\t{e.name}\t{e.mentions}\t{'、'.join(a for a in e.aliases if a != e.name)}")
        print(f"{len(found)} entities", file=sys.stderr)
    return 0


MAX_K = 100  # chunks `rag search` prints at most


def cmd_search(args, settings: Settings) -> int:
    from .answer.retrieve import dense_search
    from .index import load_index

    if not 1 <= args.k <= MAX_K:
        raise UsageError(f"-k must be between 1 and {MAX_K}, not {args.k}")
    if not args.query.strip():
        raise UsageError("the query is empty: give some words to search for")

    index = load_index(settings.index, args.model, settings.store)
    hits = dense_search(index, _embedder(index.manifest["model_id"]), args.query, args.k, where=_scope(args, index))
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


def _scope(args, index) -> Where | None:
    """The documents ``--doc``, ``--since`` and ``--until`` leave (None: all); a name that is not
    in the index, a malformed date or an empty choice is a UsageError."""
    from .answer.retrieve import scope
    from .errors import QuestionError

    if unknown := sorted(n for n in args.doc if n.strip() and n.strip() not in index.by_name):
        raise UsageError(f"--doc {unknown[0]}: no indexed document has that file name (`rag build --json` "
                         f"lists them)")
    try:
        return scope(index, args.doc, args.since, args.until)
    except QuestionError as exc:
        raise UsageError(str(exc)) from exc


def _answer_json(ans) -> dict:
    d = asdict(ans)
    d.pop("lang")
    return d


def cmd_ask(args, settings: Settings) -> int:
    from .answer import followup
    from .answer.render import LABELS, format_sources
    from .errors import QuestionError
    from .index import load_index

    if (args.question is None) != args.jsonl:
        raise UsageError("give either a question or --jsonl (questions on standard input)")
    answer_question = _answerer(args)
    follow = not args.no_follow_up
    context = followup.Context()
    if args.history is not None:
        try:
            for earlier in args.history.read_text(encoding="utf-8").splitlines():
                context = followup.update(context, earlier)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the history file {args.history}: {exc}") from exc
    index = load_index(settings.index, store=settings.store)
    where = _scope(args, index)
    embedder = _embedder(index.manifest["model_id"])
    if args.jsonl:
        sessions: dict[str, followup.Context] = {}
        for line in sys.stdin:
            question, session = line.rstrip("\n"), ""
            if question.lstrip().startswith("{"):
                try:
                    obj = json.loads(question)
                    question, session = str(obj["question"]), str(obj.get("session", ""))
                except (ValueError, KeyError, TypeError, AttributeError):
                    pass  # not a JSON question object: ask the line as it is
            if not question.strip():
                continue
            try:
                ans, sessions[session] = followup.ask(answer_question, index, embedder, question,
                                                      sessions.get(session, context), follow, where=where)
                out = _answer_json(ans)
            except QuestionError as exc:  # one bad line does not end the stream
                out = {"question": question, "error": str(exc)}
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    # One question without --history is no conversation: it is asked as it stands, never met with
    # "which project?" (it has no earlier turn to lean on).
    ans, _ = followup.ask(answer_question, index, embedder, args.question, context,
                          follow and args.history is not None, where=where)
    if args.json:
        print(json.dumps(_answer_json(ans), ensure_ascii=False, indent=2))
        return 0
    if ans.notice:
        print(f"note: {ans.notice}", file=sys.stderr)
    if ans.understood_as:
        print(f"{LABELS[ans.lang]['understood']}{ans.understood_as}")
    print(ans.answer)
    sources = format_sources(ans)
    if sources:
        print("\n" + sources)
    if ans.confidence is not None:
        print(f"\nconfidence {ans.confidence:.2f}")
    return 0


def cmd_eval(args, settings: Settings) -> int:
    from .eval import run_eval

    report = run_eval(qa=args.qa, squad=args.squad, index=args.index or settings.index,
                      temporary=args.squad is not None and args.index is None, limit=args.limit,
                      seed=args.seed, progress=not args.quiet, details=args.details, model=args.model,
                      unanswerable_half=args.unanswerable_half, gold_paragraph=args.gold_paragraph,
                      answer=_answerer(args), store=settings.store)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for name, value in report["metrics"].items():
        print(f"{name:24} {value}")
    for kind, metrics in report.get("by_kind", {}).items():
        print(f"{kind:24} " + ", ".join(f"{m} {v}" for m, v in metrics.items()))
    for trap, metrics in report.get("by_trap", {}).items():
        print(f"{'trap ' + trap:24} " + ", ".join(f"{m} {v}" for m, v in metrics.items()))
    for name, value in report.get("timings_ms", {}).items():
        print(f"{name + ' (ms)':24} {value}")
    return 0


def cmd_verify(args, settings: Settings) -> int:
    from .index import load_index

    index = load_index(settings.index, full=True)
    size = sum((index.folder / name).stat().st_size for name in index.manifest["files"])
    print(f"{index.folder}: {len(index.manifest['files'])} files ({size / 1e9:.2f} GB) match their checksums")
    return 0


def cmd_serve(args, settings: Settings) -> int:
    from ui.app import CONCURRENT_ANSWERS, read_auth, serve

    concurrency = CONCURRENT_ANSWERS if args.concurrency is None else args.concurrency
    if not 1 <= concurrency <= 32:
        raise UsageError(f"--concurrency must be between 1 and 32, not {concurrency}")
    spec = args.auth or os.environ.get("RAG_AUTH")
    try:
        auth = read_auth(spec) if spec else None
    except (OSError, ValueError) as exc:
        raise UsageError(f"--auth {spec}: {exc}") from exc
    try:
        docs = args.docs or (settings.docs if os.environ.get("RAG_DOCS") else None)
        if docs is not None and not Path(docs).is_dir():
            raise UsageError(f"--docs {docs}: no such folder")
        serve(settings.index, args.host, args.port, auth, concurrency, docs, settings.store)
    except OSError as exc:  # port taken, address not available
        raise UsageError(f"cannot serve on {args.host}:{args.port}: {exc}") from exc
    return 0


def _version() -> str:
    from . import __version__

    return __version__


class UsageError(Exception):
    """A command line that cannot work as given."""


COMMANDS = {"build": cmd_build, "search": cmd_search, "ask": cmd_ask, "eval": cmd_eval, "figures": cmd_figures,
            "entities": cmd_entities, "serve": cmd_serve, "verify": cmd_verify}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``rag`` console script; returns the exit status."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = _parser().parse_args(argv)
    from embeddings import UnknownModelError
    from embeddings.bundled_e5 import FirstUseError
    from embeddings.e5_convert import ModelFileError

    from .errors import NothingIndexed, RagError

    settings = Settings.from_env(docs=getattr(args, "docs", None), index=args.index,
                                 model=getattr(args, "model", None), store=getattr(args, "store", None))
    try:
        return COMMANDS[args.command](args, settings)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NothingIndexed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (RagError, UnknownModelError, ModelFileError, FirstUseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output left (`rag build | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
