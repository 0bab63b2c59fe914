"""A student's function runs in a confined child process: budgets, restarts and what it can see.

Real bubblewrap, real child processes; the function under test is written to a module file.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time

import pytest

import nngrade.sandbox as sandbox
from nngrade.grading import code_checks, student_process
from nngrade.grading.student_process import Budget, call_cases

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None,
                                reason="bubblewrap is not installed (Debian package bubblewrap)")
CASES = code_checks.hidden_cases("mse", 10, 5)


def outcomes(tmp_path, source: str, budget: Budget = Budget(case_seconds=2.0)):
    module = tmp_path / "solution.py"
    module.write_text("import numpy as np\n" + textwrap.dedent(source))
    return call_cases(module, "mse", 1, CASES, budget)


def test_a_crash_in_every_call_costs_three_processes_then_the_rest_is_not_run(tmp_path):
    started = time.monotonic()
    problems = [o.problem for o in outcomes(tmp_path, "import os\ndef mse(t, p):\n    os._exit(3)\n")]
    assert problems[:3] == ["ended the process (exit status 3)"] * 3
    assert problems[3:] == ["not run: the student's process had to be stopped 3 times"] * 7
    assert time.monotonic() - started < 30


def test_a_function_that_hangs_on_one_case_loses_that_case_only(tmp_path):
    right = code_checks.mse
    found = outcomes(tmp_path, f"""
        import time
        def mse(t, p):
            if t.shape == {CASES[4][0].shape} and (t == np.array({CASES[4][0].tolist()})).all():
                time.sleep(600)
            return float(((p - t) ** 2).mean())
    """, Budget(case_seconds=1.0))
    assert found[4].problem == "took longer than 1 s (stopped)"
    assert [o.values[0].item() for i, o in enumerate(found) if i != 4] == \
        pytest.approx([right(*case) for i, case in enumerate(CASES) if i != 4])


def test_forged_lines_on_the_channel_fail_the_case(tmp_path):
    problems = [o.problem for o in outcomes(tmp_path, """
        import os
        def mse(t, p):
            for fd in range(3, 20):                  # the runner's channel is one of these
                try:
                    os.write(fd, b'{"case": 99, "values": [{"shape": [], "data": [0.0]}]}\\n')
                except OSError:
                    pass
            return float(((p - t) ** 2).mean())
    """)]
    assert problems[0] == "sent back something that is not a result"
    assert all(problem for problem in problems)


def test_a_module_that_never_finishes_loading_fails_every_case_quickly(tmp_path):
    module = tmp_path / "solution.py"
    module.write_text("import time\ntime.sleep(600)\n")
    started = time.monotonic()
    found = call_cases(module, "mse", 1, CASES, Budget(start_seconds=2.0))
    assert {o.problem for o in found} == {"the student's module did not load within 2 s (stopped)"}
    assert time.monotonic() - started < 20


def test_a_missing_function_is_named(tmp_path):
    with pytest.raises(student_process.MissingFunction):
        outcomes(tmp_path, "def mean_squared_error(t, p):\n    return 0.0\n")


def test_inside_only_the_job_is_visible_and_nngrade_is_not(tmp_path):
    (tmp_path / "hidden_tests.py").write_text("answers")
    found = outcomes(tmp_path, f"""
        import importlib.util, os
        def mse(t, p):
            here = sorted(os.listdir(os.path.dirname(os.path.abspath(__file__))))
            assert here == ["job.json", "solution.py", "student_runner.py"], here
            assert not os.path.exists({str(tmp_path / "hidden_tests.py")!r})
            assert not os.path.exists({code_checks.__file__!r})
            assert importlib.util.find_spec("nngrade") is None or not _loads()
            return float(((p - t) ** 2).mean())
        def _loads():
            try:
                import nngrade.grading.code_checks
                return True
            except ImportError:
                return False
    """)
    assert [o.problem for o in found] == [""] * len(CASES)
