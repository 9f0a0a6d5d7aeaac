"""The facilitator's board in a real browser (issue #25): axe finds nothing at 1280 px and at
320 px (where nothing runs off the side); a card is typed and sent with Enter, and the text
field is empty and focused again for the next with the sector kept; a card is moved with its
「移動先」 select and two groups are merged, all by keyboard; and a card dragged onto a group
moves there (static/js/dialogue_board.js)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services as councils
from sasaeai.councils.constants import MeetingKind
from sasaeai.councils.tests.factories import MeetingFactory
from sasaeai.dialogues import services
from sasaeai.dialogues.models import Card, CardGroup, Dialogue

from .factories import cards, dialogue_at

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-dialogues")


def a_board() -> tuple[Dialogue, str]:
    """北部's workshop with a dialogue: 「買い物」 (2 cards from two sectors), 「ゴミ出し」
    (2 cards) and a lone card; the coordinator "sc2" signs in."""
    city = MunicipalityFactory(code="132012", name="八王子市")
    north = Layer2AreaFactory(
        municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
    )
    sc2 = user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    council = councils.council_create(
        municipality=city, area=north, name="北部地域支え合い会議", user=sc2
    )
    meeting = MeetingFactory(council=council, kind=MeetingKind.WORKSHOP, title="北部ワークショップ")
    dialogue = dialogue_at(meeting, user=sc2)
    for name, rows in (
        ("買い物", [("スーパーが遠くて買い物に困る", "residents"), ("配達ならできる", "business")]),
        ("ゴミ出し", [("ゴミ出しがつらい", "residents"), ("ゴミ出しを手伝える", "nonprofit")]),
    ):
        services.group_create(
            dialogue=dialogue, user=sc2, name=name, cards=cards(dialogue, *rows, user=sc2)
        )
    cards(dialogue, ("坂道が多くて外出がおっくう", "residents"), user=sc2)
    return dialogue, f"/staff/{city.code}/dialogues/{dialogue.pk}/"


# Every Content-Security-Policy violation of the page (as core/tests/test_browser_csp.py
# collects them): the board's script is a file, the cross-sector icon plain SVG markup.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


def csp_violations(page: Page) -> list[str]:
    return list(page.evaluate("() => window.cspViolations"))


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


def drag(page: Page, source: str, target: str) -> None:
    """Drag with the mouse in small steps, as a hand does: Chromium starts an HTML drag only
    after the pointer moves with the button held (Playwright's drag_to jumps, and no drag
    starts)."""
    start = page.locator(source)
    start.scroll_into_view_if_needed()
    box = start.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 10, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + 30, box["y"] + 30, steps=5)
    page.locator(target).scroll_into_view_if_needed()
    end = page.locator(target).bounding_box()
    assert end is not None
    page.mouse.move(end["x"] + 10, end["y"] + 10, steps=10)
    page.mouse.up()


def test_the_board_by_keyboard_at_a_desk_and_on_a_phone(live_server, page, axe_source) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    dialogue, path = a_board()
    page.add_init_script(LISTEN)
    sign_in(page, live_server.url, "sc2")
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "共通項探し「この地域で気になっていること」"
    )
    assert_no_violations(page, axe_source)
    assert csp_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "board-1280.png"), full_page=True)

    # Typed and sent with Enter: the text field has the focus when the board opens.
    assert focused_id(page) == "card-entry"
    page.get_by_label("書いた人の分野").select_option("business")
    page.get_by_label("カードの内容").focus()
    page.keyboard.type("店の前にベンチを置ける")
    page.keyboard.press("Enter")
    expect(page.locator(".message", has_text="追加しました")).to_be_visible()
    assert Card.objects.filter(text="店の前にベンチを置ける", sector="business").exists()
    # Ready for the next card: empty, focused, the sector as it was.
    expect(page.get_by_label("カードの内容")).to_have_value("")
    assert focused_id(page) == "card-entry"
    expect(page.get_by_label("書いた人の分野")).to_have_value("business")
    expect(page.locator("#lone")).to_contain_text("店の前にベンチを置ける")

    # Moved by keyboard: the lone card's 「移動先」, the first choice (「買い物」) with the
    # arrow keys, then Tab to its button and Enter.
    lone = Card.objects.get(text="坂道が多くて外出がおっくう")
    shopping = CardGroup.objects.get(dialogue=dialogue, name="買い物")
    select = page.locator(f"#move-{lone.pk}")
    select.focus()
    page.keyboard.press("Home")
    expect(select).to_have_value(str(shopping.pk))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "移動する"
    page.keyboard.press("Enter")
    expect(page.locator(".message", has_text="カードを「買い物」に移しました。")).to_be_visible()
    expect(page.locator(f"#group-{shopping.pk}")).to_contain_text("坂道が多くて外出がおっくう")
    lone.refresh_from_db()
    assert lone.group_id == shopping.pk

    # Merged by keyboard: both groups chosen with Space, then the one button.
    rubbish = CardGroup.objects.get(dialogue=dialogue, name="ゴミ出し")
    for group in (shopping, rubbish):
        page.locator(f"#merge-{group.pk}").focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name="選んだグループをまとめる").focus()
    page.keyboard.press("Enter")
    expect(
        page.locator(".message", has_text="2個のグループを「買い物」にまとめました。")
    ).to_be_visible()
    assert not CardGroup.objects.filter(pk=rubbish.pk).exists()
    # 住民 3 (スーパー, 坂道, ゴミ出しがつらい), NPO 1, 民間 1: three sectors, so it crosses.
    box = page.locator(f"#group-{shopping.pk}")
    expect(box).to_contain_text("5枚：住民・地縁組織 3、NPO・ボランティア 1、民間企業・商店 1")
    expect(box.locator(".dialogue-cross")).to_have_text("分野を超えた共通項")
    assert_no_violations(page, axe_source)

    # Dragged with the mouse: the new card onto 「買い物」.
    bench = Card.objects.get(text="店の前にベンチを置ける")
    drag(page, f"#card-{bench.pk} .dialogue-card__text", f"#group-{shopping.pk} h3")
    expect(page.locator(".message", has_text="カードを「買い物」に移しました。")).to_be_visible()
    expect(box).to_contain_text("店の前にベンチを置ける")
    bench.refresh_from_db()
    assert bench.group_id == shopping.pk
    # Reloaded at the card it moved (not pulled up to the card entry's autofocus).
    assert page.evaluate("window.location.hash") == f"#card-{bench.pk}"
    assert csp_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "board-merged-1280.png"), full_page=True)

    # A phone held upright: nothing wider than the screen, and axe finds nothing.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + path)
    assert_no_violations(page, axe_source)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{width}px wide"
    page.screenshot(path=str(SCREENSHOTS / "board-320.png"), full_page=True)


def test_a_dialogue_is_started_from_the_meeting_page(live_server, page, axe_source) -> None:
    dialogue, _path = a_board()
    meeting = dialogue.meeting
    sign_in(page, live_server.url, "sc2")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(
            f"{live_server.url}/staff/{meeting.council.municipality.code}/meetings/{meeting.pk}/"
        )
        panel = page.locator("#dialogues-part")
        expect(panel).to_contain_text("共通項探し「この地域で気になっていること」")
        expect(panel).to_contain_text("準備・カード5枚")
        assert_no_violations(page, axe_source)
        panel.get_by_role("link", name="対話を始める").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("対話を始める")
        assert_no_violations(page, axe_source)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_label("ストーリー探し").check()
    page.get_by_label("できること", exact=True).check()
    page.get_by_role("button", name="対話を用意する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ストーリー探し「できること」")
    expect(page.locator(".message")).to_have_text("対話「できること」を用意しました。")
    assert Dialogue.objects.filter(meeting=meeting, question="できること").count() == 1
