"""A municipality starts on screen, and passwords are set by link: axe-core (WCAG 2.2 AA) on the
operator's search, the start confirmation, the one-time link, 「パスワードを忘れた」 and the
password change, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.core.tests.browser import PASSWORD, assert_no_violations, sign_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "kawa-no-nagare-2026"


def test_a_municipality_starts_on_screen_without_violations(live_server, page, axe_source) -> None:
    UserFactory(username="operator", is_superuser=True)
    sign_in(page, live_server.url, "operator")
    # The operator's home: a search, not a tile for each municipality.
    expect(page.get_by_label("市町村を探す（コード・名前・ふりがな・都道府県）")).to_be_visible()

    page.get_by_label("市町村を探す（コード・名前・ふりがな・都道府県）").fill("東大")
    page.get_by_role("button", name="探す").click()
    # 東大和市 132209 and 東大阪市 272272: two rows.
    expect(page.get_by_role("status")).to_have_text("2件")
    expect(page.get_by_role("cell", name="132209")).to_be_visible()
    assert_no_violations(page, axe_source)

    page.get_by_role("link", name="東大和市の利用を始める").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("東京都東大和市の利用を始める")
    assert_no_violations(page, axe_source)

    # An empty user name: the error summary, focusable link to the field.
    page.get_by_role("button", name="利用を始める").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください。")
    assert_no_violations(page, axe_source)

    page.get_by_label("市町村管理者のユーザー名").fill("higashiyamato")
    page.get_by_role("button", name="利用を始める").click()
    link = page.get_by_label("「higashiyamato」さんに伝えるリンク").input_value()
    assert link.startswith(f"{live_server.url}/accounts/password/set/")
    assert_no_violations(page, axe_source)

    page.goto(f"{live_server.url}/accounts/password/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードの変更")
    assert_no_violations(page, axe_source)
    page.get_by_role("button", name="ログアウト").click()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードを設定する")
    assert_no_violations(page, axe_source)
    page.get_by_label("新しいパスワード（必須）", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("新しいパスワード(確認用)（必須）").fill(NEW_PASSWORD)
    page.get_by_role("button", name="パスワードを設定する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードを設定しました")

    # The same link again is refused.
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("このリンクは使えません。")
    assert_no_violations(page, axe_source)


def test_forgot_password_and_change_have_no_violations(live_server, page, axe_source) -> None:
    UserFactory(username="tanaka", email="tanaka@example.jp")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="パスワードを忘れた方").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードを忘れた方")
    assert_no_violations(page, axe_source)

    page.get_by_label("ユーザー名またはメールアドレス").fill("nobody@example.jp")
    page.get_by_role("button", name="リンクを送る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("受け付けました")
    assert_no_violations(page, axe_source)

    sign_in(page, live_server.url, "tanaka")
    page.get_by_role("link", name="パスワードの変更").click()
    page.get_by_label("元のパスワード").fill(PASSWORD)
    page.get_by_label("新しいパスワード（必須）", exact=True).fill("short")
    page.get_by_label("新しいパスワード(確認用)（必須）").fill("short")
    page.get_by_role("button", name="パスワードを変更する").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください。")
    assert_no_violations(page, axe_source)


def test_a_union_is_created_on_screen_without_violations(live_server, page, axe_source) -> None:
    UserFactory(username="operator", is_superuser=True)
    sign_in(page, live_server.url, "operator")
    page.goto(f"{live_server.url}/operator/unions/new/")
    assert_no_violations(page, axe_source)
    # Nothing filled in: the refusal names the fields, and the page stays clean.
    page.get_by_role("button", name="作成する").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください。")
    assert_no_violations(page, axe_source)
