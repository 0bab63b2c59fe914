"""Values of a sympy expression on the real line, in bounded work: rigorous intervals or floats.

Expression equivalence needs two kinds of value of the trees that :mod:`nngrade.core.expression`
builds, and sympy's own ``evalf`` gives neither safely: it works in the complex plane (so
``1/sqrt(x)`` and ``sqrt(1/x)`` differ at ``x < 0``, where neither is real) and it grinds for
minutes on ``exp(exp(10**30*x))``, whose value has an exponent of 10^30 digits.

- :func:`enclosure` is an interval (``mpmath.iv``) that certainly holds the exact real value, at
  a chosen precision, or ``None`` where the point is outside the expression's real domain (or
  on its edge, or where a guard gives up). An enclosure that excludes 0 *proves* a value is
  non-zero; one end may be infinite, for a value beyond e^65536.
- :func:`floats` is the value in float64 over a NumPy array of points (NaN outside the domain or
  on overflow), for scanning many points cheaply.

Both walk only the node types the reader can build and sympy's automatic rewriting of them can
produce (``Abs`` from ``sqrt(x**2)``); anything else is outside the domain. The guards keep every
operation small: ``exp`` of an argument above ``EXP_LIMIT`` is enclosed in [e^EXP_LIMIT, inf], far
below it in [0, e^-EXP_LIMIT], and the trigonometric functions of an argument beyond ``2**(prec/2)``
are enclosed in [-1, 1] (their range reduction would need that many more bits).
"""
from __future__ import annotations

import contextlib
import functools
import math
import operator
from fractions import Fraction

import numpy as np

#: Largest argument of ``exp`` evaluated (e^65536 has a 94,548-bit exponent: still cheap).
EXP_LIMIT = 2**16


class _Outside(Exception):
    """The point is outside the real domain, or the value is beyond the guarded range."""


def enclosure(expr, values: dict, prec: int):
    """An ``mpmath.iv`` interval holding ``expr`` at ``values`` (symbol -> iv.mpf), or None."""
    from mpmath import iv, libmp

    with _precision(iv, prec):
        try:
            result = _interval(expr, values, iv, prec)
        except (_Outside, ZeroDivisionError, ValueError, OverflowError):
            return None
        if libmp.fnan in result._mpi_:
            return None
        return result


def finite(interval) -> bool:
    """Both ends of the enclosure are finite (an exp beyond the limit has an infinite end)."""
    from mpmath import libmp

    return not any(raw in (libmp.finf, libmp.fninf) for raw in interval._mpi_)


def excludes_zero(interval) -> bool:
    """The enclosure lies wholly on one side of 0: the value it holds is certainly not 0."""
    from mpmath import libmp

    low, high = interval._mpi_
    return libmp.mpf_sign(low) > 0 or libmp.mpf_sign(high) < 0


@contextlib.contextmanager
def _precision(iv, prec: int):
    """``iv`` at ``prec`` bits for the block (mpmath's interval context has no workprec)."""
    saved = iv.prec
    iv.prec = prec
    try:
        yield
    finally:
        iv.prec = saved


def bounds(interval) -> tuple[Fraction, Fraction]:
    """The exact ends of a :func:`finite` enclosure, as Fractions."""
    return tuple(_raw_fraction(raw) for raw in interval._mpi_)


def _raw_fraction(raw) -> Fraction:
    sign, mantissa, exponent, _ = raw
    value = Fraction(int(mantissa)) * Fraction(2) ** int(exponent)
    return -value if sign else value


def point(value, prec: int):
    """A thin interval for a point given as a Fraction (or int), at ``prec`` bits."""
    from mpmath import iv

    with _precision(iv, prec):
        return iv.mpf(value.numerator) / value.denominator


def _interval(node, values, iv, prec, memo=None):
    """The enclosure of ``node``; ``memo`` shares repeated subtrees (a derivative of nested
    exps repeats each of them many times)."""
    memo = {} if memo is None else memo
    if node not in memo:
        memo[node] = _interval_of(node, values, iv, prec, memo)
    return memo[node]


def _interval_of(node, values, iv, prec, memo):
    import sympy as sp

    if node.is_Symbol:
        return values[node]
    if node.is_Integer:
        return iv.mpf(int(node))
    if node.is_Rational:
        return iv.mpf(int(node.p)) / int(node.q)
    if node is sp.pi:
        return iv.pi
    if node is sp.E:
        return iv.e
    args = [_interval(arg, values, iv, prec, memo) for arg in node.args]
    if node.is_Add:
        return functools.reduce(operator.add, args)
    if node.is_Mul:
        return functools.reduce(operator.mul, args)
    if node.is_Pow:
        return _power(args[0], node.exp, args[1], iv)
    function = _interval_functions().get(type(node))
    if function is not None:
        return function(args[0], iv, prec)
    raise _Outside(type(node).__name__)


def _power(base, exponent, power, iv):
    if exponent.is_Integer:
        n = int(exponent)
        if n < 0 and base.a <= 0 <= base.b:
            raise _Outside("division by zero")
        return base**n
    if base.a <= 0:
        # a non-integer power of a number that may be <= 0 is not real (sympy's principal
        # branch: (-8)**(1/3) is complex), or sits on the domain's edge: no evidence either way.
        raise _Outside("power of a non-positive number")
    return _exp(power * iv.log(base), iv, None)


def _exp(argument, iv, prec):
    """exp is increasing: each end enclosed, with [e^65536, inf] for an end above the limit (a
    value that large is still a real value, and no finite expected value is near it) and
    [0, e^-65536] for one below."""
    low, high = argument.a, argument.b
    if low < -EXP_LIMIT:
        lower = 0
    else:
        lower = iv.exp(min(low, iv.mpf(EXP_LIMIT))).a
    if high > EXP_LIMIT:
        upper = "+inf"
    else:
        upper = iv.exp(max(high, iv.mpf(-EXP_LIMIT))).b
    return iv.mpf([lower, upper])


def _log(argument, iv, prec):
    if argument.a <= 0:
        raise _Outside("log of a non-positive number")
    return iv.log(argument)


def _trig(name):
    def apply(argument, iv, prec):
        if max(abs(argument.a), abs(argument.b)) > 2 ** (prec // 2):
            if name == "tan":
                raise _Outside("tan of a huge argument")
            return iv.mpf([-1, 1])
        return getattr(iv, name)(argument)

    return apply


def _tanh(argument, iv, prec):
    """tanh is increasing: the interval of its values at the two ends, each enclosed."""
    return iv.mpf([_tanh_thin(iv.mpf(argument.a), iv, prec).a, _tanh_thin(iv.mpf(argument.b), iv, prec).b])


def _tanh_thin(t, iv, prec):
    tiny = iv.mpf(2) ** -(prec + 10)  # 1 - |tanh(t)| < 2 e^(-2|t|) < tiny beyond the limit
    if t.a > EXP_LIMIT / 2:
        return iv.mpf([(1 - tiny).a, 1])
    if t.b < -EXP_LIMIT / 2:
        return iv.mpf([-1, (-1 + tiny).b])
    return 1 - 2 / (iv.exp(2 * t) + 1)


def _abs(argument, iv, prec):
    return abs(argument)


@functools.cache
def _interval_functions() -> dict:
    import sympy as sp

    return {
        sp.exp: _exp,
        sp.log: _log,
        sp.sin: _trig("sin"),
        sp.cos: _trig("cos"),
        sp.tan: _trig("tan"),
        sp.tanh: _tanh,
        sp.Abs: _abs,
    }


def floats(expr, values: dict) -> np.ndarray:
    """``expr`` in float64 at ``values`` (symbol -> float or array); NaN outside the domain."""
    with np.errstate(all="ignore"):
        result = np.asarray(_float(expr, values), dtype=float)
    return np.where(np.isfinite(result), result, np.nan)


def _float(node, values):
    import sympy as sp

    if node.is_Symbol:
        return np.asarray(values[node], dtype=float)
    if node.is_Number and (node.is_Rational or node.is_Float):
        try:
            return float(node)
        except OverflowError:
            return math.copysign(math.inf, float(sp.sign(node)))
    if node is sp.pi:
        return math.pi
    if node is sp.E:
        return math.e
    args = node.args
    if node.is_Add:
        return sum((_float(arg, values) for arg in args[1:]), _float(args[0], values))
    if node.is_Mul:
        product = _float(args[0], values)
        for arg in args[1:]:
            product = product * _float(arg, values)
        return product
    if node.is_Pow:
        base, exponent = _float(args[0], values), args[1]
        if exponent.is_Integer:
            return np.power(np.asarray(base, dtype=float), float(int(exponent)))
        power = _float(exponent, values)
        return np.where(np.asarray(base) > 0, np.power(np.abs(base), power), np.nan)
    function = _float_functions().get(type(node))
    if function is not None:
        return function(np.asarray(_float(args[0], values), dtype=float))
    return np.nan


@functools.cache
def _float_functions() -> dict:
    import sympy as sp

    return {
        sp.exp: np.exp,
        sp.log: lambda v: np.where(v > 0, np.log(np.abs(v)), np.nan),
        sp.sin: np.sin,
        sp.cos: np.cos,
        sp.tan: np.tan,
        sp.tanh: np.tanh,
        sp.Abs: np.abs,
    }
