"""The exact solvers on extreme inputs the contract allows: they solve, or say why in one line.

For every registered kind, Hypothesis builds problems with large magnitudes (hundreds and up to
1e300), long decimals (25 places), fractions, and 1 x 1 up to 8 x 8 shapes. Each one either
reads and solves (the exact answers then agree with the NumPy twin wherever the twin is
finite, to the twin's rounding of the part's largest number), or is refused with a one-line ``ValueError`` (a :class:`ParamError` or
:class:`ProblemFileError`): never another exception, never a traceback for the user. A twin
whose float working overflows or loses the answer refuses the same way (it makes the grader's
keys, so it must never answer wrong); the cases Hypothesis found are kept as examples.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nngrade.exercises import problems, registry
from nngrade.rendering import render
from nngrade.solvers.activation import FUNCTIONS

KINDS = registry.kinds()
#: Few examples per kind: an 8 x 8 exact solve with 25-digit decimals takes up to a second.
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LARGE = st.sampled_from([300, -300, 800, -800, 12345, "1e300", "-1e300", "1e-300", 1000.5])
LONG_DECIMAL = st.tuples(st.integers(-10**6, 10**6), st.integers(0, 10**25 - 1)).map(lambda t: f"{t[0]}.{t[1]:025d}")
SMALL = st.integers(-9, 9)
FRACTION = st.tuples(st.integers(-99, 99), st.integers(1, 97)).map(lambda pair: f"{pair[0]}/{pair[1]}")
#: Each problem draws its entries from one profile, so a problem of hundreds is not always also
#: one of 1e300 (whose answers mostly leave the float range, a one-line refusal).
PROFILES = st.sampled_from([SMALL, st.one_of(SMALL, LARGE), LONG_DECIMAL, FRACTION, st.one_of(SMALL, LONG_DECIMAL, FRACTION)])
SIZE = st.sampled_from([1, 2, 8])
RATE = st.sampled_from([1, "0.1", "1e-6", "0.0000000000000000000000001", 300])


def matrix(rows, cols, entries):
    return st.lists(st.lists(entries, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


def vector(size, entries):
    return st.lists(entries, min_size=size, max_size=size)


@st.composite
def layers(draw, inputs, numbers, last=None):
    out, width = [], inputs
    for index in range(draw(st.integers(1, 2))):
        final = index == 1 or draw(st.booleans())
        units = draw(SIZE)
        activation = (last or draw(st.sampled_from(FUNCTIONS))) if final else draw(st.sampled_from(FUNCTIONS))
        out.append({"W": draw(matrix(width, units, numbers)), "b": draw(vector(units, numbers)), "activation": activation})
        width = units
        if final:
            break
    return out


@st.composite
def one_hot(draw, rows, classes):
    hot = draw(st.lists(st.integers(0, classes - 1), min_size=rows, max_size=rows))
    return [[1 if j == k else 0 for j in range(classes)] for k in hot]


@st.composite
def linear_layer(draw):
    numbers = draw(PROFILES)
    n, p, q = draw(SIZE), draw(SIZE), draw(SIZE)
    return {"X": draw(matrix(n, p, numbers)), "W": draw(matrix(p, q, numbers)), "b": draw(vector(q, numbers))}


@st.composite
def activation(draw):
    numbers = draw(PROFILES)
    shape = draw(st.sampled_from(["vector", "matrix"]))
    z = draw(vector(draw(SIZE), numbers) if shape == "vector" else matrix(draw(SIZE), draw(SIZE), numbers))
    return {"function": draw(st.sampled_from(FUNCTIONS)), "z": z, "derivative": draw(st.booleans())}


@st.composite
def forward_pass(draw):
    numbers = draw(PROFILES)
    n, p = draw(SIZE), draw(SIZE)
    return {"X": draw(matrix(n, p, numbers)), "layers": draw(layers(p, numbers))}


@st.composite
def loss(draw):
    numbers = draw(PROFILES)
    name = draw(st.sampled_from(["mse", "sse", "half_sse", "bce", "cross_entropy"]))
    n, k = draw(SIZE), draw(st.sampled_from([2, 8]))
    if name == "cross_entropy":
        y_true = draw(one_hot(n, k))
        y_pred = [[f"1/{k}"] * k for _ in range(n)] if draw(st.booleans()) else \
            [["0.9999999999999999999999999"] + [f"0.0000000000000000000000001/{k - 1}"] * (k - 1)] * n
        return {"loss": name, "y_true": y_true, "y_pred": y_pred}
    if name == "bce":
        probability = st.sampled_from(["1e-300", "0.5", "0.9999999999999999999999999", "1/3"])
        return {"loss": name, "y_true": draw(vector(n, st.sampled_from([0, 1]))), "y_pred": draw(vector(n, probability))}
    return {"loss": name, "y_true": draw(vector(n, numbers)), "y_pred": draw(vector(n, numbers))}


@st.composite
def gd_univariate(draw):
    a, b = draw(st.integers(1, 10**6)), draw(st.integers(-10**6, 10**6))
    f = draw(st.sampled_from([f"{a}*x**2 + {b}*x", f"{b}*x + 7", f"x**4 - {a}*x", f"exp(x) - {a}*x"]))
    return {"f": f, "x0": draw(st.one_of(SMALL, LONG_DECIMAL, st.sampled_from([300, -800]))),
            "learning_rate": draw(RATE), "steps": draw(st.integers(1, 3))}


def regression_schedule(draw):
    return {"learning_rate": draw(RATE), "method": "batch", "steps": draw(st.integers(1, 2))}


@st.composite
def linear_regression_gd(draw):
    numbers = draw(PROFILES)
    n, p = draw(SIZE), draw(SIZE)
    return {"X": draw(matrix(n, p, numbers)), "y": draw(vector(n, numbers)), "w": draw(vector(p, numbers)), "b": draw(numbers),
            "loss": draw(st.sampled_from(["mse", "sse", "half_sse"])), **regression_schedule(draw)}


@st.composite
def least_squares(draw):
    numbers = draw(PROFILES)
    p = draw(st.sampled_from([1, 2, 3]))
    n = draw(st.integers(p, 8))
    return {"X": draw(matrix(n, p, numbers)), "y": draw(vector(n, numbers)), "beta": draw(vector(p, numbers))}


@st.composite
def logistic_regression_gd(draw):
    numbers = draw(PROFILES)
    n, p = draw(SIZE), draw(SIZE)
    if draw(st.booleans()):
        k = draw(st.sampled_from([2, 8]))
        return {"X": draw(matrix(n, p, numbers)), "y": draw(one_hot(n, k)), "W": draw(matrix(p, k, numbers)), "b": draw(vector(k, numbers)),
                **regression_schedule(draw)}
    return {"X": draw(matrix(n, p, numbers)), "y": draw(vector(n, st.sampled_from([0, 1]))), "w": draw(vector(p, numbers)),
            "b": draw(numbers), **regression_schedule(draw)}


@st.composite
def perceptron(draw):
    numbers = draw(PROFILES)
    n, p = draw(SIZE), draw(SIZE)
    return {"X": draw(matrix(n, p, numbers)), "y": draw(vector(n, st.sampled_from([1, -1]))), "w": draw(vector(p, numbers)),
            "b": draw(numbers), "learning_rate": draw(RATE), "epochs": draw(st.integers(1, 2))}


@st.composite
def backprop(draw):
    numbers = draw(PROFILES)
    name = draw(st.sampled_from(["mse", "sse", "half_sse", "bce", "cross_entropy"]))
    n, p = draw(SIZE), draw(SIZE)
    last = {"bce": "sigmoid", "cross_entropy": "softmax"}.get(name)
    network = draw(layers(p, numbers, last))
    units = len(network[-1]["W"][0])
    if name == "cross_entropy":
        y = draw(one_hot(n, units))
    elif name == "bce":
        y = draw(matrix(n, units, st.sampled_from([0, 1])))
    else:
        y = draw(matrix(n, units, numbers))
    return {"X": draw(matrix(n, p, numbers)), "y": y, "layers": network, "loss": name, "learning_rate": draw(RATE)}


BUILDERS = {builder.__name__: builder for builder in (
    linear_layer, activation, forward_pass, loss, gd_univariate, linear_regression_gd, least_squares,
    logistic_regression_gd, perceptron, backprop)}


def test_every_kind_has_a_builder():
    assert set(BUILDERS) == set(KINDS)


def flat(value) -> list[float]:
    """The entries of a nested numeric answer (lists over layers or steps, arrays), in order."""
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == object):
        return [entry for item in value for entry in flat(item)]
    return [float(entry) for entry in np.asarray(value, dtype=float).ravel()]


def assert_agrees(exact, twin, where, finite=False):
    """Entry by entry, to float64's rounding of the largest number of the part: a twin that adds
    1e300 and -1e300 loses every smaller term (1 - 1e300 + 1e300 is 0 in floats), the exact solver
    does not. With ``finite``, a twin's inf or nan beside a finite exact answer fails too."""
    exact_values, twin_values = flat(exact), flat(twin)
    assert len(exact_values) == len(twin_values), where
    assert not finite or all(map(math.isfinite, twin_values)), (where, twin_values)
    largest = max([abs(v) for v in twin_values if math.isfinite(v)], default=1.0)
    for got, want in zip(exact_values, twin_values):
        if math.isfinite(want):
            assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9 * max(1.0, largest)), (where, got, want)


def solve_or_refuse(kind: str, params: dict, finite: bool = False) -> None:
    """Solve ``params`` exactly and with the twin: each either refuses in one line or they agree
    (with ``finite``, also where the twin's answer is inf or nan)."""
    exercise = registry.get(kind)
    try:
        problem = problems.read({"kind": kind, "params": params})
        as_json = render.solution_json(problem, exercise.solve(problem.params))
        with np.errstate(all="ignore"):
            twin = exercise.solve_numeric(problem.params)
    except ValueError as error:  # the exact solver's refusal, or the twin's where its floats overflow
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message, message
        return
    for part, value in twin.items():
        if exercise.spec(part).kind == "numeric":
            assert_agrees(as_json["answers"][part]["value"], value, f"{kind}.{part}", finite)


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data())
def test_extreme_inputs_solve_or_fail_in_one_line(kind, data):
    solve_or_refuse(kind, data.draw(BUILDERS[kind](), label="params"))


@SETTINGS
@given(params=least_squares())
@example(params={"X": [["1e300", 1], [0, 1]], "y": [0, 1], "beta": None})  # X^T X overflows: 0.5 for beta_hat 1
@example(params={"X": [["1e300"], [2]], "y": [0, 1], "beta": None})
@example(params={"X": [[1], [0], [1], [0], [-1]], "y": ["1e300", 0, 1, 0, "1e300"], "beta": None})  # X^T y cancels: 0 for 1/3
@example(params={"X": [[1], [1]], "y": ["100000000000000000001"] * 2, "beta": ["1e20"]})  # the gradient: 0 for -4
@example(params={"X": [[1, "1e300"], [1, 1]], "y": [1, 2], "beta": [1, 1]})  # nan beside a finite -0
@example(params={"X": [[1, 1], [1, "1.0000001"]], "y": [1, 2], "beta": None})  # condition 2e15: -10235452 for -9999999
@example(params={"X": [[1, 1], [1, "1.000000001"]], "y": [1, 2], "beta": None})  # X^T X singular in floats
def test_least_squares_twin_refuses_where_its_floats_lose_the_answer(params):
    solve_or_refuse("least_squares", params, finite=True)


@SETTINGS
@given(params=linear_layer())
@example(params={"X": [["1e300", 1, "-1e300"]], "W": [[1], [1], [1]], "b": [0]})  # 1e300 + 1 - 1e300: 0 for z = 1
@example(params={"X": [["1e200", "1e200"]], "W": [["1e200"], ["-1e200"]], "b": [1]})  # inf - inf: nan for z = 1
@example(params={"X": [["100000000000000000001"]], "W": [[1]], "b": ["-100000000000000000000"]})  # X read as 1e20
def test_linear_layer_twin_refuses_where_its_floats_lose_the_answer(params):
    solve_or_refuse("linear_layer", params, finite=True)


@SETTINGS
@given(params=loss())
@example(params={"loss": "mse", "y_true": ["100000000000000000000"], "y_pred": ["100000000000000000001"]})  # error 1, 0 in floats
@example(params={"loss": "bce", "y_true": [1], "y_pred": ["0.9999999999999999999999999"]})  # 0 * log(1 - 1.0): nan
def test_loss_twin_refuses_where_its_floats_lose_the_answer(params):
    solve_or_refuse("loss", params, finite=True)


@SETTINGS
@given(params=forward_pass())
@example(params={"X": [[1]], "layers": [{"W": [["5e300", "5e300"]], "b": [7, 0], "activation": "softmax"}]})  # 0.5 for 0.999
@example(params={"X": [["1e10"]], "layers": [{"W": [[1, 1]], "b": [2, 0], "activation": "softmax"}]})  # z's rounding is 1e-6
@example(params={"X": [[1, 1]], "layers": [{"W": [["1e300"], ["-1e300"]], "b": [1], "activation": "relu"}]})  # z = 1 read as 0
def test_forward_pass_twin_refuses_where_its_floats_lose_the_answer(params):
    solve_or_refuse("forward_pass", params, finite=True)


@SETTINGS
@given(params=forward_pass())
@example(params={"X": [[1]], "layers": [{"W": [["5e300", "5e300"]], "b": [7, 0], "activation": "softmax"}]})
def test_backprop_twin_refuses_where_its_forward_floats_lose_the_answer(params):
    params = {**params, "y": [[1] * len(params["layers"][-1]["b"])] * len(params["X"]), "loss": "mse",
              "learning_rate": "1/10"}
    solve_or_refuse("backprop", params, finite=True)
