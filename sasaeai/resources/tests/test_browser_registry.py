"""A coordinator's day in a real Chromium: find, create (schedule and pin), verify, work the 要確認
list, download a 確認票, merge a duplicate — and axe finds nothing on the screens used."""

import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.resources import services
from sasaeai.resources.constants import ResourceKind, VenueType, VerificationMethod
from sasaeai.resources.models import Location, Resource
from sasaeai.resources.services import ResourceInput

pytestmark = pytest.mark.browser


@pytest.fixture
def registry(transactional_db: Any) -> dict[str, Any]:
    city = MunicipalityFactory(
        code="132012", name="八王子市", kana="はちおうじし", latitude=35.70, longitude=139.40
    )
    area = Layer2AreaFactory(
        municipality=city, name="北部圏域", kana="ほくぶけんいき", parent__name="八王子市"
    )
    TownFactory(area=area, name="桜町", kana="さくらちょう", latitude=35.70, longitude=139.40)
    user = user_with_role(
        Role.SC_LAYER1, city, user__username="sc1", user__display_name="支援 一郎"
    )
    hall = services.location_save(
        municipality=city, user=user, name="桜町集会所", venue_type=VenueType.COMMUNITY_HALL,
        town_text="桜町", street="3-5-2",
    )  # fmt: skip

    def add(name: str) -> Resource:
        data = ResourceInput(name=name, kind=ResourceKind.KAYOI, locations=[hall])
        return services.resource_save(municipality=city, user=user, data=data)

    stale = add("ふれあいサロン北")
    services.resource_verify(
        resource=stale, user=user, method=VerificationMethod.PHONE, on=datetime.date(2020, 4, 1)
    )
    keep, duplicate = add("いきいきサロン中央"), add("いきいき サロン 中央")
    for resource in (keep, duplicate):
        services.resource_verify(resource=resource, user=user, method=VerificationMethod.PHONE)
    return {"city": city, "stale": stale, "duplicate": duplicate}


def test_a_coordinator_works_through_the_registry(
    live_server, page: Page, axe_source: str, registry
) -> None:
    base = f"{live_server.url}/staff/132012"
    sign_in(page, live_server.url, "sc1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("八王子市")

    # Find: a reading in hiragana finds the katakana name.
    page.get_by_role("link", name="地域資源", exact=True).click()
    page.get_by_label("名前・内容で探す").fill("ふれあいさろん")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_role("link", name="ふれあいサロン北")).to_be_visible()
    assert_no_violations(page, axe_source)

    # Create a venue with a pin (no tile server in tests: the map still takes the click).
    page.goto(f"{base}/resources/new/")
    page.get_by_role("link", name="新しい会場を登録する").click()
    page.locator("#id_name").fill("みどり公園")
    page.locator("#id_venue_type").select_option(label="公園")
    page.locator("#pin-map").click(position={"x": 200, "y": 120})
    expect(page.locator("#pin-map-status")).to_contain_text("位置を 緯度")
    assert page.locator("#id_latitude").input_value() != ""
    assert_no_violations(page, axe_source)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("地域資源の登録")

    # Create the resource: 毎月第2・第4水曜日 10:00〜12:00, at the new venue.
    page.locator("#id_name").fill("みどり体操クラブ")
    page.locator("#id_kind").select_option(label="通いの場")
    page.get_by_label("体操（運動）").check()
    page.locator("#id_schedules-0-pattern").select_option(label="第n曜日")
    page.get_by_label("第2", exact=True).check()
    page.get_by_label("第4", exact=True).check()
    page.get_by_label("水曜", exact=True).check()
    page.locator("#id_schedules-0-opens_at").fill("10:00")
    page.locator("#id_schedules-0-closes_at").fill("12:00")
    page.get_by_label("みどり公園").check()
    assert_no_violations(page, axe_source)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("毎月第2・第4水曜日 10:00〜12:00")).to_be_visible()
    park = Location.objects.get(name="みどり公園")
    assert park.latitude is not None and not park.position_approximate

    # Verify it on its page.
    page.locator("#v-method").select_option(label="訪問")
    page.get_by_role("button", name="確認済みにする").click()
    expect(page.get_by_text("「みどり体操クラブ」を確認済みにしました。")).to_be_visible()
    assert_no_violations(page, axe_source)

    # Download its 確認票.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="確認票（PDF）").click()
    download = download_info.value
    assert download.suggested_filename == "確認票_みどり体操クラブ.pdf"
    assert download.path().read_bytes()[:5] == b"%PDF-"

    # Work the 要確認 list (a tab of the list): only the stale salon is there; verify it.
    menu = page.get_by_role("navigation", name="業務メニュー")
    menu.get_by_role("link", name="地域資源", exact=True).click()
    page.get_by_role("link", name="要確認（担当圏域）").click()
    expect(page.get_by_role("link", name="ふれあいサロン北")).to_be_visible()
    expect(page.get_by_role("link", name="みどり体操クラブ")).to_have_count(0)
    page.get_by_label("ふれあいサロン北を選ぶ").check()
    page.get_by_role("button", name="実行する").click()
    expect(page.get_by_text("1件を確認済みにしました。")).to_be_visible()
    expect(page.get_by_role("link", name="ふれあいサロン北")).to_have_count(0)

    # Merge the planted duplicate.
    page.get_by_role("link", name="重複の疑い").click()
    assert_no_violations(page, axe_source)
    page.get_by_role("link", name="「いきいきサロン中央」に統合する").click()
    assert_no_violations(page, axe_source)
    page.get_by_role("button", name="統合する").click()
    expect(
        page.get_by_text("「いきいき サロン 中央」を「いきいきサロン中央」に統合しました。")
    ).to_be_visible()
    assert not Resource.objects.filter(pk=registry["duplicate"].pk).exists()
