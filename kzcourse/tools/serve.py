"""Serve the built book on loopback and drive Debian's Chromium against it.

The browser tests, ``python -m kzcourse.tools.screenshots`` and ``python -m kzcourse.tools.bench``
all need the same three things, so they live here once:

* a static server over ``_build/html``. The book must work over HTTP, not ``file://``:
  the search page fetches ``searchindex.js``, MathJax loads its fonts and components
  relative to itself, and a reader's browser gets the site from a web server. A
  threaded server is used because Chromium opens several connections per page and a
  single-threaded one serialises them (and can stall on a keep-alive connection);
* the launch of ``/usr/bin/chromium`` with the flags this machine needs (no sandbox as
  root, no GPU, no phoning home), because Playwright's own browser download is not
  possible here and CI installs Debian's package instead;
* the wait for the page's scripts (MathJax, Plotly, the widget manager) to finish,
  so checks and screenshots see the page a reader sees, not a half-rendered one.

Nothing here asserts: callers decide what a failure is.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .. import paths

HTML = paths.ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Folders of _build/html that hold assets, not pages of the book.
NOT_PAGES = {"_static", "_vendor", "_sources", "_images", "jupyter_execute", ".doctrees"}
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/x-ipynb+json",
                "image/svg+xml", "font/ttf", "application/vnd.ms-fontobject")


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that gzips text, as any real web host does, and logs nothing.

    Compression matters for the page-weight budget: the book's scripts (MathJax, the
    widget manager, Plotly) are text and shrink to about a third on the wire.
    """

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".ipynb": "application/x-ipynb+json",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def do_GET(self):  # noqa: N802 (the base class's name)
        path = Path(self.translate_path(self.path))
        kind = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if path.is_dir() or not path.is_file() or not wants_gzip or not kind.startswith(COMPRESSIBLE):
            return super().do_GET()  # directories (redirect, index), 404s, binaries
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path = HTML, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (at a free port by default); yield its base URL."""
    directory = Path(directory)
    if not (directory / "index.html").exists():
        raise SystemExit(f"{directory} has no index.html: build the book first (python -m kzcourse.tools.build)")
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def book_pages(directory: Path = HTML) -> list[str]:
    """Every HTML page of the built book, as paths relative to ``directory`` (POSIX, sorted)."""
    directory = Path(directory)
    pages = []
    for path in directory.rglob("*.html"):
        rel = path.relative_to(directory)
        if rel.parts[0] in NOT_PAGES or rel.parts[0].startswith("."):
            continue
        pages.append(rel.as_posix())
    return sorted(pages)


def is_loopback(url: str) -> bool:
    """True for URLs the book may load: its own server, data: and blob: URLs."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOOPBACK


@contextlib.contextmanager
def chromium(playwright) -> Iterator[object]:
    """Launch Debian's Chromium headless; close it after.

    Playwright's ``launch`` gives every browser a fresh ``--user-data-dir`` of its own
    in a temporary folder (it refuses one passed in ``args``), so no profile, cache or
    cookie carries over between runs. HOME points at a scratch folder too, so Chromium
    writes nothing into the user's real home.
    """
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium (bash .ci/run does)")
    with tempfile.TemporaryDirectory(prefix="kz-chromium-") as home:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env={**os.environ, "HOME": home}
        )
        try:
            yield browser
        finally:
            browser.close()


def block_outside(context, blocked: list[str] | None = None) -> list[str]:
    """Abort every request of ``context`` that leaves the machine; record its URL in ``blocked``.

    The course must work offline and must not leak readers' visits to CDNs, so any
    such request is a bug to report, never something to let through.
    """
    blocked = [] if blocked is None else blocked

    def handle(route):
        url = route.request.url
        if is_loopback(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)
    return blocked


def follow_refresh(page, timeout: float = 10_000) -> None:
    """Wait for the meta refresh of jupyter-book's root index.html to reach the landing page.

    The refresh may fire before or after this is called, so the current URL is checked
    first; a page without a refresh just times out quietly and stays where it is.
    """
    if "/book/" in page.url:
        return
    try:
        page.wait_for_url(lambda url: "/book/" in url, timeout=timeout)
    except Exception:  # noqa: BLE001 (Playwright's TimeoutError)
        pass
    page.wait_for_load_state("load")


# Resolves once MathJax has typeset (or at once if the page does not load MathJax),
# once every Plotly graph div is drawn, and once the widget manager has rendered views.
RENDERED_JS = """
async () => {
  const waitFor = async (test, ms) => {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) return false;
      await new Promise(r => setTimeout(r, 50));
    }
    return true;
  };
  const report = {mathjax: null, plotly: null, widgets: null};
  if (document.querySelector('script[src*="mathjax"]')) {
    report.mathjax = await waitFor(() => window.MathJax && MathJax.startup && MathJax.startup.promise, 15000);
    if (report.mathjax) { await MathJax.startup.promise; }
  }
  const graphs = document.querySelectorAll('.plotly-graph-div, .kz-interactive .kz-plot');
  if (graphs.length) {
    report.plotly = await waitFor(() => [...graphs].every(g => g.classList.contains('js-plotly-plot') && g.querySelector('.main-svg')), 15000);
  }
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  if (views.length) {
    report.widgets = await waitFor(() => document.querySelectorAll('.jupyter-widgets').length > 0, 15000);
  }
  await document.fonts.ready;
  return report;
}
"""


def wait_rendered(page) -> dict:
    """Wait for MathJax, Plotly and widgets; return which of them were there and finished."""
    return page.evaluate(RENDERED_JS)


def main(argv: list[str] | None = None) -> int:
    """``make serve``: serve the built book on 127.0.0.1 until Ctrl-C."""
    import sys
    import time

    args = sys.argv[1:] if argv is None else argv
    port = int(args[0]) if args else 8000
    with serve(HTML, port) as base:
        print(f"Serving the book at {base}/ (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
