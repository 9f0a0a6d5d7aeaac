"""Facility lists as municipalities publish them, read by the 地域資源 import (issue #22): every
mapped cell stored where it belongs (registry, portal page, map pins, HSDS), nothing guessed,
nothing dropped, and the same file read twice changes nothing."""

from __future__ import annotations

import datetime
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.imports import (
    ValueChoice,
    batch_commit,
    batch_create,
    batch_map_values,
    batch_preview,
)
from sasaeai.core.models import ImportBatch
from sasaeai.resources import selectors
from sasaeai.resources.exports import hsds
from sasaeai.resources.exports.flat import FLAT_COLUMNS, flat_rows
from sasaeai.resources.models import Contact, Location, Resource, SourceId
from sasaeai.utils.tabular import csv_bytes, xlsx_bytes

# An English-header 高齢者福祉施設 list: a line break inside the address cell, full-width digits
# in the capacity and the phone, the days as one run of weekday characters.
ENGLISH_HEADER = [
    "name", "address", "latitude", "longitude", "telephoneNumber", "service", "availableDate",
    "startTime", "endTime", "availableDateNote", "capacity", "faxNumber",
]  # fmt: skip
HOLIDAYS = "国民の祝日・年末年始（12月29日から翌年の1月3日）は終日利用不可"
ENGLISH_ROWS = [
    [
        "愛全園（従来型）", "東京都八王子市元本郷町\n三丁目24番1号", 35.6664, 139.3160,
        "０４２-６２０-７２００", "特別養護老人ホーム", "月火水木金", "8:30", "17:00", HOLIDAYS,
        "１００", "042-620-7201",
    ],
    [
        "八王子市高齢者あんしん相談センター中央", "東京都八王子市元本郷町三丁目24番1号",
        35.6665, 139.3161, "042-620-7300", "地域包括支援センター", "月〜土", "8:30", "17:00",
        "", "", "",
    ],
]  # fmt: skip
# Worked by hand: 「８：３０」-style cells are read after NFKC; 月火水木金 is Monday (0) to
# Friday (4) every week; the note closes it on holidays and 12/29–1/3 (opening.py).
WEEKDAYS_830_1700 = ("weekly", [0, 1, 2, 3, 4], datetime.time(8, 30), datetime.time(17, 0))
TODAY = datetime.date(2026, 12, 5)  # 令和8年12月5日


class FacilityListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def upload(self, data: bytes, name: str = "facilities.xlsx") -> ImportBatch:
        return batch_create(
            municipality=self.city, kind="resources_flat", name=name, data=data, user=self.user
        )

    def kinds_mapped(self, batch: ImportBatch) -> ImportBatch:
        # What the user picks in 値の割り当て: the file's own service names → our kinds.
        batch_map_values(
            batch=batch,
            choices={
                "種類": {
                    "特別養護老人ホーム": "care_provider",
                    "地域包括支援センター": "consultation",
                }
            },
            user=self.user,
        )
        batch.refresh_from_db()
        return batch

    def english_file(self) -> bytes:
        return xlsx_bytes("施設", ENGLISH_HEADER, ENGLISH_ROWS)

    def import_english(self, *options: str) -> ImportBatch:
        batch = self.kinds_mapped(self.upload(self.english_file()))
        with mock.patch("sasaeai.resources.importers.flat.timezone.localdate", return_value=TODAY):
            batch_commit(batch=batch, excluded_lines=[], user=self.user, options=options)
        return batch

    def test_nothing_is_guessed_and_every_column_is_accounted_for(self) -> None:
        preview = batch_preview(self.upload(self.english_file()))
        self.assertEqual(
            preview.value_choices,
            [
                ValueChoice("種類", "地域包括支援センター", "地域包括支援センター", 1),
                ValueChoice("種類", "特別養護老人ホーム", "特別養護老人ホーム", 1),
            ],
        )
        self.assertEqual(preview.error_lines, [2, 3])
        # FAX has no place in the registry: named with what it holds, for the user to decide.
        self.assertEqual(preview.unread_columns, ["faxNumber（例: 042-620-7201）"])
        self.assertEqual(
            dict(preview.columns),
            {
                "name": "名称", "address": "住所", "latitude": "緯度", "longitude": "経度",
                "telephoneNumber": "電話番号", "service": "種類", "availableDate": "開所日",
                "startTime": "開始時刻", "endTime": "終了時刻",
                "availableDateNote": "休業日・備考", "capacity": "定員", "faxNumber": "",
            },
        )  # fmt: skip

    def test_the_preview_shows_what_each_row_will_store(self) -> None:
        preview = batch_preview(self.kinds_mapped(self.upload(self.english_file())))
        # The phone is a contact's (not stated as open data): not shown on the preview.
        self.assertEqual(
            preview.rows[0].details,
            [
                ("名称", "愛全園（従来型）"), ("種類", "特別養護老人ホーム → 介護サービス事業所"),
                ("定員", "100"), ("緯度", "35.6664"), ("経度", "139.316"), ("開所日", "月火水木金"),
                ("開始時刻", "8:30"), ("終了時刻", "17:00"), ("休業日・備考", HOLIDAYS),
                ("住所", "東京都八王子市元本郷町\n三丁目24番1号"), ("会場", "愛全園（従来型）"),
            ],
        )  # fmt: skip

    def test_every_cell_is_stored_where_it_belongs(self) -> None:
        self.import_english()
        home = Resource.objects.get(name="愛全園（従来型）")
        self.assertEqual((home.kind, home.capacity), ("care_provider", 100))
        # The facts the file never stated stay unknown (never 「いりません」 or 「なし」).
        self.assertEqual(
            (home.registration_required, home.pickup, home.barrier_free), (None, None, None)
        )
        (schedule,) = home.schedules.all()
        self.assertEqual(
            (schedule.pattern, schedule.weekdays, schedule.opens_at, schedule.closes_at),
            WEEKDAYS_830_1700,
        )
        self.assertEqual((schedule.closed_on_holidays, schedule.closed_year_end), (True, True))
        self.assertEqual(home.review_reason, "")
        # No 会場 column: the address makes a venue named after the facility (before issue #22
        # the address and the position were read and dropped).
        (venue,) = [link.location for link in home.service_locations.all()]
        self.assertEqual(
            (venue.name, venue.street, venue.latitude, venue.longitude),
            ("愛全園（従来型）", "東京都八王子市元本郷町\n三丁目24番1号", 35.6664, 139.3160),
        )
        # Not stated as open data: the number is a private contact's, on no public page.
        self.assertEqual(venue.phone, "")
        contact = Contact.objects.get(resource=home)
        self.assertEqual(
            (contact.name, contact.phone, contact.is_public),
            ("問い合わせ先", "042-620-7200", False),
        )
        page = self.client.get(reverse("portal:detail", kwargs={"lgcode": "132012", "pk": home.pk}))
        self.assertNotContains(page, "042-620-7200")
        centre = Resource.objects.get(name="八王子市高齢者あんしん相談センター中央")
        # 月〜土 is Monday to Saturday; no holiday note, so no closure is invented.
        self.assertEqual(
            [(s.weekdays, s.closed_on_holidays) for s in centre.schedules.all()],
            [([0, 1, 2, 3, 4, 5], False)],
        )
        self.assertEqual((centre.kind, centre.capacity), ("consultation", None))

    def test_open_data_numbers_are_the_facilities_public_numbers(self) -> None:
        self.import_english("open_data")
        home = Resource.objects.get(name="愛全園（従来型）")
        venue = home.service_locations.get().location
        self.assertEqual(
            (venue.phone, venue.phone_source),
            ("042-620-7200", "施設の公開データ（facilities.xlsx、令和8年12月5日取込）"),
        )
        self.assertFalse(Contact.objects.filter(resource=home).exists())
        page = self.client.get(reverse("portal:detail", kwargs={"lgcode": "132012", "pk": home.pk}))
        self.assertContains(page, 'href="tel:042-620-7200"')
        self.assertContains(page, "施設の公開データ（facilities.xlsx、令和8年12月5日取込）")
        pins = self.client.get(reverse("portal:map", kwargs={"lgcode": "132012"})).context["points"]
        self.assertEqual({p["name"]: p["phone"] for p in pins}["愛全園（従来型）"], "042-620-7200")
        services = hsds.hsds_services(selectors.public_resources(self.city))
        service = next(s for s in services if s["name"] == "愛全園（従来型）")
        numbers = [
            p["number"]
            for place in service["service_at_locations"]
            for p in place["location"]["phones"]
        ]
        self.assertEqual(numbers, ["042-620-7200"])

    def test_the_same_file_twice_changes_nothing(self) -> None:
        self.import_english("open_data")
        counts = (Resource.objects.count(), Location.objects.count(), Contact.objects.count())
        again = self.kinds_mapped(self.upload(self.english_file()))
        with mock.patch("sasaeai.resources.importers.flat.timezone.localdate", return_value=TODAY):
            preview = batch_preview(again, options=["open_data"])
            self.assertEqual([row.summary[0] for row in preview.rows], ["変更なし", "変更なし"])
            self.assertEqual(
                batch_commit(batch=again, excluded_lines=[], user=self.user, options=["open_data"]),
                0,
            )
        self.assertEqual(
            (Resource.objects.count(), Location.objects.count(), Contact.objects.count()), counts
        )

    def test_the_staff_export_read_back_publishes_no_private_number(self) -> None:
        self.import_english()
        resources = selectors.sheet_resources(
            self.city, list(Resource.objects.values_list("pk", flat=True))
        )
        batch = self.upload(xlsx_bytes("地域資源", list(FLAT_COLUMNS), flat_rows(resources)))
        preview = batch_preview(batch, options=["open_data"])
        self.assertEqual([row.summary[0] for row in preview.rows], ["変更なし", "変更なし"])
        batch_commit(batch=batch, excluded_lines=[], user=self.user, options=["open_data"])
        self.assertEqual(list(Location.objects.exclude(phone="").values_list("name")), [])
        self.assertEqual(Contact.objects.filter(is_public=True).count(), 0)


# A 地域包括支援センター list with the facility's own id, opening hours in one cell and a
# holiday note; CSV in Shift_JIS as Excel saves it.
CENTRE_HEADER = [
    "施設ID",
    "施設名",
    "種別",
    "所在地",
    "電話番号",
    "開所時間",
    "休館日",
    "ホームページ",
    "位置",
]
CENTRE_ROWS = [
    ["H-001", "あんしん相談センター北", "地域包括支援センター", "八王子市北町1-2", "042-111-0001",
     "月〜金 8:30〜17:00", "祝日・年末年始休み", "https://example.jp/kita", "35.70,139.30"],
    ["H-002", "あんしん相談センター南", "地域包括支援センター", "八王子市南町3-4", "042-111-0002",
     "平日 9時〜17時（第3土曜は午前のみ）", "", "ホームページなし", "北緯35度"],
]  # fmt: skip


class CentreListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def commit(self, rows: list[list[str]]) -> tuple[ImportBatch, list[str]]:
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name="houkatsu.csv",
            data=csv_bytes(CENTRE_HEADER, rows, "cp932"), user=self.user,
        )  # fmt: skip
        batch_map_values(
            batch=batch, choices={"種類": {"地域包括支援センター": "consultation"}}, user=self.user
        )
        batch.refresh_from_db()
        verdicts = [row.summary[0] for row in batch_preview(batch).rows]
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        return batch, verdicts

    def test_ids_hours_homepage_and_position_are_kept(self) -> None:
        self.commit(CENTRE_ROWS)
        north = Resource.objects.get(name="あんしん相談センター北")
        self.assertEqual(
            list(SourceId.objects.filter(resource=north).values_list("source", "value", "origin")),
            [("施設id", "H-001", "houkatsu.csv")],
        )
        self.assertEqual(north.url, "https://example.jp/kita")
        (schedule,) = north.schedules.all()
        self.assertEqual(
            (
                schedule.weekdays,
                schedule.opens_at,
                schedule.closed_on_holidays,
                schedule.closed_year_end,
            ),
            ([0, 1, 2, 3, 4], datetime.time(8, 30), True, True),
        )
        venue = north.service_locations.get().location
        # 「35.70,139.30」 in one cell is read as latitude and longitude.
        self.assertEqual((venue.name, venue.street, venue.latitude, venue.longitude),
                         ("あんしん相談センター北", "八王子市北町1-2", 35.7, 139.3))  # fmt: skip

    def test_what_cannot_be_read_is_kept_verbatim_and_flagged(self) -> None:
        self.commit(CENTRE_ROWS)
        south = Resource.objects.get(name="あんしん相談センター南")
        # 平日 9時〜17時 is read, and 第3土曜 as a day it opens; 「は午前のみ」 is not, and the
        # whole cell stays word for word beside it.
        self.assertEqual(
            south.review_reason,
            "位置（緯度,経度）: 「北緯35度」を緯度・経度として読み取れませんでした。\n"
            "ホームページ: 「ホームページなし」をURLとして読み取れませんでした。\n"
            "開所日・時間: 「は午前のみ」を読み取れませんでした"
            # Shift_JIS has no 〜 (U+301C): the file holds ～ (U+FF5E), kept as it is.
            "（原文: 平日 9時\uff5e17時（第3土曜は午前のみ））。",
        )
        self.assertEqual(south.url, "")
        self.assertEqual(
            [(s.pattern, s.weekdays, s.nths, s.opens_at) for s in south.schedules.all()],
            [("weekly", [0, 1, 2, 3, 4], [], datetime.time(9, 0)), ("nth_weekday", [5], [3], None)],
        )
        # The preview row said so before anything was written.

    def test_a_reimport_finds_each_centre_by_its_id_and_changes_only_what_changed(self) -> None:
        self.commit(CENTRE_ROWS)
        renamed = [list(CENTRE_ROWS[0]), list(CENTRE_ROWS[1])]
        renamed[0][1] = "あんしん相談センター北（分室）"  # the name changed; the id did not
        _batch, verdicts = self.commit(renamed)
        self.assertEqual(verdicts, ["更新", "変更なし"])
        self.assertEqual(Resource.objects.count(), 2)
        self.assertEqual(
            SourceId.objects.get(value="H-001").resource.name, "あんしん相談センター北（分室）"
        )
