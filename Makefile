# Two commands for a new user: `make run` (translate seeds/) and `make test`.
# Each builds its own virtual environment, installing the pinned torch first, then the project.
# Where torch comes from: the default index, which on an ordinary Linux machine serves the CUDA
# build (several GB); `make run TORCH_INDEX=https://download.pytorch.org/whl/cpu` takes the
# CPU-only wheel instead (the default ct2 engine needs torch only to convert the model once).

PYTHON ?= python3
VENV ?= .venv
TORCH_PIN ?= torch==2.13.0
TORCH_INDEX ?=
# MODEL=tests/fixtures/tiny-marian runs on the repo's tiny model, with no hub access needed.
MODEL ?=
OUT ?= outputs
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
# LibreOffice Calc reads pairs.xlsx back in its test (tests/test_xlsx.py), as its users open it.
CALC ?= /usr/lib/libreoffice/share/registry/calc.xcd
OMEGAT ?= /usr/bin/omegat

.PHONY: run test lint typecheck install install-dev clean bench bench-segmentation \
	bench-summaries bench-batch bench-scale bench-ray bench-documents

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) $(TORCH_PIN)

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

test: lint typecheck $(CHROMIUM) $(CALC) $(OMEGAT)
	TRANSLATE_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# The HTML view is tested in a real headless browser: Debian's chromium, installed when missing
# (as root; otherwise install it yourself or point CHROMIUM at another Chromium binary).
$(CHROMIUM):
	@[ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null || { echo "make test needs Chromium \
	for the browser tests: sudo apt-get install chromium, or make test CHROMIUM=/path/to/it"; exit 1; }
	apt-get install -y -q chromium >/dev/null || \
	    (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# Translation speed and memory of each engine against the naive transformers loop, on a random
# model of opus-mt-de-en's exact shape (built once into bench/.cache/); writes bench/results.md.
# `make bench QUICK=1` does one repetition (under 5 minutes).
bench: install
	$(BIN)/python bench/speed.py $(if $(QUICK),--quick)

# German sentence segmentation: our rules against pySBD on the shared gold sets (needs ../shared).
bench-segmentation: install-dev
	$(BIN)/python bench/segmentation.py

# English summaries: ours against Lead-3 and sumy by ROUGE (the `bench` extra: rouge-score, sumy).
bench-summaries: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/summaries.py

# Batch runs of 50 short articles on the tiny model: cross-article batching vs one article at a
# time, and a warm cache; writes bench/results-batch.md.
bench-batch: install
	$(BIN)/python bench/batch.py

# Archive-sized batches: 500 vs 8,000 tiny articles (cold and warm cache), one run of 100,000
# (`make bench-scale QUICK=1` skips it), the cost of fsync, and the share of the run outside
# translation on the opus-mt-shaped model; writes bench/results-scale.md.
bench-scale: install
	$(BIN)/python bench/scale.py $(if $(QUICK),--quick)

# --ray's overhead on this machine and the speed-up of a second (simulated) node: the same 200
# articles in-process, on a local Ray with 2 actors, and on Ray clusters of one and two nodes of
# one CPU each, on the opus-mt-shaped model and the tiny one; writes bench/results-ray.md.
# `make bench-ray QUICK=1` runs the tiny model only (a minute).
bench-ray: install-dev
	$(BIN)/python bench/on_ray.py $(if $(QUICK),--quick)

# The spreadsheet is read back in LibreOffice Calc, installed when missing (as root).
$(CALC):
	@[ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null || { echo "make test needs LibreOffice \
	Calc for the spreadsheet test: sudo apt-get install libreoffice-calc-nogui"; exit 1; }
	apt-get install -y -q --no-install-recommends libreoffice-calc-nogui >/dev/null || \
	    (apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends \
	    libreoffice-calc-nogui >/dev/null)

# Our memory is round-tripped through a real CAT tool, OmegaT's console mode, installed when
# missing (as root).
$(OMEGAT):
	@[ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null || { echo "make test needs OmegaT \
	for the CAT-tool round trip: sudo apt-get install omegat"; exit 1; }
	apt-get install -y -q omegat >/dev/null || \
	    (apt-get update -q >/dev/null && apt-get install -y -q omegat >/dev/null)

# Reading .docx, .odt and .pdf files built by LibreOffice (needs soffice and hyphen-de);
# writes bench/results-documents.md.
bench-documents: install-dev
	$(BIN)/python bench/documents.py
