"""Council screens: the list, a council's home (with the layer-1 inbox), a meeting's page that
flows agenda → minutes → decisions → actions, and a member's own actions. Every change is a POST
through councils.services on core.form_views' base views (FormPageView for a form, ActionView
for a button); a refused change shows the form again with the input kept."""

from __future__ import annotations

import datetime
import io
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_edit_in
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView, FormPageView, PostedFormMixin, on_this_site
from sasaeai.core.versioning import VERSION_FIELD, add_version_field, expected_version
from sasaeai.resources.models import Organization
from sasaeai.utils import ical
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.wareki import era_year_label, to_wareki, wareki_year

from . import documents, permissions, selectors, services, support
from .constants import (
    CHALLENGE_TRANSITIONS,
    OPEN_ACTION_STATUSES,
    ChallengeStatus,
    EvidenceKind,
    MeetingStatus,
)
from .forms import (
    ActionForm,
    AgendaChoiceForm,
    AimsForm,
    AnswerForm,
    AttendanceForm,
    ChallengeForm,
    CouncilForm,
    CouncilSettingsForm,
    DecisionForm,
    EscalateForm,
    GroupForm,
    GuestForm,
    MaterialForm,
    MeetingForm,
    MeetingRecordForm,
    MeetingStatusForm,
    MemberForm,
    MessageForm,
    NoOutcomesForm,
    ProgressForm,
    ReflectionForm,
    StatusForm,
    TeamForm,
    TermEndForm,
    TryDueForm,
    ids_of,
)
from .models import (
    ActionItem,
    Challenge,
    ChallengeGroup,
    Council,
    Material,
    Meeting,
    MeetingGuest,
    Membership,
    ReflectionItem,
)
from .services import EvidenceInput, MemberInput


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


class CouncilMixin(MunicipalityPermissionMixin):
    """Loads the council named in the URL (404 for another municipality's) and checks reading;
    `write` POST handlers check writing."""

    council_kwarg = "pk"
    council: Council

    def load_council(self) -> Council:
        try:
            council = selectors.council_of(self.municipality, self.kwargs[self.council_kwarg])
        except Council.DoesNotExist as error:
            raise Http404(_("協議体が見つかりません。")) from error
        self.council = council
        return council

    def load_meeting(self) -> Meeting:
        """The meeting named in the URL (404 for another municipality's), its whole record
        read, and its council loaded."""
        council_id = (
            Meeting.objects.filter(council__municipality=self.municipality, pk=self.kwargs["pk"])
            .values_list("council_id", flat=True)
            .first()
        )
        if council_id is None:
            raise Http404(_("会議が見つかりません。"))
        self.council = selectors.council_of(self.municipality, council_id)
        return selectors.meeting_of(self.council, self.kwargs["pk"])

    def require_write(self) -> None:
        if not permissions.can_write(self.request.user, self.council):
            raise PermissionDenied(_("この協議体の記録を書き込む権限がありません。"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            council=self.council,
            can_write=permissions.can_write(self.request.user, self.council),
            can_coordinate=permissions.can_coordinate(self.request.user, self.council),
        )
        return context


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
        # 助言, and the messages from layer 1 with their read marks (councils/support.py).
        context.update(support.home_context(self.request.user, self.council, kwargs))
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


class ChallengeCreateView(CouncilPostView):
    form_name = "challenge_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return ChallengeForm(data)

    def change(self, data: dict[str, Any]) -> str:
        label, value = data.pop("evidence_label"), data.pop("evidence_value")
        kind = EvidenceKind.INDICATOR if value else EvidenceKind.NOTE
        evidence = [EvidenceInput(kind, label, value)] if label else []
        challenge = services.challenge_create(
            municipality=self.municipality, council=self.council, user=self.request.user,
            evidence=evidence, **data,
        )  # fmt: skip
        return _("地域課題「%(title)s」を登録しました。") % {"title": challenge.title}


class GroupCreateView(CouncilPostView):
    form_name = "group_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return GroupForm(data, council=self.council)

    def change(self, data: dict[str, Any]) -> str:
        group = services.group_create(
            council=self.council,
            title=data["title"],
            escalations=list(data["escalations"]),
            user=self.request.user,
        )
        return _("「%(title)s」として%(n)d件の課題をまとめました。") % {
            "title": group.title,
            "n": len(data["escalations"]),
        }


class MessageSendView(CouncilPostView):
    form_name = "message_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return MessageForm(data, council=self.council)

    def change(self, data: dict[str, Any]) -> str:
        services.message_send(council=self.council, user=self.request.user, **data)
        return _("第2層の協議体にお知らせを送りました。")


class ObjectPostView(CouncilMixin, ActionView):
    """A button about one record of a council (a challenge, a group, an action ...): loads it,
    checks writing on its council, and reports the outcome on the council's page (a refusal
    too, as a message)."""

    model: type[Any]
    # How the record reaches its municipality (a challenge directly, the rest via a council).
    municipality_field = "council__municipality"
    target: Any

    def record(self) -> Any:
        """The record named in the URL, within this municipality, with its council."""
        found = get_object_or_404(
            self.model.objects.select_related("council__area", "council__municipality"),
            **{self.municipality_field: self.municipality},
            pk=self.kwargs["pk"],
        )
        if found.council is None:
            raise Http404(_("協議体の課題ではありません。"))
        self.council = found.council
        return found

    def load(self) -> None:
        self.target = self.record()
        self.require_write()

    def act(self) -> HttpResponse:
        messages.success(self.request, self.change(self.target, self.request.POST))
        return redirect(self.back_url(self.target))

    def refused_url(self) -> str:
        return self.back_url(self.target)

    def change(self, record: Any, data: Any) -> str:
        """Call the service; return the message saying what was done."""
        raise NotImplementedError

    def back_url(self, record: Any) -> str:
        return reverse("councils:home", args=[self.municipality.code, self.council.pk])


def form_or_refuse(form: forms.Form) -> dict[str, Any]:
    """The cleaned data, or a ValidationError carrying the form's messages."""
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return form.cleaned_data


class EscalateView(ObjectPostView):
    model = Challenge
    municipality_field = "municipality"

    def change(self, record: Challenge, data: Any) -> str:
        assert record.council is not None  # ObjectPostView.record found it
        bodies = services.layer1_bodies_above(record.council)
        values = form_or_refuse(EscalateForm(data, bodies=bodies))
        escalation = services.challenge_escalate(
            challenge=record, reason=values["reason"], to_council=values["to_council"],
            user=self.request.user,
        )  # fmt: skip
        return _("「%(title)s」を%(to)sに送りました。") % {
            "title": record.title,
            "to": escalation.to_council.name,
        }


class ChallengeStatusView(EscalateView):
    def change(self, record: Challenge, data: Any) -> str:
        values = form_or_refuse(StatusForm(data))
        services.challenge_set_status(challenge=record, user=self.request.user, **values)
        return _("「%(title)s」を「%(status)s」にしました。") % {
            "title": record.title,
            "status": record.get_status_display(),
        }


class GroupMixin(ObjectPostView):
    model = ChallengeGroup


class GroupAgendaView(GroupMixin):
    def change(self, record: ChallengeGroup, data: Any) -> str:
        meeting = form_or_refuse(AgendaChoiceForm(data, council=self.council))["meeting"]
        services.group_put_on_agenda(
            group=record, meeting=meeting, expected_version=meeting.version, user=self.request.user
        )
        return _("「%(title)s」を%(meeting)sの議題にしました。") % {
            "title": record.title,
            "meeting": meeting.title,
        }


class GroupAnswerView(GroupMixin):
    def change(self, record: ChallengeGroup, data: Any) -> str:
        values = form_or_refuse(AnswerForm(data, council=self.council))
        services.group_answer(group=record, user=self.request.user, **values)
        return _("「%(title)s」に回答しました。提起した協議体に届きます。") % {
            "title": record.title
        }


class MembershipEndView(ObjectPostView):
    """End a member's term: the council home's button leads to a confirmation page first."""

    model = Membership

    def act(self) -> HttpResponse:
        if self.request.POST.get("confirmed") == "1":
            return super().act()
        request, record = self.request, self.target
        # An unreadable date is refused (as a message on the council's page) before asking.
        day = form_or_refuse(TermEndForm(request.POST))["term_end"]
        return confirm_page(
            request,
            municipality=self.municipality,
            heading=_("%(name)sさんの任期を終えますか？") % {"name": record.name},
            lead=_(
                "任期の終わりを%(day)sにします。その翌日からの会議の出欠や担当の候補に出なくなります"
                "（これまでの記録には残ります）。"
            )
            % {"day": to_wareki(day)},
            action=request.path,
            fields=[("term_end", to_wareki(day)), ("version", request.POST.get("version", ""))],
            confirm_label=_("任期を終える"),
            back_url=self.back_url(record) + "#members",
            back_label=_("任期を終えないで協議体のページへ戻る"),
        )

    def change(self, record: Membership, data: Any) -> str:
        day = form_or_refuse(TermEndForm(data))["term_end"]
        # A button posted without the version it was shown at cannot prove it saw the member:
        # 0 never matches (as versioning.expected_version).
        opened_at = int_or_none(data.get("version")) or 0
        services.membership_end(
            membership=record, on=day, expected_version=opened_at, user=self.request.user
        )
        return _("%(name)sさんの任期を%(day)sまでとしました。") % {
            "name": record.name,
            "day": to_wareki(day),
        }


class ActionProgressView(ObjectPostView):
    model = ActionItem

    def change(self, record: ActionItem, data: Any) -> str:
        values = form_or_refuse(ProgressForm(data, municipality=self.municipality))
        services.action_progress_add(
            action=record,
            note=values["note"],
            status=values["status"] or None,
            resource=values["resource"],
            user=self.request.user,
        )
        return _("「%(title)s」の経過を記録しました。") % {"title": record.title}

    def back_url(self, record: ActionItem) -> str:
        """Back to the page the form was on (my actions or the meeting), never off this site."""
        return on_this_site(
            self.request, self.request.POST.get("next", ""), super().back_url(record)
        )


class CouncilFormView(CouncilMixin, FormPageView):
    """A page with one form that adds to the council's records (members, meetings); a refused
    form is shown again with its input and the reasons, status 400."""

    template_name = "councils/form.html"
    heading: Any = ""  # with %(council)s

    def load(self) -> None:
        self.load_council()
        self.require_write()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading % {"council": self.council.name}
        return context


class CouncilSettingsView(CouncilFormView):
    """The council's name, aims and the 事務局's phone number (printed on the 開催通知); for
    its coordinators."""

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
            "aims": council.aims,
            "target_state": council.target_state,
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


class MemberAddView(CouncilFormView):
    heading = gettext_lazy("%(council)sのメンバーを追加する")

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return MemberForm(data, municipality=self.municipality)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        member = services.membership_add(
            council=self.council, data=MemberInput(**data), user=self.request.user
        )
        messages.success(self.request, _("%(name)sさんを追加しました。") % {"name": member.name})
        return redirect("councils:home", lgcode=self.municipality.code, pk=self.council.pk)


class MeetingCreateView(CouncilFormView):
    heading = gettext_lazy("%(council)sの会議を予定する")

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return MeetingForm(data, council=self.council)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        values = {name: data[name] for name in ("title", "kind", "starts_at", "ends_at", "venue")}
        meeting = services.meeting_schedule(
            council=self.council, user=self.request.user,
            joint_councils=list(data["joint_councils"]), **values,
        )  # fmt: skip
        return redirect("councils:meeting", lgcode=self.municipality.code, pk=meeting.pk)


class MeetingListView(CouncilMixin, TemplateView):
    """Every meeting of the council, planned and past, by 年度 (newest first), with its status
    and what of its record is saved: no meeting disappears once it has started."""

    template_name = "councils/meeting_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["years"] = selectors.meeting_years(self.council)
        context["now"] = timezone.now()
        return context


class MeetingCalendarView(MeetingListView):
    """The council's meetings on a month calendar (?month=2026-12; this month by default)."""

    template_name = "councils/meeting_calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super(MeetingListView, self).get_context_data(**kwargs)
        today = timezone.localdate()
        year, month = month_asked(self.request.GET.get("month", ""), today)
        first = datetime.date(year, month, 1)
        before = first - datetime.timedelta(days=1)
        after = first + datetime.timedelta(days=32)
        context.update(
            weeks=selectors.month_calendar(self.council, year, month),
            month_label=month_label(first),
            previous=f"{before.year}-{before.month:02d}",
            following=f"{after.year}-{after.month:02d}",
            today=today,
            weekdays="月火水木金土日",
        )
        return context


def month_label(first: datetime.date) -> str:
    """「令和8年12月（2026年）」: the era year that documents use, with the western year."""
    era, year = wareki_year(first)
    return f"{era}{era_year_label(year)}年{first.month}月（{first.year}年）"


def month_asked(text: str, today: datetime.date) -> tuple[int, int]:
    """「2026-12」 from the address, else this month (an unreadable value is not an error: the
    calendar opens on this month)."""
    year_text, _dash, month_text = text.partition("-")
    year, month = int_or_none(year_text), int_or_none(month_text)
    if year is None or month is None or not (1900 < year < 2200 and 1 <= month <= 12):
        return today.year, today.month
    return year, month


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


AGENDA_BLANK_LINES = 3


def agenda_lines(meeting: Meeting) -> list[dict[str, Any]]:
    """The agenda as editable lines, plus blank lines to add new items."""
    lines = [
        {
            "pk": item.pk,
            "title": item.title,
            "presenter": item.presenter,
            "duration": item.duration_minutes or "",
            "notes": item.notes,
        }
        for item in meeting.agenda_items.all()
    ]
    return lines + [{"pk": "", "title": "", "presenter": "", "duration": "", "notes": ""}] * (
        AGENDA_BLANK_LINES
    )


class MeetingView(CouncilMixin, TemplateView):
    """The meeting's page: agenda and minutes (one form, guarded by the meeting's version),
    attendance, decisions, actions, the 振り返り and teams, in the order a meeting runs. Each
    part is a template of its own (councils/parts/) with a form that posts to its own address
    (MeetingPartView), so saving one part can never carry away what is typed in another."""

    template_name = "councils/meeting.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.meeting = self.load_meeting()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        on = timezone.localtime(meeting.starts_at).date()
        present = {a.membership_id for a in meeting.attendances.all() if a.present}
        joint = bool(meeting.joint_councils.all())
        context.update(
            # A joint meeting is written by the writers of any of its councils.
            can_write=permissions.can_write_meeting(self.request.user, meeting),
            joint=joint,
            guests=meeting.guests.all(),
            show_guest_names=permissions.may_see_contacts(self.request.user, self.council),
            by_sector=selectors.participants_by_sector(meeting),
            guest_form=kwargs.get("guest_form") or GuestForm(municipality=self.municipality),
            organization_names=Organization.objects.filter(
                municipality=self.municipality
            ).values_list("name", flat=True),
            record=selectors.record_state(meeting),
            meeting=meeting,
            lines=kwargs.get("lines") or agenda_lines(meeting),
            minutes=kwargs.get("minutes", meeting.minutes),
            private_notes=kwargs.get("private_notes", meeting.private_notes),
            version=kwargs.get("version", meeting.version),
            conflict=kwargs.get("conflict"),
            members=[(m, m.pk in present) for m in services.meeting_members(meeting, on)],
            decision_form=kwargs.get("decision_form") or DecisionForm(),
            action_form=kwargs.get("action_form") or ActionForm(council=self.council),
            reflection_form=kwargs.get("reflection_form") or ReflectionForm(),
            team_form=kwargs.get("team_form") or TeamForm(council=self.council),
            material_form=kwargs.get("material_form") or MaterialForm(),
            progress_form=ProgressForm(municipality=self.municipality),
            open_statuses=OPEN_ACTION_STATUSES,
            today=timezone.localdate(),
            now=timezone.now(),
        )
        context.update(support.meeting_context(self.request.user, meeting, kwargs))
        return context


# The parts of the meeting page: each is councils/parts/<name>.html, a region with the id
# "<name>-part" that the page's script swaps in place when its own form is saved.
PART_TEMPLATES = (
    "status",
    "materials",
    "record",
    "attendance",
    "decisions",
    "actions",
    "reflection",
    "teams",
)


class MeetingPartView(MeetingView, FormPageView):
    """A POST that saves one part of the meeting page; its address names the part and the
    part's own view (MEETING_PARTS) answers. Sent by the page's script
    (static/js/meeting-parts.js, header X-Meeting-Part), the answer is only the HTML of the
    parts it changed, refusals and kept input included, for the script to swap in; sent by a
    plain form, it is the usual redirect to the page, or the page again with the refused
    form. Only how the answer is rendered differs from FormPageView."""

    http_method_names = ["post"]
    # The parts this save changes (its own first): a Try made an action adds to the actions,
    # a new team is a choice of the action form, and the minutes or attendance may make the
    # meeting 開催済. None on this base: an address naming no part finds nothing.
    changes: tuple[str, ...] = ()
    form_name = ""  # the context name of the part's form, shown again when refused
    anchor = ""  # where the page opens after a save without the script (else its own part)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # why: the parts share one address pattern and URL name (meetings/<pk>/parts/<part>/),
        # so the part named picks its own view, which then runs the whole dispatch itself
        # (municipality, permission, method); a name that is no part falls through to a 404.
        part = MEETING_PARTS.get(kwargs.get("part", ""))
        if part is not None and type(self) is not part:
            return part.as_view()(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> None:
        if not self.changes:
            raise Http404(_("この操作はありません。"))
        self.meeting = self.load_meeting()
        if not permissions.can_write_meeting(self.request.user, self.meeting):
            raise PermissionDenied(_("この会議の記録を書き込む権限がありません。"))

    @property
    def from_script(self) -> bool:
        return self.request.headers.get("X-Meeting-Part") == "1"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.pop("form", None)
        if form is not None:
            # A refusal: the part with its input and reasons, the other parts as saved.
            self.meeting = self.load_meeting()
            kwargs.update(self.kept(form), message_part=self.changes[0])
        return super().get_context_data(**kwargs)

    def kept(self, form: forms.Form) -> dict[str, Any]:
        """What the refused part shows again: by default its form, reasons on it."""
        return {self.form_name: form}

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        """For the script, only the changed parts' HTML, each rendered from the same template
        the page includes; else the whole page."""
        if not self.from_script:
            return super().render_to_response(context, **response_kwargs)
        html = "".join(
            render_to_string(f"councils/parts/{name}.html", context, request=self.request)
            for name in self.changes
        )
        return HttpResponse(html, status=response_kwargs.get("status", 200))

    def done(self, message: str) -> HttpResponse:
        if self.from_script:
            self.meeting = self.load_meeting()
            context = self.get_context_data(part_message=message, message_part=self.changes[0])
            return self.render_to_response(context)
        messages.success(self.request, message)
        response = redirect("councils:meeting", lgcode=self.municipality.code, pk=self.meeting.pk)
        response["Location"] += f"#{self.anchor or self.changes[0]}"
        return response


def part_error(form: forms.Form) -> str:
    """A refusal with no form field to sit on (attendance, a Try, progress, the status): its
    reasons as one text, shown in the part."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class RecordPartView(MeetingPartView):
    """次第と議事録: one form, guarded by the meeting's version."""

    changes = ("record", "status")
    conflicted = False

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        private = permissions.can_coordinate(self.request.user, self.council)
        return MeetingRecordForm(data, private=private)

    def save(self, form: Any) -> HttpResponse:
        values = form.cleaned_data
        try:
            services.meeting_record_save(
                meeting=self.meeting,
                expected_version=values["version"],
                agenda=values["agenda"],
                minutes=values["minutes"],
                private_notes=values["private_notes"],
                user=self.request.user,
            )
        except services.EditConflictError as conflict:
            # why: another save came first: 409, not the base's 400, and everything typed
            # stays on the screen beside the version saved meanwhile.
            self.conflicted = True
            form.add_error(None, conflict)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        return self.done(_("次第と議事録を保存しました。"))

    def kept(self, form: forms.Form) -> dict[str, Any]:
        values = form.cleaned_data
        kept = {
            "lines": values["lines"],
            "minutes": values["minutes"],
            "private_notes": values["private_notes"] or "",
            "conflict": part_error(form),
        }
        if not self.conflicted:
            # After a conflict the form carries the version saved meanwhile: saving again
            # after reading the message (and the latest minutes shown) is a deliberate choice.
            kept["version"] = values["version"]
        return kept


class AttendancePartView(MeetingPartView):
    changes = ("attendance", "status")

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return AttendanceForm(data, councils=services.meeting_councils(self.meeting))

    def save(self, form: Any) -> HttpResponse:
        services.attendance_record(
            meeting=self.meeting, user=self.request.user, **form.cleaned_data
        )
        return self.done(_("出欠を記録しました。"))

    def kept(self, form: forms.Form) -> dict[str, Any]:
        return {"part_error": part_error(form)}


class DecisionPartView(MeetingPartView):
    changes = ("decisions", "actions", "status")
    form_name = "decision_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return DecisionForm(data)

    def save(self, form: Any) -> HttpResponse:
        services.decision_record(
            council=self.council,
            meeting=self.meeting,
            decided_on=timezone.localtime(self.meeting.starts_at).date(),
            user=self.request.user,
            **form.cleaned_data,
        )
        return self.done(_("決定事項を記録しました。"))


class ActionPartView(MeetingPartView):
    changes = ("actions", "status")
    form_name = "action_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return ActionForm(data, council=self.council)

    def save(self, form: Any) -> HttpResponse:
        values = form.cleaned_data
        services.action_create(
            council=self.council,
            meeting=self.meeting,
            title=values["title"],
            owners=list(values["owners"]),
            due_on=values["due_on"],
            team=values["team"],
            decision=values["decision"],
            challenge=values["challenge"],
            user=self.request.user,
        )
        return self.done(_("実践（やること）を登録しました。"))


class ProgressPartView(MeetingPartView):
    """The progress of one of the meeting's actions."""

    changes = ("actions",)

    def load(self) -> None:
        super().load()
        self.action = get_object_or_404(
            ActionItem,
            meeting=self.meeting,
            pk=int_or_none(self.request.POST.get("action")) or 0,
        )

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return ProgressForm(data, municipality=self.municipality)

    def save(self, form: Any) -> HttpResponse:
        values = form.cleaned_data
        services.action_progress_add(
            action=self.action,
            note=values["note"],
            status=values["status"] or None,
            resource=values["resource"],
            user=self.request.user,
        )
        return self.done(_("「%(title)s」の経過を記録しました。") % {"title": self.action.title})

    def kept(self, form: forms.Form) -> dict[str, Any]:
        return {"part_error": part_error(form)}


class ReflectionPartView(MeetingPartView):
    changes = ("reflection", "status")
    form_name = "reflection_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return ReflectionForm(data)

    def save(self, form: Any) -> HttpResponse:
        services.reflection_add(meeting=self.meeting, user=self.request.user, **form.cleaned_data)
        return self.done(_("振り返りを記録しました。"))


class TryPartView(MeetingPartView):
    """A 次にやること (Try) of the 振り返り made an action, with its owners and due date."""

    changes = ("reflection", "actions")

    def load(self) -> None:
        super().load()
        data = self.request.POST
        self.item = get_object_or_404(
            ReflectionItem, meeting=self.meeting, pk=int_or_none(data.get("item")) or 0
        )
        self.owners = list(
            Membership.objects.filter(council=self.council, pk__in=ids_of(data.getlist("owners")))
        )

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return TryDueForm(data)

    def save(self, form: Any) -> HttpResponse:
        services.try_to_action(
            item=self.item,
            owners=self.owners,
            due_on=form.cleaned_data["due_on"],
            user=self.request.user,
        )
        return self.done(
            _("次にやること「%(text)s」を実践（やること）にしました。") % {"text": self.item.text}
        )

    def kept(self, form: forms.Form) -> dict[str, Any]:
        typed = {
            "item": self.item.pk,
            "owners": {o.pk for o in self.owners},
            "due_on": self.request.POST.get("due_on"),
        }
        return {"part_error": part_error(form), "try_input": typed}


class TeamPartView(MeetingPartView):
    changes = ("teams", "actions")
    form_name = "team_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return TeamForm(data, council=self.council)

    def save(self, form: Any) -> HttpResponse:
        values = form.cleaned_data
        team = services.team_form(
            council=self.council, formed_at=self.meeting, name=values["name"],
            purpose=values["purpose"], members=list(values["members"]), user=self.request.user,
        )  # fmt: skip
        return self.done(_("企画検討チーム「%(name)s」をつくりました。") % {"name": team.name})


class MaterialPartView(MeetingPartView):
    changes = ("materials",)
    form_name = "material_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return MaterialForm(data, files)

    def save(self, form: Any) -> HttpResponse:
        material = services.material_add(
            meeting=self.meeting, user=self.request.user, **form.cleaned_data
        )
        return self.done(_("資料「%(title)s」を登録しました。") % {"title": material.title})


class StatusPartView(MeetingPartView):
    """中止 (after a confirmation page of its own, no script needed) or 予定に戻す."""

    changes = ("status",)
    anchor = "top"

    def load(self) -> None:
        super().load()
        if self.request.POST.get("status", "") not in (
            MeetingStatus.PLANNED,
            MeetingStatus.CANCELLED,
        ):
            raise Http404(_("この操作はありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return MeetingStatusForm(data)

    def save(self, form: Any) -> HttpResponse:
        status = form.cleaned_data["status"]
        if status == MeetingStatus.CANCELLED and self.request.POST.get("confirmed") != "1":
            return self.confirm_cancel()
        services.meeting_set_status(meeting=self.meeting, status=status, user=self.request.user)
        message = (
            _("この会議を中止にしました。")
            if status == MeetingStatus.CANCELLED
            else _("この会議を予定に戻しました。")
        )
        return self.done(message)

    def confirm_cancel(self) -> HttpResponse:
        """Calling a meeting off is asked again on a page of its own."""
        return confirm_page(
            self.request,
            municipality=self.municipality,
            heading=_("「%(title)s」を中止にしますか？") % {"title": self.meeting.title},
            lead=_(
                "中止にすると、会議の一覧とカレンダーに「中止」と表示されます。"
                "あとで「予定に戻す」で元に戻せます。"
            ),
            action=self.request.path,
            fields=[("status", MeetingStatus.CANCELLED)],
            confirm_label=_("中止にする"),
            back_url=reverse("councils:meeting", args=[self.municipality.code, self.meeting.pk]),
            back_label=_("中止にしないで会議のページへ戻る"),
        )

    def kept(self, form: forms.Form) -> dict[str, Any]:
        return {"part_error": part_error(form)}


class GuestPartView(MeetingPartView):
    """A participant who is not a member (a guest of a タウンミーティング, a coordinator at a
    交流会), by sector and organisation."""

    changes = ("attendance", "status")
    form_name = "guest_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return GuestForm(data, municipality=self.municipality)

    def save(self, form: Any) -> HttpResponse:
        services.guest_add(meeting=self.meeting, user=self.request.user, **form.cleaned_data)
        return self.done(_("参加者を記録しました。"))


class GuestRemovePartView(MeetingPartView):
    changes = ("attendance",)

    def load(self) -> None:
        super().load()
        self.guest = get_object_or_404(
            MeetingGuest, meeting=self.meeting, pk=int_or_none(self.request.POST.get("guest")) or 0
        )

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return forms.Form(data)

    def save(self, form: Any) -> HttpResponse:
        services.guest_remove(guest=self.guest, user=self.request.user)
        return self.done(_("参加者を1人取り消しました。"))


class NoOutcomesPartView(MeetingPartView):
    """「記録なし」: nothing decided, no action, no reflection, said on purpose."""

    changes = ("reflection", "status")

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return NoOutcomesForm(data)

    def save(self, form: Any) -> HttpResponse:
        chosen = form.cleaned_data["no_outcomes"]
        services.meeting_set_no_outcomes(
            meeting=self.meeting, no_outcomes=chosen, user=self.request.user
        )
        if chosen:
            return self.done(_("決定事項・実践・振り返りは「記録なし」としました。"))
        return self.done(_("「記録なし」を取り消しました。"))

    def kept(self, form: forms.Form) -> dict[str, Any]:
        return {"part_error": part_error(form)}


# Each part of the meeting page and the view that saves it (under its one address).
MEETING_PARTS: dict[str, type[MeetingPartView]] = {
    "record": RecordPartView,
    "attendance": AttendancePartView,
    "decision": DecisionPartView,
    "action": ActionPartView,
    "progress": ProgressPartView,
    "reflection": ReflectionPartView,
    "try": TryPartView,
    "team": TeamPartView,
    "material": MaterialPartView,
    "status": StatusPartView,
    "guest": GuestPartView,
    "guest-remove": GuestRemovePartView,
    "outcomes": NoOutcomesPartView,
}


def confirm_page(request: HttpRequest, **context: Any) -> HttpResponse:
    """A second step before a change that is not easily undone: the same POST again with
    confirmed=1, or a link back. It works without a script and by keyboard. `municipality`
    keeps the staff menu on the page."""
    return TemplateResponse(request, "councils/confirm.html", context)


class MaterialDownloadView(CouncilMixin, View):
    """A meeting's handout, through this permission check (uploads have no public URL)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        material = get_object_or_404(
            Material.objects.select_related("meeting__council"),
            meeting__council__municipality=self.municipality,
            meeting_id=kwargs["pk"],
            pk=kwargs["material"],
        )
        suffix = PurePosixPath(material.file.name).suffix
        return FileResponse(
            material.file.open("rb"), as_attachment=True, filename=f"{material.title}{suffix}"
        )


class MyActionsView(MunicipalityPermissionMixin, TemplateView):
    """The open actions of the signed-in member, overdue first."""

    template_name = "councils/my_actions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            actions=selectors.my_actions(self.request.user, self.municipality, today),
            today=today,
            progress_form=ProgressForm(municipality=self.municipality),
        )
        return context


class MeetingDocumentView(CouncilMixin, View):
    """次第・議事録・開催通知・出欠表 as A4 PDFs. The notices carry members' postal addresses,
    so only the council's coordinators may print them, and each print is in the access log."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        found = documents.DOCUMENTS.get(kwargs["document"])
        if found is None:
            raise Http404(_("この書類はありません。"))
        make, label = found
        meeting = self.load_meeting()
        notices = kwargs["document"] == "notices"
        if notices and not (
            permissions.can_coordinate(request.user, self.council)
            and permissions.may_see_contacts(request.user, self.council)
        ):
            raise PermissionDenied(
                _("開催通知（送り先の住所入り）はコーディネーターだけが作れます。")
            )
        content = make(meeting, timezone.localdate())
        if notices:
            # One notice per member without e-mail; those with a postal address carry it.
            record_personal_access(
                user=request.user,
                municipality=self.municipality,
                what=_("開催通知（PDF）"),
                count=sum(1 for m in documents.notice_members(meeting) if m.postal_address),
                file_format="pdf",
                path=request.get_full_path(),
            )
        name = f"{meeting.title}_{label}.pdf".replace("/", "・")
        return FileResponse(io.BytesIO(content), filename=name, content_type="application/pdf")


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
                description=f"{council.name}（{m.get_kind_display()}）",
                cancelled=m.status == MeetingStatus.CANCELLED,
            )
            for m in council.meetings.order_by("starts_at", "pk")
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
