"""File-level checks of #22 item 8: a CSV cut off inside a quoted cell, a row wider than its
header, and text garbled by a wrong encoding are refused naming the line, before any row is
read; honest files with rare characters are not."""

import io

import pytest
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core.constants import ImportStatus
from sasaeai.core.models import ImportBatch
from sasaeai.resources.models import Resource
from sasaeai.utils.csvfile import CsvDecodeError, read_rows
from sasaeai.utils.table_reader import read_table
from sasaeai.utils.tabular import xlsx_bytes

UNCLOSED = (
    'の「"」で始まる項目が閉じられないまま、ファイルが終わっています。'
    'ファイルが途中で切れていないか、「"」が1つ多くないか確かめてください。'
)
ADVICE = (
    "Shift_JIS（cp932）か UTF-8 で保存し直してください。"
    "Excel で開いたときに文字化けしていたなら、元のファイルから作り直してください。"
)


def refusal(data: bytes) -> str:
    with pytest.raises(CsvDecodeError) as raised:
        read_rows(data)
    return str(raised.value)


# --- a file that ends inside a quoted cell --------------------------------------------------


def test_a_file_cut_off_inside_a_quoted_cell_is_refused_naming_the_line_of_the_quote() -> None:
    # Line 3 opens 「"毎週火曜」 and the file ends on line 4 before the quote is closed; csv
    # (not strict) would have read it as a complete cell "毎週火曜\n10時から".
    data = '名称,日時\n体操の会,毎週月曜\n囲碁の会,"毎週火曜\n10時から'.encode()
    assert refusal(data) == "3行目" + UNCLOSED


def test_the_same_file_with_the_quote_closed_is_read() -> None:
    data = '名称,日時\n体操の会,毎週月曜\n囲碁の会,"毎週火曜\n10時から"\n'.encode()
    assert read_rows(data) == (
        [["名称", "日時"], ["体操の会", "毎週月曜"], ["囲碁の会", "毎週火曜\n10時から"]],
        "utf-8",
    )


def test_after_a_multi_line_cell_the_row_and_the_editor_line_are_both_named() -> None:
    # Row 2's cell spans text lines 2–3, so row 3 starts on text line 4; its second cell opens
    # a quote on line 4 and line 5 ends the file. Excel shows row 3, an editor line 4.
    data = b'a,b\r\n1,"x\r\ny"\r\n2,"open\r\nstill open\r\n'
    assert refusal(data) == "3行目（テキストエディタでは4行目）" + UNCLOSED


def test_a_stray_quote_on_the_last_line_is_the_same_refusal() -> None:
    data = 'id,名称\n1,桜町\n2,"南町\n'.encode("cp932")
    assert refusal(data) == "3行目" + UNCLOSED


# --- rows wider than the header -------------------------------------------------------------


def test_a_row_with_more_fields_than_the_header_is_refused_naming_its_line() -> None:
    # Line 5's address 「桜町1,2」 was not quoted, so it became two cells: 4 fields under 3
    # headers. Line 6 has the same fault: counted as 「ほかに1行」.
    data = (
        "名称,住所,電話\n"
        "体操の会,桜町1-2,03-1111-2222\n"
        "囲碁の会,南町3-4,\n"
        "歌の会,北町5,03-3333-4444\n"
        "手芸の会,桜町1,2,03-5555-6666\n"
        "茶話会,南町1,3,03-7777-8888\n"
    ).encode("cp932")
    assert refusal(data) == (
        "5行目の項目が見出し（1行目、3列）より多く、4列あります（ほかに1行）。"
        '「,」を含む値が「"」で囲まれていないと列がずれます。列を確かめて保存し直してください。'
    )


def test_the_header_is_the_first_non_blank_row_and_a_multi_line_cell_is_counted_once() -> None:
    # Blank line 1; header on line 2 (2 fields); row 3 spans text lines 3–4; row 4 (text
    # line 5) has 3 fields.
    data = '\n名称,メモ\n体操の会,"1行目\n2行目"\n囲碁の会,碁盤,持参\n'.encode()
    assert refusal(data).startswith(
        "4行目（テキストエディタでは5行目）の項目が見出し（2行目、2列）より多く、3列あります。"
    )


def test_blank_fields_beyond_the_header_and_short_rows_are_read() -> None:
    # Trailing commas lose nothing; a short row (hand-written, trailing blanks left out) is
    # read as it is and the importers take its missing cells as blank, as before.
    data = "名称,住所,電話\n体操の会,桜町,,\n囲碁の会\n".encode()
    assert read_rows(data) == (
        [["名称", "住所", "電話"], ["体操の会", "桜町", "", ""], ["囲碁の会"]],
        "utf-8",
    )


# --- garbled text ---------------------------------------------------------------------------


def test_a_shift_jis_file_that_was_read_as_utf8_and_saved_is_refused() -> None:
    # 「あいうえお」 in Shift_JIS is 82 A0 82 A2 82 A4 82 A6 82 A8: no byte can start a UTF-8
    # character, so an editor reading it as UTF-8 made each byte one U+FFFD: 10 characters,
    # all of them garbled, from line 2.
    original = "id,name\n1,あいうえお\n".encode("cp932")
    data = original.decode("utf-8", errors="replace").encode("utf-8")
    assert refusal(data) == (
        "文字コードが正しく読めていないようです（2行目「" + "\ufffd" * 10 + "」など、"
        "日本語の文字10字のうち10字が文字化けしています）。" + ADVICE
    )


def test_a_utf8_file_that_was_read_as_cp932_and_saved_is_refused() -> None:
    # 東京都 and こんにちは in UTF-8 read as cp932 (the literal text below, as an editor or
    # Excel shows it and then saves it, here as UTF-8 with BOM). Non-ASCII: 名称住所 4 +
    # 譚ｱ莠ｬ驛ｽ 6 + 縺薙ｓ縺ｫ縺｡縺ｯ 9 = 19. Garbled: 譚ｱ 莠ｬ 驛ｽ 縺ｫ 縺｡ 縺ｯ, a UTF-8 lead
    # kanji and the half-width katakana after it, 6 × 2 = 12 (縺 before 薙 is not counted).
    # The sample is the 12 characters from the first one: 「譚ｱ莠ｬ驛ｽ,縺薙ｓ縺ｫ」.
    data = "名称,住所\n譚ｱ莠ｬ驛ｽ,縺薙ｓ縺ｫ縺｡縺ｯ\n".encode("utf-8-sig")
    assert refusal(data) == (
        "文字コードが正しく読めていないようです（2行目「譚ｱ莠ｬ驛ｽ,縺薙ｓ縺ｫ」など、"
        "日本語の文字19字のうち12字が文字化けしています）。" + ADVICE
    )


def test_the_same_garbled_text_saved_as_cp932_is_refused_too() -> None:
    data = "名称,住所\n譚ｱ莠ｬ驛ｽ,縺薙ｓ縺ｫ縺｡縺ｯ\n".encode("cp932")
    assert refusal(data).startswith("文字コードが正しく読めていないようです（2行目「譚ｱ莠ｬ驛ｽ")


def test_a_shift_jis_file_read_as_latin1_is_refused() -> None:
    # 東京都 is 93 8C 8B 9E 93 73 in Shift_JIS; as Latin-1 the first five are C1 controls
    # (each one garbled, shown as U+FFFD in the message) and 73 is 「s」.
    data = "名称\n東京都\n".encode("cp932").decode("latin-1").encode("utf-8")
    message = refusal(data)
    assert message.startswith("文字コードが正しく読めていないようです（1行目「")
    assert "日本語の文字" in message and message.endswith(ADVICE)


def test_honest_files_with_rare_characters_are_read_in_both_encodings() -> None:
    rows = [
        ["名称", "代表者", "メモ"],
        ["㈱髙橋商店", "山﨑　花子", "①毎週火曜　②第2木曜"],
        ["ﾃｽﾄ", "渡邉 太郎", "“体操”……――（雨天中止）±0"],
        ["サロン渡邊", "渡邊", "Ⅱ期 ℡ 〒123-4567 ㎡ №5"],
    ]
    text = "".join(",".join(row) + "\r\n" for row in rows)
    assert read_rows(text.encode("cp932")) == (rows, "cp932")
    # UTF-8 also carries what cp932 cannot: é, ¥, the em dash.
    rows.append(["café こもれび", "Müller", "参加費 ¥500——雨天中止"])
    text = "".join(",".join(row) + "\r\n" for row in rows)
    assert read_rows(text.encode("utf-8-sig")) == (rows, "utf-8-sig")


def test_one_garbled_name_in_a_long_file_is_left_to_its_row() -> None:
    # 3 U+FFFD among 2 + 50 × 5 + 3 = 255 non-ASCII characters: fewer than 4, and 1%.
    text = "名称\n" + "桜町サロン\n" * 50 + "\ufffd\ufffd\ufffd\n"
    assert read_rows(text.encode())[0][-1] == ["\ufffd\ufffd\ufffd"]


class SheetTests(TestCase):
    def test_an_xlsx_saved_from_a_garbled_csv_is_refused_naming_the_row(self) -> None:
        data = xlsx_bytes("一覧", ["名称", "住所"], [["桜町サロン", "桜町1"], ["譚ｱ莠ｬ驛ｽ", 1]])
        with self.assertRaises(CsvDecodeError) as raised:
            read_table(data, "一覧.xlsx")
        # Non-ASCII: 名称住所 4 + 桜町サロン桜町 7 + 譚ｱ莠ｬ驛ｽ 6 = 17; garbled 6, from row 3.
        self.assertEqual(
            str(raised.exception),
            "文字化けした文字が多く含まれています（3行目「譚ｱ莠ｬ驛ｽ」など、"
            "日本語の文字17字のうち6字が文字化けしています）。"
            "CSVを Excel で開いたときに文字コードが正しく読めず、そのまま保存されたようです。"
            "元のファイルから作り直してください。",
        )

    def test_an_honest_xlsx_with_half_width_katakana_is_read(self) -> None:
        data = xlsx_bytes("一覧", ["名称", "読み"], [["㈱髙橋商店", "ｶﾌﾞｼｷｶﾞｲｼｬﾀｶﾊｼ"]])
        rows, kind = read_table(data, "一覧.xlsx")
        self.assertEqual((rows[1], kind), (["㈱髙橋商店", "ｶﾌﾞｼｷｶﾞｲｼｬﾀｶﾊｼ"], "xlsx"))


class PreviewPageTests(TestCase):
    """Through the upload and preview pages: the refusal is shown, nothing is written."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def upload(self, kind: str, data: bytes) -> str:
        upload = io.BytesIO(data)
        upload.name = "list.csv"
        url = reverse("core:import_upload", kwargs={"lgcode": "132012", "kind": kind})
        return self.client.post(url, {"file": upload})["Location"]

    def test_a_cut_off_resources_file_shows_the_line_and_writes_nothing(self) -> None:
        data = '名称,会場\n体操の会,北集会所\n囲碁の会,"南集会所'.encode("cp932")
        page = self.client.get(self.upload("resources_flat", data))
        self.assertContains(page, "3行目の「&quot;」で始まる項目が閉じられないまま")
        self.assertEqual(Resource.objects.count(), 0)
        (batch,) = ImportBatch.objects.all()
        self.assertEqual(batch.status, ImportStatus.PREVIEW)

    def test_a_garbled_population_file_shows_the_encoding_message(self) -> None:
        data = "町丁目,人口総数\n譚ｱ莠ｬ驛ｽ,120\n縺薙ｓ縺ｫ縺｡縺ｯ,80\n".encode("cp932")
        page = self.client.get(self.upload("population", data))
        self.assertContains(page, "文字コードが正しく読めていないようです（2行目「譚ｱ莠ｬ驛ｽ")
        self.assertContains(page, "Shift_JIS（cp932）か UTF-8 で保存し直してください。")
