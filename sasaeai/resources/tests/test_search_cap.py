"""Hole 12 of issue #20: staff list searches are capped like the residents' search (one helper,
sasaeai.utils.search): 1,200 words made an SQL expression too deep for SQLite (a 500). The page
answers with what the first 100 characters find and says in Japanese that the words were cut."""

import datetime

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities import services as activities
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.resources import selectors, services
from sasaeai.resources.constants import ResourceKind

CODE = "132012"
# 1,200 words of 「体操」: cut to 100 characters, 「体操 」 (3 characters) 33 times and 「体」,
# so the search still finds 体操教室 (it holds 体操 and 体) and not いきいきサロン.
MANY_WORDS = " ".join(["体操"] * 1200)
CUT_TEXT = "体操 " * 33 + "体"
NOTE = f"検索することばが長すぎるため、最初の100文字（「{CUT_TEXT}」）で検索しました。"


class StaffSearchCapTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code=CODE)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city, user__username="admin体操")
        # Saved by the service, which derives the columns the list search reads.
        for name, kana in (
            ("体操教室", "たいそうきょうしつ"),
            ("いきいきサロン", "いきいきさろん"),
        ):
            services.resource_save(
                municipality=cls.city, user=cls.admin,
                data=services.ResourceInput(name=name, kana=kana, kind=ResourceKind.KAYOI),
            )  # fmt: skip

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_the_resource_list_answers_1200_words_with_a_note(self) -> None:
        response = self.client.get(
            reverse("resources:list", kwargs={"lgcode": CODE}), {"q": MANY_WORDS}
        )
        self.assertContains(response, NOTE)
        self.assertContains(response, "体操教室")
        self.assertNotContains(response, "いきいきサロン")

    def test_the_resource_exports_read_the_same_capped_words(self) -> None:
        filters = selectors.ResourceFilters(query=MANY_WORDS)
        names = [row["name"] for row in selectors.resource_list(self.city, filters)]
        self.assertEqual(names, ["体操教室"])

    def test_a_short_search_has_no_note(self) -> None:
        response = self.client.get(
            reverse("resources:list", kwargs={"lgcode": CODE}), {"q": "体操"}
        )
        self.assertContains(response, "体操教室")
        self.assertNotContains(response, "検索することばが長すぎる")

    def test_the_user_list_answers_1200_words_with_a_note(self) -> None:
        response = self.client.get(
            reverse("users:list", kwargs={"lgcode": CODE}), {"q": MANY_WORDS}
        )
        self.assertContains(response, NOTE)
        self.assertContains(response, "admin体操")

    def test_the_activity_list_says_its_words_were_cut(self) -> None:
        activities.activity_record(
            municipality=self.city, coordinator=self.admin, user=self.admin,
            values=activities.ActivityInput(
                done_on=datetime.date.today(), kind="visit", summary="体操教室を訪問"
            ),
        )  # fmt: skip
        # The activity list searches the text as one phrase: the cut 100 characters are not
        # in the summary, so nothing is found, and the page says why the words were cut.
        response = self.client.get(
            reverse("activities:list", kwargs={"lgcode": CODE}), {"q": MANY_WORDS}
        )
        self.assertContains(response, NOTE)
