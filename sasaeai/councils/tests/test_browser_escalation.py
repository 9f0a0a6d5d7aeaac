"""The escalation round trip in a real browser: a layer-2 coordinator raises a 地域課題 and sends
it up; the layer-1 coordinator groups it with another area's, puts it on a meeting's agenda,
records a decision and answers; back in the layer-2 council, the answer and the status show.
axe-core checks each council screen on the way, and screenshots are saved."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services
from sasaeai.councils.constants import ChallengeSource
from sasaeai.councils.tests.factories import two_layers

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-councils")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_a_challenge_goes_up_is_answered_and_the_answer_comes_back(
    live_server, page, axe_source
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    fixture = two_layers()
    city, sc1, layer1 = fixture.city, fixture.sc1, fixture.layer1
    north_council, south_council = fixture.north_council, fixture.south_council
    # The south has already sent a similar challenge; layer 1 has a meeting planned.
    south_challenge = services.challenge_create(
        municipality=city, council=south_council, title="バス停まで遠い",
        source=ChallengeSource.MEETING, user=sc1,
    )  # fmt: skip
    services.challenge_escalate(challenge=south_challenge, reason="交通の協議が要る", user=sc1)
    services.meeting_schedule(
        council=layer1, kind="deliberation", title="第4回推進協議体",
        starts_at=datetime.datetime(2026, 12, 20, 14, tzinfo=TOKYO), user=sc1,
    )  # fmt: skip
    base = live_server.url
    home = f"{base}/staff/{city.code}/councils/"

    # Layer 2 raises the challenge and sends it up.
    sign_in(page, base, "sc2")
    page.goto(f"{home}{north_council.pk}/")
    page.get_by_text("地域課題を登録する").click()
    page.get_by_label("課題（必須）").fill("坂道で買い物に行けない")
    page.get_by_label("移動・外出").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("地域課題「坂道で買い物に行けない」を登録しました。")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("第1層で扱ってほしい理由").fill("圏域だけでは移動手段を用意できない")
    page.get_by_role("button", name="第1層に送る").click()
    expect(page.get_by_text("八王子市生活支援推進協議体に送りました")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "layer2-sent.png"), full_page=True)

    # Layer 1 groups both areas' challenges, puts them on the agenda, decides and answers.
    page.context.clear_cookies()
    sign_in(page, base, "sc1")
    page.goto(f"{home}{layer1.pk}/")
    inbox = page.locator("section", has=page.get_by_role("heading", name="第2層から届いた地域課題"))
    expect(inbox.get_by_role("cell", name="坂道で買い物に行けない")).to_be_visible()
    expect(inbox.get_by_role("cell", name="バス停まで遠い")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("まとめた課題の名前（必須）").fill("買い物・移動の足")
    page.get_by_label("坂道で買い物に行けない（北部圏域）").check()
    page.get_by_label("バス停まで遠い（南部圏域）").check()
    page.get_by_role("button", name="まとめる").click()
    expect(page.get_by_text("「買い物・移動の足」として2件の課題をまとめました。")).to_be_visible()
    page.get_by_role("button", name="議題にする").click()
    expect(page.get_by_text("第4回推進協議体の議題にしました。").first).to_be_visible()
    page.get_by_role("link", name="会議を開く").click()
    expect(
        page.locator("input[value='地域課題：買い物・移動の足（北部圏域・南部圏域）']")
    ).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("決定事項（必須）").fill("移動販売車の試行を2圏域で始める")
    page.get_by_role("button", name="決定事項を記録する").click()
    # The visible message (the page's live region says it too, out of sight).
    expect(page.locator(".message", has_text="決定事項を記録しました。")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "layer1-meeting.png"), full_page=True)
    page.get_by_role("link", name="八王子市生活支援推進協議体へ戻る").click()
    page.get_by_label("回答後の状態").select_option(label="対応中")
    page.get_by_role("button", name="回答する").click()
    expect(page.get_by_text("「買い物・移動の足」に回答しました。")).to_be_visible()

    # Back in layer 2: the answer and the new status.
    page.context.clear_cookies()
    sign_in(page, base, "sc2")
    page.goto(f"{home}{north_council.pk}/")
    expect(
        page.get_by_text(
            "「坂道で買い物に行けない」への回答：移動販売車の試行を2圏域で始める（課題の状態：対応中）"
        )
    ).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "layer2-answer.png"), full_page=True)
