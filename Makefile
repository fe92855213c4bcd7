# Two commands: `make run` starts the live meeting, `make test` runs lint, types and the suite.
# `make run` installs only what running needs; the developer tools come with `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench browser-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The package and what it needs at run time.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

# Besides: pytest, hypothesis, ruff, mypy and the snapshot plugin.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/moderator run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# The quick benchmarks, about a minute together: append latency, replay and export times, topic
# matching (quality on the dev petitions, speed). rapidfuzz comes with them, for a reference.
# Slower, run by hand: tui_latency.py (a minute alone; it builds 50 earlier sessions),
# import_speed.py (up to 50,000 rows), hall_latency.py.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/store_append.py --runs 3
	$(BIN)/python benchmarks/replay_export.py --runs 3
	$(BIN)/python benchmarks/duplicates.py

# The hall display in headless Chromium (Debian's chromium; skipped, with the reason, without
# it); also part of `make test`. Here it saves the README's screenshot.
browser-test: $(STAMP)
	HALL_SCREENSHOT=docs/hall-browser.png $(BIN)/pytest tests/hall/test_browser.py -rs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
