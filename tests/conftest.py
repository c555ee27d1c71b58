"""Shared fixtures: the built book (built once per session), the browser, and scratch course copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book strictly (warnings are errors) once, and return _build/html.

    Execution is cached by jupyter-cache, so after 'make book' this only re-renders.
    """
    result = subprocess.run(
        [sys.executable, "-m", "kzcourse.tools.build"], cwd=ROOT, capture_output=True, text=True
    )
    log = ROOT / "_build" / "test-build.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text(result.stdout + result.stderr)
    warnings = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if ("WARNING" in line or "ERROR" in line) and "Kernel is running over TCP" not in line
    ]
    assert result.returncode == 0, (
        f"strict book build failed (exit {result.returncode}); see {log}:\n" + "\n".join(warnings[:30])
    )
    return ROOT / "_build" / "html"


def run(command: list[str], cwd: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a command with the environment's bin/ first on PATH (nbgrader calls alembic)."""
    full_env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    full_env.update(env or {})
    return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the session (Playwright's sync API allows one at a time)."""
    from kzcourse.tools.serve import CHROMIUM, chromium

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed: apt-get install chromium (bash .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, chromium(playwright) as launched:
        yield launched


@pytest.fixture
def scratch_course(tmp_path: Path) -> Path:
    """A copy of the course's nbgrader folders, so grading never touches the real tree."""
    course = tmp_path / "course"
    course.mkdir()
    for name in ("solutions", "exercises"):
        shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


@pytest.fixture(scope="session")
def lab(tmp_path_factory, browser):
    """One real JupyterLab for every lab test of the session.

    Yields (scratch course folder, base URL, token, browser); skipped without Debian chromium.
    """
    from lab_support import jupyter_lab, scratch_course

    course = scratch_course(tmp_path_factory.mktemp("lab"))
    with jupyter_lab(course) as (base, token):
        yield course, base, token, browser


def pytest_collection_modifyitems(items):
    """Every test that drives a real JupyterLab belongs to the long group (make test-long)."""
    for item in items:
        if "lab" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.long)
