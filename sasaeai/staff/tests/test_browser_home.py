"""The home page and the お知らせ inbox in a real browser for every role (issue #24): axe finds
nothing on either, at a desktop width and on a phone with the largest text, and the blocks and
notices are reached by keyboard. The city is test_home's hand-built one (every kind of block
has something in it on 2026-12-05; on a later day some blocks show their one empty line, which
axe checks just the same)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.core.tests.browser import assert_no_violations, sign_in

# The module, not the class: a class imported here would be collected (and run) again.
from . import test_home

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-home")


class City:
    """Holds test_home's city, built by its setUpTestData (which also calls `notice`)."""

    notice = classmethod(test_home.HomePageTests.__dict__["notice"].__func__)
    users: dict


def test_every_roles_home_and_inbox_pass_axe(live_server, page, axe_source) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    test_home.HomePageTests.__dict__["setUpTestData"].__func__(City)
    city = City
    base = live_server.url
    for role, user in city.users.items():
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, base, user.username)
        page.goto(f"{base}/staff/{city.city.code}/")
        expect(page.get_by_role("heading", name="八王子市", level=1)).to_be_visible()
        assert_no_violations(page, axe_source)
        page.screenshot(path=str(SCREENSHOTS / f"home-{role}.png"), full_page=True)
        page.get_by_role("link", name="お知らせ", exact=False).first.click()
        expect(page.get_by_role("heading", name="お知らせ", level=1)).to_be_visible()
        assert_no_violations(page, axe_source)
        page.screenshot(path=str(SCREENSHOTS / f"inbox-{role}.png"), full_page=True)

    # The admin on a phone with the largest text: the same pages, nothing hidden sideways.
    page.context.clear_cookies()
    sign_in(page, base, city.users["municipal_admin"].username)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/{city.city.code}/")
    page.get_by_role("button", name="特大").click()
    for path in ("", "notices/"):
        page.goto(f"{base}/staff/{city.city.code}/{path}")
        assert_no_violations(page, axe_source)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path or 'home'}: {width}px wide"

    # By keyboard: from the inbox, Tab reaches the first notice and Enter opens it.
    page.goto(f"{base}/staff/{city.city.code}/notices/")
    first = page.locator(".notice-list a").first
    title = first.inner_text()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.notice-list') !== null"):
            break
    assert page.evaluate("document.activeElement.innerText") == title
    page.keyboard.press("Enter")
    page.goto(f"{base}/staff/{city.city.code}/notices/?all=1")
    expect(page.locator(".notice-list li").first).not_to_have_class("notice notice--unread")
