"""The network page: coordinators only; metrics, the graph's data and the same content as
tables; the isolated actors as links; filters by area, sector, 年度 and council ties."""

import datetime
import json

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities.constants import ConnectionPurpose, ConnectionStatus
from sasaeai.activities.services import Actor, ConnectionInput, connection_create
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils.tests.factories import TOKYO, CouncilFactory, MembershipFactory
from sasaeai.resources.constants import OrganizationType
from sasaeai.resources.models import ServiceAtLocation
from sasaeai.resources.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ResourceFactory,
)

NOW = datetime.datetime(2025, 9, 1, 10, 0, tzinfo=TOKYO)


@time_machine.travel(NOW, tick=False)
class NetworkPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="市全域", kana="しぜんいき")
        cls.north = Layer2AreaFactory(
            municipality=cls.city, parent=whole, name="北部圏域", kana="ほくぶ"
        )
        cls.south = Layer2AreaFactory(
            municipality=cls.city, parent=whole, name="南部圏域", kana="なんぶ"
        )
        cls.coordinator = user_with_role(Role.SC_LAYER2, cls.city, area=cls.south)
        org = OrganizationFactory
        cls.club = org(municipality=cls.city, name="北町老人クラブ", kana="きたまち",
                       type=OrganizationType.SENIOR_CLUB)  # fmt: skip
        cls.club.areas.set([cls.north])
        cls.npo = org(municipality=cls.city, name="NPOささえ", kana="えぬぴーおー",
                      type=OrganizationType.NPO)  # fmt: skip
        cls.npo.areas.set([cls.north])
        cls.alone = org(municipality=cls.city, name="南町自治会", kana="みなみまち",
                        type=OrganizationType.NEIGHBORHOOD)  # fmt: skip
        cls.alone.areas.set([cls.south])
        cls.salon = ResourceFactory(
            municipality=cls.city, name="ひだまりサロン", kana="ひだまり", organization=cls.club
        )
        venue = LocationFactory(municipality=cls.city, area=cls.north)
        ServiceAtLocation.objects.create(resource=cls.salon, location=venue)
        cls.connect(cls.club, cls.npo, ConnectionPurpose.SUPPORTERS, datetime.date(2024, 10, 1))
        cls.connect(cls.salon, cls.npo, ConnectionPurpose.VENUE, datetime.date(2025, 5, 1))
        council = CouncilFactory(area=cls.south, name="南部支え合い会議")
        for member in (cls.alone, cls.npo):
            MembershipFactory(council=council, organization=member,
                              term_start=datetime.date(2025, 4, 1))  # fmt: skip

    @classmethod
    def connect(cls, a, b, purpose, on) -> None:  # type: ignore[no-untyped-def]
        def actor(r):  # type: ignore[no-untyped-def]
            return Actor(organization=r) if hasattr(r, "corporate_number") else Actor(resource=r)

        connection_create(
            municipality=cls.city,
            item=ConnectionInput(
                source=actor(a), target=actor(b), purpose=purpose,
                status=ConnectionStatus.REALISED, made_on=on,
            ),
            user=cls.coordinator,
        )  # fmt: skip

    def url(self, query: str = "") -> str:
        return reverse("activities:network", args=[self.city.code]) + query

    def get(self, query: str = ""):  # type: ignore[no-untyped-def]
        self.client.force_login(self.coordinator)
        return self.client.get(self.url(query))

    def test_anonymous_visitors_are_sent_to_sign_in(self) -> None:
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_viewers_and_council_members_are_refused(self) -> None:
        for role in (Role.VIEWER, Role.COUNCIL_MEMBER):
            with self.subTest(role):
                self.client.force_login(user_with_role(role, self.city))
                self.assertEqual(self.client.get(self.url()).status_code, 403)

    def test_a_coordinator_sees_the_tables_with_the_same_content_as_the_graph(self) -> None:
        response = self.get()
        self.assertEqual(response.status_code, 200)
        # Ties table, newest first: from, to, type, purpose, date.
        self.assertContains(
            response,
            "<td>ひだまりサロン</td>\n      <td>NPOささえ</td>\n      <td>つなぎ</td>\n"
            "      <td>会場提供</td>\n      <td>令和7年5月1日</td>",
            html=False,
        )
        self.assertContains(
            response,
            "<td>北町老人クラブ</td>\n      <td>NPOささえ</td>\n      <td>つなぎ</td>\n"
            "      <td>担い手紹介</td>\n      <td>令和6年10月1日</td>",
        )
        # The council tie is listed, marked as not counted.
        self.assertContains(response, '協議体<span class="network-uncounted">（指標に数えない）')
        self.assertContains(response, "<td>南部支え合い会議</td>")
        # Actors table: NPOささえ has 2 ties (degree 2) and lies between the other two
        # tied actors: 1 pair of 3 others → 1 · 2 / (3·2) = 0.333. NPOささえ is 北部's, so
        # the 南部 coordinator sees its name without a link to its form (issue #20: scoped by
        # its areas, no 403 behind a link); 南町自治会 is 南部's and linked (isolated, below).
        self.assertContains(
            response,
            '<th scope="row">NPOささえ</th>\n      <td>団体</td>\n      <td>NPO・ボランティア</td>\n'
            '      <td class="num">2</td>\n      <td class="num">0.333</td>',
        )
        self.assertContains(response, 'role="img" aria-labelledby="graph-heading"')
        self.assertContains(response, 'src="/static/vendor/cytoscape/cytoscape.min.js"')

    def test_layer1_is_offered_the_form_of_every_organisation(self) -> None:
        self.client.force_login(user_with_role(Role.SC_LAYER1, self.city))
        response = self.client.get(self.url())
        self.assertContains(
            response, f'<a href="/staff/132012/organizations/{self.npo.pk}/edit/">NPOささえ</a>'
        )

    def test_the_graph_data_holds_every_tied_actor_and_every_tie(self) -> None:
        # An actor with no tie at all is left out of the graph, but listed in the tables.
        OrganizationFactory(municipality=self.city, name="ひとり会")
        response = self.get()
        self.assertIn("ひとり会", [a["node"].name for a in response.context["actors"]])
        graph = response.context["graph"]
        labels = sorted(n["label"] for n in graph["nodes"])
        self.assertEqual(labels, ["NPOささえ", "ひだまりサロン", "北町老人クラブ", "南町自治会"])
        kinds = sorted(e["kind"] for e in graph["edges"])
        self.assertEqual(kinds, ["connection", "connection", "council"])
        html = response.content.decode()
        data = html.split('<script id="network-data" type="application/json">')[1]
        self.assertEqual(len(json.loads(data.split("</script>")[0])["nodes"]), 4)

    def test_isolated_actors_are_a_to_do_list_of_links(self) -> None:
        response = self.get()
        self.assertContains(
            response,
            f'<li><a href="/staff/132012/organizations/{self.alone.pk}/edit/">南町自治会</a>'
            "（団体、住民・地縁組織）</li>",
        )
        self.assertEqual([n.name for n, _url in response.context["isolated"]], ["南町自治会"])

    def test_the_metrics_of_the_whole_city(self) -> None:
        m = self.get().context["metrics"]
        # 4 actors, 2 counted ties (the council tie is not counted by default):
        # density 2·2 / (4·3) = 0.3333; ties across sectors: 老人クラブ(住民)–NPO,
        # サロン(its organisation's sector: 住民)–NPO → 2 of 2 = 1.0; only the サロン's つなぎ
        # was realised in 年度 2025 (the other on 2024-10-01).
        self.assertEqual((m.actors, m.ties, m.cross_sector_share, m.new_ties), (4, 2, 1.0, 1))
        self.assertAlmostEqual(m.density, 0.3333, places=4)

    def test_the_council_checkbox_counts_council_ties(self) -> None:
        m = self.get("?council=1").context["metrics"]
        # 南町自治会–NPO counted too: 3 ties, nobody isolated.
        self.assertEqual((m.ties, m.isolated), (3, []))

    def test_the_area_filter(self) -> None:
        response = self.get(f"?area={self.south.pk}")
        # 南部: only 南町自治会 works there.
        self.assertEqual([a["node"].name for a in response.context["actors"]], ["南町自治会"])
        self.assertContains(response, "南部圏域・令和7年9月1日時点のネットワークです。")

    def test_the_sector_filter(self) -> None:
        response = self.get("?sector=nonprofit")
        self.assertEqual([a["node"].name for a in response.context["actors"]], ["NPOささえ"])

    def test_a_past_year_is_read_on_its_last_day(self) -> None:
        response = self.get("?year=2024")
        # On 2025-03-31 only 老人クラブ–NPO was tied; the others were registered later
        # (2025-09-01) and named in no tie or council before: 2 actors, 1 tie, new that 年度.
        self.assertContains(response, "市町村全体・令和7年3月31日時点のネットワークです。")
        m = response.context["metrics"]
        self.assertEqual((m.actors, m.ties, m.new_ties), (2, 1, 1))

    def test_values_that_are_not_choices_are_ignored(self) -> None:
        response = self.get("?area=999999&sector=nope&year=1990")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["filters"].fiscal_year, 2025)
        self.assertEqual(len(response.context["actors"]), 4)

    def test_the_page_makes_a_fixed_number_of_queries(self) -> None:
        self.client.force_login(self.coordinator)
        self.client.get(self.url())  # warm the session
        # 13, and 3 for the organisations the 南部 coordinator may edit (their 圏域 and the
        # organisations' marked areas and venues' areas), however many organisations there are;
        # +1 the header's unread お知らせ; +7 the residents' referrals (issue #26: requests,
        # referrals, joined and 担い手 by step and by referral, and the referrals per resource).
        with self.assertNumQueries(24):
            self.client.get(self.url())
        OrganizationFactory(municipality=self.city, name="新しい会")
        with self.assertNumQueries(24):
            self.client.get(self.url())

    def test_the_metrics_are_named_in_plain_words_with_the_terms_in_a_hint(self) -> None:
        import re

        html = self.get().content.decode()
        # Column headings in plain words.
        self.assertIn('<th scope="col">つながりの密度</th>', html)
        self.assertIn('<th scope="col">仲介役の度合い</th>', html)
        # The formula and the technical term only inside the folded 「計算のしかた」.
        folded = re.search(r"<details class=\"help\">.*?</details>", html, re.S)
        assert folded is not None
        self.assertIn("<summary>計算のしかた（専門用語）</summary>", folded[0])
        self.assertIn("2E ÷ N(N−1)", folded[0])
        self.assertIn("媒介中心性", folded[0])
        outside = html.replace(folded[0], "")
        self.assertNotIn("2E ÷", outside)
        self.assertNotIn("媒介中心性", outside)
