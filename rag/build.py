"""The build pipeline: read a documents folder, chunk, embed what changed, make the figure table
and the BM25 postings, batch by batch into a staging folder (``rag/staging.py``), and hand the
finished batches to the index folder to publish (``rag/index.py``)."""

from __future__ import annotations

import fcntl
import json
import mmap
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from embeddings.e5_convert import sha256_file

from . import bm25, doctable, staging
from . import store as stores
from .chunk import ChunkSettings, chunk_document
from .errors import IndexCorrupt, IndexNotFound, NothingIndexed, RagError
from .facts import FACTS_REVISION, FigureRow, figure_rows
from .index import EXACT_MAX, FORMAT_VERSION, Index, live_manifest, load_index, publish
from .ingest import CLEANER_REVISION, ingest_file
from .merge import Batches, write_tables
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
    embedded_sentences: int  # distinct sentence texts this run embedded; the rest were reused (a resumed
    # build reuses what its finished batches embedded)
    documents_embedded: int  # documents with at least one newly embedded sentence
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    store: str = stores.DEFAULT  # where the chunks were published (``rag.store``)


@dataclass(slots=True)  # one per document: a build of 100,000 keeps 100,000
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
        return load_index(index_dir, dense=False)  # its chunk vectors are made again from sentences
    except IndexNotFound:
        return None
    except RagError as exc:
        # This build is the fix the message would suggest, so only the cause is worth a note.
        notes.append(f"previous index not reused ({exc.cause}): reading and embedding everything")
        return None


def _vectors_reusable(old: Index | None, model_id: str, revision: str, notes: list[str]) -> bool:
    """Whether the previous index's sentence vectors may be reused: same model, same revision of it."""
    if old is None:
        return False
    if old.manifest.get("model_id") != model_id:
        notes.append(f"previous index used model {old.manifest.get('model_id')}: re-embedding everything")
        return False
    if old.manifest.get("model_revision", "") != revision:
        notes.append(f"previous index used another revision of {model_id}: re-embedding everything")
        return False
    return True


class _OldDocuments:
    """The previous index's documents by the sha256 of their file's bytes, read when asked for
    (``rag.ingest.ingest_file``'s ``previous``), to reuse instead of reading the file again (a
    PDF takes seconds)."""

    def __init__(self, old: Index):
        self.old = old

    def __bool__(self) -> bool:
        return True

    def __contains__(self, digest: str) -> bool:
        doc = self.old.table.document(digest[:16])  # a document's id is the start of its sha256
        return doc is not None and doc.raw_sha256 == digest

    def __getitem__(self, digest: str) -> Document:
        if digest not in self:
            raise KeyError(digest)
        return self.old.table.document(digest[:16])


def _previous_documents(old: Index | None) -> _OldDocuments | None:
    """The previous index's documents to reuse; none if the cleaning code has changed since."""
    if old is None or old.manifest.get("cleaner_revision") != CLEANER_REVISION:
        return None
    return _OldDocuments(old)


def _seed(stage: staging.Staging, old: Index | None, vectors: bool, plan: staging.Plan,
          chunking: ChunkSettings, notes: list[str]) -> None:
    """Put into a new staging what the batches reuse of the previous index: the sentence vectors
    of its documents that are gone or changed (by text; an unchanged document's rows are taken
    whole when its batch comes), its chunk tokens by text, its figure rows. Once per staging;
    the notes it made are kept with it for a resumed build's report."""
    if (kept := stage.get("notes")) is not None:
        notes += json.loads(kept)
        return
    mine: list[str] = []
    if old is not None and vectors:
        try:
            # Same sentences are expected only of the same bytes read by the same code the same way.
            same_way = (old.manifest.get("cleaner_revision") == CLEANER_REVISION
                        and old.manifest.get("chunking", {}).get("max_chars") == chunking.max_chars)
            kept_ids = {f.sha256[:16] for f in plan.files} if same_way else set()
            for doc, first in old.table.each(lambda doc_id: doc_id not in kept_ids):
                rows = old.sentence_vectors.rows(first, first + len(doc.sentences))
                stage.add_vectors((sentence_key(s.text), rows[s.index]) for s in doc.sentences)
        except IndexCorrupt as exc:  # a block of the vectors does not match its checksum
            mine.append(f"previous index's sentence vectors not reused ({exc.cause}): re-embedding everything")
            stage.forget_vectors()
            stage.put("old_vectors", "corrupt")
    if old is not None and old.manifest.get("tokenizer_revision") == bm25.revision():
        path = old.folder / bm25.TOKENS
        if not path.is_file() or sha256_file(path) != old.manifest["files"].get(bm25.TOKENS):
            mine.append("previous index's chunk tokens not reused (missing or corrupt): tokenising everything")
        else:
            stage.add_tokens(bm25.read_tokens(path))
    if old is not None and old.figures_path is not None and old.manifest.get("facts_revision") == FACTS_REVISION:
        stage.copy_figures(old.figures_path)
    stage.put("notes", json.dumps(mine, ensure_ascii=False))
    stage.commit()
    _release(old)
    notes += mine


def _release(old: Index | None) -> None:
    """Unmap from the build the previous index's sentence rows it has copied: file pages the kernel
    keeps cached, but counted in the build's resident memory while mapped (the matrix is 1.8 GB at
    100,000 documents). They are read from the file again if asked for."""
    mapped = getattr(old.sentence_vectors.array, "_mmap", None) if old is not None else None  # numpy's mmap
    if mapped is not None and hasattr(mapped, "madvise"):
        mapped.madvise(mmap.MADV_DONTNEED)


def sentence_key(text: str) -> str:
    """Sentence vectors are reused by text."""
    return match_form(text)


@dataclass
class _Offsets:
    """Where a batch's rows start: the counts of the batches before it."""

    documents: int = 0
    chunks: int = 0
    sentences: int = 0

    def after(self, r: staging.BatchReport) -> _Offsets:
        return _Offsets(self.documents + r.documents, self.chunks + r.chunks, self.sentences + r.sentences)


def build_index(docs_dir: Path, index_dir: Path, embedder, *, full: bool = False,
                chunking: ChunkSettings = ChunkSettings(), progress: bool = True,
                batch_size: int = 32, exact_max: int = EXACT_MAX, store: str | None = None,
                on_progress: Callable[[str, float], None] | None = None,
                batch_documents: int = staging.BATCH_DOCUMENTS) -> BuildReport:
    """Ingest ``docs_dir``, chunk, embed what changed (everything with ``full``) and publish a new
    generation of ``index_dir``; the FAISS index is exact up to ``exact_max`` chunks, PQ re-ranked above.
    ``store`` (``rag.store.parse``; default: the index's own, else the folder) also publishes the
    chunks to Milvus.

    Documents go through in batches of ``batch_documents``, each written to disk when done
    (``rag.staging``), so memory holds a batch, not the corpus; a build killed at any point and
    run again on the same inputs goes on from its last finished batch.
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
        spec = stores.parse(store or live_manifest(index_dir).get("store", {}).get("spec"))
        if spec.kind != stores.DEFAULT:
            stores.client(spec)  # unreachable: say so before reading and embedding, not after
        say("reading", 0.0)
        plan = staging.plan(docs_dir)
        revision = embedder.revision
        reuse_vectors = _vectors_reusable(old, embedder.model_id, revision, notes)
        settings = {"model": [embedder.model_id, revision], "chunking": asdict(chunking), "full": full,
                    "revisions": [CLEANER_REVISION, FACTS_REVISION, bm25.revision(), FORMAT_VERSION],
                    "batch": [batch_documents, batch_size], "previous": old.folder.name if old else None}
        stage = staging.Staging(index_dir, staging.build_key(settings, plan.files))
        try:
            _seed(stage, old, reuse_vectors, plan, chunking, notes)
            if stage.get("old_vectors") == "corrupt":
                reuse_vectors = False
            batcher = _Batcher(stage, old if reuse_vectors else None, old, embedder, chunking, batch_size, notes)
            done = _run_batches(stage, plan.batches(batch_documents), batcher, progress, say, notes)
            reports, at, ran = done.reports, done.at, done.ran
            skipped = plan.skipped + [Skipped(**x) for r in reports for x in r.skipped]
            if not at.documents:
                raise NothingIndexed(f"no document in {docs_dir} could be indexed "
                                     f"({len(skipped)} skipped: " +
                                     "; ".join(f"{s.name}: {s.reason}" for s in skipped[:5]) + ")")
            say("publishing", 0.95)
            batches = Batches(done.folders, reports, embedder.dim, *stage.vocabulary())
            gen = publish(index_dir, batches, _described(embedder.model_id, revision, chunking, old, batches, skipped),
                          spec, exact_max)
            files = [FileReport(**f) for k in range(len(done.folders)) for f in stage.report(k).files]
            stage.remove()
        finally:
            stage.close()  # also when killed by an exception: its uncommitted batch rolls back
    say("done", 1.0)
    return BuildReport(
        index=str(gen), model=embedder.model_id, documents=at.documents, chunks=at.chunks,
        sentences=at.sentences, embedded_sentences=sum(r.embedded for r in ran),
        documents_embedded=sum(r.documents_embedded for r in ran), skipped=skipped,
        seconds=round(time.perf_counter() - t0, 2), notes=notes,
        files=files, store=str(spec),
    )


@dataclass
class _Done:
    """The batches of a build, all finished: their folders and reports, where the next one would
    start, and the reports of those this run made (the others were finished before it)."""

    folders: list[Path]
    reports: list[staging.BatchReport]
    at: _Offsets
    ran: list[staging.BatchReport]


def _run_batches(stage: staging.Staging, batches: list[list[staging.Planned]], batcher: _Batcher, progress: bool,
                 say: Callable[[str, float], None], notes: list[str]) -> _Done:
    """Make every batch not finished yet, in order, showing documents done, their rate and an ETA."""
    from tqdm import tqdm

    total = sum(len(files) for files in batches)
    bar = tqdm(total=total, unit="doc", desc="building", disable=not progress or not total)
    done = _Done([], [], _Offsets(), [])
    for k, files in enumerate(batches):
        report = stage.report(k)  # a finished batch is not made again
        if report is None:
            report = batcher.run(k, files, done.at)
            done.ran.append(report)
        # What it says per document is read back from the batch's folder when needed, not kept:
        # small objects kept from every batch also keep the memory of each batch they sit in.
        report.files, report.sources = [], {}
        done.folders.append(stage.batch(k))
        done.reports.append(report)
        done.at = done.at.after(report)
        bar.update(len(files))
        say("embedding", 0.05 + 0.9 * bar.n / total)
    bar.close()
    if len(done.ran) < len(batches):
        size = len(batches[0])
        notes.append(f"resumed an interrupted build: {len(batches) - len(done.ran)} of {len(batches)} batches "
                     f"of {size} documents were done already")
    return done


def _described(model_id: str, revision: str, chunking: ChunkSettings, old: Index | None, batches: Batches,
               skipped: list[Skipped]) -> dict:
    """The build's part of the generation's manifest."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    added = old.added if old else {}
    return {
        "model_id": model_id,
        "model_revision": revision,
        "cleaner_revision": CLEANER_REVISION,
        "tokenizer_revision": bm25.revision(),
        "facts_revision": FACTS_REVISION,
        "chunking": {**asdict(chunking), "embedded_text": "each sentence, OpenCC t2s; a chunk's vector is "
                                                          "the mean of its sentences'"},
        # For the library: when each document was first indexed, and the files not indexed and why.
        "added": {name: added.get(name) or now for name in batches.sources()},
        "skipped_files": [{"name": x.name, "reason": x.reason} for x in skipped],
    }


class _Batcher:
    """Makes one batch: reads, cleans and chunks its files, embeds the sentence texts nobody has
    embedded yet, tokenises new chunk texts, makes figure rows, and writes it all into the
    staging (``rag.staging``)."""

    def __init__(self, stage: staging.Staging, vectors_from: Index | None, previous: Index | None, embedder,
                 chunking: ChunkSettings, batch_size: int, notes: list[str]):
        """``vectors_from``: the previous index when its sentence vectors may be reused;
        ``previous``: the previous index, for its documents and figure rows."""
        self.stage, self.old, self.embedder = stage, vectors_from, embedder
        self.documents, self.table = _previous_documents(previous), previous.table if previous else None
        self.chunking, self.batch_size, self.notes = chunking, batch_size, notes

    def run(self, k: int, files: list[staging.Planned], at: _Offsets) -> staging.BatchReport:
        """Make batch ``k`` of ``files``, its rows numbered from ``at``; its report."""
        docs, skipped = [], []
        for f in files:
            result = ingest_file(Path(f.path), f.name, self.documents)
            (skipped if isinstance(result, Skipped) else docs).append(result)
        chunks = [c for d in docs for c in chunk_document(d, self.chunking)]
        sentences, embedded, docs_embedded = self._sentence_vectors(docs)
        tmp = self.stage.begin(k)
        np.save(tmp / staging.SENTENCES, sentences, allow_pickle=False)
        np.save(tmp / staging.CHUNKS, _chunk_vectors(docs, chunks, sentences), allow_pickle=False)
        doctable.write(tmp / staging.DOCUMENTS, docs, chunks, at.documents, at.chunks, at.sentences)
        keys, tokens = bm25.chunk_tokens({d.doc_id: d for d in docs}, chunks, self.stage.tokens())
        self.stage.add_tokens(zip(keys, tokens))
        bm25.write_tokens(tmp / staging.TOKENS, keys, tokens)
        bm25.save_shard(bm25.shard(tokens, self.stage.token_ids), tmp / bm25.SHARD)
        figures = [r for d in docs for r in self._figure_rows(d)]
        write_tables(tmp, figures)
        report = staging.BatchReport(
            documents=len(docs), chunks=len(chunks), sentences=len(sentences), figures=len(figures),
            embedded=embedded, documents_embedded=docs_embedded,
            skipped=[asdict(s) for s in skipped], files=[asdict(FileReport.of(d)) for d in docs],
            sources={d.name: d.raw_sha256 for d in docs})
        self.stage.finish(k, tmp, report)
        _release(self.old)
        return report

    def _sentence_vectors(self, docs: list[Document]) -> tuple[np.ndarray, int, int]:
        """The batch's sentence vectors (documents in order): an unchanged document's rows of the
        previous index whole, the others' by text from what is known (``Staging.vectors``), each
        new text embedded once, longest first to waste little padding; how many texts were
        embedded, and from how many documents.

        A chunk's vector is the normalised mean of its sentences' vectors rather than a second
        encoder pass over the chunk: that halves the build, and on CMRC 2018 answers stay within
        half a point while fused hit@5 loses 0.2 (README, "Building the index")."""
        out = np.empty((sum(len(d.sentences) for d in docs), self.embedder.dim), dtype=np.float32)
        first = doctable.sentence_rows(docs)
        keys: dict[str, list[str]] = {}
        for d in docs:
            if (rows := self._unchanged(d)) is not None:
                out[first[d.doc_id]:first[d.doc_id] + len(d.sentences)] = rows
            else:
                keys[d.doc_id] = [sentence_key(s.text) for s in d.sentences]
        known = self.stage.vectors(sorted({k for ks in keys.values() for k in ks}))
        # Longest first, ties by text: the int8 encoder quantises a batch's activations together, so
        # batches must be made the same way every run for a rebuild to give the same vectors (set
        # order varies with Python's string hashing).
        todo = sorted({k for ks in keys.values() for k in ks if k not in known}, key=lambda k: (-len(k), k))
        for a in range(0, len(todo), self.batch_size):
            part = todo[a:a + self.batch_size]
            fresh = self.embedder.embed_documents(part)
            known.update(zip(part, fresh))
            self.stage.add_vectors(zip(part, fresh))  # committed with the batch (Staging.finish)
        new = set(todo)
        for doc_id, ks in keys.items():
            out[first[doc_id]:first[doc_id] + len(ks)] = [known[k] for k in ks]
        return out, len(todo), sum(any(k in new for k in ks) for ks in keys.values())

    def _unchanged(self, d: Document) -> np.ndarray | None:
        """The previous index's vectors of ``d``'s sentences, if it held the same document read
        into the same sentences."""
        if self.old is None or (first := self.old.table.first_sentence(d.doc_id)) is None:
            return None
        before = self.old.table.document(d.doc_id)
        if [s.text for s in before.sentences] != [s.text for s in d.sentences]:
            return None
        try:
            return self.old.sentence_vectors.rows(first, first + len(d.sentences))
        except IndexCorrupt as exc:  # a block of the vectors does not match its checksum
            self.notes.append(f"previous index's sentence vectors not reused ({exc.cause}): re-embedding them")
            self.old = None
            return None

    def _figure_rows(self, d: Document) -> list:
        """The figure rows of ``d``: the previous index's when it held the same file under the same
        name and the code that makes rows is the same (``Staging.figures``), else made now."""
        if self.table is not None and self.table.doc_id_of(d.name) == d.doc_id:
            if rows := self.stage.figures(d.doc_id):
                # The entity is the corpus's, resolved again at publish: a row starts without one.
                return [replace(FigureRow(*r), entity=None) for r in rows]
        return figure_rows(d)


def _chunk_vectors(docs: list[Document], chunks: list[Chunk], sentences: np.ndarray) -> np.ndarray:
    """Each chunk's unit vector: the normalised mean of its sentences' vectors (``sentences``,
    the batch's documents in order)."""
    first = doctable.sentence_rows(docs)
    if not chunks:
        return np.empty((0, sentences.shape[1]), np.float32)
    mean = np.stack([sentences[first[c.doc_id] + c.first_sentence:first[c.doc_id] + c.last_sentence + 1].mean(axis=0)
                     for c in chunks])
    return (mean / np.linalg.norm(mean, axis=1, keepdims=True)).astype(np.float32)
