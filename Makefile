# Two commands for a newcomer: `make generate` and `make test`. Each bootstraps .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: generate test check validate golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(BIN)/python pyproject.toml generated/python/pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' -e ./generated/python
	touch $@

## Regenerate generated/ (SDK and docs) from spec/.
generate: $(INSTALLED)
	$(BIN)/sparkgen schema
	$(BIN)/sparkgen generate

## The whole suite: drift check, type checks, tests.
test: $(INSTALLED)
	$(BIN)/sparkgen check
	$(BIN)/mypy --strict -p generator
	$(BIN)/mypy --strict generated/python/sparkapi
	cd tests/golden/kitchen_sink/expected/python && ../../../../../$(BIN)/mypy --strict --cache-dir /dev/null -p sparkapi
	$(BIN)/pytest

## Validate the spec only.
validate: $(INSTALLED)
	$(BIN)/sparkgen validate

## Rewrite the expected trees of the golden tests; review the diff like code.
golden: $(INSTALLED)
	SPARKGEN_UPDATE_GOLDEN=1 $(BIN)/pytest tests/golden -q

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache
