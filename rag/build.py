"""The build pipeline: read a documents folder, chunk, embed what changed, make the figure table
and the BM25 model, and hand the generation to the index folder to publish (``rag/index.py``)."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from embeddings.e5_convert import sha256_file

from . import bm25, doctable
from . import store as stores
from .answer.english import pinyin_names
from .chunk import ChunkSettings, chunk_document
from .errors import IndexCorrupt, IndexNotFound, NothingIndexed, RagError
from .facts import FACTS_REVISION, figure_rows, rows_by_document
from .index import EXACT_MAX, Contents, Index, live_manifest, load_index, publish
from .ingest import CLEANER_REVISION, ingest_folder
from .textnorm import match_form
from .types import Chunk, Document, Skipped


@dataclass
class BuildReport:
    """What ``rag build`` did."""

    index: str
    model: str
    documents: int
    chunks: int
    sentences: int
    embedded_sentences: int  # distinct sentence texts embedded; the rest were reused
    documents_embedded: int  # documents with at least one newly embedded sentence
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    store: str = stores.DEFAULT  # where the chunks were published (``rag.store``)


@dataclass
class FileReport:
    """One indexed document as ingestion saw it."""

    name: str
    format: str
    encoding: str
    title: str | None
    date: str | None
    outlet: str | None
    pages: int | None  # PDF only
    warnings: list[str]

    @classmethod
    def of(cls, d: Document) -> FileReport:
        """The report line of a document."""
        return cls(d.name, d.format, d.encoding, d.title, d.date, d.outlet, len(d.pages) or None, d.warnings)


def _previous_index(index_dir: Path, notes: list[str]) -> Index | None:
    """The live index, to reuse from; None if there is none or it is broken (with a note)."""
    try:
        return load_index(index_dir)
    except IndexNotFound:
        return None
    except RagError as exc:
        # This build is the fix the message would suggest, so only the cause is worth a note.
        notes.append(f"previous index not reused ({exc.cause}): reading and embedding everything")
        return None


@dataclass
class _Reuse:
    """Sentence vectors of the previous index to reuse: those of a document that is unchanged,
    whole (by id), and the others' by sentence text."""

    documents: dict[str, np.ndarray] = field(default_factory=dict)
    texts: dict[str, np.ndarray] = field(default_factory=dict)


def _previous_vectors(old: Index | None, old_docs: list[Document], docs: list[Document], model_id: str,
                      revision: str, notes: list[str]) -> _Reuse:
    """Sentence vectors of the previous index (whose documents are ``old_docs``) for the new
    ``docs``; none if there is no previous index, or it used another model or another revision of it."""
    if old is None:
        return _Reuse()
    if old.manifest.get("model_id") != model_id:
        notes.append(f"previous index used model {old.manifest.get('model_id')}: re-embedding everything")
        return _Reuse()
    if old.manifest.get("model_revision", "") != revision:
        notes.append(f"previous index used another revision of {model_id}: re-embedding everything")
        return _Reuse()
    new = {d.doc_id: d for d in docs}
    reuse = _Reuse()
    try:
        for d in old_docs:
            first = old.table.first_sentence(d.doc_id)  # one look-up per document, not per sentence
            same = new.get(d.doc_id)
            if same is not None and [s.text for s in same.sentences] == [s.text for s in d.sentences]:
                # The same file read the same way: its rows as they are, without keying each
                # sentence (keying every sentence of the corpus was a sixth of adding a document).
                reuse.documents[d.doc_id] = old.sentence_vectors.rows(first, first + len(d.sentences))
            else:
                reuse.texts.update((sentence_key(s.text), old.sentence_vectors[first + s.index]) for s in d.sentences)
    except IndexCorrupt as exc:  # a block of the vectors does not match its checksum
        notes.append(f"previous index's sentence vectors not reused ({exc.cause}): re-embedding everything")
        return _Reuse()
    return reuse


def _previous_documents(old: Index | None, old_docs: list[Document]) -> dict[str, Document]:
    """The previous index's documents (``old_docs``) by the sha256 of their file's bytes, to reuse
    instead of reading the file again (a PDF takes seconds); empty if the cleaning code has changed
    since."""
    if old is None or old.manifest.get("cleaner_revision") != CLEANER_REVISION:
        return {}
    return {d.raw_sha256: d for d in old_docs}


def _previous_tokens(old: Index | None, notes: list[str]) -> dict[str, str]:
    """The previous index's chunk tokens by text key, to reuse; empty if there are none, they were
    made by another tokenizer, or the file fails its checksum (with a note)."""
    if old is None or old.manifest.get("tokenizer_revision") != bm25.revision():
        return {}
    path = old.folder / bm25.TOKENS
    if not path.is_file() or sha256_file(path) != old.manifest["files"].get(bm25.TOKENS):
        notes.append("previous index's chunk tokens not reused (missing or corrupt): tokenising everything")
        return {}
    return bm25.load_tokens(path)


def sentence_key(text: str) -> str:
    """Sentence vectors are reused by text."""
    return match_form(text)


def build_index(docs_dir: Path, index_dir: Path, embedder, *, full: bool = False,
                chunking: ChunkSettings = ChunkSettings(), progress: bool = True,
                batch_size: int = 32, exact_max: int = EXACT_MAX, store: str | None = None,
                on_progress: Callable[[str, float], None] | None = None) -> BuildReport:
    """Ingest ``docs_dir``, chunk, embed what changed (everything with ``full``) and publish a new
    generation of ``index_dir``; the FAISS index is exact up to ``exact_max`` chunks, HNSW above.
    ``store`` (``rag.store.parse``; default: the index's own, else the folder) also publishes the
    chunks to Milvus.
    ``on_progress(stage, fraction)`` hears how far it is (reading, embedding, publishing).
    Raises NothingIndexed when no document could be indexed."""
    say = on_progress or (lambda stage, fraction: None)
    t0 = time.perf_counter()
    docs_dir, index_dir = Path(docs_dir), Path(index_dir)
    if not docs_dir.is_dir():
        raise NothingIndexed(f"documents folder {docs_dir} does not exist")
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time per index folder
        notes: list[str] = []
        old = None if full else _previous_index(index_dir, notes)
        old_docs = list(old.documents.values()) if old else []  # parsed once, for both kinds of reuse
        spec = stores.parse(store or live_manifest(index_dir).get("store", {}).get("spec"))
        if spec.kind != stores.DEFAULT:
            stores.client(spec)  # unreachable: say so before reading and embedding, not after
        say("reading", 0.0)
        docs, skipped = ingest_folder(docs_dir, _previous_documents(old, old_docs))
        if not docs:
            raise NothingIndexed(f"no document in {docs_dir} could be indexed "
                                 f"({len(skipped)} skipped: " +
                                 "; ".join(f"{s.name}: {s.reason}" for s in skipped[:5]) + ")")
        chunks = [c for d in docs for c in chunk_document(d, chunking)]
        revision = embedder.revision
        reuse = _previous_vectors(old, old_docs, docs, embedder.model_id, revision, notes)
        sentence_vectors, vectors, embedded, docs_embedded = _embed(docs, chunks, reuse, embedder, batch_size,
                                                                    progress, say)
        say("publishing", 0.95)
        previous_rows = _previous_figures(old, docs)
        tokens = bm25.chunk_tokens({d.doc_id: d for d in docs}, chunks, _previous_tokens(old, notes))
        lexical = bm25.build(*tokens)
        contents = Contents(docs, chunks, vectors, sentence_vectors,
                            [r for d in docs for r in previous_rows.get(d.doc_id) or figure_rows(d)],
                            lexical, pinyin_names(lexical.words()))
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        described = {
            "model_id": embedder.model_id,
            "model_revision": revision,
            "cleaner_revision": CLEANER_REVISION,
            "tokenizer_revision": bm25.revision(),
            "facts_revision": FACTS_REVISION,
            "chunking": {**asdict(chunking), "embedded_text": "each sentence, OpenCC t2s; a chunk's vector is "
                                                              "the mean of its sentences'"},
            # For the library: when each document was first indexed, and the files not indexed and why.
            "added": {d.name: (old.manifest.get("added", {}).get(d.name) if old else None) or now for d in docs},
            "skipped_files": [{"name": x.name, "reason": x.reason} for x in skipped],
        }
        gen = publish(index_dir, contents, described, spec, exact_max)
    say("done", 1.0)
    return BuildReport(
        index=str(gen), model=embedder.model_id, documents=len(docs), chunks=len(chunks),
        sentences=len(sentence_vectors), embedded_sentences=embedded, documents_embedded=docs_embedded,
        skipped=skipped,
        seconds=round(time.perf_counter() - t0, 2), notes=notes, files=[FileReport.of(d) for d in docs],
        store=str(spec),
    )


def _embed(docs: list[Document], chunks: list[Chunk], reuse: _Reuse, embedder,
           batch_size: int, progress: bool, say: Callable[[str, float], None]
           ) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Sentence vectors (documents in order; an unchanged document's reused whole, others' by text
    where possible, each new text embedded once, longest first to waste little padding), the chunk
    vectors derived from them, how many texts were embedded, and from how many documents.

    A chunk's vector is the normalised mean of its sentences' vectors rather than a second
    encoder pass over the chunk: that halves the build, and on CMRC 2018 answers stay within half
    a point while fused hit@5 loses 0.2 (README, "Building the index")."""
    from tqdm import tqdm

    # The key is the text embedded.
    keys = {d.doc_id: [sentence_key(s.text) for s in d.sentences] for d in docs if d.doc_id not in reuse.documents}
    todo = sorted({k for ks in keys.values() for k in ks if k not in reuse.texts}, key=len, reverse=True)
    fresh: dict[str, np.ndarray] = {}
    bar = tqdm(total=len(todo), unit="sentence", desc="embedding", disable=not progress or not todo)
    for s in range(0, len(todo), batch_size):
        part = todo[s:s + batch_size]
        fresh.update(zip(part, embedder.embed_documents(part)))
        bar.update(len(part))
        say("embedding", 0.05 + 0.9 * (s + len(part)) / len(todo))
    bar.close()
    first = doctable.sentence_rows(docs)
    sent = np.empty((sum(len(d.sentences) for d in docs), embedder.dim), dtype=np.float32)
    for d in docs:
        if d.doc_id in reuse.documents:
            sent[first[d.doc_id]:first[d.doc_id] + len(d.sentences)] = reuse.documents[d.doc_id]
        for i, k in enumerate(keys.get(d.doc_id, ())):
            sent[first[d.doc_id] + i] = fresh[k] if k in fresh else reuse.texts[k]
    mean = np.stack([sent[first[c.doc_id] + c.first_sentence:first[c.doc_id] + c.last_sentence + 1].mean(axis=0)
                     for c in chunks])
    chunk_vecs = (mean / np.linalg.norm(mean, axis=1, keepdims=True)).astype(np.float32)
    return sent, chunk_vecs, len(todo), sum(any(k in fresh for k in ks) for ks in keys.values())


def _previous_figures(old: Index | None, docs: list[Document]) -> dict[str, list]:
    """Figure rows of the previous index by document id, for the documents that are unchanged
    (same bytes, same name) while the code that makes rows is the same; empty otherwise."""
    if old is None or old.figures_path is None or old.manifest.get("facts_revision") != FACTS_REVISION:
        return {}
    same = {d.doc_id for d in docs if old.table.doc_id_of(d.name) == d.doc_id}  # no document parsed
    return {k: v for k, v in rows_by_document(old.figures_path).items() if k in same}


