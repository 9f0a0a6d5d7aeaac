"""The facilitator's screens of a dialogue (issue #25): its panel on the meeting's page, starting
one, and the board, one page to project on a wall and to work from a tablet: the status, the
participants' address, fast card entry and paste, the groups with their sectors and the
cross-sector mark, and every change to cards and groups as a small form that works by keyboard
and without JavaScript (static/js/dialogue_board.js adds drag and drop on top).

Reading follows the meeting's council (councils.permissions.can_read), every change its
writers (can_write); another municipality's dialogue is a 404. Writers' names are personal
data: shown on request (?names=1) to those with the personal-data permission, and logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_see_personal
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import ActionView, FormPageView, PostedFormMixin
from sasaeai.core.versioning import expected_version
from sasaeai.councils import permissions
from sasaeai.councils.models import Council, Meeting
from sasaeai.resources.constants import Sector

from . import forms as df
from . import selectors, services
from .constants import CardSource, CardType, DialogueStatus
from .models import Card, CardGroup, Dialogue
from .public_views import public_url
from .selectors import SectorCount

# --- the panel on the meeting's page (councils.extensions) ----------------------------------------


def meeting_panel(user: Any, meeting: Meeting) -> dict[str, Any] | None:
    """The meeting's dialogues with their status and cards, and whether the user may start one
    (the meeting's council's writers); nothing for a user who may not read the council."""
    if not permissions.can_read(user, meeting.council):
        return None
    dialogues = (
        Dialogue.objects.filter(meeting=meeting)
        .annotate(card_count=Count("cards", filter=Q(cards__hidden=False)))
        .order_by("created_at", "pk")
    )
    return {
        "dialogues": list(dialogues),
        "may_start": permissions.can_write(user, meeting.council),
    }


# --- starting a dialogue ---------------------------------------------------------------------------


class DialogueCreateView(MunicipalityPermissionMixin, FormPageView):
    """「対話を始める」 from a meeting: the method and the question; then the board."""

    template_name = "dialogues/create.html"
    meeting: Meeting
    council: Council

    def load(self) -> None:
        meeting = (
            Meeting.objects.select_related("council__area", "council__municipality")
            .filter(council__municipality=self.municipality, pk=self.kwargs["pk"])
            .first()
        )
        if meeting is None:
            raise Http404(_("会議が見つかりません。"))
        self.meeting, self.council = meeting, meeting.council
        if not permissions.can_write(self.request.user, self.council):
            raise PermissionDenied(_("この協議体の記録を書き込む権限がありません。"))

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return df.DialogueCreateForm(data)

    def save(self, form: Any) -> HttpResponse:
        dialogue = services.dialogue_create(
            meeting=self.meeting, user=self.request.user,
            method=form.cleaned_data["method"], question=form.question_text(),
        )  # fmt: skip
        messages.success(
            self.request,
            _("対話「%(question)s」を用意しました。") % {"question": dialogue.question},
        )
        return redirect("dialogues:board", lgcode=self.municipality.code, pk=dialogue.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(meeting=self.meeting, council=self.council)
        return context


# --- the board -------------------------------------------------------------------------------------


class DialogueMixin(MunicipalityPermissionMixin):
    """Loads the dialogue named in the URL (404 for another municipality's) with its meeting's
    council, and checks reading it; `require_write` checks writing it."""

    dialogue: Dialogue
    council: Council

    def load_dialogue(self) -> Dialogue:
        dialogue = (
            Dialogue.objects.select_related(
                "meeting__council__area", "meeting__council__municipality"
            )
            .filter(municipality=self.municipality, pk=self.kwargs["pk"])
            .first()
        )
        if dialogue is None:
            raise Http404(_("対話が見つかりません。"))
        self.dialogue, self.council = dialogue, dialogue.meeting.council
        if not permissions.can_read(self.request.user, self.council):
            raise PermissionDenied(_("この協議体の記録を見る権限がありません。"))
        return dialogue

    def may_write(self) -> bool:
        if not hasattr(self, "_may_write"):
            self._may_write = permissions.can_write(self.request.user, self.council)
        return self._may_write

    def require_write(self) -> None:
        if not self.may_write():
            raise PermissionDenied(_("この協議体の記録を書き込む権限がありません。"))

    def board_url(self, anchor: str = "", query: dict[str, str] | None = None) -> str:
        url = reverse("dialogues:board", args=[self.municipality.code, self.dialogue.pk])
        if query:
            url += "?" + urlencode(query)
        return url + (f"#{anchor}" if anchor else "")


def next_steps(status: str) -> list[dict[str, str]]:
    """The buttons of the status line: each status that may follow, with its button's words."""
    order = list(DialogueStatus.values)
    steps = []
    for value in sorted(services.TRANSITIONS.get(status, ()), key=order.index):
        label = DialogueStatus(value).label
        back = order.index(value) < order.index(status)
        text = _("「%(s)s」に戻す") if back else _("「%(s)s」にする")
        steps.append({"value": value, "text": text % {"s": label}})
    return steps


# What each status means for the participants' phones (lazy: read in the request's language).
STATUS_HELP = {
    DialogueStatus.PREPARING: gettext_lazy("参加者のスマートフォンからはまだ書き込めません。"),
    DialogueStatus.OPEN: gettext_lazy("参加者がスマートフォンからカードを送れます。"),
    DialogueStatus.SUMMARISING: gettext_lazy(
        "スマートフォンからの受付は終わりました。カードをグループにまとめます。"
    ),
    DialogueStatus.DONE: gettext_lazy("完了した対話です。カードもグループも変えられません。"),
}


def entry_initial(query: Any) -> dict[str, str]:
    """The sector and kind of the card entered last, put back in the empty form (a value that
    is no choice is left out)."""
    initial = {}
    if query.get("sector", "") in Sector.values:
        initial["sector"] = query["sector"]
    if query.get("card_type", "") in CardType.values:
        initial["card_type"] = query["card_type"]
    return initial


def writer_of(card: Card) -> str:
    """The name the writer added, or the member who said it ("" for an anonymous card)."""
    if card.writer_name:
        return card.writer_name
    return card.membership.name if card.membership is not None else ""


@dataclass(frozen=True)
class GroupBox:
    """A group as the board draws it: selectors' BoardGroup with the words naming it."""

    group: CardGroup
    cards: list[Card]
    sectors: list[SectorCount]
    crosses: bool
    label: str


def group_boxes(board: selectors.Board) -> list[GroupBox]:
    """The board's groups, those without a name told apart by their place (「名前なし 2」)."""
    return [
        GroupBox(
            group=g.group,
            cards=g.cards,
            sectors=g.sectors,
            crosses=g.crosses,
            label=g.group.name or _("名前なし %(n)d") % {"n": n},
        )
        for n, g in enumerate(board.groups, start=1)
    ]


class BoardView(DialogueMixin, TemplateView):
    """The dialogue's board; its forms post to their own addresses (the views below), and a
    refusal shows this page again with that form's input and reasons (400)."""

    template_name = "dialogues/board.html"
    show_names = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_dialogue()
        self.show_names = request.GET.get("names") == "1" and may_see_personal(
            request.user, self.municipality
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dialogue = self.dialogue
        board = selectors.board(dialogue)
        may_write = self.may_write()
        # 完了 is the record: nothing on the board changes any more (only 地域課題 may still
        # be made of its groups, which services.group_to_challenge allows).
        writable = may_write and dialogue.status != DialogueStatus.DONE
        if writable:
            context.setdefault(
                "entry_form", df.CardEntryForm(initial=entry_initial(self.request.GET))
            )
            context.setdefault("paste_form", df.PasteForm())
            context.setdefault("settings_form", df.SettingsForm(dialogue=dialogue))
        cards = [c for g in board.groups for c in g.cards] + board.lone + board.hidden
        named = [c for c in cards if writer_of(c)]
        self.show_writers(named)
        context.update(
            dialogue=dialogue,
            meeting=dialogue.meeting,
            council=self.council,
            board=board,
            may_write=may_write,
            writable=writable,
            steps=next_steps(dialogue.status) if may_write else [],
            status_help=STATUS_HELP[DialogueStatus(dialogue.status)],
            public_url=public_url(dialogue),
            public_path=reverse("dialogues_public:write", kwargs={"key": dialogue.key}),
            status_choices=DialogueStatus.choices,
            boxes=group_boxes(board),
            may_show_names=bool(named) and may_see_personal(self.request.user, self.municipality),
            show_names=self.show_names,
        )
        context["move_targets"] = [(box.group.pk, box.label) for box in context["boxes"]]
        return context

    def show_writers(self, named: list[Card]) -> None:
        """Each card's writer as `writer_shown`, when asked for and allowed (logged once);
        otherwise the cards carry nothing of the name."""
        if not self.show_names or not named:
            return
        record_personal_access(
            user=self.request.user,
            municipality=self.municipality,
            what=_("対話のカードを書いた人の名前"),
            count=len(named),
            path=self.request.get_full_path(),
        )
        for card in named:
            card.writer_shown = writer_of(card)  # type: ignore[attr-defined]


class BoardFormView(PostedFormMixin, BoardView, FormPageView):
    """A form of the board posted to its own address: the writers only; a refusal shows the
    board again with the form (as `form_name`) and its input, status 400."""

    def load(self) -> None:
        self.load_dialogue()
        self.require_write()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The summary of the refused form's reasons, above the board.
        context["refused"] = context.get(self.form_name)
        return context

    def success_url(self) -> str:
        return self.board_url()


class CardAddView(BoardFormView):
    form_name = "entry_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return df.CardEntryForm(data)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        services.card_add(
            dialogue=self.dialogue, source=CardSource.TYPED, user=self.request.user,
            data=services.CardInput(
                text=data["text"], sector=data["sector"], card_type=data["card_type"]
            ),
        )  # fmt: skip
        messages.success(self.request, _("追加しました"))
        # Back to an empty text field with the focus, the sector and kind as they were.
        kept = {k: data[k] for k in ("sector", "card_type") if data[k]}
        return HttpResponseRedirect(self.board_url("card-entry", kept))


class PasteView(BoardFormView):
    form_name = "paste_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return df.PasteForm(data)

    def change(self, data: dict[str, Any]) -> str:
        made = services.cards_paste(
            dialogue=self.dialogue, user=self.request.user, text=data["text"]
        )
        return _("%(n)d枚のカードを追加しました。") % {"n": len(made)}

    def success_url(self) -> str:
        return self.board_url("cards")


class SettingsView(BoardFormView):
    form_name = "settings_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return df.SettingsForm(data, dialogue=self.dialogue)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        services.dialogue_settings(
            dialogue=self.dialogue, user=self.request.user,
            cross_sector_min=data["cross_sector_min"], threshold=data["threshold"],
            expected_version=expected_version(form),
        )  # fmt: skip
        messages.success(self.request, _("まとめ方の設定を保存しました。"))
        return HttpResponseRedirect(self.board_url("groups"))


class GroupRenameView(BoardFormView):
    form_name = "rename_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return df.GroupRenameForm(data, dialogue=self.dialogue)

    def save(self, form: Any) -> HttpResponse:
        group = services.group_rename(
            group=form.cleaned_data["group"], user=self.request.user, name=form.cleaned_data["name"]
        )
        messages.success(
            self.request, _("グループ名を「%(name)s」にしました。") % {"name": group.name}
        )
        return HttpResponseRedirect(self.board_url(f"group-{group.pk}"))


class CardHideView(BoardFormView):
    form_name = "hide_form"

    def make_form(self, data: Any = None, files: Any = None) -> forms.Form:
        return df.CardHideForm(data, dialogue=self.dialogue)

    def change(self, data: dict[str, Any]) -> str:
        services.card_hide(card=data["card"], user=self.request.user, reason=data["reason"])
        return _("カード「%(text)s」を非表示にしました。") % {"text": data["card"].text}

    def success_url(self) -> str:
        # The top of the board, where the message says which card went.
        return self.board_url()


# --- buttons (a refusal is a message on the board) ------------------------------------------------


class BoardActionView(DialogueMixin, ActionView):
    """A button of the board: the writers only; its form is checked, the service called, and a
    refusal (of the form or of the service) shown as a message on the board."""

    anchor = ""

    def load(self) -> None:
        self.load_dialogue()
        self.require_write()

    def make_form(self, data: Any) -> forms.Form:
        raise NotImplementedError

    def change(self, form: Any) -> str:
        """Call the service; return the message saying what was done."""
        raise NotImplementedError

    def act(self) -> HttpResponse:
        form = self.make_form(self.request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        messages.success(self.request, self.change(form))
        return HttpResponseRedirect(self.board_url(self.anchor))

    def refused_url(self) -> str:
        # The top of the board, where the message is: an anchor would scroll it out of sight.
        return self.board_url()


class StatusView(BoardActionView):
    anchor = "status"

    def make_form(self, data: Any) -> forms.Form:
        return df.StatusForm(data)

    def change(self, form: Any) -> str:
        dialogue = services.dialogue_set_status(
            dialogue=self.dialogue, user=self.request.user, status=form.cleaned_data["status"]
        )
        return _("対話を「%(status)s」にしました。") % {"status": dialogue.get_status_display()}


class SuggestView(BoardActionView):
    anchor = "groups"

    def make_form(self, data: Any) -> forms.Form:
        return forms.Form(data)

    def change(self, form: Any) -> str:
        made = services.groups_suggest(dialogue=self.dialogue, user=self.request.user)
        if not made:
            return _("まとめられそうなカードは見つかりませんでした。")
        return _("%(n)d個のグループを提案しました。") % {"n": len(made)}


class CardMoveView(BoardActionView):
    def make_form(self, data: Any) -> forms.Form:
        return df.CardMoveForm(data, dialogue=self.dialogue)

    def change(self, form: Any) -> str:
        card, user = form.cleaned_data["card"], self.request.user
        self.anchor = f"card-{card.pk}"
        if form.wants_new_group():
            services.group_create(dialogue=self.dialogue, user=user, name="", cards=[card])
            return _("カードを新しいグループに移しました。")
        target = form.chosen_group()
        services.card_move(card=card, user=user, group=target)
        if target is None:
            return _("カードをグループから外しました。")
        return _("カードを「%(name)s」に移しました。") % {"name": target.name or _("（名前なし）")}


class CardShowView(BoardActionView):
    anchor = "hidden"

    def make_form(self, data: Any) -> forms.Form:
        return df.CardShowForm(data, dialogue=self.dialogue)

    def change(self, form: Any) -> str:
        card = services.card_show(card=form.cleaned_data["card"], user=self.request.user)
        self.anchor = f"card-{card.pk}"
        return _("カード「%(text)s」を表示に戻しました。") % {"text": card.text}


class GroupsMergeView(BoardActionView):
    anchor = "groups"

    def make_form(self, data: Any) -> forms.Form:
        return df.GroupsMergeForm(data, dialogue=self.dialogue)

    def change(self, form: Any) -> str:
        chosen = list(form.cleaned_data["groups"])
        kept = services.groups_merge(dialogue=self.dialogue, user=self.request.user, groups=chosen)
        self.anchor = f"group-{kept.pk}"
        return _("%(n)d個のグループを「%(name)s」にまとめました。") % {
            "n": len(chosen),
            "name": kept.name or _("（名前なし）"),
        }


class GroupChallengeView(BoardActionView):
    anchor = "groups"

    def make_form(self, data: Any) -> forms.Form:
        return df.GroupChallengeForm(data, dialogue=self.dialogue)

    def change(self, form: Any) -> str:
        group = form.cleaned_data["group"]
        self.anchor = f"group-{group.pk}"
        challenge = services.group_to_challenge(group=group, user=self.request.user)
        return _("地域課題「%(title)s」にしました。") % {"title": challenge.title}
