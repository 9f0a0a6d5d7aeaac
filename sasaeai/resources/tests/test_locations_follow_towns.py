"""A town moved to another 日常生活圏域 on screen takes the venues it placed with it, so the
registry's 圏域 filter and the residents' area pages follow the new boundaries."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.services import area_towns_set, layer2_area_retire
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import selectors
from sasaeai.resources.models import Location
from sasaeai.resources.tests.factories import LocationFactory, resource_at

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@time_machine.travel(NOW, tick=False)
class LocationsFollowTownsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        cls.akasaka = TownFactory(area=cls.north, name="赤坂町")
        cls.ueno = TownFactory(area=cls.north, name="上野町")
        cls.salon = resource_at(cls.akasaka, name="赤坂サロン")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def listed(self, area) -> list[str]:  # type: ignore[no-untyped-def]
        rows = selectors.resource_list(self.city, selectors.ResourceFilters(areas=(area,)))
        return [row["name"] for row in rows]

    def area_of(self, resource) -> int | None:  # type: ignore[no-untyped-def]
        return resource.service_locations.get().location.area_id

    def test_assigning_a_town_moves_its_venues_with_history(self) -> None:
        area_towns_set(area=self.south, towns=[self.akasaka], user=self.user)
        self.assertEqual(self.area_of(self.salon), self.south.pk)
        location = self.salon.service_locations.get().location
        self.assertEqual(location.history.first().history_user, self.user)
        # The registry's 圏域 filter now finds it in 南部, not in 北部.
        self.assertEqual(self.listed(self.south), ["赤坂サロン"])
        self.assertEqual(self.listed(self.north), [])

    def test_a_venue_given_another_area_by_hand_keeps_it(self) -> None:
        east = Layer2AreaFactory(municipality=self.city, name="東部圏域", parent=self.north.parent)
        hand = LocationFactory(municipality=self.city, town=self.akasaka, area=east)
        area_towns_set(area=self.south, towns=[self.akasaka], user=self.user)
        hand.refresh_from_db()
        self.assertEqual(hand.area_id, east.pk)

    def test_retiring_an_area_moves_the_venues_of_all_its_towns(self) -> None:
        hall = resource_at(self.ueno, name="上野体操")
        layer2_area_retire(
            area=self.north, retire_on=datetime.date(2026, 11, 1), successor=self.south,
            user=self.user,
        )  # fmt: skip
        self.assertEqual((self.area_of(self.salon), self.area_of(hall)), (self.south.pk,) * 2)
        # Two venues in all: none is left in the retired area.
        self.assertEqual(Location.objects.filter(area=self.north).count(), 0)
