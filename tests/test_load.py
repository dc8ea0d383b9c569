"""Load: 20 concurrent gradio_client sessions, 400 questions, against `rag serve` on loopback."""

import json
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.real, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[1]


def test_twenty_clients_four_hundred_questions(seeds_index):
    sys.path.insert(0, str(ROOT / "bench"))
    from load import run

    questions = [json.loads(line)["question"] for line in
                 (ROOT / "tests" / "data" / "seeds_qa.jsonl").read_text(encoding="utf-8").splitlines()]
    report = run(seeds_index.folder.parent, clients=20, per_client=20, questions=questions)
    print(json.dumps(report, ensure_ascii=False))
    assert report["requests"] == 400
    assert report["errors"] == 0, report["error_examples"]
    assert report["mismatched"] == 0 and report["answered"] == 400
