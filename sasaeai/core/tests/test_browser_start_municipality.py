"""Issue #17 end to end, through the screens only, from an empty database: the site operator
starts 東大和市 with its first admin, who sets a password by the one-time link, registers three
日常生活圏域, imports an .xlsx population file whose 「人口総数（人）」 column is mapped by hand on
the preview (with its three towns created there), puts each town in its 圏域 and reads the city's
figures on the dashboard. axe-core checks the preview's column-mapping step.

The workbook (both-sexes bands; 調査日 2025-10-01, before any default 「いつの数字か」):
  上北台一丁目: 0～64歳 800, 65～74歳 120, 75～84歳 60, 85歳以上 20 → 1,000; 65+ 200
  桜が丘一丁目: 500, 60, 30, 10 → 600; 65+ 100
  南街一丁目:   300, 50, 35, 15 → 400; 65+ 100
  City: 1,000 + 600 + 400 = 2,000; 65+ 200 + 100 + 100 = 400; rate 400 / 2,000 = 20.0%.
"""

import datetime
import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "tamako-no-kaze-2026"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OCTOBER = datetime.datetime(2025, 10, 1)
TOWNS = {"上北台一丁目": "北部圏域", "桜が丘一丁目": "中部圏域", "南街一丁目": "南部圏域"}


def population_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["町丁目名", "調査日", "人口総数（人）", "0～64歳", "65～74歳", "75～84歳", "85歳以上"]
    )
    sheet.append(["上北台一丁目", OCTOBER, 1000, 800, 120, 60, 20])
    sheet.append(["桜が丘一丁目", OCTOBER, 600, 500, 60, 30, 10])
    sheet.append(["南街一丁目", OCTOBER, 400, 300, 50, 35, 15])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="業務メニュー").get_by_role("link", name=name).click()


def start_municipality(page: Page, base_url: str) -> str:
    """The operator finds 東大和市 by 「東大」 and starts it; returns the one-time link."""
    UserFactory(username="operator", is_superuser=True)
    sign_in(page, base_url, "operator")
    page.goto(f"{base_url}/operator/municipalities/")
    page.get_by_label("市町村を探す（コード・名前・ふりがな・都道府県）").fill("東大")
    page.get_by_role("button", name="探す").click()
    page.get_by_role("link", name="東大和市の利用を始める").click()
    page.get_by_label("市町村管理者のユーザー名").fill("higashiyamato")
    page.get_by_role("button", name="利用を始める").click()
    link = page.get_by_label("「higashiyamato」さんに伝えるリンク").input_value()
    page.get_by_role("button", name="ログアウト").click()
    return link


def set_password_and_sign_in(page: Page, base_url: str, link: str) -> None:
    page.goto(link)
    page.get_by_label("新しいパスワード（必須）", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("新しいパスワード(確認用)（必須）").fill(NEW_PASSWORD)
    page.get_by_role("button", name="パスワードを設定する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードを設定しました")
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("ユーザー名").fill("higashiyamato")
    page.get_by_label("パスワード").fill(NEW_PASSWORD)
    page.get_by_role("button", name="ログインする").click()


def register_areas(page: Page) -> None:
    page.get_by_role("link", name="日常生活圏域を登録する").first.click()
    for name, kana in (("北部圏域", "ほくぶ"), ("中部圏域", "ちゅうぶ"), ("南部圏域", "なんぶ")):
        if name != "北部圏域":
            menu(page, "圏域と人口")
            page.get_by_role("link", name="日常生活圏域を登録する").first.click()
        page.get_by_label("名称").fill(name)
        page.get_by_label("ふりがな").fill(kana)
        page.get_by_role("button", name="登録する").click()
        expect(page.get_by_text(f"日常生活圏域「{name}」を登録しました。")).to_be_visible()


def import_population(page: Page, axe_source: str) -> None:
    menu(page, "取込")
    page.get_by_role("link", name="人口データ（地域・年齢別人口）の取込").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "人口.xlsx", "mimeType": XLSX, "buffer": population_workbook()}]
    )
    page.get_by_role("button", name="内容を確認する").click()
    expect(page.get_by_role("alert")).to_contain_text("必要な列がありません: 総人口")
    # The mapping step: the unknown header (as read, NFKC) with a labelled select.
    expect(page.get_by_role("heading", name="列の割り当て")).to_be_visible()
    assert_no_violations(page, axe_source)
    select = page.get_by_label("人口総数(人)")
    select.focus()
    select.select_option("総人口")
    page.get_by_role("button", name="この割り当てで読み直す").click()
    expect(page.get_by_text("列の割り当てを変えて読み直しました。")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("この 3 件の町丁目を作る").check()
    page.get_by_role("button", name="確定して取り込む").click()
    expect(page.get_by_text("3件を取り込みました。")).to_be_visible()


def assign_towns(page: Page) -> None:
    for town, area in TOWNS.items():
        menu(page, "圏域と人口")
        page.get_by_role("link", name=area).first.click()
        page.get_by_role("link", name="町丁目を割り当てる").click()
        page.get_by_label(town).check()
        page.get_by_role("button", name="保存する").click()
        expect(page.get_by_text(f"「{area}」に町丁目を1件加え、0件外しました。")).to_be_visible()


def test_a_municipality_starts_from_an_empty_database_to_its_figures(
    live_server, page, axe_source
) -> None:
    link = start_municipality(page, live_server.url)
    set_password_and_sign_in(page, live_server.url, link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("東大和市")
    register_areas(page)
    import_population(page, axe_source)
    assign_towns(page)
    menu(page, "ホーム")
    expect(page.get_by_text("やること：圏域のない町丁目")).to_have_count(0)
    cards = page.get_by_role("list", name="主な数字")
    expect(cards.get_by_role("listitem").filter(has_text="総人口")).to_contain_text("2,000人")
    expect(cards.get_by_role("listitem").filter(has_text="65歳以上")).to_contain_text("400人")
    expect(cards.get_by_role("listitem").filter(has_text="高齢化率")).to_contain_text("20.0%")
    expect(cards.get_by_role("listitem").filter(has_text="日常生活圏域")).to_contain_text("3圏域")
