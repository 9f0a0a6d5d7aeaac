"""Tests for the 和暦-aware date form field."""

from datetime import date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from sasaeai.utils.forms import WarekiDateField


class _MeetingForm(forms.Form):
    held_on = WarekiDateField(label="開催日")
    next_on = WarekiDateField(label="次回", required=False)


@pytest.mark.parametrize(
    "value", ["令和7年4月1日", "R7.4.1", "Ｒ７．４．１", "2025-04-01", "2025/4/1"]
)
def test_the_field_reads_wareki_and_western_text(value: str) -> None:
    # 令和7年 = 2018 + 7 = 2025
    assert WarekiDateField().clean(value) == date(2025, 4, 1)


def test_the_field_passes_date_objects_through() -> None:
    assert WarekiDateField().clean(date(2019, 5, 1)) == date(2019, 5, 1)


def test_the_field_drops_the_time_of_a_datetime() -> None:
    assert WarekiDateField().clean(datetime(2019, 4, 30, 23, 59)) == date(2019, 4, 30)


def test_an_impossible_date_gives_the_japanese_reason() -> None:
    with pytest.raises(ValidationError) as raised:
        WarekiDateField().clean("平成31年5月1日")
    assert raised.value.messages == ["平成31年5月1日は存在しません（平成は31年4月30日までです）"]
    assert raised.value.code == "invalid"


def test_unreadable_text_is_echoed_in_the_message() -> None:
    with pytest.raises(ValidationError) as raised:
        WarekiDateField().clean("来週の月曜")
    assert raised.value.messages == ["日付として読み取れません: 来週の月曜"]


@pytest.mark.parametrize("empty", ["", None, "   ", "\u3000"])
def test_an_empty_required_field_says_it_is_required(empty: str | None) -> None:
    # Spaces alone, including the ideographic space an IME types, count as left blank.
    with pytest.raises(ValidationError) as raised:
        WarekiDateField().clean(empty)
    assert raised.value.code == "required"


@pytest.mark.parametrize("empty", ["", None, "\u3000"])
def test_an_empty_optional_field_is_none(empty: str | None) -> None:
    assert WarekiDateField(required=False).clean(empty) is None


def test_a_bound_form_shows_the_message_under_the_field() -> None:
    form = _MeetingForm(data={"held_on": "R7.2.30", "next_on": ""})
    assert not form.is_valid()
    # 2018 + 7 = 2025, not a leap year.
    assert form.errors == {"held_on": ["令和7年2月30日は存在しません（2月は28日までです）"]}


def test_a_bound_form_cleans_wareki_input() -> None:
    form = _MeetingForm(data={"held_on": "令和元年5月1日", "next_on": "R1.5.8"})
    assert form.is_valid()
    assert form.cleaned_data == {"held_on": date(2019, 5, 1), "next_on": date(2019, 5, 8)}
