"""Issue #20 hole 11: a CSV field over csv's limit (131,072 characters) is a file error naming its
line, on the upload and on every later visit of the import, never a server error."""

import io

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import Town
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.models import ImportBatch


class LongFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def test_a_140_kb_field_is_named_by_line_and_the_page_keeps_working(self) -> None:
        self.client.force_login(self.user)
        # Line 1 header, line 2 a good town, line 3 a 140,000-character reading.
        text = (
            "地域コード,町丁目名,ふりがな,緯度,経度,圏域名\r\n"
            "101,桜町,さくらちょう,35.7,139.4,北部圏域\r\n"
            "102,青葉町," + "あ" * 140_000 + ",35.71,139.41,北部圏域\r\n"
        )
        upload = io.BytesIO(text.encode("utf-8"))
        upload.name = "towns.csv"
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": "towns"})
        # A large file is read by the background worker (run at commit in tests).
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"file": upload})
        batch = ImportBatch.objects.get()
        preview_url = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        self.assertRedirects(response, preview_url)
        for _visit in range(2):
            page = self.client.get(preview_url)
            self.assertContains(page, "3行目の項目が長すぎます（131,072文字まで）。")
        self.assertEqual(Town.objects.count(), 0)
