"""Configure the course's virtual environment after ``pip install`` (run by ``make``).

Two settings live in the environment rather than in anyone's home folder, so that a
fresh clone behaves the same for every student, instructor and CI run:

* nbgrader finds ``nbgrader_config.py`` only in the working folder or on Jupyter's
  config path. A small shim in ``.venv/etc/jupyter/`` loads the course's own file, so
  ``nbgrader`` from this environment works from any folder and never falls back to a
  default course root (which silently makes an empty gradebook).
  ``KZCOURSE_NBGRADER_ROOT`` points it at another copy of the course (the tests use
  this for their scratch copies).
* JupyterLab opens the chapters' MyST Markdown files as notebooks (through jupytext).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import paths

SHIM = '''"""Written by 'make setup' (kzcourse.tools.venv_setup): load the course's nbgrader_config.py."""
import os
from pathlib import Path

_root = Path(os.environ.get("KZCOURSE_NBGRADER_ROOT", {root!r}))
_config = _root / "nbgrader_config.py"
if _config.exists():
    _namespace = dict(globals(), __file__=str(_config))
    exec(compile(_config.read_text(), str(_config), "exec"), _namespace)
'''

LAB_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    }
}


def install(prefix: Path = Path(sys.prefix)) -> list[Path]:
    written = []
    config_dir = prefix / "etc" / "jupyter"
    config_dir.mkdir(parents=True, exist_ok=True)
    shim = config_dir / "nbgrader_config.py"
    shim.write_text(SHIM.format(root=str(paths.ROOT)))
    written.append(shim)
    settings = prefix / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = settings / "overrides.json"
    overrides.write_text(json.dumps(LAB_OVERRIDES, indent=2) + "\n")
    written.append(overrides)
    return written


if __name__ == "__main__":
    for path in install():
        print(f"wrote {path}")
