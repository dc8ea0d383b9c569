"""A generation's documents and chunks in one SQLite file, read when asked for.

Opening an index reads neither the corpus's text nor its chunk list: a document is parsed when an
answer or a citation needs it (and kept in a small cache), a chunk is one row. The list of
documents (names, titles, dates) is one query that never touches their text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from .textnorm import match_form
from .types import Chunk, Document, Sentence, Where

SCHEMA = """
CREATE TABLE documents (row INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
                        title TEXT, date TEXT, outlet TEXT, script TEXT, format TEXT, pages INTEGER,
                        chunks INTEGER, first_sentence INTEGER NOT NULL, text TEXT NOT NULL,
                        body TEXT NOT NULL,  -- the rest of the document, JSON
                        label TEXT NOT NULL);  -- name and title in matching form, for finding
CREATE TABLE chunks (row INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL, doc_row INTEGER NOT NULL,
                     idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
                     first_sentence INTEGER NOT NULL, last_sentence INTEGER NOT NULL);
CREATE INDEX chunks_by_document ON chunks (doc_row);
"""
# Documents parsed and kept: an answer reads a few dozen; the library view reads none.
CACHED_DOCUMENTS = 4096


@dataclass
class Listed:
    """What the library shows of a document, without its text."""

    name: str
    title: str | None
    date: str | None
    outlet: str | None
    script: str
    format: str
    pages: int
    chunks: int


def _to_json(doc: Document) -> str:
    # Field by field: asdict() deep-copies every sentence, a sixth of an incremental build at scale.
    d = {f.name: getattr(doc, f.name) for f in fields(doc) if f.name != "text"}
    d["sentences"] = [[s.start, s.end] for s in doc.sentences]
    return json.dumps(d, ensure_ascii=False)


def _from_json(text: str, body: str) -> Document:
    d = json.loads(body)
    spans = d.pop("sentences")
    doc = Document(text=text, **d)
    doc.sentences = [Sentence(doc.doc_id, i, a, b, doc.text[a:b]) for i, (a, b) in enumerate(spans)]
    return doc


def sentence_rows(docs: list[Document]) -> dict[str, int]:
    """Each document's first row in the sentence-vector matrix (documents in order)."""
    rows, n = {}, 0
    for d in docs:
        rows[d.doc_id], n = n, n + len(d.sentences)
    return rows


def write(path: Path, docs: list[Document], chunks: list[Chunk], first_row: int = 0, first_chunk: int = 0,
          first_sentence: int = 0) -> None:
    """Write the documents (in order: their sentences' rows in the vector matrix follow it) and
    chunks (row i = vector i) into a new file at ``path``. A batch of a larger build numbers its
    rows after the batches before it: its first document, chunk and sentence rows are given."""
    row_of = {d.doc_id: first_row + i for i, d in enumerate(docs)}
    first = {k: first_sentence + v for k, v in sentence_rows(docs).items()}
    per_doc: dict[str, int] = {}
    for c in chunks:
        per_doc[c.doc_id] = per_doc.get(c.doc_id, 0) + 1
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        rows = [(row_of[d.doc_id], d.doc_id, d.name, d.title, d.date, d.outlet, d.script, d.format, len(d.pages),
                 per_doc.get(d.doc_id, 0), first[d.doc_id], d.text, _to_json(d),
                 match_form(f"{d.name} {d.title or ''}").lower()) for d in docs]
        db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       ((first_chunk + i, c.chunk_id, row_of[c.doc_id], c.index, c.start, c.end, c.first_sentence,
                         c.last_sentence) for i, c in enumerate(chunks)))
        db.commit()
    finally:
        db.close()


def merge(path: Path, parts: list[Path]) -> None:
    """Write into a new file at ``path`` the rows of ``parts`` (files ``write`` made for
    consecutive batches), one part at a time."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        for part in parts:
            db.execute("ATTACH DATABASE ? AS part", (str(part),))
            db.execute("INSERT INTO documents SELECT * FROM part.documents")
            db.execute("INSERT INTO chunks SELECT * FROM part.chunks")
            db.commit()
            db.execute("DETACH DATABASE part")
    finally:
        db.close()


class DocTable:
    """A read-only view of a generation's ``documents.sqlite``, safe to share between threads."""

    def __init__(self, path: Path):
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.n_documents = self._one("SELECT count(*) FROM documents")[0]
        self.n_chunks = self._one("SELECT count(*) FROM chunks")[0]
        self.document = lru_cache(maxsize=CACHED_DOCUMENTS)(self._document)
        self.first_sentence = lru_cache(maxsize=CACHED_DOCUMENTS)(self._first_sentence)

    def _all(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _one(self, sql: str, args: tuple = ()) -> tuple | None:
        rows = self._all(sql, args)
        return rows[0] if rows else None

    def _document(self, doc_id: str) -> Document | None:
        row = self._one("SELECT text, body FROM documents WHERE doc_id = ?", (doc_id,))
        return _from_json(*row) if row else None

    def each(self, wanted: Callable[[str], bool] = lambda doc_id: True) -> Iterator[tuple[Document, int]]:
        """Every document whose id is ``wanted``, with its first row in the sentence-vector
        matrix, in order, parsed one at a time (not cached)."""
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)  # a cursor of its own
        try:
            for doc_id, text, body, first in db.execute(
                    "SELECT doc_id, text, body, first_sentence FROM documents ORDER BY row"):
                if wanted(doc_id):
                    yield _from_json(text, body), first
        finally:
            db.close()

    def chunk_documents(self) -> list[tuple[int, str]]:
        """Each chunk's document row and date ("" for none), in chunk order."""
        return [(r, d or "") for r, d in self._all("SELECT c.doc_row, d.date FROM chunks c JOIN documents d "
                                                   "ON d.row = c.doc_row ORDER BY c.row")]

    def doc_id_of(self, name: str) -> str | None:
        """The id of the document with file name ``name``."""
        row = self._one("SELECT doc_id FROM documents WHERE name = ?", (name,))
        return row[0] if row else None

    def doc_ids(self) -> list[str]:
        """Every document id, in the order of the sentence-vector matrix."""
        return [r[0] for r in self._all("SELECT doc_id FROM documents ORDER BY row")]

    def names(self) -> list[str]:
        """Every document's file name, sorted."""
        return [r[0] for r in self._all("SELECT name FROM documents ORDER BY name")]

    def _first_sentence(self, doc_id: str) -> int | None:
        """The document's first row in the sentence-vector matrix."""
        row = self._one("SELECT first_sentence FROM documents WHERE doc_id = ?", (doc_id,))
        return row[0] if row else None

    def containing(self, forms: list[str]) -> set[str]:
        """The ids of the documents whose text, in matching form, holds any of ``forms``. Reads
        every text (without building documents): for the rare question that names a zone."""
        rows = self._all("SELECT doc_id, text FROM documents")
        return {doc_id for doc_id, text in rows if any(f in match_form(text) for f in forms)}

    def listing(self, limit: int | None = None, find: str = "") -> list[Listed]:
        """The documents' metadata by file name: the first ``limit`` of those whose name or title
        holds ``find`` (either script, any case). No text is read."""
        return [Listed(*r) for r in self._all(
            "SELECT name, title, date, outlet, script, format, pages, chunks FROM documents "
            "WHERE instr(label, ?) ORDER BY name LIMIT ?",
            (match_form(find).lower(), -1 if limit is None else limit))]

    def chunks(self, rows: list[int]) -> list[Chunk]:
        """Chunks by row (the row of their vector), in one query; the text is cut from the
        document's text in SQLite, so no document is parsed. IndexError for a row that is not there."""
        found = {r[0]: r[1:] for r in self._all(
            "SELECT c.row, c.chunk_id, d.doc_id, c.idx, c.start, c.end, "
            "substr(d.text, c.start + 1, c.end - c.start), c.first_sentence, "
            f"c.last_sentence FROM chunks c JOIN documents d ON d.row = c.doc_row WHERE c.row IN "
            f"({', '.join('?' * len(rows))})", tuple(rows))}
        if missing := [r for r in rows if r not in found]:
            raise IndexError(missing[0])
        return [Chunk(*found[r]) for r in rows]

    def dated(self, since: str | None, until: str | None) -> tuple[set[str], int]:
        """The names of the documents dated within [``since``, ``until``] (ISO dates, or a year or
        month, which covers all of it; either end may be None), and how many documents carry a
        date at all. An undated document is never within a range."""
        rows = self._all("SELECT name, date FROM documents WHERE date IS NOT NULL AND date != ''")
        return {name for name, date in rows if (since is None or date[:len(since)] >= since)
                and (until is None or date[:len(until)] <= until)}, len(rows)

    def document_rows(self, names: Iterable[str]) -> list[int]:
        """The rows of the documents with these file names."""
        names = tuple(names)
        return [r[0] for r in self._all(f"SELECT row FROM documents WHERE name IN ({', '.join('?' * len(names))}) "
                                        f"ORDER BY row", names)]

    def chunk_rows(self, where: Where) -> list[int]:
        """The rows of every chunk that ``where`` leaves."""
        terms, args = [], []
        if where.names is not None:
            terms.append(f"d.name IN ({', '.join('?' * len(where.names))})")
            args += sorted(where.names)
        if where.since is not None or where.until is not None:
            terms.append("d.date IS NOT NULL AND d.date != ''")
        for bound, op in ((where.since, ">="), (where.until, "<=")):  # as dated() compares
            if bound is not None:
                terms.append(f"substr(d.date, 1, {len(bound)}) {op} ?")
                args.append(bound)
        return [r[0] for r in self._all("SELECT c.row FROM chunks c JOIN documents d ON d.row = c.doc_row "
                                        f"WHERE {' AND '.join(terms) or '1'} ORDER BY c.row", tuple(args))]


class Documents(Mapping[str, Document]):
    """The documents by a key, parsed when looked up: by id (``by_id``) or by file name, the name
    citations and answers give (``by_name``)."""

    def __init__(self, table: DocTable, doc_id_of: Callable[[str], str | None], keys: Callable[[], list[str]]):
        self.table, self.doc_id_of, self.keys_of = table, doc_id_of, keys

    @classmethod
    def by_id(cls, table: DocTable) -> Documents:
        return cls(table, lambda doc_id: doc_id, table.doc_ids)

    @classmethod
    def by_name(cls, table: DocTable) -> Documents:
        return cls(table, table.doc_id_of, table.names)

    def __getitem__(self, key: str) -> Document:
        doc_id = self.doc_id_of(key)
        doc = self.table.document(doc_id) if doc_id is not None else None
        if doc is None:
            raise KeyError(key)
        return doc

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_of())

    def __len__(self) -> int:
        return self.table.n_documents


class Chunks(Sequence[Chunk]):
    """The chunks by row (= the row of their vector), read when looked up."""

    def __init__(self, table: DocTable):
        self.table = table

    def __getitem__(self, row: int) -> Chunk:  # type: ignore[override]
        return self.take([row])[0]

    def take(self, rows: list[int]) -> list[Chunk]:
        """Several chunks in one read (retrieval asks for a hundred at a time)."""
        if any(not 0 <= r < self.table.n_chunks for r in rows):
            raise IndexError(rows)
        return self.table.chunks([int(r) for r in rows]) if rows else []  # FAISS gives NumPy ints

    def __len__(self) -> int:
        return self.table.n_chunks
