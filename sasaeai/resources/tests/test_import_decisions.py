"""Possible duplicates on the flat import are decided row by row (issue #22, point 6).

A row that names no ID and whose 識別子 is not stored may be a resource already registered:
one with a similar name (duplicates.similar_names), or the one with the same name and venues
but other values. It is shown beside each candidate (the file's value and the registered
value of 名称・種類・運営主体・会場・住所・曜日・頻度) and is written only as the user decides:
update that candidate, register it as new, or leave it out. Confirming is refused while a
suspect is undecided, and a decision naming a record that is not one of the row's candidates
decides nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.imports import (
    Candidate,
    Suspect,
    batch_commit,
    batch_create,
    batch_decide,
    batch_preview,
)
from sasaeai.core.models import ImportBatch
from sasaeai.resources import services
from sasaeai.resources.constants import VenueType
from sasaeai.resources.models import Contact, Resource
from sasaeai.resources.tests.factories import ResourceFactory
from sasaeai.utils.tabular import xlsx_bytes

HEADER = ["名称", "種類", "会場", "住所", "曜日・頻度"]


def registered(city: Any, user: Any, name: str, venue: str, venue_type: str, street: str) -> Any:
    """A 通いの場 registered through the screens' services, meeting at one venue."""
    place = services.location_save(
        municipality=city, user=user, name=venue, venue_type=venue_type, street=street
    )
    return services.resource_save(
        municipality=city, user=user,
        data=services.ResourceInput(name=name, kind="kayoi", locations=[place]),
    )  # fmt: skip


class DecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.salon = registered(
            cls.city,
            cls.user,
            "いきいきサロン中央",
            "中央公民館",
            VenueType.COMMUNITY_HALL,
            "中央1-1",
        )
        cls.other_city = MunicipalityFactory(code="132021")
        cls.theirs = ResourceFactory(municipality=cls.other_city, name="いきいきサロン中央")

    def batch(self, rows: list[list[str]]) -> ImportBatch:
        data = xlsx_bytes("地域資源", HEADER, rows)
        return batch_create(
            municipality=self.city, kind="resources_flat", name="x.xlsx", data=data, user=self.user
        )

    def decided(self, batch: ImportBatch, decisions: dict[int, str]) -> ImportBatch:
        batch_decide(batch=batch, decisions=decisions, user=self.user)
        batch.refresh_from_db()
        return batch

    # Line 2: a similar name (the spaces differ), another venue: a suspect. Line 3: no one
    # like it: new without asking.
    ROWS = [
        ["いきいき サロン 中央", "通いの場", "南集会所", "南町2-2", "毎週火曜"],
        ["囲碁クラブ", "通いの場", "北集会所", "", "毎週金曜"],
    ]

    def test_a_suspect_is_shown_beside_its_candidate_and_blocks_the_commit(self) -> None:
        batch = self.batch(self.ROWS)
        preview = batch_preview(batch)
        suspect, new = preview.rows
        self.assertEqual(suspect.summary, ("重複の疑い（選んでください）", "毎週火曜"))
        self.assertEqual(new.summary, ("新規", "毎週金曜"))
        self.assertIsNone(new.suspect)
        # The registered side: the stored resource's name, kind, venue and street; it has no
        # organisation and no schedule (—).
        self.assertEqual(
            suspect.suspect,
            Suspect(
                fields=("名称", "種類", "運営主体", "会場", "住所", "曜日・頻度"),
                cells=("いきいき サロン 中央", "通いの場", "", "南集会所", "南町2-2", "毎週火曜"),
                candidates=[
                    Candidate(
                        f"update:{self.salon.pk}",
                        "いきいきサロン中央",
                        ("いきいきサロン中央", "通いの場", "", "中央公民館", "中央1-1", ""),
                    )
                ],
            ),
        )
        self.assertEqual(preview.undecided_lines([]), [2])
        self.assertFalse(preview.can_commit([]))
        with self.assertRaises(ValidationError) as refused:
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(
            refused.exception.messages,
            [
                "重複の疑いがある1行（2行目）について、既存の記録を更新するか、"
                "新規に登録するか、取り込まないかを選んでください。"
            ],
        )
        self.assertEqual(Resource.objects.filter(municipality=self.city).count(), 1)
        # Leaving the line out (the 取り込まない tick) decides it too.
        self.assertTrue(preview.can_commit([2]))

    def test_update_writes_the_file_into_the_candidate(self) -> None:
        batch = self.decided(self.batch(self.ROWS), {2: f"update:{self.salon.pk}"})
        suspect, _new = batch_preview(batch).rows
        self.assertEqual(suspect.summary, ("更新（選択）", "名称、曜日・頻度、会場"))
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.salon.refresh_from_db()
        # 2 resources: the salon (updated, with the file's name as written) and 囲碁クラブ.
        self.assertEqual(Resource.objects.filter(municipality=self.city).count(), 2)
        self.assertEqual(self.salon.name, "いきいき サロン 中央")
        self.assertEqual(
            [link.location.name for link in self.salon.service_locations.all()], ["南集会所"]
        )

    def test_new_registers_a_second_resource(self) -> None:
        batch = self.decided(self.batch(self.ROWS), {2: "new"})
        self.assertEqual(batch_preview(batch).rows[0].summary, ("新規（選択）", "毎週火曜"))
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        names = Resource.objects.filter(municipality=self.city).order_by("pk")
        self.assertEqual(
            [r.name for r in names], ["いきいきサロン中央", "いきいき サロン 中央", "囲碁クラブ"]
        )
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "いきいきサロン中央")

    def test_skip_leaves_the_row_out_and_records_it(self) -> None:
        batch = self.decided(self.batch(self.ROWS), {2: "skip"})
        self.assertEqual(batch_preview(batch).rows[0].summary, ("取り込まない（選択）", "—"))
        written = batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.assertEqual(written, 1)  # 囲碁クラブ only
        batch.refresh_from_db()
        self.assertEqual(batch.excluded_lines, [2])
        self.assertEqual(Resource.objects.filter(municipality=self.city).count(), 2)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "いきいきサロン中央")

    def test_a_row_decided_as_an_update_is_reviewed_against_the_chosen_resource(self) -> None:
        # The salon has two contacts: a file's contact is then not taken in, and that is
        # said in 要確認の理由 (as for any update), once the user says the row is the salon.
        Contact.objects.create(resource=self.salon, name="山田 太郎")
        Contact.objects.create(resource=self.salon, name="鈴木 花子")
        data = xlsx_bytes(
            "地域資源", [*HEADER, "連絡先"],
            [["いきいき サロン 中央", "通いの場", "中央公民館", "中央1-1", "", "佐藤 一郎"]],
        )  # fmt: skip
        batch = batch_create(
            municipality=self.city, kind="resources_flat", name="x.xlsx", data=data, user=self.user
        )
        batch = self.decided(batch, {2: f"update:{self.salon.pk}"})
        batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.salon.refresh_from_db()
        self.assertEqual(
            self.salon.review_reason,
            "連絡先: この地域資源には連絡先が複数登録されているため、"
            "ファイルの連絡先は取り込んでいません（画面で確かめてください）。",
        )
        self.assertEqual(
            sorted(self.salon.contacts.values_list("name", flat=True)), ["山田 太郎", "鈴木 花子"]
        )

    def test_another_municipalitys_record_or_a_garbled_value_decides_nothing(self) -> None:
        batch = self.decided(self.batch(self.ROWS), {2: f"update:{self.theirs.pk}"})
        preview = batch_preview(batch)
        self.assertEqual(preview.rows[0].suspect.decision, "")  # type: ignore[union-attr]
        self.assertEqual(preview.undecided_lines([]), [2])
        with self.assertRaises(ValidationError):
            batch_commit(batch=batch, excluded_lines=[], user=self.user)
        self.theirs.refresh_from_db()
        self.assertEqual(self.theirs.name, "いきいきサロン中央")
        with self.assertRaises(ValidationError) as refused:
            batch_decide(batch=batch, decisions={2: "update:1 OR 1=1"}, user=self.user)
        self.assertEqual(
            refused.exception.messages, ["2行目: 「update:1 OR 1=1」は選べる判断ではありません。"]
        )

    def test_the_same_name_and_venue_with_other_values_is_an_update_that_can_be_changed(
        self,
    ) -> None:
        # The same name and the same venue as registered, another 曜日・頻度: found by the
        # duplicate rule, an update by default, shown side by side; unchanged it is no suspect.
        row = ["いきいきサロン中央", "通いの場", "中央公民館", "中央1-1", "毎週月曜"]
        batch = self.batch([row])
        (found,) = batch_preview(batch).rows
        self.assertEqual(found.summary, ("更新", "曜日・頻度"))
        self.assertEqual(found.suspect.decision, f"update:{self.salon.pk}")  # type: ignore[union-attr]
        self.assertTrue(batch_preview(batch).can_commit([]))
        batch = self.decided(batch, {2: "new"})
        self.assertEqual(batch_preview(batch).rows[0].summary, ("新規（選択）", "毎週月曜"))
        unchanged = self.batch([["いきいきサロン中央", "通いの場", "中央公民館", "中央1-1", ""]])
        (same,) = batch_preview(unchanged).rows
        self.assertEqual((same.summary, same.suspect), (("変更なし", "—"), None))


class DecisionScreenTests(TestCase):
    """The preview page: the side-by-side table, the radio buttons, 「まとめて」 buttons, and a
    private home's address kept off the page."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.salon = registered(
            cls.city,
            cls.user,
            "ひだまりサロン",
            "田中さん宅",
            VenueType.PRIVATE_HOME,
            "北町3-14-15",
        )

    def preview_url(self, batch: ImportBatch) -> str:
        return reverse("core:import_preview", kwargs={"lgcode": self.city.code, "pk": batch.pk})

    def upload(self) -> ImportBatch:
        rows = [
            ["ひだまり　サロン", "通いの場", "西集会所", "西町1-1", "第2水曜"],
            ["ひだまりサロン西", "通いの場", "西集会所", "西町1-1", "第4水曜"],
        ]
        return batch_create(
            municipality=self.city, kind="resources_flat", name="x.xlsx",
            data=xlsx_bytes("地域資源", HEADER, rows), user=self.user,
        )  # fmt: skip

    def test_the_page_compares_and_the_radios_decide(self) -> None:
        self.client.force_login(self.user)
        batch = self.upload()
        page = self.client.get(self.preview_url(batch))
        self.assertContains(page, "重複の疑いの判断")
        self.assertContains(page, "まだ選んでいない行: 2行")
        self.assertContains(page, "2行目と、同じかもしれない登録済みの地域資源")
        self.assertContains(page, "<td>西町1-1</td>", html=True)
        self.assertContains(page, "<td>田中さん宅</td>", html=True)
        # The private home's street is personal data: not on the page.
        self.assertNotContains(page, "北町3-14-15")
        self.assertContains(
            page,
            f'<input type="radio" name="decide-2" value="update:{self.salon.pk}" id="decide-2-1">',
            html=True,
        )
        # Confirming with line 2 decided on the page and line 3 not: refused, nothing written.
        refused = self.client.post(
            self.preview_url(batch), {"action": "commit", "decide-2": f"update:{self.salon.pk}"}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, "重複の疑いがある1行（3行目）", status_code=400)
        self.assertEqual(Resource.objects.count(), 1)
        # The decision on line 2 was kept; 「未判断の行をすべて新規にする」 decides line 3.
        self.client.post(self.preview_url(batch), {"action": "decide_all_new"})
        batch.refresh_from_db()
        self.assertEqual(batch.decisions, {"2": f"update:{self.salon.pk}", "3": "new"})
        done = self.client.post(self.preview_url(batch), {"action": "commit"})
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "ひだまり　サロン")
        self.assertEqual(
            sorted(Resource.objects.values_list("name", flat=True)),
            # Sorted by code point: U+3000 comes before サ (U+30B5).
            ["ひだまり　サロン", "ひだまりサロン西"],
        )
