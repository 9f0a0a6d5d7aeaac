"""The register of 地域課題 in a real browser: a layer-1 coordinator records on the meeting page
the サロン an action gave birth to, filters the register by priority, opens a challenge from it,
finds the action and its new resource there and raises the priority. axe-core checks the
register and the challenge's page."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services
from sasaeai.councils.constants import ChallengeSource
from sasaeai.councils.tests.factories import MeetingFactory, MembershipFactory
from sasaeai.resources.tests.factories import ResourceFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-councils")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_the_register_leads_to_what_answered_a_challenge(live_server, page, axe_source) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132233", name="東大和市")
    whole = AreaFactory(municipality=city, name="東大和市全域")
    north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域")
    sc1 = user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    council = services.council_create(
        municipality=city, area=north, name="北部支え合い会議", user=sc1
    )
    member = MembershipFactory(council=council, name="委員 花子")
    meeting = MeetingFactory(
        council=council,
        title="第3回北部会議",
        starts_at=datetime.datetime(2026, 10, 1, 14, tzinfo=TOKYO),
    )
    slope = services.challenge_create(
        municipality=city, council=council, title="坂道で集まる場所に行けない",
        categories=["places"], source=ChallengeSource.MEETING, user=sc1,
    )  # fmt: skip
    services.challenge_create(
        municipality=city, council=council, title="ごみ出しが難しい",
        source=ChallengeSource.COORDINATOR, user=sc1,
    )  # fmt: skip
    services.challenge_set_priority(challenge=slope, priority="high", user=sc1)
    services.action_create(
        council=council, title="坂の上にサロンを開く", owners=[member], meeting=meeting,
        challenge=slope, user=sc1,
    )  # fmt: skip
    salon = ResourceFactory(municipality=city, name="坂の上サロン", kana="さかのうえさろん")
    base = live_server.url
    sign_in(page, base, "sc1")

    # The meeting page: the action gave birth to the サロン, picked from the list.
    page.goto(f"{base}/staff/{city.code}/meetings/{meeting.pk}/")
    page.get_by_label("生まれた地域資源").fill(f"坂の上サロン（No.{salon.pk}）")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.get_by_role("link", name="坂の上サロン")).to_be_visible()

    # The register, filtered to high priority, then the challenge's page.
    page.goto(f"{base}/staff/{city.code}/challenges/")
    expect(page.get_by_role("paragraph").get_by_text("2件", exact=True)).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("優先度", exact=True).select_option(label="高")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_role("paragraph").get_by_text("1件", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="ごみ出しが難しい")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "register.png"), full_page=True)
    page.get_by_role("link", name="坂道で集まる場所に行けない").click()
    answered = page.locator("section", has=page.get_by_role("heading", name="この課題に応えたもの"))
    expect(answered.get_by_role("cell", name="坂の上にサロンを開く")).to_be_visible()
    expect(answered.get_by_role("link", name="坂の上サロン")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("優先度（必須）").select_option(label="中")
    page.get_by_role("button", name="優先度を保存する").click()
    expect(
        page.get_by_text("「坂道で集まる場所に行けない」の優先度を「中」にしました。")
    ).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "challenge.png"), full_page=True)
