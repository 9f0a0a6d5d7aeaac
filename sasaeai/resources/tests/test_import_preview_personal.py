"""The flat import's preview (取込の確認画面) and the personal-data access log (issue #21).

The access log's rule (core.access_log): a page writes a row when it *showed* personal data.
The flat preview reads a sheet's 連絡先・電話番号・メール columns but shows none of their
values: a row shows the resource's name, the verdict and, for a new resource, its 曜日・頻度, for
an update only the *names* of the columns that change. So the page writes no row. These tests
pin both halves: should a later change put a contact's values on the page, the first assertion
fails, and whoever makes it must log the view with record_personal_access."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.models import PersonalDataAccess
from sasaeai.resources.models import Contact
from sasaeai.resources.tests.factories import ResourceFactory
from sasaeai.utils.tabular import xlsx_bytes

HEADER = ["ID", "名称", "会場", "連絡先", "電話番号", "メール"]
# The personal values in the file, and those of the contact already stored.
IN_FILE = ("代表 花子", "042-000-1111", "hanako@example.jp", "窓口 次郎", "042-000-2222")
STORED = ("山田 太郎", "03-1111-1111")


class FlatPreviewPersonalDataTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.sc = user_with_role(Role.SC_LAYER1, cls.city)
        cls.salon = ResourceFactory(municipality=cls.city, name="北サロン")
        Contact.objects.create(resource=cls.salon, name=STORED[0], phone=STORED[1])

    def test_the_preview_shows_no_contact_values_and_logs_nothing(self) -> None:
        self.client.force_login(self.sc)
        rows = [
            # A new resource with a private contact.
            ["", "体操の会", "北集会所", IN_FILE[0], IN_FILE[1], IN_FILE[2]],
            # The stored resource with another contact: an update of those columns.
            [str(self.salon.uuid), "北サロン", "", IN_FILE[3], IN_FILE[4], ""],
        ]
        upload = SimpleUploadedFile("資源.xlsx", xlsx_bytes("地域資源", HEADER, rows))
        url = reverse(
            "core:import_upload", kwargs={"lgcode": self.city.code, "kind": "resources_flat"}
        )
        page = self.client.get(self.client.post(url, {"file": upload})["Location"])

        self.assertEqual(page.status_code, 200)
        # The sheet was read, contact columns included: both rows are judged, and the update
        # names the changed contact columns (their names, not their values).
        self.assertContains(page, "体操の会")
        self.assertContains(page, "連絡先、電話番号")
        for value in (*IN_FILE, *STORED):
            with self.subTest(value):
                self.assertNotContains(page, value)
        self.assertEqual(PersonalDataAccess.objects.count(), 0)
