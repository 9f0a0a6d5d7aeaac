"""A resource an import left 要確認 (issue #22), on the coordinator's page in a real Chromium: its
ホームページ, 代表電話 with their source and 出典の識別子 are shown, axe finds nothing with the 要確認
box, and 「確認しました（要確認を外す）」 clears it."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.resources import services
from sasaeai.resources.constants import OrganizationType, ResourceKind, VenueType
from sasaeai.resources.models import Resource, SourceId
from sasaeai.resources.services import ResourceInput

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-staff")
REASON = "開所日「月火水木金（祝日を除く）」を読み取れませんでした（列「availableDate」、3行目）。"


@pytest.fixture
def flagged(transactional_db: Any) -> Resource:
    city = MunicipalityFactory(code="132012", name="八王子市", latitude=35.70, longitude=139.40)
    area = Layer2AreaFactory(municipality=city, name="北部圏域", parent__name="八王子市")
    TownFactory(area=area, name="桜町", latitude=35.70, longitude=139.40)
    user = user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    hall = services.location_save(
        municipality=city, user=user, name="さくら会デイサービスセンター",
        venue_type=VenueType.CARE_FACILITY, area=area, phone="042-111-2222",
        phone_source="介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）",
    )  # fmt: skip
    care = services.organization_save(
        municipality=city, user=user, name="社会福祉法人さくら会", kana="さくらかい",
        type=OrganizationType.CARE_PROVIDER, phone="042-333-4444", phone_source="法人のホームページ",
    )  # fmt: skip
    resource = services.resource_save(municipality=city, user=user, data=ResourceInput(
        name="さくら会デイサービス", kind=ResourceKind.OTHER, organization=care, locations=[hall],
        fields={"url": "https://sakura.example.jp/day/", "review_reason": REASON},
    ))  # fmt: skip
    SourceId.objects.create(
        municipality=city, resource=resource, source="事業所番号", value="1370000001",
        origin="kaigo.csv",
    )  # fmt: skip
    return resource


def test_the_review_box_passes_axe_and_its_button_clears_it(
    live_server, page: Page, axe_source: str, flagged: Resource
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, "sc1")
    page.goto(f"{live_server.url}/staff/132012/resources/{flagged.pk}/")
    expect(page.get_by_text(REASON)).to_be_visible()
    expect(page.get_by_text("事業所番号 1370000001（kaigo.csv）")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "resource-review.png"), full_page=True)
    page.get_by_role("button", name="確認しました（要確認を外す）").click()
    expect(page.get_by_text("「さくら会デイサービス」の要確認を外しました。")).to_be_visible()
    expect(page.get_by_text(REASON)).to_have_count(0)
    assert_no_violations(page, axe_source)
