"""Grade a student's implementation of a neural-network function against many random variants.

Each check knows a NumPy reference (built from the one table of activations and losses,
:mod:`nngrade.core.maths`, that the solvers use too), how to draw
inputs of a given size through nngrade's portable draws, and the function's calling convention.
:func:`hidden_cases` draws ``variants`` inputs of growing size; whoever calls the student's
function (in a confined process: ``student_process``; in this process: :func:`run`) hands back
validated outcomes, and :func:`grade` compares them with the reference, computed from its own
copy of the inputs, by the grader's tolerance rule (:func:`.compare.close`), and reports the smallest failing case in plain words without ever showing
an expected value.

The conventions follow CONTRACT.md: data are rows, ``z = X @ W + b``, ``mse`` is the mean of the
squared errors over all entries, gradient descent is ``theta - learning_rate * grad``.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import numpy as np

from nngrade.core import maths
from nngrade.generators import draw
from nngrade.grading import compare
from nngrade.grading.call_results import Outcome, read_outcome
from nngrade.grading.spec import AnswerSpec
from nngrade.grading.student_runner import call_case, encode_argument

ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu")


def sigmoid(z):
    return maths.phi("sigmoid", z)


def sigmoid_derivative(z):
    return maths.dphi("sigmoid", z)


def dense(X, W, b, activation: str):
    return maths.phi(activation, np.asarray(X, float) @ np.asarray(W, float) + np.asarray(b, float))


def mse(y_true, y_pred):
    return maths.value("mse", np.asarray(y_pred, float), np.asarray(y_true, float))


def gd_step(X, y, w, b, learning_rate):
    """One batch gradient-descent step of linear regression with the mse loss: (w_new, b_new)."""
    X, y, w = np.asarray(X, float), np.asarray(y, float), np.asarray(w, float)
    slope = maths.slope("mse", X @ w + b, y)
    return w - learning_rate * (X.T @ slope), b - learning_rate * float(np.sum(slope))


def backprop(X, y, W1, b1, W2, b2):
    """Gradients (dW1, db1, dW2, db2) of the mse loss of a sigmoid-hidden, identity-output network."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    W1, b1, W2, b2 = (np.asarray(v, float) for v in (W1, b1, W2, b2))
    z1 = X @ W1 + b1
    hidden = maths.phi("sigmoid", z1)
    delta2 = maths.slope("mse", hidden @ W2 + b2, y)
    delta1 = (delta2 @ W2.T) * maths.dphi("sigmoid", z1)
    return X.T @ delta1, delta1.sum(axis=0), hidden.T @ delta2, delta2.sum(axis=0)


def _values(rng, rows, cols, spread=3):
    """A rows x cols float matrix of multiples of 0.5 in [-spread, spread]."""
    return np.array([[float(draw.decimal(rng, -spread, spread, "1/2")) for _ in range(cols)] for _ in range(rows)])


def _draw_z(rng, size):
    return (_values(rng, draw.integer(rng, 1, size), draw.integer(rng, 1, size)),)


def _draw_dense(rng, size):
    n, p, q = (draw.integer(rng, 1, size) for _ in range(3))
    return _values(rng, n, p), _values(rng, p, q, 1), _values(rng, 1, q)[0], draw.pick(rng, ACTIVATIONS)


def _draw_mse(rng, size):
    n, k = draw.integer(rng, 1, size), draw.integer(rng, 1, 2)
    return _values(rng, n, k), _values(rng, n, k)


def _draw_gd(rng, size):
    n, p = draw.integer(rng, 1, size + 1), draw.integer(rng, 1, size)
    rate = float(draw.decimal(rng, Fraction(1, 100), Fraction(1, 10), "1/100"))
    return _values(rng, n, p), _values(rng, 1, n)[0], _values(rng, 1, p, 1)[0], float(draw.decimal(rng, -1, 1, "1/2")), rate


def _draw_backprop(rng, size):
    n, p, h, k = (draw.integer(rng, 1, size) for _ in range(4))
    return (_values(rng, n, p), _values(rng, n, k), _values(rng, p, h, 1), _values(rng, 1, h, 1)[0],
            _values(rng, h, k, 1), _values(rng, 1, k, 1)[0])


@dataclass(frozen=True)
class CodeCheck:
    """How to test one function students implement."""

    name: str
    signature: str
    reference: Callable[..., Any]
    draw: Callable[[random.Random, int], tuple]
    outputs: tuple[str, ...] = ("result",)
    rtol: float = 1e-6
    atol: float = 1e-9


CHECKS = {
    check.name: check for check in (
        CodeCheck("sigmoid", "sigmoid(z)", sigmoid, _draw_z),
        CodeCheck("sigmoid_derivative", "sigmoid_derivative(z)", sigmoid_derivative, _draw_z),
        CodeCheck("dense", "dense(X, W, b, activation)", dense, _draw_dense),
        CodeCheck("mse", "mse(y_true, y_pred)", mse, _draw_mse),
        CodeCheck("gd_step", "gd_step(X, y, w, b, learning_rate) -> (w_new, b_new)", gd_step, _draw_gd,
                  outputs=("w_new", "b_new")),
        CodeCheck("backprop", "backprop(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)", backprop, _draw_backprop,
                  outputs=("dW1", "db1", "dW2", "db2")),
    )
}


@dataclass
class CheckResult:
    """How a student's function fared on the variants of one check."""

    name: str
    total: int
    passed: int
    smallest_failure: str = ""
    failures: list[str] = field(default_factory=list)

    @property
    def fraction(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def summary(self) -> str:
        head = f"{self.name}: {self.passed} of {self.total} hidden cases right"
        return head if not self.smallest_failure else f"{head}\nSmallest failing case: {self.smallest_failure}"


def hidden_cases(name: str, variants: int = 25, seed: int | str = 0, max_size: int = 4) -> list[tuple]:
    """The inputs of the check's hidden variants, of growing size, the same for the same seed."""
    check = CHECKS[name]
    rng = random.Random(f"{name}:{seed}")
    return [check.draw(rng, 1 + (index * max_size) // max(variants, 1)) for index in range(variants)]


def grade(name: str, cases: list[tuple], outcomes: list[Outcome], rtol: float | None = None,
          atol: float | None = None) -> CheckResult:
    """Compare each outcome with the reference, computed here from this process's own inputs."""
    check = CHECKS[name]
    rtol = check.rtol if rtol is None else rtol
    atol = check.atol if atol is None else atol
    failures: list[tuple[int, str]] = []
    for args, outcome in zip(cases, outcomes, strict=True):
        message = _judge(check, args, outcome, rtol, atol)
        if message:
            failures.append((sum(np.size(a) for a in args if not isinstance(a, str)), message))
    failures.sort(key=lambda item: item[0])
    return CheckResult(name, len(cases), len(cases) - len(failures), failures[0][1] if failures else "",
                       [message for _, message in failures])


def run(name: str, function: Callable, variants: int = 25, seed: int | str = 0, max_size: int = 4,
        rtol: float | None = None, atol: float | None = None) -> CheckResult:
    """Call ``function`` in this process on the hidden inputs of the check ``name`` and compare.

    For trusted callers and for a notebook's own kernel; the pytest plugin runs students' code in
    a confined process instead (``student_process``). Both read the results the same way."""
    check = CHECKS[name]
    outputs = len(check.outputs)
    cases = hidden_cases(name, variants, seed, max_size)
    outcomes = [read_outcome(call_case(function, [encode_argument(a) for a in args], outputs), outputs)
                for args in cases]
    return grade(name, cases, outcomes, rtol, atol)


def _judge(check: CodeCheck, args: tuple, outcome: Outcome, rtol: float, atol: float) -> str:
    call = f"{check.name}({', '.join(_show(a) for a in args)})"
    if outcome.problem:
        return f"{call} {outcome.problem}"
    want = check.reference(*args)
    wants = want if len(check.outputs) > 1 else (want,)
    for label, value, expected in zip(check.outputs, outcome.values, wants, strict=True):
        problem = _compare(value, np.asarray(expected, float), rtol, atol)
        if problem:
            where = f" {label}" if len(check.outputs) > 1 else ""
            return f"{call}:{where} {problem}"
    return ""


def _compare(array: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    """What is wrong with a returned array, in words that never show the expected values."""
    if array.shape != expected.shape and array.size == expected.size == 1:
        array = array.reshape(expected.shape)
    if array.shape != expected.shape:
        return f"returned shape {array.shape}, expected shape {expected.shape}"
    bad = ~compare.close(array, expected, AnswerSpec("returned value", rtol=rtol, atol=atol))
    if not bad.any():
        return ""
    first = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    where = f" at entry {list(first)}" if first else ""
    return f"returned {float(array[first]):.6g}{where}, which is not the expected value (not shown for hidden cases)"


def cell_score(name: str, function: Callable, points: float, **options) -> float:
    """For an nbgrader test cell: print the result in words and return the partial credit."""
    result = run(name, function, **options)
    print(result.summary())
    return round(points * result.fraction, 4)


def _show(value) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, separator=", ")
    return repr(value)


