"""Coordinator forms for the registry (Japanese labels; validation messages name the field)."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.core.versioning import add_version_field
from sasaeai.utils.forms import ModelMultipleIdsField, WarekiDateField
from sasaeai.utils.geo import JAPAN_LATITUDE, JAPAN_LONGITUDE
from sasaeai.utils.wareki import to_wareki

from . import scheduling
from .constants import (
    WEEKDAY_NAMES,
    Activity,
    OrganizationType,
    ResourceStatus,
    SchedulePattern,
    SupportType,
    TargetGroup,
    VenueType,
    VerificationMethod,
)
from .models import (
    PERSON_HAS_NO_PUBLIC_PHONE,
    PUBLIC_CONTACT_NEEDS_CONSENT,
    Contact,
    Location,
    Organization,
    RegistrySettings,
    Resource,
    VolunteerRole,
)
from .services import ROLE_TEXT_LIMITS, ResourceInput

RESOURCE_FIELDS = [
    "name", "kana", "kind", "organization", "description", "status", "resident_led",
    "fee_free", "fee_amount", "fee_note", "capacity", "participants_per_session",
    "registered_total", "registered_male", "registered_female", "registered_65_74",
    "registered_75_plus", "registration_required", "pickup", "barrier_free", "is_public", "url",
]  # fmt: skip
# Fields saved as they are (the service sets name, kana, kind, description and organisation).
PLAIN_FIELDS = [
    f for f in RESOURCE_FIELDS if f not in {"name", "kana", "kind", "organization", "description"}
]


# The three public facts (models.Resource): 不明 is the first choice and the default, so a form
# saved without choosing records nothing instead of a 「なし」 nobody said (issue #22).
FACT_FIELDS = {
    "registration_required": gettext_lazy("事前申込"),
    "pickup": gettext_lazy("送迎"),
    "barrier_free": gettext_lazy("バリアフリー"),
}
FACT_CHOICES = [
    ("unknown", gettext_lazy("不明（まだ確かめていない）")),
    ("true", gettext_lazy("あり")),
    ("false", gettext_lazy("なし")),
]


def fact_fields(form: forms.BaseForm) -> None:
    """Each fact as a labelled 不明／あり／なし select (a plain <select>: keyboard-usable)."""
    for name, label in FACT_FIELDS.items():
        field = form.fields[name]
        field.label = label
        field.help_text = _(
            "わからないときは「不明」のまま。住民向けページには「お問い合わせください」と出ます。"
        )
        widget = forms.NullBooleanSelect(attrs={"aria-describedby": f"{form[name].auto_id}-help"})
        widget.choices = FACT_CHOICES
        field.widget = widget


# The 代表電話 of a venue or an organisation (models.Location/Organization.phone): public.
PHONE_LABELS = {"phone": gettext_lazy("代表電話"), "phone_source": gettext_lazy("代表電話の出典")}
PHONE_HELP = {
    "phone": gettext_lazy("施設・団体が公表している番号。個人宅・住民個人には入力できません。"),
    "phone_source": gettext_lazy(
        "例: 施設のホームページ、介護サービス事業所一覧（令和8年12月取得）"
    ),
}


def refuse_personal_phone(form: forms.BaseForm, data: dict[str, Any], *, person: bool) -> None:
    """The database constraint's message on the 代表電話 field itself (a person's number is a
    contact with consent), rather than as a message above the form."""
    if person and data.get("phone"):
        form.add_error("phone", PERSON_HAS_NO_PUBLIC_PHONE)


def limit(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only this municipality's records in a choice field."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class ResourceForm(forms.ModelForm):
    activities = forms.MultipleChoiceField(
        label=gettext_lazy("活動内容"),
        choices=Activity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    primary_activity = forms.ChoiceField(
        label=gettext_lazy("主な活動"),
        choices=[("", gettext_lazy("（選ばない）")), *Activity.choices],
        required=False,
    )
    support_types = forms.MultipleChoiceField(
        label=gettext_lazy("生活支援の種類"),
        choices=SupportType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=gettext_lazy("対象"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    locations = ModelMultipleIdsField(
        label=gettext_lazy("会場"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Declared, not generated: residents get a link to it, so only a web page (http/https;
    # the model's URLField would also take ftp), and an address typed without a scheme is read
    # as https.
    url = forms.URLField(
        label=gettext_lazy("ホームページ"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[
            # A code of its own: the field would replace an "invalid" with its generic message.
            URLValidator(
                schemes=["http", "https"],
                code="scheme",
                message=gettext_lazy(
                    "ホームページは http:// か https:// で始まるアドレスを入力してください。"
                ),
            )
        ],
        help_text=gettext_lazy("公開する地域資源では、住民向けのページにリンクを出します。"),
    )

    class Meta:
        model = Resource
        fields = RESOURCE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        scope: frozenset[int] | None = None,
        **kwargs: Any,
    ) -> None:
        """`scope`: the user's permissions.edit_scope. Only venues there (or not placed yet)
        are offered, and those the resource already meets at; the service refuses the rest."""
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance)
        fact_fields(self)
        limit(self, "organization", Organization.objects.filter(municipality=municipality))
        venues = Location.objects.filter(municipality=municipality).select_related("town")
        if scope is not None:
            allowed = Q(area__in=scope) | (Q(area__isnull=True) if scope else Q(pk__in=[]))
            if self.instance.pk:
                allowed |= Q(service_locations__resource=self.instance)
            venues = venues.filter(allowed).distinct()
        limit(self, "locations", venues)
        self.fields["kana"].help_text = _(
            "空欄のときは名称から自動で読みを補い、「ふりがな要確認」にします。"
        )
        if self.instance.pk:
            tags = list(self.instance.tags.all())
            self.initial.setdefault(
                "activities", [t.value for t in tags if t.category == "activity"]
            )
            self.initial.setdefault(
                "support_types", [t.value for t in tags if t.category == "support"]
            )
            self.initial.setdefault(
                "target_groups", [t.value for t in tags if t.category == "target"]
            )
            self.initial.setdefault("primary_activity", self.instance.primary_activity)
            self.initial.setdefault(
                "locations", [link.location_id for link in self.instance.service_locations.all()]
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fee_free") and data.get("fee_amount"):
            self.add_error("fee_amount", _("「参加費無料」にしたときは金額を空欄にしてください。"))
        primary = data.get("primary_activity")
        if primary and primary not in (data.get("activities") or []):
            data["activities"] = [*(data.get("activities") or []), primary]
        parts = [data.get(k) for k in ("registered_male", "registered_female")]
        total = data.get("registered_total")
        if total is not None and all(p is not None for p in parts) and sum(parts) != total:  # type: ignore[arg-type]
            self.add_error(
                "registered_total", _("男性と女性の人数の合計が登録者数と一致しません。")
            )
        return data

    def to_input(self, schedules: list[scheduling.ScheduleSpec]) -> ResourceInput:
        data = self.cleaned_data
        return ResourceInput(
            name=data["name"],
            kana=data.get("kana") or "",
            kind=data["kind"],
            description=data.get("description") or "",
            organization=data.get("organization"),
            primary_activity=data.get("primary_activity") or "",
            activities=data.get("activities") or [],
            support_types=data.get("support_types") or [],
            target_groups=data.get("target_groups") or [],
            schedules=schedules,
            locations=list(data.get("locations") or []),
            fields={name: data.get(name) for name in PLAIN_FIELDS},
        )


class ListTextField(forms.CharField):
    """Text read as a list: changed only when the list read differs from the initial one."""

    def has_changed(self, initial: Any, data: Any) -> bool:
        # why: CharField compares the list read with the initial *text*, so a blank box ([]
        # against "") made the blank schedule at the end of the page "changed", and it was then
        # refused for having no weekday.
        try:
            return bool(self.to_python(data) != self.to_python(initial))
        except ValidationError:
            return True


class IntListField(ListTextField):
    """Comma separated small numbers typed by people: 「1,15」「1、15」「１・１５」."""

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        text = super().to_python(value) or ""
        import unicodedata

        text = unicodedata.normalize("NFKC", text)
        for sep in "、・ /":
            text = text.replace(sep, ",")
        try:
            return [int(p) for p in text.split(",") if p.strip()]
        except ValueError as error:
            raise ValidationError(_("数字をカンマ（、）で区切って入力してください。")) from error


class DateListField(ListTextField):
    """Dates one per line (和暦 or 西暦), for 不定期 schedules."""

    def to_python(self, value: Any) -> list[datetime.date]:  # type: ignore[override]
        text = super().to_python(value) or ""
        field = WarekiDateField()
        lines = [line for line in text.replace("、", "\n").splitlines() if line.strip()]
        return [day for line in lines if (day := field.to_python(line)) is not None]


NTH_CHOICES = [(str(n), format_lazy(gettext_lazy("第{n}"), n=n)) for n in range(1, 6)] + [
    ("-1", gettext_lazy("最終"))
]
WEEKDAY_CHOICES = [
    (str(i), format_lazy(gettext_lazy("{name}曜"), name=name))
    for i, name in enumerate(WEEKDAY_NAMES)
]


class ScheduleForm(forms.Form):
    """One schedule, laid out to read like the sentence it renders: 「毎月 第2・第4 水曜 10:00〜12:00」."""

    # why the initial: a browser submits a select's first option for the blank schedule at the
    # end of the list; with no initial, that alone made the blank schedule "changed" and every
    # save of the page was refused with 「曜日を1つ以上選んでください。」.
    pattern = forms.ChoiceField(
        label=gettext_lazy("繰り返し"),
        choices=SchedulePattern.choices,
        initial=SchedulePattern.choices[0][0],
    )
    nths = forms.MultipleChoiceField(
        label=gettext_lazy("第n"),
        choices=NTH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("曜日"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    count = forms.IntegerField(
        label=gettext_lazy("回数"), required=False, min_value=1, max_value=366
    )
    month_days = IntListField(
        label=gettext_lazy("日付（毎月）"), required=False, help_text=gettext_lazy("例: 1、15")
    )
    start_date = WarekiDateField(
        label=gettext_lazy("初回の日（隔週）"),
        required=False,
        help_text=gettext_lazy("例: 令和7年4月3日、R7.4.3"),
    )
    dates = DateListField(
        label=gettext_lazy("開催日（不定期）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("1行に1日ずつ（例：令和8年12月5日、12/5）"),
    )
    opens_at = forms.TimeField(
        label=gettext_lazy("開始"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label=gettext_lazy("終了"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closed_on_holidays = forms.BooleanField(label=gettext_lazy("祝日は休み"), required=False)
    closed_year_end = forms.BooleanField(
        label=gettext_lazy("年末年始（12/29〜1/3）は休み"), required=False
    )
    note = forms.CharField(label=gettext_lazy("補足"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        spec = self.to_spec(data)
        for message in scheduling.validate(spec):
            self.add_error(None, message)
        self.spec = spec
        return data

    @staticmethod
    def to_spec(data: dict[str, Any]) -> scheduling.ScheduleSpec:
        return scheduling.ScheduleSpec(
            pattern=data["pattern"],
            weekdays=tuple(sorted(int(w) for w in data.get("weekdays") or [])),
            nths=tuple(sorted((int(n) for n in data.get("nths") or []), key=lambda n: (n < 0, n))),
            count=data.get("count"),
            month_days=tuple(sorted(data.get("month_days") or [])),
            start_date=data.get("start_date"),
            dates=tuple(sorted(data.get("dates") or [])),
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            closed_on_holidays=bool(data.get("closed_on_holidays")),
            closed_year_end=bool(data.get("closed_year_end")),
            note=data.get("note") or "",
        )

    @staticmethod
    def initial_from(spec: scheduling.ScheduleSpec) -> dict[str, Any]:
        """Form values that give back the same spec (the round trip the tests check)."""
        return {
            "pattern": spec.pattern,
            "nths": [str(n) for n in spec.nths],
            "weekdays": [str(w) for w in spec.weekdays],
            "count": spec.count,
            "month_days": "、".join(str(d) for d in spec.month_days),
            "start_date": spec.start_date,
            "dates": "\n".join(to_wareki(d) for d in spec.dates),
            "opens_at": spec.opens_at,
            "closes_at": spec.closes_at,
            "closed_on_holidays": spec.closed_on_holidays,
            "closed_year_end": spec.closed_year_end,
            "note": spec.note,
        }


class BaseScheduleFormSet(forms.BaseFormSet):
    # Said in the words of the page: a schedule is a row of 開催予定, not a "form".
    default_error_messages = {
        "missing_management_form": gettext_lazy(
            "開催予定の欄が正しく送られませんでした。ページを開き直して入力してください。"
        ),
        "too_many_forms": gettext_lazy("開催予定は%(num)d件までです。"),
    }

    def specs(self) -> list[scheduling.ScheduleSpec]:
        """The filled-in schedules not marked for deletion (call after is_valid)."""
        return [
            form.spec
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE") and hasattr(form, "spec")
        ]


# absolute_max = max_num: Django's default (max_num + 1000) builds and shows 1,010 rows for a post
# that claims a huge number of them, seconds of work for a page that refuses it anyway.
ScheduleFormSet = forms.formset_factory(
    ScheduleForm,
    formset=BaseScheduleFormSet,
    extra=1,
    can_delete=True,
    max_num=10,
    absolute_max=10,
    validate_max=True,
)


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "name", "kana", "venue_type", "postal_code", "prefecture", "city", "town_text",
            "street", "building", "town", "latitude", "longitude", "phone", "phone_source",
        ]  # fmt: skip
        labels = {"town": gettext_lazy("町丁目（地図が使えないときはここで選ぶ）"), **PHONE_LABELS}
        help_texts = PHONE_HELP

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        scope: frozenset[int] | None = None,
        **kwargs: Any,
    ) -> None:
        """`scope`: the user's permissions.edit_scope; only towns there (or in no area) are
        offered. A pin put in another area is refused by the service, named on 緯度."""
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance)
        towns = Town.objects.filter(municipality=municipality).select_related("area")
        if scope is not None:
            towns = towns.filter(Q(area__in=scope) | Q(area__isnull=True))
        limit(self, "town", towns)
        self.fields["latitude"].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        self.fields["longitude"].widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            self.add_error("latitude", _("緯度と経度は両方入力するか、両方空欄にしてください。"))
        if lat is not None and not JAPAN_LATITUDE[0] <= lat <= JAPAN_LATITUDE[1]:
            self.add_error("latitude", _("緯度は日本の範囲（20〜46）で入力してください。"))
        if lng is not None and not JAPAN_LONGITUDE[0] <= lng <= JAPAN_LONGITUDE[1]:
            self.add_error("longitude", _("経度は日本の範囲（122〜154）で入力してください。"))
        refuse_personal_phone(self, data, person=data.get("venue_type") == VenueType.PRIVATE_HOME)
        return data


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name", "kana", "type", "corporate_number", "description", "phone", "phone_source",
            "areas",
        ]  # fmt: skip
        field_classes = {"areas": ModelMultipleIdsField}  # 10**30 is refused, not a 500
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = PHONE_LABELS
        help_texts = PHONE_HELP

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        scope: frozenset[int] | None = None,
        **kwargs: Any,
    ) -> None:
        """`scope`: the user's permissions.edit_scope. Only 圏域 there are offered; those the
        organisation is marked in elsewhere are kept as they are (`kept`, shown as text)."""
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance)
        areas = Area.objects.current().layer2().filter(municipality=municipality)
        self.kept: list[Area] = []
        if scope is not None:
            if self.instance.pk:
                self.kept = list(self.instance.areas.exclude(pk__in=scope).order_by("kana_key"))
            areas = areas.filter(pk__in=scope)
        if self.kept:
            self.fields["areas"].help_text = _(
                "担当していない圏域（%(areas)s）は、そのまま残ります。"
            ) % {"areas": "、".join(area.name for area in self.kept)}
        limit(self, "areas", areas)

    def clean_areas(self) -> list[Area]:
        return [*self.cleaned_data.get("areas", []), *self.kept]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_personal_phone(self, data, person=data.get("type") == OrganizationType.RESIDENT)
        return data


class ContactForm(forms.ModelForm):
    public_consent_on = WarekiDateField(label=gettext_lazy("公開の同意日"), required=False)

    class Meta:
        model = Contact
        fields = ["name", "role", "phone", "email", "is_public", "public_consent_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_version_field(self, self.instance)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_public") and not data.get("public_consent_on"):
            self.add_error("public_consent_on", PUBLIC_CONTACT_NEEDS_CONSENT)
        return data


class VerifyForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("確認方法"), choices=VerificationMethod.choices)
    verified_on = WarekiDateField(
        label=gettext_lazy("確認日"), required=False, help_text=gettext_lazy("空欄なら今日")
    )
    note = forms.CharField(label=gettext_lazy("メモ"), required=False, max_length=200)


class ReviewClearForm(forms.Form):
    """The 「要確認を外す」 button: only the version of the page it was on."""

    def __init__(self, *args: Any, resource: Resource, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_version_field(self, resource)


class BulkForm(forms.Form):
    ACTIONS = [("verify", gettext_lazy("確認済みにする")), ("status", gettext_lazy("状態を変える"))]
    action = forms.ChoiceField(label=gettext_lazy("まとめて"), choices=ACTIONS)
    method = forms.ChoiceField(
        label=gettext_lazy("確認方法"), choices=VerificationMethod.choices, required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状態"), choices=ResourceStatus.choices, required=False
    )
    ids = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=[],
        error_messages={"required": gettext_lazy("対象の地域資源を1つ以上選んでください。")},
    )

    def __init__(self, *args: Any, allowed_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ids"]).choices = [(i, i) for i in allowed_ids]


class RegistrySettingsForm(forms.ModelForm):
    class Meta:
        model = RegistrySettings
        fields = ["stale_after_months"]

    def clean_stale_after_months(self) -> int:
        months = self.cleaned_data["stale_after_months"]
        if not 1 <= months <= 60:
            raise ValidationError(_("1〜60か月の範囲で入力してください。"))
        return months


class VolunteerRoleForm(forms.ModelForm):
    """担い手募集: what the resource asks, when, how often, what it asks of the helper, for whom
    it suits; 募集中 unticked keeps the role on the staff page only."""

    class Meta:
        model = VolunteerRole
        fields = ["title", "when", "how_often", "asks", "suits", "is_open"]
        widgets = {"asks": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The service's limit, so the box stops where the service would refuse.
        self.fields["asks"].widget.attrs["maxlength"] = ROLE_TEXT_LIMITS["asks"]
        add_version_field(self, self.instance)
