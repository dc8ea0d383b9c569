"""A deterministic, dependency-free embedder for fast tests: hashed character n-grams."""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np

from .base import Embedder


class FakeEmbedder(Embedder):
    """Bag of hashed character uni- and bigrams; similar texts get similar vectors."""

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.model_id = f"fake-{dim}"

    def _bucket(self, gram: str) -> int:
        return int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=4).digest(), "little") % self.dim

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for n in (1, 2):
                for i in range(len(text) - n + 1):
                    out[row, self._bucket(text[i:i + n])] += 1.0
            out[row, self._bucket("\0bias")] += 0.01  # never an all-zero row
        return out / np.linalg.norm(out, axis=1, keepdims=True)
