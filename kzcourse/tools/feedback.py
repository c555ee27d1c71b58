"""Feedback that keeps hidden tests hidden.

nbgrader's feedback is the autograded notebook rendered as HTML, and the autograded
notebook holds every test cell as the instructor wrote it: hidden tests included, with
the expected values in them, and with tracebacks that quote the failing line and its
neighbours. Released to students, that hands next year's class the answers (a
long-standing request in nbgrader's tracker).

:class:`HideHiddenTests` runs in ``nbgrader generate_feedback`` (the course's
``nbgrader_config.py`` puts it between nbgrader's own preprocessors, on by default).
In every code cell it replaces the region between ``### BEGIN HIDDEN TESTS`` and
``### END HIDDEN TESTS`` by one comment line, and in every error output it removes the
traceback lines that quote a hidden line. What a student needs stays: which tests
passed, the points (nbgrader's score boxes), and the message each failing test raises
(``AssertionError: r2 should be a float``), which is why tests carry actionable messages.

``c.HideHiddenTests.enabled = False`` gives nbgrader's unfiltered feedback, for an
instructor's own reading.
"""

from __future__ import annotations

import re

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython's traceback source lines: "----> 7 assert ...", "      6 x = 1", "   7 | ..."
QUOTED = re.compile(r"^\s*(?:-*>)?\s*\d+\s?\|?\s?(?P<code>.*)$")


def _normal(text: str) -> str:
    return " ".join(text.split())


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests, and traceback lines quoting them, from the notebook feedback is made of."""

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS", help="Marks the start of a hidden test region").tag(config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS", help="Marks the end of a hidden test region").tag(config=True)
    placeholder = Unicode(
        "# Hidden tests ran here. Their code is not shown; the result and the message of any "
        "failure are below.",
        help="What stands in the cell where the hidden tests were",
    ).tag(config=True)
    quoted_placeholder = Unicode("      (a line of a hidden test)", help="What stands for a traceback line that quoted a hidden test").tag(
        config=True
    )

    def _strip(self, source: str) -> tuple[str, set[str]]:
        kept: list[str] = []
        hidden: set[str] = set()
        inside = False
        for line in source.split("\n"):
            if self.begin_test_delimeter in line:
                inside = True
                kept.append(line[: len(line) - len(line.lstrip())] + self.placeholder)
                continue
            if self.end_test_delimeter in line:
                inside = False
                continue
            if inside:
                if _normal(line):
                    hidden.add(_normal(line))
            else:
                kept.append(line)
        return "\n".join(kept), hidden

    def _quotes_hidden(self, line: str, hidden: set[str]) -> bool:
        plain = ANSI.sub("", line)
        match = QUOTED.match(plain)
        code = _normal(match.group("code")) if match else ""
        return bool(code) and (code in hidden or _normal(plain) in hidden)

    def _scrub(self, traceback: list[str], hidden: set[str]) -> list[str]:
        scrubbed = []
        for entry in traceback:
            lines = [self.quoted_placeholder if self._quotes_hidden(line, hidden) else line for line in entry.split("\n")]
            scrubbed.append("\n".join(lines))
        # Whatever the traceback's format, no hidden line may survive: if one does, keep the message only.
        text = _normal(ANSI.sub("", "\n".join(scrubbed[:-1])))
        if any(len(line) >= 4 and line in text for line in hidden):
            return scrubbed[-1:]
        return scrubbed

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        hidden: set[str] = set()
        for cell in nb.cells:
            if cell.cell_type == "code" and self.begin_test_delimeter in cell.source:
                cell.source, found = self._strip(cell.source)
                hidden |= found
        if hidden:
            for cell in nb.cells:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        output.traceback = self._scrub(list(output.get("traceback", [])), hidden)
        return nb, resources
