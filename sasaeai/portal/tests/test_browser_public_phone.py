"""A place's page with its venue's public 代表電話 and its ホームページ (issue #22) in a real browser:
axe finds nothing at 1280 px and 320 px, the number is a tel: link, and at 640 px (200% zoom of
1280 px, the suite's reflow check) the long source note and the homepage's long address do not
scroll the page sideways."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sasaeai.core.tests.browser import ALL_TAGS, assert_no_violations
from sasaeai.portal.tests.test_views import build
from sasaeai.resources import services

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-portal")


@pytest.fixture
def data(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """The portal's test city, its hall given a public number and the class a homepage."""
    data = build()
    hall = data.exercise.service_locations.get().location
    user = data.exercise.history.first().history_user
    services.location_save(
        municipality=data.city, user=user, location=hall, phone="042-111-2222",
        phone_source="介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）",
    )  # fmt: skip
    data.exercise.url = "https://www.city.example.lg.jp/kenko/ikiiki-taiso/index.html"
    data.exercise.save(update_fields=["url"])
    return data


@pytest.mark.parametrize("width", [1280, 320])
def test_a_place_with_a_public_number_passes_axe_and_fits(
    live_server, page, axe_source, data, width
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    url = reverse("portal:detail", kwargs={"lgcode": data.city.code, "pk": data.exercise.pk})
    page.goto(live_server.url + url)
    expect(page.locator('a[href="tel:042-111-2222"]')).to_have_text("042-111-2222")
    homepage = page.get_by_role("link", name="いきいき体操の会のホームページ")
    expect(homepage).to_have_attribute("href", data.exercise.url)
    expect(homepage).to_have_attribute("rel", "noopener")
    assert_no_violations(page, axe_source, ALL_TAGS)
    page.screenshot(path=str(SCREENSHOTS / f"detail-phone-{width}.png"), full_page=True)


def test_the_number_and_the_homepage_do_not_widen_the_page(live_server, page, data) -> None:
    page.set_viewport_size({"width": 640, "height": 900})
    url = reverse("portal:detail", kwargs={"lgcode": data.city.code, "pk": data.exercise.pk})
    page.goto(live_server.url + url)
    fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "場所のページが横にはみ出します"
