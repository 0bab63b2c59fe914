"""Run a student's function on hidden cases in a confined child process, one process per check.

The grader's process never imports the student's module. For one check it writes a job folder
holding a copy of the student's module, a copy of ``student_runner.py`` and the cases' inputs as
JSON, and starts ``python student_runner.py`` in the sandbox (``nngrade.sandbox``): only that
folder, the system and the interpreter exist inside (nngrade's own files are hidden even when
installed inside the interpreter's prefix), with no network and limits on memory, CPU time,
processes and file size. The results files and the grader's memory are out of reach.

Outputs come back one JSON line per case and are validated by ``call_results``. Every call has
a time budget, counted by this process: a call that overruns, or a process that dies (a crash,
``os._exit``), fails the case in flight; a fresh process takes the remaining cases, at most
``Budget.restarts`` times, after which the rest fail. ``NNGRADE_SANDBOX=off`` runs the same child
without the sandbox (rlimits and time budgets still apply) for machines without user namespaces;
results are then not tamper-proof, and callers say so.
"""
from __future__ import annotations

import json
import math
import os
import resource
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nngrade.sandbox as sandbox
from nngrade.grading import call_results, student_runner
from nngrade.grading.call_results import Outcome

RUNNER = "student_runner.py"
JOB = "job.json"
MAX_LINE = 4 * 1024 * 1024
FILE_MB = 16
CHILD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
UNCONFINED_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", **CHILD_ENV}
TIMEOUT, ENDED, GARBLED = "timeout", "ended", "garbled"


@dataclass(frozen=True)
class Budget:
    """What one check's process may use."""

    case_seconds: float = 5.0     # each call, counted from the previous answer
    start_seconds: float = 20.0   # starting the process and loading the student's module
    memory_mb: int = 1024         # address space of the process
    processes: int = 16
    restarts: int = 2             # fresh processes after a timeout or a crash; then the rest fail


class MissingFunction(LookupError):
    """The student's module loaded but defines no such function."""


def call_cases(module: Path, function: str, outputs: int, cases: list[tuple],
               budget: Budget = Budget()) -> list[Outcome]:
    """The outcome of ``function`` of the student's ``module`` on each case, run confined.

    Raises MissingFunction when the module has no such function. Confined unless
    ``NNGRADE_SANDBOX=off``; the caller checks first that the sandbox works
    (``nngrade.sandbox.use_sandbox``)."""
    with tempfile.TemporaryDirectory(prefix="nngrade-job-") as folder:
        job = _write_job(Path(folder), Path(module), function, outputs, cases)
        outcomes: list[Outcome] = []
        starts = 0
        while len(outcomes) < len(cases):
            if starts > budget.restarts:
                stopped = Outcome(problem=f"not run: the student's process had to be stopped {starts} times")
                outcomes += [stopped] * (len(cases) - len(outcomes))
                break
            starts += 1
            problem = _one_process(job, function, outputs, len(cases), budget, outcomes)
            if problem:
                outcomes += [Outcome(problem=problem)] * (len(cases) - len(outcomes))
    return outcomes


def _write_job(folder: Path, module: Path, function: str, outputs: int, cases: list[tuple]) -> Path:
    folder.chmod(0o755)   # read by the sandbox's unprivileged user
    copied = folder / module.name
    descriptor = os.open(module, os.O_RDONLY | os.O_NOFOLLOW)   # never a link's target
    with os.fdopen(descriptor, "rb") as source:
        copied.write_bytes(source.read())
    (folder / RUNNER).write_text(Path(student_runner.__file__).read_text(encoding="utf-8"), encoding="utf-8")
    job = {"module": str(copied), "function": function, "outputs": outputs,
           "cases": [[student_runner.encode_argument(argument) for argument in case] for case in cases]}
    (folder / JOB).write_text(json.dumps(job), encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def _one_process(folder: Path, function: str, outputs: int, total: int, budget: Budget,
                 outcomes: list[Outcome]) -> str:
    """Run the cases from ``len(outcomes)`` on in one process, appending their outcomes.

    Returns a problem that fails every remaining case (the module did not load), else ''."""
    first = len(outcomes)
    cpu_seconds = math.ceil(budget.start_seconds + (total - first) * budget.case_seconds)
    with tempfile.TemporaryFile() as stderr:
        child = _Child(_command(folder, first, budget, cpu_seconds), folder, stderr, budget, cpu_seconds)
        try:
            hello = child.next_message(budget.start_seconds)
            if hello != {"ready": True}:
                return _load_problem(hello, function, budget, child, stderr)
            for index in range(first, total):
                message = child.next_message(budget.case_seconds)
                if message == TIMEOUT:
                    outcomes.append(Outcome(problem=f"took longer than {budget.case_seconds:g} s (stopped)"))
                    return ""
                if message == ENDED:
                    outcomes.append(Outcome(problem=f"ended the process ({child.ended()})"))
                    return ""
                if not isinstance(message, dict) or type(message.get("case")) is not int or message["case"] != index:
                    outcomes.append(Outcome(problem="sent back something that is not a result"))
                    return ""
                outcomes.append(call_results.read_outcome(
                    {key: value for key, value in message.items() if key != "case"}, outputs))
            return ""
        finally:
            child.stop()


def _load_problem(hello, function: str, budget: Budget, child: "_Child", stderr) -> str:
    if hello == {"missing": True}:
        raise MissingFunction(function)
    if isinstance(hello, dict) and set(hello) == {"load_failed"} and isinstance(hello["load_failed"], str):
        return f"the student's module failed to load: {call_results.plain_text(hello['load_failed'])}"
    if hello == TIMEOUT:
        return f"the student's module did not load within {budget.start_seconds:g} s (stopped)"
    if hello == ENDED:
        last = _last_line(stderr)
        return f"the process ended before the student's module loaded ({child.ended()})" + (f": {last}" if last else "")
    return "the student's process sent back something that is not a result"


def _last_line(stream) -> str:
    stream.seek(0, os.SEEK_END)
    stream.seek(max(0, stream.tell() - 2000))
    lines = stream.read().decode("utf-8", errors="replace").strip().splitlines()
    return call_results.plain_text(lines[-1]) if lines else ""


def _command(folder: Path, first: int, budget: Budget, cpu_seconds: int) -> list[str]:
    argv = [sys.executable, "-I", "-B", str(folder / RUNNER), str(folder / JOB), str(first)]
    if sandbox.switched_off():
        return argv
    limits = sandbox.Limits(wall_seconds=cpu_seconds + 10.0, cpu_seconds=cpu_seconds, memory_mb=budget.memory_mb,
                    processes=budget.processes, file_mb=FILE_MB)
    return sandbox.confined_command(argv, read_only=[folder], workdir=folder, limits=limits, env=CHILD_ENV,
                                    hidden=_installed_nngrade())


def _installed_nngrade() -> list[Path]:
    """nngrade's package folders that the sandbox would show: those inside the interpreter's
    prefixes (an installed wheel); an editable install's source tree is not bound at all."""
    prefixes = [Path(p).resolve() for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}]
    folders = set()
    for name, module in list(sys.modules.items()):
        if name == "nngrade" or name.startswith("nngrade."):
            for location in getattr(getattr(module, "__spec__", None), "submodule_search_locations", None) or ():
                folders.add(Path(location).resolve())
    return sorted(folder for folder in folders
                  if any(folder.is_relative_to(prefix) for prefix in prefixes + [Path("/usr")]))


class _Child:
    """The child process and the line-by-line reading of its channel, with deadlines."""

    def __init__(self, command: list[str], folder: Path, stderr, budget: Budget, cpu_seconds: int):
        unconfined = sandbox.switched_off()
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
            start_new_session=True, cwd=folder, env=UNCONFINED_ENV if unconfined else None,
            preexec_fn=_rlimits(budget, cpu_seconds) if unconfined else None)
        self.channel = self.process.stdout.fileno()
        os.set_blocking(self.channel, False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.channel, selectors.EVENT_READ)
        self.buffer = bytearray()
        self.closed = False

    def next_message(self, seconds: float):
        """The next line as a JSON object, or TIMEOUT, ENDED or GARBLED."""
        deadline = time.monotonic() + seconds
        while True:
            newline = self.buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self.buffer[:newline])
                del self.buffer[:newline + 1]
                message = call_results.parse_line(line)
                return GARBLED if message is None else message
            if len(self.buffer) > MAX_LINE:
                return GARBLED
            if self.closed:
                return ENDED
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return TIMEOUT
            if self.selector.select(remaining):
                chunk = os.read(self.channel, 65536)
                if chunk:
                    self.buffer += chunk
                else:
                    self.closed = True

    def ended(self) -> str:
        """How the process ended, in words (it has closed its channel)."""
        try:
            code = self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            return "its channel closed"
        if code < 0:
            try:
                return f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def stop(self) -> None:
        """Kill the process and everything it started (the sandbox's PID namespace dies with it)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.selector.close()
        self.process.stdout.close()


def _rlimits(budget: Budget, cpu_seconds: int):
    """The rlimits of an unconfined child (NNGRADE_SANDBOX=off), applied before it starts."""
    def apply() -> None:
        memory = budget.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_MB * 1024 * 1024,) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply
