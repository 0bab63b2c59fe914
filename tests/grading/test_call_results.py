"""What a student's process sends back is read strictly: only the runner's exact shapes count."""
from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import given, strategies as st

from nngrade.grading import call_results, student_runner
from nngrade.grading.call_results import read_outcome

LEAF = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
ITEM = st.fixed_dictionaries({"shape": st.lists(st.integers(-1, 3), max_size=3),
                              "data": st.lists(st.floats() | st.integers() | st.booleans(), max_size=9)})
FIELD = LEAF | st.lists(ITEM | LEAF, max_size=3)


@given(st.dictionaries(st.sampled_from(["values", "raised", "count", "returned", "x"]), FIELD, max_size=2),
       st.integers(1, 3))
def test_anything_sent_back_is_a_problem_or_exactly_the_right_finite_arrays(message, outputs):
    outcome = read_outcome(message, outputs)
    assert (outcome.values is None) != (outcome.problem == "")
    if outcome.values is not None:
        assert len(outcome.values) == outputs
        assert all(array.dtype == float and np.isfinite(array).all() for array in outcome.values)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=12), st.integers(1, 2))
def test_what_the_runner_encodes_reads_back_the_same(numbers, outputs):
    value = np.array(numbers)
    returned = value if outputs == 1 else (value, value[::-1])
    message = json.loads(json.dumps(student_runner.encode_result(returned, outputs)))
    outcome = read_outcome(message, outputs)
    assert outcome.problem == ""
    np.testing.assert_array_equal(outcome.values[0], value)


def test_forged_or_malformed_results_are_refused():
    refused = [
        {"values": [{"shape": [2], "data": [1.0]}]},                     # shape and data disagree
        {"values": [{"shape": [1], "data": [True]}]},                    # a boolean is no number
        {"values": [{"shape": [1], "data": [10 ** 400]}]},               # only floats
        {"values": [{"shape": [1], "data": [1.0], "passed": True}]},     # an extra key
        {"values": [{"shape": [1, 1, 1, 1, 1], "data": [1.0]}]},          # more than 4 dimensions
        {"values": [{"shape": [1], "data": [1.0]}], "score": 1},
        {"values": []},
        {"passed": True},
    ]
    for message in refused:
        assert read_outcome(message, 1).problem == "sent back something that is not a result", message
    assert "not a finite number" in read_outcome({"values": [{"shape": [1], "data": [math.nan]}]}, 1).problem
    assert read_outcome({"count": 3}, 2).problem == "should return 2 values, got 3"


def test_student_text_is_shortened_and_kept_on_one_line():
    text = read_outcome({"raised": "ValueError: " + "\n[PASSED]" * 100}, 1).problem
    assert "\n" not in text and len(text) <= call_results.MAX_TEXT + len("raised ")


def test_a_line_that_is_not_a_json_object_is_none():
    assert call_results.parse_line(b"[1, 2]") is None
    assert call_results.parse_line(b"\xff\xfe") is None
    assert call_results.parse_line(b"[" * 100_000) is None
    assert call_results.parse_line(b'{"ready": true}') == {"ready": True}
