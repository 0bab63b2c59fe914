"""A small reverse-mode automatic differentiation engine over exact sympy matrices.

One class, :class:`Tensor`, in the spirit of micrograd but with a matrix per node: each
operation (a dense layer ``z = a W + b``, an activation, a loss) makes a new tensor and keeps a
rule that turns the gradient of its output into the gradients of its inputs. Every use of such a
rule is one application of the chain rule, and the engine writes it down as a worked step, so the
derivation of any network is produced by the same few rules, never by formulas per architecture.

Values stay exact (rationals and short closed forms); long transcendental forms are replaced by
60-digit decimals after every operation (:func:`solvers.exact.settle`), which keeps the engine
fast while every printed digit stays correct.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from . import elementwise, exact, latex
from .solution import Step

#: An expression with more nodes than this cannot print within the closed-form limit: it is
#: turned into its decimal at once, without printing it first (printing dominates the cost).
MAX_CLOSED_FORM_NODES = 16

#: Output activation and loss pairs whose combined derivative simplifies to (yhat - y) / N.
FUSED = {("softmax", "cross_entropy"), ("sigmoid", "bce")}


@dataclass(frozen=True)
class Record:
    """A worked step and the phase it belongs to."""

    phase: str
    step: Step


class Tape:
    """The steps recorded while a network is evaluated and differentiated."""

    def __init__(self):
        self.records: list[Record] = []

    def add(self, phase: str, title: str, tex: str, text: str = "") -> None:
        self.records.append(Record(phase, Step(title, tex, text)))

    def steps(self, *phases: str) -> list[Step]:
        """The steps of the given phases, phase by phase, each in the order it was recorded."""
        return [r.step for phase in phases for r in self.records if r.phase == phase]


class Tensor:
    """A matrix in the computation, its gradient dL/d(value), and how to pass the gradient back.

    ``symbol`` is the LaTeX name of the value (``z^{(1)}``); ``grad_symbol`` the name of its
    gradient (``\\delta^{(1)}`` for a pre-activation, as in the seed lab). ``needs_grad`` is
    False for data (``X``, ``y``) so no step is spent on their gradients.
    """

    def __init__(self, value: sp.Matrix, symbol: str, tape: Tape, parents=(), needs_grad=True, grad_symbol=None):
        self.value = settle_matrix(value)
        self.symbol = symbol
        self.grad_symbol = grad_symbol or rf"\frac{{\partial L}}{{\partial {symbol}}}"
        self.tape = tape
        self.parents = tuple(parents)
        self.needs_grad = needs_grad or any(p.needs_grad for p in self.parents)
        self.grad: sp.Matrix | None = None
        self.feeds_loss = False
        self._rule = None

    # ----- operations -------------------------------------------------------------------
    def dense(self, W: "Tensor", b: "Tensor", layer: int) -> "Tensor":
        """``z = self @ W + b`` (b, a 1 x q row, added to every row)."""
        n = self.value.rows
        ones = sp.ones(n, 1)
        product = self.value * W.value
        z = Tensor(product + ones * b.value, f"z^{{({layer})}}", self.tape, (self, W, b),
                   grad_symbol=rf"\delta^{{({layer})}}")
        self.tape.add(
            "forward", f"Layer {layer}: pre-activation",
            rf"z^{{({layer})}} = {self.symbol} {W.symbol} + {b.symbol} = {latex.nested(self.value)}"
            rf" {latex.nested(W.value)} + {latex.nested(b.value)} = {latex.nested(z.value)}",
        )

        def rule():
            delta = z.grad
            if W.needs_grad:
                W.accumulate(self.value.T * delta)
                self.tape.add(
                    "gradient", f"Gradient of ${W.symbol}$",
                    rf"\frac{{\partial L}}{{\partial {W.symbol}}} = ({self.symbol})^\top {z.grad_symbol}"
                    rf" = {latex.nested(self.value.T)} {latex.nested(delta)} = {latex.nested(W.grad)}",
                    f"Entry $(i, j)$ adds up, over the rows, input $i$ of layer {layer} times the delta of its unit $j$.",
                )
            if b.needs_grad:
                b.accumulate(ones.T * delta)
                self.tape.add(
                    "gradient", f"Gradient of ${b.symbol}$",
                    rf"\frac{{\partial L}}{{\partial {b.symbol}}} = \sum_{{\text{{rows}}}} {z.grad_symbol}"
                    rf" = {latex.nested(b.grad)}",
                    "Each bias gets the column sum of its unit's deltas (the loss already holds any $1/n$).",
                )
            if self.needs_grad:
                self.accumulate(delta * W.value.T)
                self.tape.add(
                    "delta", f"Send the deltas of layer {layer} back",
                    rf"{self.grad_symbol} = {z.grad_symbol} ({W.symbol})^\top = {latex.nested(delta)}"
                    rf" {latex.nested(W.value.T)} = {latex.nested(self.grad)}",
                    f"Entry i of a row adds up, over the units l of layer {layer}, their delta times the weight from i to l.",
                )

        z._rule = rule
        return z

    def activate(self, name: str, layer: int, alpha=None) -> "Tensor":
        """``a = phi(z)`` entry by entry, or softmax over each row."""
        if name == "softmax":
            rows = [elementwise.exact_softmax(self.value.row(i)) for i in range(self.value.rows)]
            value = sp.Matrix(rows)
        else:
            value = self.value.applyfunc(lambda entry: elementwise.exact_phi(name, entry, alpha))
        a = Tensor(value, f"a^{{({layer})}}", self.tape, (self,))
        a.activation, a.alpha, a.layer = name, alpha, layer
        self.tape.add(
            "forward", f"Layer {layer}: activation ({name.replace('_', ' ')})",
            rf"a^{{({layer})}} = {_phi_tex(name)}({self.symbol}) = {latex.nested(a.value)}",
        )

        def rule():
            g = a.grad
            if name == "softmax":
                s = a.value
                weighted = g.multiply_elementwise(s) * sp.ones(s.cols, 1)
                local = sp.Matrix(s.rows, s.cols, lambda i, j: s[i, j] * (g[i, j] - weighted[i, 0]))
                self.accumulate(local)
                formula = rf"a^{{({layer})}} \odot \Big(g - \textstyle\sum_j g_j a_j^{{({layer})}}\Big)"
                self.tape.add(
                    "delta", f"Delta of layer {layer} (through softmax)",
                    rf"{self.grad_symbol} = {formula} = {latex.nested(self.grad)},\quad g = {a.grad_symbol}",
                    "Softmax mixes the units of a row, so each row uses its Jacobian.",
                )
                return
            slope = self.value.applyfunc(lambda entry: decimal(elementwise.exact_dphi(name, entry, alpha)))
            self.accumulate(g.multiply_elementwise(slope))
            if a.feeds_loss:
                incoming = r"\frac{\partial L}{\partial \hat y_i}"
                words = r"the slope of the loss at the output times $\phi'$ at $z$"
            else:
                incoming = rf"\Big(\sum_l \delta^{{({layer + 1})}}_l w^{{({layer + 1})}}_{{il}}\Big)"
                words = (f"the deltas of layer {layer + 1}, weighted by the weights that leave unit $i$, summed, "
                         r"times $\phi'$ at $z$")
            self.tape.add(
                "delta", f"Delta of layer {layer}",
                rf"\delta^{{({layer})}}_i = {incoming}\, {_phi_tex(name)}'(z^{{({layer})}}_i):\quad "
                rf"{self.grad_symbol} = {a.grad_symbol} \odot {_phi_tex(name)}'({self.symbol}) = {latex.nested(g)}"
                rf" \odot {latex.nested(slope)} = {latex.nested(self.grad)}",
                f"The delta of a unit is {words}, with {_derivative_words(name)}."
                + (f" An entry of $z$ is $0$: {elementwise.KINK_RULE}."
                   if name in elementwise.KINKED and any(entry == 0 for entry in self.value) else ""),
            )

        a._rule = rule
        return a

    def loss(self, y: sp.Matrix, name: str) -> "Tensor":
        """The scalar loss of predictions ``self`` against targets ``y`` (contract's definitions)."""
        yhat = self.value
        count = yhat.rows * yhat.cols
        n = yhat.rows
        terms = loss_terms(name, yhat, y)
        scale = {"mse": sp.Rational(1, count), "sse": sp.Integer(1), "half_sse": sp.Rational(1, 2),
                 "bce": sp.Rational(1, count), "cross_entropy": sp.Rational(1, n)}[name]
        total = settle(scale * sum(terms, sp.Integer(0)))
        L = Tensor(sp.Matrix([[total]]), "L", self.tape, (self,))
        self.tape.add("loss", f"Loss ({name.replace('_', ' ')})",
                      rf"L = {LOSS_TEX[name]} = {latex.number(total)}")
        self.feeds_loss = True
        source = getattr(self, "activation", None)
        fused = (source, name) in FUSED

        def rule():
            if fused:
                z = self.parents[0]
                z.accumulate((yhat - y) * scale)
                self.tape.add(
                    "delta", f"Delta of the output layer ({source} with {name.replace('_', ' ')})",
                    rf"{z.grad_symbol} = {latex.number(scale)}\,(\hat y - y) = {latex.number(scale)}"
                    rf"\left({latex.nested(yhat)} - {latex.nested(y)}\right) = {latex.nested(z.grad)}",
                    f"For {source} followed by {name.replace('_', ' ')} the derivative of the loss and that "
                    "of the activation cancel to $(\\hat y - y)$ times the loss's averaging factor: "
                    "do not multiply by $\\phi'$ again.",
                )
                return
            self.accumulate(loss_gradient(name, yhat, y, scale))
            self.tape.add(
                "delta", "Derivative of the loss with respect to the output",
                rf"{self.grad_symbol} = {LOSS_GRAD_TEX[name]} = {latex.nested(self.grad)}",
            )

        L._rule = rule
        return L

    # ----- backward ---------------------------------------------------------------------
    def accumulate(self, value: sp.Matrix) -> None:
        value = settle_matrix(value)
        self.grad = value if self.grad is None else settle_matrix(self.grad + value)

    def backward(self) -> None:
        """dL/d(every tensor that needs it), each rule applied once, from the loss back."""
        order, seen = [], set()

        def visit(node):
            if id(node) in seen:
                return
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)

        visit(self)
        self.grad = sp.Matrix([[1]])
        for node in reversed(order):
            fused_skip = node._rule is None or node.grad is None or not node.needs_grad
            if not fused_skip:
                node._rule()


def settle(value):
    """:func:`exact.settle`, skipping the printing for expressions that are plainly too long."""
    if value.is_Rational or value.is_Float:
        return value
    if sum(1 for _ in sp.preorder_traversal(value)) > MAX_CLOSED_FORM_NODES:
        return sp.Float(value.evalf(exact.PRECISION), exact.PRECISION)
    return exact.settle(value)


def decimal(value):
    """A rational as it is, anything else as its 60-digit decimal (for intermediate factors only)."""
    if value.is_Rational or value.is_Float:
        return value
    return sp.Float(value.evalf(exact.PRECISION), exact.PRECISION)


def settle_matrix(values: sp.Matrix) -> sp.Matrix:
    """:func:`settle` on every entry."""
    return values.applyfunc(settle)


def constant(value: sp.Matrix, symbol: str, tape: Tape) -> Tensor:
    """Data: a tensor whose gradient is never needed."""
    return Tensor(value, symbol, tape, needs_grad=False)


def parameter(value: sp.Matrix, symbol: str, tape: Tape) -> Tensor:
    """A weight or bias: its gradient is wanted."""
    return Tensor(value, symbol, tape)


def loss_terms(name: str, yhat: sp.Matrix, y: sp.Matrix) -> list:
    """The terms each loss adds up, entry by entry (row by row for cross-entropy)."""
    entries = [(yhat[i, j], y[i, j]) for i in range(yhat.rows) for j in range(yhat.cols)]
    if name in ("mse", "sse", "half_sse"):
        return [settle((p - t) ** 2) for p, t in entries]
    if name == "bce":
        return [settle(-(t * sp.log(p) + (1 - t) * sp.log(1 - p))) for p, t in entries]
    if name == "cross_entropy":
        return [settle(-sum((y[i, j] * sp.log(yhat[i, j]) for j in range(y.cols) if y[i, j] != 0), sp.Integer(0)))
                for i in range(y.rows)]
    raise ValueError(f"unknown loss {name!r}")


def loss_gradient(name: str, yhat: sp.Matrix, y: sp.Matrix, scale) -> sp.Matrix:
    """dL/d(yhat) entry by entry."""
    if name in ("mse", "sse", "half_sse"):
        return (yhat - y) * (2 * scale)
    if name == "bce":
        return sp.Matrix(yhat.rows, yhat.cols, lambda i, j: scale * (yhat[i, j] - y[i, j]) / (yhat[i, j] * (1 - yhat[i, j])))
    if name == "cross_entropy":
        return sp.Matrix(yhat.rows, yhat.cols, lambda i, j: -scale * y[i, j] / yhat[i, j])
    raise ValueError(f"unknown loss {name!r}")


LOSS_TEX = {
    "mse": r"\frac{1}{N}\sum (\hat y - y)^2",
    "sse": r"\sum (\hat y - y)^2",
    "half_sse": r"\frac12\sum (\hat y - y)^2",
    "bce": r"-\frac{1}{N}\sum \big(y \log \hat y + (1 - y)\log(1 - \hat y)\big)",
    "cross_entropy": r"-\frac{1}{n}\sum_i \sum_k y_{ik} \log \hat y_{ik}",
}
LOSS_GRAD_TEX = {
    "mse": r"\frac{2}{N}(\hat y - y)",
    "sse": r"2(\hat y - y)",
    "half_sse": r"\hat y - y",
    "bce": r"\frac{1}{N}\,\frac{\hat y - y}{\hat y (1 - \hat y)}",
    "cross_entropy": r"-\frac{1}{n}\,\frac{y}{\hat y}",
}


def _phi_tex(name: str) -> str:
    return {"identity": r"\mathrm{id}", "sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}",
            "leaky_relu": r"\mathrm{LReLU}", "softmax": r"\mathrm{softmax}", "exp": r"\exp",
            "sign": r"\mathrm{sign}"}[name]


def _derivative_words(name: str) -> str:
    return {
        "identity": r"$\phi'(z) = 1$",
        "sigmoid": r"$\sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big)$",
        "tanh": r"$\tanh'(z) = 1 - \tanh^2(z)$",
        "relu": r"$\operatorname{ReLU}'(z) = 1$ for $z > 0$, else $0$ (at $z = 0$ too)",
        "leaky_relu": r"$\phi'(z) = 1$ for $z > 0$, else $\alpha$ (at $z = 0$ too)",
        "exp": r"$\exp'(z) = \exp(z)$",
        "sign": r"$\operatorname{sign}'(z) = 0$ (the sign function is flat wherever it is differentiable)",
    }[name]
