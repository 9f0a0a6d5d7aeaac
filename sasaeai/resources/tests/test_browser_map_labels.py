"""Issue #20 hole 4: a town's name is text on every staff map, never HTML. A town imported as
`<img src=x onerror=…>` shows as those characters in the venue form's tooltip and on the 圏域's
town map; no <img> is created and its handler never runs."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.tests.browser import sign_in

pytestmark = pytest.mark.browser
HOSTILE = '<img src=x onerror="window.__xss=1">'


@pytest.fixture
def city(transactional_db: Any) -> dict[str, Any]:
    city = MunicipalityFactory(code="132012", name="八王子市", latitude=35.70, longitude=139.40)
    area = Layer2AreaFactory(municipality=city, name="北部圏域", parent__name="八王子市")
    TownFactory(area=area, name=HOSTILE, kana="あやしいまち", latitude=35.70, longitude=139.40)
    user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    return {"city": city, "area": area}


def hover_the_town_and_read_its_tooltip(page: Page, box: str) -> None:
    # The town's point is the only interactive shape on the map (an SVG path drawn by Leaflet).
    page.locator(f"{box} path.leaflet-interactive").hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_be_visible()
    assert tooltip.inner_text().startswith(HOSTILE)
    # Give a created <img> the moment its failed load would take to fire onerror.
    page.wait_for_timeout(300)
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".leaflet-tooltip img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_town_names_are_text_in_map_tooltips(live_server: Any, page: Page, city: Any) -> None:
    sign_in(page, live_server.url, "sc1")
    page.goto(live_server.url + reverse("resources:location_create", kwargs={"lgcode": "132012"}))
    hover_the_town_and_read_its_tooltip(page, "#pin-map")
    url = reverse("areas:area_towns", kwargs={"lgcode": "132012", "pk": city["area"].pk})
    page.goto(live_server.url + url)
    hover_the_town_and_read_its_tooltip(page, "#town-map")
