"""How fast a class is graded: stock nbgrader, one submission at a time, against the parallel grader.

``make bench-grading`` (``python -m kzcourse.tools.bench_grading``) writes N synthetic
submissions of an exercise into two scratch copies of the course, grades one copy with
``nbgrader autograde`` and the other with :mod:`kzcourse.tools.autograde`, and prints
seconds per submission, the totals, the scores by kind of submission and whether the
two gradings agree cell by cell. Nothing is asserted; the test suite checks agreement
on a handful of submissions (tests/test_grading.py).

The submissions are made from the exercise itself, so they follow the exercise when it
changes: *correct* (the release with every answer cell filled from the solution and a
written answer), *partial* (only the first half of the answer cells filled), *blank*
(the release untouched) and one *hanging* (correct, but its last answer cell loops
forever, so the per-cell timeout has to stop it). The course's timeout is 120 s; the
benchmark sets its own (``--timeout``, 10 s) so a run stays short, and says so.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from .. import paths
from . import grading

KINDS = ("correct", "partial", "correct", "blank", "correct", "partial")
SOLUTION_MARKS = ("### BEGIN SOLUTION", "### END SOLUTION")
HANG = "while True:  # a student's loop that never ends\n    pass\n"


def default_assignment() -> str:
    names = sorted(p.name for p in (paths.ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))
    return next((n for n in names if "regression" in n), names[0])


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _answer(cell: dict) -> str:
    """A solution cell as a student would have written it: the solution, without nbgrader's markers."""
    source = _source(cell)
    if cell["cell_type"] == "markdown":
        source = source.split("=== BEGIN MARK SCHEME ===")[0].replace("YOUR ANSWER HERE", "").strip()
        return source or "A written answer: the association is not a causal effect, for three reasons."
    return "\n".join(line for line in source.split("\n") if line.strip() not in SOLUTION_MARKS)


def submission(kind: str, solution: dict, release: dict) -> dict:
    """A student's notebook of the given kind, made from the exercise's solution and release."""
    nb = copy.deepcopy(release)
    answers = {
        c["metadata"]["nbgrader"]["grade_id"]: c
        for c in solution["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    code_ids = [cid for cid, c in answers.items() if c["cell_type"] == "code"]
    if kind == "blank":
        return nb
    fill = set(code_ids[: math.ceil(len(code_ids) / 2)]) if kind == "partial" else set(answers)
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in fill:
            cell["source"] = _answer(answers[grade_id])
    if kind == "hanging":
        last = next(c for c in reversed(nb["cells"]) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == code_ids[-1])
        cell_source = _source(last)
        last["source"] = HANG + cell_source
    return nb


def kinds(n: int, hanging: bool = True) -> list[str]:
    """n kinds of submission: correct, partial and blank in turn, and (if asked) one hanging."""
    out = [KINDS[i % len(KINDS)] for i in range(n)]
    if hanging and n:
        out[n // 2] = "hanging"
    return out


def scratch_course(folder: Path) -> Path:
    """A copy of the course's nbgrader folders (sources, releases, configuration)."""
    folder.mkdir(parents=True)
    for name in ("solutions", "exercises"):
        shutil.copytree(paths.ROOT / name, folder / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy2(paths.ROOT / "nbgrader_config.py", folder / "nbgrader_config.py")
    return folder


def write_submissions(course: Path, assignment: str, kinds_: list[str]) -> dict[str, str]:
    """Write one submission per kind into submitted/; return student id -> kind."""
    students = {}
    for notebook in sorted((course / "solutions" / assignment).glob("*.ipynb")):
        solution = json.loads(notebook.read_text())
        release = json.loads((course / "exercises" / assignment / notebook.name).read_text())
        for index, kind in enumerate(kinds_):
            student = f"{kind}{index + 1:03d}"
            target = course / "submitted" / student / assignment
            target.mkdir(parents=True, exist_ok=True)
            (target / notebook.name).write_text(json.dumps(submission(kind, solution, release), indent=1))
            students[student] = kind
    return students


def nbgrader_env(course: Path) -> dict[str, str]:
    return dict(os.environ, KZCOURSE_NBGRADER_ROOT=str(course), PATH=f"{grading.BIN}{os.pathsep}{os.environ.get('PATH', '')}")


def register(course: Path, assignment: str) -> None:
    result = subprocess.run(
        [str(grading.BIN / "nbgrader"), "generate_assignment", "--force", assignment],
        cwd=course, env=nbgrader_env(course), capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"could not register {assignment}:\n{result.stdout}{result.stderr}")


def grade(course: Path, assignment: str, parallel: bool, timeout: int, jobs: int = 0, log: Path | None = None) -> float:
    """Autograde every submission in the course copy; return the wall time in seconds."""
    if parallel:
        command = [sys.executable, "-m", "kzcourse.tools.autograde", "--force", assignment]
        if jobs:
            command.append(f"--jobs={jobs}")
    else:
        command = [str(grading.BIN / "nbgrader"), "autograde", "--force", assignment]
    command += [f"--Execute.timeout={timeout}"]
    started = time.perf_counter()
    with open(log or os.devnull, "w") as out:
        code = subprocess.call(command, cwd=course, env=nbgrader_env(course), stdout=out, stderr=subprocess.STDOUT)
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"{'parallel' if parallel else 'sequential'} grading failed (exit {code}); see {log}")
    return elapsed


def summary(course: Path, assignment: str, students: dict[str, str]) -> dict[str, Counter]:
    """Scores by kind: kind -> Counter of 'score / max'."""
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for student, row in grading.scores(assignment, course).items():
        by_kind[students[student]][f"{row['code_score']:g} / {row['max_code_score']:g}"] += 1
    return by_kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("N") or 100), help="submissions (default 100)")
    parser.add_argument("--assignment", default=default_assignment())
    parser.add_argument("--timeout", type=int, default=10, help="per-cell timeout in seconds (default 10)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 0), help="parallel grader's workers (default: CPUs + 1)")
    parser.add_argument("--skip-sequential", action="store_true", help="time the parallel grader only")
    args = parser.parse_args(argv)

    plan = kinds(args.n)
    print(f"Grading {args.n} synthetic submissions of {args.assignment} on {os.cpu_count()} CPU(s): "
          + ", ".join(f"{count} {kind}" for kind, count in Counter(plan).items())
          + f"; per-cell timeout {args.timeout} s (the course's is 120 s)", flush=True)
    with tempfile.TemporaryDirectory(prefix="kz-bench-grading-") as scratch:
        runs = {}
        for name in (["sequential"] if not args.skip_sequential else []) + ["parallel"]:
            course = scratch_course(Path(scratch) / name)
            students = write_submissions(course, args.assignment, plan)
            register(course, args.assignment)
            seconds = grade(course, args.assignment, name == "parallel", args.timeout, args.jobs, Path(scratch) / f"{name}.log")
            runs[name] = (course, seconds)
            per = seconds / args.n
            print(f"{name:<10} {seconds:7.1f} s for {args.n}: {per:5.2f} s per submission, {per * 100:6.1f} s per 100", flush=True)

        course, seconds = runs["parallel"]
        print("\nscores (autograded points) by kind of submission, parallel run:")
        for kind, counts in sorted(summary(course, args.assignment, students).items()):
            print(f"  {kind:<8} " + ", ".join(f"{score} x{count}" for score, count in sorted(counts.items())))
        for line in grading.problems(args.assignment, course):
            print(f"  note: {line}")
        goal = seconds * 100 / args.n
        print(f"\nparallel: {goal:.1f} s per 100 submissions ({'meets' if goal < 80 else 'MISSES'} the goal of 80 s)")
        if "sequential" in runs:
            same = grading.cell_scores(args.assignment, runs["sequential"][0]) == grading.cell_scores(args.assignment, course)
            print(f"speed-up {runs['sequential'][1] / seconds:.1f}x; scores cell by cell: {'identical' if same else 'DIFFERENT'}")
            return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
