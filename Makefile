# The two commands: `make run` (install, migrate, demo data, web + worker) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
# Links the demo and the CLI print point at the server `make run` starts, unless set already.
CALLIBRATE_PUBLIC_URL ?= http://$(HOST):$(PORT)
export CALLIBRATE_PUBLIC_URL

.PHONY: run test install install-dev chromium test-sqlite test-postgres clean

run: install
	$(BIN)/callibrate db upgrade
	$(BIN)/callibrate demo
	@echo "Starting a job worker and the web server on http://$(HOST):$(PORT) (Ctrl+C stops both)."
	@$(BIN)/callibrate worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/callibrate run --host $(HOST) --port $(PORT)

# The SQLite pass ignores a PostgreSQL URL; the second pass uses it when one is set.
test: install-dev chromium
	env -u CALLIBRATE_TEST_DATABASE_URL $(PYTEST)
	@if [ -n "$$CALLIBRATE_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$CALLIBRATE_TEST_DATABASE_URL"; $(PYTEST); fi

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Callibrate needs Python 3.11 or newer"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Browser tests drive Debian's chromium; Playwright never downloads a browser.
chromium:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
