"""activation: a = phi(z) for the usual activation functions, or their derivative (the seed lab).

``z`` is a flat list (one vector) or a matrix (one observation per row; softmax normalises each
row). With ``derivative`` true the answer is part ``da_dz``: entry-wise phi'(z), the shape of z,
or for softmax the Jacobian of each row (see :mod:`nngrade.solvers.activation` for why).
Answers are graded with a relative tolerance of 3 significant figures and an absolute floor of
1e-6, so that a tiny softmax probability such as 6.14e-06 must be given to significant figures
rather than rounded to 0.
"""
from __future__ import annotations

from nngrade.core import maths
from nngrade.core import params as P
from nngrade.generators import activation as generator
from nngrade.grading.spec import AnswerSpec
from nngrade.solvers import activation as solver
from nngrade.solvers import latex

from ..exercise import Exercise, Misconception

#: 3 significant figures, and a floor far below every value the generator produces.
RTOL, ATOL = 5e-3, 1e-6


def _z_param():
    """``z``: a flat list is one vector, a list of rows is a matrix of observations."""

    def read(value):
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, (list, tuple)) for v in value):
            return P.matrix().read(value)
        entries = P.vector().read(value)
        if not entries:
            raise P.ParamError("z is empty")
        return entries

    def write(value):
        return P.matrix().write(value) if solver.is_matrix(value) else P.vector().write(value)

    return P.custom(read, write, doc="pre-activations: a vector, or a matrix with one observation per row")


def _check(params):
    name, alpha = params["function"], params["alpha"]
    if not 0 < alpha < 1:
        raise P.ParamError(f"alpha must lie strictly between 0 and 1, got {alpha}")
    if name not in maths.WITH_ALPHA and alpha != maths.DEFAULT_ALPHA:
        raise P.ParamError(f"alpha applies to leaky_relu only, not to {name}")


PARAMS = P.ParamSpec(
    {
        "function": P.choice(solver.FUNCTIONS, doc="the activation function"),
        "z": _z_param(),
        "alpha": P.number(maths.DEFAULT_ALPHA, doc=f"leak of leaky_relu (default {float(maths.DEFAULT_ALPHA):g})"),
        "derivative": P.flag(False, doc="ask for the derivative da/dz instead of a"),
    },
    check=_check,
)


def fragments(params) -> dict[str, str]:
    """The function's symbol and its definition, as LaTeX (the derivative rule is left to the
    solution); for softmax, a vector z as the one row it is."""
    name = params["function"]
    out = {"symbol": maths.ACTIVATIONS[name].symbol, "definition": maths.ACTIVATIONS[name].definition}
    if name == "softmax" and not isinstance(params["z"][0], list):
        out["z"] = latex.row(params["z"])
    return out


def _lab(z, function):
    return {"function": function, "z": z}


EXAMPLES = {
    f"lab-{label}-{function}": _lab(z, function)
    for label, z in (("1-8", [1, 8]), ("8-6", [8, 6]), ("m8-9-m3", [-8, 9, -3]))
    for function in ("sigmoid", "tanh", "relu", "softmax")
}
EXAMPLES.update({
    "lecture-sigmoid": _lab([-5, 1, 7], "sigmoid"),
    "lecture-softmax": _lab([[-5, -9], [1, 5], [7, 19]], "softmax"),
    "sigmoid-derivative": {"function": "sigmoid", "z": [-5, 1, 7], "derivative": True},
    "softmax-jacobian": {"function": "softmax", "z": [1, 2, 3], "derivative": True},
    "leaky-relu": {"function": "leaky_relu", "z": [-2, 0.5, 3], "alpha": 0.1},
})


EXERCISE = Exercise(
    kind="activation",
    version=2,
    title="Activation functions and their derivatives",
    params=PARAMS,
    generate=generator.generate,
    solve=solver.solve,
    solve_numeric=solver.solve_numeric,
    answers=(
        AnswerSpec("a", label="a", rtol=RTOL, atol=ATOL, per_entry=True),
        AnswerSpec("da_dz", label="da/dz", rtol=RTOL, atol=ATOL, per_entry=True),
    ),
    misconceptions=(
        Misconception("sigmoid_sign_lost",
                      "looks like 1/(1 + e^z) was used; the sigmoid is 1/(1 + e^(-z))", parts=("a",)),
        Misconception("sigmoid_tanh_swapped",
                      "looks like sigmoid and tanh were swapped (sigmoid lies in (0, 1), tanh in (-1, 1))",
                      parts=("a",)),
        Misconception("relu_as_min", "looks like min(0, z) was used; ReLU is max(0, z)", parts=("a",)),
        Misconception("leak_on_positive_side",
                      "looks like the slope alpha was applied to the positive inputs instead of the negative ones",
                      parts=("a",)),
        Misconception("leak_forgotten",
                      "looks like plain ReLU was used: leaky ReLU keeps a slope alpha for negative inputs",
                      parts=("a", "da_dz")),
        Misconception("softmax_not_normalised",
                      "looks like the exponentials were not divided by their row sum", parts=("a",)),
        Misconception("softmax_over_columns",
                      "looks like softmax normalised the columns; it normalises each row (one observation)",
                      parts=("a",)),
        Misconception("sign_as_step", "looks like a 0/1 step was used; sign gives -1 for negative inputs",
                      parts=("a",)),
        Misconception("function_not_derivative",
                      "looks like the function phi(z) itself was given instead of its derivative phi'(z)",
                      parts=("da_dz",)),
        Misconception("derivative_at_activation",
                      "looks like the derivative was evaluated at a = phi(z) instead of at z",
                      parts=("da_dz",)),
        Misconception("shortcut_applied_to_z",
                      "looks like the shortcut a(1 - a) (or 1 - a^2 for tanh) was applied to z instead of to a = phi(z)",
                      parts=("da_dz",)),
        Misconception("kink_slope_one",
                      "looks like the slope 1 was used at z = 0; nngrade, like PyTorch, TensorFlow and JAX, uses the "
                      "negative side's slope there (ReLU'(0) = 0, leaky ReLU'(0) = alpha)",
                      parts=("da_dz",)),
        Misconception("jacobian_diagonal_only",
                      "looks like only the diagonal a_i(1 - a_i) was kept; off-diagonal entries are -a_i a_j",
                      parts=("da_dz",)),
    ),
    knobs={
        "difficulty": ("easy", "medium", "hard"),
        "function": generator.FUNCTIONS,
        "derivative": (False, True),
        "functions": (),
    },
    examples=EXAMPLES,
    fragments=fragments,
)
