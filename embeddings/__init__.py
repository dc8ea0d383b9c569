"""Embedding backends and a registry by name."""

from __future__ import annotations

from pathlib import Path

from .base import Embedder

# The bundled multilingual-e5-small as ONNX int8: about twice as fast as fp32, within a point
# on every eval metric (README, "The model"). "multilingual-e5-small" is the fp32 reference.
DEFAULT_MODEL = "multilingual-e5-small-int8"
_FAKE_DIM = 64


class UnknownModelError(ValueError):
    """The model name is neither registered, a local folder, nor loadable by sentence-transformers."""


def _fake(name: str) -> Embedder:
    from .fake import FakeEmbedder

    dim = name.removeprefix("fake").lstrip("-") or str(_FAKE_DIM)
    return FakeEmbedder(int(dim))


def _bundled(name: str) -> Embedder:
    from .bundled_e5 import BundledE5Embedder

    return BundledE5Embedder()


def _onnx(name: str) -> Embedder:
    from .onnx_e5 import OnnxE5Embedder

    return OnnxE5Embedder()


REGISTRY = {DEFAULT_MODEL: _onnx, "multilingual-e5-small": _bundled, "fake": _fake}


def _revision(name: str) -> str:
    """The revision of a registered model, known without loading it."""
    if name == DEFAULT_MODEL:
        from .onnx_e5 import REVISION

        return REVISION
    return ""


class LazyEmbedder(Embedder):
    """Knows its model id at once but loads the model on first use, so a build with nothing
    new to embed never pays for loading it."""

    def __init__(self, name: str):
        self.name = name
        self.model_id = f"fake-{_FAKE_DIM}" if name == "fake" else name
        self.revision = _revision(name)
        self._model: Embedder | None = None

    def _load(self) -> Embedder:
        if self._model is None:
            self._model = get_embedder(self.name)
        return self._model

    @property
    def dim(self) -> int:
        return self._load().dim

    def embed(self, texts, kind):
        return self._load().embed(texts, kind)


def get_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """Build the embedder called ``name``.

    Registered names: ``multilingual-e5-small-int8`` (default: the bundled model as ONNX int8),
    ``multilingual-e5-small`` (the same model in fp32 through sentence-transformers) and
    ``fake[-DIM]`` (tests).
    Anything else is handed to sentence-transformers as a hub name or a local folder.
    """
    if name in REGISTRY:
        return REGISTRY[name](name)
    if name.startswith("fake-") and name[5:].isdigit():
        return _fake(name)
    from .sentence_transformer import SentenceTransformerEmbedder

    try:
        return SentenceTransformerEmbedder(name)
    except Exception as exc:  # sentence-transformers raises many types for a bad name
        where = "local folder" if Path(name).exists() else "name"
        raise UnknownModelError(
            f"cannot load model {name!r} ({where}): {exc}. Registered models: "
            f"{', '.join(sorted(REGISTRY))}; or give a sentence-transformers model folder."
        ) from exc


__all__ = ["DEFAULT_MODEL", "Embedder", "LazyEmbedder", "REGISTRY", "UnknownModelError", "get_embedder"]
