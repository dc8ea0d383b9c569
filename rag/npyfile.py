"""Files written a piece at a time, so a generation's large arrays never sit whole in memory:
a ``.npy`` matrix appended row block by row block, and FAISS's exact index file (``IndexFlatIP``)
written from those rows in the layout ``faiss.serialize_index`` gives it."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np


class NpyWriter:
    """A ``.npy`` file of a known shape (rows × the rest) filled by appending blocks of rows,
    byte for byte what ``np.save`` writes for the whole array."""

    def __init__(self, path: Path, dtype, shape: tuple[int, ...]):
        self.dtype, self.shape, self.written = np.dtype(dtype), shape, 0
        self.f = open(path, "wb")
        header = {"descr": np.lib.format.dtype_to_descr(self.dtype), "fortran_order": False, "shape": shape}
        np.lib.format.write_array_header_1_0(self.f, header)  # the version np.save picks for these

    def append(self, rows: np.ndarray) -> None:
        """Append a block of rows (converted to the file's dtype)."""
        rows = np.ascontiguousarray(rows, dtype=self.dtype)
        if rows.shape[1:] != self.shape[1:]:
            raise ValueError(f"rows of shape {rows.shape[1:]} appended to a file of rows {self.shape[1:]}")
        if rows.size:  # an empty view cannot be cast to bytes
            self.f.write(memoryview(rows).cast("B"))
        self.written += len(rows)

    def close(self) -> None:
        """Close the file; ValueError if fewer or more rows were appended than its shape says."""
        self.f.close()
        if self.written != self.shape[0]:
            raise ValueError(f"{self.written} rows written into a file of {self.shape[0]}")

    def __enter__(self) -> NpyWriter:
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is None:
            self.close()
        else:
            self.f.close()


def npy_rows(path: Path) -> np.ndarray:
    """A ``.npy`` file's array, read (not mapped: mapped pages would count in the build's memory)."""
    return np.load(path, allow_pickle=False)


# FAISS's IndexFlatIP file: the fourcc "IxFI", dimension (int32), count (int64), two unused int64
# (2**20 each), is_trained (a byte), the metric (int32, 0 = inner product), then the vectors as a
# count of floats (uint64) and the floats. tests/test_npyfile.py compares it with faiss's own bytes.
_FLAT_IP = b"IxFI"
_UNUSED = 1 << 20


class FlatIPWriter:
    """FAISS's exact inner-product index file, written from blocks of vectors as they come."""

    def __init__(self, path: Path, dim: int, count: int):
        self.dim, self.count, self.written = dim, count, 0
        self.f = open(path, "wb")
        self.f.write(_FLAT_IP + struct.pack("<iqqqBiQ", dim, count, _UNUSED, _UNUSED, 1, 0, count * dim))

    def append(self, vectors: np.ndarray) -> None:
        """Append a block of vectors (float32, ``dim`` columns)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"vectors of shape {vectors.shape} appended to an index of dimension {self.dim}")
        if vectors.size:
            self.f.write(memoryview(vectors).cast("B"))
        self.written += len(vectors)

    def close(self) -> None:
        """Close the file; ValueError if the count of vectors written is not the one announced."""
        self.f.close()
        if self.written != self.count:
            raise ValueError(f"{self.written} vectors written into an index of {self.count}")
