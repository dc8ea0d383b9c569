"""Sentence-aware Chinese splitting with character offsets, and chunks of whole sentences."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .types import Chunk, Document, Sentence


@dataclass(frozen=True)
class ChunkSettings:
    """Chunk size bounds in characters; ``overlap`` whole sentences are repeated between chunks."""

    min_chars: int = 150
    max_chars: int = 350
    overlap: int = 1


# A sentence ends at 。！？； (full or half width), an ellipsis, or a line break; closing quotes
# and brackets stay with it. Half-width . ! ? ; : , are only boundaries when no digit sits on both
# sides, so 10.3亿元, 1,200, 09:30 and 2023-05-16 are never cut.
_END = re.compile(
    r"(?:[。！？；]+|…+|(?<!\d)[.!?;]+(?=\s|$)|(?<=\D)[!?;]+|[!?;]+(?=\D))[”’」』）)\]】\"']*|\n+")
_SOFT = re.compile(r"[，、：,:](?!\d)|(?<!\d)[,:]")


def _spans(text: str, pattern: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` after each match of ``pattern``; trims whitespace from the pieces."""
    spans, cur = [], start
    for m in pattern.finditer(text, start, end):
        spans.append((cur, m.end()))
        cur = m.end()
    spans.append((cur, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def split_sentences(doc_id: str, text: str, max_chars: int = 350) -> list[Sentence]:
    """Sentences of ``text`` with offsets; a sentence longer than ``max_chars`` is cut at commas."""
    spans = []
    for a, b in _spans(text, _END, 0, len(text)):
        if b - a <= max_chars:
            spans.append((a, b))
            continue
        # Pack comma-separated clauses greedily up to max_chars.
        clauses = _spans(text, _SOFT, a, b)
        cur_a, cur_b = clauses[0]
        for ca, cb in clauses[1:]:
            if cb - cur_a > max_chars:
                spans.append((cur_a, cur_b))
                cur_a = ca
            cur_b = cb
        spans.append((cur_a, cur_b))
    return [Sentence(doc_id, i, a, b, text[a:b]) for i, (a, b) in enumerate(spans)]


def chunk_id(doc_id: str, start: int, text: str) -> str:
    """Content-derived id: the same text at the same place in the same document, the same id."""
    return hashlib.sha256(f"{doc_id}:{start}:{text}".encode()).hexdigest()[:16]


def chunk_document(doc: Document, settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """Group a document's sentences into chunks of about min..max characters, overlapping by
    ``settings.overlap`` sentences. Fills ``doc.sentences`` if it is empty."""
    if not doc.sentences:
        doc.sentences = split_sentences(doc.doc_id, doc.text, settings.max_chars)
    sents = doc.sentences
    chunks: list[Chunk] = []
    i = 0
    while i < len(sents):
        j = i
        # Grow while the chunk is short, or while the next sentence still fits.
        while j + 1 < len(sents) and (
            sents[j].end - sents[i].start < settings.min_chars
            or sents[j + 1].end - sents[i].start <= settings.max_chars
        ):
            if sents[j + 1].end - sents[i].start > settings.max_chars * 1.5:
                break
            j += 1
        start, end = sents[i].start, sents[j].end
        text = doc.text[start:end]
        chunks.append(Chunk(chunk_id(doc.doc_id, start, text), doc.doc_id, len(chunks),
                            start, end, text, i, j))
        if j + 1 >= len(sents):
            break
        i = max(i + 1, j + 1 - settings.overlap)
    return chunks
