"""A 共通項探し end to end in a real browser (issue #25, the first point of "done when"): the
facilitator starts the dialogue from the meeting's page and opens it; three participants send a
card each from phone-sized browsers through its address; 40 cards pasted from a spreadsheet join
them; the tool proposes groups; the facilitator moves a card, merges two groups and names them;
the merged group is marked as crossing sectors and becomes a 地域課題 with its cards as
evidence; the A3 PDF is read with pdfinfo, pdffonts and pdftotext. axe finds nothing on any
screen, the facilitator's and the participants', at 1280 px and at 320 px (the stories and the
agreement round's results in a second test)."""

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.core.tests.browser import assert_no_violations, sign_in
from sasaeai.councils import services as councils
from sasaeai.councils.constants import EvidenceKind, MeetingKind
from sasaeai.councils.models import ChallengeEvidence
from sasaeai.councils.tests.factories import MeetingFactory
from sasaeai.dialogues import agreement, services, story_services
from sasaeai.dialogues.constants import CardSource, CardType
from sasaeai.dialogues.models import Card, CardGroup, Dialogue
from sasaeai.dialogues.tests.factories import dialogue_at
from sasaeai.dialogues.tests.statements import statements
from sasaeai.resources.constants import Sector

pytestmark = pytest.mark.browser
WIDTHS = (1280, 320)
SCREENSHOTS = Path("/tmp/sasaeai-dialogues")
# The pasted cards: the first 40 statements of the tuning half, their writers' sectors in turn
# (the sheet's second column), so that a group of several cards has several sectors.
SECTORS = ("住民・地縁組織", "民間企業・商店", "NPO・ボランティア", "福祉（社協・包括）")
PASTED = [(row.text, SECTORS[n % 4]) for n, row in enumerate(statements("tune")[:40])]
PHONE_CARDS = (
    ("空き店舗でサロンを開きたい", "やりたいこと", "民間企業・商店"),
    ("買い物に行く手段がない", "困りごと", "住民・地縁組織"),
    ("送迎の車を出せる", "できること", "NPO・ボランティア"),
)


# The innermost elements reaching past the screen's right edge, to name them in a failure.
WIDER = """(width) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 0.5)
  .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 0.5))
  .slice(0, 5).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def at_each_width(page: Page, axe_source: str, url: str) -> None:
    """The page at a desk and on a phone: axe finds nothing, nothing wider than the screen."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert_no_violations(page, axe_source)
        wide = page.evaluate("document.documentElement.scrollWidth")
        culprits = page.evaluate(WIDER, width)
        assert wide <= width, f"{url} is {wide}px wide at {width}px: {culprits}"
    page.set_viewport_size({"width": 1280, "height": 900})


def send_from_a_phone(browser: Browser, url: str, card: tuple[str, str, str], axe: str) -> None:
    context = browser.new_context(locale="ja-JP", viewport={"width": 320, "height": 640})
    phone = context.new_page()
    phone.goto(url)
    assert_no_violations(phone, axe)
    text, kind, sector = card
    phone.get_by_label("カードに書くこと").fill(text)
    phone.get_by_role("radio", name=kind, exact=True).check()
    phone.get_by_role("radio", name=sector, exact=True).check()
    phone.get_by_role("button", name="カードを送る").click()
    expect(phone.get_by_text("カードを受け付けました。続けて書けます。")).to_be_visible()
    context.close()


def test_a_common_ground_dialogue_from_the_meeting_to_the_challenge_and_the_pdf(
    live_server, page: Page, browser: Browser, axe_source: str, settings
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    # The address and QR code are made from SITE_URL: here, the test's own server.
    settings.SITE_URL = live_server.url
    city = MunicipalityFactory(code="132012", name="八王子市")
    north = Layer2AreaFactory(
        municipality=city, parent=AreaFactory(municipality=city), name="北部圏域"
    )
    sc2 = user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")
    council = councils.council_create(
        municipality=city, area=north, name="北部地域支え合い会議", user=sc2
    )
    meeting = MeetingFactory(council=council, kind=MeetingKind.WORKSHOP, title="北部ワークショップ")
    staff = f"{live_server.url}/staff/{city.code}"
    sign_in(page, live_server.url, "sc2")

    # The facilitator starts it from the meeting's page.
    at_each_width(page, axe_source, f"{staff}/meetings/{meeting.pk}/")
    page.locator("#dialogues-part").get_by_role("link", name="対話を始める").click()
    at_each_width(page, axe_source, page.url)
    page.get_by_label("共通項探し").check()
    page.get_by_label("この地域で気になっていること", exact=True).check()
    page.get_by_role("button", name="対話を用意する").click()
    dialogue = Dialogue.objects.get(meeting=meeting)
    board = f"{staff}/dialogues/{dialogue.pk}/"
    assert page.url == board
    page.get_by_role("button", name="「受付中」にする").click()
    expect(page.locator(".dialogue-steps__now")).to_contain_text("受付中")

    # Three participants on their phones, through the address the board shows.
    address = page.locator(".dialogue-address__url a").get_attribute("href")
    assert address == f"{live_server.url}/d/{dialogue.key}/"
    for card in PHONE_CARDS:
        send_from_a_phone(browser, address, card, axe_source)
    assert Card.objects.filter(dialogue=dialogue, source="phone").count() == 3

    # 40 more pasted from a spreadsheet: text, TAB, sector.
    page.goto(board)
    page.locator("#paste summary").click()
    page.get_by_label("貼り付ける内容").fill("\n".join(f"{t}\t{s}" for t, s in PASTED))
    page.get_by_role("button", name="貼り付けたカードを追加する").click()
    expect(page.locator(".message", has_text="40枚")).to_be_visible()
    assert Card.objects.filter(dialogue=dialogue).count() == 43

    # The writing round ends: the phones' page closes.
    page.get_by_role("button", name="「まとめ中」にする").click()
    expect(page.locator(".dialogue-steps__now")).to_contain_text("まとめ中")

    # Groups proposed: the three spellings of 買い物 land in one.
    page.get_by_role("button", name="グループを提案する").click()
    shopping = Card.objects.get(text__startswith="近くのスーパーが閉店").group
    assert shopping is not None
    for text in ("重い荷物を持って買物から", "かいものに一緒に行って"):
        assert Card.objects.get(text__startswith=text).group == shopping

    # The facilitator moves the phone's salon card (proposed with 居場所) next to the shops:
    # an empty shop is what the shopping cards miss ...
    salon = Card.objects.get(text="空き店舗でサロンを開きたい")
    assert salon.group != shopping
    page.locator(f"#move-{salon.pk}").select_option(str(shopping.pk))
    page.locator(f"#card-{salon.pk}").get_by_role("button", name="移動する").click()
    expect(page.locator(f"#group-{shopping.pk}")).to_contain_text("空き店舗でサロンを開きたい")

    # ... merges 買い物 with 外出・移動, and names the merged group.
    rides = Card.objects.get(text__startswith="通院の送り迎え").group
    assert rides is not None and rides != shopping
    page.locator(f"#merge-{shopping.pk}").check()
    page.locator(f"#merge-{rides.pk}").check()
    page.get_by_role("button", name="選んだグループをまとめる").click()
    kept = shopping if shopping.position < rides.position else rides
    assert not CardGroup.objects.filter(pk__in={shopping.pk, rides.pk} - {kept.pk}).exists()
    page.locator(f"#rename-{kept.pk}-name").fill("買い物と外出の足")
    page.locator(f"#group-{kept.pk}").get_by_role("button", name="名前を変える").click()
    box = page.locator(f"#group-{kept.pk}")
    expect(box.locator("h3")).to_have_text("買い物と外出の足")
    # Its cards came from more than three sectors (the pasted ones in turn, and the phones'):
    # it is marked, in words.
    expect(box.locator(".dialogue-cross")).to_have_text("分野を超えた共通項")
    at_each_width(page, axe_source, board)
    page.screenshot(path=str(SCREENSHOTS / "common-ground-board.png"), full_page=True)

    # The group becomes a 地域課題, its cards the evidence.
    box = page.locator(f"#group-{kept.pk}")
    box.get_by_role("button", name="地域課題にする").click()
    link = page.locator(f"#group-{kept.pk}").get_by_role(
        "link", name="地域課題「買い物と外出の足」を見る"
    )
    expect(link).to_be_visible()
    kept.refresh_from_db()
    in_group = Card.objects.filter(group=kept, hidden=False).count()
    evidence = ChallengeEvidence.objects.filter(challenge=kept.challenge, kind=EvidenceKind.CARD)
    assert in_group >= 6 and evidence.count() == in_group
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("買い物と外出の足")

    # The participants' page after the round: nothing of the dialogue.
    closed = browser.new_context(locale="ja-JP").new_page()
    at_each_width(closed, axe_source, address)
    expect(closed.locator("main")).to_contain_text("この対話は受付を終了しました。")
    expect(closed.locator("main")).not_to_contain_text("この地域で気になっていること")
    closed.context.close()

    # The A3 PDF, as the board's link downloads it.
    pdf = page.request.get(f"{board}board.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    path = SCREENSHOTS / "common-ground.pdf"
    path.write_bytes(pdf.body())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "1190.55 x 841.89 pts (A3)" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    # Noto Sans JP only (regular and bold), each embedded ("emb yes") as a subset ("ABCDEF+").
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows, fonts
    for row in rows:
        assert row[0].split("+", 1)[1].startswith("Noto-Sans-JP"), fonts
        assert row[-5:-3] == ["yes", "yes"], fonts
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True
    ).stdout.replace(" ", "")
    assert "買い物と外出の足" in text and "分野を超えた共通項" in text
    assert "空き店舗でサロンを開きたい" in text


def test_the_stories_and_the_agreement_results_pass_axe_at_both_widths(
    live_server, page: Page, axe_source: str
) -> None:
    """The other facilitator's screens of a dialogue: the stories (with one story made into a
    project, and a suggested link) and the agreement round's results (one statement every
    sector agrees with, one that divides them)."""
    city = MunicipalityFactory(code="132012", name="八王子市")
    whole = AreaFactory(municipality=city, name="八王子市全域")
    sc1 = user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    council = councils.council_create(municipality=city, area=whole, name="推進協議体", user=sc1)
    meeting = MeetingFactory(council=council, kind=MeetingKind.WORKSHOP, title="全体ワークショップ")
    dialogue = dialogue_at(meeting, user=sc1)
    made = {}
    for text, kind, sector in (
        ("移動販売の車に来てほしい", CardType.WISH, Sector.RESIDENTS),
        ("移動販売の車を出せる", CardType.ABILITY, Sector.BUSINESS),
        ("ゴミ出しを手伝ってほしい", CardType.TROUBLE, Sector.RESIDENTS),
        ("ゴミ出しの手伝いならできる", CardType.ABILITY, Sector.NONPROFIT),
    ):
        made[text] = services.card_add(
            dialogue=dialogue,
            data=services.CardInput(text=text, card_type=kind, sector=sector),
            source=CardSource.TYPED,
            user=sc1,
        )
    story = story_services.story_create(
        dialogue=dialogue, user=sc1, title="移動販売",
        wish=made["移動販売の車に来てほしい"], ability=made["移動販売の車を出せる"],
    )  # fmt: skip
    story_services.story_to_project(story=story, user=sc1)
    groups = [
        services.group_create(dialogue=dialogue, user=sc1, name=name, cards=[made[a], made[b]])
        for name, a, b in (
            ("移動販売", "移動販売の車に来てほしい", "移動販売の車を出せる"),
            ("ゴミ出し", "ゴミ出しを手伝ってほしい", "ゴミ出しの手伝いならできる"),
        )
    ]
    for group, statement in zip(groups, ("移動販売を呼ぶ", "ゴミ出しを手伝い合う"), strict=True):
        agreement.group_statement_set(group=group, user=sc1, statement=statement)
    agreement.agreement_open(dialogue=dialogue, user=sc1)
    # 移動販売: residents and business all agree (broad); ゴミ出し: residents agree, business
    # against (divided). Three answers per sector, the least that counts.
    for n in range(3):
        for sector, answers in (
            (Sector.RESIDENTS, ("agree", "agree")),
            (Sector.BUSINESS, ("agree", "disagree")),
        ):
            agreement.votes_record(
                dialogue=dialogue, participant=f"{sector}-{n}", sector=sector,
                answers=dict(zip(groups, answers, strict=True)),
            )  # fmt: skip
    sign_in(page, live_server.url, "sc1")
    staff = f"{live_server.url}/staff/{city.code}/dialogues/{dialogue.pk}"
    at_each_width(page, axe_source, f"{staff}/stories/")
    expect(page.locator(f"#story-{story.pk}")).to_contain_text("官民連携の事業：移動販売")
    at_each_width(page, axe_source, f"{staff}/agreement/")
    expect(page.locator("main")).to_contain_text("どの分野でも賛成が多い")
    expect(page.locator("main")).to_contain_text("分野によって分かれている")
