"""`nngrade practice` as a student meets it: driven through a pseudo-terminal (pexpect)."""
from __future__ import annotations

import json
import signal
import sys

import pytest

from nngrade.practice import Practice

pexpect = pytest.importorskip("pexpect")

SEED = 5
COMMAND = [sys.executable, "-m", "nngrade", "practice", "linear_layer", "--difficulty", "easy", "--seed", str(SEED)]


def as_a_foreground_job() -> None:
    """Give the child the Ctrl-C a terminal's shell gives a foreground job.

    A job started in the background of a non-interactive shell (as a CI runner may start this
    suite) inherits SIGINT ignored, and so would the child: Ctrl-C would then do nothing.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def spawn(arguments=COMMAND):
    child = pexpect.spawn(arguments[0], arguments[1:], encoding="utf-8", timeout=60, dimensions=(40, 100),
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "xterm"},
                          preexec_fn=as_a_foreground_job)
    return child


def interrupt(child, reply: str) -> None:
    """Press Ctrl-C until ``reply`` shows, at most six times five seconds apart.

    Python's ``input()`` loses a SIGINT that lands after the prompt is written but before the
    read starts (the flag is set, the read blocks); a second press interrupts the read. A
    person never presses inside that microsecond window; a test that presses the instant the
    prompt appears sometimes does, on a loaded machine.
    """
    for _ in range(6):
        child.sendintr()
        if child.expect([reply, pexpect.TIMEOUT], timeout=5) == 0:
            return
    raise AssertionError(f"Ctrl-C pressed six times, and {reply!r} never showed")


def finished(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_hint_bad_input_wrong_and_right_answers_then_ctrl_c():
    z = Practice("linear_layer", "easy", seed=SEED, show=False).key.expected["z"]
    child = spawn()
    child.expect("Variant 1")
    child.expect("z = ")
    child.sendline("hint")
    child.expect("Step 1 of 3")
    child.expect("z = ")
    child.sendline("[1, 2")
    child.expect("could not read that: a '\\[' is never closed")
    child.expect("z = ")
    child.sendline("0, 0")
    child.expect("Score: 0 / 1")
    child.expect("z = ")
    child.sendline(json.dumps(z))
    child.expect("All right! A new variant follows.")
    child.expect("Variant 2")
    child.expect("z = ")
    interrupt(child, "interrupted")
    child.expect("Tries: 2")
    child.expect("Right first time: 0 of 1")
    assert finished(child) == 130


def test_end_of_input_ends_the_session_with_status_0():
    child = spawn()
    child.expect("z = ")
    child.sendline("summary")
    child.expect("Tries: 0")
    child.expect("z = ")
    child.sendeof()
    child.expect("Session summary")
    assert finished(child) == 0


def test_quit_ends_the_session_with_status_0():
    child = spawn()
    child.expect("z = ")
    child.sendline("quit")
    child.expect("Session summary")
    assert finished(child) == 0


@pytest.mark.parametrize("arguments, message", [
    (["practice", "no_such_kind"], "unknown exercise kind 'no_such_kind'"),
    (["practice", "activation", "--knob", "function=cosine"], "knob function must be one of"),
    (["practice", "loss", "--seed", "-1"], "Invalid value for '--seed'"),
])
def test_an_unusable_kind_or_knob_exits_2_with_one_line(arguments, message):
    child = spawn([sys.executable, "-m", "nngrade", *arguments])
    child.expect(message)
    assert finished(child) == 2
