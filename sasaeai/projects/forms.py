"""Forms of the project screens (labels and messages in Japanese; services.py writes).
Several forms share the project page, so each has a prefix and its field ids differ."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.councils.models import Challenge, Meeting
from sasaeai.resources.models import Organization, Resource
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year
from sasaeai.utils.forms import DATE_HELP, WarekiDateField
from sasaeai.utils.wareki import to_wareki

from .constants import MAX_AMOUNT, HypothesisStatus, Origin, PartnerKind, Stage
from .models import Hypothesis, Milestone, OutcomeIndicator, Project, ProjectPartner

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def today_text() -> str:
    """Today as a date field starts with it: 和暦 (「令和8年11月27日」), as the office writes
    dates, rather than the widget's raw 2026-11-27; the field reads it back."""
    return to_wareki(timezone.localdate())


def required(message: Any) -> dict[str, str]:
    return {"required": message}


class AmountField(forms.IntegerField):
    """千円 as typed in Japan: full-width digits and thousands commas (「１,２００」) are read."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).replace(",", "").strip()
        return super().to_python(value)


def amount(label: Any, *, needed: bool = False) -> forms.IntegerField:
    """An amount in 千円: a whole number, 0 or more."""
    return AmountField(
        label=label,
        min_value=0,
        max_value=MAX_AMOUNT,
        required=needed,
        error_messages={
            "required": _("金額を入力してください（なければ0）。"),
            "invalid": _("金額は千円単位の整数で入力してください。"),
            "min_value": _("金額は0以上で入力してください。"),
            "max_value": _("金額は%(limit_value)s千円以下で入力してください。"),
        },
    )


def number(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("数字で入力してください（小数は2桁まで）。")},
    )


class ChallengeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Challenge) -> str:
        area = obj.area.name if obj.area else _("市全体")
        return f"{obj.title}（{area}）"


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        day = to_wareki(timezone.localtime(obj.starts_at).date())
        return f"{obj.title}（{obj.council.name}・{day}）"


class ProjectForm(forms.Form):
    title = forms.CharField(
        label=_("事業名"), max_length=200, error_messages=required(_("事業名を入力してください。"))
    )
    summary = forms.CharField(label=_("概要"), widget=TEXTAREA, required=False)
    area = forms.ModelChoiceField(
        label=_("圏域"), queryset=Area.objects.none(), required=False, empty_label=_("（市全体）")
    )
    origin = forms.ChoiceField(
        label=_("きっかけ"),
        # A select, not radio buttons: the shared field template labels one control.
        choices=[("", _("（選んでください）")), *Origin.choices],
        error_messages=required(_("きっかけを選んでください。")),
    )
    origin_challenge = ChallengeChoice(
        label=_("きっかけの地域課題（「地域課題」のとき）"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("（選んでください）"),
    )
    origin_meeting = MeetingChoice(
        label=_("きっかけの会議（「会議」のとき）"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("（選んでください）"),
    )
    origin_note = forms.CharField(
        label=_("きっかけの補足（ワークショップの名前、「その他」の内容）"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["area"].queryset = Area.objects.layer2().filter(municipality=municipality)
        fields["origin_challenge"].queryset = Challenge.objects.filter(
            municipality=municipality
        ).select_related("area")
        fields["origin_meeting"].queryset = (
            Meeting.objects.filter(council__municipality=municipality)
            .select_related("council")
            .order_by("-starts_at", "pk")
        )


class ProjectCreateForm(ProjectForm):
    started_on = WarekiDateField(
        label=_("始めた日（アイデアの段階の日付）"),
        help_text=DATE_HELP,
        error_messages=required(_("始めた日を入力してください。")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("started_on", today_text())
        super().__init__(*args, **kwargs)


class StageForm(forms.Form):
    prefix = "stage"

    # Every stage is a choice here: the service explains which steps are possible.
    stage = forms.ChoiceField(
        label=_("新しい段階"),
        choices=Stage.choices,
        error_messages=required(_("新しい段階を選んでください。")),
    )
    changed_on = WarekiDateField(
        label=_("日付"), help_text=DATE_HELP, error_messages=required(_("日付を入力してください。"))
    )
    note = forms.CharField(label=_("経過・理由"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("changed_on", today_text())
        super().__init__(*args, **kwargs)


class OrganizationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name}（{obj.get_type_display()}）"


class PartnerForm(forms.Form):
    prefix = "partner"

    organization = OrganizationChoice(
        label=_("団体"),
        queryset=Organization.objects.none(),
        empty_label=_("（選んでください）"),
        error_messages=required(_("団体を選んでください。")),
    )
    kind = forms.ChoiceField(
        label=_("立場"),
        choices=[("", _("団体の種別から決める")), *PartnerKind.choices],
        required=False,
    )
    role = forms.CharField(
        label=_("役割"),
        max_length=200,
        required=False,
        help_text=_("例：移動販売車の運行、会場の提供、見守りの声かけ"),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["organization"].queryset = Organization.objects.filter(municipality=municipality)


class PartnerRemoveForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("連携先"),
        queryset=ProjectPartner.objects.none(),
        error_messages={"invalid_choice": _("この事業の連携先ではありません。")},
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = project.partners.all()  # type: ignore[attr-defined]


class ResourceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resource) -> str:
        return f"{obj.name}（{obj.get_kind_display()}）"


class ResourceLinkForm(forms.Form):
    prefix = "resource"

    resource = ResourceChoice(
        label=_("地域資源"),
        queryset=Resource.objects.none(),
        empty_label=_("（選んでください）"),
        error_messages=required(_("地域資源を選んでください。")),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["resource"].queryset = Resource.objects.filter(municipality=municipality)


class ResourceUnlinkForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=_("地域資源"),
        queryset=Resource.objects.none(),
        error_messages={"invalid_choice": _("この事業から生まれた地域資源ではありません。")},
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = project.resources.all()  # type: ignore[attr-defined]


class HypothesisForm(forms.Form):
    prefix = "hypothesis"

    statement = forms.CharField(
        label=_("仮説"),
        widget=TEXTAREA,
        help_text=_("例：移動販売に来る人は、見守りの声かけも受け入れる"),
        error_messages=required(_("仮説を入力してください。")),
    )
    method = forms.CharField(
        label=_("確かめ方"),
        widget=TEXTAREA,
        help_text=_("例：試行の3か月、販売員が声かけの記録をつける"),
        error_messages=required(_("確かめ方を入力してください。")),
    )


class HypothesisChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Hypothesis) -> str:
        return Truncator(obj.statement).chars(40)


class HypothesisResultForm(forms.Form):
    prefix = "result"

    hypothesis = HypothesisChoice(
        label=_("仮説"),
        queryset=Hypothesis.objects.none(),
        empty_label=_("（選んでください）"),
        error_messages=required(_("仮説を選んでください。")),
    )
    status = forms.ChoiceField(label=_("検証の結果"), choices=HypothesisStatus.choices)
    result = forms.CharField(label=_("結果"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hypothesis"].queryset = project.hypotheses.all()  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    prefix = "milestone"

    title = forms.CharField(
        label=_("節目"), max_length=200, error_messages=required(_("節目を入力してください。"))
    )
    due_on = WarekiDateField(
        label=_("予定日（見直す日）"),
        help_text=DATE_HELP,
        error_messages=required(_("予定日を入力してください。")),
    )


class MilestoneChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Milestone) -> str:
        return f"{obj.title}（{to_wareki(obj.due_on)}）"


class MilestoneDoneForm(forms.Form):
    prefix = "done"

    milestone = MilestoneChoice(
        label=_("節目"),
        queryset=Milestone.objects.none(),
        empty_label=_("（選んでください）"),
        error_messages=required(_("節目を選んでください。")),
    )
    done_on = WarekiDateField(
        label=_("できた日"),
        help_text=DATE_HELP,
        error_messages=required(_("できた日を入力してください。")),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("done_on", today_text())
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = project.milestones.filter(done_on__isnull=True)  # type: ignore[attr-defined]


def fiscal_year_choices(around: int) -> list[tuple[int, str]]:
    """Five 年度 back and five ahead of `around`, newest last."""
    return [(year, format_fiscal_year(year)) for year in range(around - 5, around + 6)]


class BudgetForm(forms.Form):
    prefix = "budget"

    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=())
    planned = amount(_("事業費・予算（千円）"), needed=True)
    subsidy_planned = amount(_("うち補助金・予算（千円）"), needed=True)
    actual = amount(_("事業費・実績（千円）"))
    subsidy_actual = amount(_("うち補助金・実績（千円）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        current = current_fiscal_year()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("fiscal_year", current)
        initial.setdefault("subsidy_planned", 0)
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["fiscal_year"].choices = fiscal_year_choices(current)


class IndicatorForm(forms.Form):
    prefix = "indicator"

    name = forms.CharField(
        label=_("指標名"),
        max_length=200,
        help_text=_("例：移動販売の利用者数"),
        error_messages=required(_("指標名を入力してください。")),
    )
    unit = forms.CharField(
        label=_("単位"),
        max_length=20,
        help_text=_("例：人、回、か所"),
        error_messages=required(_("単位を入力してください（人、回、か所など）。")),
    )
    target = number(_("目標"))
    actual = number(_("実績"))


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OutcomeIndicator) -> str:
        return f"{obj.name}（{obj.unit}）"


class IndicatorActualForm(forms.Form):
    prefix = "actual"

    indicator = IndicatorChoice(
        label=_("指標"),
        queryset=OutcomeIndicator.objects.none(),
        empty_label=_("（選んでください）"),
        error_messages=required(_("指標を選んでください。")),
    )
    actual = number(_("実績"))

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.outcome_indicators.all()  # type: ignore[attr-defined]
