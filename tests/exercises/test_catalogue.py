"""The shared suite: every registered exercise kind, over many Hypothesis-driven draws.

For each kind: draw -> exact solve -> agrees with the NumPy twin -> renders in every format ->
the right answer (exact, and as floats) scores full marks -> every misconception scores less
and is named in the feedback. New kinds are covered by registering them; no new test code.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key, expected_values
from nngrade.grading.grade import grade
from nngrade.rendering import render
from nngrade.solvers.exact import float_value

KINDS = registry.kinds()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def knob_strategy(exercise):
    return st.fixed_dictionaries({name: st.sampled_from(values) for name, values in exercise.knobs.items() if values})


def assert_close_nested(a, b, rtol=1e-10, atol=1e-12, where=""):
    if isinstance(a, str) or isinstance(b, str) or isinstance(a, bool) or isinstance(b, bool):
        assert a == b, where
        return
    try:
        np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol, err_msg=where)
    except ValueError:
        assert len(a) == len(b), where
        for x, y in zip(a, b):
            assert_close_nested(x, y, rtol, atol, where)


def submission_from(solution_json):
    return {part: answer["value"] for part, answer in solution_json["answers"].items()}


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data())
def test_draw_solve_twin_render_grade(kind, data):
    exercise = registry.get(kind)
    knobs = data.draw(knob_strategy(exercise))
    seed = data.draw(st.integers(0, 2**63 - 1), label="seed")
    problem = problems.draw(exercise, seed, **knobs)

    # the problem survives its own JSON round trip
    assert problems.read(problems.write(problem)).params == problem.params

    solution = exercise.solve(problem.params)
    numeric = exercise.solve_numeric(problem.params)
    for spec in exercise.answers:
        if spec.part in numeric and spec.kind == "numeric":
            assert_close_nested(float_value(solution.answers[spec.part]), numeric[spec.part], where=f"{kind}.{spec.part}")
    assert set(numeric) <= set(solution.answers)
    assert solution.steps, "a worked solution has steps"

    for fmt in ("markdown", "latex"):
        text = render.statement(problem, fmt) + render.worked_solution(problem, solution, fmt)
        assert text.strip()
    as_json = render.solution_json(problem, solution)

    key = answer_key(exercise, problem)
    right = grade(key, submission_from(as_json))
    assert right.score == right.max_score > 0, right.to_text()
    assert right.all_correct

    for wrong in key.misconceptions:
        submission = submission_from(as_json)
        submission.update(wrong.values)
        result = grade(key, submission)
        assert result.score < result.max_score, (wrong.code, result.to_text())
        named = [p for p in result.parts if p.part in wrong.values]
        assert any(wrong.message in p.feedback for p in named), (wrong.code, result.to_text())


@pytest.mark.parametrize("kind", KINDS)
def test_examples_solve_and_agree_with_twin(kind):
    exercise = registry.get(kind)
    for name in exercise.examples:
        problem = problems.example(kind, name)
        solution = exercise.solve(problem.params)
        values = expected_values(exercise, problem.params)
        for part, value in values.items():
            if exercise.spec(part).kind == "numeric":
                assert_close_nested(float_value(solution.answers[part]), value, where=f"{kind}/{name}.{part}")


@pytest.mark.parametrize("kind", KINDS)
def test_exact_strings_parse_back(kind):
    import sympy as sp

    exercise = registry.get(kind)
    problem = problems.draw(exercise, 1)
    as_json = render.solution_json(problem, exercise.solve(problem.params))
    for part, answer in as_json["answers"].items():
        def walk(exact, value):
            if isinstance(exact, list):
                for e, v in zip(exact, value):
                    walk(e, v)
            elif isinstance(exact, str) and isinstance(value, float):
                parsed = float(sp.sympify(exact).evalf(30))
                assert math.isclose(parsed, value, rel_tol=1e-12, abs_tol=1e-15), (part, exact, value)
        walk(answer["exact"], answer["value"])


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_three_misconceptions_and_templates(kind):
    exercise = registry.get(kind)
    assert len(exercise.misconceptions) >= 3
    env = render.environment()
    env.get_template(f"{kind}.statement.j2")
    env.get_template(f"{kind}.solution.j2")
    assert exercise.title and exercise.version >= 1
