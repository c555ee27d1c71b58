"""A class on one host, with real accounts: the course's JupyterHub and nbgrader's exchange, end to end.

This is the path a class of a few hundred takes, run with one instructor and three
students, each a new Unix account (unique names, random passwords) in two new groups,
all removed afterwards whatever happens. The instructor works as the instructor guide
says: ``make exchange``, ``make release-assignment``, ``make collect``, ``make autograde``,
``make feedback``, ``make release-feedback``, ``make grades``, run as their own account;
the due date and a written answer's points are entered through the Formgrader of the
instructor's lab on the hub. Students log in to the hub over HTTP with their password
and use the Assignment List of their own server (the API its buttons call): fetch,
save their work, submit, fetch feedback.

Checked on the way: the student's lab has no instructor tools and lists the released
assignment; a resubmission replaces the earlier one (before collect, and after it with
``make collect``, which passes ``--update``); a submission after the due date is
graded and recorded as late (nbgrader's default: no penalty); feedback reaches each
student without a line of the hidden tests; grades include the manual points; no
student can list the exchange's inbox, read another student's work or feedback, the
instructor's solutions or the gradebook.

Needs root (to create accounts) and ``setfacl``: where the course's Python lives in a
folder other accounts cannot pass (pyenv under /root, as on CI), the test grants its
two groups the right to pass (x only) for its duration. Skipped, with the reason,
otherwise.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import ROOT
from grading_support import leaks
from test_labs import disabled_plugins

from kzcourse.tools import bench_grading
from kzcourse.tools.exchange import unreachable
from kzcourse.tools.venv_setup import INSTRUCTOR_LAB_PLUGINS

pytestmark = [pytest.mark.slow, pytest.mark.long]

if os.geteuid() != 0:
    pytest.skip("the classroom tests create Unix accounts: run them as root (bash .ci/run does)", allow_module_level=True)
_missing = [tool for tool in ("useradd", "userdel", "groupadd", "groupdel", "chpasswd", "setfacl", "make") if not shutil.which(tool)]
if _missing:
    pytest.skip(f"the classroom tests need {', '.join(_missing)} (apt-get install acl passwd make; bash .ci/run does)", allow_module_level=True)

import requests  # noqa: E402

BIN = Path(sys.executable).parent
ASSIGNMENT = bench_grading.default_assignment()
COURSE_ID = re.search(r'course_id = "([^"]+)"', (ROOT / "nbgrader_config.py").read_text()).group(1)
STUDENTS = 3


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def _sh(*argv: str, stdin: str | None = None) -> None:
    result = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(argv)}: {result.stderr}"


class Classroom:
    """Accounts, groups, a course copy owned by the instructor, and everything needed to undo them."""

    def __init__(self):
        self.tag = "kz" + secrets.token_hex(3)
        self.scratch = Path(tempfile.mkdtemp(prefix=f"kzclass-{self.tag}-"))
        self.course = self.scratch / "course"
        self.groups = {"instructor": f"{self.tag}-inst", "student": f"{self.tag}-stud"}
        self.instructor = f"{self.tag}i"
        self.students = [f"{self.tag}s{k}" for k in range(1, STUDENTS + 1)]
        self.outsider = f"{self.tag}x"  # an account of the host in neither group
        self.passwords: dict[str, str] = {}
        self.created_users: list[str] = []
        self.created_groups: list[str] = []
        self.acl: list[tuple[Path, int]] = []

    # -- set-up and tear-down
    def create(self) -> None:
        os.chmod(self.scratch, 0o755)
        for group in self.groups.values():
            _sh("groupadd", group)
            self.created_groups.append(group)
        for name in [self.instructor, *self.students, self.outsider]:
            role = "instructor" if name == self.instructor else "student"
            home = self.scratch / "home" / name
            groups = ["-G", self.groups[role]] if name != self.outsider else []
            _sh("useradd", "-U", "-M", "-d", str(home), "-s", "/bin/bash", *groups, name)
            self.created_users.append(name)
            home.mkdir(parents=True)
            os.chown(home, pwd.getpwnam(name).pw_uid, pwd.getpwnam(name).pw_gid)
            os.chmod(home, 0o700)
            self.passwords[name] = secrets.token_urlsafe(12)
        os.chmod(self.scratch / "home", 0o755)
        _sh("chpasswd", stdin="".join(f"{n}:{p}\n" for n, p in self.passwords.items()))
        # Let the two groups pass (x only) through folders on the way to the course's Python.
        for target in {Path(sys.base_prefix), Path(sys.prefix), ROOT}:
            for folder in unreachable(target):
                if folder not in [f for f, _ in self.acl]:
                    self.acl.append((folder, stat.S_IMODE(folder.stat().st_mode)))
                    _sh("setfacl", "-m", ",".join(f"g:{g}:x" for g in self.groups.values()), str(folder))
        # The course folder, the instructor's own, as a clone would be.
        self.course.mkdir()
        for name in ("solutions", "exercises"):
            shutil.copytree(ROOT / name, self.course / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        shutil.copy2(ROOT / "nbgrader_config.py", self.course / "nbgrader_config.py")
        uid, gid = self.uid(self.instructor)
        for path in [self.course, *self.course.rglob("*")]:
            os.chown(path, uid, gid)
        os.chmod(self.course, 0o755)

    def destroy(self) -> None:
        uids = {pwd.getpwnam(n).pw_uid for n in self.created_users if self._exists(n)}
        for _ in range(3):  # what the accounts still run (servers, kernels), by process id
            pids = [int(p) for p in os.listdir("/proc") if p.isdigit() and self._owner(int(p)) in uids]
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if not pids:
                break
            time.sleep(0.5)
        for name in self.created_users:
            subprocess.run(["userdel", name], capture_output=True)
        for group in self.created_groups:
            subprocess.run(["groupdel", group], capture_output=True)
        for folder, mode in self.acl:
            subprocess.run(["setfacl", "-b", str(folder)], capture_output=True)
            os.chmod(folder, mode)
        shutil.rmtree(self.scratch, ignore_errors=True)

    @staticmethod
    def _exists(name: str) -> bool:
        try:
            pwd.getpwnam(name)
        except KeyError:
            return False
        return True

    @staticmethod
    def _owner(pid: int) -> int | None:
        try:
            return os.stat(f"/proc/{pid}").st_uid
        except FileNotFoundError:
            return None

    # -- acting as someone
    def uid(self, name: str) -> tuple[int, int]:
        entry = pwd.getpwnam(name)
        return entry.pw_uid, entry.pw_gid

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)

    def run_as(self, name: str, argv: list[str], cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
        uid, gid = self.uid(name)
        env = {
            "HOME": str(self.home(name)), "USER": name, "LOGNAME": name, "LANG": "C.UTF-8",
            "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin", "KZCOURSE_NBGRADER_ROOT": str(self.course),
        }
        return subprocess.run(
            argv, cwd=cwd or self.home(name), env=env, user=uid, group=gid,
            extra_groups=os.getgrouplist(name, gid), capture_output=True, text=True, timeout=timeout,
        )

    def make(self, target: str, *variables: str) -> subprocess.CompletedProcess:
        """A make target of the course, as the instructor runs it."""
        result = self.run_as(self.instructor, ["make", "--no-print-directory", "-C", str(ROOT), target, *variables])
        assert result.returncode == 0, f"make {target} as the instructor failed:\n{result.stdout}\n{result.stderr}"
        return result

    def denied(self, name: str, argv: list[str]) -> bool:
        result = self.run_as(name, argv)
        return result.returncode != 0 and "Permission denied" in result.stderr


class Hub:
    """The course's JupyterHub, started with 'make hub' as root, and HTTP sessions on it."""

    def __init__(self, room: Classroom):
        self.room = room
        public, api, proxy = _free_ports(3)
        self.base = f"http://127.0.0.1:{public}"
        self.env = dict(
            os.environ,
            KZCOURSE_NBGRADER_ROOT=str(room.course),
            KZCOURSE_HUB_URL=self.base,
            KZCOURSE_HUB_API_URL=f"http://127.0.0.1:{api}",
            KZCOURSE_PROXY_API_URL=f"http://127.0.0.1:{proxy}",
            KZCOURSE_INSTRUCTOR_GROUP=room.groups["instructor"],
            KZCOURSE_STUDENT_GROUP=room.groups["student"],
        )
        self.log = room.scratch / "hub.log"
        self.process: subprocess.Popen | None = None
        self.tokens: dict[str, str] = {}

    def start(self) -> None:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "-C", str(ROOT), "hub"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the hub exited:\n{self.log.read_text()[-3000:]}"
            try:
                if requests.get(f"{self.base}/hub/api/", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the hub did not answer in 90 s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # make and the hub, which stops its proxy and servers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def login(self, name: str, password: str | None = None) -> requests.Session:
        """Log in through the hub's login form, as a person does; return the session."""
        session = requests.Session()
        session.get(f"{self.base}/hub/login", timeout=30).raise_for_status()
        xsrf = session.cookies.get("_xsrf")
        response = session.post(
            f"{self.base}/hub/login",
            data={"username": name, "password": password or self.room.passwords[name], "_xsrf": xsrf},
            allow_redirects=False, timeout=60,
        )
        assert response.status_code == 302, f"login as {name}: HTTP {response.status_code}\n{response.text[:500]}"
        return session

    def start_server(self, name: str) -> None:
        """Log in, ask the hub for the account's server and a token for its API."""
        session = self.login(name)
        headers = {"X-XSRFToken": session.cookies.get("_xsrf")}
        response = session.post(f"{self.base}/hub/api/users/{name}/server", headers=headers, timeout=60)
        assert response.status_code in (201, 202), f"spawn for {name}: HTTP {response.status_code} {response.text[:300]}"
        response = session.post(f"{self.base}/hub/api/users/{name}/tokens", json={"note": "classroom test"}, headers=headers, timeout=30)
        assert response.status_code == 201, f"token for {name}: HTTP {response.status_code} {response.text[:300]}"
        self.tokens[name] = response.json()["token"]

    def wait_ready(self, name: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                response = self.get(name, "api/status", allow_redirects=False)
                if response.status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{name}'s server did not start:\n{self.log.read_text()[-3000:]}")

    def url(self, name: str, path: str) -> str:
        return f"{self.base}/user/{name}/{path}"

    def get(self, name: str, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url(name, path), headers={"Authorization": f"token {self.tokens[name]}"}, timeout=60, **kwargs)

    def send(self, method: str, name: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, self.url(name, path), headers={"Authorization": f"token {self.tokens[name]}"}, timeout=300, **kwargs)

    def assignments(self, name: str) -> dict[str, dict]:
        response = self.get(name, f"assignments?course_id={COURSE_ID}")
        assert response.status_code == 200, response.text[:500]
        data = response.json()
        assert data["success"], data
        return {(a["assignment_id"], a["status"]): a for a in data["value"]}

    def act(self, name: str, action: str) -> None:
        """Press an Assignment List button: fetch, submit or fetch_feedback."""
        response = self.send("POST", name, f"assignments/{action}", data={"course_id": COURSE_ID, "assignment_id": ASSIGNMENT})
        assert response.status_code == 200, f"{action} for {name}: HTTP {response.status_code} {response.text[:500]}"
        data = response.json()
        assert not (isinstance(data, dict) and data.get("success") is False), f"{action} for {name}: {data}"

    def save(self, name: str, notebook: dict) -> None:
        """Save a notebook into the fetched assignment, as the lab does when the student saves."""
        path = f"api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        response = self.send("PUT", name, path, json={"type": "notebook", "format": "json", "content": notebook})
        assert response.status_code in (200, 201), f"save for {name}: HTTP {response.status_code} {response.text[:300]}"


@pytest.fixture(scope="module")
def room():
    classroom = Classroom()
    try:
        classroom.create()
        # The instructor's first steps, as the guide gives them.
        setup = classroom.make("exchange")
        assert "exchange" in setup.stdout and "private to" in setup.stdout, setup.stdout
        classroom.make("release-assignment", f"ASSIGNMENT={ASSIGNMENT}")
        yield classroom
    finally:
        classroom.destroy()


@pytest.fixture(scope="module")
def hub(room):
    running = Hub(room)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _notebooks() -> dict[str, dict]:
    solution = json.loads((ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    release = json.loads((ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    made = {}
    for kind in ("correct", "partial", "blank"):
        for version in ("v1", "v2"):
            nb = bench_grading.submission(kind, solution, release)
            nb["metadata"]["kzcourse_test_version"] = f"{kind}-{version}"
            made[f"{kind}-{version}"] = nb
    return made


def test_hub_gives_students_the_student_lab(room, hub):
    """Smoke test: a student logs in over HTTP, gets a server, and its Assignment List lists the release."""
    student = room.students[0]
    for name in [student, *room.students[1:], room.instructor]:  # the others' servers start meanwhile
        hub.start_server(name)
    hub.wait_ready(student)
    listed = hub.assignments(student)
    assert (ASSIGNMENT, "released") in listed, listed
    assert hub.get(student, "formgrader").status_code == 404  # no instructor tools
    lab = hub.get(student, "lab")
    assert lab.status_code == 200
    assert set(disabled_plugins(lab.text)) >= set(INSTRUCTOR_LAB_PLUGINS)
    # An account of the host outside the course's groups cannot log in, right password or not.
    outsider = requests.Session()
    outsider.get(f"{hub.base}/hub/login", timeout=30)
    refused = outsider.post(
        f"{hub.base}/hub/login", allow_redirects=False, timeout=60,
        data={"username": room.outsider, "password": room.passwords[room.outsider], "_xsrf": outsider.cookies.get("_xsrf")},
    )
    assert refused.status_code != 302


def test_exchange_cycle(room, hub):
    students = room.students
    s1, s2, s3 = students
    instructor = room.instructor
    versions = _notebooks()

    # Everyone's server (started by the test above, or now).
    for name in [*students, instructor]:
        if name not in hub.tokens:
            hub.start_server(name)
    for name in [*students, instructor]:
        hub.wait_ready(name)
    assert hub.get(instructor, "formgrader").status_code == 200  # the instructor's lab has the Formgrader

    # Fetch, through each student's Assignment List.
    with ThreadPoolExecutor(STUDENTS) as pool:
        list(pool.map(lambda s: hub.act(s, "fetch"), students))
    for student in students:
        fetched = room.home(student) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert fetched.exists() and fetched.stat().st_uid == room.uid(student)[0]
        assert (ASSIGNMENT, "fetched") in hub.assignments(student)

    # Work and submit: s2 submits twice, s3 after the due date.
    for student, version in [(s1, "correct-v1"), (s2, "blank-v1")]:
        hub.save(student, versions[version])
        hub.act(student, "submit")
    time.sleep(1.1)  # nbgrader's timestamps order the two submissions
    hub.save(s2, versions["correct-v2"])
    hub.act(s2, "submit")
    due = datetime.now(timezone.utc)
    response = hub.send("PUT", instructor, f"formgrader/api/assignment/{ASSIGNMENT}",
                        json={"duedate_notimezone": due.strftime("%Y-%m-%d %H:%M:%S.%f"), "duedate_timezone": "UTC"})
    assert response.status_code == 200, response.text[:500]
    time.sleep(1.1)
    hub.save(s3, versions["partial-v1"])
    hub.act(s3, "submit")

    # The instructor: collect, autograde (no 'make release' in this course), feedback, release it.
    room.make("collect", f"ASSIGNMENT={ASSIGNMENT}")
    collected = {s: json.loads((room.course / "submitted" / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())["metadata"]["kzcourse_test_version"]
                 for s in students}
    assert collected == {s1: "correct-v1", s2: "correct-v2", s3: "partial-v1"}
    graded = room.make("autograde", f"ASSIGNMENT={ASSIGNMENT}")
    assert "registered it from solutions/" in graded.stdout

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{room.course / 'gradebook.db'}") as gradebook:
        rows = {s.student_id: (s.code_score, s.max_code_score, s.total_seconds_late, s.late_submission_penalty)
                for s in gradebook.assignment_submissions(ASSIGNMENT)}
        written = [g.id for nb in gradebook.find_submission(ASSIGNMENT, s1).notebooks for g in nb.grades if g.auto_score is None]
    full = rows[s1][1]
    assert full > 0 and rows[s1][0] == full and rows[s2][0] == full
    assert 0 < rows[s3][0] < full
    assert rows[s3][2] > 0, "the submission after the due date is not recorded as late"
    assert rows[s1][2] == rows[s2][2] == 0, rows
    assert all(rows[s][3] == 0 for s in students), "nbgrader's default late policy takes no points"

    # A written answer graded by hand in the Formgrader.
    assert written, "the exercise has no written answer"
    for grade_id in written:
        max_score = hub.get(instructor, f"formgrader/api/grade/{grade_id}").json()["max_score"]
        response = hub.send("PUT", instructor, f"formgrader/api/grade/{grade_id}", json={"manual_score": max_score})
        assert response.status_code == 200, response.text[:300]

    room.make("feedback", f"ASSIGNMENT={ASSIGNMENT}")
    room.make("release-feedback", f"ASSIGNMENT={ASSIGNMENT}")
    with ThreadPoolExecutor(STUDENTS) as pool:
        list(pool.map(lambda s: hub.act(s, "fetch_feedback"), students))
    fetched_feedback = []
    for student in students:
        files = list((room.home(student) / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(files) == 1, f"{student} fetched {files}"
        assert files[0].stat().st_uid == room.uid(student)[0]
        fetched_feedback += files
    assert leaks(fetched_feedback, ASSIGNMENT) == []
    assert leaks(sorted((room.course / "feedback").glob(f"*/{ASSIGNMENT}/*.html")), ASSIGNMENT) == []

    # Grades, with the Formgrader's points.
    room.make("grades")
    table = (room.course / "grades" / f"{ASSIGNMENT}.csv").read_text().splitlines()
    assert len(table) == 1 + STUDENTS
    header = table[0].split(",")
    row = dict(zip(header, next(line for line in table if line.startswith(f"{s1},")).split(",")))
    assert row["needs_manual_grade"] == "no" and float(row["score"]) > full
    lms = (room.course / "grades" / "lms.csv").read_text().splitlines()
    assert lms[0].startswith("username,") and len(lms) == 1 + STUDENTS

    # Nobody reads what is not theirs.
    exchange_course = room.course / "exchange" / COURSE_ID
    assert room.denied(s2, ["ls", str(exchange_course / "inbound")])
    assert room.denied(s2, ["ls", str(exchange_course / "feedback")])
    assert room.denied(s2, ["cat", str(room.course / "submitted" / s1 / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")])
    assert room.denied(s2, ["cat", str(room.course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")])
    assert room.denied(s2, ["cat", str(room.course / "gradebook.db")])
    assert room.denied(s2, ["ls", str(room.home(s1))])
    assert room.denied(s2, ["ls", str(room.course / "feedback")])
    assert room.denied(s2, ["ls", str(room.course / "grades")])
    # ... while what they need stays readable.
    assert room.run_as(s2, ["cat", str(room.course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")]).returncode == 0

    # A resubmission after collection replaces the collected one at the next 'make collect'.
    time.sleep(1.1)
    hub.save(s1, versions["correct-v2"])
    hub.act(s1, "submit")
    room.make("collect", f"ASSIGNMENT={ASSIGNMENT}")
    again = json.loads((room.course / "submitted" / s1 / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    assert again["metadata"]["kzcourse_test_version"] == "correct-v2"
