"""Notebook hygiene: no committed outputs, the python3 kernel, one H1 per page."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jupytext
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def tracked(pattern: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", pattern],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / line for line in out.splitlines() if line and (ROOT / line).exists()]


NOTEBOOKS = tracked("*.ipynb")
PAGES = [p for p in tracked("*.md") if p.parts[len(ROOT.parts)] in ("book", "chapters")]
TOC_FILES = []
for part in yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"]:
    TOC_FILES += [c["file"] for c in part["chapters"]]


def test_there_is_something_to_check():
    assert NOTEBOOKS and PAGES and len(TOC_FILES) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.relative_to(ROOT)}: code cells {dirty} carry outputs or execution counts; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS + [p for p in PAGES if p.read_text().startswith("---\njupytext")],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_uses_python3_kernel(path):
    nb = jupytext.read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{path.relative_to(ROOT)}: kernelspec must be python3"


def _h1_count(path: Path) -> int:
    nb = jupytext.read(path)
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"```.*?```", "", cell.source, flags=re.S)  # headings inside fences do not count
        count += len(re.findall(r"^# \S", text, flags=re.M))
    return count


@pytest.mark.parametrize("docname", TOC_FILES)
def test_page_has_exactly_one_h1(docname):
    path = next(p for p in (ROOT / f"{docname}.md", ROOT / f"{docname}.ipynb") if p.exists())
    assert _h1_count(path) == 1, f"{path.relative_to(ROOT)} should have exactly one '# ' heading (its title)"


@pytest.mark.parametrize("docname", TOC_FILES)
def test_toc_entry_exists(docname):
    assert (ROOT / f"{docname}.md").exists() or (ROOT / f"{docname}.ipynb").exists(), f"_toc.yml lists {docname}, which does not exist"


def test_myst_pages_are_in_the_form_jupytext_writes():
    """Saving a chapter in JupyterLab (through jupytext) must not rewrite it: make format."""
    from kzcourse.tools.myst_format import canonical, myst_pages

    pages = myst_pages(ROOT)
    assert any(p.parent.name == "chapters" for p in pages)
    off = [str(p.relative_to(ROOT)) for p in pages if canonical(p.read_text()) != p.read_text()]
    assert not off, f"not in jupytext's form (run 'make format'): {off}"
    for page in pages:  # the pinned header: user_expressions (jupyterlab-myst) never reach the file
        header = page.read_text().split("---", 2)[1]
        assert "cell_metadata_filter: -user_expressions" in header and "jupytext_version:" in header, page


def test_the_lab_saves_notebooks_without_kernel_details():
    from kzcourse.tools.lab import normalise_notebook

    model = {"type": "notebook", "content": {"metadata": {"language_info": {"name": "python", "version": "3.11.7"}}}}
    normalise_notebook(model=model, path="x.ipynb")
    assert model["content"]["metadata"]["language_info"] == {"name": "python"}
    text = {"type": "file", "content": "language_info"}
    normalise_notebook(model=text, path="x.md")
    assert text == {"type": "file", "content": "language_info"}
