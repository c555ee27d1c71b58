"""Grades people can use: a spreadsheet per assignment, part by part, and a file an LMS gradebook imports.

``make grades`` (``python -m kzcourse.tools.grades``) reads the gradebook, so manual
grades entered in the Formgrader are included: a graded part's score is the manual
score where one was given, else the autograder's (nbgrader's own rule), plus any extra
credit. It writes, into ``grades/`` in the course folder (private to the instructor):

``grades/<assignment>.csv``, one row per student, for looking at an assignment part by part:
    ``student_id``, ``last_name``, ``first_name``, ``email`` (from the gradebook's
    student list); ``submitted`` (yes/no); ``timestamp`` (when it was handed in, UTC);
    ``seconds_late``; ``score`` (sum of the parts), ``late_penalty``, ``final_score``
    (score minus late penalty), ``max_score``; ``needs_manual_grade`` (yes while a written
    answer awaits the Formgrader); then one column per graded part, in the notebook's
    order, named ``<part id> (max <points>)``, e.g. ``part1_tests (max 2)``. A student
    who did not submit has ``submitted=no``, 0 points and empty part columns.

``grades/lms.csv``, one row per student, for an LMS's gradebook import:
    ``username`` (the student id: the account name on the course's JupyterHub), then one
    column per assignment named ``<assignment> (max <points>)`` holding ``final_score``
    (0 when nothing was submitted). In Moodle: *Grades > Import > CSV file*, map
    ``username`` to the user's *username* and each assignment column to a grade item
    whose maximum is the number in its name. Other LMSs (Canvas, Open edX) import the
    same columns after renaming the identifier column to their template's.

Students are those the gradebook knows: everyone who was autograded, plus anyone
added with ``nbgrader db student import roster.csv`` (do that to list students who
submitted nothing). With no graded work in the gradebook the command says so and
exits 1.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

from .grading import Course, use_environment_path

LMS_ID = "username"


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def part_order(course: Course, assignment: str, notebook: str) -> list[str]:
    """Graded part ids in the order the source notebook has them ([] if it is gone)."""
    source = course.root / "solutions" / assignment / f"{notebook}.ipynb"
    if not source.exists():
        return []
    cells = json.loads(source.read_text())["cells"]
    return [c["metadata"]["nbgrader"]["grade_id"] for c in cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade") or c.get("metadata", {}).get("nbgrader", {}).get("task")]


def collect_rows(course: Course) -> tuple[dict[str, list[dict]], dict[str, float], list[str]]:
    """Per assignment: rows per student; per assignment: max score; and the student ids."""
    from nbgrader.api import Gradebook, MissingEntry

    tables: dict[str, list[dict]] = {}
    maxima: dict[str, float] = {}
    with Gradebook(course.db_url, course.course_id) as gradebook:
        students = sorted(gradebook.students, key=lambda s: s.id)
        for assignment in sorted(gradebook.assignments, key=lambda a: a.name):
            parts: list[tuple[str, str, float]] = []  # (notebook, part id, max)
            for notebook in sorted(assignment.notebooks, key=lambda n: n.name):
                cells = {c.name: c.max_score for c in [*notebook.grade_cells, *notebook.task_cells]}
                order = [p for p in part_order(course, assignment.name, notebook.name) if p in cells]
                order += sorted(set(cells) - set(order))
                parts += [(notebook.name, name, cells[name]) for name in order]
            several = len(assignment.notebooks) > 1
            label = {(nb, p): (f"{nb}:{p}" if several else p) + f" (max {_fmt(m)})" for nb, p, m in parts}
            maxima[assignment.name] = assignment.max_score
            rows = []
            for student in students:
                row = {
                    "student_id": student.id,
                    "last_name": student.last_name or "",
                    "first_name": student.first_name or "",
                    "email": student.email or "",
                }
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    row.update(submitted="no", timestamp="", seconds_late="", score="0", late_penalty="0",
                               final_score="0", max_score=_fmt(assignment.max_score), needs_manual_grade="no")
                    row.update({label[key]: "" for key in label})
                    rows.append(row)
                    continue
                penalty = submission.late_submission_penalty or 0.0
                row.update(
                    submitted="yes",
                    timestamp=submission.timestamp.isoformat() if submission.timestamp else "",
                    seconds_late=_fmt(submission.total_seconds_late),
                    score=_fmt(submission.score),
                    late_penalty=_fmt(penalty),
                    final_score=_fmt(max(0.0, submission.score - penalty)),
                    max_score=_fmt(submission.max_score),
                    needs_manual_grade="yes" if submission.needs_manual_grade else "no",
                )
                scores = {(grade.notebook.name, grade.name): grade.score for nb in submission.notebooks for grade in nb.grades}
                row.update({label[key]: _fmt(scores.get(key)) for key in label})
                rows.append(row)
            tables[assignment.name] = rows
    return tables, maxima, [s.id for s in students]


def write(course: Course, out: Path | None = None) -> list[Path]:
    tables, maxima, students = collect_rows(course)
    if not any(row["submitted"] == "yes" for rows in tables.values() for row in rows):
        raise SystemExit(
            "Nothing to export: the gradebook holds no graded work. Run 'make autograde' first "
            "(and 'make collect' before it, when students submit through the exchange)."
        )
    out = out or course.root / "grades"
    out.mkdir(exist_ok=True)
    os.chmod(out, 0o700)
    written = []
    for assignment, rows in tables.items():
        path = out / f"{assignment}.csv"
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["student_id"])
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    lms = out / "lms.csv"
    columns = {a: f"{a} (max {_fmt(maxima[a])})" for a in tables}
    with lms.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([LMS_ID, *columns.values()])
        by_student = {a: {r["student_id"]: r["final_score"] for r in rows} for a, rows in tables.items()}
        for student in students:
            writer.writerow([student, *(by_student[a].get(student, "0") for a in tables)])
    written.append(lms)
    for path in written:
        os.chmod(path, 0o600)
    return written


def main() -> int:
    use_environment_path()
    course = Course.load()
    for path in write(course):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
