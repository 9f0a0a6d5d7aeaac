"""The participants' page in a real browser (issue #25): three participants on 320 px phones
with the page's largest text (文字サイズ 特大) each send a card; the open page, a refused post and
the closed page pass axe at 320 px and 1280 px, and nothing scrolls sideways at 320 px. In the
agreement round a phone answers two statements at 320 px with the largest text."""

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.tests.browser import ALL_TAGS, assert_no_violations
from sasaeai.councils.constants import MeetingKind
from sasaeai.councils.tests.factories import MeetingFactory
from sasaeai.dialogues import agreement, services
from sasaeai.dialogues.constants import CardSource, DialogueStatus
from sasaeai.dialogues.models import Card, Vote
from sasaeai.dialogues.tests.factories import cards, dialogue_at

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/sasaeai-dialogues")
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
RECEIVED = "カードを受け付けました。続けて書けます。"
# What each participant writes: text, 種類, 分野, name ("" left empty).
PARTICIPANTS = (
    ("買い物に行く手段がない", "困りごと", "住民・地縁組織", ""),
    ("空き店舗でサロンを開きたい", "やりたいこと", "民間企業・商店", "山田 花子"),
    ("送迎の車を出せる", "できること", "NPO・ボランティア", ""),
)
# The page is wider than the screen, its base text under 18 px, or a button under 44 px tall.
MEASURE = """() => ({
    wide: document.documentElement.scrollWidth,
    text: parseFloat(getComputedStyle(document.body).fontSize),
    button: document.querySelector('button[type=submit]')?.getBoundingClientRect().height ?? 44,
})"""


@pytest.fixture
def data(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """A workshop of 八王子市 with its dialogue 受付中."""
    city = MunicipalityFactory(code="132012")
    coordinator = user_with_role(Role.SC_LAYER1, city)
    meeting = MeetingFactory(council__area__municipality=city, kind=MeetingKind.WORKSHOP)
    dialogue = dialogue_at(meeting, user=coordinator)
    services.dialogue_set_status(dialogue=dialogue, user=coordinator, status=DialogueStatus.OPEN)
    return SimpleNamespace(dialogue=dialogue, coordinator=coordinator)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """Another participant's phone: a browser context of its own (its own cookies)."""
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    yield context.new_page()
    context.close()


def address(live_server, data: SimpleNamespace) -> str:  # type: ignore[no-untyped-def]
    return live_server.url + reverse("dialogues_public:write", kwargs={"key": data.dialogue.key})


def assert_fits_a_phone(page: Page) -> None:
    measured = page.evaluate(MEASURE)
    assert measured["wide"] <= 320, f"横にはみ出します: {measured}"
    assert measured["text"] >= 18, f"文字が小さすぎます: {measured}"
    assert measured["button"] >= 44, f"ボタンが小さすぎます: {measured}"


def write_card(page: Page, text: str, kind: str, sector: str, name: str) -> None:
    page.get_by_label("カードに書くこと").fill(text)
    page.get_by_role("radiogroup", name="種類（選ばなくてもかまいません）").get_by_label(
        kind, exact=True
    ).check()
    page.get_by_role("radiogroup", name="分野（選ばなくてもかまいません）").get_by_label(
        sector, exact=True
    ).check()
    if name:
        page.get_by_label("名前（書かなくてもかまいません）").fill(name)
    send(page)


def send(page: Page) -> None:
    """Press 「カードを送る」 and wait for the next page with its stylesheet: measured earlier,
    the page has the browser's default sizes."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="カードを送る").click()


def test_three_participants_send_cards_from_phones_with_large_text(
    live_server, browser, axe_source, data
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for number, (text, kind, sector, name) in enumerate(PARTICIPANTS, start=1):
        context = browser.new_context(locale="ja-JP", viewport=PHONE)
        page = context.new_page()
        page.goto(address(live_server, data))
        page.get_by_role("button", name="特大", exact=True).click()
        assert page.evaluate("() => document.documentElement.classList.contains('text-x-large')")
        expect(page.get_by_role("heading", level=1)).to_have_text("この地域で気になっていること")
        assert_fits_a_phone(page)
        assert_no_violations(page, axe_source, ALL_TAGS)
        write_card(page, text, kind, sector, name)
        expect(page.get_by_role("status").filter(has_text=RECEIVED)).to_be_visible()
        # Ready for the next card: the form is empty, 「答えない」 chosen again.
        expect(page.get_by_label("カードに書くこと")).to_have_value("")
        expect(page.get_by_label("答えない", exact=True)).to_be_checked()
        assert_fits_a_phone(page)
        assert_no_violations(page, axe_source, ALL_TAGS)
        page.screenshot(path=str(SCREENSHOTS / f"phone-sent-{number}.png"), full_page=True)
        context.close()
    stored = Card.objects.filter(dialogue=data.dialogue).order_by("pk")
    assert [
        (c.text, c.get_card_type_display(), c.get_sector_display(), c.writer_name, c.source)
        for c in stored
    ] == [(*row, CardSource.PHONE) for row in PARTICIPANTS]
    assert [c.created_by for c in stored] == [None, None, None]


def test_a_refused_card_keeps_its_text_and_the_page_still_fits(
    live_server, phone, axe_source, data
) -> None:
    phone.goto(address(live_server, data))
    phone.get_by_role("button", name="特大", exact=True).click()
    phone.get_by_label("カードに書くこと").fill("あ" * 201)
    send(phone)
    expect(phone.get_by_role("alert")).to_contain_text(
        "カードに書くことは200文字までにしてください（今は201文字です）。"
    )
    expect(phone.get_by_label("カードに書くこと")).to_have_value("あ" * 201)
    # The message's link takes the keyboard to the field.
    phone.get_by_role("alert").get_by_role("link").click()
    expect(phone.get_by_label("カードに書くこと")).to_be_focused()
    assert_fits_a_phone(phone)
    assert_no_violations(phone, axe_source, ALL_TAGS)
    phone.screenshot(path=str(SCREENSHOTS / "phone-refused.png"), full_page=True)
    assert not Card.objects.exists()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320", "1280"])
def test_the_open_page_passes_axe(live_server, page, axe_source, data, viewport) -> None:
    page.set_viewport_size(viewport)
    page.goto(address(live_server, data))
    expect(page.get_by_label("カードに書くこと")).to_be_visible()
    assert_no_violations(page, axe_source, ALL_TAGS)
    if viewport == PHONE:
        assert_fits_a_phone(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320", "1280"])
def test_the_closed_page_shows_only_that_it_is_closed_and_passes_axe(
    live_server, page, axe_source, data, viewport
) -> None:
    services.dialogue_set_status(
        dialogue=data.dialogue, user=data.coordinator, status=DialogueStatus.SUMMARISING
    )
    page.set_viewport_size(viewport)
    page.goto(address(live_server, data))
    main = page.locator("main")
    expect(main).to_have_text("この対話は受付を終了しました。")
    expect(page.get_by_text("この地域で気になっていること")).to_have_count(0)
    assert_no_violations(page, axe_source, ALL_TAGS)
    if viewport == PHONE:
        page.get_by_role("button", name="特大", exact=True).click()
        assert_fits_a_phone(page)
        page.screenshot(path=str(SCREENSHOTS / "phone-closed.png"), full_page=True)


# The agreement round: two groups' statements (a third group is not asked).
STATEMENTS = (
    ("買い物", "買い物を地域で助け合う仕組みがほしい"),
    ("空き店舗", "空き店舗を誰でも使えるサロンにする"),
    ("公園", ""),
)


def test_a_phone_answers_the_statements_at_320_px_with_large_text(
    live_server, phone, axe_source, data
) -> None:
    for name, statement in STATEMENTS:
        group = services.group_create(
            dialogue=data.dialogue, user=data.coordinator, name=name,
            cards=cards(data.dialogue, f"{name}のカード", user=data.coordinator),
        )  # fmt: skip
        agreement.group_statement_set(group=group, user=data.coordinator, statement=statement)
    agreement.agreement_open(dialogue=data.dialogue, user=data.coordinator)
    phone.goto(address(live_server, data))
    phone.get_by_role("button", name="特大", exact=True).click()
    vote = phone.locator("#vote")
    expect(vote.get_by_role("heading", level=2)).to_have_text("グループのまとめに答える")
    expect(vote.get_by_role("radiogroup")).to_have_count(3)  # the sector and two statements
    assert_fits_a_phone(phone)
    assert_no_violations(phone, axe_source, ALL_TAGS)
    vote.get_by_role("radiogroup", name="分野（選ばなくてもかまいません）").get_by_label(
        "住民・地縁組織", exact=True
    ).check()
    first, second = (vote.get_by_role("radiogroup", name=s) for _n, s in STATEMENTS[:2])
    first.get_by_label("賛成", exact=True).check()
    second.get_by_label("どちらでもない", exact=True).check()
    # Changed its mind before sending: the keyboard moves the choice within the group.
    second.get_by_label("どちらでもない", exact=True).press("ArrowRight")
    expect(second.get_by_label("反対", exact=True)).to_be_checked()
    assert phone.get_by_role("button", name="答えを送る").bounding_box()["height"] >= 44
    with phone.expect_navigation(wait_until="load"):
        phone.get_by_role("button", name="答えを送る").click()
    expect(phone.get_by_role("status")).to_contain_text("答えを受け付けました。")
    # The phone's answers are shown chosen, to change and send again.
    expect(first.get_by_label("賛成", exact=True)).to_be_checked()
    expect(second.get_by_label("反対", exact=True)).to_be_checked()
    assert_fits_a_phone(phone)
    assert_no_violations(phone, axe_source, ALL_TAGS)
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-voted.png"), full_page=True)
    stored = sorted(Vote.objects.values_list("group__name", "sector", "answer"))
    assert stored == [("空き店舗", "residents", "disagree"), ("買い物", "residents", "agree")]
    assert len({v.participant for v in Vote.objects.all()}) == 1
