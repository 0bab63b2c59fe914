"""perceptron: w and b after each visit and which visits were mistakes (seed lecture 001).

sign(0) = 0, as NumPy's sign in the seed, so a point on the boundary is a mistake (see
:mod:`nngrade.solvers.perceptron`). ``mistakes`` is the list of visit numbers (1-based, counting
across epochs) at which the perceptron updated.
"""
from __future__ import annotations

import numpy as np

from nngrade.core import params as P
from nngrade.generators import perceptron as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.grading.work import Unworked
from nngrade.solvers import perceptron as solver

from ..exercise import Exercise, Misconception


def _check(params):
    X, y, w = params["X"], params["y"], params["w"]
    n, p = len(X), len(X[0])
    if len(y) != n:
        raise P.ParamError(f"y has {len(y)} labels but X has {n} rows; they must match")
    if any(label not in (1, -1) for label in y):
        raise P.ParamError("the labels y must be +1 or -1")
    if len(w) != p:
        raise P.ParamError(f"w has {len(w)} entries but X has {p} columns; they must match")
    if params["learning_rate"] <= 0:
        raise P.ParamError("the learning rate must be positive")
    if params["order"] is not None and (not params["order"] or any(i >= n for i in params["order"])):
        raise P.ParamError(f"order must list row indices from 0 to {n - 1}")
    if not 1 <= params["epochs"] <= 100:
        raise P.ParamError("epochs must be from 1 to 100")


PARAMS = P.ParamSpec(
    {
        "X": P.matrix(doc="inputs, one row per point (income, debt, ...)"),
        "y": P.vector(doc="labels, +1 or -1"),
        "w": P.vector(doc="starting weights, one per column of X"),
        "b": P.number(doc="starting bias"),
        "learning_rate": P.number(doc="step size eta > 0"),
        "order": P.indices(None, doc="row indices (0-based) in visiting order; default 0, 1, ..., n-1"),
        "epochs": P.count(1, doc="passes through the order"),
    },
    check=_check,
)


def _follow_through(params, part, earlier):
    """Mistake visits recomputed from the student's own w and b after each visit."""
    if part != "mistakes":
        return None
    w_list, b_list = np.asarray(earlier["w"], dtype=float), np.asarray(earlier["b"], dtype=float)
    X, y = np.array(params["X"], dtype=float), np.array(params["y"], dtype=float)
    order = solver.visits(params)
    if w_list.shape != (len(order), X.shape[1]) or b_list.shape != (len(order),):
        return None
    w, b = np.array(params["w"], dtype=float), float(params["b"])
    mistakes = []
    for number, row in enumerate(order, start=1):
        if y[row] * solver.score(w, X[row], b) <= 0:
            mistakes.append(number)
        w, b = w_list[number - 1], b_list[number - 1]
    return np.array(mistakes, dtype=float)


def _unworked(params):
    """The answers that carry no work (see :mod:`nngrade.grading.work`): w and b zero, or never
    moved from the start, after every visit; no mistakes at all."""
    visits = len(solver.visits(params))
    return {
        "w": (Unworked.ZEROS, [[float(v) for v in params["w"]]] * visits),
        "b": (Unworked.ZEROS, [float(params["b"])] * visits),
        "mistakes": ([],),
    }


EXERCISE = Exercise(
    kind="perceptron",
    version=1,
    title="The perceptron algorithm",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("w", label="w after each visit", per_entry=True),
        AnswerSpec("b", label="b after each visit", per_entry=True),
        AnswerSpec("mistakes", label="the visits that were mistakes", mode="decimals", decimals=0, unordered=True,
                   shape_is_answer=True, follows=("w", "b"), follow_credit=1.0),
    ),
    misconceptions=(
        Misconception("update_on_correct", "looks like the perceptron was updated on a correctly classified "
                      "visit too (update only on a mistake)", parts=("w", "b", "mistakes")),
        Misconception("minus_update", "looks like the update subtracted eta y x; on a mistake the perceptron adds "
                      "eta y x (and eta y to b)", parts=("w", "b")),
        Misconception("no_learning_rate", "looks like the learning rate was left out of the update",
                      parts=("w", "b")),
        Misconception("boundary_counted_correct", "looks like a point exactly on the boundary (w.x + b = 0) was "
                      "counted as correct; sign(0) = 0 matches neither label, so it is a mistake",
                      parts=("mistakes",)),
        Misconception("bias_not_updated", "looks like b was not updated on a mistake (b <- b + eta y)",
                      parts=("b",)),
    ),
    follow_through=_follow_through,
    unworked=_unworked,
    examples={
        "income-debt": {"X": [[5, 1], [2, 6], [6, 2], [1, 4]], "y": [1, -1, 1, -1], "w": [0, 0], "b": 0, "learning_rate": 1},
        "income-debt-two-epochs": {"X": [[1, 5], [6, 2], [3, 3], [8, 7]], "y": [-1, 1, -1, 1], "w": [0, 1],
                                   "b": -1, "learning_rate": 0.5, "order": [2, 0, 3, 1], "epochs": 2},
    },
)
