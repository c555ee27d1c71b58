"""Keep MyST notebooks in the exact form jupytext writes, so a save in JupyterLab is a no-op.

JupyterLab saves a chapter through jupytext, which writes cell options as YAML blocks,
wraps long option values and adds its version keys to the header. A chapter written
any other way would be rewritten the first time a student pressed Ctrl+S (and show as
modified in git). ``make format`` (``python -m kzcourse.tools.myst_format``) rewrites
every MyST page in that form; ``--check`` lists the ones that are not, and the test suite
runs the same check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext

from .. import paths

FORMAT = "md:myst"


def myst_pages(root: Path = paths.ROOT) -> list[Path]:
    """Chapters and front-matter pages that are MyST notebooks (they start with a jupytext header)."""
    found = sorted((root / "chapters").glob("*.md")) + sorted((root / "book").glob("*.md"))
    return [p for p in found if p.read_text(encoding="utf-8").startswith("---\njupytext:")]


def canonical(text: str) -> str:
    """The text jupytext would write for this MyST notebook."""
    return jupytext.writes(jupytext.reads(text, fmt=FORMAT), FORMAT)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    off = []
    for page in myst_pages():
        text = page.read_text(encoding="utf-8")
        if not text.strip():
            print(f"{paths.shown(page)} is empty", file=sys.stderr)
            return 2
        fixed = canonical(text)  # read fully before anything is written
        if fixed != text:
            off.append(page)
            if not check:
                page.write_text(fixed, encoding="utf-8")
    verb = "not in jupytext's form" if check else "rewritten"
    for page in off:
        print(f"{paths.shown(page)}: {verb}")
    return 1 if check and off else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
