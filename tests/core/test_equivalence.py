"""Equivalence on the real domain: identities built from known rules are equal, perturbed ones
are not (property-based), and the random points leave no grid to exploit."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nngrade.core import equivalence, expression

#: Sub-expressions a rule is applied to, and ones that are positive (for log rules).
ANY = ("x", "(2*x + 1)", "x**2", "sin(x)", "(x - 3)", "exp(x)", "(x/3)", "tanh(x)")
POSITIVE = ("(x**2 + 1)", "exp(x)", "(exp(x) + 2)", "3", "(x**4 + 2)", "(1 + exp(-x))")

small = st.integers(1, 9)
some = st.sampled_from(ANY)
positive = st.sampled_from(POSITIVE)

#: Each rule draws its parameters and gives two texts that are equal as real functions.
RULES = [
    st.builds(lambda u, a, b: (f"({u} + {a})*({u} + {b})", f"{u}**2 + {a + b}*{u} + {a * b}"), some, small, small),
    st.builds(lambda u, a: (f"({u} - {a})**2", f"{u}**2 - {2 * a}*{u} + {a * a}"), some, small),
    st.builds(lambda p, q: (f"log({p}*{q})", f"log({p}) + log({q})"), positive, positive),
    st.builds(lambda p, n: (f"log({p}**{n})", f"{n}*log({p})"), positive, small),
    st.builds(lambda u, v: (f"exp({u} + {v})", f"exp({u})*exp({v})"), some, some),
    st.builds(lambda u, n: (f"exp({n}*{u})", f"exp({u})**{n}"), some, st.integers(2, 4)),
    st.builds(lambda u: (f"sin(2*{u})", f"2*sin({u})*cos({u})"), some),
    st.builds(lambda u: (f"cos(2*{u})", f"1 - 2*sin({u})**2"), some),
    st.builds(lambda u, a: (f"{a}*(sin({u})**2 + cos({u})**2)", f"{a}"), some, small),
    st.builds(lambda u: (f"tan({u})*cos({u})", f"sin({u})"), some),
    st.builds(lambda u, a: (f"({u}**2 - {a * a})/({u} - {a})", f"{u} + {a}"), some, small),
    st.builds(lambda u: (f"1/(1 + exp(-{u}))", f"exp({u})/(exp({u}) + 1)"), some),
    st.builds(lambda u: (f"tanh({u})", f"(exp(2*{u}) - 1)/(exp(2*{u}) + 1)"), some),
    st.builds(lambda a, b, p, q: (f"{a}/{p} + {b}/{q}", f"({a}*{q} + {b}*{p})/({p}*{q})"), small, small, positive,
              positive),
    st.builds(lambda a, b: (f"sqrt({a * a * b})*x", f"{a}*sqrt({b})*x"), st.integers(2, 9), st.integers(2, 7)),
    st.builds(lambda a, b: (f"log({a * b})*x", f"(log({a}) + log({b}))*x"), st.integers(2, 9), st.integers(2, 9)),
    st.builds(lambda a, b: (f"sqrt({a + b} + 2*sqrt({a * b}))", f"sqrt({a}) + sqrt({b})"), small, small),
]


@st.composite
def identities(draw):
    """Two texts, equal as real functions: a sum of rule instances, each side written its own way."""
    pairs = draw(st.lists(st.one_of(RULES), min_size=1, max_size=3))
    coefficients = draw(st.lists(st.integers(-5, 5).filter(bool), min_size=len(pairs), max_size=len(pairs)))
    flips = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    left = [f"{c}*({b if flip else a})" for c, (a, b), flip in zip(coefficients, pairs, flips)]
    right = [f"{c}*({a if flip else b})" for c, (a, b), flip in zip(coefficients, pairs, flips)]
    order = draw(st.permutations(range(len(right))))
    return " + ".join(left), " + ".join(right[i] for i in order)


def fraction_text(value: Fraction) -> str:
    return f"({value.numerator}/{value.denominator})"


#: Small changes that a random-point test can miss: a narrow bump anywhere (sharp up to
#: K = 10**30), a high-frequency term, a narrow bump at 0, a coefficient changed a little.
PERTURBATIONS = st.one_of(
    st.builds(lambda c, k, a: f"{c}*exp(-10**{k}*(x - {fraction_text(a)})**2)",
              small, st.integers(3, 30), st.fractions(-3, 3, max_denominator=1000)),
    st.builds(lambda c, k: f"{c}*sin({k}*pi*x)", st.integers(1, 10**6), st.integers(100, 10**6)),
    st.builds(lambda k: f"exp(-10**{k}*x**2)", st.integers(3, 30)),
    st.builds(lambda k, u: f"{u}/10**{k}", st.integers(1, 25), st.sampled_from(ANY)),
)

#: Each example costs a decision (0.1-0.5 s); shrinking a failure would take minutes, so the
#: failing example is reported as drawn.
PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])


@PROPERTY
@given(identities())
def test_identities_built_from_known_rules_are_equal(pair):
    got, want = (expression.parse(text) for text in pair)
    assert equivalence.decide(got, want) == equivalence.EQUAL, pair


@PROPERTY
@given(identities(), PERTURBATIONS)
def test_a_perturbed_identity_is_different(pair, perturbation):
    got, want = expression.parse(f"{pair[0]} + {perturbation}"), expression.parse(pair[1])
    assert equivalence.decide(got, want) == equivalence.DIFFERENT, (pair, perturbation)


@pytest.mark.parametrize("got,want", [
    ("sqrt(12 + 6*sqrt(3))", "3 + sqrt(3)"),
    ("log(6)*x", "(log(2) + log(3))*x"),
    ("sqrt(5 + 2*sqrt(6))*x", "(sqrt(2) + sqrt(3))*x"),
    ("x + sqrt(8)", "x + 2*sqrt(2)"),
    ("exp(x) + log(8)", "exp(x) + 3*log(2)"),
    ("1/sqrt(x)", "sqrt(1/x)"),
    ("log(x**2)", "2*log(x)"),  # equal where both are real (x > 0): see the README
    ("exp(x) - 2 + sin(10**30*x)**2 + cos(10**30*x)**2 - 1", "exp(x) - 2"),
])
def test_identities_with_constants_and_domains_are_equal(got, want):
    assert equivalence.decide(expression.parse(got), expression.parse(want)) == equivalence.EQUAL


@pytest.mark.parametrize("got,want", [
    ("8*x + 5 + 1e6*sin(1000*pi*x)", "8*x + 5"),
    ("8*x + 5 + exp(-1000*x**2)", "8*x + 5"),
    ("8*x + 5 + exp(-10**30*(x - sqrt(2)/7)**2)", "8*x + 5"),
    ("8*x + 5 + exp(-(2**40)**45*(x - 1/7)**2)", "8*x + 5"),  # width 2**-900, at a rational point
    ("exp(x) - 2 + exp(-10**30*(exp(x) - 2)**2)", "exp(x) - 2"),  # a bump inside a transcendental
    ("x + sqrt(2) - 1.41421356237309504880168872420969807856967187537694807317667973799", "x"),
    ("sqrt(x**2)", "x"),
    ("exp(exp(10**30*x))", "6*x - 4"),
    # a bump where the other terms are not defined (0/0, a pole): found just beside the point
    ("sin(x)/x", "sin(x)/x + exp(-10**40*x**2)"),
    ("(exp(2*x) - 1)/(exp(x) - 1) + exp(-10**23*x**2)", "exp(x) + 1"),
    ("(exp(2*x) - 1)/(exp(x) - 1) + exp(-10**50*10**50*x**2)", "exp(x) + 1"),
    ("(x**2 - 1)/(x - 1) + exp(-10**30*(x - 1)**2)", "x + 1"),
    ("1/x + exp(-10**45*x**2)", "1/x"),
])
def test_differences_that_random_points_miss_are_found(got, want):
    assert equivalence.decide(expression.parse(got), expression.parse(want)) == equivalence.DIFFERENT


def test_an_answer_real_almost_nowhere_is_undecided_not_equal():
    got = expression.parse("log(log(log(log(log(log(log(x)))))))")  # real only for x > e^e^e^e^e^e
    assert equivalence.decide(got, expression.parse("6*x - 4")) == equivalence.UNDECIDED


@pytest.mark.parametrize("got", ["exp(exp(exp(exp(exp(exp(exp(exp(x))))))))",
                                 "exp(x) - 2 + exp(-(2**40)**25*((x - 1/3)**30*(x + 2/7)**30 - 1/10**30))"])
def test_a_value_beyond_the_exp_guard_is_still_a_value(got):
    """Beyond e^65536 the enclosure is [e^65536, inf]: no finite expected value is in it (the
    second hides a spike of e^(2**970) near x = 1/3, everywhere else it is exp(x) - 2)."""
    assert equivalence.decide(expression.parse(got), expression.parse("exp(x) - 2")) == equivalence.DIFFERENT


def test_random_points_are_off_every_grid_and_fresh():
    x = expression.parse("x")
    first, second = (equivalence._random_points([x], random.Random(seed)) for seed in (1, 2))
    assert [p[x] for p in first] != [p[x] for p in second]
    scales = sorted(abs(p[x]) for p in first)
    assert scales[0] < Fraction(1, 10**5) and scales[-1] > 100
    assert {p[x] > 0 for p in first} == {True, False}
    for p in first:
        # a denominator near 2**40 that is prime: no grid 1/K a short answer can write holds it
        assert p[x].denominator > 2**39 and all(p[x].denominator % k for k in range(2, 1000))


def nested_sin(inner: str, depth: int) -> str:
    return "sin(" * depth + inner + ")" * depth


@pytest.mark.parametrize("depth", [9, 14])
def test_a_bump_behind_padding_that_is_zero_is_not_equal(depth):
    """Padding equal to 0 but written two ways (sin(...sin(2*x)) and sin(...2*sin(x)*cos(x)))
    brings many inner arguments; the bump's own argument must still be searched, or the answer
    is not called equal."""
    padding = f"{nested_sin('2*x', depth)} - {nested_sin('2*sin(x)*cos(x)', depth - 1)}"
    got = expression.parse(f"6*x - 4 + exp(-10**6*(x - 7/3)**2)*(1 + {padding})")
    assert equivalence.decide(got, expression.parse("6*x - 4")) != equivalence.EQUAL
    assert equivalence.decide(expression.parse(f"6*x - 4 + {padding}"), expression.parse("6*x - 4")) in (
        equivalence.EQUAL, equivalence.UNDECIDED)
