"""The sentence vectors are verified block by block as they are read (rag/blocks.py)."""

import json

import numpy as np
import pytest

from rag.blocks import BLOCK, CheckedMatrix, block_sums
from rag.build import build_index
from rag.errors import IndexCorrupt
from rag.index import SENTENCES, current_generation, load_index


def _matrix(tmp_path, rows=2000, dim=384):
    path = tmp_path / "m.npy"
    np.save(path, np.arange(rows * dim, dtype=np.float32).reshape(rows, dim))
    return path


@pytest.mark.parametrize("block", [512, 1 << 14])  # rows of 1,536 bytes across several blocks, or within one
def test_rows_taken_by_id_verify_every_block_they_lie_in(tmp_path, block):
    path = _matrix(tmp_path)
    m = CheckedMatrix(path, block_sums(path, block)[0], "rebuild", block)
    ids = np.array([1999, 3, 700, 3, 701])
    assert np.array_equal(m.take(ids), m.array[ids])
    spanned = {b for i in ids.tolist() for b in range((m.array.offset + i * 1536) // block,
                                                       (m.array.offset + (i + 1) * 1536 - 1) // block + 1)}
    assert m._verified == spanned | {0}
    with pytest.raises(IndexError):
        m.take(np.array([2000]))
    data = bytearray(path.read_bytes())
    data[m.array.offset + 1000 * 1536 + 700] ^= 0xFF  # in the middle of row 1000
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="checksum mismatch"):
        m.take(np.array([5, 1000]))


def test_rows_read_back_and_each_block_is_verified_once(tmp_path):
    path = _matrix(tmp_path)
    assert path.stat().st_size > 2 * BLOCK  # several blocks
    m = CheckedMatrix(path, block_sums(path)[0], "rebuild")
    assert m.shape == (2000, 384) and len(m) == 2000
    assert np.array_equal(m[1999], np.arange(1999 * 384, 2000 * 384, dtype=np.float32))
    assert m._verified == {0, (m.array.offset + 1999 * 384 * 4) // BLOCK}  # the header's block and the row's
    with pytest.raises(IndexError):
        m[2000]
    rows = m.rows(10, 1500)  # a range verifies every block it spans
    assert np.array_equal(rows, m.array[10:1500])
    first, last = ((m.array.offset + r * 384 * 4) // BLOCK for r in (10, 1500))
    assert set(range(first, last + 1)) <= m._verified
    with pytest.raises(IndexError):
        m.rows(5, 2001)


def test_a_damaged_block_is_refused_when_read_and_not_before(tmp_path):
    path = _matrix(tmp_path)
    sums = block_sums(path)[0]
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01  # in the last block
    path.write_bytes(bytes(data))
    m = CheckedMatrix(path, sums, "rebuild it")
    assert np.array_equal(m[0], np.arange(384, dtype=np.float32))  # another block: fine
    with pytest.raises(IndexCorrupt, match="checksum mismatch") as caught:
        m[1999]
    assert caught.value.fix == "rebuild it"
    with pytest.raises(IndexCorrupt):
        m.all()
    with pytest.raises(IndexCorrupt):
        m.rows(1000, 2000)


def test_a_truncated_matrix_or_header_is_refused_at_once(tmp_path):
    path = _matrix(tmp_path)
    sums = block_sums(path)[0]
    path.write_bytes(path.read_bytes()[:BLOCK])
    with pytest.raises(IndexCorrupt, match="size does not match"):
        CheckedMatrix(path, sums, "rebuild")
    path = _matrix(tmp_path, rows=10)
    sums = block_sums(path)[0]
    path.write_bytes(b"\x00" * path.stat().st_size)
    with pytest.raises(IndexCorrupt, match="checksum mismatch"):
        CheckedMatrix(path, sums, "rebuild")


def test_an_index_publishes_block_checksums_and_refuses_a_damaged_block(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    gen = current_generation(tmp_path / "idx")
    assert (gen / "sentences.sums").read_bytes() == block_sums(gen / SENTENCES)[0]
    data = bytearray((gen / SENTENCES).read_bytes())
    data[-3] ^= 0x01
    (gen / SENTENCES).write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="sentences.npy is corrupt"):
        load_index(tmp_path / "idx")  # a small file is one block, the header's, verified at load


def test_an_index_from_before_block_checksums_is_verified_whole(corpus, tmp_path, fake):
    build_index(corpus, tmp_path / "idx", fake, progress=False)
    gen = current_generation(tmp_path / "idx")
    manifest = json.loads((gen / "manifest.json").read_text())
    del manifest["files"]["sentences.sums"]
    (gen / "manifest.json").write_text(json.dumps(manifest))
    (gen / "sentences.sums").unlink()
    index = load_index(tmp_path / "idx")
    assert index.sentence_vectors.all().shape == index.sentence_vectors.shape
    data = bytearray((gen / SENTENCES).read_bytes())
    data[-3] ^= 0x01
    (gen / SENTENCES).write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="sentences.npy is corrupt"):
        load_index(tmp_path / "idx")
