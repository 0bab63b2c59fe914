"""``nngrade grade`` on an expression answer that used to hang the command for minutes."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

from nngrade.exercises import registry


def test_grade_command_finishes_fast_on_a_hanging_expression(tmp_path):
    problem = tmp_path / "problem.json"
    problem.write_text(json.dumps({"kind": "gd_univariate", "params": registry.get("gd_univariate").examples["exp-minus-2x"]}))
    submission = tmp_path / "answer.json"
    submission.write_text(json.dumps({"derivative": "exp(exp(10**30*x))", "stationary_points": [0.6931],
                                      "iterates": [0.5, 0.6756, 0.6930]}))
    command = shutil.which("nngrade")
    argv = [command] if command else [sys.executable, "-m", "nngrade"]
    start = time.perf_counter()
    run = subprocess.run([*argv, "grade", str(problem), str(submission)], capture_output=True, text=True,
                         timeout=120)
    seconds = time.perf_counter() - start
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    derivative = next(part for part in result["parts"] if part["part"] == "derivative")
    assert derivative["score"] == 0 and "not equivalent" in derivative["feedback"]
    assert result["score"] == 2
    print(f"nngrade grade with exp(exp(10**30*x)): {seconds:.1f} s")
    assert seconds < 30  # the command's own start-up (imports, solving the problem) included
