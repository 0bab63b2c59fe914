"""Both regression gradient-descent solvers against autograd, an independent automatic differentiation.

The reference below writes only each loss as a function of (W, b) on a batch and lets autograd
differentiate it; the visiting schedule is re-derived here from the rules in the contract. The
NumPy twin must agree with it on 1000 random problems per kind, and the exact solver on 200 of
them (with the twin and with autograd), all to 1e-10 relative.
"""
from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import value_and_grad

from nngrade.exercises import registry
from nngrade.solvers.exact import float_value

TWIN_CASES = 1000
EXACT_CASES = 200
RTOL = 1e-10


def batch_loss(parameters, Xb, Yb, loss):
    W, b = parameters
    z = anp.dot(Xb, W) + b
    if loss in ("mse", "sse"):
        squares = (z - Yb) ** 2
        return anp.mean(squares) if loss == "mse" else anp.sum(squares)
    if loss == "bce":
        p = 1.0 / (1.0 + anp.exp(-z))
        return -anp.mean(Yb * anp.log(p) + (1.0 - Yb) * anp.log(1.0 - p))
    shifted = z - anp.max(z, axis=1, keepdims=True)
    log_p = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
    return -anp.sum(Yb * log_p) / Xb.shape[0]


def predictions(z, loss):
    if loss in ("mse", "sse"):
        return z
    if loss == "bce":
        return 1.0 / (1.0 + np.exp(-z))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def visits(n, method, steps, batch_size, order):
    if method == "batch":
        return [list(range(n))] * steps
    order = list(range(n)) if order is None else order
    size = 1 if method == "sgd" else batch_size
    count = len(order) // size
    return [order[(t % count) * size:(t % count + 1) * size] for t in range(steps)]


def reference(raw):
    """Per-step answers of a problem (raw JSON params) with autograd's gradients."""
    X = np.array(raw["X"], dtype=float)
    y = np.array(raw["y"], dtype=float)
    Y = y if y.ndim == 2 else y[:, None]
    W = np.array(raw["w"], dtype=float)
    W = W if W.ndim == 2 else W[:, None]
    b = np.atleast_1d(np.array(raw["b"], dtype=float))
    loss = raw.get("loss") or ("cross_entropy" if y.ndim == 2 else "bce")
    loss_and_gradient = value_and_grad(batch_loss)
    out = {part: [] for part in ("z", "yhat", "grad_w", "grad_b", "w", "b", "loss")}
    for rows in visits(len(X), raw["method"], raw["steps"], raw.get("batch_size"), raw.get("order")):
        Xb, Yb = X[rows], Y[rows]
        z = Xb @ W + b
        value, (g_W, g_b) = loss_and_gradient((W, b), Xb, Yb, loss)
        out["z"].append(z)
        out["yhat"].append(predictions(z, loss))
        out["loss"].append(value)
        W, b = W - raw["learning_rate"] * g_W, b - raw["learning_rate"] * g_b
        for part, value in (("grad_w", g_W), ("grad_b", g_b), ("w", W), ("b", b)):
            out[part].append(value)
    return out


def random_problem(rng: np.random.Generator, kind: str) -> dict:
    """Raw JSON params: one-decimal data of random shape, method, schedule and steps."""
    n, p = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    classes = 1 if kind == "linear_regression_gd" or rng.random() < 0.5 else int(rng.integers(2, 4))

    def decimals(*shape, scale=2.0):
        return (np.round(rng.uniform(-scale, scale, size=shape), 1)).tolist()

    raw = {"X": decimals(n, p), "learning_rate": float(rng.choice([0.01, 0.05, 0.1, 0.2]))}
    if kind == "linear_regression_gd":
        raw.update(y=decimals(n, scale=5.0), w=decimals(p, scale=1.0), b=round(float(rng.uniform(-1, 1)), 1),
                   loss=str(rng.choice(["mse", "sse"])))
    elif classes == 1:
        raw.update(y=rng.integers(0, 2, size=n).tolist(), w=decimals(p, scale=1.0), b=round(float(rng.uniform(-1, 1)), 1))
    else:
        raw.update(y=np.eye(classes, dtype=int)[rng.integers(0, classes, size=n)].tolist(),
                   w=decimals(p, classes, scale=1.0), b=decimals(classes, scale=1.0))
    raw["method"] = str(rng.choice(["batch", "sgd", "minibatch"]))
    if raw["method"] != "batch" and rng.random() < 0.5:
        raw["order"] = rng.permutation(n).tolist()
    if raw["method"] == "minibatch":
        raw["batch_size"] = int(rng.integers(1, n + 1))
    raw["steps"] = int(rng.integers(1, 5))
    return raw


def assert_agree(got, want, where):
    """Every step of every part within RTOL, relative to the entry or to the part's largest entry."""
    for part in want:
        assert len(got[part]) == len(want[part]), (where, part)
        for step, (g, w) in enumerate(zip(got[part], want[part])):
            g, w = np.asarray(g, dtype=float).ravel(), np.asarray(w, dtype=float).ravel()
            scale = max(1.0, float(np.max(np.abs(w))))
            if g.shape != w.shape or not np.all(np.abs(g - w) <= RTOL * np.abs(w) + RTOL * scale):
                np.testing.assert_allclose(g, w, rtol=RTOL, atol=RTOL * scale, err_msg=f"{where} {part} step {step + 1}")


KINDS = ("linear_regression_gd", "logistic_regression_gd")


def parts_of(kind):
    return [spec.part for spec in registry.get(kind).answers]


@pytest.mark.parametrize("kind", KINDS)
def test_twin_agrees_with_autograd(kind):
    exercise = registry.get(kind)
    rng = np.random.default_rng(20240611)
    for case in range(TWIN_CASES):
        raw = random_problem(rng, kind)
        params = exercise.params.read(raw)
        want = {part: value for part, value in reference(raw).items() if part in parts_of(kind)}
        assert_agree(exercise.solve_numeric(params), want, f"{kind} case {case} {raw}")


@pytest.mark.parametrize("kind", KINDS)
def test_exact_agrees_with_twin_and_autograd(kind):
    exercise = registry.get(kind)
    rng = np.random.default_rng(7)
    for case in range(EXACT_CASES):
        raw = random_problem(rng, kind)
        params = exercise.params.read(raw)
        exact = {part: float_value(value) for part, value in exercise.solve(params).answers.items()}
        twin = exercise.solve_numeric(params)
        where = f"{kind} case {case} {raw}"
        assert_agree(exact, twin, where)
        assert_agree(exact, {part: value for part, value in reference(raw).items() if part in parts_of(kind)}, where)
