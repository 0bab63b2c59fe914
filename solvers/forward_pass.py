"""The forward pass of a small dense network: z and a of every layer, the output, the predicted class.

The exact pass runs on the same engine as backpropagation (:mod:`.autodiff`), which writes each
layer's ``z = a W + b`` and ``a = phi(z)`` as a step. Where the problem names the classes of the
output units (the seed lab's "C means YES, D means NO"), each row's class is the unit with the
largest output. A softmax output without names is a classifier all the same: its classes are
the unit numbers 1 to K (as the worked steps number the units), and the answer is each row's
class number.
"""
from __future__ import annotations

import numpy as np

from . import network_numeric
from .solution import Solution, Step


def class_names(params) -> list[str] | None:
    """The class of each output unit: the problem's names, the unit numbers for an unnamed softmax
    output, or None where the output is not a classifier."""
    if params.get("classes"):
        return params["classes"]
    last = params["layers"][-1]
    if last["activation"] == "softmax":
        return [str(unit) for unit in range(1, len(last["W"][0]) + 1)]
    return None


def predicted_class(output_rows, classes: list[str], pick=np.argmax) -> str:
    """The class of each row (``pick`` chooses the unit), one label, or labels joined by ", "."""
    labels = [classes[int(pick(np.asarray(row, dtype=float)))] for row in output_rows]
    return ", ".join(labels)


def solve(params) -> Solution:
    """Exact z and a per layer, the output, and the predicted class when classes are given."""
    from . import autodiff, exact, latex
    from .backprop import build

    tape = autodiff.Tape()
    _, _, _, zs, acts = build(params, tape)
    output = acts[-1]
    answers = {
        "z": [exact.as_nested(z.value) for z in zs],
        "a": [exact.as_nested(a.value) for a in acts],
        "output": exact.as_nested(output.value),
    }
    steps = tape.steps("forward")
    classes = class_names(params)
    if classes:
        floats = [[float(latex.approximate(entry)) for entry in row] for row in answers["output"]]
        answers["predicted_class"] = predicted_class(floats, classes)
        names = (", ".join(f"unit {j + 1} is `{label}`" for j, label in enumerate(classes)) if params.get("classes")
                 else f"numbered 1 to {len(classes)}, as the output units")
        steps.append(Step(
            "Read off the class",
            rf"\hat y = {latex.nested(output.value)} \;\Rightarrow\; \text{{{answers['predicted_class']}}}",
            f"The classes of the output units are {names}; each row is given the class of its largest output.",
        ))
    return Solution(answers, steps)


#: Mistakes of reading off the class, beside the pass's own (:data:`network_numeric.FORWARD_MISTAKES`).
CLASS_MISTAKES = ("smallest_output", "class_counted_from_zero")
MISTAKES = network_numeric.FORWARD_MISTAKES + CLASS_MISTAKES


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict | None:
    """The NumPy twin; ``mistake`` (one of :data:`MISTAKES`) works it wrongly: a mistake of the
    pass, the smallest output taken as the class, or classes counted from 0 (NumPy's argmax,
    where the classes are numbered from 1: None when the problem names them).

    A mistake of the pass gives no class: the wrong class that merely follows from a wrong output
    would name it too (with two classes every such mistake gives the same label), so the class
    diagnoses only how it is read off."""
    if mistake is not None and mistake not in MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}")
    if mistake == "class_counted_from_zero" and params.get("classes"):
        return None
    X = np.array(params["X"], dtype=float)
    pass_mistakes = frozenset({mistake}) if mistake in network_numeric.FORWARD_MISTAKES else frozenset()
    zs, acts = network_numeric.forward(X, network_numeric.arrays(params["layers"]), rnd, pass_mistakes)
    out = {"z": zs, "a": acts, "output": acts[-1]}
    classes = class_names(params)
    if classes and mistake not in network_numeric.FORWARD_MISTAKES:
        if mistake == "class_counted_from_zero":
            classes = [str(unit) for unit in range(len(classes))]
        out["predicted_class"] = predicted_class(acts[-1], classes, np.argmin if mistake == "smallest_output" else np.argmax)
    return out
