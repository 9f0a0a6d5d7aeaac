"""axe-core over every staff page issue #26 added, once each at 1280 px and once at 320 px with
文字サイズ 大 (the browser test of the round trip covers the inbox and a request's page on the
way): a coordinator's desk form, the routing setting, a desk-taken request, the 「情報がちがう」
queue and its answer, the organisers' proposals and one proposal, and a 担い手募集 form."""

import datetime

import pytest
from playwright.sync_api import Page

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.residents import proposal_services, report_services, services
from sasaeai.resources.models import Contact, VolunteerRole
from sasaeai.resources.organiser_links import make_token, read_token
from sasaeai.resources.tests.factories import resource_at

pytestmark = pytest.mark.browser
TEXT_SIZE_KEY = "sasaeai-text-size"


def test_the_new_staff_pages_pass_axe_at_both_widths(live_server, page: Page, axe_source) -> None:
    city = MunicipalityFactory(code="132012", name="八王子市")
    north = Layer2AreaFactory(
        municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
    )
    town = TownFactory(municipality=city, area=north, name="本町一丁目")
    place = resource_at(town, name="本町いきいきサロン")
    Contact.objects.create(
        resource=place, name="代表", phone="042-000-1234", is_public=True,
        public_consent_on=datetime.date(2026, 4, 1),
    )  # fmt: skip
    role = VolunteerRole.objects.create(resource=place, title="お茶出しと受付")
    user_with_role(Role.MUNICIPAL_ADMIN, city, user__username="admin")
    request = services.request_receive(
        municipality=city, kind="consult", name="さくら", phone="042-555-0101", town=town,
        consented=True,
    )  # fmt: skip
    report = report_services.report_submit(
        municipality=city, resource_id=place.pk, fields=["fee"], message="300円になりました"
    )
    proposal = proposal_services.proposal_submit(
        link=read_token(make_token(place.pk)), values={"status": "paused"}, note="工事中です"
    )
    code = city.code
    pages = {
        "desk-form": f"/staff/{code}/areas/{north.pk}/desks/new/",
        "settings": f"/staff/{code}/requests/settings/",
        "desk-request": f"/staff/{code}/requests/new/",
        "request": f"/staff/{code}/requests/{request.pk}/",
        "reports": f"/staff/{code}/reports/",
        "report-resolve": f"/staff/{code}/reports/{report.pk}/resolve/",
        "proposals": f"/staff/{code}/proposals/",
        "proposal": f"/staff/{code}/proposals/{proposal.pk}/",
        "role-form": f"/staff/{code}/resources/{place.pk}/roles/{role.pk}/",
    }
    sign_in(page, live_server.url, "admin")
    for width, size in ((1280, "normal"), (320, "large")):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("([key, size]) => localStorage.setItem(key, size)", [TEXT_SIZE_KEY, size])
        for label, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, (label, response)
            assert_no_violations(page, axe_source)
