"""Expressions as text (a student's ``6*x - 4``, a problem's ``f``): read without evaluating
Python, compared symbolically. It lives in the bottom layer because problems (``gd_univariate``'s
``f``), solvers and the grader all read such text through this one whitelist.

sympy's ``sympify`` and ``parse_expr`` run ``eval`` on their input, so a student's text never
reaches them. The text is parsed by Python's ``ast`` into a tree and every node is checked
against a short whitelist (numbers, the exercise's variables, + - * / ** and a few named
functions) before sympy is even imported; the sympy expression is then built from that tree by
hand. Powers and a bound on the polynomial degree are capped, so that no short text can grow
into a huge polynomial (``((x + 1)**50 + 1)**50``).

Equivalence is decided on the common real domain by bounded symbolic work and interval
arithmetic at random and structural points (:mod:`nngrade.core.equivalence`). A closed form
without variables is valued exactly, as a Fraction, when it is made of numbers and + - * / and
whole powers (``"100.4-80.0"`` is 102/5, not the float sum), and in floats otherwise.
"""
from __future__ import annotations

import ast
import math
import operator
from fractions import Fraction

#: The four arithmetic operators of the whitelist, shared by every walk over an answer's tree
#: (exact, float and the dual numbers of solvers/function_text); powers need each walk's own care.
ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}

#: Longest expression text read.
MAX_LENGTH = 300
#: Deepest expression tree read.
MAX_DEPTH = 40
#: Largest integer exponent allowed in ``x**n`` (keeps expansion cheap).
MAX_POWER = 50
#: Largest number, in bits, that a power of numbers may build (``(10**50)**50`` would have 8,300).
MAX_NUMBER_BITS = 2_000
#: Largest polynomial degree an expression may reach (hand-worked derivatives are far below).
MAX_DEGREE = 60

_FUNCTIONS = ("exp", "log", "sqrt", "sin", "cos", "tan", "tanh")
_CONSTANTS = ("e", "E", "pi")  # E: sympy's spelling, in the solutions' exact strings
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


class ExpressionError(ValueError):
    """Text that is not a readable expression; the message is for the student."""


def parse(text: str, variables: tuple[str, ...] = ("x",)):
    """A sympy expression from ``text`` using only ``variables`` and whitelisted functions."""
    tree = checked_tree(text, tuple(variables))
    import sympy as sp

    symbols = {name: sp.Symbol(name, real=True) for name in variables}
    functions = {name: getattr(sp, name) for name in _FUNCTIONS}
    constants = {"e": sp.E, "E": sp.E, "pi": sp.pi}
    return _build(tree.body, symbols, functions, constants)


def checked_tree(text, variables: tuple[str, ...]) -> ast.Expression:
    """The syntax tree of ``text``, every node of it whitelisted (no sympy needed)."""
    if type(text) is not str:
        raise ExpressionError("expected the expression as text, for example \"6*x - 4\"")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("the expression is too long")
    source = text.replace("^", "**").strip()
    if not source:
        raise ExpressionError("the expression is empty")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ExpressionError(
            f"{text.strip()[:40]!r} is not a readable expression (write products with *, as in 6*x)"
        ) from None
    _check(tree.body, variables, 0)
    return tree


def exact_constant(text: str) -> Fraction | None:
    """The exact value of a closed form made of numbers, + - * / and whole powers
    (``"100.4-80.0"`` is exactly 102/5: each decimal is read as written, never through a float),
    or None when it uses a function or a constant (``exp(1)``, ``pi``), whose value is not a
    Fraction. Powers are capped as in :func:`parse`, so no short text builds a huge number."""
    tree = checked_tree(text, ())
    if any(isinstance(node, (ast.Call, ast.Name)) for node in ast.walk(tree)):
        return None
    try:
        return _exact(tree.body)
    except ZeroDivisionError:
        raise ExpressionError(f"{text.strip()[:30]!r} divides by zero") from None


def _exact(node) -> Fraction | None:
    if isinstance(node, ast.Constant):
        if type(node.value) is float and not math.isfinite(node.value):
            raise ExpressionError("a number in the expression is too large")
        return Fraction(repr(node.value)) if type(node.value) is float else Fraction(node.value)
    if isinstance(node, ast.UnaryOp):
        operand = _exact(node.operand)
        return None if operand is None else (-operand if isinstance(node.op, ast.USub) else operand)
    left, right = _exact(node.left), _exact(node.right)
    if left is None or right is None:
        return None
    if type(node.op) in ARITHMETIC:
        return ARITHMETIC[type(node.op)](left, right)
    if right.denominator != 1 or abs(right) > MAX_POWER:
        return None  # a root (4**(1/2)) or a huge power: valued in floats
    bits = max(left.numerator.bit_length(), left.denominator.bit_length())
    if bits * abs(right) > MAX_NUMBER_BITS:
        raise ExpressionError("a number in the expression is too large")
    return left ** int(right)


def constant(text: str) -> float:
    """The value of a closed form without variables (``"1/(1 + exp(-1))"``), in floats.

    A rational closed form is valued exactly first (:func:`exact_constant`) and rounded once.
    Any other is evaluated with :mod:`math`, not sympy: a float is all a tolerance needs, and
    float arithmetic cannot be made to run for long (``exp(exp(exp(9)))`` overflows at once
    where arbitrary precision would grind).
    """
    exact = exact_constant(text)
    try:
        value = float(exact) if exact is not None else _evaluate(checked_tree(text, ()).body)
    except (ArithmeticError, ValueError):
        raise ExpressionError(f"{text.strip()[:30]!r} has no finite real value") from None
    if not math.isfinite(value):
        raise ExpressionError(f"{text.strip()[:30]!r} has no finite real value")
    return value


def float_value(text: str, values: dict[str, float], variables: tuple[str, ...] = ("x",)) -> float:
    """``text`` at ``values`` in floats, NaN where it has no finite real value. No sympy is
    involved, so no text can make it slow: follow-through evaluates a student's expression so."""
    tree = checked_tree(text, tuple(variables))
    try:
        value = _evaluate(tree.body, values)
    except (ArithmeticError, ValueError):
        return math.nan
    return value if math.isfinite(value) else math.nan


def _evaluate(node, values=None) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        if values and node.id in values:
            return float(values[node.id])
        return math.pi if node.id == "pi" else math.e
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        return float(getattr(math, node.func.id)(_evaluate(node.args[0], values)))
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)
    if type(node.op) in ARITHMETIC:
        return ARITHMETIC[type(node.op)](left, right)
    if abs(right) > MAX_POWER:
        raise ValueError("power too large")
    result = left**right
    if type(result) is complex:
        raise ValueError("complex power")
    return result


def _check(node, variables, depth) -> None:
    if depth > MAX_DEPTH:
        raise ExpressionError("the expression is nested too deeply")
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if type(node.value) is int and abs(node.value) > 10**30:
            raise ExpressionError("a number in the expression is too large")
        return
    if isinstance(node, ast.Name):
        if node.id not in variables and node.id not in _CONSTANTS:
            raise ExpressionError(f"unknown name {node.id[:20]!r} (the variable is {', '.join(variables)})")
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        _check(node.operand, variables, depth + 1)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, _OPERATORS):
        _check(node.left, variables, depth + 1)
        _check(node.right, variables, depth + 1)
        return
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and len(node.args) == 1
        and not node.keywords
    ):
        _check(node.args[0], variables, depth + 1)
        return
    raise ExpressionError("the expression may use only numbers, the variable, + - * / ^ and exp, log, sqrt")


def _build(node, symbols, functions, constants):
    """The sympy expression of a checked tree, refused when its degree could exceed ``MAX_DEGREE``."""
    value, degree = _built(node, symbols, functions, constants)
    return value


def _built(node, symbols, functions, constants):
    """``(expression, bound on its polynomial degree)``; the bound keeps expansion cheap:
    ``((x + 1)**50 + 1)**50`` has short text but degree 2,500."""
    import sympy as sp

    build = lambda child: _built(child, symbols, functions, constants)  # noqa: E731
    if isinstance(node, ast.Constant):
        return (sp.Rational(repr(node.value)) if type(node.value) is float else sp.Integer(node.value)), 0
    if isinstance(node, ast.Name):
        return (symbols[node.id], 1) if node.id in symbols else (constants[node.id], 0)
    if isinstance(node, ast.UnaryOp):
        operand, degree = build(node.operand)
        return (-operand if isinstance(node.op, ast.USub) else operand), degree
    if isinstance(node, ast.Call):
        argument, degree = build(node.args[0])
        value = functions[node.func.id](argument)
        if not value.free_symbols:
            _check_constant(value)
        return value, max(degree, 1)
    (left, left_degree), (right, right_degree) = build(node.left), build(node.right)
    if isinstance(node.op, (ast.Add, ast.Sub)):
        return (left + right if isinstance(node.op, ast.Add) else left - right), max(left_degree, right_degree)
    if isinstance(node.op, ast.Mult):
        return left * right, _capped_degree(left_degree + right_degree)
    if isinstance(node.op, ast.Div):
        if right == 0:
            raise ExpressionError("the expression divides by zero")
        return left / right, _capped_degree(left_degree + right_degree)
    if not (right.is_Number and abs(right) <= MAX_POWER):
        raise ExpressionError(f"only number powers up to {MAX_POWER} are allowed")
    if left.is_Rational and _bits(left) * math.ceil(abs(float(right))) > MAX_NUMBER_BITS:
        raise ExpressionError("a number in the expression is too large")
    return left**right, _capped_degree(left_degree * math.ceil(abs(float(right))))


#: Working precision, in bits, at which a function of a constant must have a finite enclosure.
CONSTANT_PRECISION = 128


def _check_constant(value) -> None:
    """Refuse a function of a constant that interval arithmetic cannot bound (``tan(exp(10**11))``,
    ``exp(10**6)``, ``log(0)``, ``sqrt(-1)``): it is no real number a hand-worked answer holds,
    and sympy, asked anything about it (its sign, when it is multiplied by 0), evaluates it at
    whatever precision that takes, pi to 10^11 bits for that tan, which held a grading budget to
    its end."""
    from . import real_values

    enclosed = real_values.enclosure(value, {}, CONSTANT_PRECISION)
    if enclosed is None or not real_values.finite(enclosed):
        raise ExpressionError("a constant in it has no real value that can be bounded "
                              "(such as tan(exp(10**11)) or log(0))")


def _bits(number) -> int:
    """Bits of the larger of a rational's numerator and denominator."""
    return max(int(number.p).bit_length(), int(number.q).bit_length())


def _capped_degree(degree: int) -> int:
    if degree > MAX_DEGREE:
        raise ExpressionError(f"the expression is a polynomial of too high a degree (at most {MAX_DEGREE})")
    return degree


def equivalent(got, expected) -> bool:
    """True when the two expressions are shown equal as functions on their common real domain
    (:func:`nngrade.core.equivalence.decide`; an undecided pair is not equal)."""
    from .equivalence import EQUAL, decide

    return decide(got, expected) == EQUAL
