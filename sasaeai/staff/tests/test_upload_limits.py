"""Through the real screens (issue #20): a hostile .xlsx uploaded by a coordinator is refused
with a message and the server keeps serving (hole 2); an oversized upload is refused from its
Content-Length before a byte of it is read, with the limit on the page (hole 15).

On the base commit the hostile upload aborts the test process (see test_sheet_limits)."""

from __future__ import annotations

import io

from django.test import TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import PopulationRecord
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.areas.tests.test_population_import import TOWN_A, csv_text
from sasaeai.core.models import ImportBatch
from sasaeai.utils.tests.books import bomb, far_cells_book

MB = 1024 * 1024


class CountingInput(io.BytesIO):
    """A request body that counts the bytes anyone read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.read_bytes += len(line)
        return line


class UploadLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=cls.city)
        TownFactory(area=area, code="001", name="本町一丁目")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.upload_url = reverse(
            "core:import_upload", kwargs={"lgcode": "132012", "kind": "population"}
        )

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def upload(self, data: bytes, name: str):  # type: ignore[no-untyped-def]
        file = io.BytesIO(data)
        file.name = name
        return self.client.post(self.upload_url, {"file": file}, follow=True)

    def assert_a_normal_import_still_works(self) -> None:
        good = csv_text(rows=[("001", "本町一丁目", "2025/10/1", TOWN_A, None)]).encode("cp932")
        page = self.upload(good, "人口.csv")
        batch = ImportBatch.objects.latest("pk")
        self.assertEqual(page.context["batch"], batch)
        preview = reverse("core:import_preview", kwargs={"lgcode": "132012", "pk": batch.pk})
        self.client.post(preview, {"action": "commit"})
        # TOWN_A: 10+10+30+30+5+7+4+6+2+3+0+1+2+0 = 110 people.
        self.assertEqual(list(PopulationRecord.objects.values_list("total", flat=True)), [110])

    def test_a_hostile_xlsx_is_refused_on_the_preview_and_the_server_keeps_serving(self) -> None:
        page = self.upload(far_cells_book(), "人口.xlsx")
        self.assertContains(
            page,
            "表が大きすぎます（1,048,576行・16,384列）。読み取れるのは 200,000行・200列・"
            "4,000,000セルまでです。",
        )
        self.assertNotContains(page, "確定する")
        self.assert_a_normal_import_still_works()

    @override_settings(IMPORT_MAX_ROWS=10**9, IMPORT_MAX_COLUMNS=10**9, IMPORT_MAX_CELLS=10**18)
    def test_past_the_checks_the_reading_child_dies_alone(self) -> None:
        page = self.upload(far_cells_book(), "人口.xlsx")
        self.assertContains(page, "このExcelファイルは大きすぎるか壊れているため読み取れません")
        self.assert_a_normal_import_still_works()

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self) -> None:
        # Near 1 MB, so its preview is made by the background job, as the db_worker would.
        with self.captureOnCommitCallbacks(execute=True):
            response = self.upload(bomb(210), "人口.xlsx")
        page = self.client.get(response.redirect_chain[-1][0])
        self.assertContains(page, "展開すると 210MB になり、読み取れる大きさ（200MB）を超えます。")
        self.assert_a_normal_import_still_works()

    def test_an_oversized_upload_is_refused_unread_with_the_limit_on_the_form(self) -> None:
        body = CountingInput(b"-" * 4096)
        response = self.client.post(
            self.upload_url,
            data=b"",
            content_type="multipart/form-data; boundary=xyz",
            CONTENT_LENGTH=str(60 * MB),
            HTTP_REFERER=f"http://testserver{self.upload_url}",
            **{"wsgi.input": body},
        )
        self.assertEqual(body.read_bytes, 0)
        self.assertEqual(
            (response.status_code, response["Location"]),
            (303, f"http://testserver{self.upload_url}"),
        )
        page = self.client.get(self.upload_url)
        # 60MB declared; UPLOAD_MAX_BYTES is 20MB.
        self.assertContains(
            page,
            "ファイルが大きすぎるため受け付けませんでした（約60MB）。"
            "選べるファイルは20MBまでです。何も保存していません。",
        )
        self.assertFalse(ImportBatch.objects.exists())

    def test_a_file_just_over_the_import_limit_is_refused_by_the_form(self) -> None:
        with override_settings(IMPORT_MAX_BYTES=1000):
            page = self.upload(b"a,b\n" * 300, "人口.csv")
        self.assertContains(page, "ファイルが大きすぎます（0MBまで）。", status_code=400)
        self.assertFalse(ImportBatch.objects.exists())
