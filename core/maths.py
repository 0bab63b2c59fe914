"""The maths primitives of nngrade, each defined once: activations and losses.

One entry per operation, in the spirit of micrograd's "one local rule per operation". An
:class:`Activation` holds its float form (NumPy), its exact form (sympy), its derivative in both,
its TeX and words, whether it is kinked at 0 and its parameters with their defaults. A
:class:`Loss` holds what it adds up (float and exact, from predictions or from the scores of the
output layer it pairs with), its averaging factor, its slope and its TeX. Solvers, twins,
generator screens, code checks and templates all read these tables, so adding an activation or
a loss is one entry here plus its tests.

Every float form takes ``rnd``, applied to each intermediate result, so that a twin can rerun a
problem with the rounding a student working by hand would do. sympy is imported inside the
exact forms only: generators and graders sit above this module and never load it.

At z = 0, where ReLU, leaky ReLU and sign have no derivative, the slope of the negative side is
used (:data:`KINK_RULE`), as PyTorch, TensorFlow and JAX do.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import numpy as np

#: The rule at the kink, in words, for the worked steps.
KINK_RULE = (r"at $z = 0$, where it has no derivative, the slope of the negative side is used "
             r"($\operatorname{ReLU}'(0) = 0$, leaky $\operatorname{ReLU}'(0) = \alpha$, $\operatorname{sign}'(0) = 0$), "
             "as PyTorch, TensorFlow and JAX do")


def _keep(values):
    return values


def _sympy():
    import sympy

    return sympy


@dataclass(frozen=True)
class Activation:
    """One activation function phi and everything nngrade needs to know about it."""

    name: str
    """The name of the contract (section 2)."""
    words: str
    """How a statement names it ("leaky ReLU")."""
    symbol: str
    """Its TeX name (``\\sigma``)."""
    definition: str
    """TeX of phi(z)."""
    derivative_rule: str
    """TeX of phi'(z) (for softmax, of its Jacobian)."""
    derivative_words: str
    """phi'(z) as prose for the text of a worked step (its maths between ``$...$``)."""
    values: Callable[[np.ndarray, float, Callable], np.ndarray]
    """``values(z, alpha, rnd)``: phi on a float array (softmax over each row)."""
    slopes: Callable[[np.ndarray, float, Callable], np.ndarray] | None
    """``slopes(z, alpha, rnd)``: phi'(z) entry by entry; None for softmax, whose derivative is a Jacobian."""
    exact: Callable[[Any, Any, Any], Any] | None
    """``exact(z, alpha, lib)``: phi of one exact number in ``lib`` (sympy; the smooth functions also
    take mpmath, for high-precision decimals); None for softmax (see :func:`exact_softmax`)."""
    exact_slope: Callable[[Any, Any, Any], Any] | None
    """``exact_slope(z, alpha, lib)``: phi'(z) of one exact number, as :attr:`exact`; None for softmax."""
    kinked: bool = False
    """No derivative at z = 0 (the :data:`KINK_RULE` applies there)."""
    saturates: bool = False
    """Flat or exploding for large |z| (sigmoid, tanh, softmax, exp): draws keep z small."""
    rowwise: bool = False
    """Acts on each row as a whole (softmax), not entry by entry."""
    params: dict[str, Fraction] = field(default_factory=dict)
    """Its parameters and their defaults (leaky ReLU's ``alpha``)."""


def _sigmoid(z, alpha, rnd):
    return rnd(1.0 / rnd(1.0 + rnd(np.exp(-z))))


def _sigmoid_slopes(z, alpha, rnd):
    s = _sigmoid(z, alpha, rnd)
    return rnd(s * rnd(1.0 - s))


def _tanh_slopes(z, alpha, rnd):
    t = rnd(np.tanh(z))
    return rnd(1.0 - rnd(t * t))


def _softmax(z, alpha, rnd):
    exps = rnd(np.exp(z - z.max(axis=-1, keepdims=True)))
    return rnd(exps / rnd(exps.sum(axis=-1, keepdims=True)))


_ENTRIES = (
    Activation(
        "identity", "identity", r"\operatorname{id}", r"\operatorname{id}(z) = z", r"\operatorname{id}'(z) = 1",
        r"$\phi'(z) = 1$",
        values=lambda z, alpha, rnd: z.copy(),
        slopes=lambda z, alpha, rnd: np.ones_like(z),
        exact=lambda z, alpha, lib: z,
        exact_slope=lambda z, alpha, lib: _sympy().Integer(1),
    ),
    Activation(
        "sigmoid", "sigmoid", r"\sigma", r"\sigma(z) = \frac{1}{1 + e^{-z}}",
        r"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)", r"$\sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big)$",
        values=_sigmoid, slopes=_sigmoid_slopes,
        exact=lambda z, alpha, lib: 1 / (1 + lib.exp(-z)),
        exact_slope=lambda z, alpha, lib: lib.exp(-z) / (1 + lib.exp(-z)) ** 2,
        saturates=True,
    ),
    Activation(
        "tanh", "tanh", r"\tanh", r"\tanh(z) = \frac{e^{2z} - 1}{e^{2z} + 1}", r"\tanh'(z) = 1 - \tanh^2(z)",
        r"$\tanh'(z) = 1 - \tanh^2(z)$",
        values=lambda z, alpha, rnd: rnd(np.tanh(z)), slopes=_tanh_slopes,
        exact=lambda z, alpha, lib: lib.tanh(z),
        exact_slope=lambda z, alpha, lib: 1 - lib.tanh(z) ** 2,
        saturates=True,
    ),
    Activation(
        "relu", "ReLU", r"\operatorname{ReLU}", r"\operatorname{ReLU}(z) = \max(0, z)",
        r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
        r"$\operatorname{ReLU}'(z) = 1$ for $z > 0$, else $0$ (at $z = 0$ too)",
        values=lambda z, alpha, rnd: np.where(z > 0, z, 0.0),
        slopes=lambda z, alpha, rnd: np.where(z > 0, 1.0, 0.0),
        exact=lambda z, alpha, lib: z if z > 0 else _sympy().Integer(0),
        exact_slope=lambda z, alpha, lib: _sympy().Integer(1 if z > 0 else 0),
        kinked=True,
    ),
    Activation(
        "leaky_relu", "leaky ReLU", r"\operatorname{LeakyReLU}",
        r"\operatorname{LeakyReLU}(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}",
        r"\operatorname{LeakyReLU}'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}",
        r"$\phi'(z) = 1$ for $z > 0$, else $\alpha$ (at $z = 0$ too)",
        values=lambda z, alpha, rnd: np.where(z > 0, z, rnd(alpha * z)),
        slopes=lambda z, alpha, rnd: np.where(z > 0, 1.0, float(alpha)),
        exact=lambda z, alpha, lib: z if z > 0 else alpha * z,
        exact_slope=lambda z, alpha, lib: _sympy().Integer(1) if z > 0 else alpha,
        kinked=True, params={"alpha": Fraction(1, 100)},
    ),
    Activation(
        "softmax", "softmax", r"\operatorname{softmax}", r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j} e^{z_j}}",
        r"J_{ij} = \frac{\partial a_i}{\partial z_j} = a_i\,(\delta_{ij} - a_j)",
        "J_ij = a_i (delta_ij - a_j) on each row",
        values=_softmax, slopes=None, exact=None, exact_slope=None, saturates=True, rowwise=True,
    ),
    Activation(
        "exp", "exponential", r"\exp", r"\exp(z) = e^{z}", r"\exp'(z) = e^{z}", r"$\exp'(z) = \exp(z)$",
        values=lambda z, alpha, rnd: rnd(np.exp(z)),
        slopes=lambda z, alpha, rnd: rnd(np.exp(z)),
        exact=lambda z, alpha, lib: lib.exp(z),
        exact_slope=lambda z, alpha, lib: lib.exp(z),
        saturates=True,
    ),
    Activation(
        "sign", "sign", r"\operatorname{sign}",
        r"\operatorname{sign}(z) = \begin{cases} 1 & z > 0 \\ 0 & z = 0 \\ -1 & z < 0 \end{cases}",
        r"\operatorname{sign}'(z) = 0", r"$\operatorname{sign}'(z) = 0$ (the sign function is flat wherever it is differentiable)",
        values=lambda z, alpha, rnd: np.sign(z),
        slopes=lambda z, alpha, rnd: np.zeros_like(z),
        exact=lambda z, alpha, lib: lib.sign(z),
        exact_slope=lambda z, alpha, lib: _sympy().Integer(0),
        kinked=True,
    ),
)

#: Every activation of the contract, by name, in the contract's order.
ACTIVATIONS: dict[str, Activation] = {entry.name: entry for entry in _ENTRIES}
#: Activations with a kink at z = 0.
KINKED = tuple(name for name, entry in ACTIVATIONS.items() if entry.kinked)
#: Activations that saturate or explode for large |z|.
SATURATING = tuple(name for name, entry in ACTIVATIONS.items() if entry.saturates)
#: Activations that take the parameter ``alpha``.
WITH_ALPHA = tuple(name for name, entry in ACTIVATIONS.items() if "alpha" in entry.params)
#: The leaky ReLU slope used when a problem gives no ``alpha``.
DEFAULT_ALPHA = ACTIVATIONS["leaky_relu"].params["alpha"]


def activation(name: str) -> Activation:
    """The table entry of ``name``; ValueError for a name that is none."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}") from None


def phi(name: str, z, alpha=DEFAULT_ALPHA, rnd=None) -> np.ndarray:
    """phi on a float array (softmax over each row); ``rnd`` rounds each intermediate result."""
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return activation(name).values(z, float(alpha), rnd or _keep)


def dphi(name: str, z, alpha=DEFAULT_ALPHA, rnd=None) -> np.ndarray:
    """phi'(z) on a float array, entry by entry (softmax has none: see its Jacobian)."""
    entry = activation(name)
    if entry.slopes is None:
        raise ValueError(f"{name} has no elementwise derivative")
    with np.errstate(over="ignore"):
        return entry.slopes(np.asarray(z, dtype=float), float(alpha), rnd or _keep)


def exact_phi(name: str, z, alpha=DEFAULT_ALPHA, lib=None):
    """phi(z) for one exact number (softmax is done per row by :func:`exact_softmax`); ``lib`` is
    sympy unless given (mpmath for sigmoid, tanh, exp and sign)."""
    entry = activation(name)
    if entry.exact is None:
        raise ValueError(f"{name} is not an elementwise activation")
    return entry.exact(z, alpha, lib or _sympy())


def exact_dphi(name: str, z, alpha=DEFAULT_ALPHA, lib=None):
    """phi'(z) for one exact number, ``lib`` as in :func:`exact_phi`."""
    entry = activation(name)
    if entry.exact_slope is None:
        raise ValueError(f"{name} is not an elementwise activation")
    return entry.exact_slope(z, alpha, lib or _sympy())


def exact_softmax(row: list, lib=None, over_each: bool = False) -> list:
    """Softmax of one row of exact numbers, as e^(z_i) / sum_j e^(z_j); with ``over_each``, as
    1 / sum_j e^(z_j - z_i), which is shorter when z is rational (``1/(exp(-4) + exp(2) + 1)``).
    ``lib`` is sympy unless given (mpmath)."""
    lib = lib or _sympy()
    if over_each:
        return [1 / _total(lib, [lib.exp(other - entry) for other in row]) for entry in row]
    exps = [lib.exp(entry) for entry in row]
    total = sum(exps)
    return [e / total for e in exps]


def _total(lib, values: list):
    """A sum as the library writes it: sympy's Add keeps the terms of a closed form in its order."""
    return lib.Add(*values) if hasattr(lib, "Add") else lib.fsum(values)


def softmax_backward(s: np.ndarray, g: np.ndarray) -> np.ndarray:
    """dL/dz for softmax rows ``s`` given dL/da = ``g``: s * (g - sum(g * s)) on each row."""
    return s * (g - (g * s).sum(axis=-1, keepdims=True))


# ----- losses ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Loss:
    """One loss of the contract: L = factor * sum(terms)."""

    name: str
    title: str
    """Its name in a statement ("mean squared error")."""
    words: str
    """What it is, for the worked steps ("sum of squared errors")."""
    tex: str
    """TeX of L for a batch."""
    gradient_tex: str
    """TeX of dL/d(yhat)."""
    term_tex: str
    """TeX of one term the loss adds up."""
    averages: str
    """Over what the sum is averaged: ``entries`` (1/N of all entries), ``rows`` (1/n), ``none`` or ``half`` (1/2)."""
    output: str
    """The output activation it pairs with in a regression (identity, sigmoid, softmax)."""
    indexed_sum: tuple[str, str]
    """(sign, sum) of L written entry by entry, for the derivations that name each entry: the sign
    goes before the averaging factor, the sum with its indices after it (see :attr:`indexed_tex`)."""
    squared: bool = False
    """A squared error: its slope carries the factor 2 of the square."""
    fused: bool = False
    """With its paired output activation, dL/dz simplifies to factor * (yhat - y)."""
    indexed_slope: tuple[str, str] | None = None
    """(sign, slope) of dL/d(yhat) for one indexed entry, placed around the factor likewise."""

    @property
    def count(self) -> str | None:
        """TeX of the count its :attr:`tex` averages over (N entries, n rows); None for a sum."""
        return {"entries": "N", "rows": "n"}.get(self.averages)

    @property
    def factor_tex(self) -> str:
        """TeX of the averaging factor in front of the sum (``\\frac{1}{N}``; empty for a plain sum)."""
        return self.constant_tex(1)

    @property
    def gradient_factor_tex(self) -> str:
        """TeX of the constant in front of (yhat - y) in dL/d(yhat): the square's 2 times the factor."""
        return self.constant_tex(2 if self.squared else 1)

    @property
    def indexed_tex(self) -> str:
        """TeX of L summed over the batch's indices (``-\\frac{1}{N} \\sum_{i=1}^{N} ...``)."""
        return self._indexed(self.indexed_sum, self.factor_tex)

    @property
    def indexed_gradient_tex(self) -> str | None:
        """TeX of dL/d(yhat) for one indexed entry (``\\frac{1}{N} \\frac{\\hat{y}_i - y_i}{...}``); None
        where the table has no indexed slope."""
        return self._indexed(self.indexed_slope, self.gradient_factor_tex) if self.indexed_slope else None

    @staticmethod
    def _indexed(signed: tuple[str, str], factor: str) -> str:
        sign, body = signed
        return sign + (f"{factor} " if factor else "") + body

    @property
    def sum_words(self) -> str:
        """How it treats the sum over the batch, in words ("mean", "sum", "half the sum")."""
        return {"entries": "mean", "rows": "mean", "none": "sum", "half": "half the sum"}[self.averages]

    def constant_tex(self, times) -> str:
        """TeX of ``times`` (an int or Fraction) times the averaging factor: ``\\frac{3}{2N}``,
        ``-\\frac{1}{n}``, ``2``; empty for 1."""
        constant = Fraction(times) * (Fraction(1, 2) if self.averages == "half" else Fraction(1))
        sign, size = ("-" if constant < 0 else ""), abs(constant)
        denominator = (str(size.denominator) if size.denominator != 1 else "") + (self.count or "")
        if not denominator:
            return "" if constant == 1 else str(constant)
        return rf"{sign}\frac{{{size.numerator}}}{{{denominator}}}"

    def factor(self, rows: int, entries: int) -> Fraction:
        """The averaging factor in front of the sum of the terms, for ``rows`` rows of ``entries`` numbers."""
        return {"entries": Fraction(1, entries), "rows": Fraction(1, rows), "none": Fraction(1),
                "half": Fraction(1, 2)}[self.averages]

    def gradient_constant(self, rows: int, entries: int) -> Fraction:
        """The constant in front of (yhat - y) in dL/dz at the paired output: 2 x factor for a square
        (half_sse's 1/2 cancels the 2), the factor itself for bce and cross-entropy."""
        return (2 if self.squared else 1) * self.factor(rows, entries)


def _bce_terms(yhat, y, rnd):
    return rnd(-(y * np.log(yhat) + (1 - y) * np.log(1 - yhat)))


def _cross_entropy_terms(yhat, y, rnd):
    return rnd(-np.sum(np.where(y != 0, y * np.log(np.where(y != 0, yhat, 1.0)), 0.0), axis=-1))


_LOSSES = (
    Loss("mse", "mean squared error", "mean squared error: the mean of the squared errors",
         r"\frac{1}{N}\sum (\hat y - y)^2", r"\frac{2}{N}(\hat y - y)", r"(\hat y - y)^2", "entries", "identity",
         squared=True, indexed_sum=("", r"\sum_{i=1}^{N} \big(\hat{y}_i - y_i\big)^2")),
    Loss("sse", "sum of squared errors", "sum of squared errors", r"\sum (\hat y - y)^2", r"2(\hat y - y)",
         r"(\hat y - y)^2", "none", "identity", squared=True, indexed_sum=("", r"\sum_{i=1}^{N} \big(\hat{y}_i - y_i\big)^2")),
    Loss("half_sse", "half sum of squared errors", "half the sum of squared errors", r"\frac12\sum (\hat y - y)^2",
         r"\hat y - y", r"(\hat y - y)^2", "half", "identity", squared=True, indexed_sum=("", r"\sum_{i=1}^{N} \big(\hat{y}_i - y_i\big)^2")),
    Loss("bce", "binary cross-entropy", "binary cross-entropy, averaged over all entries",
         r"-\frac{1}{N}\sum \big(y \log \hat y + (1 - y)\log(1 - \hat y)\big)",
         r"\frac{1}{N}\,\frac{\hat y - y}{\hat y (1 - \hat y)}",
         r"-\big(y \log \hat y + (1 - y) \log (1 - \hat y)\big)", "entries", "sigmoid", fused=True,
         indexed_sum=("-", r"\sum_{i=1}^{N} \big[y_i \log \hat{y}_i + (1 - y_i) \log (1 - \hat{y}_i)\big]"),
         indexed_slope=("", r"\frac{\hat{y}_i - y_i}{\hat{y}_i (1 - \hat{y}_i)}")),
    Loss("cross_entropy", "cross-entropy", "cross-entropy, summed over the classes of a row and averaged over the rows",
         r"-\frac{1}{n}\sum_i \sum_k y_{ik} \log \hat y_{ik}", r"-\frac{1}{n}\,\frac{y}{\hat y}",
         r"-\sum_k y_{ik} \log \hat y_{ik}", "rows", "softmax", fused=True,
         indexed_sum=("-", r"\sum_{i=1}^{n} \sum_{j=1}^{k} y_{ij} \log \hat{y}_{ij}"),
         indexed_slope=("-", r"\frac{y_{ij}}{\hat{y}_{ij}}")),
)

#: Every loss of the contract, by name.
LOSSES: dict[str, Loss] = {entry.name: entry for entry in _LOSSES}
#: Losses that average over the batch (the rest sum).
MEAN_LOSSES = tuple(name for name, entry in LOSSES.items() if entry.averages in ("entries", "rows"))
#: (output activation, loss) pairs whose combined derivative is factor * (yhat - y).
FUSED = frozenset((entry.output, name) for name, entry in LOSSES.items() if entry.fused)


def loss(name: str) -> Loss:
    """The table entry of ``name``; ValueError for a name that is none."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}") from None


def factor(name: str, yhat: np.ndarray) -> float:
    """The averaging factor of loss ``name`` for predictions ``yhat`` (rows x outputs), as a float."""
    yhat = np.asarray(yhat)
    rows = yhat.shape[0] if yhat.ndim else 1
    return float(loss(name).factor(rows, max(yhat.size, 1)))


def terms(name: str, yhat, y, rnd=None) -> np.ndarray:
    """What the loss adds up, in floats: per entry, or per row for cross-entropy."""
    rnd = rnd or _keep
    yhat, y = np.asarray(yhat, dtype=float), np.asarray(y, dtype=float)
    entry = loss(name)
    if entry.squared:
        return rnd(rnd(yhat - y) ** 2)
    if name == "bce":
        return _bce_terms(yhat, y, rnd)
    return _cross_entropy_terms(yhat, y, rnd)


def terms_from_scores(name: str, z, y, rnd=None) -> np.ndarray:
    """The terms of bce or cross-entropy from the scores ``z`` of the paired output layer.

    log(1 - sigma(z)) is -log(1 + e^z), and -log softmax(z)_k is logsumexp(z) - z_k: written so,
    the terms keep their digits where a prediction rounds to within 1e-14 of 0 or 1.
    """
    rnd = rnd or _keep
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    if name == "bce":
        return rnd(y * rnd(np.logaddexp(0.0, -z)) + (1.0 - y) * rnd(np.logaddexp(0.0, z)))
    if name == "cross_entropy":
        shifted = z.max(axis=-1, keepdims=True)
        log_sum = rnd(shifted + rnd(np.log(rnd(np.exp(z - shifted).sum(axis=-1, keepdims=True)))))
        return rnd(np.sum(rnd(y * rnd(log_sum - z)), axis=-1))
    raise ValueError(f"{name} is not computed from scores")


def value(name: str, yhat, y, z=None, rnd=None) -> float:
    """The loss of the contract (section 2); pass the output scores ``z`` where the loss is
    bce or cross-entropy after its paired activation (see :func:`terms_from_scores`)."""
    rnd = rnd or _keep
    yhat = np.asarray(yhat, dtype=float)
    parts = terms_from_scores(name, z, y, rnd) if z is not None else terms(name, yhat, y, rnd)
    return float(rnd(factor(name, yhat) * rnd(np.sum(parts))))


def slope(name: str, yhat, y) -> np.ndarray:
    """dL/d(yhat) in floats."""
    yhat, y = np.asarray(yhat, dtype=float), np.asarray(y, dtype=float)
    scale = factor(name, yhat)
    if loss(name).squared:
        return 2 * scale * (yhat - y)
    if name == "bce":
        return scale * (yhat - y) / (yhat * (1 - yhat))
    return -scale * y / yhat


def exact_terms(name: str, pairs, rows) -> list:
    """The exact terms (sympy) of loss ``name``: ``pairs`` lists (yhat, y) of every entry, row by
    row; ``rows`` lists the (yhat row, y row) pairs, which cross-entropy adds up."""
    sp = _sympy()
    if loss(name).squared:
        return [(p - t) ** 2 for p, t in pairs]
    if name == "bce":
        return [-(t * sp.log(p) + (1 - t) * sp.log(1 - p)) for p, t in pairs]
    return [-sum((t * sp.log(p) for p, t in zip(prow, trow) if t != 0), sp.Integer(0)) for prow, trow in rows]


def exact_terms_from_scores(name: str, z_row: list, y_row: list, lib) -> list:
    """The terms of one row from its scores, in ``lib`` (sympy for closed forms, mpmath for decimals):
    bce ``y log(1 + e^-z) + (1 - y) log(1 + e^z)`` per entry, cross-entropy
    ``y_k log(sum_j e^(z_j - z_k))`` per class."""
    if name == "bce":
        return [y * lib.log(1 + lib.exp(-v)) + (1 - y) * lib.log(1 + lib.exp(v)) for v, y in zip(z_row, y_row)]
    if name == "cross_entropy":
        return [y * lib.log(_total(lib, [lib.exp(other - v) for other in z_row])) for v, y in zip(z_row, y_row)]
    raise ValueError(f"{name} is not computed from scores")


def exact_slope(name: str, yhat, y, scale):
    """dL/d(yhat) of one exact entry, given the loss's averaging factor ``scale``."""
    if loss(name).squared:
        return 2 * scale * (yhat - y)
    if name == "bce":
        return scale * (yhat - y) / (yhat * (1 - yhat))
    return -scale * y / yhat
