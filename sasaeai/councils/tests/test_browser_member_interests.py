"""A member writes their interests in a real browser and sees them, with 「メンバーの関心」, on
the council home; the coordinator finds 「やることの一覧（A4）」 there. axe-core checks both
screens. (A link's visually hidden part is a block for Chromium: its name has a space before
it, hence the patterns.)"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services

from .factories import MembershipFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-councils")


def test_a_member_writes_their_interests_and_sees_them_on_the_council_home(
    live_server, page, axe_source
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132012", name="八王子市")
    whole = AreaFactory(municipality=city, name="八王子市全域")
    north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域")
    sc2 = user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    member_user = user_with_role(Role.COUNCIL_MEMBER, city, user__username="member")
    council = services.council_create(
        municipality=city, area=north, name="北部地域支え合い会議", user=sc2
    )
    MembershipFactory(council=council, name="委員 一郎", kana="いいんいちろう", user=member_user)
    MembershipFactory(council=council, name="委員 二郎", kana="いいんじろう")
    home = f"{live_server.url}/staff/{city.code}/councils/{council.pk}/"

    sign_in(page, live_server.url, "member")
    page.goto(home)
    page.get_by_role("link", name=re.compile(r"関心・できることを書く\s*（委員 一郎さん）")).click()
    expect(page.get_by_role("heading", name="委員 一郎さんの関心・できること")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("関心・気になっていること").fill("坂道が多くて外出しにくい人がいる")
    page.get_by_label("できること").fill("車の運転")
    page.get_by_label("関心のタグ").fill("移動支援、買い物 見守り")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("委員 一郎さんの関心・できることを保存しました。")).to_be_visible()
    expect(
        page.get_by_text("関心・気になっていること：坂道が多くて外出しにくい人がいる")
    ).to_be_visible()
    expect(page.get_by_text("移動支援（1人）")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "member-interests.png"), full_page=True)

    # The coordinator prints a member's list from the same table.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "sc2")
    page.goto(home)
    expect(
        page.get_by_role("link", name=re.compile(r"やることの一覧（A4）\s*（委員 二郎さん）"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="全員のやることの一覧（A4）を印刷する")).to_be_visible()
    assert_no_violations(page, axe_source)
