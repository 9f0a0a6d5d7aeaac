"""The demo city for browser tests that walk many pages (layout, menu, icons, axe).

The suite's shared demo city (sasaeai/tests/demo_city.py) lives in a transaction the live
server's thread cannot see, so these tests build the parts they show with the demo's own
builders, committed for the live server. The two years of activity records (12 of the 20 s)
are left out: the activity form needs only the coordinators and the registry.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from sasaeai.accounts import demo as accounts_demo
from sasaeai.analysis import demo as analysis_demo
from sasaeai.areas import demo as areas_demo
from sasaeai.areas.models import Area, Municipality
from sasaeai.councils import demo as councils_demo
from sasaeai.councils.models import Meeting
from sasaeai.plans import demo as plans_demo
from sasaeai.plans.models import Plan
from sasaeai.resources import demo as resources_demo
from sasaeai.resources.models import Resource
from sasaeai.resources.selectors import public_queryset

PASSWORD = accounts_demo.DEMO_PASSWORD
ADMIN = "demo-admin"
COORDINATOR = "demo-sc2"  # a layer-2 coordinator: the one who records activities


@dataclass(frozen=True)
class PagesCity:
    city: Municipality
    meeting: Meeting
    place: Resource
    area: Area
    plan: Plan

    def staff_urls(self) -> dict[str, str]:
        """The staff pages issue #18 changed: label → path."""
        code = self.city.code
        return {
            "resource-list": reverse("resources:list", args=[code]),
            "meeting": reverse("councils:meeting", args=[code, self.meeting.pk]),
            "activity-form": reverse("activities:create", args=[code]),
            "analysis-overview": reverse("analysis:overview", args=[code]),
            "analysis-matrix": reverse("analysis:matrix", args=[code]),
            "standard-amount": reverse("plans:standard_amount", args=[code]),
            "plan": reverse("plans:detail", args=[code, self.plan.pk]),
        }

    def public_urls(self) -> dict[str, str]:
        """One page of each public kind: label → path."""
        code = {"lgcode": self.city.code}
        return {
            "portal-home": reverse("portal:home", kwargs=code),
            "search": reverse("portal:search", kwargs=code) + "?q=体操",
            "search-none": reverse("portal:search", kwargs=code) + "?q=該当のないことば",
            "place": reverse("portal:detail", kwargs={**code, "pk": self.place.pk}),
            "area": reverse("portal:area", kwargs={**code, "pk": self.area.pk}),
            "this-week": reverse("portal:this_week", kwargs=code),
            "map": reverse("portal:map", kwargs=code),
            "print-list": reverse("portal:print_list", kwargs={**code, "pk": self.area.pk}),
            "accessibility": reverse("portal:accessibility", kwargs=code),
        }


def build() -> PagesCity:
    """サンプル市 as `sasaeai demo` builds it, without the activity records."""
    city = areas_demo.build(seed=2025)
    accounts_demo.build(municipality=city)
    resources_demo.build(municipality=city, seed=2025)
    councils_demo.build(municipality=city, seed=2025)
    analysis_demo.build(municipality=city)
    plans_demo.build(municipality=city)
    # A meeting with minutes: the page shows the agenda, attendance, decisions and actions.
    meeting = Meeting.objects.filter(council__municipality=city).exclude(minutes="").first()
    assert meeting is not None
    place = public_queryset(city).exclude(service_locations__location__venue_type="private_home")
    shown = place.first()
    assert isinstance(shown, Resource)
    at = shown.service_locations.first()
    plan = Plan.objects.filter(municipality=city).first()
    assert at is not None and at.location.area is not None and plan is not None
    area = at.location.area
    return PagesCity(city=city, meeting=meeting, place=shown, area=area, plan=plan)


@contextmanager
def signed_in(browser: Browser, url: str, username: str, **options: Any) -> Iterator[Page]:
    """A new tab (1280 px unless `options` say otherwise) signed in as `username`."""
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 1280, "height": 900}, **options
    )
    try:
        page = context.new_page()
        page.goto(f"{url}/accounts/login/")
        page.get_by_label("ユーザー名").fill(username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログインする").click()
        expect(page.get_by_role("button", name="ログアウト")).to_be_visible()
        yield page
    finally:
        context.close()
