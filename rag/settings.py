"""One settings object; each field can come from a CLI option or an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from embeddings import DEFAULT_MODEL

ENV_PREFIX = "RAG_"


@dataclass
class Settings:
    """Where documents and the index live, and which model embeds them.

    Environment: RAG_DOCS, RAG_INDEX, RAG_MODEL (model only for building: querying uses the
    model recorded in the index unless one is named), RAG_STORE (``rag.store.parse``; a build
    keeps the index's store unless one is named, a query uses it).
    """

    docs: Path = Path("seeds")
    index: Path = Path("index")
    model: str = DEFAULT_MODEL
    store: str | None = None

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Defaults, then RAG_* environment variables, then explicit non-None overrides."""
        values = {}
        for f in fields(cls):
            env = os.environ.get(ENV_PREFIX + f.name.upper())
            if overrides.get(f.name) is not None:
                values[f.name] = overrides[f.name]
            elif env:
                values[f.name] = env
        s = cls(**values)
        s.docs, s.index = Path(s.docs), Path(s.index)
        return s
