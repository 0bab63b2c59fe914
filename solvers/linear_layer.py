"""z = X W + b: the pre-activation of a dense layer, with every row-by-column product written out."""
from __future__ import annotations

import numpy as np

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


def solve(params) -> Solution:
    """Exact z with the products and the bias shown step by step."""
    from . import exact, latex

    X, W = params["X"], params["W"]
    n, p, q = len(X), len(X[0]), len(W[0])
    B = bias_rows(params["b"], n, q)
    b_shape = f"{n} \\times {q}" if isinstance(params["b"][0], list) else str(len(params["b"]))
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
            rf"X W = {latex.matrix(X)} {latex.matrix(W)} = {latex.matrix(sums)} = {latex.nested(product)}",
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
                f"The {n} rows of $X$ are {n} observations fed through the network at once; its {p} columns "
                f"mean the input layer has {p} neurons; the {q} columns of $W$ are {q} neurons in this layer.",
            )
        )
    return Solution(answers, steps)


def solve_numeric(params, rnd=None) -> dict:
    """The same answers in float64; ``rnd`` rounds each intermediate result."""
    rnd = rnd or (lambda a: a)
    X = np.array(params["X"], dtype=float)
    W = np.array(params["W"], dtype=float)
    B = np.array(bias_rows(params["b"], X.shape[0], W.shape[1]), dtype=float)
    out = {"z": rnd(rnd(X @ W) + B)}
    if params.get("ask_shape"):
        out.update({"n_observations": X.shape[0], "n_inputs": X.shape[1], "n_units": W.shape[1]})
    return out
