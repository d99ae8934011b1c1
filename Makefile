# Everything runs inside .venv; nothing is installed globally.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup translations extract-messages update-translations lint benchmark clean

run: setup  ## Set up, load the demo catalog and serve it at http://127.0.0.1:5000/
	$(BIN)/showcase init
	$(BIN)/showcase demo
	@# The index worker applies saved changes to the search index; it stops with the server.
	$(BIN)/showcase index-worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		SHOWCASE_SEARCH_WARM_UP=1 $(BIN)/showcase run --host 127.0.0.1 --port 5000

test: setup  ## Set up and run the whole test suite (one worker per core)
	$(BIN)/ruff check .
	$(BIN)/pytest -n auto

setup: $(STAMP) translations

$(STAMP): setup.cfg constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,dev,serve,postgres]'
	touch $(STAMP)

translations: $(STAMP)  ## Compile the message catalogs (.po -> .mo)
	$(BIN)/pybabel -q compile -d translations
	$(BIN)/pybabel -q compile -d translations -D portal

extract-messages: $(STAMP)  ## Collect translatable strings into translations/messages.pot
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k _n:1,2 -o translations/messages.pot \
		--no-location --sort-output --add-comments=Translators: .
	@# The portal and staff pages (Korean and English only) mark their strings _p / _lp / _np.
	$(BIN)/pybabel extract -F translations/babel.cfg --no-default-keywords -k _p -k _lp \
		-k _np:1,2 -o translations/portal.pot --no-location --sort-output \
		--add-comments=Translators: .

update-translations: extract-messages  ## Merge new strings into every locale's .po file
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	for locale in en ko; do $(BIN)/pybabel update -D portal -i translations/portal.pot \
		-d translations -l $$locale --no-fuzzy-matching --init-missing || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check .

benchmark: setup  ## Measure search speed against SQLite FTS5 (prints a table)
	$(BIN)/python benchmarks/search.py

clean:
	rm -rf $(VENV) instance
