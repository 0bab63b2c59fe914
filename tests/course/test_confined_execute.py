"""The confined kernel sees every folder of nngrade's code a notebook imports, so `import nngrade` works inside it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: What an assignment notebook's kernel imports: the setup cell's module, and practice mode.
KERNEL_IMPORTS = "import nngrade, nngrade.notebook, nngrade.practice.terminal"


def test_every_folder_a_notebook_imports_from_is_bound_into_the_kernel():
    pytest.importorskip("nbclient")
    from nngrade.course.confined_execute import nngrade_folders

    code = (f"import json, sys; {KERNEL_IMPORTS}; print(json.dumps(sorted(m.__file__ for n, m in sys.modules.items() "
            "if n.startswith('nngrade') and getattr(m, '__file__', None))))")
    files = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    folders = [Path(folder) for folder in nngrade_folders()]
    unbound = [file for file in files if not any(Path(file).resolve().is_relative_to(folder) for folder in folders)]
    assert len(files) > 20 and unbound == []


# -- what a kernel sends around the output caps (a real kernel in the real sandbox) ----------------

def _execute_confined(tmp_path, sources: list[str], grade_cells: tuple[int, ...] = ()):
    """Run the cells with ConfinedExecute as autograde does; the cells at ``grade_cells`` carry
    a test cell's nbgrader metadata. Returns the executed notebook and the executor."""
    pytest.importorskip("nbgrader")
    nbformat = pytest.importorskip("nbformat")
    import shutil

    from nngrade.course.confined_execute import ConfinedExecute
    from nngrade.sandbox import availability

    if shutil.which("bwrap") is None or not availability().ok:
        pytest.skip("the sandbox cannot run here")
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    for index in grade_cells:
        cells[index].metadata["nbgrader"] = {"grade": True, "grade_id": f"t{index}", "points": 1,
                                             "locked": True, "solution": False, "schema_version": 3}
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    executor = ConfinedExecute(timeout=30)
    executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}, "nbgrader": {"student": "attacker"}})
    return nb, executor


def _stored_bytes(cell) -> int:
    return len(json.dumps(cell.get("outputs", [])))


#: A cell that displays an answers record of ``MB`` megabytes, as the kernel's record() would.
FORGED_RECORD = ("from IPython.display import display\n"
                 "display({'application/vnd.nngrade.answers+json': {'answers': {'z': 'r' * MB * 2**20}},"
                 " 'text/plain': 'recorded'}, raw=True)")


@pytest.mark.nbgrader
def test_answer_records_outside_test_cells_count_against_the_output_caps(tmp_path):
    """Answers records are kept apart from the caps so that prints cannot push them out; one
    displayed in a cell the student added was kept whole, so 8 cells of 16 MB records made a
    144 MB graded notebook past the 4 MB cap."""
    honest = "from IPython.display import display\ndisplay({'application/vnd.nngrade.answers+json': {'answers': {'z': 1}}}, raw=True)"
    nb, executor = _execute_confined(tmp_path, [honest] + [FORGED_RECORD.replace("MB", "2")] * 4
                                     + [FORGED_RECORD.replace("MB", "1")], grade_cells=(0, 5))
    slack = 1000   # a note that output was dropped
    assert all(_stored_bytes(cell) <= executor.max_cell_output + slack for cell in nb.cells)
    assert sum(_stored_bytes(cell) for cell in nb.cells) <= executor.max_notebook_output + slack
    assert "application/vnd.nngrade.answers+json" in nb.cells[0].outputs[0].data


@pytest.mark.nbgrader
def test_the_kernels_error_reply_counts_against_the_output_caps(tmp_path):
    """nbgrader adds the error of an execute_reply that no error output matches to the cell; a
    kernel whose replies carried a 16 MB error bypassed every cap that way."""
    patch = """
kernel = get_ipython().kernel
original = kernel.do_execute
async def do_execute(*args, **kwargs):
    reply = await original(*args, **kwargs)
    return {'status': 'error', 'ename': 'Flood', 'evalue': 'r' * 2**21, 'traceback': [],
            'execution_count': reply.get('execution_count', 0)}
kernel.do_execute = do_execute
"""
    nb, executor = _execute_confined(tmp_path, [patch] + ["x = 1"] * 6)
    slack = 1000
    assert all(_stored_bytes(cell) <= executor.max_cell_output + slack for cell in nb.cells)
    assert sum(_stored_bytes(cell) for cell in nb.cells) <= executor.max_notebook_output + slack


def test_the_submission_is_copied_for_the_kernel_only_up_to_the_kernels_folder_size(tmp_path):
    """The kernel's folder holds at most ``Limits.tmp_mb``, but the copy made for it on the
    grader's disk had no bound: a sparse file of a few GB in a submission (taking no room
    there) was written out in full, per notebook."""
    pytest.importorskip("nbgrader")
    from nngrade.course.confined_execute import copy_submission
    from nngrade.sandbox import Limits

    submitted, copy = tmp_path / "submitted", tmp_path / "copy"
    (submitted / "data").mkdir(parents=True)
    (submitted / "hw1.ipynb").write_text("{}")
    (submitted / "data" / "small.csv").write_text("1,2\n")
    with open(submitted / "huge.bin", "wb") as handle:
        handle.truncate(4 * 1024**3)
    (submitted / "link").symlink_to(submitted / "hw1.ipynb")
    copy_submission(submitted, copy)
    copied = sorted(str(path.relative_to(copy)) for path in copy.rglob("*"))
    assert copied == ["data", "data/small.csv", "hw1.ipynb"]
    assert sum(path.stat().st_size for path in copy.rglob("*") if path.is_file()) <= Limits().tmp_mb * 2**20


@pytest.mark.nbgrader
def test_the_confined_kernel_knows_it_is_autograding_and_nothing_else_of_the_graders_environment(tmp_path, monkeypatch):
    """nbgrader marks its kernels with NBGRADER_EXECUTION=autograde; bubblewrap's cleared
    environment lost it, so every confined kernel rendered each statement (a solver and the
    renderer loaded per notebook) and ran the checks after each record, which autograding skips."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setenv("NNGRADE_STUDENT", "ada")
    monkeypatch.setenv("NNGRADE_GRADER_SECRET", "instructor only")
    nb, _ = _execute_confined(tmp_path, ["import os\nprint(os.environ.get('NBGRADER_EXECUTION'), "
                                         "os.environ.get('NNGRADE_STUDENT'), 'NNGRADE_GRADER_SECRET' in os.environ)"])
    assert nb.cells[0].outputs[0].text == "autograde ada False\n"


@pytest.mark.nbgrader
def test_the_kernel_is_killed_after_its_last_cell_so_no_atexit_hook_of_the_student_runs(tmp_path, monkeypatch):
    """A graceful shutdown ran the student's atexit hooks, and jupyter_client waits up to 5 s for
    them in every notebook; unconfined, so that what the hook would write can be seen."""
    pytest.importorskip("nbgrader")
    nbformat = pytest.importorskip("nbformat")
    from nngrade.course.confined_execute import ConfinedExecute

    monkeypatch.setenv("NNGRADE_SANDBOX", "off")
    mark = tmp_path / "atexit-ran"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"import atexit, pathlib\natexit.register(pathlib.Path({str(mark)!r}).write_text, 'ran')\nprint('registered')")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    ConfinedExecute(timeout=30).preprocess(nb, {"metadata": {"path": str(tmp_path)}, "nbgrader": {"student": "ada"}})
    assert nb.cells[0].outputs[0].text == "registered\n" and not mark.exists()
