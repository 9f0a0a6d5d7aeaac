"""Members' 関心・気になっていること, できること and tags: typed tags read as a list, refusals
naming the field, lost edits refused, written by the council's writers, shown inside the council
(may_see_interests) with the 「メンバーの関心」 summary, and kept from other readers."""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import permissions, selectors, services
from sasaeai.councils.models import Membership

from .factories import TOKYO, MembershipFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)


class TagParsingTests(TestCase):
    def test_tags_are_split_at_commas_and_spaces_trimmed_and_repeats_dropped(self) -> None:
        typed = " 買い物、見守り,移動支援　ICT  ＩＣＴ 見守り、、①番 "
        # 「、」「,」, a full-width and half-width space all separate; ＩＣＴ is ICT in NFKC,
        # so it and the second 見守り are repeats; the empty pieces between 「、、」 are dropped;
        # what is kept is as typed (①番 stays ①番).
        self.assertEqual(
            services.parse_interest_tags(typed), ["買い物", "見守り", "移動支援", "ICT", "①番"]
        )

    def test_a_list_of_tags_is_read_the_same_way(self) -> None:
        self.assertEqual(
            services.parse_interest_tags(["サロン", " 体操 ", "サロン"]), ["サロン", "体操"]
        )

    def test_tags_typed_in_either_width_are_counted_as_one(self) -> None:
        members = [
            Membership(interest_tags=["ICT", "買い物"]),
            Membership(interest_tags=["ＩＣＴ"]),
            Membership(interest_tags=["買い物", "見守り"]),
        ]
        # ICT 2 (one typed full width), 買い物 2, 見守り 1; ties in character-code order.
        self.assertEqual(
            selectors.interest_tag_counts(members), [("ICT", 2), ("買い物", 2), ("見守り", 1)]
        )

    def test_nothing_typed_is_no_tag(self) -> None:
        self.assertEqual(services.parse_interest_tags("  、 , "), [])


@time_machine.travel(NOW, tick=False)
class InterestsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部圏域")
        cls.coordinator = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.south_coordinator = user_with_role(Role.SC_LAYER2, cls.city, area=cls.south)
        cls.council = services.council_create(
            municipality=cls.city, area=cls.north, name="北部地域支え合い会議", user=cls.coordinator
        )
        south_council = services.council_create(
            municipality=cls.city, area=cls.south, name="南部地域支え合い会議",
            user=cls.coordinator,
        )  # fmt: skip
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.member = MembershipFactory(
            council=cls.council, name="委員 一郎", kana="いいんいちろう", user=cls.member_user
        )
        # Most members have no account: another member writes their interests for them.
        cls.other = MembershipFactory(council=cls.council, name="委員 二郎", kana="いいんじろう")
        cls.south_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        MembershipFactory(council=south_council, name="南 三郎", user=cls.south_user)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.adviser = user_with_role(Role.ADVISER, cls.city)

    def interests_url(self, member: Membership) -> str:
        return reverse("councils:member_interests", args=[self.city.code, member.pk])

    def home(self, user):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        return self.client.get(reverse("councils:home", args=[self.city.code, self.council.pk]))

    def save(self, member: Membership, **values: str) -> Membership:
        return services.membership_set_interests(
            membership=member, interests=values.get("interests", ""),
            abilities=values.get("abilities", ""), tags=values.get("tags", ""),
            user=self.coordinator, expected_version=Membership.objects.get(pk=member.pk).version,
        )  # fmt: skip

    def test_the_service_keeps_the_text_and_the_tags_and_their_history(self) -> None:
        self.save(
            self.member, interests=" 坂道で外出しにくい人が多い ", abilities="車の運転",
            tags="移動支援、買い物",
        )  # fmt: skip
        member = Membership.objects.get(pk=self.member.pk)
        self.assertEqual(member.interests, "坂道で外出しにくい人が多い")
        self.assertEqual(member.abilities, "車の運転")
        self.assertEqual(member.interest_tags, ["移動支援", "買い物"])
        self.assertEqual(member.history.first().history_user, self.coordinator)

    def test_a_tag_over_30_characters_is_refused_naming_the_field(self) -> None:
        long_tag = "あ" * 31
        with self.assertRaises(ValidationError) as refused:
            self.save(self.member, tags=f"買い物、{long_tag}")
        self.assertEqual(
            refused.exception.message_dict["tags"],
            [f"関心のタグは1つ30文字までです。「{long_tag}」を短くしてください。"],
        )
        self.save(self.member, tags="い" * 30)  # 30 characters exactly is allowed

    def test_more_than_20_tags_are_refused(self) -> None:
        tags = "、".join(f"タグ{n}" for n in range(21))  # タグ0 … タグ20: 21 tags
        with self.assertRaises(ValidationError) as refused:
            self.save(self.member, tags=tags)
        self.assertEqual(
            refused.exception.message_dict["tags"], ["関心のタグは20個までです（21個あります）。"]
        )
        self.assertEqual(Membership.objects.get(pk=self.member.pk).interest_tags, [])

    def test_a_save_after_another_is_refused_as_a_conflict(self) -> None:
        opened = Membership.objects.get(pk=self.member.pk).version
        self.save(self.member, tags="見守り")
        with self.assertRaises(services.EditConflictError):
            services.membership_set_interests(
                membership=self.member, interests="", abilities="", tags="サロン",
                user=self.coordinator, expected_version=opened,
            )  # fmt: skip
        self.assertEqual(Membership.objects.get(pk=self.member.pk).interest_tags, ["見守り"])

    def test_a_member_writes_their_own_and_anothers_interests_from_the_page(self) -> None:
        self.client.force_login(self.member_user)
        for member, tags in ((self.member, "買い物 見守り"), (self.other, "買い物")):
            url = self.interests_url(member)
            self.assertEqual(self.client.get(url).status_code, 200)
            version = Membership.objects.get(pk=member.pk).version
            response = self.client.post(
                url, {"interests": "買い物の足", "abilities": "", "tags": tags, "version": version}
            )
            self.assertRedirects(
                response,
                reverse("councils:home", args=[self.city.code, self.council.pk]) + "#members",
                fetch_redirect_response=False,
            )
        self.assertEqual(Membership.objects.get(pk=self.other.pk).interest_tags, ["買い物"])

    def test_a_refused_form_keeps_the_input_and_names_the_field(self) -> None:
        self.client.force_login(self.member_user)
        typed = "、".join(f"タグ{n}" for n in range(21))
        response = self.client.post(
            self.interests_url(self.member),
            {"interests": "坂道", "tags": typed, "version": self.member.version},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "関心のタグは20個までです（21個あります）。", status_code=400)
        self.assertContains(response, typed, status_code=400)
        self.assertContains(response, "坂道", status_code=400)

    def test_only_the_councils_writers_open_the_page(self) -> None:
        for user in (self.viewer, self.south_user, self.south_coordinator, self.adviser):
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(self.client.get(self.interests_url(self.member)).status_code, 403)

    def test_interests_are_shown_inside_the_council_with_the_tag_summary(self) -> None:
        self.save(self.member, interests="坂道で外出しにくい", abilities="車の運転",
                  tags="買い物、見守り")  # fmt: skip
        self.save(self.other, tags="買い物")
        for user in (self.member_user, self.coordinator, self.adviser):
            with self.subTest(user=user):
                response = self.home(user)
                self.assertContains(response, "関心・気になっていること：坂道で外出しにくい")
                self.assertContains(response, "できること：車の運転")
                self.assertContains(response, "メンバーの関心")
                # 買い物 chosen by both members, 見守り by one: the most chosen first.
                self.assertContains(
                    response,
                    '<li class="tag">買い物（2人）</li><li class="tag">見守り（1人）</li>',
                    html=True,
                )

    def test_interests_are_hidden_from_readers_outside_the_council(self) -> None:
        self.save(self.member, interests="坂道で外出しにくい", tags="買い物")
        for user in (self.viewer, self.south_user, self.south_coordinator):
            with self.subTest(user=user):
                response = self.home(user)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "委員 一郎")  # the member table itself is read
                self.assertNotContains(response, "坂道で外出しにくい")
                self.assertNotContains(response, "買い物")
                self.assertNotContains(response, "メンバーの関心")

    def test_who_may_see_interests(self) -> None:
        council = self.council
        expected = {
            "member of the council": (self.member_user, True),
            "the area's coordinator": (self.coordinator, True),
            "an adviser": (self.adviser, True),
            "a viewer": (self.viewer, False),
            "a member of another council": (self.south_user, False),
            "another area's coordinator": (self.south_coordinator, False),
        }
        for label, (user, allowed) in expected.items():
            with self.subTest(label):
                self.assertEqual(permissions.may_see_interests(user, council), allowed)
