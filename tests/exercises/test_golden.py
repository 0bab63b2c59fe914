"""Golden files: the same kind, seed and knobs give the same problem on every machine.

A drift here means a seed now draws different numbers: bump the exercise's ``version`` and
regenerate with ``NNGRADE_UPDATE_GOLDEN=1 pytest tests/exercises/test_golden.py``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nngrade.exercises import problems, registry

GOLDEN = Path(__file__).parent.parent / "golden"
SEEDS = (0, 1, 2, 12345)


def drawn(kind):
    exercise = registry.get(kind)
    out = []
    for difficulty in exercise.knobs.get("difficulty", (None,)):
        for seed in SEEDS:
            knobs = {"difficulty": difficulty} if difficulty else {}
            out.append(problems.write(problems.draw(exercise, seed, **knobs)))
    return out


@pytest.mark.parametrize("kind", registry.kinds())
def test_golden(kind):
    path = GOLDEN / f"{kind}.json"
    current = json.loads(json.dumps(drawn(kind)))
    if os.environ.get("NNGRADE_UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("NNGRADE_UPDATE_GOLDEN"):
            pytest.fail(f"no golden file for {kind}; create it with NNGRADE_UPDATE_GOLDEN=1")
        path.write_text(json.dumps(current, indent=1) + "\n")
    assert json.loads(path.read_text()) == current
