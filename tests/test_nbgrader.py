"""The nbgrader round trip, as an instructor runs it, in a scratch copy of the course.

(a) regenerating the release from solutions/ gives exactly the committed exercises/;
(b) the instructor solution earns every autograded point;
(c) the untouched student version earns 0 and grading does not crash;
(d) no solution line or hidden test reaches exercises/ or the built book.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run

pytestmark = pytest.mark.slow
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))
NBGRADER = [str(Path(sys.executable).parent / "nbgrader")]


def nbgrader(course: Path, *args: str):
    result = run(NBGRADER + list(args), cwd=course, env={"KZCOURSE_NBGRADER_ROOT": str(course)})
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_there_are_assignments():
    assert ASSIGNMENTS, "solutions/ holds no assignment"
    for name in ASSIGNMENTS:
        assert list((ROOT / "exercises" / name).glob("*.ipynb")), f"exercises/{name} has not been released (make release)"


def _normalised(path: Path) -> dict:
    return json.loads(path.read_text())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_up_to_date(scratch_course, assignment):
    shutil.rmtree(scratch_course / "exercises" / assignment)
    nbgrader(scratch_course, "generate_assignment", "--force", assignment)
    committed = sorted(p.relative_to(ROOT / "exercises") for p in (ROOT / "exercises" / assignment).rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(scratch_course / "exercises") for p in (scratch_course / "exercises" / assignment).rglob("*") if p.is_file())
    assert fresh == committed, "the release has other files than exercises/: run 'make release'"
    for rel in committed:
        a, b = ROOT / "exercises" / rel, scratch_course / "exercises" / rel
        if rel.suffix == ".ipynb":
            assert _normalised(a) == _normalised(b), f"exercises/{rel} is stale: run 'make release' and commit"
        else:
            assert a.read_bytes() == b.read_bytes(), f"exercises/{rel} is stale: run 'make release'"


def _submit(course: Path, student: str, assignment: str, folder: str) -> None:
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    for notebook in (course / folder / assignment).glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_full_marks_and_blank_zero(scratch_course, assignment):
    from kzcourse.tools import grading

    nbgrader(scratch_course, "generate_assignment", "--force", assignment)  # registers it in the gradebook
    _submit(scratch_course, "instructor_solution", assignment, "solutions")
    _submit(scratch_course, "blank_release", assignment, "exercises")
    nbgrader(scratch_course, "autograde", "--force", assignment)
    assert grading.problems(assignment, scratch_course) == []
    scores = grading.scores(assignment, scratch_course)
    solution, blank = scores["instructor_solution"], scores["blank_release"]
    assert solution["max_code_score"] > 0
    assert solution["code_score"] == solution["max_code_score"], f"the solution lost points: {solution}"
    assert blank["code_score"] == 0 and blank["score"] == 0, f"the blank release earned points: {blank}"
    # Feedback for both renders without error.
    nbgrader(scratch_course, "generate_feedback", "--force", assignment)
    assert list((scratch_course / "feedback" / "blank_release" / assignment).glob("*.html"))


MARKED = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END (SOLUTION|HIDDEN TESTS)", re.S)


def _public_text() -> str:
    """What students may see anyway: given code of every exercise, and the book's pages."""
    parts = []
    for notebook in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        for cell in json.loads(notebook.read_text())["cells"]:
            if not cell.get("metadata", {}).get("nbgrader", {}).get("solution") or cell["cell_type"] == "code":
                parts.append(MARKED.sub("", "".join(cell["source"])))
    for page in sorted((ROOT / "chapters").glob("*.md")) + sorted((ROOT / "book").glob("*.md")):
        parts.append(page.read_text())
    return "\n".join(" ".join(line.split()) for part in parts for line in part.splitlines())


def secret_lines() -> dict[str, str]:
    """Each distinctive line of a solution block or hidden test, with where it comes from.

    A line counts only if it is long enough to be distinctive and does not also stand in
    material students are given (an exercise's given code, the chapters).
    """
    public = _public_text()
    secrets = {}
    for notebook in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        nb = json.loads(notebook.read_text())
        for cell in nb["cells"]:
            source = "".join(cell["source"])
            meta = cell.get("metadata", {}).get("nbgrader", {})
            blocks = [m.group(2) for m in MARKED.finditer(source)]
            if cell["cell_type"] == "markdown" and meta.get("solution"):
                blocks.append(source)
            for block in blocks:
                for line in block.splitlines():
                    line = " ".join(line.split())
                    if len(line) >= 12 and line not in public and "YOUR ANSWER HERE" not in line:
                        secrets[line] = str(notebook.relative_to(ROOT))
    return secrets


def test_secrets_are_found():
    assert len(secret_lines()) >= 5


def _text_of(path: Path) -> str:
    raw = path.read_text(errors="ignore")
    if path.suffix == ".html":
        raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
    elif path.suffix == ".ipynb":
        raw = "\n".join("".join(c["source"]) for c in json.loads(raw)["cells"])
    return " ".join(raw.split())


def _assert_no_leak(files: list[Path]) -> None:
    secrets = secret_lines()
    leaks = []
    for path in files:
        text = _text_of(path)
        leaks += [f"{path.relative_to(ROOT)} contains '{line}' from {src}" for line, src in secrets.items() if line in text]
    assert not leaks, "\n".join(leaks[:20])


def test_no_solution_in_exercises():
    files = [p for p in (ROOT / "exercises").rglob("*") if p.is_file()]
    assert files
    _assert_no_leak(files)


def test_no_solution_in_built_book(built_book):
    files = [p for p in built_book.rglob("*") if p.suffix in (".html", ".ipynb", ".md", ".txt", ".js") and "_vendor" not in p.parts]
    assert len(files) > 5
    _assert_no_leak(files)
