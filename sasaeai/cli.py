"""The `sasaeai` console command: manage.py with friendlier names (`sasaeai demo`, ...)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from django.core.management import ManagementUtility
from django.core.management.base import BaseCommand

# Hyphenated names people type, mapped to Django management commands.
ALIASES = {
    "import-population": "import_population",
    "import-resources": "import_resources",
    "import-towns": "import_towns",
    "load-municipalities": "load_municipalities",
    "purge-personal-data": "purge_personal_data",
    "run-due": "run_due",
    "setup-municipality": "setup_municipality",
}
# How long `serve` lets its children finish (the worker completes the task it is running)
# before killing them.
STOP_TIMEOUT = 30.0


class Utility(ManagementUtility):
    """Django's command runner, knowing the hyphenated names (also after `help`)."""

    def fetch_command(self, subcommand: str) -> BaseCommand:
        return super().fetch_command(ALIASES.get(subcommand, subcommand))

    def main_help_text(self, commands_only: bool = False) -> str:
        text = super().main_help_text(commands_only)
        if commands_only:
            return text
        names = ["serve", *ALIASES]
        return text + "\n\n[sasaeai]\n" + "\n".join(f"    {name}" for name in names)


def serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sasaeai serve",
        description="開発サーバーとバックグラウンド処理（django-tasks のワーカー）と"
        "定期ジョブ（毎分の run-due）を同時に起動します。Ctrl-C か SIGTERM ですべて止めます。",
    )
    parser.add_argument(
        "address", nargs="?", default="127.0.0.1:8000", help="待ち受けるアドレス:ポート"
    )
    return parser


def start_children(address: str, children: list[subprocess.Popen[bytes]]) -> None:
    """Start the worker, the web server and the scheduler in one process group of their own: a
    Ctrl-C in the terminal then reaches only `serve`, which passes it on once (a second SIGINT
    would make the worker abandon the task it is running). None reloads on code changes: a reloader would
    stand between `serve` and the worker and kill it mid-task instead of letting it finish."""
    base = [sys.executable, "-m", "sasaeai.cli"]
    worker = [*base, "db_worker", "--interval", "1", "--no-reload"]
    children.append(subprocess.Popen(worker, process_group=0))
    children.append(
        subprocess.Popen([*base, "runserver", "--noreload", address], process_group=children[0].pid)
    )
    # The scheduler: every minute, the periodic jobs whose time has come (core/schedule.py).
    scheduler = [*base, "run_due", "--every", "60"]
    children.append(subprocess.Popen(scheduler, process_group=children[0].pid))


def stop_children(children: list[subprocess.Popen[bytes]], signum: int) -> None:
    """Pass the signal on, wait for every child up to STOP_TIMEOUT, then kill what is left."""
    for child in children:
        if child.poll() is None:
            child.send_signal(signum)
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in children:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def passed_on(received: list[int]) -> int:
    """Ctrl-C is passed on as itself; anything else (SIGTERM, the SIGHUP of a closed terminal,
    which no longer reaches the children in their own group, or a child that stopped) as
    SIGTERM. The worker handles both gracefully."""
    return signal.SIGINT if received[:1] == [signal.SIGINT] else signal.SIGTERM


def serve(argv: list[str]) -> int:
    """Run the development server and the background-task worker side by side; stopping
    `serve` (Ctrl-C, SIGTERM) or either child stops both."""
    address = serve_parser().parse_args(argv).address
    received: list[int] = []
    # The handler only notes the signal, so no exception can cut the clean-up short.
    previous = {
        s: signal.signal(s, lambda signum, frame: received.append(signum))
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    children: list[subprocess.Popen[bytes]] = []
    try:
        start_children(address, children)
        while not received and all(child.poll() is None for child in children):
            time.sleep(0.2)
    finally:
        stop_children(children, passed_on(received))
        for s, handler in previous.items():
            signal.signal(s, handler)
    if received:
        return 0
    print(
        "サーバー・バックグラウンド処理・定期ジョブのどれかが終了したため、ほかも停止しました。",
        file=sys.stderr,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    args = argv[1:]
    if args and args[0] == "serve":
        return serve(args[1:])
    if args[:2] == ["help", "serve"]:
        serve_parser().print_help()
        return 0
    Utility(["sasaeai", *args]).execute()
    return 0


if __name__ == "__main__":
    sys.exit(main())
