"""Layout measured in a real Chromium (issue #18, items 6, 7, 8 and 14).

Tables keep readable columns and Japanese lines never start with closing punctuation; on a
tablet or a phone the staff menu folds behind a button so the page's heading is on the first
screen; form controls share one size; the icons every browser asks for are there.
"""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from sasaeai.core.tests import pages_city
from sasaeai.core.tests.conftest import DemoSite

pytestmark = pytest.mark.browser

# Characters a Japanese line may not start with (JIS X 4051 行頭禁則, the ones the issue met).
NO_LINE_START = "。、・）」"

# Every visible table cell with text in the main content, narrower than 2em. The width is the
# cell's content box (getBoundingClientRect less padding and borders): with 0.6rem padding on
# each side a one-character column still measures more than 2em outside.
NARROW_CELLS = """() => [...document.querySelectorAll('#main th, #main td')]
    .filter((cell) => cell.getClientRects().length > 0 && cell.textContent.trim())
    .map((cell) => {
        const style = getComputedStyle(cell);
        const sides = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
            .reduce((sum, side) => sum + parseFloat(style[side]), 0);
        return {
            text: cell.textContent.trim().slice(0, 20),
            width: cell.getBoundingClientRect().width - sides,
            twoEm: 2 * parseFloat(style.fontSize),
        };
    })
    .filter((cell) => cell.width < cell.twoEm)
    .map((cell) => `「${cell.text}」${cell.width.toFixed(1)}px < ${cell.twoEm}px`)"""

# Lines (in the main content) starting with a character of `chars`. Each character's first
# rectangle (Range.getClientRects) is compared with the one before it in the same block: a
# character lower than the previous one starts a new line.
BAD_LINE_STARTS = """(chars) => {
    const found = [];
    const blockOf = (node) => {
        let el = node.parentElement;
        while (el && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
        return el;
    };
    const previous = new Map();  // block → {top, text so far}
    const walker = document.createTreeWalker(document.getElementById('main'), NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const block = blockOf(node);
        const text = node.textContent;
        for (let i = 0; i < text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect || rect.width === 0) continue;
            const before = previous.get(block);
            const half = parseFloat(getComputedStyle(node.parentElement).fontSize) / 2;
            if (before && rect.top > before.top + half && chars.includes(text[i])) {
                found.push(`…${before.text.slice(-12)} / ${text.slice(i, i + 12)}…`);
            }
            previous.set(block, {top: rect.top, text: (before ? before.text : '') + text[i]});
        }
    }
    return found;
}"""

# How far the page scrolls sideways: 0 when everything fits or scrolls in its own region.
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def admin(browser: Browser, demo_site: DemoSite) -> Iterator[Page]:
    """One signed-in tab for the module; each test sets the window size it needs."""
    with pages_city.signed_in(browser, demo_site.url, pages_city.ADMIN) as page:
        yield page


def test_table_columns_stay_readable_and_no_line_starts_with_closing_punctuation(
    admin: Page, demo_site: DemoSite
) -> None:
    urls = demo_site.pages.staff_urls()
    admin.set_viewport_size({"width": 1280, "height": 900})
    problems = []
    pages = ("resource-list", "meeting", "analysis-overview", "analysis-matrix")
    # 標準, then 文字サイズ 大 (the class static/js/text-size.js puts on <html>), where the
    # 種類 and 圏域・会場 columns of the resource list were one character wide.
    for size, label in [(size, label) for size in ("", "text-large") for label in pages]:
        admin.goto(demo_site.url + urls[label])
        if size:
            admin.evaluate("(size) => document.documentElement.classList.add(size)", size)
            label = f"{label} ({size})"
        problems += [f"{label}: 2em未満のセル {c}" for c in admin.evaluate(NARROW_CELLS)]
        problems += [
            f"{label}: 行頭に禁則文字 {line}"
            for line in admin.evaluate(BAD_LINE_STARTS, NO_LINE_START)
        ]
        if overflow := admin.evaluate(PAGE_OVERFLOW):
            problems.append(f"{label}: ページ全体が横に {overflow}px はみ出す")
    assert problems == [], "\n".join(problems)


def test_a_wide_table_scrolls_in_a_labelled_region_keeping_its_first_column(
    admin: Page, demo_site: DemoSite
) -> None:
    admin.set_viewport_size({"width": 1280, "height": 900})
    admin.goto(demo_site.url + demo_site.pages.staff_urls()["analysis-matrix"])
    region = admin.get_by_role("region", name="圏域×分類の表")
    expect(region).to_have_attribute("tabindex", "0")
    # Focused by the keyboard, the arrow key scrolls the table, not the page.
    region.focus()
    for _ in range(5):
        admin.keyboard.press("ArrowRight")
    assert region.evaluate("(el) => el.scrollLeft") > 0
    assert admin.evaluate("() => window.scrollX") == 0
    # The area's name stays in view at the left edge of the region.
    name = region.locator("tbody th").first
    left = name.evaluate("(el) => el.getBoundingClientRect().left")
    start = region.evaluate("(el) => el.getBoundingClientRect().left")
    assert abs(left - start) <= 1


def test_the_dates_in_the_resource_list_stay_on_one_line_in_a_named_region(
    admin: Page, demo_site: DemoSite
) -> None:
    admin.set_viewport_size({"width": 1280, "height": 900})
    admin.goto(demo_site.url + demo_site.pages.staff_urls()["resource-list"])
    # 最終確認 is the last column: 「令和8年10月14日」 must never become 「令和8年1 / 0月14日」.
    lines = admin.evaluate(
        """() => [...document.querySelectorAll('.resource-table tbody td:last-child')].map((td) => {
            const range = document.createRange();
            range.selectNodeContents(td.firstChild);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        })"""
    )
    assert lines and set(lines) == {1}
    # The template's plain .table-wrap became a named region the keyboard can scroll
    # (static/js/table-wrap.js, from the table's caption).
    expect(admin.get_by_role("region", name="地域資源の一覧")).to_have_attribute("tabindex", "0")


@pytest.mark.parametrize(("width", "height"), [(768, 1024), (375, 667)])
def test_on_a_tablet_or_phone_the_menu_folds_behind_a_button(
    admin: Page, demo_site: DemoSite, width: int, height: int
) -> None:
    admin.set_viewport_size({"width": width, "height": height})
    admin.goto(demo_site.url + demo_site.pages.staff_urls()["resource-list"])

    # The page's heading is on the first screen (it started 1,257 px down at 768 px).
    box = admin.locator("#main h1").bounding_box()
    assert box is not None and box["y"] + box["height"] <= height
    toggle = admin.get_by_role("button", name="業務メニュー")
    menu = admin.get_by_role("navigation", name="業務メニュー").get_by_role(
        "link", name="地域資源", exact=True
    )
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    # By keyboard: Enter opens it, Tab goes on into it, Escape closes it back to the button.
    toggle.focus()
    admin.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    admin.keyboard.press("Tab")
    expect(admin.get_by_role("link", name="ホーム")).to_be_focused()
    admin.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(menu).to_be_hidden()
    admin.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()


def test_on_a_wide_screen_the_menu_is_always_open(admin: Page, demo_site: DemoSite) -> None:
    admin.set_viewport_size({"width": 1280, "height": 900})
    admin.goto(demo_site.url + demo_site.pages.staff_urls()["resource-list"])
    menu = admin.get_by_role("navigation", name="業務メニュー").get_by_role(
        "link", name="地域資源", exact=True
    )
    expect(menu).to_be_visible()
    expect(admin.get_by_role("button", name="業務メニュー")).to_be_hidden()
    # Narrowing the window folds it; widening it again opens it.
    admin.set_viewport_size({"width": 600, "height": 900})
    expect(menu).to_be_hidden()
    admin.set_viewport_size({"width": 1280, "height": 900})
    expect(menu).to_be_visible()


def test_without_javascript_the_menu_is_simply_shown(browser: Browser, demo_site: DemoSite) -> None:
    # Signed in with JavaScript, then the same session in a tab without it.
    with pages_city.signed_in(browser, demo_site.url, pages_city.ADMIN) as page:
        cookies = page.context.cookies()
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 375, "height": 667}, java_script_enabled=False
    )
    try:
        context.add_cookies(cookies)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(demo_site.url + demo_site.pages.staff_urls()["resource-list"])
        nav = page.get_by_role("navigation", name="業務メニュー")
        expect(nav.get_by_role("link", name="地域資源", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="業務メニュー")).to_be_hidden()
    finally:
        context.close()


# Every visible form control: its type, font size and min-height in px.
CONTROLS = """() => [...document.querySelectorAll(
        '#main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit])'
        + ':not([type=file]), #main select:not([multiple]), #main textarea')]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => [el.type, parseFloat(getComputedStyle(el).fontSize),
                  parseFloat(getComputedStyle(el).minHeight)])"""


def test_form_controls_have_one_size(browser: Browser, demo_site: DemoSite) -> None:
    # The activity form has date, time, text, number, select and textarea fields; the analysis
    # overview a date field beside a select; the meeting page its own forms.
    seen: set[str] = set()
    sizes: dict[tuple[float, float], set[str]] = {}
    with pages_city.signed_in(browser, demo_site.url, pages_city.COORDINATOR) as page:
        for label in ("activity-form", "analysis-overview", "meeting", "resource-list"):
            page.goto(demo_site.url + demo_site.pages.staff_urls()[label])
            for kind, font_size, min_height in page.evaluate(CONTROLS):
                seen.add(kind)
                sizes.setdefault((font_size, min_height), set()).add(f"{label} {kind}")
    assert {"date", "select-one", "text", "textarea"} <= seen
    # 1.125rem = 18px for every kind; 44px is the smallest target (WCAG 2.5.5).
    assert list(sizes) == [(18.0, 44.0)], sizes


def test_the_icons_are_served_and_no_page_logs_an_error(
    browser: Browser, demo_site: DemoSite
) -> None:
    problems: list[str] = []
    with pages_city.signed_in(browser, demo_site.url, pages_city.ADMIN) as page:
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.goto(demo_site.url + demo_site.pages.staff_urls()["resource-list"])
        icon = page.locator("link[rel=icon]").get_attribute("href", timeout=2000)
        touch = page.locator("link[rel=apple-touch-icon]").get_attribute("href", timeout=2000)
        for url, kind in [
            ("/favicon.ico", "image/"),
            (icon, "image/svg+xml"),
            (touch, "image/png"),
        ]:
            response = page.request.get(demo_site.url + str(url))
            assert response.ok and response.headers["content-type"].startswith(kind), url
        # The public pages have their own base template: whatever icon they link, none is missing.
        page.goto(demo_site.url + demo_site.pages.public_urls()["portal-home"])
        page.wait_for_load_state("networkidle")
    assert problems == []


def test_on_a_phone_a_table_the_template_left_unwrapped_scrolls_in_its_own_region(
    admin: Page, demo_site: DemoSite
) -> None:
    # The council home's member table (氏名・役職・所属・分野・任期) and its long name
    # 「サンプル市生活支援体制推進協議体」 widened the whole page at 375 px (96 px and more).
    admin.set_viewport_size({"width": 375, "height": 800})
    council = demo_site.pages.meeting.council
    admin.goto(
        demo_site.url + reverse("councils:home", args=[council.municipality.code, council.pk])
    )
    assert admin.evaluate(PAGE_OVERFLOW) == 0
    members = admin.locator("main table").filter(has_text="任期").first
    wrap = members.locator("xpath=..")
    expect(wrap).to_have_class("table-wrap")
    expect(wrap).to_have_attribute("role", "region")
    # Wider than the phone, so the keyboard can reach it to scroll.
    assert wrap.evaluate("(el) => el.scrollWidth > el.clientWidth")
    expect(wrap).to_have_attribute("tabindex", "0")
