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

eval: $(STAMP)
	$(VENV)/bin/orderbot eval --set ../shared/eval/fmcg

quotecheck: $(STAMP)
	$(PY) ../shared/tools/quotecheck.py ../shared/eval/quotes --bin $(VENV)/bin/orderbot

clean:
	rm -rf $(VENV) build *.egg-info
