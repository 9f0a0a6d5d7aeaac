"""The activity log in a real browser: a coordinator records a つなぎ visit with the quick
entry, and the new tie appears in the network's table; the isolated actor left over is on the
to-do list. axe-core checks each screen, and screenshots are saved."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities.models import Activity, Connection
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory
from sasaeai.utils.wareki import to_wareki

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
    # Today, in 和暦 as every date on the staff screens.
    expect(page.get_by_label("日付（必須）")).to_have_value(to_wareki(datetime.date.today()))
    assert_no_violations(page, axe_source)
    page.get_by_label("活動の種類（必須）").select_option(label="つなぎ")
    page.get_by_label("内容（必須）").fill("老人クラブにサロンの担い手を紹介した")
    # つなぐ元・つなぐ先 are comboboxes (type, ↓, Enter); see the test below.
    page.get_by_role("combobox", name="つなぐ元").fill("老人")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("combobox", name="つなぐ先").fill("ふれあい")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
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


def test_long_lists_filter_as_you_type_and_save_the_choice(live_server, page, axe_source) -> None:
    """つなぐ元 and 関わった地域資源 are comboboxes: two characters narrow the list, ↓ and Enter
    choose, the hidden select carries the value, and the record is saved with it."""
    city = MunicipalityFactory(code="132012", name="八王子市")
    north = Layer2AreaFactory(
        municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
    )
    user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    club = OrganizationFactory(municipality=city, name="北町老人クラブ", kana="きたまち")
    OrganizationFactory(municipality=city, name="南町ボランティアの会", kana="みなみ")
    # Three resources whose names share 「サロン」; only one also has 「体操」.
    salon = ResourceFactory(municipality=city, name="ふれあいサロン北町", kana="ふれあい")
    ResourceFactory(municipality=city, name="いきいきサロン南町", kana="いきいき")
    gym = ResourceFactory(municipality=city, name="百歳体操サロン", kana="ひゃくさい")
    base = f"{live_server.url}/staff/{city.code}"
    sign_in(page, live_server.url, "sc2")
    page.goto(f"{base}/activities/new/")
    page.get_by_label("内容（必須）").fill("サロンの担い手を紹介した")

    source = page.get_by_role("combobox", name="つなぐ元")
    expect(source).to_have_attribute("aria-expanded", "false")
    source.press_sequentially("サロ")
    expect(source).to_have_attribute("aria-expanded", "true")
    listbox = page.get_by_role("listbox", name="つなぐ元")
    # 「サロ」 leaves the three salons, no organisation (their group is hidden too).
    # In 50音 order of their readings: いきいき, ひゃくさい, ふれあい.
    expect(listbox.get_by_role("option").filter(visible=True)).to_have_text(
        ["いきいきサロン南町", "百歳体操サロン", "ふれあいサロン北町"]
    )
    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option", name="いきいきサロン南町")
    expect(source).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "?")
    page.keyboard.press("ArrowDown")
    assert_no_violations(page, axe_source)  # with the list open
    page.keyboard.press("Enter")  # chooses; does not submit the form
    expect(source).to_have_value("百歳体操サロン")
    expect(source).to_have_attribute("aria-expanded", "false")
    expect(page.locator("select#id_tsunagi-source")).to_have_value(f"res:{gym.pk}")

    target = page.get_by_role("combobox", name="つなぐ先")
    target.press_sequentially("老人")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(target).to_have_value("北町老人クラブ")

    page.get_by_text("詳しく書く").click()
    resources = page.get_by_role("combobox", name="関わった地域資源")
    resources.press_sequentially("ふれ")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    resources.fill("いき")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chosen = page.get_by_role("list", name="関わった地域資源（選んだもの）")
    expect(chosen.get_by_role("button")).to_have_text(
        ["いきいきサロン南町 ×を外す", "ふれあいサロン北町 ×を外す"]
    )
    chosen.get_by_role("button", name="いきいきサロン南町 を外す").click()
    expect(chosen.get_by_role("button")).to_have_text(["ふれあいサロン北町 ×を外す"])
    assert_no_violations(page, axe_source)

    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("活動を記録しました")).to_be_visible()
    activity = Activity.objects.get()
    connection = Connection.objects.get()
    assert list(activity.resources.all()) == [salon]
    assert (connection.from_resource, connection.to_organization) == (gym, club)
