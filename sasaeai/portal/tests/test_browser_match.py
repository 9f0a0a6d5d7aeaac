"""「あなたに合う活動」 with results and 「手伝える活動をさがす」 with roles in a real browser: axe-core
finds nothing at 1280 px and at 320 px, nor with 文字サイズ 大; the match page's print shows
each place's QR code and leaves out the form and the request buttons."""

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sasaeai.core.tests.browser import assert_no_violations
from sasaeai.portal.tests.test_views import build
from sasaeai.resources.models import VolunteerRole

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-portal")


@pytest.fixture
def data(db) -> Iterator[SimpleNamespace]:  # type: ignore[no-untyped-def]
    city = build()
    VolunteerRole.objects.create(
        resource=city.exercise, title="お茶出しと受付", when="毎週火曜 10時〜12時",
        how_often="月に2回ほど", asks="お茶をいれて、来た方の名前を名簿に書きます。",
        suits="人と話すのが好きな方",
    )  # fmt: skip
    VolunteerRole.objects.create(resource=city.salon, title="送迎の運転")
    yield city


def test_the_match_and_help_wanted_pages_are_clean_at_both_widths_and_in_large_text(
    live_server, page, axe_source, data
) -> None:
    sakura = data.city.towns.get(name="桜町")
    code = data.city.code
    urls = {
        "match-results": reverse("portal:match", args=[code])
        + f"?want=help&interest=exercise&day=1&time=am&walk=20&town={sakura.pk}",
        "help-wanted-roles": reverse("portal:help_wanted", args=[code]),
    }
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for label, url in urls.items():
            page.goto(live_server.url + url)
            assert_no_violations(page, axe_source)
            page.screenshot(path=str(SCREENSHOTS / f"{label}-{width}.png"), full_page=True)
    page.goto(live_server.url + urls["match-results"])
    # いきいき体操の会: 体操 +3, Tuesday morning +2, about 1 minute from 桜町 +2, asking for help
    # +3 = 10 points and these reasons.
    expect(page.locator(".match__reason").first).to_contain_text(
        "火曜の午前・歩いて約1分・体操・お手伝いを募集中"
    )
    page.get_by_role("button", name="大", exact=True).click()
    for label, url in urls.items():
        page.goto(live_server.url + url)
        assert page.evaluate("() => document.documentElement.classList.contains('text-large')")
        assert_no_violations(page, axe_source)
        page.screenshot(path=str(SCREENSHOTS / f"{label}-large.png"), full_page=True)
    # The button's name carries the role's title (read out, not shown).
    offer = re.compile(r"^このお手伝いをしたい\s*（お茶出しと受付）$")
    expect(page.get_by_role("link", name=offer)).to_be_visible()
    # Printed from the browser: the QR codes appear, the form and the buttons do not.
    page.goto(live_server.url + urls["match-results"])
    apply = page.get_by_role("link", name=re.compile(r"^手伝いたい\s*（いきいき体操の会）$"))
    expect(apply).to_be_visible()
    page.emulate_media(media="print")
    expect(
        page.get_by_role("img", name="「いきいき体操の会」のページを開くQRコード")
    ).to_be_visible()
    expect(page.locator(".match-form")).to_be_hidden()
    expect(page.locator(".match__apply").first).to_be_hidden()
    page.pdf(path=str(SCREENSHOTS / "match-print.pdf"), format="A4")
