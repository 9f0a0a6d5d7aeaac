"""core/0011 turns the export log into the personal-data access log: every row kept, named in
words (what), marked as an export, and the way back restores the old kinds."""

from django.utils import timezone

from sasaeai.core.tests.migrating import DataMigrationTestCase, migrate, old_city, old_user

BEFORE = [("core", "0010_scheduled_run")]
AFTER = [("core", "0011_personal_data_access")]


class ExportLogBecomesAccessLogTests(DataMigrationTestCase):
    def test_the_old_rows_are_kept_as_exports_and_restored_on_the_way_back(self) -> None:
        old = migrate(BEFORE)
        city, user = old_city(old), old_user(old)
        for kind, rows in (("resources_flat", 12), ("resources_standard", 3)):
            old.get_model("core", "ExportLog").objects.create(
                municipality_id=city.pk, kind=kind, file_format="csv",
                filters="q=x", row_count=rows, created_by_id=user.pk,
                created_at=timezone.now(),
            )  # fmt: skip

        new = migrate(AFTER)
        rows = new.get_model("core", "PersonalDataAccess").objects.order_by("record_count")
        self.assertEqual(
            list(rows.values_list("what", "kind", "file_format", "filters", "record_count", "user_id")),
            [
                ("地域資源の自治体標準形式の書き出し", "export", "csv", "q=x", 3, user.pk),
                ("地域資源の一覧の書き出し", "export", "csv", "q=x", 12, user.pk),
            ],
        )  # fmt: skip

        back = migrate(BEFORE)
        kinds = back.get_model("core", "ExportLog").objects.order_by("row_count")
        self.assertEqual(
            list(kinds.values_list("kind", flat=True)), ["resources_standard", "resources_flat"]
        )
