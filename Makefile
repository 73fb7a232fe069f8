# Appui: `make run` starts the site on http://127.0.0.1:8000/, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
# `make run` serves as a visitor would see it: friendly error pages, no debug data
# (`DEBUG=1 make run` for Django's debug pages).
DEBUG ?= 0

.PHONY: install run test chromium pango pdftotext sip lint messages bench

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(STAMP) pango
	$(BIN)/appui migrate --noinput
	$(BIN)/appui load_demo
	@DEBUG=$(DEBUG) $(BIN)/appui worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$(DEBUG) $(BIN)/gunicorn appui.wsgi:application --bind 127.0.0.1:8000 --workers 3 --threads 2 \
		--access-logfile - --error-logfile - --logger-class appui.core.logfilters.GunicornLogger

# Browser tests drive Debian's Chromium; install it when we can, else they are skipped.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium for the browser tests (apt-get)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "NOTE: $(CHROMIUM) is missing and cannot be installed here (needs root and apt-get):"; \
		echo "      the browser tests will be skipped."; \
	fi

# WeasyPrint (the plan as a PDF) needs Pango from the system; install it when we can.
pango:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
		&& ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Pango for PDF documents (apt-get)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
	else \
		echo "NOTE: Pango is missing and cannot be installed here (needs root and apt-get):"; \
		echo "      PDF downloads will not work; install libpango-1.0-0, libpangoft2-1.0-0 and libharfbuzz-subset0."; \
	fi

# The generated documents' tests read their text back with pdftotext (poppler-utils).
pdftotext:
	@if command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing pdftotext for the document tests (apt-get)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	else \
		echo "NOTE: pdftotext is missing and cannot be installed here (needs root and apt-get):"; \
		echo "      the tests that read generated documents back will be skipped."; \
	fi

# The helpline's SIP tests place a real call through Kamailio with SIPp; install them when we can.
# Debian starts a service on installing kamailio: stop and disable the one installed here.
sip:
	@if command -v sipp >/dev/null 2>&1 && [ -x /usr/sbin/kamailio ] \
		&& ls /usr/lib/*/kamailio/modules/http_client.so /usr/lib/*/kamailio/modules/crypto.so >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Kamailio and SIPp for the SIP tests (apt-get)..."; \
		had_kamailio=$$(dpkg-query -W -f='$${Status}' kamailio 2>/dev/null | grep -c 'ok installed'); \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			kamailio kamailio-utils-modules kamailio-tls-modules sip-tester >/dev/null; \
		if [ "$$had_kamailio" = 0 ] && [ -d /run/systemd/system ]; then \
			systemctl disable --now kamailio.service >/dev/null 2>&1 || true; \
		fi; \
	else \
		echo "NOTE: Kamailio or SIPp is missing and cannot be installed here (needs root and apt-get):"; \
		echo "      the SIP tests will be skipped (packages: kamailio kamailio-utils-modules"; \
		echo "      kamailio-tls-modules sip-tester)."; \
	fi

# Tests run in parallel (pytest-xdist): one process per core, at most 8 (pyproject.toml),
# each with its own test database. `make test TEST_WORKERS=0` runs them in one process.
TEST_WORKERS ?= logical

test: $(STAMP) chromium pango pdftotext sip
	APPUI_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# After changing interface strings: extract them, translate the .po files, then compile.
messages: $(STAMP)
	$(BIN)/appui makemessages --all --no-obsolete --add-location=file \
		--ignore=.venv --ignore=var --ignore=tests
	$(BIN)/appui compilemessages --ignore=.venv --ignore=var

# Speed of the rights engine; needs `make run` in another terminal for the HTTP figure.
bench: $(STAMP)
	$(BIN)/python benchmarks/rights.py --url http://127.0.0.1:8000
