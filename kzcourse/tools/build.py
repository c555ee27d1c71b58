"""Build the book strictly, with every script it needs served from the book itself.

``make book`` runs this module. It first fills ``_build/_extra/`` (the Sphinx
``html_extra_path``, copied to the site's root, never into every page as ``_static/``
would be) with the JavaScript the pages load: MathJax, Plotly's basic bundle and
axe-core from ``node_modules/`` (installed by npm from the committed lock file). Then it
runs Jupyter Book with warnings as errors, so a broken reference, a failed cell, a
number the prose asks for that no cell computed (an ``{eval}`` role), or a missing image
fails the build instead of shipping.

The pages execute with ``KZCOURSE_BOOK=1`` in their kernels' environment, so that a
chapter's explorer cell shows the book's kernel-free twin rather than an ipywidgets
control that could only be a dead snapshot on a static page (:mod:`kzcourse.explore`).
No page embeds widgets, so the book serves no widget manager at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .. import paths
from ..explore import BOOK_ENV

BUILD = paths.ROOT / "_build"
EXTRA = BUILD / "_extra"
VENDOR = EXTRA / "_vendor"

# (file in node_modules, where the site serves it)
NODE_ASSETS = {
    "axe-core/axe.min.js": "axe.min.js",
    # The basic bundle (scatter, bar, pie) is a quarter of the full one: pages stay light.
    "plotly.js-basic-dist-min/plotly-basic.min.js": "plotly.min.js",
}
# Whole folders, for scripts that load fonts or components relative to themselves.
NODE_TREES = {
    "mathjax/es5": "mathjax",
}
SKIP = shutil.ignore_patterns("*.map", "embed.js", "*.LICENSE.txt")


def prepare_extra() -> None:
    """Copy the vendored scripts into ``_build/_extra/_vendor/``; fail loudly if one is missing."""
    node = paths.ROOT / "node_modules"
    missing = [src for src in list(NODE_ASSETS) + list(NODE_TREES) if not (node / src).exists()]
    if missing:
        raise SystemExit(
            f"node_modules lacks {missing}: run 'npm ci' (make book does) before building the book."
        )
    VENDOR.mkdir(parents=True, exist_ok=True)
    wanted = set(NODE_ASSETS.values()) | set(NODE_TREES.values())
    for old in VENDOR.iterdir():  # a script the book no longer serves must not linger in the site
        if old.name not in wanted:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    for src, dest in NODE_ASSETS.items():
        shutil.copy2(node / src, VENDOR / dest)
    for src, dest in NODE_TREES.items():
        target = VENDOR / dest
        if not target.exists():
            shutil.copytree(node / src, target, ignore=SKIP)


STAMP = BUILD / ".inputs-sha256"


def inputs_digest() -> str:
    """Hash of what executed pages depend on besides their own text: the package and data.

    Sphinx re-reads (and so re-executes) only pages whose text changed, so a change to
    ``kzcourse`` or to a data file would otherwise leave stale outputs in the book.
    """
    import hashlib

    digest = hashlib.sha256()
    files = sorted(paths.ROOT.glob("kzcourse/**/*.py")) + sorted(paths.ROOT.glob("kzcourse/js/*.js"))
    files += [paths.DATAPACKAGE, paths.ERRATA]
    for path in files:
        digest.update(str(path.relative_to(paths.ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def invalidate_stale_cache() -> None:
    digest = inputs_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    stale = [d for d in (BUILD / ".jupyter_cache", BUILD / ".doctrees", BUILD / "jupyter_execute") if d.exists()]
    if stale:
        # Sphinx would not even re-read an unchanged page, so its saved doctrees go too.
        print("kzcourse or data changed since the last build: re-executing every page")
        for folder in stale:
            shutil.rmtree(folder)
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(digest)


def build(strict: bool = True) -> int:
    prepare_extra()
    invalidate_stale_cache()
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(paths.ROOT)]
    if strict:
        command += ["-W", "-n", "--keep-going"]
    started = time.perf_counter()
    env = dict(os.environ, **{BOOK_ENV: "1"})
    code = subprocess.call(command, cwd=paths.ROOT, env=env)
    print(f"jupyter-book build finished in {time.perf_counter() - started:.1f} s with exit code {code}")
    return code


if __name__ == "__main__":
    sys.exit(build())
