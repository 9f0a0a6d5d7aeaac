from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources.constants import FrequencyBand, ResourceStatus
from sasaeai.resources.models import Contact, Resource, Verification
from sasaeai.resources.tests.factories import LocationFactory, resource_at

FORMSET = {
    "schedules-TOTAL_FORMS": "1",
    "schedules-INITIAL_FORMS": "0",
    "schedules-MIN_NUM_FORMS": "0",
    "schedules-MAX_NUM_FORMS": "10",
}


class ScreenFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        cls.north_town = TownFactory(area=cls.north, latitude=35.7, longitude=139.4)
        cls.south_town = TownFactory(area=cls.south, latitude=35.6, longitude=139.3)
        cls.hall = LocationFactory(
            municipality=cls.city, name="北公民館", town=cls.north_town, area=cls.north
        )
        cls.sc2_north = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)

    def setUp(self) -> None:
        self.client.force_login(self.sc2_north)


class ResourceScreenTests(ScreenFixture):
    def create(self, **extra):  # type: ignore[no-untyped-def]
        data = {
            "name": "いきいき体操", "kind": "kayoi", "status": "active", "is_public": "on",
            "activities": ["exercise"], "locations": [str(self.hall.pk)],
            "schedules-0-pattern": "nth_weekday", "schedules-0-nths": ["2", "4"], "schedules-0-weekdays": ["2"],
            "schedules-0-opens_at": "10:00", "schedules-0-closes_at": "12:00", "schedules-0-closed_on_holidays": "on",
            **FORMSET, **extra,
        }  # fmt: skip
        return self.client.post(reverse("resources:create", kwargs={"lgcode": "132012"}), data)

    def test_a_coordinator_creates_a_resource_with_a_schedule_and_a_venue(self) -> None:
        response = self.create()
        resource = Resource.objects.get()
        self.assertRedirects(
            response, reverse("resources:detail", kwargs={"lgcode": "132012", "pk": resource.pk})
        )
        self.assertEqual(
            resource.frequency_band, FrequencyBand.TWO_OR_THREE_MONTHLY
        )  # 2 × 1 a month
        page = self.client.get(response["Location"])
        self.assertContains(page, "毎月第2・第4水曜日 10:00〜12:00（祝日は休み）")
        self.assertContains(page, "北公民館")

    def test_bad_input_is_named_in_japanese_and_the_typed_values_are_kept(self) -> None:
        response = self.create(**{"name": "", "schedules-0-weekdays": []})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "名称", status_code=400)
        self.assertContains(response, "曜日を1つ以上選んでください。", status_code=400)
        self.assertContains(response, 'name="schedules-0-closes_at" value="12:00"', status_code=400)
        self.assertEqual(Resource.objects.count(), 0)

    def test_the_blank_schedule_as_a_browser_sends_it_is_no_schedule(self) -> None:
        # A browser sends the select's first option (毎週) for the blank schedule and nothing
        # else: the resource is saved with no schedule, not refused for missing weekdays.
        blank = dict.fromkeys(("schedules-0-opens_at", "schedules-0-closes_at"), "")
        response = self.create(
            **{"schedules-0-pattern": "weekly", "schedules-0-nths": [], "schedules-0-weekdays": []},
            **{"schedules-0-closed_on_holidays": ""}, **blank,
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Resource.objects.get().schedules.count(), 0)

    def test_a_post_claiming_a_thousand_schedules_is_refused_with_ten_rows_at_most(self) -> None:
        # A browser never sends more than the page's 10 rows; a hand-made post that says 1,000
        # made the page build and show 1,010 of them (Django's default limit, max_num + 1,000).
        response = self.create(**{"schedules-TOTAL_FORMS": "1000"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "開催予定は10件までです。", status_code=400)
        # Rows 0 to 9, the typed one kept; no 11th row.
        self.assertContains(response, 'name="schedules-9-pattern"', status_code=400)
        self.assertNotContains(response, 'name="schedules-10-pattern"', status_code=400)
        self.assertContains(response, 'name="schedules-0-closes_at" value="12:00"', status_code=400)
        self.assertEqual(Resource.objects.count(), 0)

    def test_a_post_without_the_schedules_counts_names_them_in_japanese(self) -> None:
        response = self.create(**dict.fromkeys(FORMSET, ""))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "開催予定の欄が正しく送られませんでした。ページを開き直して入力してください。",
            status_code=400,
        )
        self.assertEqual(Resource.objects.count(), 0)

    def test_a_likely_duplicate_is_shown_before_anything_is_saved(self) -> None:
        self.create()
        response = self.create(name="いきいき 体操")
        self.assertContains(response, "同じ地域資源が既に登録されているかもしれません。")
        self.assertContains(response, "名称が同じ（表記ゆれを除く）")
        self.assertEqual(Resource.objects.count(), 1)
        self.create(name="いきいき 体操", not_duplicate="1")
        self.assertEqual(Resource.objects.count(), 2)

    def test_a_layer2_coordinator_cannot_edit_a_resource_of_another_area(self) -> None:
        theirs = resource_at(self.south_town)
        url = reverse("resources:edit", kwargs={"lgcode": "132012", "pk": theirs.pk})
        self.assertEqual(self.client.get(url).status_code, 403)
        mine = resource_at(self.north_town)
        self.assertEqual(
            self.client.get(
                reverse("resources:edit", kwargs={"lgcode": "132012", "pk": mine.pk})
            ).status_code,
            200,
        )

    def test_bulk_verification_from_the_list(self) -> None:
        mine = [resource_at(self.north_town) for _ in range(2)]
        url = reverse("resources:bulk", kwargs={"lgcode": "132012"})
        self.client.post(url, {"action": "verify", "method": "visit", "ids": [r.pk for r in mine]})
        self.assertEqual(Verification.objects.filter(verified_by=self.sc2_north).count(), 2)

    def test_bulk_changes_refuse_resources_outside_the_coordinators_areas(self) -> None:
        theirs = resource_at(self.south_town)
        url = reverse("resources:bulk", kwargs={"lgcode": "132012"})
        response = self.client.post(
            url, {"action": "status", "status": "paused", "ids": [theirs.pk]}
        )
        self.assertEqual(response.status_code, 403)
        theirs.refresh_from_db()
        self.assertEqual(theirs.status, ResourceStatus.ACTIVE)


class WorkListTests(ScreenFixture):
    def test_the_check_list_shows_only_stale_resources_in_the_coordinators_areas(self) -> None:
        resource_at(self.north_town, name="北の未確認サロン")
        resource_at(self.south_town, name="南の未確認サロン")
        url = reverse("resources:list", kwargs={"lgcode": "132012"}) + "?check=1&mine=1"
        response = self.client.get(url)
        self.assertContains(response, "北の未確認サロン")
        self.assertNotContains(response, "南の未確認サロン")

    def test_superscript_digits_in_the_address_are_ignored(self) -> None:
        # 「²」 passes str.isdigit() but int() refuses it: the filters are ignored, no 500.
        resource_at(self.north_town, name="北の未確認サロン")
        url = reverse("resources:list", kwargs={"lgcode": "132012"}) + "?town=²&area=²&per=²"
        self.assertContains(self.client.get(url), "北の未確認サロン")


class OrganizationContactSettingsTests(ScreenFixture):
    def test_an_organisation_without_a_reading_gets_one_flagged_for_checking(self) -> None:
        url = reverse("resources:organization_create", kwargs={"lgcode": "132012"})
        response = self.client.post(url, {"name": "桜町自治会", "type": "neighborhood"})
        self.assertRedirects(
            response, reverse("resources:organization_list", kwargs={"lgcode": "132012"})
        )
        listing = self.client.get(response["Location"])
        self.assertContains(listing, "桜町自治会")
        self.assertContains(listing, "ふりがな要確認")
        self.assertContains(listing, "住民・地縁組織")  # 自治会・町内会 → its sector

    def test_a_contact_made_public_without_a_consent_date_is_refused_and_kept(self) -> None:
        resource = resource_at(self.north_town)
        url = reverse("resources:contact_create", kwargs={"lgcode": "132012", "pk": resource.pk})
        response = self.client.post(
            url,
            {"name": "窓口 花子", "role": "contact", "phone": "042-000-1234", "is_public": "on"},
        )
        self.assertContains(
            response, "公開する場合は、本人が公開に同意した日を入力してください。", status_code=400
        )
        self.assertContains(response, 'value="042-000-1234"', status_code=400)
        self.assertFalse(resource.contacts.exists())
        self.client.post(
            url,
            {
                "name": "窓口 花子",
                "role": "contact",
                "phone": "042-000-1234",
                "is_public": "on",
                "public_consent_on": "R7.4.1",
            },
        )
        contact = resource.contacts.get()
        self.assertEqual(str(contact.public_consent_on), "2025-04-01")

    def test_the_municipal_admin_sets_how_long_a_check_stays_valid(self) -> None:
        admin = user_with_role(Role.MUNICIPAL_ADMIN, self.city)
        self.client.force_login(admin)
        url = reverse("resources:settings", kwargs={"lgcode": "132012"})
        self.assertContains(
            self.client.post(url, {"stale_after_months": "0"}),
            "1〜60か月の範囲で入力してください。",
            status_code=400,
        )
        self.client.post(url, {"stale_after_months": "6"})
        self.assertEqual(self.city.registry_settings.stale_after_months, 6)


class ButtonTests(ScreenFixture):
    """The POST-only buttons (core.form_views.ActionView): done or refused, back to their page."""

    def test_deleting_a_contact_goes_back_to_the_resource_and_history_names_who(self) -> None:
        resource = resource_at(self.north_town)
        contact = Contact.objects.create(resource=resource, name="窓口 花子")
        url = reverse(
            "resources:contact_edit",
            kwargs={"lgcode": "132012", "pk": resource.pk, "contact": contact.pk},
        )
        # The button posts the version its page was opened at: a new contact's, 1.
        response = self.client.post(url, {"action": "delete", "version": "1"}, follow=True)
        self.assertRedirects(
            response, reverse("resources:detail", kwargs={"lgcode": "132012", "pk": resource.pk})
        )
        self.assertContains(response, "連絡先「窓口 花子」を削除しました。")
        self.assertFalse(resource.contacts.exists())
        deleted = Contact.history.get(id=contact.pk, history_type="-")
        self.assertEqual(deleted.history_user, self.sc2_north)

    def test_merging_goes_to_the_kept_resource_with_a_message(self) -> None:
        keep = resource_at(self.north_town, name="いきいき体操")
        other = resource_at(self.north_town, name="いきいき 体操")
        url = reverse(
            "resources:merge", kwargs={"lgcode": "132012", "pk": keep.pk, "other": other.pk}
        )
        self.assertContains(self.client.get(url), "2つの登録内容の比較")
        response = self.client.post(url, follow=True)
        self.assertRedirects(
            response, reverse("resources:detail", kwargs={"lgcode": "132012", "pk": keep.pk})
        )
        self.assertContains(
            response, "「いきいき 体操」を「いきいき体操」に統合しました。変更履歴に残っています。"
        )
        self.assertEqual(list(Resource.objects.all()), [keep])

    def test_a_next_address_on_another_site_is_not_followed(self) -> None:
        # A crafted form could carry next=https://evil.example/: the check is recorded and the
        # user stays on this site, on the resource's page.
        resource = resource_at(self.north_town)
        url = reverse("resources:verify", kwargs={"lgcode": "132012", "pk": resource.pk})
        response = self.client.post(url, {"method": "visit", "next": "https://evil.example/"})
        self.assertRedirects(
            response,
            reverse("resources:detail", kwargs={"lgcode": "132012", "pk": resource.pk}),
            fetch_redirect_response=False,
        )
        self.assertEqual(Verification.objects.count(), 1)

    def test_a_check_dated_in_the_future_is_refused_on_the_page_it_came_from(self) -> None:
        resource = resource_at(self.north_town)
        url = reverse("resources:verify", kwargs={"lgcode": "132012", "pk": resource.pk})
        back = reverse("resources:list", kwargs={"lgcode": "132012"}) + "?check=1"
        response = self.client.post(
            url, {"method": "visit", "verified_on": "2999/1/1", "next": back}, follow=True
        )
        self.assertRedirects(response, back)
        self.assertContains(response, "確認日に未来の日付は入力できません。")
        self.assertFalse(Verification.objects.exists())
        response = self.client.post(url, {"method": ""}, follow=True)
        self.assertRedirects(
            response, reverse("resources:detail", kwargs={"lgcode": "132012", "pk": resource.pk})
        )
        self.assertContains(response, "確認方法を選んでください。")
