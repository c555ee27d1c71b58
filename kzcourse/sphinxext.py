"""Sphinx extension: chapters as ``.ipynb`` downloads, and no third-party scripts.

Chapters are MyST Markdown notebooks (readable diffs, QuantEcon style), but students
and readers expect a notebook file. For every chapter page this writes the chapter,
converted by jupytext and without outputs, to ``_sources/<page>.ipynb`` and tells the
book theme, whose download menu then lists ".ipynb" beside ".md" and ".pdf".

Jupyter Book always loads sphinx-thebe, which writes the address of Thebe's script on
a CDN into every page even when Thebe is off (as it is here: the book has no kernel).
The book must not name, let alone load, anything from a third-party host, so those
two scripts are dropped.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat


def _offer_notebook(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or not pagename.startswith("chapters/"):
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md":
        return
    notebook = jupytext.read(source)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _is_thebe(filename, attributes) -> bool:
    return "thebe" in str(filename or "") or "THEBE_JS_URL" in str(attributes.get("body", ""))


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        scripts[:] = [js for js in scripts if not _is_thebe(js.filename, js.attributes)]


def setup(app):
    app.connect("html-page-context", _drop_thebe)
    # Before sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
