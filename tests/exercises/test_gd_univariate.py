"""gd_univariate: the seed lecture's example, the step-size lesson, and independent checks.

The NumPy twin is compared with autograd (an independent automatic-differentiation library) on
1000 random functions, and the exact solver with the twin on 200 generated problems.
"""
from __future__ import annotations

import random
from fractions import Fraction

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

import nngrade
from nngrade.exercises import problems, registry
from nngrade.solvers import function_text
from nngrade.solvers import gd_univariate as solver
from nngrade.solvers.exact import float_value

EXERCISE = registry.get("gd_univariate")


def values(solution):
    return {part: answer["value"] for part, answer in solution["answers"].items()}


def test_seed_lecture_example():
    solution = nngrade.solve(problems.example("gd_univariate", "seed-lecture"))
    answers = solution["answers"]
    assert answers["derivative"]["exact"] == "6*x - 4"
    assert answers["stationary_points"]["exact"] == ["2/3"]
    assert answers["iterates"]["exact"] == ["-2/5", "6/25", "62/125"]
    assert answers["critical_rate"]["exact"] == "1/3"
    assert answers["converges"]["value"] is True
    first_step = [s for s in solution["steps"] if s["title"].startswith("Take")][0]["latex"]
    assert r"0.1 \cdot (-16)" in first_step  # the seed's tangent slope -16 at x = -2


def test_too_large_a_step_diverges():
    solution = nngrade.solve(problems.example("gd_univariate", "seed-lecture-too-fast"))
    answers = values(solution)
    assert answers["converges"] is False
    distances = [abs(x - 2 / 3) for x in [-2] + answers["iterates"]]
    assert all(later > earlier for earlier, later in zip(distances, distances[1:]))


def test_non_polynomial_example():
    answers = nngrade.solve(problems.example("gd_univariate", "exp-minus-2x"))["answers"]
    assert answers["derivative"]["exact"] == "exp(x) - 2"
    assert answers["stationary_points"]["exact"] == ["log(2)"]


def test_derivative_is_graded_symbolically_and_safely():
    problem = problems.example("gd_univariate", "seed-lecture")
    right = values(nngrade.solve(problem))
    for text, correct in (("6*x - 4", True), ("2*(3*x - 2)", True), ("6x - 4", False), ("6*x + 4", False),
                          ("__import__('os').system('true')", False)):
        result = nngrade.grade(problem, {**right, "derivative": text})
        part = next(p for p in result.parts if p.part == "derivative")
        assert part.correct is correct, (text, part.feedback)


def misconception_answers(problem, code):
    """The answers the key holds for misconception ``code`` (None where it is not offered)."""
    from nngrade.exercises.keys import answer_key

    key = answer_key(registry.get(problem.kind), problem)
    return next(({part: np.asarray(value) for part, value in wrong.values.items()}
                 for wrong in key.misconceptions if wrong.code == code), None)


@pytest.mark.parametrize("code,part", [("plus_update", "iterates"), ("no_learning_rate", "iterates"),
                                       ("power_rule_factor_lost", "stationary_points"),
                                       ("critical_one_over", "critical_rate")])
def test_seed_misconceptions_are_named(code, part):
    problem = problems.example("gd_univariate", "seed-lecture")
    wrong = misconception_answers(problem, code)
    submission = {**values(nngrade.solve(problem)), part: np.asarray(wrong[part]).tolist()}
    result = nngrade.grade(problem, submission)
    graded = next(p for p in result.parts if p.part == part)
    assert graded.code == f"misconception:{code}", graded.feedback


def test_power_rule_mistake_on_the_seed_function():
    problem = problems.example("gd_univariate", "seed-lecture")
    wrong = misconception_answers(problem, "power_rule_factor_lost")
    assert np.allclose(wrong["stationary_points"], [4 / 3])  # 3x - 4 = 0


@pytest.mark.parametrize("params,message", [
    ({"f": "x**3", "x0": 1, "learning_rate": 0.1, "steps": 2, "ask_step_size": True}, "convex quadratic"),
    ({"f": "-x**2", "x0": 1, "learning_rate": 0.1, "steps": 2, "ask_step_size": True}, "convex quadratic"),
    ({"f": "__import__('os')", "x0": 1, "learning_rate": 0.1, "steps": 2}, "parameter f"),
    ({"f": "x**x", "x0": 1, "learning_rate": 0.1, "steps": 2}, "parameter f"),
    ({"f": "x**2", "x0": 1, "learning_rate": -0.1, "steps": 2}, "positive"),
])
def test_bad_params_are_refused(params, message):
    with pytest.raises(nngrade.api.ProblemFileError, match=message):
        nngrade.solve({"kind": "gd_univariate", "params": params})


# --- independent checks -------------------------------------------------------------------------

def random_function(rng: random.Random):
    """A random function of x as (text, autograd-ready callable): a polynomial plus maybe a smooth term."""
    degree = rng.randint(1, 4)
    coefficients = [rng.randint(-9, 9) / rng.choice((1, 2, 4, 10)) for _ in range(degree)]
    coefficients.append(rng.choice((-3, -2, -1, 1, 2, 3)) / rng.choice((1, 2, 4)))
    text = " + ".join(f"({c!r})*x**{k}" for k, c in enumerate(coefficients))
    terms = [lambda x, c=c, k=k: c * x**k for k, c in enumerate(coefficients)]
    extra = rng.choice(("", "exp", "sin", "tanh", "log", "sqrt", "quotient") if rng.random() < 0.5 else ("",))
    scale = rng.randint(1, 5)
    if extra in ("exp", "sin", "tanh"):
        text += f" + {scale}*{extra}(x/{scale})"
        terms.append(lambda x, f=getattr(anp, extra): scale * f(x / scale))
    elif extra in ("log", "sqrt"):
        text += f" + {extra}(x**2 + {scale})"
        terms.append(lambda x, f=getattr(anp, extra): f(x**2 + scale))
    elif extra == "quotient":
        text += f" + x/(x**2 + {scale})"
        terms.append(lambda x: x / (x**2 + scale))
    return text, lambda x: sum(term(x) for term in terms)


def test_twin_agrees_with_autograd_on_1000_functions():
    rng = random.Random(20261122)
    for _ in range(1000):
        text, f = random_function(rng)
        slope = grad(f)
        x0 = rng.randint(-30, 30) / 10
        eta = rng.choice((0.001, 0.005, 0.01))
        steps = rng.randint(1, 4)
        params = {"f": text, "x0": Fraction(x0).limit_denominator(10), "learning_rate": Fraction(eta).limit_denominator(1000),
                  "steps": steps, "ask_step_size": False}
        twin = solver.solve_numeric(params)
        x, expected = float(params["x0"]), []
        for _ in range(steps):
            x = x - float(params["learning_rate"]) * slope(x)
            expected.append(x)
        np.testing.assert_allclose(twin["iterates"], expected, rtol=1e-10, atol=1e-12, err_msg=text)
        for point in twin["stationary_points"]:
            assert abs(slope(float(point))) <= 1e-7 * (1 + abs(point)) ** 4, (text, point)


def test_exact_solver_agrees_with_twin_on_200_draws():
    from nngrade.core.expression import equivalent, parse

    rng = random.Random(7)
    for index in range(200):
        difficulty = ("easy", "medium", "hard")[index % 3]
        params = EXERCISE.generate(rng, difficulty=difficulty, ask_step_size=index % 2 == 1)
        params = EXERCISE.params.read(EXERCISE.params.write(params))
        exact = EXERCISE.solve(params)
        twin = EXERCISE.solve_numeric(params)
        for part in ("stationary_points", "iterates"):
            np.testing.assert_allclose(float_value(exact.answers[part]), twin[part], rtol=1e-10, atol=1e-12)
        assert equivalent(parse(twin["derivative"]), exact.answers["derivative"])
        if params["ask_step_size"]:
            assert float_value(exact.answers["critical_rate"]) == pytest.approx(twin["critical_rate"], rel=1e-12)
            assert exact.answers["converges"] == twin["converges"]


def test_function_text_reads_polynomials_and_refuses_the_rest():
    assert function_text.polynomial("3*x**2 - 4*x + 5").coef.tolist() == [5.0, -4.0, 3.0]
    with pytest.raises(function_text.NotPolynomial):
        function_text.polynomial("exp(x) - 2*x")
    for hostile in ("().__class__", "x.real", "open('f')", "lambda: 1", "x**1000", "9**9**9"):
        with pytest.raises(function_text.FunctionTextError):
            function_text.read(hostile)


def test_step_size_knob_draws_every_regime():
    regimes = set()
    for seed in range(60):
        params = problems.draw(EXERCISE, seed, ask_step_size=True).params
        curvature = 2 * function_text.polynomial(params["f"]).coef[2]
        product = float(params["learning_rate"]) * curvature
        regimes.add("monotone" if product < 1 else "oscillating" if product < 2 else "divergent")
    assert regimes == {"monotone", "oscillating", "divergent"}


def test_iterates_follow_through_from_the_students_own_derivative():
    """f' = 6x + 4 (sign slip) then iterates worked right with it: follow-through credit."""
    problem = problems.example("gd_univariate", "seed-lecture")
    x, iterates = -2.0, []
    for _ in range(3):
        x = x - 0.1 * (6 * x + 4)
        iterates.append(x)
    result = nngrade.grade(problem, {"derivative": "6*x + 4", "iterates": iterates})
    parts = {p.part: p for p in result.parts}
    assert parts["derivative"].score == 0
    assert parts["iterates"].code == "follow_through" and parts["iterates"].score > 0
    wrong = nngrade.grade(problem, {"derivative": "6*x + 4", "iterates": [9.0, 9.0, 9.0]})
    assert {p.part: p for p in wrong.parts}["iterates"].score == 0


@pytest.mark.parametrize("f,derivative", [("3*x + 5", "3"), ("3*x**2 - 4*x + 5", "6*x - 4")])
def test_derivative_value_is_always_text(f, derivative):
    problem = {"kind": "gd_univariate", "params": {"f": f, "x0": 1, "learning_rate": 0.1, "steps": 1}}
    assert nngrade.solve(problem)["answers"]["derivative"] == {"value": derivative, "exact": derivative}


@pytest.mark.parametrize("answer", [3, 3.0, "3"])
def test_constant_derivative_may_be_given_as_a_number(answer):
    problem = {"kind": "gd_univariate", "params": {"f": "3*x + 5", "x0": 1, "learning_rate": 0.1, "steps": 1}}
    assert nngrade.grade(problem, {"derivative": answer}).parts[0].correct


@pytest.mark.parametrize("knobs", [{"difficulty": level} for level in ("easy", "medium", "hard")]
                         + [{"ask_step_size": True}])
def test_drawn_statements_write_f_as_sympy_does(knobs):
    import sympy

    from nngrade.core.expression import parse

    exercise = registry.get("gd_univariate")
    for seed in range(30):
        f = problems.draw(exercise, seed, **knobs).params["f"]
        assert exercise.fragments({"f": f})["f"] == sympy.latex(parse(f))
