# carescape: `make run` runs the headline job, `make test` the whole test suite.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench calibration ui clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $$(scripts/find_python.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/carescape run --preset default --years 10 --out results/default

test: $(STAMP)
	$(PY) -m pytest -m '' -n 2

test-fast: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) scripts/bench_speed.py

calibration: $(STAMP)
	$(VENV)/bin/carescape calibration --preset default

ui: $(STAMP)
	$(VENV)/bin/carescape ui

clean:
	rm -rf $(VENV) .pytest_cache
