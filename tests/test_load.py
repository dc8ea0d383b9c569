"""Load: 20 concurrent gradio_client sessions, 400 questions, against `rag serve` on loopback."""

import json

import pytest

from bench.common import questions
from bench.load import run

pytestmark = [pytest.mark.real, pytest.mark.slow]


def test_twenty_clients_four_hundred_questions(seeds_index):
    report = run(seeds_index.folder.parent, clients=20, per_client=20, questions=questions())
    print(json.dumps(report, ensure_ascii=False))
    assert report["requests"] == 400
    assert report["errors"] == 0, report["error_examples"]
    assert report["mismatched"] == 0 and report["answered"] == 400
