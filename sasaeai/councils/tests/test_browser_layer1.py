"""Layer 1 supporting layer 2 in a real browser: an adviser writes 助言 on a layer-2 council and
on its meeting; the layer-1 coordinator opens the overview of the layer-2 councils and sends a
message to one of them; that council's coordinator marks it read, and layer 1 sees who has.
axe-core checks each screen on the way, and screenshots are saved."""

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
from sasaeai.councils.constants import ChallengeSource, MeetingStatus
from sasaeai.councils.models import Meeting
from sasaeai.resources.constants import Sector

from .factories import MembershipFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-councils")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_advice_the_overview_and_a_message_read_by_its_council(
    live_server, page, axe_source
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132012", name="八王子市")
    whole = AreaFactory(municipality=city, name="八王子市全域")
    north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域", kana="ほくぶ")
    south = Layer2AreaFactory(municipality=city, parent=whole, name="南部圏域", kana="なんぶ")
    sc1 = user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    user_with_role(Role.ADVISER, city, user__username="adviser", user__display_name="助言 先生")
    user_with_role(
        Role.SC_LAYER2, city, area=north, user__username="sc2", user__display_name="北部 花子"
    )
    layer1 = services.council_create(
        municipality=city, area=whole, name="八王子市生活支援推進協議体", user=sc1
    )
    north_council = services.council_create(
        municipality=city, area=north, name="北部地域支え合い会議", user=sc1
    )
    services.council_create(municipality=city, area=south, name="南部地域支え合い会議", user=sc1)
    # 北部 has met, decided, set an action and raised a challenge; its members are of two sectors.
    member = MembershipFactory(council=north_council, name="委員 一郎")
    MembershipFactory(council=north_council, name="委員 次郎", sector=Sector.WELFARE)
    held = services.meeting_schedule(
        council=north_council, kind="deliberation", title="第3回北部会議",
        starts_at=datetime.datetime(2026, 10, 10, 14, tzinfo=TOKYO), user=sc1,
    )  # fmt: skip
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
    services.decision_record(
        council=north_council, meeting=held, title="見守りの当番を決める", method="consensus",
        decided_on=datetime.date(2026, 10, 10), user=sc1,
    )  # fmt: skip
    services.action_create(
        council=north_council, title="回覧板の原稿", owners=[member],
        due_on=datetime.date(2026, 10, 31), user=sc1,
    )  # fmt: skip
    services.challenge_create(
        municipality=city, council=north_council, title="坂道で買い物に行けない",
        source=ChallengeSource.MEETING, user=sc1,
    )  # fmt: skip
    base = live_server.url
    home = f"{base}/staff/{city.code}/councils/"

    # The adviser writes on the council and on its meeting.
    sign_in(page, base, "adviser")
    page.goto(f"{home}{north_council.pk}/")
    page.get_by_text("この協議体に助言を書く").click()
    page.get_by_label("助言（必須）").fill("会議の振り返りを毎回5分とりましょう。")
    page.get_by_role("button", name="助言を書く").click()
    expect(page.get_by_text("助言を書きました。")).to_be_visible()
    advice = page.locator("section", has=page.get_by_role("heading", name="助言"))
    expect(advice.get_by_text("会議の振り返りを毎回5分とりましょう。")).to_be_visible()
    expect(advice.get_by_text("助言 先生・")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "layer2-advice.png"), full_page=True)
    page.goto(f"{base}/staff/{city.code}/meetings/{held.pk}/")
    page.get_by_label("助言（必須）").fill("決めたことの担当を次回確かめましょう。")
    page.get_by_role("button", name="助言を書く").click()
    expect(page.get_by_text("決めたことの担当を次回確かめましょう。")).to_be_visible()
    assert_no_violations(page, axe_source)

    # Layer 1: the overview, then a message to 北部 only.
    page.context.clear_cookies()
    sign_in(page, base, "sc1")
    page.goto(f"{home}{layer1.pk}/")
    page.get_by_role("link", name="第2層協議体の状況").click()
    expect(page.get_by_role("heading", name="第2層協議体の状況", level=1)).to_be_visible()
    row = page.get_by_role("row", name="北部地域支え合い会議")
    expect(row.get_by_role("link", name="令和8年10月10日")).to_be_visible()
    expect(row.get_by_text("見守りの当番を決める")).to_be_visible()
    expect(row.get_by_text("福祉（社協・包括） 1人")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "layer1-overview.png"), full_page=True)
    page.get_by_role("link", name="八王子市生活支援推進協議体へ戻る").click()
    page.get_by_text("第2層の協議体へお知らせを送る").click()
    page.get_by_label("種類").select_option(label="好事例")
    page.get_by_label("件名（必須）").fill("男性料理教室")
    page.get_by_label("本文（必須）").fill("毎回15人が参加しています。")
    # Every layer-2 council is checked to begin with; 南部 is unticked.
    expect(page.get_by_label("北部地域支え合い会議", exact=True)).to_be_checked()
    page.get_by_label("南部地域支え合い会議", exact=True).uncheck()
    page.get_by_role("button", name="送る", exact=True).click()
    expect(page.get_by_text("確認 0/1")).to_be_visible()
    assert_no_violations(page, axe_source)

    # 北部's coordinator marks it read; layer 1 sees who did.
    page.context.clear_cookies()
    sign_in(page, base, "sc2")
    page.goto(f"{home}{north_council.pk}/")
    page.get_by_role("button", name="確認しました").click()
    expect(page.get_by_text("「男性料理教室」を確認済みにしました。")).to_be_visible()
    expect(page.get_by_text("確認済み（")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.context.clear_cookies()
    sign_in(page, base, "sc1")
    page.goto(f"{home}{layer1.pk}/")
    expect(page.get_by_text("確認 1/1")).to_be_visible()
    expect(page.get_by_text("北部地域支え合い会議（")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "layer1-messages.png"), full_page=True)
