"""A problem: the exercise kind, its exact parameters, and how it was drawn.

Problems travel as JSON (or YAML). A generated problem records the package version of its
exercise, the seed and the knobs, so that it can be drawn again; a hand-written one needs only
``kind`` and ``params``.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Largest problem or submission file read, in bytes.
MAX_FILE_BYTES = 5_000_000
#: Largest text read as YAML. PyYAML builds a value in pure Python at a few microseconds per
#: character or worse (a 90 kB list took 1.5 s, a 4.8 MB one 80 s on a busy two-core machine), so
#: a file a student sends could stall grading for minutes; hand-written YAML is far smaller, and
#: larger data must be JSON, which is read at full speed up to ``MAX_FILE_BYTES``.
MAX_YAML_BYTES = 64_000


#: Why a file holding an integer of more digits than Python converts is not read.
NUMBER_TOO_LONG = "a number too long to read"


class ProblemFileError(ValueError):
    """A problem file that cannot be used at all (unreadable, not JSON/YAML, wrong shape)."""


@dataclass(frozen=True)
class Problem:
    """One exercise instance.

    ``params`` are canonical exact values (Fractions, ints, text) as the exercise's
    :class:`~nngrade.core.params.ParamSpec` reads them.
    """

    kind: str
    params: dict[str, Any]
    version: int | None = None
    seed: int | None = None
    knobs: dict[str, Any] = field(default_factory=dict)


class DuplicateKeyError(ValueError):
    """A JSON object or YAML mapping that names one key twice."""


#: Longest key a :class:`DuplicateKeyError` shows whole.
SHOWN_KEY = 40


def _object(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON object as a dict, refused where a key comes twice: JSON keeps the last silently,
    so a file that answers one part twice would be graded on one answer while whoever reads it
    sees the other."""
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        _refuse_keys_twice(key for key, _ in pairs)
    return mapping


def _refuse_keys_twice(keys) -> None:
    """Raise :class:`DuplicateKeyError` for the first key of ``keys`` that comes again."""
    seen = set()
    for key in keys:
        if key in seen:
            text = str(key)
            shown = text if len(text) <= SHOWN_KEY else text[:SHOWN_KEY] + "..."
            raise DuplicateKeyError(f"{shown!r} is given twice in one mapping (which is meant cannot be told)")
        seen.add(key)


@lru_cache(maxsize=1)
def _yaml_loader():
    """PyYAML's safe loader, refusing a mapping that names a key twice (YAML, as JSON, would
    keep the last silently); a merge key (``<<``) still overrides, as YAML defines it."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                keys = (self.construct_object(key, deep=True) for key, _ in node.value
                        if key.tag != "tag:yaml.org,2002:merge")
                _refuse_keys_twice(key for key in keys if isinstance(key, (str, int, float, bool)))
            return super().construct_mapping(node, deep)

    return UniqueKeyLoader


def parse_json(text: str) -> Any:
    """One JSON value, numbers kept exact (as Decimal), an object naming a key twice refused
    (:class:`DuplicateKeyError`)."""
    return json.loads(text, parse_float=Decimal, object_pairs_hook=_object)


def loads_data(text: str, name: str = "input") -> Any:
    """Parse JSON (:func:`parse_json`) or, failing that, YAML (up to :data:`MAX_YAML_BYTES`)."""
    try:
        return parse_json(text)
    except DuplicateKeyError as error:
        raise ProblemFileError(f"{name}: {error}") from None
    except json.JSONDecodeError as json_error:
        if len(text) > MAX_YAML_BYTES:
            raise ProblemFileError(f"{name}: not valid JSON ({json_error}), and YAML is read only up to "
                                   f"{MAX_YAML_BYTES} characters") from None
        try:
            import yaml
        except ImportError:  # pragma: no cover - PyYAML is a dependency
            raise ProblemFileError(f"{name}: not valid JSON ({json_error})") from None
        try:
            return yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a safe loader
        except DuplicateKeyError as error:
            raise ProblemFileError(f"{name}: {error}") from None
        except yaml.YAMLError as yaml_error:
            first = str(yaml_error).splitlines()[0] if str(yaml_error) else "syntax error"
            raise ProblemFileError(f"{name}: neither JSON nor YAML ({first})") from None
        except RecursionError:
            raise ProblemFileError(f"{name}: nested too deeply") from None
        except ValueError:
            raise ProblemFileError(f"{name}: {NUMBER_TOO_LONG}") from None
    except RecursionError:
        raise ProblemFileError(f"{name}: nested too deeply") from None
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise ProblemFileError(f"{name}: {NUMBER_TOO_LONG}") from None


def read_data_file(path: str | Path) -> Any:
    """Read a JSON or YAML file (``-`` is standard input) with a size cap."""
    return loads_data(read_text_file(path), "standard input" if str(path) == "-" else str(path))


def read_text_file(path: str | Path) -> str:
    """The text of a regular file (``-`` is standard input), at most ``MAX_FILE_BYTES``; raises
    :class:`ProblemFileError` with a one-line reason."""
    import sys

    if str(path) == "-":
        text = sys.stdin.read(MAX_FILE_BYTES + 1)
        name = "standard input"
    else:
        name = str(path)
        try:
            text = _read_regular_file(path, name).decode("utf-8")
        except FileNotFoundError:
            raise ProblemFileError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise ProblemFileError(f"{name}: is a directory") from None
        except UnicodeDecodeError:
            raise ProblemFileError(f"{name}: not UTF-8 text") from None
        except OSError as error:
            raise ProblemFileError(f"{name}: {error.strerror}") from None
    if len(text) > MAX_FILE_BYTES:
        raise ProblemFileError(f"{name}: larger than {MAX_FILE_BYTES} bytes")
    return text


def _read_regular_file(path: str | Path, name: str) -> bytes:
    """At most ``MAX_FILE_BYTES`` of a regular file. Opened without blocking and checked on the
    open descriptor, so a FIFO or device (which a student can leave in place of a file) is
    refused at once instead of hanging or streaming forever, and a file that grows after the
    check is still read only up to the cap. Read straight from the descriptor (no buffered
    stream), in reads sized by the file's own length: a class is tens of thousands of small files."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(status.st_mode):
            raise ProblemFileError(f"{name}: not a regular file")
        pieces, left = [], MAX_FILE_BYTES + 1
        while left > 0:
            wanted = min(left, status.st_size + 1 if not pieces else 1 << 20)
            piece = os.read(descriptor, wanted)
            pieces.append(piece)
            left -= len(piece)
            if len(piece) < wanted:  # the end of a regular file
                break
    finally:
        os.close(descriptor)
    data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    if len(data) > MAX_FILE_BYTES:
        raise ProblemFileError(f"{name}: file larger than {MAX_FILE_BYTES} bytes")
    return data


def dumps_json(data: Any, indent: int = 2) -> str:
    """Readable JSON of plain data: mappings indented, lists of numbers or strings on one line.

    Decimals become numbers that read back exactly.
    """
    return _dump(data, indent, 0)


def _dump(data: Any, indent: int, level: int) -> str:
    pad, inner = " " * (indent * level), " " * (indent * (level + 1))
    if isinstance(data, dict):
        if not data:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, indent, level + 1)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, (list, tuple)):
        if not any(isinstance(item, dict) for item in _flatten(data)):
            return json.dumps(data, default=_json_default, ensure_ascii=False, separators=(", ", ": "))
        items = [f"{inner}{_dump(item, indent, level + 1)}" for item in data]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(data, default=_json_default, ensure_ascii=False)


def _flatten(data):
    for item in data:
        if isinstance(item, (list, tuple)):
            yield from _flatten(item)
        else:
            yield item


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
