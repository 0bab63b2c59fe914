"""Resource limits for a confined command.

One frozen value that says how much wall time, CPU time, memory, processes, file size and output
an untrusted command may use. `confine.confined_command` turns it into rlimits; `run_confined`
applies the wall time and the output cap itself.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 60.0     # killed (whole process tree) after this
    cpu_seconds: int = 60          # RLIMIT_CPU
    memory_mb: int = 2048          # RLIMIT_AS
    processes: int = 64            # RLIMIT_NPROC, this sandbox's processes and threads
    file_mb: int = 64              # RLIMIT_FSIZE
    output_bytes: int = 1_000_000  # stdout/stderr kept by run_confined; the rest is dropped
    tmp_mb: int = 256              # size of the private, memory-backed /tmp

    def prlimit_arguments(self) -> list[str]:
        """The `prlimit` options that set these rlimits (soft and hard)."""
        megabyte = 1024 * 1024
        return [
            f"--as={self.memory_mb * megabyte}",
            # soft limit sends SIGXCPU (the process can end cleanly), the hard one SIGKILL
            f"--cpu={self.cpu_seconds}:{self.cpu_seconds + 1}",
            f"--nproc={self.processes}",
            f"--fsize={self.file_mb * megabyte}",
            "--core=0",
        ]
