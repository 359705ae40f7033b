# The two commands the README opens with: `make demo` and `make test`.
# Both create .venv on first use; nothing else needs to be installed by hand.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench bench-service eval quotecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/orderbot demo

test: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check bot nlu domain tests
	$(VENV)/bin/mypy

# Parser scaling (about a minute). The webhook (about 4 min) and memory (about 11 min)
# benchmarks need PostgreSQL and Redis: `make bench-service`.
bench: $(STAMP)
	$(PY) -m tests.bench.run

bench-service: $(STAMP)
	$(PY) -m tests.bench.webhook
	$(PY) -m tests.bench.memory

# The parser on every labelled set: the shared dev sets (when ../shared is there), then ours.
eval: $(STAMP)
	@for set in ../shared/eval/fmcg ../shared/eval/electricals ../shared/eval/agri tests/nlu/blind/* \
	            tests/nlu/trades/* tests/nlu/fresh; do \
	  [ -f $$set/catalog.csv ] || continue; \
	  printf '%s ' $$set; $(VENV)/bin/orderbot eval --set $$set --misses /tmp/orderbot_misses_$$(basename $$set).json | head -1; \
	done

quotecheck: $(STAMP)
	$(PY) ../shared/tools/quotecheck.py ../shared/eval/quotes --bin $(VENV)/bin/orderbot

clean:
	rm -rf $(VENV) build *.egg-info
