"""Who hears of a resident's request, report or an organiser's proposal: the place's 圏域's
layer-2 coordinators (assigned to the area or to its parent), else the layer-1 coordinators,
else the municipal admins; only assignments valid on the day, only active users.

The city: whole (layer 1) ─ north (layer 2), south (layer 2); on 2026-04-01.
    sc2 north (the one who hears of north), sc2 whole (hears of north and south: its parent),
    an sc2 of north whose assignment ended 2026-03-31, an inactive sc2 of north,
    sc1 (no area), admin.
    north → [sc2 north, sc2 whole]; south → [sc2 whole] (nobody assigned to south itself);
    no area → [sc1]; without any sc1 → [admin].
"""

import datetime

from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.residents.recipients import area_of, coordinators_for
from sasaeai.resources.models import ServiceAtLocation
from sasaeai.resources.tests.factories import LocationFactory, ResourceFactory, resource_at

DAY = datetime.date(2026, 4, 1)


class CoordinatorsForTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.whole = AreaFactory(municipality=cls.city, name="全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="北部")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="南部")
        cls.sc2_north = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.sc2_whole = user_with_role(Role.SC_LAYER2, cls.city, area=cls.whole)
        user_with_role(
            Role.SC_LAYER2, cls.city, area=cls.north, valid_to=datetime.date(2026, 3, 31)
        )
        gone = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        gone.is_active = False
        gone.save()
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        # Another municipality's coordinators never hear of this one's places.
        other = MunicipalityFactory(code="132021")
        user_with_role(Role.SC_LAYER1, other)

    def test_the_areas_layer2_coordinators_and_those_of_its_parent_hear(self) -> None:
        self.assertEqual(
            coordinators_for(self.city, self.north, DAY), [self.sc2_north, self.sc2_whole]
        )

    def test_an_area_with_nobody_of_its_own_reaches_the_parents_coordinator(self) -> None:
        self.assertEqual(coordinators_for(self.city, self.south, DAY), [self.sc2_whole])

    def test_no_area_goes_to_the_layer1_coordinators(self) -> None:
        self.assertEqual(coordinators_for(self.city, None, DAY), [self.sc1])

    def test_without_layer2_coordinators_the_layer1_ones_hear(self) -> None:
        # A second layer-1 area (a ward) with a layer-2 area under it, no sc2 on either.
        ward = AreaFactory(municipality=self.city, name="東区")
        lone = Layer2AreaFactory(municipality=self.city, parent=ward, name="東部")
        self.assertEqual(coordinators_for(self.city, lone, DAY), [self.sc1])

    def test_without_any_coordinator_the_municipal_admins_hear(self) -> None:
        # The sc1's assignment ends the day before: nobody coordinates on DAY.
        self.sc1.role_assignments.update(valid_to=datetime.date(2026, 3, 31))
        self.assertEqual(coordinators_for(self.city, None, DAY), [self.admin])


class AreaOfTests(TestCase):
    def test_the_first_venues_town_gives_the_area(self) -> None:
        north = TownFactory(name="北町")
        south = TownFactory(municipality=north.municipality, name="南町")
        resource = resource_at(north)
        second = LocationFactory(municipality=north.municipality, town=south, area=south.area)
        ServiceAtLocation.objects.create(resource=resource, location=second)
        self.assertEqual(area_of(resource), north.area)

    def test_a_venue_placed_by_hand_without_a_town_gives_its_own_area(self) -> None:
        area = Layer2AreaFactory()
        resource = ResourceFactory(municipality=area.municipality)
        venue = LocationFactory(municipality=area.municipality, area=area)
        ServiceAtLocation.objects.create(resource=resource, location=venue)
        self.assertEqual(area_of(resource), area)

    def test_no_venue_no_area(self) -> None:
        self.assertIsNone(area_of(ResourceFactory()))
