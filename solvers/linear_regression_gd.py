"""Linear regression by gradient descent (batch, stochastic, mini-batch), worked as in the seed lab.

The model is yhat = X w + b with the mse, sse or half_sse loss on each step's batch (half_sse's
1/2 cancels the 2 of the square, so its gradient is X^T (yhat - y) with no factor in front). Per step the
answers are ``yhat`` (the batch's predictions), ``grad_w``, ``grad_b``, the updated ``w`` and
``b``, and ``loss``: the batch loss at the parameters *before* that step's update, which is the
loss the gradient of that step is taken of (the lab computes it before updating too).
"""
from __future__ import annotations

from nngrade.core import maths

from . import regression_gd_numeric
from .regression_gd_setup import Setup, setup_from
from .solution import Solution, Step

#: Answer parts, in the order a student works them.
PARTS = ("yhat", "grad_w", "grad_b", "w", "b", "loss")


def setup(params) -> Setup:
    """The run in matrix form: one output, y as a column, w as a p x 1 matrix."""
    return setup_from(params, [[y] for y in params["y"]], [[w] for w in params["w"]], [params["b"]], params.get("loss") or "mse")


def solve(params) -> Solution:
    """Exact answers with Steps 1-3 (loss, partial derivatives, gradient) and Steps 4-5 per iteration."""
    from . import regression_gd_exact

    run = setup(params)
    iterations = regression_gd_exact.run(run)
    values = regression_gd_exact.answers(iterations, True)
    steps = _derivation(run.loss) + regression_gd_exact.iteration_steps(run, iterations, {
        "w": r"\mathbf{w}",
        "b": "b",
        "forward": "",
        "loss": maths.loss(run.loss).tex,
    })
    return Solution({part: values[part] for part in PARTS}, steps)


#: The NumPy twin (:func:`.regression_gd_numeric.twin`).
solve_numeric = regression_gd_numeric.twin(setup, PARTS)


def _derivation(loss: str) -> list[Step]:
    entry = maths.loss(loss)
    over, twice, words = entry.factor_tex, entry.gradient_factor_tex, entry.sum_words
    bring_down = ("The square brings down a factor 2, which the 1/2 in front cancels" if loss == "half_sse" else
                  "The square brings down a factor 2")
    return [
        Step(
            "Write down the loss and the prediction",
            rf"L(\mathbf{{w}}, b) = {entry.indexed_tex}"
            rf" = {over} (\hat{{y}} - y)^\top (\hat{{y}} - y), \qquad \hat{{y}} = X \mathbf{{w}} + b \mathbf{{1}}",
            f"The loss is the {words} of the squared errors over the $N$ rows of the step's "
            "batch; each row's prediction is its inputs times the weights plus the bias.",
        ),
        Step(
            "Partial derivatives",
            rf"\frac{{\partial L}}{{\partial \hat{{y}}}} = {twice} (\hat{{y}} - y), \qquad"
            r" \frac{\partial \hat{y}}{\partial \mathbf{w}} = X, \qquad \frac{\partial \hat{y}}{\partial b} = \mathbf{1}",
            f"{bring_down}; the prediction depends on $\\mathbf{{w}}$ through $X$ and on $b$ with slope $1$.",
        ),
        Step(
            "The gradient",
            rf"\frac{{\partial L}}{{\partial \mathbf{{w}}}} = {twice} X^\top (\hat{{y}} - y), \qquad"
            rf" \frac{{\partial L}}{{\partial b}} = {twice} \mathbf{{1}}^\top (\hat{{y}} - y)",
            "Chain rule: the derivative of the loss with respect to the predictions, times the derivative of the "
            "predictions with respect to each parameter.",
        ),
    ]
