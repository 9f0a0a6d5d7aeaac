"""個人情報の閲覧記録: the municipal admin reads who saw or took out personal data (issue #21)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.constants import AccessKind
from sasaeai.core.models import PersonalDataAccess
from sasaeai.utils.forms import WarekiDateField

PAGE_SIZE = 50


class AccessLogFilterForm(forms.Form):
    """Who, from when to when (和暦 or Western, both days included), which kind."""

    user = forms.TypedChoiceField(label=_("利用者"), required=False, coerce=int, empty_value=None)
    start = WarekiDateField(label=_("いつから"), required=False)
    end = WarekiDateField(label=_("いつまで"), required=False)
    kind = forms.ChoiceField(
        label=_("種類"), required=False, choices=[("", _("すべて")), *AccessKind.choices]
    )

    def __init__(self, *args: Any, users: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("すべて"))] + [(u.pk, str(u)) for u in users]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("「いつまで」は「いつから」より後の日付にしてください。"))
        return data


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in Asia/Tokyo (the log is read in local days)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered_rows(
    rows: QuerySet[PersonalDataAccess], data: dict[str, Any]
) -> QuerySet[PersonalDataAccess]:
    if data.get("user"):
        rows = rows.filter(user_id=data["user"])
    if data.get("start"):
        rows = rows.filter(created_at__gte=day_start(data["start"]))
    if data.get("end"):
        rows = rows.filter(created_at__lt=day_start(data["end"] + datetime.timedelta(days=1)))
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    return rows


class AccessLogView(MunicipalityPermissionMixin, TemplateView):
    """The municipality's access-log rows, newest first, 50 a page."""

    template_name = "core/access_log.html"
    permission = Perm.MANAGE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = PersonalDataAccess.objects.filter(municipality=self.municipality)
        users = list(
            get_user_model()
            .objects.filter(pk__in=rows.values("user_id"))
            .order_by("display_name", "username")
        )
        form = AccessLogFilterForm(self.request.GET or None, users=users)
        # A filter with a mistake shows its message and no rows, never every row unfiltered.
        if form.is_bound and not form.is_valid():
            rows = rows.none()
        elif form.is_bound:
            rows = filtered_rows(rows, form.cleaned_data)
        rows = rows.select_related("user").order_by("-created_at", "-pk")
        context.update(
            form=form, page=Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        )
        return context
