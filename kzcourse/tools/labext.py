"""A Jupyter server extension for the course's labs: Validate says plainly what it applies to.

nbgrader adds a *Validate* button to every notebook panel, and JupyterLab opens the
course's chapters (MyST Markdown ``.md`` files, through jupytext) as notebook panels. On
a chapter, nbgrader's validator reads the file as notebook JSON and answers with a JSON
decoding traceback. This extension answers Validate requests for anything that is not
an ``.ipynb`` notebook with one sentence: Validate checks exercises; a chapter is checked
by running its cells. Exercises are handed to nbgrader's own handler unchanged.

It takes over nbgrader's ``/assignments/validate`` route because Jupyter Server loads
extensions in alphabetical order (``kzcourse...`` before ``nbgrader...``) and Tornado
uses the first handler added for a route. ``tests/test_labs.py`` checks both answers.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from jupyter_server.utils import url_path_join
from nbgrader.server_extensions.validate_assignment.handlers import ValidateAssignmentHandler

# Shown in a <pre> by nbgrader's dialog, hence the short lines.
NOT_AN_EXERCISE = (
    "Validate checks nbgrader exercises: notebooks (.ipynb) such as\n"
    "exercises/03_regression/03_regression.ipynb, or an assignment you fetched.\n"
    "{path} is not one: chapters are MyST Markdown pages opened\n"
    "as notebooks, with nothing to validate. To check that a chapter\n"
    "runs, use Run > Run All Cells."
)


class CourseValidateHandler(ValidateAssignmentHandler):
    """nbgrader's Validate, with a clear answer for files that are not exercises."""

    def validate_notebook(self, path: str) -> dict:
        if PurePosixPath(path).suffix != ".ipynb":
            return {"success": False, "value": NOT_AN_EXERCISE.format(path=path)}
        return super().validate_notebook(path)


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "kzcourse.tools.labext"}]


def _load_jupyter_server_extension(serverapp) -> None:
    web_app = serverapp.web_app
    web_app.settings.setdefault("root_dir", serverapp.root_dir)
    route = url_path_join(web_app.settings["base_url"], r"/assignments/validate")
    web_app.add_handlers(".*$", [(route, CourseValidateHandler)])
    serverapp.log.info("kzcourse: Validate answers plainly for files that are not exercises")
