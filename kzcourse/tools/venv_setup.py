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
* Every JupyterLab started from this environment is the *student's* lab unless told
  otherwise: nbgrader's Formgrader, Create Assignment and Course List are switched off
  (server extensions and lab plugins), the Assignment List and Validate stay, and
  :mod:`kzcourse.tools.labext` makes Validate answer plainly on chapters. The
  instructor's lab (``make lab-instructor``, and instructors on the course's
  JupyterHub) switches the tools back on by putting :func:`instructor_config`
  (``.venv/etc/jupyter-instructor``) first on ``JUPYTER_CONFIG_PATH``; see
  :mod:`kzcourse.tools.labs`.
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

# nbgrader's instructor tools: off in the student's lab, on in the instructor's.
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
INSTRUCTOR_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:course-list")


def instructor_config(prefix: Path = Path(sys.prefix)) -> Path:
    """The folder that, first on JUPYTER_CONFIG_PATH, turns a lab into the instructor's."""
    return prefix / "etc" / "jupyter-instructor"


def server_config(instructor: bool) -> dict:
    extensions = {"kzcourse.tools.labext": True}
    extensions.update({name: instructor for name in INSTRUCTOR_SERVER_EXTENSIONS})
    return {
        "ServerApp": {"jpserver_extensions": extensions},
        # Every notebook saved is normalised, so an exercise opened and saved is unchanged.
        "ContentsManager": {"pre_save_hook": "kzcourse.tools.lab.normalise_notebook"},
    }


def page_config(instructor: bool) -> dict:
    return {"disabledExtensions": {name: not instructor for name in INSTRUCTOR_LAB_PLUGINS}}


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
    # The student's lab is the environment's default (the root file outranks the
    # jupyter_server_config.d/*.json that packages install; settings such as the
    # pre-save hook are read only from such root files).
    written.append(_write_json(config_dir / "jupyter_server_config.json", server_config(instructor=False)))
    written.append(_write_json(config_dir / "labconfig" / "page_config.json", page_config(instructor=False)))
    instructor = instructor_config(prefix)
    written.append(_write_json(instructor / "jupyter_server_config.json", server_config(instructor=True)))
    written.append(_write_json(instructor / "labconfig" / "page_config.json", page_config(instructor=True)))
    return written


def _write_json(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


if __name__ == "__main__":
    for path in install():
        print(f"wrote {path}")
