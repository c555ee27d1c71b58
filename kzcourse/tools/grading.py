"""Check what nbgrader did, because its exit code does not say.

``nbgrader autograde`` exits 0 even when a cell timed out or a submission was skipped,
so ``make autograde`` runs :func:`check_autograde` afterwards: every submitted notebook
must have an autograded twin, none may carry a timeout, and the scores are printed.
The test suite uses :func:`scores` to assert full marks for the instructor solution
and zero for the untouched student version.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import paths

TIMEOUT_MARKERS = ("CellTimeoutError", "Timeout waiting for execute reply", "TimeoutError")


def scores(assignment: str, root: Path = paths.ROOT) -> dict[str, dict]:
    """Per student: score, max_score, code_score, max_code_score, needs_manual_grade."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            out[submission.student_id] = {
                "score": submission.score,
                "max_score": submission.max_score,
                "code_score": submission.code_score,
                "max_code_score": submission.max_code_score,
                "needs_manual_grade": submission.needs_manual_grade,
            }
    return out


def problems(assignment: str, root: Path = paths.ROOT) -> list[str]:
    """Submitted notebooks that autograding missed or that hit a timeout."""
    found = []
    for submitted in sorted((root / "submitted").glob(f"*/{assignment}/*.ipynb")):
        student = submitted.parent.parent.name
        graded = root / "autograded" / student / assignment / submitted.name
        if not graded.exists():
            found.append(f"{student}: {submitted.name} was not autograded (run with --force?)")
            continue
        text = json.dumps(json.loads(graded.read_text())["cells"])
        if any(marker in text for marker in TIMEOUT_MARKERS):
            found.append(f"{student}: {submitted.name} hit a cell timeout; its score is incomplete")
    return found


def check_autograde(assignments: list[str], root: Path = paths.ROOT) -> int:
    status = 0
    for assignment in assignments:
        for line in problems(assignment, root):
            print(f"PROBLEM {assignment} {line}")
            status = 1
        for student, row in sorted(scores(assignment, root).items()):
            manual = " (written answers await manual grading)" if row["needs_manual_grade"] else ""
            print(f"{assignment} {student}: {row['score']:g} / {row['max_score']:g}{manual}")
    return status


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "check-autograde":
        print("usage: python -m kzcourse.tools.grading check-autograde ASSIGNMENT [...]", file=sys.stderr)
        sys.exit(2)
    sys.exit(check_autograde(sys.argv[2:]))
