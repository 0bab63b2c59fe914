"""Activation functions and their derivatives: exact values with worked steps, and the NumPy twin.

Every function acts entry by entry on z, except softmax, which normalises over each row (a flat z
is one row). The derivative of an entry-wise function is entry-wise too, the same shape as z.
The derivative of softmax is its Jacobian ``J[i][j] = da_i/dz_j = a_i (delta_ij - a_j)``: one
K x K matrix for a vector z, one per row for a matrix z. The full Jacobian is the derivative that
backpropagation multiplies by; keeping only its diagonal ``a_i (1 - a_i)`` is a classic slip, so
the catalogue names it as a misconception instead of asking for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import numpy as np

from nngrade.core import maths

from .solution import Solution, Step

FUNCTIONS = tuple(maths.ACTIVATIONS)

#: Significant figures of the decimals shown in the worked steps.
SHOWN_FIGURES = 4


def is_matrix(z) -> bool:
    """True when ``z`` is a list of rows (observations), False for a flat vector."""
    return bool(z) and isinstance(z[0], (list, tuple))


def solve(params) -> Solution:
    """Exact a = phi(z), or its derivative, with every entry worked out."""
    from . import exact

    name = params["function"]
    z = params["z"]
    rows = [[exact.sym(v) for v in row] for row in (z if is_matrix(z) else [z])]
    alpha = exact.sym(params.get("alpha", maths.DEFAULT_ALPHA))
    work = _SoftmaxWork if name == "softmax" else _EntryWork
    steps, answer_rows, part = work(name, rows, alpha, is_matrix(z)).solve(bool(params.get("derivative")))
    settled = _settle(answer_rows)
    answer = settled if is_matrix(z) else settled[0]
    return Solution({part: answer}, steps)


def _settle(value):
    from . import exact

    if isinstance(value, list):
        return [_settle(item) for item in value]
    return exact.settle(value)


def shown(value) -> str:
    """``= x`` for an exact short number, ``\\approx x`` (4 significant figures) otherwise."""
    import sympy as sp

    from . import latex

    value = sp.sympify(value)
    if value.is_Rational:
        return "= " + latex.number(value)
    approx = latex.approximate(value)
    figures = SHOWN_FIGURES
    while figures < 12 and _rounds_to_whole(approx, figures):
        figures += 1
    return r"\approx " + latex.scientific(latex.figures(approx, figures))


def _rounds_to_whole(approx: Decimal, figures: int) -> bool:
    """True when rounding hides that ``approx`` is not whole (0.9999998 shown as 1, not 2981)."""
    from . import latex

    rounded = Decimal(latex.figures(approx, figures))
    return (rounded == rounded.to_integral_value() and rounded.copy_abs() < 10 ** (figures - 1)
            and approx != approx.to_integral_value())


def _value_text(value) -> str:
    """The shown number without its relation sign."""
    return shown(value).split(" ", 1)[1]


def _relation(*values) -> str:
    """``=`` when every value is shown exactly, ``\\approx`` when one of them is rounded."""
    return "=" if all(shown(value).startswith("=") for value in values) else r"\approx"


def _aligned(lines) -> str:
    return r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"


class _Work:
    """Shared bookkeeping of a worked solution: entry names and the final collection step."""

    def __init__(self, name, rows, alpha, matrix):
        self.name, self.rows, self.alpha, self.matrix = name, rows, alpha, matrix
        self.entry = maths.ACTIVATIONS[name]
        self.symbol = self.entry.symbol

    def index(self, r: int, j: int) -> str:
        return f"{r + 1},{j + 1}" if self.matrix else f"{j + 1}"

    #: How a vector z (not a matrix) is shown: a column, as vectors are in the worked steps.
    vector_as_row = False

    def nested(self, rows) -> str:
        from . import latex

        cells = [[_value_text(value) for value in row] for row in rows]
        if self.matrix:
            return latex.matrix(cells)
        return latex.row(cells[0]) if self.vector_as_row else latex.column(cells[0])


class _EntryWork(_Work):
    """An entry-wise function: one line of working per entry of z."""

    def solve(self, derivative: bool):
        from . import latex

        rule = self.entry.derivative_rule if derivative else self.entry.definition
        if self.name == "leaky_relu":
            rule += rf",\quad \alpha = {latex.number(self.alpha)}"
        at_kink = derivative and self.entry.kinked and any(z == 0 for row in self.rows for z in row)
        steps = [Step(
            "Write down the derivative" if derivative else "Write down the function",
            rule,
            "The function acts on each entry of $z$ separately"
            + (", so its derivative is taken entry by entry too." if derivative else ".")
            + (f" This $z$ has an entry $0$: {maths.KINK_RULE}." if at_kink else ""),
        )]
        if derivative and self.name in ("sigmoid", "tanh"):
            steps.append(Step("Compute the activations", _aligned(
                [rf"a_{{{self.index(r, j)}}} &= {self.symbol}({latex.number(z)}) {shown(self.value(z))}"
                 for r, row in enumerate(self.rows) for j, z in enumerate(row)]
            ), "The derivative is written in terms of the activations, so compute them first."))
        compute = self.slope if derivative else self.value
        working = self.slope_working if derivative else self.value_working
        results = [[compute(z) for z in row] for row in self.rows]
        head = (lambda i: rf"{self.symbol}'(z_{{{i}}})") if derivative else (lambda i: f"a_{{{i}}}")
        steps.append(Step("Apply it to each entry", _aligned(
            [rf"{head(self.index(r, j))} &= {working(z, results[r][j])}"
             for r, row in enumerate(self.rows) for j, z in enumerate(row)]
        )))
        lhs = r"\frac{\partial a}{\partial z}" if derivative else f"a = {self.symbol}(z)"
        steps.append(Step("Collect the results", f"{lhs} = {self.nested(results)}"))
        return steps, results, "da_dz" if derivative else "a"

    def value(self, z):
        return maths.exact_phi(self.name, z, self.alpha)

    def slope(self, z):
        return maths.exact_dphi(self.name, z, self.alpha)

    def value_working(self, z, a) -> str:
        import sympy as sp

        from . import latex

        at = rf"{self.symbol}({latex.number(z)})"
        if self.name == "sigmoid":
            e = sp.exp(-z)
            return (rf"{at} = \frac{{1}}{{1 + e^{{{latex.number(-z)}}}}} {_relation(e)}"
                    rf" \frac{{1}}{{1 + {_value_text(e)}}} {shown(a)}")
        if self.name == "tanh":
            e2z, power = sp.exp(2 * z), latex.number(2 * z)
            relation = "=" if e2z.is_Rational else r"\approx"
            return (rf"{at} = \frac{{e^{{{power}}} - 1}}{{e^{{{power}}} + 1}}"
                    rf" {relation} \frac{{{_value_text(e2z - 1)}}}{{{_value_text(e2z + 1)}}} {shown(a)}")
        if self.name == "relu":
            return rf"\max(0, {latex.number(z)}) = {latex.number(a)}"
        if self.name == "leaky_relu":
            if z > 0:
                return rf"{latex.number(z)} \quad (z > 0)"
            return rf"\alpha z = {latex.number(self.alpha)} \cdot {latex.signed(z)} = {latex.number(a)}"
        if self.name == "exp":
            return rf"e^{{{latex.number(z)}}} {shown(a)}"
        return rf"{at} {shown(a)}"

    def slope_working(self, z, d) -> str:
        import sympy as sp

        from . import latex

        if self.name == "sigmoid":
            exact_s = self.value(z)
            s = _value_text(exact_s)
            return (rf"\sigma({latex.number(z)})\,(1 - \sigma({latex.number(z)})) {_relation(exact_s)}"
                    rf" {s}\,(1 - {s}) {shown(d)}")
        if self.name == "tanh":
            t = self.value(z)
            return rf"1 - \tanh^2({latex.number(z)}) {_relation(t)} 1 - ({_value_text(t)})^2 {shown(d)}"
        if self.name in ("relu", "leaky_relu"):
            side = "z > 0" if z > 0 else "z < 0" if z < 0 else r"z = 0\text{: the negative side's slope}"
            return rf"{latex.number(d)} \quad ({side},\ z = {latex.number(z)})"
        if self.name == "exp":
            return rf"e^{{{latex.number(z)}}} {shown(d)}"
        if self.name == "sign":
            if z == 0:
                return r"0 \quad (z = 0\text{: the negative side's slope})"
            return rf"0 \quad (z = {latex.number(z)} \ne 0)"
        return "1"


class _SoftmaxWork(_Work):
    """Softmax over each row: exponentiate, add up the row, divide; then the Jacobian if asked.
    A vector z is one row, and is shown as one."""

    vector_as_row = True

    def solve(self, derivative: bool):
        import sympy as sp

        from . import latex

        steps = [Step("Write down the function", self.entry.definition,
                      "Softmax turns each row of $z$ into probabilities: exponentiate, then divide by the row's sum.")]
        if derivative:
            steps.append(Step("Write down the derivative", self.entry.derivative_rule,
                              "Every output of a row depends on every input of that row, so the derivative "
                              "is a matrix (the Jacobian), one per row of $z$. The Kronecker delta is $1$ on the "
                              "diagonal ($i = j$) and $0$ off it."))
        exps = [[sp.exp(z) for z in row] for row in self.rows]
        sums = [sp.Add(*row) for row in exps]
        a = [[e / s for e in row] for row, s in zip(exps, sums)]
        steps.append(Step("Exponentiate each entry", _aligned(
            [rf"e^{{z_{{{self.index(r, j)}}}}} &= e^{{{latex.number(z)}}} {shown(exps[r][j])}"
             for r, row in enumerate(self.rows) for j, z in enumerate(row)]
        )))
        steps.append(Step("Add up each row", _aligned(
            [rf"S{self.row_label(r)} &= \sum_j e^{{z{self.row_sub(r)}}} {_relation(*row)} "
             + " + ".join(_value_text(e) for e in row) + f" {shown(sums[r])}"
             for r, row in enumerate(exps)]
        )))
        steps.append(Step("Divide by the row sum", _aligned(
            [rf"a_{{{self.index(r, j)}}} &= \frac{{e^{{z_{{{self.index(r, j)}}}}}}}{{S{self.row_label(r)}}}"
             rf" {_relation(exps[r][j], sums[r])}"
             rf" \frac{{{_value_text(exps[r][j])}}}{{{_value_text(sums[r])}}} {shown(a[r][j])}"
             for r, row in enumerate(a) for j in range(len(row))]
        ), "Each row of $a$ adds up to $1$." if self.matrix else "The entries of $a$ add up to $1$."))
        if not derivative:
            steps.append(Step("Collect the results", rf"a = \operatorname{{softmax}}(z) = {self.nested(a)}"))
            return steps, a, "a"
        jacobians = [self.jacobian(row, total) for row, total in zip(exps, sums)]
        steps.append(Step("Fill in the Jacobian", _aligned(
            [self.jacobian_line(r, i, j, a[r], jacobians[r][i][j])
             for r, row in enumerate(a) for i in range(len(row)) for j in range(len(row))]
        ), "On the diagonal an activation times one minus itself; off the diagonal minus the product "
           "of the two activations."))
        collected = r",\quad ".join(
            rf"J{self.jacobian_of(r)} = {latex.matrix([[_value_text(v) for v in row] for row in jacobian])}"
            for r, jacobian in enumerate(jacobians)
        )
        steps.append(Step("Collect the results", collected))
        return steps, jacobians, "da_dz"

    def row_label(self, r: int) -> str:
        return f"_{{{r + 1}}}" if self.matrix else ""

    def jacobian_of(self, r: int) -> str:
        return f"^{{({r + 1})}}" if self.matrix else ""

    def row_sub(self, r: int) -> str:
        return f"_{{{r + 1},j}}" if self.matrix else "_j"

    @staticmethod
    def jacobian(exps, total):
        """a_i (delta_ij - a_j), written over the common denominator S^2 so the closed forms stay short:
        e^{z_i} (S - e^{z_i}) / S^2 on the diagonal, -e^{z_i} e^{z_j} / S^2 off it."""
        import sympy as sp

        def entry(i, j):
            if i == j:
                return exps[i] * sp.Add(*(e for k, e in enumerate(exps) if k != i)) / total ** 2
            return -exps[i] * exps[j] / total ** 2

        return [[entry(i, j) for j in range(len(exps))] for i in range(len(exps))]

    def jacobian_line(self, r, i, j, a_row, value) -> str:
        label = rf"J_{{{i + 1}{j + 1}}}{self.jacobian_of(r)}"
        ai, aj = _value_text(a_row[i]), _value_text(a_row[j])
        if i == j:
            return (rf"{label} &= a_{{{i + 1}}}(1 - a_{{{i + 1}}}) {_relation(a_row[i])}"
                    rf" {ai}\,(1 - {ai}) {shown(value)}")
        return (rf"{label} &= -a_{{{i + 1}}} a_{{{j + 1}}} {_relation(a_row[i], a_row[j])}"
                rf" -{ai} \cdot {aj} {shown(value)}")


def derivatives(name: str, z, alpha=maths.DEFAULT_ALPHA, rnd=None) -> np.ndarray:
    """phi'(z) in float64: entry-wise, or for softmax the Jacobian of each row (shape ... x K x K)."""
    if not maths.ACTIVATIONS[name].rowwise:
        return maths.dphi(name, z, alpha, rnd)
    rnd = rnd or (lambda array: array)
    a = maths.phi(name, z, rnd=rnd)
    diagonal = a[..., :, None] * np.eye(a.shape[-1])
    return rnd(diagonal - rnd(a[..., :, None] * a[..., None, :]))


@dataclass(frozen=True)
class Mistake:
    """A wrong way of working phi(z) or phi'(z), for some functions only."""

    functions: tuple[str, ...]
    derivative: bool | None
    """Made when the derivative is asked (True), when the function is (False), or either (None)."""
    works: Callable[[str, np.ndarray, float, bool], np.ndarray | None]
    """``works(function, z, alpha, derivative)``: the wrong answer, None where it cannot happen."""


def _softmax_over_columns(name, z, alpha, derivative):
    if z.ndim != 2 or z.shape[0] < 2:
        return None
    by_columns = maths.phi("softmax", z.T).T
    if by_columns.shape[::-1] == z.shape and np.allclose(by_columns.T, maths.phi("softmax", z)):
        return None  # the grader already calls this answer transposed
    return by_columns


def _kink_slope_one(name, z, alpha, derivative):
    """Slope 1 at z = 0 (the positive side's), where the rule takes the negative side's."""
    if not np.any(z == 0):
        return None
    return np.where(z >= 0, 1.0, alpha if name == "leaky_relu" else 0.0)


def _jacobian_diagonal_only(name, z, alpha, derivative):
    a = maths.phi("softmax", z)
    return (a * (1 - a))[..., :, None] * np.eye(a.shape[-1])


#: The wrong ways of working an activation that :func:`solve_numeric` can imitate.
MISTAKES = {
    "sigmoid_sign_lost": Mistake(("sigmoid",), False, lambda name, z, alpha, d: maths.phi("sigmoid", -z)),
    "sigmoid_tanh_swapped": Mistake(("sigmoid", "tanh"), False, lambda name, z, alpha, d: maths.phi(
        "tanh" if name == "sigmoid" else "sigmoid", z)),
    "relu_as_min": Mistake(("relu",), False, lambda name, z, alpha, d: np.minimum(z, 0.0)),
    "leak_on_positive_side": Mistake(("leaky_relu",), False, lambda name, z, alpha, d: np.where(z > 0, alpha * z, z)),
    "leak_forgotten": Mistake(("leaky_relu",), None, lambda name, z, alpha, d: derivatives("relu", z) if d
                              else maths.phi("relu", z)),
    "softmax_not_normalised": Mistake(("softmax",), False, lambda name, z, alpha, d: np.exp(z)),
    "softmax_over_columns": Mistake(("softmax",), False, _softmax_over_columns),
    "sign_as_step": Mistake(("sign",), False, lambda name, z, alpha, d: np.where(z > 0, 1.0, 0.0)),
    "function_not_derivative": Mistake(("identity", "sigmoid", "tanh", "relu", "leaky_relu", "sign"), True,
                                       lambda name, z, alpha, d: maths.phi(name, z, alpha)),
    "derivative_at_activation": Mistake(("sigmoid", "tanh"), True,
                                        lambda name, z, alpha, d: derivatives(name, maths.phi(name, z))),
    "shortcut_applied_to_z": Mistake(("sigmoid", "tanh"), True,
                                     lambda name, z, alpha, d: z * (1 - z) if name == "sigmoid" else 1 - z * z),
    "kink_slope_one": Mistake(("relu", "leaky_relu"), True, _kink_slope_one),
    "jacobian_diagonal_only": Mistake(("softmax",), True, _jacobian_diagonal_only),
}


def solve_numeric(params, rnd=None, mistake: str | None = None) -> dict | None:
    """The NumPy twin of :func:`solve`; ``rnd`` rounds every intermediate result; ``mistake`` (one
    of :data:`MISTAKES`) works it wrongly, None where it cannot happen for these params."""
    name, alpha, derivative = params["function"], params.get("alpha", maths.DEFAULT_ALPHA), bool(params.get("derivative"))
    part = "da_dz" if derivative else "a"
    if mistake is not None:
        wrong = MISTAKES[mistake]
        if name not in wrong.functions or wrong.derivative not in (None, derivative):
            return None
        value = wrong.works(name, np.array(params["z"], dtype=float), float(alpha), derivative)
        return None if value is None else {part: value}
    if derivative:
        return {part: derivatives(name, params["z"], alpha, rnd)}
    return {part: maths.phi(name, params["z"], alpha, rnd)}
