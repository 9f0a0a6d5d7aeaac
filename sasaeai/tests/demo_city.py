"""One demo city per test process, shared by every test class that reads it.

Building the whole demo city takes about 20 s (two years of activity alone take 12 s), and eight
test modules used to build parts of it each. `DemoCityTestCase` builds it once, inside a
transaction that stays open while the demo classes run one after another: each class and each
test is a savepoint inside it and rolls back to the untouched city. The root conftest.py runs the
demo classes one after another (their test_demo*.py modules are one unit of work for
pytest-xdist) and rolls the city back before any other test, which therefore never sees it.
"""

import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction
from django.test import TestCase

from sasaeai.demo.management.commands.demo import DemoCity, build_city

# The moment the shared city is built at, and the one its test classes freeze (its 年度 is
# 令和8年度; two years of history reach back to 令和6年度).
DEMO_NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
DEMO_SEED = 2025
XDIST_GROUP = "demo-city"


class _Open:
    """The open transaction holding the city, and what the build returned."""

    atomic: Any = None
    demo: DemoCity | None = None


def enter() -> DemoCity:
    """Build the city in a transaction left open, unless it is already there."""
    if _Open.demo is None:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with time_machine.travel(DEMO_NOW, tick=False):
                _Open.demo = build_city(seed=DEMO_SEED)
        except BaseException as error:
            atomic.__exit__(type(error), error, error.__traceback__)
            raise
        _Open.atomic = atomic
    return _Open.demo


def is_open() -> bool:
    return _Open.atomic is not None


def leave() -> None:
    """Roll the city back, so that the tests that follow see an empty database."""
    if _Open.atomic is None:
        return
    atomic, _Open.atomic, _Open.demo = _Open.atomic, None, None
    transaction.set_rollback(True)
    atomic.__exit__(None, None, None)


class DemoCityTestCase(TestCase):
    """A TestCase over the whole demo city; `cls.demo` is what its build returned."""

    demo: ClassVar[DemoCity]

    @classmethod
    def setUpClass(cls) -> None:
        cls.demo = enter()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        # TestCase.tearDownClass closes every connection after its rollback, which would end
        # the transaction holding the city; this rolls back the class's own savepoint only.
        cls._rollback_atomics(cls.cls_atomics)
        super(TestCase, cls).tearDownClass()


def in_demo_module(nodeid: str) -> bool:
    """Test modules named test_demo*.py hold the demo-city classes (the root conftest.py)."""
    return nodeid.split("::", 1)[0].rsplit("/", 1)[-1].startswith("test_demo")


def is_demo_item(item: Any) -> bool:
    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, DemoCityTestCase)
