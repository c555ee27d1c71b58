"""``nbgrader autograde`` for a whole class: submissions run in parallel, grades are written by one process.

Stock ``nbgrader autograde`` grades one submission after another: sanitize the notebook
(put back the instructor's test cells from the gradebook), run it in a fresh kernel,
then record the scores. Almost all of the time is the run, and the run is spent in a
separate kernel process, so a class can be graded several submissions at a time. The
gradebook is an SQLite file, which several writers would contend for; here they never
do:

1. the main process does, one submission after another, everything that touches the
   gradebook before the run: it creates the student and the submission (with its
   timestamp, so lateness is computed as usual), copies the source files and writes
   the sanitized notebook, exactly as nbgrader's ``Autograde`` converter does;
2. worker processes run the sanitized notebooks (nbgrader's ``Execute``, then the
   other preprocessors of ``Autograde.autograde_preprocessors`` that do not touch the
   gradebook), several at a time. They never open the gradebook;
3. the main process takes each result as it comes and applies the rest of the
   preprocessors (``SaveAutoGrades``, ``AssignLatePenalties``, ...), writes the graded
   notebook and sets its permissions, as nbgrader does.

So every write to the gradebook happens in one process, in sequence: none can be lost
to a lock. A notebook that hangs costs its own cell timeout in one worker while the
others go on. Kernels come from a zygote (:mod:`kzcourse.tools.kernels`) that has
already imported ipykernel and the modules the assignment imports; ``--no-zygote``
starts each kernel as nbgrader does.

The configuration, options and output folders are nbgrader's: this is
``nbgrader autograde`` with ``--jobs`` (``ParallelAutograde.jobs``) and ``--no-zygote``
(``ParallelAutograde.zygote = False``). Run it as
``python -m kzcourse.tools.autograde ASSIGNMENT [--force] [--student ID] [--jobs N]``;
``make autograde`` does, through :mod:`kzcourse.tools.grading`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

import nbformat
import sqlalchemy
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.apps.autogradeapp import AutogradeApp
from nbgrader.apps.autogradeapp import flags as autograde_flags
from nbgrader.converters.autograde import Autograde
from nbgrader.converters.base import NbGraderException
from nbgrader.nbgraderformat import SchemaTooNewError, SchemaTooOldError
from nbgrader.preprocessors import Execute, IgnorePattern, LimitOutput
from nbgrader.preprocessors.execute import UnresponsiveKernelError
from nbgrader.utils import setenv
from traitlets import Bool, Integer, default

from .kernels import ZygoteKernelManager, notebook_imports, zygote

# Preprocessors that read and write only the notebook: they may run in a worker.
NOTEBOOK_ONLY = (Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput)


class ZygoteExecute(Execute):
    """nbgrader's Execute (same configuration section), with kernels from a zygote when one is set."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", ZygoteKernelManager)
        super().__init__(*args, **kwargs)


def _split(preprocessors: list) -> tuple[list, list]:
    """The leading run of notebook-only preprocessors (for the workers), and the rest."""
    head = []
    for index, pp in enumerate(preprocessors):
        cls = pp if isinstance(pp, type) else type(pp)
        if not issubclass(cls, NOTEBOOK_ONLY):
            return head, list(preprocessors[index:])
        head.append(ZygoteExecute if cls is Execute else pp)
    return head, []


# ------------------------------------------------------------------ worker processes

_WORKER: dict = {}


def _init_worker(converter: "ParallelAutograde", head: list, zygote_socket: str) -> None:
    """Runs once in each forked worker: keep what every job needs."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    config = converter.config.copy()
    if zygote_socket:
        config.ZygoteKernelManager.zygote_socket = zygote_socket
    _WORKER.update(config=config, head=head, exporter_class=converter.exporter_class)


def _run(path: str, resources: dict) -> str:
    """Run one sanitized notebook through the notebook-only preprocessors; return it as JSON text."""
    exporter = _WORKER["exporter_class"](config=_WORKER["config"])
    for pp in _WORKER["head"]:
        exporter.register_preprocessor(pp)
    with setenv(NBGRADER_EXECUTION="autograde"):
        output, _ = exporter.from_filename(path, resources=resources)
    return output


# ------------------------------------------------------------------------ the converter


class ParallelAutograde(Autograde):
    """nbgrader's Autograde converter, running the notebooks of many submissions at once."""

    jobs = Integer(
        0,
        help="How many submissions to run at once (0: one more than the number of CPUs).",
    ).tag(config=True)

    zygote = Bool(
        True,
        help="Start kernels by forking a Python that has already imported ipykernel and the "
        "modules the assignment imports (kzcourse.tools.kernels); False: start each as nbgrader does.",
    ).tag(config=True)

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1) + 1

    def _source_notebooks(self) -> list[Path]:
        folder = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", self.coursedir.assignment_id))
        return sorted(folder.glob("*.ipynb"))

    def _handle_failure(self, assignment_id: str, student_id: str, notebooks: list[str]) -> None:
        """Remove what a failed submission left, as nbgrader's convert_notebooks does."""
        from nbgrader.utils import remove, rmtree

        dest = os.path.normpath(self._format_dest(assignment_id, student_id))
        if self.coursedir.notebook_id == "*":
            if os.path.exists(dest):
                self.log.warning("Removing failed assignment: %s", dest)
                rmtree(dest)
        else:
            for notebook in notebooks:
                path = os.path.join(dest, os.path.splitext(os.path.basename(notebook))[0] + self.exporter.file_extension)
                if os.path.exists(path):
                    self.log.warning("Removing failed notebook: %s", path)
                    remove(path)

    def _prepare(self, gd: dict, notebooks: list[str]) -> list[tuple[str, dict]] | None:
        """Phase 1 for one submission: gradebook records, files, sanitized notebooks.

        Returns the (sanitized notebook, resources) pairs to run, or None to skip it.
        """
        self.notebooks = notebooks
        if not self.init_destination(gd["assignment_id"], gd["student_id"]):
            return None
        self.run_pre_convert_hook()
        self.init_assignment(gd["assignment_id"], gd["student_id"])
        jobs = []
        for notebook_filename in self.notebooks:
            self.log.info("Sanitizing %s", notebook_filename)
            self._sanitizing = True
            self._init_preprocessors()
            super(Autograde, self).convert_single_notebook(notebook_filename)
            sanitized = os.path.join(self.writer.build_directory, os.path.basename(notebook_filename))
            self._sanitizing = False
            resources = self.init_single_notebook_resources(sanitized)
            self._sanitizing = True
            jobs.append((sanitized, resources))
        return jobs

    def _finish(self, sanitized: str, resources: dict, output: str, tail: list) -> None:
        """Phase 3 for one notebook: the gradebook-writing preprocessors, then write it."""
        self.exporter._preprocessors = []
        for pp in tail:
            self.exporter.register_preprocessor(pp)
        resources = dict(resources)
        resources["metadata"] = {
            "name": os.path.splitext(os.path.basename(sanitized))[0],
            "path": os.path.dirname(sanitized),
        }
        nb = nbformat.reads(output, as_version=4)
        self.log.info("Recording grades of %s", sanitized)
        with setenv(NBGRADER_EXECUTION="autograde"):
            graded, resources = self.exporter.from_notebook_node(nb, resources=resources)
        self.write_single_notebook(graded, resources)

    def convert_notebooks(self) -> None:
        head, self._tail = _split(list(self.autograde_preprocessors))
        regexp = self._format_source("(?P<assignment_id>.*)", "(?P<student_id>.*)", escape=True)
        submissions = []
        for assignment in sorted(self.assignments):
            m = re.match(regexp, assignment)
            if m is None:
                msg = "Could not match '%s' with regexp '%s'" % (assignment, regexp)
                self.log.error(msg)
                raise NbGraderException(msg)
            submissions.append((m.groupdict(), sorted(self.assignments[assignment])))

        self._errors: list[tuple[str, str]] = []
        self._pending: dict[concurrent.futures.Future, tuple] = {}
        self._remaining: dict[tuple[str, str], int] = {}
        modules = notebook_imports(self._source_notebooks()) if self.zygote else []
        with contextlib.ExitStack() as stack:
            use_zygote = self.zygote and bool(head)
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="kz-grading-"))
            socket_path = os.path.join(folder, "zygote") if use_zygote else ""
            # Workers are forked first, while this process runs no other thread.
            pool = stack.enter_context(
                concurrent.futures.ProcessPoolExecutor(
                    max_workers=min(self.workers, max(1, len(submissions))),
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_init_worker,
                    initargs=(self, head, socket_path),
                )
            )
            pool.submit(int).result()  # fork every worker now, before this process opens the gradebook
            if use_zygote:
                stack.enter_context(zygote(modules, path=socket_path))
            self.log.info("Grading %d submission(s), %d at a time", len(submissions), self.workers)
            try:
                self._grade(submissions, pool)
            except KeyboardInterrupt:
                for future in self._pending:
                    future.cancel()
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.terminate()
                raise

        if self._errors:
            for assignment_id, student_id in self._errors:
                self.log.error("There was an error processing assignment '%s' for student '%s'", assignment_id, student_id)
            raise NbGraderException("Please see the tracebacks above for the failures.")

    def _grade(self, submissions: list[tuple[dict, list[str]]], pool: concurrent.futures.Executor) -> None:
        """Phase 1 for each submission in turn, its notebooks handed to the pool; phase 3 as they finish."""
        for gd, notebooks in submissions:
            try:
                jobs = self._prepare(gd, notebooks)
            except (SchemaTooOldError, SchemaTooNewError, sqlalchemy.exc.OperationalError):
                self._handle_failure(gd["assignment_id"], gd["student_id"], notebooks)
                raise
            except Exception:  # noqa: BLE001 - nbgrader reports and goes on with the next submission
                self._fail(gd, notebooks, traceback.format_exc())
                continue
            if jobs is None:
                continue
            self._remaining[(gd["assignment_id"], gd["student_id"])] = len(jobs)
            for sanitized, resources in jobs:
                self.log.info("Autograding %s", sanitized)
                self._pending[pool.submit(_run, sanitized, resources)] = (gd, notebooks, sanitized, resources)
            # Record what has finished meanwhile, so no grade waits for the last submission.
            for future in [f for f in self._pending if f.done()]:
                self._collect(future)
        while self._pending:
            done, _ = concurrent.futures.wait(list(self._pending), return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                self._collect(future)

    def _fail(self, gd: dict, notebooks: list[str], what: str) -> None:
        key = (gd["assignment_id"], gd["student_id"])
        if key not in self._errors:
            self._errors.append(key)
        self.log.error("There was an error processing %s for student %s:\n%s", key[0], key[1], what)
        self._handle_failure(key[0], key[1], notebooks)

    def _collect(self, future: concurrent.futures.Future) -> None:
        """Phase 3 for one finished notebook; permissions and hook once its submission is complete."""
        gd, notebooks, sanitized, resources = self._pending.pop(future)
        key = (gd["assignment_id"], gd["student_id"])
        if key in self._errors:
            return
        try:
            output = future.result()
            self.notebooks = notebooks
            self._finish(sanitized, resources, output, self._tail)
        except UnresponsiveKernelError:
            self._fail(gd, notebooks, "the kernel became unresponsive and could not be interrupted "
                       "(an infinite loop that fills memory?): edit the submission, then grade it again")
            return
        except sqlalchemy.exc.OperationalError:
            self._fail(gd, notebooks, traceback.format_exc())
            raise NbGraderException("There was an error accessing the nbgrader database.")
        except Exception:  # noqa: BLE001
            self._fail(gd, notebooks, traceback.format_exc())
            return
        self._remaining[key] -= 1
        if self._remaining[key] == 0:
            self.set_permissions(*key)
            self.run_post_convert_hook()


class ParallelAutogradeApp(AutogradeApp):
    name = "kzcourse-autograde"
    description = "Autograde submissions in parallel (nbgrader autograde, with --jobs)"
    aliases = {**AutogradeApp.aliases, "jobs": "ParallelAutograde.jobs"}
    flags = {
        **autograde_flags,
        "no-zygote": ({"ParallelAutograde": {"zygote": False}}, "Start every kernel as nbgrader does."),
    }

    @default("classes")
    def _classes_default(self):
        return [*super()._classes_default(), ParallelAutograde]

    def start(self) -> None:
        # AutogradeApp.start with our converter: the same checks on the arguments.
        super(AutogradeApp, self).start()
        if len(self.extra_args) > 1:
            self.fail("Only one argument (the assignment id) may be specified")
        elif len(self.extra_args) == 1 and self.coursedir.assignment_id != "":
            self.fail("The assignment cannot both be specified in config and as an argument")
        elif len(self.extra_args) == 0 and self.coursedir.assignment_id == "":
            self.fail("An assignment id must be specified, either as an argument or with --assignment")
        elif len(self.extra_args) == 1:
            self.coursedir.assignment_id = self.extra_args[0]
        converter = ParallelAutograde(coursedir=self.coursedir, parent=self)
        try:
            converter.start()
        except NbGraderException:
            sys.exit(1)


main = ParallelAutogradeApp.launch_instance

if __name__ == "__main__":
    main()
