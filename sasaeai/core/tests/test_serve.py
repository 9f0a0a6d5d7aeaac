"""`sasaeai serve` stopped by SIGTERM or Ctrl-C (SIGINT) stops its worker and web server too.

Each test starts the real command in a process group of its own, against a scratch SQLite
database, and kills every process it started in `finally`, whatever the outcome.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase

# Generous bounds: a slow, busy machine must not fail the tests (serve waits up to 30 s).
START_TIMEOUT = 90
EXIT_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None if there is no process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from each process's parent in /proc (this kernel has no
    /proc/<pid>/task/<tid>/children)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := proc_stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def session_members(sid: int) -> list[int]:
    """Every running process of the session `serve` leads (started with start_new_session)."""
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    return [pid for pid in pids if (f := proc_stat(pid)) and f[0] != "Z" and int(f[3]) == sid]


def alive(pid: int) -> bool:
    """Running (a zombie no one has reaped yet counts as stopped)."""
    fields = proc_stat(pid)
    return fields is not None and fields[0] != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class ServeStopsItsChildrenTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "SASAEAI_VAR_DIR": cls.tmp.name,
            "DATABASE_URL": f"sqlite:///{cls.tmp.name}/sasaeai.sqlite3",
        }
        # The worker's task table is all the two children read (/health/ runs SELECT 1), and
        # migrating only it takes seconds instead of the whole schema's twenty.
        subprocess.run(
            [sys.executable, "-m", "sasaeai.cli", "migrate", "django_tasks_database", "-v0"],
            env=cls.env, cwd=cls.tmp.name, check=True, timeout=300,
        )  # fmt: skip

    def start_serve(self, log: Path) -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        with log.open("wb") as out:
            serve = subprocess.Popen(
                [sys.executable, "-m", "sasaeai.cli", "serve", f"127.0.0.1:{port}"],
                env=self.env, cwd=self.tmp.name, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return serve, port

    def wait_for_http(self, serve: subprocess.Popen[bytes], port: int, log: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            self.assertIsNone(serve.poll(), log.read_text(errors="replace"))
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.fail(f"serve did not answer on port {port}:\n{log.read_text(errors='replace')}")

    def kill_everything(self, serve: subprocess.Popen[bytes]) -> None:
        """Leave nothing behind, even when the test failed: every process of serve's session
        (its children have a process group of their own, but stay in the session)."""
        for pid in session_members(serve.pid):
            os.kill(pid, signal.SIGKILL)
        serve.wait(timeout=EXIT_TIMEOUT)

    def assert_signal_stops_all(self, signum: int) -> None:
        log = Path(self.tmp.name) / f"serve-{signum}.log"
        serve, port = self.start_serve(log)
        try:
            self.wait_for_http(serve, port, log)
            children = descendants(serve.pid)
            commands = " ".join(command_line(pid) for pid in children)
            self.assertIn("db_worker", commands)
            self.assertIn("runserver", commands)
            self.assertIn("run_due --every 60", commands)  # the scheduler (#20)
            os.kill(serve.pid, signum)  # to serve alone: it must pass the signal on itself
            self.assertEqual(serve.wait(timeout=EXIT_TIMEOUT), 0, log.read_text())
            self.assertEqual([pid for pid in children if alive(pid)], [])
        finally:
            self.kill_everything(serve)

    def test_sigterm_stops_the_worker_and_the_web_server(self) -> None:
        self.assert_signal_stops_all(signal.SIGTERM)

    def test_ctrl_c_stops_the_worker_and_the_web_server(self) -> None:
        self.assert_signal_stops_all(signal.SIGINT)
