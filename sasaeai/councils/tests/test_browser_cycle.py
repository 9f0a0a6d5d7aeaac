"""One council cycle in a real browser, after the meeting date: the layer-2 coordinator finds the
past meeting from the council's meeting list, records attendance with two guests of different
sectors, the minutes, a decision, an action carrying it out, and a 振り返り whose 次にやること
(Try) becomes an action; the record is then complete, the council home no longer asks to record
it, and the layer-1 overview shows the new decision and both open actions. The action's owner, a
member with an account, then finds it on their home page and in their お知らせ; opening the notice
marks it read (issue #24). axe checks every new screen on the way; screenshots are saved."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services
from sasaeai.councils.models import ActionItem, MeetingGuest
from sasaeai.resources.tests.factories import OrganizationFactory

from .factories import MembershipFactory, two_layers

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-councils")


def test_a_layer_2_council_runs_one_cycle_and_layer_1_sees_it(
    live_server, page, axe_source
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    fixture = two_layers()
    city, sc1, layer1, council = fixture.city, fixture.sc1, fixture.layer1, fixture.north_council
    hanako = user_with_role(
        Role.COUNCIL_MEMBER, city, user__username="hanako", user__display_name="委員 花子"
    )
    MembershipFactory(council=council, name="委員 花子", kana="いいんはなこ", user=hanako)
    MembershipFactory(council=council, name="委員 太郎", kana="いいんたろう")
    OrganizationFactory(municipality=city, name="みどり薬局")
    # Two days ago (the test runs on the real clock: the live server's threads share it).
    started = timezone.localtime() - datetime.timedelta(days=2)
    services.meeting_schedule(
        council=council, kind="deliberation", title="第2回北部会議",
        starts_at=started.replace(hour=14, minute=0, second=0, microsecond=0), user=sc1,
    )  # fmt: skip
    base = live_server.url
    home = f"{base}/staff/{city.code}/councils/{council.pk}/"

    sign_in(page, base, "sc2")
    page.goto(home)
    waiting = page.locator(
        "section", has=page.get_by_role("heading", name="記録がまだそろっていない会議")
    )
    expect(waiting.get_by_text("出欠・議事録・決定事項・実践・振り返りが未記録")).to_be_visible()
    page.get_by_role("link", name="すべての会議（これまでの会議と予定）").click()
    expect(page.get_by_role("heading", name="北部地域支え合い会議の会議", level=1)).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "cycle-meeting-list.png"), full_page=True)
    page.get_by_role("link", name="カレンダーで見る").click()
    expect(page.get_by_role("link", name="14:00 第2回北部会議")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_role("link", name="14:00 第2回北部会議").click()
    expect(page.get_by_role("heading", name="第2回北部会議", level=1)).to_be_visible()

    # Attendance, and two participants who are not members, of different sectors.
    page.get_by_label("委員 花子（委員）").first.check()
    page.get_by_role("button", name="出欠を記録する").click()
    expect(page.locator(".message", has_text="出欠を記録しました。")).to_be_visible()
    for sector, organisation in (
        ("住民・地縁組織", "老人クラブ"),
        ("民間企業・商店", "みどり薬局"),
    ):
        page.get_by_text("参加者を記録する（住民・関係者・コーディネーターなど）").click()
        page.get_by_label("分野（必須）").select_option(label=sector)
        page.get_by_label("所属").fill(organisation)
        page.get_by_role("button", name="参加者を記録する").click()
        expect(page.locator(".message", has_text="参加者を記録しました。")).to_be_visible()
    counts = page.locator("table.sector-counts")
    expect(counts.get_by_role("row", name="民間企業・商店 0 1 1")).to_be_visible()
    expect(counts.get_by_role("row", name="住民・地縁組織 1 1 2")).to_be_visible()

    # The minutes, a decision and an action carrying it out.
    page.get_by_label("議事録（全体）").fill("買い物の困りごとを話し合った。")
    page.get_by_role("button", name="次第と議事録を保存する").click()
    expect(page.locator("#record-part").get_by_text("次第と議事録を保存しました。")).to_be_visible()
    page.get_by_label("決定事項（必須）").fill("買い物支援の試行を始める")
    page.get_by_role("button", name="決定事項を記録する").click()
    expect(page.locator(".message", has_text="決定事項を記録しました。")).to_be_visible()
    actions = page.locator("#actions-part")
    actions.get_by_label("やること（必須）").fill("スーパーに協力を相談する")
    # Due in three days: this week's, so it is on the owner's home page.
    due = timezone.localdate() + datetime.timedelta(days=3)
    actions.get_by_label("期限").fill(f"{due:%Y/%m/%d}")
    actions.get_by_label("委員 花子（委員）").check()
    actions.get_by_label("もとになった決定事項").select_option(label="買い物支援の試行を始める")
    page.get_by_role("button", name="実践を登録する").click()
    expect(actions.get_by_text("もとになった決定事項：買い物支援の試行を始める")).to_be_visible()

    # The 振り返り: a Try made an action.
    page.get_by_label("区分（必須）").select_option(label="次にやること（Try）")
    page.get_by_label("内容（必須）").fill("男性の参加を呼びかける")
    page.get_by_role("button", name="振り返りを記録する").click()
    reflection = page.locator("#reflection-part")
    reflection.get_by_label("委員 太郎").check()
    reflection.get_by_role("button", name="この「次にやること」を実践にする").click()
    expect(reflection.get_by_text("実践にしました")).to_be_visible()
    expect(page.get_by_text("記録はそろっています。")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "cycle-meeting.png"), full_page=True)

    action = ActionItem.objects.get(title="スーパーに協力を相談する")
    assert action.decision is not None and action.decision.title == "買い物支援の試行を始める"
    assert ActionItem.objects.filter(title="男性の参加を呼びかける", council=council).exists()
    assert sorted(MeetingGuest.objects.values_list("sector", flat=True)) == [
        "business",
        "residents",
    ]
    page.goto(home)
    expect(page.get_by_role("heading", name="記録がまだそろっていない会議")).to_have_count(0)

    # The aims, revisited at this meeting (chosen for it: the latest meeting that has started).
    page.get_by_role(
        "link", name="ねらいと目指す地域の姿を見直す（これまでの内容も見られます）"
    ).click()
    expect(page.get_by_label("見直した会議")).to_have_value(str(action.meeting_id))
    page.get_by_label("ねらい").fill("買い物に困らない地域にする")
    page.get_by_label("見直しの理由・経過").fill("買い物の困りごとが多く出た")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("ねらいと目指す地域の姿を保存しました。")).to_be_visible()
    page.get_by_role(
        "link", name="ねらいと目指す地域の姿を見直す（これまでの内容も見られます）"
    ).click()
    expect(page.get_by_role("heading", name="第2回北部会議で見直し", exact=False)).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "cycle-aims.png"), full_page=True)

    # Layer 1 sees the new decision and the two open actions.
    page.context.clear_cookies()
    sign_in(page, base, "sc1")
    page.goto(f"{base}/staff/{city.code}/councils/{layer1.pk}/overview/")
    row = page.get_by_role("row", name="北部地域支え合い会議")
    expect(row.get_by_text("買い物支援の試行を始める")).to_be_visible()
    expect(row.locator("td.num").first).to_have_text("2")
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "cycle-overview.png"), full_page=True)

    # The owner (委員 花子) signs in: the action is on the home page, the notice in the inbox.
    page.context.clear_cookies()
    sign_in(page, base, "hanako")
    page.goto(f"{base}/staff/{city.code}/")
    mine = page.locator("section", has=page.get_by_role("heading", name="わたしのやること"))
    expect(mine.get_by_role("link", name="スーパーに協力を相談する")).to_be_visible()
    expect(mine.get_by_text("7日以内に期限が来るものが1件あります。")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "cycle-owner-home.png"), full_page=True)
    page.get_by_role("link", name="お知らせ 未読1件").click()
    notice = page.get_by_role("link", name="未読 やることの担当になりました", exact=False)
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("スーパーに協力を相談する")
    assert_no_violations(page, axe_source)
    notice.click()
    expect(page.get_by_role("heading", name="わたしのやること", level=1)).to_be_visible()
    # Read now: the header shows no count, and the inbox no unread notice.
    page.get_by_role("link", name="お知らせ", exact=True).click()
    expect(page.get_by_text("未読のお知らせはありません。")).to_be_visible()
