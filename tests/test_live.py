"""A rebuild while `rag serve` runs: every question is answered throughout, from the old index until
the new one is complete, then from the new one, without a restart."""

import subprocess
import sys
import threading

import pytest

from bench.common import serving

pytestmark = pytest.mark.slow


def _rag(*args):
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True, text=True, timeout=300)


def test_server_keeps_answering_through_a_rebuild_and_picks_it_up(corpus, tmp_path):
    from gradio_client import Client

    idx = tmp_path / "idx"
    assert _rag("build", "--docs", str(corpus), "--index", str(idx), "--model", "fake", "--quiet").returncode == 0
    with serving(idx) as (url, _):
        client = Client(url, verbose=False)
        question = "锦程硅材料项目总投资多少？"
        before = client.predict(question, 8, "auto", "rules", api_name="/ask")["answer"]
        assert "77.7亿元" not in before

        for i in range(30):  # enough new text that the build takes a moment
            (corpus / f"new{i}.txt").write_text(
                f"新项目{i}集中开工\n2024-05-0{i % 9 + 1}\n" + f"锦程硅材料项目总投资77.7亿元，占地{i + 100}亩。" * 20,
                encoding="utf-8")
        answers, errors = [], []

        def keep_asking():
            c = Client(url, verbose=False)
            while not done.is_set():
                try:
                    answers.append(c.predict("临港区开工率是多少？", 8, "auto", "rules", api_name="/ask")["answer"])
                except Exception as exc:  # noqa: BLE001 - any failure fails the test below
                    errors.append(repr(exc))

        done = threading.Event()
        asker = threading.Thread(target=keep_asking)
        asker.start()
        build = _rag("build", "--docs", str(corpus), "--index", str(idx), "--quiet")
        done.set()
        asker.join(timeout=60)
        assert build.returncode == 0, build.stderr
        assert errors == [] and answers and all("83.3%" in a for a in answers)
        after = client.predict(question, 8, "auto", "rules", api_name="/ask")["answer"]
        assert "77.7亿元" in after  # the new generation, picked up without a restart
