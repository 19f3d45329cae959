# The two commands a new user needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test app screenshots lint bench-run clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the package metadata changes; editable, so code edits need no reinstall.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/audit run

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Audits the bundled story first, then serves on 127.0.0.1 (.streamlit/config.toml).
app: $(STAMP)
	$(BIN)/python -m audit.app.serve

# The README's screenshots, taken by the browser tests (Debian's chromium).
screenshots: $(STAMP)
	AUDIT_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q -m browser tests/app/test_browser.py

lint: $(STAMP)
	$(BIN)/ruff check audit tests bench app.py
	$(BIN)/ruff format --check audit tests bench app.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
