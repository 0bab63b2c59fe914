"""gd_univariate: f'(x), the stationary points and k gradient-descent steps on f(x) (seed lecture 003).

With ``ask_step_size`` (a convex quadratic) it also asks for the critical learning rate 2/f''
and whether the given rate converges: the seed lecture's lesson that too large a step diverges.
"""
from __future__ import annotations

import numpy as np

from nngrade.core import params as P
from nngrade.generators import gd_univariate as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.grading.work import Rescaled, Unworked
from nngrade.solvers import function_text
from nngrade.solvers import gd_univariate as solver

from ..exercise import Exercise, Misconception

#: Most gradient-descent steps a problem may ask for.
MAX_STEPS = 50


def _check(params):
    try:
        function_text.read(params["f"])
    except function_text.FunctionTextError as error:
        raise P.ParamError(f"parameter f: {error}") from None
    if params["learning_rate"] <= 0:
        raise P.ParamError("the learning rate must be positive")
    if not 1 <= params["steps"] <= MAX_STEPS:
        raise P.ParamError(f"steps must be from 1 to {MAX_STEPS}")
    try:
        coefficients = function_text.polynomial(params["f"]).trim().coef
    except function_text.NotPolynomial:
        coefficients = []
        _check_closed_form(params["f"])
    if len(coefficients) == 1:
        raise P.ParamError("f is constant: every x is a stationary point")
    if params["ask_step_size"]:
        if len(coefficients) != 3 or coefficients[2] <= 0:
            raise P.ParamError("ask_step_size needs a convex quadratic f (a x**2 + b x + c with a > 0)")


def _check_closed_form(text: str) -> None:
    """A function that is not a polynomial must have finitely many stationary points in closed form."""
    import sympy as sp

    from nngrade.core.expression import ExpressionError, parse

    try:
        f = parse(text)
        solver.stationary_points_exact(sp.diff(f, sp.Symbol("x", real=True)), sp.Symbol("x", real=True))
    except (ExpressionError, ValueError, NotImplementedError) as error:
        raise P.ParamError(f"parameter f: {error}") from None


PARAMS = P.ParamSpec(
    {
        "f": P.text(doc="the function of x, e.g. 3*x**2 - 4*x + 5 (numbers, x, + - * / **, exp, log, sqrt, ...)"),
        "x0": P.number(doc="starting point"),
        "learning_rate": P.number(doc="step size eta > 0"),
        "steps": P.count(doc="number of gradient-descent steps k"),
        "ask_step_size": P.flag(False, doc="also ask for the critical rate 2/f'' and whether eta converges"),
    },
    check=_check,
)


def _follow_through(params, part, earlier):
    """The iterates worked with the student's own derivative (right update rule, wrong f')."""
    from nngrade.core.expression import float_value

    if part != "iterates":
        return None
    slope = earlier["derivative"]  # the student's text, already read
    x, eta = float(params["x0"]), float(params["learning_rate"])
    iterates = []
    for _ in range(params["steps"]):
        # in floats, so a student's exp(exp(10**30*x)) overflows at once instead of grinding
        x = x - eta * float_value(slope, {"x": x})
        if not np.isfinite(x):
            return None
        iterates.append(x)
    return iterates


def _unworked(params):
    """The answers that carry no work (see :mod:`nngrade.grading.work`): the function itself,
    scaled or shifted, or a constant as its derivative; iterates that never leave x0."""
    return {
        "derivative": (params["f"], Unworked.CONSTANT, Rescaled(params["f"])),
        "iterates": ([float(params["x0"])] * params["steps"],),
    }


def _fragments(params):
    """f in LaTeX: without sympy where f is written as the generator writes polynomials (every
    drawn variant, so a notebook's statement loads no sympy), through sympy otherwise."""
    from nngrade.solvers import latex

    text = params["f"]
    try:
        coefficients = function_text.polynomial(text).coef
    except function_text.NotPolynomial:
        coefficients = None
    if coefficients is not None and all(c == int(c) for c in coefficients) \
            and generator.polynomial_text(coefficients) == text:
        return {"f": latex.polynomial(coefficients)}
    import sympy as sp

    from nngrade.core.expression import parse

    return {"f": sp.latex(parse(text))}


EXERCISE = Exercise(
    kind="gd_univariate",
    version=1,
    title="Gradient descent on a function of one variable",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("derivative", label="f'(x)", kind="expression"),
        AnswerSpec("stationary_points", label="the stationary points", unordered=True, shape_is_answer=True),
        AnswerSpec("iterates", label="the iterates x_1, ..., x_k", per_entry=True, follows=("derivative",)),
        AnswerSpec("critical_rate", label="the critical learning rate", weight=0.5),
        AnswerSpec("converges", label="whether the learning rate converges", kind="boolean", weight=0.5),
    ),
    misconceptions=(
        Misconception("plus_update", "looks like the update added eta f'(x) instead of subtracting it "
                      "(gradient descent steps against the slope)", parts=("iterates",)),
        Misconception("no_learning_rate", "looks like the learning rate was left out of the update "
                      "(the step is eta times the slope)", parts=("iterates",)),
        Misconception("power_rule_factor_lost", "looks like the power rule lost its factor: the derivative "
                      "of a x^n is n a x^(n-1)", parts=("stationary_points", "iterates")),
        Misconception("critical_one_over", "looks like 1/f'' was taken as the limit: above 1/f'' the iterates "
                      "overshoot and oscillate, but they only diverge above 2/f''",
                      parts=("critical_rate", "converges")),
    ),
    knobs={"difficulty": ("easy", "medium", "hard"), "ask_step_size": (False, True)},
    examples={
        "seed-lecture": {"f": "3*x**2 - 4*x + 5", "x0": -2, "learning_rate": 0.1, "steps": 3, "ask_step_size": True},
        "seed-lecture-too-fast": {"f": "3*x**2 - 4*x + 5", "x0": -2, "learning_rate": 0.4, "steps": 3,
                                  "ask_step_size": True},
        "exp-minus-2x": {"f": "exp(x) - 2*x", "x0": 0, "learning_rate": 0.5, "steps": 3},
        "double-well": {"f": "x**4 - 2*x**2", "x0": 2, "learning_rate": 0.05, "steps": 2},
    },
    follow_through=_follow_through,
    unworked=_unworked,
    fragments=_fragments,
)
