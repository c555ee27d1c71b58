"""The nbgrader round trip, as an instructor runs it, in a scratch copy of the course.

(a) regenerating the release from solutions/ gives exactly the committed exercises/;
(b) the instructor solution earns every autograded point;
(c) the untouched student version earns 0, and so do hostile versions whose tests were
    weakened or deleted, and grading does not crash;
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


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    """Every assignment regenerated from solutions/ in a scratch copy, as 'make release' does (one process)."""
    course = tmp_path_factory.mktemp("release") / "course"
    course.mkdir()
    for name in ("solutions", "exercises"):
        shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.rmtree(course / "exercises")
    env = {"KZCOURSE_NBGRADER_ROOT": str(course)}
    result = run([sys.executable, "-m", "kzcourse.tools.grading", "release", *ASSIGNMENTS], cwd=course, env=env)
    assert result.returncode == 0, f"release failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return course


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_up_to_date(fresh_release, assignment):
    committed = sorted(p.relative_to(ROOT / "exercises") for p in (ROOT / "exercises" / assignment).rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(fresh_release / "exercises") for p in (fresh_release / "exercises" / assignment).rglob("*") if p.is_file())
    assert fresh == committed, "the release has other files than exercises/: run 'make release'"
    for rel in committed:
        a, b = ROOT / "exercises" / rel, fresh_release / "exercises" / rel
        if rel.suffix == ".ipynb":
            assert _normalised(a) == _normalised(b), f"exercises/{rel} is stale: run 'make release' and commit"
        else:
            assert a.read_bytes() == b.read_bytes(), f"exercises/{rel} is stale: run 'make release'"


def _submit(course: Path, student: str, assignment: str, folder: str) -> None:
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    for notebook in (course / folder / assignment).glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)


def _hand_in_edited(course: Path, student: str, assignment: str, edit) -> None:
    """Hand in the blank release with its cells passed through ``edit`` (None drops a cell)."""
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True)
    for notebook in (course / "exercises" / assignment).glob("*.ipynb"):
        nb = json.loads(notebook.read_text())
        nb["cells"] = [c for c in (edit(cell) for cell in nb["cells"]) if c is not None]
        (target / notebook.name).write_text(json.dumps(nb))


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell["cell_type"] == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _weakened(cell):
    return dict(cell, source="pass") if _is_test(cell) else cell


def _deleted(cell):
    return None if _is_test(cell) else cell


@pytest.mark.long
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_round_trip_full_marks_blank_zero_hostile_zero(scratch_course, assignment):
    """Graded as an instructor grades (the course's grader, no release before): the solution
    earns every autograded point; the blank release, and the blank release with its tests
    weakened to ``pass`` or deleted, earn nothing (nbgrader restores the locked test cells)."""
    from kzcourse.tools import grading

    _submit(scratch_course, "instructor_solution", assignment, "solutions")
    _submit(scratch_course, "blank_release", assignment, "exercises")
    _hand_in_edited(scratch_course, "weakens_tests", assignment, _weakened)
    _hand_in_edited(scratch_course, "deletes_tests", assignment, _deleted)
    env = {"KZCOURSE_NBGRADER_ROOT": str(scratch_course)}
    result = run([sys.executable, "-m", "kzcourse.tools.grading", "autograde", assignment], cwd=scratch_course, env=env)
    assert result.returncode == 0, f"autograde failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert grading.problems(assignment, scratch_course) == []
    scores = grading.scores(assignment, scratch_course)
    solution = scores["instructor_solution"]
    assert solution["max_code_score"] > 0
    assert solution["code_score"] == solution["max_code_score"], f"the solution lost points: {solution}"
    for student in ("blank_release", "weakens_tests", "deletes_tests"):
        assert scores[student]["code_score"] == 0 and scores[student]["score"] == 0, f"{student} earned points: {scores[student]}"
    graded = scratch_course / "autograded" / "weakens_tests" / assignment / f"{assignment}.ipynb"
    restored = [c for c in json.loads(graded.read_text())["cells"] if _is_test(c)]
    assert restored and all("".join(c["source"]).strip() != "pass" for c in restored), "the weakened tests were not restored"
    # Feedback for every submission renders without error.
    result = run([sys.executable, "-m", "kzcourse.tools.grading", "feedback", assignment], cwd=scratch_course, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
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
