"""Grading a class's work, in scratch copies of the course (no root needed).

(a) the parallel grader (kzcourse.tools.autograde) gives every graded cell the score
    stock ``nbgrader autograde`` gives it, on correct, partial, blank and hanging
    submissions made from each exercise;
(b) ``make autograde`` works on a course whose assignment was never released;
(c) feedback keeps each test's result and message but no hidden-test line;
(d) ``make grades`` exports per-part scores, manual grades included, and an LMS file;
(e) an instructor step that finds nothing to do says so and exits non-zero.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from grading_support import ASSIGNMENTS, stands_in, hidden_test_lines, leaks, normal, text_of

from kzcourse.tools import bench_grading, grades, grading
from kzcourse.tools.feedback import ANSI, HideHiddenTests

pytestmark = [pytest.mark.slow, pytest.mark.long]
NBGRADER = str(Path(sys.executable).parent / "nbgrader")
TIMEOUT = 3  # seconds per cell here, so the hanging submission is stopped quickly
HANGING_IN = bench_grading.default_assignment()


def kinds_for(assignment: str) -> list[str]:
    return ["correct", "partial", "blank"] + (["hanging"] if assignment == HANGING_IN else [])


def env_for(course: Path) -> dict:
    return {"KZCOURSE_NBGRADER_ROOT": str(course)}


def started(command: list[str], course: Path) -> subprocess.Popen:
    """Start a command on a course copy (several run at once: grading waits on kernels)."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", **env_for(course))
    return subprocess.Popen(command, cwd=course, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def finished(process: subprocess.Popen, timeout: int = 600) -> subprocess.CompletedProcess:
    out, _ = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, "")


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    """Submissions graded by 'make autograde' (with no release before), and, for the exercise
    with the hanging submission, by stock nbgrader too (after a release), at the same time."""
    assignment = request.param
    base = tmp_path_factory.mktemp(f"graded-{assignment}")
    students = {}
    courses = {}
    for name in ("stock", "parallel") if assignment == HANGING_IN else ("parallel",):
        course = bench_grading.scratch_course(base / name)
        # A short cell timeout, for this test only: the course's own configuration stays as it is.
        with (course / "nbgrader_config.py").open("a") as config:
            config.write(f"\nc.Execute.timeout = {TIMEOUT}\n")
        students = bench_grading.write_submissions(course, assignment, kinds_for(assignment))
        courses[name] = course
    parallel = courses["parallel"]
    assert not (parallel / "gradebook.db").exists()
    ours = started(["make", "--no-print-directory", "-C", str(ROOT), "autograde", f"ASSIGNMENT={assignment}"], parallel)
    stock = courses.get("stock")
    if stock:
        script = f"{NBGRADER} generate_assignment --force {assignment} && {NBGRADER} autograde --force {assignment}"
        result = finished(started(["bash", "-c", script], stock))
        assert result.returncode == 0, result.stdout[-3000:]
    return assignment, students, stock, parallel, finished(ours)


@pytest.mark.parametrize("graded", [HANGING_IN], indirect=True)  # compared on one exercise, to keep the suite fast
def test_parallel_grader_agrees_with_nbgrader(graded):
    assignment, students, stock, parallel, graded_run = graded
    assert stock is not None
    expected = grading.cell_scores(assignment, stock)
    assert expected, "stock nbgrader graded nothing"
    assert grading.cell_scores(assignment, parallel) == expected
    assert set(grading.scores(assignment, parallel)) == set(students)


def test_make_autograde_needs_no_release(graded):
    assignment, students, stock, parallel, graded_run = graded
    output = graded_run.stdout + graded_run.stderr
    assert "registered it from solutions/" in output, output[-2000:]
    assert "No assignment with ID" not in output and "Traceback" not in output, output[-3000:]
    scores = grading.scores(assignment, parallel)
    by_kind = {kind: scores[student] for student, kind in students.items()}
    full = by_kind["correct"]["max_code_score"]
    assert full > 0 and by_kind["correct"]["code_score"] == full
    assert by_kind["blank"]["code_score"] == 0
    assert 0 < by_kind["partial"]["code_score"] < full
    if "hanging" in by_kind:
        # The hanging cell was stopped by its timeout; make autograde says so and fails.
        assert by_kind["hanging"]["code_score"] < full
        assert graded_run.returncode != 0 and "hit a cell timeout" in graded_run.stdout
    else:
        assert graded_run.returncode == 0, output[-3000:]


def test_feedback_hides_hidden_tests(graded, monkeypatch):
    assignment, students, stock, parallel, graded_run = graded
    # What 'make feedback' runs, in this process (nbgrader is already imported here).
    monkeypatch.setenv("KZCOURSE_NBGRADER_ROOT", str(parallel))
    assert grading.main(["feedback", assignment]) == 0
    files = sorted((parallel / "feedback").glob(f"*/{assignment}/*.html"))
    assert len(files) == len(students)
    assert leaks(files, assignment) == []
    # What a student needs stays: the placeholder where the hidden tests were, and the
    # message of every failing test (taken from the graded notebook).
    blank = next(s for s, kind in students.items() if kind == "blank")
    text = text_of(parallel / "feedback" / blank / assignment / f"{assignment}.html")
    assert normal(HideHiddenTests().placeholder) in text
    graded_nb = nbformat.read(parallel / "autograded" / blank / assignment / f"{assignment}.ipynb", as_version=4)
    messages = {normal(f"{o.ename}: {o.evalue}") for c in graded_nb.cells for o in c.get("outputs", []) if o.output_type == "error"}
    assert messages and all(message in text for message in messages)


def test_feedback_filter_can_fail(graded):
    """Without the filter the same check finds hidden-test lines: it is not vacuous."""
    assignment, students, stock, parallel, graded_run = graded
    partial = next(s for s, kind in students.items() if kind == "partial")
    graded_path = parallel / "autograded" / partial / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(graded_path, as_version=4)
    joined = normal("\n".join(c.source for c in nb.cells))
    assert any(stands_in(line, joined) for line in hidden_test_lines(assignment))
    hidden_nb, _ = HideHiddenTests().preprocess(nb, {})
    shown = [c.source for c in hidden_nb.cells]
    for cell in hidden_nb.cells:
        for output in cell.get("outputs", []):
            shown += [ANSI.sub("", line) for line in output.get("traceback", [])] + [output.get("evalue", "")]
    after = normal("\n".join(shown))
    assert not [line for line in hidden_test_lines(assignment) if stands_in(line, after)]


def test_grades_export(graded, monkeypatch):
    assignment, students, stock, parallel, graded_run = graded
    from nbgrader.api import Gradebook

    correct = next(s for s, kind in students.items() if kind == "correct")
    db = f"sqlite:///{parallel / 'gradebook.db'}"
    with Gradebook(db) as gradebook:  # what the Formgrader does when a grader enters points
        submission = gradebook.find_submission(assignment, correct)
        manual = [g for nb in submission.notebooks for g in nb.grades if g.auto_score is None]
        for grade in manual:  # as the Formgrader's grade API does
            grade.manual_score = grade.max_score
            grade.needs_manual_grade = False
        gradebook.db.commit()
        expected_total = submission.score
    monkeypatch.setenv("KZCOURSE_NBGRADER_ROOT", str(parallel))
    assert grades.main() == 0  # what 'make grades' runs
    with (parallel / "grades" / f"{assignment}.csv").open() as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(students)
    cells = grading.cell_scores(assignment, parallel)
    for student in students:
        parts = {k: v for k, v in rows[student].items() if " (max " in k}
        assert len(parts) == len({c for (s, _, c) in cells if s == student})
        for (s, _, cell), auto in cells.items():
            if s == student and auto is not None:
                assert float(parts[next(k for k in parts if k.startswith(f"{cell} (max"))]) == auto
    assert manual, "the exercise has no written answer to grade by hand"
    assert float(rows[correct]["score"]) == expected_total
    assert rows[correct]["final_score"] == rows[correct]["score"] and rows[correct]["late_penalty"] == "0"
    assert rows[correct]["needs_manual_grade"] == "no"
    with (parallel / "grades" / "lms.csv").open() as handle:
        lms = list(csv.reader(handle))
    header, body = lms[0], {row[0]: row[1:] for row in lms[1:]}
    assert header[0] == "username" and header[1].startswith(f"{assignment} (max ")
    assert float(body[correct][0]) == expected_total


def test_steps_with_nothing_to_do_fail_loudly(tmp_path, monkeypatch, capsys):
    course = bench_grading.scratch_course(tmp_path / "fresh")
    # The three the instructor meets first, through make, at once (on an empty course none writes).
    steps = [("autograde", "no submissions to grade"), ("feedback", "no autograded work"), ("grades", "no graded work")]
    running = [started(["make", "--no-print-directory", "-C", str(ROOT), target], course) for target, _ in steps]
    for (target, says), process in zip(steps, running):
        result = finished(process)
        assert result.returncode != 0, f"make {target} exited 0 on an empty course:\n{result.stdout}"
        assert says in result.stdout and "Traceback" not in result.stdout, f"make {target}:\n{result.stdout}"
    # The exchange steps, in this process (the same code 'make collect' and 'make release-feedback' run).
    monkeypatch.setenv("KZCOURSE_NBGRADER_ROOT", str(course))
    for command, says in [("collect", "no submissions to collect"), ("release-feedback", "no feedback to release")]:
        assert grading.main([command]) == 1
        output = capsys.readouterr()
        assert says in output.out + output.err, f"{command}: {output}"
