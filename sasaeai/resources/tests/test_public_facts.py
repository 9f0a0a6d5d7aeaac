"""Public facts stay honest (issue #22): 事前申込・送迎・バリアフリー are 不明／あり／なし, and every
staff surface, export and import keeps 不明 as 不明 (never a 「なし」 nobody said).

Three resources, one per state: 不明 (nothing recorded), あり (all True), なし (all False)."""

import importlib

from django.apps import apps
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.imports import batch_commit, batch_create, batch_map_values, batch_preview
from sasaeai.core.models import ImportBatch
from sasaeai.resources import selectors, services
from sasaeai.resources.constants import ResourceKind
from sasaeai.resources.exports import hsds, sheets, standard_csv
from sasaeai.resources.exports.flat import FLAT_COLUMNS, flat_rows, resource_cells
from sasaeai.resources.models import Resource
from sasaeai.resources.services import ResourceInput
from sasaeai.resources.tests.factories import LocationFactory
from sasaeai.utils.tabular import xlsx_bytes

from .test_views import FORMSET

FACTS = ("registration_required", "pickup", "barrier_free")
CREATE = {
    "name": "いきいき体操", "kind": "kayoi", "status": "active", "is_public": "on",
    **FORMSET, "schedules-TOTAL_FORMS": "0",
}  # fmt: skip


class Fixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=cls.city, name="北部圏域")
        town = TownFactory(area=area, name="桜町", latitude=35.7, longitude=139.4)
        cls.hall = LocationFactory(municipality=cls.city, name="北公民館", town=town, area=area)
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

        def place(name: str, kana: str, **facts: bool) -> Resource:
            return services.resource_save(
                municipality=cls.city, user=cls.user,
                data=ResourceInput(name=name, kana=kana, kind=ResourceKind.KAYOI, locations=[cls.hall], fields=facts),
            )  # fmt: skip

        cls.unknown = place("あおぞらサロン", "あおぞらさろん")
        cls.yes = place("いこいの家", "いこいのいえ", **dict.fromkeys(FACTS, True))
        cls.no = place("うみべ体操", "うみべたいそう", **dict.fromkeys(FACTS, False))

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def facts(self, resource: Resource) -> list[bool | None]:
        resource.refresh_from_db()
        return [getattr(resource, f) for f in FACTS]


class FormTests(Fixture):
    def create(self, **extra: str) -> Resource:
        response = self.client.post(
            reverse("resources:create", kwargs={"lgcode": "132012"}), {**CREATE, **extra}
        )
        self.assertEqual(response.status_code, 302)
        return Resource.objects.get(name="いきいき体操")

    def test_a_resource_created_without_choosing_has_the_facts_unknown(self) -> None:
        self.assertEqual(self.facts(self.create()), [None, None, None])

    def test_the_select_records_yes_no_and_unknown(self) -> None:
        resource = self.create(registration_required="true", pickup="false", barrier_free="unknown")
        self.assertEqual(self.facts(resource), [True, False, None])

    def test_each_fact_is_a_labelled_select_with_unknown_first_and_chosen(self) -> None:
        html = self.client.get(reverse("resources:create", kwargs={"lgcode": "132012"}))
        html = html.content.decode()
        self.assertIn('<label for="id_pickup">送迎</label>', html)
        self.assertIn(
            '<select name="pickup" aria-describedby="id_pickup-help" id="id_pickup">\n'
            '  <option value="unknown" selected>不明（まだ確かめていない）</option>\n\n'
            '  <option value="true">あり</option>\n\n'
            '  <option value="false">なし</option>\n\n'
            "</select>",
            html,
        )
        self.assertIn(
            '<span class="help" id="id_pickup-help">わからないときは「不明」のまま。'
            "住民向けページには「お問い合わせください」と出ます。</span>",
            html,
        )
        for name, label in (
            ("registration_required", "事前申込"),
            ("barrier_free", "バリアフリー"),
        ):
            self.assertIn(f'<label for="id_{name}">{label}</label>', html)

    def test_the_edit_form_shows_the_recorded_no(self) -> None:
        url = reverse("resources:edit", kwargs={"lgcode": "132012", "pk": self.no.pk})
        html = self.client.get(url).content.decode()
        self.assertIn('<option value="false" selected>なし</option>', html)


class FlatExportImportTests(Fixture):
    def cells(self, resource: Resource) -> list[str]:
        row = dict(zip(FLAT_COLUMNS, resource_cells(resource), strict=False))
        return [row["事前申込"], row["送迎"], row["バリアフリー"]]

    def test_the_sheet_writes_blank_for_unknown(self) -> None:
        self.assertEqual(self.cells(self.unknown), ["", "", ""])
        self.assertEqual(self.cells(self.yes), ["あり", "あり", "あり"])
        self.assertEqual(self.cells(self.no), ["なし", "なし", "なし"])

    def run_import(self, rows: list[list]):  # type: ignore[no-untyped-def]
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name="x.xlsx",
            data=xlsx_bytes("地域資源", rows[0], rows[1:]), user=self.user,
        )  # fmt: skip
        # New rows without a 種類 column are 通いの場, chosen for the whole file.
        batch_map_values(batch=batch, choices={"種類": {"": "kayoi"}}, user=self.user)
        batch.refresh_from_db()
        return batch, batch_preview(batch)

    def test_the_exported_sheet_reads_back_unchanged(self) -> None:
        resources = selectors.sheet_resources(self.city, [self.unknown.pk, self.yes.pk, self.no.pk])
        batch, preview = self.run_import([list(FLAT_COLUMNS), *flat_rows(resources)])
        self.assertEqual(
            [(row.label, row.errors, row.summary) for row in preview.rows],
            [
                ("あおぞらサロン", [], ("変更なし", "—")),
                ("いこいの家", [], ("変更なし", "—")),
                ("うみべ体操", [], ("変更なし", "—")),
            ],
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(self.facts(self.unknown), [None, None, None])
        self.assertEqual(self.facts(self.yes), [True, True, True])
        self.assertEqual(self.facts(self.no), [False, False, False])

    def test_new_rows_read_yes_no_and_blank_as_unknown(self) -> None:
        header = ["名称", "会場", "事前申込", "送迎", "バリアフリー"]
        batch, preview = self.run_import(
            [
                header,
                ["体操A", "北公民館", "", "", ""],
                ["体操B", "北公民館", "要", "○", "有"],
                ["体操C", "北公民館", "不要", "×", "なし"],
            ]
        )
        self.assertEqual([row.errors for row in preview.rows], [[], [], []])
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(self.facts(Resource.objects.get(name="体操A")), [None, None, None])
        self.assertEqual(self.facts(Resource.objects.get(name="体操B")), [True, True, True])
        self.assertEqual(self.facts(Resource.objects.get(name="体操C")), [False, False, False])

    def test_a_sheet_without_the_columns_leaves_new_rows_unknown_and_old_ones_as_they_are(
        self,
    ) -> None:
        batch, _ = self.run_import(
            [
                ["ID", "名称", "会場"],
                ["", "体操D", "北公民館"],
                [str(self.no.uuid), "うみべ体操", "北公民館"],
            ]
        )
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(self.facts(Resource.objects.get(name="体操D")), [None, None, None])
        self.assertEqual(self.facts(self.no), [False, False, False])

    def test_a_word_that_says_neither_is_named(self) -> None:
        _, preview = self.run_import([["名称", "送迎"], ["体操E", "たぶん"]])
        self.assertEqual(
            preview.rows[0].errors,
            ["送迎: 「たぶん」は「あり」「なし」か空欄（不明）で入力してください。"],
        )


class CareImportTests(Fixture):
    def test_an_imported_care_office_has_the_facts_unknown(self) -> None:
        from sasaeai.utils.tabular import csv_bytes

        from .test_care_import import OLD, old_row

        batch = batch_create(
            municipality=self.city, kind="care_services", name="care.csv",
            data=csv_bytes(OLD, [old_row("デイサービスさくら", "1370000001")], "cp932"), user=self.user,
        )  # fmt: skip
        batch_preview(batch)
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(
            self.facts(Resource.objects.get(name="デイサービスさくら")), [None, None, None]
        )


class StandardExportTests(Fixture):
    def public(self) -> dict[str, object]:
        return {r.name: r for r in selectors.public_resources(self.city)}

    def test_hsds_states_the_application_process_only_when_recorded(self) -> None:
        services_ = {s["name"]: s for s in hsds.hsds_services(list(self.public().values()))}
        self.assertNotIn("application_process", services_["あおぞらサロン"])
        self.assertEqual(services_["いこいの家"]["application_process"], "事前の申込が必要です。")
        self.assertEqual(services_["うみべ体操"]["application_process"], "申込は不要です。")

    def test_the_standard_csv_writes_yes_no_or_blank(self) -> None:
        columns = list(standard_csv.STANDARD_COLUMNS)
        pickup, barrier = columns.index("送迎"), columns.index("バリアフリー")
        result = {}
        for name, resource in self.public().items():
            row = standard_csv.row(self.city, resource, resource.locations[0])  # type: ignore[attr-defined]
            result[name] = (row[pickup], row[barrier])
        self.assertEqual(
            result,
            {"あおぞらサロン": ("", ""), "いこいの家": ("有", "有"), "うみべ体操": ("無", "無")},
        )


class SheetTests(Fixture):
    def lines(self, resource: Resource) -> tuple[str, ...]:
        (row,) = [r for r in sheets.sheet_of(resource).rows if r.label == "申込・送迎など"]
        return row.lines

    def test_the_check_sheet_leaves_unknown_facts_to_be_circled(self) -> None:
        self.assertEqual(
            self.lines(self.unknown),
            (
                "事前申込：未確認（必要・不要）",
                "送迎：未確認（あり・なし）",
                "バリアフリー：未確認（対応・非対応）",
            ),
        )
        self.assertEqual(
            self.lines(self.yes), ("事前申込：必要", "送迎：あり", "バリアフリー：対応")
        )
        self.assertEqual(
            self.lines(self.no), ("事前申込：不要", "送迎：なし", "バリアフリー：非対応")
        )


class MigrationTests(Fixture):
    """0010: a False that only an import's old default put there becomes unknown; the rest stay."""

    def test_only_never_changed_defaults_of_imported_resources_become_unknown(self) -> None:
        migration = importlib.import_module(
            "sasaeai.resources.migrations.0010_public_facts_unknown"
        )
        imported = services.resource_save(
            municipality=self.city, user=self.user,
            data=ResourceInput(name="取込施設", kind=ResourceKind.CARE_PROVIDER, fields=dict.fromkeys(FACTS, False)),
        )  # fmt: skip
        ticked_once = services.resource_save(
            municipality=self.city, user=self.user,
            data=ResourceInput(name="取込後に直した施設", kind=ResourceKind.CARE_PROVIDER, fields=dict.fromkeys(FACTS, True)),
        )  # fmt: skip
        ticked_once.pickup = False  # あり, then a person chose なし: that なし is said
        ticked_once.save()
        ImportBatch.objects.create(
            municipality=self.city, kind="care_services", original_name="care.csv",
            created_by=self.user,
            written={"created": [["resources.resource", [imported.pk, ticked_once.pk]]]},
        )  # fmt: skip
        version = Resource.objects.get(pk=imported.pk).version
        migration.imported_defaults_unknown(apps, None)
        self.assertEqual(self.facts(imported), [None, None, None])
        self.assertEqual(imported.version, version + 3)  # one bump per fact
        self.assertEqual(self.facts(ticked_once), [True, False, True])
        self.assertEqual(self.facts(self.no), [False, False, False])  # not imported: kept

    def test_no_barrier_free_false_was_ever_said_so_each_becomes_unknown(self) -> None:
        # The portal showed 「お問い合わせください」 for a False バリアフリー, never 「対応していません」:
        # every False becomes unknown (self.no: 事前申込 なし, 送迎 なし kept; バリアフリー 不明),
        # a True stays.
        migration = importlib.import_module(
            "sasaeai.resources.migrations.0010_public_facts_unknown"
        )
        migration.barrier_free_never_said(apps, None)
        self.assertEqual(self.facts(self.no), [False, False, None])
        self.assertEqual(self.facts(self.yes), [True, True, True])
