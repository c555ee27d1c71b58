"""A real JupyterLab on 127.0.0.1, for tests that use the course as a student does.

The lab serves a scratch copy of the course's chapters and exercises (so that saving
cannot touch the repository), with the course's own environment: the jupytext viewer
for MyST chapters, jupyterlab-myst for the prose, the kernel that imports ``kzcourse``.
It is stopped, with its kernels, when the test is done.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_course(target: Path) -> Path:
    """Chapters and exercises copied to ``target``; returns it."""
    for name in ("chapters", "exercises", "book"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


@contextlib.contextmanager
def jupyter_lab(notebook_dir: Path, extra_args: list[str] | None = None):
    """Start ``jupyter lab`` on a free loopback port; yield (base URL, token); stop it."""
    port, token = free_port(), secrets.token_hex(16)
    command = [
        str(BIN / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.root_dir={notebook_dir}", f"--IdentityProvider.token={token}",
        "--LabApp.news_url=", "--ServerApp.open_browser=False",
        # A fresh workspace and settings, so no tab of an earlier run is restored.
        f"--LabApp.workspaces_dir={notebook_dir / '.lab-workspaces'}",
        f"--LabApp.user_settings_dir={notebook_dir / '.lab-settings'}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    command += extra_args or []
    log = open(notebook_dir / "lab.log", "w")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"jupyter lab did not start; see {notebook_dir / 'lab.log'}") from None
                time.sleep(0.3)
        yield base, token
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_kernel_idle(page, timeout: int = 60_000) -> None:
    """Wait until the status bar says the notebook's kernel is started and idle."""
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=timeout)


def run_all(page) -> None:
    """Run > Run All Cells, then wait until the kernel is idle and no cell is pending."""
    wait_kernel_idle(page)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')].map(p => p.textContent);
            const busy = prompts.some(t => t.includes('*'));
            const ran = prompts.some(t => /\\[\\d+\\]/.test(t));
            return ran && !busy;
        }""",
        timeout=120_000,
    )


RAW_ROLES = ("{eval}", "{term}", "{cite:p}", "{cite:t}", "{doc}", ")=\n", ":::{admonition}", "```{")


def open_notebook(lab, rel: str):
    """Open ``rel`` in a fresh browser context of the shared lab; return (context, page, errors)."""
    course, base, token, browser = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # ?reset: a clean workspace, so no tab opened by an earlier test comes back over this one.
    page.goto(f"{base}/lab/tree/{rel}?reset&token={token}")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", timeout=60_000)
    return context, page, errors


def save(page) -> None:
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)


def read_chapter(page, *, expect: list[str]) -> str:
    """Run All, then return the notebook's rendered text, checked as a student reads it.

    Every string of ``expect`` (computed numbers the prose quotes) must stand in the text;
    no raw MyST may be left; the book-only twin must be absent.
    """
    run_all(page)
    page.wait_for_function(
        "expected => expected.every(e => document.querySelector('.jp-Notebook').innerText.includes(e))",
        arg=expect, timeout=30_000,
    )
    text = page.locator(".jp-Notebook").inner_text()
    leftovers = [role for role in RAW_ROLES if role in text]
    assert not leftovers, f"raw MyST left in the rendered chapter: {leftovers}"
    assert page.locator(".kz-interactive").count() == 0, "the book-only figure shows in the notebook"
    return text
