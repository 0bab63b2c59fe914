"""The terms of a polynomial in x, walked once for every way nngrade spells one.

A problem's ``f`` is written as Python text (``3*x**2 - 4*x + 5``) and shown as TeX
(``3 x^{2} - 4 x + 5``): the same walk over the coefficients, highest power first, skipping
zeros and writing a coefficient of 1 as the bare monomial, with only the power and the product
spelled differently. Each caller joins the signed terms in its own style.
"""
from __future__ import annotations

from typing import Callable


def signed_terms(coefficients, power: Callable[[int], str], times: str) -> list[tuple[bool, str]]:
    """``(negative, body)`` of each non-zero term of the polynomial whose whole-number
    coefficients are listed constant first, highest power first: ``body`` is the size of the
    coefficient times the monomial, ``power(n)`` spelling x to the n (n >= 2) and ``times`` the
    product (``[(False, "3*x**2"), (True, "4*x")]`` for 3x^2 - 4x with ``x**{n}`` and ``*``)."""
    terms = []
    for exponent in range(len(coefficients) - 1, -1, -1):
        coefficient = int(coefficients[exponent])
        if coefficient == 0:
            continue
        size = abs(coefficient)
        monomial = "" if exponent == 0 else "x" if exponent == 1 else power(exponent)
        body = str(size) if not monomial else monomial if size == 1 else f"{size}{times}{monomial}"
        terms.append((coefficient < 0, body))
    return terms


def joined(terms: list[tuple[bool, str]], lead: str = "-") -> str:
    """The terms of :func:`signed_terms` as one sum: ``lead`` in front of a negative first term,
    `` - `` or `` + `` between the others, ``0`` for no terms at all."""
    if not terms:
        return "0"
    (negative, first), rest = terms[0], terms[1:]
    return (lead if negative else "") + first + "".join(f" {'-' if minus else '+'} {body}" for minus, body in rest)
