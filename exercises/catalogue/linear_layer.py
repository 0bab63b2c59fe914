"""linear_layer: z = X W + b for one dense layer (the seed lab's first exercise)."""
from __future__ import annotations

from nngrade.core import params as P
from nngrade.generators import linear_layer as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.solvers import linear_layer as solver

from ..exercise import Exercise, Misconception


def _bias_param():
    """``b``: one bias per unit, a column of per-row biases, or an n x q matrix."""

    def read(value):
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, (list, tuple)) for v in value):
            return P.matrix().read(value)
        return P.vector().read(value)

    def write(value):
        if value and isinstance(value[0], list):
            return P.matrix().write(value)
        return P.vector().write(value)

    return P.custom(read, write, doc="bias: one per unit (length q), or an n x q matrix")


def _check(params):
    X, W = params["X"], params["W"]
    if len(X[0]) != len(W):
        raise P.ParamError(f"X has {len(X[0])} columns but W has {len(W)} rows; they must match")
    try:
        solver.bias_rows(params["b"], len(X), len(W[0]))
    except ValueError as error:
        raise P.ParamError(str(error)) from None


PARAMS = P.ParamSpec(
    {
        "X": P.matrix(doc="inputs, one observation per row (n x p)"),
        "W": P.column_or_matrix(doc="weights, inputs x units (p x q); a flat list is one column"),
        "b": _bias_param(),
        "ask_shape": P.flag(False, doc="also ask what the shapes say about the architecture"),
    },
    check=_check,
)


def fragments(params) -> dict[str, str]:
    """The bias in the shape it is added in (a row of one bias per unit, or the seed lab's column)."""
    return {"b": solver.bias_latex(params["b"], len(params["X"]), len(params["W"][0]))}


EXERCISE = Exercise(
    kind="linear_layer",
    version=1,
    title="Pre-activation of a dense layer",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    fragments=fragments,
    answers=(
        AnswerSpec("z", label="z", per_entry=True),
        AnswerSpec("n_observations", label="number of observations", kind="integer", weight=0.5),
        AnswerSpec("n_inputs", label="number of input neurons", kind="integer", weight=0.5),
        AnswerSpec("n_units", label="number of neurons in the layer", kind="integer", weight=0.5),
    ),
    misconceptions=(
        Misconception("no_bias", "looks like the bias b was not added", parts=("z",)),
        Misconception("bias_subtracted", "looks like the bias was subtracted instead of added", parts=("z",)),
        Misconception("x_transposed", "looks like X was transposed (use the rows of X as observations)", parts=("z",)),
        Misconception("w_transposed", "looks like W was transposed (W is inputs x units: column j holds neuron j's weights)",
                      parts=("z",)),
        Misconception("bias_on_rows", "looks like b was added down the rows instead of across the units", parts=("z",)),
        Misconception("shape_swapped", "rows and columns swapped: the rows of X are observations, the columns are inputs",
                      parts=("n_observations", "n_inputs")),
    ),
    knobs={"difficulty": ("easy", "medium", "hard"), "ask_shape": (False, True)},
    examples={
        "seed-lab": {"X": [[1, 2], [3, -1]], "W": [[2], [-1]], "b": [[1], [1]]},
        "lab-2x2-a": {"X": [[1, 2], [2, 1]], "W": [1, 1], "b": [0, 0]},
        "lab-2x2-b": {"X": [[1, -1], [0, 5]], "W": [-1, 8], "b": [3, 3]},
        "lab-3x3-a": {"X": [[4, 4, 0], [2, 2, 4], [2, 4, 1]], "W": [1, 1, -1], "b": [2, 2, 2]},
        "lab-3x3-b": {"X": [[6, -6, -2], [-3, -1, -5], [1, 1, -7]], "W": [4, 4, -8], "b": [0, 0, 0]},
        "lab-nonsquare-a": {"X": [[1, 0, 1], [1, 2, 1]], "W": [1, 2, 1], "b": [2, 2]},
        "lab-nonsquare-b": {"X": [[1, -1], [0, 5], [2, -2]], "W": [5, -7], "b": [1, 1, 1]},
        "lab-shape-2x3": {"X": [[1, 0, 1], [1, 2, 1]], "W": [1, 2, 1], "b": [2], "ask_shape": True},
        "lab-shape-3x2": {"X": [[1, -1], [0, 5], [2, -2]], "W": [5, -7], "b": [1], "ask_shape": True},
    },
)
