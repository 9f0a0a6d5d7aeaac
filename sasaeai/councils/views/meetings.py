"""A council's meetings: the list by 年度 and the month calendar, scheduling one, and the meeting's
page that flows agenda → attendance and participants → minutes → decisions → actions → 振り返り;
each part saves to its own address (MeetingPartView), and its printed documents."""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import FormPageView
from sasaeai.resources.models import Organization
from sasaeai.utils.forms import int_or_none
from sasaeai.utils.wareki import era_year_label, wareki_year

from .. import documents, permissions, selectors, services
from ..constants import OPEN_ACTION_STATUSES, MeetingStatus
from ..forms import (
    ActionForm,
    AttendanceForm,
    DecisionForm,
    GuestForm,
    MaterialForm,
    MeetingForm,
    MeetingRecordForm,
    MeetingStatusForm,
    NoOutcomesForm,
    ProgressForm,
    ReflectionForm,
    TeamForm,
    TryDueForm,
    ids_of,
)
from ..models import (
    ActionItem,
    Council,
    Material,
    Meeting,
    MeetingGuest,
    Membership,
    ReflectionItem,
)
from .base import CouncilFormView, CouncilMixin, confirm_page, meeting_context, pdf_response


class MeetingCreateView(CouncilFormView):
    heading = gettext_lazy("%(council)sの会議を予定する")

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        others = Council.objects.filter(municipality=self.municipality).select_related("area")
        choices = permissions.writable(self.request.user, others.exclude(pk=self.council.pk))
        return MeetingForm(data, council=self.council, joint_choices=choices)

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
        weeks = selectors.month_calendar(self.council, year, month)
        context.update(
            weeks=weeks,
            has_meetings=any(cell.meetings for week in weeks for cell in week),
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

    # Participants' names, shown on request (?names=1) to those who may see personal data,
    # so that the access log records a deliberate look rather than every visit.
    show_guest_names = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.meeting = self.load_meeting()
        self.show_guest_names = request.GET.get("names") == "1" and permissions.may_see_contacts(
            request.user, self.council
        )
        if self.show_guest_names:
            record_personal_access(
                user=request.user,
                municipality=self.municipality,
                what=_("会議のメンバー以外の参加者の氏名"),
                count=sum(1 for guest in self.meeting.guests.all() if guest.name),
                path=request.get_full_path(),
            )
        return super().get(request, *args, **kwargs)

    def attendance_councils(self) -> list[Any]:
        """The meeting's councils whose members' attendance the user may record (once)."""
        if not hasattr(self, "_attendance_councils"):
            self._attendance_councils = permissions.attendance_councils(
                self.request.user, self.meeting
            )
        return self._attendance_councils

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        on = timezone.localtime(meeting.starts_at).date()
        present = {a.membership_id for a in meeting.attendances.all() if a.present}
        joint = bool(meeting.joint_councils.all())
        context.update(
            # A joint meeting is written by the writers of any of its councils.
            # At a joint meeting each council's writers mark their own members present and
            # record other participants; the rest is the host's (`can_write`).
            attendance_council_ids={c.pk for c in self.attendance_councils()},
            joint=joint,
            guests=meeting.guests.all(),
            may_see_guest_names=permissions.may_see_contacts(self.request.user, self.council)
            and any(guest.name for guest in meeting.guests.all()),
            show_guest_names=self.show_guest_names,
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
        context.update(meeting_context(self.request.user, meeting, kwargs))
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
    # Attendance and participants: also written by the writers of a joint council.
    joint_writers = False
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
        if not self.joint_writers:
            self.require_write()
        elif not self.attendance_councils():
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
    joint_writers = True

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return AttendanceForm(data, councils=self.attendance_councils())

    def save(self, form: Any) -> HttpResponse:
        values = form.cleaned_data
        host = permissions.can_write(self.request.user, self.council)
        services.attendance_record(
            meeting=self.meeting, present=values["present"], user=self.request.user,
            councils=self.attendance_councils(),
            # The head count of the others is the host's to record.
            guests_count=values["guests_count"] if host else None,
        )  # fmt: skip
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
        # The typed note, status and resource stay in that action's form, as they were sent.
        data = self.request.POST
        typed = {name: data.get(name, "") for name in ("note", "status", "resource")}
        return {
            "part_error": part_error(form),
            "progress_input": {"action": self.action.pk, **typed},
        }


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
    joint_writers = True
    form_name = "guest_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return GuestForm(data, municipality=self.municipality)

    def save(self, form: Any) -> HttpResponse:
        services.guest_add(meeting=self.meeting, user=self.request.user, **form.cleaned_data)
        return self.done(_("参加者を記録しました。"))


class GuestRemovePartView(MeetingPartView):
    changes = ("attendance",)
    joint_writers = True

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
        return pdf_response(content, f"{meeting.title}_{label}.pdf")
