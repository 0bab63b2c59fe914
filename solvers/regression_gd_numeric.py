"""The NumPy twin of a regression gradient-descent run, and the slips that misconceptions replay.

:func:`run` works a :class:`~.regression_gd_setup.Setup` in float64. ``rnd`` is applied to every
intermediate result, so running with rounding to k significant figures measures how far an
answer worked by hand may drift. A :class:`Slip` replays one named mistake through the whole
run (later steps start from the wrong parameters, as they would for the student), which gives
the answers a misconception produces.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from nngrade.core import maths

from .regression_gd_setup import Setup, flat, gradient_constant


def _unrounded(value):
    return value


def _one(rows: int) -> float:
    return 1.0


@dataclass(frozen=True)
class Slip:
    """One way of working the run wrongly; the default works it right."""

    gradient_factor: Callable[[int], float] = _one
    """Multiplies the gradient, given the batch size (0.5: the factor 2 forgotten; N: a sum for a mean)."""
    loss_factor: Callable[[int], float] = _one
    """Multiplies the reported loss, given the batch size."""
    update_sign: int = -1
    """-1 steps against the gradient (right); +1 steps along it."""
    learning_rate: bool = True
    """False: the step is the whole gradient (learning rate forgotten)."""
    bias: str = "right"
    """``right``; ``frozen`` (b never updated); ``times_x`` (dL/db multiplied by the mean of
    each row's x, as if dyhat/db were x); ``updated_w`` (dL/db computed with the new w)."""
    derivative_multiplied: bool = False
    """Multiply (yhat - y) by the activation's derivative yhat (1 - yhat) where it cancels."""


RIGHT = Slip()


def twin(setup_of: Callable[[dict], Setup], parts: tuple[str, ...]):
    """A regression kind's NumPy twin ``solve_numeric(params, rnd=None, mistake=None)``: :func:`run`
    on ``setup_of(params)``, answering ``parts``; ``mistake`` gives the :class:`Slip` that replays a
    named mistake on these params (None where it cannot happen, and then the twin answers None)."""

    def solve_numeric(params, rnd=None, mistake: Callable[[dict], Slip | None] | None = None) -> dict | None:
        slip = RIGHT if mistake is None else mistake(params)
        if slip is None:
            return None
        values = run(setup_of(params), rnd, slip)
        return {part: values[part] for part in parts}

    return solve_numeric


def run(setup: Setup, rnd=None, slip: Slip = RIGHT) -> dict[str, list]:
    """Per-step answers: ``z``, ``yhat``, ``grad_w``, ``grad_b``, ``w``, ``b``, ``loss``."""
    rnd = rnd or _unrounded
    X = np.array(setup.X, dtype=float)
    Y = np.array(setup.Y, dtype=float)
    W = np.array(setup.W, dtype=float)
    b = np.array(setup.b, dtype=float)
    eta = float(setup.learning_rate) if slip.learning_rate else 1.0
    out = {part: [] for part in ("z", "yhat", "grad_w", "grad_b", "w", "b", "loss")}
    for rows in setup.batches:
        Xb, Yb, size = X[rows], Y[rows], len(rows)
        constant = rnd(_constant(setup.loss, size) * slip.gradient_factor(size))
        z, yhat, residual = _forward(setup.model, Xb, Yb, W, b, rnd)
        loss = rnd(_loss(setup, z, yhat, Yb, rnd) * slip.loss_factor(size))
        if slip.derivative_multiplied:
            residual = rnd(residual * rnd(yhat * rnd(1.0 - yhat)))
        grad_W = rnd(constant * rnd(Xb.T @ residual))
        grad_b = _bias_gradient(slip.bias, constant, residual, Xb, rnd)
        new_W = rnd(W + slip.update_sign * rnd(eta * grad_W))
        if slip.bias == "updated_w":
            grad_b = rnd(constant * _forward(setup.model, Xb, Yb, new_W, b, rnd)[2].sum(axis=0))
        new_b = b if slip.bias == "frozen" else rnd(b + slip.update_sign * rnd(eta * grad_b))
        for part, value in (("z", z), ("yhat", yhat), ("grad_w", grad_W), ("grad_b", grad_b),
                            ("w", new_W), ("b", new_b), ("loss", loss)):
            out[part].append(value)
        W, b = new_W, new_b
    return {part: [np.asarray(value) for value in values]
            for part, values in flat(out, setup.single_output).items()}


@lru_cache(maxsize=None)
def _constant(loss: str, rows: int) -> float:
    """:func:`~.regression_gd_setup.gradient_constant` as a float, worked out once per loss and
    batch size rather than in Fractions at every step of every run."""
    return float(gradient_constant(loss, rows))


def predictions(model: str, z: np.ndarray) -> np.ndarray:
    """yhat from the scores z (rows x outputs): identity, sigmoid, or softmax of each row."""
    return maths.phi(model, z)


def _forward(model: str, Xb, Yb, W, b, rnd):
    z = rnd(rnd(Xb @ W) + b)
    yhat = maths.phi(model, z, rnd=rnd)
    return z, yhat, rnd(yhat - Yb)


def _bias_gradient(rule: str, constant: float, residual, Xb, rnd):
    if rule == "times_x":
        return rnd(constant * rnd(rnd(Xb.mean(axis=1)) @ residual))
    return rnd(constant * rnd(residual.sum(axis=0)))


def _loss(setup: Setup, z, yhat, Yb, rnd) -> float:
    """The batch loss; bce and cross-entropy from the scores z, which keeps their digits."""
    return maths.value(setup.loss, yhat, Yb, z if setup.model != "identity" else None, rnd)
