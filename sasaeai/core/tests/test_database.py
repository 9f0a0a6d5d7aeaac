import os

from django.db import connection
from django.test import TestCase


class DatabaseTests(TestCase):
    def test_the_suite_runs_on_the_database_named_by_database_url(self) -> None:
        url = os.environ.get("DATABASE_URL", "")
        expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
        self.assertEqual(connection.vendor, expected)

    def test_postgresql_databases_use_the_c_utf8_locale_and_sqlite_uses_wal(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT datctype, pg_encoding_to_char(encoding) FROM pg_database"
                    " WHERE datname = current_database()"
                )
                self.assertEqual(cursor.fetchone(), ("C.UTF-8", "UTF8"))
            else:
                # The test database is in memory, where WAL does not apply; check the setting.
                options = connection.settings_dict["OPTIONS"]
                self.assertIn("journal_mode=WAL", options["init_command"])
                self.assertEqual(options["timeout"], 20)
