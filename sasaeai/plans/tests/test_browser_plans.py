"""The plan screens in a real browser: the dashboard (status as words and colour, charts with
their tables), the 標準額 calculator, the survey return and the project board pass axe-core;
a target is saved from the keyboard."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.plans import services
from sasaeai.plans.models import Indicator, IndicatorValue, Measure, Plan

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-plans")


def test_the_plan_screens(live_server, page, axe_source) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132012", name="八王子市")
    Layer2AreaFactory(municipality=city, parent=AreaFactory(municipality=city), name="北部圏域")
    admin = user_with_role(Role.MUNICIPAL_ADMIN, city, user__username="admin")
    plan = Plan.objects.create(municipality=city, name="第9期", first_year=2024, last_year=2026)
    measure = Measure.objects.create(plan=plan, name="「通いの場」の普及啓発")
    indicator = Indicator.objects.create(
        measure=measure, name="広報紙の発行回数", unit="回", source="newsletters"
    )
    services.indicator_value_set(
        indicator=indicator, fiscal_year=2025, kind="target", value=Decimal(3), user=admin
    )
    base = f"{live_server.url}/staff/{city.code}"
    sign_in(page, live_server.url, "admin")

    page.goto(f"{base}/plans/{plan.pk}/")
    expect(page.get_by_text("未達成", exact=True)).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("年度").select_option(label="令和8年度")
    page.get_by_label("値（空欄で消す）").fill("3")
    page.get_by_role("button", name="保存する").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("広報紙の発行回数の令和8年度の値を保存しました。")).to_be_visible()
    assert IndicatorValue.objects.get(fiscal_year=2026, kind="target").value == Decimal(3)
    page.screenshot(path=str(SCREENSHOTS / "plan.png"), full_page=True)

    for path in ("plans/standard-amount/", "plans/survey-return/", "projects/", "plans/"):
        page.goto(f"{base}/{path}")
        assert_no_violations(page, axe_source)
    expect(page.get_by_role("link", name="第9期")).to_be_visible()
