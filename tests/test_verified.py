"""Loading hashes only the files changed since their checksum last matched (``rag.index.VERIFIED``);
``rag verify`` hashes them all."""
import json
import os
import time
from pathlib import Path

import pytest

import rag.index
from rag.build import build_index
from rag.cli import main
from rag.errors import IndexCorrupt
from rag.index import FIGURES, SENTENCES, VERIFIED, current_generation, load_index


@pytest.fixture
def hashed(monkeypatch):
    """The names of the files loading hashes, in order."""
    names = []
    real = rag.index.sha256_file
    monkeypatch.setattr(rag.index, "sha256_file", lambda path: names.append(path.name) or real(path))
    return names


@pytest.fixture
def settled(corpus, tmp_path, fake, monkeypatch):
    """An index whose files were last changed 0.2 s ago, when 0.1 s makes a file settled."""
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    monkeypatch.setattr(rag.index, "SETTLED_NS", 100_000_000)
    time.sleep(0.2)
    return tmp_path / "idx"


def test_a_file_unchanged_since_it_was_verified_is_not_hashed_again(settled, hashed):
    load_index(settled)
    assert FIGURES in hashed and "documents.sqlite" in hashed
    gen = current_generation(settled)
    assert {Path(name).name for name in json.loads((gen / VERIFIED).read_text())} == set(hashed)
    hashed.clear()
    load_index(settled)
    assert hashed == []


def test_a_file_changed_after_it_was_verified_is_caught(settled, hashed):
    load_index(settled)
    gen = current_generation(settled)
    before = os.stat(gen / FIGURES)
    with open(gen / FIGURES, "r+b") as f:  # same size, and the time put back: only ctime tells
        f.seek(200)
        f.write(b"\xff\xff")
    os.utime(gen / FIGURES, ns=(before.st_atime_ns, before.st_mtime_ns))
    hashed.clear()
    with pytest.raises(IndexCorrupt, match="figures.sqlite is corrupt"):
        load_index(settled)
    assert hashed == [FIGURES]


def test_files_written_just_before_a_load_are_not_recorded(corpus, tmp_path, fake, hashed):
    build_index(corpus, tmp_path / "idx", fake, progress=False)  # a write in the same clock tick
    hashed.clear()
    load_index(tmp_path / "idx")  # as the load could not be told apart from none
    first = list(hashed)
    hashed.clear()
    load_index(tmp_path / "idx")
    assert hashed == first and FIGURES in first


def test_rag_verify_hashes_every_file_the_block_checked_ones_whole(settled, hashed, capsys):
    load_index(settled)
    assert SENTENCES not in hashed  # verified block by block as answers read it
    hashed.clear()
    assert main(["verify", "--index", str(settled)]) == 0
    assert FIGURES in hashed and SENTENCES in hashed and "tokens.txt" in hashed
    assert "match their checksums" in capsys.readouterr().out
    gen = current_generation(settled)
    data = bytearray((gen / SENTENCES).read_bytes())
    data[-3] ^= 0x01  # in the last sentence's vector
    (gen / SENTENCES).write_bytes(bytes(data))
    assert main(["verify", "--index", str(settled)]) == 2
    assert "sentences.npy is corrupt (checksum mismatch)" in capsys.readouterr().err
