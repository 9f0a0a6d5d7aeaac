"""A layer-1 main council and its 専門部会 in a real browser: the layer-2 council chooses where
to send a challenge, the main council passes another on to its 専門部会 from the inbox, and the
path shows on both sides; axe-core checks the council list and each council home on the way."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services
from sasaeai.councils.constants import ChallengeSource

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-councils")


def test_a_challenge_is_sent_to_a_chosen_body_and_passed_on(live_server, page, axe_source) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    city = MunicipalityFactory(code="132012", name="八王子市")
    whole = AreaFactory(municipality=city, name="八王子市全域")
    north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域")
    sc1 = user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    main = services.council_create(
        municipality=city, area=whole, name="地域包括ケア推進会議", user=sc1
    )
    services.council_create(
        municipality=city, area=whole, name="介護予防専門部会", parent=main, user=sc1
    )
    north_council = services.council_create(
        municipality=city, area=north, name="北部地域支え合い会議", user=sc1
    )
    for title in ("坂道で買い物に行けない", "通院の足がない"):
        services.challenge_create(
            municipality=city, council=north_council, title=title,
            source=ChallengeSource.MEETING, user=sc1,
        )  # fmt: skip
    base = live_server.url
    home = f"{base}/staff/{city.code}/councils/"

    # Layer 2 sends one challenge to the 専門部会, the other to the main council (the default).
    sign_in(page, base, "sc2")
    page.goto(home)
    expect(page.get_by_text("（地域包括ケア推進会議の専門部会）")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_role("link", name="北部地域支え合い会議").click()
    first = page.locator("li", has=page.get_by_text("坂道で買い物に行けない"))
    first.get_by_label("第1層で扱ってほしい理由").fill("介護予防の専門的な検討が要る")
    first.get_by_label("送り先").select_option(label="介護予防専門部会")
    first.get_by_role("button", name="第1層に送る").click()
    expect(
        page.get_by_text("「坂道で買い物に行けない」を介護予防専門部会に送りました。")
    ).to_be_visible()
    second = page.locator("li", has=page.get_by_text("通院の足がない"))
    second.get_by_label("第1層で扱ってほしい理由").fill("市全体の交通の話")
    second.get_by_role("button", name="第1層に送る").click()
    expect(
        page.get_by_text("「通院の足がない」を地域包括ケア推進会議に送りました。")
    ).to_be_visible()
    assert_no_violations(page, axe_source)

    # The main council passes its challenge on to the 専門部会 with a note.
    page.context.clear_cookies()
    sign_in(page, base, "sc1")
    page.goto(f"{home}{main.pk}/")
    expect(page.get_by_role("link", name="介護予防専門部会")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.get_by_label("引き継ぐ理由").fill("通院は専門部会で")
    page.get_by_role("button", name="引き継ぐ").click()
    page.get_by_role("link", name="介護予防専門部会").click()
    inbox = page.locator("section", has=page.get_by_role("heading", name="第2層から届いた地域課題"))
    expect(inbox.get_by_role("cell", name="坂道で買い物に行けない", exact=True)).to_be_visible()
    expect(inbox.get_by_text("へ引き継ぎ（通院は専門部会で）")).to_be_visible()
    expect(page.get_by_text("地域包括ケア推進会議の専門部会")).to_be_visible()
    assert_no_violations(page, axe_source)
    page.screenshot(path=str(SCREENSHOTS / "subcommittee-inbox.png"), full_page=True)

    # Back in layer 2: the path of the challenge passed on.
    page.context.clear_cookies()
    sign_in(page, base, "sc2")
    page.goto(f"{home}{north_council.pk}/")
    expect(page.get_by_text("介護予防専門部会へ引き継ぎ（通院は専門部会で）")).to_be_visible()
