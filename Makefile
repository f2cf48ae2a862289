# Two commands for a fresh machine with python3 and make:
#   make demo   - preview the example smart playlist over examples/clips.jsonl
#   make test   - run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/filterengine preview examples/playlists/latest-news.json examples/clips.jsonl --now 2026-11-20T12:00:00Z

test: $(STAMP)
	bash .ci/ensure-engines
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest -m spark tests/test_conformance.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_predicate.py
	$(BIN)/python benchmarks/bench_query.py
	$(BIN)/python benchmarks/bench_preview.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
