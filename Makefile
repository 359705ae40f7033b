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
	@[ -d ../shared/eval ] || echo "../shared/eval is not beside this checkout: scoring this repository's own sets only (tests/nlu/); put the shared sets at ../shared to score them too"
	@for set in ../shared/eval/fmcg ../shared/eval/electricals ../shared/eval/agri tests/nlu/blind/* \
	            tests/nlu/trades/* tests/nlu/fresh; do \
	  [ -f $$set/catalog.csv ] || continue; \
	  printf '%s ' $$set; $(VENV)/bin/orderbot eval --set $$set --misses /tmp/orderbot_misses_$$(basename $$set).json | head -1; \
	done

quotecheck: $(STAMP)
	@if [ ! -f ../shared/tools/quotecheck.py ] || [ ! -d ../shared/eval/quotes ]; then \
	  echo "quotecheck needs ../shared/tools/quotecheck.py and ../shared/eval/quotes beside this checkout (the shared pricing scenarios); they are not there, so nothing was checked. The pricing rules are tested without them by tests/domain."; \
	else $(PY) ../shared/tools/quotecheck.py ../shared/eval/quotes --bin $(VENV)/bin/orderbot; fi

clean:
	rm -rf $(VENV) build *.egg-info
