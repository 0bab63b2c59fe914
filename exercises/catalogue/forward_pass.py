"""forward_pass: z and a of every layer of a small dense network, its output and predicted class.

The predicted class is asked where the output names its classes (``classes``), and where the
output is a softmax without names: its classes are then numbered 1 to K, like the output units.
"""
from __future__ import annotations

from nngrade.core import layers as L
from nngrade.core import params as P
from nngrade.generators import forward_pass as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.solvers import forward_pass as solver

from ..exercise import Exercise, Misconception
from ._network import network_fragments


def _read_classes(value) -> list[str]:
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise P.ParamError("expected a list of class names, one per output unit")
    if len({v.strip().lower() for v in value}) != len(value):
        raise P.ParamError("class names must differ")
    return [v.strip() for v in value]


def _check(params):
    L.check_inputs(params["X"], params["layers"])
    classes = params.get("classes")
    if classes and len(classes) != L.output_units(params["layers"]):
        raise P.ParamError(f"classes names {len(classes)} units but the output layer has {L.output_units(params['layers'])}")


PARAMS = P.ParamSpec(
    {
        "X": P.matrix(doc="inputs, one observation per row (n x p)"),
        "layers": L.layers(),
        "classes": P.custom(_read_classes, list, None, doc="the class of each output unit, e.g. [YES, NO]"),
    },
    check=_check,
)


EXERCISE = Exercise(
    kind="forward_pass",
    version=2,
    title="Forward pass through a small dense network",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("z", label="the pre-activations z", per_entry=True),
        AnswerSpec("a", label="the activations a", per_entry=True),
        AnswerSpec("output", label="the output", per_entry=True),
        AnswerSpec("predicted_class", label="the predicted class", kind="label"),
    ),
    misconceptions=(
        Misconception("no_activation", "looks like the activation function was not applied (a = z)"),
        Misconception("W_transposed", "looks like W was transposed (W is inputs x units: column j feeds unit j)"),
        Misconception("no_bias", "looks like the bias b was not added"),
        Misconception("bias_after_activation", "looks like the bias was added after the activation instead of before it"),
        Misconception("softmax_columns", "looks like softmax was taken down each column; it is taken across each row "
                      "(over the units of one observation)"),
        Misconception("smallest_output", "the predicted class is the unit with the largest output, not the smallest"),
        Misconception("class_counted_from_zero", "looks like the classes were counted from 0; they are numbered "
                      "from 1, as the output units are"),
    ),
    fragments=network_fragments,
    examples={
        "seed-lecture-baseline": {
            "X": [[2, 3]],
            "layers": [{"W": [[1, -1], [1, 1]], "activation": "identity"}, {"W": [2, -1], "activation": "identity"}],
        },
        "seed-lab-final-output": {
            "X": [[1, 0, -1]],
            "layers": [
                {"W": [[1, -1], [2, 0], [1, 1]], "b": [1, 1], "activation": "relu"},
                {"W": [[1, -1], [-1, 2]], "b": [1, 1], "activation": "softmax"},
            ],
            "classes": ["YES", "NO"],
        },
        "seed-lab-sigmoid-exp": {
            "X": [[1, 1, -1]],
            "layers": [{"W": [[0.2, 0.4], [0.6, 0.8], [1.0, 1.2]], "activation": "sigmoid"},
                       {"W": [[1.0], [2.0]], "activation": "exp"}],
        },
    },
)
