"""backprop: one step of backpropagation and gradient descent on a small dense network.

Answers: the output, the loss, the delta of every layer, the gradient of every W and b and the
updated W and b. The seed lecture's single-weight and two-input examples and the seed lab's
sigmoid-then-exponential network are fixed examples; ``ask_new_prediction`` adds the prediction
and error of the updated network (the two-input example's error after the update is +2.5; the
notes print -2.5).
"""
from __future__ import annotations

import numpy as np

from nngrade.core import layers as L
from nngrade.core import params as P
from nngrade.generators import backprop as generator
from nngrade.generators.draw import MAX_TRIES, DrawError
from nngrade.grading.spec import AnswerSpec
from nngrade.grading.work import Rescaled, Unworked
from nngrade.solvers import backprop as solver
from nngrade.solvers import network_numeric

from ..exercise import Exercise, Misconception
from ._network import network_fragments


LOSSES = generator.LOSSES


def _check(params):
    X, y, layers = params["X"], params["y"], params["layers"]
    L.check_inputs(X, layers)
    if len(y) != len(X) or len(y[0]) != L.output_units(layers):
        raise P.ParamError(
            f"y must be {len(X)} x {L.output_units(layers)} (one row per row of X, one column per output unit)"
        )
    loss = params["loss"]
    if loss in ("bce", "cross_entropy") and any(not 0 <= entry <= 1 for row in y for entry in row):
        raise P.ParamError(f"{loss} needs targets between 0 and 1")
    if loss == "cross_entropy" and any(sum(row) != 1 for row in y):
        raise P.ParamError("cross_entropy needs target rows that add up to 1 (one-hot or probabilities)")
    output = layers[-1]["activation"]
    if loss == "bce" and output not in ("sigmoid",):
        raise P.ParamError("bce needs a sigmoid output layer (predictions strictly between 0 and 1)")
    if loss == "cross_entropy" and output != "softmax":
        raise P.ParamError("cross_entropy needs a softmax output layer")


PARAMS = P.ParamSpec(
    {
        "X": P.matrix(doc="inputs, one observation per row (n x p)"),
        "y": P.column_or_matrix(doc="targets, one row per observation (a flat list is one column)"),
        "layers": L.layers(),
        "loss": P.choice(LOSSES),
        "learning_rate": P.number(doc="eta in theta <- theta - eta * grad"),
        "update_biases": P.flag(True, doc="false freezes the biases"),
        "ask_new_prediction": P.flag(False, doc="also ask for the prediction and error after the update"),
    },
    check=_check,
)


#: Smallest step, eta * |gradient|, that the largest update of every layer's W must take, so
#: that an update (and its sign) shows well beyond the grading tolerance (about 0.01 on weights of 2).
MIN_STEP = 0.05


def generate(rng, difficulty: str = "easy", loss: str | None = None, update_biases: bool = True) -> dict:
    """The generator's draw, repeated until every layer's weights move visibly in the update.

    The screen needs the gradients, so it sits here, above the solvers, rather than in the generator.
    """
    for _ in range(MAX_TRIES):
        params = generator.generate(rng, difficulty, loss, update_biases)
        numeric = solver.solve_numeric(params)
        steps = [float(params["learning_rate"]) * np.abs(g).max() for g in numeric["grad_W"]]
        if min(steps) >= MIN_STEP:
            return params
    raise DrawError(f"backprop: no draw with visible updates in {MAX_TRIES} tries")


def follow_through(params, part, earlier):
    """Later parts from the student's own earlier ones: gradients from their deltas (right
    chain rule, wrong delta), updates from their gradients (right update, wrong gradient)."""
    eta = float(params["learning_rate"])
    if part in ("grad_W", "grad_b"):
        deltas = [np.asarray(d, dtype=float) for d in earlier["delta"]]
        if part == "grad_b":
            return [d.sum(axis=0) for d in deltas]
        _, acts = network_numeric.forward(np.array(params["X"], dtype=float), network_numeric.arrays(params["layers"]))
        feeds = [np.array(params["X"], dtype=float)] + list(acts[:-1])
        return [fed.T @ d for fed, d in zip(feeds, deltas)]
    if part == "W_new":
        return [np.array(layer["W"], dtype=float) - eta * np.asarray(g, dtype=float)
                for layer, g in zip(params["layers"], earlier["grad_W"])]
    if part == "b_new" and params["update_biases"]:
        return [np.array(layer["b"], dtype=float) - eta * np.asarray(g, dtype=float)
                for layer, g in zip(params["layers"], earlier["grad_b"])]
    return None


def unworked(params):
    """Per part, the answers that carry no work (see :mod:`nngrade.grading.work`): zero deltas or
    the targets copied (or negated, scaled, shifted, with zero hidden deltas) as the output
    layer's delta, zero gradients, the starting W and b echoed
    as the update."""
    layers = network_numeric.arrays(params["layers"])
    rows, targets = len(params["X"]), np.array(params["y"], dtype=float)
    hidden = [np.zeros((rows, layer["W"].shape[1])) for layer in layers[:-1]]
    return {
        "delta": (Unworked.ZEROS, hidden + [targets], Rescaled(hidden + [targets])),
        "grad_W": (Unworked.ZEROS,),
        "grad_b": (Unworked.ZEROS,),
        "W_new": ([layer["W"] for layer in layers],),
        "b_new": ([layer["b"] for layer in layers],),
    }


MISCONCEPTIONS = (
    Misconception("phi_for_dphi", "looks like phi(z) was used where the derivative phi'(z) belongs in a delta"),
    Misconception("no_dphi", "looks like a delta was not multiplied by phi'(z) of its layer"),
    Misconception("dphi_of_a", "looks like phi' was evaluated at the activation a instead of the pre-activation z"),
    Misconception("W_not_transposed", "looks like the deltas were sent back through W instead of W transposed"),
    Misconception("grad_W_transposed", "looks like W was updated with its gradient transposed "
                  "(dL/dW = a_prev^T delta, inputs x units like W)"),
    Misconception("current_activation", "looks like the gradient of W used this layer's activation instead of the "
                  "previous layer's (the input that W multiplies)"),
    Misconception("bias_summed", "looks like the bias gradient was summed over the batch instead of averaged"),
    Misconception("bias_forgotten", "looks like the bias gradient was left out"),
    Misconception("sign_flipped", "looks like the update went uphill: theta <- theta - eta * grad"),
    Misconception("softmax_twice", "looks like the output delta (yhat - y) was multiplied by the activation's "
                  "derivative again; with softmax + cross-entropy (or sigmoid + BCE) it is already complete"),
)

SEED_LAB_W1 = [[0.2, 0.4], [0.6, 0.8], [1.0, 1.2]]

EXERCISE = Exercise(
    kind="backprop",
    version=2,
    title="Backpropagation: one gradient-descent step on a small network",
    params=PARAMS,
    generate=generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("output", label="the output yhat", per_entry=True),
        AnswerSpec("loss", label="the loss"),
        AnswerSpec("delta", label="the deltas", per_entry=True, weight=2.0),
        AnswerSpec("grad_W", label="the gradients of W", per_entry=True, weight=2.0, follows=("delta",)),
        AnswerSpec("grad_b", label="the gradients of b", per_entry=True, follows=("delta",)),
        AnswerSpec("W_new", label="the updated W", per_entry=True, follows=("grad_W",), follow_credit=1.0),
        AnswerSpec("b_new", label="the updated b", per_entry=True, follows=("grad_b",), follow_credit=1.0),
        AnswerSpec("new_output", label="the prediction after the update", per_entry=True),
        AnswerSpec("new_error", label="the error after the update (yhat - y)", per_entry=True),
    ),
    misconceptions=MISCONCEPTIONS,
    knobs={"difficulty": ("easy", "medium", "hard"), "loss": (None,) + LOSSES, "update_biases": (True, False)},
    follow_through=follow_through,
    unworked=unworked,
    fragments=network_fragments,
    examples={
        "seed-single-weight": {
            "X": [[3]], "y": [10], "loss": "mse", "learning_rate": 0.01, "update_biases": False,
            "layers": [{"W": [[2]], "activation": "identity"}],
        },
        "seed-two-inputs": {
            "X": [[3, 4]], "y": [6], "loss": "mse", "learning_rate": 0.01, "update_biases": False,
            "ask_new_prediction": True, "layers": [{"W": [1, 2], "activation": "identity"}],
        },
        "seed-relu-output": {
            "X": [[1, 3]], "y": [4], "loss": "mse", "learning_rate": 0.01, "update_biases": False,
            "layers": [{"W": [1, 2], "activation": "relu"}],
        },
        "seed-lab-sigmoid-exp": {
            "X": [[1, 1, -1]], "y": [4], "loss": "mse", "learning_rate": 0.01, "update_biases": False,
            "layers": [{"W": SEED_LAB_W1, "activation": "sigmoid"}, {"W": [[1.0], [2.0]], "activation": "exp"}],
        },
    },
)
