"""Parameter readers: canonical exact values, one-line errors that name the parameter."""
from __future__ import annotations

from fractions import Fraction

import pytest

from nngrade.core import params as P


SPEC = P.ParamSpec({"X": P.matrix(), "w": P.column_or_matrix(), "eta": P.number(Fraction(1, 10)),
                    "method": P.choice(("batch", "sgd"), "batch"), "steps": P.count(1)})


def test_reads_and_writes_back():
    read = SPEC.read({"X": [[1, "0.5"]], "w": [1, 2], "eta": "1/3"})
    assert read["X"] == [[Fraction(1), Fraction(1, 2)]]
    assert read["w"] == [[Fraction(1)], [Fraction(2)]]
    assert SPEC.read(SPEC.write(read)) == read
    assert "method" not in SPEC.write(read)


@pytest.mark.parametrize("raw,message", [
    ({"w": [1]}, "missing parameter X"),
    ({"X": [[1, 2], [3]], "w": [1]}, "parameter X: rows of the matrix have different lengths"),
    ({"X": [[1]], "w": [1], "method": "adam"}, "parameter method: expected one of batch, sgd"),
    ({"X": [[1]], "w": [1], "steps": -1}, "parameter steps"),
    ({"X": [[1]], "w": [1], "colour": 1}, "unknown parameter(s): colour"),
    ({"X": "abc", "w": [1]}, "parameter X"),
    ("not a mapping", "params must be a mapping"),
])
def test_errors_name_the_parameter(raw, message):
    with pytest.raises(P.ParamError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SPEC.read(raw)
