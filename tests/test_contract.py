"""CONTRACT.md held: names, the kinds and their answer parts, problem, solution and grade JSON."""
from __future__ import annotations

import json

import pytest
import sympy as sp

import nngrade
from nngrade.exercises import problems, registry

#: The contract's table: kind -> (required answer parts, optional ones).
CONTRACT_PARTS = {
    "linear_layer": ({"z"}, set()),
    "activation": (set(), {"a", "da_dz"}),
    "forward_pass": ({"z", "a", "output"}, {"predicted_class"}),
    "loss": ({"errors", "loss"}, set()),
    "gd_univariate": ({"derivative", "stationary_points", "iterates"}, set()),
    "linear_regression_gd": ({"grad_w", "grad_b", "w", "b", "loss"}, set()),
    "least_squares": ({"beta_hat"}, {"gradient"}),
    "logistic_regression_gd": ({"grad_w", "grad_b", "w", "b", "loss"}, set()),
    "perceptron": ({"w", "b", "mistakes"}, set()),
    "backprop": ({"output", "loss", "delta", "grad_W", "grad_b", "W_new", "b_new"}, set()),
}

ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "exp", "sign")


def test_front_door_names():
    from nngrade import check, generate, grade, list_exercises, solve  # noqa: F401

    assert {entry["kind"] for entry in nngrade.list_exercises()} >= set(CONTRACT_PARTS)


@pytest.mark.parametrize("kind", CONTRACT_PARTS)
def test_kind_declares_the_contract_parts(kind):
    required, optional = CONTRACT_PARTS[kind]
    parts = {spec.part for spec in registry.get(kind).answers}
    assert required | optional <= parts


@pytest.mark.parametrize("kind", CONTRACT_PARTS)
def test_generated_problem_carries_version_seed_knobs_and_recreates(kind):
    problem = nngrade.generate(kind, seed=42, difficulty="medium")
    assert problem["kind"] == kind and problem["seed"] == 42 and problem["version"] >= 1
    assert problem["knobs"] == {"difficulty": "medium"}
    again = nngrade.generate(problem["kind"], problem["seed"], **problem["knobs"])
    assert json.dumps(again, sort_keys=True) == json.dumps(problem, sort_keys=True)
    text = json.dumps(problem)
    assert problems.read(json.loads(text)).params == problems.read(problem).params


def same_shape(a, b) -> bool:
    if isinstance(a, list) != isinstance(b, list):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same_shape(x, y) for x, y in zip(a, b))
    return True


@pytest.mark.parametrize("kind", CONTRACT_PARTS)
def test_solution_json_shape(kind):
    problem = nngrade.generate(kind, seed=5)
    solution = json.loads(json.dumps(nngrade.solve(problem)))
    required, _ = CONTRACT_PARTS[kind]
    assert solution["kind"] == kind and required <= set(solution["answers"])
    for part, answer in solution["answers"].items():
        assert set(answer) == {"value", "exact"}, part
        assert same_shape(answer["value"], answer["exact"]), part
    assert solution["steps"] and all({"title", "latex"} <= set(step) for step in solution["steps"])


def exact_entries(exact):
    if isinstance(exact, list):
        for item in exact:
            yield from exact_entries(item)
    elif isinstance(exact, str):
        yield exact


@pytest.mark.parametrize("kind", CONTRACT_PARTS)
def test_exact_entries_parse_and_decimals_have_30_digits(kind):
    for seed in range(3):
        solution = nngrade.solve(nngrade.generate(kind, seed=seed, difficulty="hard"))
        for answer in solution["answers"].values():
            for text in exact_entries(answer["exact"]):
                parsed = sp.sympify(text)
                if isinstance(parsed, sp.Float):
                    digits = len(text.lstrip("-").replace(".", "").split("e")[0].lstrip("0"))
                    assert digits >= 30, text


@pytest.mark.parametrize("function", ACTIVATIONS)
def test_activation_names(function):
    params = {"function": function, "z": [1, -2]}
    assert "a" in nngrade.solve({"kind": "activation", "params": params})["answers"]


def test_grade_json_shape():
    problem = {"kind": "linear_layer", "params": {"X": [[1, 2], [3, -1]], "W": [[2], [-1]], "b": [1]}}
    result = nngrade.grade(problem, {"z": [[1], [8]]}).to_dict()
    assert set(result) == {"score", "max_score", "parts"}
    assert {"part", "score", "max_score", "correct", "feedback"} <= set(result["parts"][0])
