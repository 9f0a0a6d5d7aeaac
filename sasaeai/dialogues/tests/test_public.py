"""The participants' page /d/<key>/ (issue #25, point 2's third way, and point 7) and the QR code
that opens it: cards from phones with no account, stored as the participant's (no user, no name
unless written), refused once the dialogue is not 受付中, showing nothing of the dialogue after it
closes, never another participant's card, and limited per address and dialogue."""

import datetime
import io
from typing import Any
from zoneinfo import ZoneInfo

import segno
import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.councils.tests.factories import MeetingFactory
from sasaeai.dialogues import services
from sasaeai.dialogues.constants import CardSource, CardType, DialogueStatus
from sasaeai.dialogues.models import Card, Dialogue
from sasaeai.dialogues.tests.factories import cards, dialogue_at
from sasaeai.resources.constants import Sector

QUESTION = "この地域で気になっていること"  # dialogue_at's question
RECEIVED = "カードを受け付けました。続けて書けます。"
CLOSED = "この対話は受付を終了しました。"
NOT_YET = "まだ受付を始めていません。"


def move(dialogue: Dialogue, user: Any, *statuses: str) -> None:
    for status in statuses:
        services.dialogue_set_status(dialogue=dialogue, user=user, status=status)


def card(text: str = "買い物に行くのがたいへん", **fields: str) -> dict[str, str]:
    return {"text": text, "card_type": "", "sector": "", "writer_name": "", **fields}


class PublicFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        meeting = MeetingFactory(council__area__municipality=cls.city)
        cls.coordinator = user_with_role(Role.SC_LAYER1, cls.city)
        cls.dialogue = dialogue_at(meeting, user=cls.coordinator)
        move(cls.dialogue, cls.coordinator, DialogueStatus.OPEN)

    def setUp(self) -> None:
        cache.clear()  # the rate limit's counters of another test

    def url(self, dialogue: Dialogue | None = None) -> str:
        return reverse("dialogues_public:write", kwargs={"key": (dialogue or self.dialogue).key})

    def post(self, data: dict[str, str], **extra: Any) -> Any:
        return self.client.post(self.url(), data, **extra)


class WritingTests(PublicFixture):
    def test_a_card_from_the_page_is_the_participants_with_what_they_chose(self) -> None:
        response = self.post(
            card(card_type=CardType.TROUBLE, sector=Sector.RESIDENTS, writer_name="")
        )
        # Post/Redirect/Get: back to the same address.
        self.assertRedirects(response, self.url(), fetch_redirect_response=False)
        stored = Card.objects.get(dialogue=self.dialogue)
        self.assertEqual(
            (stored.text, stored.source, stored.created_by, stored.card_type, stored.sector),
            ("買い物に行くのがたいへん", CardSource.PHONE, None, "trouble", "residents"),
        )
        self.assertEqual(stored.writer_name, "")

    def test_after_sending_the_message_shows_and_the_form_is_empty(self) -> None:
        response = self.client.post(self.url(), card(), follow=True)
        self.assertContains(response, RECEIVED)
        # The textarea is empty again and no card is shown, not even the one just sent.
        self.assertContains(response, '<textarea name="text" cols="40" rows="4"')
        self.assertNotContains(response, "買い物に行くのがたいへん")

    def test_a_name_is_kept_only_when_written(self) -> None:
        self.post(card(writer_name="山田 花子"))
        self.post(card("ゴミ出しが重い"))
        names = list(Card.objects.order_by("pk").values_list("writer_name", flat=True))
        self.assertEqual(names, ["山田 花子", ""])

    def test_the_kind_and_the_sector_may_be_left_unchosen(self) -> None:
        self.post(card())
        stored = Card.objects.get()
        self.assertEqual((stored.card_type, stored.sector), ("", ""))

    def test_the_page_asks_the_question_with_the_fields_named(self) -> None:
        response = self.client.get(self.url())
        self.assertContains(response, f"<h1>{QUESTION}</h1>", html=True)
        for words in (
            "カードに書くこと",
            "200文字まで書けます。",
            "<strong>種類</strong>（選ばなくてもかまいません）",
            "<strong>分野</strong>（選ばなくてもかまいません）",
            "名前（書かなくてもかまいません）",
            "答えない",
            "できること",
            "医療・介護・専門職",
        ):
            self.assertContains(response, words)
        # 「答えない」 is chosen until the participant chooses.
        self.assertContains(
            response,
            '<input type="radio" name="sector" value="" id="id_sector_0" checked>',
            html=True,
        )

    def test_the_page_never_shows_other_participants_cards_or_names(self) -> None:
        cards(self.dialogue, "民生委員の引き継ぎが心配", user=self.coordinator)
        self.post(card("夜道が暗くて歩けない", writer_name="鈴木 一郎"))
        response = self.client.get(self.url())
        for private in ("民生委員の引き継ぎが心配", "夜道が暗くて歩けない", "鈴木 一郎"):
            self.assertNotContains(response, private)

    def test_an_empty_card_is_refused_naming_the_field(self) -> None:
        response = self.post(card("   ", sector=Sector.BUSINESS, writer_name="田中"))
        self.assertContains(response, "カードに書くことを入力してください。", status_code=400)
        # The rest of what was typed stays.
        self.assertContains(response, 'value="田中"', status_code=400)
        self.assertContains(
            response,
            '<input type="radio" name="sector" value="business" id="id_sector_6" checked>',
            html=True,
            status_code=400,
        )
        self.assertFalse(Card.objects.exists())

    def test_a_long_card_is_refused_with_its_count_and_kept(self) -> None:
        # 201 characters: "あ" × 200 + "い".
        text = "あ" * 200 + "い"
        response = self.post(card(text))
        self.assertContains(
            response,
            "カードに書くことは200文字までにしてください（今は201文字です）。",
            status_code=400,
        )
        self.assertContains(response, text, status_code=400)
        self.assertFalse(Card.objects.exists())

    def test_two_hundred_characters_are_accepted(self) -> None:
        response = self.post(card("あ" * 200))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(Card.objects.get().text), 200)

    def test_a_choice_not_offered_is_refused_naming_the_field(self) -> None:
        response = self.post(card(sector="mayor", card_type="wish"))
        self.assertContains(response, "分野を選び直してください。", status_code=400)
        self.assertContains(response, "買い物に行くのがたいへん", status_code=400)
        response = self.post(card(card_type="vote"))
        self.assertContains(response, "種類を選び直してください。", status_code=400)
        self.assertFalse(Card.objects.exists())

    def test_a_long_name_is_refused_by_the_service_naming_the_field(self) -> None:
        response = self.post(card(writer_name="名" * 101))
        self.assertContains(response, "名前は100文字までにしてください。", status_code=400)
        self.assertContains(response, "買い物に行くのがたいへん", status_code=400)
        self.assertFalse(Card.objects.exists())

    def test_hostile_values_are_answered_without_an_error_and_write_only_when_good(self) -> None:
        hostile = ["", "長" * 10_000, "a\x00b", "🙂𠮷", "²", "-1", str(10**30)]
        for field in ("text", "card_type", "sector", "writer_name"):
            for value in hostile:
                with self.subTest(field=field, value=value[:10]):
                    before = Card.objects.count()
                    response = self.post(card(**{field: value}))
                    self.assertIn(response.status_code, (302, 400))
                    written = Card.objects.count() - before
                    self.assertEqual(written, 1 if response.status_code == 302 else 0)
        # The emoji card is stored as typed, outside the BMP too.
        self.assertTrue(Card.objects.filter(text="🙂𠮷").exists())
        # NUL in the text or the name is refused, never stored (read in Python: SQLite's LIKE
        # ends a pattern at NUL and so matches every row).
        stored = Card.objects.values_list("text", "writer_name")
        self.assertFalse([row for row in stored if "\x00" in row[0] + row[1]])

    def test_an_unknown_key_is_not_found(self) -> None:
        # A made-up key, and the real one cut short or made longer.
        for key in ("zzzzzzzz", self.dialogue.key[:7], self.dialogue.key + "x"):
            with self.subTest(key=key):
                response = self.client.get(reverse("dialogues_public:write", kwargs={"key": key}))
                self.assertEqual(response.status_code, 404)
                self.assertNotContains(response, QUESTION, status_code=404)
                response = self.client.post(
                    reverse("dialogues_public:write", kwargs={"key": key}), card()
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(Card.objects.exists())

    def test_the_page_needs_no_account(self) -> None:
        # The test client is signed out: the page itself, not the sign-in page.
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "portal/base.html")


class ClosedTests(PublicFixture):
    """準備: the question and that it has not started. まとめ中 and 完了: the message alone."""

    def assert_refused(self, message: str) -> None:
        response = self.post(card("まだ書きたかったこと"))
        self.assertContains(response, message, status_code=403)
        self.assertNotContains(response, "まだ書きたかったこと", status_code=403)
        self.assertNotContains(response, "<textarea", status_code=403)
        self.assertFalse(Card.objects.filter(text="まだ書きたかったこと").exists())

    def test_in_preparation_the_question_shows_and_nothing_is_taken(self) -> None:
        dialogue = dialogue_at(user=self.coordinator)
        response = self.client.get(self.url(dialogue))
        self.assertContains(response, NOT_YET)
        self.assertContains(response, QUESTION)
        self.assertNotContains(response, "<form")
        response = self.client.post(self.url(dialogue), card())
        self.assertContains(response, NOT_YET, status_code=403)
        self.assertFalse(Card.objects.exists())

    def test_while_summarising_the_page_shows_nothing_of_the_dialogue(self) -> None:
        cards(self.dialogue, ("公園のベンチが少ない", Sector.RESIDENTS), user=self.coordinator)
        move(self.dialogue, self.coordinator, DialogueStatus.SUMMARISING)
        response = self.client.get(self.url())
        self.assertContains(response, f"<h1>{CLOSED}</h1>", html=True)
        for absent in (QUESTION, "公園のベンチが少ない", "<form", "カードに書くこと"):
            self.assertNotContains(response, absent)
        self.assert_refused(CLOSED)

    def test_when_done_the_page_shows_nothing_of_the_dialogue(self) -> None:
        cards(self.dialogue, "公園のベンチが少ない", user=self.coordinator)
        move(self.dialogue, self.coordinator, DialogueStatus.SUMMARISING, DialogueStatus.DONE)
        response = self.client.get(self.url())
        self.assertContains(response, CLOSED)
        self.assertNotContains(response, QUESTION)
        self.assertNotContains(response, "公園のベンチが少ない")
        self.assert_refused(CLOSED)

    def test_a_form_opened_before_the_close_is_refused_after_it(self) -> None:
        self.assertContains(self.client.get(self.url()), "<textarea")
        move(self.dialogue, self.coordinator, DialogueStatus.SUMMARISING)
        self.assert_refused(CLOSED)
        # Opened again (a card forgotten): the page takes cards again.
        move(self.dialogue, self.coordinator, DialogueStatus.OPEN)
        self.assertEqual(self.post(card()).status_code, 302)


# 10:02:30 in Tokyo is 01:02:30 UTC; ten-minute windows start at multiples of 600 s since the
# epoch, which every whole UTC hour is, so the window began at 10:00:00 and ends at 10:10:00:
# the refused post is told to wait 600 − 150 = 450 seconds, 「8分ほど」 (450 / 60 = 7.5 → 8).
NOW = datetime.datetime(2026, 11, 27, 10, 2, 30, tzinfo=ZoneInfo("Asia/Tokyo"))


@time_machine.travel(NOW, tick=False)
@override_settings(DIALOGUE_CARD_RATE_LIMIT=(3, 600), RATE_LIMIT_TRUSTED_PROXIES=0)
class RateLimitTests(PublicFixture):
    def test_the_post_past_the_limit_waits_with_its_text_kept(self) -> None:
        codes = [
            self.post(card(f"カード{n}"), REMOTE_ADDR="192.0.2.1").status_code for n in (1, 2, 3)
        ]
        self.assertEqual(codes, [302, 302, 302])
        response = self.post(card("4枚目のカード", writer_name="佐藤"), REMOTE_ADDR="192.0.2.1")
        self.assertContains(response, "カードはまだ送られていません。", status_code=429)
        self.assertContains(response, "8分ほど待ってから", status_code=429)
        self.assertEqual(response["Retry-After"], "450")
        self.assertContains(response, "4枚目のカード", status_code=429)
        self.assertContains(response, 'value="佐藤"', status_code=429)
        self.assertEqual(Card.objects.count(), 3)
        self.assertFalse(Card.objects.filter(text="4枚目のカード").exists())

    def test_another_address_and_another_dialogue_count_apart(self) -> None:
        for n in (1, 2, 3):
            self.post(card(f"カード{n}"), REMOTE_ADDR="192.0.2.1")
        self.assertEqual(self.post(card(), REMOTE_ADDR="192.0.2.1").status_code, 429)
        self.assertEqual(self.post(card(), REMOTE_ADDR="192.0.2.2").status_code, 302)
        other = dialogue_at(user=self.coordinator)
        move(other, self.coordinator, DialogueStatus.OPEN)
        response = self.client.post(self.url(other), card(), REMOTE_ADDR="192.0.2.1")
        self.assertEqual(response.status_code, 302)

    def test_the_next_window_takes_cards_again(self) -> None:
        for n in (1, 2, 3, 4):
            self.post(card(f"カード{n}"), REMOTE_ADDR="192.0.2.1")
        # 10:10:00, the next window.
        with time_machine.travel(NOW + datetime.timedelta(seconds=450), tick=False):
            self.assertEqual(self.post(card(), REMOTE_ADDR="192.0.2.1").status_code, 302)
        self.assertEqual(Card.objects.count(), 4)

    def test_reading_the_page_is_not_counted(self) -> None:
        for _ in range(5):
            self.assertEqual(self.client.get(self.url(), REMOTE_ADDR="192.0.2.1").status_code, 200)
        self.assertEqual(self.post(card(), REMOTE_ADDR="192.0.2.1").status_code, 302)


def segno_svg(url: str) -> bytes:
    """What segno makes of the address with the page's settings (error M, 8 px, 4 modules)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=4, title="参加者用のページを開くQRコード"
    )
    return out.getvalue()


@override_settings(SITE_URL="https://sasae.example.jp/")
class QrTests(PublicFixture):
    def qr_url(self, dialogue: Dialogue | None = None, code: str = "132012") -> str:
        dialogue = dialogue or self.dialogue
        return reverse("dialogues:qr", kwargs={"lgcode": code, "pk": dialogue.pk})

    def test_a_reader_gets_the_code_of_the_public_address_on_site_url(self) -> None:
        self.client.force_login(user_with_role(Role.VIEWER, self.city))
        response = self.client.get(self.qr_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        # SITE_URL (its trailing / not doubled) + /d/<key>/, never the test client's host.
        expected = segno_svg(f"https://sasae.example.jp/d/{self.dialogue.key}/")
        self.assertEqual(response.content, expected)
        self.assertNotEqual(
            response.content, segno_svg(f"http://testserver/d/{self.dialogue.key}/")
        )
        self.assertTrue(response.content.startswith(b"<?xml"))

    def test_a_closed_dialogue_still_has_its_code(self) -> None:
        # The code is the staff's; the page it opens says it is closed.
        move(self.dialogue, self.coordinator, DialogueStatus.SUMMARISING)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.qr_url()).status_code, 200)

    def test_others_are_refused(self) -> None:
        # Signed out: sent to sign in.
        response = self.client.get(self.qr_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        # A reader of another municipality: 403 at its address.
        other_city = MunicipalityFactory(code="132021")
        self.client.force_login(user_with_role(Role.MUNICIPAL_ADMIN, other_city))
        self.assertEqual(self.client.get(self.qr_url()).status_code, 403)
        # …and 404 for this dialogue asked under its own municipality's address.
        self.assertEqual(self.client.get(self.qr_url(code="132021")).status_code, 404)

    def test_a_dialogue_of_another_municipality_is_not_found(self) -> None:
        other_city = MunicipalityFactory(code="132021")
        elsewhere = dialogue_at(
            MeetingFactory(council__area__municipality=other_city), user=self.coordinator
        )
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.qr_url(elsewhere)).status_code, 404)
