"""Two JupyterLabs on the course: the student's (``make lab``) and the instructor's (``make lab-instructor``).

The student's lab is what this environment starts by default (see
:mod:`kzcourse.tools.venv_setup`): chapters open as notebooks, exercises have the
Assignment List and Validate, and nbgrader's instructor tools (Formgrader, Create
Assignment, Course List) are absent. On a laptop with no exchange yet, ``make lab``
makes one in the course folder and releases the course's exercises into it
(:func:`kzcourse.tools.exchange.self_study`), so the Assignment List lists them; fetched
assignments go to ``work/<assignment>/``.

The instructor's lab adds the Formgrader, Create Assignment and Course List by putting
the environment's ``etc/jupyter-instructor`` first on ``JUPYTER_CONFIG_PATH``.
JupyterHub uses the same two settings for its two groups (``jupyterhub_config.py``).

    python -m kzcourse.tools.labs student|instructor [jupyter lab options ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .venv_setup import instructor_config

BIN = Path(sys.executable).parent


def environment(role: str, course_root: Path, base: dict | None = None) -> dict[str, str]:
    """The environment a lab of this role runs with."""
    env = dict(os.environ if base is None else base)
    if role == "instructor":
        paths = [str(instructor_config()), *filter(None, env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    else:
        env.setdefault("KZCOURSE_ASSIGNMENT_DIR", str(course_root / "work"))
    return env


def command(course_root: Path, extra: list[str]) -> list[str]:
    args = [str(BIN / "jupyter"), "lab", f"--notebook-dir={course_root}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    return args + extra


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in ("student", "instructor"):
        print("usage: python -m kzcourse.tools.labs student|instructor [jupyter lab options ...]", file=sys.stderr)
        return 2
    role, extra = argv[0], argv[1:]
    from . import exchange
    from .grading import Course, use_environment_path

    use_environment_path()
    course = Course.load()
    if role == "student":
        for line in exchange.self_study(course):
            print(line)
        (course.root / "work").mkdir(exist_ok=True)
    print(f"Starting the {role}'s JupyterLab on {course.root} (exchange: {course.exchange})", flush=True)
    args = command(course.root, extra)
    os.chdir(course.root)
    os.execve(args[0], args, environment(role, course.root))
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
