# `make demo` and `make test` work on a fresh machine with nothing but Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup gazetteer bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m frontlines.web.assets
	touch $(STAMP)

setup: $(STAMP)

gazetteer: setup
	$(BIN)/frontlines gazetteer build

DEMO_DB := demo.db

demo: setup
	$(BIN)/frontlines extract samples/corpus.jsonl --format table
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/frontlines ingest samples/corpus.jsonl --db $(DEMO_DB)
	$(BIN)/frontlines events --db $(DEMO_DB)
	$(BIN)/frontlines timeline --db $(DEMO_DB)
	@echo ""
	@echo "Open the dashboard on this store:  $(BIN)/frontlines serve --db $(DEMO_DB)   then the ?review= address it prints"
	@echo "Review the events one at a time (c confirm, r reject, t retype, e edit, s skip, q quit):  $(BIN)/frontlines review --db $(DEMO_DB)"

# Browser tests use Debian's chromium (never `playwright install`); as root the set-up installs it.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium is not installed: the browser tests will skip"; }

test: setup chromium
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/stories.py
	$(BIN)/python bench/timeline.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
