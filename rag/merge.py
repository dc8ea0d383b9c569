"""A generation's files written from a build's finished batches (``rag.staging``), one batch at a
time: what is held at once is a batch, the BM25 merge's pass (``rag.bm25.merge``) and, above
``EXACT_MAX`` chunks, the PQ index's training sample (``rag.index.PQ_TRAIN`` vectors) and codes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import bm25, doctable, staging
from .facts import write_table
from .npyfile import FlatIPWriter, NpyWriter, npy_rows



@dataclass(frozen=True)
class Table:
    """A table a generation holds beside its documents, written per batch and merged here."""

    file: str
    name: str
    create: Callable[[Path], None]  # makes the file with the empty table (columns and indexes)
    indexes: tuple[tuple[str, str], ...] = ()  # (name, columns), made once its rows are in


# A second per-generation table is one more entry here and one more line in ``write_tables``.
# The figure table by document: an answer looks a figure up by document and offset (``facts.row_at``,
# ``facts.same_figure_elsewhere``), which without it scans the whole table (0.2 s at 2.9M rows).
TABLES = (Table("figures.sqlite", "figures", lambda path: write_table(path, []),
                (("by_document", '"doc_id", "start"'),)),)


@dataclass
class Batches:
    """A build's finished batches, in order, with their reports."""

    folders: list[Path]
    reports: list[staging.BatchReport]
    dim: int
    n_vocab: int  # the BM25 vocabulary's size, and its tokens in id order (``Staging.vocabulary``)
    vocab: Callable[[], Iterator[str]]

    def sources(self) -> dict[str, str]:
        """Every document's name and the sha256 of its file, read from the batches' reports."""
        out = {}
        for folder in self.folders:
            out.update(json.loads((folder / staging.REPORT).read_text(encoding="utf-8"))["sources"])
        return out

    def count(self, what: str) -> int:
        """The sum of a count over the batches (documents, chunks, sentences, figures)."""
        return sum(getattr(r, what) for r in self.reports)


def write_tables(folder: Path, figures: list) -> None:
    """Write a batch's per-generation tables into its folder: the figure table (``rag.facts``).
    The one place a batch's tables are written; ``merge_tables`` joins them at publish."""
    write_table(folder / "figures.sqlite", figures)


def merge_tables(gen: Path, batches: Batches) -> None:
    """Each table of ``TABLES`` for the whole generation: an empty table made as the batches'
    were, then their rows, batch after batch, then its indexes (``index_tables``)."""
    for table in TABLES:
        table.create(gen / table.file)
        db = sqlite3.connect(gen / table.file)
        try:
            for folder in batches.folders:
                db.execute("ATTACH DATABASE ? AS part", (str(folder / table.file),))
                db.execute(f"INSERT INTO {table.name} SELECT * FROM part.{table.name}")
                db.commit()
                db.execute("DETACH DATABASE part")
        finally:
            db.close()
    index_tables(gen)


def missing_indexes(folder: Path) -> list[tuple[Table, str, str]]:
    """The indexes of ``TABLES`` that the tables in ``folder`` lack, as (table, name, columns):
    a generation published before an index was added lacks it (``rag.index.upgrade``)."""
    out = []
    for table in TABLES:
        if (folder / table.file).is_file():
            db = sqlite3.connect(f"file:{folder / table.file}?mode=ro", uri=True)
            try:
                have = {name for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            finally:
                db.close()
            out += [(table, name, columns) for name, columns in table.indexes if name not in have]
    return out


def index_tables(folder: Path) -> None:
    """Make the indexes of ``TABLES`` that the tables in ``folder`` lack."""
    for table, name, columns in missing_indexes(folder):
        db = sqlite3.connect(folder / table.file)
        try:
            db.execute(f"CREATE INDEX {name} ON {table.name} ({columns})")
            db.commit()
        finally:
            db.close()


def write_vectors(gen: Path, batches: Batches, sentences_name: str, flat_name: str | None) -> None:
    """The sentence-vector matrix, and unless ``flat_name`` is None the chunk vectors' exact FAISS
    index (``IndexFlatIP``), each file written as the batches come."""
    with NpyWriter(gen / sentences_name, np.float32, (batches.count("sentences"), batches.dim)) as sentences:
        for folder in batches.folders:
            sentences.append(npy_rows(folder / staging.SENTENCES))
    if flat_name is None:
        return
    flat = FlatIPWriter(gen / flat_name, batches.dim, batches.count("chunks"))
    for block in chunk_blocks(batches):
        flat.append(block)
    flat.close()


def chunk_blocks(batches: Batches) -> Iterator[np.ndarray]:
    """The chunk vectors, a batch's block at a time, in row order."""
    for folder in batches.folders:
        yield npy_rows(folder / staging.CHUNKS).reshape(-1, batches.dim)


def write_chunk_vectors(path: Path, batches: Batches, sample: np.ndarray | None = None) -> np.ndarray | None:
    """Every chunk vector in one ``.npy`` file at ``path`` (memory-mappable); with ``sample`` (sorted
    chunk rows), a copy of those rows gathered on the way, for training."""
    out = None if sample is None else np.empty((len(sample), batches.dim), dtype=np.float32)
    at = 0
    with NpyWriter(path, np.float32, (batches.count("chunks"), batches.dim)) as f:
        for block in chunk_blocks(batches):
            if out is not None:
                lo, hi = np.searchsorted(sample, [at, at + len(block)])
                out[lo:hi] = block[sample[lo:hi] - at]
            f.append(block)
            at += len(block)
    return out


def write_lexical(gen: Path, batches: Batches, pinyin_name: str) -> None:
    """The BM25 model (``rag.bm25.merge``), the chunks' tokens for the next build, and the
    corpus's names by pinyin made from its words."""
    from .answer.english import pinyin_names  # rag.answer.english reads an Index: imported here, not circularly

    df = bm25.merge([f / bm25.SHARD for f in batches.folders], batches.vocab, batches.n_vocab, gen)
    # Only words that may be names (pinyin_names keeps Han words of two to five characters): the
    # vocabulary grows with the corpus, every number in it a token.
    words = [(w, int(df[i])) for i, w in enumerate(batches.vocab())
             if 2 <= len(w) <= 5 and "\u4e00" <= w[0] <= "\u9fff"]
    with open(gen / bm25.TOKENS, "wb") as out:
        for folder in batches.folders:
            out.write((folder / staging.TOKENS).read_bytes())
    (gen / pinyin_name).write_text(json.dumps(pinyin_names(words), ensure_ascii=False), encoding="utf-8")


def write_documents(gen: Path, batches: Batches) -> None:
    """documents.sqlite from the batches' parts."""
    doctable.merge(gen / "documents.sqlite", [f / staging.DOCUMENTS for f in batches.folders])
