"""One line of text that is safe to print and to show: what a message says, never what it does.

Error lines quote what students chose (file names, problem ids, ids in JSON Lines). Such text can
hold terminal escapes (retitle the window, move up and erase the line above, so a warning
vanishes), carriage returns, or a right-to-left override that reorders what a reader sees. Here
every run of whitespace becomes one space and every other control or format character its
visible escape (``\\x1b``, ``\\u202e``), so the line reads the same in a terminal, a log and HTML.
"""
from __future__ import annotations


def one_line(text: object) -> str:
    """``text`` as one printable line."""
    return "".join(_shown(character) for character in " ".join(str(text).split()))


def _shown(character: str) -> str:
    if character.isprintable():
        return character
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


__all__ = ["one_line"]
