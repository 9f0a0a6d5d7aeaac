"""Hole 6 of issue #20: つなぎ are scoped by their activity's areas. A layer-2 coordinator of
北部圏域 changes the つなぎ of activities in 北部 (or of their own activities), not those another
coordinator recorded in 南部; layer 1 and the admin change any."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities import services
from sasaeai.activities.constants import ConnectionStatus
from sasaeai.activities.models import Connection, ConnectionStatusChange
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@time_machine.travel(NOW, tick=False)
class ConnectionScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        whole = AreaFactory(municipality=cls.city)
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部圏域")
        cls.sc2_north = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.sc2_south = user_with_role(Role.SC_LAYER2, cls.city, area=cls.south)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.club = OrganizationFactory(municipality=cls.city, name="老人クラブ")
        cls.salon = ResourceFactory(municipality=cls.city, name="ふれあいサロン")
        cls.north_tie = cls.tie(cls.north, recorder=cls.sc1)
        cls.south_tie = cls.tie(cls.south, recorder=cls.sc2_south)

    @classmethod
    def tie(cls, area, recorder) -> Connection:  # type: ignore[no-untyped-def]
        activity = services.activity_record(
            municipality=cls.city, coordinator=recorder, user=recorder,
            values=services.ActivityInput(
                done_on=datetime.date(2026, 11, 1), kind="visit", summary="訪問", areas=[area]
            ),
            connections=[services.ConnectionInput(
                source=services.Actor(organization=cls.club),
                target=services.Actor(resource=cls.salon), purpose="venue",
            )],
        )  # fmt: skip
        return activity.connections.get()

    def post_status(self, user, connection: Connection):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        url = reverse(
            "activities:connection_status", kwargs={"lgcode": "132012", "pk": connection.pk}
        )
        return self.client.post(url, {"status": "realised", "changed_on": "2026-11-20"})

    def status_of(self, connection: Connection) -> str:
        connection.refresh_from_db()
        return connection.status

    def test_a_layer2_coordinator_cannot_change_another_areas_tie(self) -> None:
        response = self.post_status(self.sc2_north, self.south_tie)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.status_of(self.south_tie), ConnectionStatus.PROPOSED)
        self.assertEqual(
            ConnectionStatusChange.objects.filter(connection=self.south_tie).count(), 1
        )

    def test_the_service_refuses_it_on_every_path(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.connection_set_status(
                connection=self.south_tie, status=ConnectionStatus.REALISED,
                on=datetime.date(2026, 11, 20), user=self.sc2_north,
            )  # fmt: skip
        self.assertEqual(self.status_of(self.south_tie), ConnectionStatus.PROPOSED)

    def test_the_list_offers_the_status_form_only_for_their_own_areas_ties(self) -> None:
        self.client.force_login(self.sc2_north)
        page = self.client.get(reverse("activities:connections", kwargs={"lgcode": "132012"}))
        self.assertContains(page, f"/connections/{self.north_tie.pk}/status/")
        self.assertNotContains(page, f"/connections/{self.south_tie.pk}/status/")

    def test_a_tie_of_their_own_area_is_changed(self) -> None:
        # Recorded by layer 1, in 北部: the 北部 coordinator may change it.
        response = self.post_status(self.sc2_north, self.north_tie)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.status_of(self.north_tie), ConnectionStatus.REALISED)

    def test_the_recorder_and_layer1_change_the_tie(self) -> None:
        self.assertEqual(self.post_status(self.sc2_south, self.south_tie).status_code, 302)
        self.assertEqual(self.status_of(self.south_tie), ConnectionStatus.REALISED)
        self.client.force_login(self.sc1)
        url = reverse(
            "activities:connection_status", kwargs={"lgcode": "132012", "pk": self.south_tie.pk}
        )
        response = self.client.post(url, {"status": "ended", "changed_on": "2026-11-25"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.status_of(self.south_tie), ConnectionStatus.ENDED)
