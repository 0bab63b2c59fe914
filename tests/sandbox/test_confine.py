"""The sandbox, through the real bwrap: who the command is, what it sees, and what it cannot do.

Each test runs this interpreter confined and checks one wall: the uid is nobody, paths not bound
are absent, the host's localhost is unreachable, the rlimits bite, the output is capped, and
neither a detached grandchild nor a command that never ends can keep run_confined waiting.
"""
from __future__ import annotations

import os
import shutil
import socket
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nngrade.sandbox import (Limits, UNCONFINED_WARNING, availability, confined_command,
                             run_confined, use_sandbox)

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None,
                                reason="bubblewrap is not installed (Debian package bubblewrap)")
REPO = Path(__file__).resolve().parents[2]


def python(code: str, **keywords):
    return run_confined([sys.executable, "-c", textwrap.dedent(code)], **keywords)


def test_available_here():
    found = availability()
    assert found.ok, found.reason


def test_the_command_runs_as_nobody():
    result = python("import os; print(os.getuid(), os.getgid(), os.geteuid())")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [b"65534", b"65534", b"65534"]


def test_paths_not_bound_are_absent(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "gradebook.db").write_text("marks")
    outside_tmp = REPO / "tests"
    result = python(f"""
        import os
        print(os.path.exists({str(course)!r}), os.path.exists({str(outside_tmp)!r}),
              os.path.exists('/root/.ssh'), sorted(os.listdir('/etc')))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"False False False"), result.stdout
    assert b"shadow" not in result.stdout


def test_read_only_and_writable_binds(tmp_path):
    shown, scratch = tmp_path / "shown", tmp_path / "scratch"
    shown.mkdir()
    scratch.mkdir(mode=0o700)
    (shown / "data.txt").write_text("given")
    result = python(f"""
        import pathlib
        print(pathlib.Path({str(shown / 'data.txt')!r}).read_text())
        pathlib.Path({str(scratch / 'out.txt')!r}).write_text('written')
        pathlib.Path('/tmp/private.txt').write_text('the private /tmp is writable')
        try:
            pathlib.Path({str(shown / 'data.txt')!r}).write_text('changed')
        except OSError as error:
            print('refused', error.errno)
    """, read_only=[shown], writable=[scratch], workdir=scratch)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == [b"given", b"refused"]
    result = python("import os; print(os.getuid(), os.getcwd())", writable=[scratch], workdir=scratch)
    assert result.stdout.split() == [b"65534", str(scratch).encode()], result.stderr
    assert (scratch / "out.txt").read_text() == "written"
    assert (shown / "data.txt").read_text() == "given"


def test_the_network_is_refused():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    try:
        result = python(f"""
            import socket
            try:
                socket.create_connection(('127.0.0.1', {port}), timeout=5)
                print('connected')
            except OSError as error:
                print('refused', type(error).__name__)
        """)
    finally:
        listener.close()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"refused"), result.stdout


def test_memory_limit_bites():
    result = python("block = bytearray(600 * 1024 * 1024); print('allocated')",
                    limits=Limits(memory_mb=256))
    assert b"allocated" not in result.stdout
    assert b"MemoryError" in result.stderr


def test_cpu_limit_bites():
    result = python("while True: pass", limits=Limits(cpu_seconds=1, wall_seconds=30))
    assert not result.timed_out
    assert result.returncode != 0
    assert result.seconds < 15


def test_file_size_limit_bites(tmp_path):
    result = python(f"""
        with open({str(tmp_path / 'big')!r}, 'wb') as handle:
            handle.write(b'x' * (3 * 1024 * 1024))
        print('written')
    """, writable=[tmp_path], limits=Limits(file_mb=1))
    assert b"written" not in result.stdout
    assert (tmp_path / "big").stat().st_size <= 1024 * 1024


def test_process_limit_bites():
    result = python("""
        import subprocess
        started = []
        try:
            for _ in range(40):
                started.append(subprocess.Popen(['sleep', '5']))
            print('all started')
        except OSError as error:
            print('refused after', len(started))
    """, limits=Limits(processes=12))
    assert b"refused after" in result.stdout, (result.stdout, result.stderr)
    assert int(result.stdout.split()[-1]) < 12


def test_the_process_limit_is_per_sandbox():
    """A sandbox at its process limit does not stop another one, run at the same time, from
    starting its own processes."""
    import threading

    hog = threading.Thread(target=python, args=("""
        import subprocess
        try:
            for _ in range(40):
                subprocess.Popen(['sleep', '6'])
        except OSError:
            pass
        import time; time.sleep(6)
    """,), kwargs={"limits": Limits(processes=12)})
    hog.start()
    time.sleep(2)
    result = python("""
        import subprocess
        children = [subprocess.Popen(['true']) for _ in range(8)]
        print('started', sum(child.wait() == 0 for child in children))
    """, limits=Limits(processes=12))
    hog.join()
    assert result.stdout.split() == [b"started", b"8"], (result.stdout, result.stderr)


def test_output_is_capped():
    result = python("import sys; sys.stdout.write('x' * 5_000_000)",
                    limits=Limits(output_bytes=1000))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"x" * 1000
    assert result.truncated


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_a_detached_grandchild_holding_the_pipes_neither_hangs_nor_survives(tmp_path):
    marker = f"detached-{os.getpid()}-{time.time_ns()}"
    late = tmp_path / "late.txt"
    result = python(f"""
        import os, subprocess, sys
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv('/bin/sh', ['sh', '-c', 'sleep 3; echo full marks > {late}; sleep 300',
                                     {marker!r}])
            os._exit(0)
        print('parent done')
    """, writable=[tmp_path], limits=Limits(wall_seconds=60))
    assert result.returncode == 0, result.stderr
    assert not result.timed_out
    assert result.seconds < 10
    time.sleep(4)
    assert not late.exists()
    assert _processes_with(marker) == []


def test_the_wall_timeout_kills_the_whole_tree():
    marker = f"wall-{os.getpid()}-{time.time_ns()}"
    result = python(f"""
        import subprocess, time
        subprocess.Popen(['sh', '-c', 'sleep 300', {marker!r}])
        time.sleep(300)
    """, limits=Limits(wall_seconds=2))
    assert result.timed_out
    assert result.returncode is None
    assert result.seconds < 10
    time.sleep(0.5)
    assert _processes_with(marker) == []


def test_input_reaches_the_command():
    result = python("import sys; print(sys.stdin.read().upper())", input=b"answer")
    assert result.stdout.strip() == b"ANSWER"


def test_the_environment_is_only_what_is_given(monkeypatch):
    monkeypatch.setenv("INSTRUCTOR_SECRET", "key")
    result = python("import os; print(sorted(os.environ))", env={"ANSWER": "42"})
    assert b"INSTRUCTOR_SECRET" not in result.stdout
    assert b"ANSWER" in result.stdout


def test_the_command_is_wrapped_not_run():
    command = confined_command(["true"])
    assert Path(command[0]).name == "bwrap"
    assert command[-1] == "true"


def test_switched_off_warns_and_declines(monkeypatch, capsys):
    monkeypatch.setenv("NNGRADE_SANDBOX", "off")
    assert use_sandbox() is False
    assert UNCONFINED_WARNING in capsys.readouterr().err


def test_on_by_default(monkeypatch):
    monkeypatch.delenv("NNGRADE_SANDBOX", raising=False)
    assert use_sandbox() is True


def test_a_folder_inside_a_bound_one_can_be_hidden(tmp_path):
    shown = tmp_path / "prefix"
    (shown / "nngrade").mkdir(parents=True)
    (shown / "nngrade" / "code_checks.py").write_text("REFERENCE = 1")
    (shown / "numpy.py").write_text("")
    result = run_confined([sys.executable, "-c", f"import os; print(sorted(os.listdir({str(shown)!r})), "
                                                 f"os.listdir({str(shown / 'nngrade')!r}))"],
                          read_only=[shown], hidden=[shown / "nngrade"])
    assert result.stdout.decode().split("\n")[0] == "['nngrade', 'numpy.py'] []", result.stderr


def test_a_private_folder_is_writable_bounded_and_leaves_the_disk_alone(tmp_path):
    work = tmp_path / "work"
    result = python(f"""
        import os
        written = 0
        try:
            for number in range(8):
                with open(os.path.join({str(work)!r}, f'f{{number}}'), 'wb') as handle:
                    for _ in range(4):
                        handle.write(b'x' * 1024 * 1024)
                        written += 1
        except OSError as error:
            print(type(error).__name__)
        print(written, os.getcwd())
    """, private=[work], workdir=work, limits=Limits(tmp_mb=8, file_mb=64))
    words = result.stdout.decode().split()
    assert words[0] == "OSError" and int(words[1]) <= 8 and words[2] == str(work.resolve()), result
    assert not work.exists() or list(work.iterdir()) == []   # nothing reached the host's folder
