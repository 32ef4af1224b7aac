# `make demo` and `make test` work on a fresh machine with nothing but Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup gazetteer bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

gazetteer: setup
	$(BIN)/frontlines gazetteer build

demo: setup
	$(BIN)/frontlines extract samples/corpus.jsonl --format table

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
