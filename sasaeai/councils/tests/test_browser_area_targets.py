"""A layer-1 coordinator sets a 圏域 target in a real browser, refused first for a 参加率 over
100 %, and finds it beside the area's figure in the analysis; axe-core checks the targets page
(empty, refused and filled), the council home and the analysis."""

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year

pytestmark = pytest.mark.browser


def test_a_target_is_set_and_shown_beside_its_figure(live_server, page, axe_source) -> None:
    city = MunicipalityFactory(code="132012", name="八王子市")
    whole = AreaFactory(municipality=city, name="八王子市全域")
    Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域")
    sc1 = user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    layer1 = services.council_create(
        municipality=city, area=whole, name="八王子市生活支援推進協議体", user=sc1
    )
    year = format_fiscal_year(current_fiscal_year())
    base = live_server.url
    sign_in(page, base, "sc1")

    page.goto(f"{base}/staff/{city.code}/councils/{layer1.pk}/")
    assert_no_violations(page, axe_source)
    page.get_by_role("link", name="圏域の目標を設定する・変える").click()
    expect(page.get_by_text("まだ目標はありません。")).to_be_visible()
    assert_no_violations(page, axe_source)

    page.get_by_label("圏域（必須）").select_option(label="北部圏域")
    page.get_by_label("指標（必須）").select_option(label="通いの場の参加率（％）")
    page.get_by_label("目標値（必須）").fill("120")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("参加率の目標は100％以下にしてください。").first).to_be_visible()
    assert_no_violations(page, axe_source)

    page.get_by_label("目標値（必須）").fill("10")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("cell", name="10％")).to_be_visible()
    assert_no_violations(page, axe_source)

    page.goto(f"{base}/staff/{city.code}/analysis/")
    expect(page.get_by_text(f"目標 10％（{year}）")).to_be_visible()
    assert_no_violations(page, axe_source)
