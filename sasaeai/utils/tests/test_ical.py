import datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from sasaeai.utils.ical import Event, calendar, escape, fold

TOKYO = ZoneInfo("Asia/Tokyo")


class ICalTests(SimpleTestCase):
    def test_text_is_escaped(self) -> None:
        self.assertEqual(
            escape("会場: A室, B室; 2階\n駐車場なし"), "会場: A室\\, B室\\; 2階\\n駐車場なし"
        )

    def test_long_lines_are_folded_without_splitting_a_character(self) -> None:
        # "SUMMARY:" is 8 octets, each kana 3: 8 + 22 × 3 = 74 fit, the 23rd kana does not.
        line = "SUMMARY:" + "あ" * 30
        folded = fold(line)
        first, second = folded.split("\r\n")
        self.assertEqual(first, "SUMMARY:" + "あ" * 22)
        self.assertEqual(second, " " + "あ" * 8)
        self.assertTrue(all(len(part.encode()) <= 75 for part in folded.split("\r\n")))

    def test_times_are_written_in_utc(self) -> None:
        text = calendar(
            "北部会議",
            [
                Event(
                    uid="meeting-1@132012",
                    starts=datetime.datetime(2026, 12, 20, 14, 0, tzinfo=TOKYO),
                    ends=datetime.datetime(2026, 12, 20, 16, 0, tzinfo=TOKYO),
                    summary="第3回",
                    cancelled=True,
                )
            ],
            stamp=datetime.datetime(2026, 11, 27, 1, 0, tzinfo=datetime.UTC),
        )
        # 14:00 in Tokyo (UTC+9) is 05:00 UTC.
        self.assertIn("DTSTART:20261220T050000Z\r\nDTEND:20261220T070000Z\r\n", text)
        self.assertIn("STATUS:CANCELLED\r\n", text)
        self.assertTrue(text.startswith("BEGIN:VCALENDAR\r\n"))
        self.assertTrue(text.endswith("END:VCALENDAR\r\n"))

    def test_a_lone_carriage_return_cannot_start_a_new_line(self) -> None:
        self.assertEqual(escape("第1回\rEND:VEVENT"), "第1回\\nEND:VEVENT")
