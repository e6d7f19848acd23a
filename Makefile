# The two commands of the README. Everything else is a helper they call.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(VENV)/bin/pip
HOST   ?= 127.0.0.1:8000
# The job worker that runs exports and imports in the background: the database queue by default,
# RQ on Redis with TASKS_BACKEND=rq.
WORKER ?= $(if $(filter rq,$(TASKS_BACKEND)),rqworker default --job-class django_tasks_rq.Job,db_worker)

.PHONY: run test install install-dev lint migrate seed messages bench screenshots scan backup restore restore-file

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(PY)
	$(PIP) install --quiet -r requirements.txt

install-dev: $(PY)
	$(PIP) install --quiet -r requirements-dev.txt

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The server and the job worker together; stopping the server (Ctrl-C) stops the worker too.
run: seed
	@$(PY) manage.py $(WORKER) & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# One archive of the database and the media folder in backups/; restoring replaces both.
backup: install
	$(PY) manage.py backup

# The file is asked for before anything else runs.
restore: restore-file install
	$(PY) manage.py restore "$(FILE)"

restore-file:
	@test -n "$(FILE)" || { echo "make restore FILE=backups/childprog-YYYYMMDD-HHMMSS.tar.gz"; exit 2; }

messages: install-dev
	$(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=static/vendor
	$(PY) manage.py compilemessages --ignore=.venv

# Outside CI, on PostgreSQL: two databases (created when missing), the demo data alone and the
# demo data plus generated records up to 1,000,000; results are copied into bench/RESULTS.md.
BENCH_DB       ?= postgres://postgres@127.0.0.1:5432/childprog_bench
BENCH_SMALL_DB ?= postgres://postgres@127.0.0.1:5432/childprog_bench_1k

bench: install-dev
	$(PY) bench/import_activities.py
	DATABASE_URL=$(BENCH_SMALL_DB) $(PY) bench/data.py 1000
	DATABASE_URL=$(BENCH_DB) $(PY) bench/data.py 1000000
	DATABASE_URL=$(BENCH_DB) $(PY) bench/rollup.py
	DATABASE_URL=$(BENCH_DB) $(PY) bench/exports.py
	$(PY) bench/pages.py $(BENCH_SMALL_DB) $(BENCH_DB)
	$(PY) bench/load.py $(BENCH_SMALL_DB)
	$(PY) bench/load.py $(BENCH_DB)

screenshots: install-dev
	$(PY) docs/screenshots.py

# Outside CI: wapiti and sqlmap against a local gunicorn with a district officer's session
# (scan/run.py says what it does); the scanners live in their own virtual environment.
scan: install
	test -x .venv-scan/bin/wapiti || ($(PYTHON) -m venv .venv-scan && .venv-scan/bin/pip install --quiet -r scan/requirements.txt)
	$(PY) scan/run.py $(SCAN_ARGS)
