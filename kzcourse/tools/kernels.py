"""Start grading kernels by forking a warm Python instead of starting a cold one.

Autograding a submission starts a fresh IPython kernel, runs the notebook in it and
shuts it down. On this course's exercises most of that kernel's CPU time is spent before
the student's first line runs: starting Python, importing ipykernel and IPython, then
the notebook's own ``import numpy``, ``import pandas``, ``from kzcourse.data import load``.
A class of a few hundred pays that a few hundred times.

A *zygote* pays it once. It is a Python process that imports ipykernel and the
modules the assignment's source notebook imports, then waits on a Unix socket. For each
kernel it forks: the child is a new process (its own session, process group and
memory, so nothing one submission does reaches another), sets the working folder and
environment the kernel manager asked for, and runs ``ipykernel_launcher`` exactly as
``python -m ipykernel_launcher -f connection.json`` would. Only the import work is
shared, never state: every kernel starts from the zygote's untouched memory.

:class:`ZygoteKernelManager` plugs this into jupyter_client through a kernel
provisioner (:class:`ZygoteProvisioner`), so nbclient and nbgrader's ``Execute``
preprocessor drive these kernels like any other: interrupts on timeout, shutdown and
kill work by signalling the child's process group. A kernel command that is not this
Python's ``ipykernel_launcher`` falls back to an ordinary launch.

Run ``python -m kzcourse.tools.kernels SOCKET [MODULE ...]`` to start a zygote by hand;
:func:`zygote` starts one for the length of a ``with`` block.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

# Modules never imported ahead: they configure themselves from the kernel they are
# imported in (GUI backends, widget comm targets), so they must be imported inside it.
NOT_PRELOADED = ("matplotlib.pyplot", "pylab", "ipywidgets", "IPython.display", "plotly", "seaborn")
# What every kernel imports while starting, whatever the notebook.
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.interactiveshell",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.core.oinspect",
    "IPython.core.logger",
    "IPython.extensions.storemagic",
    "tornado.platform.asyncio",
    "tornado.queues",
    "sqlite3",
    "psutil",
    "pdb",
    "pydoc",
)


def notebook_imports(notebooks: Iterable[Path]) -> list[str]:
    """Top-level modules imported by the code cells of these notebooks, in order of appearance.

    Cells that do not parse as Python (magics, a student's syntax error) are skipped.
    """
    found: list[str] = []
    for path in notebooks:
        for cell in json.loads(Path(path).read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if name not in found and not name.startswith(NOT_PRELOADED):
                        found.append(name)
    return found


# ---------------------------------------------------------------------------- the zygote


def _preload(modules: Iterable[str]) -> list[str]:
    loaded = []
    for name in (*KERNEL_MODULES, *modules):
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a module that fails here fails again, visibly, in the kernel
            continue
        loaded.append(name)
    return loaded


def _run_kernel(request: dict) -> int:
    """In the forked child: become the kernel the request describes. Returns its exit code."""
    os.setsid()
    # Python's own defaults, as a freshly started interpreter has them.
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    cwd = request["cwd"]
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(request["env"])
    # The kernel's parent is this zygote now: ipykernel watches it and exits with it.
    os.environ["JPY_PARENT_PID"] = str(os.getppid())
    sys.path[0] = cwd  # as 'python -m' sets it
    sys.argv = ["ipykernel_launcher", *request["args"]]
    # Seeds drawn at import time would otherwise be the same in every kernel.
    import random

    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    from ipykernel import kernelapp

    try:
        kernelapp.launch_new_instance()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


def serve(path: str, modules: Iterable[str]) -> None:
    """Preload, listen on the Unix socket ``path`` and fork one kernel per request.

    Requests are one JSON line each: ``{"args": [...], "cwd": ..., "env": {...}}``; the
    answer is ``{"pid": N}``. The zygote exits when its standard input closes (the
    grader that started it has gone), so it never outlives its grading run.
    """
    loaded = _preload(modules)
    # Children are reaped by the system; nobody waits for them here.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(64)
    print(json.dumps({"ready": True, "preloaded": loaded}), flush=True)
    stdin = sys.stdin.fileno()
    while True:
        readable, _, _ = select.select([listener, stdin], [], [])
        if stdin in readable and not os.read(stdin, 4096):
            break
        if listener not in readable:
            continue
        conn, _ = listener.accept()
        with conn:
            request = json.loads(conn.makefile("r").readline())
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    listener.close()
                    conn.close()
                    code = _run_kernel(request)
                except BaseException:  # noqa: BLE001 - report, then leave without running the zygote's code
                    import traceback

                    traceback.print_exc()
                finally:
                    with contextlib.suppress(Exception):
                        sys.stdout.flush()
                        sys.stderr.flush()
                    os._exit(code)
            conn.sendall((json.dumps({"pid": pid}) + "\n").encode())
    listener.close()


# Lines every kernel prints on start that say nothing about a submission: not repeated
# for each of a class's kernels (a kernel's other messages, a crash above all, pass).
NOISE = (
    "Kernel is running over TCP without encryption",
    "Debugger warning: It seems that frozen modules",
    "make the debugger miss breakpoints",
    "to python to disable frozen modules",
    "Set PYDEVD_DISABLE_FILE_VALIDATION=1",
)


def _forward(stream, target) -> None:
    for line in stream:
        if not any(noise in line for noise in NOISE):
            target.write(line)
            target.flush()


@contextlib.contextmanager
def zygote(modules: Iterable[str] = (), path: str | None = None, python: str = sys.executable) -> Iterator[str]:
    """Run a zygote for the length of the block; yield its socket path (``path``, or a new one).

    The zygote's and its kernels' own messages go to this process's standard error,
    as a kernel started by jupyter_client writes there, less the start-up :data:`NOISE`.
    """
    import threading

    folder = tempfile.mkdtemp(prefix="kz-zygote-")
    path = path or os.path.join(folder, "socket")
    process = subprocess.Popen(
        [python, "-m", "kzcourse.tools.kernels", path, *modules],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    forwarder = threading.Thread(target=_forward, args=(process.stderr, sys.stderr), daemon=True)
    forwarder.start()
    try:
        line = process.stdout.readline()
        if not line or not json.loads(line).get("ready"):
            raise RuntimeError(f"the kernel zygote did not start (exit {process.wait()})")
        yield path
    finally:
        with contextlib.suppress(Exception):
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        forwarder.join(timeout=5)
        shutil.rmtree(folder, ignore_errors=True)


def request_kernel(path: str, args: list[str], cwd: str, env: dict[str, str]) -> int:
    """Ask the zygote at ``path`` for a kernel; return the kernel's process id."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(path)
        client.sendall((json.dumps({"args": args, "cwd": cwd, "env": env}) + "\n").encode())
        answer = json.loads(client.makefile("r").readline())
    return int(answer["pid"])


# ------------------------------------------------------------- jupyter_client integration

from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from jupyter_client.provisioning.local_provisioner import LocalProvisioner  # noqa: E402
from traitlets import Unicode  # noqa: E402


class ForkedKernel:
    """The little of :class:`subprocess.Popen` that jupyter_client uses, for a kernel that
    is the zygote's child rather than ours (so it is polled by signal 0, not waited for)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # gone (reaped by the zygote); its status is not ours to read
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ZygoteProvisioner(LocalProvisioner):
    """Launch this Python's ipykernel through a zygote; anything else as LocalProvisioner does."""

    zygote_socket = Unicode("", help="Unix socket of the zygote to ask for kernels.")

    def _ipykernel_args(self, cmd: list[str], env: dict) -> list[str] | None:
        if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
            return None
        executable = shutil.which(cmd[0], path=env.get("PATH")) if os.sep not in cmd[0] else cmd[0]
        if not executable or os.path.realpath(executable) != os.path.realpath(sys.executable):
            return None
        return list(cmd[3:])

    async def launch_kernel(self, cmd: list[str], **kwargs):
        env = dict(kwargs.get("env") or os.environ)
        args = self._ipykernel_args(cmd, env) if self.zygote_socket else None
        if args is None:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = request_kernel(self.zygote_socket, args, cwd, env)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the child calls setsid(): its group is its own id
        self.cwd = cwd
        return self.connection_info


class ZygoteKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernels come from the zygote at ``zygote_socket``."""

    zygote_socket = Unicode("", help="Unix socket of a running zygote; empty: start kernels as usual.").tag(
        config=True
    )

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None and self.zygote_socket:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ZygoteProvisioner(
                kernel_id=self.kernel_id,
                kernel_spec=self.kernel_spec,
                parent=self,
                zygote_socket=self.zygote_socket,
            )
        return await super()._async_pre_start_kernel(**kw)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: python -m kzcourse.tools.kernels SOCKET [MODULE ...]", file=sys.stderr)
        sys.exit(2)
    serve(sys.argv[1], sys.argv[2:])
