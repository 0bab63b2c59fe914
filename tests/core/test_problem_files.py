"""Reading a data file that a student may have made: only a regular file is read, within the cap."""
from __future__ import annotations

import os
import threading

import pytest

from nngrade.core.problem import MAX_FILE_BYTES, ProblemFileError, read_data_file


def read_within(path, seconds=5.0):
    """What read_data_file(path) gives, or "hung" when it has not returned in time."""
    outcome = {}

    def run():
        try:
            outcome["value"] = read_data_file(path)
        except ProblemFileError as error:
            outcome["error"] = str(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    return outcome or "hung"


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "01-activation.json"
    os.mkfifo(fifo)
    outcome = read_within(fifo)
    assert outcome != "hung" and "not a regular file" in outcome["error"]


def test_a_device_is_refused(tmp_path):
    outcome = read_within("/dev/zero")
    assert outcome != "hung" and "not a regular file" in outcome["error"]


def test_a_regular_file_is_read_and_one_over_the_cap_refused(tmp_path):
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    small.write_text('{"z": [1, 2]}')
    large.write_bytes(b'"' + b"1" * MAX_FILE_BYTES + b'"')
    assert read_within(small) == {"value": {"z": [1, 2]}}
    assert "larger than" in read_within(large)["error"]


def test_a_large_file_that_is_not_json_is_refused_quickly_not_parsed_as_yaml(tmp_path):
    """PyYAML takes tens of seconds on a few megabytes: only a hand-sized file is read as YAML."""
    import time

    from nngrade.core.problem import MAX_YAML_BYTES

    large = tmp_path / "answers.yaml"
    large.write_text("z: [" + "1, " * 1_000_000 + "1]\n")
    start = time.perf_counter()
    outcome = read_within(large, 30)
    assert outcome != "hung" and "YAML" in outcome["error"] and str(MAX_YAML_BYTES) in outcome["error"]
    assert time.perf_counter() - start < 1
    small = tmp_path / "small.yaml"
    small.write_text("z: [" + "1, " * (MAX_YAML_BYTES // 4) + "1]\n")
    assert read_within(small, 30)["value"]["z"][0] == 1


@pytest.mark.parametrize("text", ['{"z": ' + "1" * 5000 + "}", "z: " + "1" * 5000 + "\n"])
def test_a_number_too_long_to_convert_is_a_problem_file_error(tmp_path, text):
    path = tmp_path / "answers.json"
    path.write_text(text)
    assert "too long" in read_within(path)["error"]


@pytest.mark.parametrize("text", ['{"z": [[0]], "z": [[1]]}', '{"p": {"z": 1, "z": 2}}', "z: 0\nz: 1\n",
                                  "p: {z: 1, z: 2}\n", "1: a\n1: b\n"])
def test_a_key_given_twice_in_one_mapping_is_refused_not_read_as_the_last(tmp_path, text):
    path = tmp_path / "answers.json"
    path.write_text(text)
    with pytest.raises(ProblemFileError, match="given twice in one mapping"):
        read_data_file(path)


def test_a_yaml_merge_key_still_overrides_as_yaml_defines_it(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text("base: &base {x: 1, y: 2}\nmine:\n  <<: *base\n  x: 3\n")
    assert read_data_file(path) == {"base": {"x": 1, "y": 2}, "mine": {"x": 3, "y": 2}}
