"""core/0009 makes the two job statuses one: an import batch waiting for the worker was stored as
"queued" and is "pending" afterwards (its history rows too); every other stored value is kept,
and migrating back restores "queued"."""

from django.apps.registry import Apps
from django.utils import timezone

from sasaeai.core.tests.migrating import DataMigrationTestCase, migrate, old_city, old_user

BEFORE = [("core", "0008_import_column_mapping")]
AFTER = [("core", "0009_one_job_status")]


class OneJobStatusTests(DataMigrationTestCase):
    def batches(self, apps: Apps, model: str) -> dict[str, str]:
        rows = apps.get_model("core", model).objects.values_list("original_name", "job_state")
        return dict(rows)

    def test_only_the_waiting_state_is_renamed_and_back(self) -> None:
        old = migrate(BEFORE)
        city, user = old_city(old), old_user(old)
        for state in ("queued", "running", "done", "failed", ""):
            fields = {
                "municipality_id": city.pk, "kind": "towns", "file": "imports/x.csv",
                "original_name": state or "none", "created_by_id": user.pk,
                "created_at": timezone.now(), "job_state": state,
            }  # fmt: skip
            row = old.get_model("core", "ImportBatch").objects.create(**fields)
            old.get_model("core", "HistoricalImportBatch").objects.create(
                id=row.pk, **fields, history_date=timezone.now(), history_type="+"
            )

        new = migrate(AFTER)
        # Only "queued" changes word; the rest, and the empty state of a batch read in the
        # request, are kept as they were stored.
        expected = {
            "queued": "pending", "running": "running", "done": "done", "failed": "failed",
            "none": "",
        }  # fmt: skip
        self.assertEqual(self.batches(new, "ImportBatch"), expected)
        self.assertEqual(self.batches(new, "HistoricalImportBatch"), expected)

        back = migrate(BEFORE)
        self.assertEqual(self.batches(back, "ImportBatch")["queued"], "queued")
        self.assertEqual(self.batches(back, "HistoricalImportBatch")["queued"], "queued")
