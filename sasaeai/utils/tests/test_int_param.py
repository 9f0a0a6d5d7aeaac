from django.test import SimpleTestCase

from sasaeai.utils.forms import MAX_ID, int_or_none


class IntOrNoneTests(SimpleTestCase):
    def test_plain_digits_only(self) -> None:
        self.assertEqual(int_or_none("42"), 42)
        self.assertEqual(int_or_none(" 7 "), 7)
        for bad in ("", None, "abc", "²", "３", "-1", "1.5", "99999999999999999999"):
            with self.subTest(bad):
                self.assertIsNone(int_or_none(bad))

    def test_an_upper_limit(self) -> None:
        # 2**63 − 1 = 9223372036854775807 is the largest id; one more is refused.
        self.assertEqual(int_or_none("9223372036854775807"), MAX_ID)
        self.assertIsNone(int_or_none("9223372036854775808"))
        self.assertIsNone(int_or_none("201", maximum=200))
