"""日常生活圏域 in a real browser: the layer-1 coordinator registers a 圏域 from the empty
state and gives it a town with the keyboard only (the checklist; the map is an aid and has no
tiles in tests). axe-core checks every new screen and the dashboard's to-do."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import Area, Town
from sasaeai.areas.tests.factories import AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-areas")


def test_a_new_area_is_registered_and_given_a_town_by_keyboard(
    live_server, page, axe_source
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132012", name="八王子市", latitude=35.66, longitude=139.33)
    AreaFactory(municipality=city, name="八王子市", kana="はちおうじし")
    # Towns imported before any 圏域: none has an area yet.
    for name, kana, lat in (
        ("赤坂町", "あかさかちょう", 35.66),
        ("石川町", "いしかわちょう", 35.67),
    ):
        TownFactory(
            area=None, municipality=city, name=name, kana=kana, latitude=lat, longitude=139.33
        )
    user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    base = f"{live_server.url}/staff/{city.code}"
    sign_in(page, live_server.url, "sc1")

    page.goto(f"{base}/")
    expect(page.get_by_text("やること：圏域のない町丁目（2件）")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_role("link", name="日常生活圏域を登録する").first.click()

    assert_no_violations(page, axe_source)
    page.get_by_label("名称").focus()
    page.keyboard.type("北部圏域")
    page.keyboard.press("Tab")
    page.keyboard.type("ほくぶけんいき")
    page.get_by_role("button", name="登録する").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("日常生活圏域「北部圏域」を登録しました。")).to_be_visible()
    area = Area.objects.get(name="北部圏域")

    # The assignment screen: the map says it has no background tiles; the checklist works.
    expect(page.get_by_role("status").filter(has_text="背景の地図を読み込めません")).to_be_visible()
    assert_no_violations(page, axe_source)
    box = page.get_by_label("赤坂町")
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.get_by_role("button", name="保存する").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("「北部圏域」に町丁目を1件加え、0件外しました。")).to_be_visible()
    assert Town.objects.get(name="赤坂町").area == area
    assert Town.objects.get(name="石川町").area is None
    page.screenshot(path=str(SCREENSHOTS / "towns.png"), full_page=True)

    for path in (f"areas/{area.pk}/edit/", f"areas/{area.pk}/retire/", f"areas/{area.pk}/"):
        page.goto(f"{base}/{path}")
        assert_no_violations(page, axe_source)
    # A refused form (no name) keeps its message accessible too.
    page.goto(f"{base}/areas/new/")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("名称: 名称を入力してください。")).to_be_visible()
    assert_no_violations(page, axe_source)
