"""The index folder: publish a generation atomically, load it only after verifying it, follow it
while serving (``LiveIndex``). What goes into a generation is made by the build (``rag/build.py``).

Layout of ``--index DIR``::

    DIR/CURRENT            name of the live generation (replaced atomically)
    DIR/gen-<time>-<hash>/ manifest.json, documents.sqlite (documents and chunks), vectors.faiss
                           (one vector per chunk, exact; above EXACT_MAX chunks PQ codes, with
                           the float vectors in chunks.npy and their blocks' checksums in
                           chunks.sums), sentences.npy (one vector per sentence,
                           documents in order) and sentences.sums (its blocks' checksums, so it
                           is verified as it is read), figures.sqlite (the figure table), bm25/ (the
                           lexical model), tokens.txt (its chunks' tokens, for the next build),
                           pinyin.json (the corpus's names by pinyin), verified.json (the files
                           a load found right, so later loads hash only those changed since)
    DIR/.lock              held while a build runs
    DIR/build-<key>/       a build's finished batches while it runs (``rag/staging.py``), so a
                           killed build resumes; removed once its generation is live

A build stages its work batch by batch beside the generations (``DIR/build-<key>/``,
``rag/staging.py``), then writes a new generation from the batches into a temporary folder
(``rag/merge.py``), renames it, then swaps ``CURRENT``.
Killed at any moment, the folder still holds the previous complete generation; readers never
see a half-written one. The previous generation is kept so a reader that has just read
``CURRENT`` can still open it; older ones are removed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import mmap
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import numpy as np

from embeddings.e5_convert import sha256_file

from . import __version__, bm25, doctable, merge, store as stores
from .blocks import CheckedMatrix, block_sums
from .errors import IndexCorrupt, IndexMismatch, IndexNotFound, RagError
from .entities import publish as write_entities
from .staging import fsync

# 3: a chunk's vector is the mean of its sentences' vectors; 4: documents and chunks in SQLite,
# the BM25 model saved, so loading reads neither the corpus's text nor re-tokenises it.
FORMAT_VERSION = 4
PINYIN = "pinyin.json"  # the corpus's names by pinyin (rag.answer.english), made at publish
SENTENCES = "sentences.npy"
# The checksums of the sentence vectors' blocks (``rag.blocks``): with them, loading verifies
# the blocks an answer reads instead of the whole file. Indexes from before them are verified whole.
SENTENCE_SUMS = "sentences.sums"
FILES = ("documents.sqlite", "vectors.faiss", SENTENCES, PINYIN, *bm25.FILES)
# Written by builds since the figure table; checked when the manifest lists it, so an index built
# before it still loads (``rag figures`` then asks for a rebuild).
FIGURES = "figures.sqlite"
# Every file a build writes into a generation; the chunks' tokens are read (and verified) only by
# the next build.
WRITTEN = FILES + (FIGURES, SENTENCE_SUMS, bm25.TOKENS)
# The FAISS index is chosen by the number of chunks (docs/design.md, "The FAISS index type").
# Exact inner product (= cosine on unit vectors) costs about 0.18 ms per 1,000 chunks per query on
# 2 cores, so up to EXACT_MAX it stays near 36 ms, inside the 100 ms answer budget, and is exact.
EXACT_MAX = 200_000
# Above EXACT_MAX: a brute-force scan of 4-bit PQ codes of the PCA-rotated vectors ("fast scan"),
# whose top RERANK are scored again exactly from the float chunk vectors (CHUNKS, memory-mapped).
# At 1M chunks on real e5 geometry: strict recall@10 0.970 at 12 / 13 ms p50 / p95, a 47 MB index
# trained in 23 s; through this code (bench/ann_1m.py --product) 0.966 at 7.6 / 16 ms under load
# (docs/measurements.md#1m-chunks). The PCA rotation is what makes PQ work on e5
# (without it 0.41): its vectors share a large common direction.
PQ_DIMS_PER_CODE = 4  # PQ96x4fs at 384 dimensions; PQ128 (3 per code) gained 0.004 for 60% more codes
PQ_TRAIN = 200_000  # chunk vectors sampled to train the PCA, rotation and codebooks (measured with 200,000)
PQ_SEED = 29  # the sample is drawn with this seed, so the same chunks publish the same index
RERANK = 1_000  # 500: 0.939; 1,500: 0.985 but 28 ms p50, as the fast scan itself slows past ~1,000
# k-means makes 16 centroids per code from the sample; FAISS asks for at least 39 points per
# centroid. Fewer chunks than this stay exact whatever ``exact_max`` says (only tests set it so low).
PQ_MIN_CHUNKS = 39 * 16
# A filter (documents, dates) cannot go into a fast-scan search: up to FILTER_EXACT_MAX chunk rows
# it leaves are scored exactly; more, and the search fetches RERANK × (all rows / rows left)
# candidates, keeps those the filter leaves and re-ranks them, or scores the rows exactly when
# fewer than half of RERANK survive (500 re-ranked kept 0.939). At 1M chunks: 50,000 rows scored
# exactly in 33 / 41 ms p50 / p95; 100,000 left, 10,000 fetched: 25 / 40 ms, recall 0.987
# (docs/measurements.md#1m-chunks, the product's table).
FILTER_EXACT_MAX = 50_000
# The float chunk vectors of an approximate generation, verified a block at a time as the re-rank
# reads them (``rag.blocks``): a query reads 1,000 scattered rows, so small blocks keep the first
# queries from hashing most of the 1.5 GB (16 KiB: about 16 MB hashed per query at first).
CHUNKS = "chunks.npy"
CHUNK_SUMS = "chunks.sums"
CHUNK_BLOCK = 1 << 14
# The files whose checksums matched at a load, each with its checksum, size, times and inode: a
# later load trusts a file still so (hashing 3.3 GB took 2.3 s of a 1M-chunk start) and hashes the
# others; ``load_index(full=True)`` (``rag verify``) hashes every file. A file is recorded only
# once its last change (ctime) is SETTLED_NS old, so a later write, which sets ctime to its own
# time, cannot leave it unchanged even on a coarse file-system clock (git's "racy" entries).
VERIFIED = "verified.json"
SETTLED_NS = 2_000_000_000
# The manifest's parts with a line per document (78 MB of JSON at 1M chunks, 0.8 s to parse): not
# read at load, but when first used (``Index.added``; the next build).
PER_DOCUMENT = ("added", "sources")
# Milvus (``rag.store``), not the folder, builds an HNSW graph above EXACT_MAX: its M and efSearch.
HNSW_M = 32
HNSW_EF_SEARCH = 256
# The parts of an Index opened on first use are opened once, also when several answers ask at once.
OPENING = threading.RLock()


@dataclass
class Index:
    """A loaded, verified index generation."""

    folder: Path
    manifest: dict
    table: doctable.DocTable
    vectors: object  # faiss.Index, row i is chunk i; None when the chunks are searched in Milvus
    sentence_vectors: CheckedMatrix  # memory-mapped; sentence i of a document is its first row + i
    store: stores.StoreSpec = stores.StoreSpec(stores.DEFAULT)  # where chunks are searched
    chunk_vectors: CheckedMatrix | None = None  # memory-mapped float chunk vectors, when ``vectors`` is PQ
    _opened: dict = field(default_factory=dict, repr=False)  # the parts opened on first use

    def _open(self, name: str, make: Callable[[], object]):
        if name not in self._opened:
            with OPENING:
                if name not in self._opened:
                    self._opened[name] = make()
        return self._opened[name]

    @property
    def lexical(self) -> bm25.Lexical:
        """The BM25 model, memory-mapped from the generation on first use."""
        return self._open("lexical", lambda: bm25.load(self.folder, len(self.chunks)))

    @property
    def search(self) -> stores.Store:
        """Where the chunks are searched (``rag.store``), opened on first use."""
        if self.store.kind == stores.DEFAULT:
            return self._open("search", lambda: stores.FolderStore(
                self.vectors, self.lexical, self.table, self.chunk_vectors,
                stores.Approximate(RERANK, FILTER_EXACT_MAX, RERANK // 2)))
        return self._open("search", lambda: stores.MilvusStore(
            self.store, self.manifest["store"]["collection"], self.lexical, self.table, HNSW_EF_SEARCH))

    @property
    def pinyin(self) -> dict[str, str]:
        """The corpus's names by pinyin (``rag.answer.english``), read from the generation on first use."""
        return self._open("pinyin", lambda: json.loads((self.folder / PINYIN).read_text(encoding="utf-8")))

    @cached_property
    def documents(self) -> doctable.Documents:
        """The documents by id, read when looked up."""
        return doctable.Documents.by_id(self.table)

    @cached_property
    def chunks(self) -> doctable.Chunks:
        """The chunks by row, read when looked up."""
        return doctable.Chunks(self.table)

    @property
    def added(self) -> dict[str, str]:
        """When each document was first indexed (ISO time, UTC), read from the manifest on first use."""
        def read() -> dict[str, str]:
            try:
                return read_manifest(self.folder / "manifest.json", whole=True).get("added", {})
            except (OSError, ValueError, AttributeError) as exc:
                raise IndexCorrupt(f"index manifest {self.folder / 'manifest.json'} is unreadable ({exc})",
                                   f"rebuild it with `rag build --full --index {self.folder.parent}`") from exc
        return self._open("added", read)

    @property
    def figures_path(self) -> Path | None:
        """The figure table (SQLite), if this generation has one."""
        return self.folder / FIGURES if FIGURES in self.manifest.get("files", {}) else None

    @cached_property
    def by_name(self) -> doctable.Documents:
        """The documents by file name, the name citations and answers give."""
        return doctable.Documents.by_name(self.table)

    def sentence_vector(self, doc_id: str, i: int) -> np.ndarray:
        """The embedding of sentence ``i`` of a document."""
        return self.sentence_vectors[self.table.first_sentence(doc_id) + i]


def current_generation(index_dir: Path) -> Path:
    """The live generation folder, or IndexNotFound."""
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        raise IndexNotFound(f"no index at {index_dir}", f"build one with `rag build --index {index_dir}`")
    name = pointer.read_text().strip()
    gen = index_dir / name
    if not name.startswith("gen-") or "/" in name or not gen.is_dir():
        raise IndexCorrupt(f"index at {index_dir} points at a missing generation ({name!r})",
                           f"rebuild it with `rag build --full --index {index_dir}`")
    return gen


def read_manifest(path: Path, whole: bool = False) -> dict:
    """A generation's manifest, without its ``PER_DOCUMENT`` parts unless ``whole``. It is written
    by ``json.dumps(indent=2)``: each top-level key opens a line indented by two spaces, a break no
    string holds, so the file is cut there and the parts kept are parsed alone (the file mapped,
    the parts left out never read); one written otherwise is parsed whole. Raises what
    ``json.loads`` raises (ValueError), or OSError."""
    cut = b'\n  "'
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        starts, at = [], data.find(cut)
        while at >= 0:
            starts.append(at + len(cut) - 1)  # the key's opening quote
            at = data.find(cut, at + 1)
        if whole or not starts or data[:starts[0] - len(cut) + 1].strip() != b"{":
            return json.loads(data[:])
        manifest: dict = {}
        for start, end in zip(starts, [s - len(cut) + 1 for s in starts[1:]] + [data.rfind(b"}")]):
            if not data[start:start + 20].startswith(tuple(b'"%s": ' % key.encode() for key in PER_DOCUMENT)):
                manifest.update(json.loads(b"{" + data[start:end].rstrip().removesuffix(b",") + b"}"))
        return manifest


def load_index(index_dir: Path, model_id: str | None = None, store: str | None = None,
               dense: bool = True, full: bool = False) -> Index:
    """Load and verify the live index; with ``model_id``, refuse an index built with another model.
    ``store`` (default: where it was published) may also be ``folder``: every index has its files.
    Without ``dense`` the FAISS index is verified but not read (a build reuses everything else).

    Checksums are verified before FAISS reads a byte, so corruption is reported, not crashed on;
    the sentence vectors are verified block by block as answers read them (``rag.blocks``). A file
    unchanged since its checksum last matched (``VERIFIED``) is not hashed again, unless ``full``,
    which hashes every file the manifest lists, the block-verified ones whole too.
    """
    import faiss

    index_dir = Path(index_dir)
    gen = current_generation(index_dir)
    fix = f"rebuild it with `rag build --full --index {index_dir}`"
    try:
        manifest = read_manifest(gen / "manifest.json", whole=full)
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"index manifest {gen / 'manifest.json'} is unreadable ({exc})", fix) from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(f"index format {manifest.get('format_version')} is not the format this "
                            f"version reads ({FORMAT_VERSION})", fix)
    if model_id and manifest.get("model_id") != model_id:
        raise IndexMismatch(f"index was built with model {manifest.get('model_id')!r}, not {model_id!r}",
                            f"drop --model to use the index's own model, or {fix} --model {model_id}")
    blockwise = SENTENCE_SUMS in files
    approximate = CHUNKS in files  # a PQ index over the chunk vectors (above EXACT_MAX chunks)
    names = (FILES + ((FIGURES,) if FIGURES in files else ()) + ((SENTENCE_SUMS,) if blockwise else ())
             + ((CHUNKS, CHUNK_SUMS) if approximate else ()))
    if full:
        names = tuple(dict.fromkeys(names + tuple(files)))
    for name in names:
        if not (gen / name).is_file():
            raise IndexCorrupt(f"index file {gen / name} is missing", fix)
    # Verified block by block when read (but by ``full``)
    names = tuple(name for name in names if full or not (name == SENTENCES and blockwise or name == CHUNKS))
    _verify_files(gen, files, names, fix, trust=not full)
    published = stores.parse(manifest.get("store", {}).get("spec", stores.DEFAULT))
    try:
        asked = stores.parse(store) if store else published
    except stores.StoreError as exc:
        raise IndexMismatch(exc.cause, exc.fix) from exc
    if asked not in (published, stores.StoreSpec(stores.DEFAULT)):
        raise IndexMismatch(f"index at {index_dir} was published to {published}, not {asked}",
                            f"search it with --store {published} (or folder), or publish it there with "
                            f"`rag build --full --index {index_dir} --store {asked}`")
    dim = manifest.get("dim")
    try:
        table = doctable.DocTable(gen / "documents.sqlite")
        # Searching Milvus, the folder's FAISS index is not read (at scale it is the largest thing held).
        vectors = faiss.read_index(str(gen / "vectors.faiss")) if asked.kind == stores.DEFAULT and dense else None
        # Mapped, not read: at a million sentences the matrix is 1.5 GB, and an answer reads a few rows.
        sentence_vectors = CheckedMatrix(gen / SENTENCES, (gen / SENTENCE_SUMS).read_bytes() if blockwise else None,
                                         fix)
        chunk_vectors = CheckedMatrix(gen / CHUNKS, (gen / CHUNK_SUMS).read_bytes(), fix,
                                      manifest.get("chunk_block", CHUNK_BLOCK)) if approximate else None
    except IndexCorrupt:
        raise
    except Exception as exc:  # checksums matched, so this is a writer bug or a foreign file
        raise IndexCorrupt(f"index at {gen} cannot be read ({exc})", fix) from exc
    chunks = manifest.get("counts", {}).get("chunks")
    if vectors is not None and (vectors.ntotal, vectors.d) != (chunks, dim) or table.n_chunks != chunks:
        found = f"{vectors.ntotal} vectors of dimension {vectors.d}" if vectors is not None else "vectors unread"
        raise IndexCorrupt(f"index at {gen} holds {table.n_chunks} chunks ({found}) for the {chunks} chunks of "
                           f"dimension {dim} its manifest names", fix)
    n = manifest.get("counts", {}).get("sentences")
    if sentence_vectors.shape != (n, dim):
        raise IndexCorrupt(f"index at {gen} holds {sentence_vectors.shape[0]} sentence vectors for "
                           f"{n} sentences", fix)
    if chunk_vectors is not None and chunk_vectors.shape != (chunks, dim):
        raise IndexCorrupt(f"index at {gen} holds {chunk_vectors.shape[0]} chunk vectors for {chunks} chunks", fix)
    return Index(gen, manifest, table, vectors, sentence_vectors, asked, chunk_vectors)


def _verify_files(gen: Path, files: dict, names: tuple[str, ...], fix: str, trust: bool) -> None:
    """Check that the files ``names`` of ``gen`` have the checksums ``files`` gives, or raise
    IndexCorrupt. With ``trust``, a file whose checksum, size, times and inode are those ``VERIFIED``
    recorded is taken as checked; the files hashed and settled are recorded (when ``gen`` is writable)."""
    recorded = _recorded(gen) if trust else {}
    now = time.time_ns()
    stamps = {name: [files.get(name), *_identity(gen / name)] for name in names}  # taken before hashing
    todo = [name for name in names if recorded.get(name) != stamps[name]]
    # Hashing is most of a large index's load (820 MB at 100,000 documents); hashlib and file reads
    # release the GIL, so the files are hashed side by side.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        sums = dict(zip(todo, pool.map(lambda name: sha256_file(gen / name), todo)))
    for name in todo:
        if sums[name] != files.get(name):
            raise IndexCorrupt(f"index file {gen / name} is corrupt (checksum mismatch)", fix)
    settled = {name: stamps[name] for name in todo if stamps[name][3] <= now - SETTLED_NS}
    if settled:
        _record(gen, {**{k: v for k, v in recorded.items() if k not in todo}, **settled})


def _identity(path: Path) -> list[int]:
    """What changes when a file is written or replaced: its size, mtime, ctime, inode and device."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _recorded(gen: Path) -> dict:
    """The files ``VERIFIED`` records as checked in ``gen``, or {} when it has no readable record."""
    try:
        recorded = json.loads((gen / VERIFIED).read_text())
        return recorded if isinstance(recorded, dict) else {}
    except (OSError, ValueError):
        return {}


def _record(gen: Path, recorded: dict) -> None:
    """Replace ``gen``'s ``VERIFIED`` with ``recorded`` (atomically); a folder that cannot be
    written keeps its files hashed at every load."""
    tmp = gen / f".{VERIFIED}.{os.getpid()}.{threading.get_ident()}"
    try:
        tmp.write_text(json.dumps(recorded))
        os.replace(tmp, gen / VERIFIED)
    except OSError:
        tmp.unlink(missing_ok=True)


def recorded_model(index_dir: Path) -> str | None:
    """The model the live index at ``index_dir`` was built with, if it has a readable one."""
    return live_manifest(index_dir).get("model_id")


class LiveIndex:
    """An index that follows its folder, for long-running servers: ``get()`` notices when a build
    has published a new generation and loads it. Readers never see a partial build, because
    ``CURRENT`` changes only after a generation is complete; if the new one cannot be loaded (or
    uses another model), the loaded one keeps serving and ``error`` says why."""

    def __init__(self, index_dir: Path, store: str | None = None):
        self.dir, self.store = Path(index_dir), store
        self.index = load_index(self.dir, store=store)
        self.error: str | None = None

    def get(self) -> Index:
        """The newest complete generation that loads, checked on every call (one small read)."""
        try:
            if current_generation(self.dir) != self.index.folder:
                self.index = load_index(self.dir, self.index.manifest["model_id"], self.store)
            self.error = None
        except RagError as exc:
            self.error = f"still serving the index built {self.index.manifest.get('created_at')}: {exc}"
        return self.index


def approximate(n_chunks: int, exact_max: int = EXACT_MAX) -> bool:
    """Whether ``n_chunks`` are searched through a PQ index (re-ranked exactly) rather than exactly."""
    return n_chunks > exact_max and n_chunks >= PQ_MIN_CHUNKS


def pq_factory(dim: int) -> str:
    """The FAISS factory string of the approximate index for vectors of ``dim``."""
    return f"PCAR{dim},PQ{dim // PQ_DIMS_PER_CODE}x4fs"


def index_type(n_chunks: int, exact_max: int = EXACT_MAX, dim: int = 384) -> str:
    """How the manifest names the FAISS index of ``n_chunks``."""
    if not approximate(n_chunks, exact_max):
        return "IndexFlatIP"
    return f"{pq_factory(dim)}, top {RERANK} re-ranked exactly"


def training_rows(n_chunks: int) -> np.ndarray:
    """The chunk rows the PQ index is trained on, in order: ``PQ_TRAIN`` drawn with ``PQ_SEED``
    (every row when there are fewer)."""
    if n_chunks <= PQ_TRAIN:
        return np.arange(n_chunks, dtype=np.int64)
    return np.sort(np.random.default_rng(PQ_SEED).choice(n_chunks, PQ_TRAIN, replace=False))


def pq_index(sample: np.ndarray):
    """The approximate index (``pq_factory``), trained on ``sample`` (float32 unit vectors), empty."""
    import faiss

    index = faiss.index_factory(sample.shape[1], pq_factory(sample.shape[1]), faiss.METRIC_INNER_PRODUCT)
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    return index


def publish(index_dir: Path, batches: merge.Batches, described: dict, store: stores.StoreSpec,
            exact_max: int = EXACT_MAX) -> Path:
    """Write a new generation of ``index_dir`` from a build's finished batches (and, for a Milvus
    ``store``, its collection), then make it the live one; ``described`` is the build's part of
    the manifest (model, revisions, chunking, …). The FAISS index is exact up to ``exact_max``
    chunks; above, it is PQ (``pq_index``) beside the float chunk vectors it is re-ranked from."""
    import faiss

    sources = batches.sources()
    n_chunks = batches.count("chunks")
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    corpus_hash = hashlib.sha256(
        "\n".join(f"{name}\t{sources[name]}" for name in sorted(sources)).encode()).hexdigest()
    tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=index_dir))
    merge.write_documents(tmp, batches)
    ann, chunks_whole = approximate(n_chunks, exact_max), None
    merge.write_vectors(tmp, batches, SENTENCES, None if ann else "vectors.faiss")
    written = WRITTEN + ((CHUNKS, CHUNK_SUMS) if ann else ())
    if ann:
        # The float vectors, for the re-rank, and the sample the PQ index is trained on, in one pass;
        # then the codes, added batch by batch from the staging.
        sample = merge.write_chunk_vectors(tmp / CHUNKS, batches, training_rows(n_chunks))
        pq = pq_index(sample)
        del sample
        for block in merge.chunk_blocks(batches):
            pq.add(block)
        faiss.write_index(pq, str(tmp / "vectors.faiss"))
        del pq
        chunk_blocks, chunks_whole = block_sums(tmp / CHUNKS, CHUNK_BLOCK)
        (tmp / CHUNK_SUMS).write_bytes(chunk_blocks)
    blocks, whole = block_sums(tmp / SENTENCES)  # one read for both: the matrix is most of the index
    (tmp / SENTENCE_SUMS).write_bytes(blocks)
    merge.merge_tables(tmp, batches)
    # The corpus-level entity pass, beside the figure table: the documents read back one at a time
    # (twice: the second time for the firms the corpus names by brand and the tagger's names, kept
    # from the live generation where the same code made it).
    same = live_manifest(index_dir).get("facts_revision") == described.get("facts_revision")
    write_entities(tmp / FIGURES, lambda: (d for d, _ in doctable.DocTable(tmp / "documents.sqlite").each()),
                   current_generation(index_dir) / FIGURES if same else None)
    merge.write_lexical(tmp, batches, PINYIN)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    gen = index_dir / f"gen-{stamp}-{corpus_hash[:8]}"
    published = {"spec": str(store)}
    if store.kind != stores.DEFAULT:
        if not ann:
            merge.write_chunk_vectors(tmp / "chunks.tmp.npy", batches)
        vectors = np.load(tmp / (CHUNKS if ann else "chunks.tmp.npy"), mmap_mode="r")
        table = doctable.DocTable(tmp / "documents.sqlite")
        rows = table.chunk_documents()
        published["collection"] = stores.publish(store, index_dir, gen.name, vectors, bm25.load(tmp, n_chunks),
                                                 [r for r, _ in rows], [d for _, d in rows], exact_max)
        del vectors, table
        (tmp / "chunks.tmp.npy").unlink(missing_ok=True)
    manifest = {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        **described,
        "dim": batches.dim,
        "index_type": index_type(n_chunks, exact_max, batches.dim),
        **({"chunk_block": CHUNK_BLOCK} if ann else {}),
        "corpus_hash": corpus_hash,
        "counts": {"documents": batches.count("documents"), "chunks": n_chunks,
                   "figures": batches.count("figures"), "sentences": batches.count("sentences"),
                   "skipped": len(described.get("skipped_files", []))},
        "sources": sources,
        "files": {name: whole if name == SENTENCES else chunks_whole if name == CHUNKS else sha256_file(tmp / name)
                  for name in written},
        "store": published,
        "created_at": now,
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    # Every file is on disk before the rename publishes it (the writers above do not sync).
    for path in [tmp / name for name in written + ("manifest.json",)] + [tmp / bm25.FOLDER, tmp]:
        fsync(path)
    return _go_live(index_dir, tmp, gen, store)


def _go_live(index_dir: Path, tmp: Path, gen: Path, store: stores.StoreSpec) -> Path:
    """Rename the complete generation in ``tmp`` to ``gen``, point ``CURRENT`` at it and remove
    the generations before the previous one (and their collections)."""
    os.rename(tmp, gen)
    pointer_tmp = index_dir / f"CURRENT.tmp-{os.getpid()}"
    pointer_tmp.write_text(gen.name)
    fsync(pointer_tmp)
    previous = (index_dir / "CURRENT").read_text().strip() if (index_dir / "CURRENT").is_file() else None
    os.replace(pointer_tmp, index_dir / "CURRENT")
    fsync(index_dir)
    for old in index_dir.iterdir():  # leftovers of killed builds, and generations before the last
        if old.name not in {gen.name, previous, ".lock", "CURRENT"} and (
                old.name.startswith(("gen-", "tmp-", "CURRENT.tmp-"))):
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    if store.kind != stores.DEFAULT:  # collections of killed builds and of removed generations
        live = (gen.name, previous) if previous else (gen.name,)
        stores.prune(store, index_dir, {_manifest(index_dir / g).get("store", {}).get("collection") for g in live})
    return gen


def upgrade(index_dir: Path) -> Path | None:
    """Give the live generation the table indexes a newer version makes at publish
    (``merge.missing_indexes``), without a build: a new generation whose files are links to the
    live one's, but for the tables it copies and indexes (seconds, where rebuilding a million chunks
    takes 1.5 hours) and the manifest that names their checksums. Returns it, or None when the
    live generation lacks nothing."""
    index_dir = Path(index_dir)
    current_generation(index_dir)  # no index: the error that says so, before the lock file is made
    with open(index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # not beside a build
        live = current_generation(index_dir)
        missing = {table.file for table, _, _ in merge.missing_indexes(live)}
        if not missing:
            return None
        manifest = read_manifest(live / "manifest.json", whole=True)
        tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=index_dir))
        for path in sorted(live.rglob("*")):
            to = tmp / path.relative_to(live)
            if path.is_dir():
                to.mkdir()
            elif path.name in missing:
                shutil.copyfile(path, to)  # the live generation's file is never written
            elif path.name not in ("manifest.json", VERIFIED):
                os.link(path, to)
        merge.index_tables(tmp)
        for name in missing:
            manifest["files"][name] = sha256_file(tmp / name)
            fsync(tmp / name)
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        fsync(tmp / "manifest.json")
        fsync(tmp)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        gen = index_dir / f"gen-{stamp}-{manifest['corpus_hash'][:8]}"
        return _go_live(index_dir, tmp, gen, stores.parse(manifest.get("store", {}).get("spec", stores.DEFAULT)))


def live_manifest(index_dir: Path) -> dict:
    """The live generation's manifest, or {} when there is none or it is unreadable."""
    try:
        return _manifest(current_generation(Path(index_dir)))
    except RagError:
        return {}


def _manifest(gen: Path) -> dict:
    """A generation's manifest (``read_manifest``), or {} when it has no readable one."""
    try:
        manifest = read_manifest(gen / "manifest.json")
        return manifest if isinstance(manifest, dict) else {}
    except (OSError, ValueError):
        return {}
