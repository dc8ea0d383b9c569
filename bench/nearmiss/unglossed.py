"""The near-miss benchmark's English questions as an analyst would ask them: without the Chinese the
labellers glossed names with (``Tianshun Wind Energy (天顺风能)`` -> ``Tianshun Wind Energy``).

    python bench/nearmiss/unglossed.py --to .cache/nearmiss-unglossed [--splits dev test ...]

Writes ``questions_<split>.jsonl`` into ``--to`` with every English question that had a bracketed
gloss holding Chinese, the gloss removed, nothing else changed; ask each against its split's index
(``rag eval --qa``), as the glossed files are (docs/measurements.md, twenty-fourth pass).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

HERE = Path(__file__).parent
GLOSS = re.compile(r"\s*[(（][^()（）]*[\u4e00-\u9fff][^()（）]*[)）]")


def unglossed(question: str) -> str:
    """``question`` without its bracketed glosses that hold Chinese."""
    return GLOSS.sub("", question)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--to", type=Path, default=Path(".cache/nearmiss-unglossed"))
    p.add_argument("--splits", nargs="+", help="the splits to write (default: all)")
    args = p.parse_args()
    args.to.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted(HERE.glob("questions_*.jsonl")):
        split = path.stem.removeprefix("questions_")
        if args.splits and split not in args.splits:
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out = [{**q, "question": unglossed(q["question"])} for q in rows
               if q.get("lang") == "en" and GLOSS.search(q["question"])]
        (args.to / path.name).write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in out),
                                         encoding="utf-8")
        total += len(out)
    print(f"{total} English questions without their glosses in {args.to}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
