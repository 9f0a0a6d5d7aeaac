"""Registry pages offer only the links their reader may follow (issue #18, item 5): a venue is
edited by those who may edit its own area, a merge by those who may edit both resources."""

import datetime

from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources.models import ServiceAtLocation
from sasaeai.resources.tests.factories import LocationFactory, ResourceFactory

CODE = "132012"


class LinkPermissionTests(TestCase):
    """北部圏域 and 南部圏域; 北の集会所 in 北部, 南の集会所 in 南部. `both` meets at both halls,
    `north_only` only at 北, `south_only` only at 南. Their names differ only in spaces and
    half-width kana (「ふれあいサロン」「ふれあい サロン」「ふれあいｻﾛﾝ」), so each two are a
    duplicate pair: three pairs."""

    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code=CODE)
        cls.north = Layer2AreaFactory(municipality=city, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=city, name="南部圏域", parent=cls.north.parent)
        north_town = TownFactory(area=cls.north, latitude=35.7, longitude=139.4)
        south_town = TownFactory(area=cls.south, latitude=35.6, longitude=139.3)
        cls.north_hall = LocationFactory(
            municipality=city, name="北の集会所", town=north_town, area=cls.north
        )
        cls.south_hall = LocationFactory(
            municipality=city, name="南の集会所", town=south_town, area=cls.south
        )
        cls.both = ResourceFactory(municipality=city, name="ふれあいサロン", kana="ふれあいさろん")
        cls.north_only = ResourceFactory(
            municipality=city, name="ふれあい サロン", kana="ふれあいさろんきた"
        )
        cls.south_only = ResourceFactory(
            municipality=city, name="ふれあいｻﾛﾝ", kana="ふれあいさろんみなみ"
        )
        for resource, halls in (
            (cls.both, (cls.north_hall, cls.south_hall)),
            (cls.north_only, (cls.north_hall,)),
            (cls.south_only, (cls.south_hall,)),
        ):
            for hall in halls:
                ServiceAtLocation.objects.create(resource=resource, location=hall)
        cls.sc2_north = user_with_role(Role.SC_LAYER2, city, area=cls.north)
        cls.viewer = user_with_role(Role.VIEWER, city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, city)

    def edit_href(self, hall: object) -> str:
        return f'href="/staff/{CODE}/venues/{hall.pk}/edit/'  # type: ignore[attr-defined]

    def test_a_layer2_coordinator_is_offered_only_the_venue_of_their_own_area(self) -> None:
        self.client.force_login(self.sc2_north)
        # The resource meeting in both areas may be edited from 北部, its 南 venue may not.
        detail = self.client.get(f"/staff/{CODE}/resources/{self.both.pk}/")
        self.assertContains(detail, self.edit_href(self.north_hall))
        self.assertNotContains(detail, self.edit_href(self.south_hall))
        refused = self.client.get(f"/staff/{CODE}/venues/{self.south_hall.pk}/edit/")
        self.assertEqual(refused.status_code, 403)
        venues = self.client.get(f"/staff/{CODE}/venues/")
        self.assertContains(venues, self.edit_href(self.north_hall))
        self.assertNotContains(venues, self.edit_href(self.south_hall))
        self.assertContains(venues, "南の集会所")
        self.assertContains(venues, "会場を登録する")

    def test_a_viewer_sees_the_venues_without_edit_or_create_links(self) -> None:
        self.client.force_login(self.viewer)
        venues = self.client.get(f"/staff/{CODE}/venues/")
        self.assertContains(venues, '<th scope="row">北の集会所</th>')
        self.assertNotContains(venues, "/edit/")
        self.assertNotContains(venues, "会場を登録する")
        detail = self.client.get(f"/staff/{CODE}/resources/{self.both.pk}/")
        self.assertNotContains(detail, "/edit/")

    def test_merge_links_only_for_pairs_the_reader_may_edit_both_of(self) -> None:
        merge = f"/staff/{CODE}/resources/{{}}/merge/{{}}/"
        pairs = {
            # (kept, merged): 50音順 puts ふれあいさろん first, then …きた, then …みなみ.
            "both+north": merge.format(self.both.pk, self.north_only.pk),
            "both+south": merge.format(self.both.pk, self.south_only.pk),
            "north+south": merge.format(self.north_only.pk, self.south_only.pk),
        }
        self.client.force_login(self.sc1)
        page = self.client.get(f"/staff/{CODE}/resources/duplicates/").content.decode()
        self.assertEqual({k for k, href in pairs.items() if href in page}, set(pairs))

        self.client.force_login(self.sc2_north)
        page = self.client.get(f"/staff/{CODE}/resources/duplicates/").content.decode()
        # south_only meets only in 南部: no pair with it can be merged from 北部.
        self.assertEqual({k for k, href in pairs.items() if href in page}, {"both+north"})
        self.assertEqual(page.count("担当外の圏域を含むため統合できません"), 2)
        for key in ("both+south", "north+south"):
            self.assertEqual(self.client.get(pairs[key]).status_code, 403)

        self.client.force_login(self.viewer)
        page = self.client.get(f"/staff/{CODE}/resources/duplicates/").content.decode()
        self.assertFalse([k for k, href in pairs.items() if href in page])
        self.assertNotIn("操作</th>", page)
        self.assertIn(f'href="/staff/{CODE}/resources/{self.north_only.pk}/"', page)

    def test_the_merge_page_gives_the_check_dates_in_wareki(self) -> None:
        # 2026-10-14 is 令和8年 (2019 = 令和元年, so 2026 = 令和8年).
        self.both.last_verified_on = datetime.date(2026, 10, 14)
        self.both.save()
        self.client.force_login(self.sc1)
        page = self.client.get(
            f"/staff/{CODE}/resources/{self.both.pk}/merge/{self.north_only.pk}/"
        )
        self.assertContains(page, "<td>令和8年10月14日</td>")
        self.assertContains(page, "<td>未確認</td>")
        self.assertNotContains(page, "2026-10-14")
