"""Shared dataclasses. Every span is a [start, end) character range into ``Document.text``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Sentence:
    """One sentence of a document's cleaned text."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass
class Chunk:
    """A run of whole sentences, the unit that is embedded and retrieved."""

    chunk_id: str
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    first_sentence: int
    last_sentence: int  # inclusive


@dataclass
class Document:
    """A cleaned source document with its metadata; ``text`` is what offsets point into."""

    doc_id: str  # sha256 of the raw bytes, shortened: identical files share it
    name: str  # path relative to the documents folder
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601, YYYY-MM-DD
    outlet: str | None = None
    author: str | None = None  # the reporter or writer the page credits
    editor: str | None = None  # the editor in charge it credits (责任编辑)
    script: str = "other"  # Hans, Hant or other
    encoding: str = "utf-8"
    raw_sha256: str = ""
    format: str = "text"  # text, markdown, html, pdf or docx
    pages: list[int] = field(default_factory=list)  # PDF: where each page starts in ``text``
    warnings: list[str] = field(default_factory=list)  # shown in the build report
    sentences: list[Sentence] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page (1-based) that holds ``offset`` of ``text``, for paged formats."""
        from bisect import bisect_right

        return bisect_right(self.pages, offset) if self.pages else None


@dataclass
class Skipped:
    """A file that was not indexed, and why."""

    name: str
    reason: str


@dataclass
class Hit:
    """A retrieved chunk with its score and rank (0 = best)."""

    chunk: Chunk
    score: float
    rank: int


# A bound of a date range: YYYY, YYYY-MM or YYYY-MM-DD.
DATE_BOUND = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


@dataclass(frozen=True)
class Where:
    """Which chunks a search may return: those of the documents named ``names`` (file names; any
    when None), dated from ``since`` to ``until`` when either is given (ISO dates, or a year or
    month, which covers all of it (``DATE_BOUND``); undated documents are then left out)."""

    names: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
