# Two entry points: `make demo` (the main job on the embedded seed-lab set) and `make test`.
# Both create .venv with everything nngrade needs; only Python 3 and make are required.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= nngrade-demo

.PHONY: demo test bench setup clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,nbgrader,cluster,report,lms,pdf]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

demo: setup
	$(BIN)/nngrade demo --out $(OUT)

test: setup
	$(BIN)/pytest

bench: setup
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache .hypothesis
