"""grade() on hand-made keys: partial credit arithmetic, diagnosis, follow-through, exact mode."""
from __future__ import annotations

import json
from collections import OrderedDict
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key
from nngrade.grading import shape
from nngrade.grading.grade import grade, matches
from nngrade.grading.key import AnswerKey, WrongAnswer
from nngrade.grading.spec import AnswerSpec

ETA = 0.5


def chain_key(**spec_changes) -> AnswerKey:
    """A gradient-then-update problem: w = w0 - eta * g, with w0 = [1, 2]."""
    w0 = np.array([1.0, 2.0])

    def follow(part, earlier):
        return w0 - ETA * earlier["g"] if part == "w" else None

    specs = [AnswerSpec("g", label="the gradient", per_entry=True, weight=2.0),
             AnswerSpec("w", label="the updated w", follows=("g",), **spec_changes)]
    wrongs = [WrongAnswer("sign", "looks like the update went uphill (+ instead of -)", {"w": [3.0, 3.0]}),
              WrongAnswer("half", "looks like the factor 2 of the square is missing", {"g": [2.0, 1.0]})]
    return AnswerKey(specs, {"g": [4.0, 2.0], "w": [-1.0, 1.0]}, wrongs, follow)


def parts(result):
    return {p.part: p for p in result.parts}


def test_all_right():
    result = grade(chain_key(), {"g": [4, 2], "w": ["-1", 1.0]})
    assert (result.score, result.max_score, result.all_correct) == (3.0, 3.0, True)


def test_partial_credit_arithmetic_is_a_plain_sum_of_weighted_fractions():
    result = grade(chain_key(), {"g": [4, 7], "w": [0, 0]})
    g = parts(result)["g"]
    assert (g.score, g.max_score, g.code) == (1.0, 2.0, "partial")
    assert g.feedback == "the gradient: 1 of 2 entries are not right (wrong at entry 2)"
    assert parts(result)["w"].score == 0.0
    assert result.score == 1.0 and result.max_score == 3.0


def test_follow_through_credits_the_right_update_of_a_wrong_gradient():
    result = grade(chain_key(), {"g": [6, 2], "w": [1 - ETA * 6, 2 - ETA * 2]})
    w = parts(result)["w"]
    assert (w.score, w.correct, w.code) == (1.0, False, "follow_through")
    assert "right method" in w.feedback and "(g)" in w.feedback


def test_follow_credit_is_a_fraction_of_the_weight():
    result = grade(chain_key(follow_credit=0.5, weight=2.0), {"g": [6, 2], "w": [-2, 1]})
    assert parts(result)["w"].score == 1.0


def test_follow_through_needs_the_recomputed_value_not_just_any():
    result = grade(chain_key(), {"g": [6, 2], "w": [5, 5]})
    assert parts(result)["w"].score == 0 and parts(result)["w"].code == "wrong"


def test_follow_through_from_a_misconception_names_the_earlier_mistake():
    result = grade(chain_key(), {"g": [2, 1], "w": [1 - ETA * 2, 2 - ETA * 1]})
    assert parts(result)["g"].code == "misconception:half"
    assert "factor 2" in parts(result)["g"].feedback
    assert parts(result)["w"].code == "follow_through"


def test_follow_through_from_right_earlier_values_is_full_credit():
    key = chain_key()
    key.expected["w"] = [-1.0, 1.0 + 1e-6]  # key rounded differently from the student's own chain
    key.specs[1] = AnswerSpec("w", label="the updated w", follows=("g",), mode="exact")
    result = grade(key, {"g": [4, 2], "w": [-1, 1]})
    assert parts(result)["w"].correct and parts(result)["w"].score == 1.0


@pytest.mark.parametrize("earlier", [None, "banana", [1, 2, 3], [[1, 2], [3, 4]]])
def test_follow_through_never_credits_from_an_unreadable_or_misshaped_earlier_part(earlier):
    result = grade(chain_key(), {"g": earlier, "w": [1, 2]})
    assert result.score == 0


def test_follow_through_survives_a_kind_that_raises():
    key = chain_key()

    def broken(part, earlier):
        raise ZeroDivisionError("singular")

    key.follow_through = broken
    result = grade(key, {"g": [6, 2], "w": [-2, 1]})
    assert parts(result)["w"].score == 0 and parts(result)["w"].code == "wrong"


def test_misconception_is_named_without_the_value():
    result = grade(chain_key(), {"g": [4, 2], "w": [3, 3]})
    w = parts(result)["w"]
    assert w.code == "misconception:sign" and w.score == 0
    assert w.feedback == "the updated w: looks like the update went uphill (+ instead of -)"


def test_missing_parts_and_ignored_keys():
    result = grade(chain_key(), {"g": [4, 2], 7: [-1, 1], None: 1})
    w = parts(result)["w"]
    assert (w.score, w.code) == (0.0, "missing")
    assert w.feedback == "the updated w: no answer given (2 keys that are not text were ignored)"
    assert parts(result)["g"].correct


@pytest.mark.parametrize("submission", [None, [1, 2], "g=4", OrderedDict(g=[4, 2], w=[-1, 1])])
def test_anything_but_a_plain_dict_is_unreadable(submission):
    result = grade(chain_key(), submission)
    assert result.score == 0 and all(p.code == "unreadable" for p in result.parts)
    assert "must be a plain dict" in result.parts[0].feedback


def test_exact_mode_compares_rationals():
    key = AnswerKey([AnswerSpec("p", mode="exact")], {"p": [1 / 3, 0.5]},
                    exact={"p": [Fraction(1, 3), Fraction(1, 2)]})
    assert grade(key, {"p": ["1/3", 0.5]}).all_correct
    assert grade(key, {"p": ["2/6", "0.50"]}).all_correct
    wrong = grade(key, {"p": [0.3333333333333333, 0.5]}).parts[0]
    assert wrong.score == 0 and "graded exactly" in wrong.feedback


def test_unordered_parts():
    key = AnswerKey([AnswerSpec("roots", unordered=True)], {"roots": [-1.0, 2.0]})
    assert grade(key, {"roots": [2, -1]}).all_correct
    assert not grade(key, {"roots": [2, 2]}).all_correct


def test_per_layer_parts_of_different_shapes():
    key = AnswerKey([AnswerSpec("W", per_entry=True)], {"W": [[[1.0, 2.0], [3.0, 4.0]], [[5.0], [6.0]]]})
    assert grade(key, {"W": [[[1, 2], [3, 4]], [5, 6]]}).all_correct  # a flat list for a column
    half = grade(key, {"W": [[[1, 2], [3, 0]], [[5], [0]]]}).parts[0]
    assert half.score == pytest.approx(4 / 6, abs=1e-6)
    layers = grade(key, {"W": [[[1, 2], [3, 4]]]}).parts[0]
    assert layers.score == 0 and "expected 2 answers (one per layer or step), got 1" in layers.feedback
    shaped = grade(key, {"W": [[[1, 2], [3, 4]], [[5, 6, 7]]]}).parts[0]
    assert shaped.feedback.startswith("W (item 2): expected a 2x1 matrix (a column), got a 1x3 matrix (a row)")


def test_transposed_square_matrix_scores_zero_even_with_per_entry_credit():
    key = AnswerKey([AnswerSpec("z", per_entry=True)], {"z": [[1.0, 2.0], [3.0, 4.0]]})
    result = grade(key, {"z": [[1, 3], [2, 4]]}).parts[0]
    assert (result.score, result.code) == (0.0, "transposed")


def test_plain_parts():
    key = AnswerKey([AnswerSpec("n", kind="integer"), AnswerSpec("ok", kind="boolean"),
                     AnswerSpec("label", kind="label")], {"n": 3, "ok": True, "label": "cat"},
                    [WrongAnswer("swap", "looks like rows and columns were swapped", {"n": 2})])
    assert grade(key, {"n": "3", "ok": "yes", "label": " Cat "}).all_correct
    result = parts(grade(key, {"n": 2, "ok": 1, "label": b"cat"}))
    assert result["n"].code == "misconception:swap"
    assert result["ok"].code == "unreadable" and "true or false" in result["ok"].feedback
    assert result["label"].code == "unreadable"


def test_expression_parts_with_a_misconception():
    key = AnswerKey([AnswerSpec("d", kind="expression")], {"d": "6*x - 4"},
                    [WrongAnswer("no_chain", "looks like the chain rule was not applied", {"d": "3*x - 4"})])
    assert grade(key, {"d": "2*(3*x - 2)"}).all_correct
    assert grade(key, {"d": "3*x-4"}).parts[0].code == "misconception:no_chain"
    assert grade(key, {"d": "x"}).parts[0].code == "wrong"
    assert grade(key, {"d": "__import__('os')"}).parts[0].code == "unreadable"


def test_json_and_text_views():
    result = grade(chain_key(), {"g": [4, 7], "w": [3, 3]})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["score"] == 1.0 and data["max_score"] == 3.0
    assert set(data["parts"][0]) >= {"part", "score", "max_score", "correct", "feedback", "code"}
    text = result.to_text()
    assert text.splitlines()[0] == "Score: 1 / 3"
    assert "~  g: 1/2" in text and "X  w: 0/1" in text


def test_exact_mode_on_a_registered_kind_keeps_fractions_in_the_key():
    import nngrade
    from nngrade.exercises import problems, registry
    from nngrade.exercises.keys import answer_key

    problem = problems.read({"kind": "linear_layer",
                             "params": {"X": [["1/3", "2"], ["3", "-1"]], "W": [["2"], ["-1/7"]], "b": ["1/2"]}})
    key = answer_key(registry.get("linear_layer"), problem, overrides={"z": {"mode": "exact"}})
    assert key.exact["z"] == [[Fraction(37, 42)], [Fraction(93, 14)]]
    solution = nngrade.solve(problem)["answers"]["z"]
    assert grade(key, {"z": solution["exact"]}).all_correct
    assert grade(key, {"z": [["74/84"], [Fraction(93, 14)]]}).all_correct
    floats = grade(key, {"z": solution["value"]}).parts[0]
    assert floats.score == 0 and "graded exactly" in floats.feedback


def test_labels_of_several_rows_read_as_a_list_or_comma_text():
    from nngrade.grading.grade import grade as grade_key
    from nngrade.grading.key import AnswerKey
    from nngrade.grading.spec import AnswerSpec

    key = AnswerKey([AnswerSpec("predicted_class", kind="label")], {"predicted_class": "YES, NO"})
    for answer in ("yes,no", "YES, NO", ["Yes", "No"], ("YES", "no")):
        assert grade_key(key, {"predicted_class": answer}).score == 1.0, answer
    for answer in ("no, yes", ["YES"], [["YES", "NO"]], "YES NO"):
        assert grade_key(key, {"predicted_class": answer}).score == 0.0, answer


@pytest.mark.parametrize("kind", registry.kinds())
@pytest.mark.parametrize("fill", [0.0, 0.5, 1.0])
def test_one_number_in_every_entry_earns_no_per_entry_credit(kind, fill):
    """All zeros for a ReLU layer hit the zero entries (up to 3 of 4 of the marks of a part);
    a part earns by such a fill only where the right answer is that number everywhere, or where
    the fill is a named misconception (b never updated from a start of 0), which keeps its
    per-entry credit."""
    exercise = registry.get(kind)
    for seed in range(4):
        key = answer_key(exercise, problems.draw(exercise, seed))
        submission = {}
        for spec in key.specs:
            if spec.kind == "numeric":
                items = [np.full(np.shape(item), fill).tolist() for item in shape.components(key.expected[spec.part])]
                submission[spec.part] = items[0] if len(items) == 1 else items
        for part in grade(key, submission).parts:
            if part.score > 0 and part.code != "follow_through" and not part.code.startswith("misconception:"):
                right = np.concatenate([np.ravel(c) for c in shape.components(key.expected[part.part])])
                assert part.correct and np.allclose(right, right[0], atol=1e-3), (kind, seed, part)


def test_wrong_entries_are_named_by_place_never_by_value():
    import numpy as np

    from nngrade.grading.grade import NAMED_ENTRIES, wrong_entries

    assert wrong_entries([np.array([[True, False], [True, True]])]) == "wrong at row 1, column 2"
    assert wrong_entries([np.array([True]), np.array([False, True])]) == "wrong at item 2: entry 1"
    many = wrong_entries([np.zeros(NAMED_ENTRIES + 2, dtype=bool)])
    assert many.endswith("and 2 more") and many.count("entry") == NAMED_ENTRIES


FLOATS = st.floats(-1e3, 1e3, allow_nan=False)
MATCH_SPECS = [AnswerSpec("p"), AnswerSpec("p", unordered=True), AnswerSpec("p", mode="sigfigs", sigfigs=2),
               AnswerSpec("p", mode="decimals", decimals=1), AnswerSpec("p", rtol=0.0, atol=0.5)]


@settings(max_examples=60, deadline=None)
@given(spec=st.sampled_from(MATCH_SPECS), target=st.lists(FLOATS, min_size=1, max_size=4), data=st.data())
def test_matches_is_the_graders_verdict(spec, target, data):
    """The draw screen's question (matches) has the answer grade() gives for the same values."""
    value = data.draw(st.lists(FLOATS, min_size=len(target), max_size=len(target)) | st.just(list(target))
                      | st.just([t + 1e-3 for t in reversed(target)]))
    slack = data.draw(st.none() | st.just([0.01] * len(target)))
    key = AnswerKey([spec], {"p": target}, slack={"p": slack} if slack else {})
    assert matches(spec, value, target, slack) == grade(key, {"p": value}).all_correct


def test_matches_on_expressions_and_plain_parts():
    derivative = AnswerSpec("d", kind="expression")
    assert matches(derivative, "2*(3*x - 2)", "6*x - 4") and not matches(derivative, "3*x - 4", "6*x - 4")
    label = AnswerSpec("label", kind="label")
    assert matches(label, "Cat", "cat") and not matches(label, "dog", "cat")
    assert not matches(AnswerSpec("z"), [[1.0, 2.0]], [[1.0], [2.0]])
