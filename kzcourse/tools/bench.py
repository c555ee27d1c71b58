"""Timings and page weights for the course, printed as a table (``make bench``).

Why these four numbers:

* clean build: what CI and a new contributor pay. ``_build/`` is removed entirely, so
  every page is executed again;
* no-change rebuild: what an author pays after each edit; it should be a fraction of
  the clean build (Sphinx re-reads, and so re-executes, only changed pages);
* test suite: the whole ``pytest`` run, which must fit CI's time limit with room;
* page weight: what a reader on a phone in a small town downloads for one page, as
  the server sends it (gzipped, as any web host does). Two budgets: the heaviest page
  at most 1.5 MB, and a text-only page (no math, no interactive figure) at most 0.6 MB.

It only prints; nothing is asserted. The last step leaves a freshly built book in
``_build/html``, so the bench does not leave the working tree without one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from .. import paths
from .serve import HTML, block_outside, book_pages, chromium, follow_refresh, serve, wait_rendered

BUILD = paths.ROOT / "_build"
BUDGET_MB = 1.5  # heaviest page, transferred
TEXT_BUDGET_MB = 0.6  # heaviest text-only page (no math, no interactive figure), transferred


def timed(command: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    code = subprocess.call(command, cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, code


def page_weights(html: Path = HTML) -> dict[str, tuple[int, int, int, bool]]:
    """Bytes each page loads in a fresh Chromium (no cache): decoded, transferred, requests, text-only.

    The book's server (``make serve``, :mod:`kzcourse.tools.serve`) gzips text as any web host
    does; "transferred" is what crossed the wire (bodies as sent, plus headers),
    "decoded" what the browser holds after decompression. The budget is on transfer.
    """
    from playwright.sync_api import sync_playwright

    weights = {}
    with serve(html) as base, sync_playwright() as playwright, chromium(playwright) as browser:
        for rel in book_pages(html):
            context = browser.new_context()
            block_outside(context)
            page = context.new_page()
            responses = []
            page.on("response", lambda response: responses.append(response))
            page.goto(f"{base}/{rel}", wait_until="load")
            if rel == "index.html":  # meta refresh to the landing page
                follow_refresh(page)
            page.wait_for_load_state("networkidle")
            rendered = wait_rendered(page)
            page.wait_for_load_state("networkidle")
            text_only = not any(rendered.values())  # no MathJax, no Plotly, no widgets on the page
            total = packed = 0
            for response in responses:
                try:
                    body = response.body()
                    sizes = response.request.sizes()
                except Exception:  # noqa: BLE001 (redirects and aborted requests have no body)
                    continue
                total += len(body)
                packed += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            weights[rel] = (total, packed, len(responses), text_only)
            context.close()
    return weights


def main() -> int:
    python = sys.executable
    rows = []

    shutil.rmtree(BUILD, ignore_errors=True)
    seconds, code = timed([python, "-m", "kzcourse.tools.build"])
    rows.append(("clean build (no _build, no jupyter cache)", f"{seconds:7.1f} s", "ok" if code == 0 else f"exit {code}"))
    print(f"clean build: {seconds:.1f} s (exit {code})", flush=True)

    seconds, code = timed([python, "-m", "kzcourse.tools.build"])
    rows.append(("no-change rebuild", f"{seconds:7.1f} s", "ok" if code == 0 else f"exit {code}"))
    print(f"no-change rebuild: {seconds:.1f} s (exit {code})", flush=True)

    seconds, code = timed([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"])
    rows.append(("test suite (pytest -q, everything)", f"{seconds:7.1f} s", "ok" if code == 0 else f"exit {code}"))
    print(f"test suite: {seconds:.1f} s (exit {code})", flush=True)

    if not (HTML / "index.html").exists():
        subprocess.call([python, "-m", "kzcourse.tools.build"], cwd=paths.ROOT)
    weights = page_weights()
    print()
    print(f"{'page':<48} {'MB decoded':>10} {'MB transferred':>15} {'requests':>9}  kind")
    for rel, (size, packed, count, text_only) in sorted(weights.items(), key=lambda item: -item[1][1]):
        print(f"{rel:<48} {size / 1e6:10.2f} {packed / 1e6:15.2f} {count:9d}  {'text' if text_only else 'math/figures'}")
    heaviest, (size, packed, _, _) = max(weights.items(), key=lambda item: item[1][1])
    verdict = "under" if packed / 1e6 <= BUDGET_MB else "OVER"
    rows.append((f"heaviest page, transferred: {heaviest}", f"{packed / 1e6:7.2f} MB", f"{verdict} the {BUDGET_MB:g} MB budget"))
    rows.append(("same page, decoded in the browser", f"{size / 1e6:7.2f} MB", "after gzip is undone"))
    texts = {rel: w for rel, w in weights.items() if w[3]}
    if texts:
        rel, (size, packed, _, _) = max(texts.items(), key=lambda item: item[1][1])
        verdict = "under" if packed / 1e6 <= TEXT_BUDGET_MB else "OVER"
        rows.append((f"heaviest text-only page, transferred: {rel}", f"{packed / 1e6:7.2f} MB",
                     f"{verdict} the {TEXT_BUDGET_MB:g} MB budget"))

    print()
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  note")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 24}")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
