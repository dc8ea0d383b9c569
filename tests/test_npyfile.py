import faiss
import numpy as np
import pytest

from rag.npyfile import FlatIPWriter, NpyWriter


def test_an_appended_npy_file_is_what_np_save_writes(tmp_path):
    rows = np.random.default_rng(0).random((10, 7), dtype=np.float32)
    np.save(tmp_path / "whole.npy", rows)
    with NpyWriter(tmp_path / "parts.npy", np.float32, rows.shape) as w:
        for a in range(0, 10, 3):
            w.append(rows[a:a + 3])
    assert (tmp_path / "parts.npy").read_bytes() == (tmp_path / "whole.npy").read_bytes()
    with pytest.raises(ValueError, match="9 rows written"):
        with NpyWriter(tmp_path / "short.npy", np.float32, rows.shape) as w:
            w.append(rows[:9])


@pytest.mark.parametrize("n", [0, 1, 37])
def test_a_flat_index_written_in_blocks_is_faiss_s_own(tmp_path, n):
    vectors = np.random.default_rng(n).random((n, 16), dtype=np.float32)
    index = faiss.IndexFlatIP(16)
    index.add(vectors)
    w = FlatIPWriter(tmp_path / "v.faiss", 16, n)
    for a in range(0, n, 10):
        w.append(vectors[a:a + 10])
    w.close()
    assert (tmp_path / "v.faiss").read_bytes() == faiss.serialize_index(index).tobytes()
    read = faiss.read_index(str(tmp_path / "v.faiss"))
    assert read.ntotal == n and np.array_equal(read.reconstruct_n(0, n), vectors)
