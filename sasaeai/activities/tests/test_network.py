"""Network metrics against small hand-built networks; every expected value is worked out by
hand in a comment. Time is frozen on 2025-09-01 (年度 2025 under way), so records made in the
fixtures were registered that day."""

import datetime
import itertools

import time_machine
from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities import network
from sasaeai.activities.constants import ActivityKind, ConnectionPurpose, ConnectionStatus
from sasaeai.activities.services import (
    ActivityInput,
    Actor,
    ConnectionInput,
    activity_record,
    connection_create,
    connection_set_status,
)
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
REALISED = ConnectionStatus.REALISED
FY2024_END = datetime.date(2025, 3, 31)
D = datetime.date
MAY_2025 = D(2025, 5, 1)


@time_machine.travel(NOW, tick=False)
class NetworkFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    @classmethod
    def org(cls, name: str, kana: str, kind: str = OrganizationType.RESIDENT_GROUP):  # type: ignore[no-untyped-def]
        return OrganizationFactory(municipality=cls.city, name=name, kana=kana, type=kind)

    @classmethod
    def tie(cls, a, b, on=MAY_2025, status=REALISED):  # type: ignore[no-untyped-def]
        """A つなぎ from a to b (organisations or resources) made on `on` with `status`."""
        return connection_create(
            municipality=cls.city,
            item=ConnectionInput(
                source=actor(a), target=actor(b), purpose=ConnectionPurpose.VENUE,
                status=status, made_on=on,
            ),
            user=cls.user,
        )  # fmt: skip

    def metrics(self, fiscal_year: int = 2025, **filters):  # type: ignore[no-untyped-def]
        data = network.network_data(self.city)
        shown = network.network_on(data, network.moment_of(fiscal_year), **filters)
        return network.metrics_of(shown, data, fiscal_year)


def actor(record):  # type: ignore[no-untyped-def]
    from sasaeai.resources.models import Organization

    if isinstance(record, Organization):
        return Actor(organization=record)
    return Actor(resource=record)


def names(nodes) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.name for n in nodes]


def brokers(metrics) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    return [(n.name, round(v, 4)) for n, v in metrics.brokers]


class DensityAndBrokersTests(NetworkFixture):
    def test_a_path_of_three_has_its_middle_as_the_only_broker(self) -> None:
        a, b, c = self.org("あおば会", "あ"), self.org("いずみ会", "い"), self.org("うみ会", "う")
        self.tie(a, b)
        self.tie(c, b)  # direction does not matter: the network is undirected
        m = self.metrics()
        # N = 3, E = 2: density = 2·2 / (3·2) = 0.6667.
        self.assertEqual((m.actors, m.ties), (3, 2))
        self.assertAlmostEqual(m.density, 0.6667, places=4)
        # Only the pair (あおば, うみ) passes through いずみ: raw 1, normalised by
        # 2 / ((N−1)(N−2)) = 2 / 2 = 1 → 1.0; the ends have 0 and are left out.
        self.assertEqual(brokers(m), [("いずみ会", 1.0)])
        self.assertEqual(m.isolated, [])

    def test_a_star_with_one_isolated_actor(self) -> None:
        centre = self.org("中心会", "ちゅうしん")
        for name, kana in (("葉1", "は1"), ("葉2", "は2"), ("葉3", "は3"), ("葉4", "は4")):
            self.tie(centre, self.org(name, kana))
        self.org("ひとり会", "ひとり")
        m = self.metrics()
        # N = 6, E = 4: density = 2·4 / (6·5) = 8/30 = 0.2667.
        self.assertEqual((m.actors, m.ties), (6, 4))
        self.assertAlmostEqual(m.density, 0.2667, places=4)
        # The centre lies on all C(4,2) = 6 leaf pairs: 6 · 2 / (5·4) = 0.6.
        self.assertEqual(brokers(m), [("中心会", 0.6)])
        self.assertEqual(names(m.isolated), ["ひとり会"])

    def test_only_the_top_three_brokers_are_named(self) -> None:
        # A path あ–い–う–え–お–か (N = 6): raw betweenness い 4 (あ × 4 on the right),
        # う 2·3 = 6, え 3·2 = 6, お 4; normalised by 2 / (5·4) = 0.1 → 0.4, 0.6, 0.6, 0.4.
        # Top three: う and え (0.6, by reading), then い before お (0.4, by reading).
        chain = [self.org(f"{k}の会", k) for k in "あいうえおか"]
        for left, right in itertools.pairwise(chain):
            self.tie(left, right)
        self.assertEqual(
            brokers(self.metrics()), [("うの会", 0.6), ("えの会", 0.6), ("いの会", 0.4)]
        )

    def test_two_connections_between_one_pair_are_one_tie(self) -> None:
        a, b = self.org("あおば会", "あ"), self.org("いずみ会", "い")
        self.tie(a, b)
        self.tie(b, a, on=D(2025, 6, 1))
        m = self.metrics()
        # One pair: E = 1, density = 2·1 / (2·1) = 1.0; both つなぎ were realised this 年度.
        self.assertEqual((m.ties, m.density, m.new_ties), (1, 1.0, 2))

    def test_one_actor_or_none_has_density_zero(self) -> None:
        self.assertEqual(network.density(0, 0), 0.0)
        self.assertEqual(network.density(1, 0), 0.0)
        m = self.metrics()
        self.assertEqual((m.actors, m.ties, m.density, m.cross_sector_share), (0, 0, 0.0, None))


class SectorTests(NetworkFixture):
    def test_share_of_ties_across_sectors(self) -> None:
        residents = self.org("自治会", "じちかい", OrganizationType.NEIGHBORHOOD)
        club = self.org("老人クラブ", "ろうじん", OrganizationType.SENIOR_CLUB)
        npo = self.org("NPOささえ", "えぬぴーおー", OrganizationType.NPO)
        shakyo = self.org("社協", "しゃきょう", OrganizationType.SOCIAL_WELFARE_COUNCIL)
        self.tie(residents, club)  # 住民・地縁 – 住民・地縁: same sector
        self.tie(residents, npo)  # 住民・地縁 – NPO: across
        self.tie(npo, shakyo)  # NPO – 福祉: across
        # 2 of 3 ties cross sectors → 0.6667.
        self.assertAlmostEqual(self.metrics().cross_sector_share, 0.6667, places=4)

    def test_a_resource_takes_its_organisations_sector_else_unknown(self) -> None:
        shakyo = self.org("社協", "しゃきょう", OrganizationType.SOCIAL_WELFARE_COUNCIL)
        ResourceFactory(municipality=self.city, name="社協サロン", organization=shakyo)
        ResourceFactory(municipality=self.city, name="有志の体操", organization=None)
        nodes = {n.name: n for n in network.network_data(self.city).nodes.values()}
        self.assertEqual(nodes["社協サロン"].sector_label, "福祉（社協・包括）")
        self.assertEqual(nodes["有志の体操"].sector_label, "不明")

    def test_the_sector_filter_keeps_actors_of_that_sector_and_ties_among_them(self) -> None:
        residents = self.org("自治会", "じちかい", OrganizationType.NEIGHBORHOOD)
        club = self.org("老人クラブ", "ろうじん", OrganizationType.SENIOR_CLUB)
        npo = self.org("NPOささえ", "えぬぴーおー", OrganizationType.NPO)
        self.tie(residents, club)
        self.tie(residents, npo)
        m = self.metrics(sector="residents")
        # 自治会 and 老人クラブ remain, with their one tie; the NPO and its tie are left out.
        self.assertEqual((m.actors, m.ties, m.cross_sector_share), (2, 1, 0.0))


class AreaFilterTests(NetworkFixture):
    def test_the_area_filter_keeps_actors_in_the_area_and_ties_among_them(self) -> None:
        whole = AreaFactory(municipality=self.city, name="市全域")
        north = Layer2AreaFactory(municipality=self.city, parent=whole, name="北部")
        south = Layer2AreaFactory(municipality=self.city, parent=whole, name="南部")
        a = self.org("北の会", "きた")
        a.areas.set([north])
        b = self.org("南の会", "みなみ")
        b.areas.set([south])
        salon = ResourceFactory(municipality=self.city, name="北サロン", kana="きたさろん")
        venue = LocationFactory(municipality=self.city, area=north)
        ServiceAtLocation.objects.create(resource=salon, location=venue)
        self.tie(a, salon)
        self.tie(a, b)
        # 北部: 北の会 and 北サロン (its venue is in 北部), and the tie between them only.
        north_m = self.metrics(area=north.pk)
        self.assertEqual((north_m.actors, north_m.ties), (2, 1))
        # The layer-1 area holds both of its layer-2 areas: all three actors, both ties.
        whole_m = self.metrics(area=whole.pk)
        self.assertEqual((whole_m.actors, whole_m.ties), (3, 2))
        # 南部: 南の会 alone, isolated there although tied in the whole city.
        south_m = self.metrics(area=south.pk)
        self.assertEqual(names(south_m.isolated), ["南の会"])


class HistoryTests(NetworkFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.a = cls.org("あおば会", "あ")
        cls.b = cls.org("いずみ会", "い")
        cls.c = cls.org("うみ会", "う")
        cls.d = cls.org("えがお会", "え")
        # c1 あ→い: 提案 2024-05-01, 実現 2024-06-01, 終了 2025-02-01.
        c1 = cls.tie(cls.a, cls.b, D(2024, 5, 1), ConnectionStatus.PROPOSED)
        connection_set_status(connection=c1, status=REALISED, on=D(2024, 6, 1), user=cls.user)
        connection_set_status(
            connection=c1, status=ConnectionStatus.ENDED, on=D(2025, 2, 1), user=cls.user
        )
        # c2 い→う: 実現 on 31 March 2025, the last day of 年度 2024.
        cls.tie(cls.b, cls.c, FY2024_END)
        # c3 う→え: 提案 2025-03-01, 実現 2025-04-01, the first day of 年度 2025.
        c3 = cls.tie(cls.c, cls.d, D(2025, 3, 1), ConnectionStatus.PROPOSED)
        connection_set_status(connection=c3, status=REALISED, on=D(2025, 4, 1), user=cls.user)

    def test_the_moment_is_31_march_or_today_for_the_year_under_way(self) -> None:
        self.assertEqual(network.moment_of(2024), FY2024_END)
        self.assertEqual(network.moment_of(2025), D(2025, 9, 1))

    def test_status_at_the_end_of_a_year_comes_from_the_dated_history(self) -> None:
        m = self.metrics(2024)
        # On 2025-03-31: c1 ended (2025-02-01), c2 realised that day, c3 only proposed:
        # one tie, い–う; あおば and えがお have none.
        self.assertEqual(m.ties, 1)
        self.assertEqual(names(m.isolated), ["あおば会", "えがお会"])

    def test_ties_new_this_year_are_those_first_realised_within_it(self) -> None:
        # 年度 2024: c1 (2024-06-01, ended since but realised then) and c2 (2025-03-31) → 2.
        self.assertEqual(self.metrics(2024).new_ties, 2)
        # 年度 2025: c3 (2025-04-01) → 1; c2 still holds but is not new.
        m = self.metrics(2025)
        self.assertEqual((m.new_ties, m.ties), (1, 2))

    def test_actors_appear_from_their_first_tie_or_registration(self) -> None:
        # Registered on 2025-09-01 (frozen) with no tie: not yet an actor on 2025-03-31.
        self.org("おそい会", "お")
        self.assertEqual(self.metrics(2024).actors, 4)
        self.assertEqual(self.metrics(2025).actors, 5)

    def test_a_day_before_any_change_has_no_tie(self) -> None:
        data = network.network_data(self.city)
        self.assertEqual(network.network_on(data, D(2024, 4, 30)).ties, [])


class CouncilTieTests(NetworkFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.a = cls.org("あおば会", "あ")
        cls.b = cls.org("いずみ会", "い")
        cls.c = cls.org("うみ会", "う")
        council = CouncilFactory(area__municipality=cls.city)
        start = D(2024, 4, 1)
        MembershipFactory(council=council, organization=cls.a, term_start=start)
        MembershipFactory(council=council, organization=cls.b, term_start=start)
        # うみ会's term ended before 31 March 2025; a resident member has no organisation.
        MembershipFactory(
            council=council, organization=cls.c, term_start=start, term_end=D(2024, 12, 31)
        )
        MembershipFactory(council=council, organization=None, term_start=start)

    def test_council_ties_are_shown_but_not_counted_by_default(self) -> None:
        data = network.network_data(self.city)
        shown = network.network_on(data, FY2024_END)
        # あおば and いずみ sat together on 2025-03-31; うみ's term was over.
        self.assertEqual(
            [(t.pair, t.kind) for t in shown.ties],
            [(frozenset({f"org:{self.a.pk}", f"org:{self.b.pk}"}), "council")],
        )
        m = network.metrics_of(shown, data, 2024)
        self.assertEqual((m.ties, m.density), (0, 0.0))
        self.assertEqual(names(m.isolated), ["あおば会", "いずみ会", "うみ会"])

    def test_council_ties_are_counted_when_asked(self) -> None:
        m = self.metrics(2024, include_council=True)
        # N = 3, E = 1: density = 2 / 6 = 0.3333; only うみ会 is left alone.
        self.assertEqual(m.ties, 1)
        self.assertAlmostEqual(m.density, 0.3333, places=4)
        self.assertEqual(names(m.isolated), ["うみ会"])


class YearlyCountsTests(NetworkFixture):
    def test_counts_of_one_year_for_the_plans(self) -> None:
        a, b = self.org("あおば会", "あ"), self.org("いずみ会", "い")
        for kind, day in (
            (ActivityKind.VISIT, D(2024, 4, 1)),  # 年度 2024 (first day)
            (ActivityKind.VISIT, D(2025, 3, 31)),  # 年度 2024 (last day)
            (ActivityKind.MEETING, D(2024, 10, 1)),  # 年度 2024
            (ActivityKind.VISIT, D(2025, 4, 1)),  # 年度 2025: not counted
        ):
            activity_record(
                municipality=self.city, coordinator=self.user, user=self.user,
                values=ActivityInput(done_on=day, kind=kind, summary="訪問", minutes=30),
            )  # fmt: skip
        self.tie(a, b, D(2024, 5, 1), ConnectionStatus.PROPOSED)  # made, never realised
        proposed = self.tie(b, a, D(2025, 1, 1), ConnectionStatus.PROPOSED)
        connection_set_status(
            connection=proposed, status=REALISED, on=D(2025, 4, 2), user=self.user
        )
        self.tie(a, b, D(2024, 12, 1))  # made and realised in 年度 2024
        counts = network.yearly_counts(self.city, 2024)
        self.assertEqual(counts["activities"]["visit"], 2)
        self.assertEqual(counts["activities"]["meeting"], 1)
        self.assertEqual(counts["activities"]["other"], 0)
        # 3 activities × 30 minutes = 90.
        self.assertEqual((counts["activities_total"], counts["activity_minutes"]), (3, 90))
        # Made in 年度 2024: 2024-05-01, 2025-01-01, 2024-12-01 → 3; realised in it: 1.
        self.assertEqual((counts["connections_made"], counts["connections_realised"]), (3, 1))
        self.assertEqual(network.yearly_counts(self.city, 2025)["connections_realised"], 1)
