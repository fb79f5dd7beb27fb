# carescape: `make run` runs the headline job, `make test` the whole test suite.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run baseline test test-fast lint bench bench-starsim bench-fit calibration calibrate validate ui clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $$(scripts/find_python.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The headline what-if: the default municipality, baseline vs the front-door package
# (10 paired replicates x 2 arms; `carescape compare` without --no-contributions also
# runs each lever left out, 3x the runs).
run: $(STAMP)
	$(VENV)/bin/carescape compare --scenario front-door --preset default --years 10 --replicates 10 --no-contributions --out results/default

# One baseline run of the default municipality (time series and run.json).
baseline: $(STAMP)
	$(VENV)/bin/carescape run --preset default --years 10 --out results/baseline

test: $(STAMP)
	$(PY) -m pytest -m '' -n 2 --durations=20

test-fast: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(PY) scripts/bench_speed.py
	$(PY) scripts/bench_phases.py

# Carescape against a Starsim reference of the same size (installs the bench extra).
bench-starsim: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) scripts/bench_starsim.py

bench-fit: $(STAMP)
	$(PY) scripts/bench_fit.py

calibration: $(STAMP)
	$(VENV)/bin/carescape calibration --preset default

# The validation report of the default preset (5 seeds, 10 years): md and html.
validate: $(STAMP)
	$(VENV)/bin/carescape validate --preset default --seeds 5 --out results/validation

# Fit the default preset's assumption parameters (resumable: run again to continue).
calibrate: $(STAMP)
	$(VENV)/bin/carescape calibrate --preset default --trials 50 --seeds 3 --skip-missing

ui: $(STAMP)
	$(VENV)/bin/carescape ui

clean:
	rm -rf $(VENV) .pytest_cache
