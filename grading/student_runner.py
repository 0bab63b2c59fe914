"""Call one function of a student's module on hidden inputs and send the outputs back as data.

This runs in the child process, confined by the sandbox, never in the grader's process. It is
copied alone next to a copy of the student's module and started as a script::

    python -I -B student_runner.py JOB.json FIRST_CASE

so it imports nothing from nngrade (nngrade is not visible inside the sandbox), only the
standard library and NumPy. ``JOB.json`` holds ``{"module", "function", "outputs", "cases"}``;
each case is a list of arguments, an array written as ``{"shape": [...], "data": [...]}``.

The runner keeps the original standard output as its channel to the grader and points file
descriptor 1 at standard error, so the student's prints cannot be mistaken for results. It sends
one JSON line ``{"ready": true}`` (or ``{"load_failed": ...}``, ``{"missing": true}``), then one
line per case from FIRST_CASE on: ``{"case": i, "values": [item, ...]}``, ``{"case": i,
"count": n}`` (a multi-output function returned n values), ``{"case": i, "returned": type}`` (it
returned no sequence) or ``{"case": i, "raised": "Type: message"}``. An item is an array as
above, ``{"kind": type}`` (not numbers) or ``{"too_many": size}``.

Nothing here is trusted by the grader: the student's code runs in this process and could write
anything to the channel. The grader validates every line (``call_results.read_outcome``) and
computes the expected values itself, in its own process.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys

import numpy as np

MAX_ENTRIES = 100_000
MAX_MESSAGE = 300


def describe(error: BaseException) -> str:
    """``Type: message``, short; for any exception, including KeyboardInterrupt and SystemExit."""
    try:
        detail = str(error)
    except BaseException:  # a student's exception whose __str__ itself raises
        detail = ""
    text = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 3] + "..."


def encode_argument(argument):
    """An input as it is written into the job file (the grader's side of ``decode``)."""
    if isinstance(argument, np.ndarray):
        return {"shape": list(argument.shape), "data": argument.astype(float).ravel().tolist()}
    return argument


def decode(argument):
    """An argument of the job file as the function receives it (arrays become float ndarrays)."""
    if isinstance(argument, dict):
        return np.array(argument["data"], dtype=float).reshape(argument["shape"])
    return argument


def encode_item(value) -> dict:
    """One returned value as data: an array of floats, or what kind of thing it was."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return {"kind": type(value).__name__}
    if array.size > MAX_ENTRIES:
        return {"too_many": int(array.size)}
    return {"shape": list(array.shape), "data": array.ravel().tolist()}


def encode_result(value, outputs: int) -> dict:
    """What the function returned, as the fields of a case message."""
    if outputs == 1:
        return {"values": [encode_item(value)]}
    if not isinstance(value, (tuple, list)):
        return {"returned": type(value).__name__}
    if len(value) != outputs:
        return {"count": len(value)}
    return {"values": [encode_item(item) for item in value]}


def call_case(function, arguments: list, outputs: int) -> dict:
    """Call the function on one case; any exception at all is reported, never re-raised."""
    try:
        return encode_result(function(*[decode(argument) for argument in arguments]), outputs)
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: a failure, not an exit
        return {"raised": describe(error)}


def load(path: str, name: str):
    spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = getattr(module, name, None)
    return function if callable(function) else None


def main(argv: list[str]) -> None:
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)

    def send(message: dict) -> None:
        channel.write(json.dumps(message) + "\n")
        channel.flush()

    with open(argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    try:
        function = load(job["module"], job["function"])
    except BaseException as error:  # the module's top level may raise anything, or exit
        send({"load_failed": describe(error)})
        return
    if function is None:
        send({"missing": True})
        return
    send({"ready": True})
    for index in range(int(argv[2]), len(job["cases"])):
        send({"case": index, **call_case(function, job["cases"][index], job["outputs"])})


if __name__ == "__main__":
    main(sys.argv)
