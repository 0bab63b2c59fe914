"""The bounded exact text of plain answer data: it tells apart what differs, and gives up at its limit."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, strategies as st

from nngrade.core.exact_text import exact_text

LEAVES = st.one_of(st.integers(-10, 10), st.decimals(-10, 10, places=2), st.floats(allow_nan=False),
                   st.text(max_size=4), st.booleans(), st.none())
DATA = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                                                    st.dictionaries(st.text(max_size=3), inner, max_size=3)),
                    max_leaves=12)


def typed(value):
    """``value`` with each leaf's type beside it, so 1, 1.0, True and Decimal('1') differ."""
    if isinstance(value, dict):
        return ("dict", tuple((typed(name), typed(item)) for name, item in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(typed(item) for item in value))
    return (type(value).__name__, repr(value))


@given(DATA, DATA)
def test_the_text_is_the_same_exactly_when_the_data_are(first, second):
    assert (exact_text(first, 10_000) == exact_text(second, 10_000)) == (typed(first) == typed(second))


@given(DATA)
def test_the_text_is_given_up_exactly_when_it_passes_its_limit(value):
    full = exact_text(value, 10**6)
    assert exact_text(value, 60) == (full if len(full) <= 60 else None)


def test_aliases_inside_themselves_and_values_not_plain_have_no_text():
    loop: list = []
    loop.append(loop)
    assert exact_text({"z": loop}, 2_000) is None
    assert exact_text({"z": {1, 2}}, 2_000) is None
    assert exact_text([Decimal("1.0")], 20) == "[Decimal('1.0'), ]"
