"""Council screens: the list, a council's home (with the layer-1 inbox), a meeting's page that
flows agenda → minutes → decisions → actions, and a member's own actions. Every change is a POST
through councils.services; a refused change shows the form again with the input kept."""

from __future__ import annotations

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
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_edit_in
from sasaeai.utils import ical
from sasaeai.utils.forms import apply_errors, int_or_none
from sasaeai.utils.wareki import to_wareki

from . import documents, permissions, selectors, services
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
    AnswerForm,
    ChallengeForm,
    CouncilForm,
    CouncilSettingsForm,
    DecisionForm,
    EscalateForm,
    GroupForm,
    MaterialForm,
    MeetingForm,
    MemberForm,
    MessageForm,
    ProgressForm,
    ReflectionForm,
    StatusForm,
    TeamForm,
    TermEndForm,
    TryDueForm,
)
from .models import (
    ActionItem,
    Challenge,
    ChallengeGroup,
    Council,
    Material,
    Meeting,
    Membership,
    ReflectionItem,
)
from .services import AgendaInput, EvidenceInput, MemberInput


class CouncilListView(MunicipalityPermissionMixin, TemplateView):
    template_name = "councils/council_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["councils"] = selectors.councils_of(self.municipality)
        context["can_create"] = self.can(Perm.EDIT_AREA)
        return context


class CouncilCreateView(MunicipalityPermissionMixin, TemplateView):
    """Register a council; a layer-2 coordinator may register one for their own area."""

    template_name = "councils/form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_edit_in(request.user, self.municipality, []):
            raise PermissionDenied(_("協議体を登録する権限がありません。"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CouncilForm(municipality=self.municipality))
        context["heading"] = _("協議体を登録する")
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CouncilForm(request.POST, municipality=self.municipality)
        if form.is_valid():
            data = form.cleaned_data
            if not self.can(Perm.EDIT_AREA, data["area"]):
                raise PermissionDenied(_("この圏域の協議体を登録する権限がありません。"))
            try:
                council = services.council_create(
                    municipality=self.municipality, user=request.user, **data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("協議体「%(name)s」を登録しました。") % {"name": council.name}
                )
                return redirect("councils:home", lgcode=self.municipality.code, pk=council.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


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

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        return super().get(request, *args, **kwargs)

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
            today=today,
            members=services.members_on(self.council, today),
            challenge_form=kwargs.get("challenge_form") or ChallengeForm(),
            group_form=kwargs.get("group_form") or GroupForm(council=self.council),
            message_form=kwargs.get("message_form") or MessageForm(),
            agenda_form=AgendaChoiceForm(council=self.council),
            answer_form=AnswerForm(council=self.council),
            groups=ChallengeGroup.objects.filter(council=self.council, answer__isnull=True)
            .select_related("agenda_item__meeting")
            .prefetch_related("escalations__challenge", "escalations__from_council__area"),
        )
        return context


class CouncilPostView(CouncilHomeView):
    """A POST that changes the council's records; on refusal, the council home again with the
    form and its input, and status 400."""

    http_method_names = ["post"]
    form_name = ""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        self.require_write()
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                message = self.save(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, message)
                return redirect(self.success_url())
        context = self.get_context_data(**{self.form_name: form})
        return self.render_to_response(context, status=400)

    def make_form(self, data: Any) -> forms.Form:
        raise NotImplementedError

    def save(self, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def success_url(self) -> str:
        return reverse("councils:home", args=[self.municipality.code, self.council.pk])


class ChallengeCreateView(CouncilPostView):
    form_name = "challenge_form"

    def make_form(self, data: Any) -> forms.Form:
        return ChallengeForm(data)

    def save(self, data: dict[str, Any]) -> str:
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

    def make_form(self, data: Any) -> forms.Form:
        return GroupForm(data, council=self.council)

    def save(self, data: dict[str, Any]) -> str:
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

    def make_form(self, data: Any) -> forms.Form:
        return MessageForm(data)

    def save(self, data: dict[str, Any]) -> str:
        services.message_send(council=self.council, user=self.request.user, **data)
        return _("第2層の協議体にお知らせを送りました。")


class ObjectPostView(CouncilMixin, TemplateView):
    """A POST about one record of a council (a challenge, a group, an action ...): loads it,
    checks writing on its council, and reports the outcome on the page it came from."""

    http_method_names = ["post"]
    model: type[Any]
    # How the record reaches its municipality (a challenge directly, the rest via a council).
    municipality_field = "council__municipality"

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

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.record()
        self.require_write()
        try:
            message = self.save(record, request.POST)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(self.back_url(record))

    def save(self, record: Any, data: Any) -> str:
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

    def save(self, record: Challenge, data: Any) -> str:
        reason = form_or_refuse(EscalateForm(data))["reason"]
        escalation = services.challenge_escalate(
            challenge=record, reason=reason, user=self.request.user
        )
        return _("「%(title)s」を%(to)sに送りました。") % {
            "title": record.title,
            "to": escalation.to_council.name,
        }


class ChallengeStatusView(EscalateView):
    def save(self, record: Challenge, data: Any) -> str:
        values = form_or_refuse(StatusForm(data))
        services.challenge_set_status(challenge=record, user=self.request.user, **values)
        return _("「%(title)s」を「%(status)s」にしました。") % {
            "title": record.title,
            "status": record.get_status_display(),
        }


class GroupMixin(ObjectPostView):
    model = ChallengeGroup


class GroupAgendaView(GroupMixin):
    def save(self, record: ChallengeGroup, data: Any) -> str:
        meeting = form_or_refuse(AgendaChoiceForm(data, council=self.council))["meeting"]
        services.group_put_on_agenda(
            group=record, meeting=meeting, expected_version=meeting.version, user=self.request.user
        )
        return _("「%(title)s」を%(meeting)sの議題にしました。") % {
            "title": record.title,
            "meeting": meeting.title,
        }


class GroupAnswerView(GroupMixin):
    def save(self, record: ChallengeGroup, data: Any) -> str:
        values = form_or_refuse(AnswerForm(data, council=self.council))
        services.group_answer(group=record, user=self.request.user, **values)
        return _("「%(title)s」に回答しました。提起した協議体に届きます。") % {
            "title": record.title
        }


class MembershipEndView(ObjectPostView):
    """End a member's term: the council home's button leads to a confirmation page first."""

    model = Membership

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = self.record()
        self.require_write()
        if request.POST.get("confirmed") == "1":
            return super().post(request, *args, **kwargs)
        try:
            day = form_or_refuse(TermEndForm(request.POST))["term_end"]
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect(self.back_url(record))
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
            fields=[("term_end", to_wareki(day))],
            confirm_label=_("任期を終える"),
            back_url=self.back_url(record) + "#members",
            back_label=_("任期を終えないで協議体のページへ戻る"),
        )

    def save(self, record: Membership, data: Any) -> str:
        day = form_or_refuse(TermEndForm(data))["term_end"]
        services.membership_end(membership=record, on=day, user=self.request.user)
        return _("%(name)sさんの任期を%(day)sまでとしました。") % {
            "name": record.name,
            "day": to_wareki(day),
        }


class ActionProgressView(ObjectPostView):
    model = ActionItem

    def save(self, record: ActionItem, data: Any) -> str:
        values = form_or_refuse(ProgressForm(data))
        services.action_progress_add(
            action=record,
            note=values["note"],
            status=values["status"] or None,
            user=self.request.user,
        )
        return _("「%(title)s」の経過を記録しました。") % {"title": record.title}

    def back_url(self, record: ActionItem) -> str:
        """Back to the page the form was on (my actions or the meeting), never off this site."""
        wanted = self.request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return wanted if wanted and safe else super().back_url(record)


class CouncilFormView(CouncilMixin, TemplateView):
    """A page with one form that adds to the council's records (members, meetings); a refused
    form is shown again with its input and the reasons, status 400."""

    template_name = "councils/form.html"
    heading: Any = ""  # with %(council)s

    def make_form(self, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, data: dict[str, Any]) -> HttpResponse:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        self.require_write()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        context["heading"] = self.heading % {"council": self.council.name}
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        self.require_write()
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                return self.save(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CouncilSettingsView(CouncilFormView):
    """The council's name, aims and the 事務局's phone number (printed on the 開催通知); for
    its coordinators."""

    heading = gettext_lazy("%(council)sの設定")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        self.require_coordinate()
        return TemplateView.get(self, request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_council()
        self.require_coordinate()
        return super().post(request, *args, **kwargs)

    def require_coordinate(self) -> None:
        if not permissions.can_coordinate(self.request.user, self.council):
            raise PermissionDenied(_("協議体の設定を変えられるのはコーディネーターです。"))

    def make_form(self, data: Any = None) -> forms.Form:
        council = self.council
        initial = {
            "name": council.name,
            "aims": council.aims,
            "target_state": council.target_state,
            "established_on": council.established_on,
            "office_phone": council.office_phone,
        }
        return CouncilSettingsForm(data, initial=initial, municipality=self.municipality)

    def save(self, data: dict[str, Any]) -> HttpResponse:
        services.council_update(council=self.council, user=self.request.user, **data)
        messages.success(self.request, _("協議体の設定を保存しました。"))
        return redirect("councils:home", lgcode=self.municipality.code, pk=self.council.pk)


class MemberAddView(CouncilFormView):
    heading = gettext_lazy("%(council)sのメンバーを追加する")

    def make_form(self, data: Any = None) -> forms.Form:
        return MemberForm(data, municipality=self.municipality)

    def save(self, data: dict[str, Any]) -> HttpResponse:
        member = services.membership_add(
            council=self.council, data=MemberInput(**data), user=self.request.user
        )
        messages.success(self.request, _("%(name)sさんを追加しました。") % {"name": member.name})
        return redirect("councils:home", lgcode=self.municipality.code, pk=self.council.pk)


class MeetingCreateView(CouncilFormView):
    heading = gettext_lazy("%(council)sの会議を予定する")

    def make_form(self, data: Any = None) -> forms.Form:
        return MeetingForm(data)

    def save(self, data: dict[str, Any]) -> HttpResponse:
        values = {name: data[name] for name in ("title", "kind", "starts_at", "ends_at", "venue")}
        meeting = services.meeting_schedule(council=self.council, user=self.request.user, **values)
        return redirect("councils:meeting", lgcode=self.municipality.code, pk=meeting.pk)


AGENDA_BLANK_LINES = 3
AGENDA_MAX_LINES = 200  # more lines than any agenda has: a posted count beyond is ignored


def ids_of(values: list[str]) -> list[int]:
    """The ids among posted values (anything else is left out)."""
    return [n for n in (int_or_none(v) for v in values) if n is not None]


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
        context.update(
            meeting=meeting,
            lines=kwargs.get("lines") or agenda_lines(meeting),
            minutes=kwargs.get("minutes", meeting.minutes),
            private_notes=kwargs.get("private_notes", meeting.private_notes),
            version=kwargs.get("version", meeting.version),
            conflict=kwargs.get("conflict"),
            members=[(m, m.pk in present) for m in services.members_on(self.council, on)],
            decision_form=kwargs.get("decision_form") or DecisionForm(),
            action_form=kwargs.get("action_form") or ActionForm(council=self.council),
            reflection_form=kwargs.get("reflection_form") or ReflectionForm(),
            team_form=kwargs.get("team_form") or TeamForm(council=self.council),
            material_form=kwargs.get("material_form") or MaterialForm(),
            progress_form=ProgressForm(),
            open_statuses=OPEN_ACTION_STATUSES,
            today=timezone.localdate(),
        )
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


class MeetingPartView(MeetingView):
    """A POST that saves one part of the meeting page (its address names the part). Sent by
    the page's script (static/js/meeting-parts.js, header X-Meeting-Part), the answer is only
    the HTML of the parts it changed, refusals and kept input included, for the script to swap
    in; sent by a plain form, it is the usual redirect to the page, or the page again with the
    refused form."""

    http_method_names = ["post"]
    # The parts each save changes (its own first): a Try made an action adds to the actions,
    # a new team is a choice of the action form, and the minutes or attendance may make the
    # meeting 開催済.
    CHANGES: dict[str, tuple[str, ...]] = {
        "record": ("record", "status"),
        "attendance": ("attendance", "status"),
        "decision": ("decisions",),
        "action": ("actions",),
        "progress": ("actions",),
        "reflection": ("reflection",),
        "try": ("reflection", "actions"),
        "team": ("teams", "actions"),
        "material": ("materials",),
        "status": ("status",),
    }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.part = kwargs["part"]
        if self.part not in self.CHANGES:
            raise Http404(_("この操作はありません。"))
        self.meeting = self.load_meeting()
        self.require_write()
        response: HttpResponse = getattr(self, f"post_{self.part}")(request.POST)
        return response

    @property
    def from_script(self) -> bool:
        return self.request.headers.get("X-Meeting-Part") == "1"

    def render_parts(self, status: int, **kwargs: Any) -> HttpResponse:
        """The changed parts' HTML, each rendered from the same template the page includes."""
        context = self.get_context_data(**kwargs)
        html = "".join(
            render_to_string(f"councils/parts/{name}.html", context, request=self.request)
            for name in self.CHANGES[self.part]
        )
        return HttpResponse(html, status=status)

    def again(self, status: int = 400, **kwargs: Any) -> HttpResponse:
        """The refused part with its input and the reasons: alone for the script, else the
        whole page (the other parts as saved)."""
        self.meeting = self.load_meeting()
        kwargs["message_part"] = self.CHANGES[self.part][0]
        if self.from_script:
            return self.render_parts(status, **kwargs)
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def refused(self, text: str, **kwargs: Any) -> HttpResponse:
        """A refusal that has no form field to sit on (attendance, a Try, progress, the
        status): the reason in the part, status 400."""
        return self.again(part_error=text, **kwargs)

    def done(self, message: str) -> HttpResponse:
        if self.from_script:
            self.meeting = self.load_meeting()
            return self.render_parts(
                200, part_message=message, message_part=self.CHANGES[self.part][0]
            )
        messages.success(self.request, message)
        return self.to_page()

    def to_page(self) -> HttpResponse:
        anchor = {"status": "top"}.get(self.part, self.CHANGES[self.part][0])
        response = redirect("councils:meeting", lgcode=self.municipality.code, pk=self.meeting.pk)
        response["Location"] += f"#{anchor}"
        return response

    def post_record(self, data: Any) -> HttpResponse:
        shown, agenda = posted_lines(data)
        version = int_or_none(data.get("version")) or 0
        private = (
            data.get("private_notes")
            if permissions.can_coordinate(self.request.user, self.council)
            else None
        )
        try:
            services.meeting_record_save(
                meeting=self.meeting,
                expected_version=version,
                agenda=agenda,
                minutes=data.get("minutes", ""),
                private_notes=private,
                user=self.request.user,
            )
        except services.EditConflictError as conflict:
            # Everything typed stays on the screen beside the version saved meanwhile.
            # The form now carries the version saved meanwhile: saving again after reading the
            # message (and the latest minutes shown above) is a deliberate choice, not a loss.
            return self.again(
                status=409,
                lines=shown,
                minutes=data.get("minutes", ""),
                private_notes=private or "",
                conflict=conflict.messages[0],
            )
        except ValidationError as error:
            return self.again(
                lines=shown,
                minutes=data.get("minutes", ""),
                private_notes=private or "",
                version=version,
                conflict=" ".join(error.messages),
            )
        return self.done(_("次第と議事録を保存しました。"))

    def post_attendance(self, data: Any) -> HttpResponse:
        present = Membership.objects.filter(
            council=self.council, pk__in=ids_of(data.getlist("present"))
        )
        try:
            services.attendance_record(
                meeting=self.meeting,
                present=list(present),
                guests_count=int_or_none(data.get("guests_count"), maximum=10000) or 0,
                user=self.request.user,
            )
        except ValidationError as error:
            return self.refused(" ".join(error.messages))
        return self.done(_("出欠を記録しました。"))

    def post_decision(self, data: Any) -> HttpResponse:
        form = DecisionForm(data)
        if form.is_valid():
            try:
                services.decision_record(
                    council=self.council,
                    meeting=self.meeting,
                    decided_on=timezone.localtime(self.meeting.starts_at).date(),
                    user=self.request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return self.done(_("決定事項を記録しました。"))
        return self.again(decision_form=form)

    def post_action(self, data: Any) -> HttpResponse:
        form = ActionForm(data, council=self.council)
        if form.is_valid():
            values = form.cleaned_data
            try:
                services.action_create(
                    council=self.council,
                    meeting=self.meeting,
                    title=values["title"],
                    owners=list(values["owners"]),
                    due_on=values["due_on"],
                    team=values["team"],
                    user=self.request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return self.done(_("実践（やること）を登録しました。"))
        return self.again(action_form=form)

    def post_progress(self, data: Any) -> HttpResponse:
        action = get_object_or_404(
            ActionItem, meeting=self.meeting, pk=int_or_none(data.get("action")) or 0
        )
        try:
            values = form_or_refuse(ProgressForm(data))
            services.action_progress_add(
                action=action,
                note=values["note"],
                status=values["status"] or None,
                user=self.request.user,
            )
        except ValidationError as error:
            return self.refused(" ".join(error.messages))
        return self.done(_("「%(title)s」の経過を記録しました。") % {"title": action.title})

    def post_reflection(self, data: Any) -> HttpResponse:
        form = ReflectionForm(data)
        if form.is_valid():
            services.reflection_add(
                meeting=self.meeting, user=self.request.user, **form.cleaned_data
            )
            return self.done(_("振り返りを記録しました。"))
        return self.again(reflection_form=form)

    def post_status(self, data: Any) -> HttpResponse:
        status = data.get("status", "")
        if status not in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED):
            raise Http404(_("この操作はありません。"))
        if status == MeetingStatus.CANCELLED and data.get("confirmed") != "1":
            # Calling a meeting off is asked again on a page of its own (no script needed).
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
                back_url=reverse(
                    "councils:meeting", args=[self.municipality.code, self.meeting.pk]
                ),
                back_label=_("中止にしないで会議のページへ戻る"),
            )
        try:
            services.meeting_set_status(meeting=self.meeting, status=status, user=self.request.user)
        except ValidationError as error:
            return self.refused(" ".join(error.messages))
        message = (
            _("この会議を中止にしました。")
            if status == MeetingStatus.CANCELLED
            else _("この会議を予定に戻しました。")
        )
        return self.done(message)

    def post_team(self, data: Any) -> HttpResponse:
        form = TeamForm(data, council=self.council)
        if form.is_valid():
            values = form.cleaned_data
            try:
                team = services.team_form(
                    council=self.council, formed_at=self.meeting, name=values["name"],
                    purpose=values["purpose"], members=list(values["members"]),
                    user=self.request.user,
                )  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return self.done(
                    _("企画検討チーム「%(name)s」をつくりました。") % {"name": team.name}
                )
        return self.again(team_form=form)

    def post_material(self, data: Any) -> HttpResponse:
        form = MaterialForm(data, self.request.FILES)
        if form.is_valid():
            try:
                material = services.material_add(
                    meeting=self.meeting, user=self.request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return self.done(_("資料「%(title)s」を登録しました。") % {"title": material.title})
        return self.again(material_form=form)

    def post_try(self, data: Any) -> HttpResponse:
        item = get_object_or_404(
            ReflectionItem, meeting=self.meeting, pk=int_or_none(data.get("item")) or 0
        )
        owners = Membership.objects.filter(
            council=self.council, pk__in=ids_of(data.getlist("owners"))
        )
        try:
            due = form_or_refuse(TryDueForm(data))["due_on"]
            services.try_to_action(
                item=item, owners=list(owners), due_on=due, user=self.request.user
            )
        except ValidationError as error:
            kept = {"item": item.pk, "owners": {o.pk for o in owners}, "due_on": data.get("due_on")}
            return self.refused(" ".join(error.messages), try_input=kept)
        return self.done(
            _("次にやること「%(text)s」を実践（やること）にしました。") % {"text": item.text}
        )


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
            progress_form=ProgressForm(),
        )
        return context


class MeetingDocumentView(CouncilMixin, View):
    """次第・議事録・開催通知・出欠表 as A4 PDFs. The notices carry members' postal addresses,
    so only the council's coordinators may print them."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        found = documents.DOCUMENTS.get(kwargs["document"])
        if found is None:
            raise Http404(_("この書類はありません。"))
        make, label = found
        meeting = self.load_meeting()
        if kwargs["document"] == "notices" and not permissions.can_coordinate(
            request.user, self.council
        ):
            raise PermissionDenied(
                _("開催通知（送り先の住所入り）はコーディネーターだけが作れます。")
            )
        content = make(meeting, timezone.localdate())
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


class CalendarRotateView(CouncilMixin, View):
    """A new secret calendar address (the old one stops working): for coordinators."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        council = self.load_council()
        if not permissions.can_coordinate(request.user, council):
            raise PermissionDenied(_("カレンダーのアドレスを変えられるのはコーディネーターです。"))
        services.council_rotate_calendar_token(council=council, user=request.user)
        messages.success(
            request, _("カレンダーのアドレスを新しくしました。前のアドレスは使えなくなりました。")
        )
        return redirect("councils:home", lgcode=self.municipality.code, pk=council.pk)
