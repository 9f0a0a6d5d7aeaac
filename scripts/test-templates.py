"""Build the migrated template the test databases are copied from (config/test_database.py), for
the database DATABASE_URL names (SQLite when unset). CI runs it for both databases in the
background while the linters run, so that `make test` finds the templates ready; `make test`
alone builds them when missing, so this is only a head start."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from config import test_database  # noqa: E402

print(test_database.build_template())
