"""Hole 14 of #20: the preview kept for a large file's commit is JSON, never pickle.

The worker reads a large upload once for its preview page and keeps the result beside the
upload (var/…/x.csv.parsed), so the commit can skip reading it again. It was a pickle, loaded
back with pickle.load: a file put at that path could run any code. Now it is JSON that only
ever builds a Preview, its rows and the payloads each importer reads back by id.
"""

import json
import pickle
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.analysis.models import MeshPopulation, NeedsSurveyValue
from sasaeai.areas.models import PopulationRecord, Town
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core import imports
from sasaeai.core.imports import batch_commit, batch_create, batch_preview_kept, parsed_name
from sasaeai.core.models import ImportBatch
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.models import Location, Resource, ServiceAtLocation
from sasaeai.resources.tests.factories import LocationFactory, ResourceFactory
from sasaeai.utils.tabular import xlsx_bytes


def mark(path: str) -> None:
    """What the hostile pickle below calls when it is loaded: leaves a file behind."""
    Path(path).write_text("unpickled")


class Hostile:
    """Pickles to "call mark(path)" (what a payload calling os.system would look like)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (mark, (self.path,))


def mesh_file(*lines: str) -> bytes:
    head = (
        "KEY_CODE,HTKSYORI,HTKSAKI,GASSAN,T001141001,T001141019,T001141022\r\n"
        ",,,,人口（総数）,６５歳以上人口　総数,７５歳以上人口　総数\r\n"
    )
    return (head + "".join(f"{line}\r\n" for line in lines)).encode("cp932")


class KeptPreviewFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.area = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        cls.hon = TownFactory(
            area=cls.area, name="本町", code="001", latitude=35.6896, longitude=139.6906
        )
        # Another municipality's records: a tampered preview must not reach them.
        cls.elsewhere = MunicipalityFactory(code="132021")
        cls.their_town = TownFactory(
            area=Layer2AreaFactory(municipality=cls.elsewhere), name="よその町"
        )

    # One file per importer, each with a row to write (a payload) and one that reads an
    # existing record, where the importer has such rows.
    def files(self) -> dict[str, tuple[str, bytes]]:
        salon = ResourceFactory(municipality=self.city, name="北サロン", capacity=15)
        hall = LocationFactory(municipality=self.city, name="北集会所", external_id="1371234567")
        ServiceAtLocation.objects.create(resource=salon, location=hall)
        event = ResourceFactory(municipality=self.city, name="体操教室", kind=ResourceKind.EVENT)
        ServiceAtLocation.objects.create(
            resource=event, location=LocationFactory(municipality=self.city, name="中央公民館")
        )
        care_head = "名称,事業所番号,サービス種別,緯度,経度\n"
        return {
            "population": (
                "p.csv",
                "全国地方公共団体コード,地域コード,地域名,調査年月日,総人口,男性,女性,"
                "0-4歳の男性,0-4歳の女性,世帯数\n"
                "132012,001,本町,2025-01-01,100,48,52,48,52,40\n"
                "132012,,,2025-01-01,300,140,160,140,160,\n".encode(),
            ),
            "towns": (
                "t.csv",
                "地域コード,町丁目名,ふりがな,緯度,経度,圏域名\n"
                "001,本町,ほんちょう,35.69,139.69,北部圏域\n"
                "002,新町,しんまち,,,北部圏域\n".encode(),
            ),
            "resources_flat": (
                "r.xlsx",
                xlsx_bytes(
                    "地域資源",
                    ["ID", "名称", "種類", "定員", "曜日・頻度", "会場"],
                    [
                        [str(salon.uuid), "北サロン", "", 20, "毎週月曜", "北集会所"],
                        [str(salon.uuid), "北サロン", "", 20, "毎週月曜", "南集会所"],
                        ["", "新しい体操", "通いの場", "", "第1水曜", "北集会所"],
                    ],
                ),
            ),
            "care_services": (
                "c.csv",
                (
                    care_head + "デイサービスさくら,1371234567,通所介護,35.7,139.4\n"
                    "新しい事業所,1379999999,訪問介護,,\n"
                ).encode(),
            ),
            "events": (
                "e.csv",
                "イベント名,開始日,終了日,開始時間,終了時間,場所名称\n"
                "体操教室,2025-05-01,2025-05-02,10:00,11:30,中央公民館\n"
                "体操教室,2025-05-08,,,,中央公民館\n"
                "夏祭り,2025-08-01,2025-12-31,,,広場\n".encode(),
            ),
            "meshes": ("m.txt", mesh_file("533945253,0,,,100,30,10", "533945254,0,,,*,*,*")),
            "needs_survey": (
                "n.csv",
                "圏域,指標,値,年度\n北部圏域,うつ傾向,12.5,2024\n".encode(),
            ),
        }

    def upload(self, kind: str, name: str, data: bytes) -> ImportBatch:
        return batch_create(municipality=self.city, kind=kind, name=name, data=data, user=self.user)


class RoundTripTests(KeptPreviewFixture):
    def test_every_importer_s_preview_reads_back_equal_from_json(self) -> None:
        for kind, (name, data) in self.files().items():
            with self.subTest(kind):
                batch = self.upload(kind, name, data)
                preview = imports.batch_preview(batch)
                self.assertEqual(preview.file_errors, [])
                payloads = [row.payload for row in preview.rows if row.payload is not None]
                self.assertGreaterEqual(len(payloads), 1)  # something to write, read back
                text = imports.kept_preview_json([], preview, imports.importer_for(kind))
                importer = imports.importer_for(kind)
                back = imports.preview_from_json(json.loads(text)["preview"], importer, self.city)
                self.assertEqual(back, preview)  # rows, summaries and payloads alike
                for old, new in zip(preview.rows, back.rows, strict=True):
                    self.assertEqual(type(old.payload), type(new.payload))

    def test_a_payload_naming_another_municipality_s_record_is_refused(self) -> None:
        name, data = self.files()["meshes"]
        batch = self.upload("meshes", name, data)
        preview = imports.batch_preview(batch)
        importer = imports.importer_for("meshes")
        kept = json.loads(imports.kept_preview_json([], preview, importer))["preview"]
        kept["rows"][0]["payload"]["town"] = self.their_town.pk
        with self.assertRaises(imports.PreviewDataError):
            imports.preview_from_json(kept, importer, self.city)

    def test_only_the_known_cell_types_are_read(self) -> None:
        for refused in ({"set": "x"}, {"date": 1}, {"date": "x", "time": "y"}, ["a"]):
            with self.subTest(refused), self.assertRaises((imports.PreviewDataError, ValueError)):
                imports.cell_from_json(refused)


class UploadPreviewCommitTests(KeptPreviewFixture):
    """The real path of a large file: upload → the worker's preview (kept) → commit."""

    def kept_text(self, batch: ImportBatch) -> bytes:
        with default_storage.open(parsed_name(batch), "rb") as handle:
            return handle.read()

    def commit_without_reading_the_file(self, batch: ImportBatch) -> int:
        """Commit, failing if the upload is read again (the kept preview must serve)."""
        with mock.patch.object(imports, "batch_preview", side_effect=AssertionError("re-read")):
            return batch_commit(batch=batch, excluded_lines=[], user=self.user)

    def test_the_kept_preview_is_json_and_the_commit_uses_it(self) -> None:
        files = self.files()
        # meshes: 533945253 and 533945254 (secret counts, kept as none) are written; needs: 1.
        for kind, model, count in (
            ("meshes", MeshPopulation, 2),
            ("needs_survey", NeedsSurveyValue, 1),
        ):
            with self.subTest(kind):
                name, data = files[kind]
                batch = self.upload(kind, name, data)
                preview = batch_preview_kept(batch)
                text = self.kept_text(batch)
                self.assertEqual(text[:1], b"{")  # a pickle starts with b"\x80"
                kept = json.loads(text)
                self.assertEqual(kept["format"], "sasaeai-import-preview-3")
                self.assertEqual(len(kept["preview"]["rows"]), len(preview.rows))
                self.assertEqual(self.commit_without_reading_the_file(batch), count)
                self.assertEqual(model.objects.filter(municipality=self.city).count(), count)
                self.assertFalse(default_storage.exists(parsed_name(batch)))

    def test_population_and_flat_resources_commit_from_the_kept_json(self) -> None:
        files = self.files()
        name, data = files["population"]
        batch = self.upload("population", name, data)
        batch_preview_kept(batch)
        json.loads(self.kept_text(batch))
        self.assertEqual(self.commit_without_reading_the_file(batch), 2)
        records = PopulationRecord.objects.filter(municipality=self.city).order_by("total")
        self.assertEqual(
            list(records.values_list("town__name", "total")), [("本町", 100), (None, 300)]
        )
        name, data = files["resources_flat"]
        batch = self.upload("resources_flat", name, data)
        batch_preview_kept(batch)
        json.loads(self.kept_text(batch))
        self.commit_without_reading_the_file(batch)
        salon = Resource.objects.get(municipality=self.city, name="北サロン")
        self.assertEqual(salon.capacity, 20)  # 15 → 20, the update the preview showed
        self.assertTrue(Resource.objects.filter(name="新しい体操").exists())
        self.assertTrue(Location.objects.filter(name="南集会所").exists())

    def test_a_changed_registry_reads_the_file_again(self) -> None:
        name, data = self.files()["meshes"]
        batch = self.upload("meshes", name, data)
        batch_preview_kept(batch)
        Town.objects.filter(pk=self.hon.pk).update(name="本町一丁目")
        self.hon.refresh_from_db()
        self.hon.save()  # a history row: the registry's stamp moves
        with mock.patch.object(imports, "batch_preview", wraps=imports.batch_preview) as read:
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(read.call_count, 1)


class PickleIsNeverLoadedTests(KeptPreviewFixture):
    def test_a_pickle_at_the_preview_path_is_not_unpickled(self) -> None:
        """A pickle at the kept preview's path (left from before, or put there) is treated as
        no preview: the upload is read again and nothing in the pickle runs."""
        with tempfile.TemporaryDirectory() as tmp:
            marker = Path(tmp) / "marker"
            name, data = self.files()["meshes"]
            batch = self.upload("meshes", name, data)
            batch_preview_kept(batch)
            stamp = imports.preview_stamp(batch)
            default_storage.delete(parsed_name(batch))
            payload = pickle.dumps((stamp, Hostile(str(marker))))
            default_storage.save(parsed_name(batch), ContentFile(payload))
            with mock.patch.object(imports, "batch_preview", wraps=imports.batch_preview) as read:
                try:
                    written = batch_commit(batch=batch, excluded_lines=[], user=self.user)
                finally:  # whatever the commit did, first: the pickle's code did not run
                    self.assertFalse(marker.exists())
            self.assertEqual(read.call_count, 1)  # the upload was read again instead
            self.assertEqual(written, 2)

    def test_damaged_or_foreign_json_is_no_preview(self) -> None:
        name, data = self.files()["meshes"]
        batch = self.upload("meshes", name, data)
        stamp = json.loads(json.dumps(imports.preview_stamp(batch)))
        for content in (
            b"{not json",
            b"[1, 2]",
            json.dumps({"format": "other", "stamp": stamp, "preview": {}}).encode(),
            json.dumps(
                {"format": imports.PREVIEW_FORMAT, "stamp": stamp, "preview": {"rows": 5}}
            ).encode(),
        ):
            with self.subTest(content):
                self.assertIsNone(imports.kept_preview(content, batch))
