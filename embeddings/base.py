"""The embedder contract: every backend turns texts into L2-normalised float32 rows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Sequence

import numpy as np


class Embedder(ABC):
    """Embeds documents and queries separately (e5 needs different prompts for each)."""

    model_id: str
    dim: int
    # Which build of the model: vectors of another revision are not reused by an incremental build.
    revision: str = ""

    @abstractmethod
    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        """Embed ``texts`` as ``kind`` ("query" or "document"): float32 (n, dim), unit rows."""

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages for the index."""
        return self.embed(texts, "document")

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one question: float32 (dim,)."""
        return self.embed([text], "query")[0]
