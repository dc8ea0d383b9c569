"""A build's work on disk, batch by batch, so that a build never holds the corpus and a killed
one goes on from its last finished batch.

Layout, beside the generations of ``--index DIR``::

    DIR/build-<key>/         one build's staging; <key> names its inputs (``build_key``)
        cache.sqlite         sentence vectors and chunk tokens known so far (from the previous
                             generation, and embedded or tokenised by this build's batches), the
                             previous generation's figure rows, for reuse, and the BM25
                             vocabulary the batches' postings number their tokens in
        batch-000000/        a finished batch: its documents and chunks (documents.sqlite, rows
                             numbered after the batches before it), sentence and chunk vectors,
                             figure table, BM25 postings, chunk tokens and report.json
        tmp-000001/          a batch being written; renamed to batch-000001 when whole

A batch is finished when its folder has its final name, and the rename comes after every file in
it is on disk, so a kill at any moment leaves whole batches and at most one partial ``tmp-``
folder, which the resumed build writes again. A build with other inputs (documents, model,
chunking, code revisions, previous generation) has another key and starts afresh; its staging is
removed when it publishes, and any other staging when a build starts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .ingest import MAX_BYTES, discover
from .types import Skipped

# Documents per batch. A batch is the unit of memory and of work lost to a kill: 500 documents
# of the scale corpora (bench/scale.py) are about 5,000 sentences, 7.5 MB of vectors at 384
# dimensions, and with the real model about a minute's embedding on 2 cores; finishing one costs
# about 10 ms of syncing (a corpus of 100,000 documents has 200).
BATCH_DOCUMENTS = 500
PREFIX = "build-"
# The files of a finished batch.
DOCUMENTS = "documents.sqlite"
SENTENCES = "sentences.npy"  # one vector per sentence, the batch's documents in order
CHUNKS = "chunks.npy"  # one unit vector per chunk
TOKENS = "tokens.txt"  # each chunk's text key and tokens (rag.bm25)
REPORT = "report.json"
# Rows per SQLite query of a list of keys (SQLite allows 32,766 parameters).
KEYS_PER_QUERY = 900


@dataclass(slots=True)
class Planned:
    """A file to ingest: where it is, its name in the index, the sha256 of its bytes ("" when it
    could not be read, so that ingesting it says why)."""

    path: str
    name: str
    sha256: str


@dataclass
class Plan:
    """Every file of a documents folder to ingest, in order, and those left out with reasons."""

    files: list[Planned]
    skipped: list[Skipped]

    def batches(self, size: int) -> list[list[Planned]]:
        """The files in batches of ``size``, the same batches every time for the same folder."""
        return [self.files[a:a + size] for a in range(0, len(self.files), size)]


def plan(root: Path) -> Plan:
    """The files under ``root`` to ingest (``rag.ingest.discover``), each read once for its
    sha256; a file with the same bytes as one before it is left out as its duplicate."""
    root = root.resolve()
    paths, skipped = discover(root)
    files, first_of = [], {}
    for p in paths:
        name = p.relative_to(root).as_posix()
        try:
            sha = hashlib.sha256(p.read_bytes()).hexdigest() if p.stat().st_size <= MAX_BYTES else ""
        except OSError:
            sha = ""
        if sha and sha in first_of:
            skipped.append(Skipped(name, f"duplicate of {first_of[sha]}"))
            continue
        if sha:
            first_of[sha] = name
        files.append(Planned(str(p), name, sha))
    return Plan(files, skipped)


def build_key(settings: dict, files: Iterable[Planned]) -> str:
    """What a build's result depends on: ``settings`` (model, revisions, chunking, batch size,
    previous generation) and every file's name and bytes."""
    h = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for f in files:
        h.update(f"{f.name}\t{f.sha256}\n".encode())
    return h.hexdigest()[:16]


@dataclass
class BatchReport:
    """What a finished batch holds (its counts number the rows of the batches after it)."""

    documents: int
    chunks: int
    sentences: int
    figures: int
    embedded: int  # distinct sentence texts this batch embedded
    documents_embedded: int  # its documents with at least one of them
    skipped: list[dict] = field(default_factory=list)  # Skipped as dicts
    files: list[dict] = field(default_factory=list)  # rag.build.FileReport as dicts
    sources: dict[str, str] = field(default_factory=dict)  # document name -> sha256 of its bytes


CACHE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, tokens TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vocab (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE);
"""


def fsync(path: Path) -> None:
    """Flush a file, or a folder's list of names, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Staging:
    """One build's staging folder (see the module's docstring)."""

    def __init__(self, index_dir: Path, key: str):
        self.folder = index_dir / f"{PREFIX}{key}"
        for other in index_dir.glob(f"{PREFIX}*"):  # stagings of other inputs can never be resumed
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)
        self.folder.mkdir(exist_ok=True)
        self.db = sqlite3.connect(self.folder / "cache.sqlite")
        self.db.executescript(CACHE_SCHEMA)

    # --- what is known before the batches: the previous generation's, seeded once ---

    def get(self, name: str) -> str | None:
        """A value kept in the staging (``put``)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def put(self, name: str, value: str) -> None:
        """Keep a value (committed with the next commit)."""
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def commit(self) -> None:
        self.db.commit()

    def add_vectors(self, vectors: Iterable[tuple[str, np.ndarray]]) -> None:
        """Sentence vectors by key (the first one kept for a key)."""
        self.db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)",
                            ((k, np.asarray(v, np.float32).tobytes()) for k, v in vectors))

    def forget_vectors(self) -> None:
        """Drop every known vector (those of a previous index found damaged half-way)."""
        self.db.execute("DELETE FROM vectors")

    def vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The known vectors of ``keys``."""
        found = {}
        for a in range(0, len(keys), KEYS_PER_QUERY):
            part = keys[a:a + KEYS_PER_QUERY]
            found.update((k, np.frombuffer(v, np.float32)) for k, v in self.db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({', '.join('?' * len(part))})", part))
        return found

    def add_tokens(self, rows: Iterable[tuple[str, str]]) -> None:
        """Chunk tokens by text key (``rag.bm25.chunk_tokens``)."""
        self.db.executemany("INSERT OR IGNORE INTO tokens VALUES (?, ?)", rows)

    def tokens(self) -> TokenLookup:
        """The known tokens, looked up by key as ``rag.bm25.chunk_tokens`` asks for them."""
        return TokenLookup(self.db)

    def token_ids(self, tokens: list[str]) -> np.ndarray:
        """The ids of distinct ``tokens`` in the build's BM25 vocabulary, new ones numbered in
        the order given (committed with the batch)."""
        self.db.executemany("INSERT OR IGNORE INTO vocab (token) VALUES (?)", ((t,) for t in tokens))
        found = {}
        for a in range(0, len(tokens), KEYS_PER_QUERY):
            part = tokens[a:a + KEYS_PER_QUERY]
            found.update(self.db.execute(
                f"SELECT token, id - 1 FROM vocab WHERE token IN ({', '.join('?' * len(part))})", part))
        return np.array([found[t] for t in tokens], np.int64)

    def vocabulary(self) -> tuple[int, Callable[[], Iterator[str]]]:
        """The size of the build's BM25 vocabulary, and a reader of its tokens in id order."""
        def tokens() -> Iterator[str]:
            for (token,) in self.db.execute("SELECT token FROM vocab ORDER BY id"):
                yield token

        return self.db.execute("SELECT count(*) FROM vocab").fetchone()[0], tokens

    def copy_figures(self, path: Path) -> None:
        """Keep the previous generation's figure table, indexed by document, for ``figures``."""
        self.db.execute("DROP TABLE IF EXISTS old_figures")
        self.db.execute("ATTACH DATABASE ? AS old", (f"file:{path}?mode=ro",))
        self.db.execute("CREATE TABLE old_figures AS SELECT * FROM old.figures")
        self.db.execute("CREATE INDEX old_figures_by_document ON old_figures (doc_id)")
        self.db.commit()
        self.db.execute("DETACH DATABASE old")

    def figures(self, doc_id: str) -> list[tuple] | None:
        """The previous generation's figure rows of a document, as stored (None: none kept)."""
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'old_figures'").fetchone():
            return None
        return self.db.execute("SELECT * FROM old_figures WHERE doc_id = ? ORDER BY doc, start, rowid",
                               (doc_id,)).fetchall()

    # --- the batches ---

    def batch(self, k: int) -> Path:
        """The folder of finished batch ``k`` (it exists when the batch is finished)."""
        return self.folder / f"batch-{k:06d}"

    def report(self, k: int) -> BatchReport | None:
        """The report of batch ``k``, if it is finished."""
        path = self.batch(k) / REPORT
        return BatchReport(**json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None

    def begin(self, k: int) -> Path:
        """An empty folder to write batch ``k`` into (what a killed build left there is removed)."""
        tmp = self.folder / f"tmp-{k:06d}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        return tmp

    def finish(self, k: int, tmp: Path, report: BatchReport) -> None:
        """Make batch ``k`` finished: the vectors and tokens it added to the cache committed,
        its files and report synced, then its folder renamed."""
        (tmp / REPORT).write_text(json.dumps(asdict(report), ensure_ascii=False), encoding="utf-8")
        self.db.commit()
        for path in tmp.iterdir():
            fsync(path)
        fsync(tmp)
        os.rename(tmp, self.batch(k))
        fsync(self.folder)

    def close(self) -> None:
        """Close the cache; what is not committed (a batch left unfinished) is dropped."""
        self.db.close()

    def remove(self) -> None:
        """Remove the staging (after its generation is published)."""
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class TokenLookup:
    """Chunk tokens by key from a staging's cache, as a ``dict.get``."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT tokens FROM tokens WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default
