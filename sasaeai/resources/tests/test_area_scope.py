"""Hole 6 of issue #20: a layer-2 coordinator writes only inside their 圏域. Edit rights are
checked on the *target* areas in the services (every path: screens, imports, an API later), and
the forms offer only choices inside the user's areas.

北部圏域 (the coordinator's) and 南部圏域 (another's); 北公民館 and 北集会所 in 北部, 南公民館
in 南部; a salon meeting at 北公民館 and one meeting at 南公民館."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import services
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.models import Location, Organization, Resource, ServiceAtLocation
from sasaeai.resources.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ResourceFactory,
)

CODE = "132012"
NO_SCHEDULES = {
    "schedules-TOTAL_FORMS": "0",
    "schedules-INITIAL_FORMS": "0",
    "schedules-MIN_NUM_FORMS": "0",
    "schedules-MAX_NUM_FORMS": "10",
}


class AreaScopeFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code=CODE)
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域", kana="ほくぶ")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", kana="なんぶ", parent=cls.north.parent
        )
        cls.north_town = TownFactory(area=cls.north, latitude=35.70, longitude=139.40)
        cls.south_town = TownFactory(area=cls.south, latitude=35.60, longitude=139.30)
        cls.north_hall = cls.hall("北公民館", cls.north_town)
        cls.north_room = cls.hall("北集会所", cls.north_town)
        cls.south_hall = cls.hall("南公民館", cls.south_town)
        cls.north_salon = cls.salon("北サロン", cls.north_hall)
        cls.south_salon = cls.salon("南サロン", cls.south_hall)
        cls.sc2_north = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)

    @classmethod
    def hall(cls, name: str, town):  # type: ignore[no-untyped-def]
        return LocationFactory(
            municipality=cls.city,
            name=name,
            town=town,
            area=town.area,
            latitude=town.latitude,
            longitude=town.longitude,
        )

    @classmethod
    def salon(cls, name: str, hall):  # type: ignore[no-untyped-def]
        resource = ResourceFactory(municipality=cls.city, name=name)
        ServiceAtLocation.objects.create(resource=resource, location=hall)
        return resource

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"resources:{name}", kwargs={"lgcode": CODE, **kwargs})

    def venues_of(self, resource: Resource) -> list[str]:
        return sorted(link.location.name for link in resource.service_locations.all())

    def post_resource(self, user, resource: Resource | None, hall: Location):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        data = {
            "name": resource.name if resource else "新しいサロン",
            "kind": "kayoi",
            "status": "active",
            "locations": [str(hall.pk)],
            "not_duplicate": "1",
            **NO_SCHEDULES,
        }
        if resource is None:
            return self.client.post(self.url("create"), data)
        # The edit form's hidden version, as the page opened now holds it (issue #21).
        data["version"] = str(Resource.objects.get(pk=resource.pk).version)
        return self.client.post(self.url("edit", pk=resource.pk), data)


class ResourceVenueScopeTests(AreaScopeFixture):
    def test_a_layer2_coordinator_cannot_move_their_resource_to_another_areas_venue(self) -> None:
        response = self.post_resource(self.sc2_north, self.north_salon, self.south_hall)
        # The form does not even offer 南公民館; nothing is written.
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.venues_of(self.north_salon), ["北公民館"])
        page = self.client.get(self.url("edit", pk=self.north_salon.pk))
        self.assertContains(page, "北集会所")
        self.assertNotContains(page, "南公民館")

    def test_the_service_refuses_the_move_naming_the_venue_field(self) -> None:
        # The same refusal on every path (an import, an API): the service checks the target.
        data = services.input_of(self.north_salon)
        data.locations = [self.south_hall]
        with self.assertRaises(ValidationError) as caught:
            services.resource_save(
                municipality=self.city, user=self.sc2_north, data=data, resource=self.north_salon
            )
        self.assertEqual(
            caught.exception.message_dict,
            {"locations": ["担当していない圏域（南部圏域）の会場は選べません。"]},
        )
        self.assertEqual(self.venues_of(self.north_salon), ["北公民館"])

    def test_a_layer2_coordinator_cannot_create_a_resource_in_another_area(self) -> None:
        response = self.post_resource(self.sc2_north, None, self.south_hall)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Resource.objects.filter(name="新しいサロン").exists())
        data = services.ResourceInput(
            name="新しいサロン", kind=ResourceKind.KAYOI, locations=[self.south_hall]
        )
        with self.assertRaises(ValidationError):
            services.resource_save(municipality=self.city, user=self.sc2_north, data=data)
        self.assertFalse(Resource.objects.filter(name="新しいサロン").exists())

    def test_an_import_cannot_put_a_resource_in_another_area_either(self) -> None:
        item = services.ResourceInput(
            name="新しいサロン", kind=ResourceKind.KAYOI, locations=[self.south_hall]
        )
        with self.assertRaisesMessage(
            ValidationError,
            "1件目「新しいサロン」: 担当していない圏域（南部圏域）の会場は選べません。",
        ):
            services.resources_bulk_create(
                municipality=self.city, user=self.sc2_north, items=[item]
            )
        self.assertFalse(Resource.objects.filter(name="新しいサロン").exists())

    def test_a_layer2_coordinator_cannot_edit_another_areas_resource_through_the_service(
        self,
    ) -> None:
        data = services.input_of(self.south_salon)
        data.name = "書き換え"
        with self.assertRaises(PermissionDenied):
            services.resource_save(
                municipality=self.city, user=self.sc2_north, data=data, resource=self.south_salon
            )
        self.south_salon.refresh_from_db()
        self.assertEqual(self.south_salon.name, "南サロン")

    def test_inside_their_own_area_the_layer2_coordinator_moves_and_creates(self) -> None:
        response = self.post_resource(self.sc2_north, self.north_salon, self.north_room)
        self.assertRedirects(response, self.url("detail", pk=self.north_salon.pk))
        self.assertEqual(self.venues_of(self.north_salon), ["北集会所"])
        response = self.post_resource(self.sc2_north, None, self.north_hall)
        created = Resource.objects.get(name="新しいサロン")
        self.assertRedirects(response, self.url("detail", pk=created.pk))

    def test_a_resource_meeting_in_two_areas_keeps_its_other_venue(self) -> None:
        ServiceAtLocation.objects.create(resource=self.north_salon, location=self.south_hall)
        data = services.input_of(self.north_salon)
        data.name = "北サロン（改）"
        services.resource_save(
            municipality=self.city, user=self.sc2_north, data=data, resource=self.north_salon
        )
        self.assertEqual(self.venues_of(self.north_salon), ["北公民館", "南公民館"])

    def test_layer1_and_the_admin_move_resources_across_areas(self) -> None:
        response = self.post_resource(self.sc1, self.north_salon, self.south_hall)
        self.assertRedirects(response, self.url("detail", pk=self.north_salon.pk))
        self.assertEqual(self.venues_of(self.north_salon), ["南公民館"])
        response = self.post_resource(self.admin, self.south_salon, self.north_hall)
        self.assertRedirects(response, self.url("detail", pk=self.south_salon.pk))
        self.assertEqual(self.venues_of(self.south_salon), ["北公民館"])


class VenueScopeTests(AreaScopeFixture):
    def post_venue(self, user, **values: object):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        data = {"name": "新しい会場", "venue_type": "community_hall", **values}
        return self.client.post(self.url("location_create"), data)

    def test_a_layer2_coordinator_cannot_put_a_venue_in_another_area(self) -> None:
        # A pin at 南部's town centre (35.60, 139.30): placed in 南部圏域, refused on 緯度.
        response = self.post_venue(self.sc2_north, latitude="35.60", longitude="139.30")
        self.assertContains(
            response,
            "緯度: 担当していない圏域（南部圏域）には会場を置けません。",
            status_code=400,
        )
        self.assertFalse(Location.objects.filter(name="新しい会場").exists())

    def test_the_town_choice_offers_only_their_own_areas_towns(self) -> None:
        response = self.post_venue(self.sc2_north, town=str(self.south_town.pk))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Location.objects.filter(name="新しい会場").exists())
        page = self.client.get(self.url("location_create"))
        self.assertContains(page, f'<option value="{self.north_town.pk}"')
        self.assertNotContains(page, f'<option value="{self.south_town.pk}"')

    def test_moving_their_own_venue_into_another_area_is_refused(self) -> None:
        self.client.force_login(self.sc2_north)
        response = self.client.post(
            self.url("location_edit", pk=self.north_room.pk),
            {"name": "北集会所", "venue_type": "community_hall", "latitude": "35.60",
             "longitude": "139.30", "version": str(self.north_room.version)},
        )  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.north_room.refresh_from_db()
        self.assertEqual(self.north_room.area, self.north)

    def test_inside_their_own_area_the_layer2_coordinator_creates_a_venue(self) -> None:
        response = self.post_venue(self.sc2_north, latitude="35.70", longitude="139.40")
        self.assertRedirects(response, self.url("location_list"), fetch_redirect_response=False)
        self.assertEqual(Location.objects.get(name="新しい会場").area, self.north)

    def test_layer1_creates_a_venue_in_any_area(self) -> None:
        response = self.post_venue(self.sc1, latitude="35.60", longitude="139.30")
        self.assertRedirects(response, self.url("location_list"), fetch_redirect_response=False)
        self.assertEqual(Location.objects.get(name="新しい会場").area, self.south)


class OrganizationScopeTests(AreaScopeFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # 南の会 runs the salon at 南公民館 (so it is 南部's); 北の会 is marked active in 北部;
        # 新しい会 has no area yet.
        cls.south_org = OrganizationFactory(municipality=cls.city, name="南の会")
        Resource.objects.filter(pk=cls.south_salon.pk).update(organization=cls.south_org)
        cls.north_org = OrganizationFactory(municipality=cls.city, name="北の会")
        cls.north_org.areas.set([cls.north])
        cls.new_org = OrganizationFactory(municipality=cls.city, name="新しい会")

    def post_org(self, user, org: Organization, **values: object):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        version = Organization.objects.get(pk=org.pk).version  # the edit form's hidden field
        data = {"name": org.name, "kana": org.kana, "type": org.type, "version": version, **values}
        return self.client.post(self.url("organization_edit", pk=org.pk), data)

    def test_an_organisation_of_another_area_is_refused_with_403(self) -> None:
        self.client.force_login(self.sc2_north)
        self.assertEqual(
            self.client.get(self.url("organization_edit", pk=self.south_org.pk)).status_code, 403
        )
        response = self.post_org(self.sc2_north, self.south_org, name="書き換え")
        self.assertEqual(response.status_code, 403)
        self.south_org.refresh_from_db()
        self.assertEqual(self.south_org.name, "南の会")
        # The list links only the organisations the user may edit.
        listing = self.client.get(self.url("organization_list"))
        self.assertContains(listing, self.url("organization_edit", pk=self.north_org.pk))
        self.assertNotContains(listing, self.url("organization_edit", pk=self.south_org.pk))

    def test_an_organisation_marked_in_another_area_is_refused_by_the_service(self) -> None:
        marked = OrganizationFactory(municipality=self.city, name="南部の自治会")
        marked.areas.set([self.south])
        with self.assertRaises(PermissionDenied):
            services.organization_save(
                municipality=self.city, user=self.sc2_north, organization=marked, name="X"
            )

    def test_another_area_cannot_be_added_to_an_organisation(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.organization_save(
                municipality=self.city, user=self.sc2_north, organization=self.new_org,
                areas=[self.north, self.south],
            )  # fmt: skip
        self.assertEqual(
            caught.exception.message_dict,
            {"areas": ["担当していない圏域（南部圏域）は選んだり外したりできません。"]},
        )
        self.assertEqual(list(self.new_org.areas.all()), [])

    def test_their_own_and_unplaced_organisations_are_edited_and_other_areas_kept(self) -> None:
        self.north_org.areas.add(self.south)
        response = self.post_org(self.sc2_north, self.north_org, areas=[str(self.north.pk)])
        self.assertRedirects(response, self.url("organization_list"), fetch_redirect_response=False)
        # 南部圏域 is not offered to them, and not taken away by their save.
        self.assertEqual(
            sorted(a.name for a in self.north_org.areas.all()), ["北部圏域", "南部圏域"]
        )
        response = self.post_org(self.sc2_north, self.new_org, description="月1回の集まり")
        self.assertRedirects(response, self.url("organization_list"), fetch_redirect_response=False)

    def test_layer1_edits_an_organisation_of_any_area(self) -> None:
        response = self.post_org(self.sc1, self.south_org, name="南の会（改）")
        self.assertRedirects(response, self.url("organization_list"), fetch_redirect_response=False)
        self.south_org.refresh_from_db()
        self.assertEqual(self.south_org.name, "南の会（改）")


class EditScopeTests(AreaScopeFixture):
    def test_each_role_edits_where_has_perm_says(self) -> None:
        from sasaeai.accounts.permissions import edit_scope

        self.assertEqual(edit_scope(self.sc2_north, self.city), {self.north.pk})
        self.assertIsNone(edit_scope(self.sc1, self.city))
        self.assertIsNone(edit_scope(self.admin, self.city))
        self.assertEqual(edit_scope(user_with_role(Role.VIEWER, self.city), self.city), set())
        # A layer-2 coordinator placed on the layer-1 area edits it and the areas under it.
        whole = user_with_role(Role.SC_LAYER2, self.city, area=self.north.parent)
        self.assertEqual(
            edit_scope(whole, self.city), {self.north.parent_id, self.north.pk, self.south.pk}
        )
