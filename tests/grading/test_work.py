"""grading.work: follow-through only for a chain with work in it, on a hand-made key."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nngrade.grading import work
from nngrade.grading.grade import grade
from nngrade.grading.key import AnswerKey
from nngrade.grading.spec import AnswerSpec
from nngrade.grading.work import Unworked

W0 = np.array([1.0, 2.0])
ETA = 0.5


def chain_key() -> AnswerKey:
    """Predictions p (targets t = [3, 5]), gradient g = p - t, update w = w0 - eta g."""
    targets = np.array([3.0, 5.0])

    def follow(part, earlier):
        if part == "g":
            return earlier["p"] - targets
        return W0 - ETA * earlier["g"] if part == "w" else None

    specs = [AnswerSpec("p", per_entry=True), AnswerSpec("g", follows=("p",)), AnswerSpec("w", follows=("g",))]
    expected = {"p": [1.0, 1.0], "g": [-2.0, -4.0], "w": [2.0, 4.0]}
    unworked = {"p": (Unworked.ZEROS, targets.tolist()), "g": (Unworked.ZEROS,), "w": (W0.tolist(),)}
    return AnswerKey(specs, expected, follow_through=follow, unworked=unworked)


def chained(p) -> dict:
    g = np.asarray(p, dtype=float) - np.array([3.0, 5.0])
    return {"p": list(p), "g": g.tolist(), "w": (W0 - ETA * g).tolist()}


def codes(result) -> dict:
    return {part.part: part.code for part in result.parts}


@given(offset=st.floats(-0.03, 0.03))
def test_predictions_at_or_next_to_the_targets_earn_no_follow_through(offset):
    result = grade(chain_key(), chained([3.0 + offset, 5.0 + offset]))
    assert codes(result)["g"] == codes(result)["w"] == work.NO_WORK
    assert result.score == 0


@pytest.mark.parametrize("tiny", [0.0, 1e-9, 1e-4, -0.05])
def test_a_gradient_of_almost_nothing_earns_no_update_credit(tiny):
    result = grade(chain_key(), {"p": [1, 1], "g": [tiny, tiny], "w": (W0 - ETA * tiny).tolist()})
    assert codes(result)["w"] == work.NO_WORK and result.parts[2].score == 0


def test_the_start_echoed_earns_nothing_even_where_the_true_update_is_within_tolerance():
    key = chain_key()
    result = grade(key, {"p": [1, 1], "g": [0.001, 0.002], "w": W0.tolist()})
    assert codes(result)["w"] != "follow_through"


@given(slip=st.sampled_from([0.5, -1.0, 2.0, 1 / 12]), entry=st.sampled_from([0, 1]))
def test_an_honest_slip_keeps_follow_through(slip, entry):
    p = [1.0, 1.0]
    p[entry] += slip
    result = grade(chain_key(), chained(p))
    assert codes(result)["g"] == codes(result)["w"] == "follow_through"


def test_a_shrunken_honest_gradient_still_counts_as_work():
    """A sum where a mean belongs over a dozen rows: one twelfth of the right gradient."""
    key = chain_key()
    g = (np.array([-2.0, -4.0]) / 12).tolist()
    result = grade(key, {"p": [1, 1], "g": g, "w": (W0 - ETA * np.array(g)).tolist()})
    assert codes(result)["w"] == "follow_through"


def test_more_than_half_the_entries_must_be_idle():
    spec = AnswerSpec("v")
    right = [4.0, 4.0, 4.0, 4.0]
    assert work.has_work(spec, np.array([0.0, 0.0, 4.0, 4.0]), right, (Unworked.ZEROS,))
    assert not work.has_work(spec, np.array([0.0, 0.0, 0.0, 4.0]), right, (Unworked.ZEROS,))


def test_entries_where_the_right_answer_is_the_reference_are_not_judged():
    spec = AnswerSpec("v")
    assert work.has_work(spec, np.array([0.0, 3.0]), [0.0, 3.0], (Unworked.ZEROS,))
    assert work.has_work(spec, np.array([0.0, 0.0]), [0.0, 0.0], (Unworked.ZEROS,))


def test_nothing_where_the_right_answer_has_something_is_no_work():
    spec = AnswerSpec("mistakes", unordered=True)
    assert not work.has_work(spec, np.array([]), [2.0, 3.0], ([],))
    assert work.has_work(spec, np.array([2.0]), [2.0, 3.0], ([],))


@pytest.mark.parametrize("text, worked", [("0", False), ("7", False), ("(x + 1)**2 - x**2 - 2*x", False),
                                          ("x**2 + 1", False), ("2*x", True), ("2*x + 1", True)])
def test_expression_parts_constant_or_the_given_function_carry_no_work(text, worked):
    """The grader hands an expression part to follow-through as the student's text."""
    spec = AnswerSpec("d", kind="expression")
    assert work.has_work(spec, text, "2*x", ("x**2 + 1", Unworked.CONSTANT)) is worked


def test_an_expression_too_costly_to_judge_is_no_work_and_does_not_hang():
    """The no-work check runs in the budget too: a derivative that grinds sympy earns no follow-through."""
    import time

    spec = AnswerSpec("d", kind="expression")
    start = time.monotonic()
    assert not work.has_work(spec, "tan(exp(10**11))*x", "2*x", ("x**2 + 1", Unworked.CONSTANT))
    assert time.monotonic() - start < 30
