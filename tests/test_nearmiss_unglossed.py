"""bench/nearmiss/unglossed.py: the benchmark's English questions without their Chinese glosses."""

import importlib.util
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "unglossed", Path(__file__).resolve().parents[1] / "bench" / "nearmiss" / "unglossed.py")
U = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(U)


def test_a_chinese_gloss_goes_and_everything_else_stays():
    q = "How much will Qinglan Wind Energy (青岚风能) invest in its Songtao (松涛港) plant (Phase II)?"
    assert U.unglossed(q) == "How much will Qinglan Wind Energy invest in its Songtao plant (Phase II)?"
    assert U.unglossed("What did SPIL (矽品精密) invest?") == "What did SPIL invest?"
    assert U.unglossed("What is the output of the park (ROC year 109)?") == "What is the output of the park (ROC year 109)?"
