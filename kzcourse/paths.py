"""Where things live, computed from this file so that no caller depends on its working folder.

Notebooks run from ``chapters/``, nbgrader runs from a scratch copy, pytest runs from
the root: resolving paths here keeps all of them pointing at the same files.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ``KZCOURSE_DATA`` points the package at another copy of data/ (the tests run a chapter
# on deliberately altered data to show that its claims are guarded).
DATA = Path(os.environ.get("KZCOURSE_DATA", ROOT / "data")).resolve()
DATAPACKAGE = DATA / "datapackage.json"
ERRATA = DATA / "errata.csv"


def shared_dir() -> Path:
    """The project's ``shared/`` folder (source documents), beside the work tree.

    ``KZCOURSE_SHARED`` overrides it, for a checkout that keeps ``shared/`` elsewhere.
    """
    return Path(os.environ.get("KZCOURSE_SHARED", ROOT.parent / "shared")).resolve()


def seeds_dir() -> Path:
    """The five source documents; present on developers' machines and in CI, not shipped."""
    return shared_dir() / "seeds"


def shown(path: Path) -> Path:
    """A path as messages show it: relative to the course's root when it lies inside."""
    try:
        return Path(path).resolve().relative_to(ROOT)
    except ValueError:
        return Path(path)
