"""No page of the built book names a CDN: everything a page loads must come from the book.

The browser tests abort requests to other hosts, but only for what a page actually
fetches during the test; a CDN URL kept in a page (an inline config, a lazy loader,
a script that runs on a button press) would still reach a CDN in a reader's browser.
So this reads the files themselves: every HTML page, and the book's own scripts and
styles under _static/. Third-party bundles under _vendor/ are left out: they hold URLs
in strings and licence comments that they never fetch when configured as here, and the
browser tests catch any they do fetch.
"""

from __future__ import annotations

import re
from pathlib import Path

CDN_HOSTS = [
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "unpkg.com",
    "cdn.plot.ly",
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "code.jquery.com",
    "cdn.mathjax.org",
    "ajax.googleapis.com",
    "stackpath.bootstrapcdn.com",
    "maxcdn.bootstrapcdn.com",
    "use.fontawesome.com",
    "kit.fontawesome.com",
    "polyfill.io",
    "cdn.datatables.net",
    "thebe.readthedocs.io",
]
PATTERN = re.compile("|".join(re.escape(h) for h in CDN_HOSTS), re.I)


def _checked_files(html: Path) -> list[Path]:
    files = [p for p in html.rglob("*.html") if not {"_vendor", "_sources"} & set(p.relative_to(html).parts)]
    static = html / "_static"
    files += [p for p in static.rglob("*") if p.suffix in (".js", ".css", ".json") and "vendor" not in p.relative_to(static).parts]
    files += [p for p in html.glob("*.js")] + [p for p in html.glob("*.json")]
    return sorted(files)


def test_no_cdn_urls_in_the_built_book(built_book):
    hits = []
    files = _checked_files(built_book)
    assert len(files) > 10, f"only {len(files)} files to check in {built_book}: is the book built?"
    for path in files:
        text = path.read_text(errors="replace")
        for match in PATTERN.finditer(text):
            start = max(match.start() - 60, 0)
            snippet = text[start : match.end() + 40].replace("\n", " ")
            hits.append(f"{path.relative_to(built_book)}: ...{snippet}...")
    assert not hits, f"{len(hits)} CDN references in the built book (first 15):\n" + "\n".join(hits[:15])
