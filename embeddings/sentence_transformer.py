"""Any sentence-transformers model, by hub name or local folder, used as it is."""

from __future__ import annotations

import os
from typing import Sequence

import numpy as np

from .base import Embedder


def quiet_transformers() -> None:
    """Silence transformers' load reports and progress bars: noise in a CLI, not news."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class SentenceTransformerEmbedder(Embedder):
    """Wraps ``SentenceTransformer``; query/document prompts come from the model's own config."""

    def __init__(self, name_or_path: str, model_id: str | None = None, batch_size: int = 32):
        quiet_transformers()
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(name_or_path, device="cpu")
        self.model_id = model_id or name_or_path
        self.dim = int(self.model.get_embedding_dimension())
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self.model.encode_query if kind == "query" else self.model.encode_document
        vecs = encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                      convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)
