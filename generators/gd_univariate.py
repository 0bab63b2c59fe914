"""Draws for gradient descent on f(x): polynomials whose stationary points are tidy numbers.

The derivative is chosen first, as ``k (x - r1) (x - r2) ...`` with small integer roots (one
root ``-b / 2a`` for a quadratic), and ``f`` is its antiderivative with integer coefficients, so
the stationary points come out exactly and the iterates ``x_k`` are short decimals. With
``ask_step_size`` the function is a convex quadratic and the learning rate is drawn from one of
three regimes (monotone convergence, oscillating convergence, divergence) so that the question
"does this rate converge?" has either answer.
"""
from __future__ import annotations

import random
from fractions import Fraction

from nngrade.core.polynomial_terms import joined, signed_terms

from . import draw

#: Degree of f, learning rates, number of steps and root range of each difficulty.
LEVELS = {
    "easy": {"degree": 2, "rates": ("0.1", "0.05"), "steps": (2, 3), "range": 4},
    "medium": {"degree": 3, "rates": ("0.1", "0.05", "0.01"), "steps": (2, 3), "range": 3},
    "hard": {"degree": 4, "rates": ("0.05", "0.02", "0.01"), "steps": (3, 3), "range": 2},
}
#: Largest |x_k| accepted among the iterates (and x0), so the numbers stay hand-sized.
MAX_ITERATE = 20
#: Largest single move |eta f'(x_k)| of a draw that is not about divergence.
MAX_MOVE = 4


def generate(rng: random.Random, difficulty: str = "easy", ask_step_size: bool = False) -> dict:
    """``f`` (text), ``x0``, ``learning_rate``, ``steps`` and the ``ask_step_size`` flag."""
    level = LEVELS[difficulty]
    if ask_step_size:
        coefficients, x0, rate = draw.redraw(rng, _step_size_draw, _acceptable, "quadratic and learning rate")
        steps = 3
    else:
        coefficients, x0, rate = draw.redraw(rng, lambda r: _draw(r, level), _moderate, "polynomial and start")
        steps = draw.pick(rng, level["steps"])
    return {
        "f": polynomial_text(coefficients),
        "x0": x0,
        "learning_rate": rate,
        "steps": steps,
        "ask_step_size": ask_step_size,
    }


def _draw(rng: random.Random, level: dict):
    degree, bound = level["degree"], level["range"]
    if degree == 2:
        coefficients = _quadratic(rng)
    else:
        roots = sorted(draw.sample(rng, list(range(-bound, bound + 1)), degree - 1))
        scale = draw.pick(rng, (1, 2, 3)) * draw.pick(rng, (1, -1) if degree == 3 else (1,))
        coefficients = _antiderivative(_expand(roots, scale * degree), draw.integer(rng, -9, 9))
    x0 = Fraction(draw.integer(rng, -level["range"] - 1, level["range"] + 1))
    return coefficients, x0, Fraction(draw.pick(rng, level["rates"]))


def _quadratic(rng: random.Random) -> list[Fraction]:
    """Coefficients (constant first) of a x^2 + b x + c with a > 0."""
    return [Fraction(draw.integer(rng, -9, 9)), Fraction(draw.nonzero_integer(rng, -9, 9)), Fraction(draw.integer(rng, 1, 5))]


def _step_size_draw(rng: random.Random):
    """A convex quadratic and a learning rate in a random regime relative to 1/f'' and 2/f''."""
    coefficients = _quadratic(rng)
    curvature = 2 * coefficients[2]
    regime = draw.pick(rng, ("monotone", "oscillating", "divergent"))
    low, high = {"monotone": (0, 1), "oscillating": (1, 2), "divergent": (2, 3)}[regime]
    rate = draw.decimal(rng, Fraction(low) / curvature, Fraction(high) / curvature, "0.01")
    x0 = Fraction(draw.integer(rng, -3, 3))
    return coefficients, x0, rate


def _acceptable(candidate) -> bool:
    """A start that is not stationary, a rate away from the thresholds, iterates that stay small."""
    coefficients, x0, rate = candidate
    if rate <= 0 or not all(c.denominator == 1 for c in coefficients):
        return False
    derivative = [k * c for k, c in enumerate(coefficients)][1:]
    if len(derivative) == 2 and rate * derivative[1] in (1, 2):
        return False
    x = x0
    for _ in range(3):
        slope = _evaluate(derivative, x)
        if slope == 0 or abs(x) > MAX_ITERATE:
            return False
        x = x - rate * slope
    return abs(x) <= MAX_ITERATE


def _moderate(candidate) -> bool:
    """Acceptable, and no step moves further than ``MAX_MOVE`` (the walk stays near the minimum)."""
    coefficients, x0, rate = candidate
    if not _acceptable(candidate):
        return False
    derivative = [k * c for k, c in enumerate(coefficients)][1:]
    x = x0
    for _ in range(3):
        move = rate * _evaluate(derivative, x)
        if abs(move) > MAX_MOVE:
            return False
        x -= move
    return True


def _expand(roots: list[int], lead: int) -> list[Fraction]:
    """Coefficients (constant first) of ``lead * prod(x - r)``."""
    coefficients = [Fraction(lead)]
    for root in roots:
        shifted = [Fraction(0)] + coefficients
        coefficients = [shifted[k] - root * (coefficients[k] if k < len(coefficients) else 0) for k in range(len(shifted))]
    return coefficients


def _antiderivative(derivative: list[Fraction], constant: int) -> list[Fraction]:
    return [Fraction(constant)] + [c / (k + 1) for k, c in enumerate(derivative)]


def _evaluate(coefficients: list[Fraction], x: Fraction) -> Fraction:
    total = Fraction(0)
    for c in reversed(coefficients):
        total = total * x + c
    return total


def polynomial_text(coefficients: list[Fraction]) -> str:
    """``3*x**2 - 4*x + 5`` from integer coefficients listed constant first."""
    return joined(signed_terms(coefficients, power=lambda exponent: f"x**{exponent}", times="*"))
