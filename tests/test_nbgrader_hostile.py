"""Hostile submissions earn nothing: tests weakened or deleted by a student are restored.

nbgrader keeps the instructor's version of every locked and graded cell in its gradebook
and puts it back before grading. These tests hand in, for every assignment, the blank
release with each test cell replaced by ``pass`` (weakened) and with the test cells
deleted, and check that grading gives no point for either.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

pytestmark = pytest.mark.slow
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))
NBGRADER = [str(Path(sys.executable).parent / "nbgrader")]


def _hand_in(course: Path, student: str, assignment: str, edit) -> None:
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    for notebook in (course / "exercises" / assignment).glob("*.ipynb"):
        nb = json.loads(notebook.read_text())
        nb["cells"] = [c for c in (edit(cell) for cell in nb["cells"]) if c is not None]
        (target / notebook.name).write_text(json.dumps(nb))


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell["cell_type"] == "code" and meta.get("grade") and not meta.get("solution")


def _weakened(cell):
    if _is_test(cell):
        cell = dict(cell, source="pass")
    return cell


def _deleted(cell):
    return None if _is_test(cell) else cell


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_weakened_or_deleted_tests_earn_nothing(scratch_course, assignment):
    from kzcourse.tools import grading

    env = {"KZCOURSE_NBGRADER_ROOT": str(scratch_course)}
    result = run(NBGRADER + ["generate_assignment", "--force", assignment], cwd=scratch_course, env=env)
    assert result.returncode == 0, result.stderr
    _hand_in(scratch_course, "weakens_tests", assignment, _weakened)
    _hand_in(scratch_course, "deletes_tests", assignment, _deleted)
    result = run(NBGRADER + ["autograde", "--force", assignment], cwd=scratch_course, env=env)
    assert result.returncode == 0, result.stderr
    scores = grading.scores(assignment, scratch_course)
    for student in ("weakens_tests", "deletes_tests"):
        assert scores[student]["code_score"] == 0, f"{student} earned {scores[student]} on {assignment}"
    # The restored tests ran: the graded notebook holds the instructor's test code again.
    graded = scratch_course / "autograded" / "weakens_tests" / assignment / f"{assignment}.ipynb"
    cells = json.loads(graded.read_text())["cells"]
    assert all("".join(c["source"]).strip() != "pass" for c in cells if _is_test(c))
    shutil.rmtree(scratch_course / "submitted")
