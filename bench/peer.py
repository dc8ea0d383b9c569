"""The peer: the pipeline a user would otherwise assemble from LangChain, over the same model.

LangChain's RecursiveCharacterTextSplitter, its FAISS vector store, and its Hugging Face
(sentence-transformers) embeddings over the same local multilingual-e5-small folder that our fp32
model uses. Needs the optional extra: ``pip install -e '.[bench]'``.

The peer is given a fair chance: the splitter cuts at Chinese sentence ends first, chunks have our
chunker's maximum size, and texts carry e5's ``passage: `` / ``query: `` prompts as the model card
asks (without them e5 retrieves noticeably worse).
"""

from __future__ import annotations

import time
from pathlib import Path

from rag.chunk import ChunkSettings
from rag.eval import contains_gold

SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", " ", ""]


def available() -> bool:
    """Whether the optional LangChain packages are installed."""
    from importlib.util import find_spec

    return all(find_spec(m) for m in ("langchain_community", "langchain_text_splitters"))


def embeddings(folder: Path):
    """LangChain's Hugging Face embeddings over ``folder``, with e5's prompts, loaded and warm."""
    from langchain_community.embeddings import HuggingFaceEmbeddings

    class E5Embeddings(HuggingFaceEmbeddings):
        def embed_documents(self, texts):
            return super().embed_documents(["passage: " + t for t in texts])

        def embed_query(self, text):
            return super().embed_documents(["query: " + text])[0]

    emb = E5Embeddings(model_name=str(folder), model_kwargs={"device": "cpu"},
                       encode_kwargs={"normalize_embeddings": True, "batch_size": 32})
    emb.embed_documents(["预热"])
    return emb


def build(docs_dir: Path, emb, chunking: ChunkSettings = ChunkSettings()):
    """Read every .txt file, split, embed and index; the store, chunk count and seconds taken."""
    from langchain_community.vectorstores import FAISS
    from langchain_community.vectorstores.utils import DistanceStrategy
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    t = time.perf_counter()
    docs = [Document(page_content=p.read_text(encoding="utf-8"), metadata={"source": p.name})
            for p in sorted(Path(docs_dir).glob("*.txt"))]
    splitter = RecursiveCharacterTextSplitter(chunk_size=chunking.max_chars, chunk_overlap=50,
                                              separators=SEPARATORS, keep_separator="end")
    chunks = splitter.split_documents(docs)
    store = FAISS.from_documents(chunks, emb, distance_strategy=DistanceStrategy.MAX_INNER_PRODUCT)
    return store, len(chunks), time.perf_counter() - t


def is_hit(found: list, item: dict) -> bool:
    """Whether one of the peer's chunks ``found`` for ``item`` is from the gold article and holds a
    gold answer."""
    return any(d.metadata["source"] == item["doc"] and contains_gold(d.page_content, item["answers"]) for d in found)
