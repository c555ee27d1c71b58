# Targets name what a person wants: the book, the tests, a lab to work in,
# and the instructor's nbgrader steps. Every target sets up .venv first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
NBGRADER := $(BIN)/nbgrader
ASSIGNMENT ?= $(notdir $(wildcard solutions/*))
# The assignments named on the command line or in the environment; empty: let the tool take all.
PICK := $(if $(filter command line environment,$(origin ASSIGNMENT)),$(ASSIGNMENT))
PORT ?= 8000
# The nbgrader exchange (default: exchange/ in the course folder; see nbgrader_config.py).
ifdef EXCHANGE
export KZCOURSE_EXCHANGE := $(abspath $(EXCHANGE))
endif
# nbgrader runs helper programs (alembic) found on PATH: use the environment's own.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help setup data format datapackage book serve test test-long test-all test-fast lab lab-instructor release exchange release-assignment collect autograde feedback release-feedback grades hub bench bench-grading screenshots lock clean

help:
	@echo "make book         build the book into _build/html (sets up .venv first)"
	@echo "make test         the test suite (under 5 minutes): data, chapters, strict build, book in a browser"
	@echo "make test-long    the long group: every exercise graded, the class on JupyterHub, the labs (CI runs it)"
	@echo "make serve        serve _build/html on http://127.0.0.1:$(PORT)"
	@echo "make lab          the student's JupyterLab: chapters, exercises, Assignment List"
	@echo "make lab-instructor  JupyterLab with nbgrader's Formgrader and Create Assignment"
	@echo "Instructors (ASSIGNMENT=name picks one assignment; default: all in solutions/):"
	@echo "make release      regenerate exercises/ from solutions/ with nbgrader"
	@echo "make exchange     set up the nbgrader exchange (EXCHANGE=path; default exchange/) and private folders"
	@echo "make release-assignment  release exercises to students through the exchange (FORCE=1 again)"
	@echo "make collect      collect submissions from the exchange into submitted/"
	@echo "make autograde    autograde submitted/*/<assignment>, in parallel (JOBS=n)"
	@echo "make feedback     write HTML feedback (hidden tests removed) into feedback/"
	@echo "make release-feedback  return feedback to students through the exchange"
	@echo "make grades       export grades/<assignment>.csv (part by part) and grades/lms.csv"
	@echo "make hub          run the course's JupyterHub (as root; see jupyterhub_config.py)"
	@echo "make data         derive data/derived/ from the unchanged files in data/raw/"
	@echo "make format       rewrite MyST chapters in the form jupytext (and so JupyterLab) writes"
	@echo "make bench        print build and test timings and page sizes, then make bench-grading"
	@echo "make bench-grading  autograde N=100 synthetic submissions: nbgrader vs the parallel grader"
	@echo "make screenshots  desktop and phone screenshots of the book in _build/screenshots/"

# The virtual environment is rebuilt only when the pins or the package metadata change.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m kzcourse.tools.venv_setup
	@touch $@

# JavaScript the book serves itself (widget manager, require.js, MathJax, axe-core).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(STAMP) $(NODE_STAMP)

data: $(STAMP)
	$(BIN)/python -m kzcourse.derive

# Rewrite MyST chapters in the form jupytext writes (so a save in JupyterLab changes nothing).
format: $(STAMP)
	$(BIN)/python -m kzcourse.tools.myst_format

datapackage: $(STAMP)
	$(BIN)/python -m kzcourse.tools.datapackage refresh

book: setup data
	$(BIN)/python -m kzcourse.tools.build
	@echo "The book is in $(CURDIR)/_build/html/index.html (make serve to browse it)"

serve:
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m kzcourse.tools.serve $(PORT)

# make test stays under five minutes; the long group (every exercise graded, the class on
# JupyterHub, the labs driven in a real JupyterLab) runs with make test-long, and CI runs both.
test: setup data
	$(BIN)/python -m pytest -m "not long"

test-long: setup data
	$(BIN)/python -m pytest -m long

test-all: setup data
	$(BIN)/python -m pytest

test-fast: setup data
	$(BIN)/python -m pytest -m "not slow and not browser"

# The student's lab (nbgrader's instructor tools off) and the instructor's (kzcourse/tools/labs.py).
# LAB_ARGS passes options to JupyterLab, e.g. LAB_ARGS="--no-browser --port=8899".
lab: setup data
	$(BIN)/python -m kzcourse.tools.labs student $(LAB_ARGS)

lab-instructor: setup data
	$(BIN)/python -m kzcourse.tools.labs instructor $(LAB_ARGS)

release: setup
	$(BIN)/python -m kzcourse.tools.grading release $(PICK)

# The instructor's steps with the exchange (kzcourse/tools/grading.py): each says what it
# did, and exits non-zero when it found nothing to do.
exchange: setup
	$(BIN)/python -m kzcourse.tools.exchange setup

release-assignment: setup
	$(BIN)/python -m kzcourse.tools.grading release-assignment $(PICK) $(if $(FORCE),--force)

collect: setup
	$(BIN)/python -m kzcourse.tools.grading collect $(PICK)

autograde: setup
	$(BIN)/python -m kzcourse.tools.grading autograde $(PICK) $(if $(JOBS),--jobs=$(JOBS))

feedback: setup
	$(BIN)/python -m kzcourse.tools.grading feedback $(PICK)

release-feedback: setup
	$(BIN)/python -m kzcourse.tools.grading release-feedback $(PICK)

grades: setup
	$(BIN)/python -m kzcourse.tools.grades

# JupyterHub for a class on this host: run as root (PAM logins, one server per account).
hub: setup data
	$(BIN)/jupyterhub -f $(CURDIR)/jupyterhub_config.py

bench: setup data
	$(BIN)/python -m kzcourse.tools.bench
	$(BIN)/python -m kzcourse.tools.bench_grading $(if $(N),--n=$(N)) $(if $(JOBS),--jobs=$(JOBS))

bench-grading: setup data
	$(BIN)/python -m kzcourse.tools.bench_grading $(if $(N),--n=$(N)) $(if $(JOBS),--jobs=$(JOBS))

screenshots: book
	$(BIN)/python -m kzcourse.tools.screenshots

# Re-resolve the full environment after changing a pin in requirements.txt.
lock:
	rm -rf /tmp/kzcourse-lock && $(PYTHON) -m venv /tmp/kzcourse-lock
	/tmp/kzcourse-lock/bin/pip install --quiet $$(grep -vE '^\s*(#|-c|$$)' requirements.txt)
	(echo "# Full resolved environment (pip freeze), regenerated by 'make lock'."; /tmp/kzcourse-lock/bin/pip freeze) > constraints.txt

clean:
	rm -rf _build data/derived
