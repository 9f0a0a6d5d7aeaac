"""生活支援コーディネーターの連絡先 (issue #26, point 1): what residents may see of an area's desks
(the selector) and how a desk is written (the services)."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.areas.models import CoordinatorDesk
from sasaeai.areas.selectors import PublicDesk, public_desks, public_desks_of
from sasaeai.areas.services import desk_delete, desk_save
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core import retention
from sasaeai.core.versioning import EditConflictError

# 令和8年12月5日: consent dates up to this day are in the past or today.
TODAY = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
CONSENT = datetime.date(2026, 4, 1)


def public_desk(area, organization: str, phone: str = "042-000-9001", **values) -> CoordinatorDesk:  # type: ignore[no-untyped-def]
    return desk_save(
        area=area, user=None, organization=organization, phone=phone, is_public=True,
        public_consent_on=CONSENT, **values,
    )  # fmt: skip


@time_machine.travel(TODAY, tick=False)
class PublicDeskTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.north = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.layer1 = cls.north.parent
        cls.south = Layer2AreaFactory(municipality=cls.city, name="南部圏域", parent=cls.layer1)

    def test_only_public_desks_are_read_and_a_private_one_never(self) -> None:
        public_desk(
            self.north, "北部地域包括支援センター", person_name="佐藤", email="kita@example.jp",
            hours="平日 9時〜17時",
        )  # fmt: skip
        desk_save(area=self.north, user=None, organization="非公開の窓口", phone="090-0000-1111")
        self.assertEqual(
            public_desks(self.city, [self.north.pk]),
            {
                self.north.pk: (
                    PublicDesk(
                        "北部地域包括支援センター",
                        "佐藤",
                        "042-000-9001",
                        "kita@example.jp",
                        "平日 9時〜17時",
                    ),
                )
            },
        )

    def test_an_area_without_a_public_desk_falls_back_to_its_layer1_area(self) -> None:
        public_desk(self.layer1, "市社会福祉協議会", phone="042-000-9000")
        public_desk(self.north, "北部地域包括支援センター")
        # A private desk of its own does not stop the fallback: residents cannot see it.
        desk_save(area=self.south, user=None, organization="南部の非公開の窓口")
        desks = public_desks(self.city, [self.north.pk, self.south.pk])
        self.assertEqual(
            [d.organization for d in desks[self.north.pk]], ["北部地域包括支援センター"]
        )
        self.assertEqual([d.organization for d in desks[self.south.pk]], ["市社会福祉協議会"])

    def test_desks_are_in_their_order_and_a_place_in_two_areas_gets_each_once(self) -> None:
        public_desk(self.north, "二番目", order=2)
        public_desk(self.north, "一番目", order=1)
        public_desk(self.south, "南部")
        # North's two (order 1 then 2), then south's; north asked twice counts once.
        names = [
            d.organization
            for d in public_desks_of(self.city, [self.north.pk, self.south.pk, self.north.pk])
        ]
        self.assertEqual(names, ["一番目", "二番目", "南部"])

    def test_a_place_with_no_area_gets_the_only_layer1_desk_and_none_among_wards(self) -> None:
        public_desk(self.layer1, "市社会福祉協議会")
        self.assertEqual(
            [d.organization for d in public_desks_of(self.city, [])], ["市社会福祉協議会"]
        )
        # A second layer-1 area (a ward): which one is the place's is not known.
        AreaFactory(municipality=self.city, name="第二区")
        self.assertEqual(public_desks_of(self.city, []), ())

    def test_another_municipalitys_area_is_not_read(self) -> None:
        other = Layer2AreaFactory(municipality=MunicipalityFactory(code="132021"))
        public_desk(other, "よその窓口")
        self.assertEqual(public_desks(self.city, [other.pk]), {})

    def test_the_tel_link_keeps_digits_only(self) -> None:
        # Full-width digits folded (NFKC); hyphens, brackets and spaces dropped.
        desk = PublicDesk("窓口", "", "０４２(５５５) 0101", "", "")
        self.assertEqual(desk.tel, "0425550101")


@time_machine.travel(TODAY, tick=False)
class DeskServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.area = Layer2AreaFactory(municipality=MunicipalityFactory(code="132012"))
        cls.user = UserFactory()

    def refused(self, **values) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
        values = {"organization": "中央地域包括支援センター", "phone": "042-000-9001", **values}
        with self.assertRaises(ValidationError) as caught:
            desk_save(area=self.area, user=self.user, **values)
        self.assertEqual(CoordinatorDesk.objects.count(), 0)
        return caught.exception.message_dict

    def test_public_without_the_consent_date_is_refused_naming_it(self) -> None:
        self.assertEqual(
            self.refused(is_public=True),
            {
                "public_consent_on": [
                    "住民向けに公開するときは、公開の同意日（本人が公開に同意した日）を入力してください。"
                ]
            },
        )

    def test_a_consent_date_after_today_is_refused(self) -> None:
        # Today is 2026-12-05; the 6th is tomorrow.
        errors = self.refused(is_public=True, public_consent_on=datetime.date(2026, 12, 6))
        self.assertEqual(
            errors, {"public_consent_on": ["公開の同意日に未来の日付は入力できません。"]}
        )

    def test_a_public_desk_needs_a_phone_or_an_email(self) -> None:
        errors = self.refused(phone="", is_public=True, public_consent_on=CONSENT)
        self.assertEqual(
            errors,
            {"phone": ["住民向けに公開するときは、電話番号かメールアドレスを入力してください。"]},
        )

    def test_a_phone_a_tel_link_cannot_dial_is_refused(self) -> None:
        message = "電話番号は市外局番から、数字とハイフンで入力してください（例: 042-555-0101）。"
        for phone in ("042-000-9001（代表）", "110", "でんわ"):
            with self.subTest(phone):
                self.assertEqual(self.refused(phone=phone), {"phone": [message]})

    def test_the_organization_is_required(self) -> None:
        self.assertEqual(
            self.refused(organization="　"), {"organization": ["所属・窓口名を入力してください。"]}
        )

    def test_a_retired_area_takes_no_desk(self) -> None:
        self.area.valid_to = datetime.date(2026, 3, 31)
        self.assertEqual(
            self.refused(), {"organization": ["廃止した圏域の連絡先は変更できません。"]}
        )

    def test_a_desk_is_saved_as_typed_with_who_saved_it(self) -> None:
        desk = desk_save(
            area=self.area, user=self.user, organization=" 中央地域包括支援センター　",
            phone="０４２-０００-９００１", is_public=True, public_consent_on=CONSENT,
        )  # fmt: skip
        desk.refresh_from_db()
        # Ends trimmed (U+3000 too), full-width digits kept as typed.
        self.assertEqual(
            (desk.organization, desk.phone), ("中央地域包括支援センター", "０４２-０００-９００１")
        )
        self.assertEqual(desk.history.get().history_user, self.user)

    def test_an_edit_from_a_form_opened_before_another_save_is_refused(self) -> None:
        desk = desk_save(area=self.area, user=self.user, organization="中央")
        opened_at = desk.version  # 1: both editors opened it now
        desk_save(
            area=self.area, desk=desk, user=self.user, organization="中央（新）",
            expected_version=opened_at,
        )  # fmt: skip
        stale = CoordinatorDesk.objects.get(pk=desk.pk)
        with self.assertRaises(EditConflictError):
            desk_save(
                area=self.area, desk=stale, user=self.user, organization="中央（古い画面）",
                expected_version=opened_at,
            )  # fmt: skip
        self.assertEqual(CoordinatorDesk.objects.get(pk=desk.pk).organization, "中央（新）")

    def test_a_deleted_desk_stays_in_history(self) -> None:
        desk = desk_save(area=self.area, user=self.user, organization="中央")
        desk_delete(desk=desk, user=self.user, expected_version=desk.version)
        self.assertEqual(CoordinatorDesk.objects.count(), 0)
        kinds = list(
            CoordinatorDesk.history.order_by("history_id").values_list(
                "history_type", "history_user"
            )
        )
        self.assertEqual(kinds, [("+", self.user.pk), ("-", self.user.pk)])


class DeskRetentionTests(TestCase):
    def test_a_desk_removed_longer_ago_than_the_period_loses_its_person_in_history(self) -> None:
        city = MunicipalityFactory(code="132012")  # retention: 5 years (the default)
        area = Layer2AreaFactory(municipality=city)
        user = UserFactory()
        tokyo = ZoneInfo("Asia/Tokyo")
        with time_machine.travel(datetime.datetime(2020, 5, 1, 10, tzinfo=tokyo)):
            old = desk_save(
                area=area, user=user, organization="旧センター", person_name="山田",
                phone="042-000-1111",
            )  # fmt: skip
            desk_delete(desk=old, user=user)
        kept = desk_save(
            area=area, user=user, organization="新センター", person_name="佐藤",
            phone="042-000-2222",
        )  # fmt: skip
        # Removed 2020-05-01, more than 5 years before 2026-06-10: its person goes from history.
        with time_machine.travel(datetime.datetime(2026, 6, 10, 10, tzinfo=tokyo)):
            retention.purge(municipality=city, dry_run=False)
        self.assertEqual(
            set(
                CoordinatorDesk.history.filter(organization="旧センター").values_list(
                    "person_name", "phone"
                )
            ),
            {("", "")},
        )
        kept.refresh_from_db()
        self.assertEqual((kept.person_name, kept.phone), ("佐藤", "042-000-2222"))
