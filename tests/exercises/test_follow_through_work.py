"""Follow-through pays only for work, in every kind that has it.

A student who games the chain writes an earlier answer with no work in it (the targets copied as
predictions, zero deltas, derivative 0, the start echoed as w) or one barely off it (a gradient
of 1e-9, targets plus 0.001), then works the later parts consistently from it. None of that
earns follow-through. An honest student with one genuine slip still does.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nngrade.core.problem import Problem
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key, plain
from nngrade.grading import shape
from nngrade.grading.grade import grade
from nngrade.grading.work import MIN_RESCALED_ENTRIES

SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: The later parts of each chain, in the order they are worked: part -> the earlier parts it needs.
CHAINS = {
    "linear_regression_gd": {"grad_w": ("yhat",), "grad_b": ("yhat",), "loss": ("yhat",),
                             "w": ("grad_w",), "b": ("grad_b",)},
    "logistic_regression_gd": {"yhat": ("z",), "loss": ("z",), "grad_w": ("yhat",), "grad_b": ("yhat",),
                               "w": ("grad_w",), "b": ("grad_b",)},
    "backprop": {"grad_W": ("delta",), "grad_b": ("delta",), "W_new": ("grad_W",), "b_new": ("grad_b",)},
    "perceptron": {"mistakes": ("w", "b")},
    "gd_univariate": {"iterates": ("derivative",)},
}


def test_every_kind_with_follow_through_declares_its_unworked_answers():
    for kind in registry.kinds():
        exercise = registry.get(kind)
        if exercise.follow_through is None:
            continue
        assert kind in CHAINS and exercise.unworked is not None, kind
        chained = {spec.part for spec in exercise.answers if spec.follows}
        chained |= {part for spec in exercise.answers for part in spec.follows}
        params = problems.draw(exercise, 1).params
        assert chained <= set(exercise.unworked(params)), (kind, chained - set(exercise.unworked(params)))


def reading(value):
    """A part as the grader hands it to follow-through (an expression stays the student's text)."""
    if isinstance(value, str):
        return value
    components = shape.components(value)
    return components[0] if len(components) == 1 else components


def worked_from(kind, key, start: dict) -> dict:
    """A submission: the right answers, ``start`` for the earliest parts, and every later part
    worked consistently from the student's own earlier ones by the right method."""
    submission = {part: value for part, value in key.expected.items()}
    submission.update(start)
    for part, needs in CHAINS[kind].items():
        if part not in key.expected or any(need not in submission for need in needs):
            continue
        if not any(need in start or need in CHAINS[kind] for need in needs):
            continue
        value = key.follow_through(part, {need: reading(submission[need]) for need in needs})
        if value is not None:
            submission[part] = plain(value)
    return submission


def follow_through_score(result) -> float:
    return sum(part.score for part in result.parts if part.code == "follow_through")


def drawn_key(kind, seed, **knobs):
    exercise = registry.get(kind)
    problem = problems.draw(exercise, seed, **knobs)
    return problem, answer_key(exercise, problem)


def targets_per_step(problem, key, plus=0.0):
    """Each step's targets (one entry per row of its batch), nested like ``yhat``."""
    from nngrade.solvers.linear_regression_gd import setup

    run = setup(problem.params)
    Y = np.array(run.Y, dtype=float)
    return [(Y[rows][:, 0] + plus).tolist() for rows in run.batches]


# --- linear regression: predictions copied from the targets ------------------------------------

@SETTINGS
@given(seed=st.integers(0, 2**32), method=st.sampled_from(["batch", "sgd", "minibatch"]),
       plus=st.sampled_from([0.0, 1e-9, 1e-3, -2e-3]))
def test_linear_regression_targets_copied_as_predictions_earn_nothing(seed, method, plus):
    """The issue's 4.5 of 5: zero gradients, unchanged weights, loss 0. Now 0 through follow-through,
    also for predictions a hair off the targets."""
    problem, key = drawn_key("linear_regression_gd", seed, difficulty="medium", method=method)
    result = grade(key, worked_from("linear_regression_gd", key, {"yhat": targets_per_step(problem, key, plus)}))
    assert follow_through_score(result) == 0, result.to_text()
    assert result.score <= 1.0, result.to_text()  # at most per-entry luck, never the chain


@SETTINGS
@given(seed=st.integers(0, 2**32), tiny=st.sampled_from([0.0, 1e-9, 1e-6, 3e-4]))
def test_linear_regression_tiny_gradients_move_nothing_and_earn_nothing(seed, tiny):
    problem, key = drawn_key("linear_regression_gd", seed, difficulty="medium")
    tiny_grads = {"grad_w": (np.asarray(key.expected["grad_w"]) * 0 + tiny).tolist(),
                  "grad_b": (np.asarray(key.expected["grad_b"]) * 0 + tiny).tolist()}
    result = grade(key, worked_from("linear_regression_gd", key, tiny_grads))
    assert follow_through_score(result) == 0, result.to_text()


@SETTINGS
@given(seed=st.integers(0, 2**32), method=st.sampled_from(["batch", "sgd", "minibatch"]))
def test_linear_regression_one_honest_slip_in_the_predictions_keeps_follow_through(seed, method):
    problem, key = drawn_key("linear_regression_gd", seed, difficulty="medium", method=method)
    yhat = [list(step) for step in key.expected["yhat"]]
    target = key.unworked["yhat"][1][0][0]
    yhat[0][0] += 1.0 if yhat[0][0] >= target else -1.0  # one prediction worked wrong by 1 (away from its target)
    result = {p.part: p for p in grade(key, worked_from("linear_regression_gd", key, {"yhat": yhat})).parts}
    assert result["grad_w"].code == "follow_through" and result["grad_b"].code == "follow_through"
    assert result["w"].code in ("follow_through", "correct") and result["w"].score == result["w"].max_score


# --- logistic regression ----------------------------------------------------------------------

@SETTINGS
@given(seed=st.integers(0, 2**32), output=st.sampled_from(["sigmoid", "softmax"]))
def test_logistic_scores_of_zero_or_targets_copied_as_probabilities_earn_nothing(seed, output):
    problem, key = drawn_key("logistic_regression_gd", seed, output=output)
    zeros = {"z": [np.zeros(np.shape(step)).tolist() for step in key.expected["z"]]}
    assert follow_through_score(grade(key, worked_from("logistic_regression_gd", key, zeros))) == 0
    unworked_targets = key.unworked["yhat"][1]
    copied = worked_from("logistic_regression_gd", key, {"yhat": unworked_targets})
    assert follow_through_score(grade(key, copied)) == 0


def test_logistic_probabilities_of_the_students_own_scores_keep_follow_through():
    problem, key = drawn_key("logistic_regression_gd", 4)
    z = [(np.asarray(step) + 0.5).tolist() for step in key.expected["z"]]  # every score off by 0.5
    result = {p.part: p for p in grade(key, worked_from("logistic_regression_gd", key, {"z": z})).parts}
    assert result["yhat"].code == "follow_through" and result["grad_w"].code == "follow_through"


# --- backprop ---------------------------------------------------------------------------------

@SETTINGS
@given(seed=st.integers(0, 2**32), difficulty=st.sampled_from(["easy", "medium", "hard"]),
       tiny=st.sampled_from([0.0, 1e-9, 1e-5]))
def test_backprop_zero_deltas_and_unchanged_weights_earn_nothing(seed, difficulty, tiny):
    """The issue's 5.67 of 9: zero deltas, zero gradients, W and b as given."""
    problem, key = drawn_key("backprop", seed, difficulty=difficulty)
    deltas = {"delta": [(np.zeros(np.shape(d)) + tiny).tolist() for d in key.expected["delta"]]}
    result = grade(key, worked_from("backprop", key, deltas))
    assert follow_through_score(result) == 0, result.to_text()
    later = [part for part in result.parts if part.part in CHAINS["backprop"]]
    # entries that are right only because the right gradient is 0 there (a dead ReLU) earn nothing either
    assert all(part.score == 0 for part in later if not part.correct), result.to_text()


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_backprop_targets_copied_as_the_output_delta_earn_nothing(seed):
    problem, key = drawn_key("backprop", seed, difficulty="easy")
    deltas = [np.zeros(np.shape(d)).tolist() for d in key.expected["delta"]]
    deltas[-1] = np.array(problem.params["y"], dtype=float).reshape(np.shape(deltas[-1])).tolist()
    result = grade(key, worked_from("backprop", key, {"delta": deltas}))
    assert follow_through_score(result) == 0, result.to_text()


@SETTINGS
@given(seed=st.integers(0, 2**32), difficulty=st.sampled_from(["easy", "medium", "hard"]))
def test_backprop_one_wrong_delta_entry_keeps_follow_through(seed, difficulty):
    problem, key = drawn_key("backprop", seed, difficulty=difficulty)
    deltas = [np.array(d, dtype=float) for d in key.expected["delta"]]
    deltas[-1].flat[0] += 0.5 + np.abs(deltas[-1]).max()  # a slip that shows beside the largest delta (129 in one draw)
    result = {p.part: p for p in grade(key, worked_from("backprop", key, {"delta": [d.tolist() for d in deltas]})).parts}
    assert result["grad_W"].code in ("follow_through", "correct"), result["grad_W"]  # correct: a_prev is 0 there
    assert result["grad_b"].code == "follow_through", result["grad_b"]
    assert result["W_new"].score == result["W_new"].max_score


# --- gd_univariate ----------------------------------------------------------------------------

def lecture_key():
    exercise = registry.get("gd_univariate")
    problem = Problem("gd_univariate", exercise.params.read(exercise.examples["seed-lecture"]))
    return answer_key(exercise, problem)


@pytest.mark.parametrize("derivative", ["0", "1e-9", "1e-9*x", "1", "-4", "(x + 1)**2 - x**2 - 2*x",
                                        "3*x**2 - 4*x + 5", "6*x - 4 - 6*x + 0*x**2"])
def test_gd_univariate_derivative_with_no_work_earns_no_iterates(derivative):
    """The issue's 1 of 3: derivative 0 and frozen iterates; also near-zero, constant, f itself."""
    key = lecture_key()
    result = {p.part: p for p in grade(key, worked_from("gd_univariate", key, {"derivative": derivative})).parts}
    assert result["iterates"].code != "follow_through" and result["iterates"].score == 0, result["iterates"]


def test_gd_univariate_iterates_frozen_at_the_start_earn_nothing():
    key = lecture_key()
    submission = {**key.expected, "derivative": "x + 2", "iterates": [-2.0, -2.0, -2.0]}  # f'(-2) = 0: frozen
    assert grade(key, submission).parts[2].code != "follow_through"


@pytest.mark.parametrize("derivative", ["6*x + 4", "6*x", "3*x - 4", "6*x**2 - 4"])
def test_gd_univariate_an_honest_wrong_derivative_keeps_follow_through(derivative):
    key = lecture_key()
    result = {p.part: p for p in grade(key, worked_from("gd_univariate", key, {"derivative": derivative})).parts}
    assert result["iterates"].code == "follow_through", result["iterates"]


# --- perceptron -------------------------------------------------------------------------------

@SETTINGS
@given(seed=st.integers(0, 2**32), which=st.sampled_from(["start", "zeros"]))
def test_perceptron_weights_never_moved_or_zero_earn_no_mistakes(seed, which):
    problem, key = drawn_key("perceptron", seed)
    visits = len(key.expected["w"])
    if which == "start":
        start = {"w": [[float(v) for v in problem.params["w"]]] * visits, "b": [float(problem.params["b"])] * visits}
    else:
        start = {"w": np.zeros(np.shape(key.expected["w"])).tolist(), "b": [0.0] * visits}
    result = grade(key, worked_from("perceptron", key, start))
    assert follow_through_score(result) == 0, result.to_text()


def test_perceptron_no_mistakes_at_all_earns_nothing():
    """A separator made up and written after every visit: then no visit is a mistake."""
    exercise = registry.get("perceptron")
    params = {"X": [[1, 5], [6, 2]], "y": [-1, 1], "w": [-1, 0], "b": 0, "learning_rate": 1}
    key = answer_key(exercise, Problem("perceptron", exercise.params.read(params)))
    assert key.expected["mistakes"] == [2.0]
    separator = [[1.0, -1.0]] * len(key.expected["w"])
    submission = {**key.expected, "w": separator, "b": [0.0] * len(key.expected["w"]),
                  "mistakes": plain(key.follow_through("mistakes", {"w": np.array(separator),
                                                                    "b": np.zeros(len(separator))}))}
    assert submission["mistakes"] == []
    assert follow_through_score(grade(key, submission)) == 0


@SETTINGS
@given(seed=st.integers(0, 2**32))
def test_perceptron_an_honest_update_slip_keeps_follow_through(seed):
    problem, key = drawn_key("perceptron", seed)
    slipped = next((w for w in key.misconceptions if "w" in w.values), None)
    if slipped is None:
        return
    start = {"w": slipped.values["w"], "b": slipped.values.get("b", key.expected["b"])}
    result = {p.part: p for p in grade(key, worked_from("perceptron", key, start)).parts}
    assert result["mistakes"].score == result["mistakes"].max_score, result["mistakes"]


# --- targets or the given function rescaled (a * reference + c) ------------------------------

@SETTINGS
@given(seed=st.integers(0, 2**32), method=st.sampled_from(["batch", "sgd", "minibatch"]),
       rescale=st.sampled_from([(-1.0, 0.0), (2.0, 0.0), (1.0, 1.0), (-0.5, 3.0)]))
def test_linear_regression_targets_negated_scaled_or_shifted_as_predictions_earn_nothing(seed, method, rescale):
    """-y, 2y, y + 1 as the predictions: each earned up to 4.5 of 5 through follow-through. Any
    two numbers are a * y + c for some a, c: an answer of two predictions is not judged so."""
    problem, key = drawn_key("linear_regression_gd", seed, difficulty="medium", method=method)
    scale, shift = rescale
    yhat = [(scale * np.array(step) + shift).tolist() for step in targets_per_step(problem, key)]
    result = grade(key, worked_from("linear_regression_gd", key, {"yhat": yhat}))
    if sum(map(len, yhat)) >= MIN_RESCALED_ENTRIES:
        assert follow_through_score(result) == 0, result.to_text()


@pytest.mark.parametrize("derivative", ["-(3*x**2 - 4*x + 5)", "2*(3*x**2 - 4*x + 5)", "3*x**2 - 4*x + 6",
                                        "x**2 - 4*x/3"])
def test_gd_univariate_the_function_scaled_or_shifted_as_its_derivative_earns_no_iterates(derivative):
    key = lecture_key()
    result = {p.part: p for p in grade(key, worked_from("gd_univariate", key, {"derivative": derivative})).parts}
    assert result["iterates"].score == 0, result["iterates"]


@SETTINGS
@given(seed=st.integers(0, 2**32), difficulty=st.sampled_from(["easy", "medium", "hard"]),
       fill=st.sampled_from([0.5, -1.0, 0.25]))
def test_backprop_one_number_as_every_delta_earns_nothing(seed, difficulty, fill):
    """One made-up number in every delta entry looked like work: the gradients and updates
    worked from it earned full follow-through. (Where the right deltas are one number too, say all
    0 in a network that is already right, the fill is judged like any answer.)"""
    problem, key = drawn_key("backprop", seed, difficulty=difficulty)
    deltas = {"delta": [np.full(np.shape(d), fill).tolist() for d in key.expected["delta"]]}
    result = grade(key, worked_from("backprop", key, deltas))
    right = np.concatenate([np.ravel(d) for d in key.expected["delta"]])
    if right.size > 1 and not np.allclose(right, right[0]):  # else the fill is judged like any answer
        assert follow_through_score(result) == 0, result.to_text()


def test_the_no_work_check_of_a_derivative_costs_one_budget(monkeypatch):
    """Three no-work references (f, any constant, a * f + c) are decided in one budgeted child:
    a slow wrong derivative costs at most two budgets per student (grading, then this), not four."""
    from nngrade.grading import budget

    key = lecture_key()
    submission = worked_from("gd_univariate", key, {"derivative": "6*x + 4"})
    calls = []
    real_run = budget.run
    monkeypatch.setattr(budget, "run", lambda *args, **kw: calls.append(args[0].__name__) or real_run(*args, **kw))
    result = {p.part: p for p in grade(key, submission).parts}
    assert result["iterates"].code == "follow_through"
    assert calls.count("_unworked_expression") == 1 and len(calls) == 2, calls
