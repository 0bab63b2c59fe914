"""Least squares, as in seed lecture 003: the loss ||y - X beta||^2, its gradient, the normal equations.

L(beta) = ||y - X beta||^2 = beta^T X^T X beta - 2 beta^T X^T y + y^T y, so
grad L(beta) = 2 X^T X beta - 2 X^T y, and setting it to zero gives the normal equations
X^T X beta_hat = X^T y. The loss is the plain sum of squares (no 1/n, no 1/2).
"""
from __future__ import annotations

import numpy as np

from nngrade.core.params import ParamError

from .float_working import refuse_unless_finite, refuse_where_cancelled
from .solution import Solution, Step

#: Largest condition number of X^T X the twin solves in floats: float64 then keeps about 8 of
#: its 16 digits, far more than any grading tolerance needs.
MAX_CONDITION = 1e8


def solve(params) -> Solution:
    """Exact beta_hat (and the gradient at ``beta``), derived step by step."""
    import sympy as sp

    from . import exact, latex

    X, y = exact.matrix(params["X"]), exact.column(params["y"])
    gram, moment = X.T * X, X.T * y
    beta_hat = gram.LUsolve(moment)
    steps = [
        Step("Write down the loss",
             r"\mathcal{L}(\beta) = \lVert y - X\beta \rVert^2 = \sum_i (y_i - x_i^T \beta)^2"
             r" = \beta^T X^T X \beta - 2\beta^T X^T y + y^T y",
             "The loss is the sum of squared residuals; expanding the square gives a quadratic form in beta."),
        Step("Differentiate",
             r"\nabla_\beta \mathcal{L}(\beta) = 2 X^T X \beta - 2 X^T y",
             r"Term by term: the quadratic form gives $2 X^T X \beta$ (that matrix is symmetric), "
             r"the linear term gives $-2 X^T y$, and the constant term does not depend on $\beta$."),
        Step("Compute the products with $X^T$",
             rf"X^T X = {latex.product(latex.nested(X.T), latex.nested(X))} = {latex.nested(gram)},\qquad "
             rf"X^T y = {latex.product(latex.nested(X.T), latex.nested(y))} = {latex.nested(moment)}",
             "Entry $(j, k)$ of the first product is the dot product of columns $j$ and $k$ of $X$; entry $j$ of the "
             "second is column $j$ of $X$ dotted with $y$."),
    ]
    answers = {}
    if params.get("beta") is not None:
        beta = exact.column(params["beta"])
        curved, linear = 2 * gram * beta, 2 * moment
        gradient = curved - linear
        steps.append(Step(
            r"Evaluate the gradient at the given $\beta$",
            rf"\nabla \mathcal{{L}}\left({latex.nested(beta)}\right) = {latex.product('2', latex.nested(gram), latex.nested(beta))}"
            rf" - {latex.product('2', latex.nested(moment))} = {latex.nested(curved)} - {latex.nested(linear)} = {latex.nested(gradient)}",
            r"Multiply the first product by $\beta$, double it, and subtract twice the second.",
        ))
        answers["gradient"] = _flat(gradient)
    steps.append(_normal_equations_step(gram, moment, beta_hat, latex, sp))
    residual = y - X * beta_hat
    steps.append(Step(
        "Check: the residual is orthogonal to the columns of $X$",
        rf"r = y - X\hat\beta = {latex.nested(residual)},\qquad X^T r = {latex.nested(X.T * residual)}",
        "A zero gradient says exactly that the residual is orthogonal to every column of $X$.",
    ))
    answers["beta_hat"] = _flat(beta_hat)
    return Solution(answers, steps)


def _normal_equations_step(gram, moment, beta_hat, latex, sp) -> Step:
    inverse = gram.inv()
    if gram.shape == (2, 2):
        a, b, c, d = gram
        determinant = gram.det()
        adjugate = sp.Matrix([[d, -b], [-c, a]])
        shown = (rf"(X^T X)^{{-1}} = \frac{{1}}{{{latex.number(a)} \cdot {latex.signed(d)} - {latex.signed(b)} \cdot"
                 rf" {latex.signed(c)}}} {latex.nested(adjugate)} = \frac{{1}}{{{latex.number(determinant)}}}"
                 rf" {latex.nested(adjugate)}")
        text = ("Set the gradient to zero to get the normal equations. To invert a $2 \\times 2$ matrix, swap the "
                "diagonal entries, negate the off-diagonal ones and divide by the determinant.")
    else:
        shown = rf"(X^T X)^{{-1}} = {latex.nested(inverse)}"
        text = "Set the gradient to zero to get the normal equations, and solve them (here with the inverse matrix)."
    return Step(
        "Solve the normal equations",
        rf"X^T X \hat\beta = X^T y \;\Rightarrow\; \hat\beta = (X^T X)^{{-1}} X^T y,\qquad {shown},\qquad"
        rf" \hat\beta = {latex.product(latex.nested(inverse), latex.nested(moment))} = {latex.nested(beta_hat)}",
        text,
    )


def _flat(column) -> list:
    return [column[i, 0] for i in range(column.rows)]


#: The wrong ways of working the gradient and the normal equations that :func:`solve_numeric`
#: can imitate: the gradient ones need ``beta``, the inverse ones a 2 x 2 X^T X.
GRADIENT_MISTAKES = (
    "gradient_sign_slip",    # 2 X^T y - 2 X^T X beta
    "gradient_no_factor_2",  # X^T X beta - X^T y
    "gradient_mean",         # (2/n)(X^T X beta - X^T y), as if the loss were averaged
)
INVERSE_MISTAKES = (
    "inverse_signs_kept",     # (1/det) [[d, b], [c, a]]: the off-diagonal signs kept
    "determinant_forgotten",  # [[d, -b], [-c, a]]: the adjugate, not divided by det
)


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict | None:
    """The same answers in float64; ``rnd`` rounds each intermediate result; ``mistake`` (one of
    :data:`GRADIENT_MISTAKES` and :data:`INVERSE_MISTAKES`) works the part it is made in wrongly,
    None where it cannot happen (or would change nothing: no 1/n for n = 2, no off-diagonal to
    keep the signs of, a determinant of 1)."""
    rnd = rnd or (lambda value: value)
    X = np.array(params["X"], dtype=float)
    y = np.array(params["y"], dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        refuse_unless_finite(X.T @ X, X.T @ y)
        refuse_where_cancelled(X.T @ X, np.abs(X.T) @ np.abs(X), terms=len(X))
        refuse_where_cancelled(X.T @ y, np.abs(X.T) @ np.abs(y), terms=len(X))
        _refuse_ill_conditioned(X.T @ X)
        gram, moment = rnd(X.T @ X), rnd(X.T @ y)
    if mistake in INVERSE_MISTAKES:
        return _inverse_mistake(mistake, gram, moment)
    if mistake is not None and mistake not in GRADIENT_MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}")
    out = {"beta_hat": rnd(np.linalg.solve(gram, moment))}
    if params.get("beta") is not None:
        beta = np.array(params["beta"], dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            refuse_unless_finite(2 * gram @ beta - 2 * moment)
            refuse_where_cancelled(2 * gram @ beta - 2 * moment, 2 * np.abs(gram) @ np.abs(beta) + 2 * np.abs(moment),
                                   terms=len(beta) + 1)
        out["gradient"] = rnd(rnd(2 * rnd(gram @ beta)) - rnd(2 * moment))
        n = X.shape[0]
        if mistake == "gradient_sign_slip":
            out["gradient"] = 2 * moment - 2 * gram @ beta
        elif mistake == "gradient_no_factor_2":
            out["gradient"] = gram @ beta - moment
        elif mistake == "gradient_mean":
            if n == 2:
                return None
            out["gradient"] = (2 / n) * (gram @ beta - moment)
    elif mistake is not None:
        return None
    return out


def _refuse_ill_conditioned(gram) -> None:
    """Raise :class:`ParamError` where X^T X is so near singular that a float solve loses the answer
    (columns of 1e150 and 1: X^T X holds 1e300 beside 2)."""
    if np.linalg.cond(gram) > MAX_CONDITION:
        raise ParamError("X^T X is too close to singular to solve the normal equations in floating point: "
                         "use columns of similar size")


def _inverse_mistake(mistake: str, gram, moment) -> dict | None:
    if gram.shape != (2, 2):
        return None
    (a, b), (c, d) = gram
    if mistake == "inverse_signs_kept":
        if b == 0:
            return None
        return {"beta_hat": np.array([[d, b], [c, a]]) / (a * d - b * c) @ moment}
    if a * d - b * c == 1:
        return None
    return {"beta_hat": np.array([[d, -b], [-c, a]]) @ moment}
