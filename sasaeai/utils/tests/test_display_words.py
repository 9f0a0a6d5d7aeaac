"""The words around form errors and dates: a summary names each field once, and the one place
where a date carries its Western year too."""

import datetime

import pytest

from sasaeai.core.templatetags.sasaeai import field_error, wareki_year
from sasaeai.utils.wareki import to_wareki_with_year


@pytest.mark.parametrize(
    ("message", "label", "shown"),
    [
        # Already opens with its field and a particle: shown as it is.
        ("日付を入力してください。", "日付", "日付を入力してください。"),
        ("次の対応日は活動の日付以降にしてください。", "次の対応日", "次の対応日は活動の日付以降にしてください。"),
        # Mentions the label but is not about it as a subject: the label goes first.
        ("PDFファイル（拡張子 .pdf）を選んでください。", "PDF", "PDF: PDFファイル（拡張子 .pdf）を選んでください。"),
        ("つなぐ元とつなぐ先の両方を選んでください。", "つなぐ先", "つなぐ先: つなぐ元とつなぐ先の両方を選んでください。"),
        ("有効な値を入力してください。", "人数", "人数: 有効な値を入力してください。"),
    ],
)  # fmt: skip
def test_a_summary_line_names_the_field_once(message: str, label: str, shown: str) -> None:
    assert field_error(message, label) == shown


def test_the_western_year_in_brackets() -> None:
    # 2026 − 2018 = 令和8年; 2019-05-01 is 令和元年.
    assert to_wareki_with_year(datetime.date(2026, 12, 5)) == "令和8年12月5日（2026年）"
    assert wareki_year(datetime.date(2019, 5, 1)) == "令和元年5月1日（2019年）"
    # 2026-12-31 15:30 UTC is 2027-01-01 in Tokyo.
    aware = datetime.datetime(2026, 12, 31, 15, 30, tzinfo=datetime.UTC)
    assert wareki_year(aware) == "令和9年1月1日（2027年）"
    assert wareki_year(None) == ""
