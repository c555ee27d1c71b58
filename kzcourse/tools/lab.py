"""The course's JupyterLab: what a save writes, so that opening and saving changes nothing.

JupyterLab fills a notebook's ``metadata.language_info`` from the running kernel
(Python's exact version, the lexer, the file extension) and writes it on every save. An
exercise released without it would show as modified as soon as a student opened it, and
its bytes would depend on the Python patch release of whoever saved it last. The course's
lab (and every JupyterHub server started from the course environment) therefore runs
:func:`normalise_notebook` before each save: ``language_info`` keeps only its ``name``,
which is what nbgrader releases carry. Nothing else in a notebook is touched; MyST
chapters are text files saved by jupytext, whose pinned header keeps them byte-identical.
"""

from __future__ import annotations


def normalise_notebook(model: dict, **_) -> None:
    """A jupyter-server pre-save hook: reduce ``language_info`` to its name."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    metadata = model["content"].setdefault("metadata", {})
    info = metadata.get("language_info")
    if isinstance(info, dict) and set(info) != {"name"}:
        metadata["language_info"] = {"name": info.get("name", "python")}
