"""JupyterHub for teaching the course to a class on one host (``make hub``, run as root).

Everyone logs in with their own Unix account (PAM), and gets a JupyterLab server running
as that account from the course's environment (``.venv``), so nbgrader's exchange sees
real owners and permissions:

* members of the instructor group (``KZCOURSE_INSTRUCTOR_GROUP``, default
  ``kzcourse-instructors``) get the instructor's lab on the course folder: Formgrader,
  Create Assignment, Course List, and a terminal for the ``make`` steps;
* members of the student group (``KZCOURSE_STUDENT_GROUP``, default
  ``kzcourse-students``) get the student's lab in their home folder: the Assignment List
  (fetch, submit, fetch feedback) and Validate, no instructor tools;
* nobody else may log in.

Both labs read the course's ``nbgrader_config.py`` (through the environment's nbgrader
shim), so they agree on the course id and the exchange. The hub's own state (its
database, cookie secret, proxy pid) is kept in ``.hub/`` in the course folder (mode
0700); the proxy is configurable-http-proxy from ``node_modules/`` (pinned in
package-lock.json). Nothing outside the course folder is used.

Settings, all optional, from the environment of ``make hub``:

``KZCOURSE_HUB_URL``        public address (default ``http://127.0.0.1:8800``; put TLS in
                            front, or set ``c.JupyterHub.ssl_cert``/``ssl_key``, for a real class)
``KZCOURSE_HUB_API_URL``    the hub's internal API (default ``http://127.0.0.1:8801``)
``KZCOURSE_PROXY_API_URL``  the proxy's API (default ``http://127.0.0.1:8802``)
``KZCOURSE_HUB_STATE``      the hub's state folder (default ``<course>/.hub``)
``KZCOURSE_NBGRADER_ROOT``  the course folder, if not this file's (as for nbgrader)
``KZCOURSE_EXCHANGE``       the exchange (as in nbgrader_config.py)

The instructor guide (book/instructor_guide.md) walks the set-up and a whole cycle;
tests/test_classroom.py runs it with real accounts.
"""

import grp
import os
import pwd
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent  # make hub runs JupyterHub from the course environment
COURSE = Path(os.environ.get("KZCOURSE_NBGRADER_ROOT") or HERE).resolve()
EXCHANGE = os.environ.get("KZCOURSE_EXCHANGE") or str(COURSE / "exchange")
STATE = Path(os.environ.get("KZCOURSE_HUB_STATE") or COURSE / ".hub")
INSTRUCTOR_GROUP = os.environ.get("KZCOURSE_INSTRUCTOR_GROUP", "kzcourse-instructors")
STUDENT_GROUP = os.environ.get("KZCOURSE_STUDENT_GROUP", "kzcourse-students")
INSTRUCTOR_CONFIG = Path(sys.prefix) / "etc" / "jupyter-instructor"  # kzcourse.tools.venv_setup

STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
os.chmod(STATE, 0o700)

# Addresses
c.JupyterHub.bind_url = os.environ.get("KZCOURSE_HUB_URL", "http://127.0.0.1:8800")
c.JupyterHub.hub_bind_url = os.environ.get("KZCOURSE_HUB_API_URL", "http://127.0.0.1:8801")
c.ConfigurableHTTPProxy.api_url = os.environ.get("KZCOURSE_PROXY_API_URL", "http://127.0.0.1:8802")
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]

# State, kept in the course folder
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# Who may log in: the host's accounts, in the course's two groups
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {INSTRUCTOR_GROUP, STUDENT_GROUP}

# One JupyterLab per account, from the course environment
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    "KZCOURSE_NBGRADER_ROOT": str(COURSE),
    "KZCOURSE_EXCHANGE": EXCHANGE,
}
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120


def in_group(username: str, group: str) -> bool:
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        return False
    return username in entry.gr_mem or pwd.getpwnam(username).pw_gid == entry.gr_gid


def choose_lab(spawner) -> None:
    """Instructors get the instructor's lab on the course folder; students keep the defaults."""
    if in_group(spawner.user.name, INSTRUCTOR_GROUP):
        spawner.environment = {**spawner.environment, "JUPYTER_CONFIG_PATH": str(INSTRUCTOR_CONFIG)}
        spawner.notebook_dir = str(COURSE)


c.Spawner.pre_spawn_hook = choose_lab
