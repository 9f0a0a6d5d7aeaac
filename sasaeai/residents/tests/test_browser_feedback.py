"""「情報がちがう」 and the organiser's page in a real browser (issue #26, points 7 and 8): both
pass axe at 1280 px and at 320 px with 文字サイズ 大, nothing scrolls sideways on the phone, and
from the phone a resident sends a report and an organiser a change."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from sasaeai.areas.tests.factories import TownFactory
from sasaeai.core.tests.browser import ALL_TAGS, assert_no_violations
from sasaeai.residents.models import CorrectionReport, ListingProposal
from sasaeai.resources import organiser_links
from sasaeai.resources.constants import SchedulePattern
from sasaeai.resources.models import Contact
from sasaeai.resources.tests.factories import ScheduleFactory, resource_at

pytestmark = pytest.mark.browser
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path("/tmp/sasaeai-residents")


@pytest.fixture
def data(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    town = TownFactory(area__municipality__code="132012", name="北町")
    place = resource_at(town, name="いきいきサロン", fee_amount=300)
    ScheduleFactory(
        resource=place, pattern=SchedulePattern.WEEKLY, weekdays=[1],
        opens_at=datetime.time(10, 0), closes_at=datetime.time(12, 0),
    )  # fmt: skip
    Contact.objects.create(
        resource=place, name="山田", phone="042-111-2222", is_public=True,
        public_consent_on=datetime.date(2026, 4, 1),
    )  # fmt: skip
    return SimpleNamespace(city=town.municipality, place=place)


def assert_fits(page: Page) -> None:
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"横にはみ出します: {wide}px"


def test_the_report_form_and_the_organiser_page_at_1280_and_320_px(
    live_server, page, axe_source, data
) -> None:
    report = live_server.url + reverse(
        "residents_public:report", args=[data.city.code, data.place.pk]
    )
    organiser = live_server.url + reverse(
        "residents_public:organiser", args=[organiser_links.make_token(data.place.pk)]
    )
    page.set_viewport_size(DESKTOP)
    for url in (report, organiser):
        page.goto(url)
        assert_no_violations(page, axe_source, ALL_TAGS)

    page.set_viewport_size(PHONE)
    page.goto(report)
    page.get_by_role("button", name="大", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "「いきいきサロン」の情報がちがうとき"
    )
    assert_no_violations(page, axe_source, ALL_TAGS)
    assert_fits(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "phone-report.png"), full_page=True)
    # The honeypot is out of reach: not a control a keyboard or a screen reader meets.
    expect(page.get_by_role("textbox", name="この欄には何も入力しないでください")).to_have_count(0)
    page.get_by_role("group", name="ちがうところ").get_by_label("費用").check()
    page.get_by_label("どこがどうちがうか").fill("参加費が500円になりました")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="お知らせを送る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("お知らせを受け付けました")
    assert_no_violations(page, axe_source, ALL_TAGS)
    assert [(r.fields, r.message) for r in CorrectionReport.objects.all()] == [
        (["fee"], "参加費が500円になりました")
    ]

    page.goto(organiser)
    expect(page.get_by_label("日時")).to_have_value("毎週火曜日 10:00〜12:00")
    assert_no_violations(page, axe_source, ALL_TAGS)
    assert_fits(page)
    page.get_by_role("radiogroup", name="活動の状況").get_by_label("休んでいる").check()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="この内容で送る").click()
    expect(page.get_by_role("status")).to_contain_text("送信しました。")
    assert_no_violations(page, axe_source, ALL_TAGS)
    assert_fits(page)
    page.screenshot(path=str(SCREENSHOTS / "phone-organiser-sent.png"), full_page=True)
    assert [p.changes for p in ListingProposal.objects.all()] == [
        {"status": {"old": "active", "new": "paused"}}
    ]
