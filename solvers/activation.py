"""Activation functions and their derivatives: exact values with worked steps, and the NumPy twin.

Every function acts entry by entry on z, except softmax, which normalises over each row (a flat z
is one row). The derivative of an entry-wise function is entry-wise too, the same shape as z.
The derivative of softmax is its Jacobian ``J[i][j] = da_i/dz_j = a_i (delta_ij - a_j)``: one
K x K matrix for a vector z, one per row for a matrix z. The full Jacobian is the derivative that
backpropagation multiplies by; keeping only its diagonal ``a_i (1 - a_i)`` is a classic slip, so
the catalogue names it as a misconception instead of asking for it.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from . import elementwise
from .solution import Solution, Step

FUNCTIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "exp", "sign")
#: Functions whose derivative does not exist at z = 0 (see :data:`elementwise.KINK_RULE`).
KINKED = elementwise.KINKED
#: The leak of leaky_relu when the problem gives none (the contract's default).
DEFAULT_ALPHA = Fraction(1, 100)

SYMBOLS = {
    "identity": r"\operatorname{id}",
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\operatorname{ReLU}",
    "leaky_relu": r"\operatorname{LeakyReLU}",
    "softmax": r"\operatorname{softmax}",
    "exp": r"\exp",
    "sign": r"\operatorname{sign}",
}

DEFINITIONS = {
    "identity": r"\operatorname{id}(z) = z",
    "sigmoid": r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    "tanh": r"\tanh(z) = \frac{e^{2z} - 1}{e^{2z} + 1}",
    "relu": r"\operatorname{ReLU}(z) = \max(0, z)",
    "leaky_relu": r"\operatorname{LeakyReLU}(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}",
    "softmax": r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j} e^{z_j}}",
    "exp": r"\exp(z) = e^{z}",
    "sign": r"\operatorname{sign}(z) = \begin{cases} 1 & z > 0 \\ 0 & z = 0 \\ -1 & z < 0 \end{cases}",
}

DERIVATIVE_RULES = {
    "identity": r"\operatorname{id}'(z) = 1",
    "sigmoid": r"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)",
    "tanh": r"\tanh'(z) = 1 - \tanh^2(z)",
    "relu": r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
    "leaky_relu": r"\operatorname{LeakyReLU}'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}",
    "softmax": r"J_{ij} = \frac{\partial a_i}{\partial z_j} = a_i\,(\delta_{ij} - a_j)",
    "exp": r"\exp'(z) = e^{z}",
    "sign": r"\operatorname{sign}'(z) = 0",
}

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
    alpha = exact.sym(params.get("alpha", DEFAULT_ALPHA))
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
        self.symbol = SYMBOLS[name]

    def index(self, r: int, j: int) -> str:
        return f"{r + 1},{j + 1}" if self.matrix else f"{j + 1}"

    def nested(self, rows) -> str:
        from . import latex

        cells = [[_value_text(value) for value in row] for row in rows]
        return latex.matrix(cells) if self.matrix else latex.column(cells[0])


class _EntryWork(_Work):
    """An entry-wise function: one line of working per entry of z."""

    def solve(self, derivative: bool):
        from . import latex

        rule = DERIVATIVE_RULES[self.name] if derivative else DEFINITIONS[self.name]
        if self.name == "leaky_relu":
            rule += rf",\quad \alpha = {latex.number(self.alpha)}"
        at_kink = derivative and self.name in KINKED and any(z == 0 for row in self.rows for z in row)
        steps = [Step(
            "Write down the derivative" if derivative else "Write down the function",
            rule,
            "The function acts on each entry of z separately"
            + (", so its derivative is taken entry by entry too." if derivative else ".")
            + (f" This $z$ has an entry $0$: {elementwise.KINK_RULE}." if at_kink else ""),
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
        return elementwise.exact_phi(self.name, z, self.alpha)

    def slope(self, z):
        import sympy as sp

        return {
            "identity": lambda: sp.Integer(1),
            "sigmoid": lambda: sp.exp(-z) / (1 + sp.exp(-z)) ** 2,
            "tanh": lambda: 1 - sp.tanh(z) ** 2,
            "relu": lambda: sp.Integer(1 if z > 0 else 0),
            "leaky_relu": lambda: sp.Integer(1) if z > 0 else self.alpha,
            "exp": lambda: sp.exp(z),
            "sign": lambda: sp.Integer(0),
        }[self.name]()

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
            exact_s = 1 / (1 + sp.exp(-z))
            s = _value_text(exact_s)
            return (rf"\sigma({latex.number(z)})\,(1 - \sigma({latex.number(z)})) {_relation(exact_s)}"
                    rf" {s}\,(1 - {s}) {shown(d)}")
        if self.name == "tanh":
            t = sp.tanh(z)
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
    """Softmax over each row: exponentiate, add up the row, divide; then the Jacobian if asked."""

    def solve(self, derivative: bool):
        import sympy as sp

        from . import latex

        steps = [Step("Write down the function", DEFINITIONS["softmax"],
                      "Softmax turns each row of $z$ into probabilities: exponentiate, then divide by the row's sum.")]
        if derivative:
            steps.append(Step("Write down the derivative", DERIVATIVE_RULES["softmax"],
                              "Every output of a row depends on every input of that row, so the derivative "
                              "is a matrix (the Jacobian), one per row of $z$. The Kronecker delta is 1 on the "
                              "diagonal (i = j) and 0 off it."))
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


def values(name: str, z, alpha=DEFAULT_ALPHA, rnd=None) -> np.ndarray:
    """phi(z) in float64, entry by entry (softmax over the last axis); ``rnd`` rounds each intermediate."""
    return elementwise.phi(name, z, alpha, rnd)


def derivatives(name: str, z, alpha=DEFAULT_ALPHA, rnd=None) -> np.ndarray:
    """phi'(z) in float64: entry-wise, or for softmax the Jacobian of each row (shape ... x K x K)."""
    if name != "softmax":
        return elementwise.dphi(name, z, alpha, rnd)
    rnd = rnd or (lambda array: array)
    a = values("softmax", z, rnd=rnd)
    diagonal = a[..., :, None] * np.eye(a.shape[-1])
    return rnd(diagonal - rnd(a[..., :, None] * a[..., None, :]))


def solve_numeric(params, rnd=None) -> dict:
    """The NumPy twin of :func:`solve`; ``rnd`` rounds every intermediate result."""
    alpha = params.get("alpha", DEFAULT_ALPHA)
    if params.get("derivative"):
        return {"da_dz": derivatives(params["function"], params["z"], alpha, rnd)}
    return {"a": values(params["function"], params["z"], alpha, rnd)}
