"""The public pages in a real browser: axe-core finds nothing at 1280 px and at 320 px, no
horizontal scrolling at 640 px (200% zoom of 1280 px), and a search done by keyboard alone."""

import datetime
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sasaeai.accounts.tests.test_url_permissions import url_names
from sasaeai.areas.services import desk_save
from sasaeai.core.tests.browser import ALL_TAGS, JIS_TAGS, assert_no_violations
from sasaeai.portal.tests.test_views import build

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-portal")


@pytest.fixture
def data(db) -> Iterator[SimpleNamespace]:  # type: ignore[no-untyped-def]
    """The portal's test city. Every area counts as large and no worker runs, so the PDF link
    of the print list answers with its HTML waiting page (the PDF itself is read back in
    test_handout)."""
    with (
        mock.patch("sasaeai.portal.handout.LARGE_AREA_PLACES", 0),
        mock.patch("sasaeai.portal.tasks.make_handout"),
    ):
        built = build()
        # 北部圏域's coordinator desk (issue #26): its box is on the area's page, the detail
        # page of the place there and the print list; a long address must wrap at 320 px.
        desk_save(
            area=built.north, user=None, organization="北部地域包括支援センター 生活支援コーディネーター",
            phone="042-000-9001", email="seikatsushien-coordinator-hokubu@example.jp",
            hours="平日 9時〜17時", is_public=True, public_consent_on=datetime.date(2025, 4, 1),
        )  # fmt: skip
        yield built


def pages(data: SimpleNamespace) -> dict[str, tuple[str, dict[str, object], str]]:
    """Every public page checked in the browser: label → (URL name, its arguments, query)."""
    city = {"lgcode": data.city.code}
    return {
        "home": ("portal:home", city, ""),
        "search": ("portal:search", city, "?q=体操"),
        "map": ("portal:map", city, ""),
        "detail": ("portal:detail", {**city, "pk": data.exercise.pk}, ""),
        "private-home-detail": ("portal:detail", {**city, "pk": data.salon.pk}, ""),
        "area": ("portal:area", {**city, "pk": data.north.pk}, ""),
        "print-list": ("portal:print_list", {**city, "pk": data.north.pk}, ""),
        # The page shown while a large area's PDF is made (see the fixture below).
        "print-pdf-waiting": ("portal:print_pdf", {**city, "pk": data.north.pk}, ""),
        "this-week": ("portal:this_week", city, ""),
        "accessibility": ("portal:accessibility", city, ""),
        # Issue #26: the places asking for helpers, and the questions answered with results
        # (test_browser_match checks both with roles, at both widths and 文字サイズ 大).
        "help-wanted": ("portal:help_wanted", city, ""),
        "match": ("portal:match", city, "?interest=exercise&day=1&time=am"),
    }


def check(page, axe_source: str, label: str) -> None:  # type: ignore[no-untyped-def]
    """axe on a public page. On the map, pins of nearby places may sit closer than WCAG 2.2's
    target spacing (2.5.8, not part of JIS X 8341-3:2016); 2.5.8 exempts them because the list
    under the map offers every place as a full-size link. The JIS tags always run."""
    assert_no_violations(page, axe_source, JIS_TAGS if label == "map" else ALL_TAGS)


def public_urls(data: SimpleNamespace) -> dict[str, str]:
    return {
        label: reverse(name, kwargs=kwargs) + query
        for label, (name, kwargs, query) in pages(data).items()
    }


def test_every_public_url_name_has_a_browser_check(data) -> None:
    portal = {name for name in url_names() if name.startswith("portal:")}
    checked = {name for name, _, _ in pages(data).values()}
    assert portal - checked == set(), "公開ページに axe の検査がありません"


@pytest.mark.parametrize("width", [1280, 320])
def test_public_pages_have_no_accessibility_violations(
    live_server, page, axe_source, data, width
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for label, url in public_urls(data).items():
        page.goto(live_server.url + url)
        check(page, axe_source, label)
        page.screenshot(path=str(SCREENSHOTS / f"{label}-{width}.png"), full_page=True)


def test_no_horizontal_scrolling_at_200_percent_zoom(live_server, page, data) -> None:
    # 200% zoom of a 1280 px window lays the page out in 640 CSS pixels.
    page.set_viewport_size({"width": 640, "height": 900})
    for url in public_urls(data).values():
        page.goto(live_server.url + url)
        wide = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert wide, f"{url} は横にはみ出します"


def test_a_search_and_a_detail_page_by_keyboard_alone(live_server, page, data) -> None:
    page.goto(live_server.url + public_urls(data)["home"])
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    # From the main content, Tab reaches the search box first.
    page.keyboard.press("Tab")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("たいそう")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1件見つかりました")).to_be_visible()
    link = page.get_by_role("link", name="いきいき体操の会")
    for _ in range(40):
        if page.evaluate("() => document.activeElement.textContent.trim()") == "いきいき体操の会":
            break
        page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="いきいき体操の会")).to_be_visible()


def test_the_text_size_switch_enlarges_text_and_pages_stay_clean(
    live_server, page, axe_source, data
) -> None:
    urls = public_urls(data)
    page.goto(live_server.url + urls["home"])
    normal = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="大", exact=True).click()
    expect(page.get_by_role("button", name="大", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    large = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    # The portal's body text is 1.25rem: 20 px at the normal root size, 23.75 px at 118.75%.
    assert (normal, large) == (20, 23.75)
    # The choice is remembered from page to page, and every page passes axe with it.
    for label, url in urls.items():
        page.goto(live_server.url + url)
        assert page.evaluate("() => document.documentElement.classList.contains('text-large')")
        check(page, axe_source, label)
        page.screenshot(path=str(SCREENSHOTS / f"{label}-large.png"), full_page=True)


def test_the_map_shows_a_pin_without_tiles_and_says_so(live_server, page, data) -> None:
    # Tests have no tile server (MAP_TILE_URL is empty): pins and the list must still work.
    page.goto(live_server.url + public_urls(data)["map"])
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("#portal-map-status")).to_contain_text("背景の地図を読み込めません")
    page.locator(".leaflet-marker-icon").click()
    page.get_by_role("link", name="いきいき体操の会").first.click()
    expect(page.get_by_role("heading", level=1, name="いきいき体操の会")).to_be_visible()


def test_printing_leaves_out_navigation_and_forms(live_server, page, data) -> None:
    urls = public_urls(data)
    page.goto(live_server.url + urls["search"])
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="サイト内の案内")).to_be_hidden()
    expect(page.locator(".portal-filters")).to_be_hidden()
    expect(page.get_by_role("link", name="いきいき体操の会")).to_be_visible()
    # 14pt = 14 × 4/3 px.
    size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert round(size, 2) == 18.67
    page.pdf(path=str(SCREENSHOTS / "search-print.pdf"), format="A4")


def test_every_public_page_with_the_demo_city_has_no_violations(
    live_server, page, axe_source, db
) -> None:
    from sasaeai.accounts import demo as accounts_demo
    from sasaeai.areas import demo as areas_demo
    from sasaeai.resources import demo as resources_demo
    from sasaeai.resources.models import Resource
    from sasaeai.resources.selectors import public_queryset

    city = areas_demo.build(seed=2025)
    accounts_demo.build(municipality=city)
    resources_demo.build(municipality=city, seed=2025)
    public = public_queryset(city)
    shown = public.exclude(service_locations__location__venue_type="private_home").first()
    home = public.filter(service_locations__location__venue_type="private_home").first()
    assert shown is not None and home is not None and isinstance(home, Resource)
    area = shown.service_locations.first().location.area
    demo = SimpleNamespace(city=city, exercise=shown, salon=home, north=area)
    # No worker runs: a large area's PDF stays on its waiting page, whose script would
    # otherwise open the finished PDF in the middle of the next page's check.
    with mock.patch("sasaeai.portal.tasks.make_handout"):
        for label, url in public_urls(demo).items():
            page.goto(live_server.url + url)
            check(page, axe_source, label)
            page.screenshot(path=str(SCREENSHOTS / f"demo-{label}.png"), full_page=True)
