"""One simulated class of the seed lab, graded for real and reported, shared by the report's tests."""
from __future__ import annotations

import pytest

#: The problem with one unfair variant planted.
UNFAIR_PROBLEM = "21-backprop"
STUDENTS = 300


@pytest.fixture(scope="session")
def planted(tmp_path_factory):
    """(simulation, the report's figures, the report folder) for a class with planted rates."""
    pytest.importorskip("matplotlib")
    from nngrade.report.results import read_class
    from nngrade.report.write import write_report
    from nngrade.simulated_class import Plan, simulate

    out = tmp_path_factory.mktemp("planted")
    simulation = simulate(out, STUDENTS, plan=Plan(unfair_problem=UNFAIR_PROBLEM), seed=1)
    figures = write_report(read_class(out / "results", out / "submissions"), out / "report")
    return simulation, figures, out / "report"
