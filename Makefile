# The two commands in the README are `make serve` and `make test`; everything
# else here is what they are made of. Every target is idempotent: stamps make a
# second run skip installs when requirements.txt / package-lock.json are unchanged.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY_STAMP  := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build serve preview test bench bench-history chromium clean

setup: $(PY_STAMP) $(NPM_STAMP)

$(PY_STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium; Playwright cannot download its own here.
chromium:
	@test -x /usr/bin/chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; }

# Builds into .build/site.new and swaps it in only on success: a failed build leaves site/ as it was.
build: setup
	$(BIN)/python -m generator.build

serve: build
	$(BIN)/python -m generator.serve site --port $(PORT)

# An author's quick look at their own area: every procedure file is checked as in any build, only
# AREA's pages are built, and the page reloads whenever a file in procedures/ changes.
# Example: make preview AREA=bexley   (several: AREA=bexley,warwickshire)
preview: setup
	HANDBOOK_ONLY=$(AREA) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

# One pytest worker per CPU (pytest-xdist); tests sharing a costly fixture run on one worker
# (site_tests/conftest.py groups them). TEST_WORKERS=0 runs everything in this one process.
TEST_WORKERS ?= auto
test: setup chromium
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

# Timings and sizes against the performance targets: writes BENCHMARKS.md and bench/results.json.
bench: setup chromium
	$(BIN)/python -m bench

# Only the change-history figure (bench/history.py), merged into the last full run's results.
bench-history: setup
	$(BIN)/python -m bench --history-only

clean:
	rm -rf site .build
