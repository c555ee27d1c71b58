"""Chapter 3 and its exercise in a real JupyterLab, driven as a student would.

Open the chapter (a MyST Markdown file, opened as a notebook through jupytext), Run All,
read the prose: the computed numbers stand in the sentences, no raw MyST role is left,
the book-only figure is absent and the live widget is there and answers. Then save and
find the file unchanged; likewise for every exercise notebook. The other chapters' lab
checks live in their own test modules and share the same lab (the ``lab`` fixture).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lab_support import open_notebook, read_chapter, save, wait_kernel_idle

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
EXERCISES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "exercises").glob("*/*.ipynb"))


def test_chapter_3_reads_as_in_the_book_and_saving_changes_nothing(lab):
    path = lab[0] / "chapters" / "03_regression.md"
    before = path.read_bytes()
    context, page, errors = open_notebook(lab, "chapters/03_regression.md")
    try:
        read_chapter(page, expect=["207.78", "0.8256", "line is reproduced"])
        # The live widget answers: switch the outcome to the real CPI.
        outcome = page.locator(".widget-dropdown").filter(has=page.locator("label.widget-label", has_text=re.compile("^y$")))
        outcome.locator("select").select_option(label="CPI, same year")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html-content')].some(e => e.innerText.includes('207.06'))",
            timeout=30_000,
        )
        save(page)
    finally:
        context.close()
    assert not errors, errors
    assert path.read_bytes() == before, "saving the chapter in JupyterLab rewrote the file"


@pytest.mark.parametrize("rel", EXERCISES)
def test_exercise_opens_and_saves_unchanged(lab, rel):
    path = lab[0] / rel
    before = path.read_bytes()
    context, page, errors = open_notebook(lab, rel)
    try:
        wait_kernel_idle(page)  # the kernel has started and reported its language
        save(page)
    finally:
        context.close()
    assert not errors, errors
    assert path.read_bytes() == before, f"saving {rel} in JupyterLab rewrote the file"
