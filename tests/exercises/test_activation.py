"""activation: the seeds' worked examples come out exactly; derivatives agree with autograd."""
from __future__ import annotations

import random
from fractions import Fraction

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
import sympy as sp

import nngrade
from nngrade.core import maths
from nngrade.core.params import ParamError
from nngrade.exercises import problems
from nngrade.exercises.catalogue.activation import EXERCISE, PARAMS
from nngrade.exercises.keys import answer_key, plain, round_sigfigs
from nngrade.grading.grade import grade
from nngrade.generators import activation as generator
from nngrade.solvers import activation as solver

SEED_LAB = {
    "1-8": {
        "sigmoid": ["1/(1 + exp(-1))", "1/(1 + exp(-8))"],
        "tanh": ["tanh(1)", "tanh(8)"],
        "relu": ["1", "8"],
        "softmax": ["exp(1)/(exp(1) + exp(8))", "exp(8)/(exp(1) + exp(8))"],
    },
    "8-6": {
        "sigmoid": ["1/(1 + exp(-8))", "1/(1 + exp(-6))"],
        "tanh": ["tanh(8)", "tanh(6)"],
        "relu": ["8", "6"],
        "softmax": ["exp(8)/(exp(8) + exp(6))", "exp(6)/(exp(8) + exp(6))"],
    },
    "m8-9-m3": {
        "sigmoid": ["1/(1 + exp(8))", "1/(1 + exp(-9))", "1/(1 + exp(3))"],
        "tanh": ["-tanh(8)", "tanh(9)", "-tanh(3)"],
        "relu": ["0", "9", "0"],
        "softmax": [f"exp({k})/(exp(-8) + exp(9) + exp(-3))" for k in (-8, 9, -3)],
    },
}
#: The same answers to 4 significant figures, worked independently with a calculator.
SEED_LAB_ROUNDED = {
    "1-8": {"sigmoid": [0.7311, 0.9997], "tanh": [0.7616, 1.0], "relu": [1, 8], "softmax": [0.0009111, 0.9991]},
    "8-6": {"sigmoid": [0.9997, 0.9975], "tanh": [1.0, 1.0], "relu": [8, 6], "softmax": [0.8808, 0.1192]},
    "m8-9-m3": {
        "sigmoid": [0.0003354, 0.9999, 0.04743],
        "tanh": [-1.0, 1.0, -0.9951],
        "relu": [0, 9, 0],
        "softmax": [4.140e-08, 1.0, 6.144e-06],
    },
}


def solved(name):
    return nngrade.solve(problems.example("activation", name))


def same_value(text, expected):
    """The exact string denotes exactly the expected closed form (sympy's canonical form)."""
    return sp.sympify(text) == sp.sympify(expected)


def round_sig(x, figures=4):
    return float(f"{x:.{figures}g}")


@pytest.mark.parametrize("label", SEED_LAB)
@pytest.mark.parametrize("function", ["sigmoid", "tanh", "relu", "softmax"])
def test_seed_lab_examples_exact(label, function):
    answer = solved(f"lab-{label}-{function}")["answers"]["a"]
    expected = SEED_LAB[label][function]
    assert len(answer["exact"]) == len(expected)
    for text, closed_form in zip(answer["exact"], expected):
        assert "." not in text, f"{text} should stay a closed form"
        assert same_value(text, closed_form), (text, closed_form)
    assert [round_sig(v) for v in answer["value"]] == SEED_LAB_ROUNDED[label][function]


def test_lecture_sigmoid_example():
    answer = solved("lecture-sigmoid")["answers"]["a"]
    for text, closed_form in zip(answer["exact"], ["1/(1 + exp(5))", "1/(1 + exp(-1))", "1/(1 + exp(-7))"]):
        assert same_value(text, closed_form)
    assert [round_sig(v, 2) for v in answer["value"]] == [0.0067, 0.73, 1.0]
    assert round(answer["value"][2], 4) == 0.9991


def test_lecture_softmax_matrix_is_per_row():
    answer = solved("lecture-softmax")["answers"]["a"]
    rows = [(-5, -9), (1, 5), (7, 19)]
    for exact_row, (u, v) in zip(answer["exact"], rows):
        assert same_value(exact_row[0], f"exp({u})/(exp({u}) + exp({v}))")
        assert same_value(exact_row[1], f"exp({v})/(exp({u}) + exp({v}))")
    printed = [[9.82e-01, 1.80e-02], [1.80e-02, 9.82e-01], [6.14e-06, 1.00e00]]
    assert [[round_sig(v, 3) for v in row] for row in answer["value"]] == printed
    assert all(abs(sum(row) - 1) < 1e-15 for row in answer["value"])


def test_seed_printed_values_get_full_marks_and_wrong_axis_is_named():
    problem = problems.example("activation", "lecture-softmax")
    printed = [[9.82e-01, 1.80e-02], [1.80e-02, 9.82e-01], [6.14e-06, 1.00e00]]
    assert nngrade.grade(problem, {"a": printed}).all_correct
    z = np.array([[-5, -9], [1, 5], [7, 19]], dtype=float)
    by_column = (np.exp(z) / np.exp(z).sum(axis=0)).tolist()
    result = nngrade.grade(problem, {"a": by_column})
    assert result.score < result.max_score and "columns" in result.parts[0].feedback


def test_sigmoid_steps_show_the_formula_and_each_entry():
    steps = solved("lab-1-8-sigmoid")["steps"]
    assert [s["title"] for s in steps] == ["Write down the function", "Apply it to each entry", "Collect the results"]
    assert r"\frac{1}{1 + e^{-z}}" in steps[0]["latex"]
    assert r"\sigma(1) = \frac{1}{1 + e^{-1}} \approx \frac{1}{1 + 0.3679} \approx 0.7311" in steps[1]["latex"]
    assert r"\sigma(8) = \frac{1}{1 + e^{-8}}" in steps[1]["latex"]


def test_softmax_steps_exponentiate_sum_divide():
    steps = solved("lab-1-8-softmax")["steps"]
    titles = [s["title"] for s in steps]
    assert titles == ["Write down the function", "Exponentiate each entry", "Add up each row",
                      "Divide by the row sum", "Collect the results"]
    assert r"e^{8} \approx 2981" in steps[1]["latex"]
    assert r"\approx 2.718 + 2981 \approx 2984" in steps[2]["latex"]


def test_sigmoid_derivative_example():
    answer = solved("sigmoid-derivative")["answers"]["da_dz"]
    for text, z in zip(answer["exact"], (-5, 1, 7)):
        assert same_value(text, f"exp({-z})/(1 + exp({-z}))**2")
    sigma = [1 / (1 + np.exp(-z)) for z in (-5, 1, 7)]
    np.testing.assert_allclose(answer["value"], [s * (1 - s) for s in sigma], rtol=1e-12)


def test_softmax_jacobian_example_is_symmetric_with_zero_row_sums():
    answer = solved("softmax-jacobian")["answers"]["da_dz"]
    J = np.array(answer["value"])
    a = np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum()
    np.testing.assert_allclose(J, np.diag(a) - np.outer(a, a), rtol=1e-13)
    np.testing.assert_allclose(J.sum(axis=1), 0, atol=1e-15)
    for row_text, row_value in zip(answer["exact"], answer["value"]):
        for text, value in zip(row_text, row_value):
            assert abs(float(sp.sympify(text).evalf(30)) - value) <= 1e-15 * max(1, abs(value))


def test_leaky_relu_example_uses_alpha():
    assert solved("leaky-relu")["answers"]["a"]["exact"] == ["-1/5", "1/2", "3"]


def test_jacobian_diagonal_only_is_diagnosed():
    problem = problems.example("activation", "softmax-jacobian")
    a = np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum()
    result = nngrade.grade(problem, {"da_dz": np.diag(a * (1 - a)).tolist()})
    assert result.score < result.max_score and "diagonal" in result.parts[0].feedback


def test_relu_derivative_given_as_relu_is_diagnosed():
    problem = {"kind": "activation", "params": {"function": "relu", "z": [2, -1, 3], "derivative": True}}
    assert nngrade.solve(problem)["answers"]["da_dz"]["exact"] == ["1", "0", "1"]
    result = nngrade.grade(problem, {"da_dz": [2, 0, 3]})
    assert result.score < result.max_score and "instead of its derivative" in result.parts[0].feedback


def test_sigmoid_with_lost_sign_is_diagnosed():
    problem = problems.example("activation", "lab-1-8-sigmoid")
    result = nngrade.grade(problem, {"a": [1 / (1 + np.exp(1)), 1 / (1 + np.exp(8))]})
    assert result.score < result.max_score and "1/(1 + e^z)" in result.parts[0].feedback


@pytest.mark.parametrize("params,message", [
    ({"function": "sigmoid", "z": [1], "alpha": 0.2}, "leaky_relu only"),
    ({"function": "leaky_relu", "z": [1], "alpha": 1.5}, "between 0 and 1"),
    ({"function": "softmax", "z": []}, "empty"),
    ({"function": "gelu", "z": [1]}, "expected one of"),
])
def test_params_refused_with_a_reason(params, message):
    with pytest.raises(ParamError, match=message):
        PARAMS.read(params)


def test_relu_at_zero_is_fine_without_the_derivative():
    assert PARAMS.read({"function": "relu", "z": [0, 1]})["z"] == [0, 1]


def test_generator_knows_exactly_the_solver_functions():
    assert set(generator.FUNCTIONS) == set(solver.FUNCTIONS)


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_generated_inputs_are_hand_workable(difficulty):
    for seed in range(300):
        params = generator.generate(random.Random(seed), difficulty, derivative=seed % 2 == 1)
        name, z = params["function"], params["z"]
        rows = z if solver.is_matrix(z) else [z]
        entries = [v for row in rows for v in row]
        assert all(abs(v) <= generator.BOUNDS[name] and (v * 10).denominator == 1 for v in entries)
        if difficulty != "hard":
            assert all(v.denominator == 1 for v in entries)
        if name in maths.KINKED:
            assert 0 not in entries and min(entries) < 0 < max(entries)
        if name == "softmax":
            assert all(len(set(row)) == len(row) for row in rows)
            if params["derivative"]:
                assert not solver.is_matrix(z)
        if name == "leaky_relu":
            assert 0 < params["alpha"] < 1


# --- derivatives against autograd -------------------------------------------------------------

AUTOGRAD_FUNCTIONS = {
    "identity": lambda z: z * 1.0,
    "sigmoid": lambda z: 1 / (1 + anp.exp(-z)),
    "tanh": anp.tanh,
    "relu": lambda z: anp.maximum(z, 0.0),
    "leaky_relu": lambda z: anp.where(z > 0, z, 0.1 * z),
    "exp": anp.exp,
    "sign": anp.sign,
}


def autograd_softmax(z):
    e = anp.exp(z - anp.max(z))
    return e / anp.sum(e)


def random_inputs(count, seed):
    """``count`` inputs in [-6, 6] with three decimals, kept away from the kinks at 0."""
    rng = np.random.default_rng(seed)
    z = np.round(rng.uniform(-6, 6, count), 3)
    return np.where(np.abs(z) < 1e-3, 0.5, z)


@pytest.mark.filterwarnings("ignore:Output seems independent of input")  # autograd on sign
@pytest.mark.parametrize("name", sorted(AUTOGRAD_FUNCTIONS))
def test_numeric_derivative_matches_autograd_on_1000_inputs(name):
    z = random_inputs(1000, seed=len(name))
    mine = solver.derivatives(name, z, alpha=Fraction(1, 10))
    theirs = autograd.elementwise_grad(AUTOGRAD_FUNCTIONS[name])(z)
    np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=0)


def test_numeric_softmax_jacobian_matches_autograd_on_1000_vectors():
    rng = np.random.default_rng(7)
    for _ in range(1000):
        z = np.round(rng.uniform(-5, 5, int(rng.integers(2, 5))), 2)
        np.testing.assert_allclose(solver.derivatives("softmax", z), autograd.jacobian(autograd_softmax)(z),
                                   rtol=1e-10, atol=1e-300)
    Z = np.round(rng.uniform(-5, 5, (4, 3)), 2)
    per_row = [autograd.jacobian(autograd_softmax)(row) for row in Z]
    np.testing.assert_allclose(solver.derivatives("softmax", Z), per_row, rtol=1e-10, atol=1e-300)


@pytest.mark.filterwarnings("ignore:Output seems independent of input")  # autograd on sign
@pytest.mark.parametrize("name", sorted(AUTOGRAD_FUNCTIONS))
def test_exact_derivative_matches_autograd(name):
    z = random_inputs(150, seed=100 + len(name))
    exact = [Fraction(str(v)) for v in z]
    answer = nngrade.solve({"kind": "activation",
                            "params": {"function": name, "z": [str(v) for v in exact], "derivative": True,
                                       **({"alpha": "0.1"} if name == "leaky_relu" else {})}})
    theirs = autograd.elementwise_grad(AUTOGRAD_FUNCTIONS[name])(np.array([float(v) for v in exact]))
    np.testing.assert_allclose(answer["answers"]["da_dz"]["value"], theirs, rtol=1e-10, atol=0)


def test_exact_softmax_jacobian_matches_autograd():
    rng = np.random.default_rng(11)
    Z = np.round(rng.uniform(-4, 4, (40, 3)), 1)
    answer = nngrade.solve({"kind": "activation",
                            "params": {"function": "softmax", "z": [[str(v) for v in row] for row in Z],
                                       "derivative": True}})
    per_row = [autograd.jacobian(autograd_softmax)(row) for row in Z]
    np.testing.assert_allclose(answer["answers"]["da_dz"]["value"], per_row, rtol=1e-10, atol=1e-300)


def test_two_class_softmax_jacobian_keeps_short_closed_forms():
    answer = nngrade.solve({"kind": "activation", "params": {"function": "softmax", "z": [0, -1], "derivative": True}})
    exact = answer["answers"]["da_dz"]["exact"]
    sigma_prime = "exp(-1)/(1 + exp(-1))**2"
    assert [[same_value(text, f"{sign}{sigma_prime}") for text, sign in zip(row, signs)]
            for row, signs in zip(exact, (("", "-"), ("-", "")))] == [[True, True], [True, True]]


@pytest.mark.parametrize("derivative", [False, True])
@pytest.mark.parametrize("function", solver.FUNCTIONS)
def test_every_function_grades_right_rounded_and_mistaken_answers(function, derivative):
    """Every knob combination (the shared suite samples only some): the exact answer and one worked
    by hand with every intermediate rounded to 3 significant figures get full marks; each
    applicable misconception scores less and is named."""
    for difficulty in ("easy", "medium", "hard"):
        for seed in range(3):
            problem = problems.draw(EXERCISE, seed, difficulty=difficulty, function=function, derivative=derivative)
            key = answer_key(EXERCISE, problem)
            by_hand = EXERCISE.solve_numeric(problem.params, rnd=lambda v: round_sigfigs(v, 3))
            rounded = {part: plain(round_sigfigs(value, 3)) for part, value in by_hand.items()}
            assert grade(key, rounded).all_correct, (problem.params, grade(key, rounded).to_text())
            for wrong in key.misconceptions:
                result = grade(key, wrong.values)
                assert result.score < result.max_score
                assert wrong.message in result.parts[0].feedback, (wrong.code, result.to_text())


@pytest.mark.parametrize("seed", range(8))
def test_a_softmax_vector_is_shown_as_the_row_the_statement_says_it_is(seed):
    from nngrade.exercises import registry
    from nngrade.rendering import render

    flat = [problems.example("activation", "lab-1-8-softmax")] + [
        problem for problem in [problems.draw(EXERCISE, seed, function="softmax")]
        if not isinstance(problem.params["z"][0], list)]
    for problem in flat:
        z = problem.params["z"]
        statement = render.statement(problem, "latex")
        assert "a vector is a single row" in statement
        assert rf"z = \begin{{pmatrix}} {' & '.join(map(str, z))} \end{{pmatrix}}" in statement
        collected = registry.get("activation").solve(problem.params).steps[-1].latex
        assert r"\\" not in collected.split("=")[-1], collected
