"""A function of x given as text, read without sympy: as a NumPy polynomial, or by dual numbers.

The NumPy twin of ``gd_univariate`` needs f'(x) and the stationary points of ``f`` in float64
and must not load sympy. The text is parsed by Python's ``ast`` (never evaluated), every node is
checked by the same whitelist as every expression nngrade reads (:mod:`nngrade.core.expression`) (numbers, ``x``, ``e``,
``pi``, + - * / ** and exp, log, sqrt, sin, cos, tan, tanh), and the tree is walked over one of
two number systems: NumPy ``Polynomial`` objects (which give the coefficients when ``f`` is a
polynomial) or forward-mode dual numbers (which give f'(x) for any whitelisted ``f``).
"""
from __future__ import annotations

import ast
import math

import numpy as np
from numpy.polynomial import Polynomial

from nngrade.core.expression import ARITHMETIC

#: Largest exponent accepted in ``x**n``, as in the grader's expression reader.
MAX_POWER = 50

_CONSTANTS = {"e": math.e, "E": math.e, "pi": math.pi}


class FunctionTextError(ValueError):
    """Text that is not a whitelisted function of x."""


class NotPolynomial(FunctionTextError):
    """The function is readable but is not a polynomial in x."""


class Dual:
    """A value and its derivative with respect to x; arithmetic applies the rules of calculus."""

    def __init__(self, value, slope):
        self.value, self.slope = value, slope

    def __add__(self, other):
        other = _dual(other)
        return Dual(self.value + other.value, self.slope + other.slope)

    __radd__ = __add__

    def __neg__(self):
        return Dual(-self.value, -self.slope)

    def __pos__(self):
        return self

    def __sub__(self, other):
        return self + (-_dual(other))

    def __rsub__(self, other):
        return _dual(other) + (-self)

    def __mul__(self, other):
        other = _dual(other)
        return Dual(self.value * other.value, self.slope * other.value + self.value * other.slope)

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = _dual(other)
        return Dual(self.value / other.value,
                    (self.slope * other.value - self.value * other.slope) / (other.value * other.value))

    def __rtruediv__(self, other):
        return _dual(other) / self

    def __pow__(self, exponent):
        if isinstance(exponent, Dual):
            raise FunctionTextError("only number powers are allowed")
        if exponent == 0:
            return Dual(self.value**0, 0.0 * self.slope)
        return Dual(self.value**exponent, exponent * self.value ** (exponent - 1) * self.slope)


def _dual(value) -> Dual:
    return value if isinstance(value, Dual) else Dual(value, 0.0)


def _chain(outer, derivative):
    """A whitelisted function that also works on duals: value outer(v), slope outer'(v) * v'."""

    def apply(arg):
        if isinstance(arg, Dual):
            return Dual(outer(arg.value), derivative(arg.value) * arg.slope)
        if isinstance(arg, Polynomial):
            raise NotPolynomial("the function is not a polynomial")
        return outer(arg)

    return apply


_FUNCTIONS = {
    "exp": _chain(np.exp, np.exp),
    "log": _chain(np.log, lambda v: 1.0 / v),
    "sqrt": _chain(np.sqrt, lambda v: 0.5 / np.sqrt(v)),
    "sin": _chain(np.sin, np.cos),
    "cos": _chain(np.cos, lambda v: -np.sin(v)),
    "tan": _chain(np.tan, lambda v: 1.0 / np.cos(v) ** 2),
    "tanh": _chain(np.tanh, lambda v: 1.0 - np.tanh(v) ** 2),
}


def read(text: str) -> ast.expr:
    """The checked syntax tree of ``text``; raises :class:`FunctionTextError`."""
    from nngrade.core.expression import ExpressionError, checked_tree

    if type(text) is not str or not text.strip():
        raise FunctionTextError("expected f as text, for example \"3*x**2 - 4*x + 5\"")
    try:
        tree = checked_tree(text, ("x",)).body
    except ExpressionError as error:
        raise FunctionTextError(str(error)) from None
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and not _is_small_number(node.right):
            raise FunctionTextError(f"only number powers up to {MAX_POWER} are allowed")
    try:
        with np.errstate(all="ignore"):
            _walk(tree, Dual(np.float64(0.5), np.float64(1.0)))
    except (OverflowError, ZeroDivisionError):
        raise FunctionTextError("a number in f is too large, or f divides by zero") from None
    return tree


def _is_small_number(node) -> bool:
    """An exponent made of numbers only (``2``, ``-1``, ``1/2``) of size at most ``MAX_POWER``."""
    if any(isinstance(part, (ast.Name, ast.Call)) for part in ast.walk(node)):
        return False
    try:
        value = _walk(node, None)
    except (ArithmeticError, ValueError, TypeError):
        return False
    return isinstance(value, (int, float)) and abs(value) <= MAX_POWER


def _walk(node, x):
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return x if node.id == "x" else _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _walk(node.operand, x)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        return _FUNCTIONS[node.func.id](_walk(node.args[0], x))
    left, right = _walk(node.left, x), _walk(node.right, x)
    if isinstance(node.op, ast.Div) and isinstance(right, Polynomial):
        raise NotPolynomial("the function divides by x")
    if type(node.op) in ARITHMETIC:
        return ARITHMETIC[type(node.op)](left, right)
    if isinstance(left, Polynomial):
        if right != int(right) or right < 0:
            raise NotPolynomial("the function has a power of x that is not a whole number")
        return left ** int(right)
    return left**right


def polynomial(text: str) -> Polynomial:
    """``f`` as a NumPy polynomial; raises :class:`NotPolynomial` when it is not one."""
    result = _walk(read(text), Polynomial([0.0, 1.0]))
    if isinstance(result, Polynomial):
        return result
    return Polynomial([float(result)])


def slope(text: str):
    """f' as a function of x (a float or an array), by forward-mode differentiation; reads ``text`` once."""
    tree = read(text)

    def at(x):
        result = _walk(tree, Dual(x, np.ones_like(x, dtype=float)))
        return result.slope if isinstance(result, Dual) else 0.0 * np.asarray(x, dtype=float)

    return at

def derivative_text(text: str) -> str:
    """f'(x) as text, by the rules of differentiation applied to the syntax tree (unsimplified)."""
    return ast.unparse(_differentiate(read(text)))


def _number(value) -> ast.expr:
    return ast.Constant(value)


def _call(name: str, arg: ast.expr) -> ast.expr:
    return ast.Call(ast.Name(name, ast.Load()), [arg], [])


def _binary(left: ast.expr, op: ast.operator, right: ast.expr) -> ast.expr:
    return ast.BinOp(left, op, right)


#: d/du of each whitelisted function, as a tree in u.
_FUNCTION_DERIVATIVES = {
    "exp": lambda u: _call("exp", u),
    "log": lambda u: _binary(_number(1), ast.Div(), u),
    "sqrt": lambda u: _binary(_number(1), ast.Div(), _binary(_number(2), ast.Mult(), _call("sqrt", u))),
    "sin": lambda u: _call("cos", u),
    "cos": lambda u: ast.UnaryOp(ast.USub(), _call("sin", u)),
    "tan": lambda u: _binary(_number(1), ast.Div(), _binary(_call("cos", u), ast.Pow(), _number(2))),
    "tanh": lambda u: _binary(_number(1), ast.Sub(), _binary(_call("tanh", u), ast.Pow(), _number(2))),
}


def _differentiate(node) -> ast.expr:
    if isinstance(node, ast.Constant) or (isinstance(node, ast.Name) and node.id != "x"):
        return _number(0)
    if isinstance(node, ast.Name):
        return _number(1)
    if isinstance(node, ast.UnaryOp):
        return ast.UnaryOp(node.op, _differentiate(node.operand))
    if isinstance(node, ast.Call):
        inner = node.args[0]
        return _binary(_FUNCTION_DERIVATIVES[node.func.id](inner), ast.Mult(), _differentiate(inner))
    u, v, op = node.left, node.right, node.op
    du, dv = _differentiate(u), _differentiate(v)
    if isinstance(op, (ast.Add, ast.Sub)):
        return _binary(du, op, dv)
    if isinstance(op, ast.Mult):
        return _binary(_binary(du, ast.Mult(), v), ast.Add(), _binary(u, ast.Mult(), dv))
    if isinstance(op, ast.Div):
        numerator = _binary(_binary(du, ast.Mult(), v), ast.Sub(), _binary(u, ast.Mult(), dv))
        return _binary(numerator, ast.Div(), _binary(v, ast.Pow(), _number(2)))
    lowered = _binary(v, ast.Sub(), _number(1))
    return _binary(_binary(v, ast.Mult(), _binary(u, ast.Pow(), lowered)), ast.Mult(), du)
