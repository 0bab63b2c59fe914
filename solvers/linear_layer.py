"""z = X W + b: the pre-activation of a dense layer, with every row-by-column product written out."""
from __future__ import annotations

import numpy as np

from .float_working import refuse_unless_finite, refuse_where_cancelled
from .solution import Solution, Step


def bias_rows(b, n: int, q: int) -> list[list]:
    """The bias as an ``n x q`` matrix.

    ``b`` may be one bias per unit (length ``q``, added to every row, as the contract says), a
    column of ``n`` biases when there is one unit (the seed lab's ``b = (1, 1)``), or a full
    ``n x q`` matrix.
    """
    if b and isinstance(b[0], list):
        return [list(row) for row in b]
    if len(b) == q:
        return [list(b) for _ in range(n)]
    if q == 1 and len(b) == n:
        return [[entry] for entry in b]
    raise ValueError(f"b has {len(b)} entries; expected {q} (one per unit)")


def bias_shape(b, n: int, q: int) -> tuple[int, int]:
    """The shape of ``b`` as given: ``n x q`` for a matrix, ``1 x q`` (a row) for one bias per
    unit, ``n x 1`` (a column) for the seed lab's column of ``n`` biases."""
    if b and isinstance(b[0], list):
        return len(b), len(b[0])
    return (1, q) if len(b) == q else (len(b), 1)


def bias_latex(b, n: int, q: int) -> str:
    """``b`` as LaTeX in its own shape (:func:`bias_shape`): a row, a column or a matrix."""
    from . import latex

    if b and isinstance(b[0], list):
        return latex.matrix(b)
    return latex.row(b) if bias_shape(b, n, q)[0] == 1 else latex.column(b)


def solve(params) -> Solution:
    """Exact z with the products and the bias shown step by step."""
    from . import exact, latex

    X, W = params["X"], params["W"]
    n, p, q = len(X), len(X[0]), len(W[0])
    B = bias_rows(params["b"], n, q)
    b_shape = "{} \\times {}".format(*bias_shape(params["b"], n, q))
    product = exact.matrix(X) * exact.matrix(W)
    z = product + exact.matrix(B)
    sums = [
        [" + ".join(f"{latex.signed(X[i][k])} \\cdot {latex.signed(W[k][j])}" for k in range(p)) for j in range(q)]
        for i in range(n)
    ]
    steps = [
        Step(
            "Write down the shapes",
            rf"\underbrace{{X}}_{{{n} \times {p}}}\;\underbrace{{W}}_{{{p} \times {q}}}"
            rf" + \underbrace{{b}}_{{{b_shape}}} = \underbrace{{z}}_{{{n} \times {q}}}",
            f"$X$ has {n} rows (observations) and {p} columns (inputs); $W$ has one column per unit, so $z$ is $"
            f"{n} \\times {q}$.",
        ),
        Step(
            "Multiply",
            rf"X W = {latex.product(latex.matrix(X), latex.matrix(W))} = {latex.matrix(sums)} = {latex.nested(product)}",
            "Each entry of $XW$ is a row of $X$ times a column of $W$.",
        ),
        Step(
            "Add the bias",
            rf"z = X W + b = {latex.nested(product)} + {latex.matrix(B)} = {latex.nested(z)}",
            "The bias of each unit is added to every row.",
        ),
    ]
    answers = {"z": exact.as_nested(z)}
    if params.get("ask_shape"):
        answers.update({"n_observations": n, "n_inputs": p, "n_units": q})
        steps.append(
            Step(
                "Read the architecture off the shapes",
                rf"X \in \mathbb{{R}}^{{{n} \times {p}}},\; W \in \mathbb{{R}}^{{{p} \times {q}}}",
                f"The {_count(n, 'row')} of $X$ are {_count(n, 'observation')} fed through the network at once; "
                f"its {_count(p, 'column')} {'mean' if p != 1 else 'means'} the input layer has {_count(p, 'neuron')}; "
                f"the {_count(q, 'column')} of $W$ {'are' if q != 1 else 'is'} {_count(q, 'neuron')} in this layer.",
            )
        )
    return Solution(answers, steps)


#: The wrong ways of working z = XW + b that :func:`solve_numeric` can imitate.
MISTAKES = (
    "no_bias",          # z = XW
    "bias_subtracted",  # z = XW - b
    "x_transposed",     # z = X^T W + b (square X only)
    "w_transposed",     # z = X W^T + b (square W only)
    "bias_on_rows",     # b added down the rows (one bias per unit, as many units as rows)
    "shape_swapped",    # the counts of observations and inputs swapped (X not square)
)


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict | None:
    """The same answers in float64; ``rnd`` rounds each intermediate result; ``mistake`` (one of
    :data:`MISTAKES`) works them wrongly, None where it cannot happen for these params."""
    if mistake is not None and mistake not in MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}")
    rnd = rnd or (lambda a: a)
    X = np.array(params["X"], dtype=float)
    W = np.array(params["W"], dtype=float)
    (n, p), q = X.shape, W.shape[1]
    B = np.array(bias_rows(params["b"], n, q), dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        refuse_unless_finite(X @ W + B)
        refuse_where_cancelled(X @ W + B, np.abs(X) @ np.abs(W) + np.abs(B), terms=p + 1)
    if mistake == "x_transposed":
        if n != p:
            return None
        X = X.T
    if mistake == "w_transposed":
        if W.shape[0] != q:
            return None
        W = W.T
    if mistake == "bias_on_rows":
        b = params["b"]
        if q == 1 or n != q or (b and isinstance(b[0], list)):
            return None
        B = np.array(b, dtype=float)[:, None]
    sign = {"no_bias": 0.0, "bias_subtracted": -1.0}.get(mistake, 1.0)
    out = {"z": rnd(rnd(X @ W) + sign * B)}
    if mistake == "shape_swapped" and n == p:
        return None
    if params.get("ask_shape"):
        counts = (p, n) if mistake == "shape_swapped" else (n, p)
        out.update({"n_observations": counts[0], "n_inputs": counts[1], "n_units": q})
    return out


def _count(number: int, noun: str) -> str:
    """``1 row``, ``2 rows``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
