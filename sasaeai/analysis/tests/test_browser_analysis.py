"""The gap analysis in a real browser: the matrix and its long table work by keyboard, a 不足
cell opens the resources behind it, and the gap becomes a 地域課題 from there; axe-core
checks every analysis screen on the way, and screenshots are saved."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils.constants import ChallengeSource
from sasaeai.councils.models import Challenge

from .city import build_city

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-analysis")


def test_a_short_cell_becomes_a_challenge_by_keyboard(live_server, page, axe_source) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    c = build_city()
    user_with_role(Role.SC_LAYER1, c.city, user__username="sc1")
    base = f"{live_server.url}/staff/{c.city.code}/analysis/"
    sign_in(page, live_server.url, "sc1")

    page.goto(base)
    expect(page.get_by_role("heading", name="地域課題の抽出：圏域ごとの指標")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "overview.png"), full_page=True)

    page.get_by_role("link", name="圏域×分類の表").click()
    assert_no_violations(page, axe_source)
    # The long table opens from the keyboard; 東部's shopping is 0 against a median of 1.43.
    page.get_by_text("同じ内容を1行ずつの表で見る").focus()
    page.keyboard.press("Enter")
    long_table = page.get_by_role("table", name="圏域×分類の一覧")
    expect(long_table).to_be_visible()
    row = (
        long_table.get_by_role("row")
        .filter(has_text="東部圏域")
        .filter(has_text="生活支援：買い物")
    )
    expect(row.get_by_role("cell", name="不足")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "matrix.png"), full_page=True)

    # From the heatmap cell, by keyboard, to the resources behind it.
    heat = page.get_by_role("table", name="圏域×分類（65歳以上1,000人あたりの件数")
    cell = heat.locator(f'a[href$="/matrix/{c.east.pk}/support:shopping/"]')
    expect(cell).to_have_text(re.compile(r"^0\.00\s*不足"))
    cell.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="東部圏域：生活支援「買い物」")).to_be_visible()
    expect(page.get_by_text("この圏域には、この分類の地域資源がありません。")).to_be_visible()
    assert_no_violations(page, axe_source)

    title = page.get_by_label("課題（見出し）（必須）")
    expect(title).to_have_value("東部圏域で買い物が不足")
    title.fill("東部圏域に買い物の支援がない")
    page.get_by_label("内容（任意）").fill("移動販売も買い物バスも来ていない")
    page.get_by_role("button", name="地域課題として登録する").focus()
    page.keyboard.press("Enter")
    # 東部 has no council yet: the challenge is kept and the カルテ opens with the message.
    expect(
        page.get_by_text("地域課題「東部圏域に買い物の支援がない」を登録しました")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="地域カルテ：東部圏域")).to_be_visible()
    challenges = page.locator(
        "section", has=page.get_by_role("heading", name="取り組み中の地域課題")
    )
    expect(challenges.get_by_text("東部圏域に買い物の支援がない（提起）")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "karte.png"), full_page=True)

    challenge = Challenge.objects.get()
    assert (challenge.source, challenge.area_id, challenge.categories) == (
        ChallengeSource.GAP_ANALYSIS, c.east.pk, ["shopping"],
    )  # fmt: skip

    page.goto(f"{base}ranking/")
    assert_no_violations(page, axe_source)
