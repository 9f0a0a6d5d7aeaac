"""Public pages: no login, Japanese search, filters, and nothing private on any page."""

import datetime
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import Area, Town
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.portal import search
from sasaeai.resources import selectors, services
from sasaeai.resources.constants import (
    Activity,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    SchedulePattern,
    SupportType,
    TargetGroup,
    VenueType,
)
from sasaeai.resources.models import Resource
from sasaeai.resources.scheduling import ScheduleSpec
from sasaeai.resources.services import ResourceInput
from sasaeai.utils.text import kana_sort_key


def build() -> SimpleNamespace:
    """A city with two areas: a weekly exercise class in a hall (a public and a private contact),
    a salon in a private home run by a person, a shopping bus, and one unpublished place."""
    data = SimpleNamespace()
    data.city = MunicipalityFactory(code="132012")
    data.north = Layer2AreaFactory(municipality=data.city, name="北部圏域")
    data.south = Layer2AreaFactory(
        municipality=data.city, name="南部圏域", parent=data.north.parent
    )
    TownFactory(area=data.north, name="桜町", latitude=35.7, longitude=139.4)
    TownFactory(area=data.south, name="青葉町", latitude=35.6, longitude=139.3)
    user = user_with_role(Role.SC_LAYER1, data.city)
    hall = services.location_save(
        municipality=data.city, user=user, name="桜町集会所", venue_type=VenueType.COMMUNITY_HALL,
        prefecture="東京都", city="八王子市", town_text="桜町", street="3-5-2",
        latitude=35.7005, longitude=139.4005,
    )  # fmt: skip
    home = services.location_save(
        municipality=data.city, user=user, name="山田さん宅", venue_type=VenueType.PRIVATE_HOME,
        prefecture="東京都", city="八王子市", town_text="青葉町", street="1-2-3",
    )  # fmt: skip
    person = services.organization_save(
        municipality=data.city, user=user, name="鈴木 一郎", type=OrganizationType.RESIDENT
    )
    tuesday = ScheduleSpec(
        SchedulePattern.WEEKLY,
        weekdays=(1,),
        opens_at=datetime.time(10),
        closes_at=datetime.time(11, 30),
    )
    thursday = ScheduleSpec(
        SchedulePattern.WEEKLY,
        weekdays=(3,),
        opens_at=datetime.time(13, 30),
        closes_at=datetime.time(15),
    )
    data.exercise = services.resource_save(municipality=data.city, user=user, data=ResourceInput(
        name="いきいき体操の会", kana="いきいきたいそうのかい", kind=ResourceKind.KAYOI,
        activities=[Activity.EXERCISE], target_groups=[TargetGroup.OLDER_PEOPLE], schedules=[tuesday], locations=[hall], fields={"fee_free": True},
    ))  # fmt: skip
    data.salon = services.resource_save(municipality=data.city, user=user, data=ResourceInput(
        name="縁側サロン", kana="えんがわさろん", kind=ResourceKind.KAYOI, organization=person,
        activities=[Activity.TEA], schedules=[thursday], locations=[home], fields={"fee_amount": 100},
    ))  # fmt: skip
    data.shopping = services.resource_save(municipality=data.city, user=user, data=ResourceInput(
        name="買い物バス", kind=ResourceKind.MOBILITY, support_types=[SupportType.SHOPPING],
        fields={"pickup": True},
    ))  # fmt: skip
    data.hidden = services.resource_save(municipality=data.city, user=user, data=ResourceInput(
        name="非公開の体操会", kind=ResourceKind.KAYOI, fields={"is_public": False},
    ))  # fmt: skip
    services.contact_save(
        user=user, resource=data.exercise, name="窓口 太郎", phone="042-000-1111",
        is_public=True, public_consent_on=datetime.date(2025, 4, 1),
    )  # fmt: skip
    services.contact_save(
        user=user, resource=data.exercise, name="個人 花子", phone="090-0000-2222"
    )
    return data


TOKYO = ZoneInfo("Asia/Tokyo")


class PortalFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        for name, value in vars(build()).items():
            setattr(cls, name, value)

    def page(self, name: str, **query: str):  # type: ignore[no-untyped-def]
        kwargs = {"lgcode": self.city.code}
        if "pk" in query:
            kwargs["pk"] = query.pop("pk")
        return self.client.get(reverse(f"portal:{name}", kwargs=kwargs), query)

    def names(self, **query: str) -> list[str]:
        response = self.page("search", **query)
        self.assertEqual(response.status_code, 200)
        return [row.name for row in response.context["page"].object_list]


class SearchTests(PortalFixture):
    def test_words_readings_widths_and_synonyms_find_the_same_place(self) -> None:
        # 体操 (2 characters), its reading, half-width katakana of the reading, a synonym.
        for word in ("体操", "たいそう", "ﾀｲｿｳ", "運動"):
            with self.subTest(word):
                self.assertEqual(self.names(q=word), ["いきいき体操の会"])
        self.assertEqual(self.names(q="ｻﾛﾝ"), ["縁側サロン"])

    def test_filters(self) -> None:
        self.assertEqual(self.names(area=str(self.south.pk)), ["縁側サロン"])
        sakura = Town.objects.get(name="桜町")
        self.assertEqual(self.names(town=str(sakura.pk)), ["いきいき体操の会"])
        self.assertEqual(self.names(activity=Activity.EXERCISE), ["いきいき体操の会"])
        self.assertEqual(self.names(support=SupportType.SHOPPING), ["買い物バス"])
        self.assertEqual(self.names(weekday="1"), ["いきいき体操の会"])  # Tuesday
        self.assertEqual(self.names(weekday="2"), [])
        self.assertEqual(self.names(free="1"), ["いきいき体操の会"])
        self.assertEqual(self.names(pickup="1"), ["買い物バス"])
        self.assertEqual(self.names(target=TargetGroup.OLDER_PEOPLE), ["いきいき体操の会"])
        # 10:00–11:30 is a morning; 13:30–15:00 an afternoon; the bus has no hours.
        self.assertEqual(self.names(time="am"), ["いきいき体操の会"])
        self.assertEqual(self.names(time="pm"), ["縁側サロン"])

    def test_pages_are_cut_in_sql_and_in_python_alike(self) -> None:
        with mock.patch("sasaeai.portal.views.PER_PAGE", 2):
            # Counted and cut in SQL (no weekday, time or distance asked for).
            self.assertEqual(self.names(), ["いきいき体操の会", "縁側サロン"])
            self.assertEqual(self.names(page="2"), ["買い物バス"])
            # Judged in Python (a distance): the same pages.
            self.assertEqual(self.names(lat="35.7", lng="139.4", page="2"), ["買い物バス"])
            self.assertEqual(self.page("search").context["count"], 3)

    def test_everything_public_in_50on_order_and_nothing_private(self) -> None:
        # いきいき… < えんがわ… < かいもの… (the third has a reading guessed by Sudachi).
        self.assertEqual(self.names(), ["いきいき体操の会", "縁側サロン", "買い物バス"])
        self.assertNotIn("非公開の体操会", self.names(q="体操"))

    def test_the_form_keeps_what_was_asked(self) -> None:
        sakura = Town.objects.get(name="桜町")
        response = self.page(
            "search", q="体操", area=str(self.north.pk), town=str(sakura.pk), weekday="1"
        )
        self.assertContains(response, 'value="体操"')
        self.assertContains(response, f'<option value="{self.north.pk}" selected>北部圏域</option>')
        self.assertContains(response, f'<option value="{sakura.pk}" selected>桜町</option>')
        self.assertContains(response, '<option value="1" selected>火曜日</option>')
        # 近い順 was not asked for: its list starts at 並べない, and both towns have a centre.
        self.assertContains(response, '<option value="">並べない（50音順）</option>')
        self.assertContains(response, f'<option value="{sakura.pk}">桜町</option>', count=1)

    def test_odd_numbers_in_the_address_are_ignored(self) -> None:
        # Longer than any id, or not ASCII digits: no filter, so every public place.
        everything = ["いきいき体操の会", "縁側サロン", "買い物バス"]
        self.assertEqual(self.names(area="99999999999999999999"), everything)
        self.assertEqual(self.names(town="²"), everything)
        self.assertEqual(self.names(weekday="３"), everything)

    def test_percent_and_underscore_are_taken_literally(self) -> None:
        # As LIKE wildcards they would match every place; no place's text holds either.
        self.assertEqual(self.names(q="%"), [])
        self.assertEqual(self.names(q="_"), [])
        self.assertEqual(self.names(q="体_"), [])

    def test_cards_show_what_the_full_public_record_shows(self) -> None:
        # Outside the rule: another city's place, and a place of this city no longer active.
        other = MunicipalityFactory(code="132039")
        user = user_with_role(Role.SC_LAYER1, other)
        services.resource_save(municipality=other, user=user, data=ResourceInput(
            name="よその体操", kind=ResourceKind.KAYOI,
        ))  # fmt: skip
        Resource.objects.filter(pk=self.shopping.pk).update(status=ResourceStatus.ENDED)
        full = selectors.public_resources(self.city)
        cards = selectors.public_cards(search.matches(self.city, search.Query()))
        self.assertEqual([c.name for c in cards], ["いきいき体操の会", "縁側サロン"])
        self.assertEqual([r.pk for r in full], [c.pk for c in cards])
        for resource, card in zip(full, cards, strict=True):
            self.assertEqual(card.schedule_texts, resource.schedule_texts)
            self.assertEqual(
                [(p.name, p.town_name, p.private_home) for p in card.locations],
                [(p.name, p.town_name, p.private_home) for p in resource.locations],
            )
            self.assertEqual(
                (card.kind, card.fee_free, card.fee_amount),
                (resource.kind, resource.fee_free, resource.fee_amount),
            )
        # The salon's private home: its town only, as on the full record.
        self.assertEqual(cards[1].locations, (selectors.CardPlace("", "青葉町", True),))
        self.assertEqual(cards[0].schedule_texts, ("毎週火曜日 10:00〜11:30",))


class PageTests(PortalFixture):
    def test_pages_open_without_signing_in(self) -> None:
        home = self.page("home")
        self.assertContains(home, "八王子市で、通える場所・頼れるサービスをさがす")
        self.assertContains(home, "北部圏域")
        self.assertContains(home, "買い物に困っている")
        self.assertContains(self.page("accessibility"), "JIS X 8341-3:2016 の適合レベルAA")

    def test_the_detail_page_says_what_when_where_and_how_much(self) -> None:
        response = self.page("detail", pk=self.exercise.pk)
        for text in (
            "いきいき体操の会",
            "毎週火曜日",
            "桜町集会所",
            "東京都八王子市桜町3-5-2",
            "無料",
        ):
            self.assertContains(response, text)
        self.assertContains(response, "窓口 太郎")

    def test_a_private_home_is_only_its_town_and_no_private_person_appears_anywhere(self) -> None:
        detail = self.page("detail", pk=self.salon.pk)
        self.assertContains(
            detail, "青葉町（個人のお宅のため、くわしい場所はお問い合わせください）"
        )
        pages = [
            self.page("home"),
            self.page("search"),
            self.page("search", q="サロン"),
            detail,
            self.page("detail", pk=self.exercise.pk),
        ]
        for response in pages:
            html = response.content.decode()
            for private in ("山田さん宅", "1-2-3", "鈴木 一郎", "個人 花子", "090-0000-2222"):
                self.assertNotIn(private, html)

    def test_a_place_not_published_and_an_unknown_municipality_are_not_found(self) -> None:
        self.assertEqual(self.page("detail", pk=self.hidden.pk).status_code, 404)
        self.assertEqual(self.client.get("/999999/").status_code, 404)


class NearestFirstTests(PortalFixture):
    def rows(self, **query: str) -> list[tuple[str, str]]:
        page = self.page("search", **query).context["page"]
        return [(row.name, row.distance) for row in page.object_list]

    def test_from_a_town_the_nearest_come_first_with_their_distance(self) -> None:
        aoba = Town.objects.get(name="青葉町")  # centre 35.6, 139.3
        # The salon meets in a private home in 青葉町: 0 m from the town centre → 約100m.
        # The hall (35.7005, 139.4005): north 0.1005° = 11,175 m; east 0.1005° × cos 35.65°
        # (0.81276) = 0.081682° = 9,082.7 m; √(11,175² + 9,082.7²) = 14,400.6 m → 約14.4km.
        # The bus has no venue: last, without a distance.
        self.assertEqual(
            self.rows(near=str(aoba.pk)),
            [("縁側サロン", "約100m"), ("いきいき体操の会", "約14.4km"), ("買い物バス", "")],
        )

    def test_from_the_browsers_position(self) -> None:
        # (35.7, 139.4) to the hall: north 0.0005° = 55.6 m, east 0.0005° × 0.81262 = 45.2 m
        # → 71.6 m → 約100m. To 青葉町's centre (35.6, 139.3): about 14.3 km.
        self.assertEqual(
            [name for name, _ in self.rows(lat="35.7", lng="139.4")],
            ["いきいき体操の会", "縁側サロン", "買い物バス"],
        )
        self.assertEqual(self.rows(lat="35.7", lng="139.4")[0], ("いきいき体操の会", "約100m"))

    def test_a_position_outside_japan_is_ignored(self) -> None:
        self.assertEqual(
            [name for name, _ in self.rows(lat="139.4", lng="35.7")],
            ["いきいき体操の会", "縁側サロン", "買い物バス"],  # 50音順, no distances
        )
        self.assertEqual({d for _, d in self.rows(lat="139.4", lng="35.7")}, {""})


class MapTests(PortalFixture):
    def test_pins_only_for_places_with_their_own_position(self) -> None:
        response = self.page("map", q="")
        points = response.context["points"]
        # The salon meets in a private home (no pin); the bus has no venue.
        self.assertEqual(
            [(p["name"], p["place"], p["lat"], p["lng"]) for p in points],
            [("いきいき体操の会", "桜町集会所", 35.7005, 139.4005)],
        )
        # The list beside the map holds every result, the salon by its town only.
        self.assertContains(response, "青葉町（個人のお宅）")
        self.assertNotContains(response, "山田さん宅")


class AreaAndWeekTests(PortalFixture):
    def test_the_area_page_lists_only_the_places_in_the_area(self) -> None:
        response = self.page("area", pk=self.north.pk)
        self.assertContains(response, "北部圏域の通いの場・サービス")
        self.assertContains(response, "いきいき体操の会")
        self.assertNotContains(response, "縁側サロン")  # in 青葉町, 南部圏域

    @time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=TOKYO))
    def test_this_week_lists_the_next_seven_days(self) -> None:
        # 2026-12-01 is a Tuesday (2026-01-01 was a Thursday; 334 days later, 334 % 7 = 5).
        # The class meets every Tuesday, the salon every Thursday: within 12/1–12/7 once each.
        response = self.page("this_week")
        days = response.context["days"]
        self.assertEqual(
            [
                (day.isoformat(), weekday, [r.name for _, r in items])
                for day, weekday, items in days
            ],
            [
                ("2026-12-01", "火", ["いきいき体操の会"]),
                ("2026-12-02", "水", []),
                ("2026-12-03", "木", ["縁側サロン"]),
                ("2026-12-04", "金", []),
                ("2026-12-05", "土", []),
                ("2026-12-06", "日", []),
                ("2026-12-07", "月", []),
            ],
        )
        self.assertContains(response, "令和8年12月1日（火）")

    @time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=TOKYO))
    def test_a_day_is_listed_by_opening_time(self) -> None:
        # Found by looking at the demo: 「8:30〜」 sorted after 「14:00〜」 as text.
        early = ScheduleSpec(SchedulePattern.WEEKLY, weekdays=(1,), opens_at=datetime.time(8, 30))
        services.resource_save(
            municipality=self.city, user=user_with_role(Role.SC_LAYER1, self.city),
            data=ResourceInput(name="朝のラジオ体操", kana="あさのらじおたいそう", kind=ResourceKind.KAYOI, schedules=[early]),
        )  # fmt: skip
        day, _, items = self.page("this_week").context["days"][0]
        self.assertEqual(
            (day, [(hours, r.name) for hours, r in items]),
            (
                datetime.date(2026, 12, 1),
                [("8:30〜", "朝のラジオ体操"), ("10:00〜11:30", "いきいき体操の会")],
            ),
        )


class SearchIndexTests(TestCase):
    def test_postgresql_has_the_trigram_index_and_sqlite_does_not_pretend_to(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                    ["resources_resource_search_trgm"],
                )
                (definition,) = cursor.fetchone()
                self.assertIn("gin (search_text gin_trgm_ops)", definition)
            else:
                cursor.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = %s",
                    ["resources_resource_search_trgm"],
                )
                self.assertEqual(cursor.fetchone()[0], 0)


class LandingTests(PortalFixture):
    def test_a_search_lands_at_its_results_and_folds_its_conditions(self) -> None:
        # The forms and the home page's links end in #results: the browser opens the page there.
        self.assertContains(self.page("home"), 'action="/132012/search/#results"')
        self.assertContains(self.page("home"), 'href="/132012/search/?weekday=0#results"')
        before = self.page("search")
        self.assertContains(before, 'action="/132012/search/#results"')
        # Before a search the conditions are open; after one they fold (on wide screens
        # portal-search.js opens them again).
        self.assertContains(before, '<details class="portal-fold" id="filters" open>')
        after = self.page("search", q="体操")
        self.assertContains(after, '<details class="portal-fold" id="filters" data-fold-narrow>')
        self.assertContains(after, "<summary>条件を変える</summary>", html=True)
        # An empty form sent is a search too.
        self.assertContains(self.page("search", q=""), "data-fold-narrow")

    def test_the_conditions_are_said_in_words_under_the_count(self) -> None:
        response = self.page("search", q="体操", area=str(self.north.pk), free="1")
        self.assertEqual(
            [c.text for c in response.context["conditions"]],
            ["ことば：体操", "地域：北部圏域", "参加費が無料"],
        )
        self.assertContains(response, "ことば：体操／地域：北部圏域／参加費が無料")

    def test_the_menu_and_the_home_page_link_to_the_map(self) -> None:
        home = self.page("home")
        self.assertContains(home, '<li><a href="/132012/map/">地図</a></li>', html=True)
        self.assertContains(home, "地図でさがす")


class NothingFoundTests(PortalFixture):
    def hints(self, **query: str) -> list[tuple[str, str]]:
        response = self.page("search", **query)
        self.assertEqual(response.context["count"], 0)
        return [(s.text, s.querystring) for s in response.context["suggestions"]]

    def test_a_word_that_reads_as_a_town_suggests_the_town_and_its_area(self) -> None:
        Town.objects.filter(name="桜町").update(kana="さくらまち")
        sakura = Town.objects.get(name="桜町")
        # 「さくらまち」 is 桜町's reading; 囲碁 is in no place's text, so nothing is found.
        # Each suggestion keeps the other word (囲碁 = %E5%9B%B2%E7%A2%81).
        self.assertEqual(
            self.hints(q="さくらまち 囲碁"),
            [
                ("町丁目「桜町」（北部圏域）でさがす", f"q=%E5%9B%B2%E7%A2%81&town={sakura.pk}"),
                ("「北部圏域」全体でさがす", f"q=%E5%9B%B2%E7%A2%81&area={self.north.pk}"),
            ],
        )

    def test_a_town_with_nothing_suggests_its_area_and_the_nearest_towns(self) -> None:
        aoba = Town.objects.get(name="青葉町")
        sakura = Town.objects.get(name="桜町")
        # 青葉町 has only the salon (茶話会): no 体操 there. Its area is 南部圏域; the only
        # other town, 桜町, is the nearest (it takes the town's place in the address).
        self.assertEqual(
            self.hints(town=str(aoba.pk), activity=Activity.EXERCISE),
            [
                ("「南部圏域」全体でさがす", f"activity=exercise&area={self.south.pk}"),
                ("町丁目「桜町」（北部圏域）でさがす", f"town={sakura.pk}&activity=exercise"),
            ],
        )

    def test_each_condition_can_be_dropped_and_this_weeks_events_are_offered(self) -> None:
        aoba = Town.objects.get(name="青葉町")
        response = self.page("search", q="囲碁", town=str(aoba.pk), pickup="1")
        # 「ことば：囲碁」 dropped keeps the town and 送迎; and so on for each condition.
        self.assertContains(
            response,
            f'<a href="?town={aoba.pk}&amp;pickup=1#results">「ことば：囲碁」をはずす</a>',
            html=True,
        )
        self.assertContains(
            response,
            '<a href="?q=%E5%9B%B2%E7%A2%81&amp;pickup=1#results">「町丁目：青葉町」をはずす</a>',
            html=True,
        )
        self.assertContains(
            response,
            f'<a href="?q=%E5%9B%B2%E7%A2%81&amp;town={aoba.pk}#results">「送迎あり」をはずす</a>',
            html=True,
        )
        self.assertContains(
            response, '<a href="/132012/this-week/">今週の予定を見る</a>', html=True
        )

    def test_the_only_condition_dropped_is_still_a_search(self) -> None:
        # ?#results would be the page before any search (conditions open, nothing said).
        self.assertContains(
            self.page("search", q="囲碁"),
            '<a href="?q=#results">「ことば：囲碁」をはずす</a>',
            html=True,
        )

    def test_words_of_one_letter_suggest_nothing(self) -> None:
        # 「町」 is in every town's name: as a hint it would list them all.
        self.assertEqual(self.hints(q="町 囲碁"), [])


class ReturnToSearchTests(PortalFixture):
    def test_a_result_links_to_its_page_with_the_search_and_the_page_links_back(self) -> None:
        with mock.patch("sasaeai.portal.views.PER_PAGE", 1):
            results = self.page("search", q="体操", free="1", page="1")
            self.assertContains(
                results,
                f'href="/132012/places/{self.exercise.pk}/?q=%E4%BD%93%E6%93%8D&amp;free=1"',
            )
            second = self.page("search", page="2")
            # The second page: the place's page goes back to it (縁側サロン is second).
            self.assertContains(second, f'href="/132012/places/{self.salon.pk}/?page=2"')
        detail = self.page("detail", pk=self.exercise.pk, q="体操", free="1", page="2")
        self.assertContains(
            detail,
            '<a href="/132012/search/?q=%E4%BD%93%E6%93%8D&amp;free=1&amp;page=2#results">'
            "さがす画面へ</a>",
            html=True,
        )

    def test_only_the_searchs_own_parameters_are_carried(self) -> None:
        detail = self.page(
            "detail",
            pk=self.exercise.pk,
            q='"><script>alert(1)</script>',
            next="https://example.com/",
            print="1",
        )
        # The words are escaped into the address; other parameters are left behind.
        self.assertContains(
            detail,
            '<a href="/132012/search/?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E'
            '#results">さがす画面へ</a>',
            html=True,
        )
        self.assertNotContains(detail, "example.com")
        self.assertNotContains(detail, "<script>alert")
        # Without a search, the plain search page.
        plain = self.page("detail", pk=self.exercise.pk)
        self.assertContains(plain, '<a href="/132012/search/">さがす画面へ</a>', html=True)


class PlaceMapTests(PortalFixture):
    def test_a_place_with_its_own_position_has_a_small_map_and_map_links(self) -> None:
        response = self.page("detail", pk=self.exercise.pk)
        self.assertEqual(
            response.context["pins"],
            [{"name": "いきいき体操の会", "place": "桜町集会所", "lat": 35.7005, "lng": 139.4005}],
        )
        self.assertContains(response, 'id="portal-map"')
        # 桜町集会所 percent-encoded as UTF-8 in the geo: URI's label.
        self.assertContains(
            response,
            '<a href="geo:35.7005,139.4005?q=35.7005,139.4005'
            '(%E6%A1%9C%E7%94%BA%E9%9B%86%E4%BC%9A%E6%89%80)">地図アプリで開く</a>',
            html=True,
        )
        self.assertContains(response, 'href="https://maps.gsi.go.jp/#17/35.7005/139.4005/"')

    def test_a_private_home_has_no_map(self) -> None:
        response = self.page("detail", pk=self.salon.pk)
        self.assertEqual(response.context["pins"], [])
        self.assertNotContains(response, 'id="portal-map"')
        self.assertNotContains(response, "geo:")


class MapListTests(PortalFixture):
    def test_the_list_under_the_map_is_grouped_by_area(self) -> None:
        # The areas in 50音順: なんぶ (南部) before ほくぶ (北部).
        Area.objects.filter(pk=self.north.pk).update(kana_key=kana_sort_key("ほくぶけんいき"))
        Area.objects.filter(pk=self.south.pk).update(kana_key=kana_sort_key("なんぶけんいき"))
        response = self.page("map")
        # The salon in 南部圏域 (青葉町), 体操 in 北部圏域 (桜町), the bus has no venue.
        self.assertEqual(
            [(name, [row.name for row in rows]) for name, rows in response.context["groups"]],
            [
                ("南部圏域", ["縁側サロン"]),
                ("北部圏域", ["いきいき体操の会"]),
                ("決まった場所のないもの（送迎・配達など）", ["買い物バス"]),
            ],
        )
        # Three places: the groups start open (a whole city's list starts folded).
        self.assertContains(response, '<details class="portal-group" open>', count=3)
        with mock.patch("sasaeai.portal.views.MapView.OPEN_UP_TO", 2):
            folded = self.page("map")
        self.assertContains(folded, '<details class="portal-group">', count=3)

    def test_a_pin_says_when_and_where_and_links_to_the_place(self) -> None:
        [point] = self.page("map").context["points"]
        self.assertEqual(
            (point["name"], point["when"], point["place"], point["url"]),
            (
                "いきいき体操の会",
                "毎週火曜日 10:00〜11:30",
                "桜町集会所",
                f"/132012/places/{self.exercise.pk}/",
            ),
        )

    def test_the_visitors_position_is_marked_and_a_towns_centre_is_not(self) -> None:
        self.assertContains(self.page("map", lat="35.7", lng="139.4"), 'data-here="35.7,139.4"')
        sakura = Town.objects.get(name="桜町")
        self.assertNotContains(self.page("map", near=str(sakura.pk)), "data-here")
        self.assertNotContains(self.page("map"), "data-here")
