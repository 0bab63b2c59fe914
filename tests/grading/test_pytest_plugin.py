"""The pytest plugin grades a student's module against hidden variants and writes autograder JSON."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.metadata import entry_points

import numpy as np
import pytest

autograd = pytest.importorskip("autograd")
anp = pytest.importorskip("autograd.numpy")

from nngrade.grading import code_checks  # noqa: E402

STUDENT = """\
import numpy as np

def sigmoid(z):
    return 0.5 * (1 + np.tanh(np.asarray(z, float) / 2))

def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 + s)                      # wrong everywhere

def dense(X, W, b, activation):
    z = np.asarray(X) @ np.asarray(W) + np.asarray(b)
    return {"identity": z, "sigmoid": sigmoid(z), "tanh": np.tanh(z), "relu": np.where(z > 0, z, 0)}[activation]

def mse(y_true, y_pred):
    d = np.asarray(y_pred) - np.asarray(y_true)
    return float((d ** 2).sum() / len(d))   # wrong when y has more than one column

def gd_step(X, y, w, b, learning_rate):
    raise NotImplementedError
"""

TESTS = """\
import pytest

@pytest.mark.points(2)
def test_sigmoid(nngrade_check):
    nngrade_check("sigmoid")

@pytest.mark.points(2)
def test_sigmoid_derivative(nngrade_check):
    nngrade_check("sigmoid_derivative")

@pytest.mark.points(3)
def test_dense(nngrade_check):
    nngrade_check("dense")

@pytest.mark.points(4)
def test_mse(nngrade_check):
    nngrade_check("mse", variants=40)

def test_gd_step(nngrade_check):
    nngrade_check("gd_step")

def test_backprop(nngrade_check):
    nngrade_check("backprop")
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed (Debian package bubblewrap)")
    folder, student = tmp_path_factory.mktemp("code"), tmp_path_factory.mktemp("student")
    (student / "solution.py").write_text(STUDENT)
    (folder / "test_hw.py").write_text(TESTS)
    installed = any(ep.value == "nngrade.grading.pytest_plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "nngrade.grading.pytest_plugin"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *plugin, "-p", "no:cacheprovider", "-q", "test_hw.py",
         "--nngrade-gradescope", "out/results.json", "--nngrade-classroom", "out/classroom.json",
         "--nngrade-seed", "7", "--nngrade-student", str(student / "solution.py")],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )
    return run, json.loads((folder / "out" / "results.json").read_text()), \
        json.loads((folder / "out" / "classroom.json").read_text())


def by_name(results):
    return {test["name"].split("::")[-1]: test for test in results["tests"]}


def test_points_and_partial_credit_in_gradescope_json(graded):
    _, results, _ = graded
    tests = by_name(results)
    assert tests["test_sigmoid"]["score"] == tests["test_sigmoid"]["max_score"] == 2
    assert tests["test_dense"]["score"] == 3
    assert tests["test_sigmoid_derivative"]["score"] == 0
    assert 0 < tests["test_mse"]["score"] < 4
    assert tests["test_gd_step"]["score"] == 0 and tests["test_gd_step"]["status"] == "failed"
    assert tests["test_backprop"]["score"] == 0 and "no function backprop()" in tests["test_backprop"]["output"]
    assert "expected backprop(X, y, W1, b1, W2, b2)" in tests["test_backprop"]["output"]
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


def test_smallest_failing_case_in_plain_words(graded):
    run, results, _ = graded
    output = by_name(results)["test_mse"]["output"]
    assert "Smallest failing case: mse(" in output and "not the expected value (not shown" in output
    assert "raised NotImplementedError" in by_name(results)["test_gd_step"]["output"]
    assert run.returncode == 1


def test_classroom_json(graded):
    _, results, classroom = graded
    assert classroom["version"] == 1 and classroom["status"] == "fail"
    assert classroom["max_score"] == sum(t["max_score"] for t in results["tests"])
    assert {t["name"]: t["score"] for t in classroom["tests"]} == {t["name"]: t["score"] for t in results["tests"]}


def _loss(params, X, y):
    W1, b1, W2, b2 = params
    hidden = 1 / (1 + anp.exp(-(anp.dot(X, W1) + b1)))
    return anp.mean((anp.dot(hidden, W2) + b2 - y) ** 2)


@pytest.mark.parametrize("seed", range(5))
def test_backprop_reference_agrees_with_autograd(seed):
    import random

    X, y, W1, b1, W2, b2 = code_checks.CHECKS["backprop"].draw(random.Random(seed), 3)
    grads = autograd.grad(_loss)((W1, b1, W2, b2), X, y)
    for mine, theirs in zip(code_checks.backprop(X, y, W1, b1, W2, b2), grads):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_gd_step_reference_agrees_with_autograd(seed):
    import random

    X, y, w, b, rate = code_checks.CHECKS["gd_step"].draw(random.Random(seed), 3)
    grad_w, grad_b = autograd.grad(lambda w_, b_: anp.mean((anp.dot(X, w_) + b_ - y) ** 2), (0, 1))(w, b)
    w_new, b_new = code_checks.gd_step(X, y, w, b, rate)
    np.testing.assert_allclose(w_new, w - rate * grad_w, rtol=1e-12)
    assert b_new == pytest.approx(b - rate * grad_b)


def test_reference_passes_its_own_check_and_a_wrong_one_fails():
    assert code_checks.run("sigmoid_derivative", code_checks.sigmoid_derivative, variants=10).fraction == 1
    wrong = code_checks.run("sigmoid", lambda z: 1 / (1 + np.exp(np.asarray(z))), variants=10)
    assert wrong.passed < 10 and "sigmoid(" in wrong.smallest_failure


def test_cell_score_is_partial_credit_for_an_nbgrader_cell(capsys):
    score = code_checks.cell_score("mse", lambda t, p: float(((np.asarray(p) - t) ** 2).sum() / len(t)), 4,
                                   variants=20)
    assert 0 < score < 4
    assert "hidden cases right" in capsys.readouterr().out


def test_the_same_hidden_variants_for_the_same_seed():
    calls = []

    def spy(z):
        calls.append(np.asarray(z).tolist())
        return code_checks.sigmoid(z)

    def inputs(seed):
        calls.clear()
        code_checks.run("sigmoid", spy, variants=5, seed=seed)
        return list(calls)

    assert inputs(3) == inputs(3)
    assert inputs(3) != inputs(4)
