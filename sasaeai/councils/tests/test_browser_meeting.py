"""The meeting page in a real browser: minutes and agenda notes typed and not yet saved survive
recording a decision (each part saves on its own, without reloading the others); leaving the
page with them unsaved brings up the browser's "leave this page?" dialog, and nothing is asked
once they are saved; calling the meeting off and ending a member's term ask first, by keyboard."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Dialog, Page, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import sign_in
from sasaeai.councils import services
from sasaeai.councils.models import Meeting, Membership
from sasaeai.councils.services import AgendaInput

from .factories import MembershipFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-councils")
TOKYO = ZoneInfo("Asia/Tokyo")
MINUTES = "送迎の担い手を地区ごとに募ることにした。"
NOTES = "北地区は自治会長が声をかける。"


def a_meeting() -> tuple[Meeting, str]:
    """A layer-2 council's meeting with one agenda line and one member; the coordinator "sc2"."""
    city = MunicipalityFactory(code="132012", name="八王子市")
    north = Layer2AreaFactory(
        municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
    )
    sc2 = user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    council = services.council_create(
        municipality=city, area=north, name="北部地域支え合い会議", user=sc2
    )
    MembershipFactory(council=council, name="委員 花子")
    meeting = services.meeting_schedule(
        council=council, kind="deliberation", title="第3回北部会議", user=sc2,
        # Far ahead, so that saving its record here leaves it 予定 (and it can be called off).
        starts_at=datetime.datetime(2036, 12, 20, 14, tzinfo=TOKYO),
    )  # fmt: skip
    services.meeting_record_save(
        meeting=meeting, expected_version=1, agenda=[AgendaInput("移動支援の試行")], minutes="",
        user=sc2,
    )  # fmt: skip
    return meeting, f"/staff/{city.code}/meetings/{meeting.pk}/"


def type_minutes_and_notes(page: Page) -> None:
    page.get_by_label("1行目の記録").fill(NOTES)
    page.get_by_label("議事録（全体）").fill(MINUTES)


def test_typed_minutes_survive_recording_a_decision(live_server, page) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    meeting, path = a_meeting()
    sign_in(page, live_server.url, "sc2")
    page.goto(live_server.url + path)
    type_minutes_and_notes(page)
    page.get_by_label("決定事項（必須）").fill("送迎ボランティアを募集する")
    page.get_by_role("button", name="決定事項を記録する").click()

    # The visible message (the page's live region says it too, out of sight).
    expect(page.locator(".message", has_text="決定事項を記録しました。")).to_be_visible()
    # The typed minutes and notes are where they were (not saved yet; the page warns before
    # leaving, see the next test): only the decision part was saved and swapped in.
    expect(page.get_by_label("議事録（全体）")).to_have_value(MINUTES)
    expect(page.get_by_label("1行目の記録")).to_have_value(NOTES)
    decisions = page.locator("#decisions-part")
    expect(decisions.get_by_text("送迎ボランティアを募集する")).to_be_visible()
    expect(page.locator("#part-announcer")).to_have_text("決定事項を記録しました。")
    assert Meeting.objects.get(pk=meeting.pk).decisions.count() == 1
    assert Meeting.objects.get(pk=meeting.pk).minutes == ""
    # Keyboard users stay on the button they pressed (in the new decision form).
    assert page.evaluate("document.activeElement.textContent") == "決定事項を記録する"
    page.screenshot(path=str(SCREENSHOTS / "meeting-minutes-kept.png"), full_page=True)

    # Saving them keeps them, on screen and in the database.
    page.get_by_role("button", name="次第と議事録を保存する").click()
    expect(page.locator("#record-part").get_by_text("次第と議事録を保存しました。")).to_be_visible()
    expect(page.get_by_label("議事録（全体）")).to_have_value(MINUTES)
    saved = Meeting.objects.get(pk=meeting.pk)
    assert (saved.minutes, saved.agenda_items.get().notes) == (MINUTES, NOTES)


def test_leaving_with_unsaved_input_asks_first_and_not_after_saving(live_server, page) -> None:
    _meeting, path = a_meeting()
    sign_in(page, live_server.url, "sc2")
    page.goto(live_server.url + path)
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # 「このサイトを離れますか？」→ stay on the page

    page.on("dialog", stay)
    type_minutes_and_notes(page)
    page.get_by_role("link", name="北部地域支え合い会議へ戻る").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("議事録（全体）")).to_have_value(MINUTES)  # still here

    page.get_by_role("button", name="次第と議事録を保存する").click()
    expect(page.locator("#record-part").get_by_text("次第と議事録を保存しました。")).to_be_visible()
    page.get_by_role("link", name="北部地域支え合い会議へ戻る").click()
    expect(page.get_by_role("heading", name="北部地域支え合い会議", level=1)).to_be_visible()
    assert asked == ["beforeunload"]  # nothing asked the second time


def test_calling_off_and_ending_a_term_ask_first_by_keyboard(live_server, page) -> None:
    meeting, path = a_meeting()
    sign_in(page, live_server.url, "sc2")
    page.goto(live_server.url + path)
    page.get_by_role("button", name="この会議を中止にする…").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="「第3回北部会議」を中止にしますか？")).to_be_visible()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"  # only asked
    page.get_by_role("button", name="中止にする").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("この会議を中止にしました。")).to_be_visible()
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"

    page.get_by_role("link", name="北部地域支え合い会議へ戻る").click()
    page.get_by_label("任期の終わり").fill("令和9年3月31日")
    page.get_by_role("button", name="任期を終える…").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="委員 花子さんの任期を終えますか？")).to_be_visible()
    page.get_by_role("link", name="任期を終えないで協議体のページへ戻る").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="メンバー", exact=True)).to_be_visible()
    assert Membership.objects.get(name="委員 花子").term_end is None  # went back: unchanged
    page.get_by_label("任期の終わり").fill("令和9年3月31日")
    page.get_by_role("button", name="任期を終える…").click()
    page.get_by_role("button", name="任期を終える", exact=True).click()
    expect(page.get_by_text("委員 花子さんの任期を")).to_be_visible()
    assert Membership.objects.get(name="委員 花子").term_end == datetime.date(2027, 3, 31)
