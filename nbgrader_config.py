"""nbgrader configuration for the course.

``solutions/`` is nbgrader's source directory (instructor notebooks with solutions
and hidden tests) and ``exercises/`` its release directory (what students get).
The course root is this file's own folder, as an absolute path, so that nbgrader
finds the same gradebook and folders whatever directory it is started from (the
course environment's nbgrader shim loads this file, see kzcourse/tools/venv_setup.py).

Students load this file too (their nbgrader is the course environment's), so it sets
nothing that only the instructor may read, and imports only what nbgrader itself does.

Environment variables, set by the Makefile and jupyterhub_config.py:

``KZCOURSE_EXCHANGE``
    the nbgrader exchange folder (default: ``exchange/`` in the course folder, set up
    by ``make exchange``), where assignments are released and submissions handed in.
``KZCOURSE_ASSIGNMENT_DIR``
    where a student's fetched assignments go (default: the folder the student's lab
    or nbgrader runs in; ``make lab`` sets ``work/`` in the course folder).
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades

from kzcourse.tools.feedback import HideHiddenTests

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

ROOT = Path(__file__).resolve().parent

c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.course_id = "kz-corruption-digital"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = f"sqlite:///{ROOT / 'gradebook.db'}"
# Data files the notebooks read travel with them.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# The exchange: release, fetch, submit, collect, release and fetch feedback.
c.Exchange.root = os.environ.get("KZCOURSE_EXCHANGE") or str(ROOT / "exchange")
if os.environ.get("KZCOURSE_ASSIGNMENT_DIR"):
    c.Exchange.assignment_dir = os.environ["KZCOURSE_ASSIGNMENT_DIR"]

# Feedback keeps each test's result, points and message, not the hidden tests' code
# (kzcourse/tools/feedback.py). False gives nbgrader's unfiltered feedback.
c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
c.HideHiddenTests.enabled = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A cell that hangs fails the notebook instead of stalling the class's grading.
c.ExecutePreprocessor.timeout = 120
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
