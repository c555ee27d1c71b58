"""Helpers for tests/test_browser.py: which pages the book has, and one monitored page load.

The page list is read from ``_toc.yml`` at collection time, before the book is built,
so pytest can parametrise over pages and a failure names the page it happened on. A
test then checks the built site has exactly these pages, so none escapes the checks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kzcourse.tools.serve import block_outside, wait_rendered

ROOT = Path(__file__).resolve().parent.parent


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


TOC_FILES = _toc_files()
# Sphinx's own pages, and the redirect jupyter-book writes at the site root.
EXTRA_PAGES = ["index.html", "genindex.html", "search.html"]
PAGES = sorted(set(EXTRA_PAGES + [f"{f}.html" for f in TOC_FILES]))
CHAPTER_PAGES = [p for p in PAGES if p.startswith("chapters/")]


def _source_text(rel: str) -> str:
    """The text a page is built from (markdown cells only, for notebooks); '' for Sphinx's own pages."""
    stem = rel[: -len(".html")]
    for path in (ROOT / f"{stem}.md", ROOT / f"{stem}.ipynb"):
        if path.exists():
            if path.suffix == ".ipynb":
                cells = json.loads(path.read_text())["cells"]
                return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
            return path.read_text()
    return ""


_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)
_DOLLAR_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])", re.S)


def _text_has_math(text: str) -> bool:
    if re.search(r"```\{math\}|\{math\}`|\\begin\{(equation|align)", text):
        return True
    return bool(_DOLLAR_MATH.search(_CODE.sub("", text)))


# Known at collection time from the sources, so each check runs only where it applies
# (no skipped tests); tests compare these lists with the built pages.
MATH_PAGES = [p for p in PAGES if _text_has_math(_source_text(p))]
# A page whose explorer cell goes through kzcourse.explore shows a kernel-free twin in the book.
INTERACTIVE_PAGES = [p for p in PAGES if "from kzcourse.explore import" in _source_text(p)]
EXERCISE_PAGES = [p for p in PAGES if re.fullmatch(r"exercises/[^/]+/[^/]+\.html", p)]


@dataclass
class Visit:
    """What one page load did: everything a reader's browser would have complained about."""

    page: object
    url: str
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    rendered: dict = field(default_factory=dict)

    def problems(self) -> list[str]:
        return (
            [f"blocked request to a host outside this machine: {u}" for u in self.blocked]
            + [f"failed resource: {f}" for f in self.failed]
            + [f"console error: {c}" for c in self.console_errors]
            + [f"uncaught page error: {e}" for e in self.page_errors]
        )


def visit(context, base: str, rel: str, html_dir: Path, render: bool = True) -> Visit:
    """Open ``rel`` in a new page of ``context`` and record every failure while it loads.

    ``context`` must be fresh: its routes are set here so that any request leaving
    127.0.0.1 is aborted and recorded instead of reaching the network.
    """
    blocked = block_outside(context)
    page = context.new_page()
    record = Visit(page=page, url=f"{base}/{rel}", blocked=blocked)

    def on_failed(request):
        if request.url not in blocked:
            record.failed.append(f"{request.url} ({request.failure})")

    def on_response(response):
        if response.status >= 400:
            record.failed.append(f"{response.url} (HTTP {response.status})")

    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", lambda m: record.console_errors.append(f"{m.text} at {m.location}") if m.type == "error" else None)
    page.on("pageerror", lambda e: record.page_errors.append(str(e)))
    page.goto(record.url, wait_until="load")
    # jupyter-book's root index.html is a meta refresh to the real landing page.
    source = (html_dir / rel.split("?")[0]).read_text(errors="replace")
    refresh = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', source, re.I)
    if refresh:
        target = f"{base}/{(Path(rel).parent / refresh.group(1)).as_posix().lstrip('./')}"
        page.wait_for_url(target)
        page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    if render:
        record.rendered = wait_rendered(page)
    return record
