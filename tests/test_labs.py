"""The two labs, as their users see them: ``make lab`` (the student's) and ``make lab-instructor``.

Each runs on a scratch copy of the course (its own exchange, made by ``make lab`` on
first start) at a free port on 127.0.0.1, and is stopped at the end. The student's lab
is driven in headless Chromium: the Nbgrader menu offers the Assignment List and
nothing else, the Assignment List shows every assignment of solutions/ as released,
there is no Create Assignment panel, and Validate on a chapter (a MyST Markdown file
opened as a notebook) says plainly that it checks exercises. Over HTTP: the student's
lab has no Formgrader, Validate still validates exercises, and the instructor's lab
has the Formgrader.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import ROOT
from grading_support import ASSIGNMENTS

from kzcourse.tools.labext import NOT_AN_EXERCISE
from kzcourse.tools.venv_setup import INSTRUCTOR_LAB_PLUGINS

CHAPTER = sorted(p.name for p in (ROOT / "chapters").glob("*.md"))[0]
COURSE_FILES = ("solutions", "exercises", "chapters", "nbgrader_config.py")



pytestmark = pytest.mark.long  # a real JupyterLab, started with make: minutes, not seconds

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A lab started with 'make lab' or 'make lab-instructor' on a scratch course."""

    def __init__(self, target: str, course: Path):
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.course = course
        self.log = course.parent / f"{target}.log"
        args = f"--no-browser --ServerApp.ip=127.0.0.1 --port={self.port} --IdentityProvider.token={self.token}"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "-C", str(ROOT), target, f"LAB_ARGS={args}"],
                env=dict(os.environ, KZCOURSE_NBGRADER_ROOT=str(course)),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"{target} exited:\n{self.log.read_text()[-3000:]}"
            try:
                if self.get("api/status").status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        self.stop()
        raise AssertionError(f"{target} did not answer in 120 s:\n{self.log.read_text()[-3000:]}")

    def get(self, path: str) -> requests.Response:
        return requests.get(f"{self.base}/{path}", headers={"Authorization": f"token {self.token}"}, timeout=60)

    def post(self, path: str) -> requests.Response:
        return requests.post(f"{self.base}/{path}", headers={"Authorization": f"token {self.token}"}, timeout=120)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def disabled_plugins(page_html: str) -> list[str]:
    """The lab plugins a JupyterLab page is told to leave off (from its page config)."""
    match = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page_html, re.S)
    assert match, "no page config in the lab page"
    return json.loads(match.group(1))["disabledExtensions"]


def _course(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in COURSE_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    return folder


@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    lab = Lab("lab", _course(tmp_path_factory.mktemp("student-lab") / "course"))
    try:
        yield lab
    finally:
        lab.stop()


@pytest.mark.slow
def test_student_lab_over_http(student_lab):
    assert "released to it for self-study" in student_lab.log.read_text()
    assert student_lab.get("formgrader").status_code == 404
    assert set(disabled_plugins(student_lab.get("lab").text)) >= set(INSTRUCTOR_LAB_PLUGINS)
    listed = student_lab.get("assignments?course_id=kz-corruption-digital").json()
    assert listed["success"] and {a["assignment_id"] for a in listed["value"]} == set(ASSIGNMENTS)
    answer = student_lab.post(f"assignments/validate?path=chapters/{CHAPTER}").json()
    assert answer == {"success": False, "value": NOT_AN_EXERCISE.format(path=f"chapters/{CHAPTER}")}
    exercise = f"exercises/{ASSIGNMENTS[0]}/{ASSIGNMENTS[0]}.ipynb"
    answer = student_lab.post(f"assignments/validate?path={exercise}").json()
    assert answer["success"] is True, answer  # the blank exercise validates (its tests fail: that is the answer)


@pytest.mark.slow
def test_instructor_lab_has_the_formgrader(tmp_path):
    lab = Lab("lab-instructor", _course(tmp_path / "course"))
    try:
        assert lab.get("formgrader").status_code == 200
        assert not [p for p in disabled_plugins(lab.get("lab").text) if p.startswith("@jupyter/nbgrader")]
    finally:
        lab.stop()


@pytest.mark.browser
def test_student_lab_in_the_browser(student_lab, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)  # a loaded CI machine starts JupyterLab slowly
    try:
        _student_lab_checks(page, student_lab)
    except Exception:
        page.screenshot(path=str(student_lab.course.parent / "failure.png"))
        raise
    finally:
        context.close()


def _student_lab_checks(page, lab: Lab) -> None:
    page.goto(f"{lab.base}/lab?reset&token={lab.token}")  # a clean workspace: no tab of an earlier session
    page.locator("#jp-main-dock-panel").wait_for()
    # The Nbgrader menu: the Assignment List, and none of the instructor's tools.
    page.locator(".lm-MenuBar-item", has_text="Nbgrader").click()
    menu = page.locator(".lm-Menu").last
    menu.wait_for()
    items = menu.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel").all_inner_texts()
    assert [i for i in items if i.strip()] == ["Assignment List"], items
    menu.locator(".lm-Menu-item", has_text="Assignment List").click()
    released = page.locator("#released_assignments_list")
    for assignment in ASSIGNMENTS:
        released.get_by_text(assignment).wait_for()
    assert released.get_by_role("button", name="Fetch").count() == len(ASSIGNMENTS)
    sidebar = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all("tabs => tabs.map(t => t.title || t.textContent)")
    assert not [t for t in sidebar if "Create Assignment" in t], sidebar
    # Validate on a chapter answers plainly.
    page.goto(f"{lab.base}/lab/tree/chapters/{CHAPTER}?reset&token={lab.token}")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    assert "Validate checks nbgrader exercises" in dialog.inner_text()
