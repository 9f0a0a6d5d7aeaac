"""For the tests of one data migration: migrate the test database to a state, and back to the
newest state of every app afterwards."""

from typing import Any

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[Any]) -> Apps:
    """Migrate to the targets; the models as they are there."""
    return MigrationExecutor(connection).migrate(targets).apps


def latest() -> list[tuple[str, str]]:
    """The newest migration of every app. Not only the app under test: migrating it back also
    unapplies every later migration of other apps that depends on it (councils' 0004 depends
    on resources' 0012, which depends on core's), and the tests run after this one on the same
    database need them all."""
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())
