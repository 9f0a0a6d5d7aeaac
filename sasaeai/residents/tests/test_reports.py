"""「情報がちがう」 (issue #26, point 7): a resident's report flags the place 要確認 and reaches
its 圏域's coordinator; the coordinator's answer is recorded on the report and in the place's
verification history, and takes the report's line out of 要確認. Automated posts (the honeypot,
the address's rate limit) write nothing; a place residents may not see has no form.

The city: 全域 (layer 1) ─ 北部 (layer 2, 北町) and 南部 (layer 2, 南町); 「いきいきサロン」 meets in
北町, already 要確認 from an import. On Tuesday 1 December 2026, 10:00 in Tokyo.
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.residents.constants import ReportStatus
from sasaeai.residents.models import CorrectionReport
from sasaeai.resources.constants import ResourceStatus, VerificationMethod
from sasaeai.resources.models import Resource, Verification
from sasaeai.resources.tests.factories import resource_at

NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
IMPORT_LINE = "取込: 定員「二十人くらい」を読めませんでした"


@time_machine.travel(NOW, tick=False)
class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部")
        north_town = TownFactory(municipality=cls.city, area=cls.north, name="北町")
        cls.south_town = TownFactory(municipality=cls.city, area=cls.south, name="南町")
        cls.place = resource_at(
            north_town, name="いきいきサロン", fee_amount=300, review_reason=IMPORT_LINE
        )
        cls.sc2_north = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.sc2_south = user_with_role(Role.SC_LAYER2, cls.city, area=cls.south)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def form_url(self, place: Resource | None = None) -> str:
        pk = (place or self.place).pk
        return reverse("residents_public:report", args=[self.city.code, pk])

    def send(self, **extra: object):  # type: ignore[no-untyped-def]
        data = {"fields_wrong": ["schedule", "fee"], "message": "10時半からになりました。"}
        return self.client.post(self.form_url(), {**data, **extra})

    def report(self) -> CorrectionReport:
        return CorrectionReport.objects.get()

    def resolve(self, user, **extra: object):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        data = {"status": "fixed", "method": "phone", "resolution": "主催者に電話で確かめて直した"}
        url = reverse("residents:report_resolve", args=[self.city.code, self.report().pk])
        return self.client.post(url, {**data, **extra})

    # --- the resident's report -------------------------------------------------------------

    def test_a_place_waiting_on_five_answers_takes_no_more_reports(self) -> None:
        for _n in range(5):
            self.assertEqual(self.send().status_code, 302)
        notices = Notice.objects.count()
        # The sixth is thanked like the others, and neither stored, nor noted, nor noticed.
        self.assertEqual(self.send(message="6件目").status_code, 302)
        self.assertEqual(CorrectionReport.objects.count(), 5)
        self.assertEqual(Notice.objects.count(), notices)
        self.place.refresh_from_db()
        self.assertEqual(self.place.review_reason.count("住民から「情報がちがう」の報告"), 5)

    def test_the_place_page_links_to_the_form(self) -> None:
        response = self.client.get(reverse("portal:detail", args=[self.city.code, self.place.pk]))
        self.assertContains(
            response,
            f'<a href="{self.form_url()}">情報がちがうときはお知らせください</a>',
            html=True,
        )

    def test_a_report_flags_the_place_and_reaches_its_areas_coordinator(self) -> None:
        response = self.send()
        self.assertRedirects(
            response, reverse("residents_public:report_done", args=[self.city.code, self.place.pk])
        )
        report = self.report()
        # Stored in the choices' order (日時 before 費用), whatever order they were ticked in.
        self.assertEqual(
            (report.fields, report.message, report.status, report.resource),
            (["schedule", "fee"], "10時半からになりました。", ReportStatus.OPEN, self.place),
        )
        self.place.refresh_from_db()
        # The fields and the number, never the resident's words (viewers read 要確認 reasons).
        line = f"住民から「情報がちがう」の報告（日時・費用、受付番号 {report.pk}）"
        self.assertEqual(self.place.review_reason, f"{IMPORT_LINE}\n{line}")
        latest = self.place.history.first()
        self.assertEqual(latest.history_change_reason, "要確認の理由を追加しました")
        self.assertIsNone(latest.history_user)
        # 北部's layer-2 coordinator hears; 南部's does not, nor layer 1 (北部 has its own).
        notices = Notice.objects.filter(kind=NoticeKind.RESIDENT_REQUEST)
        self.assertEqual(
            [(n.user, n.key, n.title) for n in notices],
            [
                (
                    self.sc2_north,
                    f"report:{report.pk}",
                    "「いきいきサロン」に「情報がちがう」の報告が届きました",
                )
            ],
        )

    def test_the_confirmation_page_thanks_and_links_back(self) -> None:
        response = self.client.get(self.send()["Location"])
        self.assertContains(response, "お知らせを受け付けました")
        self.assertContains(
            response, reverse("portal:detail", args=[self.city.code, self.place.pk])
        )

    def test_a_report_without_a_field_is_refused_with_the_message_kept(self) -> None:
        response = self.client.post(self.form_url(), {"message": "時間がちがう"})
        self.assertContains(response, "ちがうところを1つ以上選んでください。", status_code=400)
        self.assertContains(response, "時間がちがう</textarea>", status_code=400)
        self.assertFalse(CorrectionReport.objects.exists())

    def test_other_asks_what_is_wrong(self) -> None:
        response = self.send(fields_wrong=["other"], message="")
        self.assertContains(
            response,
            "「その他」を選んだときは、どこがちがうかを書いてください。",
            status_code=400,
        )
        self.assertFalse(CorrectionReport.objects.exists())

    def test_a_filled_honeypot_is_answered_as_sent_and_writes_nothing(self) -> None:
        response = self.send(reference_code="http://spam.example")
        self.assertRedirects(
            response, reverse("residents_public:report_done", args=[self.city.code, self.place.pk])
        )
        self.assertFalse(CorrectionReport.objects.exists())
        self.place.refresh_from_db()
        self.assertEqual(self.place.review_reason, IMPORT_LINE)
        self.assertFalse(Notice.objects.exists())

    @override_settings(RATE_LIMITS={"residents_public:report": (2, 60, ("POST",))})
    def test_the_address_past_its_limit_is_refused_and_nothing_is_written(self) -> None:
        cache.clear()  # another test's window
        statuses = [self.send().status_code for _ in range(3)]
        self.assertEqual(statuses, [302, 302, 429])
        self.assertEqual(CorrectionReport.objects.count(), 2)
        # The form itself (GET) is not counted.
        self.assertEqual(self.client.get(self.form_url()).status_code, 200)

    def test_a_place_residents_may_not_see_has_no_form(self) -> None:
        hidden = resource_at(self.south_town, name="非公開の訪問サービス", is_public=False)
        paused = resource_at(self.south_town, name="休止中のサロン", status=ResourceStatus.PAUSED)
        for place in (hidden, paused):
            with self.subTest(place.name):
                self.assertEqual(self.client.get(self.form_url(place)).status_code, 404)
                response = self.client.post(self.form_url(place), {"fields_wrong": ["fee"]})
                self.assertEqual(response.status_code, 404)
        done = reverse("residents_public:report_done", args=[self.city.code, hidden.pk])
        self.assertEqual(self.client.get(done).status_code, 404)
        other_city = MunicipalityFactory(code="132021")
        url = reverse("residents_public:report", args=[other_city.code, self.place.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(CorrectionReport.objects.exists())

    # --- the coordinator's answer -----------------------------------------------------------

    def test_the_answer_is_recorded_in_the_verification_history(self) -> None:
        self.send()
        response = self.resolve(self.sc2_north)
        self.assertRedirects(response, reverse("residents:reports", args=[self.city.code]))
        report = self.report()
        self.assertEqual(
            (report.status, report.resolution, report.resolved_by, report.resolved_at),
            (ReportStatus.FIXED, "主催者に電話で確かめて直した", self.sc2_north, NOW),
        )
        verification = Verification.objects.get(resource=self.place)
        self.assertEqual(
            (verification.verified_on, verification.verified_by, verification.method),
            (datetime.date(2026, 12, 1), self.sc2_north, VerificationMethod.PHONE),
        )
        self.assertEqual(
            verification.note,
            "「情報がちがう」の報告に対応: 修正した。主催者に電話で確かめて直した",
        )
        self.place.refresh_from_db()
        self.assertEqual(
            (
                self.place.last_verified_on,
                self.place.last_verified_by,
                self.place.last_verified_method,
            ),
            (datetime.date(2026, 12, 1), self.sc2_north, VerificationMethod.PHONE),
        )
        # The report's line is gone; the import's stays.
        self.assertEqual(self.place.review_reason, IMPORT_LINE)
        self.assertEqual(
            self.place.history.first().history_change_reason, "要確認の理由を対応済みにしました"
        )

    def test_the_reports_page_shows_it_with_its_answer_form(self) -> None:
        self.send()
        self.client.force_login(self.sc2_north)
        url = reverse("residents:report_resolve", args=[self.city.code, self.report().pk])
        response = self.client.get(url)
        self.assertContains(response, "日時・費用")
        self.assertContains(response, "対応を記録する")
        # 「主催者が確認」 is for an organiser's own proposal, not offered here.
        self.assertNotContains(response, "主催者が確認")
        self.resolve(self.sc2_north)
        answered = self.client.get(url)
        self.assertNotContains(answered, '<form method="post" action="' + url)
        self.assertContains(answered, "主催者に電話で確かめて直した")

    def test_confirmed_as_right_is_a_check_too(self) -> None:
        self.send()
        self.resolve(self.sc1, status="confirmed", method="visit", resolution="活動日に見に行った")
        self.assertEqual(self.report().status, ReportStatus.CONFIRMED)
        self.assertEqual(
            Verification.objects.get(resource=self.place).note,
            "「情報がちがう」の報告に対応: 確認した結果、正しかった。活動日に見に行った",
        )

    def test_an_answer_without_its_text_is_refused_and_writes_nothing(self) -> None:
        self.send()
        response = self.resolve(self.sc2_north, resolution="")
        self.assertContains(response, "対応の内容を入力してください。", status_code=400)
        self.assertEqual(self.report().status, ReportStatus.OPEN)
        self.assertFalse(Verification.objects.exists())

    def test_a_report_is_answered_once(self) -> None:
        self.send()
        self.resolve(self.sc2_north)
        response = self.resolve(self.sc1, status="confirmed", resolution="二度目")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.report().resolution, "主催者に電話で確かめて直した")
        self.assertEqual(Verification.objects.count(), 1)

    def test_the_queue_shows_a_layer2_coordinator_the_reports_of_their_area_only(self) -> None:
        self.send()
        url = reverse("residents:reports", args=[self.city.code])
        self.client.force_login(self.sc2_north)
        self.assertContains(self.client.get(url), "10時半からになりました。")
        self.client.force_login(self.sc2_south)
        response = self.client.get(url)
        self.assertContains(response, "未対応の報告はありません。")
        self.assertNotContains(response, "いきいきサロン")
        self.client.force_login(self.sc1)
        self.assertContains(self.client.get(url), "10時半からになりました。")
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_another_areas_coordinator_may_not_answer(self) -> None:
        self.send()
        self.client.force_login(self.sc2_south)
        page = reverse("residents:report_resolve", args=[self.city.code, self.report().pk])
        self.assertEqual(self.client.get(page).status_code, 403)
        self.assertEqual(self.resolve(self.sc2_south).status_code, 403)
        self.assertEqual(self.report().status, ReportStatus.OPEN)
        self.assertFalse(Verification.objects.exists())
