"""ImportBatch.record: a commit that wrote nothing offers nothing to undo.

Before, recording an empty list left {"created": []} in `written`, so a file imported again
unchanged (every row 変更なし) offered 「取込を元に戻す」 for nothing; the care import worked
around it with its own wrapper, the flat and event imports did not."""

from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.constants import ImportStatus
from sasaeai.core.imports import batch_commit, batch_create
from sasaeai.core.models import ImportBatch
from sasaeai.resources.tests.factories import ResourceFactory
from sasaeai.utils.tabular import xlsx_bytes


class RecordTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def test_nothing_recorded_for_none_and_each_label_grouped(self) -> None:
        batch = ImportBatch(municipality=self.city, kind="resources_flat")
        batch.record("created", [])
        batch.record("updated", iter(()))
        self.assertEqual(batch.written, {})
        first, second = (
            ResourceFactory(municipality=self.city),
            ResourceFactory(municipality=self.city),
        )
        batch.record("updated", [first, second])
        self.assertEqual(
            batch.written, {"updated": [["resources.resource", [first.pk, second.pk]]]}
        )

    def test_the_same_sheet_imported_again_offers_no_undo(self) -> None:
        data = xlsx_bytes("地域資源", ["名称", "種類"], [["囲碁の会", "通いの場"]])

        def imported() -> ImportBatch:
            batch = batch_create(
                municipality=self.city, kind="resources_flat", name="x.xlsx", data=data,
                user=self.user,
            )  # fmt: skip
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
            batch.refresh_from_db()
            return batch

        first = imported()
        self.assertTrue(first.can_undo)  # it created the resource
        again = imported()  # 変更なし: nothing written
        self.assertEqual(
            (again.status, again.written, again.can_undo), (ImportStatus.COMMITTED, {}, False)
        )
