import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import services
from sasaeai.resources.constants import (
    Activity,
    FrequencyBand,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    SchedulePattern,
    SupportType,
    VenueType,
    VerificationMethod,
)
from sasaeai.resources.models import (
    Contact,
    Location,
    Organization,
    Resource,
    Schedule,
    ServiceAtLocation,
    Verification,
)
from sasaeai.resources.scheduling import ScheduleSpec
from sasaeai.resources.services import ResourceInput
from sasaeai.resources.tests.factories import LocationFactory, ResourceFactory
from sasaeai.resources.validators import validate_corporate_number

WEEKLY_TUESDAY = ScheduleSpec(pattern=SchedulePattern.WEEKLY, weekdays=(1,))
MONTHLY_FIRST_WEDNESDAY = ScheduleSpec(
    pattern=SchedulePattern.NTH_WEEKDAY, nths=(1,), weekdays=(2,)
)


class RegistryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        cls.town = TownFactory(area=cls.area, name="中央三丁目", latitude=35.70, longitude=139.40)
        cls.far_town = TownFactory(area=cls.area, name="本町", latitude=35.72, longitude=139.42)
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def save(self, **kwargs):  # type: ignore[no-untyped-def]
        data = ResourceInput(**{"name": "体操教室", "kind": ResourceKind.KAYOI, **kwargs})
        return services.resource_save(municipality=self.city, user=self.user, data=data)


class ResourceSaveTests(RegistryTestCase):
    def test_a_missing_reading_is_filled_from_sudachi_and_flagged_for_checking(self) -> None:
        resource = self.save()
        self.assertEqual((resource.kana, resource.kana_is_guessed), ("たいそうきょうしつ", True))
        # The 50音 key compares ょ as よ first (see utils.text.kana_sort_key).
        self.assertTrue(resource.kana_key.startswith("たいそうきようしつ "))

    def test_a_typed_reading_is_kept_and_not_flagged(self) -> None:
        resource = self.save(kana="たいそうきょうしつ")
        self.assertFalse(resource.kana_is_guessed)

    def test_a_mobility_resource_always_carries_the_outing_support_type(self) -> None:
        resource = self.save(name="おでかけ号", kind=ResourceKind.MOBILITY)
        supports = set(resource.tags.filter(category="support").values_list("value", flat=True))
        self.assertEqual(supports, {SupportType.MOBILITY})

    def test_the_primary_activity_is_also_one_of_the_activities(self) -> None:
        resource = self.save(activities=[Activity.TEA], primary_activity=Activity.EXERCISE)
        activities = set(resource.tags.filter(category="activity").values_list("value", flat=True))
        self.assertEqual(activities, {Activity.TEA, Activity.EXERCISE})
        self.assertEqual(resource.primary_activity, Activity.EXERCISE)

    def test_the_band_is_that_of_the_most_frequent_schedule(self) -> None:
        resource = self.save(schedules=[MONTHLY_FIRST_WEDNESDAY, WEEKLY_TUESDAY])
        self.assertEqual(resource.frequency_band, FrequencyBand.WEEKLY_OR_MORE)
        self.assertEqual(self.save(name="茶話会").frequency_band, FrequencyBand.LESS_OR_IRREGULAR)
        self.assertEqual(Schedule.objects.filter(resource=resource).count(), 2)

    def test_an_invalid_schedule_names_itself_and_nothing_is_written(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.save(schedules=[WEEKLY_TUESDAY, ScheduleSpec(pattern=SchedulePattern.WEEKLY)])
        self.assertEqual(
            caught.exception.message_dict["schedules"], ["開催予定2: 曜日を1つ以上選んでください。"]
        )
        self.assertEqual(Resource.objects.count(), 0)
        self.assertEqual(Schedule.objects.count(), 0)

    def test_a_venue_of_another_municipality_is_refused(self) -> None:
        foreign = LocationFactory(municipality=MunicipalityFactory(code="132021"))
        with self.assertRaises(ValidationError) as caught:
            self.save(locations=[foreign])
        self.assertEqual(
            caught.exception.message_dict["locations"], ["別の市町村の会場は選べません。"]
        )

    def test_saving_again_replaces_tags_schedules_and_venues_and_keeps_history(self) -> None:
        hall = LocationFactory(municipality=self.city)
        resource = self.save(
            activities=[Activity.TEA], schedules=[WEEKLY_TUESDAY], locations=[hall]
        )
        data = ResourceInput(
            name="体操教室",
            kind=ResourceKind.KAYOI,
            activities=[Activity.HOBBY],
            schedules=[MONTHLY_FIRST_WEDNESDAY],
        )
        services.resource_save(municipality=self.city, user=self.user, data=data, resource=resource)
        self.assertEqual(list(resource.tags.values_list("value", flat=True)), [Activity.HOBBY])
        self.assertEqual(
            list(resource.schedules.values_list("pattern", flat=True)),
            [SchedulePattern.NTH_WEEKDAY],
        )
        self.assertFalse(ServiceAtLocation.objects.exists())
        self.assertEqual(
            ServiceAtLocation.history.filter(history_type="-", history_user=self.user).count(), 1
        )
        resource.refresh_from_db()
        self.assertEqual(resource.frequency_band, FrequencyBand.MONTHLY)


class LocationPlacementTests(RegistryTestCase):
    def place(self, **values):  # type: ignore[no-untyped-def]
        return services.location_save(
            municipality=self.city,
            user=self.user,
            name="会場",
            venue_type=VenueType.COMMUNITY_HALL,
            **values,
        )

    def test_typed_coordinates_are_exact_and_give_the_nearest_towns_area(self) -> None:
        location = self.place(latitude=35.7005, longitude=139.4004)
        self.assertEqual(
            (location.town, location.area, location.position_approximate),
            (self.town, self.area, False),
        )

    def test_an_address_alone_uses_its_towns_centroid_marked_approximate(self) -> None:
        location = self.place(town_text="中央3丁目", street="5-2")
        self.assertEqual((location.latitude, location.longitude), (35.70, 139.40))
        self.assertTrue(location.position_approximate)
        self.assertEqual(location.town, self.town)

    def test_without_coordinates_or_a_known_town_the_venue_goes_to_the_fixup_list(self) -> None:
        location = self.place(town_text="存在しない町")
        self.assertIsNone(location.latitude)
        self.assertTrue(location.needs_position)
        self.assertEqual(list(Location.objects.filter(latitude__isnull=True)), [location])


class ContactTests(RegistryTestCase):
    def test_a_public_contact_needs_the_date_of_consent(self) -> None:
        resource = ResourceFactory(municipality=self.city)
        with self.assertRaisesMessage(
            ValidationError, "公開する場合は、本人が公開に同意した日を入力してください。"
        ):
            services.contact_save(user=self.user, resource=resource, name="山田", is_public=True)
        self.assertEqual(Contact.objects.count(), 0)

    def test_a_saved_contact_names_who_saved_it_in_its_history(self) -> None:
        resource = ResourceFactory(municipality=self.city)
        contact = services.contact_save(user=self.user, resource=resource, name="山田")
        self.assertEqual(contact.history.get().history_user, self.user)

    def test_deleting_a_contact_keeps_it_in_history_with_who_deleted_it(self) -> None:
        resource = ResourceFactory(municipality=self.city)
        contact = services.contact_save(user=self.user, resource=resource, name="山田")
        contact_id = contact.pk
        services.contact_delete(contact=contact, user=self.user)
        self.assertFalse(Contact.objects.filter(pk=contact_id).exists())
        deleted = Contact.history.get(id=contact_id, history_type="-")
        self.assertEqual((deleted.name, deleted.history_user), ("山田", self.user))


class RegistrySettingsTests(RegistryTestCase):
    def test_the_check_period_is_saved_with_who_changed_it(self) -> None:
        settings = services.registry_settings_save(
            municipality=self.city, user=self.user, stale_after_months=6
        )
        self.assertEqual(services.registry_settings(self.city).stale_after_months, 6)
        latest = settings.history.order_by("-history_date").first()
        self.assertEqual((latest.stale_after_months, latest.history_user), (6, self.user))

    def test_a_period_outside_one_to_sixty_months_is_refused_naming_the_field(self) -> None:
        for months in (0, 61):
            with self.subTest(months=months), self.assertRaises(ValidationError) as refused:
                services.registry_settings_save(
                    municipality=self.city, user=self.user, stale_after_months=months
                )
            self.assertEqual(
                refused.exception.message_dict,
                {"stale_after_months": ["確認の期限は1〜60か月の範囲で入力してください。"]},
            )
        # The default of 12 months stays (models.RegistrySettings.stale_after_months).
        self.assertEqual(services.registry_settings(self.city).stale_after_months, 12)


class VerificationTests(RegistryTestCase):
    def test_verifying_records_who_when_and_how(self) -> None:
        resource = ResourceFactory(municipality=self.city)
        services.resource_verify(
            resource=resource,
            user=self.user,
            method=VerificationMethod.VISIT,
            on=datetime.date(2025, 6, 1),
        )
        resource.refresh_from_db()
        self.assertEqual(
            (resource.last_verified_on, resource.last_verified_by, resource.last_verified_method),
            (datetime.date(2025, 6, 1), self.user, VerificationMethod.VISIT),
        )
        self.assertEqual(Verification.objects.get().verified_by, self.user)
        self.assertEqual(
            Resource.history.filter(id=resource.pk).order_by("-history_date")[0].history_user,
            self.user,
        )

    def test_an_older_check_entered_later_does_not_replace_a_newer_one(self) -> None:
        resource = ResourceFactory(municipality=self.city)
        services.resource_verify(
            resource=resource,
            user=self.user,
            method=VerificationMethod.PHONE,
            on=datetime.date(2025, 6, 1),
        )
        services.resource_verify(
            resource=resource,
            user=self.user,
            method=VerificationMethod.VISIT,
            on=datetime.date(2025, 1, 1),
        )
        resource.refresh_from_db()
        self.assertEqual(resource.last_verified_on, datetime.date(2025, 6, 1))
        self.assertEqual(Verification.objects.count(), 2)

    def test_a_bulk_status_change_writes_one_history_row_each(self) -> None:
        resources = [ResourceFactory(municipality=self.city) for _ in range(3)]
        services.resources_bulk_set_status(
            resources=resources, user=self.user, status=ResourceStatus.PAUSED
        )
        self.assertEqual(Resource.objects.filter(status=ResourceStatus.PAUSED).count(), 3)
        self.assertEqual(
            Resource.history.filter(status=ResourceStatus.PAUSED, history_user=self.user).count(), 3
        )


class MergeTests(RegistryTestCase):
    def test_merging_moves_every_related_row_and_deletes_the_duplicate_with_history(self) -> None:
        hall, park = (
            LocationFactory(municipality=self.city),
            LocationFactory(municipality=self.city),
        )
        keep = self.save(name="いきいきサロン中央", locations=[hall], schedules=[WEEKLY_TUESDAY])
        dup = self.save(
            name="いきいき サロン 中央", locations=[hall, park], schedules=[MONTHLY_FIRST_WEDNESDAY]
        )
        services.contact_save(user=self.user, resource=dup, name="代表者")
        services.resource_verify(
            resource=dup,
            user=self.user,
            method=VerificationMethod.PHONE,
            on=datetime.date(2025, 9, 1),
        )

        dup_id = dup.pk
        services.resource_merge(keep=keep, duplicate=dup, user=self.user)

        self.assertFalse(Resource.objects.filter(pk=dup_id).exists())
        # hall was linked to both: the duplicate link is dropped, park moves over.
        self.assertEqual(
            set(keep.service_locations.values_list("location_id", flat=True)), {hall.pk, park.pk}
        )
        self.assertEqual(keep.schedules.count(), 2)
        self.assertEqual(list(keep.contacts.values_list("name", flat=True)), ["代表者"])
        self.assertEqual(keep.verifications.count(), 1)
        keep.refresh_from_db()
        self.assertEqual(keep.last_verified_on, datetime.date(2025, 9, 1))
        deleted = Resource.history.filter(id=dup_id, history_type="-").get()
        self.assertEqual(
            deleted.history_change_reason,
            f"「いきいきサロン中央」（ID {keep.pk}）に統合: いきいき サロン 中央",
        )
        self.assertEqual(deleted.history_user, self.user)

    def test_a_resource_cannot_be_merged_into_itself(self) -> None:
        resource = self.save()
        with self.assertRaises(ValidationError):
            services.resource_merge(keep=resource, duplicate=resource, user=self.user)


class CorporateNumberTests(TestCase):
    def test_the_national_tax_agencys_number_passes_and_a_wrong_check_digit_fails(self) -> None:
        # 7000012050002: base 000012050002, from the right 2,0,0,0,5,0,2,1,0,0,0,0 weighted 1,2,1,2…
        # = 2+0+0+0+5+0+2+2 = 11; 11 mod 9 = 2; 9 − 2 = 7 = the first digit.
        validate_corporate_number("7000012050002")
        with self.assertRaisesMessage(ValidationError, "検査用数字"):
            validate_corporate_number("6000012050002")
        with self.assertRaisesMessage(ValidationError, "13桁の数字"):
            validate_corporate_number("700001205000")


class BulkCreateTests(RegistryTestCase):
    def test_many_resources_come_in_at_once_with_tags_schedules_venues_and_history(self) -> None:
        (hall,) = services.locations_bulk_create(
            municipality=self.city, user=self.user,
            locations=[Location(name="中央集会所", venue_type=VenueType.COMMUNITY_HALL, town_text="中央三丁目")],
        )  # fmt: skip
        self.assertEqual(
            (hall.town, hall.area, hall.position_approximate), (self.town, self.area, True)
        )
        items = [
            ResourceInput(
                name="体操クラブ",
                kind=ResourceKind.KAYOI,
                activities=[Activity.EXERCISE],
                schedules=[WEEKLY_TUESDAY],
                locations=[hall],
            ),
            ResourceInput(name="送迎サービス", kind=ResourceKind.MOBILITY, kana="そうげいさーびす"),
        ]
        created = services.resources_bulk_create(
            municipality=self.city, user=self.user, items=items
        )
        self.assertEqual(
            [r.frequency_band for r in created],
            [FrequencyBand.WEEKLY_OR_MORE, FrequencyBand.LESS_OR_IRREGULAR],
        )
        self.assertEqual(created[0].kana, "たいそうくらぶ")  # guessed by Sudachi
        self.assertTrue(created[0].kana_is_guessed)
        self.assertEqual(
            Resource.history.filter(history_user=self.user, history_type="+").count(), 2
        )
        self.assertEqual(Schedule.history.count(), 1)
        self.assertEqual(ServiceAtLocation.objects.get().location, hall)
        mobility = Resource.objects.get(name="送迎サービス")
        self.assertEqual(
            list(mobility.tags.values_list("value", flat=True)), [SupportType.MOBILITY]
        )

    def test_one_bad_item_stops_the_whole_batch(self) -> None:
        items = [
            ResourceInput(name="体操クラブ", kind=ResourceKind.KAYOI),
            ResourceInput(name="", kind=ResourceKind.KAYOI),
        ]
        with self.assertRaises(ValidationError) as caught:
            services.resources_bulk_create(municipality=self.city, user=self.user, items=items)
        self.assertEqual(caught.exception.messages, ["2件目「」: 名称を入力してください。"])
        self.assertEqual(Resource.objects.count(), 0)

    def test_organisations_come_in_at_once_with_guessed_readings_and_history(self) -> None:
        created = services.organizations_bulk_create(
            municipality=self.city, user=self.user,
            organizations=[Organization(name="桜町自治会", type=OrganizationType.NEIGHBORHOOD)],
        )  # fmt: skip
        self.assertEqual(
            (created[0].kana, created[0].kana_is_guessed), ("さくらまちじちかい", True)
        )
        self.assertEqual(Organization.history.filter(history_user=self.user).count(), 1)
