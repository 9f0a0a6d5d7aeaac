"""No staff page shows a link its reader cannot follow (issue #18, item 5).

A crawl of the demo city met 403s behind visible links (venue create/edit and merge for viewers
and members, other areas' venues for a layer-2 coordinator). Here each demo role opens a fixed
list of staff pages (every menu page and one detail page of each kind), and every same-site link
and GET form under /staff/ on them is followed (GET only): none may answer 403. What a role may
not open at all is the permission matrix's business (accounts/tests/test_url_permissions.py);
pages of the list the role itself cannot open are skipped here.
"""

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import ClassVar
from urllib.parse import urldefrag, urljoin, urlsplit

import time_machine
from django.test import Client
from django.urls import resolve, reverse

from sasaeai.accounts.models import User
from sasaeai.areas.models import Area
from sasaeai.councils.constants import MeetingStatus
from sasaeai.councils.models import Council, Meeting
from sasaeai.plans.models import Plan
from sasaeai.projects.models import Project
from sasaeai.resources import duplicates
from sasaeai.resources.models import Resource
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase


class Targets(HTMLParser):
    """The GET targets of a page: <a href> and the action of forms sent with GET."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.found.append(values["href"] or "")
        elif tag == "form" and (values.get("method") or "get").lower() == "get":
            self.found.append(values.get("action") or "")


def targets(page_url: str, html: str) -> Iterator[str]:
    """Same-site addresses under /staff/ (fragments dropped), resolved against the page."""
    parser = Targets()
    parser.feed(html)
    for href in parser.found:
        url, _ = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/staff/"):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


# Every 取込 on the 取込 page (core:imports; the menu links that page since issue #24).
IMPORT_KINDS = (
    "resources_flat", "care_services", "events", "population", "towns", "meshes", "needs_survey",
)  # fmt: skip


def sampled(links: Iterator[str]) -> list[tuple[str, str]]:
    """(view name, link): of the links to one view, the first, the last and one in the middle.

    Following all 261 resource pages alike would take a minute. The lists are in 50音順,
    which mixes the areas, so rows far apart are of different areas (on the demo's 会場 list
    the first two venues are both in 中央圏域, the layer-2 coordinator's own area).
    """
    by_view: dict[str, list[str]] = {}
    for link in dict.fromkeys(links):
        by_view.setdefault(resolve(urlsplit(link).path).view_name, []).append(link)
    chosen: list[tuple[str, str]] = []
    for view, found in by_view.items():
        last = len(found) - 1
        picks = sorted({0, last // 2, last})
        chosen.extend((view, found[i]) for i in picks)
    return chosen


@time_machine.travel(NOW, tick=False)
class DemoStaffLinkTests(DemoCityTestCase):
    pages: ClassVar[list[str]]

    @classmethod
    def setUpTestData(cls) -> None:
        city = cls.demo.city
        code = city.code
        areas = list(Area.objects.layer2().filter(municipality=city).order_by("code"))
        # demo-sc2 and demo-member hold the first layer-2 area (accounts/demo.py); the last one
        # is someone else's, so its pages show what an area-scoped role must not be offered.
        own, other = areas[0], areas[-1]
        layer1 = Area.objects.filter(municipality=city, layer=1).order_by("code").first()
        assert layer1 is not None

        def resource_in(area: Area) -> Resource:
            found = (
                Resource.objects.filter(municipality=city, service_locations__location__area=area)
                .order_by("kana_key", "pk")
                .first()
            )
            assert found is not None, area.name
            return found

        def council_of(area: Area) -> Council:
            found = Council.objects.filter(area=area).order_by("pk").first()
            assert found is not None, area.name
            return found

        own_council, other_council = council_of(own), council_of(other)
        held = (
            Meeting.objects.filter(council=own_council, status=MeetingStatus.HELD)
            .order_by("-starts_at")
            .first()
        )
        planned = (
            Meeting.objects.filter(council=other_council, status=MeetingStatus.PLANNED)
            .order_by("starts_at")
            .first()
        )
        plan = Plan.objects.filter(municipality=city).order_by("pk").first()
        project = Project.objects.filter(municipality=city).order_by("pk").first()
        pair = duplicates.duplicate_pairs(city)[0]
        assert plan is not None and project is not None
        assert held is not None and planned is not None
        admin = User.objects.get(username="demo-admin")

        def url(name: str, *args: object, query: str = "") -> str:
            return reverse(name, args=[code, *args]) + (f"?{query}" if query else "")

        menu = [
            url("areas:dashboard"),
            url("councils:list"),
            url("councils:my_actions"),
            url("core:municipality_settings"),
            url("users:list"),
            url("resources:list"),
            url("resources:list", query="check=1&mine=1&order=verified"),
            url("resources:location_list"),
            url("resources:organization_list"),
            url("resources:sheet_batch"),
            url("resources:duplicates"),
            url("areas:area_list"),
            url("analysis:overview"),
            url("resources:settings"),
            url("analysis:settings"),
            url("core:imports"),
            *(url("core:import_upload", kind) for kind in IMPORT_KINDS),
            url("activities:list"),
            url("activities:create"),
            url("activities:connections"),
            url("activities:network"),
            url("plans:standard_amount"),
            url("plans:survey_return"),
            url("plans:list"),
            url("projects:board"),
        ]
        details = [
            url("resources:detail", resource_in(own).pk),
            url("resources:detail", resource_in(other).pk),
            url("resources:edit", resource_in(own).pk),
            url("resources:merge", pair[0].pk, pair[1].pk),
            url("resources:location_list", query="position=1"),
            url("core:history", "resource", resource_in(own).pk),
            url("areas:area_detail", layer1.pk),
            url("areas:area_detail", own.pk),
            url("areas:area_detail", other.pk),
            url("analysis:matrix"),
            url("analysis:ranking"),
            url("analysis:karte", own.pk),
            url("analysis:karte", other.pk),
            url("analysis:cell", other.pk, "support:shopping"),
            url("councils:home", council_of(layer1).pk),
            url("councils:home", own_council.pk),
            url("councils:home", other_council.pk),
            url("councils:meeting", held.pk),
            url("councils:meeting", planned.pk),
            url("activities:summary"),
            url("plans:detail", plan.pk),
            url("plans:newsletters"),
            url("projects:detail", project.pk),
            url("users:detail", admin.pk),
        ]
        cls.pages = menu + details

    def refused_links(self, username: str) -> tuple[int, list[str]]:
        """(pages opened, "link ← page" for every followed link that answered 403)."""
        client = Client()
        client.force_login(User.objects.get(username=username))
        answers: dict[str, int] = {}
        # Views seen answering with a file (Excel, CSV, PDF, JSON) and not refusing: making
        # another of their files costs seconds and checks no other rule.
        file_views: set[str] = set()
        refused: list[str] = []
        opened = 0
        for page in self.pages:
            response = client.get(page)
            if response.status_code != 200:
                continue
            opened += 1
            for view, link in sampled(targets(page, response.content.decode())):
                if link not in answers:
                    if view in file_views:
                        continue
                    answer = client.get(link)
                    answers[link] = answer.status_code
                    if answer.status_code != 403 and "text/html" not in answer["Content-Type"]:
                        file_views.add(view)
                if answers[link] == 403:
                    refused.append(f"{link} ← {page}")
        return opened, refused

    def assert_no_refused_links(self, username: str, pages: int) -> None:
        opened, refused = self.refused_links(username)
        # The role must really have read its pages (a failed sign-in would pass vacuously).
        self.assertEqual(opened, pages, username)
        self.assertEqual(refused, [], f"{username} に見えるリンクが403になります")

    # Pages of the list each role opens, worked out from accounts.constants.ROLE_PERMS: the
    # list has 31 menu and section pages and 24 detail pages, 55 in all, and the admin opens
    # every one. The layer-1 SC lacks MANAGE_USERS (利用者と役割, a user's page) and MANAGE
    # (市町村の設定, 地域資源の設定, 分析の設定): 55 - 5 = 50. The layer-2 SC also lacks IMPORT_DATA
    # (the 取込 page and 7 upload pages): 50 - 8 = 42 (its own area's resource may be edited and the merged pair is in its area). Member,
    # viewer and adviser hold VIEW only: 42 less 5 activity pages (COORDINATE: 活動記録・活動を
    # 記録する・つなぎ・ネットワーク・集計) less the edit, merge and 確認票の一括作成 pages
    # (EDIT_AREA; the batch starts a background job, issue #20) = 34.
    def test_member(self) -> None:
        self.assert_no_refused_links("demo-member", 34)

    def test_viewer(self) -> None:
        self.assert_no_refused_links("demo-viewer", 34)

    def test_adviser(self) -> None:
        self.assert_no_refused_links("demo-adviser", 34)

    def test_layer2_coordinator(self) -> None:
        self.assert_no_refused_links("demo-sc2", 42)

    def test_layer1_coordinator(self) -> None:
        self.assert_no_refused_links("demo-sc1", 50)

    def test_admin(self) -> None:
        self.assert_no_refused_links("demo-admin", 55)
