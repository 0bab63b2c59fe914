"""nngrade's sigfigs and decimals modes against the published answer-test cases of two peers.

The cases are facts from the peers' own test suites (student answer, teacher answer, option,
the peer's mark); the test code is nngrade's. Each case is graded through :func:`grade` with the
student's answer as the text it was typed as.

- STACK (maths/moodle-qtype_stack, ``tests/fixtures/answertestfixtures.class.php``, commit
  007981b2a7f3a381abe03e6a0a6bab83b55f487a): ``NumSigFigs`` with option ``n`` (exactly n
  figures written, and accurate) maps to ``sigfigs=n, written_form=True``; option ``[n,-1]``
  (accurate to n figures, more figures condoned) maps to ``sigfigs=n`` with the written-form
  check off; ``NumDecPlaces`` maps to ``decimals=d, written_form=True``; ``SigFigsStrict`` and
  ``NumSigFigs [n,0]`` check only how the answer is written, so they test the figure count.
  Not mapped: options ``[n,m]`` with m > 0 (n written, m accurate: nngrade has no such mode),
  STACK-only notation (``138*10^-3``, ``-(0.05)``, units, matrices) and option errors.
- PrairieLearn (PrairieLearn/PrairieLearn, ``apps/prairielearn/python/test/misc_test.py``,
  commit 024eabd5f33552152890c70531e402b07cba3f7d): ``is_correct_ndarray2d_sf`` and ``_dd`` on
  real matrices (the complex cases are not mapped: nngrade's answers are real).

Where nngrade deliberately differs, the case carries nngrade's mark and the reason.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from nngrade.grading import compare, parse
from nngrade.grading.grade import grade
from nngrade.grading.key import AnswerKey
from nngrade.grading.spec import AnswerSpec

PI = math.pi
SEVENTH = 1 / 7

#: Why nngrade's mark differs from the peer's, by reason.
TIE = "the key 0.04985 is a tie at 3 figures: nngrade accepts both roundings (0.0499 by hand, 0.0498 by NumPy)"
FLOAT_EDGE = ("0.145 is exactly halfway and rounds half up to 0.15, not 0.14 (the peer's float 0.145 is "
              "0.14499999..., below the edge; it rejects 82.5 for 82, the same edge, where the float is exact)")
FEWER = "without the written-form check nngrade judges the value only: 8.25 is 8.250 to 4 figures"
STRICT_ZEROS = "trailing zeros of an integer leave its figures open: 100 has 1 to 3 (as STACK's NumSigFigs reads it)"
BAND_51 = "the peer accepts within 0.51 units, so an answer that rounds to another k-figure number passes"
NON_FINITE = "nngrade never accepts NaN or inf"

#: (option, student answer as typed, teacher's value, STACK's mark[, nngrade's mark, why]).
STACK_NUMSIGFIGS = [
    ("2", "0", 0, 0), ("1", "0", 0, 1), ("1", "0.0", 0, 1), ("2", "0.0", 0, 0), ("2", "0", 0.0, 0),
    ("2", "0.0", 0.0, 0), ("2", "0.00", 0.0, 1),
    ("2", "5.4e21", 5.3e21, 0), ("2", "5.3e21", 5.3e21, 1), ("2", "5.3e22", 5.3e22, 1), ("2", "5.3e20", 5.3e22, 0),
    ("9", "6.02214086e23", 6.02214086e23, 1), ("9", "6.0221409e23", 6.02214086e23, 0),
    ("9", "6.02214087e23", 6.02214086e23, 0), ("9", "6.02214085e23", 6.02214086e23, 0),
    ("8", "5.3910632e-44", 5.3910632e-44, 1), ("8", "5.391063e-44", 5.3910632e-44, 0),
    ("8", "5.3910631e-44", 5.3910632e-44, 0), ("8", "5.3910633e-44", 5.3910632e-44, 0),
    ("9", "1.61622938e-35", 1.61622938e-35, 1), ("9", "1.6162294e-35", 1.61622938e-35, 0),
    ("9", "1.61622939e-35", 1.61622938e-35, 0), ("9", "1.61622937e-35", 1.61622938e-35, 0),
    ("5", "1.2345e82", 1.2345e82, 1), ("5", "1.2346e82", 1.2345e82, 0), ("5", "1.2344e82", 1.2345e82, 0),
    ("1", "1.234", 4, 0), ("3", "3.141", 3.1415927, 0), ("4", "3.141", 3.1415927, 0), ("4", "3.146", 3.1415927, 0),
    ("4", "3.147", 3.1415927, 0), ("4", "3.142", 3.1415927, 1), ("4", "3.142", PI, 1), ("4", "3141", 3.1415927, 0),
    ("3", "0.00123", 0.001234567, 1), ("3", "1.23e-3", 0.001234567, 1), ("3", "1.24e-3", 0.001234567, 0),
    ("4", "1.235e-3", 0.001234567, 1), ("2", "1000", 999, 1), ("2", "1E3", 999, 0), ("1", "-100", -149, 1),
    ("1", "-0.05", -0.0499, 1), ("3", "1170", 1174.34, 1), ("3", "61300", 61250, 1),
    ("4", "0.1667", 0.1667, 1), ("4", "0.1666", 0.1667, 0), ("4", "0.1663", 0.1667, 0), ("4", "0.1662", 0.1667, 0),
    ("4", "0.166", 0.1667, 0), ("4", "0.16667", 0.1667, 0),
    ("4", "-3.141", -3.1415927, 0), ("3", "-3.141", -3.1415927, 0), ("4", "-3.142", -3.1415927, 1),
    ("4", "3.142", -3.1415927, 0), ("4", "-3.142", 3.1415927, 0), ("4", "-3.149", 3.1415927, 0),
    ("3", "2.15", 75701719 / 35227192, 1),
    ("3", "0.0499", 0.04985, 1), ("3", "0.0498", 0.04985, 0, 1, TIE), ("3", "0.0498", 0.04975, 1),
    ("3", "0.0497", 0.04975, 0), ("3", "0.0499", 0.0498, 0),
    ("3", "1.5", 1.500, 0), ("3", "1.50", 1.500, 1), ("3", "1.500", 1.500, 0), ("3", "245.0", 245, 0),
    ("3", "180", 178.35, 0), ("3", "33", 33.1558, 0),
    ("[4,-1]", "8.250", 8.250, 1), ("[4,-1]", "8.25", 8.250, 0, 1, FEWER), ("[4,-1]", "8.250000", 8.250, 1),
    ("[4,-1]", "8.250434", 8.250, 1), ("[2,-1]", "82.4", 82, 1), ("[2,-1]", "82.5", 82, 0), ("[2,-1]", "83", 82, 0),
    ("[4,-1]", "0.1430", SEVENTH, 0), ("[4,-1]", "0.1429", SEVENTH, 1), ("[4,-1]", "0.1428", SEVENTH, 0),
    ("[4,-1]", "0.143", SEVENTH, 0), ("[4,-1]", "0.14284", SEVENTH, 0), ("[4,-1]", "0.14285", SEVENTH, 1),
    ("[4,-1]", "0.14286", SEVENTH, 1), ("[4,-1]", "0.14291", SEVENTH, 1), ("[4,-1]", "0.14294", SEVENTH, 1),
    ("[4,-1]", "0.14295", SEVENTH, 0), ("[2,-1]", "0.142", SEVENTH, 1), ("[2,-1]", "0.14290907676", SEVENTH, 1),
    ("[2,-1]", "0.143", SEVENTH, 1), ("[2,-1]", "0.1433333", SEVENTH, 1), ("[2,-1]", "0.144", SEVENTH, 1),
    ("[2,-1]", "0.145", SEVENTH, 1, 0, FLOAT_EDGE), ("[2,-1]", "0.146", SEVENTH, 0),
    ("4", "1.279", math.log10(19), 1), ("3", "3.14", PI, 1), ("3", "3.15", PI, 0), ("6", "1.73205", math.sqrt(3), 1),
]

#: (places, student answer as typed, teacher's value, STACK's mark).
STACK_NUMDECPLACES = [
    ("2", "x", 3.143, 0), ("3", "pi", 3.000, 0), ("2", "3.14", 3.143, 1), ("2", "3.14", 3.14, 1),
    ("3", "3.140", 3.140, 1), ("4", "3141.5972", 3141.5972, 1), ("2", "4.14", 3.14, 0), ("4", "3.1416", PI, 1),
    ("1", "-7.3", -7.3, 1), ("1", "3.14", 3.143, 0), ("3", "3.14", 3.140, 0), ("4", "7.000", 7, 0),
    ("4", "7.0000", 7, 1), ("3", "8.0000", 7, 0), ("3", "4.000", 3.99999, 1), ("2", "0.10", 0.1, 1),
]

#: (figures, answer as typed, STACK's mark[, nngrade's mark, why]): SigFigsStrict, then NumSigFigs [n,0].
STACK_WRITTEN_FIGURES = [
    (1, "0.0010", 0), (2, "0.0010", 1), (3, "0.0010", 0), (2, "0.00100", 0), (3, "0.00100", 1), (4, "0.00100", 0),
    (1, "0.001", 1), (2, "0.001", 0), (1, "100", 1), (2, "100", 0, 1, STRICT_ZEROS), (3, "100", 0, 1, STRICT_ZEROS),
    (4, "100", 0), (1, "100.", 0), (2, "100.", 0), (3, "100.", 1), (4, "100.", 0),
    (1, "123.", 0), (2, "123.", 0), (3, "123.", 1), (4, "123.", 0),
    (1, "1.00e2", 0), (2, "1.00e2", 0), (3, "1.00e2", 1), (4, "1.00e2", 0),
    (2, "10.0", 0), (3, "10.0", 1), (4, "10.0", 0), (1, "0", 1), (2, "0", 0), (1, "0.0", 1), (2, "0.0", 0),
    (1, ".0", 1), (2, ".0", 0), (4, ".001030", 1), (1, "0.00", 0), (2, "0.00", 1), (3, "0.00", 0),
    (1, "25.00e1", 0), (3, "25.00e1", 0), (4, "25.00e1", 1), (5, "25.00e1", 0),
    (3, "15.1", 1), (3, "15.10", 0), (3, "15.100", 0),
    # NumSigFigs [n,0]: the same counting, but "100 has at least 1 and maybe even 3 significant digits"
    (1, "0.0010", 0), (2, "0.0010", 1), (3, "0.0010", 0), (1, "0.001", 1), (2, "0.001", 0),
    (2, "0.00100", 0), (3, "0.00100", 1), (4, "0.00100", 0), (2, "5.00", 0), (3, "5.00", 1), (4, "5.00", 0),
    (1, "100", 1), (2, "100", 1), (3, "100", 1), (4, "100", 0), (2, "10.0", 0), (3, "10.0", 1), (4, "10.0", 0),
    (1, "0", 1), (2, "0", 0), (1, "0.00", 0), (2, "0.00", 1), (3, "0.00", 0), (4, "0.00", 0),
]

#: (mode, digits, submitted matrix, true matrix, PrairieLearn's result[, nngrade's, why]).
PRAIRIELEARN = [
    ("decimals", 2, [[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]], True),
    ("decimals", 2, [[1.001, 2.005], [3.008, 4.009]], [[1.005, 2.000], [3.004, 4.014]], True, False, BAND_51),
    ("decimals", 2, [[1.01, 2.0], [3.0, 4.0]], [[1.00, 2.0], [3.0, 4.0]], False),
    ("sigfigs", 2, [[1.0, np.inf], [3.0, np.nan]], [[1.0, np.inf], [3.0, np.nan]], True, False, NON_FINITE),
    ("sigfigs", 2, [[0.095, 2.0], [3.0, 4.0]], [[0.100, 2.0], [3.0, 4.0]], True, False, BAND_51),
    ("sigfigs", 2, [[0.094, 2.0], [3.0, 4.0]], [[0.100, 2.0], [3.0, 4.0]], False),
]


def _expected(case: tuple, peer_mark):
    """nngrade's mark for a case: the peer's, unless the case records a deliberate difference."""
    return case[-2] if isinstance(case[-1], str) else peer_mark


def _mark(spec: AnswerSpec, answer: str, teacher: float) -> int:
    result = grade(AnswerKey([spec], {"p": teacher}), {"p": answer})
    return int(result.parts[0].correct)


@pytest.mark.parametrize("case", STACK_NUMSIGFIGS, ids=lambda c: f"{c[0]}:{c[1]}")
def test_stack_numsigfigs(case):
    option, answer, teacher, stack = case[:4]
    figures = int(option.strip("[]").split(",")[0])
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=figures, written_form=not option.startswith("["))
    assert _mark(spec, answer, teacher) == _expected(case, stack)


@pytest.mark.parametrize("case", STACK_NUMDECPLACES, ids=lambda c: f"{c[0]}:{c[1]}")
def test_stack_numdecplaces(case):
    places, answer, teacher, stack = case
    spec = AnswerSpec("p", mode="decimals", decimals=int(places), written_form=True)
    assert _mark(spec, answer, teacher) == stack


@pytest.mark.parametrize("case", STACK_WRITTEN_FIGURES, ids=lambda c: f"{c[0]}:{c[1]}")
def test_stack_written_figures(case):
    figures, answer, stack = case[:3]
    spec = AnswerSpec("p", mode="sigfigs", sigfigs=figures, written_form=True)
    assert int(compare.written_ok(parse.written_forms(answer), spec)) == _expected(case, stack)


@pytest.mark.parametrize("case", PRAIRIELEARN, ids=lambda c: f"{c[0]}:{c[2]}")
def test_prairielearn_ndarray2d(case):
    mode, digits, submitted, true, peer = case[:5]
    spec = AnswerSpec("p", mode=mode, **{mode: digits})
    got = bool(np.all(compare.close(np.array(submitted), np.array(true), spec)))
    assert got == _expected(case, peer)

