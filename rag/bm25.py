"""The lexical side of an index: jieba search tokens and a BM25 model over the chunks.

The model is built when a generation is published and saved in it (``bm25/``, bm25s's format:
a sparse token-by-chunk score matrix as ``.npy`` files, the vocabulary as JSON). Loading
memory-maps the matrix, so opening an index does not tokenise the corpus again: at 10,000
documents that re-tokenising took 45 s of a 53 s cold start (bench/results/*-scale.md).

A large build makes the model without holding the corpus's tokens: each batch of chunks leaves a
shard of postings (``shard``: each chunk's token counts, tokens numbered in a vocabulary the build
keeps on disk, and its length), and
publishing merges the shards into bm25s's files (``merge``) a range of tokens at a time, with
bm25s's own formula, so the scores are those ``bm25s.BM25().index`` gives (tests/test_bm25.py).

Each chunk's tokens are saved too (``tokens.txt``, read only by the next build): a build reuses
them for every chunk whose text it has tokenised before, so adding a document to a large index
does not tokenise the whole corpus again (jieba was two thirds of such a build at 10,000 documents).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
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
TOKENIZER = 2  # 2: match_form reads years written digit by digit in Chinese numerals (二○二二年)
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
        if mask is None:
            ids, scores = self.bm25.retrieve([known], k=min(k, self.n_chunks), show_progress=False)
            return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]
        # The best among the chunks that score, not over all: numpy's partition is slow on an array
        # mostly of one value, the zeros a filter leaves (at 1M chunks, a 2018-2019 filter: 170 ms
        # against 20 ms)
        scores = self.bm25.get_scores(known, weight_mask=mask)
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        hits = hits[np.argsort(-scores[hits], kind="stable")]
        return [(int(i), float(scores[i])) for i in hits]


def revision() -> str:
    """What a chunk's tokens depend on besides its text, so a build reuses only tokens made alike."""
    from importlib.metadata import version

    return f"{TOKENIZER}; jieba {version('jieba')}; opencc {version('opencc')}"


def chunk_tokens(docs: dict[str, Document], chunks: list[Chunk], reuse: dict[str, str]
                 ) -> tuple[list[str], list[str]]:
    """Each chunk's text key and tokens (with its document's title; spaces between), taken from
    ``reuse`` (tokens by key, from ``read_tokens``) where the same text was tokenised before."""
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


def read_tokens(path: Path) -> Iterator[tuple[str, str]]:
    """The (key, tokens) of a generation's chunks one at a time, as ``write_tokens`` wrote them."""
    with open(path, encoding="utf-8") as f:
        for row in f:
            key, tokens = row.rstrip("\n").split("\t", 1)
            yield key, tokens


def write_tokens(path: Path, keys: list[str], tokens: list[str]) -> None:
    """Write chunks' text keys and tokens (``TOKENS``), for the next build to reuse."""
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(f"{k}\t{t}\n" for k, t in zip(keys, tokens))


def load(gen: Path, n_chunks: int) -> Lexical:
    """The saved model of a generation, its score matrix memory-mapped."""
    import bm25s

    return Lexical(bm25s.BM25.load(str(gen / FOLDER), mmap=True, show_progress=False), n_chunks)


# --- the model made from shards, out of core ---------------------------------------------

SHARD = "postings.npz"
# Postings (one token in one chunk) merged per pass over the shards: about 24 bytes each while a
# pass sorts them, so 1M keeps a pass near 25 MB whatever the corpus (a 40,000-document corpus has
# about 11M; each pass re-reads every shard, a few milliseconds each).
POSTINGS_PER_PASS = 1_000_000


@dataclass
class Shard:
    """The postings of a batch of consecutive chunks: for each (chunk, token) pair the count
    ``tf``, tokens by their id in the build's vocabulary; ``lengths`` each chunk's number of tokens."""

    chunk: np.ndarray  # int32, the chunk's position in the batch
    token: np.ndarray  # int64, the token's id
    tf: np.ndarray  # int32
    lengths: np.ndarray  # int64, one per chunk


def shard(tokens: list[str], ids: Callable[[list[str]], np.ndarray]) -> Shard:
    """The shard of a batch's chunk tokens (``chunk_tokens``'s second list, in chunk order);
    ``ids`` gives the build vocabulary's ids of a list of tokens, numbering new ones as they come
    (the vocabulary is not held: at scale it grows with the corpus, every number a token)."""
    vocab: dict[str, int] = {}
    chunk, token, tf, lengths = [], [], [], []
    for i, line in enumerate(tokens):
        words = line.split(" ")
        lengths.append(len(words))
        for w, n in Counter(words).items():
            chunk.append(i)
            token.append(vocab.setdefault(w, len(vocab)))
            tf.append(n)
    glob = np.asarray(ids(list(vocab)), np.int64)
    return Shard(np.array(chunk, np.int32), glob[np.array(token, np.int64)] if token else np.zeros(0, np.int64),
                 np.array(tf, np.int32), np.array(lengths, np.int64))


def save_shard(s: Shard, path: Path) -> None:
    """Write a shard."""
    with open(path, "wb") as f:
        np.savez(f, chunk=s.chunk, token=s.token, tf=s.tf, lengths=s.lengths)


def load_shard(path: Path) -> Shard:
    """A shard as ``save_shard`` wrote it."""
    with np.load(path, allow_pickle=False) as z:
        return Shard(z["chunk"], z["token"], z["tf"], z["lengths"])


def merge(shards: list[Path], vocab: Callable[[], Iterator[str]], n_vocab: int, gen: Path) -> np.ndarray:
    """Write the BM25 model over the chunks of ``shards`` (in chunk order) into the generation
    folder ``gen`` (the files ``FILES``), never holding more than ``POSTINGS_PER_PASS`` postings;
    ``vocab()`` gives the vocabulary's ``n_vocab`` tokens in id order, read as it is written.
    Each token's chunk frequency (by id).

    Tokens are numbered in order of first use, where bm25s numbers them in a set's order; a
    token's scores are the same either way."""
    import bm25s

    from .npyfile import NpyWriter

    params = bm25s.BM25()
    df = np.zeros(n_vocab, np.int64)
    n_chunks, total_len = 0, 0
    for path in shards:  # first pass: each token's chunk frequency, the mean length
        s = load_shard(path)
        df += np.bincount(s.token, minlength=n_vocab)
        n_chunks += len(s.lengths)
        total_len += int(s.lengths.sum())
    avg_len = np.float64(total_len) / n_chunks  # as bm25s's mean of the lengths: their sum is exact
    # bm25s: idf in float32 from math.log (Lucene), the rest in float64 (its mean length is a NumPy
    # float64), each score rounded to float32 once. math.log once per distinct frequency.
    freqs, of = np.unique(df, return_inverse=True)
    idf = np.array([math.log(1 + (n_chunks - d + 0.5) / (d + 0.5)) for d in freqs.tolist()], np.float32)[of]
    indptr = np.zeros(n_vocab + 1, np.int64)
    np.cumsum(df, out=indptr[1:])
    folder = gen / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    k1, b = params.k1, params.b
    with NpyWriter(folder / "data.csc.index.npy", params.dtype, (int(indptr[-1]),)) as data, \
            NpyWriter(folder / "indices.csc.index.npy", params.int_dtype, (int(indptr[-1]),)) as indices:
        lo = 0
        while lo < n_vocab:  # a range of tokens whose postings fit one pass (at least one token)
            hi = max(int(np.searchsorted(indptr, indptr[lo] + POSTINGS_PER_PASS, side="right")) - 1, lo + 1)
            keys, rows, scores = [], [], []
            offset = 0
            for path in shards:
                s = load_shard(path)
                take = (s.token >= lo) & (s.token < hi)
                g, chunk, tf = s.token[take], s.chunk[take], s.tf[take].astype(np.float64)
                length = s.lengths[chunk].astype(np.float64)
                tfc = tf / (k1 * ((1 - b) + b * length / avg_len) + tf)
                scores.append((idf[g].astype(np.float64) * tfc).astype(np.float32))
                rows.append((chunk + offset).astype(np.int32))
                keys.append((g << 32) | (chunk + offset))
                offset += len(s.lengths)
            order = np.argsort(np.concatenate(keys), kind="stable")
            data.append(np.concatenate(scores)[order])
            indices.append(np.concatenate(rows)[order])
            lo = hi
    np.save(folder / "indptr.csc.index.npy", indptr, allow_pickle=False)
    with open(folder / "vocab.index.json", "w", encoding="utf-8") as f:  # as json.dumps writes a dict
        f.write("{")
        for i, w in enumerate(vocab()):
            f.write(f"{', ' if i else ''}{json.dumps(w, ensure_ascii=False)}: {i}")
        f.write(f"{', ' if n_vocab else ''}\"\": {n_vocab}}}")  # bm25s's empty token, scored nowhere
    (folder / "params.index.json").write_text(json.dumps(
        dict(k1=params.k1, b=params.b, delta=params.delta, method=params.method, idf_method=params.idf_method,
             dtype=params.dtype, int_dtype=params.int_dtype, num_docs=n_chunks, version=bm25s.__version__,
             backend=params.backend), indent=4))
    return df
