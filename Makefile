# thidua — `make run` serves the platform with demo data; `make test` runs the whole suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export THIDUA_VAR_DIR ?= $(CURDIR)/var

.PHONY: venv install install-test run serve demo test test-sqlite test-postgres rules-test messages translations lint bench clean

$(BIN)/python:
	$(shell command -v $(PY) >/dev/null 2>&1 && echo $(PY) || echo python3) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

venv: $(BIN)/python

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: system-packages $(VENV)/.installed messages

install-test: install $(VENV)/.installed-test
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }
	@test -x /usr/sbin/slapd || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils; }

system-packages:
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq gettext; }
	@test -f /usr/include/ldap.h -a -f /usr/include/sasl/sasl.h || { apt-get update -qq && apt-get install -y -qq libldap2-dev libsasl2-dev; }
	@ldconfig -p | grep -q libmagic.so.1 || { apt-get update -qq && apt-get install -y -qq libmagic1; }
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf || { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core fonts-dejavu-extra; }
	@command -v pg_dump >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql-client; }

messages: $(VENV)/.installed
	$(BIN)/thidua compilemessages --ignore=.venv -v0

# The .po files are the single source of the UI text: this extracts new msgids into them and gives English
# entries their msgid; Vietnamese is then written in the .po with any gettext editor (Poedit, Weblate…).
translations: $(VENV)/.installed system-packages
	cd thidua && ../$(BIN)/thidua makemessages -l vi -l en --no-obsolete --add-location=never -v0
	msgen --no-wrap -o thidua/locale/en/LC_MESSAGES/django.po thidua/locale/en/LC_MESSAGES/django.po

# Plain HTTP on 127.0.0.1: cookies cannot be Secure and HSTS makes no sense; production runs behind TLS.
run: install
	$(BIN)/thidua migrate --noinput -v0
	$(BIN)/thidua demo --if-empty
	SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 $(BIN)/thidua serve --bind 127.0.0.1:8000

demo: install
	$(BIN)/thidua migrate --noinput -v0
	$(BIN)/thidua demo --if-empty

test: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/thidua makemigrations --check --dry-run -v0
	$(BIN)/openfisca test --country-package thidua.rules thidua/rules/tests thidua/rules/regulations/tests
	TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend $(BIN)/pytest -p no:cacheprovider
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
	  echo "== PostgreSQL =="; \
	  DATABASE_URL=$(PG_URL) TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend $(BIN)/pytest -p no:cacheprovider -m "not browser"; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: suite ran on SQLite only"; fi

lint: install-test
	$(BIN)/ruff check .

bench: install-test
	$(BIN)/python bench/run.py
	$(BIN)/python bench/votes.py
	$(BIN)/python bench/foundation.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/audit.py
	$(BIN)/python bench/policy.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/proposals.py

clean:
	rm -rf $(VENV) var
