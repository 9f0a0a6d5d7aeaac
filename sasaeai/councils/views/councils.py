"""A council's own screens: the list, registering one, its home (with the layer-1 inbox), its
settings, its aims revisited with their history, and its calendar feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_edit_in
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView, FormPageView, PostedFormMixin
from sasaeai.core.versioning import VERSION_FIELD, add_version_field, expected_version
from sasaeai.utils import ical

from .. import permissions, selectors, services
from ..constants import CHALLENGE_TRANSITIONS, ChallengeStatus, MeetingStatus
from ..forms import (
    AgendaChoiceForm,
    AimsForm,
    AnswerForm,
    ChallengeForm,
    CouncilForm,
    CouncilSettingsForm,
    GroupForm,
    MessageForm,
)
from ..models import ChallengeGroup, Council
from .base import CouncilFormView, CouncilMixin, home_context


class CouncilListView(MunicipalityPermissionMixin, TemplateView):
    template_name = "councils/council_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # 専門部会 right under their parent council.
        context["councils"] = selectors.subcommittees_under_parents(
            selectors.councils_of(self.municipality)
        )
        context["can_create"] = self.can(Perm.EDIT_AREA)
        return context


class CouncilCreateView(MunicipalityPermissionMixin, FormPageView):
    """Register a council; a layer-2 coordinator may register one for their own area."""

    template_name = "councils/form.html"

    def load(self) -> None:
        if not may_edit_in(self.request.user, self.municipality, []):
            raise PermissionDenied(_("協議体を登録する権限がありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return CouncilForm(data, municipality=self.municipality)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("協議体を登録する")
        return context

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        if not self.can(Perm.EDIT_AREA, data["area"]):
            raise PermissionDenied(_("この圏域の協議体を登録する権限がありません。"))
        council = services.council_create(
            municipality=self.municipality, user=self.request.user, **data
        )
        messages.success(
            self.request, _("協議体「%(name)s」を登録しました。") % {"name": council.name}
        )
        return redirect("councils:home", lgcode=self.municipality.code, pk=council.pk)


class CouncilHomeView(CouncilMixin, TemplateView):
    template_name = "councils/council_home.html"
    # Members' e-mail and postal addresses, shown on request (?contacts=1) to those who may
    # see personal data; a POST's refusal shows the page without them.
    show_contacts = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        # why: only when asked for, so that the access log records a deliberate look at the
        # contacts rather than every visit to the council's page.
        self.show_contacts = request.GET.get("contacts") == "1" and permissions.may_see_contacts(
            request.user, self.council
        )
        response = super().get(request, *args, **kwargs)
        if self.show_contacts:
            members = response.context_data["members"]  # type: ignore[attr-defined]
            record_personal_access(
                user=request.user,
                municipality=self.municipality,
                what=_("協議体メンバーの一覧（連絡先）"),
                count=sum(1 for m in members if m.email or m.postal_address),
                path=request.get_full_path(),
            )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        home = selectors.council_home(self.council, today)
        for challenge in home.challenges:
            # Only the steps a challenge may take next are offered (提起 → 検討中 → ...).
            challenge.next_statuses = [  # type: ignore[attr-defined]
                (value, ChallengeStatus(value).label)
                for value in ChallengeStatus.values
                if value in CHALLENGE_TRANSITIONS[challenge.status]
            ]
        context.update(
            home=home,
            to_record=selectors.to_record(self.council),
            targets=selectors.targets_summary(self.council, today),
            today=today,
            members=services.members_on(self.council, today),
            show_contacts=self.show_contacts,
            may_see_contacts=permissions.may_see_contacts(self.request.user, self.council),
            may_see_interests=permissions.may_see_interests(self.request.user, self.council),
            challenge_form=kwargs.get("challenge_form") or ChallengeForm(),
            group_form=kwargs.get("group_form") or GroupForm(council=self.council),
            message_form=kwargs.get("message_form") or MessageForm(council=self.council),
            agenda_form=AgendaChoiceForm(council=self.council),
            answer_form=AnswerForm(council=self.council),
            groups=ChallengeGroup.objects.filter(council=self.council, answer__isnull=True)
            .select_related("agenda_item__meeting")
            .prefetch_related("escalations__challenge", "escalations__from_council__area"),
        )
        # 専門部会: the parent or the sub-committees, and the layer-1 bodies to choose from.
        context.update(selectors.council_structure(self.council))
        # 助言, and the messages from layer 1 with their read marks (views/base.py: home_context).
        context.update(home_context(self.request.user, self.council, kwargs))
        if context["may_see_interests"]:
            # 「メンバーの関心」: the current members' tags with their counts.
            context["interest_tags"] = selectors.interest_tag_counts(context["members"])
        return context


class CouncilPostView(PostedFormMixin, CouncilHomeView, FormPageView):
    """A POST that changes the council's records; on refusal, the council home again with the
    form (as `form_name`) and its input, and status 400."""

    def load(self) -> None:
        self.load_council()
        self.require_write()

    def success_url(self) -> str:
        return reverse("councils:home", args=[self.municipality.code, self.council.pk])


class CouncilSettingsView(CouncilFormView):
    """The council's name, its parent (専門部会), and the 事務局's phone number (printed on the
    開催通知); for its coordinators. The aims are revisited on their own page (AimsView)."""

    heading = gettext_lazy("%(council)sの設定")

    def load(self) -> None:
        # Coordinators only (who may also write: can_coordinate is part of can_write).
        self.load_council()
        if not permissions.can_coordinate(self.request.user, self.council):
            raise PermissionDenied(_("協議体の設定を変えられるのはコーディネーターです。"))

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        council = self.council
        initial = {
            "name": council.name,
            "established_on": council.established_on,
            "office_phone": council.office_phone,
            "parent": council.parent_id,
        }
        form = CouncilSettingsForm(
            data, initial=initial, municipality=self.municipality, council=council
        )
        add_version_field(form, council)
        return form

    def save(self, form: Any) -> HttpResponse:
        data = {k: v for k, v in form.cleaned_data.items() if k != VERSION_FIELD}
        services.council_update(
            council=self.council, expected_version=expected_version(form),
            user=self.request.user, **data,
        )  # fmt: skip
        messages.success(self.request, _("協議体の設定を保存しました。"))
        return redirect("councils:home", lgcode=self.municipality.code, pk=self.council.pk)


class AimsView(CouncilFormView):
    """ねらい and 目指す地域の姿, revisited by the council's writers (usually at a meeting),
    with every earlier version kept and shown."""

    template_name = "councils/aims.html"
    heading = gettext_lazy("%(council)sのねらいと目指す地域の姿")

    def load(self) -> None:
        # Everyone who reads the council reads how its aims evolved; its writers revise them.
        self.load_council()
        if self.request.method == "POST":
            self.require_write()

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        council = self.council
        meetings = (
            selectors.meetings_of(council)
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-starts_at", "-pk")
        )
        initial: dict[str, Any] = {"aims": council.aims, "target_state": council.target_state}
        latest = meetings.filter(starts_at__lte=timezone.now()).first()
        if latest is not None:
            initial["meeting"] = latest.pk
        form = AimsForm(data, initial=initial, meetings=meetings)
        add_version_field(form, council)
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["versions"] = self.council.aims_versions.select_related("meeting", "changed_by")
        return context

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        services.council_revise_aims(
            council=self.council, aims=data["aims"], target_state=data["target_state"],
            meeting=data["meeting"], note=data["note"],
            expected_version=expected_version(form), user=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("ねらいと目指す地域の姿を保存しました。"))
        return redirect("councils:home", lgcode=self.municipality.code, pk=self.council.pk)


@method_decorator(login_not_required, name="dispatch")
class CalendarView(View):
    """The council's meetings as an iCal feed for calendar apps (which cannot sign in): the
    secret token in the address is the key, and only dates, titles and venues are given."""

    def get(self, request: HttpRequest, lgcode: str, token: str) -> HttpResponse:
        council = get_object_or_404(
            Council.objects.select_related("municipality"),
            municipality__code=lgcode,
            calendar_token=token,
        )
        events = [
            ical.Event(
                uid=f"meeting-{m.pk}@{lgcode}.sasaeai",
                starts=m.starts_at,
                ends=m.ends_at,
                summary=m.title,
                location=m.venue,
                # A joint meeting names the council holding it.
                description=f"{m.council.name}（{m.get_kind_display()}）",
                cancelled=m.status == MeetingStatus.CANCELLED,
            )
            for m in selectors.meetings_of(council).order_by("starts_at", "pk")
        ]
        text = ical.calendar(council.name, events, stamp=timezone.now())
        return HttpResponse(text, content_type="text/calendar; charset=utf-8")


class CalendarRotateView(CouncilMixin, ActionView):
    """A new secret calendar address (the old one stops working): for coordinators."""

    def load(self) -> None:
        council = self.load_council()
        if not permissions.can_coordinate(self.request.user, council):
            raise PermissionDenied(_("カレンダーのアドレスを変えられるのはコーディネーターです。"))

    def act(self) -> HttpResponse:
        services.council_rotate_calendar_token(council=self.council, user=self.request.user)
        messages.success(
            self.request,
            _("カレンダーのアドレスを新しくしました。前のアドレスは使えなくなりました。"),
        )
        return redirect("councils:home", lgcode=self.municipality.code, pk=self.council.pk)
