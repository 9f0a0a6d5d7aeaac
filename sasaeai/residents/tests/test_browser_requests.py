"""Issue #26's round trip in a real browser: a resident on a phone with large text finds a place
and sends 「行ってみたい」; the area's coordinator sees it on the home page and in the inbox and
marks 連絡済 then 参加中; the plan's 「参加につながった人数」 for the 年度 becomes 1, and the
network counts the referral without the person's name. axe checks every page on the way."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.plans.models import Indicator, Measure, Plan
from sasaeai.resources.tests.factories import resource_at
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-residents")
PHONE = {"width": 375, "height": 740}


def test_a_visit_request_from_a_phone_is_followed_to_joined(
    live_server, page, browser: Browser, axe_source
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132012", name="八王子市")
    north = Layer2AreaFactory(
        municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
    )
    town = TownFactory(municipality=city, area=north, name="本町一丁目")
    resource_at(town, name="本町いきいきサロン", description="体操とお茶の会")
    user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    # A plan over the three 年度 up to this one, whatever year the test runs in.
    year = current_fiscal_year(timezone.localdate())
    plan = Plan.objects.create(municipality=city, name="第9期", first_year=year - 2, last_year=year)
    Indicator.objects.create(
        measure=Measure.objects.create(plan=plan, name="参加のきっかけづくり"),
        name="参加につながった人数", unit="人", source="people_joined",
    )  # fmt: skip

    # The resident, on a phone, with the large text size.
    phone = browser.new_context(locale="ja-JP", viewport=PHONE).new_page()
    phone.goto(f"{live_server.url}/{city.code}/")
    phone.get_by_role("button", name="大", exact=True).click()
    # 「近くの通いの場をさがす」: the resident's 圏域, then the place.
    phone.get_by_role("link", name="北部圏域").click()
    phone.get_by_role("link", name="本町いきいきサロン").click()
    phone.get_by_role("link", name="行ってみたい").click()
    expect(phone.get_by_role("heading", name="本町いきいきサロンへの申し込み")).to_be_visible()
    assert_no_violations(phone, axe_source)
    # Sent without the consent first: refused next to the field, what was typed kept.
    phone.get_by_label("お名前（ニックネームでもかまいません）").fill("さくら")
    phone.get_by_label("電話番号").fill("042-555-0101")
    phone.get_by_label("火曜日").check()
    phone.get_by_label("午前").check()
    phone.get_by_role("button", name="申し込みを送る").click()
    expect(phone.get_by_role("alert")).to_contain_text("同意にチェックを入れてください")
    expect(phone.get_by_label("お名前（ニックネームでもかまいません）")).to_have_value("さくら")
    assert_no_violations(phone, axe_source)
    phone.screenshot(path=str(SCREENSHOTS / "request-refused-phone.png"), full_page=True)
    phone.get_by_label("上の内容に同意して送ります").check()
    phone.get_by_role("button", name="申し込みを送る").click()
    expect(phone.get_by_role("heading", name="申し込みを受け付けました")).to_be_visible()
    assert_no_violations(phone, axe_source)
    phone.screenshot(path=str(SCREENSHOTS / "request-done-phone.png"), full_page=True)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"横にはみ出します: {width}px"
    phone.context.close()

    # The coordinator of 北部圏域: the home page, then the request.
    base = live_server.url
    sign_in(page, base, "sc2")
    block = page.locator("[data-home-block='residents.requests']")
    expect(block).to_contain_text("「行ってみたい」（本町いきいきサロン）")
    assert_no_violations(page, axe_source)
    page.goto(f"{base}/staff/{city.code}/requests/")
    expect(page.get_by_role("link", name="さくら")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_role("link", name="さくら").click()
    expect(page.get_by_role("heading", name="さくらさんの「行ってみたい」")).to_be_visible()
    assert_no_violations(page, axe_source)
    for status in ("連絡済", "参加中"):
        page.get_by_label("次の状況").select_option(label=status)
        page.get_by_role("button", name="状況を記録する").click()
        expect(page.get_by_text(f"状況を「{status}」にしました。")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "request-joined.png"), full_page=True)

    # The plan's 実績 for this 年度, computed from the records.
    page.goto(f"{base}/staff/{city.code}/plans/{plan.pk}/")
    table = page.locator("table", has=page.get_by_text("参加につながった人数（人"))
    row = table.locator("tr", has=page.get_by_role("rowheader", name=format_fiscal_year(year)))
    # The cells: 目標 (none set), then 実績.
    expect(row.locator("td.num").nth(1)).to_have_text("1")

    # The network: the referral counted, never the person.
    page.goto(f"{base}/staff/{city.code}/network/?year={year}")
    referrals = page.locator(
        "section", has=page.get_by_role("heading", name="住民の紹介（年度内の件数）")
    )
    expect(referrals).to_contain_text("本町いきいきサロンへの紹介 1件")
    # 北部圏域: 1 request, 1 referral, 1 person joined, no 担い手.
    expect(referrals.get_by_role("row", name="北部圏域").locator("td")).to_have_text(
        ["1", "1", "1", "0"]
    )
    assert "さくら" not in page.content()
    assert_no_violations(page, axe_source)
