# The two commands a new user needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` installs what the tool needs to run, `make test` adds the test extras
# (pytest, hypothesis, ruff, playwright) and the spark extra (PySpark, for the Spark engine's
# tests), so `make test` after `make run` upgrades the same venv.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test app lint screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the package metadata changes; editable, so code edits need no reinstall.
# Bytecode compiled once at install: an editable install has none, and where
# PYTHONDONTWRITEBYTECODE is set (as on our machines) every run would compile audit's ~130
# modules from source again (0.3-0.4 s of each run's start-up, BENCHMARKS.md section:speed).
# Python ignores a .pyc older than its source, so after code edits `make clean` (or a new
# pyproject.toml) restores the gain; a stale one is never used.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q audit app.py > /dev/null
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,spark]"
	touch $(TEST_STAMP)

run: $(RUN_STAMP)
	$(BIN)/audit run
	@echo "To type 'audit' yourself: . $(BIN)/activate   (or call $(BIN)/audit)"

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

# Audits the bundled story first, then serves on 127.0.0.1 (.streamlit/config.toml).
app: $(RUN_STAMP)
	$(BIN)/python -m audit.app.serve

lint: $(TEST_STAMP)
	$(BIN)/ruff check audit tests bench scripts app.py
	$(BIN)/ruff format --check audit tests bench scripts app.py

# The README's screenshots, taken by the browser tests (which otherwise save them to a temporary
# folder, so that the tests never change a tracked file).
screenshots: $(TEST_STAMP)
	AUDIT_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q -m browser tests/app/test_browser.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
