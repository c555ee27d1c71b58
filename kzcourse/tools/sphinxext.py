"""Sphinx extension: chapters as ``.ipynb`` downloads, and no third-party scripts.

Chapters are MyST Markdown notebooks (readable diffs, QuantEcon style), but students
and readers expect a notebook file. For every chapter page this writes the chapter,
converted by jupytext and without outputs, to ``_sources/<page>.ipynb`` and tells the
book theme, whose download menu then lists ".ipynb" beside ".md" and ".pdf".

Jupyter Book always loads sphinx-thebe, which writes the address of Thebe's script on
a CDN into every page even when Thebe is off (as it is here: the book has no kernel).
The book must not name, let alone load, anything from a third-party host, so those
two scripts are dropped.

Numbers in the prose are ``{eval}`n.name``` roles, evaluated in the page's kernel while
myst-nb executes the page inline. myst-nb runs code cells lazily, when it renders the
next *visible* code cell, and skips cells tagged ``remove-cell`` when rendering; so a
sentence right after a hidden cell would be evaluated before that cell ran (JupyterLab,
running cells in order, has no such gap). Before rendering each Markdown cell, this
extension therefore runs every cell above it, as a reader running the notebook would.

Last, the pages are lightened (the theme's Font Awesome script, which only redraws the
icons its web font already draws, is not loaded), and a few names that the theme and
myst-nb give controls do not match what the
control shows, which screen-reader users meet as a mismatch (axe-core's
"label-content-name-mismatch") and the bibliography marks its entries with a role
that its list does not allow. The built pages are corrected after writing.
"""

from __future__ import annotations

import re
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


# (pattern, replacement) applied to every written page.
_ACCESSIBILITY_FIXES = [
    # The search button shows "Search Ctrl+K": let its content name it.
    (re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"'), r"\1"),
    # The colour-mode button is named "Color mode"; its icons' titles (Light, Dark...) contradict that.
    (re.compile(r'(<i class="theme-switch [^"]*"[^>]*?) title="[^"]*"'), r"\1"),
    # myst-nb labels the "Show code cell source" summary "Toggle hidden content".
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
    # A list's children must be list items.
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"'),
    # The theme loads Font Awesome twice: as a web font from its CSS, and as a 1.5 MB script
    # (0.54 MB gzipped) that redraws the same icons as SVG. The font alone draws them; the
    # script was most of the weight of every text page.
    (re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'), ""),
]


def fix_page(text: str) -> str:
    for pattern, replacement in _ACCESSIBILITY_FIXES:
        text = pattern.sub(replacement, text)
    return text


def _fix_written_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        if "_vendor" in page.parts or "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = fix_page(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _run_cells_above_markdown() -> None:
    from myst_nb.core.render import MditRenderMixin

    original = MditRenderMixin.render_nb_cell_markdown
    if getattr(original, "_kzcourse_in_order", False):
        return

    def render_nb_cell_markdown(self, token):
        index = token.meta.get("index") if token.meta else None
        if index is not None:
            self.nb_client.code_cell_outputs(index)  # executes every cell up to this one
        return original(self, token)

    render_nb_cell_markdown._kzcourse_in_order = True
    MditRenderMixin.render_nb_cell_markdown = render_nb_cell_markdown


def setup(app):
    _run_cells_above_markdown()
    app.connect("build-finished", _fix_written_pages)
    app.connect("html-page-context", _drop_thebe)
    # Before sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", _offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
