"""Logistic (sigmoid + bce) and softmax (softmax + cross-entropy) regression by gradient descent.

One output: ``y`` a vector of 0/1 labels, ``w`` a vector, ``b`` a number, yhat = sigma(X w + b).
Several classes: ``y`` one-hot rows (n x k), ``w`` a p x k matrix (the contract's W), ``b`` one
per class, yhat = softmax(X W + b) row by row. Per step the answers are ``z`` and ``yhat`` on the
batch, ``grad_w``, ``grad_b``, the updated ``w`` and ``b``, and ``loss`` (the batch loss at the
parameters before the update). The derivation shows why the gradient is (1/N) X^T (yhat - y):
the activation's derivative cancels against the loss's.
"""
from __future__ import annotations

from nngrade.core import maths

from . import regression_gd_numeric
from .regression_gd_setup import Setup, setup_from
from .solution import Solution, Step

#: Answer parts, in the order a student works them.
PARTS = ("z", "yhat", "grad_w", "grad_b", "w", "b", "loss")


def is_softmax(params) -> bool:
    """True for several classes (one-hot y as rows), False for one 0/1 output."""
    return bool(params["y"]) and isinstance(params["y"][0], list)


def setup(params) -> Setup:
    """The run in matrix form."""
    if is_softmax(params):
        return setup_from(params, params["y"], params["w"], params["b"], "cross_entropy")
    return setup_from(params, [[y] for y in params["y"]], [[w] for w in params["w"]], [params["b"]], "bce")


def solve(params) -> Solution:
    """Exact answers with Steps 1-3 (loss, partial derivatives, gradient) and Steps 4-5 per iteration."""
    from . import regression_gd_exact

    run = setup(params)
    iterations = regression_gd_exact.run(run)
    values = regression_gd_exact.answers(iterations, run.single_output)
    softmax = not run.single_output
    steps = (_softmax_derivation() if softmax else _sigmoid_derivation()) + regression_gd_exact.iteration_steps(
        run, iterations, {
            "w": "W" if softmax else r"\mathbf{w}",
            "b": r"\mathbf{b}" if softmax else "b",
            "forward": (maths.activation("softmax").symbol + "(z)" if softmax
                        else maths.activation("sigmoid").definition),
            "loss": maths.loss(run.loss).tex,
        })
    return Solution({part: values[part] for part in PARTS}, steps)


#: The NumPy twin (:func:`.regression_gd_numeric.twin`).
solve_numeric = regression_gd_numeric.twin(setup, PARTS)


def _sigmoid_derivation() -> list[Step]:
    bce = maths.loss("bce")
    over = bce.gradient_factor_tex
    return [
        Step(
            "Write down the loss and the prediction",
            rf"L(\mathbf{{w}}, b) = {bce.indexed_tex},"
            r" \qquad \hat{y} = \sigma(z), \quad z = X \mathbf{w} + b \mathbf{1}, \quad "
            + maths.activation("sigmoid").definition,
            "Binary cross-entropy, averaged over the $N$ rows of the step's batch; the prediction is the sigmoid of "
            "the linear score $z$.",
        ),
        Step(
            "Partial derivatives",
            rf"\frac{{\partial L}}{{\partial \hat{{y}}_i}} = {bce.indexed_gradient_tex}, \qquad"
            r" \frac{\partial \hat{y}_i}{\partial z_i} = \hat{y}_i (1 - \hat{y}_i), \qquad"
            r" \frac{\partial z}{\partial \mathbf{w}} = X, \qquad \frac{\partial z}{\partial b} = \mathbf{1}",
            r"The sigmoid's derivative is $\sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big) = \hat y\,(1 - \hat y)$.",
        ),
        Step(
            "The gradient",
            rf"\frac{{\partial L}}{{\partial z_i}} = {over} (\hat{{y}}_i - y_i), \qquad"
            rf" \frac{{\partial L}}{{\partial \mathbf{{w}}}} = {over} X^\top (\hat{{y}} - y), \qquad"
            rf" \frac{{\partial L}}{{\partial b}} = {over} \mathbf{{1}}^\top (\hat{{y}} - y)",
            r"Chain rule: $\hat y\,(1 - \hat y)$ cancels against the denominator of $\partial L / \partial \hat y$, so no sigmoid derivative "
            "is left in the gradient.",
        ),
    ]


def _softmax_derivation() -> list[Step]:
    cross_entropy = maths.loss("cross_entropy")
    over = cross_entropy.gradient_factor_tex
    return [
        Step(
            "Write down the loss and the prediction",
            rf"L(W, \mathbf{{b}}) = {cross_entropy.indexed_tex}, \qquad"
            r" \hat{y}_{ij} = \frac{e^{z_{ij}}}{\sum_{l} e^{z_{il}}}, \quad Z = X W + \mathbf{1} \mathbf{b}",
            "Cross-entropy with one-hot targets, averaged over the $n$ rows of the step's batch; each row's "
            "prediction is the softmax of its scores.",
        ),
        Step(
            "Partial derivatives",
            rf"\frac{{\partial L}}{{\partial \hat{{y}}_{{ij}}}} = {cross_entropy.indexed_gradient_tex}, \qquad"
            r" \frac{\partial \hat{y}_{ij}}{\partial z_{il}} = \hat{y}_{ij} (\delta_{jl} - \hat{y}_{il}), \qquad"
            r" \frac{\partial Z}{\partial W} = X, \qquad \frac{\partial Z}{\partial \mathbf{b}} = \mathbf{1}",
            "The softmax's Jacobian couples the classes of a row.",
        ),
        Step(
            "The gradient",
            rf"\frac{{\partial L}}{{\partial z_{{il}}}} = {over} (\hat{{y}}_{{il}} - y_{{il}}), \qquad"
            rf" \frac{{\partial L}}{{\partial W}} = {over} X^\top (\hat{{Y}} - Y), \qquad"
            rf" \frac{{\partial L}}{{\partial \mathbf{{b}}}} = {over} \mathbf{{1}}^\top (\hat{{Y}} - Y)",
            "Chain rule, using that each row of $Y$ sums to $1$: the softmax's derivative cancels and only "
            r"$\hat y - y$ is left.",
        ),
    ]
