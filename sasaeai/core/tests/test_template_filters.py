import datetime

from django.test import SimpleTestCase

from sasaeai.core.templatetags.sasaeai import nendo, options, percent, wareki


class FilterTests(SimpleTestCase):
    def test_an_aware_time_is_dated_in_tokyo(self) -> None:
        # 2026-11-26 22:30 UTC + 9 h = 2026-11-27 07:30 JST → 令和8年11月27日 (2026 − 2018 = 令和8).
        self.assertEqual(
            wareki(datetime.datetime(2026, 11, 26, 22, 30, tzinfo=datetime.UTC)), "令和8年11月27日"
        )

    def test_a_plain_date_and_a_missing_value(self) -> None:
        self.assertEqual(wareki(datetime.date(2019, 5, 1)), "令和元年5月1日")
        self.assertEqual(wareki(None), "")

    def test_fiscal_year_and_percent(self) -> None:
        self.assertEqual(nendo(2025), "令和7年度")
        self.assertEqual(percent(None), "—")

    def test_options_mark_the_chosen_one_and_escape_every_value_and_label(self) -> None:
        html = options([(1, "桜町"), (2, '<b>"青葉"&</b>')], 2, "すべて")
        self.assertEqual(
            html,
            '<option value="">すべて</option>'
            '<option value="1">桜町</option>'
            '<option value="2" selected>&lt;b&gt;&quot;青葉&quot;&amp;&lt;/b&gt;</option>',
        )
        # No empty choice unless asked for; a value of another type is not the chosen one.
        self.assertEqual(options([("1", "月")], 1), '<option value="1">月</option>')
