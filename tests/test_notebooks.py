"""Every chapter and computed page executes top to bottom without error."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for p in list((ROOT / "chapters").glob("*.md")) + list((ROOT / "book").glob("*.md"))
               if p.read_text().startswith("---\njupytext"))


def test_chapters_exist():
    assert any(p.parent.name == "chapters" for p in PAGES)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_executes(path):
    nb = jupytext.read(path)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert nbformat.validate(nb) is None
