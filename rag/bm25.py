"""The lexical side of an index: jieba search tokens and a BM25 model over the chunks.

The model is built when a generation is published and saved in it (``bm25/``, bm25s's format:
a sparse token-by-chunk score matrix as ``.npy`` files, the vocabulary as JSON). Loading
memory-maps the matrix, so opening an index does not tokenise the corpus again: at 10,000
documents that re-tokenising took 45 s of a 53 s cold start (bench/results/*-scale.md).

Each chunk's tokens are saved too (``tokens.txt``, read only by the next build): a build reuses
them for every chunk whose text it has tokenised before, so adding a document to a large index
does not tokenise the whole corpus again (jieba was two thirds of such a build at 10,000 documents).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .textnorm import match_form, quiet_jieba
from .types import Chunk, Document

FOLDER = "bm25"
# The files bm25s writes for the default (Lucene) variant, in the generation's FOLDER.
FILES = tuple(f"{FOLDER}/{name}" for name in ("data.csc.index.npy", "indices.csc.index.npy",
                                               "indptr.csc.index.npy", "vocab.index.json", "params.index.json"))
TOKENS = "tokens.txt"  # a line per chunk: the key of its text, a tab, its tokens (spaces between)
# Bump when tokenize() returns other tokens for the same text (the versions of jieba and OpenCC,
# which it also depends on, are part of revision()).
TOKENIZER = 1
_TOKEN = re.compile(r"[\w%.]+")
_EMPTY = "\0"  # stands for a chunk without a single token, which bm25s cannot index


def tokenize(text: str) -> list[str]:
    """Search tokens: jieba's search-mode words of the Simplified, lower-cased text, no punctuation."""
    return [t for t in quiet_jieba().lcut_for_search(match_form(text).lower()) if _TOKEN.fullmatch(t)]


def search_text(doc: Document, chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its document's title, then the chunk."""
    return f"{doc.title}\n{chunk.text}" if doc.title else chunk.text


@dataclass
class Lexical:
    """A BM25 model over an index's chunks (row i = chunk i) and its tokens' chunk frequencies."""

    bm25: object  # bm25s.BM25
    n_chunks: int
    # A model just built keeps what it was built from, to save for the next build: each chunk's
    # text key and tokens (``chunk_tokens``). A loaded one has neither.
    keys: list[str] | None = None
    tokens: list[str] | None = None

    def doc_freq(self, token: str) -> int:
        """How many chunks hold ``token``."""
        tid = self.bm25.vocab_dict.get(token)
        if tid is None:
            return 0
        indptr = self.bm25.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])

    def idf(self, token: str) -> float:
        """BM25's idf; a token the corpus never uses weighs most."""
        df = self.doc_freq(token)
        return math.log(1 + (self.n_chunks - df + 0.5) / (df + 0.5))

    def words(self) -> list[tuple[str, int]]:
        """Every corpus token with its chunk frequency."""
        counts = np.diff(self.bm25.scores["indptr"])
        return [(w, int(counts[i])) for w, i in self.bm25.vocab_dict.items() if w not in ("", _EMPTY)]

    def search(self, tokens: list[str], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The best ``k`` chunks (row, score above 0) for the tokens; with ``mask`` (one 0/1 per
        chunk) only the chunks it marks."""
        known = [t for t in tokens if t in self.bm25.vocab_dict]
        if not known or k <= 0:
            return []
        ids, scores = self.bm25.retrieve([known], k=min(k, self.n_chunks), show_progress=False,
                                         weight_mask=mask)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]


def revision() -> str:
    """What a chunk's tokens depend on besides its text, so a build reuses only tokens made alike."""
    from importlib.metadata import version

    return f"{TOKENIZER}; jieba {version('jieba')}; opencc {version('opencc')}"


def chunk_tokens(docs: dict[str, Document], chunks: list[Chunk], reuse: dict[str, str]
                 ) -> tuple[list[str], list[str]]:
    """Each chunk's text key and tokens (with its document's title; spaces between), taken from
    ``reuse`` (tokens by key, from ``load_tokens``) where the same text was tokenised before."""
    # One string per chunk, not a list: a list of tokens weighs ten times its text (a Python
    # object per token), and these are kept until the generation is written.
    texts = [search_text(docs[c.doc_id], c) for c in chunks]
    keys = [hashlib.blake2b(t.encode(), digest_size=16).hexdigest() for t in texts]
    tokens = [reuse.get(k) or " ".join(tokenize(t) or [_EMPTY]) for k, t in zip(keys, texts)]
    return keys, tokens


def build(keys: list[str], tokens: list[str]) -> Lexical:
    """A BM25 model over the chunks' tokens (``chunk_tokens``)."""
    import bm25s

    model = bm25s.BM25()
    model.index([t.split(" ") for t in tokens], show_progress=False)
    return Lexical(model, len(tokens), keys, tokens)


def save(lexical: Lexical, gen: Path) -> None:
    """Write a model just built into the generation folder ``gen``: the files ``FILES``, and
    ``TOKENS`` for the next build (``load_tokens``)."""
    lexical.bm25.save(str(gen / FOLDER), show_progress=False)
    with open(gen / TOKENS, "w", encoding="utf-8") as f:
        f.writelines(f"{k}\t{t}\n" for k, t in zip(lexical.keys, lexical.tokens))


def load_tokens(path: Path) -> dict[str, str]:
    """The tokens of a generation's chunks by key, as ``save`` wrote them."""
    with open(path, encoding="utf-8") as f:
        return dict(row.rstrip("\n").split("\t", 1) for row in f)


def load(gen: Path, n_chunks: int) -> Lexical:
    """The saved model of a generation, its score matrix memory-mapped."""
    import bm25s

    return Lexical(bm25s.BM25.load(str(gen / FOLDER), mmap=True, show_progress=False), n_chunks)
