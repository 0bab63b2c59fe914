"""What linear_regression_gd and logistic_regression_gd share (no EXERCISE here).

Their schedule params (learning rate, method, batch size, order, steps), the check that the
schedule makes sense, the named misconceptions (each replays a :class:`Slip` through the NumPy
twin, so a mistake made at step 1 carries into later steps as it would for the student),
follow-through and the answers that earn none, and the LaTeX fragments the statements use.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

import numpy as np

from nngrade.core import maths
from nngrade.core import params as P
from nngrade.solvers.regression_gd_batches import METHODS, ScheduleError, batch_size_of, check
from nngrade.solvers.regression_gd_numeric import Slip, predictions
from nngrade.solvers.regression_gd_setup import Setup, gradient_constant

from nngrade.grading.spec import AnswerSpec
from nngrade.grading.work import Rescaled, Unworked

from ..exercise import Misconception

#: Most gradient steps a problem may ask for; these are worked by hand.
MAX_STEPS = 50


def schedule_params() -> dict[str, P.Param]:
    """The params both kinds share after X, y, w and b."""
    return {
        "learning_rate": P.number(doc="the learning rate eta (> 0)"),
        "method": P.choice(METHODS, doc="batch (all rows each step), sgd (one row) or minibatch"),
        "batch_size": P.count(None, doc="rows per mini-batch (minibatch only)"),
        "order": P.indices(None, doc="row indices (from 0) in visiting order, repeated each epoch; sgd and minibatch"),
        "steps": P.count(doc="number of gradient steps (updates)"),
    }


def check_schedule(params: dict) -> None:
    """Raise ParamError unless the learning rate, steps and schedule make sense for X."""
    if params["learning_rate"] <= 0:
        raise P.ParamError("learning_rate must be positive")
    if not 1 <= params["steps"] <= MAX_STEPS:
        raise P.ParamError(f"steps must be from 1 to {MAX_STEPS}")
    try:
        check(len(params["X"]), params["method"], params["batch_size"], params["order"])
    except ScheduleError as error:
        raise P.ParamError(str(error)) from None


def flat_vector(what: str):
    """A reader of a flat vector that also takes a one-column matrix (the seed lab's column w)."""

    def read(value):
        if isinstance(value, (list, tuple)) and value and all(isinstance(row, (list, tuple)) for row in value):
            rows = P.matrix().read(value)
            if len(rows[0]) != 1:
                raise P.ParamError(f"{what} must be a vector or a single column")
            return [row[0] for row in rows]
        return P.vector().read(value)

    return read


def scalar(value) -> Fraction:
    """A number, also written as a list of one (``[0]``)."""
    if isinstance(value, (list, tuple)):
        if len(value) != 1:
            raise P.ParamError(f"expected a single number, got a list of {len(value)}")
        value = value[0]
    return P.number().read(value)


def batch_rows(params: dict) -> int:
    """Rows in each step's batch."""
    return batch_size_of(len(params["X"]), params["method"], params["batch_size"])


#: A mistake in the gradient is diagnosed on the gradient; w and b after it earn follow-through.
GRADIENT_PARTS = ("grad_w", "grad_b")
#: A mistake in the update is diagnosed on the updated parameters.
UPDATE_PARTS = ("w", "b")

#: How both regression kinds grade the gradients and updates of each step.
GRADIENT_AND_UPDATE_SPECS = (
    AnswerSpec("grad_w", label="dL/dw at each step", per_entry=True, follows=("yhat",)),
    AnswerSpec("grad_b", label="dL/db at each step", per_entry=True, follows=("yhat",)),
    AnswerSpec("w", label="w after each step", per_entry=True, follows=("grad_w",)),
    AnswerSpec("b", label="b after each step", per_entry=True, follows=("grad_b",)),
)


def shared_misconceptions() -> list[Misconception]:
    """The mistakes both kinds share: sign and size of the step, and the bias gradient."""
    return [
        Misconception("plus_update", "looks like the update stepped along the gradient (theta + eta * grad); "
                      "gradient descent subtracts", lambda params: Slip(update_sign=1), UPDATE_PARTS),
        Misconception("no_learning_rate", "looks like the learning rate was left out of the update",
                      lambda params: Slip(learning_rate=False) if params["learning_rate"] != 1 else None,
                      UPDATE_PARTS),
        Misconception("bias_not_updated", "looks like the bias was never updated (b also steps against its own "
                      "gradient dL/db)", lambda params: Slip(bias="frozen"), ("b",)),
        Misconception("bias_gradient_times_x", "looks like dL/db was multiplied by x; the prediction depends on b with "
                      "slope 1, so dL/db has no x in it", lambda params: Slip(bias="times_x"), ("grad_b",)),
        Misconception("bias_gradient_after_update", "looks like dL/db was computed with the already updated w; both "
                      "gradients are taken at the parameters before the step",
                      lambda params: Slip(bias="updated_w"), ("grad_b",)),
    ]


def sum_for_mean(message: str, averages: Callable[[dict], bool]) -> Misconception:
    """The batch's gradient (and loss) summed where the loss averages (``averages(params)``)."""

    def slip(params):
        if not averages(params) or batch_rows(params) == 1:
            return None
        return Slip(gradient_factor=_times, loss_factor=_times)

    return Misconception("sum_instead_of_mean", message, slip, GRADIENT_PARTS + ("loss",))


def _times(rows: int) -> float:
    return float(rows)


def follow_through(setup_of: Callable[[dict], Setup]):
    """Later parts recomputed from a student's earlier ones, step by step.

    ``grad_w``, ``grad_b`` and ``loss`` from their predictions (``yhat``; logistic kinds: ``loss``
    from their ``z``, and ``yhat`` from their ``z`` through the sigmoid or softmax); ``w`` and ``b`` as
    the start minus eta times the running sum of their own gradients, which is where their
    updates lead when each one is applied right.
    """

    def recompute(params, part, earlier):
        run = setup_of(params)
        if part in ("grad_w", "grad_b", "loss") and "yhat" in earlier:
            return _from_predictions(run, part, _per_step(earlier["yhat"], run))
        if part in ("yhat", "loss") and "z" in earlier:
            z = _per_step(earlier["z"], run)
            if part == "yhat":
                return _shaped([predictions(run.model, zt) for zt in z], run)
            return [_batch_loss(run, zt, rows) for zt, rows in zip(z, run.batches)]
        if part in ("w", "b") and f"grad_{part}" in earlier:
            start = np.array(run.W if part == "w" else [run.b], dtype=float)
            grads = _per_step(earlier[f"grad_{part}"], run, bias=part == "b")
            values = start - float(run.learning_rate) * np.cumsum(grads, axis=0)
            return _shaped(list(values), run, bias=part == "b")
        return None

    return recompute


def unworked(setup_of: Callable[[dict], Setup]):
    """Per part, the answers that carry no work (see :mod:`nngrade.grading.work`): each step's
    targets, or a column of its inputs, copied as its scores or predictions, or the targets
    negated, scaled or shifted (``a * targets + c``); the predictions of
    zero scores (all 0.5 for a sigmoid); zero gradients and
    loss; the starting w and b echoed as every step's update."""

    def answers(params):
        run = setup_of(params)
        X, Y = np.array(run.X, dtype=float), np.array(run.Y, dtype=float)
        targets = [Y[rows] for rows in run.batches]
        inputs = [[X[rows][:, [column]] for rows in run.batches] for column in range(X.shape[1])]
        copied = [_shaped(targets, run)] + [_shaped(column, run) for column in inputs if run.single_output]
        of_zero_scores = _shaped([predictions(run.model, np.zeros(t.shape)) for t in targets], run)
        steps = len(run.batches)
        return {
            "z": (Unworked.ZEROS, *copied, Rescaled(copied[0])),
            "yhat": (Unworked.ZEROS, *copied, of_zero_scores, Rescaled(copied[0])),
            "grad_w": (Unworked.ZEROS,),
            "grad_b": (Unworked.ZEROS,),
            "loss": (Unworked.ZEROS,),
            "w": (_shaped([np.array(run.W, dtype=float)] * steps, run),),
            "b": (_shaped([np.array([run.b], dtype=float)] * steps, run, bias=True),),
        }

    return answers


def _per_step(value, run: Setup, bias: bool = False) -> np.ndarray | list:
    """A student's per-step part as 2-d arrays (rows x outputs; one row for a bias)."""
    out = []
    for step, rows in zip(value, run.batches):
        array = np.asarray(step, dtype=float)
        out.append(array.reshape(1, -1) if bias else array.reshape(-1, len(run.b)))
    return np.array(out) if bias or len({a.shape for a in out}) == 1 else out


def _shaped(values: list, run: Setup, bias: bool = False) -> list:
    if bias:
        return [v.ravel()[0] if run.single_output else v.ravel() for v in values]
    return [v[:, 0] if run.single_output else v for v in values]


def _from_predictions(run: Setup, part: str, yhat) -> list:
    X, Y = np.array(run.X, dtype=float), np.array(run.Y, dtype=float)
    out = []
    for rows, batch_yhat in zip(run.batches, yhat):
        residual = batch_yhat - Y[rows]
        constant = float(gradient_constant(run.loss, len(rows)))
        if part == "grad_w":
            value = constant * X[rows].T @ residual
            out.append(value[:, 0] if run.single_output else value)
        elif part == "grad_b":
            value = constant * residual.sum(axis=0)
            out.append(value[0] if run.single_output else value)
        else:
            out.append(maths.value(run.loss, batch_yhat, Y[rows]))
    return out


def _batch_loss(run: Setup, z: np.ndarray, rows: list) -> float:
    """The loss of one step from a student's scores z (bce or cross-entropy)."""
    return maths.value(run.loss, predictions(run.model, z), np.array(run.Y, dtype=float)[rows], z)


def fragments(setup_of: Callable[[dict], Setup]):
    """The statement's LaTeX fragments, from the run ``setup_of(params)``: the data table, the start
    parameters, the rows of each step, and the loss and output activation as the maths table
    writes them (the loss's name, formula and the count it averages over)."""

    def tex(params) -> dict[str, str]:
        from nngrade.solvers import latex

        run = setup_of(params)
        X, Y, W, b = run.X, run.Y, run.W, run.b
        p, k = len(X[0]), len(Y[0])
        targets = ["y"] if k == 1 else [f"y_{{{j + 1}}}" for j in range(k)]
        head = ["i"] + [f"x_{{{j + 1}}}" for j in range(p)] + targets
        body = [" & ".join([str(i + 1)] + [latex.number(v) for v in X[i]] + [latex.number(v) for v in Y[i]])
                for i in range(len(X))]
        table = (r"\begin{array}{c|" + "r" * p + "|" + "r" * k + "} " + " & ".join(head) + r" \\ \hline "
                 + r" \\ ".join(body) + r" \end{array}")
        visits = "; ".join(f"step {t}: row{'s' if len(rows) > 1 else ''} {', '.join(str(i + 1) for i in rows)}"
                           for t, rows in enumerate(run.batches, start=1))
        loss = maths.loss(run.loss)
        return {
            "data": table,
            "w0": latex.column([row[0] for row in W]) if k == 1 else latex.matrix(W),
            "b0": latex.number(b[0]) if k == 1 else latex.row(b),
            "visits": visits,
            "loss_title": loss.title,
            "loss": loss.tex,
            "loss_count": loss.count or "",
            "output": maths.activation(run.model).definition,
        }

    return tex
