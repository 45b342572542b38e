# samverkan — one command each: `make demo` starts the product, `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen
LOCALE := src/samverkan/core/locale

.PHONY: all install demo serve test test-postgres lint format bench i18n clean

all: test

# Installs uv with pip when it is missing, then the locked dependencies, then compiles the
# translation catalogs. Never downloads a Python: the machine's python3 is used.
install: .venv/.installed

.venv/.installed: pyproject.toml uv.lock $(LOCALE)/sv/LC_MESSAGES/messages.po
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --python $(PYTHON)
	$(RUN) pybabel compile -d $(LOCALE) -D messages --statistics
	@touch $@

demo: install
	$(RUN) samverkan demo --db samverkan-demo.db

serve: install
	$(RUN) samverkan serve

lint: install
	$(RUN) mypy src
	$(RUN) ruff check src tests benchmarks
	$(RUN) ruff format --check src tests benchmarks

format: install
	$(RUN) ruff check --fix src tests benchmarks
	$(RUN) ruff format src tests benchmarks

test: lint
	$(RUN) pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bench: install
	$(RUN) python -m benchmarks

# Extract translatable strings and update the Swedish catalog (then translate, then commit).
i18n: install
	$(RUN) pybabel extract -F babel.cfg -k N_ -k _ -k ngettext:1,2 --no-location --sort-output \
	    --project samverkan -o $(LOCALE)/messages.pot src
	$(RUN) pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages --no-fuzzy-matching

clean:
	rm -rf .venv .pytest_cache .ruff_cache $(LOCALE)/*/LC_MESSAGES/*.mo
