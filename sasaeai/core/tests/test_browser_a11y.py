"""Accessibility in a real Chromium: axe-core (WCAG 2.2 AA) on each page, and keyboard use.

Run with `pytest -m browser`. Needs Debian's chromium and `make setup` (axe-core from npm,
the DADS tokens in static/vendor); a missing piece fails the test rather than skipping it.
"""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.accounts.tests.otp import current_code, give_totp
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.areas.tests.factories import population as add_population
from sasaeai.core.tests.browser import PASSWORD, assert_no_violations, sign_in

pytestmark = pytest.mark.browser

SCREENSHOT = Path("/tmp/sasaeai-area.png")


@pytest.fixture
def city() -> dict[str, Any]:
    """A small city: one layer-2 area with one town and its population, and its admin."""
    municipality = MunicipalityFactory(code="132012", name="八王子市", kana="はちおうじし")
    area = Layer2AreaFactory(
        municipality=municipality,
        name="中央圏域",
        kana="ちゅうおうけんいき",
        parent__name="八王子市",
    )
    town = TownFactory(area=area, name="本町一丁目", kana="もとまちいっちょうめ")
    add_population(town, {(0, 64): 700, (65, 74): 150, (75, 84): 100, (85, None): 50})
    admin = user_with_role(
        Role.MUNICIPAL_ADMIN, municipality, user__username="admin", user__display_name="管理 花子"
    )
    return {"municipality": municipality, "area": area, "admin": admin}


def test_the_login_page_has_no_accessibility_violations(live_server, page, axe_source) -> None:
    page.goto(f"{live_server.url}/accounts/login/")

    # The DADS tokens and our stylesheet are served: body text is solid-gray-800 (#333).
    color = page.evaluate("() => getComputedStyle(document.body).color")
    assert color == "rgb(51, 51, 51)"
    assert_no_violations(page, axe_source)


def test_the_skip_link_is_the_first_thing_the_tab_key_reaches(live_server, page) -> None:
    page.goto(f"{live_server.url}/accounts/login/")

    page.keyboard.press("Tab")

    assert page.evaluate("() => document.activeElement.textContent.trim()") == "本文へ移動"
    expect(page.locator(".skip-link")).to_be_in_viewport()


def test_signing_in_works_with_the_keyboard_alone(live_server, page, city) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    username = page.get_by_label("ユーザー名")
    # Skip link, then the site name, then the first field.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(username).to_be_focused()

    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    expect(page.get_by_label("パスワード")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # One municipality, so home goes straight to its dashboard.
    expect(page).to_have_url(f"{live_server.url}/staff/132012/")
    expect(page.get_by_role("heading", level=1)).to_have_text("東京都八王子市")


def test_the_code_page_of_two_factor_sign_in_is_accessible_and_works_by_keyboard(
    live_server, page, city, axe_source
) -> None:
    # The code page is reached before signing in (a public page): axe on it and on its refusal,
    # then the right code typed and sent with the keyboard alone.
    device = give_totp(city["admin"])
    sign_in(page, live_server.url, "admin")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/code/")
    assert_no_violations(page, axe_source)
    code = page.get_by_label("確認コード")
    # As on the login page: the skip link, the site name, then the one field.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(code).to_be_focused()
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("確認コードが正しくありません。")
    assert_no_violations(page, axe_source)
    code.fill("")
    page.keyboard.type(current_code(device))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/staff/132012/")


def test_the_staff_pages_have_no_accessibility_violations(
    live_server, page, city, axe_source
) -> None:
    sign_in(page, live_server.url, "admin")
    expect(page).to_have_url(f"{live_server.url}/staff/132012/")
    assert_no_violations(page, axe_source)

    page.goto(f"{live_server.url}/staff/132012/areas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("圏域と人口")
    assert_no_violations(page, axe_source)

    page.goto(f"{live_server.url}/staff/132012/areas/{city['area'].pk}/")
    # 65+ = 150 + 100 + 50 = 300 of 700 + 300 = 1,000: an aging rate of 30.0%.
    expect(page.locator("tbody tr").first).to_contain_text("30.0%")
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.get_by_role("link", name="変更履歴").click()
    expect(page.get_by_role("table")).to_contain_text("作成")
    assert_no_violations(page, axe_source)


def test_the_import_screens_have_no_accessibility_violations(
    live_server, page, city, axe_source, tmp_path
) -> None:
    sheet = tmp_path / "リスト.csv"
    sheet.write_bytes("Titel,Ort\r\n朝の体操,北集会所\r\n".encode("cp932"))
    sign_in(page, live_server.url, "admin")
    expect(page).to_have_url(f"{live_server.url}/staff/132012/")
    page.goto(f"{live_server.url}/staff/132012/imports/resources_flat/new/")
    assert_no_violations(page, axe_source)
    page.get_by_label("ファイル").set_input_files(str(sheet))
    page.get_by_role("button", name="内容を確認する").click()
    expect(page.get_by_role("alert")).to_contain_text("「名称」の列が見つかりません。")
    assert_no_violations(page, axe_source)
    # Map the columns by keyboard-reachable selects, then the rows can be judged.
    page.get_by_label("Titel").select_option("名称")
    page.get_by_label("Ort").select_option("会場")
    page.get_by_role("button", name="この割り当てで読み直す").first.click()
    expect(page.get_by_role("table").last).to_contain_text("朝の体操")
    # No 種類 column: the kind of the whole file is chosen, never guessed (issue #22).
    page.get_by_label("（空欄・列なし）").select_option("通いの場")
    page.get_by_role("button", name="この割り当てで読み直す").last.click()
    page.get_by_text("読み取った値").first.click()
    expect(page.get_by_role("table").last).to_contain_text("通いの場")
    assert_no_violations(page, axe_source)
    # Confirm, then undo the whole import from the same page: the venue and the resource, 2 records.
    page.get_by_role("button", name="確定して取り込む").click()
    expect(page.get_by_role("heading", name="この取込を元に戻す")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_role("button", name="取込を元に戻す").click()
    expect(page.get_by_text("取込を元に戻しました（2件）。")).to_be_visible()
    assert_no_violations(page, axe_source)


def test_on_a_phone_the_header_wraps_between_items_never_inside_a_name_or_link(
    live_server, page, city
) -> None:
    # The signed-in header holds a user name, links (お知らせ, password, two-factor sign-in) and
    # a button: at 390 px they cannot share one line, and 「higashi」 was once broken into
    # 「higash / i」.
    city["admin"].display_name = ""
    city["admin"].username = "higashiyamato"
    city["admin"].save()
    sign_in(page, live_server.url, "higashiyamato")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/staff/132012/")
    # The text of each item as lines on screen: one rectangle per line it occupies.
    lines = page.evaluate(
        """() => [...document.querySelectorAll('.site-user > span, .site-user > a')].map((el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return [el.textContent.trim(), tops.size];
        })"""
    )
    assert lines == [
        ["higashiyamato", 1],
        ["お知らせ", 1],
        ["パスワードの変更", 1],
        ["2段階認証の設定", 1],
    ]
