"""The course's nbgrader exchange on one host, and the parts of the course folder only the instructor reads.

nbgrader hands work between accounts through an *exchange* folder: the instructor
releases into ``<exchange>/<course>/outbound/``, students fetch from there, submit into
``inbound/`` and fetch their feedback from ``feedback/``. It works by Unix permissions
alone, so they must be the ones nbgrader documents and creates:

==================================  ======  =====================================================
folder                              mode    why
==================================  ======  =====================================================
``<exchange>``                      1777    everyone may create in it (nbgrader: ``ugo+rw``); the
                                            sticky bit, as on ``/tmp``, stops a student renaming or
                                            deleting the instructor's course folder in it
``<exchange>/<course>``             0755    the instructor's; everyone may look in
``.../outbound``                    0755    released assignments: everyone reads, the instructor writes
``.../inbound``                     2733    submissions: everyone may hand in, nobody but the
                                            instructor may list (so no student sees another's)
``.../feedback``                    0711    feedback files, named by a hash only the submitting
                                            student can compute: no listing
==================================  ======  =====================================================

The default exchange is ``exchange/`` inside the course folder (so nothing outside it
is needed, and no root); ``KZCOURSE_EXCHANGE`` (``make exchange EXCHANGE=/path``) puts it
elsewhere. Students must be able to reach it: the course folder and its parents need
the search (x) permission for others, which :func:`setup` checks.

On a shared host students also reach the course folder for its environment and data,
so :func:`setup` makes private what only the instructor may read: ``solutions/`` (the
answers and hidden tests), ``submitted/``, ``autograded/``, ``feedback/``, ``grades/``,
the JupyterHub state ``.hub/`` and the gradebook.

    python -m kzcourse.tools.exchange setup        # make exchange (the instructor, once)
    python -m kzcourse.tools.exchange self-study   # make lab: a private exchange for one learner
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from .grading import Course, use_environment_path

EXCHANGE_MODE = 0o1777
COURSE_MODES = {"": 0o755, "outbound": 0o755, "inbound": 0o2733, "feedback": 0o711}
PRIVATE_FOLDERS = ("solutions", "submitted", "autograded", "feedback", "grades", ".hub")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def unreachable(path: Path) -> list[Path]:
    """Folders on the way to ``path`` that other accounts may not pass through (no o+x)."""
    return [p for p in [*reversed(path.parents), path] if p.exists() and not _mode(p) & stat.S_IXOTH]


def setup_exchange(course: Course) -> list[str]:
    """Create the exchange and the course's folders in it with nbgrader's permissions."""
    done = []
    root = course.exchange
    if not root.exists():
        root.mkdir(parents=True)
        done.append(f"created {root}")
    if _mode(root) != EXCHANGE_MODE:
        os.chmod(root, EXCHANGE_MODE)
    for name, mode in COURSE_MODES.items():
        folder = root / course.course_id / name
        if folder.exists() and folder.stat().st_uid != os.getuid():
            raise SystemExit(f"{folder} belongs to another account: the instructor who runs the course must own it")
        folder.mkdir(exist_ok=True)
        os.chmod(folder, mode)
    done.append(f"exchange {root} (mode {EXCHANGE_MODE:o}), course {course.course_id}: "
                + ", ".join(f"{name or '.'} {mode:o}" for name, mode in COURSE_MODES.items()))
    return done


def make_private(course: Course) -> list[str]:
    """Instructor-only folders 0700 and the gradebook 0600 (created now, so never readable by others)."""
    from nbgrader.api import Gradebook

    for name in PRIVATE_FOLDERS:
        folder = course.root / name
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o700)
    with Gradebook(course.db_url, course.course_id):
        pass
    gradebook = Path(course.db_url.removeprefix("sqlite:///"))
    if gradebook.exists():
        os.chmod(gradebook, 0o600)
    return [f"private to {os.environ.get('USER') or os.getuid()}: " + ", ".join(f"{n}/" for n in PRIVATE_FOLDERS) + f", {gradebook.name}"]


def setup(course: Course) -> list[str]:
    done = setup_exchange(course) + make_private(course)
    needed = {
        "the exchange": course.exchange,
        "the course folder (its environment and data)": course.root,
        f"the Python the environment runs ({sys.base_prefix})": Path(sys.base_prefix),
    }
    for what, path in needed.items():
        for folder in unreachable(path):
            done.append(f"WARNING: other accounts cannot pass through {folder}, so students cannot reach {what}: "
                        f"chmod o+x {folder}, or install the course where every account can reach it")
    return done


def self_study(course: Course) -> list[str]:
    """For one learner's lab: if there is no exchange yet, make one and release every exercise into it.

    An exchange that exists is left alone: on a shared host the instructor releases.
    """
    if course.exchange.exists():
        return []
    done = setup_exchange(course)
    released = []
    for assignment in course.assignments():
        if list((course.root / "exercises" / assignment).glob("*.ipynb")):
            if course.step(f"releasing {assignment}", "release_assignment", assignment):
                released.append(assignment)
    done.append(f"released to it for self-study: {', '.join(released) or 'nothing'}")
    return done


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv not in (["setup"], ["self-study"]):
        print("usage: python -m kzcourse.tools.exchange setup|self-study", file=sys.stderr)
        return 2
    use_environment_path()
    course = Course.load()
    for line in (setup if argv == ["setup"] else self_study)(course):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
