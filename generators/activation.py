"""Draws for a = phi(z): inputs that keep every activation worth working by hand.

ReLU, leaky ReLU and sign never get an input of exactly 0 (their derivative is undefined there)
and always see both signs, so no answer is all zeros or one number; sigmoid and tanh stay off
their flat tails; softmax rows never tie.

The function is the one the assignment asks for (``function``), or drawn per student from the
ones it lists (``functions``); with neither, from :data:`DRAWN`, which leaves out ``identity``
(its answer is its input: nothing to work). ``identity`` is drawn only where it is asked for.
"""
from __future__ import annotations

import random
from fractions import Fraction

from nngrade.core import maths

from . import draw

#: Largest |z| drawn for each function (its keys are the functions this generator knows).
BOUNDS = {
    "identity": 9,
    "sigmoid": 4,
    "tanh": 2,
    "relu": 9,
    "leaky_relu": 9,
    "softmax": 3,
    "exp": 3,
    "sign": 9,
}
FUNCTIONS = tuple(BOUNDS)
#: Functions drawn when the assignment names none: all but identity.
DRAWN = tuple(name for name in FUNCTIONS if name != "identity")

#: Shapes of z per difficulty (a 1-tuple is a flat vector), whether entries have one decimal,
#: the shapes used for a softmax Jacobian (one vector, kept small), and the leaks of leaky_relu.
LEVELS = {
    "easy": {"shapes": [(2,), (3,)], "decimal": False, "jacobian": [(2,)], "alphas": ["0.01"]},
    "medium": {"shapes": [(3,), (4,), (2, 2)], "decimal": False, "jacobian": [(2,), (3,)],
               "alphas": ["0.01", "0.1", "0.2"]},
    "hard": {"shapes": [(2, 2), (2, 3), (3, 2)], "decimal": True, "jacobian": [(3,)],
             "alphas": ["0.05", "0.1", "0.2", "0.3"]},
}


def generate(
    rng: random.Random,
    difficulty: str = "easy",
    function: str | None = None,
    derivative: bool = False,
    functions: list[str] | None = None,
) -> dict:
    """function, z (a flat list or a list of rows), alpha for leaky_relu, and the derivative flag.

    ``function`` fixes the function; ``functions`` lists those a student's variant is drawn from."""
    level = LEVELS[difficulty]
    if function is not None and functions is not None:
        raise ValueError("give the knob function or the knob functions, not both")
    pool = tuple(functions) if isinstance(functions, (list, tuple)) else DRAWN if functions is None else ()
    if not pool or not all(isinstance(name, str) and name in BOUNDS for name in pool):
        raise ValueError(f"functions must be a non-empty list of {', '.join(FUNCTIONS)}; got {functions!r}")
    name = function or draw.pick(rng, pool)
    if name not in BOUNDS:
        raise ValueError(f"unknown activation {name!r}; one of {', '.join(FUNCTIONS)}")
    shape = draw.pick(rng, level["jacobian"] if name == "softmax" and derivative else level["shapes"])
    bound = BOUNDS[name]

    def entry(r):
        if level["decimal"]:
            return draw.decimal(r, -bound, bound, "0.1")
        return Fraction(draw.integer(r, -bound, bound))

    def rows(r):
        width = shape[-1]
        return [[entry(r) for _ in range(width)] for _ in range(shape[0] if len(shape) == 2 else 1)]

    z = draw.redraw(rng, rows, lambda candidate: acceptable(name, candidate), f"z for {name}")
    params = {"function": name, "z": z if len(shape) == 2 else z[0], "derivative": derivative}
    if name == "leaky_relu":
        params["alpha"] = Fraction(draw.pick(rng, level["alphas"]))
    return params


def acceptable(name: str, rows: list[list[Fraction]]) -> bool:
    """Reject degenerate inputs: zeros or one sign for kinked functions, ties in softmax rows, all zeros."""
    entries = [value for row in rows for value in row]
    if maths.ACTIVATIONS[name].kinked:
        return all(value != 0 for value in entries) and min(entries) < 0 < max(entries)
    if name == "softmax":
        return all(len(set(row)) == len(row) for row in rows)
    return any(value != 0 for value in entries)
