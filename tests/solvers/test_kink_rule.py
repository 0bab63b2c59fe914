"""One rule at the kinks, in every kind that differentiates ReLU, leaky ReLU or sign.

At z = 0 the slope of the negative side is used (ReLU'(0) = 0, leaky ReLU'(0) = alpha,
sign'(0) = 0), as PyTorch, TensorFlow and JAX do. The ``activation`` kind (its derivative) and
``backprop`` (its deltas) both apply it, in the exact solver and in the NumPy twin, and their
worked steps say so.
"""
from __future__ import annotations

import numpy as np
import pytest

import nngrade
from nngrade.exercises import problems, registry
from nngrade.core import maths
from nngrade.solvers.exact import float_value

#: The slope at z = 0 of each kinked function (leaky ReLU with alpha = 1/10).
AT_ZERO = {"relu": 0.0, "leaky_relu": 0.1, "sign": 0.0}


def layer(name, W, b):
    out = {"W": W, "b": b, "activation": name}
    if name == "leaky_relu":
        out["alpha"] = 0.1
    return out


@pytest.mark.parametrize("name", maths.KINKED)
def test_activation_derivative_at_zero(name):
    params = {"function": name, "z": [-2, 0, 3], "derivative": True}
    if name == "leaky_relu":
        params["alpha"] = 0.1
    problem = problems.read({"kind": "activation", "params": params})
    exercise = registry.get("activation")
    solution = exercise.solve(problem.params)
    right = {"relu": [0, 0, 1], "leaky_relu": [0.1, 0.1, 1], "sign": [0, 0, 0]}[name]
    np.testing.assert_allclose(float_value(solution.answers["da_dz"]), right)
    np.testing.assert_allclose(exercise.solve_numeric(problem.params)["da_dz"], right)
    assert any("slope of the negative side" in step.text for step in solution.steps)


@pytest.mark.parametrize("name", maths.KINKED)
def test_backprop_delta_at_zero(name):
    # one unit, z = 1*1 + (-1) = 0 exactly; an identity output after it carries the slope back
    params = {"X": [[1]], "y": [[3]], "loss": "half_sse", "learning_rate": 0.1,
              "layers": [layer(name, [[1]], [-1]), layer("identity", [[2]], [1])]}
    problem = problems.read({"kind": "backprop", "params": params})
    exercise = registry.get("backprop")
    solution = exercise.solve(problem.params)
    # dL/da1 = (yhat - y) * 2 = (1 - 3) * 2 = -4; delta1 = -4 * phi'(0)
    expected = -4 * AT_ZERO[name]
    assert float_value(solution.answers["delta"][0]) == [[pytest.approx(expected)]]
    assert exercise.solve_numeric(problem.params)["delta"][0][0, 0] == pytest.approx(expected)
    assert any("An entry of $z$ is $0$" in step.text for step in solution.steps)


def test_slope_one_at_zero_is_named():
    problem = problems.read({"kind": "activation", "params": {"function": "relu", "z": [-1, 0, 2], "derivative": True}})
    right = nngrade.grade(problem, {"da_dz": [0, 0, 1]})
    assert right.all_correct
    wrong = nngrade.grade(problem, {"da_dz": [0, 1, 1]})
    assert not wrong.all_correct and "PyTorch" in wrong.parts[0].feedback

