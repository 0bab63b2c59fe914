"""backprop: the seeds' numbers, and the engine checked against autograd, the twin and finite differences.

autograd is used here only, as an independent automatic-differentiation library: a network is
written once more with autograd.numpy and differentiated by it, and the deltas are read off as
the gradient of the loss with respect to a zero shift added to each z.
"""
from __future__ import annotations

import random
from fractions import Fraction

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import nngrade
from nngrade.core import maths
from nngrade.core.layers import read_layers
from nngrade.exercises import problems, registry
from nngrade.exercises.keys import answer_key
from nngrade.grading.grade import grade
from nngrade.solvers import backprop, network_numeric
from nngrade.solvers.exact import float_value

ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "exp")
LOSSES = ("mse", "sse", "half_sse", "bce", "cross_entropy")


def answers(kind, name):
    solution = nngrade.solve(problems.example(kind, name))
    return {part: a["exact"] for part, a in solution["answers"].items()}, solution


# ----- the seeds' numbers ---------------------------------------------------------------------

def test_seed_single_weight_slope_and_update():
    exact, _ = answers("backprop", "seed-single-weight")
    assert exact["output"] == [["6"]]
    assert exact["grad_W"] == [[["-24"]]]  # 2 * error * input = 2 * -4 * 3
    assert Fraction(exact["W_new"][0][0][0]) == Fraction("2.24")


def test_seed_two_inputs_and_the_error_after_the_update_is_plus_2_5():
    exact, _ = answers("backprop", "seed-two-inputs")
    assert exact["output"] == [["11"]]  # error 5
    assert exact["grad_W"] == [[["30"], ["40"]]]
    assert [Fraction(row[0]) for row in exact["W_new"][0]] == [Fraction("0.7"), Fraction("1.6")]
    assert Fraction(exact["new_error"][0][0]) == Fraction("2.5")  # the notes print -2.5


def test_seed_relu_network_slopes():
    exact, _ = answers("backprop", "seed-relu-output")
    assert exact["output"] == [["7"]]  # target 4, error 3, slope of the loss 2 * 3 = 6
    assert exact["grad_W"] == [[["6"], ["18"]]]  # 1 * 6 and 3 * 6


def test_seed_lab_network_matches_the_labs_own_formulas():
    problem = problems.example("backprop", "seed-lab-sigmoid-exp")
    got = backprop.solve(problem.params).answers
    X = np.array([[1.0, 1.0, -1.0]])
    y = np.array([[4.0]])
    w1 = np.array([[0.2, 0.4], [0.6, 0.8], [1.0, 1.2]])
    w2 = np.array([[1.0], [2.0]])
    a1 = 1 / (1 + np.exp(-(X @ w1)))
    z2 = a1 @ w2
    y_hat = np.exp(z2)
    delta2 = 2 * (y_hat - y) * np.exp(z2)  # the lab's loop, one observation
    delta1 = np.hstack([w2[i] * delta2 * a1[:, [i]] * (1 - a1[:, [i]]) for i in range(2)])
    np.testing.assert_allclose(float_value(got["delta"][1]), delta2, rtol=1e-12)
    np.testing.assert_allclose(float_value(got["delta"][0]), delta1, rtol=1e-12)
    np.testing.assert_allclose(float_value(got["grad_W"][1]), (delta2 * a1).T, rtol=1e-12)
    np.testing.assert_allclose(float_value(got["grad_W"][0]), X.T @ delta1, rtol=1e-12)


def test_solve_prints_every_delta_and_gradient_with_its_step():
    solution = nngrade.solve(problems.example("backprop", "seed-lab-sigmoid-exp"))
    titles = [step["title"] for step in solution["steps"]]
    for k in (1, 2):
        assert f"Delta of layer {k}" in titles
        assert f"Gradient of $W^{{({k})}}$" in titles
    assert titles.index("Delta of layer 2") < titles.index("Send the deltas of layer 2 back") < titles.index("Delta of layer 1")
    assert titles.index("Delta of layer 1") < titles.index("Gradient of $W^{(1)}$")


def test_transcendental_answers_are_short_closed_forms_or_30_digit_decimals():
    import sympy as sp

    solution = nngrade.solve(problems.example("backprop", "seed-lab-sigmoid-exp"))
    lab = sp.exp(1 / (1 + sp.exp(sp.Rational(1, 5))) + 1)
    assert sp.sympify(solution["answers"]["loss"]["exact"]) == (lab - 4) ** 2  # short: kept closed
    for text in solution["answers"]["delta"]["exact"][0][0]:
        assert sum(c.isdigit() for c in text) >= 30
    delta2 = 2 * (lab - 4) * lab
    assert abs(sp.Float(solution["answers"]["delta"]["exact"][1][0][0], 40) - delta2.evalf(50)) < sp.Float("1e-35")


def test_frozen_biases_stay():
    problem = problems.draw(registry.get("backprop"), 7, difficulty="medium", update_biases=False)
    got = backprop.solve(problem.params).answers
    assert [[Fraction(str(v)) for v in b] for b in got["b_new"]] == [layer["b"] for layer in problem.params["layers"]]


def test_softmax_cross_entropy_delta_is_yhat_minus_y_over_n():
    problem = problems.draw(registry.get("backprop"), 3, difficulty="hard", loss="cross_entropy")
    got = backprop.solve(problem.params)
    n = len(problem.params["X"])
    expected = (np.array(float_value(got.answers["output"])) - np.array(problem.params["y"], dtype=float)) / n
    np.testing.assert_allclose(float_value(got.answers["delta"][-1]), expected, rtol=1e-12, atol=1e-15)
    assert any("softmax with cross entropy" in step.title for step in got.steps)


@pytest.mark.parametrize("code", ["softmax_twice", "sign_flipped", "phi_for_dphi", "bias_summed"])
def test_named_misconceptions_are_diagnosed(code):
    exercise = registry.get("backprop")
    for seed in range(200):
        problem = problems.draw(exercise, seed, difficulty="hard", loss="cross_entropy")
        key = answer_key(exercise, problem)
        wrong = [w for w in key.misconceptions if w.code == code]
        if wrong:
            break
    else:
        pytest.fail(f"no hard cross-entropy draw shows {code}")
    submission = {part: value for part, value in key.expected.items()}
    submission.update(wrong[0].values)
    result = grade(key, submission)
    assert any(p.code == f"misconception:{code}" for p in result.parts), result.to_text()


def test_W_not_transposed_needs_a_square_W_and_is_diagnosed():
    params = {"X": [[1, 2]], "y": [[1]], "loss": "mse", "learning_rate": "0.1",
              "layers": [{"W": [[1, -1], [2, 1]], "b": [0, 1], "activation": "tanh"},
                         {"W": [[1, 2], [-1, 1]], "b": [0, 0], "activation": "sigmoid"},
                         {"W": [[2], [-1]], "b": [1], "activation": "identity"}]}
    problem = problems.read({"kind": "backprop", "params": params})
    key = answer_key(registry.get("backprop"), problem)
    wrong = next(w for w in key.misconceptions if w.code == "W_not_transposed")
    result = grade(key, {**key.expected, **wrong.values})
    assert any(p.code == "misconception:W_not_transposed" for p in result.parts)


def test_follow_through_credits_the_update_of_a_wrong_gradient():
    problem = problems.example("backprop", "seed-two-inputs")
    wrong_grad = [[[20.0], [50.0]]]
    result = nngrade.grade(problem, {"grad_W": wrong_grad, "W_new": [[[1 - 0.2], [2 - 0.5]]]})
    part = next(p for p in result.parts if p.part == "W_new")
    assert part.code == "follow_through" and part.score == part.max_score


# ----- independent checks: autograd, the twin, finite differences ------------------------------

def random_network(rng: np.random.Generator, loss: str):
    """A random float network whose pre-activations stay within +-6 (no saturated sigmoid or softmax,
    where float64 itself, not the method, would decide the digits)."""
    while True:
        X, y, layers = _any_network(rng, loss)
        zs, _ = network_numeric.forward(X, layers)
        if max(np.abs(z).max() for z in zs) < 6:
            return X, y, layers


def _any_network(rng: np.random.Generator, loss: str):
    depth = int(rng.integers(1, 4))
    widths = [int(w) for w in rng.integers(1, 5, size=depth + 1)]
    if loss == "cross_entropy":
        widths[-1] = max(widths[-1], 2)
    hidden = [str(rng.choice(ACTIVATIONS)) for _ in range(depth - 1)]
    output = {"bce": "sigmoid", "cross_entropy": "softmax"}.get(loss) or str(rng.choice(ACTIVATIONS))
    layers = [{"W": rng.normal(0, 0.8, (widths[k], widths[k + 1])), "b": rng.normal(0, 0.5, widths[k + 1]),
               "activation": act, "alpha": 0.1} for k, act in enumerate(hidden + [output])]
    n = int(rng.integers(1, 4))
    X = rng.normal(0, 1, (n, widths[0]))
    k = widths[-1]
    if loss == "cross_entropy":
        y = rng.dirichlet(np.ones(k), size=n)
    elif loss == "bce":
        y = rng.uniform(0, 1, (n, k))
    else:
        y = rng.normal(0, 1, (n, k))
    return X, y, layers


def autograd_phi(name, z, alpha):
    if name == "identity":
        return z
    if name == "sigmoid":
        return 1 / (1 + anp.exp(-z))
    if name == "tanh":
        return anp.tanh(z)
    if name == "relu":
        return anp.maximum(z, 0)
    if name == "leaky_relu":
        return anp.where(z > 0, z, alpha * z)
    if name == "exp":
        return anp.exp(z)
    e = anp.exp(z - anp.max(z, axis=1, keepdims=True))
    return e / anp.sum(e, axis=1, keepdims=True)


def autograd_loss(loss, yhat, y):
    if loss == "mse":
        return anp.mean((yhat - y) ** 2)
    if loss == "sse":
        return anp.sum((yhat - y) ** 2)
    if loss == "half_sse":
        return 0.5 * anp.sum((yhat - y) ** 2)
    if loss == "bce":
        return -anp.mean(y * anp.log(yhat) + (1 - y) * anp.log(1 - yhat))
    return -anp.sum(y * anp.log(yhat)) / y.shape[0]


def autograd_gradients(X, y, layers, loss):
    def total(Ws, bs, shifts):
        a = X
        for layer, W, b, shift in zip(layers, Ws, bs, shifts):
            a = autograd_phi(layer["activation"], anp.dot(a, W) + b + shift, layer["alpha"])
        return autograd_loss(loss, a, y)

    Ws = [layer["W"] for layer in layers]
    bs = [layer["b"] for layer in layers]
    shifts = [np.zeros((X.shape[0], layer["W"].shape[1])) for layer in layers]
    return autograd.grad(total, 0)(Ws, bs, shifts), autograd.grad(total, 1)(Ws, bs, shifts), \
        autograd.grad(total, 2)(Ws, bs, shifts)


def assert_relative(got, want, rtol=1e-10):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    scale = max(1.0, float(np.max(np.abs(want)))) if want.size else 1.0
    assert got.shape == want.shape
    assert np.max(np.abs(got - want), initial=0.0) <= rtol * scale, (got, want)


def test_twin_agrees_with_autograd_on_1000_random_networks():
    rng = np.random.default_rng(20261122)
    for index in range(1000):
        loss = LOSSES[index % len(LOSSES)]
        X, y, layers = random_network(rng, loss)
        result = network_numeric.backprop(X, y, layers, loss, 0.1)
        gW, gb, deltas = autograd_gradients(X, y, layers, loss)
        for k in range(len(layers)):
            assert_relative(result["grad_W"][k], gW[k])
            assert_relative(result["grad_b"][k], gb[k])
            assert_relative(result["delta"][k], deltas[k])


def exact_params(X, y, layers, loss):
    """Params with the float draws turned into short exact decimals (so both sides see the same numbers)."""
    def dec(value):
        return Fraction(round(float(value), 3)).limit_denominator(1000)

    return {
        "X": [[dec(v) for v in row] for row in X], "y": [[dec(v) for v in row] for row in y],
        "layers": read_layers([{"W": [[str(dec(v)) for v in row] for row in layer["W"]],
                                "b": [str(dec(v)) for v in layer["b"]], "activation": layer["activation"],
                                **({"alpha": "0.1"} if layer["activation"] == "leaky_relu" else {})}
                               for layer in layers]),
        "loss": loss, "learning_rate": Fraction(1, 10), "update_biases": True,
    }


def test_exact_engine_agrees_with_twin_and_autograd_on_120_networks():
    rng = np.random.default_rng(7)
    for index in range(120):
        loss = LOSSES[index % len(LOSSES)]
        X, y, layers = random_network(rng, loss)
        if loss == "cross_entropy":
            y = np.eye(y.shape[1])[rng.integers(0, y.shape[1], y.shape[0])]
        params = exact_params(X, y, layers, loss)
        exact = backprop.solve(params).answers
        twin = backprop.solve_numeric(params)
        for part in ("output", "delta", "grad_W", "grad_b", "W_new", "b_new"):
            got = float_value(exact[part])
            if isinstance(twin[part], list):
                for g, w in zip(got, twin[part]):
                    assert_relative(g, w)
            else:
                assert_relative(got, twin[part])
        assert_relative(float_value(exact["loss"]), twin["loss"])
        floats = network_numeric.arrays(params["layers"])
        gW, _, _ = autograd_gradients(np.array(params["X"], float), np.array(params["y"], float), floats, loss)
        for g, w in zip(float_value(exact["grad_W"]), gW):
            assert_relative(g, w)


def test_gradients_agree_with_central_finite_differences():
    rng = np.random.default_rng(99)
    h = 1e-6
    for index in range(60):
        loss = LOSSES[index % len(LOSSES)]
        X, y, layers = random_network(rng, loss)
        result = network_numeric.backprop(X, y, layers, loss, 0.1)
        for k, layer in enumerate(layers):
            for i, j in np.ndindex(layer["W"].shape):
                def at(shift):
                    moved = [dict(l, W=l["W"].copy()) for l in layers]
                    moved[k]["W"][i, j] += shift
                    _, acts = network_numeric.forward(X, moved)
                    return maths.value(loss, acts[-1], y)

                slope = (at(h) - at(-h)) / (2 * h)
                assert abs(slope - result["grad_W"][k][i, j]) <= 1e-5 * max(1.0, abs(slope))


def test_random_generated_problems_solve_exactly_like_the_twin():
    exercise = registry.get("backprop")
    rng = random.Random(5)
    for seed in range(30):
        difficulty = ("easy", "medium", "hard")[seed % 3]
        problem = problems.draw(exercise, rng.randrange(10**9), difficulty=difficulty)
        exact = backprop.solve(problem.params).answers
        twin = backprop.solve_numeric(problem.params)
        for g, w in zip(float_value(exact["grad_W"]), twin["grad_W"]):
            assert_relative(g, w)


def test_gradients_follow_through_from_the_students_own_deltas():
    """Wrong deltas (phi' forgotten) lose the delta marks, but gradients built from them right earn credit."""
    from nngrade.exercises import registry
    from nngrade.exercises.keys import answer_key
    from nngrade.grading.grade import grade

    exercise = registry.get("backprop")
    for seed in range(30):
        problem = problems.draw(exercise, seed, difficulty="medium")
        key = answer_key(exercise, problem)
        wrong = next((w for w in key.misconceptions if w.code == "no_dphi" and "delta" in w.values), None)
        if wrong is None:
            continue
        submission = dict(key.expected)
        submission["delta"] = wrong.values["delta"]
        submission["grad_W"] = key.follow_through("grad_W", {"delta": wrong.values["delta"]})
        submission["grad_W"] = [g.tolist() for g in submission["grad_W"]]
        parts = {p.part: p for p in grade(key, submission).parts}
        assert parts["delta"].score < parts["delta"].max_score and "phi'" in parts["delta"].feedback
        assert parts["grad_W"].code == "follow_through" and parts["grad_W"].score > 0
        return
    raise AssertionError("no draw offered the no_dphi misconception")
