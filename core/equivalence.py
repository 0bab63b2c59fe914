"""Are two expressions equal as real functions? Decided by bounded work, or left undecided.

Equality of expressions with exp, log and sin is undecidable in general, and both halves of the
usual recipe fail alone: ``simplify`` has no bound on its running time, and testing at random
points is fooled by a difference that is non-zero only where no point falls (a grid of points
misses ``1e6*sin(1000*pi*x)``; points away from 0 miss ``exp(-1000*x**2)``). The decision here:

1. The difference ``got - expected`` is 0 after sympy's automatic rewriting: **equal**.
2. The difference is enclosed, by interval arithmetic on the real line
   (:func:`nngrade.core.real_values.enclosure`), at random points where both sides are real:
   rationals with large random prime denominators (off any grid a short answer can name) spread
   over scales from 1e-6 to 1e3, of both signs. An enclosure that excludes 0 **proves** the two
   differ; most wrong answers stop here, in milliseconds.
3. A rational function with rational coefficients (most derivatives here) is then decided
   exactly by ``cancel``, cheap under the reader's degree cap: **equal** or **different**.
4. Otherwise the difference is enclosed at the *structural* points where a bump or a spike of
   it can hide: 0, and the real zeros of every inner argument of the difference (of exp, log,
   sin, ..., and of every denominator) and of its derivative, located in floats and refined by
   Newton's method to twice the bits of the largest number written (a bump exp(-K*(x - a)**2)
   has width 1/sqrt(K)). Where such a point is outside the common real domain (a pole, or a
   removable 0/0 of the other terms, where a bump can sit unseen), the difference is enclosed
   just beside it on either side, within the narrowest bump's width. Again an enclosure that
   excludes 0 proves a difference. A difference with more inner arguments than are searched is
   never called equal (step 6).
5. The difference is enclosed in a narrow interval around 0 (within 2**-102 of the values' scale,
   and 2**-1638 at the first random points, which exposes a constant that only nearly cancels) at
   ``MIN_DEFINED_POINTS`` or more points: **equal**. This is the one step that is evidence, not
   proof: a non-zero analytic function has isolated zeros, so it cannot vanish at random points
   of an interval, except where the difference is non-zero only on a set so narrow and so far
   from every structural point that no point lands there.
6. Too few points in the common real domain: a few cheap rewrites (expand, logs and powers
   combined, radicals denested) may still show the difference is 0; otherwise **undecided**.

Points where either side is not real (a log of a negative number, a pole) are no evidence
either way: the functions are compared on their common real domain, so
``1/sqrt(x)`` equals ``sqrt(1/x)``, and ``log(x**2)`` equals ``2*log(x)`` (they agree wherever
both are real, x > 0).
"""
from __future__ import annotations

import os
import random
from fractions import Fraction

import numpy as np

from . import real_values

EQUAL, DIFFERENT, UNDECIDED = "equal", "different", "undecided"

#: Points in the common real domain needed to call two expressions equal.
MIN_DEFINED_POINTS = 4
#: Working precisions, in bits, of the enclosures (the last only on the first few points).
PRECISIONS = (128, 2048)
#: Points enclosed at every precision (a nearly cancelling constant shows at the highest).
DEEP_POINTS = 3
#: Decimal scales of the random points, each with both signs.
SCALES = (-6, -3, -1, 0, 0, 1, 3)
#: Most inner arguments searched for structural points: a difference with more is never called
#: equal (undecided), since a bump could hide behind the ones not searched. Most structural
#: points kept beyond the first zero of every curve (those are always kept).
MAX_ARGUMENTS = 24
MAX_STRUCTURAL_POINTS = 32
#: Points of the float scan for the zeros of inner arguments (log-spaced, both signs).
SCAN_POINTS = 400
#: Precision, in bits, to which a structural point is refined (a bump exp(-K*(x - a)**2) with
#: K up to 2**2000, the reader's largest number, has width 2**-1000).
ROOT_PRECISION = 4096
#: Largest expression (sympy operation count) tried with the symbolic rewrites of step 5.
MAX_REWRITE_OPS = 300


def decide(got, expected, rng: random.Random | None = None) -> str:
    """``EQUAL``, ``DIFFERENT`` or ``UNDECIDED`` (see the module docstring)."""
    import sympy as sp

    rng = rng or random.Random(os.urandom(16))
    difference = got - expected
    if difference == 0:
        return EQUAL
    symbols = sorted(got.free_symbols | expected.free_symbols, key=str)
    searchable = _searchable(difference, symbols)
    defined = 0
    for stage in ("random", "structural"):
        points = _random_points(symbols, rng) if stage == "random" else _structural_points(difference, symbols)
        for index, point in enumerate(points):
            outcome = _compare_at(point, difference, got, expected, deep=stage == "random" and index < DEEP_POINTS)
            if outcome is None and stage == "structural":
                outcome = _beside(point, difference, got, expected)
            if outcome == DIFFERENT:
                return DIFFERENT
            defined += outcome == EQUAL
        if stage == "random" and _exact_rational(difference, symbols):
            return EQUAL if sp.cancel(difference) == 0 else DIFFERENT  # exact, cheap under the degree cap
        if not symbols and defined:
            return EQUAL  # a constant: one point says all
    if defined >= MIN_DEFINED_POINTS and searchable:
        return EQUAL
    return EQUAL if _rewrites_to_zero(difference) else UNDECIDED


def _searchable(difference, symbols) -> bool:
    """Every place a bump of the difference can hide is searched: at most ``MAX_ARGUMENTS``
    inner arguments. Zero-valued padding (``sin(sin(2*x)) - sin(2*sin(x)*cos(x))`` nested deep)
    must not push a bump's argument out of the search."""
    return len(symbols) != 1 or len(_inner_arguments(difference, symbols[0])) <= MAX_ARGUMENTS


def _exact_rational(difference, symbols) -> bool:
    """A rational function whose numbers are all rationals (no pi, no sqrt(3), no log(2))."""
    import sympy as sp

    if symbols and not difference.is_rational_function(*symbols):
        return False
    if not symbols:
        return difference.is_Rational
    return all(atom.is_Rational for atom in difference.atoms(sp.Number)) and not difference.atoms(
        sp.NumberSymbol, sp.Function) and all(
        power.exp.is_Integer for power in difference.atoms(sp.Pow))


def _compare_at(point: dict, difference, got, expected, deep: bool, precisions=PRECISIONS) -> str | None:
    """``DIFFERENT`` (proved), ``EQUAL`` (zero to the precision) or None (no evidence here).

    A point is tried at the lowest precision first; a higher one is used where the enclosure is
    too wide to say anything (``sin(10**30*x)`` needs 100 bits more), and on ``deep`` points."""
    outcome = None
    for prec in precisions:
        values = {symbol: real_values.point(value, prec) for symbol, value in point.items()}
        sides = [real_values.enclosure(side, values, prec) for side in (got, expected)]
        gap = real_values.enclosure(difference, values, prec)
        if any(value is None for value in (*sides, gap)):
            return outcome  # outside the common real domain at this point, or beyond the guards
        if real_values.excludes_zero(gap):
            return DIFFERENT
        if not all(real_values.finite(value) for value in (*sides, gap)):
            return outcome  # a value beyond e^65536 on a side: no measure of "close to 0"
        low, high = real_values.bounds(gap)
        scale = 1 + max(abs(end) for side in sides for end in real_values.bounds(side))
        if high - low <= scale * Fraction(2) ** (-(prec * 4) // 5):
            outcome = EQUAL
            if not deep:
                return outcome
    return outcome


def _beside(point: dict, difference, got, expected) -> str | None:
    """:func:`_compare_at` on either side of a structural point outside the common real domain
    (a pole, or a removable 0/0 such as ``(exp(2*x) - 1)/(exp(x) - 1)`` at 0), as close as the
    sharpest bump the difference's numbers can write: ``exp(-K*x**2)`` with K below 2**bits is
    above 0.9 within 2**-(bits/2 + 2) of 0, where no random point falls. ``DIFFERENT`` if
    either side proves it, ``EQUAL`` if a side is zero to the precision, else None."""
    (x, at), = point.items()
    shift = _largest_number_bits(difference) // 2 + 2
    precision = (min(ROOT_PRECISION, 128 + 2 * shift),)
    outcomes = [_compare_at({x: at + side * Fraction(2) ** -shift}, difference, got, expected, deep=False,
                            precisions=precision) for side in (1, -1)]
    return DIFFERENT if DIFFERENT in outcomes else EQUAL if EQUAL in outcomes else None


def _random_points(symbols, rng: random.Random) -> list[dict]:
    """Rationals with random prime denominators near 2**40, spread over scales and signs."""
    import sympy as sp

    points = []
    scales = [(sign, scale) for scale in SCALES for sign in (1, -1)]
    for index in range(len(scales)):
        point = {}
        for position, symbol in enumerate(symbols):
            sign, scale = scales[(index + 3 * position) % len(scales)]
            denominator = int(sp.nextprime(rng.randrange(2**40, 2**41)))
            magnitude = Fraction(10) ** scale * Fraction(rng.randrange(10**12, 10**13), 10**12)
            point[symbol] = sign * Fraction(round(magnitude * denominator), denominator)
        points.append(point)
    return points or [{}]


def _structural_points(difference, symbols):
    """0 and the zeros of the difference's inner arguments and of their derivatives, one variable
    only. They are sought once the random points have found no difference, and taken in turns,
    the first zero of every curve before the second of any: the many zeros of a sin(x) must not
    crowd out the one zero where a bump sits. Every curve's first zero is always taken;
    further turns only while fewer than ``MAX_STRUCTURAL_POINTS`` points have been."""
    if len(symbols) != 1:
        return
    import sympy as sp

    x = symbols[0]
    yield {x: Fraction(0)}
    precision = min(ROOT_PRECISION, 128 + 2 * _largest_number_bits(difference))
    grid = np.concatenate([-np.logspace(4, -8, SCAN_POINTS // 2), np.logspace(-8, 4, SCAN_POINTS // 2)])
    curves = [curve for argument in _inner_arguments(difference, x)[:MAX_ARGUMENTS]
              for curve in (argument, sp.diff(argument, x))]
    zeros = [_polynomial_roots(curve, x) or _sign_changes(curve, x, grid) for curve in curves]
    found = 1
    for turn in range(max(map(len, zeros), default=0)):
        for curve, roots in zip(curves, zeros):
            if turn < len(roots):
                yield {x: _refined(curve, x, _bisected(curve, x, roots[turn]), precision)}
                found += 1
        if found >= MAX_STRUCTURAL_POINTS:
            return


def _largest_number_bits(expr) -> int:
    """Bits of the largest numerator or denominator in ``expr`` (how sharp a bump it can write)."""
    import sympy as sp

    return max((max(abs(int(r.p)).bit_length(), int(r.q).bit_length()) for r in expr.atoms(sp.Rational)), default=1)


def _inner_arguments(expr, x) -> list:
    """Arguments of functions and bases of non-integer or negative powers that depend on x."""
    import sympy as sp

    found = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Function):
            inner = node.args[0]
        elif node.is_Pow and not (node.exp.is_Integer and node.exp > 0):
            inner = node.base
        else:
            continue
        if x in inner.free_symbols and inner not in found:
            found.append(inner)
    return found


def _polynomial_roots(curve, x) -> list[Fraction]:
    """The real roots of a polynomial with rational coefficients, isolated exactly and refined to
    60 bits (exact where rational): floats cannot scan -2**1800*(x - 1/7), which overflows."""
    import sympy as sp

    if not curve.is_polynomial(x):
        return []
    poly = sp.Poly(curve, x)
    if poly.degree() < 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return []
    poly = poly.sqf_part()  # simple roots, so that each isolating interval can be refined
    roots = []
    for (low, high), _ in poly.intervals()[:MAX_STRUCTURAL_POINTS]:
        try:
            low, high = poly.refine_root(low, high, eps=sp.Rational(1, 2**60))
        except sp.PolynomialError:
            pass
        roots.append((Fraction(int(low.p), int(low.q)) + Fraction(int(high.p), int(high.q))) / 2)
    return roots


def _sign_changes(curve, x, grid) -> list[tuple[float, float]]:
    """The grid intervals over which ``curve`` changes sign, nearest to 0 first."""
    values = np.broadcast_to(real_values.floats(curve, {x: grid}), grid.shape)
    signs = np.sign(values)
    brackets = [(float(grid[i]), float(grid[i + 1])) for i in np.nonzero(signs[:-1] * signs[1:] < 0)[0]]
    return sorted(brackets, key=lambda bracket: min(map(abs, bracket)))


def _bisected(curve, x, root) -> float | Fraction:
    """A sign-change bracket bisected to float precision (an exact root is kept as it is)."""
    if not isinstance(root, tuple):
        return root
    a, b = root
    fa = float(real_values.floats(curve, {x: a}))
    for _ in range(64):
        middle = (a + b) / 2
        fm = float(real_values.floats(curve, {x: middle}))
        if not np.isfinite(fm) or middle in (a, b):
            break
        if (fm < 0) == (fa < 0):
            a, fa = middle, fm
        else:
            b = middle
    return (a + b) / 2


def _refined(curve, x, root: float | Fraction, target: int) -> Fraction:
    """``root`` refined by Newton's method, doubling the precision up to ``target`` bits."""
    import sympy as sp

    slope = sp.diff(curve, x)
    estimate = Fraction(root)
    precision = 64
    if curve.is_polynomial(x) and curve.subs(x, sp.Rational(estimate.numerator, estimate.denominator)) == 0:
        return estimate  # an exact rational root
    while precision < target:
        precision = min(2 * precision, target)
        at = {x: real_values.point(estimate, precision)}
        value, derivative = (real_values.enclosure(e, at, precision) for e in (curve, slope))
        if value is None or derivative is None:
            break
        (value_low, value_high), (slope_low, slope_high) = map(real_values.bounds, (value, derivative))
        if slope_low <= 0 <= slope_high:
            break
        step = (value_low + value_high) / (slope_low + slope_high)
        estimate = _rounded(estimate - step, precision)
    return estimate


def _rounded(value: Fraction, bits: int) -> Fraction:
    """``value`` to ``bits`` significant bits (keeps the Fractions of Newton's steps small)."""
    if value == 0:
        return value
    shift = bits - (abs(value.numerator).bit_length() - value.denominator.bit_length())
    return Fraction(round(value * Fraction(2) ** shift)) / Fraction(2) ** shift


def _rewrites_to_zero(difference) -> bool:
    """A few cheap rewrites, each bounded by the reader's caps, that may show the difference is 0."""
    import sympy as sp

    if sp.count_ops(difference) > MAX_REWRITE_OPS:
        return False
    rewrites = (
        sp.expand,
        lambda e: sp.expand_log(e, force=True),
        lambda e: sp.powdenest(e, force=True),
        sp.sqrtdenest,
        sp.radsimp,
    )
    current = difference
    for rewrite in rewrites:
        current = rewrite(current)
        if current == 0 or sp.expand(current) == 0:
            return True
    return False
