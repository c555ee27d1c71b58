"""Configure the course's virtual environment after ``pip install`` (run by ``make``).

Two settings live in the environment rather than in anyone's home folder, so that a
fresh clone behaves the same for every student, instructor and CI run:

* nbgrader finds ``nbgrader_config.py`` only in the working folder or on Jupyter's
  config path. A small shim in ``.venv/etc/jupyter/`` loads the course's own file, so
  ``nbgrader`` from this environment works from any folder and never falls back to a
  default course root (which silently makes an empty gradebook).
  ``KZCOURSE_NBGRADER_ROOT`` points it at another copy of the course (the tests use
  this for their scratch copies).
* JupyterLab opens the chapters' MyST Markdown files as notebooks (through jupytext),
  and renders all of a notebook's cells (no windowing).
* Every notebook the lab saves goes through :func:`kzcourse.tools.lab.normalise_notebook`,
  so that opening and saving an exercise leaves it byte-identical.
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
    },
    # Render every cell of a chapter, not only those on screen: the browser's search then
    # finds any sentence, and a chapter of a hundred cells stays fast enough.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # No pop-up asking to fetch Jupyter news from the internet: a class lab may be offline.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


SERVER_CONFIG = {"ContentsManager": {"pre_save_hook": "kzcourse.tools.lab.normalise_notebook"}}


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
    # Only extension switches are read from jupyter_server_config.d/; settings go here.
    server = config_dir / "jupyter_server_config.json"
    server.write_text(json.dumps(SERVER_CONFIG, indent=2) + "\n")
    written.append(server)
    return written


if __name__ == "__main__":
    for path in install():
        print(f"wrote {path}")
