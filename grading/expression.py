"""Expression answers (``6*x - 4``): parsed without evaluating Python, compared symbolically.

sympy's ``sympify`` and ``parse_expr`` run ``eval`` on their input, so a student's text never
reaches them. The text is parsed by Python's ``ast`` into a tree, every node is checked against
a short whitelist (numbers, the exercise's variables, + - * / ** and a few named functions), and
the sympy expression is built from that tree by hand.
"""
from __future__ import annotations

import ast

#: Longest expression text read.
MAX_LENGTH = 300
#: Deepest expression tree read.
MAX_DEPTH = 40
#: Largest integer exponent allowed in ``x**n`` (keeps expansion cheap).
MAX_POWER = 50

_FUNCTIONS = ("exp", "log", "sqrt", "sin", "cos", "tan", "tanh")


class ExpressionError(ValueError):
    """Text that is not a readable expression; the message is for the student."""


def parse(text: str, variables: tuple[str, ...] = ("x",)):
    """A sympy expression from ``text`` using only ``variables`` and whitelisted functions."""
    import sympy as sp

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
    symbols = {name: sp.Symbol(name, real=True) for name in variables}
    functions = {name: getattr(sp, name) for name in _FUNCTIONS}
    constants = {"e": sp.E, "pi": sp.pi}
    return _build(tree.body, symbols, functions, constants, 0)


def _build(node, symbols, functions, constants, depth):
    import sympy as sp

    if depth > MAX_DEPTH:
        raise ExpressionError("the expression is nested too deeply")
    build = lambda child: _build(child, symbols, functions, constants, depth + 1)  # noqa: E731
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if type(node.value) is float:
            return sp.Rational(repr(node.value))
        if abs(node.value) > 10**30:
            raise ExpressionError("a number in the expression is too large")
        return sp.Integer(node.value)
    if isinstance(node, ast.Name):
        if node.id in symbols:
            return symbols[node.id]
        if node.id in constants:
            return constants[node.id]
        raise ExpressionError(f"unknown name {node.id!r} (the variable is {', '.join(symbols)})")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        operand = build(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
        left, right = build(node.left), build(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise ExpressionError("the expression divides by zero")
            return left / right
        if not (right.is_Number and abs(right) <= MAX_POWER):
            raise ExpressionError(f"only number powers up to {MAX_POWER} are allowed")
        return left**right
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in functions
        and len(node.args) == 1
        and not node.keywords
    ):
        return functions[node.func.id](build(node.args[0]))
    raise ExpressionError("the expression may use only numbers, the variable, + - * / ^ and exp, log, sqrt")


def equivalent(got, expected) -> bool:
    """True when the two expressions are equal as functions (checked symbolically)."""
    import sympy as sp

    difference = sp.simplify(sp.expand(got - expected))
    return difference == 0
