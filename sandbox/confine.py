"""Run an untrusted command confined with bubblewrap plus resource limits.

Why bubblewrap: it is a Debian package (`bubblewrap`), needs no daemon and no setuid helper here,
and one `bwrap` call gives the command its own mount, PID, network, IPC and UTS namespaces. Only
the paths bound in exist inside (the course directory, the gradebook, other submissions are not
hidden by permissions, they are absent), the network namespace is empty, and when the command
ends the PID namespace ends with it, so a detached grandchild (double fork + `setsid`) dies too.

Two forms, chosen by who runs it:

- as an ordinary user, `bwrap --unshare-all --uid 65534` (an unprivileged user namespace; the
  command is `nobody` inside, the caller outside);
- as root (CI, a grading server), bwrap without a user namespace: inside it `setpriv` drops to
  the real uid/gid 65534 with no capabilities and `no_new_privs`, then `unshare --user` gives it
  a user namespace of its own (65534 mapped to 65534). bwrap's own user namespace would map
  `nobody` inside to root outside, and the kernel exempts root from RLIMIT_NPROC, so the process
  limit would not bite. Writable paths are handed to uid 65534 (chown) in this form.

In both forms `prlimit` sets RLIMIT_AS, RLIMIT_CPU, RLIMIT_NPROC and RLIMIT_FSIZE just before the
command starts, inside the sandbox's user namespace, so RLIMIT_NPROC counts the processes of this
sandbox only (a fork bomb in one cannot starve another running at the same time).
`run_confined` enforces the wall time and caps the output it keeps.
"""
from __future__ import annotations

import functools
import os
import selectors
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from nngrade.sandbox.limits import Limits

SANDBOX_UID = 65534
SANDBOX_GID = 65534
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# The few files of /etc that programs need to start (dynamic linker, locale, users, time zone).
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
             "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/alternatives")
BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"}
# How long run_confined keeps reading after the command has exited (its PID namespace is gone by
# then, so the pipes close at once; this only bounds a pathological case).
DRAIN_SECONDS = 1.0


class SandboxUnavailable(RuntimeError):
    """The sandbox is required but cannot run here (the message names the reason)."""


@dataclass(frozen=True)
class Availability:
    ok: bool
    reason: str


@dataclass(frozen=True)
class Confined:
    returncode: int | None   # None when killed at the wall timeout
    stdout: bytes
    stderr: bytes
    timed_out: bool
    truncated: bool          # some output was dropped (over limits.output_bytes)
    seconds: float


def _tool(name: str) -> str:
    found = shutil.which(name, path="/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
    if not found:
        raise SandboxUnavailable(f"`{name}` not found (Debian package "
                                 f"{'bubblewrap' if name == 'bwrap' else 'util-linux'})")
    return found


def _as_root() -> bool:
    return os.geteuid() == 0


def _interpreter_paths() -> list[str]:
    """This Python's prefixes (a venv and the interpreter it was made from)."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             str(Path(sys.executable).resolve().parent.parent)}
    return sorted(path for path in paths if path and Path(path).is_dir())


class _Binds:
    """bwrap bind arguments; the folders above each mount point are made 0755 first (bwrap would
    make them 0700, which `nobody` could not cross)."""

    def __init__(self):
        self.arguments: list[str] = []
        self._made: set[str] = {"/", "/tmp", "/proc", "/dev"}

    def add(self, option: str, source: str, target: str | None = None) -> None:
        target = target or source
        parents = [str(parent) for parent in reversed(Path(target).parents)]
        for parent in parents:
            if parent not in self._made:
                self.arguments += ["--perms", "0755", "--dir", parent]
                self._made.add(parent)
        self.arguments += [option, source, target]
        self._made.add(target)

    def add_tmpfs(self, target: str, size_bytes: int) -> None:
        """A fresh memory-backed folder of at most ``size_bytes`` at ``target``."""
        for parent in [str(parent) for parent in reversed(Path(target).parents)]:
            if parent not in self._made:
                self.arguments += ["--perms", "0755", "--dir", parent]
                self._made.add(parent)
        self.arguments += ["--perms", "1777", "--size", str(size_bytes), "--tmpfs", target]
        self._made.add(target)


def _system_arguments() -> _Binds:
    binds = _Binds()
    for directory in SYSTEM_DIRS:
        path = Path(directory)
        if path.is_symlink():
            binds.add("--symlink", os.readlink(path), directory)
        elif path.is_dir():
            binds.add("--ro-bind", directory)
    for name in ETC_FILES:
        if Path(name).exists():
            binds.add("--ro-bind", name)
    for prefix in _interpreter_paths():
        if not any(prefix == d or prefix.startswith(d + "/") for d in SYSTEM_DIRS):
            binds.add("--ro-bind", prefix)
    return binds


def _hand_to_sandbox_user(path: Path) -> None:
    os.chown(path, SANDBOX_UID, SANDBOX_GID, follow_symlinks=False)
    if path.is_dir() and not path.is_symlink():
        for root, directories, files in os.walk(path):
            for name in directories + files:
                os.chown(os.path.join(root, name), SANDBOX_UID, SANDBOX_GID, follow_symlinks=False)


def confined_command(argv: Sequence[str], *, read_only: Sequence[str | Path] = (),
                     writable: Sequence[str | Path] = (), workdir: str | Path | None = None,
                     limits: Limits = Limits(), network: bool = False,
                     env: Mapping[str, str] | None = None, hidden: Sequence[str | Path] = (),
                     private: Sequence[str | Path] = ()) -> list[str]:
    """`argv` wrapped so that it runs confined: only the system directories, this interpreter,
    `read_only` (read-only) and `writable` (read-write) exist inside, each at its own path, plus a
    private /tmp, /proc and a minimal /dev. Each folder in `private` is, like /tmp, an empty
    memory-backed folder of at most `limits.tmp_mb` (a place to write that cannot fill the
    host's disk). Each folder in `hidden` is covered by an empty tmpfs after the binds (a package
    inside the interpreter's prefix that the command must not import).
    Raises SandboxUnavailable if a tool is missing."""
    bwrap, prlimit = _tool("bwrap"), _tool("prlimit")
    command = [bwrap]
    if _as_root():
        command += ["--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"]
        if not network:
            command += ["--unshare-net"]
        # kept only until setpriv drops them all: to change uid, and for bwrap to enter a
        # working directory that only uid 65534 may search
        command += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                    "--cap-add", "CAP_SETPCAP", "--cap-add", "CAP_DAC_READ_SEARCH"]
    else:
        command += ["--unshare-all", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_GID),
                    "--disable-userns"]
        if network:
            command += ["--share-net"]
    command += ["--die-with-parent", "--new-session", "--clearenv"]
    for name, value in {**BASE_ENV, **(env or {})}.items():
        command += ["--setenv", name, value]
    command += ["--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", str(limits.tmp_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    binds = _system_arguments()
    for path in read_only:
        binds.add("--ro-bind", str(Path(path).resolve()))
    for path in writable:
        resolved = Path(path).resolve()
        if _as_root():
            _hand_to_sandbox_user(resolved)
        binds.add("--bind", str(resolved))
    for path in private:
        binds.add_tmpfs(str(Path(path).resolve()), limits.tmp_mb * 1024 * 1024)
    command += binds.arguments
    for path in hidden:
        command += ["--tmpfs", str(Path(path).resolve())]
    command += ["--chdir", str(Path(workdir).resolve()) if workdir is not None else "/tmp", "--"]
    if _as_root():
        command += [_tool("setpriv"), f"--reuid={SANDBOX_UID}", f"--regid={SANDBOX_GID}",
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                    "--no-new-privs", "--",
                    _tool("unshare"), "--user", f"--map-user={SANDBOX_UID}",
                    f"--map-group={SANDBOX_GID}", "--"]
    command += [prlimit, *limits.prlimit_arguments(), "--"]
    return command + [str(part) for part in argv]


def _feed(stream, data: bytes) -> None:
    try:
        stream.write(data)
    except (BrokenPipeError, OSError):
        pass
    finally:
        try:
            stream.close()
        except OSError:
            pass


def run_confined(argv: Sequence[str], *, input: bytes | None = None, read_only=(), writable=(),
                 workdir=None, limits: Limits = Limits(), network: bool = False,
                 env: Mapping[str, str] | None = None, hidden=(), private=()) -> Confined:
    """Run `argv` confined and collect its output (at most limits.output_bytes of each stream).

    Never waits past limits.wall_seconds: at the deadline the whole sandbox is killed, and output
    pipes held open by a detached grandchild cannot keep it waiting (the PID namespace dies with
    the command)."""
    command = confined_command(argv, read_only=read_only, writable=writable, workdir=workdir,
                               limits=limits, network=network, env=env, hidden=hidden,
                               private=private)
    started = time.monotonic()
    deadline = started + limits.wall_seconds
    process = subprocess.Popen(command, stdin=subprocess.PIPE if input is not None else
                               subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    if input is not None:
        threading.Thread(target=_feed, args=(process.stdin, input), daemon=True).start()
    kept = {process.stdout: bytearray(), process.stderr: bytearray()}
    truncated = False
    timed_out = False
    selector = selectors.DefaultSelector()
    for stream in kept:
        os.set_blocking(stream.fileno(), False)
        selector.register(stream, selectors.EVENT_READ)
    exited_at = None
    while selector.get_map():
        now = time.monotonic()
        if now >= deadline:
            timed_out = True
            break
        if exited_at is None and process.poll() is not None:
            exited_at = now
        if exited_at is not None and now - exited_at > DRAIN_SECONDS:
            break
        for key, _ in selector.select(timeout=min(0.1, deadline - now)):
            chunk = os.read(key.fileobj.fileno(), 65536)
            if not chunk:
                selector.unregister(key.fileobj)
                continue
            buffer = kept[key.fileobj]
            room = limits.output_bytes - len(buffer)
            if len(chunk) > room:
                truncated = True
            buffer += chunk[:max(room, 0)]
    selector.close()
    if process.poll() is None:
        _kill(process)
        timed_out = timed_out or time.monotonic() >= deadline
    process.wait()
    for stream in kept:
        stream.close()
    return Confined(returncode=None if timed_out else process.returncode,
                    stdout=bytes(kept[process.stdout]), stderr=bytes(kept[process.stderr]),
                    timed_out=timed_out, truncated=truncated,
                    seconds=time.monotonic() - started)


def _kill(process: subprocess.Popen) -> None:
    """Kill bwrap; --die-with-parent and the PID namespace take everything inside with it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@functools.lru_cache(maxsize=1)
def availability() -> Availability:
    """Whether the sandbox works here: the tools exist and a trial run of this interpreter, as
    `nobody` with no network, succeeds."""
    try:
        trial = run_confined([sys.executable, "-c", "import os; print(os.getuid())"],
                             limits=Limits(wall_seconds=30.0))
    except (SandboxUnavailable, OSError) as error:
        return Availability(False, str(error))
    if trial.returncode != 0 or trial.stdout.strip() != str(SANDBOX_UID).encode():
        detail = trial.stderr.decode(errors="replace").strip().splitlines()
        return Availability(False, "bwrap trial run failed: "
                            + (detail[-1] if detail else f"exit {trial.returncode}"))
    return Availability(True, "bubblewrap")
