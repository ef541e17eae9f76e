# The two commands of the README: `make demo` and `make test`. Both create .venv with pip
# when it is missing, install the kit from constraints.txt (exact versions, so committed
# notebook outputs match), and re-run fast when nothing changed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONHASHSEED := 0

.PHONY: demo test lab bench notebooks lint clean help

help:
	@echo "make demo   - install and run the analysis on the bundled demo corpus (report in build/demo/report.html)"
	@echo "make test   - install with the dev tools and run every test, notebooks included"
	@echo "make lab    - open the notebooks in JupyterLab"
	@echo "make bench  - run the performance benchmarks (BENCH_ARGS=--quick for a short run)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q pip==26.3

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

demo: $(VENV)/.installed-run
	$(BIN)/coveragekit report --demo --out build/demo
	@echo "open build/demo/report.html in a browser to read the report"

test: $(VENV)/.installed-dev
	@$(BIN)/python -m pytest tests coveragekit notebooks --doctest-modules --nbval \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg -q; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; fi; exit $$rc

notebooks: $(VENV)/.installed-dev
	$(BIN)/python tools/execute_notebooks.py

lab: $(VENV)/.installed-dev
	$(BIN)/jupyter lab notebooks/

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check coveragekit tests

clean:
	rm -rf build
