"""Helpers for the grading tests: the hidden tests of every exercise, read from solutions/.

Nothing here hard-codes an exercise's cells or scores: the lead rewrites exercises, and
these tests must follow.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def normal(text: str) -> str:
    return " ".join(text.split())


def hidden_test_lines(assignment: str | None = None) -> set[str]:
    """Every non-trivial line of a hidden test region (whitespace-normalised).

    A line that also stands outside the hidden tests (in given code or in the solution,
    which a correct student writes too) reveals nothing, so it does not count.
    """
    lines, elsewhere = set(), set()
    for notebook in sorted((ROOT / "solutions").glob(f"{assignment or '*'}/*.ipynb")):
        for cell in json.loads(notebook.read_text())["cells"]:
            source = "".join(cell["source"])
            for block in HIDDEN.findall(source):
                lines |= {normal(line) for line in block.splitlines() if len(normal(line)) >= 12}
            elsewhere |= {normal(line) for line in HIDDEN.sub("", source).splitlines()}
    return lines - elsewhere


def text_of(path: Path) -> str:
    """What a reader of the file sees: HTML without tags, entities decoded, whitespace normalised."""
    raw = path.read_text(errors="ignore")
    if path.suffix == ".html":
        raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
    return normal(raw)


def stands_in(line: str, text: str) -> bool:
    return re.search(r"(?<![\w.])" + re.escape(line) + r"(?![\w])", text) is not None


def leaks(files: list[Path], assignment: str | None = None) -> list[str]:
    """Hidden-test lines found in these files, as 'file: line'."""
    secrets = hidden_test_lines(assignment)
    assert secrets, "no hidden tests found in solutions/: the check would prove nothing"
    found = []
    for path in files:
        text = text_of(path)
        raw = normal(path.read_text(errors="ignore"))
        # Whole lines only: "s = cpi.loc[...]" must not match inside "scores = cpi.loc[...]".
        found += [f"{path}: {line}" for line in secrets if stands_in(line, text) or stands_in(line, raw)]
    return found
