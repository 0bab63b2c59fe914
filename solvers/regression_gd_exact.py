"""The exact run of a regression gradient descent, and the worked steps of each iteration.

Linear regression stays in rationals (Python Fractions: fast, and every answer an exact
fraction). Logistic and softmax regression use sympy for exp and log: a value keeps its closed
form while it is short (``1/(1 + exp(5))``) and becomes a 60-digit decimal once it grows
(:func:`~.exact.settle`), so a long run stays fast and correct to far more than 30 digits.

Each iteration is worked as in the seed lab's Steps 4 and 5: evaluate the prediction, the
residual, the gradient and the loss at the current parameters on the step's batch, then update.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .regression_gd_setup import Setup, gradient_constant
from .solution import Step


@dataclass(frozen=True)
class Iteration:
    """Everything one gradient step computes (matrices as lists of rows, b as a list)."""

    rows: list
    W: list
    b: list
    z: list
    yhat: list
    residual: list
    constant: Fraction
    grad_W: list
    grad_b: list
    loss: Any
    new_W: list
    new_b: list


def run(setup: Setup) -> list[Iteration]:
    """The exact iterations of the run."""
    number, settle, activate, batch_loss = _arithmetic(setup)
    X = [[number(x) for x in row] for row in setup.X]
    Y = [[number(y) for y in row] for row in setup.Y]
    W = [[number(w) for w in row] for row in setup.W]
    b = [number(value) for value in setup.b]
    eta = number(setup.learning_rate)
    iterations = []
    for rows in setup.batches:
        Xb, Yb = [X[i] for i in rows], [Y[i] for i in rows]
        constant = gradient_constant(setup.loss, len(rows))
        z = [[settle(value + bias) for value, bias in zip(row, b)] for row in _product(Xb, W)]
        yhat = [activate(row, settle) for row in z]
        residual = [[settle(p - y) for p, y in zip(prow, yrow)] for prow, yrow in zip(yhat, Yb)]
        grad_W = [[settle(number(constant) * value) for value in row] for row in _product(_transpose(Xb), residual)]
        grad_b = [settle(number(constant) * sum(column)) for column in _transpose(residual)]
        loss = settle(batch_loss(z, residual, Yb))
        new_W = [[settle(w - eta * g) for w, g in zip(wrow, grow)] for wrow, grow in zip(W, grad_W)]
        new_b = [settle(value - eta * g) for value, g in zip(b, grad_b)]
        iterations.append(Iteration(rows, W, b, z, yhat, residual, constant, grad_W, grad_b, loss, new_W, new_b))
        W, b = new_W, new_b
    return iterations


def answers(iterations: list[Iteration], single_output: bool) -> dict[str, list]:
    """Per-step answer lists (flat for one output), before the kind picks the parts it reports."""
    from .regression_gd_setup import flat

    values = {
        "z": [it.z for it in iterations],
        "yhat": [it.yhat for it in iterations],
        "grad_w": [it.grad_W for it in iterations],
        "grad_b": [it.grad_b for it in iterations],
        "w": [it.new_W for it in iterations],
        "b": [it.new_b for it in iterations],
        "loss": [it.loss for it in iterations],
    }
    return flat(values, single_output)


def _product(A, B):
    return [[sum((a * B[k][j] for k, a in enumerate(row)), 0) for j in range(len(B[0]))] for row in A]


def _transpose(A):
    return [list(column) for column in zip(*A)]


def _arithmetic(setup: Setup):
    """Number conversion, settling, activation and batch loss for the setup's model."""
    if setup.model == "identity":
        def batch_loss(z, residual, Yb):
            total = sum((r * r for row in residual for r in row), Fraction(0))
            return total / len(residual) if setup.loss == "mse" else total

        return Fraction, _keep, lambda row, settle: list(row), batch_loss

    import sympy as sp

    from . import exact

    if setup.model == "sigmoid":
        def activate(row, settle):
            return [settle(1 / (1 + sp.exp(-value))) for value in row]

        def batch_loss(z, residual, Yb):
            terms = [y * sp.log(1 + sp.exp(-v)) + (1 - y) * sp.log(1 + sp.exp(v))
                     for zrow, yrow in zip(z, Yb) for v, y in zip(zrow, yrow)]
            return sp.Add(*terms) / len(z)
    else:
        def activate(row, settle):
            return [settle(1 / sp.Add(*[sp.exp(other - value) for other in row])) for value in row]

        def batch_loss(z, residual, Yb):
            terms = [y * sp.log(sp.Add(*[sp.exp(other - v) for other in zrow]))
                     for zrow, yrow in zip(z, Yb) for v, y in zip(zrow, yrow) if y != 0]
            return sp.Add(*terms) / len(z)

    return exact.sym, exact.settle, activate, batch_loss


def _keep(value):
    return value


def iteration_steps(setup: Setup, iterations: list[Iteration], symbols: dict[str, str]) -> list[Step]:
    """Steps 4 and 5 of the lab for every iteration: evaluate at the current parameters, update.

    ``symbols`` holds the LaTeX of the kind's notation: ``w`` (the weights), ``b``, ``loss``
    (the loss formula written for the batch) and ``forward`` (how yhat follows from z, or "").
    """
    from . import latex

    steps = []
    w, b = symbols["w"], symbols["b"]
    for t, it in enumerate(iterations, start=1):
        Xb = [setup.X[i] for i in it.rows]
        Yb = [setup.Y[i] for i in it.rows]
        rows = ", ".join(str(i + 1) for i in it.rows)
        before = f"^{{({t - 1})}}"
        constant = latex.number(it.constant)
        first = "z" if symbols["forward"] else r"\hat{y}"
        lines = [
            rf"{first} &= X_B {w}{before} + {b}{before} = {latex.matrix(Xb)} {latex.matrix(it.W)} + {_bias(it.b)}"
            rf" = {latex.matrix(it.z)}",
        ]
        if symbols["forward"]:
            lines.append(rf"\hat{{y}} &= {symbols['forward']} = {latex.matrix(it.yhat)}")
        lines += [
            rf"\hat{{y}} - y_B &= {latex.matrix(it.yhat)} - {latex.matrix(Yb)} = {latex.matrix(it.residual)}",
            rf"\frac{{\partial L}}{{\partial {w}}} &= {constant}\, X_B^\top (\hat{{y}} - y_B)"
            rf" = {constant} {latex.matrix(_transpose(Xb))} {latex.matrix(it.residual)} = {latex.matrix(it.grad_W)}",
            rf"\frac{{\partial L}}{{\partial {b}}} &= {constant}\, \mathbf{{1}}^\top (\hat{{y}} - y_B)"
            rf" = {constant} {latex.row([1] * len(it.rows))} {latex.matrix(it.residual)} = {_bias(it.grad_b)}",
            rf"L &= {symbols['loss']} = {latex.number(it.loss)}",
        ]
        steps.append(Step(
            f"Iteration {t}: evaluate at the current parameters",
            r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}",
            f"Iteration {t} uses row{'s' if len(it.rows) > 1 else ''} {rows} of the data (N = {len(it.rows)}); "
            f"the gradient and the loss are taken at the parameters before the update.",
        ))
        eta = latex.number(setup.learning_rate)
        after = f"^{{({t})}}"
        update = [
            rf"{w}{after} &= {w}{before} - \eta \frac{{\partial L}}{{\partial {w}}} = {latex.matrix(it.W)} - {eta}"
            rf" {latex.matrix(it.grad_W)} = {latex.matrix(it.new_W)}",
            rf"{b}{after} &= {b}{before} - \eta \frac{{\partial L}}{{\partial {b}}} = {_bias(it.b)} - {eta}"
            rf" {_bias(it.grad_b, signed=True)} = {_bias(it.new_b)}",
        ]
        steps.append(Step(
            f"Iteration {t}: update",
            r"\begin{aligned}" + r" \\ ".join(update) + r"\end{aligned}",
            f"Step against the gradient with learning rate eta = {latex.number(setup.learning_rate)}.",
        ))
    return steps


def _bias(values: list, signed: bool = False) -> str:
    from . import latex

    if len(values) == 1:
        return latex.signed(values[0]) if signed else latex.number(values[0])
    return latex.row(values)
