"""The national survey's 通いの場 tables from the registry of a 年度's 31 March: each table's
total equals the registry's count, the participants add up, places left out are listed with
the reason, and a change after 31 March leaves the 年度 unchanged."""

import datetime
import io
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.plans.survey import survey_return
from sasaeai.resources.constants import (
    Activity,
    FrequencyBand,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    VenueType,
)
from sasaeai.resources.models import Resource
from sasaeai.resources.tests.factories import OrganizationFactory, resource_at

TOKYO = ZoneInfo("Asia/Tokyo")


class SurveyReturnTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=TOKYO), tick=False):
            cls.city = MunicipalityFactory(code="132012", name="八王子市")
            area = Layer2AreaFactory(
                municipality=cls.city, parent=AreaFactory(municipality=cls.city)
            )
            town = TownFactory(area=area)
            club = OrganizationFactory(municipality=cls.city, type=OrganizationType.SENIOR_CLUB)
            npo = OrganizationFactory(municipality=cls.city, type=OrganizationType.NPO)
            kayoi = {"kind": ResourceKind.KAYOI}

            def place(name, org, band, activity, venue, **counts):  # type: ignore[no-untyped-def]
                resource = resource_at(
                    town, name=name, organization=org, frequency_band=band,
                    primary_activity=activity, **kayoi, **counts,
                )  # fmt: skip
                location = resource.service_locations.get().location
                location.venue_type = venue  # saved, so its history says so too
                location.save()
                return resource

            full = {"registered_male": 5, "registered_female": 15, "registered_65_74": 8,
                    "registered_75_plus": 12}  # fmt: skip
            # Counted: three places.
            place("体操A", club, FrequencyBand.WEEKLY_OR_MORE, Activity.EXERCISE,
                  VenueType.COMMUNITY_HALL, registered_total=20, **full)  # fmt: skip
            place("サロンB", npo, FrequencyBand.MONTHLY, Activity.TEA, VenueType.PRIVATE_HOME,
                  registered_total=12, registered_male=2, registered_female=10,
                  registered_65_74=4, registered_75_plus=8)  # fmt: skip
            cls.later = place("体操C", npo, FrequencyBand.TWO_OR_THREE_MONTHLY,
                              Activity.EXERCISE, VenueType.COMMUNITY_HALL, registered_total=9)  # fmt: skip
            # Left out: less than monthly; no main activity; no organisation; and an ended one
            # (not listed at all).
            place("季節の会D", club, FrequencyBand.LESS_OR_IRREGULAR, Activity.HOBBY,
                  VenueType.PARK, registered_total=30)  # fmt: skip
            place("会E", club, FrequencyBand.WEEKLY_OR_MORE, "", VenueType.PARK, registered_total=5)
            place("会F", None, FrequencyBand.WEEKLY_OR_MORE, Activity.TEA, VenueType.PARK,
                  registered_total=5)  # fmt: skip
            place("終わった会G", club, FrequencyBand.WEEKLY_OR_MORE, Activity.TEA, VenueType.PARK,
                  registered_total=7, status=ResourceStatus.ENDED)  # fmt: skip
        # 令和8年度: 体操C's count changes; the closed 年度 must not see it.
        with time_machine.travel(datetime.datetime(2026, 4, 5, 10, tzinfo=TOKYO), tick=False):
            Resource.objects.filter(pk=cls.later.pk).update(registered_total=99)
            later = Resource.objects.get(pk=cls.later.pk)
            later.save()
        cls.viewer = user_with_role(Role.VIEWER, cls.city)

    def test_the_tables_of_the_closed_year(self) -> None:
        result = survey_return(self.city, 2025)
        self.assertEqual(result.places, 3)
        self.assertEqual(dict(result.by_organization), {"senior_club": 1, "npo": 2})
        self.assertEqual(dict(result.by_venue), {"community_hall": 2, "private_home": 1})
        self.assertEqual(dict(result.by_activity), {"exercise": 2, "tea": 1})
        self.assertEqual(dict(result.by_band), {"weekly_plus": 1, "monthly": 1, "monthly_2_3": 1})
        # Participants: 20 + 12 + 9 = 41; men 5 + 2 = 7; women 15 + 10 = 25; 65–74 8 + 4 = 12;
        # 75+ 12 + 8 = 20; 体操C has no breakdown.
        self.assertEqual(
            dict(result.participants),
            {"registered_total": 41, "registered_male": 7, "registered_female": 25,
             "registered_65_74": 12, "registered_75_plus": 20},
        )  # fmt: skip
        self.assertEqual(result.without_breakdown, 1)
        self.assertEqual(
            [(item.name, item.reason) for item in result.left_out],
            # In 50音順 of the readings (the factory's, which follow the order of creation).
            [
                ("季節の会D", "月1回未満・不定期（調査の対象外）"),
                ("会E", "主な活動が未入力"),
                ("会F", "運営主体が未登録"),
            ],
        )

    def test_the_xlsx_read_back_totals_equal_the_registry(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(
            reverse("plans:survey_return", kwargs={"lgcode": self.city.code}),
            {"year": "2025", "format": "xlsx"},
        )
        book = load_workbook(io.BytesIO(response.content))
        counted = (
            Resource.objects.filter(
                municipality=self.city, kind=ResourceKind.KAYOI, status=ResourceStatus.ACTIVE
            )
            .exclude(frequency_band=FrequencyBand.LESS_OR_IRREGULAR)
            .exclude(primary_activity="")
        )
        counted = counted.exclude(organization=None)
        # The registry today holds the same three counted places (体操A, サロンB, 体操C).
        self.assertEqual(counted.count(), 3)
        for sheet in ("運営主体別", "活動場所別", "主な活動別", "頻度別"):
            with self.subTest(sheet):
                rows = list(book[sheet].iter_rows(min_row=2, values_only=True))
                self.assertEqual(rows[-1], ("合計", 3))
                self.assertEqual(sum(n for _label, n in rows[:-1]), 3)
        participants = dict(book["参加者"].iter_rows(min_row=2, values_only=True))
        # 41 on 31 March 2026 (体操C had 9; the 99 came in April).
        self.assertEqual(participants["参加者（実人数）"], 41)
        left = list(book["対象外・要確認"].iter_rows(min_row=2, values_only=True))
        self.assertEqual([row[2] for row in left], [
            "月1回未満・不定期（調査の対象外）", "主な活動が未入力", "運営主体が未登録",
        ])  # fmt: skip

    def test_the_page_shows_the_year(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(
            reverse("plans:survey_return", kwargs={"lgcode": self.city.code}), {"year": "2025"}
        )
        self.assertContains(response, "令和7年度：数えた通いの場 3か所、対象外・要確認 3か所。")
