"""Chapter 3 and its exercise in a real JupyterLab, driven as a student would.

Open the chapter (a MyST Markdown file, opened as a notebook through jupytext), Run All,
read the prose: the computed numbers stand in the sentences, no raw MyST role is left,
the book-only figure is absent and the live widget is there and answers. Then save and
find the file unchanged; likewise for the exercise notebook.
"""

from __future__ import annotations

import re

import pytest

from kzcourse.tools.serve import CHROMIUM, chromium

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("Debian chromium not installed: apt-get install chromium (bash .ci/run does)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

from lab_support import jupyter_lab, run_all, scratch_course  # noqa: E402

RAW_ROLES = ("{eval}", "{term}", "{cite:p}", "{cite:t}", "{doc}", "(ch-regression)=", ":::{admonition}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    course = scratch_course(tmp_path_factory.mktemp("lab"))
    with jupyter_lab(course) as (base, token), sync_playwright() as playwright, chromium(playwright) as browser:
        yield course, base, token, browser


def _open(lab, rel):
    course, base, token, browser = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/lab/tree/{rel}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-Notebook", timeout=60_000)
    return context, page, errors


def _save(page):
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)


def test_chapter_reads_as_in_the_book_and_saving_changes_nothing(lab):
    course = lab[0]
    path = course / "chapters" / "03_regression.md"
    before = path.read_bytes()
    context, page, errors = _open(lab, "chapters/03_regression.md")
    try:
        run_all(page)
        notebook = page.locator(".jp-Notebook")
        page.wait_for_function(
            "() => document.querySelector('.jp-Notebook').innerText.includes('the slope')", timeout=30_000
        )
        text = notebook.inner_text()
        assert "207.78" in text, "the computed slope does not stand in the rendered prose"
        assert "0.8256" in text and "Kazakhstan" in text
        leftovers = [role for role in RAW_ROLES if role in text]
        assert not leftovers, f"raw MyST left in the rendered chapter: {leftovers}"
        assert page.locator(".kz-interactive").count() == 0, "the book-only figure shows in the notebook"
        # The live widget answers: switch the outcome to the real CPI.
        outcome = page.locator(".widget-dropdown").filter(has=page.locator("label.widget-label", has_text=re.compile("^y$")))
        outcome.locator("select").select_option(label="CPI, same year")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('207.06'))",
            timeout=30_000,
        )
        _save(page)
    finally:
        context.close()
    assert not errors, errors
    assert path.read_bytes() == before, "saving the chapter in JupyterLab rewrote the file"


def test_exercise_opens_and_saves_unchanged(lab):
    course = lab[0]
    path = course / "exercises" / "03_regression" / "03_regression.ipynb"
    before = path.read_bytes()
    context, page, errors = _open(lab, "exercises/03_regression/03_regression.ipynb")
    try:
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=30_000)
        page.wait_for_timeout(3000)  # the kernel starts and reports its language
        _save(page)
    finally:
        context.close()
    assert not errors, errors
    after = path.read_bytes()
    assert after == before, "saving the exercise in JupyterLab rewrote the file"
