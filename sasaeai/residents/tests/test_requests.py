"""Residents' requests (issue #26, points 2–4): the form without an account, the coordinators'
inbox and its steps, referrals, the counts of the plan and the network, erasure on request and
the retention purge."""

from __future__ import annotations

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core import retention
from sasaeai.core.models import PersonalDataAccess
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.plans import sources
from sasaeai.plans.constants import Source
from sasaeai.residents import selectors, services
from sasaeai.residents.constants import Outcome, RequestKind, RequestStatus, Routing
from sasaeai.residents.models import (
    ERASED_NAME,
    CorrectionReport,
    Referral,
    RequestStatusChange,
    ResidentRequest,
    ResidentSettings,
)
from sasaeai.residents.notices import follow_up_scan
from sasaeai.resources import services as resource_services
from sasaeai.resources.constants import ContactRole
from sasaeai.resources.models import Contact, VolunteerRole
from sasaeai.resources.tests.factories import resource_at

NOW = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 令和8年度


def two_areas(cls: type) -> None:
    """A city with 中央圏域 (本町一丁目 and its 本町サロン) and 北圏域, each with its layer-2 SC."""
    cls.city = MunicipalityFactory(code="132012")
    cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
    cls.other_area = Layer2AreaFactory(municipality=cls.city, name="北圏域")
    cls.town = TownFactory(municipality=cls.city, area=cls.area, name="本町一丁目")
    cls.place = resource_at(cls.town, name="本町サロン")
    cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=cls.area)
    cls.sc2_other = user_with_role(Role.SC_LAYER2, cls.city, area=cls.other_area)


def form_data(**overrides: object) -> dict[str, object]:
    data = {
        "kind": "visit",
        "name": "さくら",
        "phone": "042-555-0101",
        "email": "",
        "preferred_days": ["1", "3"],
        "preferred_times": ["morning"],
        "transport": "yes",
        "message": "膝が少し悪いです",
        "consent": "on",
        "reference_code": "",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
class RequestFormTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        two_areas(cls)
        cls.url = reverse("residents_public:request", args=[cls.city.code])

    def test_a_resident_sends_a_visit_and_the_areas_coordinator_hears_of_it(self) -> None:
        page = self.client.get(f"{self.url}?kind=visit&place={self.place.pk}")
        self.assertContains(page, "本町サロンへの申し込み")
        # The consent sentence names who receives it and how long it is kept (5 years by default).
        self.assertContains(page, f"{self.city.name}の生活支援コーディネーター")
        response = self.client.post(self.url, {**form_data(), "place": self.place.pk})
        self.assertRedirects(
            response,
            reverse("residents_public:request_done", args=[self.city.code])
            + f"?kind=visit&place={self.place.pk}",
        )
        (request,) = ResidentRequest.objects.all()
        self.assertEqual(
            (request.kind, request.resource, request.area, request.name, request.preferred_days),
            ("visit", self.place, self.area, "さくら", [1, 3]),
        )
        self.assertIs(request.transport_needed, True)
        self.assertEqual(request.status_changes.get().status, RequestStatus.RECEIVED)
        # Only the coordinator of the place's 圏域, and the notice holds no name.
        (notice,) = Notice.objects.filter(kind=NoticeKind.RESIDENT_REQUEST)
        self.assertEqual(notice.user, self.sc2)
        self.assertEqual(notice.title, "住民から「行ってみたい」（本町サロン）")
        self.assertNotIn("さくら", notice.title + notice.body)

    def test_a_refused_post_names_the_fields_keeps_the_input_and_writes_nothing(self) -> None:
        response = self.client.post(
            self.url, form_data(name="", phone="", email="", consent="", message="ひざが痛い")
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "お名前（ニックネームでもかまいません）を入力してください。", status_code=400
        )
        self.assertContains(
            response, "電話番号かメールアドレスのどちらかを入力してください", status_code=400
        )
        self.assertContains(response, "同意にチェックを入れてください", status_code=400)
        self.assertContains(response, "ひざが痛い", status_code=400)
        self.assertFalse(ResidentRequest.objects.exists())
        self.assertFalse(Notice.objects.exists())

    def test_the_honeypot_is_told_thanks_and_nothing_is_stored_or_sent(self) -> None:
        response = self.client.post(self.url, form_data(reference_code="http://spam.example"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ResidentRequest.objects.exists())
        self.assertFalse(Notice.objects.exists())
        self.assertEqual(mail.outbox, [])

    @override_settings(
        RATE_LIMITS={"residents_public:request": (2, 60, ("POST",))},
        RATE_LIMIT_TRUSTED_PROXIES=0,
    )
    def test_the_third_post_in_a_minute_is_refused_and_not_stored(self) -> None:
        caches["default"].clear()  # the counts of an earlier test in this process
        for _n in range(2):
            self.assertEqual(self.client.post(self.url, form_data()).status_code, 302)
        third = self.client.post(self.url, form_data(name="三人目"))
        self.assertEqual(third.status_code, 429)
        # Two stored, the third not.
        self.assertEqual(ResidentRequest.objects.count(), 2)
        self.assertFalse(ResidentRequest.objects.filter(name="三人目").exists())

    def test_the_honeypot_wins_over_invalid_values_and_nothing_is_stored(self) -> None:
        # A program that fills every box, wrongly: it is told thanks, not what was wrong.
        response = self.client.post(
            self.url, form_data(reference_code="x", name="", phone="", consent="")
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ResidentRequest.objects.exists())

    def test_a_role_goes_with_help_only(self) -> None:
        role = VolunteerRole.objects.create(resource=self.place, title="お茶出し")
        with self.assertRaisesMessage(ValidationError, "「手伝いたい」を選んでください"):
            services.request_receive(
                municipality=self.city, kind="visit", name="さくら", phone="042-555-0101",
                resource=self.place, volunteer_role=role, consented=True,
            )  # fmt: skip
        self.assertFalse(ResidentRequest.objects.exists())

    def test_a_place_residents_may_not_see_is_not_offered(self) -> None:
        self.place.is_public = False
        self.place.save()
        page = self.client.get(f"{self.url}?kind=visit&place={self.place.pk}")
        self.assertNotContains(page, "本町サロン")
        self.client.post(self.url, {**form_data(), "place": self.place.pk})
        self.assertIsNone(ResidentRequest.objects.get().resource)

    def test_the_organiser_is_mailed_when_the_municipality_chose_both(self) -> None:
        ResidentSettings.objects.create(municipality=self.city, routing=Routing.BOTH)
        Contact.objects.create(resource=self.place, name="代表", email="salon@example.jp")
        page = self.client.get(f"{self.url}?kind=visit&place={self.place.pk}")
        # The place has no organisation: the organiser is named by the place.
        self.assertContains(
            page, "この活動の主催者（本町サロン）にも、お名前と連絡先をメールでお伝えします。"
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url, {**form_data(), "place": self.place.pk})
        (sent,) = mail.outbox
        self.assertEqual(sent.to, ["salon@example.jp"])
        self.assertIn("お名前: さくら", sent.body)
        self.assertIn("電話番号: 042-555-0101", sent.body)
        self.assertTrue(Notice.objects.filter(user=self.sc2).exists())
        self.assertIsNotNone(ResidentRequest.objects.get().organiser_notified_at)


@time_machine.travel(NOW, tick=False)
class OrganiserMailTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city, name="中央圏域")
        cls.place = resource_at(
            TownFactory(municipality=cls.city, area=cls.area), name="本町サロン"
        )
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=cls.area)
        ResidentSettings.objects.create(municipality=cls.city, routing=Routing.ORGANISER)
        # Two organisers, and a contact noted as 「その他」 who is not one.
        for name, role, email in (
            ("代表", ContactRole.REPRESENTATIVE, "daihyo@example.jp"),
            ("連絡", ContactRole.CONTACT, "renraku@example.jp"),
            ("近所の人", ContactRole.OTHER, "kinjo@example.jp"),
        ):
            Contact.objects.create(resource=cls.place, name=name, role=role, email=email)

    def receive(self, kind: str = "visit") -> ResidentRequest:
        with self.captureOnCommitCallbacks(execute=True):
            return services.request_receive(
                municipality=self.city, kind=kind, name="さくら", phone="042-555-0101",
                resource=self.place, consented=True,
            )  # fmt: skip

    def test_to_organisers_only_each_gets_a_mail_of_their_own_and_no_coordinator_notice(
        self,
    ) -> None:
        request = self.receive()
        self.assertEqual(
            sorted(tuple(m.to) for m in mail.outbox),
            [("daihyo@example.jp",), ("renraku@example.jp",)],
        )
        self.assertFalse(Notice.objects.exists())
        # The record is still the coordinators': in the inbox, with the mail's date.
        self.assertIsNotNone(ResidentRequest.objects.get(pk=request.pk).organiser_notified_at)
        self.assertIn("この活動の主催者（本町サロン）にも", request.consent_text)

    def test_a_consultation_is_never_mailed_to_an_organiser(self) -> None:
        request = self.receive(kind="consult")
        self.assertEqual(mail.outbox, [])
        self.assertEqual(list(Notice.objects.values_list("user", flat=True)), [self.sc2.pk])
        self.assertNotIn("主催者", request.consent_text)

    def test_when_no_mail_can_be_sent_the_coordinator_is_told(self) -> None:
        with mock.patch("sasaeai.residents.tasks.send_mail", side_effect=OSError("SMTP down")):
            request = self.receive()
        self.assertIsNone(ResidentRequest.objects.get(pk=request.pk).organiser_notified_at)
        (notice,) = Notice.objects.all()
        self.assertEqual(
            (notice.user, notice.title),
            (
                self.sc2,
                "主催者へのメールが送れませんでした。連絡をお願いします："
                "「行ってみたい」（本町サロン）",
            ),
        )


@time_machine.travel(NOW, tick=False)
class InboxTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        two_areas(cls)
        cls.member = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.place2 = resource_at(cls.town, name="本町体操")
        cls.request = services.request_receive(
            municipality=cls.city, kind=RequestKind.VISIT, name="さくら",
            phone="042-555-0101", resource=cls.place, consented=True,
        )  # fmt: skip

    def page(self) -> str:
        return reverse("residents:request", args=[self.city.code, self.request.pk])

    def test_the_coordinator_moves_it_to_contacted_then_joined_and_the_counts_follow(self) -> None:
        self.client.force_login(self.sc2)
        inbox = self.client.get(reverse("residents:inbox", args=[self.city.code]))
        self.assertContains(inbox, "さくら")
        move = reverse("residents:request_move", args=[self.city.code, self.request.pk])
        for status in ("contacted", "joined"):
            self.assertRedirects(
                self.client.post(move, {"status": status}),
                self.page(),
                fetch_redirect_response=False,
            )
        self.request.refresh_from_db()
        self.assertEqual(self.request.status, RequestStatus.JOINED)
        # 連絡済 made the referral to the place; 参加中 settled it.
        (referral,) = Referral.objects.all()
        self.assertEqual(
            (referral.resource, referral.outcome, referral.made_by),
            (self.place, Outcome.JOINED, self.sc2),
        )
        self.assertEqual(
            list(self.request.status_changes.values_list("status", flat=True)),
            ["received", "contacted", "joined"],
        )
        # 令和8年度: 1 request, 1 referral, 1 person joined, no 担い手.
        found = selectors.counts(self.city, 2026)
        self.assertEqual(
            (found.total.requests, found.total.referrals, found.total.joined, found.total.helpers),
            (1, 1, 1, 0),
        )
        self.assertEqual(found.by_area[self.area.pk].joined, 1)
        self.assertEqual(sources.computed(Source.PEOPLE_JOINED, self.city, 2026), 1)
        self.assertEqual(sources.computed(Source.PEOPLE_JOINED, self.city, 2025), 0)
        # The page with the names was logged (the inbox, once); the posts show none.
        self.assertEqual(PersonalDataAccess.objects.filter(user=self.sc2).count(), 1)

    def test_no_one_reached_is_no_referral_and_a_request_taken_up_again_reopens_it(
        self,
    ) -> None:
        services.request_move(
            request=self.request, status="not_connected", by=self.sc2, reason="電話に出ない"
        )
        self.assertFalse(Referral.objects.exists())
        services.request_move(request=self.request, status="contacted", by=self.sc2)
        services.request_move(
            request=self.request, status="not_connected", by=self.sc2, reason="合わなかった"
        )
        services.request_move(request=self.request, status="contacted", by=self.sc2)
        referral = Referral.objects.get()
        self.assertEqual((referral.outcome, referral.outcome_on), (Outcome.PENDING, None))

    def test_a_referral_settled_joined_counts_the_person_once(self) -> None:
        services.request_move(request=self.request, status="contacted", by=self.sc2)
        other = services.referral_make(request=self.request, by=self.sc2, resource=self.place2)
        services.referral_settle(referral=other, outcome="joined", by=self.sc2)
        # Joined through the referral (the request itself stays 連絡済): 1 person.
        self.assertEqual(selectors.counts(self.city, 2026).total.joined, 1)
        services.request_move(request=self.request, status="joined", by=self.sc2)
        # Joined the first place too: still the one person.
        self.assertEqual(selectors.counts(self.city, 2026).total.joined, 1)

    def test_a_request_without_an_area_is_layer_ones_until_placed(self) -> None:
        unplaced = services.request_receive(
            municipality=self.city, kind="consult", name="もみじ", phone="042-555-0202",
            consented=True,
        )  # fmt: skip
        self.assertIsNone(unplaced.area)
        page = reverse("residents:request", args=[self.city.code, unplaced.pk])
        self.client.force_login(self.sc2)
        self.assertEqual(self.client.get(page).status_code, 404)
        self.assertNotContains(
            self.client.get(reverse("residents:inbox", args=[self.city.code])), "もみじ"
        )
        self.client.force_login(self.sc1)
        self.assertContains(self.client.get(page), "圏域を決める")
        Notice.objects.all().delete()
        response = self.client.post(
            reverse("residents:request_area", args=[self.city.code, unplaced.pk]),
            {"area": self.area.pk},
        )
        self.assertRedirects(response, page, fetch_redirect_response=False)
        self.assertEqual(list(Notice.objects.values_list("user", flat=True)), [self.sc2.pk])
        self.client.force_login(self.sc2)
        self.assertEqual(self.client.get(page).status_code, 200)

    def test_a_refused_step_shows_the_page_again_and_logs_that_the_name_was_seen(self) -> None:
        self.client.force_login(self.sc2)
        move = reverse("residents:request_move", args=[self.city.code, self.request.pk])
        response = self.client.post(move, {"status": "not_connected", "reason": ""})
        self.assertContains(response, "つながらなかった理由を入力してください。", status_code=400)
        self.assertContains(response, "042-555-0101", status_code=400)
        self.assertEqual(PersonalDataAccess.objects.filter(user=self.sc2).count(), 1)

    def test_each_step_is_in_the_history_with_who_took_it(self) -> None:
        services.request_move(request=self.request, status="contacted", by=self.sc2)
        rows = ResidentRequest.history.filter(id=self.request.pk).order_by("history_id")
        # Received from the portal (no one), then moved by the coordinator.
        self.assertEqual(
            list(rows.values_list("status", "history_user")),
            [("received", None), ("contacted", self.sc2.pk)],
        )

    def test_a_step_that_does_not_follow_is_refused_with_the_status_named(self) -> None:
        with self.assertRaisesMessage(ValidationError, "「受付」から「受付」には進められません。"):
            services.request_move(request=self.request, status="received", by=self.sc2)
        with self.assertRaisesMessage(ValidationError, "つながらなかった理由を入力してください。"):
            services.request_move(request=self.request, status="not_connected", by=self.sc2)
        self.assertEqual(RequestStatusChange.objects.count(), 1)

    def test_another_areas_coordinator_and_a_member_do_not_see_it(self) -> None:
        self.client.force_login(self.sc2_other)
        self.assertEqual(self.client.get(self.page()).status_code, 404)
        inbox = self.client.get(reverse("residents:inbox", args=[self.city.code]))
        self.assertNotContains(inbox, "さくら")
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.page()).status_code, 403)

    def test_erasure_on_request_removes_the_person_from_record_and_history_and_keeps_counts(
        self,
    ) -> None:
        services.request_move(
            request=self.request, status="contacted", by=self.sc2, note="さくらさんに電話した"
        )
        services.request_move(
            request=self.request, status="not_connected", by=self.sc2, reason="さくらさん入院"
        )
        Referral.objects.update(note="さくらさんの娘さんから")
        Referral.history.update(note="さくらさんの娘さんから")
        self.client.force_login(self.sc2)
        erase = reverse("residents:request_erase", args=[self.city.code, self.request.pk])
        # Without the tick box nothing happens.
        self.client.post(erase, {})
        self.assertIsNone(ResidentRequest.objects.get().erased_at)
        self.client.post(erase, {"confirmed": "1"})
        request = ResidentRequest.objects.get()
        self.assertEqual(
            (request.name, request.phone, request.email, request.message),
            (ERASED_NAME, "", "", ""),
        )
        for row in ResidentRequest.history.filter(id=request.pk):
            self.assertEqual((row.name, row.phone), (ERASED_NAME, ""))
        self.assertFalse(RequestStatusChange.objects.exclude(note="").exists())
        self.assertFalse(RequestStatusChange.objects.exclude(reason="").exists())
        self.assertEqual(request.status_reason, "")
        self.assertFalse(Referral.objects.exclude(note="").exists())
        self.assertFalse(Referral.history.exclude(note="").exists())
        # The counts stay: 1 request received, 1 referral (made at 連絡済).
        found = selectors.counts(self.city, 2026)
        self.assertEqual((found.total.requests, found.total.referrals), (1, 1))
        page = self.client.get(self.page())
        self.assertNotContains(page, "042-555-0101")
        self.assertContains(page, "本人の求めで消去しました")


@time_machine.travel(NOW, tick=False)
class DeskAndHomeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        two_areas(cls)
        cls.colleague = user_with_role(Role.SC_LAYER2, cls.city, area=cls.area)

    def test_a_consultation_taken_down_at_a_desk_is_in_the_inbox_and_on_the_home_page(
        self,
    ) -> None:
        self.client.force_login(self.sc2)
        url = reverse("residents:request_new", args=[self.city.code])
        response = self.client.post(
            url, form_data(kind="consult", town=self.town.pk, transport="", reference_code="")
        )
        request = ResidentRequest.objects.get()
        self.assertRedirects(
            response,
            reverse("residents:request", args=[self.city.code, request.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(
            (request.channel, request.created_by, request.area),
            ("desk", self.sc2, self.area),
        )
        # The colleague of the same 圏域 hears of it; the one who took it down does not.
        self.assertEqual(list(Notice.objects.values_list("user", flat=True)), [self.colleague.pk])
        home = self.client.get(reverse("areas:dashboard", args=[self.city.code]))
        self.assertContains(home, "「相談したい」（活動の指定なし）")
        # Another 圏域's coordinator: no such request on their home page.
        self.client.force_login(self.sc2_other)
        home = self.client.get(reverse("areas:dashboard", args=[self.city.code]))
        self.assertContains(home, "連絡を待っている申し込みはありません。")


@time_machine.travel(NOW, tick=False)
class MergeAndDeleteTests(TestCase):
    def test_a_merged_duplicate_takes_its_requests_and_referrals_to_the_one_kept(self) -> None:
        city = MunicipalityFactory(code="132012")
        town = TownFactory(municipality=city, area=Layer2AreaFactory(municipality=city))
        keep = resource_at(town, name="本町サロン")
        duplicate = resource_at(town, name="本町 サロン")
        sc1 = user_with_role(Role.SC_LAYER1, city)
        request = services.request_receive(
            municipality=city, kind="visit", name="さくら", phone="042-555-0101",
            resource=duplicate, consented=True,
        )  # fmt: skip
        services.request_move(request=request, status="contacted", by=sc1)
        resource_services.resource_merge(keep=keep, duplicate=duplicate, user=sc1)
        request.refresh_from_db()
        self.assertEqual(request.resource, keep)
        self.assertEqual(Referral.objects.get().resource, keep)
        # Counted under the name of the one kept, in 令和8年度 (NOW is 2026-06-10).
        self.assertEqual(selectors.referrals_to(city, 2026), [("本町サロン", 1)])

    def test_a_deleted_place_leaves_the_referral_with_the_name_it_had(self) -> None:
        city = MunicipalityFactory(code="132012")
        town = TownFactory(municipality=city, area=Layer2AreaFactory(municipality=city))
        place = resource_at(town, name="本町サロン")
        sc1 = user_with_role(Role.SC_LAYER1, city)
        request = services.request_receive(
            municipality=city, kind="visit", name="さくら", phone="042-555-0101",
            resource=place, consented=True,
        )  # fmt: skip
        services.request_move(request=request, status="contacted", by=sc1)
        place.delete()
        referral = Referral.objects.get()
        self.assertEqual((referral.resource, referral.destination_name), (None, "本町サロン"))


class FollowUpNoticeTests(TestCase):
    def test_the_morning_scan_tells_the_areas_coordinator_once_on_the_follow_up_day(self) -> None:
        city = MunicipalityFactory(code="132012")
        area = Layer2AreaFactory(municipality=city)
        place = resource_at(TownFactory(municipality=city, area=area), name="本町サロン")
        sc2 = user_with_role(Role.SC_LAYER2, city, area=area)
        request = services.request_receive(
            municipality=city, kind="visit", name="さくら", phone="042-555-0101",
            resource=place, consented=True,
        )  # fmt: skip
        day = datetime.date(2026, 6, 15)
        services.request_move(request=request, status="contacted", by=sc2, follow_up_on=day)
        Notice.objects.all().delete()
        # The day before: nothing; on the day: one notice, once however often the scan runs.
        self.assertEqual(follow_up_scan(day - datetime.timedelta(days=1)), 0)
        self.assertEqual(follow_up_scan(day), 1)
        self.assertEqual(follow_up_scan(day), 0)
        (notice,) = Notice.objects.all()
        self.assertEqual(
            (notice.user, notice.title),
            (sc2, "今日は次に連絡する日です：「行ってみたい」（本町サロン）"),
        )


class RetentionTests(TestCase):
    def test_a_request_older_than_the_period_loses_its_personal_fields_and_counts_stay(
        self,
    ) -> None:
        city = MunicipalityFactory(code="132012")  # retention: 5 years (the default)
        area = Layer2AreaFactory(municipality=city)
        town = TownFactory(municipality=city, area=area)
        place = resource_at(town)
        # Received and last moved in 令和2年 (2020): over 5 years before 2026-06-10.
        with time_machine.travel(datetime.datetime(2020, 5, 1, 10, tzinfo=ZoneInfo("Asia/Tokyo"))):
            old = services.request_receive(
                municipality=city, kind="help", name="古い人", phone="042-555-0001",
                resource=place, consented=True,
            )  # fmt: skip
            sc2 = user_with_role(Role.SC_LAYER2, city, area=area)
            services.request_move(
                request=old, status="not_connected", by=sc2, reason="田中さんは入院中"
            )
        with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=ZoneInfo("Asia/Tokyo"))):
            recent = services.request_receive(
                municipality=city, kind="visit", name="新しい人", phone="042-555-0002",
                resource=place, consented=True,
            )  # fmt: skip
        with time_machine.travel(NOW, tick=False):
            retention.purge(municipality=city, dry_run=False)
        old.refresh_from_db()
        recent.refresh_from_db()
        self.assertEqual(
            (old.name, old.phone, old.status_reason, old.status),
            (ERASED_NAME, "", "", "not_connected"),
        )
        self.assertFalse(old.status_changes.exclude(reason="").exists())
        self.assertEqual((recent.name, recent.phone), ("新しい人", "042-555-0002"))
        self.assertFalse(ResidentRequest.history.filter(id=old.pk, name="古い人").exists())
        # 令和2年度 still counts its one request.
        self.assertEqual(selectors.counts(city, 2020).total.requests, 1)

    def test_an_old_reports_message_goes_and_its_fields_stay(self) -> None:
        city = MunicipalityFactory(code="132012")
        place = resource_at(
            TownFactory(municipality=city, area=Layer2AreaFactory(municipality=city))
        )
        tokyo = ZoneInfo("Asia/Tokyo")
        old = CorrectionReport.objects.create(
            municipality=city, resource=place, fields=["fee"], message="山田さんが言うには300円",
            reported_at=datetime.datetime(2020, 5, 1, 10, tzinfo=tokyo),
        )  # fmt: skip
        recent = CorrectionReport.objects.create(
            municipality=city, resource=place, fields=["schedule"], message="10時からです",
            reported_at=datetime.datetime(2026, 5, 1, 10, tzinfo=tokyo),
        )  # fmt: skip
        with time_machine.travel(NOW, tick=False):
            retention.purge(municipality=city, dry_run=False)
        old.refresh_from_db()
        recent.refresh_from_db()
        self.assertEqual((old.fields, old.message), (["fee"], ""))
        self.assertEqual(recent.message, "10時からです")
