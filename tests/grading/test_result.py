"""Grade results as data: a part's dict is every field of the part, in order."""
from __future__ import annotations

from dataclasses import asdict

from hypothesis import given
from hypothesis import strategies as st

from nngrade.grading.result import GradeResult, PartResult


@given(st.builds(PartResult, st.text(), st.floats(0, 5), st.floats(0, 5), st.booleans(), st.text(), st.text()))
def test_a_part_as_data_is_its_dataclass_as_a_dict(part):
    assert part.to_dict() == asdict(part) and list(part.to_dict()) == list(asdict(part))
    assert GradeResult([part]).to_dict()["parts"] == [asdict(part)]
