"""A check shared by the apps' date tests: each WarekiDateField of some forms shows the one
example and names itself when left empty."""

from django import forms

from sasaeai.utils.forms import WarekiDateField

# Written out, not read from utils.forms.DATE_HELP: the test states what people see.
EXAMPLE = "例：令和8年12月5日、R8.12.5、2026/12/5、12/5（今年の12月5日）"


def date_field_problems(date_forms: tuple[type[forms.Form], ...]) -> tuple[int, list[str]]:
    """(how many date fields were found, what is wrong with them)."""
    seen, problems = 0, []
    for form in date_forms:
        for name, field in form.base_fields.items():
            if not isinstance(field, WarekiDateField):
                continue
            seen += 1
            where = f"{form.__name__}.{name}"
            if str(field.help_text) != EXAMPLE:
                problems.append(f"{where}: help {field.help_text}")
            # 「始めた日を入力してください。」, not Django's 「このフィールドは必須です。」: the
            # label up to its note in brackets is in the message.
            label = str(field.label).split("（")[0]
            if f"{label}を入力してください。" not in str(field.error_messages["required"]):
                problems.append(f"{where}: required {field.error_messages['required']}")
    return seen, problems
