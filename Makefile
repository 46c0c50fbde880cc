# Two commands for a new user: `make run` (translate seeds/) and `make test`.
# Each builds its own virtual environment, installing the CPU torch wheel first (pinned, so pip
# does not pull a multi-GB CUDA build), then the project.

PYTHON ?= python3
VENV ?= .venv
TORCH_PIN ?= torch==2.13.0
# MODEL=tests/fixtures/tiny-marian runs on the repo's tiny model, with no hub access needed.
MODEL ?=
OUT ?= outputs
BIN := $(VENV)/bin

.PHONY: run test lint typecheck install install-dev clean bench-segmentation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet $(TORCH_PIN)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/translate run seeds/ --out $(OUT) $(if $(MODEL),--model $(MODEL))

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# German sentence segmentation: our rules against pySBD on the shared gold sets (needs ../shared).
bench-segmentation: install-dev
	$(BIN)/python bench/segmentation.py
