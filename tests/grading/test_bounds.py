"""accepted_bounds: each edge is accepted by the grader's comparison and the next float past it is not."""
from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nngrade.grading.bounds import accepted_bounds
from nngrade.grading.compare import close
from nngrade.grading.spec import AnswerSpec

VALUES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda v: v == 0 or abs(v) > 1e-9)
SPECS = st.one_of(
    st.builds(lambda rtol, atol: AnswerSpec("x", rtol=rtol, atol=atol),
              st.sampled_from([5e-3, 1e-2, 0.0]), st.sampled_from([5e-4, 1e-6, 0.0])).filter(
        lambda spec: spec.rtol or spec.atol),
    st.builds(lambda k, rule: AnswerSpec("x", mode="sigfigs", sigfigs=k, rule=rule),
              st.integers(1, 5), st.sampled_from(["rounds", "band"])),
    st.builds(lambda d: AnswerSpec("x", mode="decimals", decimals=d), st.integers(0, 4)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=4), SPECS, st.sampled_from([0.0, 1e-3, 0.25]))
def test_edges_are_the_last_accepted_floats(values, spec, slack):
    want = np.array(values)
    # an entry 1e12 times smaller than the largest is float noise in sigfigs mode: an expected 0
    assume(close(want, want, spec, slack).all())
    low, high = accepted_bounds(want, spec, slack)
    for index in np.ndindex(want.shape):
        for edge, beyond in ((low[index], -math.inf), (high[index], math.inf)):
            inside, outside = want.copy(), want.copy()
            inside[index], outside[index] = edge, math.nextafter(edge, beyond)
            assert close(inside, want, spec, slack)[index]
            assert not close(outside, want, spec, slack)[index]
        assert low[index] <= want[index] <= high[index]


def test_an_expected_value_the_grader_refuses_has_no_bounds():
    spec = AnswerSpec("x", mode="sigfigs", sigfigs=1)
    want = np.array([119210.0, 1.192092896e-07])
    assert not close(want, want, spec)[1]
    try:
        accepted_bounds(want, spec)
    except ValueError as error:
        assert "does not accept the expected value" in str(error)
    else:
        raise AssertionError("bounds were made up for a value the grader refuses")
