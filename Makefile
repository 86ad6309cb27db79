# Two commands for a newcomer: `make generate` and `make test`. Each bootstraps .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: generate test check validate golden docs bench bench-replication clean

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
	$(BIN)/mypy --strict tests --exclude 'tests/golden/.*/expected/' --exclude 'tests/typing/must_fail.py'
	cd runtime && ../$(BIN)/mypy --strict --cache-dir /dev/null -p sparkapi
	$(BIN)/pyright  # strict: the runtime where it is written, generated/python, tests/typing/usage.py
	$(BIN)/sparkgen generate --spec tests/golden/kitchen_sink/spec --out build/golden-kitchen-sink --no-cache >/dev/null
	cd build/golden-kitchen-sink/python && ../../../$(BIN)/mypy --strict --cache-dir /dev/null -p sparkapi
	$(BIN)/pyright -p tests/golden/pyrightconfig.json
	$(BIN)/pytest

## Validate the spec only.
validate: $(INSTALLED)
	$(BIN)/sparkgen validate

## Rewrite the expected trees of the golden tests and the expected reports of the
## broken-spec corpus (tests/spec_errors); review the diff like code.
golden: $(INSTALLED)
	SPARKGEN_UPDATE_GOLDEN=1 $(BIN)/pytest tests/golden tests/spec_errors -q

## Build the browsable reference (MkDocs Material, with search) into build/site;
## the test extra holds the docs extra, so $(INSTALLED) has MkDocs.
docs: $(INSTALLED)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## Benchmarks of the generator and the SDK beside their peers: prints a Markdown table,
## writes bench/results.json and bench/results.png. QUICK=1: fewer sizes and runs (CI);
## PROFILE=1: cProfile summaries of missed generator targets into bench/profiles/.
## Its own venv, so the peers it installs never touch the one the tests use.
BENCH_VENV := .venv-bench
BENCH_INSTALLED := $(BENCH_VENV)/.installed

$(BENCH_VENV)/bin/python:
	$(PYTHON) -m venv $(BENCH_VENV)

$(BENCH_INSTALLED): $(BENCH_VENV)/bin/python pyproject.toml generated/python/pyproject.toml
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[bench]' -e ./generated/python
	touch $@

bench: $(BENCH_INSTALLED)
	$(BENCH_VENV)/bin/python -m bench $(if $(QUICK),--quick) $(if $(PROFILE),--profile) $(BENCH_ARGS)

## Replication throughput (records/s from the local server into SQLite), measured once;
## RECORDS=50000 by default.
bench-replication: $(INSTALLED)
	$(BIN)/python -m bench.replication --records $(or $(RECORDS),50000)

clean:
	rm -rf $(VENV) $(BENCH_VENV) .mypy_cache .pytest_cache build
