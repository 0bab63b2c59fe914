"""one_line: any text becomes one printable line; printable single-spaced text stays as it is."""
from __future__ import annotations

from hypothesis import given, strategies as st

from nngrade.core.one_line import one_line


@given(st.text())
def test_any_text_becomes_one_printable_line(text):
    line = one_line(text)
    assert line.isprintable() and "  " not in line and line == line.strip()


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")), min_size=1))
def test_printable_words_are_kept(word):
    assert one_line(f" {word}\n\t{word} ") == f"{word} {word}"


def test_escapes_are_shown_not_done():
    assert one_line("a\x1b[2K\u202eb\r\nc") == "a\\x1b[2K\\u202eb c"
