# Two commands for a new user: `make report` and `make test`. Both create .venv when it is
# missing or older than pyproject.toml, and install the package with its dev tools into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test report clean-data review lab sample-data bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

report: $(STAMP)
	$(BIN)/jejak report

clean-data: $(STAMP)
	$(BIN)/jejak clean

review: $(STAMP)
	$(BIN)/jejak review

sample-data: $(STAMP)
	$(BIN)/jejak sample-data

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
