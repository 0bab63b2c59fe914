"""Grading properties over every registered exercise kind (kinds added later are covered too).

For Hypothesis-drawn problems and an assignment's k (significant figures kept by hand):

- the exact answers (the solution's ``exact`` strings) and the answers worked with every
  intermediate rounded to k figures get full marks;
- each misconception scores less and is named;
- an entry moved beyond its tolerance band is not accepted;
- no feedback, for any wrong, mis-shaped or hostile answer, prints the expected answer.
"""
from __future__ import annotations

import re
from functools import partial

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key, round_sigfigs, rounded_nested
from nngrade.grading import compare, shape, work
from nngrade.grading.grade import grade
from nngrade.rendering import render

KINDS = registry.kinds()
SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def knobs(exercise):
    return st.fixed_dictionaries({name: st.sampled_from(values) for name, values in exercise.knobs.items() if values})


def drawn(data, kind):
    exercise = registry.get(kind)
    problem = problems.draw(exercise, data.draw(st.integers(0, 2**32), label="seed"), **data.draw(knobs(exercise)))
    solution = render.solution_json(problem, exercise.solve(problem.params))
    return exercise, problem, solution


def values_of(solution) -> dict:
    return {part: answer["value"] for part, answer in solution["answers"].items()}


def exact_of(exercise, solution) -> dict:
    """The ``exact`` strings for numeric parts (closed forms included), values for the others."""
    out = values_of(solution)
    for part, answer in solution["answers"].items():
        if exercise.spec(part).kind == "numeric":
            out[part] = answer["exact"]
    return out


def worked_by_hand(exercise, problem, solution, k: int) -> dict:
    """Every intermediate rounded to k figures (ties half up, as people do), the answers too."""
    run = exercise.solve_numeric(problem.params, rnd=partial(round_sigfigs, figures=k, ties="up"))
    out = values_of(solution)
    for spec in exercise.answers:
        if spec.part in out and spec.kind == "numeric" and spec.mode != "exact":
            out[spec.part] = rounded_nested(run[spec.part], k, "up")
    return out


def half_unit(expected: np.ndarray, figures: int) -> np.ndarray:
    """Half a unit in the ``figures``-th significant place of each expected value (0 for 0)."""
    expected = np.abs(np.asarray(expected, dtype=float))
    out = np.zeros_like(expected)
    nonzero = expected > 0
    out[nonzero] = 0.5 * 10.0 ** (np.floor(np.log10(expected[nonzero])) - figures + 1)
    return out


def band(spec, expected: np.ndarray, slack) -> np.ndarray:
    """Half-width of each entry's acceptance band: the error band of ``rule: band``, which no
    answer three half-widths away passes under either rule."""
    slack = np.asarray(slack, dtype=float)
    if spec.mode == "sigfigs":
        return np.maximum(half_unit(expected, spec.sigfigs), compare.NOISE_FLOOR) + slack
    if spec.mode == "decimals":
        return 0.5 * 10.0 ** (-spec.decimals) + slack + 0 * expected
    if spec.mode == "exact":
        return 1e-9 * np.maximum(np.abs(expected), 1.0)
    return spec.atol + spec.rtol * np.abs(expected) + slack


def perturbed(value, part_slack, spec, entry: int, sign: float, margin: float = 1e-6):
    """``value`` with one entry moved to three times its band's half-width (plus a relative margin)."""
    components = shape.components(value)
    slacks = shape.components(part_slack) if part_slack is not None else [np.zeros(c.shape) for c in components]
    if len(slacks) != len(components):
        slacks = [np.zeros(c.shape) for c in components]
    sizes = [c.size for c in components]
    if sum(sizes) == 0:
        return None
    entry %= sum(sizes)
    out = [c.copy() for c in components]
    for index, size in enumerate(sizes):
        if entry < size:
            flat = out[index].reshape(-1)
            width = band(spec, components[index], np.broadcast_to(slacks[index], components[index].shape)).reshape(-1)
            flat[entry] += sign * (3 * width[entry] + margin * max(1.0, abs(flat[entry])))
            break
        entry -= size
    return [c.tolist() for c in out] if len(out) > 1 else out[0].tolist()


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data())
def test_right_answers_exact_and_worked_by_hand_get_full_marks(kind, data):
    exercise, problem, solution = drawn(data, kind)
    k = data.draw(st.sampled_from([2, 3, 4]), label="k")
    key = answer_key(exercise, problem, sigfigs=k)
    exact = grade(key, exact_of(exercise, solution))
    assert exact.score == exact.max_score and exact.all_correct, exact.to_text()
    by_hand = grade(key, worked_by_hand(exercise, problem, solution, k))
    assert by_hand.score == by_hand.max_score, (k, by_hand.to_text())


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data())
def test_misconceptions_score_less_and_are_named(kind, data):
    exercise, problem, solution = drawn(data, kind)
    key = answer_key(exercise, problem, sigfigs=data.draw(st.sampled_from([3, 4]), label="k"))
    for wrong in key.misconceptions:
        submission = values_of(solution)
        submission.update(wrong.values)
        result = grade(key, submission)
        assert result.score < result.max_score, (wrong.code, result.to_text())
        named = [p for p in result.parts if p.part in wrong.values and not p.correct]
        assert any(p.code == f"misconception:{wrong.code}" and wrong.message in p.feedback for p in named), (
            wrong.code, result.to_text())


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data())
def test_an_entry_beyond_its_band_is_not_accepted(kind, data):
    exercise, problem, solution = drawn(data, kind)
    key = answer_key(exercise, problem)
    right = values_of(solution)
    for spec in key.specs:
        if spec.kind != "numeric" or spec.unordered:
            continue
        entry = data.draw(st.integers(0, 10_000), label=f"entry of {spec.part}")
        sign = data.draw(st.sampled_from([-1.0, 1.0]), label="sign")
        moved = perturbed(key.expected[spec.part], key.slack.get(spec.part), spec, entry, sign)
        if moved is None:
            continue
        result = grade(key, {**right, spec.part: moved})
        part = next(p for p in result.parts if p.part == spec.part)
        assert not part.correct and part.score < part.max_score, (spec.part, moved, part)


STRUCTURE = [
    r"\d+x\d+", r"\d+ of \d+ entries", r"item \d+", r"expected \d+ answers", r"got \d+\b",
    r"list of \d+ (numbers?|matrices|answers)", r"\(\d+ keys?", r"powers up to \d+", r"lengths \([\d, ]+\)",
    r"true/false", r"true or false",
    # where the wrong entries are (positions, never values)
    r"row \d+, column \d+", r"entry \d+(, \d+)*", r"and \d+ more",
    # fixed hints of the grader, the same for every problem
    r"\(write numbers like 0\.25, -3 or 3/4\)", r"such as \"2/3\"", r"as in 6\*x", r"for example \"6\*x - 4\"",
]


def printed_forms(value) -> set[str]:
    """The ways an expected number may be printed: repr, %g, 2 to 8 figures, 1 to 4 decimals."""
    forms = set()
    for v in np.asarray(value, dtype=float).ravel():
        forms |= {repr(float(v)), f"{v:g}"}
        forms |= {f"{v:.{k}g}" for k in range(2, 9)}
        forms |= {f"{v:.{d}f}" for d in range(1, 5)}
        if float(v).is_integer():
            forms.add(str(int(v)))
    return {f for f in forms if f not in ("-0", "-0.0")}


def expected_forms(key, solution) -> set[str]:
    forms = set()
    for spec in key.specs:
        answer = solution["answers"][spec.part]
        if spec.kind == "numeric":
            for item in shape.components(answer["value"]):
                forms |= printed_forms(item)
            forms |= set(_strings(answer["exact"]))
        elif spec.kind in ("expression", "label"):
            forms.add(str(answer["value"]))
        elif spec.kind == "integer":
            forms |= printed_forms(answer["value"])
    return forms


def _strings(value):
    if isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def stripped(feedback: str, exercise, submitted: list[str]) -> str:
    """Feedback without what is static text of the exercise, echoes of the student's own input,
    and structural counts (shapes, entries wrong), which are not values of the answer."""
    statics = [spec.label for spec in exercise.answers] + [m.message for m in exercise.misconceptions]
    for text in sorted(statics + submitted, key=len, reverse=True):
        if text:
            feedback = feedback.replace(text, " ")
    for pattern in STRUCTURE:
        feedback = re.sub(pattern, " ", feedback)
    return feedback


def wrong_submissions(key, solution, data) -> list[dict]:
    right = values_of(solution)
    out = [{}]
    for wrong in key.misconceptions:
        out.append({**right, **wrong.values})
    for spec in key.specs:
        value = right[spec.part]
        if spec.kind == "numeric":
            moved = perturbed(key.expected[spec.part], key.slack.get(spec.part), spec,
                              data.draw(st.integers(0, 100), label="entry"), 1.0)
            out.append({**right, spec.part: moved})
            out.append({**right, spec.part: 12345.678})
            for item in shape.components(value)[:1]:
                out.append({**right, spec.part: item.T.tolist()})
                out.append({**right, spec.part: item.ravel()[:-1].tolist() if item.size > 1 else [1.0, 2.0]})
        out.append({**right, spec.part: "banana"})
        out.append({**right, spec.part: None})
    return out


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data())
def test_no_feedback_prints_the_expected_answer(kind, data):
    exercise, problem, solution = drawn(data, kind)
    key = answer_key(exercise, problem)
    forms = expected_forms(key, solution)
    for submission in wrong_submissions(key, solution, data):
        echoed = [v for v in submission.values() if isinstance(v, str)]
        for part in grade(key, submission).parts:
            if part.correct:
                continue
            remaining = stripped(part.feedback, exercise, echoed)
            for form in forms:
                assert not re.search(rf"(?<![\w.]){re.escape(form)}(?![\w])", remaining), (
                    form, part.feedback, remaining)


def as_reading(value):
    """An earlier part as the grader hands it to follow-through: an array, or one per layer/step."""
    components = shape.components(value)
    return components[0] if len(components) == 1 else components


def plain_lists(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [plain_lists(item) for item in value]
    return float(value) if isinstance(value, np.generic) else value


def _numeric_chain(exercise) -> bool:
    kinds = {spec.part: spec.kind for spec in exercise.answers}
    return any(spec.follows and all(kinds.get(part) == "numeric" for part in spec.follows) for spec in exercise.answers)


#: Kinds with a follow-through chain from numeric parts (expression chains have their own tests).
FOLLOWING = [kind for kind in KINDS if registry.get(kind).follow_through is not None
             and _numeric_chain(registry.get(kind))]


@pytest.mark.parametrize("kind", FOLLOWING)
@SETTINGS
@given(data=st.data())
def test_follow_through_credits_a_right_method_on_wrong_earlier_answers(kind, data):
    """One earlier entry moved out of its band: the later part worked from it earns follow-through,
    unless the moved entry happens to leave no work in the chain (a gradient that comes out 0)."""
    exercise, problem, solution = drawn(data, kind)
    key = answer_key(exercise, problem)
    right = values_of(solution)
    for spec in key.specs:
        if not spec.follows or not all(part in key.expected for part in spec.follows):
            continue
        if any(key.spec(part).kind != "numeric" for part in spec.follows):
            continue  # expression chains are covered by their kind's own test (gd_univariate)
        earlier = {}
        for part in spec.follows:
            earlier[part] = perturbed(key.expected[part], key.slack.get(part), key.spec(part),
                                      data.draw(st.integers(0, 100), label="entry"), 1.0, margin=0.5)
        recomputed = key.follow_through(spec.part, {part: as_reading(v) for part, v in earlier.items()})
        if recomputed is None:
            continue
        submission = {**right, **earlier, spec.part: plain_lists(recomputed)}
        result = {p.part: p for p in grade(key, submission).parts}
        if result[spec.part].correct:
            continue  # the wrong entry does not reach this part (another step's batch, say)
        for part in spec.follows:
            assert not result[part].correct, (part, result[part])
        later = result[spec.part]
        worked = [(key.spec(part), as_reading(value), part) for part, value in earlier.items()]
        worked.append((spec, recomputed, spec.part))
        if not all(work.has_work(s, value, key.expected[part], key.unworked.get(part, ())) for s, value, part in worked):
            assert later.code != "follow_through", (spec.part, later)  # the slip left no work in the chain
            continue
        assert later.code == "follow_through", (spec.part, later)
        assert later.score == pytest.approx(spec.weight * spec.follow_credit) and not later.correct
        untouched = {p.part: p for p in grade(key, {**right, **earlier}).parts}[spec.part]
        assert untouched.correct, "the right later answer stays right whatever the earlier ones"
