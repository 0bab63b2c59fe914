"""forward_pass: the seeds' networks, the predicted class, misconceptions and the layers reader."""
from __future__ import annotations

import math

import numpy as np
import pytest

import nngrade
from nngrade.core.layers import read_layers, write_layers
from nngrade.core.params import ParamError
from nngrade.exercises import problems


def values(name):
    solution = nngrade.solve(problems.example("forward_pass", name))
    return {part: a["value"] for part, a in solution["answers"].items()}, solution


def test_seed_lecture_baseline_predicts_9_so_the_error_against_13_is_minus_4():
    got, _ = values("seed-lecture-baseline")
    assert got["z"] == [[[5.0, 1.0]], [[9.0]]]
    assert got["output"][0][0] - 13 == -4


def test_seed_lab_final_output_nodes_and_class():
    got, solution = values("seed-lab-final-output")
    assert got["z"] == [[[1.0, -1.0]], [[2.0, 0.0]]]  # A, B before ReLU; C, D before softmax
    assert got["a"][0] == [[1.0, 0.0]]
    assert math.isclose(got["output"][0][0], 1 / (1 + math.exp(-2)), rel_tol=1e-15)
    assert got["predicted_class"] == "YES"
    assert solution["answers"]["output"]["exact"] == [["exp(2)/(1 + exp(2))", "1/(1 + exp(2))"]]


def test_seed_lab_sigmoid_exp_network_forward():
    got, _ = values("seed-lab-sigmoid-exp")
    X = np.array([[1.0, 1.0, -1.0]])
    a1 = 1 / (1 + np.exp(-(X @ np.array([[0.2, 0.4], [0.6, 0.8], [1.0, 1.2]]))))
    np.testing.assert_allclose(got["output"], np.exp(a1 @ np.array([[1.0], [2.0]])), rtol=1e-14)


def test_picking_the_smallest_output_is_diagnosed():
    problem = problems.example("forward_pass", "seed-lab-final-output")
    got, _ = values("seed-lab-final-output")
    result = nngrade.grade(problem, {**got, "predicted_class": "no"})
    part = next(p for p in result.parts if p.part == "predicted_class")
    assert part.code == "misconception:smallest_output"


def test_forgetting_the_activation_is_diagnosed():
    problem = problems.example("forward_pass", "seed-lab-final-output")
    got, _ = values("seed-lab-final-output")
    result = nngrade.grade(problem, {**got, "a": [[[1, -1]], [[3, -2]]]})
    part = next(p for p in result.parts if p.part == "a")
    assert part.code == "misconception:no_activation", result.to_text()


def test_classes_must_match_the_output_units():
    with pytest.raises(nngrade.api.ProblemFileError, match="classes"):
        nngrade.solve({"kind": "forward_pass", "params": {
            "X": [[1, 2]], "layers": [{"W": [[1, 0], [0, 1]], "activation": "softmax"}], "classes": ["a", "b", "c"]}})


@pytest.mark.parametrize("layers,message", [
    ([{"W": [[1, 2]], "activation": "relu"}, {"W": [[1], [2], [3]]}], "layer 2: W has 3 rows"),
    ([{"W": [[1]], "activation": "swish"}], "activation must be one of"),
    ([{"W": [[1]], "activation": "relu", "alpha": 0.2}], "alpha is only used"),
    ([{"W": [[1, 2]], "b": [1]}], "b has 1 entries"),
    ([], "non-empty"),
])
def test_layers_reader_refuses_bad_networks(layers, message):
    with pytest.raises(ParamError, match=message):
        read_layers(layers)


def test_layers_round_trip_keeps_alpha_and_fills_zero_biases():
    layers = read_layers([{"W": [[0.5, -1]], "activation": "leaky_relu", "alpha": "1/5"},
                          {"W": [[1], [2]], "activation": "leaky_relu"}])
    assert layers[0]["b"] == [0, 0] and str(layers[0]["alpha"]) == "1/5"
    assert read_layers(write_layers(layers)) == layers


def test_unnamed_softmax_output_asks_for_the_class_number():
    problem = {"kind": "forward_pass", "params": {
        "X": [[1, 0], [0, 1]], "layers": [{"W": [[1, -1, 0], [2, 0, 3]], "activation": "softmax"}]}}
    solution = nngrade.solve(problem)
    assert solution["answers"]["predicted_class"]["value"] == "1, 3"
    assert "classes 1 to 3" in nngrade.solve(problem, "markdown")
    assert nngrade.grade(problem, {"predicted_class": [1, 3]}).parts[-1].correct
    zero_based = nngrade.grade(problem, {"predicted_class": "0, 2"}).parts[-1]
    assert not zero_based.correct and "counted from 0" in zero_based.feedback


def test_output_that_is_no_classifier_has_no_class():
    problem = {"kind": "forward_pass", "params": {"X": [[1, 0]], "layers": [{"W": [[1, -1], [2, 0]], "activation": "sigmoid"}]}}
    assert "predicted_class" not in nngrade.solve(problem)["answers"]
    assert "predicted class" not in nngrade.solve(problem, "markdown")
