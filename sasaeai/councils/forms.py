"""Forms of the council screens (labels and messages in Japanese; services do the writing)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.models import Area, Municipality
from sasaeai.resources.constants import Sector
from sasaeai.resources.models import Organization

from .constants import (
    ANSWER_STATUSES,
    ActionStatus,
    ChallengeCategory,
    ChallengeSource,
    ChallengeStatus,
    DecisionMethod,
    KptKind,
    MeetingKind,
    MemberRole,
    MessageKind,
)
from .models import Council, Decision, Escalation, Meeting, Membership, PlanningTeam

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
REQUIRED = {"required": _("入力してください。")}


class CouncilForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200, error_messages=REQUIRED)
    area = forms.ModelChoiceField(
        label=_("圏域"), queryset=Area.objects.none(), error_messages=REQUIRED
    )
    aims = forms.CharField(
        label=_("ねらい"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    target_state = forms.CharField(
        label=_("目指す地域の姿"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    established_on = forms.DateField(label=_("設置日"), widget=DATE, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=100, error_messages=REQUIRED)
    kana = forms.CharField(label=_("ふりがな"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("役職"), choices=MemberRole.choices)
    organization = forms.ModelChoiceField(
        label=_("所属団体"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("（住民個人として参加）"),
    )
    sector = forms.ChoiceField(
        label=_("分野"),
        choices=[("", _("所属団体から決める")), *Sector.choices],
        required=False,
    )
    term_start = forms.DateField(label=_("任期の始まり"), widget=DATE, error_messages=REQUIRED)
    term_end = forms.DateField(label=_("任期の終わり"), widget=DATE, required=False)
    email = forms.EmailField(label=_("メールアドレス（非公開）"), required=False)
    postal_address = forms.CharField(label=_("郵送先（非公開）"), max_length=300, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会議名"), max_length=200, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("種類"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label=_("開始"), widget=DATETIME, error_messages=REQUIRED)
    ends_at = forms.DateTimeField(label=_("終了"), widget=DATETIME, required=False)
    venue = forms.CharField(label=_("会場"), max_length=200, required=False)


class DecisionForm(forms.Form):
    prefix = "decision"  # several forms share a page: their field ids must differ

    title = forms.CharField(label=_("決定事項"), max_length=300, error_messages=REQUIRED)
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    method = forms.ChoiceField(label=_("決め方"), choices=DecisionMethod.choices)
    review_on = forms.DateField(label=_("見直し日"), widget=DATE, required=False)


class MembersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.name}（{obj.get_role_display()}）"


class ActionForm(forms.Form):
    prefix = "action"  # several forms share a page: their field ids must differ

    title = forms.CharField(label=_("やること"), max_length=300, error_messages=REQUIRED)
    owners = MembersField(
        label=_("担当"),
        queryset=Membership.objects.none(),
        error_messages={"required": _("担当を1人以上選んでください。")},
    )
    due_on = forms.DateField(label=_("期限"), widget=DATE, required=False)
    team = forms.ModelChoiceField(
        label=_("担当する企画検討チーム"),
        queryset=PlanningTeam.objects.none(),
        required=False,
        empty_label=_("（チームなし）"),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = council.memberships.order_by("kana", "pk")  # type: ignore[attr-defined]
        self.fields["team"].queryset = council.teams.all()  # type: ignore[attr-defined]


class ReflectionForm(forms.Form):
    prefix = "reflection"  # several forms share a page: their field ids must differ

    kind = forms.ChoiceField(label=_("区分"), choices=KptKind.choices)
    text = forms.CharField(label=_("内容"), max_length=300, error_messages=REQUIRED)


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("経過"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    status = forms.ChoiceField(
        label=_("状態"),
        choices=[("", _("変えない")), *ActionStatus.choices],
        required=False,
    )


class ChallengeForm(forms.Form):
    prefix = "challenge"  # several forms share a page: their field ids must differ

    title = forms.CharField(label=_("課題"), max_length=200, error_messages=REQUIRED)
    description = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("分野"),
        choices=ChallengeCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    source = forms.ChoiceField(label=_("きっかけ"), choices=ChallengeSource.choices)
    evidence_label = forms.CharField(
        label=_("根拠（指標や出来事）"),
        max_length=300,
        required=False,
        help_text=_("例：75歳以上の一人暮らし世帯の割合"),
    )
    evidence_value = forms.CharField(label=_("根拠の数値"), max_length=100, required=False)


class MaterialForm(forms.Form):
    prefix = "material"  # several forms share a page: their field ids must differ

    title = forms.CharField(label=_("資料名"), max_length=200, required=False)
    file = forms.FileField(
        label=_("ファイル（PDF・Word・Excel など、20MBまで）"),
        error_messages={"required": _("ファイルを選んでください。")},
    )


class TeamForm(forms.Form):
    prefix = "team"  # several forms share a page: their field ids must differ

    name = forms.CharField(label=_("チーム名"), max_length=200, error_messages=REQUIRED)
    purpose = forms.CharField(
        label=_("目的"), widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED
    )
    members = MembersField(
        label=_("メンバー"),
        queryset=Membership.objects.none(),
        error_messages={"required": _("メンバーを1人以上選んでください。")},
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = council.memberships.order_by("kana", "pk")  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新しい状態"), choices=ChallengeStatus.choices)
    note = forms.CharField(label=_("理由・経過"), max_length=500, required=False)


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("第1層で扱ってほしい理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("第1層で扱ってほしい理由を入力してください。")},
    )


class EscalationsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Escalation) -> str:
        return f"{obj.challenge.title}（{obj.from_council.area.name}）"


class GroupForm(forms.Form):
    prefix = "group"  # several forms share a page: their field ids must differ

    title = forms.CharField(label=_("まとめた課題の名前"), max_length=200, error_messages=REQUIRED)
    escalations = EscalationsField(
        label=_("まとめる課題"),
        queryset=Escalation.objects.none(),
        error_messages={"required": _("まとめる課題を選んでください。")},
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["escalations"].queryset = council.escalations_received.filter(  # type: ignore[attr-defined]
            answer__isnull=True, group__isnull=True
        ).select_related("challenge", "from_council__area")


class AgendaChoiceForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("取り上げる会議"),
        queryset=Meeting.objects.none(),
        error_messages={"required": _("会議を選んでください。")},
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = council.meetings.filter(status="planned").order_by(  # type: ignore[attr-defined]
            "starts_at"
        )


class AnswerForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("回答とする決定事項"),
        queryset=Decision.objects.none(),
        error_messages={"required": _("決定事項を選んでください。")},
    )
    status = forms.ChoiceField(
        label=_("回答後の課題の状態"),
        choices=[(s, ChallengeStatus(s).label) for s in ANSWER_STATUSES],
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = council.decisions.all()  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    prefix = "message"  # several forms share a page: their field ids must differ

    kind = forms.ChoiceField(label=_("種類"), choices=MessageKind.choices)
    title = forms.CharField(label=_("件名"), max_length=200, error_messages=REQUIRED)
    body = forms.CharField(
        label=_("本文"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED
    )
