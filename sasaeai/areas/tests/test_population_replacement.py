"""Importing a date that is already stored: the preview names the import it replaces."""

import datetime
import io
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.services import PopulationRow, population_store
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.areas.tests.test_population_import import TOWN_A, TOWN_B, csv_text
from sasaeai.core.imports import batch_commit, batch_create, batch_preview

TOKYO = ZoneInfo("Asia/Tokyo")
# 00:30 in Tokyo on 2 May is still 1 May in UTC: the note must give the local day.
FIRST_COMMIT = datetime.datetime(2026, 5, 2, 0, 30, tzinfo=TOKYO)
APRIL = [
    ("001", "本町一丁目", "2026/4/1", TOWN_A, None),
    ("002", "本町二丁目", "2026/4/1", TOWN_B, None),
]
# 2026-04-01 is 令和8年4月1日 (令和元年 = 2019, so 2026 = 令和8年); 2026-05-02 is 令和8年5月2日.
EXPECTED = (
    "調査日 令和8年4月1日 の人口は、令和8年5月2日に demo-sc1 が取り込んだ"
    "「人口2026-04.csv」（取込番号 {pk}）を置き換えます。"
)


class ReplacedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        cls.town_a = TownFactory(area=area, code="001", name="本町一丁目")
        TownFactory(area=area, code="002", name="本町二丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city, user__username="demo-sc1")

    def upload(self, rows: list, name: str = "人口2026-04.csv"):  # type: ignore[no-untyped-def]
        return batch_create(
            municipality=self.city,
            kind="population",
            name=name,
            data=csv_text(rows=rows).encode("utf-8-sig"),
            user=self.user,
        )

    def import_april(self):  # type: ignore[no-untyped-def]
        first = self.upload(APRIL)
        with time_machine.travel(FIRST_COMMIT, tick=False):
            batch_commit(batch=first, excluded_lines=[], user=self.user)
        return first

    def test_the_second_preview_names_the_file_the_user_and_the_day_of_the_first_import(
        self,
    ) -> None:
        first = self.import_april()
        preview = batch_preview(self.upload(APRIL, name="人口2026-04（訂正）.csv"))
        self.assertEqual(preview.notes, [EXPECTED.format(pk=first.pk)])

    def test_several_dates_of_one_earlier_import_are_named_in_one_sentence(self) -> None:
        may = [(code, name, "2026/5/1", counts, None) for code, name, _d, counts, _n in APRIL]
        first = self.upload(APRIL + may)
        with time_machine.travel(FIRST_COMMIT, tick=False):
            batch_commit(batch=first, excluded_lines=[], user=self.user)
        preview = batch_preview(self.upload(APRIL + may, name="人口2026-05.csv"))
        # 2026-05-01 is 令和8年5月1日; both dates came from the same batch.
        self.assertEqual(
            preview.notes,
            [
                "調査日 令和8年4月1日・令和8年5月1日 の人口は、令和8年5月2日に demo-sc1 が"
                f"取り込んだ「人口2026-04.csv」（取込番号 {first.pk}）を置き換えます。"
            ],
        )

    def test_a_first_import_of_a_date_replaces_nothing_and_says_nothing(self) -> None:
        self.import_april()
        october = [("001", "本町一丁目", "2026/10/1", TOWN_A, None)]
        self.assertEqual(batch_preview(self.upload(october)).notes, [])

    def test_records_stored_without_an_import_are_counted_instead(self) -> None:
        # Two towns stored directly (as the demo city does), no batch behind them.
        population_store(
            municipality=self.city,
            rows=[
                PopulationRow(self.town_a, datetime.date(2026, 4, 1), 1, None, None, None, ()),
                PopulationRow(None, datetime.date(2026, 4, 1), 1, None, None, None, ()),
            ],
        )
        # Only 本町一丁目 is in the file: the whole-city record stays, so 1 record is replaced.
        preview = batch_preview(self.upload(APRIL[:1]))
        self.assertEqual(
            preview.notes,
            ["調査日 令和8年4月1日 の人口は、取込によらずに登録された1件の記録を置き換えます。"],
        )

    def test_the_preview_screen_shows_the_replaced_import(self) -> None:
        first = self.import_april()
        second = self.upload(APRIL)
        self.client.force_login(self.user)
        page = self.client.get(
            reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": second.pk})
        )
        self.assertContains(page, EXPECTED.format(pk=first.pk))

    def test_the_dry_run_of_the_command_prints_the_replaced_import(self) -> None:
        first = self.import_april()
        out = io.StringIO()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "人口2026-04.csv"
            path.write_bytes(csv_text(rows=APRIL).encode("utf-8-sig"))
            call_command(
                "import_population", str(path), municipality="132012", user="demo-sc1",
                dry_run=True, stdout=out, stderr=io.StringIO(),
            )  # fmt: skip
        self.assertIn(EXPECTED.format(pk=first.pk), out.getvalue())
