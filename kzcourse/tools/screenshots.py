"""Full-page screenshots of the built book at desktop and phone widths.

Tests can say that MathJax produced an ``mjx-container`` and that Plotly drew an SVG,
but not that the page looks right: a figure squeezed to a sliver on a phone, a table
running off the screen, an equation overflowing its column. A person has to look, so
``make screenshots`` (``python -m kzcourse.tools.screenshots``) serves ``_build/html`` on
loopback, opens the landing page, every chapter and every exercise in Debian's
Chromium (offline: requests to other hosts are aborted, as in the tests), waits for
MathJax, Plotly and the widget manager to finish, and writes

    _build/screenshots/<page>-desktop.png   1280 x 900 viewport, full page
    _build/screenshots/<page>-phone.png     390 x 844, device scale 2, mobile

where <page> is the page's path with "/" replaced by "__". It prints each path.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import paths
from .serve import HTML, block_outside, book_pages, chromium, follow_refresh, serve, wait_rendered

OUT = paths.ROOT / "_build" / "screenshots"
VIEWPORTS = {
    "desktop": dict(viewport={"width": 1280, "height": 900}),
    "phone": dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True),
}


def pages_to_shoot(html: Path = HTML) -> list[str]:
    """The landing page, every chapter and every exercise: the pages students read."""
    pages = book_pages(html)
    chosen = [p for p in pages if p.startswith(("chapters/", "exercises/"))]
    return ["index.html"] + chosen


def shoot(html: Path = HTML, out: Path = OUT) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(html) as base, sync_playwright() as playwright, chromium(playwright) as browser:
        for kind, options in VIEWPORTS.items():
            context = browser.new_context(**options)
            blocked = block_outside(context)
            page = context.new_page()
            for rel in pages_to_shoot(html):
                page.goto(f"{base}/{rel}", wait_until="load")
                if rel == "index.html":  # jupyter-book's meta-refresh to the real landing page
                    follow_refresh(page)
                page.wait_for_load_state("networkidle")
                report = wait_rendered(page)
                unfinished = [name for name, ok in report.items() if ok is False]
                target = out / f"{rel[: -len('.html')].replace('/', '__')}-{kind}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
                note = f"  (did not finish rendering: {', '.join(unfinished)})" if unfinished else ""
                print(f"{target.relative_to(paths.ROOT)}{note}")
            context.close()
            if blocked:
                print(f"warning: {len(blocked)} requests to other hosts were blocked, e.g. {blocked[0]}", file=sys.stderr)
    return written


if __name__ == "__main__":
    shoot()
