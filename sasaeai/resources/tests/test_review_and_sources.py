"""What imports fill in (issue #22), on the coordinator's screens: a resource's page shows its
ホームページ, the venue's and the organisation's 代表電話 with their source, the ids source files
gave it (出典の識別子) and the 要確認 an import left, with a button that clears it (version-checked,
recorded in the history); the list filters the flagged ones; the forms take url and 代表電話 and
refuse a number for a private home or a 住民個人 on the field itself."""

from __future__ import annotations

import re

import time_machine
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.tests.edit_conflicts import SAVED_AT, SAVED_AT_WAREKI, BeforeTheSave
from sasaeai.resources import services
from sasaeai.resources.constants import OrganizationType, ResourceKind, VenueType
from sasaeai.resources.forms import LocationForm, OrganizationForm
from sasaeai.resources.models import Resource, SourceId
from sasaeai.resources.services import ResourceInput, input_of

CODE = "132012"
REASON = "開所日「月火水木金（祝日を除く）」を読み取れませんでした（列「availableDate」、3行目）。"
# The model constraint's message (models.PERSON_HAS_NO_PUBLIC_PHONE), written out.
NO_PERSONAL_PHONE = (
    "住民個人の運営主体と個人宅の会場には代表電話を載せられません"
    "（連絡先として、本人の同意を得て登録してください）。"
)
HIDDEN_VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)"')


def dd_after(html: str, term: str) -> str:
    """The <dd> after <dt>term</dt>, its whitespace runs made one space (one per page)."""
    found = re.findall(rf"<dt>{re.escape(term)}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert len(found) == 1, (term, found)
    return " ".join(found[0].split())


class StaffFixture(BeforeTheSave, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code=CODE)
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.south = Layer2AreaFactory(
            municipality=cls.city, name="南部圏域", parent=cls.north.parent
        )
        TownFactory(area=cls.north, name="桜町", latitude=35.7, longitude=139.4)
        cls.sato = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="佐藤 花子")
        cls.suzuki = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="鈴木 太郎")
        cls.south_sc = user_with_role(Role.SC_LAYER2, cls.city, area=cls.south)
        cls.hall = services.location_save(
            municipality=cls.city, user=cls.sato, name="桜町集会所",
            venue_type=VenueType.COMMUNITY_HALL, area=cls.north, phone="042-111-2222",
            phone_source="施設のホームページ",
        )  # fmt: skip
        care = services.organization_save(
            municipality=cls.city, user=cls.sato, name="社会福祉法人さくら会", kana="さくらかい",
            type=OrganizationType.CARE_PROVIDER, phone="042-333-4444",
            phone_source="介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）",
        )  # fmt: skip
        cls.day = services.resource_save(municipality=cls.city, user=cls.sato, data=ResourceInput(
            name="さくら会デイサービス", kana="さくらかいでいさーびす", kind=ResourceKind.OTHER,
            organization=care, locations=[cls.hall],
            fields={"url": "https://sakura.example.jp/day/", "review_reason": REASON},
        ))  # fmt: skip
        SourceId.objects.create(
            municipality=cls.city, resource=cls.day, source="事業所番号", value="1370000001",
            origin="kaigo.csv",
        )  # fmt: skip
        cls.plain = services.resource_save(municipality=cls.city, user=cls.sato, data=ResourceInput(
            name="桜町サロン", kana="さくらまちさろん", kind=ResourceKind.KAYOI,
            locations=[cls.hall],
        ))  # fmt: skip

    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.sato)

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"resources:{name}", kwargs={"lgcode": CODE, **kwargs})

    def detail(self, resource: Resource) -> str:
        response = self.client.get(self.url("detail", pk=resource.pk))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()


class DetailPageTests(StaffFixture):
    def test_the_source_ids_homepage_and_phones_are_shown(self) -> None:
        html = self.detail(self.day)
        self.assertEqual(dd_after(html, "出典の識別子"), "事業所番号 1370000001（kaigo.csv）")
        self.assertEqual(
            dd_after(html, "ホームページ"),
            '<a href="https://sakura.example.jp/day/" rel="noopener">'
            "https://sakura.example.jp/day/</a>",
        )
        self.assertEqual(
            dd_after(html, "運営主体"),
            "社会福祉法人さくら会（介護関係施設・事業所）<br>代表電話: 042-333-4444 "
            "<small>（出典: 介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込））</small>",
        )
        self.assertIn(
            "<br>代表電話: 042-111-2222 <small>（出典: 施設のホームページ）</small>",
            " ".join(html.split()),
        )

    def test_the_review_box_shows_the_reason_and_the_button(self) -> None:
        html = self.detail(self.day)
        self.assertIn(f"<p>{REASON}</p>", html)
        self.assertIn("確認しました（要確認を外す）", html)
        plain = self.detail(self.plain)
        self.assertNotIn("確認しました（要確認を外す）", plain)
        self.assertNotIn("出典の識別子", plain)


class ReviewClearTests(StaffFixture):
    def test_the_button_clears_the_reason_and_the_history_says_so(self) -> None:
        opened = HIDDEN_VERSION.findall(self.detail(self.day))
        self.assertEqual(len(opened), 1)
        response = self.client.post(
            self.url("review_clear", pk=self.day.pk), {"version": opened[0]}
        )
        self.assertRedirects(response, self.url("detail", pk=self.day.pk))
        self.day.refresh_from_db()
        self.assertEqual(self.day.review_reason, "")
        last = self.day.history.order_by("-history_id").first()
        self.assertEqual(
            (last.history_user, last.history_change_reason, last.review_reason),
            (self.sato, "要確認を外しました", ""),
        )
        # The reason read is kept in the row before.
        self.assertEqual(last.prev_record.review_reason, REASON)
        self.assertNotIn("確認しました（要確認を外す）", self.detail(self.day))

    def test_a_button_on_a_page_opened_before_a_save_is_refused(self) -> None:
        # 鈴木 opens the page; 佐藤 then saves the resource (a re-import could have written a
        # new reason): 鈴木's click must not clear what 鈴木 has not read.
        opened = HIDDEN_VERSION.findall(self.detail(self.day))[0]
        with time_machine.travel(SAVED_AT, tick=False):
            services.resource_save(
                municipality=self.city, user=self.sato, resource=self.day,
                data=input_of(self.day), expected_version=int(opened),
            )  # fmt: skip
        self.client.force_login(self.suzuki)
        response = self.client.post(self.url("review_clear", pk=self.day.pk), {"version": opened})
        self.assertRedirects(
            response, self.url("detail", pk=self.day.pk), fetch_redirect_response=False
        )
        self.assertEqual(
            [str(m) for m in get_messages(response.wsgi_request)],
            [
                "この地域資源は、あなたが画面を開いた後に佐藤 花子さんが保存しました"
                f"（{SAVED_AT_WAREKI}）。保存しませんでした。最新の内容を確かめてから、"
                "もう一度操作してください。"
            ],
        )
        self.day.refresh_from_db()
        self.assertEqual(self.day.review_reason, REASON)

    def test_a_post_without_its_version_is_refused(self) -> None:
        self.client.post(self.url("review_clear", pk=self.day.pk))
        self.day.refresh_from_db()
        self.assertEqual(self.day.review_reason, REASON)

    def test_a_coordinator_of_another_area_may_not_clear_it(self) -> None:
        self.client.force_login(self.south_sc)
        version = str(Resource.objects.get(pk=self.day.pk).version)
        response = self.client.post(self.url("review_clear", pk=self.day.pk), {"version": version})
        self.assertEqual(response.status_code, 403)
        self.day.refresh_from_db()
        self.assertEqual(self.day.review_reason, REASON)


class ListFilterTests(StaffFixture):
    def test_the_list_filters_the_resources_an_import_left_to_check(self) -> None:
        response = self.client.get(self.url("list"), {"review": "1"})
        self.assertEqual(
            [r.name for r in response.context["page"].object_list], ["さくら会デイサービス"]
        )
        everything = self.client.get(self.url("list"))
        self.assertEqual(
            [r.name for r in everything.context["page"].object_list],
            ["さくら会デイサービス", "桜町サロン"],
        )


class FormTests(StaffFixture):
    def test_a_private_homes_phone_is_refused_on_the_field(self) -> None:
        form = LocationForm(
            {"name": "山田さん宅", "venue_type": VenueType.PRIVATE_HOME, "phone": "090-1111-2222"},
            municipality=self.city,
        )
        self.assertEqual(form.errors.get("phone"), [NO_PERSONAL_PHONE])
        self.assertEqual(form.non_field_errors(), [])

    def test_a_residents_phone_is_refused_on_the_field(self) -> None:
        form = OrganizationForm(
            {"name": "鈴木 一郎", "type": OrganizationType.RESIDENT, "phone": "090-3333-4444"},
            municipality=self.city,
        )
        self.assertEqual(form.errors.get("phone"), [NO_PERSONAL_PHONE])
        self.assertEqual(form.non_field_errors(), [])

    def test_the_venue_page_saves_a_phone_and_refuses_one_for_a_home(self) -> None:
        page = self.url("location_edit", pk=self.hall.pk)
        version = HIDDEN_VERSION.findall(self.client.get(page).content.decode())[0]
        data = {
            "name": "桜町集会所", "venue_type": VenueType.COMMUNITY_HALL, "phone": "042-111-9999",
            "phone_source": "市の施設一覧", "version": version,
        }  # fmt: skip
        self.assertEqual(self.client.post(page, data).status_code, 302)
        self.hall.refresh_from_db()
        self.assertEqual(
            (self.hall.phone, self.hall.phone_source), ("042-111-9999", "市の施設一覧")
        )
        refused = self.client.post(
            page, {**data, "venue_type": VenueType.PRIVATE_HOME, "version": str(self.hall.version)}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn(f"代表電話: {NO_PERSONAL_PHONE}", refused.content.decode())

    def test_the_resource_form_takes_a_web_address_only(self) -> None:
        page = self.url("edit", pk=self.plain.pk)
        version = HIDDEN_VERSION.findall(self.client.get(page).content.decode())[0]
        data = {
            "name": "桜町サロン", "kana": "さくらまちさろん", "kind": ResourceKind.KAYOI,
            "status": "active", "is_public": "on", "locations": [self.hall.pk],
            "registration_required": "unknown", "pickup": "unknown", "barrier_free": "unknown",
            "schedules-TOTAL_FORMS": "0", "schedules-INITIAL_FORMS": "0", "version": version,
            "url": "ftp://sakura.example.jp/",
        }  # fmt: skip
        refused = self.client.post(page, data)
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(
            refused.context["form"].errors["url"],
            ["ホームページは http:// か https:// で始まるアドレスを入力してください。"],
        )
        saved = self.client.post(page, {**data, "url": "https://sakura.example.jp/salon/"})
        self.assertEqual(saved.status_code, 302)
        self.plain.refresh_from_db()
        self.assertEqual(self.plain.url, "https://sakura.example.jp/salon/")
