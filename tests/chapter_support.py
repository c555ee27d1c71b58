"""Run a chapter as a reader would, and read back the numbers its prose quotes.

Every chapter stores the numbers its sentences show on a :class:`kzcourse.prose.Numbers`
object called ``n`` and guards each claim with an ``assert``. The chapter tests execute
the page top to bottom (optionally on altered data) and read ``n`` back, to assert key
values and to show that a claim the data stop supporting breaks the page.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
EVAL_ROLE = re.compile(r"\{eval\}`n\.([a-z][a-z0-9_]*)`")
_DUMP = (
    "import json as _json\n"
    "print('KZ-NUMBERS' + _json.dumps({k: (v if isinstance(v, (int, str)) else float(v)) "
    "for k, v in n.values().items()}))"
)


class ChapterFailed(Exception):
    """The chapter stopped with an error; ``.name`` and ``.value`` say which."""

    def __init__(self, name: str, value: str, source: str):
        super().__init__(f"{name}: {value}")
        self.name, self.value, self.source = name, value, source


def run_chapter(path: Path, data_dir: Path | None = None, timeout: int = 180) -> dict:
    """Execute a MyST chapter and return ``n.values()`` (name -> unformatted value)."""
    nb = jupytext.read(path)
    nb.cells.append(nbformat.v4.new_code_cell(_DUMP))
    env = dict(os.environ)
    if data_dir is not None:
        env["KZCOURSE_DATA"] = str(data_dir)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    km = client.create_kernel_manager()
    try:
        client.km = km
        with client.setup_kernel(env=env):
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as err:
                    raise ChapterFailed(err.ename, err.evalue, cell.source) from None
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    for output in nb.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if "KZ-NUMBERS" in text:
            return json.loads(text.split("KZ-NUMBERS", 1)[1])
    raise AssertionError("the chapter ran but printed no numbers")


def eval_names(path: Path) -> set[str]:
    """The names the prose asks for with {eval}`n.name`."""
    return set(EVAL_ROLE.findall(path.read_text()))
