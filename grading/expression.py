"""Expression answers (``6*x - 4``): parsed without evaluating Python, compared symbolically.

sympy's ``sympify`` and ``parse_expr`` run ``eval`` on their input, so a student's text never
reaches them. The text is parsed by Python's ``ast`` into a tree and every node is checked
against a short whitelist (numbers, the exercise's variables, + - * / ** and a few named
functions) before sympy is even imported; the sympy expression is then built from that tree by
hand. Powers are capped, also after sympy merges nested ones, so that no expression can grow
into a huge polynomial.

Equivalence is decided symbolically (the difference simplifies to 0), after a cheap numeric
screen at a few points rejects most wrong answers without calling ``simplify``.
"""
from __future__ import annotations

import ast
import math

#: Longest expression text read.
MAX_LENGTH = 300
#: Deepest expression tree read.
MAX_DEPTH = 40
#: Largest integer exponent allowed in ``x**n`` (keeps expansion cheap).
MAX_POWER = 50
#: Points at which two expressions are compared numerically before simplifying.
SCREEN_POINTS = ("0.37", "1.61", "-0.83", "2.29")

_FUNCTIONS = ("exp", "log", "sqrt", "sin", "cos", "tan", "tanh")
_CONSTANTS = ("e", "E", "pi")  # E: sympy's spelling, in the solutions' exact strings
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


class ExpressionError(ValueError):
    """Text that is not a readable expression; the message is for the student."""


def parse(text: str, variables: tuple[str, ...] = ("x",)):
    """A sympy expression from ``text`` using only ``variables`` and whitelisted functions."""
    tree = _checked_tree(text, tuple(variables))
    import sympy as sp

    symbols = {name: sp.Symbol(name, real=True) for name in variables}
    functions = {name: getattr(sp, name) for name in _FUNCTIONS}
    constants = {"e": sp.E, "E": sp.E, "pi": sp.pi}
    return _build(tree.body, symbols, functions, constants)


def _checked_tree(text, variables: tuple[str, ...]) -> ast.Expression:
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


def constant(text: str) -> float:
    """The value of a closed form without variables (``"1/(1 + exp(-1))"``), in floats.

    The whitelisted tree is evaluated with :mod:`math`, not sympy: a float is all a tolerance
    needs, and float arithmetic cannot be made to run for long (``exp(exp(exp(9)))`` overflows
    at once where arbitrary precision would grind).
    """
    tree = _checked_tree(text, ())
    try:
        value = _evaluate(tree.body)
    except (ArithmeticError, ValueError):
        raise ExpressionError(f"{text.strip()[:30]!r} has no finite real value") from None
    if not math.isfinite(value):
        raise ExpressionError(f"{text.strip()[:30]!r} has no finite real value")
    return value


def _evaluate(node) -> float:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return math.pi if node.id == "pi" else math.e
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        return float(getattr(math, node.func.id)(_evaluate(node.args[0])))
    left, right = _evaluate(node.left), _evaluate(node.right)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if isinstance(node.op, ast.Div):
        return left / right
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
    import sympy as sp

    build = lambda child: _build(child, symbols, functions, constants)  # noqa: E731
    if isinstance(node, ast.Constant):
        return sp.Rational(repr(node.value)) if type(node.value) is float else sp.Integer(node.value)
    if isinstance(node, ast.Name):
        return symbols[node.id] if node.id in symbols else constants[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = build(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        return functions[node.func.id](build(node.args[0]))
    left, right = build(node.left), build(node.right)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return _capped(left * right)
    if isinstance(node.op, ast.Div):
        if right == 0:
            raise ExpressionError("the expression divides by zero")
        return _capped(left / right)
    if not (right.is_Number and abs(right) <= MAX_POWER):
        raise ExpressionError(f"only number powers up to {MAX_POWER} are allowed")
    return _capped(left**right)


def _capped(value):
    """``value`` unless sympy merged powers into one beyond ``MAX_POWER`` (``(x**50)**50``)."""
    import sympy as sp

    for power in value.atoms(sp.Pow):
        if power.exp.is_Number and abs(power.exp) > MAX_POWER:
            raise ExpressionError(f"only number powers up to {MAX_POWER} are allowed")
    return value


def equivalent(got, expected) -> bool:
    """True when the two expressions are equal as functions (checked symbolically)."""
    import sympy as sp

    difference = got - expected
    if difference == 0:
        return True
    symbols = sorted(difference.free_symbols, key=str)
    for point in SCREEN_POINTS:
        values = {symbol: sp.Rational(point) * (index + 1) for index, symbol in enumerate(symbols)}
        try:
            gap = complex(difference.evalf(30, subs=values))
            scale = 1 + abs(complex(got.evalf(30, subs=values)))
        except (TypeError, ValueError, ArithmeticError):
            continue  # undefined at this point (log of a negative number): no evidence either way
        if gap == gap and abs(gap) > 1e-20 * scale:
            return False
    return sp.simplify(sp.expand(difference)) == 0
