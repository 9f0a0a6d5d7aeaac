"""axe-core over a fixed list of pages: one page of every public kind and the staff pages issue
#18 changed, each at 1280, 768 and 320 px and with 文字サイズ 大 (issue #18: accessibility is
checked here once, not by adding axe to every browser test).

One demo city, one live server and one signed-in tab serve the whole module (conftest.py).
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from sasaeai.core.tests import pages_city
from sasaeai.core.tests.browser import ALL_TAGS, JIS_TAGS, assert_no_violations
from sasaeai.core.tests.conftest import DemoSite

pytestmark = pytest.mark.browser

PUBLIC = (
    "portal-home",
    "search",
    "search-none",
    "place",
    "area",
    "this-week",
    "map",
    "print-list",
    "accessibility",
)
STAFF = (
    "resource-list",
    "meeting",
    "activity-form",
    "analysis-overview",
    "analysis-matrix",
    "standard-amount",
    "plan",
)
# static/js/text-size.js keeps the choice under this key and applies it to every page.
TEXT_SIZE_KEY = "sasaeai-text-size"
# 標準 at each width, and 大 at the narrowest, where large text has the least room (at every
# width it would double the run, about 4 minutes, for the same rules on the same markup).
SETTINGS = ((1280, "normal"), (768, "normal"), (320, "normal"), (320, "large"))
CASES = [(label, width, size) for width, size in SETTINGS for label in PUBLIC + STAFF]


@pytest.fixture(scope="module")
def tab(browser: Browser, demo_site: DemoSite) -> Iterator[Page]:
    """One tab for the module, signed in as the municipal administrator (who may see every
    staff page here, and sees the public pages as anyone does)."""
    with pages_city.signed_in(browser, demo_site.url, pages_city.ADMIN) as page:
        yield page


def test_the_list_covers_every_public_page_kind_and_the_changed_staff_pages(
    demo_site: DemoSite,
) -> None:
    assert set(PUBLIC) == set(demo_site.pages.public_urls())
    assert set(STAFF) == set(demo_site.pages.staff_urls())


@pytest.mark.parametrize(("label", "width", "size"), CASES)
def test_the_page_has_no_accessibility_violations(
    tab: Page, demo_site: DemoSite, axe_source: str, label: str, width: int, size: str
) -> None:
    urls = {**demo_site.pages.public_urls(), **demo_site.pages.staff_urls()}
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(demo_site.url + urls[label])
    if tab.evaluate("(key) => localStorage.getItem(key)", TEXT_SIZE_KEY) != size:
        tab.evaluate("([key, size]) => localStorage.setItem(key, size)", [TEXT_SIZE_KEY, size])
        tab.reload()
    expect(tab.locator("html")).to_have_class(re.compile(rf"(^|\s)text-{size}(\s|$)"))
    # On the map, pins of nearby places may sit closer than WCAG 2.2's target spacing (2.5.8,
    # not part of JIS X 8341-3:2016), which exempts them: the list under the map offers every
    # place as a full-size link (as in portal/tests/test_browser_portal.py).
    assert_no_violations(tab, axe_source, JIS_TAGS if label == "map" else ALL_TAGS)
