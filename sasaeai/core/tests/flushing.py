"""For test modules that commit rows outside a test's transaction and empty the database when
done (the demo-city backup, the page-walking browser tests)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection


@contextmanager
def flushed_afterwards() -> Iterator[None]:
    """Run the block, then empty every table as a transactional test does, and put back the
    rows that were there before it (those the migrations seeded: the national unit amounts of
    plans/0002). why: these modules run in the demo unit, which the scheduler starts first
    (conftest.py), so TestCases that read the seeded rows may follow on the same worker."""
    seeded = connection.creation.serialize_db_to_string()
    try:
        yield
    finally:
        # Without post_migrate: the content types and permissions come back with the rest,
        # under their old ids, instead of being made anew first.
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(seeded)
