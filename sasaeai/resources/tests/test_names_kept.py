"""Issue #22 item 9: names keep their characters. A name, address or description is stored as
it was written (full-width brackets and spaces, ①, ㈱, ２番３号); only its ends are trimmed
(U+3000 too) and its line breaks written as LF. Width folding (NFKC) is for the derived columns:
the search columns, the duplicate keys and the keys an import finds a record by, so a record an
older import stored folded (愛全園(従来型)) is still the one a file naming 愛全園（従来型） means.
"""

import io

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.imports import batch_commit, batch_create, batch_preview
from sasaeai.resources import duplicates, services
from sasaeai.resources.constants import OrganizationType, ResourceKind, VenueType
from sasaeai.resources.models import Location, Organization, Resource
from sasaeai.resources.services import ResourceInput
from sasaeai.utils.tabular import csv_bytes, xlsx_bytes

from .test_care_import import OLD, old_row
from .test_event_import import OLD as EVENT_HEADER
from .test_event_import import old_row as event_row
from .test_views import FORMSET as SCHEDULES

# The blank schedule at the end of the form, as a browser sends it (its select's first option).
FORMSET = {**SCHEDULES, "schedules-0-pattern": "weekly"}

FLAT_HEADER = ["名称", "運営主体", "会場", "住所", "内容", "種類"]
FLAT_ROWS = [
    [
        "愛全園（従来型）",
        "㈱サンプル",
        "愛全園（従来型）",
        "中央一丁目２番３号",
        "日中の居場所。",
        "通いの場",
    ],
    ["ひだまり　サロン", "", "中央会館", "", "お茶と　おしゃべり", "通いの場"],
    ["ケアセンター①", "", "", "", "", "通いの場"],
    ["　北サロン ", "", "", "", "", "通いの場"],
]
# As stored: the cells as written, only 「　北サロン 」 trimmed (U+3000 before, a space after).
STORED_NAMES = ["ひだまり　サロン", "ケアセンター①", "北サロン", "愛全園（従来型）"]


class Fixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        TownFactory(area=area, name="中央一丁目", latitude=35.7, longitude=139.4)
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def run_import(self, kind: str, data: bytes, name: str):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city, kind=kind, name=name, data=data, user=self.user
        )
        return batch, batch_preview(batch)

    def imported(self, kind: str, data: bytes, name: str = "x.csv"):  # type: ignore[no-untyped-def]
        batch, preview = self.run_import(kind, data, name)
        self.assertEqual(preview.file_errors, [])
        self.assertEqual([row.errors for row in preview.rows if row.errors], [])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        return preview

    def names(self) -> list[str]:
        return sorted(Resource.objects.values_list("name", flat=True))

    def legacy(self, *, kind: str = ResourceKind.KAYOI, **values: object) -> Resource:
        """A resource as the import before issue #22 stored it: every cell after NFKC."""
        return services.resource_save(
            municipality=self.city,
            user=self.user,
            data=ResourceInput(kind=kind, **values),  # type: ignore[arg-type]
        )


class FlatImportTests(Fixture):
    def assert_stored_as_written(self) -> None:
        self.assertEqual(self.names(), STORED_NAMES)
        self.assertEqual(list(Organization.objects.values_list("name", flat=True)), ["㈱サンプル"])
        self.assertEqual(
            sorted(Location.objects.values_list("name", "street")),
            [("中央会館", ""), ("愛全園（従来型）", "中央一丁目２番３号")],
        )
        salon = Resource.objects.get(name="ひだまり　サロン")
        self.assertEqual(salon.description, "お茶と　おしゃべり")
        # The derived columns are folded: normalize() makes the name hiragana, drops the U+3000
        # (ひだまり　サロン → ひだまりさろん) and turns （） into ().
        self.assertEqual(salon.staff_search_text.split("\n")[0], "ひだまりさろん")
        self.assertEqual(
            Resource.objects.get(name="愛全園（従来型）").search_text.split("\n")[0],
            "愛全園(従来型)",
        )

    def test_a_csv_keeps_names_addresses_and_descriptions_as_written(self) -> None:
        self.imported("resources_flat", csv_bytes(FLAT_HEADER, FLAT_ROWS, "utf-8-sig"))
        self.assert_stored_as_written()

    def test_a_shift_jis_csv_too(self) -> None:
        # ① and ㈱ are in cp932 (NEC special characters), as Excel saves them.
        self.imported("resources_flat", csv_bytes(FLAT_HEADER, FLAT_ROWS, "cp932"))
        self.assert_stored_as_written()

    def test_an_excel_sheet_too(self) -> None:
        self.imported("resources_flat", xlsx_bytes("地域資源", FLAT_HEADER, FLAT_ROWS), "x.xlsx")
        self.assert_stored_as_written()

    def test_line_breaks_become_lf_and_inner_spaces_stay(self) -> None:
        rows = [["体操の会", "", "", "", "　一行目\r\n二行目  は　ここ\r三行目 \r\n", "通いの場"]]
        self.imported("resources_flat", csv_bytes(FLAT_HEADER, rows, "utf-8-sig"))
        self.assertEqual(Resource.objects.get().description, "一行目\n二行目  は　ここ\n三行目")

    def test_the_exported_sheet_read_back_is_no_change_and_nothing_new(self) -> None:
        self.imported("resources_flat", csv_bytes(FLAT_HEADER, FLAT_ROWS, "utf-8-sig"))
        self.client.force_login(self.user)
        url = reverse("resources:export_flat", kwargs={"lgcode": self.city.code})
        sheet = load_workbook(io.BytesIO(self.client.get(url, {"format": "xlsx"}).content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        _, preview = self.run_import(
            "resources_flat", xlsx_bytes("地域資源", rows[0], rows[1:]), "x.xlsx"
        )
        self.assertEqual(
            sorted((row.label, row.summary) for row in preview.rows),
            [(name, ("変更なし", "—")) for name in STORED_NAMES],
        )

    def test_a_bracket_changed_in_the_sheet_is_an_update_of_the_name(self) -> None:
        self.imported("resources_flat", csv_bytes(FLAT_HEADER, FLAT_ROWS, "utf-8-sig"))
        self.client.force_login(self.user)
        url = reverse("resources:export_flat", kwargs={"lgcode": self.city.code})
        sheet = load_workbook(io.BytesIO(self.client.get(url, {"format": "xlsx"}).content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        name = rows[0].index("名称")
        (edited,) = (row for row in rows if row[name] == "愛全園（従来型）")
        edited[name] = "愛全園(従来型)"
        batch, preview = self.run_import(
            "resources_flat", xlsx_bytes("地域資源", rows[0], rows[1:]), "x.xlsx"
        )
        changed = [row.summary for row in preview.rows if row.summary[0] != "変更なし"]
        self.assertEqual(changed, [("更新", "名称")])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertIn("愛全園(従来型)", self.names())

    def test_records_stored_folded_before_are_found_not_made_again(self) -> None:
        # The organisation and venue an older import stored after NFKC: ㈱ → (株), U+3000 → " ".
        old_org = services.organization_save(
            municipality=self.city, user=self.user, name="(株)サンプル", type=OrganizationType.OTHER
        )
        old_hall = services.location_save(
            municipality=self.city, user=self.user, name="ひだまり サロン", venue_type="other"
        )
        rows = [["新しい会", "㈱サンプル", "ひだまり　サロン", "", "", "通いの場"]]
        self.imported("resources_flat", csv_bytes(FLAT_HEADER, rows, "utf-8-sig"))
        resource = Resource.objects.get()
        self.assertEqual(resource.organization, old_org)
        self.assertEqual([link.location for link in resource.service_locations.all()], [old_hall])
        self.assertEqual((Organization.objects.count(), Location.objects.count()), (1, 1))

    def test_the_preview_names_the_folded_twin_as_a_possible_duplicate(self) -> None:
        self.legacy(name="愛全園(従来型)")
        _, preview = self.run_import(
            "resources_flat", csv_bytes(FLAT_HEADER, FLAT_ROWS[:1], "utf-8-sig"), "x.csv"
        )
        self.assertEqual(preview.rows[0].summary[0], "重複の疑い（選んでください）")
        suspect = preview.rows[0].suspect
        assert suspect is not None
        self.assertEqual([c.label for c in suspect.candidates], ["愛全園(従来型)"])


class CareServiceImportTests(Fixture):
    def care_file(self) -> bytes:
        row = old_row(
            "愛全園（従来型）",
            "1370000001",
            住所="中央一丁目２番３号",
            方書="ひだまり　ビル２階",
            法人の名称="㈱サンプル",
            介護サービス事業所名称_カナ="ｱｲｾﾞﾝｴﾝ",
        )
        return csv_bytes(OLD, [row], "cp932")

    def test_names_and_addresses_are_stored_as_written(self) -> None:
        self.imported("care_services", self.care_file())
        resource = Resource.objects.get()
        venue = Location.objects.get()
        self.assertEqual(
            (resource.name, venue.name, venue.street, venue.building),
            ("愛全園（従来型）", "愛全園（従来型）", "中央一丁目２番３号", "ひだまり　ビル２階"),
        )
        self.assertEqual(resource.organization.name, "㈱サンプル")
        # The reading is a derived value: half-width ｱｲｾﾞﾝｴﾝ is folded (NFKC) to アイゼンエン.
        self.assertEqual(resource.kana, "アイゼンエン")

    def test_the_same_file_again_is_nothing_new(self) -> None:
        self.imported("care_services", self.care_file())
        preview = self.imported("care_services", self.care_file())
        # The same cells: nothing to write (issue #22; before, every row was 更新).
        self.assertEqual([row.summary[0] for row in preview.rows], ["変更なし"])
        counts = (Resource.objects.count(), Location.objects.count(), Organization.objects.count())
        self.assertEqual(counts, (1, 1, 1))
        self.assertEqual(self.names(), ["愛全園（従来型）"])

    def test_an_office_stored_folded_before_is_updated_and_gets_its_brackets_back(self) -> None:
        # What the import before issue #22 made of the same file: every name after NFKC.
        old_org = services.organization_save(
            municipality=self.city, user=self.user, name="(株)サンプル",
            type=OrganizationType.CARE_PROVIDER,
        )  # fmt: skip
        venue = services.location_save(
            municipality=self.city, user=self.user, name="愛全園(従来型)",
            venue_type=VenueType.CARE_FACILITY, external_id="1370000001",
        )  # fmt: skip
        self.legacy(name="愛全園(従来型)", organization=old_org, locations=[venue])
        preview = self.imported("care_services", self.care_file())
        self.assertEqual([row.summary[0] for row in preview.rows], ["更新"])
        self.assertEqual((Resource.objects.count(), Organization.objects.count()), (1, 1))
        self.assertEqual(self.names(), ["愛全園（従来型）"])
        self.assertEqual(Resource.objects.get().organization, old_org)


class EventImportTests(Fixture):
    def test_an_event_stored_folded_before_gets_the_new_dates(self) -> None:
        hall = services.location_save(
            municipality=self.city, user=self.user, name="中央会館 ホール", venue_type="other"
        )
        self.legacy(name="体操教室(初級)", kind=ResourceKind.EVENT, locations=[hall])
        row = event_row("体操教室（初級）", "2025-06-03", 場所名称="中央会館　ホール")
        batch, preview = self.run_import(
            "events", csv_bytes(EVENT_HEADER, [row], "utf-8-sig"), "e.csv"
        )
        self.assertEqual(preview.rows[0].summary[0], "更新（開催日を追加）")
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual((Resource.objects.count(), Location.objects.count()), (1, 1))

    def test_a_new_event_keeps_its_name_and_place_as_written(self) -> None:
        row = event_row("体操教室（初級）①", "2025-06-03", 場所名称="中央会館　ホール")
        self.imported("events", csv_bytes(EVENT_HEADER, [row], "utf-8-sig"))
        self.assertEqual(self.names(), ["体操教室（初級）①"])
        self.assertEqual(Location.objects.get().name, "中央会館　ホール")


class FormTests(Fixture):
    def setUp(self) -> None:
        self.client.force_login(self.user)

    def url(self, name: str) -> str:
        return reverse(f"resources:{name}", kwargs={"lgcode": self.city.code})

    def test_the_resource_form_trims_only_the_ends(self) -> None:
        data = {
            "name": "　北サロン ", "kind": "kayoi", "status": "active", "is_public": "on",
            "description": "一行目\r\n二行目  は　ここ\r\n", "not_duplicate": "1", **FORMSET,
        }  # fmt: skip
        response = self.client.post(self.url("create"), data)
        self.assertEqual(response.status_code, 302)
        resource = Resource.objects.get()
        self.assertEqual(
            (resource.name, resource.description), ("北サロン", "一行目\n二行目  は　ここ")
        )

    def test_the_resource_form_keeps_brackets_and_marks(self) -> None:
        data = {
            "name": "愛全園（従来型）①", "kind": "kayoi", "status": "active", **FORMSET,
        }  # fmt: skip
        self.assertEqual(self.client.post(self.url("create"), data).status_code, 302)
        self.assertEqual(self.names(), ["愛全園（従来型）①"])

    def test_the_organisation_and_venue_forms_too(self) -> None:
        response = self.client.post(
            self.url("organization_create"), {"name": "㈱サンプル\u3000", "type": "other"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Organization.objects.get().name, "㈱サンプル")
        response = self.client.post(
            self.url("location_create"),
            {"name": "ひだまり　サロン", "venue_type": "other", "street": "中央一丁目２番３号"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(Location.objects.values_list("name", "street")),
            [("ひだまり　サロン", "中央一丁目２番３号")],
        )


class SearchAndDuplicateTests(Fixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.place = services.resource_save(
            municipality=cls.city,
            user=cls.user,
            data=ResourceInput(name="愛全園（従来型）", kind=ResourceKind.KAYOI),
        )

    def staff_names(self, q: str) -> list[str]:
        self.client.force_login(self.user)
        response = self.client.get(reverse("resources:list", kwargs={"lgcode": "132012"}), {"q": q})
        self.assertEqual(response.status_code, 200)
        return [row.name for row in response.context["page"].object_list]

    def public_names(self, q: str) -> list[str]:
        self.client.logout()
        response = self.client.get(reverse("portal:search", kwargs={"lgcode": "132012"}), {"q": q})
        self.assertEqual(response.status_code, 200)
        return [row.name for row in response.context["page"].object_list]

    def test_staff_and_residents_find_it_by_either_bracket_width(self) -> None:
        for q in ("愛全園(従来型)", "愛全園（従来型）", "愛全園", "従来型"):
            with self.subTest(q):
                self.assertEqual(self.staff_names(q), ["愛全園（従来型）"])
                self.assertEqual(self.public_names(q), ["愛全園（従来型）"])

    def test_the_duplicate_finder_pairs_the_two_widths(self) -> None:
        twin = self.legacy(name="愛全園(従来型)")
        pairs = {
            frozenset((a.pk, b.pk)): reasons
            for a, b, reasons in duplicates.duplicate_pairs(self.city)
        }
        self.assertEqual(
            pairs, {frozenset((self.place.pk, twin.pk)): ["名称が同じ（表記ゆれを除く）"]}
        )


class AsTypedTests(TestCase):
    def test_only_the_ends_and_line_breaks(self) -> None:
        from sasaeai.utils.text import as_typed  # here: the module's other tests run without it

        cases = {
            "　北サロン ": "北サロン",  # U+3000 before, a space after
            "\u200b愛全園（従来型）\ufeff": "愛全園（従来型）",  # zero-width, pasted from Word
            "ひだまり　　サロン": "ひだまり　　サロン",  # inner runs kept
            "a\r\nb\rc\n": "a\nb\nc",
            "ケアセンター①": "ケアセンター①",
            "㈱サンプル": "㈱サンプル",
            " \u3000 ": "",
        }
        for text, expected in cases.items():
            with self.subTest(text):
                self.assertEqual(as_typed(text), expected)
