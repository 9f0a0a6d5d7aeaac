"""Screens of 地域課題の抽出 on the hand-built city of `city.py` (figures worked out in
test_report.py): the pages with their figures, `?year=`, 404s, the xlsx export read back, the
カルテ PDF (made directly and through its job), making a gap a 地域課題 with its evidence, who may
do so, and the private home that never shows more than its town."""

import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import time_machine
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.analysis import services, tasks
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.constants import JobStatus
from sasaeai.core.models import GeneratedFile
from sasaeai.core.tests.pdf import poppler
from sasaeai.councils import services as councils
from sasaeai.councils.models import Challenge, ChallengeEvidence
from sasaeai.resources.models import Resource

from .city import PRIVATE_NAME, PRIVATE_STREET, TOKYO, build_city

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)  # 令和8年度: 令和7年度 is closed
TODAY = "令和8年11月27日現在"
CLOSED = "令和7年度（令和8年3月31日現在）"


@time_machine.travel(NOW, tick=False)
class AnalysisFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.c = build_city()
        cls.city = cls.c.city
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.north_coordinator = user_with_role(Role.SC_LAYER2, cls.city, area=cls.c.north)
        cls.south_council = councils.council_create(
            municipality=cls.city, area=cls.c.south, name="南部支え合い会議", user=cls.admin
        )

    def url(self, name: str, *args: object) -> str:
        return reverse(f"analysis:{name}", args=[self.city.code, *args])

    def get(self, name: str, *args: object, user=None, **query: str):  # type: ignore[no-untyped-def]
        self.client.force_login(user or self.viewer)
        return self.client.get(self.url(name, *args), query)


class PageTests(AnalysisFixture):
    def test_the_overview_shows_each_area_and_the_city(self) -> None:
        response = self.get("overview")
        self.assertContains(response, f"{TODAY}・人口は令和7年10月1日現在")
        for area in (self.c.north, self.c.south, self.c.east):
            self.assertContains(response, f'<a href="{self.url("karte", area.pk)}">{area.name}</a>')
        # 北部 参加率 40 ÷ 700 = 5.7%, below the national 8%; 800 m: 85.7%.
        self.assertContains(
            response,
            '<td class="num">5.7% <span class="badge badge--warn">国の目標未満</span></td>',
        )
        self.assertContains(response, '<td class="num">85.7%</td>')
        # The city row: 72 ÷ 1,600 = 4.5%; 65+ 1,600.
        self.assertContains(response, "八王子市全体")
        self.assertContains(response, '<td class="num">4.5%</td>')  # no badge on the city's row
        self.assertContains(response, '<td class="num">1,600</td>')

    def test_the_matrix_links_a_short_cell_to_its_page(self) -> None:
        response = self.get("matrix")
        cell = self.url("cell", self.c.east.pk, "support:shopping")
        # 東部 買い物 0 ÷ 500 = 0.00 against the median 1.43: 不足.
        self.assertContains(
            response,
            f'<td class="heat heat--short"><a href="{cell}">0.00<span class="heat-word">不足'
            '</span><span class="visually-hidden">（0件）</span></a></td>',
            html=False,
        )
        # 南部 買い物 2 ÷ 400 = 5.00: 充実.
        rich = self.url("cell", self.c.south.pk, "support:shopping")
        self.assertContains(response, f'<a href="{rich}">5.00<span class="heat-word">充実</span>')

    def test_the_cell_page_lists_the_resources_counted(self) -> None:
        response = self.get("cell", self.c.south.pk, "support:shopping")
        self.assertContains(response, "<h1>南部圏域：生活支援「買い物」</h1>")
        self.assertContains(response, "<dt>件数</dt><dd>2件</dd>")
        self.assertContains(response, "<dd>5.00</dd>")
        self.assertContains(response, "<dd>1.43</dd>")
        for resource in (self.c.errands, self.c.bus):
            self.assertContains(
                response,
                f'<a href="{reverse("resources:detail", args=[self.city.code, resource.pk])}">'
                f"{resource.name}</a>",
            )
        self.assertNotContains(response, "移動販売あかさか")  # 北部's

    def test_the_ranking_lists_areas_by_score_with_the_reason(self) -> None:
        response = self.get("ranking")
        html = response.content.decode()
        # 東部 3.000, 北部 1.552, 南部 0.000.
        self.assertLess(html.index("3.000"), html.index("1.552"))
        self.assertLess(html.index("1.552"), html.index("0.000"))
        self.assertContains(
            response,
            "<td>75歳以上人口が市内最多（300人）、週1回以上の通いの場から800m圏外の高齢者が100.0%</td>",
        )
        self.assertContains(response, "<td>75歳以上人口が290人、ない生活支援が5種類</td>")
        # 南部 is lowest in every part: no reason, a dash.
        self.assertContains(response, '<td class="num">0.000</td>\n      <td>—</td>')

    def test_the_karte_shows_the_areas_figures(self) -> None:
        response = self.get("karte", self.c.north.pk)
        self.assertContains(response, "<h1>地域カルテ：北部圏域</h1>")
        self.assertContains(
            response,
            "通いの場（月1回以上）2か所、65歳以上1,000人あたり2.86か所、参加者（実人数）40人。",
        )
        # The 参加率 chart's table: 北部 5.7%, the city 4.5%, the national 8.0%.
        self.assertContains(
            response, '<tr><th scope="row">北部圏域</th><td class="num">5.7%</td></tr>'
        )
        self.assertContains(
            response, '<tr><th scope="row">八王子市全体</th><td class="num">4.5%</td></tr>'
        )
        self.assertContains(
            response, '<tr><th scope="row">国の目標</th><td class="num">8.0%</td></tr>'
        )
        self.assertContains(response, "優先順位：3圏域中 2位（得点 1.552）")
        # 上野町 is 867.3 m from the nearest weekly place: marked far.
        self.assertContains(response, "上野町 <strong>（遠い）</strong>")

    def test_a_closed_year_is_labelled_and_offered(self) -> None:
        response = self.get("overview", year="2025")
        self.assertContains(response, f"{CLOSED}・人口は令和7年10月1日現在")
        self.assertContains(
            response, '<option value="2025" selected>令和7年度末（3月31日）</option>'
        )
        # The links keep the year.
        self.assertContains(response, f'<a href="{self.url("karte", self.c.north.pk)}?year=2025">')
        # The PDF form (for those who may start it) carries the moment in hidden fields.
        karte = self.get("karte", self.c.north.pk, user=self.north_coordinator, year="2025")
        self.assertContains(karte, f"{CLOSED}・人口は令和7年10月1日現在")
        self.assertContains(karte, '<input type="hidden" name="year" value="2025">')

    def test_a_nonsense_year_falls_back_to_today(self) -> None:
        for year in ("abc", "1999", "²", "2026", "-1", "9" * 30):
            with self.subTest(year):
                response = self.get("overview", year=year)
                self.assertContains(response, TODAY)
                self.assertNotContains(response, "年度（")

    def test_a_chosen_day_is_labelled_and_kept_by_links_and_forms(self) -> None:
        response = self.get("overview", on="2026-04-09")
        self.assertContains(response, "令和8年4月9日現在・人口は令和7年10月1日現在")
        self.assertContains(response, 'value="2026-04-09"')
        self.assertContains(
            response, f'<a href="{self.url("karte", self.c.north.pk)}?on=2026-04-09">'
        )
        karte = self.get(
            "karte", self.c.north.pk, user=self.north_coordinator, on="2026-04-09", year="2025"
        )
        # A day wins over a 年度 given with it.
        self.assertContains(karte, '<input type="hidden" name="on" value="2026-04-09">')
        self.assertNotContains(karte, 'name="year" value="2025">')

    def test_a_nonsense_day_falls_back_to_today(self) -> None:
        # Today (2026-11-27) and later are not past days; 1999 is before 2000-04-01.
        for day in (
            "2026-11-27",
            "2027-01-01",
            "1999-12-31",
            "2026-02-30",
            "２０２６-０４-０９",
            "x",
        ):
            with self.subTest(day):
                self.assertContains(self.get("overview", on=day), TODAY)

    def test_another_municipalitys_area_or_an_unknown_category_is_not_found(self) -> None:
        other = MunicipalityFactory(code="132021")
        stranger = Layer2AreaFactory(municipality=other, parent=AreaFactory(municipality=other))
        self.assertEqual(self.get("karte", stranger.pk).status_code, 404)
        self.assertEqual(self.get("cell", stranger.pk, "support:shopping").status_code, 404)
        # A layer-1 area has no カルテ either.
        self.assertEqual(self.get("karte", self.c.whole.pk).status_code, 404)
        self.assertEqual(self.get("cell", self.c.north.pk, "support:nothing").status_code, 404)
        self.assertEqual(self.get("cell", self.c.north.pk, "shopping").status_code, 404)


class ExportTests(AnalysisFixture):
    def test_the_workbook_read_back(self) -> None:
        response = self.get("export")
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        # 地域課題の抽出_八王子市_20261127.xlsx, percent-encoded.
        self.assertIn("20261127.xlsx", response["Content-Disposition"])
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(
            book.sheetnames,
            ["圏域別の指標", "町丁目別の指標", "圏域×分類", "優先順位", "この表について"],
        )
        areas = [list(row) for row in book["圏域別の指標"].iter_rows(values_only=True)]
        self.assertEqual(areas[0][:3], ["圏域", "総人口", "65歳以上"])
        self.assertEqual(
            [row[0] for row in areas[1:]], ["北部圏域", "南部圏域", "東部圏域", "八王子市全体"]
        )
        # 北部: 1,700, 700, 290, 70, 41.2%, 2 places, 2.86, bands 1/1/0, 40 registered, 5.7%,
        # 57.1 / 85.7 / 100.0, 5 kinds of support missing.
        self.assertEqual(
            areas[1][1:18],
            [1700, 700, 290, 70, 41.2, 2, 2.86, 1, 1, 0, 40, 5.7, 57.1, 85.7, 100, 5,
             "配食、見守り・安否確認、家事援助、ゴミ出し、外出・移動"],
        )  # fmt: skip
        # The city's totals: 3,800, 1,600, 780, 220, 42.1%, 4 places (P4 once), 2.50, 2/1/1,
        # 72, 4.5%, 43.8 / 62.5 / 68.8.
        self.assertEqual(
            areas[4][1:16],
            [3800, 1600, 780, 220, 42.1, 4, 2.5, 2, 1, 1, 72, 4.5, 43.8, 62.5, 68.8],
        )
        towns = [list(row) for row in book["町丁目別の指標"].iter_rows(values_only=True)]
        self.assertEqual(towns[4][:2], ["桜町", "南部圏域"])
        self.assertEqual(towns[4][-1], 100)  # 桜町 within 800 m
        matrix = [list(row) for row in book["圏域×分類"].iter_rows(values_only=True)]
        self.assertIn(["東部圏域", "生活支援", "買い物", 0, 0, 1.43, "不足"], matrix)
        ranking = [list(row) for row in book["優先順位"].iter_rows(values_only=True)]
        self.assertEqual(
            ranking[1],
            [1, "東部圏域", 3,
             "75歳以上人口が市内最多（300人）、週1回以上の通いの場から800m圏外の高齢者が100.0%"],
        )  # fmt: skip
        about = [row[0] for row in book["この表について"].iter_rows(values_only=True)]
        self.assertEqual(about, ["項目", f"{TODAY}・人口は令和7年10月1日現在", "迂回係数 1.30"])

    def test_a_closed_year_export_is_named_for_it(self) -> None:
        response = self.get("export", year="2025")
        self.assertIn(quote("令和7年度.xlsx"), response["Content-Disposition"])
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book["この表について"]["A2"].value, f"{CLOSED}・人口は令和7年10月1日現在")


class KartePdfTests(AnalysisFixture):
    def test_the_pdf_is_a4_in_noto_with_the_figures(self) -> None:
        pdf = tasks.karte_pdf(self.city, self.c.north.pk, None)
        self.assertIn("(A4)", poppler("pdfinfo", pdf))
        fonts = poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(fonts)
        self.assertTrue(all("+Noto-Sans-JP" in line for line in fonts), fonts)
        text = poppler("pdftotext", pdf)
        self.assertIn("地域カルテ：北部圏域", text)
        self.assertIn("八王子市・令和8年11月27日現在", text)
        # 参加率 5.7% and 65+ 700 (41.2%).
        self.assertIn("5.7%", text)
        self.assertIn("700人（41.2%）", text)

    def test_posting_makes_a_file_in_the_background(self) -> None:
        self.client.force_login(self.north_coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("karte_pdf", self.c.north.pk), {"year": "2025"})
        generated = GeneratedFile.objects.get()
        self.assertRedirects(
            response, reverse("core:generated_file", args=[self.city.code, generated.pk])
        )
        self.assertEqual(
            (generated.title, generated.kind, generated.created_by),
            ("地域カルテ_北部圏域_令和7年度", tasks.KARTE_KIND, self.north_coordinator),
        )
        generated.refresh_from_db()
        self.assertEqual(generated.status, JobStatus.DONE)
        text = poppler("pdftotext", generated.file.read())
        self.assertIn(CLOSED, text.replace("\n", ""))

    def test_posting_enqueues_only_after_the_commit(self) -> None:
        self.client.force_login(self.north_coordinator)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post(self.url("karte_pdf", self.c.north.pk))
        generated = GeneratedFile.objects.get()
        self.assertEqual(generated.title, "地域カルテ_北部圏域_20261127")
        self.assertEqual(generated.status, JobStatus.PENDING)
        self.assertEqual(len(callbacks), 1)

    def test_a_get_is_not_allowed(self) -> None:
        self.assertEqual(self.get("karte_pdf", self.c.north.pk).status_code, 405)


class PrivateHomeTests(AnalysisFixture):
    """縁側サロン meets in 山田様方, 4-15-9 (桜町, 南部): only 桜町 may be shown."""

    def test_the_karte_page_shows_the_town_not_the_home(self) -> None:
        response = self.get("karte", self.c.south.pk, user=self.admin)
        self.assertEqual(response.status_code, 200)
        for private in (PRIVATE_STREET, PRIVATE_NAME):
            self.assertNotContains(response, private)
        # The map draws it as a diamond at 桜町 (258.4, 258.4; test_report.py), never at its
        # true position (y 344.6).
        self.assertContains(
            response,
            '<rect x="258.4" y="258.4" width="10" height="10" transform="translate(-5 -5) rotate(45 5 5)"',
        )
        self.assertNotContains(response, "344.6")

    def test_the_karte_pdf_shows_the_town_not_the_home(self) -> None:
        text = poppler("pdftotext", tasks.karte_pdf(self.city, self.c.south.pk, None))
        self.assertIn("桜町", text)
        for private in (PRIVATE_STREET, PRIVATE_NAME):
            self.assertNotIn(private, text)


class GapChallengeTests(AnalysisFixture):
    def post(self, area, user=None, **data: str):  # type: ignore[no-untyped-def]
        self.client.force_login(user or self.admin)
        return self.client.post(self.url("gap_challenge", area.pk), data)

    def evidence(self, challenge: Challenge) -> list[tuple]:
        return [
            (e.kind, e.label, e.value, e.resource_id)
            for e in ChallengeEvidence.objects.filter(challenge=challenge).order_by("pk")
        ]

    def test_a_cell_becomes_a_challenge_of_the_areas_council_with_its_evidence(self) -> None:
        response = self.post(
            self.c.south, title="南部の買い物支援を続けるには", description="担い手の高齢化",
            category="support:shopping",
        )  # fmt: skip
        self.assertRedirects(
            response,
            reverse(
                "councils:home", kwargs={"lgcode": self.city.code, "pk": self.south_council.pk}
            ),
            fetch_redirect_response=False,
        )
        challenge = Challenge.objects.get()
        self.assertEqual(
            (challenge.title, challenge.description, challenge.source, challenge.council,
             challenge.area, challenge.layer, challenge.categories, challenge.created_by),
            ("南部の買い物支援を続けるには", "担い手の高齢化", "gap_analysis", self.south_council,
             self.c.south, 2, ["shopping"], self.admin),
        )  # fmt: skip
        # 2 ÷ 400 × 1,000 = 5.00 against the median 1.43: 充実; then each resource counted, in
        # 50音順 (かいものだいこう before かいものばす).
        self.assertEqual(
            self.evidence(challenge),
            [
                ("indicator", f"南部圏域の買い物（{TODAY}）",
                 "2件（65歳以上1,000人あたり5.00件、市町村の中央値1.43件）：充実", None),
                ("resource", "買い物代行たすけあい", "", self.c.errands.pk),
                ("resource", "買い物バス", "", self.c.bus.pk),
            ],
        )  # fmt: skip

    def test_a_short_cell_of_an_area_without_a_council(self) -> None:
        response = self.post(self.c.east, title="東部で買い物が不足", category="support:shopping")
        challenge = Challenge.objects.get()
        self.assertRedirects(
            response, self.url("karte", self.c.east.pk), fetch_redirect_response=False
        )
        self.assertIsNone(challenge.council)
        self.assertEqual((challenge.area, challenge.categories), (self.c.east, ["shopping"]))
        self.assertEqual(
            self.evidence(challenge),
            [("indicator", f"東部圏域の買い物（{TODAY}）",
              "0件（65歳以上1,000人あたり0.00件、市町村の中央値1.43件）：不足", None)],
        )  # fmt: skip

    def test_other_categories_map_to_the_challenges_fields(self) -> None:
        for category, expected in (
            ("support:garbage", "housework"),
            ("support:meal_delivery", "meals"),
            ("activity:dementia", "dementia"),
            ("activity:tea", "places"),
        ):
            with self.subTest(category):
                self.post(self.c.north, title=category, category=category)
                self.assertEqual(Challenge.objects.get(title=category).categories, [expected])

    def test_the_karte_becomes_a_challenge_with_its_headline_figures(self) -> None:
        # 東部 without any participant: 0 ÷ 500 = 0.0%, a figure, not "—".
        Resource.objects.filter(pk=self.c.p3.pk).update(registered_total=0)
        self.post(self.c.east, title="東部圏域の地域課題", year="2025")
        challenge = Challenge.objects.get()
        self.assertEqual(challenge.categories, [])
        rows = {label: value for _kind, label, value, _r in self.evidence(challenge)}
        # The closed 年度 was asked for: its registry (P3 with 20 registered) is used.
        prefix = f"東部圏域（{CLOSED}）"
        self.assertEqual(rows[f"{prefix} 65歳以上人口"], "500人（高齢化率50.0%）")
        self.assertEqual(rows[f"{prefix} 参加率"], "4.0%（国の目標8.0%）")
        self.assertEqual(rows[f"{prefix} 週1回以上の通いの場から800m圏外の高齢者"], "100.0%")
        today = self.post(self.c.east, title="今日の東部")
        self.assertEqual(today.status_code, 302)
        rows = {
            label: value
            for _kind, label, value, _r in self.evidence(Challenge.objects.get(title="今日の東部"))
        }
        self.assertEqual(rows[f"東部圏域（{TODAY}） 参加率"], "0.0%（国の目標8.0%）")
        self.assertEqual(
            rows[f"東部圏域（{TODAY}） 通いの場（月1回以上）"],
            "1か所（65歳以上1,000人あたり2.00か所）",
        )

    def test_a_refusal_of_the_service_is_shown_on_the_form(self) -> None:
        from unittest import mock

        from django.core.exceptions import ValidationError

        refusal = ValidationError({"area": "この市町村の日常生活圏域を選んでください。"})
        with mock.patch("sasaeai.analysis.gaps.gap_challenge_create", side_effect=refusal):
            response = self.post(self.c.east, title="東部の課題", description="メモ")
        self.assertContains(response, "この市町村の日常生活圏域を選んでください。", status_code=400)
        self.assertContains(response, 'value="東部の課題"', status_code=400)
        self.assertFalse(Challenge.objects.exists())

    def test_an_empty_title_is_refused_with_the_input_kept_and_nothing_written(self) -> None:
        response = self.post(
            self.c.south,
            title="  ",
            description="坂が多くて店まで遠い",
            category="support:shopping",
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "坂が多くて店まで遠い</textarea>", status_code=400)
        self.assertContains(response, "入力内容を確認してください。", status_code=400)
        self.assertContains(
            response,
            '<input type="hidden" name="category" value="support:shopping">',
            status_code=400,
        )
        self.assertFalse(Challenge.objects.exists())
        self.assertFalse(ChallengeEvidence.objects.exists())
        karte = self.post(self.c.south, title="", description="カルテから")
        self.assertContains(karte, "カルテから</textarea>", status_code=400)
        self.assertContains(karte, "<h1>地域カルテ：南部圏域</h1>", status_code=400)
        self.assertFalse(Challenge.objects.exists())

    def test_someone_who_may_not_edit_the_area_is_refused(self) -> None:
        for user in (self.viewer, self.north_coordinator):
            with self.subTest(user=user.username):
                response = self.post(
                    self.c.south, user=user, title="書けないはず", category="support:shopping"
                )
                self.assertEqual(response.status_code, 403)
        self.assertFalse(Challenge.objects.exists())
        self.assertFalse(ChallengeEvidence.objects.exists())
        # The 北部 coordinator may raise one for 北部, and sees the form there; the viewer not.
        self.assertContains(
            self.get("karte", self.c.north.pk, user=self.north_coordinator),
            "地域課題として登録する",
        )
        self.assertNotContains(self.get("karte", self.c.north.pk), "地域課題として登録する")
        self.assertEqual(
            self.post(self.c.north, user=self.north_coordinator, title="北部の課題").status_code,
            302,
        )

    def test_an_unknown_category_or_another_municipalitys_area_is_not_found(self) -> None:
        self.assertEqual(
            self.post(self.c.south, title="x", category="support:nothing").status_code, 404
        )
        other = MunicipalityFactory(code="132021")
        stranger = Layer2AreaFactory(municipality=other, parent=AreaFactory(municipality=other))
        self.assertEqual(self.post(stranger, title="x").status_code, 404)
        self.assertFalse(Challenge.objects.exists())

    def test_a_get_is_not_allowed(self) -> None:
        self.assertEqual(self.get("gap_challenge", self.c.south.pk).status_code, 405)


class ValueTests(AnalysisFixture):
    def test_the_settings_change_the_judgement(self) -> None:
        # With 不足 below 0.95 × the median 1.43 = 1.3585, 北部's 1.43 stays 標準; with 充実 above
        # 1.05 × 2.50 = 2.625, 北部's 体操 2.86 becomes 充実.
        services.analysis_settings_save(
            municipality=self.city,
            values={"short_below": Decimal("0.95"), "rich_above": Decimal("1.05")},
            weights={},
            user=self.admin,
        )
        response = self.get("cell", self.c.north.pk, "activity:exercise")
        self.assertContains(response, "<dd>充実</dd>")
