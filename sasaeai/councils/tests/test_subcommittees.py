"""Layer 1 as a main council and its 専門部会: a sub-committee is set on the council forms
(one level, same area), the list and homes show the structure, an escalation goes to a chosen
layer-1 body (the main council by default, even when a sub-committee is older), is passed on
between them with its path kept, and the body that answers reaches the layer-2 council."""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import selectors, services
from sasaeai.councils.constants import ChallengeSource, ChallengeStatus, DecisionMethod
from sasaeai.councils.models import ChallengeGroup, Escalation

from .factories import TOKYO

# Three days of the path: sent on 11-27, passed on 12-01, passed back on 12-03 (令和8年 = 2026).
SENT = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)
PASSED = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)
BACK = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO)


def refusal(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


class Layer1Structure(TestCase):
    """東大和市-like: layer 1 is a main council (推進会議) and its 専門部会, the sub-committee
    registered first (a lower pk) and made a sub-committee afterwards; two layer-2 councils."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.whole = AreaFactory(municipality=cls.city, name="市全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=cls.whole, name="北部圏域")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.sub = services.council_create(
            municipality=cls.city, area=cls.whole, name="介護予防専門部会", user=cls.user
        )
        cls.main = services.council_create(
            municipality=cls.city, area=cls.whole, name="地域包括ケア推進会議", user=cls.user
        )
        services.council_update(council=cls.sub, name=cls.sub.name, parent=cls.main, user=cls.user)
        cls.north_council = services.council_create(
            municipality=cls.city, area=cls.north, name="北部地域支え合い会議", user=cls.user
        )

    def challenge(self, title: str = "坂道で買い物に行けない"):  # type: ignore[no-untyped-def]
        return services.challenge_create(
            municipality=self.city, council=self.north_council, title=title,
            source=ChallengeSource.MEETING, user=self.user,
        )  # fmt: skip

    def escalate(self, **kwargs):  # type: ignore[no-untyped-def]
        return services.challenge_escalate(
            challenge=self.challenge(), reason="市全体で考えたい", user=self.user, **kwargs
        )

    def hand_over(self, escalation, to, note: str = ""):  # type: ignore[no-untyped-def]
        return services.escalation_hand_over(
            escalation=escalation, to_council=to, note=note, user=self.user
        )


class SubcommitteeTests(Layer1Structure):
    def test_the_subcommittee_hangs_under_the_main_council(self) -> None:
        self.sub.refresh_from_db()
        self.assertEqual(self.sub.parent, self.main)
        self.assertEqual(list(self.main.subcommittees.all()), [self.sub])

    def test_a_parent_must_be_a_main_layer_1_council_of_the_same_area(self) -> None:
        other_city = MunicipalityFactory(code="132021")
        elsewhere = services.council_create(
            municipality=other_city, area=AreaFactory(municipality=other_city), name="立川",
            user=self.user,
        )  # fmt: skip
        other_whole = AreaFactory(municipality=self.city, name="別の第1層")
        other_main = services.council_create(
            municipality=self.city, area=other_whole, name="別の協議体", user=self.user
        )
        cases = [
            (elsewhere, "この市町村の協議体を選んでください。"),
            (self.north_council, "親の協議体には第1層の協議体を選んでください。"),
            (other_main, "専門部会は親の協議体と同じ圏域にしてください。"),
            (
                self.sub,
                "専門部会の下に専門部会はつくれません。"
                "親には専門部会でない協議体を選んでください。",
            ),
        ]
        for parent, message in cases:
            with self.subTest(parent=parent.name), self.assertRaises(ValidationError) as caught:
                services.council_create(
                    municipality=self.city, area=self.whole, name="新しい部会", parent=parent,
                    user=self.user,
                )  # fmt: skip
            self.assertEqual(refusal(caught.exception), {"parent": [message]})

    def test_a_council_is_not_its_own_parent_and_a_parent_stays_a_main_council(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.council_update(
                council=self.main, name=self.main.name, parent=self.main, user=self.user
            )
        self.assertEqual(
            refusal(caught.exception), {"parent": ["協議体を自分自身の専門部会にはできません。"]}
        )
        # The main council has a 専門部会: it cannot become one itself (one level only).
        third = services.council_create(
            municipality=self.city, area=self.whole, name="第三の会議", user=self.user
        )
        with self.assertRaises(ValidationError) as caught:
            services.council_update(
                council=self.main, name=self.main.name, parent=third, user=self.user
            )
        self.assertEqual(
            refusal(caught.exception),
            {"parent": ["専門部会のある協議体は、ほかの協議体の専門部会にできません。"]},
        )


class EscalationRoutingTests(Layer1Structure):
    def test_by_default_it_goes_to_the_main_council_though_the_subcommittee_is_older(
        self,
    ) -> None:
        self.assertLess(self.sub.pk, self.main.pk)
        self.assertEqual(self.escalate().to_council, self.main)

    def test_it_goes_to_the_subcommittee_when_chosen(self) -> None:
        self.assertEqual(self.escalate(to_council=self.sub).to_council, self.sub)

    def test_a_body_not_above_the_area_is_refused(self) -> None:
        other = services.council_create(
            municipality=self.city, area=AreaFactory(municipality=self.city), name="別",
            user=self.user,
        )  # fmt: skip
        for body in (other, self.north_council):
            with self.subTest(body=body.name), self.assertRaises(ValidationError) as caught:
                self.escalate(to_council=body)
            self.assertEqual(
                refusal(caught.exception),
                {
                    "to_council": [
                        "送り先は、この圏域の上の第1層協議体かその専門部会から選んでください。"
                    ]
                },
            )
        self.assertFalse(Escalation.objects.exists())


class HandOverTests(Layer1Structure):
    def test_passed_to_the_subcommittee_and_back_with_the_history_in_order(self) -> None:
        with time_machine.travel(SENT, tick=False):
            escalation = self.escalate()
        with time_machine.travel(PASSED, tick=False):
            self.hand_over(escalation, self.sub, "専門的に検討してほしい")
        with time_machine.travel(BACK, tick=False):
            self.hand_over(escalation, self.main, " 予算の判断は本会で ")
        escalation.refresh_from_db()
        self.assertEqual(escalation.to_council, self.main)
        rows = [
            (h.from_council.name, h.to_council.name, h.note, h.handed_by, h.handed_at)
            for h in escalation.handovers.all()
        ]
        self.assertEqual(rows, [
            ("地域包括ケア推進会議", "介護予防専門部会", "専門的に検討してほしい", self.user, PASSED),
            ("介護予防専門部会", "地域包括ケア推進会議", "予算の判断は本会で", self.user, BACK),
        ])  # fmt: skip

    def test_each_refusal_names_its_field(self) -> None:
        other = services.council_create(
            municipality=self.city, area=AreaFactory(municipality=self.city), name="別",
            user=self.user,
        )  # fmt: skip
        loose = self.escalate()
        for body, message in (
            (self.main, "いまこの課題を受け取っている協議体とは別の協議体を選んでください。"),
            (
                other,
                "引き継ぎ先は、この課題の圏域の上の第1層協議体かその専門部会から選んでください。",
            ),
        ):
            with self.subTest(body=body.name), self.assertRaises(ValidationError) as caught:
                self.hand_over(loose, body)
            self.assertEqual(refusal(caught.exception), {"to_council": [message]})
        services.group_create(council=self.main, title="移動", escalations=[loose], user=self.user)
        with self.assertRaises(ValidationError) as caught:
            self.hand_over(loose, self.sub)
        self.assertEqual(refusal(caught.exception), {"escalation": [
            "まとまりに入っている課題は引き継げません。まとまりから外してから引き継いでください。"
        ]})  # fmt: skip
        decision = services.decision_record(
            council=self.main, title="試行する", method=DecisionMethod.CONSENSUS,
            decided_on=datetime.date(2026, 11, 27), user=self.user,
        )  # fmt: skip
        services.group_answer(
            group=loose.group, decision=decision, status=ChallengeStatus.ACTING, user=self.user
        )
        loose.refresh_from_db()
        with self.assertRaises(ValidationError) as caught:
            self.hand_over(loose, self.sub)
        self.assertEqual(
            refusal(caught.exception), {"escalation": ["回答済みの課題は引き継げません。"]}
        )
        self.assertFalse(loose.handovers.exists())

    def test_taken_out_of_its_group_it_can_be_passed_on(self) -> None:
        escalation = self.escalate()
        group = services.group_create(
            council=self.main, title="移動", escalations=[escalation], user=self.user
        )
        services.group_remove(escalation=escalation, user=self.user)
        # The group had only this challenge: it is gone; the challenge stays 検討中.
        self.assertFalse(ChallengeGroup.objects.filter(pk=group.pk).exists())
        escalation.refresh_from_db()
        self.assertEqual(escalation.challenge.status, ChallengeStatus.CONSIDERING)
        self.hand_over(escalation, self.sub)
        self.assertEqual(selectors.inbox_of(self.sub), [escalation])
        self.assertEqual(selectors.inbox_of(self.main), [])

    def test_the_subcommittee_answers_and_the_layer_2_council_sees_it(self) -> None:
        escalation = self.escalate()
        self.hand_over(escalation, self.sub, "専門部会で")
        group = services.group_create(
            council=self.sub, title="買い物の足", escalations=[escalation], user=self.user
        )
        decision = services.decision_record(
            council=self.sub, title="移動販売車を呼ぶ", method=DecisionMethod.CONSENSUS,
            decided_on=datetime.date(2026, 12, 1), user=self.user,
        )  # fmt: skip
        services.group_answer(
            group=group, decision=decision, status=ChallengeStatus.ACTING, user=self.user
        )
        home = selectors.council_home(self.north_council)
        self.assertEqual([e.answer for e in home.answered], [decision])
        self.client.force_login(self.sc2)
        page = self.client.get(
            reverse("councils:home", args=[self.city.code, self.north_council.pk])
        )
        self.assertContains(
            page, "「坂道で買い物に行けない」への回答：移動販売車を呼ぶ（課題の状態：対応中）"
        )
        escalation.challenge.refresh_from_db()
        self.assertEqual(
            escalation.challenge.status_changes.last().note,
            "介護予防専門部会の回答：移動販売車を呼ぶ",
        )


class ScreenTests(Layer1Structure):
    def url(self, name: str, *args: object) -> str:
        return reverse(f"councils:{name}", args=[self.city.code, *args])

    def test_a_subcommittee_is_registered_from_the_create_form(self) -> None:
        self.client.force_login(self.user)
        form = self.client.get(self.url("create"))
        self.assertContains(form, "親の協議体（専門部会のとき）")
        # Offered: the layer-1 councils that are no 専門部会 (the main one), not layer 2.
        self.assertContains(form, f'<option value="{self.main.pk}">地域包括ケア推進会議</option>')
        self.assertNotContains(form, ">介護予防専門部会</option>")
        self.assertNotContains(form, ">北部地域支え合い会議</option>")
        response = self.client.post(self.url("create"), {
            "name": "認知症専門部会", "area": self.whole.pk, "parent": self.main.pk,
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            [c.name for c in self.main.subcommittees.order_by("name")],
            ["介護予防専門部会", "認知症専門部会"],
        )

    def test_a_parent_of_another_area_is_refused_on_the_form_with_the_input_kept(self) -> None:
        self.client.force_login(self.user)
        response = self.client.post(self.url("create"), {
            "name": "北部の部会", "area": self.north.pk, "parent": self.main.pk,
        })  # fmt: skip
        self.assertContains(
            response, "専門部会は親の協議体と同じ圏域にしてください。", status_code=400
        )
        self.assertContains(response, 'value="北部の部会"', status_code=400)

    def test_the_settings_form_sets_and_clears_the_parent(self) -> None:
        self.client.force_login(self.user)
        page = self.client.get(self.url("settings", self.sub.pk))
        self.assertContains(page, f'<option value="{self.main.pk}" selected>')
        response = self.client.post(self.url("settings", self.sub.pk), {
            "name": self.sub.name, "parent": "", "version": str(self.sub_version()),
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.sub.refresh_from_db()
        self.assertIsNone(self.sub.parent)
        # A layer-2 council is offered no parent.
        self.assertNotContains(
            self.client.get(self.url("settings", self.north_council.pk)), "親の協議体"
        )

    def sub_version(self) -> int:
        return type(self.sub).objects.get(pk=self.sub.pk).version

    def test_the_list_shows_the_subcommittee_under_its_parent(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.get(self.url("list"))
        # By the model's order (layer, area, name) 介護予防専門部会 (介 U+4ECB) comes before
        # 地域包括ケア推進会議 (地 U+5730); moved under its parent it comes second, and the
        # layer-2 council stays last.
        names = [c.name for c in response.context["councils"]]
        self.assertEqual(
            names, ["地域包括ケア推進会議", "介護予防専門部会", "北部地域支え合い会議"]
        )
        self.assertContains(response, "（地域包括ケア推進会議の専門部会）")

    def test_each_home_names_the_other(self) -> None:
        self.client.force_login(self.sc2)
        sub_home = self.client.get(self.url("home", self.sub.pk))
        main_url = self.url("home", self.main.pk)
        self.assertContains(sub_home, f'<a href="{main_url}">地域包括ケア推進会議</a>の専門部会')
        main_home = self.client.get(main_url)
        sub_url = self.url("home", self.sub.pk)
        self.assertContains(main_home, f'<a href="{sub_url}">介護予防専門部会</a>')

    def test_the_layer_2_council_chooses_the_body_and_sees_the_path(self) -> None:
        self.client.force_login(self.sc2)
        challenge = self.challenge()
        home = self.client.get(self.url("home", self.north_council.pk))
        self.assertContains(home, f'<select id="to-council-{challenge.pk}" name="to_council">')
        with time_machine.travel(SENT, tick=False):
            response = self.client.post(
                self.url("escalate", challenge.pk),
                {"reason": "専門的に", "to_council": self.sub.pk},
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(challenge.escalation.to_council, self.sub)
        home = self.client.get(self.url("home", self.north_council.pk))
        self.assertContains(home, "「坂道で買い物に行けない」を介護予防専門部会に送りました。")
        self.assertContains(
            home,
            '経路：<span class="escalation-path">令和8年11月27日に介護予防専門部会へ送付</span>',
        )

    def test_with_one_layer_1_body_no_choice_is_offered(self) -> None:
        services.council_update(council=self.sub, name=self.sub.name, parent=None, user=self.user)
        self.client.force_login(self.sc2)
        challenge = self.challenge()
        home = self.client.get(self.url("home", self.north_council.pk))
        self.assertContains(home, f'id="reason-{challenge.pk}"')
        self.assertNotContains(home, 'name="to_council"')

    def test_the_inbox_passes_a_challenge_on_and_both_councils_see_the_path(self) -> None:
        with time_machine.travel(SENT, tick=False):
            escalation = self.escalate()
        self.client.force_login(self.user)
        inbox = self.client.get(self.url("home", self.main.pk))
        self.assertContains(inbox, f'<select id="handover-to-{escalation.pk}" name="to_council">')
        with time_machine.travel(PASSED, tick=False):
            response = self.client.post(
                self.url("escalation_hand_over", escalation.pk),
                {"to_council": self.sub.pk, "note": "専門的に検討"},
            )
        self.assertRedirects(
            response, self.url("home", self.main.pk), fetch_redirect_response=False
        )
        path = (
            '<span class="escalation-path">令和8年11月27日に地域包括ケア推進会議へ送付'
            " → 令和8年12月1日に介護予防専門部会へ引き継ぎ（専門的に検討）</span>"
        )
        sub_inbox = self.client.get(self.url("home", self.sub.pk))
        self.assertContains(
            sub_inbox, "「坂道で買い物に行けない」を介護予防専門部会に引き継ぎました。"
        )
        self.assertContains(sub_inbox, path)
        self.assertContains(self.client.get(self.url("home", self.north_council.pk)), path)

    def test_a_grouped_challenge_is_ungrouped_from_the_inbox_before_passing_on(self) -> None:
        escalation = self.escalate()
        services.group_create(
            council=self.main, title="移動", escalations=[escalation], user=self.user
        )
        self.client.force_login(self.user)
        home_url = self.url("home", self.main.pk)
        refused = self.client.post(
            self.url("escalation_hand_over", escalation.pk),
            {"to_council": self.sub.pk},
            HTTP_REFERER=home_url,
        )
        page = self.client.get(refused["Location"])
        self.assertContains(page, "まとまりから外してから引き継いでください。")
        self.client.post(self.url("escalation_ungroup", escalation.pk))
        escalation.refresh_from_db()
        self.assertIsNone(escalation.group)

    def test_a_layer_2_coordinator_cannot_pass_a_challenge_on(self) -> None:
        escalation = self.escalate()
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("escalation_hand_over", escalation.pk), {"to_council": self.sub.pk}
        )
        self.assertEqual(response.status_code, 403)
