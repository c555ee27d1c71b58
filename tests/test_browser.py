"""The built book, as a reader's browser sees it: headless Debian Chromium over loopback.

A static build can pass every Sphinx check and still greet readers with a script
error, a missing font, raw LaTeX or a figure that never draws. These tests open every
page in Chromium, served from 127.0.0.1, with every request to another host aborted
(the course must work offline and must not hand readers' visits to CDNs), and fail on
anything a reader would notice: a blocked or failed request, a console error, an
uncaught exception, untypeset math, an interactive figure whose controls do nothing,
and serious accessibility violations found by axe-core (served by the book itself).

Playwright's own browser download cannot run here; Debian's chromium package is used
instead, and this module is skipped, loudly, where it is missing.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from kzcourse.tools.serve import CHROMIUM, book_pages, serve

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip(
        "Debian chromium not installed: apt-get install chromium (bash .ci/run does)",
        allow_module_level=True,
    )


from browser_support import (  # noqa: E402
    CHAPTER_PAGES,
    EXERCISE_PAGES,
    INTERACTIVE_PAGES,
    MATH_PAGES,
    PAGES,
    visit,
)

BAD_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def site(built_book: Path):
    """The built book served on 127.0.0.1 at a free port: yields (base URL, html dir)."""
    with serve(built_book) as base:
        yield base, built_book


@pytest.fixture
def context(browser):
    """A fresh browser context (no shared cache, storage or routes) per test."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def visited(browser, site):
    """Each page loaded once, in a fresh context of its own, and kept for the checks that only read it.

    The load itself is what the cleanliness check inspects (requests, console, errors);
    the accessibility and math checks then read the same rendered page, instead of
    loading every page three times.
    """
    pages, contexts = {}, []

    def visit_once(rel):
        if rel not in pages:
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            contexts.append(ctx)
            pages[rel] = _open(ctx, site, rel)
        return pages[rel]

    yield visit_once
    for ctx in contexts:
        ctx.close()


def _open(context, site, rel, **kwargs):
    base, html = site
    return visit(context, base, rel, html, **kwargs)


def _bs(path: Path):
    """The built page parsed; a page missing from the build is reported by test_every_built_page_is_checked."""
    from bs4 import BeautifulSoup

    if not path.exists():
        pytest.skip(f"{path.name} was not built")

    return BeautifulSoup(path.read_text(errors="replace"), "html.parser")


def test_every_built_page_is_checked(built_book):
    """The page list comes from _toc.yml; a page built outside it would escape every check."""
    built = set(book_pages(built_book))
    assert built == set(PAGES), (
        f"built pages not in the checked list: {sorted(built - set(PAGES))}; "
        f"listed pages not built: {sorted(set(PAGES) - built)}"
    )


# ---------------------------------------------------------------- every page loads cleanly


@pytest.mark.parametrize("rel", PAGES)
def test_page_loads_cleanly(visited, rel):
    """No request leaves the machine, none fails, and no script logs or throws an error."""
    loaded = visited(rel)
    problems = loaded.problems()
    assert not problems, f"{rel}:\n  " + "\n  ".join(problems)
    lang = loaded.page.evaluate("document.documentElement.lang")
    assert lang == "en", f"{rel}: <html lang> is {lang!r}, expected 'en' (screen readers pick a voice from it)"


def test_pages_with_math_are_known(built_book):
    """Every built page with math is among those the math check visits."""
    with_math = [rel for rel in PAGES if _bs(built_book / rel).select("main span.math, main div.math")]
    assert sorted(with_math) == sorted(MATH_PAGES)
    assert "chapters/03_regression.html" in MATH_PAGES


@pytest.mark.parametrize("rel", MATH_PAGES)
def test_math_is_typeset(visited, rel):
    """Math in the source reaches the reader typeset by MathJax, never as raw LaTeX."""
    loaded = visited(rel)
    page = loaded.page
    assert loaded.rendered.get("mathjax"), f"{rel}: has math but MathJax never started (script missing or failed)"
    assert page.locator("mjx-container").count() > 0, f"{rel}: has math but no mjx-container: MathJax typeset nothing"
    raw = page.evaluate(
        "[...document.querySelectorAll('span.math, div.math')]"
        ".filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 60))"
    )
    assert not raw, f"{rel}: math left as raw LaTeX: {raw[:5]}"


# ---------------------------------------------------------------- accessibility


@pytest.mark.parametrize("rel", PAGES)
def test_accessibility(visited, site, rel):
    """axe-core (served from /_vendor/, not a CDN) finds no serious or critical violation."""
    loaded = visited(rel)
    page = loaded.page
    page.add_script_tag(url=f"{site[0]}/_vendor/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v.get("impact") in BAD_IMPACTS]
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']} -- nodes: "
        + "; ".join(json.dumps(n["target"]) for n in v["nodes"][:4])
        + (f" (+{len(v['nodes']) - 4} more)" if len(v["nodes"]) > 4 else "")
        for v in bad
    ]
    assert not bad, f"{rel}: axe-core violations:\n  " + "\n  ".join(lines)
    no_alt = page.evaluate(
        "[...document.querySelectorAll('main img')]"
        ".filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.getAttribute('src'))"
    )
    assert not no_alt, f"{rel}: images without alt text in the page content: {no_alt}"


# ---------------------------------------------------------------- kernel-free interactive figures


def _interactive_figures(html_dir: Path) -> dict[str, list[str]]:
    found = {}
    for rel in PAGES:
        path = html_dir / rel
        if path.exists():
            ids = [d.get("data-kz-figure") for d in _bs(path).select("div.kz-interactive")]
            if ids:
                found[rel] = ids
    return found


def test_REQUIRED_at_least_one_kernel_free_interactive_figure(built_book):
    """The course promises figures readers can operate without a kernel (kzcourse.interactive)."""
    found = _interactive_figures(built_book)
    assert found, (
        "no kernel-free interactive figure found: no page of the built book has a "
        "<div class='kz-interactive' data-kz-figure=...> (made by kzcourse.interactive)"
    )
    assert sorted(found) == sorted(INTERACTIVE_PAGES), "the pages checked below are not the pages with figures"


@pytest.mark.parametrize("rel", INTERACTIVE_PAGES)
def test_interactive_figure_markup_and_fallback(built_book, rel):
    """Each interactive figure has an id, a Plotly graph, controls and a static image for no-JS readers."""
    path = built_book / rel
    figures = _bs(path).select("div.kz-interactive")
    assert figures, f"{rel}: its source makes an interactive figure but the page has none"
    problems = []
    for fig in figures:
        fid = fig.get("data-kz-figure")
        name = f"figure {fid!r}"
        if not fid:
            problems.append("a .kz-interactive has no data-kz-figure id")
        # Plotly's Python export marks its div .plotly-graph-div; kzcourse.interactive
        # draws into a .kz-plot div in the browser. Either is a graph div.
        if not fig.select(".plotly-graph-div, .kz-plot"):
            problems.append(f"{name}: no graph div (.plotly-graph-div or .kz-plot) inside")
        if not fig.select("[data-kz-control]"):
            problems.append(f"{name}: no [data-kz-control] control inside")
        imgs = [img for ns in fig.find_all("noscript") for img in ns.find_all("img")]
        if not imgs:
            problems.append(f"{name}: no <noscript><img alt=...></noscript> static fallback")
        for img in imgs:
            if not (img.get("alt") or "").strip():
                problems.append(f"{name}: fallback image has no alt text")
            src = img.get("src") or ""
            if src.startswith("data:image/"):
                if len(src) < 100:
                    problems.append(f"{name}: fallback image is an empty data: URI")
                continue
            target = urlsplit(urljoin(f"http://x/{rel}", src))
            if target.netloc != "x":
                problems.append(f"{name}: fallback image is not served by the book: {src}")
            elif not (built_book / unquote(target.path).lstrip("/")).is_file():
                problems.append(f"{name}: fallback image {src} does not exist in the built book")
    assert not problems, f"{rel}:\n  " + "\n  ".join(problems)


# Operates one control and returns nothing; the test then waits for the state to change.
OPERATE_JS = """
(el) => {
  const fire = () => {
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
  };
  if (el.tagName === 'SELECT') {
    el.selectedIndex = (el.selectedIndex + 1) % el.options.length;
    fire();
  } else if (el.tagName === 'INPUT' && el.type === 'range') {
    const min = el.min === '' ? 0 : Number(el.min), max = el.max === '' ? 100 : Number(el.max);
    const now = Number(el.value);
    el.value = String(now === max ? min : max);
    fire();
  } else if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) {
    el.click();
  } else {
    el.click();
  }
}
"""


@pytest.mark.parametrize("rel", INTERACTIVE_PAGES)
def test_interactive_figure_controls_change_the_figure(context, site, rel):
    """Every control of every interactive figure changes what kzFigureState reports, without a kernel."""
    loaded = _open(context, site, rel)
    page = loaded.page
    errors_at_load = len(loaded.console_errors) + len(loaded.page_errors)  # test_page_loads_cleanly reports those
    assert loaded.rendered.get("plotly"), f"{rel}: Plotly did not draw every graph of the page"
    undrawn = page.eval_on_selector_all(
        ".kz-interactive", "els => els.filter(e => !e.querySelector('.js-plotly-plot .main-svg')).map(e => e.dataset.kzFigure)"
    )
    assert not undrawn, f"{rel}: interactive figures with no drawn Plotly graph: {undrawn}"
    assert page.evaluate("typeof window.kzFigureState") == "function", f"{rel}: window.kzFigureState is not defined"
    problems = []
    ids = page.eval_on_selector_all(".kz-interactive", "els => els.map(e => e.dataset.kzFigure)")
    for fid in ids:
        figure = page.locator(f'.kz-interactive[data-kz-figure="{fid}"]')
        controls = figure.locator("[data-kz-control]")
        if controls.count() == 0:
            problems.append(f"figure {fid!r}: no controls")
        for i in range(controls.count()):
            control = controls.nth(i)
            label = control.get_attribute("data-kz-control") or f"control #{i}"
            before = json.dumps(page.evaluate("id => kzFigureState(id)", fid), sort_keys=True)
            control.scroll_into_view_if_needed()
            control.evaluate(OPERATE_JS)
            try:
                page.wait_for_function(
                    "([id, before]) => JSON.stringify(kzFigureState(id), Object.keys(kzFigureState(id)).sort()) !== before"
                    " && JSON.stringify(kzFigureState(id)) !== before",
                    arg=[fid, before],
                    timeout=5000,
                )
            except Exception:  # noqa: BLE001 (Playwright's TimeoutError; reported below)
                after = json.dumps(page.evaluate("id => kzFigureState(id)", fid), sort_keys=True)
                if after == before:
                    problems.append(f"figure {fid!r}: operating {label!r} left kzFigureState unchanged: {before[:200]}")
    errors = (loaded.console_errors + loaded.page_errors)[errors_at_load:]
    assert not problems and not errors, f"{rel}:\n  " + "\n  ".join(problems + errors)


@pytest.mark.parametrize("rel", INTERACTIVE_PAGES)
def test_interactive_fallback_shows_without_javascript(browser, site, rel):
    """With JavaScript off, the <noscript> image of each interactive figure loads and has alt text."""
    ctx = browser.new_context(java_script_enabled=False)
    try:
        loaded = _open(ctx, site, rel, render=False)
        images = loaded.page.eval_on_selector_all(
            ".kz-interactive noscript img, .kz-interactive img",
            "imgs => imgs.map(i => ({src: i.getAttribute('src'), alt: i.alt, ok: i.complete && i.naturalWidth > 0}))",
        )
    finally:
        ctx.close()
    assert images, f"{rel}: with JavaScript off no fallback image is shown inside .kz-interactive"
    broken = [i for i in images if not i["ok"] or not i["alt"].strip()]
    assert not broken, f"{rel}: fallback images broken or without alt text: {broken}"
    # With scripts off, Chromium refuses the theme's <link rel=preload as=script> ("csp"): expected.
    failed = [f for f in loaded.failed if not f.endswith("(csp)")]
    assert not loaded.blocked and not failed, f"{rel}: blocked {loaded.blocked}, failed {failed}"


# ---------------------------------------------------------------- search, references, downloads


def test_search_finds_regression(context, site):
    """Sphinx's client-side search works offline: searchindex.js loads and yields result links."""
    loaded = _open(context, site, "search.html?q=regression", render=False)
    page = loaded.page
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)
    links = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    assert links, "search.html?q=regression shows no result"


def test_bibliography_lists_entries(context, site):
    loaded = _open(context, site, "book/bibliography.html")
    text = loaded.page.inner_text("main")
    assert "Kuanaliyev" in text, "book/bibliography.html does not show the Kuanaliyev entry of references.bib"


def test_glossary_is_a_definition_list(context, site):
    loaded = _open(context, site, "book/glossary.html")
    assert loaded.page.locator("dl.glossary").count() > 0, "book/glossary.html has no dl.glossary ({glossary} directive)"


def _check_ipynb_download(visited, rel):
    loaded = visited(rel)
    hrefs = loaded.page.eval_on_selector_all(
        "a[href$='.ipynb']", "as => as.map(a => a.href)"
    )
    assert hrefs, f"{rel}: no download link to a .ipynb (header download menu)"
    for href in hrefs:
        response = loaded.page.context.request.get(href)
        assert response.ok, f"{rel}: {href} answers HTTP {response.status}"
        try:
            notebook = json.loads(response.body())
        except ValueError as error:
            pytest.fail(f"{rel}: {href} is not JSON: {error}")
        assert isinstance(notebook.get("cells"), list) and notebook["cells"], f"{rel}: {href} has no cells"


@pytest.mark.parametrize("rel", CHAPTER_PAGES)
def test_chapter_offers_notebook(visited, rel):
    _check_ipynb_download(visited, rel)


@pytest.mark.parametrize("rel", EXERCISE_PAGES)
def test_exercise_offers_notebook(visited, rel):
    _check_ipynb_download(visited, rel)


def test_figures_have_numbered_captions(built_book):
    """Figures made with {figure} or glue:figure carry a caption with its number (numfig is on)."""
    problems, count = [], 0
    for rel in PAGES:
        for fig in _bs(built_book / rel).select("main figure"):
            if fig.find_parent("noscript") or "kz-fallback" in (fig.get("class") or []):
                continue
            count += 1
            caption = fig.find("figcaption")
            where = f"{rel}: figure {fig.get('id') or fig.find('img') and fig.find('img').get('src')}"
            if caption is None or not caption.get_text(strip=True):
                problems.append(f"{where} has no caption")
            elif caption.select_one(".caption-number") is None:
                problems.append(f"{where} caption has no number")
    assert count >= 3, f"expected the chapters' numbered figures, found {count}"
    assert not problems, "\n".join(problems)


def test_tables_have_numbered_captions(built_book):
    """Every data table on a chapter page carries a numbered caption (kzcourse.style.table)."""
    import re

    for rel in CHAPTER_PAGES:
        tables = _bs(built_book / rel).select("main .cell_output table")
        assert tables, f"{rel}: no tables"
        captions = [t.find("caption") for t in tables]
        texts = [c.get_text(strip=True) if c else "" for c in captions]
        assert all(re.match(r"Table \d+\. \S", t) for t in texts), f"{rel}: tables without a numbered caption: {texts}"
        numbers = [int(re.match(r"Table (\d+)", t).group(1)) for t in texts]
        assert numbers == list(range(1, len(numbers) + 1)), f"{rel}: tables numbered {numbers}"
