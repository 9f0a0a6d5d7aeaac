"""The import commands' --user must hold the import right in the municipality, as on screen."""

import datetime
import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import RoleAssignmentFactory, user_with_role
from sasaeai.areas.models import PopulationRecord, Town
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.areas.tests.test_population_import import TOWN_A, csv_text
from sasaeai.core.models import ImportBatch

ONE_TOWN = [("001", "本町一丁目", "2025/10/1", TOWN_A, None)]  # 110 people


class ImportCommandPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")  # 八王子市
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        TownFactory(area=cls.area, code="001", name="本町一丁目")
        other_city = MunicipalityFactory(code="132021")  # 立川市
        user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")
        user_with_role(Role.VIEWER, cls.city, user__username="viewer")
        user_with_role(Role.SC_LAYER2, cls.city, area=cls.area, user__username="sc2")
        user_with_role(Role.SC_LAYER1, other_city, user__username="tachikawa-sc1")
        user_with_role(Role.SC_LAYER1, cls.city, user__username="left", user__is_active=False)
        RoleAssignmentFactory(
            role=Role.SC_LAYER1,
            municipality=cls.city,
            user__username="moved",
            valid_to=datetime.date(2020, 3, 31),  # the role ended years ago
        )

    def import_population(self, username: str) -> str:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "人口.csv"
            path.write_bytes(csv_text(rows=ONE_TOWN).encode("utf-8-sig"))
            out = io.StringIO()
            call_command(
                "import_population", str(path), municipality="132012", user=username,
                stdout=out, stderr=io.StringIO(),
            )  # fmt: skip
        return out.getvalue()

    def counts(self) -> tuple[int, int]:
        return PopulationRecord.objects.count(), ImportBatch.objects.count()

    def test_users_without_the_import_right_here_are_refused_and_nothing_is_written(
        self,
    ) -> None:
        # viewer: 閲覧のみ; sc2: 第2層SC edits in its area but does not import; tachikawa-sc1:
        # import rights in 立川市 only; left: deactivated; moved: role ended 令和2年3月31日.
        for username in ("viewer", "sc2", "tachikawa-sc1", "left", "moved"):
            with self.subTest(username):
                with self.assertRaisesMessage(
                    CommandError,
                    f"利用者 {username} には 132012 八王子市 の取込の権限がありません。",
                ):
                    self.import_population(username)
                self.assertEqual(self.counts(), (0, 0))

    def test_an_unknown_user_is_refused_and_nothing_is_written(self) -> None:
        with self.assertRaisesMessage(CommandError, "利用者「nobody」は登録されていません。"):
            self.import_population("nobody")
        self.assertEqual(self.counts(), (0, 0))

    def test_the_town_list_command_asks_for_the_same_right(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "町丁目.csv"
            path.write_text("町丁目名,圏域名\r\n本町三丁目,中央圏域\r\n", encoding="utf-8")
            with self.assertRaisesMessage(
                CommandError, "利用者 viewer には 132012 八王子市 の取込の権限がありません。"
            ):
                call_command(
                    "import_towns", str(path), municipality="132012", user="viewer",
                    stdout=io.StringIO(), stderr=io.StringIO(),
                )  # fmt: skip
        self.assertEqual((Town.objects.count(), ImportBatch.objects.count()), (1, 0))

    def test_a_layer1_coordinator_of_the_municipality_imports(self) -> None:
        self.assertIn("1件を取り込みました（除外 0行）。", self.import_population("sc1"))
        self.assertEqual(self.counts(), (1, 1))
        self.assertEqual(PopulationRecord.objects.get().total, 110)
