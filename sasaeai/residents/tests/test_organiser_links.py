"""The organiser's link of a 確認票 (issue #26, point 8): a signed, expiring address, printed as
a QR code, where the organiser proposes changes to their listing; the coordinator approves them
(as sent or edited: applied through the registry's services, with a Verification 「主催者が確認」)
or rejects them; a decided proposal spends its link.

The city: 全域 ─ 北部 (北町) and 南部. 「いきいきサロン」 meets in 北町 on 毎週火曜日 10:00〜12:00,
300円, with a public contact 山田 (042-111-2222). A link printed on Tuesday 1 December 2026,
10:00 in Tokyo; ORGANISER_LINK_DAYS = 90 (the settings' value).
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine
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
from sasaeai.core.tests.pdf import qr_codes
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.residents.constants import ProposalStatus, ProposedState
from sasaeai.residents.models import ListingProposal
from sasaeai.resources import organiser_links
from sasaeai.resources.constants import ResourceStatus, SchedulePattern, VerificationMethod
from sasaeai.resources.models import Contact, Resource, Verification
from sasaeai.resources.tests.factories import ScheduleFactory, resource_at

PRINTED = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
# 90 days after 2026-12-01 10:00: December has 30 days left, January 31, February 28
# (2027 is not a leap year): 30 + 31 + 28 = 89 → 2027-02-28 10:00, plus one day → 2027-03-01.
LAST_MOMENT = datetime.datetime(2027, 3, 1, 9, 59, tzinfo=ZoneInfo("Asia/Tokyo"))
EXPIRED = datetime.datetime(2027, 3, 1, 10, 1, tzinfo=ZoneInfo("Asia/Tokyo"))
SPENT = "この確認用のページはすでに使われました。"


@time_machine.travel(PRINTED, tick=False)
class OrganiserLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域")
        north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部")
        south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部")
        cls.town = TownFactory(municipality=cls.city, area=north, name="北町")
        cls.place = resource_at(cls.town, name="いきいきサロン", fee_amount=300)
        ScheduleFactory(
            resource=cls.place,
            pattern=SchedulePattern.WEEKLY,
            weekdays=[1],
            opens_at=datetime.time(10, 0),
            closes_at=datetime.time(12, 0),
        )
        cls.contact = Contact.objects.create(
            resource=cls.place, name="山田", phone="042-111-2222", is_public=True,
            public_consent_on=datetime.date(2026, 4, 1),
        )  # fmt: skip
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=north)
        cls.sc2_south = user_with_role(Role.SC_LAYER2, cls.city, area=south)

    def setUp(self) -> None:
        self.token = organiser_links.make_token(self.place.pk)
        self.url = reverse("residents_public:organiser", args=[self.token])

    def propose(self, url: str = "", **values: object):  # type: ignore[no-untyped-def]
        data = {
            "status": "active",
            "schedule": "毎週火曜日 10:00〜12:00",
            "fee_kind": "paid",
            "fee_amount": "300",
            "fee_note": "",
            "phone": "042-111-2222",
            "email": "",
            "note": "",
        }
        return self.client.post(url or self.url, {**data, **values})

    def proposal(self) -> ListingProposal:
        return ListingProposal.objects.get()

    def decide(self, user=None, **data: object):  # type: ignore[no-untyped-def]
        self.client.force_login(user or self.sc2)
        url = reverse("residents:proposal", args=[self.city.code, self.proposal().pk])
        return self.client.post(url, data)

    def approve_as_sent(self, **extra: object):  # type: ignore[no-untyped-def]
        """Post the decision form back as the page shows it (the organiser's values)."""
        self.client.force_login(self.sc2)
        url = reverse("residents:proposal", args=[self.city.code, self.proposal().pk])
        form = self.client.get(url).context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        return self.client.post(url, {**data, "decision": "approve", **extra})

    # --- the link ----------------------------------------------------------------------------

    def test_the_link_reads_back_as_its_place(self) -> None:
        link = organiser_links.read_token(self.token)
        self.assertEqual(link.resource_id, self.place.pk)
        # Each printed sheet has its own nonce.
        self.assertNotEqual(link.nonce, organiser_links.read_token(
            organiser_links.make_token(self.place.pk)).nonce)  # fmt: skip

    def test_an_altered_link_is_not_found(self) -> None:
        forged = self.token.replace(f"{self.place.pk}.", f"{self.place.pk + 1}.", 1)
        self.assertEqual(
            self.client.get(reverse("residents_public:organiser", args=[forged])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("residents_public:organiser", args=["x"])).status_code, 404
        )

    def test_the_page_shows_the_listing_and_the_form_holds_its_facts(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "「いきいきサロン」の掲載内容の確認")
        form = response.context["form"]
        self.assertEqual(
            {name: form[name].value() for name in form.fields},
            {
                "status": "active",
                "schedule": "毎週火曜日 10:00〜12:00",
                "fee_kind": "paid",
                "fee_amount": 300,
                "fee_note": "",
                "phone": "042-111-2222",
                "email": "",
                "note": None,
            },
        )

    def test_the_link_expires_after_its_days(self) -> None:
        with time_machine.travel(LAST_MOMENT, tick=False):
            self.assertEqual(self.client.get(self.url).status_code, 200)
        with time_machine.travel(EXPIRED, tick=False):
            response = self.client.get(self.url)
            self.assertContains(response, "このページの有効期限が切れています", status_code=410)
            self.assertContains(response, "八王子市の生活支援コーディネーター", status_code=410)
            self.assertEqual(self.propose(status="paused").status_code, 410)
        self.assertFalse(ListingProposal.objects.exists())

    # --- the organiser's proposal -----------------------------------------------------------

    def test_a_proposal_keeps_what_differs_and_reaches_the_coordinator(self) -> None:
        response = self.propose(status="paused", fee_amount="500", note="会場の工事中は休みます")
        self.assertRedirects(response, self.url)
        proposal = self.proposal()
        self.assertEqual(
            (proposal.state, proposal.status, proposal.note, proposal.resource),
            (ProposedState.PAUSED, ProposalStatus.PENDING, "会場の工事中は休みます", self.place),
        )
        self.assertEqual(
            proposal.changes,
            {"status": {"old": "active", "new": "paused"}, "fee_amount": {"old": 300, "new": 500}},
        )
        self.assertEqual(proposal.nonce, organiser_links.read_token(self.token).nonce)
        notice = Notice.objects.get(kind=NoticeKind.RESIDENT_REQUEST)
        self.assertEqual(
            (notice.user, notice.key, notice.title),
            (
                self.sc2,
                f"proposal:{proposal.pk}",
                "「いきいきサロン」の主催者から掲載内容の申し出が届きました",
            ),
        )
        # Nothing of the listing changes before a coordinator decides.
        self.place.refresh_from_db()
        self.assertEqual((self.place.status, self.place.fee_amount), ("active", 300))

    def test_a_pending_proposal_is_replaced_from_the_same_link(self) -> None:
        self.propose(fee_amount="500")
        page = self.client.get(self.url)
        self.assertContains(page, "まだ確認中です")
        self.assertEqual(page.context["form"]["fee_amount"].value(), 500)
        self.propose(fee_amount="400")
        self.assertEqual(self.proposal().changes, {"fee_amount": {"old": 300, "new": 400}})

    def test_a_bad_phone_number_is_refused_with_the_input_kept(self) -> None:
        response = self.propose(phone="でんわ")
        self.assertContains(
            response,
            "電話番号は「042-123-4567」のように、市外局番から数字で入力してください。",
            status_code=400,
        )
        self.assertContains(response, 'value="でんわ"', status_code=400)
        self.assertFalse(ListingProposal.objects.exists())

    # --- the coordinator's decision ---------------------------------------------------------

    def test_approval_applies_the_changes_and_records_the_organisers_check(self) -> None:
        self.propose(
            status="active", fee_kind="free", fee_amount="", phone="042-999-8888",
            email="salon@example.jp",
        )  # fmt: skip
        response = self.approve_as_sent()
        self.assertRedirects(response, reverse("residents:proposals", args=[self.city.code]))
        proposal = self.proposal()
        self.assertEqual(
            (proposal.status, proposal.decided_by, proposal.decided_at),
            (ProposalStatus.APPROVED, self.sc2, PRINTED),
        )
        self.place.refresh_from_db()
        self.contact.refresh_from_db()
        self.assertEqual((self.place.fee_free, self.place.fee_amount), (True, None))
        # The new number may be another person's: not shown to residents until their consent
        # is recorded (the old consent date went with the old number).
        self.assertEqual(
            (
                self.contact.phone,
                self.contact.email,
                self.contact.is_public,
                self.contact.public_consent_on,
            ),
            ("042-999-8888", "salon@example.jp", False, None),
        )
        verification = Verification.objects.get(resource=self.place)
        self.assertEqual(
            (verification.method, verification.verified_by, verification.verified_on),
            (VerificationMethod.ORGANISER, self.sc2, datetime.date(2026, 12, 1)),
        )
        self.assertEqual(
            verification.note,
            "主催者からの申し出を反映: 参加費（無料・有料）・参加費の金額（円）・"
            "問い合わせ先の電話番号・問い合わせ先のメールアドレス",
        )
        self.assertEqual(self.place.last_verified_method, VerificationMethod.ORGANISER)
        # The edit is the coordinator's, in the place's history.
        self.assertEqual(self.place.history.first().history_user, self.sc2)

    def test_a_decided_proposal_spends_its_link(self) -> None:
        self.propose(status="paused")
        self.approve_as_sent()
        response = self.client.get(self.url)
        self.assertContains(response, SPENT, status_code=410)
        self.assertEqual(self.propose(status="ended").status_code, 410)
        self.assertEqual(self.proposal().changes["status"]["new"], "paused")
        # A new sheet prints a new link, which works.
        fresh = reverse(
            "residents_public:organiser", args=[organiser_links.make_token(self.place.pk)]
        )
        self.assertEqual(self.client.get(fresh).status_code, 200)

    def test_a_schedule_in_the_organisers_words_is_edited_then_approved(self) -> None:
        self.propose(schedule="毎週水曜の午前中")
        response = self.approve_as_sent()
        # Approved as written, the registry cannot read it: refused, nothing written.
        self.assertContains(
            response, "日時の「毎週水曜の午前中」が読み取れません。", status_code=400
        )
        self.assertEqual(self.proposal().status, ProposalStatus.PENDING)
        self.assertFalse(Verification.objects.exists())
        response = self.approve_as_sent(schedule="毎週水曜 10時〜11時半")
        self.assertEqual(response.status_code, 302)
        proposal = self.proposal()
        self.assertEqual(proposal.status, ProposalStatus.EDITED)
        self.assertEqual(
            proposal.changes["schedule"],
            {
                "old": "毎週火曜日 10:00〜12:00",
                "new": "毎週水曜の午前中",
                "applied": "毎週水曜 10時〜11時半",
            },
        )
        schedule = Resource.objects.get(pk=self.place.pk).schedules.get()
        # 水曜 is weekday 2 (Monday 0).
        self.assertEqual(
            (schedule.pattern, schedule.weekdays, schedule.opens_at, schedule.closes_at),
            (SchedulePattern.WEEKLY, [2], datetime.time(10, 0), datetime.time(11, 30)),
        )

    def test_an_unchanged_listing_is_approved_as_a_check(self) -> None:
        self.propose()
        self.assertEqual(self.proposal().changes, {})
        self.approve_as_sent()
        self.assertEqual(
            Verification.objects.get(resource=self.place).note,
            "主催者が掲載内容を確認（変更なし）",
        )

    def test_rejection_changes_nothing_and_spends_the_link(self) -> None:
        self.propose(status="ended")
        response = self.decide(
            decision="reject", status="ended", decision_note="電話で確認、続いている"
        )
        self.assertEqual(response.status_code, 302)
        proposal = self.proposal()
        self.assertEqual(
            (proposal.status, proposal.decision_note),
            (ProposalStatus.REJECTED, "電話で確認、続いている"),
        )
        self.place.refresh_from_db()
        self.assertEqual(self.place.status, ResourceStatus.ACTIVE)
        self.assertFalse(Verification.objects.exists())
        self.assertContains(self.client.get(self.url), SPENT, status_code=410)

    def test_a_coordinator_of_another_area_may_neither_see_nor_decide(self) -> None:
        self.propose(status="paused")
        self.client.force_login(self.sc2_south)
        listing = self.client.get(reverse("residents:proposals", args=[self.city.code]))
        self.assertContains(listing, "確認待ちの申し出はありません。")
        page = reverse("residents:proposal", args=[self.city.code, self.proposal().pk])
        self.assertEqual(self.client.get(page).status_code, 403)
        self.assertEqual(
            self.decide(self.sc2_south, decision="approve", status="paused").status_code, 403
        )
        self.assertEqual(self.proposal().status, ProposalStatus.PENDING)
        self.client.force_login(self.sc2)
        self.assertContains(
            self.client.get(reverse("residents:proposals", args=[self.city.code])), "いきいきサロン"
        )

    # --- the 確認票 -----------------------------------------------------------------------------

    @override_settings(SITE_URL="https://sasaeai.example.jp/")
    def test_the_sheet_carries_a_qr_code_of_a_working_link(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.get(reverse("resources:sheet", args=[self.city.code, self.place.pk]))
        (found,) = qr_codes(response.content)
        prefix = "https://sasaeai.example.jp/o/"
        self.assertTrue(found.startswith(prefix), found)
        token = found.removeprefix(prefix).removesuffix("/")
        self.assertEqual(organiser_links.read_token(token).resource_id, self.place.pk)
        self.client.logout()
        self.assertEqual(self.client.get(f"/o/{token}/").status_code, 200)

    def test_a_read_only_users_sheet_carries_no_organisers_link(self) -> None:
        # A viewer may print a 確認票, but not hand out a link whose proposals they cannot
        # follow up: their sheet has no QR code at all.
        viewer = user_with_role(Role.VIEWER, self.city)
        self.client.force_login(viewer)
        response = self.client.get(reverse("resources:sheet", args=[self.city.code, self.place.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(qr_codes(response.content), [])
