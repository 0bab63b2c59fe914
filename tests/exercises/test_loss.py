"""loss: the seed lecture's table, the sign convention of an error, and the log losses."""
from __future__ import annotations

import math

import pytest

import nngrade
from nngrade.exercises import problems


def test_seed_table_errors_total_and_mean():
    sse = nngrade.solve(problems.example("loss", "seed-table-sse"))["answers"]
    assert sse["errors"]["exact"] == ["-10", "-5", "5"]
    assert sse["terms"]["exact"] == ["100", "25", "25"]
    assert sse["loss"]["exact"] == "150"
    assert nngrade.solve(problems.example("loss", "seed-table-mse"))["answers"]["loss"]["exact"] == "50"
    assert nngrade.solve(problems.example("loss", "seed-table-half-sse"))["answers"]["loss"]["exact"] == "75"


def test_fixed_log_loss_examples():
    bce = nngrade.solve(problems.example("loss", "bce-three-rows"))["answers"]["loss"]["value"]
    assert math.isclose(bce, -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3, rel_tol=1e-14)
    ce = nngrade.solve(problems.example("loss", "cross-entropy-two-rows"))["answers"]["loss"]["value"]
    assert math.isclose(ce, -(math.log(0.7) + math.log(0.5)) / 2, rel_tol=1e-14)


def test_errors_with_the_opposite_sign_are_diagnosed():
    result = nngrade.grade(problems.example("loss", "seed-table-mse"), {"errors": [10, 5, -5], "terms": [100, 25, 25], "loss": 50})
    part = next(p for p in result.parts if p.part == "errors")
    assert part.code == "misconception:error_sign"
    assert result.score == result.max_score - part.max_score


def test_summing_instead_of_averaging_is_diagnosed():
    result = nngrade.grade(problems.example("loss", "seed-table-mse"), {"loss": 150})
    assert next(p for p in result.parts if p.part == "loss").code == "misconception:sum_not_mean"


def test_cross_entropy_averages_over_rows():
    problem = {"kind": "loss", "params": {"loss": "cross_entropy", "y_true": [[0, 1], [1, 0]],
                                          "y_pred": [[0.3, 0.7], [0.6, 0.4]]}}
    answers = nngrade.solve(problem)["answers"]
    assert math.isclose(answers["loss"]["value"], -(math.log(0.7) + math.log(0.6)) / 2, rel_tol=1e-14)
    assert answers["terms"]["value"] == pytest.approx([-math.log(0.7), -math.log(0.6)], rel=1e-14)


def test_bce_on_one_column():
    problem = {"kind": "loss", "params": {"loss": "bce", "y_true": [1, 0], "y_pred": [0.8, 0.4]}}
    answers = nngrade.solve(problem)["answers"]
    assert math.isclose(answers["loss"]["value"], -(math.log(0.8) + math.log(0.6)) / 2, rel_tol=1e-14)
    assert answers["errors"]["value"] == pytest.approx([-0.2, 0.4])


@pytest.mark.parametrize("params,message", [
    ({"loss": "mse", "y_true": [1, 2], "y_pred": [1, 2, 3]}, "same shape"),
    ({"loss": "bce", "y_true": [1, 0], "y_pred": [1, 0.5]}, "strictly between"),
    ({"loss": "cross_entropy", "y_true": [[1, 1]], "y_pred": [[0.5, 0.5]]}, "add up to 1"),
])
def test_bad_loss_problems_are_refused(params, message):
    with pytest.raises(nngrade.api.ProblemFileError, match=message):
        nngrade.solve({"kind": "loss", "params": params})
