"""「担当圏域の地域資源 N件が確認の時期です」: once an ISO week, to each coordinator, with the
number of 要確認 resources their 「要確認・担当圏域」 list shows.

The hand-built city, 八王子市 (確認の期限 12 か月, the default), on Monday 7 December 2026:
cutoff = 2025-12-07; 要確認 = never verified or last verified before it.

    whole (layer 1) ─ north: N1 never, N2 2025-12-06 (due), N3 2025-12-07 (not yet due)
                    └ south: S1 2024-01-01 (due), S2 2026-11-01 (not due)
    north and south: B never (one resource meeting in both)
    no area: X never (only the whole-city list has it)

    due: N1 N2 S1 B X.
    sc2 north  → N1 N2 B        = 3
    sc2 south  → S1 B           = 2
    sc2 whole  → north + south  = N1 N2 S1 B = 4
    sc1 (no area: the whole city) = N1 N2 S1 B X = 5
    admin, viewer, an inactive sc2, an sc2 whose assignment ended, an sc2 with no area: none.

立川市 (確認の期限 6 か月): cutoff 2026-06-07; T1 2026-06-06 (due), T2 2026-06-07 (not yet);
its sc1 → 1.

Next Monday, 14 December: cutoffs 2025-12-14 and 2026-06-14, so N3 and T2 are due too:
north 4, south 2, whole 5, sc1 6, 立川市 sc1 2.
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import Area
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.notices import services as notices
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.resources import selectors
from sasaeai.resources.models import Location, RegistrySettings, Resource, ServiceAtLocation
from sasaeai.resources.tests.factories import ResourceFactory, resource_at
from sasaeai.resources.verification_notices import SCAN_NAME

MONDAY = datetime.date(2026, 12, 7)  # ISO week 2026-W50
WEDNESDAY = datetime.date(2026, 12, 9)
NEXT_MONDAY = datetime.date(2026, 12, 14)  # 2026-W51
TOKYO = ZoneInfo("Asia/Tokyo")


class VerificationDueScanTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=city, name="八王子市全域")
        north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域")
        south = Layer2AreaFactory(municipality=city, parent=whole, name="南部圏域")
        north_town = TownFactory(area=north)
        south_town = TownFactory(area=south)

        def at(town, verified: str | None):  # type: ignore[no-untyped-def]
            day = datetime.date.fromisoformat(verified) if verified else None
            return resource_at(town, last_verified_on=day)

        at(north_town, None)  # N1
        at(north_town, "2025-12-06")  # N2
        at(north_town, "2025-12-07")  # N3
        at(south_town, "2024-01-01")  # S1
        at(south_town, "2026-11-01")  # S2
        both = at(north_town, None)  # B, also meeting in the south
        ServiceAtLocation.objects.create(
            resource=both, location=Location.objects.filter(town=south_town).first()
        )
        ResourceFactory(municipality=city)  # X: no venue

        def user(role: str, name: str, area=None, **kwargs):  # type: ignore[no-untyped-def]
            return user_with_role(role, city, area=area, user__username=name, **kwargs)

        user(Role.SC_LAYER2, "sc2_north", north)
        user(Role.SC_LAYER2, "sc2_south", south)
        user(Role.SC_LAYER2, "sc2_whole", whole)
        user(Role.SC_LAYER1, "sc1")
        user(Role.MUNICIPAL_ADMIN, "admin")
        user(Role.VIEWER, "viewer", north)
        user(Role.SC_LAYER2, "sc2_no_area")
        user(Role.SC_LAYER2, "sc2_ended", north, valid_to=datetime.date(2026, 11, 30))
        user(Role.SC_LAYER2, "sc2_gone", north, user__is_active=False)

        other = MunicipalityFactory(code="132021")
        RegistrySettings.objects.create(municipality=other, stale_after_months=6)
        other_town = TownFactory(area=Layer2AreaFactory(municipality=other))
        at(other_town, "2026-06-06")  # T1
        at(other_town, "2026-06-07")  # T2
        user_with_role(Role.SC_LAYER1, other, user__username="sc1_tachikawa")

    def scan(self, day: datetime.date) -> int:
        return notices.SCANS[SCAN_NAME](day)  # registered by resources' ready()

    def titles(self, key_week: str) -> dict[str, str]:
        rows = Notice.objects.filter(
            kind=NoticeKind.VERIFICATION_DUE, key__startswith=f"verification:{key_week}:"
        ).values_list("user__username", "title")
        return dict(rows)

    def test_each_coordinator_hears_how_many_are_due_in_their_areas(self) -> None:
        # The day's assignments, the areas under them, the settings, the resources, the
        # municipalities' codes, then notify_many's three: 8, however many users and resources.
        with self.assertNumQueries(8):
            self.assertEqual(self.scan(MONDAY), 5)
        self.assertEqual(
            self.titles("2026-W50"),
            {
                "sc2_north": "担当圏域の地域資源 3件が確認の時期です",
                "sc2_south": "担当圏域の地域資源 2件が確認の時期です",
                "sc2_whole": "担当圏域の地域資源 4件が確認の時期です",
                "sc1": "担当圏域の地域資源 5件が確認の時期です",
                "sc1_tachikawa": "担当圏域の地域資源 1件が確認の時期です",
            },
        )
        notice = Notice.objects.get(user__username="sc2_north")
        self.assertEqual(
            (notice.key, notice.url, notice.municipality.code),
            ("verification:2026-W50:132012", "/staff/132012/resources/?check=1&mine=1&order=verified",
             "132012"),
        )  # fmt: skip

    def test_a_second_run_in_the_same_week_adds_nothing_and_the_next_week_tells_again(self) -> None:
        self.scan(MONDAY)
        self.assertEqual(self.scan(WEDNESDAY), 0)
        self.assertEqual(Notice.objects.count(), 5)
        self.assertEqual(self.scan(NEXT_MONDAY), 5)
        self.assertEqual(
            self.titles("2026-W51"),
            {
                "sc2_north": "担当圏域の地域資源 4件が確認の時期です",
                "sc2_south": "担当圏域の地域資源 2件が確認の時期です",
                "sc2_whole": "担当圏域の地域資源 5件が確認の時期です",
                "sc1": "担当圏域の地域資源 6件が確認の時期です",
                "sc1_tachikawa": "担当圏域の地域資源 2件が確認の時期です",
            },
        )

    def test_the_count_is_the_number_of_rows_the_linked_list_shows(self) -> None:
        # The list's 「担当圏域」 of sc2_north is (north,), of sc2_whole (whole,), of sc1 none.
        city = MunicipalityFactory(code="132012")
        areas = {a.name: a for a in Area.objects.filter(municipality=city)}
        with time_machine.travel(datetime.datetime(2026, 12, 7, 6, 0, tzinfo=TOKYO)):
            counts = [
                selectors.resource_list(
                    city, selectors.ResourceFilters(areas=mine, needs_check=True)
                ).count()
                for mine in ((areas["北部圏域"],), (areas["八王子市全域"],), ())
            ]
        self.assertEqual(counts, [3, 4, 5])

    def test_nothing_due_means_no_notice(self) -> None:
        Resource.objects.update(last_verified_on=datetime.date(2026, 12, 1))
        self.assertEqual(self.scan(MONDAY), 0)
        self.assertFalse(Notice.objects.exists())
