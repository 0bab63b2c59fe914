"""The exact run of a regression gradient descent, and the worked steps of each iteration.

Linear regression stays in rationals (Python Fractions: fast, and every answer an exact
fraction). Logistic and softmax regression run in mpmath (sympy's own arbitrary-precision
backend) at 70 significant digits, from the exact inputs, and report 60-digit decimals; the
first step, whose scores z are still rational, also gets exact z and closed forms for yhat and
the loss (``1/(1 + exp(5))``) where they are short. Gradients are sums of such terms and would be
long, and carrying symbolic expressions from step to step is what makes sympy slow, so they are
decimals, which the contract allows for transcendental answers.

Each iteration is worked as in the seed lab's Steps 4 and 5: evaluate the prediction, the
residual, the gradient and the loss at the current parameters on the step's batch, then update.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Callable

from nngrade.core import maths

from .regression_gd_setup import Setup, flat, gradient_constant, loss_factor
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


#: Significant digits of the mpmath run behind logistic and softmax answers.
WORKING_DIGITS = 70


@dataclass(frozen=True)
class Arithmetic:
    """How one model computes: numbers from Fractions, yhat from a row of z, and the batch loss."""

    number: Callable[[Fraction], Any]
    activate: Callable[[list], list]
    batch_loss: Callable[[list, list, list], Any]


def run(setup: Setup) -> list[Iteration]:
    """The exact iterations of the run (Fractions, or sympy numbers for logistic and softmax)."""
    if setup.model == "identity":
        return _iterate(setup, Arithmetic(Fraction, list, _squared_error(setup.loss)))
    import mpmath

    with mpmath.workdps(WORKING_DIGITS):
        iterations = _iterate(setup, _transcendental(mpmath, setup))
    return _with_closed_forms(setup, [_as_sympy(it) for it in iterations])


def _iterate(setup: Setup, arithmetic: Arithmetic) -> list[Iteration]:
    number = arithmetic.number
    X = [[number(x) for x in row] for row in setup.X]
    Y = [[number(y) for y in row] for row in setup.Y]
    W = [[number(w) for w in row] for row in setup.W]
    b = [number(value) for value in setup.b]
    eta = number(setup.learning_rate)
    iterations = []
    for rows in setup.batches:
        Xb, Yb = [X[i] for i in rows], [Y[i] for i in rows]
        constant = gradient_constant(setup.loss, len(rows))
        c = number(constant)
        z = [[value + bias for value, bias in zip(row, b)] for row in _product(Xb, W)]
        yhat = [arithmetic.activate(row) for row in z]
        residual = [[p - y for p, y in zip(prow, yrow)] for prow, yrow in zip(yhat, Yb)]
        grad_W = [[c * value for value in row] for row in _product(_transpose(Xb), residual)]
        grad_b = [c * sum(column) for column in _transpose(residual)]
        loss = arithmetic.batch_loss(z, residual, Yb)
        new_W = [[w - eta * g for w, g in zip(wrow, grow)] for wrow, grow in zip(W, grad_W)]
        new_b = [value - eta * g for value, g in zip(b, grad_b)]
        iterations.append(Iteration(rows, W, b, z, yhat, residual, constant, grad_W, grad_b, loss, new_W, new_b))
        W, b = new_W, new_b
    return iterations


def _squared_error(loss: str):
    def batch_loss(z, residual, Yb):
        total = sum((r * r for row in residual for r in row), Fraction(0))
        return total * loss_factor(loss, len(residual))

    return batch_loss


def _transcendental(mpmath, setup: Setup) -> Arithmetic:
    def number(value: Fraction):
        return mpmath.mpf(value.numerator) / value.denominator

    def activate(row):
        return _closed_activation(setup.model, row, mpmath)

    def batch_loss(z, residual, Yb):
        terms = [term for zrow, yrow in zip(z, Yb) for term in maths.exact_terms_from_scores(setup.loss, zrow, yrow, mpmath)]
        factor = loss_factor(setup.loss, len(z))
        return mpmath.fsum(terms) * factor.numerator / factor.denominator

    return Arithmetic(number, activate, batch_loss)


def _closed_activation(model: str, row: list, lib) -> list:
    """yhat of one row of scores: the sigmoid of each, or the softmax written 1 / sum_j e^(z_j - z_i)."""
    if model == "sigmoid":
        return [maths.exact_phi("sigmoid", value, lib=lib) for value in row]
    return maths.exact_softmax(row, lib=lib, over_each=True)


def _as_sympy(iteration: Iteration) -> Iteration:
    """An mpmath iteration with every number as a 60-digit sympy Float."""
    import sympy as sp

    from .exact import PRECISION

    def convert(value):
        if isinstance(value, list):
            return [convert(item) for item in value]
        return sp.Float(value, PRECISION)

    fields = {name: convert(getattr(iteration, name)) for name in
              ("W", "b", "z", "yhat", "residual", "grad_W", "grad_b", "loss", "new_W", "new_b")}
    return replace(iteration, **fields)


#: Longest text of a rational score z that still gets a closed-form prediction.
SHORT_SCORE = 6


def _with_closed_forms(setup: Setup, iterations: list[Iteration]) -> list[Iteration]:
    """The first step from the exact start: rational W, b and z, and short closed forms.

    yhat keeps its closed form when every score is a short rational (``1/(1 + exp(5))``, or
    ``1/(exp(-4) + exp(2) + 1)`` for three classes); the loss keeps it when the batch is one row
    (``log(exp(-7) + 1)``): a sum of logarithms is longer than a decimal. Both rules are decided
    from the structure, which is much faster than printing sympy expressions to measure them.
    """
    import sympy as sp

    from . import exact

    first = iterations[0]
    Xb = [[exact.sym(x) for x in setup.X[i]] for i in first.rows]
    Yb = [[exact.sym(y) for y in setup.Y[i]] for i in first.rows]
    W = [[exact.sym(w) for w in row] for row in setup.W]
    b = [exact.sym(value) for value in setup.b]
    z = [[value + bias for value, bias in zip(row, b)] for row in _product(Xb, W)]
    yhat, loss = first.yhat, first.loss
    if all(len(str(value)) <= SHORT_SCORE for row in z for value in row):
        yhat = [_closed_activation(setup.model, row, sp) for row in z]
        if len(z) == 1:
            loss = sp.Add(*maths.exact_terms_from_scores(setup.loss, z[0], Yb[0], sp))
    return [replace(first, W=setup.W, b=setup.b, z=z, yhat=yhat, loss=loss)] + iterations[1:]


def answers(iterations: list[Iteration], single_output: bool) -> dict[str, list]:
    """Per-step answer lists (flat for one output), before the kind picks the parts it reports."""
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


def iteration_steps(setup: Setup, iterations: list[Iteration], symbols: dict[str, str]) -> list[Step]:
    """Steps 4 and 5 of the lab for every iteration: evaluate at the current parameters, update.

    ``symbols`` holds the LaTeX of the kind's notation: ``w`` (the weights), ``b``, ``loss``
    (the loss formula written for the batch) and ``forward`` (how yhat follows from z, or "").
    """
    from . import latex

    steps = []
    w, b = symbols["w"], symbols["b"]
    count = maths.loss(setup.loss).count or "N"  # the rows of a batch, named as the loss's TeX names them
    for t, it in enumerate(iterations, start=1):
        Xb = [setup.X[i] for i in it.rows]
        Yb = [setup.Y[i] for i in it.rows]
        rows = ", ".join(str(i + 1) for i in it.rows)
        before = f"^{{({t - 1})}}"
        constant = latex.number(it.constant)
        first = "z" if symbols["forward"] else r"\hat{y}"
        lines = [
            rf"{first} &= X_B {w}{before} + {b}{before} = {latex.product(latex.matrix(Xb), latex.matrix(it.W))} + {_bias(it.b)}"
            rf" = {latex.matrix(it.z)}",
        ]
        if symbols["forward"]:
            lines.append(rf"\hat{{y}} &= {symbols['forward']} = {latex.matrix(it.yhat)}")
        lines += [
            rf"\hat{{y}} - y_B &= {latex.matrix(it.yhat)} - {latex.matrix(Yb)} = {latex.matrix(it.residual)}",
            rf"\frac{{\partial L}}{{\partial {w}}} &= {constant}\, X_B^\top (\hat{{y}} - y_B)"
            rf" = {latex.product(constant, latex.matrix(_transpose(Xb)), latex.matrix(it.residual))} = {latex.matrix(it.grad_W)}",
            rf"\frac{{\partial L}}{{\partial {b}}} &= {constant}\, \mathbf{{1}}^\top (\hat{{y}} - y_B)"
            rf" = {latex.product(constant, latex.row([1] * len(it.rows)), latex.matrix(it.residual))} = {_bias(it.grad_b)}",
            rf"L &= {symbols['loss']} = {latex.number(it.loss)}",
        ]
        steps.append(Step(
            f"Iteration {t}: evaluate at the current parameters",
            r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}",
            f"Iteration {t} uses row{'s' if len(it.rows) > 1 else ''} {rows} of the data (${count} = {len(it.rows)}$); "
            f"the gradient and the loss are taken at the parameters before the update.",
        ))
        eta = latex.number(setup.learning_rate)
        after = f"^{{({t})}}"
        update = [
            rf"{w}{after} &= {w}{before} - \eta \frac{{\partial L}}{{\partial {w}}} = {latex.matrix(it.W)} - "
            rf"{latex.product(eta, latex.matrix(it.grad_W))} = {latex.matrix(it.new_W)}",
            rf"{b}{after} &= {b}{before} - \eta \frac{{\partial L}}{{\partial {b}}} = {_bias(it.b)} - "
            rf"{latex.product(eta, _bias(it.grad_b))} = {_bias(it.new_b)}",
        ]
        steps.append(Step(
            f"Iteration {t}: update",
            r"\begin{aligned}" + r" \\ ".join(update) + r"\end{aligned}",
            rf"Step against the gradient with learning rate $\eta = {latex.number(setup.learning_rate)}$.",
        ))
    return steps


def _bias(values: list) -> str:
    from . import latex

    if len(values) == 1:
        return latex.number(values[0])
    return latex.row(values)
