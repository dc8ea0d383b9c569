"""A memory-mapped matrix verified block by block as it is read.

The sentence vectors are most of a large index (1.8 GB of 2.5 GB at 100,000 documents) and an
answer reads a few dozen of their rows. Hashing the whole file before the first answer made
start-up grow with the corpus and take seconds from a cold disk; instead every block of
``BLOCK`` bytes has its own checksum (written at publish, in a file that is itself verified at
load), and a block is verified the first time a row in it is read. Corruption is still reported
before a byte of it is used.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from .errors import IndexCorrupt

# 1 MiB: a row (384 float32, 1.5 KB) costs at most one block's hash (about 1.5 ms) when first read,
# and the checksums of a 1.8 GB matrix take 55 KB.
BLOCK = 1 << 20
DIGEST = 32  # bytes of a sha256


def block_sums(path: Path, block: int | None = None) -> tuple[bytes, str]:
    """The sha256 digests of ``path``'s blocks (``BLOCK`` bytes unless ``block`` says), concatenated,
    and the whole file's (hex), from one read of it."""
    out, whole, block = bytearray(), hashlib.sha256(), block or BLOCK
    with open(path, "rb") as f:
        while data := f.read(block):
            out += hashlib.sha256(data).digest()
            whole.update(data)
    return bytes(out), whole.hexdigest()


class CheckedMatrix:
    """The rows of a ``.npy`` matrix, memory-mapped; ``m[i]`` verifies the blocks row ``i`` lies
    in the first time, and raises IndexCorrupt when one does not match its checksum. ``sums``
    None: the file was verified whole before (an index from before block checksums). ``block``:
    the bytes per checksum the sums were made with (``BLOCK`` unless it says)."""

    def __init__(self, path: Path, sums: bytes | None, fix: str, block: int | None = None):
        self.path, self.fix, self.block = path, fix, block or BLOCK
        blocks = -(-path.stat().st_size // self.block)
        self.sums = [sums[i:i + DIGEST] for i in range(0, len(sums), DIGEST)] if sums is not None else []
        if sums is not None and blocks != len(self.sums):
            raise IndexCorrupt(f"index file {path} is corrupt (its size does not match its checksums)", fix)
        self._verified: set[int] = set() if sums is not None else set(range(blocks))
        self._check(0)  # the header, before numpy parses it
        try:
            self.array = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise IndexCorrupt(f"index file {path} cannot be read ({exc})", fix) from exc
        self._row = self.array.strides[0] if self.array.ndim == 2 else 0

    @property
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, i: int) -> np.ndarray:
        i = int(i)
        if not 0 <= i < len(self.array):
            raise IndexError(f"row {i} of {len(self.array)}")
        self._check_rows(i, i + 1)
        return self.array[i]

    def rows(self, start: int, stop: int) -> np.ndarray:
        """Rows ``start`` to ``stop`` (excluded), every block they lie in verified."""
        if not 0 <= start <= stop <= len(self.array):
            raise IndexError(f"rows {start}:{stop} of {len(self.array)}")
        self._check_rows(start, stop)
        return self.array[start:stop]

    def take(self, ids: np.ndarray) -> np.ndarray:
        """The rows ``ids`` (any order, a copy), every block they lie in verified."""
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) and not (0 <= ids.min() and ids.max() < len(self.array)):
            raise IndexError(f"rows out of {len(self.array)}")
        begin = self.array.offset + ids * self._row
        first, last = begin // self.block, (begin + self._row - 1) // self.block
        spans = np.minimum(first[:, None] + np.arange(self._row // self.block + 2), last[:, None])
        for b in np.unique(spans).tolist():  # every block each row lies in
            self._check(b)
        return self.array[ids]

    def _check_rows(self, start: int, stop: int) -> None:
        """Verify the blocks that rows ``start`` to ``stop`` (excluded) lie in."""
        begin = self.array.offset + start * self._row
        for b in range(begin // self.block, (begin + max((stop - start) * self._row, 1) - 1) // self.block + 1):
            self._check(b)

    def all(self) -> np.ndarray:
        """The whole matrix, every block verified."""
        for b in range(len(self.sums)):
            self._check(b)
        return self.array

    def _check(self, b: int) -> None:
        if b in self._verified:
            return
        with open(self.path, "rb") as f:
            f.seek(b * self.block)
            data = f.read(self.block)
        if hashlib.sha256(data).digest() != self.sums[b]:
            raise IndexCorrupt(f"index file {self.path} is corrupt (checksum mismatch in bytes "
                               f"{b * self.block}-{b * self.block + len(data)})", self.fix)
        self._verified.add(b)  # a set's add is atomic; two threads verifying one block is harmless
