# The two commands of the README: `make run` (the main job) and `make test` (every check).
# Both create the virtual environment first if it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test bench reproduce

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/reglab study

reproduce: $(STAMP)
	$(VENV)/bin/reglab reproduce

test: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_engine.py
