"""The activity log in a real browser: a coordinator records a つなぎ visit with the quick
entry, and the new tie appears in the network's table; the isolated actor left over is on the
to-do list. axe-core checks each screen, and screenshots are saved."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-activities")


def test_a_connection_recorded_by_keyboard_shows_in_the_network(
    live_server, page, axe_source
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132012", name="八王子市")
    north = Layer2AreaFactory(
        municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
    )
    user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    club = OrganizationFactory(municipality=city, name="北町老人クラブ")
    club.areas.add(north)
    salon = ResourceFactory(municipality=city, name="ふれあいサロン北町")
    lonely = OrganizationFactory(municipality=city, name="南町ボランティアの会")
    lonely.areas.add(north)
    base = f"{live_server.url}/staff/{city.code}"
    sign_in(page, live_server.url, "sc2")

    page.goto(f"{base}/activities/new/")
    expect(page.get_by_label("日付（必須）")).to_have_value(datetime.date.today().isoformat())
    assert_no_violations(page, axe_source)
    page.get_by_label("活動の種類（必須）").select_option(label="つなぎ")
    page.get_by_label("内容（必須）").fill("老人クラブにサロンの担い手を紹介した")
    page.get_by_label("つなぐ元").select_option(label="北町老人クラブ")
    page.get_by_label("つなぐ先").select_option(label="ふれあいサロン北町")
    page.get_by_label("目的").select_option(label="担い手紹介")
    page.get_by_label("状態", exact=True).select_option(label="実現")
    page.screenshot(path=str(SCREENSHOTS / "create.png"), full_page=True)
    page.get_by_role("button", name="記録する").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("活動を記録しました")).to_be_visible()
    expect(page.get_by_text("つなぎを1件登録しました。")).to_be_visible()
    expect(page.get_by_role("cell", name="老人クラブにサロンの担い手を紹介した")).to_be_visible()
    assert_no_violations(page, axe_source)

    page.get_by_role("link", name="ネットワーク").first.click()
    ties = page.get_by_role("table", name="つながり（1件、新しい順）")
    row = ties.get_by_role("row").filter(has_text="北町老人クラブ")
    expect(row.get_by_role("cell", name="ふれあいサロン北町")).to_be_visible()
    expect(row.get_by_role("cell", name="担い手紹介")).to_be_visible()
    # The group that nobody has been connected to yet is on the coordinator's to-do list.
    todo = page.locator("ul.network-todo")
    expect(todo.get_by_role("link", name="南町ボランティアの会")).to_be_visible()
    expect(todo.get_by_role("link", name="北町老人クラブ")).to_have_count(0)
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "network.png"), full_page=True)
    del salon
