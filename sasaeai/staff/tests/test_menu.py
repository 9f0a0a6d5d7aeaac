"""The staff menu (core/_staff_nav.html): at most twelve links for every role, only entries the
role may open, and every page that left the menu one click from its section's page (issue #24).
"""

from html.parser import HTMLParser
from typing import ClassVar

from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.models import User
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory

CODE = "132012"
IMPORT_KINDS = (
    "resources_flat", "care_services", "events", "population", "towns", "meshes", "needs_survey",
)  # fmt: skip


class Links(HTMLParser):
    """(text, href) of every <a>, in order; `inside` limits it to the element with that class
    (nav.staff-nav), `label` to the <nav> of that aria-label (a section's tabs)."""

    def __init__(self, *, inside: str = "", label: str = "") -> None:
        super().__init__()
        self.inside, self.label = inside, label
        self.depth = 0  # > 0 while inside the chosen element (counting nested tags)
        self.links: list[tuple[str, str]] = []
        self.href: str | None = None
        self.text = ""

    def chosen(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if self.inside:
            return self.inside in (attrs.get("class") or "").split()
        return tag == "nav" and attrs.get("aria-label") == self.label

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth:
            if tag in ("br", "img", "input", "meta", "link"):
                return
            self.depth += 1
        elif self.chosen(tag, values):
            self.depth = 1
        if self.depth and tag == "a":
            self.href, self.text = values.get("href") or "", ""

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "a" and self.href is not None:
            self.links.append((self.text.strip(), self.href))
            self.href = None
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.href is not None:
            self.text += data


def links_in(html: str, *, inside: str = "", label: str = "") -> list[tuple[str, str]]:
    parser = Links(inside=inside, label=label)
    parser.feed(html)
    return parser.links


def url(name: str, *args: object) -> str:
    return reverse(name, args=[CODE, *args])


# The admin's menu, in order (the suggested set of issue #24): ホーム, 基盤づくり (2),
# 資源把握・課題抽出 (5), 資源の充実 (2), 計画 (1), 市町村の設定 = 1 + 2 + 5 + 2 + 1 + 1 = 12.
ADMIN_MENU = [
    "ホーム",
    "協議体",
    "わたしのやること",
    "地域資源",
    "圏域と人口",
    "地域課題の抽出",
    "地域課題の一覧",
    "取込",
    "活動記録とつなぎ",
    "官民連携の事業",
    "計画と指標",
    "市町村の設定",
]
# A council member holds only Perm.VIEW: without 取込 (IMPORT_DATA), 活動記録とつなぎ
# (COORDINATE) and 市町村の設定 (MANAGE): 12 - 3 = 9, and no 標準額 or 国の実施状況調査.
MEMBER_MENU = [
    "ホーム",
    "協議体",
    "わたしのやること",
    "地域資源",
    "圏域と人口",
    "地域課題の抽出",
    "地域課題の一覧",
    "官民連携の事業",
    "計画と指標",
]
# Per role, from constants.ROLE_PERMS: sc1 lacks MANAGE (12 - 1 = 11), sc2 also IMPORT_DATA
# (12 - 2 = 10), the three VIEW-only roles have the member's 9, a superuser has every right.
COUNTS = {
    Role.MUNICIPAL_ADMIN: 12,
    Role.SC_LAYER1: 11,
    Role.SC_LAYER2: 10,
    Role.COUNCIL_MEMBER: 9,
    Role.ADVISER: 9,
    Role.VIEWER: 9,
    "superuser": 12,
}


class MenuTests(TestCase):
    users: ClassVar[dict[str, User]]

    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code=CODE)
        area = Layer2AreaFactory(municipality=city)
        cls.users = {
            role: user_with_role(role, city, area=area if role == Role.SC_LAYER2 else None)
            for role in Role.values
        }
        cls.users["superuser"] = UserFactory(is_superuser=True)

    def menu_of(self, who: str) -> list[tuple[str, str]]:
        self.client.force_login(self.users[who])
        # A page every role may open; the menu is the same on every staff page.
        page = self.client.get(url("plans:list"))
        self.assertEqual(page.status_code, 200)
        return links_in(page.content.decode(), inside="staff-nav")

    def test_no_role_has_more_than_twelve_entries_and_each_has_its_own(self) -> None:
        self.assertEqual(set(COUNTS), {*Role.values, "superuser"})
        found = {who: len(self.menu_of(who)) for who in COUNTS}
        self.assertEqual(found, COUNTS)
        self.assertLessEqual(max(found.values()), 12)

    def test_the_admin_and_a_council_member_see_these_entries(self) -> None:
        admin = self.menu_of(Role.MUNICIPAL_ADMIN)
        self.assertEqual([text for text, _ in admin], ADMIN_MENU)
        self.assertEqual(
            [href for _, href in admin],
            [
                url("areas:dashboard"),
                url("councils:list"),
                url("councils:my_actions"),
                url("resources:list"),
                url("areas:area_list"),
                url("analysis:overview"),
                url("councils:challenges"),
                url("core:imports"),
                url("activities:list"),
                url("projects:board"),
                url("plans:list"),
                url("core:municipality_settings"),
            ],
        )
        self.assertEqual([text for text, _ in self.menu_of(Role.COUNCIL_MEMBER)], MEMBER_MENU)

    def test_every_entry_of_a_role_opens_for_that_role(self) -> None:
        for who in COUNTS:
            hrefs = [href for _, href in self.menu_of(who)]
            for href in hrefs:
                with self.subTest(who=who, href=href):
                    self.assertEqual(self.client.get(href).status_code, 200)

    def test_the_menu_marks_the_page_it_is_on(self) -> None:
        self.client.force_login(self.users[Role.VIEWER])
        html = self.client.get(url("areas:area_list")).content.decode()
        self.assertInHTML(
            f'<a href="{url("areas:area_list")}" aria-current="page">圏域と人口</a>', html, count=1
        )


# Every link the admin's menu had before issue #24: 基盤づくり 3 + 3 settings, 資源把握・課題抽出
# 11 + 7 imports, 資源の充実 4, 計画 4, ホーム 1 = 6 + 18 + 4 + 4 = 32 (checked in the test).
OLD_MENU = [
    url("areas:dashboard"),
    url("councils:list"),
    url("councils:my_actions"),
    url("users:list"),
    url("core:access_log"),
    url("core:personal_data_retention"),
    url("resources:list"),
    url("resources:list") + "?check=1&mine=1&order=verified",
    url("resources:location_list"),
    url("resources:organization_list"),
    url("resources:sheet_batch"),
    url("resources:duplicates"),
    url("areas:area_list"),
    url("analysis:overview"),
    url("councils:challenges"),
    url("resources:settings"),
    url("analysis:settings"),
    *(url("core:import_upload", kind) for kind in IMPORT_KINDS),
    url("activities:list"),
    url("activities:create"),
    url("activities:connections"),
    url("activities:network"),
    url("plans:standard_amount"),
    url("plans:survey_return"),
    url("plans:list"),
    url("projects:board"),
]


class SectionPageTests(TestCase):
    """What left the menu is on the page of the menu entry it belongs to."""

    admin: ClassVar[User]
    viewer: ClassVar[User]

    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code=CODE)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, city)
        cls.viewer = user_with_role(Role.VIEWER, city)

    def page(self, user: User, name: str) -> str:
        self.client.force_login(user)
        response = self.client.get(url(name))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_every_old_menu_page_is_one_click_from_the_menu_or_its_section_page(self) -> None:
        self.assertEqual(len(OLD_MENU), 32)
        menu_page = self.page(self.admin, "plans:list")
        reachable = {href for _, href in links_in(menu_page, inside="staff-nav")}
        for name in (
            "resources:list",
            "activities:list",
            "plans:list",
            "analysis:overview",
            "core:imports",
            "core:municipality_settings",
        ):
            # The whole page: a section's links are its tabs, the 取込 and settings pages'
            # links are their lists.
            reachable |= {href for _, href in links_in(self.page(self.admin, name), inside="main")}
        self.assertEqual([href for href in OLD_MENU if href not in reachable], [])

    def test_the_registry_tabs_offer_what_the_role_may_open(self) -> None:
        tabs = "地域資源の画面"
        admin = links_in(self.page(self.admin, "resources:list"), label=tabs)
        self.assertEqual(
            [text for text, _ in admin],
            [
                "地域資源の一覧",
                "要確認（担当圏域）",
                "会場",
                "運営主体",
                "重複の疑い",
                "「情報がちがう」の報告",
                "主催者からの申し出",
                "確認票の一括作成",
                "地域資源の設定",
            ],
        )
        # A viewer edits nowhere (no 報告・申し出・確認票) and manages nothing (no 設定): 9 - 4 = 5.
        viewer = links_in(self.page(self.viewer, "resources:list"), label=tabs)
        self.assertEqual(
            [text for text, _ in viewer],
            ["地域資源の一覧", "要確認（担当圏域）", "会場", "運営主体", "重複の疑い"],
        )

    def test_the_plan_tabs_hold_the_standard_amount_and_the_national_survey(self) -> None:
        tabs = links_in(self.page(self.viewer, "plans:list"), label="計画の画面")
        self.assertEqual(
            tabs,
            [
                ("計画と指標", url("plans:list")),
                ("標準額の計算", url("plans:standard_amount")),
                ("国の実施状況調査（通いの場）", url("plans:survey_return")),
                ("広報紙の発行記録", url("plans:newsletters")),
            ],
        )

    def test_the_analysis_settings_are_a_tab_for_the_admin_only(self) -> None:
        label = "地域課題の抽出の画面"
        admin = links_in(self.page(self.admin, "analysis:overview"), label=label)
        viewer = links_in(self.page(self.viewer, "analysis:overview"), label=label)
        self.assertIn(("分析の設定", url("analysis:settings")), admin)
        self.assertNotIn("分析の設定", [text for text, _ in viewer])


class MunicipalitySettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code=CODE)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, city)
        cls.sc1 = user_with_role(Role.SC_LAYER1, city)

    def test_the_admin_finds_the_seven_settings_pages_each_with_a_sentence(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(url("core:municipality_settings"))
        self.assertEqual(
            links_in(response.content.decode(), inside="link-list"),
            [
                ("利用者と役割", url("users:list")),
                ("個人情報の閲覧記録", url("core:access_log")),
                ("個人情報の保存期間", url("core:personal_data_retention")),
                ("地域資源の設定", url("resources:settings")),
                ("分析の設定", url("analysis:settings")),
                ("住民からの申し込みの届け先", url("residents:settings")),
                ("オープンデータの設定", url("opendata:settings")),
            ],
        )
        self.assertContains(response, "誰がいつ個人情報を見たか、書き出したかを確かめます。")

    def test_a_coordinator_may_not_open_it(self) -> None:
        self.client.force_login(self.sc1)
        self.assertEqual(self.client.get(url("core:municipality_settings")).status_code, 403)
