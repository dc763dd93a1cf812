# Two set-up commands, both safe on a fresh clone: `make play` and `make test`.
# Both install the versions we test with, from requirements.lock (refresh it with `make lock`).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := test,postgres,serve

.PHONY: play test lint bench install lock clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

play: $(STAMP)
	$(BIN)/stormdesk play

lint: $(STAMP)
	$(BIN)/ruff check sim scoring scenarios tests benchmarks
	$(BIN)/lint-imports --no-cache

# The suite mostly waits (drill processes, a browser, Textual's pilot): four workers on two cores
# (pytest-xdist). Real-time drills run one at a time per store (xdist groups, tests/conftest.py).
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 4

# The real-browser test runs on its own afterwards: a headless Chromium on a loaded two-core
# machine loses keys on their way to the page's terminal (seen: the Enters of the join form).
BROWSER_TESTS := tests/functional/drill_store/test_browser_seat.py

test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --deselect $(BROWSER_TESTS)
	$(BIN)/python -m pytest $(BROWSER_TESTS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Re-resolve every dependency to its newest allowed version in a scratch venv and record it.
# Run `make test` afterwards and commit requirements.lock only if it passes.
lock:
	rm -rf .lockvenv && $(PY) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet --upgrade pip
	.lockvenv/bin/python -m pip install --quiet -e '.[$(EXTRAS)]'
	( echo "# Versions \`make test\` passes with. Refresh: make lock && make test"; \
	  .lockvenv/bin/python -m pip freeze --exclude-editable | LC_ALL=C sort -f ) > requirements.lock
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) build *.egg-info
