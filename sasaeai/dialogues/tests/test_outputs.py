"""The outputs of a dialogue (issue #25, point 6): the cards as xlsx, the affinity diagram as an
A3 landscape PDF (read back with pdfinfo / pdffonts / pdftotext, as a person would), the
summary paragraph for the minutes and the service that puts it there once, and who may take
each of them."""

import datetime
import io
import re
from pathlib import Path

import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
)
from sasaeai.core.constants import AccessKind
from sasaeai.core.models import PersonalDataAccess
from sasaeai.core.tests.pdf import downloaded, pages, poppler
from sasaeai.core.versioning import EditConflictError
from sasaeai.councils import services as councils
from sasaeai.councils.models import Meeting
from sasaeai.councils.tests.factories import TOKYO, CouncilFactory, MembershipFactory
from sasaeai.dialogues import documents, exports, services, story_services, summary
from sasaeai.dialogues.constants import CardSource, CardType
from sasaeai.dialogues.models import Card, Story
from sasaeai.dialogues.selectors import board, stories_of
from sasaeai.dialogues.tests.factories import cards, dialogue_at
from sasaeai.dialogues.tests.statements import statements
from sasaeai.resources.constants import Sector

NOW = datetime.datetime(2026, 12, 21, 10, 0, tzinfo=TOKYO)
SAVED = Path("/tmp/sasaeai-dialogues")  # for a person to look at

HEADER = [
    "グループ", "分野を超えた共通項", "カード", "種類", "書いた人の分野", "入り方", "町丁目", "場所",
]  # fmt: skip
TYPED = "ファシリテーターが入力"
# The board of the fixture, worked out by hand. Groups in the order they were made (買い物,
# then 居場所), cards in the order they were written; then the one card in no group; the
# hidden card nowhere. 買い物 has cards of 3 sectors (住民, 企業, NPO) = the dialogue's
# minimum of 3: it crosses sectors (○); 居場所 has 2 (住民, 行政): it does not. Empty cells read
# back as None.
ROWS = [
    ["買い物", "○", "近くにスーパーがなく買い物が大変", "困りごと", "住民・地縁組織", TYPED,
     "北町1丁目", None],
    ["買い物", "○", "移動販売車を呼びたい", "やりたいこと", "民間企業・商店", TYPED, None, None],
    ["買い物", "○", "買い物の付き添いならできる", "できること", "NPO・ボランティア", TYPED,
     None, None],
    ["居場所", None, "気軽に集まれる場所がほしい", "やりたいこと", "住民・地縁組織", TYPED, None,
     "北町公民館"],
    ["居場所", None, "公民館の空き時間を貸せる", "できること", "行政", TYPED, None, None],
    ["（グループなし）", None, "=1+1", None, None, TYPED, None, None],
]  # fmt: skip
# The writers' names: the name written on the first card, the member on the fourth.
NAMES = ["山田 花子", None, None, "北町 太郎", None, None]
# Sectors of the 6 visible cards: 住民 2 (cards 1 and 4); then one each, in the order of
# Sector: NPO (3), 行政 (5), 企業 (2); the formula-like card names none. 5 cards in 2 groups,
# 1 alone; 買い物 crosses with 3 sectors and 3 cards; the 買い物 group became a 地域課題.
SUMMARY = (
    "対話（共通項探し）「この地域で気になっていること」："
    "カード6枚（住民・地縁組織 2、NPO・ボランティア 1、行政 1、民間企業・商店 1、分野の記入なし 1）"
    "のうち5枚を2つのグループにまとめました（どのグループにも入らないカード1枚）。"
    "グループ：買い物（3枚）、居場所（2枚）。"
    "分野を超えた共通項：買い物（3分野・3枚）。"
    "地域課題にしたもの：買い物。"
)
HEADING = "■ 対話のまとめ（この地域で気になっていること）"


@time_machine.travel(NOW, tick=False)
class OutputFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.north = Layer2AreaFactory(
            municipality=cls.city, parent=AreaFactory(municipality=cls.city), name="北部圏域"
        )
        cls.town = TownFactory(area=cls.north, name="北町1丁目")
        cls.council = CouncilFactory(
            area=cls.north, municipality=cls.city, name="北部地域支え合い会議"
        )
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.member = MembershipFactory(council=cls.council, name="北町 太郎")
        # 2026-12-20 is a Sunday (日).
        cls.dialogue = dialogue_at(
            user=cls.sc2, council=cls.council,
            title="第1回北部ワークショップ",
            starts_at=datetime.datetime(2026, 12, 20, 14, 0, tzinfo=TOKYO),
        )  # fmt: skip
        cls.meeting = cls.dialogue.meeting
        add = cls.add_card
        shop = [
            add(
                "近くにスーパーがなく買い物が大変", CardType.TROUBLE, Sector.RESIDENTS,
                writer_name="山田 花子", town=cls.town,
            ),
            add("移動販売車を呼びたい", CardType.WISH, Sector.BUSINESS),
            add("買い物の付き添いならできる", CardType.ABILITY, Sector.NONPROFIT),
        ]  # fmt: skip
        place = [
            add(
                "気軽に集まれる場所がほしい", CardType.WISH, Sector.RESIDENTS,
                membership=cls.member, place="北町公民館",
            ),
            add("公民館の空き時間を貸せる", CardType.ABILITY, Sector.PUBLIC),
        ]  # fmt: skip
        add("=1+1", "", "")
        hidden = add("見せないカード", CardType.IDEA, Sector.OTHER, writer_name="隠す 人")
        services.card_hide(card=hidden, user=cls.sc2, reason="個人が特定できる")
        group = services.group_create(
            dialogue=cls.dialogue, user=cls.sc2, name="買い物", cards=shop
        )
        services.group_create(dialogue=cls.dialogue, user=cls.sc2, name="居場所", cards=place)
        services.group_to_challenge(group=group, user=cls.sc2)
        councils.meeting_record_save(
            meeting=cls.meeting, expected_version=1, agenda=[councils.AgendaInput("移動支援")],
            minutes="開会。\n送迎について話し合った。", user=cls.sc2,
        )  # fmt: skip

    @classmethod
    def add_card(cls, text: str, card_type: str, sector: str, **fields):  # type: ignore[no-untyped-def]
        return services.card_add(
            dialogue=cls.dialogue,
            data=services.CardInput(text=text, card_type=card_type, sector=sector, **fields),
            source=CardSource.TYPED,
            user=cls.sc2,
        )

    def url(self, name: str, pk: int | None = None, code: str = "132012") -> str:
        return reverse(f"dialogues:{name}", args=[code, pk or self.dialogue.pk])

    def minutes(self) -> str:
        return Meeting.objects.get(pk=self.meeting.pk).minutes


def sheet_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


class CardsXlsxTests(OutputFixture):
    def test_one_row_per_visible_card_grouped_first_without_names(self) -> None:
        rows = sheet_rows(exports.cards_xlsx(board(self.dialogue)))
        # The 名前 column is there, empty (the same columns for everyone).
        self.assertEqual(rows, [[*HEADER, "名前"], *([*row, None] for row in ROWS)])

    def test_names_only_when_asked(self) -> None:
        rows = sheet_rows(exports.cards_xlsx(board(self.dialogue), include_names=True))
        self.assertEqual(rows[0], [*HEADER, "名前"])
        self.assertEqual(rows[1:], [[*row, name] for row, name in zip(ROWS, NAMES, strict=True)])

    def test_a_formula_like_card_stays_text(self) -> None:
        workbook = load_workbook(io.BytesIO(exports.cards_xlsx(board(self.dialogue))))
        cell = workbook.active["C7"]
        self.assertEqual(cell.value, "=1+1")
        self.assertEqual(cell.data_type, "s")  # a string, not a formula ("f")

    def test_a_reader_downloads_the_cards_without_names_and_no_log(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.url("cards_xlsx"))
        self.assertEqual(response.status_code, 200)
        # 対話カード_20261220.xlsx, percent-encoded as UTF-8 (RFC 5987): the meeting's day.
        self.assertEqual(
            response["Content-Disposition"],
            "attachment; filename*=UTF-8''%E5%AF%BE%E8%A9%B1%E3%82%AB%E3%83%BC%E3%83%89"
            "_20261220.xlsx",
        )
        self.assertEqual(
            sheet_rows(response.content), [[*HEADER, "名前"], *([*row, None] for row in ROWS)]
        )
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_a_coordinator_gets_the_names_and_the_download_is_logged(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.get(self.url("cards_xlsx"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(sheet_rows(response.content)[0], [*HEADER, "名前"])
        log = PersonalDataAccess.objects.get()
        self.assertEqual(
            (log.user, log.municipality, log.kind, log.file_format, log.record_count, log.what),
            (self.sc2, self.city, AccessKind.EXPORT, "xlsx", 2, "対話のカードの書き出し（Excel）"),
        )  # two cards carry a name (山田 花子's and the member's)


class BoardPdfTests(OutputFixture):
    def pdf(self) -> bytes:
        content = documents.board_pdf(board(self.dialogue))
        SAVED.mkdir(exist_ok=True)
        (SAVED / "board.pdf").write_bytes(content)
        return content

    def test_a3_landscape_in_noto_only(self) -> None:
        pdf = self.pdf()
        # A3 = 420 × 297 mm = 1190.55 × 841.89 pt, landscape: the long side across.
        self.assertRegex(poppler("pdfinfo", pdf), r"Page size:\s+1190.55 x 841.89 pts \(A3\)")
        fonts = poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(fonts)
        for line in fonts:
            fields = line.split()
            # name …, emb, sub, uni, object, ID: embedded and subset (the ABCDEF+ prefix).
            self.assertRegex(fields[0], r"^[A-Z]{6}\+Noto-Sans-JP")
            self.assertEqual(fields[-5:-3], ["yes", "yes"], line)

    def test_the_groups_cards_and_sectors_without_any_name(self) -> None:
        # -raw: in the order the document draws it (box by box), not column by line.
        flat = re.sub(r"\s+", "", poppler("pdftotext", self.pdf(), "-raw"))
        for expected in (
            "第1回北部ワークショップ令和8年12月20日（日）",
            "北部地域支え合い会議",
            "対話（共通項探し）問い「この地域で気になっていること」",
            # 6 visible cards, 2 groups, 4 sectors (住民, NPO, 行政, 企業).
            "カード6枚グループ2分野4",
            "3枚：住民・地縁組織1、NPO・ボランティア1、民間企業・商店1",
            "2枚：住民・地縁組織1、行政1",
            "［住民］近くにスーパーがなく買い物が大変",
            "［企業・商店］移動販売車を呼びたい",
            "［NPO］買い物の付き添いならできる",
            "［住民］気軽に集まれる場所がほしい",
            "［行政］公民館の空き時間を貸せる",
            "まだグループにないカード1枚［分野なし］=1+1",
        ):
            self.assertIn(expected, flat)
        # The mark follows the crossing group's name and no other: 買い物 (3 sectors).
        self.assertIn("買い物◎分野を超えた共通項（3分野）3枚", flat)
        self.assertIn("居場所2枚", flat)
        self.assertEqual(flat.count("◎分野を超えた共通項（"), 1)
        for never in ("山田", "花子", "北町太郎", "隠す", "見せないカード"):
            self.assertNotIn(never, flat)

    def test_eighty_cards_fit_one_sheet(self) -> None:
        # The workshop statements of the grouping tests: 80 cards of 8 sectors, grouped.
        texts = [s.text for s in statements("tune") + statements("held")][:80]
        self.assertEqual(len(texts), 80)
        many = dialogue_at(user=self.sc2, council=self.council)
        sectors = Sector.values
        cards(many, *[(t, sectors[n % len(sectors)]) for n, t in enumerate(texts)], user=self.sc2)
        services.groups_suggest(dialogue=many, user=self.sc2)
        pdf = documents.board_pdf(board(many))
        (SAVED / "board-80.pdf").write_bytes(pdf)
        self.assertEqual(pages(pdf), 1)
        flat = re.sub(r"\s+", "", poppler("pdftotext", pdf, "-raw"))
        for text in texts:
            self.assertIn(re.sub(r"\s+", "", text), flat)

    def test_the_pdf_is_shown_in_the_browser(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(self.url("board_pdf"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("inline"))
        self.assertIn("20261220.pdf", response["Content-Disposition"])
        self.assertIn("1190.55 x 841.89 pts", poppler("pdfinfo", downloaded(response)))
        self.assertFalse(PersonalDataAccess.objects.exists())  # no names in it


class SummaryTests(OutputFixture):
    def test_the_paragraph(self) -> None:
        self.assertEqual(summary.minutes_summary(board(self.dialogue)), SUMMARY)

    def test_no_group_yet_and_no_crossing_group(self) -> None:
        fresh = dialogue_at(user=self.sc2, council=self.council)
        self.assertEqual(
            summary.minutes_summary(board(fresh)),
            "対話（共通項探し）「この地域で気になっていること」：カードはまだありません。",
        )
        one, two = cards(fresh, ("坂道がきつい", Sector.RESIDENTS), "ベンチがほしい", user=self.sc2)
        self.assertEqual(
            summary.minutes_summary(board(fresh)),
            "対話（共通項探し）「この地域で気になっていること」："
            "カード2枚（住民・地縁組織 1、分野の記入なし 1）が出ました。"
            "まだグループにまとめていません。",
        )
        services.group_create(dialogue=fresh, user=self.sc2, name="坂道", cards=[one, two])
        # One sector named (住民): under the dialogue's 3, so nothing crosses.
        self.assertEqual(
            summary.minutes_summary(board(fresh)),
            "対話（共通項探し）「この地域で気になっていること」："
            "カード2枚（住民・地縁組織 1、分野の記入なし 1）を1つのグループにまとめました。"
            "グループ：坂道（2枚）。"
            "分野を超えた共通項（3つ以上の分野から出たグループ）はありませんでした。",
        )

    def test_ten_groups_are_counted_without_tsu(self) -> None:
        # つ counts to nine: ten groups of one card each are 「10のグループ」.
        fresh = dialogue_at(user=self.sc2, council=self.council)
        for n, card in enumerate(cards(fresh, *[f"カード{n}" for n in range(10)], user=self.sc2)):
            services.group_create(dialogue=fresh, user=self.sc2, name=f"組{n}", cards=[card])
        self.assertIn(
            "カード10枚（分野の記入なし 10）を10のグループにまとめました。",
            summary.minutes_summary(board(fresh)),
        )

    def test_into_the_minutes_once(self) -> None:
        before = Meeting.objects.get(pk=self.meeting.pk).version
        summary.summary_to_minutes(dialogue=self.dialogue, user=self.sc2)
        self.assertEqual(
            self.minutes(), f"開会。\n送迎について話し合った。\n\n{HEADING}\n{SUMMARY}"
        )
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual(meeting.version, before + 1)
        self.assertEqual([i.title for i in meeting.agenda_items.all()], ["移動支援"])
        # The secretary writes on after it; then the facilitator renames a group and puts
        # the summary in again: it replaces the first, and what was written after it stays.
        councils.meeting_record_save(
            meeting=meeting, expected_version=meeting.version,
            agenda=[councils.AgendaInput("移動支援", pk=meeting.agenda_items.get().pk)],
            minutes=self.minutes() + "\n\n閉会。", user=self.sc2,
        )  # fmt: skip
        place = self.dialogue.groups.get(name="居場所")
        services.group_rename(group=place, user=self.sc2, name="集いの場")
        summary.summary_to_minutes(dialogue=self.dialogue, user=self.sc2)
        renamed = SUMMARY.replace("居場所（2枚）", "集いの場（2枚）")
        self.assertEqual(
            self.minutes(),
            f"開会。\n送迎について話し合った。\n\n{HEADING}\n{renamed}\n\n閉会。",
        )
        self.assertEqual(self.minutes().count("■ 対話のまとめ"), 1)

    def test_a_stale_version_is_refused_and_nothing_written(self) -> None:
        with self.assertRaises(EditConflictError) as caught:
            summary.summary_to_minutes(dialogue=self.dialogue, user=self.sc2, expected_version=1)
        # The minutes were saved once (version 2): who and when, and no "input kept" (a button).
        message = caught.exception.messages[0]
        self.assertTrue(message.startswith("この会議の次第・議事録は、あなたが画面を開いた後に"))
        self.assertTrue(
            message.endswith(
                "（令和8年12月21日 10:00）。保存しませんでした。"
                "最新の内容を確かめてから、もう一度操作してください。"
            ),
            message,
        )
        self.assertEqual(self.minutes(), "開会。\n送迎について話し合った。")

    def test_a_dialogue_without_cards_is_refused(self) -> None:
        fresh = dialogue_at(meeting=self.meeting, user=self.sc2)
        with self.assertRaises(ValidationError) as caught:
            summary.summary_to_minutes(dialogue=fresh, user=self.sc2)
        self.assertEqual(
            caught.exception.message_dict,
            {"dialogue": ["カードがまだないので、議事録に入れるまとめがありません。"]},
        )
        self.assertEqual(self.minutes(), "開会。\n送迎について話し合った。")

    def test_two_dialogues_with_one_question_keep_a_block_each(self) -> None:
        # The first dialogue's block went in before the second was held; each block is then
        # replaced by its own dialogue only.
        summary.summary_to_minutes(dialogue=self.dialogue, user=self.sc2)
        second = dialogue_at(meeting=self.meeting, user=self.sc2)
        cards(second, ("バスが少ない", Sector.RESIDENTS), user=self.sc2)
        for dialogue in (second, self.dialogue, second):
            summary.summary_to_minutes(dialogue=dialogue, user=self.sc2)
        second_block = (
            f"{HEADING[:-1]}・その2）\n"
            "対話（共通項探し）「この地域で気になっていること」："
            "カード1枚（住民・地縁組織 1）が出ました。まだグループにまとめていません。"
        )
        self.assertEqual(
            self.minutes(),
            f"開会。\n送迎について話し合った。\n\n{HEADING}\n{SUMMARY}\n\n{second_block}",
        )


class SummaryViewTests(OutputFixture):
    def messages(self, response) -> list[str]:  # type: ignore[no-untyped-def]
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_a_writer_puts_the_summary_in(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(self.url("summary_to_minutes"))
        self.assertRedirects(response, self.url("board"), fetch_redirect_response=False)
        self.assertEqual(self.messages(response), ["議事録に対話のまとめを入れました。"])
        self.assertIn(f"{HEADING}\n{SUMMARY}", self.minutes())

    def test_a_reader_may_download_but_not_post(self) -> None:
        self.client.force_login(self.viewer)
        for name in ("cards_xlsx", "board_pdf"):
            self.assertEqual(self.client.get(self.url(name)).status_code, 200)
        self.assertEqual(self.client.post(self.url("summary_to_minutes")).status_code, 403)
        self.assertEqual(self.minutes(), "開会。\n送迎について話し合った。")

    def test_a_refusal_comes_back_to_the_board_as_a_message(self) -> None:
        fresh = dialogue_at(meeting=self.meeting, user=self.sc2)
        self.client.force_login(self.sc2)
        response = self.client.post(self.url("summary_to_minutes", fresh.pk))
        self.assertRedirects(response, self.url("board", fresh.pk), fetch_redirect_response=False)
        self.assertEqual(
            self.messages(response), ["カードがまだないので、議事録に入れるまとめがありません。"]
        )
        self.assertEqual(self.minutes(), "開会。\n送迎について話し合った。")

    def test_the_summary_is_posted_only(self) -> None:
        self.client.force_login(self.sc2)
        self.assertEqual(self.client.get(self.url("summary_to_minutes")).status_code, 405)

    def test_another_municipalitys_dialogue_is_not_found(self) -> None:
        other = MunicipalityFactory(code="132021")
        there = CouncilFactory(area=AreaFactory(municipality=other), municipality=other)
        theirs = dialogue_at(user=user_with_role(Role.SC_LAYER1, other), council=there)
        cards(theirs, "よその町のカード", user=self.sc2)
        self.client.force_login(self.sc2)
        for name in ("cards_xlsx", "board_pdf"):
            self.assertEqual(self.client.get(self.url(name, theirs.pk)).status_code, 404)
        self.assertEqual(
            self.client.post(self.url("summary_to_minutes", theirs.pk)).status_code, 404
        )
        self.assertEqual(Meeting.objects.get(pk=theirs.meeting_id).minutes, "")


class StoriesInOutputsTests(OutputFixture):
    """The story map: on the PDF after the groups and in the minutes' summary, each story's
    links in words and what it became."""

    def setUp(self) -> None:
        super().setUp()
        wish, ability = (
            Card.objects.get(text="移動販売車を呼びたい"),
            Card.objects.get(text="買い物の付き添いならできる"),
        )
        self.story = story_services.story_create(
            dialogue=self.dialogue, user=self.sc2, title="移動販売と付き添い",
            wish=wish, ability=ability,
        )  # fmt: skip
        story_services.story_to_project(story=self.story, user=self.sc2)
        # A second story with nothing made of it yet: its card hidden since, named as such.
        hidden = Card.objects.get(text="見せないカード")
        self.bare = Story.objects.create(
            dialogue=self.dialogue, title="見守りの輪", wish=hidden, created_by=self.sc2
        )

    def test_the_summary_ends_with_the_stories(self) -> None:
        found = summary.minutes_summary(board(self.dialogue), stories_of(self.dialogue))
        # The project is named after the story (story_to_project): 「移動販売と付き添い」.
        self.assertEqual(
            found,
            SUMMARY
            + "ストーリー：移動販売と付き添い（移動販売車を呼びたい → 買い物の付き添いならできる"
            "。官民連携の事業「移動販売と付き添い」に）、見守りの輪（（非表示にしたカード））。",
        )

    def test_the_pdf_shows_the_story_map_after_the_groups(self) -> None:
        content = documents.board_pdf(board(self.dialogue), stories_of(self.dialogue))
        flat = re.sub(r"\s+", "", poppler("pdftotext", content, "-raw"))
        self.assertIn("ストーリー（2）", flat)
        self.assertIn(
            "移動販売と付き添い移動販売車を呼びたい→買い物の付き添いならできる"
            "生まれたもの：官民連携の事業「移動販売と付き添い」",
            flat,
        )
        self.assertIn("見守りの輪（非表示にしたカード）生まれたもの：まだありません", flat)
        self.assertNotIn("見せないカード", flat)
        self.assertLess(flat.index("まだグループにないカード"), flat.index("ストーリー（2）"))
