"""`make test` (issue 28): its four tiers run one after another, each announced, every test in
exactly one of them; one that fails fails the target without stopping the others."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIERS = ["fast", "slow", "real-model", "browser"]


def _make_test(tmp_path, python: str) -> subprocess.CompletedProcess:
    """`make test` with ``python`` (a shell script's body) in place of the venv's Python, and
    without its install and browser steps."""
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\n" + python)
    fake.chmod(0o755)
    return subprocess.run(["make", "-s", "-o", "install", "-o", "browser", "test", f"PY={fake}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def _collected(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"^(\d+)(?:/\d+)? tests? collected", text, re.M)]


def test_each_tier_is_announced_and_every_test_is_in_exactly_one(tmp_path):
    out = _make_test(tmp_path, f'exec {sys.executable} "$@" --collect-only\n')
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr
    announced = re.findall(r"^==> (\S+) tests \(pytest -q .*\), started \d\d:\d\d:\d\d$", out.stdout, re.M)
    assert announced == TIERS
    everything = subprocess.run([sys.executable, "-m", "pytest", "-q", "--collect-only"], cwd=ROOT,
                                capture_output=True, text=True).stdout
    tiers = _collected(out.stdout)
    assert len(tiers) == 4 and all(tiers) and sum(tiers) == _collected(everything)[0]
    assert re.fullmatch(r"\d+ tests collected in .*", out.stdout.splitlines()[-1])  # the last tier's summary


def test_a_failing_tier_fails_the_target_after_every_tier_ran(tmp_path):
    out = _make_test(tmp_path, 'case "$*" in *"slow and not real"*) echo "1 failed in 0.1s"; exit 1;; esac\n'
                               'echo "3 passed in 0.1s"\n')
    assert out.returncode != 0 and "failed tiers: slow" in out.stderr
    assert out.stdout.count("==> ") == 4 and out.stdout.splitlines()[-1] == "3 passed in 0.1s"
