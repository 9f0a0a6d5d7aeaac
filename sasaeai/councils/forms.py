"""Forms of the council screens (labels and messages in Japanese; services do the writing).

Dates are typed as people write them (令和8年12月5日, 2026/12/5, 12/5 for this year) through the
project's WarekiDateField, and times as 14:00 or 午後2時, instead of the browser's date pickers,
whose look and language differ from browser to browser. Every message names its field."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sasaeai.areas.constants import Layer
from sasaeai.areas.models import Area, Municipality
from sasaeai.resources.constants import Sector
from sasaeai.resources.models import Organization, Resource
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year
from sasaeai.utils.forms import (
    DATE_HELP,
    ModelMultipleIdsField,
    WarekiDateField,
    WarekiDateInput,
    int_or_none,
)
from sasaeai.utils.wareki import to_wareki

from . import services
from .constants import (
    ANSWER_STATUSES,
    OPEN_CHALLENGE_STATUSES,
    ActionStatus,
    ChallengeCategory,
    ChallengeSource,
    ChallengeStatus,
    DecisionMethod,
    KptKind,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MessageKind,
    Priority,
    Standing,
    TargetIndicator,
)
from .models import (
    Challenge,
    Council,
    Decision,
    Escalation,
    Meeting,
    Membership,
    PlanningTeam,
)
from .selectors import BY_PRIORITY
from .services import AgendaInput, councils_below

TIME_HELP = _("例：14:00、午後2時、14時30分")


def required(message: Any) -> dict[str, Any]:
    """The message for a field left blank, naming the field (never Django's bare default)."""
    return {"required": message}


def date_field(label: Any, message: Any = None, **kwargs: Any) -> WarekiDateField:
    """A date typed as text; `message` is the refusal when it is required and left blank."""
    kwargs.setdefault("help_text", DATE_HELP)
    return WarekiDateField(
        label=label,
        widget=WarekiDateInput(attrs={"autocomplete": "off"}),
        required=message is not None,
        error_messages=required(message) if message is not None else {},
        **kwargs,
    )


# 「14:00」「14：00」「14時」「14時30分」「2時半」「午後2時」「1400」, full width or not.
TIME_PATTERN = re.compile(
    r"(?P<ampm>午前|午後|am|pm)?(?P<h>\d{1,2})(?:(?::|時)(?P<m>\d{1,2})?分?|時半|時|(?P<m4>\d{2}))?"
    r"(?P<ampm2>am|pm)?"
)


class JapaneseTimeField(forms.TimeField):
    """A time of day as people type it in Japanese: 14:00, 午後2時, 14時30分, 2時半."""

    widget = forms.TextInput(attrs={"autocomplete": "off", "class": "narrow-text"})

    def to_python(self, value: Any) -> datetime.time | None:
        if isinstance(value, datetime.time):
            return value
        text = "".join(unicodedata.normalize("NFKC", str(value or "")).split()).lower()
        if not text:
            return None
        match = TIME_PATTERN.fullmatch(text)
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hour = int(match["h"])
        minute = int(match["m"] or match["m4"] or (30 if text.endswith("時半") else 0))
        ampm = match["ampm"] or match["ampm2"]
        if ampm in ("午後", "pm") and hour < 12:
            hour += 12
        elif ampm in ("午前", "am") and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.time(hour, minute)


class CouncilForm(forms.Form):
    field_order = ["name", "area", "parent"]

    name = forms.CharField(
        label=_("名称"), max_length=200, error_messages=required(_("名称を入力してください。"))
    )
    area = forms.ModelChoiceField(
        label=_("圏域"),
        queryset=Area.objects.none(),
        error_messages=required(_("圏域を選んでください。")),
    )
    aims = forms.CharField(
        label=_("ねらい"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    target_state = forms.CharField(
        label=_("目指す地域の姿"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    established_on = date_field(_("設置日"))
    office_phone = forms.CharField(
        label=_("事務局の電話番号"),
        max_length=30,
        required=False,
        help_text=_("開催通知に「ご都合が悪い場合の連絡先」として印刷します。例：042-000-0000"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    # Offered: the municipality's layer-1 councils that are no 専門部会 themselves (one level);
    # the service checks the rest (same area, not itself).
    parent = forms.ModelChoiceField(
        label=_("親の協議体（専門部会のとき）"),
        queryset=Council.objects.none(),
        required=False,
        empty_label=_("（専門部会ではない）"),
        help_text=_("第1層の協議体の専門部会として登録するときに、親の協議体を選びます。"),
        error_messages={"invalid_choice": _("親の協議体は一覧から選んでください。")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["parent"].queryset = Council.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, area__layer=Layer.FIRST, parent__isnull=True
        ).select_related("area")


class CouncilSettingsForm(CouncilForm):
    """The council's own settings (its area stays: a council for another area is a new one;
    only a layer-1 council may be made a 専門部会, of another one)."""

    field_order = ["name", "parent", "established_on", "office_phone"]

    def __init__(
        self, *args: Any, municipality: Municipality, council: Council | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        # The aims are revisited on their own page (AimsView), which keeps every version.
        for name in ("area", "aims", "target_state"):
            del self.fields[name]
        if council is not None and council.layer != Layer.FIRST:
            del self.fields["parent"]
        elif council is not None:
            parents = self.fields["parent"].queryset.exclude(pk=council.pk)  # type: ignore[attr-defined]
            self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class TermEndForm(forms.Form):
    """The last day of a member's term (confirmed on a second screen)."""

    term_end = date_field(_("任期の終わり"), _("任期の終わりの日付を入力してください。"))


class TryDueForm(forms.Form):
    """The due date of an action made from a 次にやること (Try)."""

    due_on = date_field(_("期限"))


class MemberForm(forms.Form):
    name = forms.CharField(
        label=_("氏名"), max_length=100, error_messages=required(_("氏名を入力してください。"))
    )
    kana = forms.CharField(label=_("ふりがな"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("役職"),
        choices=MemberRole.choices,
        error_messages=required(_("役職を選んでください。")),
    )
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
    term_start = date_field(_("任期の始まり"), _("任期の始まりの日付を入力してください。"))
    term_end = date_field(_("任期の終わり"))
    email = forms.EmailField(label=_("メールアドレス（非公開）"), required=False)
    postal_address = forms.CharField(label=_("郵送先（非公開）"), max_length=300, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("会議名"), max_length=200, error_messages=required(_("会議名を入力してください。"))
    )
    kind = forms.ChoiceField(
        label=_("種類"),
        choices=MeetingKind.choices,
        error_messages=required(_("会議の種類を選んでください。")),
    )
    day = date_field(_("開催日"), _("開催日を入力してください。"))
    starts = JapaneseTimeField(
        label=_("開始時刻"),
        help_text=TIME_HELP,
        error_messages={
            "required": _("開始時刻を入力してください。"),
            "invalid": _("開始時刻は「14:00」「午後2時」のように入力してください。"),
        },
    )
    ends = JapaneseTimeField(
        label=_("終了時刻"),
        help_text=TIME_HELP,
        required=False,
        error_messages={"invalid": _("終了時刻は「16:00」「午後4時」のように入力してください。")},
    )
    venue = forms.CharField(label=_("会場"), max_length=200, required=False)
    joint_councils = ModelMultipleIdsField(
        label=_("合同で開く協議体（交流会・タウンミーティングなど）"),
        queryset=Council.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("選んだ協議体のメンバーも出欠をとれます。会議はその協議体の一覧にも出ます。"),
    )

    def __init__(self, *args: Any, council: Council, joint_choices: list[Council], **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Only councils whose records the user writes: a meeting appears on each joint
        # council's list and calendar, so adding one is that council's own decision.
        chosen = [c.pk for c in joint_choices if c.pk != council.pk]
        if chosen:
            self.fields["joint_councils"].queryset = Council.objects.filter(pk__in=chosen)  # type: ignore[attr-defined]
        else:
            del self.fields["joint_councils"]

    def clean(self) -> dict[str, Any]:
        """The start and end as moments in the municipality's time zone (Asia/Tokyo)."""
        data = super().clean() or {}
        data.setdefault("joint_councils", [])
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day is None or starts is None:
            return data
        zone = timezone.get_current_timezone()
        data["starts_at"] = datetime.datetime.combine(day, starts, tzinfo=zone)
        data["ends_at"] = datetime.datetime.combine(day, ends, tzinfo=zone) if ends else None
        if ends is not None and ends < starts:
            self.add_error("ends", _("終了時刻は開始時刻より後にしてください。"))
        return data


class DecisionForm(forms.Form):
    prefix = "decision"  # several forms share a page: their field ids must differ

    title = forms.CharField(
        label=_("決定事項"),
        max_length=300,
        error_messages=required(_("決定事項を入力してください。")),
    )
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    method = forms.ChoiceField(
        label=_("決め方"),
        choices=DecisionMethod.choices,
        error_messages=required(_("決め方を選んでください。")),
    )
    review_on = date_field(_("見直し日"))


class MembersField(ModelMultipleIdsField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.name}（{obj.get_role_display()}）"


class ActionForm(forms.Form):
    prefix = "action"  # several forms share a page: their field ids must differ

    title = forms.CharField(
        label=_("やること"),
        max_length=300,
        error_messages=required(_("やることを入力してください。")),
    )
    owners = MembersField(
        label=_("担当"),
        queryset=Membership.objects.none(),
        error_messages={"required": _("担当を1人以上選んでください。")},
    )
    due_on = date_field(_("期限"))
    team = forms.ModelChoiceField(
        label=_("担当する企画検討チーム"),
        queryset=PlanningTeam.objects.none(),
        required=False,
        empty_label=_("（チームなし）"),
    )
    decision = forms.ModelChoiceField(
        label=_("もとになった決定事項"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("（なし）"),
    )
    challenge = forms.ModelChoiceField(
        label=_("応える地域課題"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("（なし）"),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = council.memberships.order_by("kana", "pk")  # type: ignore[attr-defined]
        self.fields["team"].queryset = council.teams.all()  # type: ignore[attr-defined]
        self.fields["decision"].queryset = council.decisions.order_by("-decided_on", "-pk")  # type: ignore[attr-defined]
        # The council's own open issues, and for layer 1 those sent up to it.
        issues = Challenge.objects.filter(
            Q(council=council) | Q(escalation__to_council=council),
            status__in=OPEN_CHALLENGE_STATUSES,
        )
        self.fields["challenge"].queryset = issues.order_by("-created_at", "-pk")  # type: ignore[attr-defined]


class ReflectionForm(forms.Form):
    prefix = "reflection"  # several forms share a page: their field ids must differ

    kind = forms.ChoiceField(
        label=_("区分"),
        choices=KptKind.choices,
        error_messages=required(_("区分を選んでください。")),
    )
    text = forms.CharField(
        label=_("内容"),
        max_length=300,
        error_messages=required(_("振り返りの内容を入力してください。")),
    )


# The page's one list of the municipality's 地域資源 that every 「生まれた地域資源」 input offers.
RESOURCE_LIST_ID = "resource-choices"
# 「サロンひまわり（No.123）」: a choice from that list carries the resource's number, so that
# two resources of the same name stay apart.
RESOURCE_NUMBER = re.compile(r"\(\s*no\.?\s*(\d+)\s*\)$")


def resource_label(pk: int, name: str) -> str:
    return f"{name}（No.{pk}）"


class ResourceNameField(forms.CharField):
    """A 地域資源 picked from the page's list or typed: a text input with a datalist rather
    than a select, because a municipality has hundreds. Read by its number, else by its exact
    name within `municipality`; the service checks the municipality of a number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        attrs = {"list": RESOURCE_LIST_ID, "autocomplete": "off"}
        super().__init__(*args, required=False, widget=forms.TextInput(attrs=attrs), **kwargs)
        self.municipality: Municipality | None = None

    def clean(self, value: Any) -> Resource | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        number = RESOURCE_NUMBER.search(unicodedata.normalize("NFKC", text).lower())
        # Only this municipality's: another's number is "not found" like any unknown one, so
        # the answer tells nothing about which numbers exist elsewhere.
        resources = Resource.objects.filter(municipality=self.municipality)
        if number is not None:
            found = list(resources.filter(pk=int(number[1])))
        else:
            found = list(resources.filter(name=text)[:2])
        if len(found) > 1:
            raise ValidationError(
                _(
                    "生まれた地域資源「%(text)s」は同じ名前が複数あります。"
                    "一覧から番号（No.）つきのものを選んでください。"
                ),
                params={"text": text},
            )
        if not found:
            raise ValidationError(
                _("生まれた地域資源「%(text)s」が見つかりません。一覧から選んでください。"),
                params={"text": text},
            )
        return found[0]


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("経過"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    status = forms.ChoiceField(
        label=_("状態"),
        choices=[("", _("変えない")), *ActionStatus.choices],
        required=False,
    )
    resource = ResourceNameField(
        label=_("生まれた地域資源"),
        help_text=_("この実践から新しく生まれた地域資源（サロンなど）。一覧から選べます。"),
    )

    def __init__(self, *args: Any, municipality: Municipality | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["resource"].municipality = municipality  # type: ignore[attr-defined]

    def resource_choices(self) -> list[str]:
        """The datalist's entries: every resource of the municipality in 50音順, numbered."""
        if self.municipality is None:
            return []
        rows = Resource.objects.filter(municipality=self.municipality).order_by("kana_key", "pk")
        return [resource_label(pk, name) for pk, name in rows.values_list("pk", "name")]


class ChallengeForm(forms.Form):
    prefix = "challenge"  # several forms share a page: their field ids must differ

    title = forms.CharField(
        label=_("課題"), max_length=200, error_messages=required(_("課題を入力してください。"))
    )
    description = forms.CharField(
        label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    categories = forms.MultipleChoiceField(
        label=_("分野"),
        choices=ChallengeCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    source = forms.ChoiceField(
        label=_("きっかけ"),
        choices=ChallengeSource.choices,
        error_messages=required(_("きっかけを選んでください。")),
    )
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

    name = forms.CharField(
        label=_("チーム名"),
        max_length=200,
        error_messages=required(_("チーム名を入力してください。")),
    )
    purpose = forms.CharField(
        label=_("目的"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=required(_("チームの目的を入力してください。")),
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
    status = forms.ChoiceField(
        label=_("新しい状態"),
        choices=ChallengeStatus.choices,
        error_messages=required(_("新しい状態を選んでください。")),
    )
    note = forms.CharField(label=_("理由・経過"), max_length=500, required=False)


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("第1層で扱ってほしい理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("第1層で扱ってほしい理由を入力してください。")},
    )
    # Left out: the main layer-1 council (services.challenge_escalate).
    to_council = forms.ModelChoiceField(
        label=_("送り先"),
        queryset=Council.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("送り先は一覧の協議体から選んでください。")},
    )

    def __init__(self, *args: Any, bodies: list[Council] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pks = [body.pk for body in bodies or []]
        self.fields["to_council"].queryset = Council.objects.filter(pk__in=pks)  # type: ignore[attr-defined]


class HandOverForm(forms.Form):
    """Pass an escalated challenge on to another layer-1 body (main council ↔ 専門部会)."""

    to_council = forms.ModelChoiceField(
        label=_("引き継ぎ先"),
        queryset=Council.objects.none(),
        error_messages={
            "required": _("引き継ぎ先の協議体を選んでください。"),
            "invalid_choice": _("引き継ぎ先は一覧の協議体から選んでください。"),
        },
    )
    note = forms.CharField(label=_("引き継ぐ理由"), max_length=500, required=False)

    def __init__(self, *args: Any, bodies: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pks = [body.pk for body in bodies]
        self.fields["to_council"].queryset = Council.objects.filter(pk__in=pks)  # type: ignore[attr-defined]


class EscalationsField(ModelMultipleIdsField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Escalation) -> str:
        return f"{obj.challenge.title}（{obj.from_council.area.name}）"


class GroupForm(forms.Form):
    prefix = "group"  # several forms share a page: their field ids must differ

    title = forms.CharField(
        label=_("まとめた課題の名前"),
        max_length=200,
        error_messages=required(_("まとめた課題の名前を入力してください。")),
    )
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
        error_messages=required(_("回答後の課題の状態を選んでください。")),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = council.decisions.all()  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    prefix = "message"  # several forms share a page: their field ids must differ

    kind = forms.ChoiceField(
        label=_("種類"),
        choices=MessageKind.choices,
        error_messages=required(_("お知らせの種類を選んでください。")),
    )
    title = forms.CharField(
        label=_("件名"), max_length=200, error_messages=required(_("件名を入力してください。"))
    )
    body = forms.CharField(
        label=_("本文"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=required(_("本文を入力してください。")),
    )
    recipients = ModelMultipleIdsField(
        label=_("送り先の協議体"),
        queryset=Council.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("送り先の協議体を1つ以上選んでください。"),
            "invalid_choice": _("この協議体の下の第2層協議体から選んでください。"),
        },
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        below = councils_below(council)
        self.fields["recipients"].queryset = below  # type: ignore[attr-defined]
        if not self.is_bound and council.area.layer == Layer.FIRST:
            # why: a message usually goes to every layer-2 council; the sender unticks those
            # it is not for.
            self.fields["recipients"].initial = [c.pk for c in below]


class AdviceForm(forms.Form):
    """助言 on a council or one of its meetings."""

    prefix = "advice"  # several forms share a page: their field ids must differ

    body = forms.CharField(
        label=_("助言"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required(_("助言を入力してください。")),
    )


# --- the meeting page's parts that are not plain forms ------------------------------------------
#
# The record and attendance parts post many inputs of their own shape (numbered agenda lines, a
# checkbox per member). Their forms declare no fields: they only read what was posted, leniently
# as the page always did (an id that is not a member is left out, an unreadable count is 0), and
# are never refused themselves; the service refuses, and its reasons go on the form as a whole.

AGENDA_MAX_LINES = 200  # more lines than any agenda has: a posted count beyond is ignored


def ids_of(values: list[str]) -> list[int]:
    """The ids among posted values (anything else is left out)."""
    return [n for n in (int_or_none(v) for v in values) if n is not None]


def posted_lines(data: Any) -> tuple[list[dict[str, Any]], list[AgendaInput]]:
    """The agenda lines as posted (to show again) and as service input: blank new lines are
    skipped, lines marked 削除 left out, the rest in the order of their 順番 numbers."""
    shown, kept = [], []
    for index in range(int_or_none(data.get("agenda-count"), maximum=AGENDA_MAX_LINES) or 0):
        line = {
            name: data.get(f"agenda-{index}-{name}", "").strip()
            for name in ("pk", "title", "presenter", "duration", "order", "delete")
        }
        line["notes"] = data.get(f"agenda-{index}-notes", "")
        shown.append(line)
        if line["delete"] or (not line["pk"] and not line["title"]):
            continue
        order = int_or_none(line["order"]) or index + 1
        kept.append((order, index, line))
    inputs = [
        AgendaInput(
            title=line["title"],
            pk=int_or_none(line["pk"]),
            presenter=line["presenter"],
            duration_minutes=int_or_none(line["duration"], maximum=1440),
            notes=line["notes"],
        )
        for _order, _index, line in sorted(kept, key=lambda k: (k[0], k[1]))
    ]
    return shown, inputs


class MeetingRecordForm(forms.Form):
    """The agenda lines, the minutes and (for coordinators) the private notes as posted,
    with the version of the meeting the editor opened."""

    def __init__(self, *args: Any, private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.private = private

    def clean(self) -> dict[str, Any]:
        data = self.data
        shown, agenda = posted_lines(data)
        return {
            "lines": shown,
            "agenda": agenda,
            "version": int_or_none(data.get("version")) or 0,
            "minutes": data.get("minutes", ""),
            "private_notes": data.get("private_notes") if self.private else None,
        }


class AttendanceForm(forms.Form):
    """Who of the members of the meeting's councils came (checked boxes), and how many
    others were not recorded one by one."""

    def __init__(self, *args: Any, councils: list[Council], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.councils = councils

    def clean(self) -> dict[str, Any]:
        data: Any = self.data  # a QueryDict: several boxes share the name "present"
        posted = set(ids_of(data.getlist("present")))
        present = Membership.objects.filter(council__in=self.councils, pk__in=posted)
        if len(present) != len(posted):
            # A member of a council the user does not record for (or no member at all) is
            # refused, never dropped in silence.
            raise ValidationError(_("開催日に任期中のメンバーから選んでください。"))
        return {
            "present": list(present),
            "guests_count": int_or_none(data.get("guests_count"), maximum=10000) or 0,
        }


class MeetingStatusForm(forms.Form):
    """中止, or back to 予定 (開催済 comes only from saving the record or attendance)."""

    status = forms.ChoiceField(
        label=_("会議の状態"),
        choices=[
            (s, MeetingStatus(s).label) for s in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED)
        ],
    )


class GuestForm(forms.Form):
    """One participant who is not a member of the meeting's councils: sector and standing,
    the organisation (a registered one is linked when the name is the registry's), and an
    optional name."""

    prefix = "guest"  # several forms share a page: their field ids must differ

    standing = forms.ChoiceField(
        label=_("立場"), choices=Standing.choices, initial=Standing.GUEST,
        error_messages=required(_("立場を選んでください。")),
    )  # fmt: skip
    sector = forms.ChoiceField(
        label=_("分野"),
        choices=[("", _("選んでください")), *Sector.choices],
        error_messages=required(_("分野を選んでください。")),
    )
    organization = forms.CharField(
        label=_("所属"),
        max_length=200,
        required=False,
        help_text=_("登録済みの団体は候補から選べます。個人の参加は空欄で構いません。"),
        widget=forms.TextInput(attrs={"list": "organization-names", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("氏名（任意）"),
        max_length=100,
        required=False,
        help_text=_("書かなくても参加者として数えます。氏名は個人情報として扱います。"),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = str(data.get("organization", "")).strip()
        # Kept as typed; matched to the registry with its spaces evened out.
        name = " ".join(typed.split())
        found = Organization.objects.filter(municipality=self.municipality, name=name).first()
        data["organization"] = found if typed else None
        data["organization_name"] = "" if found else typed
        return data


class NoOutcomesForm(forms.Form):
    no_outcomes = forms.BooleanField(label=_("決定事項・実践・振り返りは記録なし"), required=False)


class AimsForm(forms.Form):
    """ねらい and 目指す地域の姿 as revisited, with the meeting where they were."""

    aims = forms.CharField(
        label=_("ねらい"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    target_state = forms.CharField(
        label=_("目指す地域の姿"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    meeting = forms.ModelChoiceField(
        label=_("見直した会議"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("（会議の外で見直した）"),
    )
    note = forms.CharField(
        label=_("見直しの理由・経過"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = meeting_label  # type: ignore[attr-defined]


def meeting_label(meeting: Meeting) -> str:
    """「第3回協議体（令和8年12月10日）」 for a choice of meetings."""
    return f"{meeting.title}（{to_wareki(timezone.localtime(meeting.starts_at).date())}）"


class InterestsForm(forms.Form):
    interests = forms.CharField(
        label=_("関心・気になっていること"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例：一人暮らしの方の買い物が心配。坂道が多くて外出しにくい。"),
    )
    abilities = forms.CharField(
        label=_("できること"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例：車の運転、パソコンの入力、集会所の鍵の管理"),
    )
    tags = forms.CharField(
        label=_("関心のタグ"),
        max_length=1000,
        required=False,
        help_text=_(
            "「、」かスペースで区切って入力します（1つ30文字まで、20個まで）。"
            "例：買い物、見守り、移動支援"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


# The 年度 a target may be set for: a few back (to record what was aimed at) and the plan's
# usual span ahead.
YEARS_BACK, YEARS_AHEAD = 2, 5


def year_choices() -> list[tuple[int, str]]:
    current = current_fiscal_year(timezone.localdate())
    return [
        (year, format_fiscal_year(year))
        for year in range(current - YEARS_BACK, current + YEARS_AHEAD + 1)
    ]


class TargetForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("圏域"),
        queryset=Area.objects.none(),
        empty_label=_("（選んでください）"),
        error_messages=required(_("圏域を選んでください。")),
    )
    indicator = forms.ChoiceField(
        label=_("指標"),
        choices=TargetIndicator.choices,
        error_messages=required(_("指標を選んでください。")),
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("年度"),
        coerce=int,
        choices=year_choices,
        error_messages=required(_("年度を選んでください。")),
    )
    value = forms.DecimalField(
        label=_("目標値"),
        max_digits=10,
        decimal_places=2,
        help_text=_("例：12（か所）、8.5（参加率の％）"),
        error_messages=required(_("目標値を入力してください。")),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = services.target_areas(council)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        # A layer-2 council has one area: it is chosen already.
        only = list(areas.values_list("pk", flat=True)[:2])
        if len(only) == 1 and "area" not in self.initial:
            self.initial["area"] = only[0]
        if "fiscal_year" not in self.initial:
            self.initial["fiscal_year"] = current_fiscal_year(timezone.localdate())


# The first choice of each filter: no filter.
ANY = ("", _("すべて"))


class RegisterFilterForm(forms.Form):
    """状態・分野・圏域・層・きっかけ・優先度・年度 (of registration), and the order."""

    status = forms.ChoiceField(
        label=_("状態"), required=False, choices=[ANY, *ChallengeStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("分野"), required=False, choices=[ANY, *ChallengeCategory.choices]
    )
    area = forms.TypedChoiceField(label=_("圏域"), required=False, coerce=int, empty_value=None)
    layer = forms.TypedChoiceField(
        label=_("層"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[ANY, *Layer.choices],
    )
    source = forms.ChoiceField(
        label=_("きっかけ"), required=False, choices=[ANY, *ChallengeSource.choices]
    )
    priority = forms.ChoiceField(
        label=_("優先度"), required=False, choices=[ANY, *Priority.choices]
    )
    year = forms.TypedChoiceField(
        label=_("登録した年度"), required=False, coerce=int, empty_value=None
    )
    order = forms.ChoiceField(
        label=_("並び順"),
        required=False,
        choices=[("", _("新しい順")), (BY_PRIORITY, _("優先度の高い順"))],
    )

    def __init__(self, *args: Any, municipality: Municipality, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(municipality=municipality).order_by("layer", "kana_key")
        self.fields["area"].choices = [ANY, *((a.pk, a.name) for a in areas)]  # type: ignore[attr-defined]
        self.fields["year"].choices = [ANY, *((y, format_fiscal_year(y)) for y in years)]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("%(label)sは一覧から選んでください。") % {
                "label": field.label
            }


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(
        label=_("優先度"),
        choices=Priority.choices,
        error_messages={
            "required": _("優先度を選んでください。"),
            "invalid_choice": _("優先度は「高」「中」「低」から選んでください。"),
        },
    )
