"""The `sasaeai` console command: manage.py with friendlier names (`sasaeai demo`, ...)."""

import os
import signal
import subprocess
import sys

# Hyphenated names people type, mapped to Django management commands.
ALIASES = {
    "import-population": "import_population",
    "import-towns": "import_towns",
    "load-municipalities": "load_municipalities",
}


def serve(argv: list[str]) -> int:
    """Run the development server and the background-task worker side by side."""
    address = argv[0] if argv else "127.0.0.1:8000"
    base = [sys.executable, "-m", "sasaeai.cli"]
    worker = subprocess.Popen([*base, "db_worker", "--interval", "1"])
    try:
        return subprocess.call([*base, "runserver", "--noreload", address])
    except KeyboardInterrupt:
        return 0
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    args = argv[1:]
    if args and args[0] == "serve":
        return serve(args[1:])
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sasaeai", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
