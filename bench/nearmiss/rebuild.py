"""Rebuild the near-miss benchmark's documents folder from saved copies of its pages.

The pages are real scraped news and government pages; their text stays out of the repository.
``pages.jsonl`` lists each page's URL, file name and the sha256 of the text the questions were
labelled on. Point ``--from`` at a folder of saved copies (one ``NAME.txt`` per page, as the
labellers wrote them): every file is checked against its sha256 and copied into ``--to``, which
``rag build --docs`` then indexes. A page that is missing or differs is named, and the exit status
is 1.

    python bench/nearmiss/rebuild.py --from /work/nearmiss/pages --to .cache/nearmiss/docs
    python bench/nearmiss/rebuild.py --from /work/nearmiss/pages --to .cache/nearmiss2/docs --splits test2

The saved copies are the text the workplace's search tool (`pages` corpus) returns for each URL:
its excerpt (some a-pages: the title, a newline, then the excerpt), mostly with a newline after it.
When the copies were lost with a machine, they were fetched again that way and checked against
their sha256: on 2026-12-04, 100 of the 101 pages of dev to dev3, test and test2 (dev's a06 is no
longer in that corpus; the questions on it are left out of the figures); on 2026-12-05, 246 of
the 251 pages of dev to dev18 (dev's a06 and c01, dev3's h09 and dev13's s05 were not found,
dev11's p05 came back changed). dev19 to dev24 were typed out by their labellers from the tool's
answers; a later fetch may differ from them in whitespace. On 2026-12-06 (a new machine again)
helpers fetched 299 of the 311 pages back, each matching its sha256 (a few only with the title
line before the excerpt, or with blank lines between paragraphs); the 12 not found are a01, a06,
c01 (dev), a16, b14 (test), g05 (dev2), i06 (dev4), m02 (dev8), z02 (dev19), t07 (dev20), q02 and
q06 (dev23). On 2026-12-07 (another new machine) 292 of the 311 came back; docs/measurements.md
("Twenty-fifth pass") lists the 19 that did not. dev25 and dev26 (2026-12-07) were typed out by
their labellers from the tool's answers too, and so were dev27 and dev28 (a later session that day).
On 2026-12-08 (a new machine) 339 of the 351 came back, and dev29 and dev30 (typed out by their
labellers) were added; docs/measurements.md ("Twenty-ninth pass") lists the 12 that did not. The
tool searches by meaning, not by address: a page with no title is found by the questions written on
it (their names and figures), which found most of the untitled pages that searches by the address's
words had missed. dev10 and dev11 both name their pages p01 to p10: keep their saved copies in two
folders and rebuild dev11 from its own. Use ``--splits dev4`` and so on.

The dev and test splits are indexed together; the second test split (``test2``, labelled after the
rest had been tuned to) is indexed on its own, the corpus its labellers checked the unanswerables on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent


def rebuild(source: Path, target: Path, splits: tuple[str, ...] = ("dev", "test")) -> list[str]:
    """Copy every listed page of ``splits`` from ``source`` into ``target`` after checking its
    sha256; the problems found (missing or changed pages)."""
    target.mkdir(parents=True, exist_ok=True)
    problems = []
    for line in (HERE / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        if page["split"] not in splits:
            continue
        path = source / page["file"]
        if not path.exists():
            problems.append(f"{page['file']}: missing ({page['url']})")
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != page["sha256"]:
            problems.append(f"{page['file']}: its text differs from the labelled copy ({page['url']})")
            continue
        shutil.copyfile(path, target / page["file"])
    return problems


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--from", dest="source", type=Path, required=True, help="folder of saved page copies")
    p.add_argument("--to", dest="target", type=Path, default=Path(".cache/nearmiss/docs"))
    p.add_argument("--splits", nargs="+", default=["dev", "test"], help="the splits whose pages to copy")
    args = p.parse_args()
    problems = rebuild(args.source, args.target, tuple(args.splits))
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{len(list(args.target.glob('*.txt')))} pages in {args.target}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
