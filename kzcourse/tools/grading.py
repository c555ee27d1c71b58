"""The instructor's nbgrader steps, as ``make`` runs them: no step that found nothing to do exits 0.

nbgrader is quiet about work it did not do: ``autograde`` of an assignment that was
never released prints a wall of tracebacks, ``generate_feedback`` with nothing
autograded writes nothing and exits 0, ``collect`` with an empty inbox warns and exits
0, ``export`` of an empty gradebook writes a header. Each command here checks first,
runs nbgrader, checks what it did, and says in one line what happened; when there was
nothing to do it says what to do instead and exits 1.

    python -m kzcourse.tools.grading autograde [ASSIGNMENT ...] [--jobs N] [--sequential]
    python -m kzcourse.tools.grading feedback [ASSIGNMENT ...]
    python -m kzcourse.tools.grading release-assignment [ASSIGNMENT ...] [--force]
    python -m kzcourse.tools.grading collect [ASSIGNMENT ...]
    python -m kzcourse.tools.grading release-feedback [ASSIGNMENT ...]
    python -m kzcourse.tools.grading check-autograde ASSIGNMENT [...]

Without an assignment, each command takes every assignment in ``solutions/``.
``make autograde`` no longer needs ``make release`` first: an assignment the gradebook
does not know is registered from ``solutions/`` (as ``nbgrader generate_assignment``
records it) without rewriting ``exercises/``. The course folder is the one the nbgrader
configuration names (``KZCOURSE_NBGRADER_ROOT`` picks another copy, as for nbgrader).

The test suite uses :func:`scores` and :func:`problems` to check grading results.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import paths

TIMEOUT_MARKERS = ("CellTimeoutError", "Timeout waiting for execute reply", "TimeoutError")
BIN = Path(sys.executable).parent


class NothingToDo(Exception):
    """A step found nothing to work on; the message says what to do instead."""


def course_root() -> Path:
    """The course folder nbgrader works in (the same rule as the venv's nbgrader shim)."""
    return Path(os.environ.get("KZCOURSE_NBGRADER_ROOT", paths.ROOT)).resolve()


@dataclass
class Course:
    """What the nbgrader configuration says about the course, read as nbgrader reads it."""

    root: Path
    course_id: str
    db_url: str
    exchange: Path
    config: object = None

    @classmethod
    def load(cls) -> "Course":
        from nbgrader.apps import NbGrader
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange.default.exchange import Exchange

        app = NbGrader()
        # nbgrader reads nbgrader_config.py from the folder it runs in first: read it from the course's.
        with contextlib.chdir(course_root()):
            app.load_config_file()
        coursedir = CourseDirectory(config=app.config)
        exchange = Exchange(config=app.config, coursedir=coursedir)
        return cls(Path(coursedir.root), coursedir.course_id, coursedir.db_url, Path(exchange.root), app.config)

    def assignments(self) -> list[str]:
        return sorted(p.name for p in (self.root / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))

    @functools.cached_property
    def api(self):
        """nbgrader's own Python API (what the Formgrader runs), in this process: one start-up for every step."""
        from nbgrader.apps.api import NbGraderAPI

        with contextlib.chdir(self.root):
            return NbGraderAPI(config=self.config)

    def step(self, what: str, method: str, *args, **kwargs) -> bool:
        """Run one nbgrader step through the API; print its warnings and errors; True if it worked."""
        with contextlib.chdir(self.root):
            result = getattr(self.api, method)(*args, **kwargs)
        for line in (result.get("log") or "").splitlines():
            if line.startswith(("[WARNING]", "[ERROR]", "[CRITICAL]")):
                print(f"  {line}")
        if not result["success"]:
            print(f"{what} failed:\n{result.get('error', '')}")
        return bool(result["success"])


def _sqlite_url(root: Path) -> str:
    return f"sqlite:///{root / 'gradebook.db'}"


def use_environment_path() -> None:
    """nbgrader runs helper programs (alembic) found on PATH: this environment's own."""
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"


# ------------------------------------------------------------------------- the gradebook


def registered(course: Course, assignment: str) -> bool:
    """Does the gradebook know this assignment and every notebook of its source folder?"""
    from nbgrader.api import Gradebook, MissingEntry

    wanted = {p.stem for p in (course.root / "solutions" / assignment).glob("*.ipynb")}
    with Gradebook(course.db_url, course.course_id) as gradebook:
        try:
            known = {notebook.name for notebook in gradebook.find_assignment(assignment).notebooks}
        except MissingEntry:
            return False
    return wanted <= known


def register(course: Course, assignment: str) -> None:
    """Record the assignment's cells, tests and points in the gradebook from ``solutions/``.

    This is what ``nbgrader generate_assignment`` records; the student version it also
    writes goes to a scratch folder, so ``exercises/`` is never rewritten behind the
    instructor's back (``make release`` does that, on purpose).
    """
    if not (course.root / "solutions" / assignment).is_dir():
        raise NothingToDo(f"there is no assignment '{assignment}' in solutions/")
    from nbgrader.utils import temp_attrs

    with tempfile.TemporaryDirectory(prefix="kz-register-") as scratch:
        with temp_attrs(course.api.coursedir, release_directory=scratch):
            if not course.step(f"registering {assignment} from solutions/", "generate_assignment", assignment):
                raise RuntimeError(f"could not register {assignment} from solutions/")
    print(f"{assignment}: the gradebook did not know it; registered it from solutions/{assignment}/")


def scores(assignment: str, root: Path | None = None) -> dict[str, dict]:
    """Per student: score, max_score, code_score, max_code_score, needs_manual_grade."""
    from nbgrader.api import Gradebook

    root = root or course_root()
    out = {}
    with Gradebook(_sqlite_url(root)) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            out[submission.student_id] = {
                "score": submission.score,
                "max_score": submission.max_score,
                "code_score": submission.code_score,
                "max_code_score": submission.max_code_score,
                "needs_manual_grade": submission.needs_manual_grade,
            }
    return out


def cell_scores(assignment: str, root: Path | None = None) -> dict[tuple[str, str, str], float | None]:
    """(student, notebook, graded cell) -> the autograder's score, for comparing two gradings."""
    from nbgrader.api import Gradebook

    root = root or course_root()
    out = {}
    with Gradebook(_sqlite_url(root)) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    out[(submission.student_id, notebook.name, grade.name)] = grade.auto_score
    return out


# ------------------------------------------------------------------------------- checks


def submitted(root: Path, assignment: str) -> list[Path]:
    return sorted((root / "submitted").glob(f"*/{assignment}/*.ipynb"))


def problems(assignment: str, root: Path | None = None) -> list[str]:
    """Submitted notebooks that autograding missed or that hit a timeout."""
    root = root or course_root()
    found = []
    for notebook in submitted(root, assignment):
        student = notebook.parent.parent.name
        graded = root / "autograded" / student / assignment / notebook.name
        if not graded.exists():
            found.append(f"{student}: {notebook.name} was not autograded (see the errors above)")
            continue
        text = json.dumps(json.loads(graded.read_text())["cells"])
        if any(marker in text for marker in TIMEOUT_MARKERS):
            found.append(f"{student}: {notebook.name} hit a cell timeout; its score is incomplete")
    return found


def check_autograde(assignments: list[str], root: Path | None = None) -> int:
    """Print every problem and every score; 1 if anything went wrong."""
    root = root or course_root()
    status = 0
    for assignment in assignments:
        for line in problems(assignment, root):
            print(f"PROBLEM {assignment} {line}")
            status = 1
        for student, row in sorted(scores(assignment, root).items()):
            manual = " (written answers await manual grading)" if row["needs_manual_grade"] else ""
            print(f"{assignment} {student}: {row['score']:g} / {row['max_score']:g}{manual}")
    return status


# -------------------------------------------------------------------------------- steps


def autograde(course: Course, assignments: list[str], jobs: int = 0, sequential: bool = False) -> int:
    todo = []
    for assignment in assignments:
        if submitted(course.root, assignment):
            todo.append(assignment)
        else:
            print(f"{assignment}: no submissions in submitted/*/{assignment}/ (skipped)")
    if not todo:
        raise NothingToDo(
            "no submissions to grade. Collect them from the exchange with 'make collect', or copy "
            "each student's notebook to submitted/<student_id>/<assignment>/"
        )
    status = 0
    for assignment in todo:
        if not registered(course, assignment):
            register(course, assignment)
        if not grade_submissions(course, assignment, jobs=jobs, sequential=sequential):
            print(f"{assignment}: autograding reported errors (above)")
            status = 1
    return check_autograde(todo, course.root) or status


def grade_submissions(course: Course, assignment: str, jobs: int = 0, sequential: bool = False) -> bool:
    """Autograde every submission of the assignment: the parallel grader, or stock nbgrader's."""
    from nbgrader.converters import Autograde
    from nbgrader.converters.base import NbGraderException
    from nbgrader.utils import temp_attrs

    from .autograde import ParallelAutograde

    api = course.api
    with contextlib.chdir(course.root), temp_attrs(api.coursedir, assignment_id=assignment, student_id="*"):
        converter = (Autograde if sequential else ParallelAutograde)(coursedir=api.coursedir, parent=api)
        converter.force = True
        if jobs and not sequential:
            converter.jobs = jobs
        how = "one at a time (stock nbgrader)" if sequential else f"{converter.workers} at a time"
        print(f"{assignment}: grading {len(submitted(course.root, assignment))} submission(s), {how}", flush=True)
        try:
            converter.start()
        except NbGraderException:
            return False
    return True


def feedback(course: Course, assignments: list[str]) -> int:
    todo = [a for a in assignments if list((course.root / "autograded").glob(f"*/{a}/*.ipynb"))]
    for assignment in sorted(set(assignments) - set(todo)):
        print(f"{assignment}: nothing autograded in autograded/*/{assignment}/ (skipped)")
    if not todo:
        raise NothingToDo("no autograded work to give feedback on: run 'make autograde' first")
    status = 0
    for assignment in todo:
        if not course.step(f"{assignment}: feedback", "generate_feedback", assignment, force=True):
            status = 1
        graded = sorted((course.root / "autograded").glob(f"*/{assignment}/*.ipynb"))
        missing = [g for g in graded if not (course.root / "feedback" / g.parent.parent.name / assignment / f"{g.stem}.html").exists()]
        for g in missing:
            print(f"PROBLEM {assignment} {g.parent.parent.name}: no feedback was written for {g.name}")
        status = status or int(bool(missing))
        print(f"{assignment}: feedback for {len(graded) - len(missing)} notebook(s) in feedback/*/{assignment}/")
    return status


def outbound(course: Course, assignment: str) -> Path:
    return course.exchange / course.course_id / "outbound" / assignment


def release_assignment(course: Course, assignments: list[str], force: bool = False) -> int:
    done = 0
    status = 0
    for assignment in assignments:
        if outbound(course, assignment).is_dir() and not force:
            print(f"{assignment}: already released to the exchange (FORCE=1 releases it again)")
            continue
        if not list((course.root / "exercises" / assignment).glob("*.ipynb")):
            print(f"{assignment}: exercises/{assignment}/ is empty: run 'make release' first")
            status = 1
            continue
        course.api.config.ExchangeReleaseAssignment.force = force
        if not course.step(f"{assignment}: release", "release_assignment", assignment):
            status = 1
            continue
        print(f"{assignment}: released to {outbound(course, assignment)}")
        done += 1
    if not done and not status:
        raise NothingToDo("nothing new to release")
    return status


def _inbound(course: Course, assignment: str) -> list[Path]:
    inbound = course.exchange / course.course_id / "inbound"
    return sorted(inbound.glob(f"*+{assignment}+*")) if inbound.is_dir() else []


def collect(course: Course, assignments: list[str]) -> int:
    todo = [a for a in assignments if _inbound(course, a)]
    for assignment in sorted(set(assignments) - set(todo)):
        print(f"{assignment}: no submissions in the exchange (skipped)")
    if not todo:
        raise NothingToDo(
            f"no submissions to collect in {course.exchange / course.course_id / 'inbound'}: "
            "students submit from the Assignment List (or 'nbgrader submit')"
        )
    status = 0
    for assignment in todo:
        # --update: a student who submitted again since the last collect is collected again.
        if not course.step(f"{assignment}: collect", "collect", assignment, update=True):
            status = 1
        students = {p.name.split("+")[0] for p in _inbound(course, assignment)}
        print(f"{assignment}: {len(students)} student(s) in submitted/*/{assignment}/")
    return status


def release_feedback(course: Course, assignments: list[str]) -> int:
    todo = [a for a in assignments if list((course.root / "feedback").glob(f"*/{a}/*.html"))]
    for assignment in sorted(set(assignments) - set(todo)):
        print(f"{assignment}: no feedback in feedback/*/{assignment}/ (skipped)")
    if not todo:
        raise NothingToDo("no feedback to release: run 'make feedback' first")
    status = 0
    for assignment in todo:
        if not course.step(f"{assignment}: release feedback", "release_feedback", assignment):
            status = 1
        count = len(list((course.root / "feedback").glob(f"*/{assignment}/*.html")))
        print(f"{assignment}: released feedback on {count} notebook(s) to the exchange")
    return status


def release(course: Course, assignments: list[str]) -> int:
    """Regenerate ``exercises/<assignment>`` from ``solutions/`` for each assignment, in one process."""
    status = 0
    for assignment in assignments:
        if course.step(f"{assignment}: generate the student version", "generate_assignment", assignment, force=True, create=True):
            print(f"{assignment}: exercises/{assignment}/ regenerated from solutions/{assignment}/")
        else:
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kzcourse.tools.grading", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["release", "autograde", "feedback", "release-assignment", "collect", "release-feedback", "check-autograde"])
    parser.add_argument("assignments", nargs="*", help="default: every assignment in solutions/")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 0), help="autograde: submissions at once")
    parser.add_argument("--sequential", action="store_true", help="autograde with stock nbgrader, one at a time")
    parser.add_argument("--force", action="store_true", help="release-assignment: release again")
    args = parser.parse_args(argv)
    use_environment_path()
    course = Course.load()
    assignments = args.assignments or course.assignments()
    try:
        if args.command == "check-autograde":
            return check_autograde(assignments, course.root)
        if args.command == "release":
            return release(course, assignments)
        if args.command == "autograde":
            return autograde(course, assignments, jobs=args.jobs, sequential=args.sequential)
        if args.command == "feedback":
            return feedback(course, assignments)
        if args.command == "release-assignment":
            return release_assignment(course, assignments, force=args.force)
        if args.command == "collect":
            return collect(course, assignments)
        return release_feedback(course, assignments)
    except NothingToDo as nothing:
        print(f"Nothing to do: {nothing}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
