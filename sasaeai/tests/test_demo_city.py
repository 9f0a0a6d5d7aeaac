"""The shared demo city of the suite: built once per process, untouched by each class's writes."""

from django.test import SimpleTestCase

from sasaeai.areas.demo import DEMO_CODE
from sasaeai.areas.models import Municipality
from sasaeai.tests import demo_city
from sasaeai.tests.demo_city import DemoCityTestCase

# The build each demo class of this module was given (one object if built once).
builds: list[int] = []


class FirstDemoClassTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        builds.append(id(cls.demo))
        Municipality.objects.create(code="131016", name="千代田区", kind="ordinary")

    def test_it_sees_the_city_and_its_own_rows(self) -> None:
        self.assertEqual(
            sorted(Municipality.objects.values_list("code", flat=True)), ["131016", DEMO_CODE]
        )


class SecondDemoClassTests(DemoCityTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        builds.append(id(cls.demo))

    def test_the_city_was_built_once_and_the_other_classs_rows_are_gone(self) -> None:
        self.assertEqual(len(set(builds)), 1)
        self.assertEqual(list(Municipality.objects.values_list("code", flat=True)), [DEMO_CODE])
        self.assertTrue(demo_city.is_open())


class DemoModuleTests(SimpleTestCase):
    def test_demo_modules_are_known_by_their_name(self) -> None:
        self.assertTrue(demo_city.in_demo_module("sasaeai/areas/tests/test_demo.py::A::test_x"))
        self.assertTrue(demo_city.in_demo_module("sasaeai/r/tests/test_demo_flat.py::A::t[1]"))
        self.assertFalse(demo_city.in_demo_module("sasaeai/areas/tests/test_master.py::A::t"))
        # A test named like a demo module in another file is not one.
        self.assertFalse(demo_city.in_demo_module("sasaeai/a/tests/test_x.py::test_demo_y"))
