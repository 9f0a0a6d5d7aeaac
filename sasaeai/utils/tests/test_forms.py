"""Tests for the 和暦-aware date form field."""

from datetime import UTC, date, datetime

import pytest
import time_machine
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


@time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=UTC), tick=False)
@pytest.mark.parametrize("typed", ["12/5", "１２／５", "12月5日"])
def test_the_field_reads_month_and_day_as_this_year(typed: str) -> None:
    # 2026-11-27 in Tokyo, so 「12/5」 is 2026-12-05.
    assert WarekiDateField().clean(typed) == date(2026, 12, 5)


@time_machine.travel(datetime(2026, 12, 31, 15, 30, tzinfo=UTC), tick=False)
def test_this_year_is_the_year_in_tokyo() -> None:
    # 2026-12-31 15:30 UTC is 2027-01-01 00:30 in Tokyo: 「1/1」 is already 2027's.
    assert WarekiDateField().clean("1/1") == date(2027, 1, 1)


@time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=UTC), tick=False)
def test_an_impossible_month_and_day_is_named_in_the_message() -> None:
    form = _MeetingForm(data={"held_on": "2/29", "next_on": ""})
    assert not form.is_valid()
    # 2026 is not a leap year.
    assert form.errors == {"held_on": ["2月29日は存在しません（2月は28日までです）"]}


class _PlainForm(forms.Form):
    """Django's own fields, as any app declares them: the project renderer names the field."""

    title = forms.CharField(label="件名")
    kind = forms.ChoiceField(label="種類", choices=[("a", "訪問")])
    areas = forms.MultipleChoiceField(label="圏域", choices=[("1", "北部")])
    agreed = forms.BooleanField(label="同意する")
    held_on = WarekiDateField(label="開催日")
    note = forms.CharField(label="メモ", error_messages={"required": "メモを書いてください。"})


def test_empty_required_fields_name_their_label() -> None:
    form = _PlainForm(data={})
    assert not form.is_valid()
    assert form.errors == {
        "title": ["件名を入力してください。"],
        "kind": ["種類を選んでください。"],
        "areas": ["圏域を選んでください。"],
        "agreed": ["同意するにチェックを入れてください。"],
        "held_on": ["開催日を入力してください。"],
        # A form's own wording is kept.
        "note": ["メモを書いてください。"],
    }


def test_each_form_gets_its_own_message() -> None:
    # The message is set on the form's copy of the field, not on the class's field.
    _PlainForm(data={}).is_valid()
    assert (
        _PlainForm.base_fields["title"].error_messages["required"] == "このフィールドは必須です。"
    )


def test_the_summary_names_each_field_once() -> None:
    from django.template.loader import render_to_string

    form = _PlainForm(data={"title": "x", "kind": "a", "areas": ["1"], "agreed": "on",
                            "held_on": "13/40", "note": ""})  # fmt: skip
    html = render_to_string("core/_form_errors.html", {"form": form})
    # A message that already names the field is shown as it is; any other gets the label first.
    assert '<a href="#id_note">メモを書いてください。</a>' in html
    assert '<a href="#id_held_on">開催日: 13月40日は存在しません（月は1〜12です）</a>' in html


def test_a_date_is_shown_in_wareki_and_typed_text_as_typed() -> None:
    form = _MeetingForm(initial={"held_on": date(2026, 12, 5)})
    # 2026 − 2018 = 令和8年.
    assert 'value="令和8年12月5日"' in str(form["held_on"])
    bound = _MeetingForm(data={"held_on": "2026-13-01", "next_on": ""})
    assert 'value="2026-13-01"' in str(bound["held_on"])
