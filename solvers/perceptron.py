"""The perceptron algorithm of seed lecture 001: predict sign(w.x + b), update only on a mistake.

Convention for sign(0): as NumPy's ``np.sign`` in the seed's code, sign(0) = 0, which equals
neither label, so a point exactly on the boundary (w.x + b = 0) is a mistake. In particular the
first visit from w = 0, b = 0 is always a mistake. Equivalently, visit i is a mistake exactly
when y_i (w.x_i + b) <= 0; then w <- w + eta y_i x_i and b <- b + eta y_i.

Answers: ``w`` and ``b`` after every visit (lists over visits), and ``mistakes``, the numbers
(1, 2, ... in visiting order, counting on across epochs) of the visits that were mistakes.
"""
from __future__ import annotations

import numpy as np

from .solution import Solution, Step


#: A float score within this fraction of the size of its terms is taken as exactly 0 (on the boundary).
ZERO_SCORE = 1e-9


def score(w: np.ndarray, x: np.ndarray, b: float, rnd=None) -> float:
    """w.x + b in float64, snapped to 0 when it is 0 up to rounding (0.1 + 0.2 - 0.3 is on the boundary)."""
    rnd = rnd or (lambda value: value)
    value = float(rnd(rnd(w @ x) + b))
    size = np.abs(w) @ np.abs(x) + abs(b)
    return 0.0 if np.isfinite(size) and abs(value) <= ZERO_SCORE * size else value  # an overflow is no boundary


def visits(params) -> list[int]:
    """Row indices in visiting order: ``order`` (default 0..n-1) repeated for every epoch."""
    order = params.get("order") or list(range(len(params["X"])))
    return list(order) * params.get("epochs", 1)


def solve(params) -> Solution:
    """Exact parameters after each visit, one worked step per visit."""
    from . import exact, latex

    eta = exact.sym(params["learning_rate"])
    w, b = exact.column(params["w"]), exact.sym(params["b"])
    steps = [Step(
        "Write down the rule",
        r"\hat y = \operatorname{sign}(w^T x + b),\qquad \text{mistake if } y\,(w^T x + b) \le 0:\quad "
        r"w \leftarrow w + \eta\, y\, x,\quad b \leftarrow b + \eta\, y",
        r"Visit the rows in order. $\operatorname{sign}(0) = 0$ matches neither label, so a point on the boundary is a mistake. "
        "On a correct visit nothing changes.",
    )]
    ws, bs, mistakes = [], [], []
    for number, row in enumerate(visits(params), start=1):
        x, label = exact.column(params["X"][row]), exact.sym(params["y"][row])
        value = (w.T * x)[0, 0] + b
        products = " + ".join(f"{latex.signed(w[j])} \\cdot {latex.signed(x[j])}" for j in range(x.rows))
        check = (rf"w^T x_{{{row + 1}}} + b = {products} + {latex.signed(b)} = {latex.number(value)},\quad "
                 rf"y_{{{row + 1}}}\,(w^T x + b) = {latex.signed(label)} \cdot {latex.signed(value)} = "
                 rf"{latex.number(label * value)}")
        if label * value <= 0:
            mistakes.append(number)
            new_w, new_b = w + eta * label * x, b + eta * label
            update = (rf"\le 0 \Rightarrow \text{{mistake}}:\quad w = {latex.nested(w)} + {latex.number(eta)} \cdot "
                      rf"{latex.signed(label)} \cdot {latex.nested(x)} = {latex.nested(new_w)},\quad b = "
                      rf"{latex.number(b)} + {latex.number(eta)} \cdot {latex.signed(label)} = {latex.number(new_b)}")
            w, b = new_w, new_b
        else:
            update = r"> 0 \Rightarrow \text{correct: no update}"
        steps.append(Step(f"Visit {number}: row {row + 1}", check + r" \;" + update))
        ws.append([w[j] for j in range(w.rows)])
        bs.append(b)
    steps.append(Step(
        "Collect the results",
        rf"w = {latex.nested(ws[-1])},\quad b = {latex.number(bs[-1])},\qquad \text{{mistakes at visits }} "
        + (", ".join(map(str, mistakes)) or r"\text{none}"),
        "The answer lists $w$ and $b$ after every visit and the visits that were mistakes.",
    ))
    return Solution({"w": ws, "b": bs, "mistakes": mistakes}, steps)


#: The wrong ways of running the perceptron that :func:`solve_numeric` can imitate.
MISTAKES = (
    "update_on_correct",         # every visit updates, right or wrong
    "minus_update",              # w - eta y x and b - eta y on a mistake
    "no_learning_rate",          # w + y x and b + y
    "boundary_counted_correct",  # a point on the boundary (score 0) counted as right
    "bias_not_updated",          # b never updated
)


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict | None:
    """The same answers in float64; ``rnd`` rounds each intermediate result; ``mistake`` (one of
    :data:`MISTAKES`) runs it wrongly, None where the run gives it no chance to happen (no visit
    it would treat differently, or a learning rate of 1 to leave out).

    Without ``rnd`` or ``mistake``, whether a visit is a mistake is decided in exact arithmetic on
    the params' Fractions (a sign, cheap to get right): in float64 a score like 10^-300 next to
    terms of 800 is lost to rounding, and an overflowing one is no score at all. With ``rnd`` the
    decision is the rounded student's own, in floats.
    """
    if mistake is not None and mistake not in MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}")
    exact = rnd is None and mistake is None
    rnd = rnd or (lambda value: value)
    X, y = np.array(params["X"], dtype=float), np.array(params["y"], dtype=float)
    eta = float(params["learning_rate"])
    w, b = np.array(params["w"], dtype=float), float(params["b"])
    exact_w, exact_b = list(params["w"]), params["b"]
    ws, bs, mistakes = [], [], []
    if mistake == "no_learning_rate" and params["learning_rate"] == 1:
        return None
    chances = 0
    for number, row in enumerate(visits(params), start=1):
        if exact:
            wrong = params["y"][row] * (sum(v * x for v, x in zip(exact_w, params["X"][row])) + exact_b) <= 0
        else:
            signed = y[row] * score(w, X[row], b, rnd)
            wrong = mistake == "update_on_correct" or (signed < 0 if mistake == "boundary_counted_correct" else signed <= 0)
            chances += signed > 0 if mistake == "update_on_correct" else signed == 0 if mistake == "boundary_counted_correct" \
                else wrong
        if wrong:
            mistakes.append(number)
            step = params["learning_rate"] * params["y"][row]
            exact_w, exact_b = [v + step * x for v, x in zip(exact_w, params["X"][row])], exact_b + step
            rate = {"minus_update": -eta, "no_learning_rate": 1.0}.get(mistake, eta)
            w = rnd(w + rnd(rate * y[row] * X[row]))
            if mistake != "bias_not_updated":
                b = float(rnd(b + rate * y[row]))
        ws.append(w)
        bs.append(b)
    if mistake is not None and not chances:
        return None
    return {"w": np.array(ws), "b": np.array(bs), "mistakes": np.array(mistakes, dtype=float)}
