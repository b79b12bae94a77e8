# Two commands for a newcomer: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "B12 Reminders needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# make demo PORT=5001 HOST=0.0.0.0; make demo RESET=1 starts the demo over.
PORT  ?= 5000
HOST  ?= 127.0.0.1
RESET ?=

demo: $(STAMP)
	$(BIN)/reminders demo --host $(HOST) --port $(PORT) $(if $(RESET),--reset)

test: lint
	$(BIN)/pytest

# The import contracts in pyproject.toml: each package imports only those below it, no circles.
lint: $(STAMP)
	$(BIN)/lint-imports --no-cache

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache
