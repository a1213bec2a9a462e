# Journeymap — the two commands: `make demo` (run the demo) and `make test` (run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
PORT   ?= 5000
HOST   ?= 127.0.0.1
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

## demo: install, migrate instance/journeymap.db, seed the demo journey and its accounts, serve web
## + scheduler, print the URL and the demo sign-ins
demo: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) db seed-demo
	$(FLASK) journeys rollup
	$(FLASK) serve --host $(HOST) --port $(PORT) --open-path /journeys/northwind/map --demo-logins

## test: install, then run every test (PostgreSQL and browser tests included where available) in
## parallel workers, listing the slowest at the end so a slow newcomer shows up in every CI log
test: $(STAMP)
	$(BIN)/python -m pytest --durations=25

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check app surveys journeys sentiment demo tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
