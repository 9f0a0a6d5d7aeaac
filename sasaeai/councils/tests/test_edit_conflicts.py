"""Two coordinators change the same council's settings or end the same member's term (issue
#21): the second is refused and told who saved first and when (in 和暦); the first change
stays."""

import datetime

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.edit_conflicts import SAVED_AT_WAREKI, EditConflictMixin, both_open
from sasaeai.councils import services
from sasaeai.councils.models import Council, Membership

from .factories import MembershipFactory


class CouncilEditConflictTests(EditConflictMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域")
        north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        cls.sc2 = user_with_role(
            Role.SC_LAYER2, cls.city, area=north, user__display_name="北部 花子"
        )
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city)
        cls.council = services.council_create(
            municipality=cls.city, area=north, name="北部地域支え合い会議", user=cls.sc1
        )
        cls.member = MembershipFactory(council=cls.council, name="委員 一郎")

    def url(self, name: str, pk: int) -> str:
        return reverse(f"councils:{name}", args=[self.city.code, pk])

    def test_the_second_settings_save_is_refused_with_its_input_kept(self) -> None:
        refused = self.two_editors(
            self.url("settings", self.council.pk), self.sc2, self.sc1,
            {"name": "北部地域支え合い会議", "office_phone": "042-620-7365"},
            {"name": "北部支え合い会議", "office_phone": "042-620-0000"}, who="北部 花子",
        )  # fmt: skip
        self.assertContains(refused, 'value="042-620-0000"', status_code=400)
        self.assertEqual(
            Council.objects.values_list("name", "office_phone").get(),
            ("北部地域支え合い会議", "042-620-7365"),
        )

    def test_the_second_end_of_a_members_term_is_refused(self) -> None:
        home, end = self.url("home", self.council.pk), self.url("member_end", self.member.pk)
        with both_open(home, self.sc2, self.sc1) as (a, b, opened):
            # Each confirms on the second screen, which carries the version shown on the first.
            a.post(end, {"term_end": "2027/3/31", "version": opened, "confirmed": "1"})
            refused = b.post(
                end, {"term_end": "2027/6/30", "version": opened, "confirmed": "1"}, follow=True
            )
        self.assertContains(refused, f"北部 花子さんが保存しました（{SAVED_AT_WAREKI}）")
        self.assertEqual(Membership.objects.get().term_end, datetime.date(2027, 3, 31))
