"""axe-core over the open-data page (issue #27) after the morning job, at 1280 px and at 320 px
with 文字サイズ 大; the page never scrolls sideways and its first file downloads."""

import pytest
from playwright.sync_api import Page

from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.tests.browser import assert_no_violations
from sasaeai.opendata.services import opendata_refresh
from sasaeai.resources.tests.factories import resource_at

pytestmark = pytest.mark.browser
TEXT_SIZE_KEY = "sasaeai-text-size"


def test_the_open_data_page_passes_axe_at_both_widths(live_server, page: Page, axe_source) -> None:
    city = MunicipalityFactory(code="132012", name="八王子市")
    town = TownFactory(municipality=city, area=Layer2AreaFactory(municipality=city), name="本町")
    resource_at(town, name="本町いきいきサロン")
    opendata_refresh()
    url = f"{live_server.url}/{city.code}/opendata/"
    for width, size in ((1280, "normal"), (320, "large")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.evaluate("([key, size]) => localStorage.setItem(key, size)", [TEXT_SIZE_KEY, size])
        response = page.goto(url)
        assert response is not None and response.status == 200
        assert_no_violations(page, axe_source)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_download() as download:
        page.get_by_role("link", name="HSDS 3.1 形式（JSON）").click()
    assert download.value.suggested_filename == "132012_hsds.json"
