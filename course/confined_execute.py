"""nbgrader's Execute with the student's kernel confined and everything it sends bounded.

By default (see :func:`nngrade.sandbox.use_sandbox`) each notebook's kernel runs under
bubblewrap as ``nobody``: in a copy of the notebook's folder (links left out) made inside a
memory-backed folder of bounded size, so it cannot fill the host's disk, with no network, its own
PID namespace (every process it starts dies with it), and rlimits on memory, CPU time, processes
and file size. All the cells of a notebook share one wall time, ``notebook_seconds`` (by default
the cell time-out times the instructor's code cells): cells that the student added, each
sleeping just under the time-out, cannot stretch one notebook, and so the class, for hours;
cells past it are not run and their grade cells fail. The course directory, the gradebook, other submissions and ``nngrade-specs/*.json`` do
not exist inside. The kernel talks to nbgrader over ZeroMQ IPC sockets in the scratch folder
(an unshared network namespace has no localhost to share), and interrupts travel as messages
(a signal to bwrap would not reach the kernel). Run as root, once the kernel is connected its
socket folder is handed back to root, so the kernel cannot swap a socket for a symbolic link
that the grader's client would follow on a reconnect.

Inside the kernel, :mod:`.kernel_output` caps what each cell prints at ``max_cell_output``
characters, so an honest runaway print (100 MB, 400 MB) costs neither time nor memory and the
cells after it still record their answers. Student code can undo that cap; the bounds below
hold whatever it does. Whatever the kernel sends is data to check, not to trust:

- a message larger than ``max_message_bytes`` (64 MB) is refused by ZeroMQ before it is read,
  which also cuts the output channel: the rest of that notebook records nothing (only code that
  goes around the print cap can send one);
- each cell keeps at most ``max_cell_output`` bytes of output and the notebook
  ``max_notebook_output``; beyond that outputs are dropped with a note. The answers a test cell
  records are kept apart (the last record of a cell, never pushed out by a flood of prints), but
  only in a test cell and only up to a record's largest size: anywhere else an answers record is
  ordinary output under the caps;
- the error of an execute reply, which nbgrader adds to the cell when no error output matches
  it (a time-out's), counts against the same caps; one over them is replaced by a short error,
  so the cell still fails;
- a malformed message is logged and dropped; if talking to the kernel fails in any other way,
  the cells that did not run are failed and grading goes on (the steps after Execute always run);
- outputs that are not valid nbformat are dropped, so the graded notebook can always be saved.

Under ``NNGRADE_SANDBOX=off`` the kernel runs unconfined as nbgrader's would, with the same
bounds on what it sends, and the results say they are not tamper-proof.
"""
from __future__ import annotations

import importlib.util
import json
import math
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from queue import Empty
from time import monotonic

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellControlSignal, DeadKernelError
from nbformat import NotebookNode
from nbformat.v4.nbbase import validate
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Instance, Integer, List, Type, Unicode, default
from traitlets.log import get_logger

from nngrade.sandbox import Limits, confined_command, use_sandbox

from . import kernel_output
from .autograde import UNCONFINED, error_output
from .notebook_protocol import ANSWERS_MIME, AUTOGRADE_VARIABLE, MAX_RECORD_CHARS, STUDENT_VARIABLE

DROPPED_NOTE = "[nngrade: output beyond {limit} bytes was not kept]\n"
#: Largest display message of an answers record kept apart from the caps: the record's JSON plus
#: room for its plain-text line and the message's own keys.
RECORD_MESSAGE_BYTES = MAX_RECORD_CHARS + 4096


#: A module of the top package and every layer below it: their folders hold all of nngrade.
NNGRADE_PARTS = ("nngrade.notebook", "nngrade.practice", "nngrade.course", "nngrade.classwork", "nngrade.handouts",
                 "nngrade.rendering", "nngrade.exercises", "nngrade.grading", "nngrade.sandbox", "nngrade.solvers",
                 "nngrade.generators", "nngrade.core")


def nngrade_folders() -> list[str]:
    """The folders of nngrade's code, for the kernel to import nngrade (an editable install keeps
    them in the source tree, outside the interpreter's prefix). Only package folders (with an
    ``__init__.py``) qualify: run from a course directory, ``nngrade`` itself may resolve to the
    folder of assignment specs of a course built by an earlier version (``nngrade/``), which
    must never be bound."""
    folders = set()
    for name in NNGRADE_PARTS:
        spec = importlib.util.find_spec(name)
        folder = Path(spec.origin).resolve().parent if spec and spec.origin else None
        if folder is not None and (folder / "__init__.py").is_file():
            folders.add(str(folder))
    return sorted(folders)


class TolerantChannel(AsyncZMQSocketChannel):
    """A channel that drops what is not a well-formed, correctly signed Jupyter message instead
    of raising (an exception here would end the notebook's execution)."""

    async def get_msg(self, timeout: float | None = None):
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            remaining = None if deadline is None else max(0.0, deadline - monotonic())
            try:
                msg = await super().get_msg(timeout=remaining)
            except Empty:
                raise
            except Exception as error:
                get_logger().warning("Dropped a malformed message from the kernel: %s: %s",
                                     type(error).__name__, error)
                continue
            if (isinstance(msg.get("msg_type"), str) and isinstance(msg.get("content"), dict)
                    and isinstance(msg.get("parent_header"), dict)):
                return msg
            get_logger().warning("Dropped a malformed message from the kernel (%s)", msg.get("msg_type"))


class BoundedKernelClient(AsyncKernelClient):
    """A kernel client whose sockets refuse messages over ``max_message_bytes`` unread and drop
    malformed ones."""

    max_message_bytes = Integer(64 * 1024 * 1024)
    shell_channel_class = Type(TolerantChannel)
    iopub_channel_class = Type(TolerantChannel)

    def _context_default(self):
        context = super()._context_default()
        context.setsockopt(zmq.MAXMSGSIZE, self.max_message_bytes)
        return context


class BoundedKernelManager(AsyncKernelManager):
    """A kernel manager whose client bounds and checks what the kernel sends."""

    max_message_bytes = Integer(64 * 1024 * 1024)

    @default("client_factory")
    def _client_factory_default(self):
        return BoundedKernelClient

    def client(self, **kwargs):
        return super().client(max_message_bytes=self.max_message_bytes, **kwargs)


class ConfinedKernelManager(BoundedKernelManager):
    """A kernel manager whose kernel runs confined, over IPC sockets in ``scratch``."""

    scratch = Unicode(help="Folder of the submission's copy (bound read-only) and the sockets "
                           "(writable)")
    read_only = List(Unicode(), help="Folders bound read-only besides the system and Python")
    limits = Instance(Limits, args=())
    kernel_env = Dict(help="The kernel's whole environment (nothing else is inherited)")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.connection_file = str(Path(self.scratch) / "sockets" / "kernel.json")
        self.ip = str(Path(self.scratch) / "sockets" / "kernel")

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"  # a signal to bwrap would not reach the kernel
        return spec

    kernel_log = Instance(object, allow_none=True, help="Binary file for the kernel's own stdout "
                                                        "and stderr (capped by RLIMIT_FSIZE)")

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        # the kernel's file descriptors 1 and 2 go to a file, never to nbgrader's terminal or log
        kw["stdout"] = kw["stderr"] = self.kernel_log
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    def format_kernel_cmd(self, extra_arguments=None):
        # The kernel works in a size-bounded, memory-backed folder (the host's disk is out of
        # reach): the submission's copy is bound read-only and copied in before the kernel starts
        # (files beyond the folder's size are left out; the kernel starts all the same).
        files, work = Path(self.scratch) / "files", Path(self.scratch) / "work"
        copy_then_start = ["/bin/sh", "-c", 'cp -R -- "$1"/. "$2"/; shift 2; exec "$@"', "sh",
                           str(files), str(work), *super().format_kernel_cmd(extra_arguments)]
        return confined_command(copy_then_start, read_only=[*self.read_only, files],
                                writable=[Path(self.scratch) / "sockets"], private=[work],
                                workdir=work, limits=self.limits, env=self.kernel_env)


class ConfinedExecute(Execute):
    """nbgrader's Execute, confined, with bounded outputs; never aborts the grading steps."""

    # a lost "idle" message (dropped with an oversized one) ends the cell, not the notebook
    raise_on_iopub_timeout = Bool(False).tag(config=True)

    @default("shutdown_kernel")
    def _shutdown_kernel_default(self):
        # Killed once its last cell has replied, not asked to shut down: every output it sent is
        # in by then, the student's atexit hooks have nothing to grade (a slow one held each
        # notebook up to jupyter_client's 5 s wait), and a graceful shutdown cost ~0.3 s of
        # waiting per notebook. A confined kernel's whole sandbox dies with it.
        return "immediate"

    max_cell_output = Integer(256 * 1024, help="Bytes of output kept per cell").tag(config=True)
    max_notebook_output = Integer(4 * 1024 * 1024, help="Bytes of output kept per notebook").tag(config=True)
    max_message_bytes = Integer(64 * 1024 * 1024, help="Largest message read from the kernel (a "
                                "larger one cuts its output channel)").tag(config=True)
    memory_mb = Integer(2048, help="The kernel's address space (RLIMIT_AS)").tag(config=True)
    processes = Integer(64, help="The kernel's processes and threads (RLIMIT_NPROC)").tag(config=True)
    file_mb = Integer(64, help="Largest file the kernel may write (RLIMIT_FSIZE)").tag(config=True)
    cpu_seconds = Integer(0, help="The kernel's CPU time (RLIMIT_CPU); 0: the per-cell timeout "
                                  "times the number of code cells, plus start-up").tag(config=True)
    notebook_seconds = Integer(0, help="Wall time for all the cells of one notebook; 0: the per-cell "
                               "timeout times the instructor's code cells (those nbgrader "
                               "knows); cells after it are not run").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict, km=None):
        confined = use_sandbox()
        resources[UNCONFINED] = not confined
        self._received = {}
        self._received_total = 0
        self._answers_at = {}
        self._noted = set()
        self._scratch = None
        self._deadline = None
        self._kernel_log = tempfile.TemporaryFile(prefix="nngrade-kernel-log-")
        arguments = list(self.extra_arguments)
        self.extra_arguments = [*arguments, *self._kernel_output_cap()]
        try:
            if confined:
                self._scratch = tempfile.mkdtemp(prefix="nngrade-kernel-")
                self._copy_folder(resources)
            super().preprocess(nb, resources, km=km)
        except DeadKernelError as error:
            self.log.warning("The kernel died while running %s: %s%s", _student(resources), error,
                             self._kernel_log_tail())
            _fail_unrun_grade_cells(nb)
        except Exception as error:  # whatever the kernel sent, grading goes on without it
            self.log.warning("Running the notebook of %s stopped: %s: %s%s", _student(resources),
                             type(error).__name__, error, self._kernel_log_tail())
            _fail_unrun_grade_cells(nb)
        finally:
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
            self._kernel_log.close()
            self.extra_arguments = arguments
        _drop_invalid_outputs(nb)
        return nb, resources

    # -- the kernel ---------------------------------------------------------------------------

    def _kernel_log_tail(self, size: int = 2000) -> str:
        self._kernel_log.seek(0, os.SEEK_END)
        self._kernel_log.seek(max(0, self._kernel_log.tell() - size))
        tail = self._kernel_log.read().decode(errors="replace").strip()
        return f"\nthe kernel's last words:\n{tail}" if tail else ""

    def _kernel_output_cap(self) -> list[str]:
        # half the stored cap: room for the messages' framing
        return ["--IPKernelApp.extensions=['nngrade.course.kernel_output']",
                f"--{kernel_output.SECTION}.limit={self.max_cell_output // 2}"]

    def _copy_folder(self, resources: dict) -> None:
        copy_submission(resources.get("metadata", {}).get("path") or ".", Path(self._scratch) / "files")
        (Path(self._scratch) / "sockets").mkdir()

    def create_kernel_manager(self):
        if self._scratch is None:
            self.km = BoundedKernelManager(kernel_name=self._kernel_name(), config=self.config,
                                           max_message_bytes=self.max_message_bytes)
            return self.km
        code_cells = sum(cell.cell_type == "code" for cell in self.nb.cells)
        limits = Limits(memory_mb=self.memory_mb, processes=self.processes, file_mb=self.file_mb,
                        cpu_seconds=self.cpu_seconds or (self.timeout or 30) * code_cells + 30)
        env = kernel_environment()
        self.km = ConfinedKernelManager(kernel_name=self._kernel_name(), config=self.config,
                                        scratch=self._scratch,
                                        read_only=nngrade_folders(), limits=limits, kernel_env=env,
                                        max_message_bytes=self.max_message_bytes,
                                        kernel_log=self._kernel_log)
        return self.km

    def start_new_kernel_client(self):
        client = super().start_new_kernel_client()
        if self._scratch is not None and os.geteuid() == 0:
            # The kernel has bound its sockets; from now on it may not replace them (with a
            # symbolic link, say, that the grader's client would follow when it reconnects).
            sockets = Path(self._scratch) / "sockets"
            os.chown(sockets, 0, 0)
            sockets.chmod(0o755)
        return client

    # -- the notebook's time ------------------------------------------------------------------

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if self._deadline is None:
            budget = self._notebook_seconds()
            self._deadline = monotonic() + budget if budget else float("inf")
        if monotonic() >= self._deadline:
            cell.outputs = []
            if cell.metadata.get("nbgrader", {}).get("grade"):
                cell.outputs = [error_output("NotebookTimeout", "the notebook used up its time "
                                             "before this cell ran")]
            if cell_index not in self._noted:
                self._noted.add(cell_index)
                self.log.warning("The notebook of %s used up its time; cell %d and later are not run",
                                 _student(self.resources), cell_index)
            return cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    execute_cell = run_sync(async_execute_cell)  # nbconvert calls the synchronous form

    def _notebook_seconds(self) -> float:
        if self.notebook_seconds:
            return self.notebook_seconds
        if not self.timeout or self.timeout < 0:
            return 0
        known = sum(cell.cell_type == "code" and "nbgrader" in cell.metadata for cell in self.nb.cells)
        return self.timeout * max(known, 1)

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        if self._deadline is None or self._deadline == float("inf"):
            return timeout
        remaining = max(1, math.ceil(self._deadline - monotonic()))
        return remaining if timeout is None else min(timeout, remaining)

    def _kernel_name(self) -> str:
        return self.kernel_name or self.nb.metadata.get("kernelspec", {}).get("name") or "python3"

    # -- what the kernel sends ----------------------------------------------------------------

    def process_message(self, msg, cell, cell_index):
        try:
            content = msg["content"]
            count = content.get("execution_count", 0) if isinstance(content, dict) else None
            if not isinstance(content, dict) or not isinstance(count, (int, type(None))):
                raise ValueError("content is not a mapping with an integer execution_count")
            return super().process_message(msg, cell, cell_index)
        except CellControlSignal:
            raise
        except Exception as error:
            self.log.warning("Dropped a malformed message from the kernel: %s: %s",
                             type(error).__name__, error)
            return None

    def output(self, outs, msg, display_id, cell_index):
        content = msg["content"]
        size = _size(content)
        if _is_answers(content) and size <= RECORD_MESSAGE_BYTES and self._is_test_cell(cell_index):
            return self._keep_last_answers(outs, msg, display_id, cell_index)
        room = self._room(cell_index)
        self._account(cell_index, size)
        if size <= room:
            return super().output(outs, msg, display_id, cell_index)
        if msg["msg_type"] == "stream" and room > 0 and isinstance(content.get("text"), str):
            cut = {**msg, "content": {**content, "text": content["text"][:room]}}
            super().output(outs, cut, None, cell_index)
        self._note_dropped(outs, cell_index)
        return None

    def _is_test_cell(self, cell_index) -> bool:
        cells = self.nb.cells
        return (isinstance(cell_index, int) and 0 <= cell_index < len(cells)
                and bool(cells[cell_index].metadata.get("nbgrader", {}).get("grade")))

    def _keep_last_answers(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, None, cell_index)
        if out is None or not outs or outs[-1] is not out:
            return out
        previous = self._answers_at.get(cell_index)
        if previous is not None and previous < len(outs) - 1 and _is_answers(outs[previous]):
            outs[previous] = outs.pop()
        else:
            self._answers_at[cell_index] = len(outs) - 1
        return out

    def _update_display_id(self, display_id, msg):
        size = _size(msg.get("content"))
        room = self._room(None)
        self._account(None, size)
        if size <= min(room, self.max_cell_output):
            super()._update_display_id(display_id, msg)

    def on_cell_executed(self, **kwargs):
        # nbgrader's hook copies an unmatched error reply, which came on the shell channel and so
        # past output(), into the cell's outputs: bound what it added
        cell, cell_index = kwargs["cell"], kwargs["cell_index"]
        before = len(cell.outputs)
        super().on_cell_executed(**kwargs)
        for index in range(before, len(cell.outputs)):
            size = _size(cell.outputs[index])
            room = self._room(cell_index)
            self._account(cell_index, size)
            if size > room:
                cell.outputs[index] = error_output("ReplyDropped", "the kernel's error reply was larger "
                                                   "than the output this cell may keep")

    def handle_comm_msg(self, outs, msg, cell_index):
        return None  # widget state is not graded and would be stored unbounded

    def clear_output(self, outs, msg, cell_index):
        super().clear_output(outs, msg, cell_index)
        self._answers_at.pop(cell_index, None)

    def _room(self, cell_index) -> int:
        total_room = self.max_notebook_output - self._received_total
        if cell_index is None:
            return total_room
        return min(total_room, self.max_cell_output - self._received.get(cell_index, 0))

    def _account(self, cell_index, size: int) -> None:
        self._received_total += size
        if cell_index is not None:
            self._received[cell_index] = self._received.get(cell_index, 0) + size

    def _note_dropped(self, outs, cell_index) -> None:
        if cell_index in self._noted:
            return
        self._noted.add(cell_index)
        limit = min(self.max_cell_output, self.max_notebook_output)
        outs.append(NotebookNode(output_type="stream", name="stdout", text=DROPPED_NOTE.format(limit=limit)))


def kernel_environment() -> dict[str, str]:
    """The only variables a confined kernel gets (bubblewrap clears the rest): whose numbers to
    draw, and nbgrader's mark that it is autograding (``NBGRADER_EXECUTION``), so that the
    notebook's statement cells render nothing and its hidden test cells only record and fail
    closed, as in nbgrader's own, unconfined kernel."""
    env = {STUDENT_VARIABLE: os.environ.get(STUDENT_VARIABLE, "")}
    if AUTOGRADE_VARIABLE in os.environ:
        env[AUTOGRADE_VARIABLE] = os.environ[AUTOGRADE_VARIABLE]
    return env


def copy_submission(folder: str | Path, target: Path, limit_bytes: int = Limits().tmp_mb * 1024 * 1024) -> None:
    """Copy the notebook's folder to ``target``, readable by the sandbox's unprivileged user, for
    the kernel. Links are left out (what they point at is not the student's to hand in), and so
    is every regular file once the copy would pass ``limit_bytes``, the size of the kernel's own
    folder, which could hold no more: a sparse file of terabytes takes no room in a submission
    but would be written out in full here. Anything else (a FIFO, a socket) is left out too."""
    used = 0
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not os.path.islink(os.path.join(root, name))]
        into = target / Path(root).relative_to(folder)
        into.mkdir(parents=True, exist_ok=True)
        into.chmod(0o755)
        for name in sorted(names):
            source = Path(root) / name
            found = source.lstat()
            if not stat.S_ISREG(found.st_mode) or used + found.st_size > limit_bytes:
                continue
            used += found.st_size
            shutil.copyfile(source, into / name, follow_symlinks=False)
            (into / name).chmod(0o644)


def _student(resources: dict) -> str:
    return resources.get("nbgrader", {}).get("student", "?")


def _size(content) -> int:
    try:
        return len(json.dumps(content, default=str))
    except (TypeError, ValueError, RecursionError):
        return sys.maxsize


def _is_answers(output) -> bool:
    return ANSWERS_MIME in (output.get("data") or {})


def _fail_unrun_grade_cells(nb: NotebookNode) -> None:
    """Execution stopped early: the grade cells it never reached fail (not pass, as an empty
    output would in nbgrader)."""
    for cell in nb.cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and grading.get("grade") and not cell.get("outputs"):
            cell.outputs = [error_output("KernelStopped", "the kernel stopped before this cell ran")]


def _drop_invalid_outputs(nb: NotebookNode) -> None:
    """Keep only outputs nbformat accepts, so the graded notebook can be written."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if not isinstance(cell.get("execution_count"), (int, type(None))):
            cell.execution_count = None
        kept = []
        for output in cell.get("outputs", []):
            try:
                validate(output, output.get("output_type"))
            except Exception:
                continue
            kept.append(output)
        cell.outputs = kept
