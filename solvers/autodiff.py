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

from nngrade.core import maths

from . import exact, latex
from .solution import Step

#: An expression with more nodes than this cannot print within the closed-form limit: it is
#: turned into its decimal at once, without printing it first (printing dominates the cost).
MAX_CLOSED_FORM_NODES = 16

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
    False for data (``X``, ``y``) so no step is spent on their gradients. ``activation`` names the
    function that made the value (an activation's output), so a loss can tell when it and the
    activation cancel (:data:`maths.FUSED`).
    """

    def __init__(self, value: sp.Matrix, symbol: str, tape: Tape, parents=(), needs_grad=True, grad_symbol=None,
                 activation: str | None = None):
        self.value = settle_matrix(value)
        self.symbol = symbol
        self.grad_symbol = grad_symbol or rf"\frac{{\partial L}}{{\partial {symbol}}}"
        self.tape = tape
        self.parents = tuple(parents)
        self.needs_grad = needs_grad or any(p.needs_grad for p in self.parents)
        self.grad: sp.Matrix | None = None
        self.activation = activation
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
                    rf" = {latex.product(latex.nested(self.value.T), latex.nested(delta))} = {latex.nested(W.grad)}",
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
                    f"Entry $i$ of a row adds up, over the units $l$ of layer {layer}, their delta times the weight from $i$ to $l$.",
                )

        z._rule = rule
        return z

    def activate(self, name: str, layer: int, alpha=None) -> "Tensor":
        """``a = phi(z)`` entry by entry, or softmax over each row."""
        if name == "softmax":
            rows = [maths.exact_softmax(self.value.row(i)) for i in range(self.value.rows)]
            value = sp.Matrix(rows)
        else:
            value = self.value.applyfunc(lambda entry: maths.exact_phi(name, entry, alpha))
        a = Tensor(value, f"a^{{({layer})}}", self.tape, (self,), activation=name)
        self.tape.add(
            "forward", f"Layer {layer}: activation ({maths.ACTIVATIONS[name].words})",
            rf"a^{{({layer})}} = {maths.ACTIVATIONS[name].symbol}({self.symbol}) = {latex.nested(a.value)}",
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
            slope = self.value.applyfunc(lambda entry: decimal(maths.exact_dphi(name, entry, alpha)))
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
                rf"\delta^{{({layer})}}_i = {incoming}\, {maths.ACTIVATIONS[name].symbol}'(z^{{({layer})}}_i):\quad "
                rf"{self.grad_symbol} = {a.grad_symbol} \odot {maths.ACTIVATIONS[name].symbol}'({self.symbol}) = {latex.nested(g)}"
                rf" \odot {latex.nested(slope)} = {latex.nested(self.grad)}",
                f"The delta of a unit is {words}, with {maths.ACTIVATIONS[name].derivative_words}."
                + (f" An entry of $z$ is $0$: {maths.KINK_RULE}."
                   if name in maths.KINKED and any(entry == 0 for entry in self.value) else ""),
            )

        a._rule = rule
        return a

    def loss(self, y: sp.Matrix, name: str) -> "Tensor":
        """The scalar loss of predictions ``self`` against targets ``y`` (contract's definitions)."""
        yhat = self.value
        count = yhat.rows * yhat.cols
        n = yhat.rows
        terms = loss_terms(name, yhat, y)
        scale = sp.Rational(maths.loss(name).factor(n, count))
        total = settle(scale * sum(terms, sp.Integer(0)))
        L = Tensor(sp.Matrix([[total]]), "L", self.tape, (self,))
        self.tape.add("loss", f"Loss ({maths.LOSSES[name].title})",
                      rf"L = {maths.LOSSES[name].tex} = {latex.number(total)}")
        self.feeds_loss = True
        source = self.activation
        fused = (source, name) in maths.FUSED

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
                rf"{self.grad_symbol} = {maths.LOSSES[name].gradient_tex} = {latex.nested(self.grad)}",
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
            # a node has no rule to apply when it is data, when nothing flowed back into it, or when
            # the loss skipped it (a fused output activation: the loss sends its gradient to z directly)
            reached = node._rule is not None and node.grad is not None and node.needs_grad
            if reached:
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
    """The terms each loss adds up, entry by entry (row by row for cross-entropy), settled."""
    pairs = [(yhat[i, j], y[i, j]) for i in range(yhat.rows) for j in range(yhat.cols)]
    rows = [(list(yhat.row(i)), list(y.row(i))) for i in range(y.rows)]
    return [settle(term) for term in maths.exact_terms(name, pairs, rows)]


def loss_gradient(name: str, yhat: sp.Matrix, y: sp.Matrix, scale) -> sp.Matrix:
    """dL/d(yhat) entry by entry."""
    return sp.Matrix(yhat.rows, yhat.cols, lambda i, j: maths.exact_slope(name, yhat[i, j], y[i, j], scale))
