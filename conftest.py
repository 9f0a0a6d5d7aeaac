"""Suite-wide pytest settings: hypothesis profiles, and with CI=true a skipped test fails the run."""

import os

import pytest
from hypothesis import settings
from pytest_django import DjangoDbBlocker
from pytest_django.plugin import blocking_manager_key

from config import test_database
from sasaeai.tests import demo_city

settings.register_profile("ci", max_examples=50, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
# Transactional tests end with a flush: on PostgreSQL, of the tables that hold rows only.
test_database.quick_postgresql_flush()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Under pytest-xdist the controller sees every worker's reports; workers leave it to it.
    if os.environ.get("CI") != "true" or hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        print(f"\nCI=true: {skipped} skipped test(s) count as failure")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    django_db_blocker: DjangoDbBlocker,
    request: pytest.FixtureRequest,
) -> bool:
    """Each worker's test database starts from one migrated template (config/test_database.py)."""
    with django_db_blocker.unblock():  # PostgreSQL: the server is asked for the template
        keep_copy = test_database.prepare()
    if keep_copy:
        request.addfinalizer(test_database.remove_sqlite_copy)
    return keep_copy


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest, django_db_modify_db_settings: bool) -> bool:
    # A SQLite copy of the template is already in place: Django must use it, not delete it.
    return bool(request.config.getvalue("reuse_db")) or django_db_modify_db_settings


def pytest_itemcollected(item: pytest.Item) -> None:
    # The xdist scheduler below knows the demo-city classes by their module's name only.
    if demo_city.is_demo_item(item) and not demo_city.in_demo_module(item.nodeid):
        raise pytest.UsageError(
            f"{item.nodeid}: DemoCityTestCase のテストは test_demo*.py に置いてください。"
        )


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # a hook of pytest-xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under `--dist loadscope`, all test_demo*.py modules are one unit of work, so that one
    worker builds the shared demo city once (sasaeai/tests/demo_city.py); every other class,
    or module of test functions, stays a unit of its own, so its setUpTestData runs once."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoCityScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if demo_city.in_demo_module(nodeid):
                return demo_city.XDIST_GROUP
            return super()._split_scope(nodeid)

    return DemoCityScheduling(config, log)  # type: ignore[arg-type]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The test_demo*.py unit first: it is by far the longest (the garbage-form walk alone is
    # minutes), and a worker that starts it last keeps the whole run waiting while the other
    # one idles (longest job first). Inside it, the demo-city classes run one after another,
    # after the rest of their unit. This runs before pytest-django's own (stable) sort, which
    # then still puts every TestCase before the transactional tests, whose flush empties what
    # the migrations seeded.
    items.sort(
        key=lambda item: (not demo_city.in_demo_module(item.nodeid), demo_city.is_demo_item(item))
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    # A guard, not a hope: no other test may run while the shared demo city is in the database.
    if demo_city.is_open() and not demo_city.is_demo_item(item):
        raise RuntimeError(f"{item.nodeid}: デモ市が残ったまま、ほかのテストが始まりました。")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """After the last demo-city class of a run of them, roll the shared city back."""
    result = yield
    if nextitem is None or not demo_city.is_demo_item(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            demo_city.leave()
    return result
