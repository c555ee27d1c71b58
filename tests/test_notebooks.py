"""Every computed page executes top to bottom without error.

Chapters are executed by their own test modules (``tests/test_NN_name.py`` runs the
chapter with ``chapter_support.run_chapter`` and asserts the numbers its prose quotes),
so here they are only checked to have one; the front-matter pages that compute
(data, errata) are executed here.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
PAGES = sorted(p for p in (ROOT / "book").glob("*.md") if p.read_text().startswith("---\njupytext"))


def test_there_are_chapters_and_computed_pages():
    assert CHAPTERS and PAGES


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_is_run_by_its_own_test_module(chapter):
    module = ROOT / "tests" / f"test_{chapter.stem}.py"
    assert module.exists(), f"{module.relative_to(ROOT)} is missing: every chapter has a test module"
    text = module.read_text()
    assert "run_chapter(" in text and chapter.name in text, f"{module.name} does not run {chapter.name}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_executes(path):
    nb = jupytext.read(path)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert nbformat.validate(nb) is None
