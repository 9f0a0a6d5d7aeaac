"""The participants' page of a dialogue (issue #25, point 2's third way, and point 7): /d/<key>/,
opened from a QR code or a short address on the projected slide, where a participant writes
cards from their own phone with no account.

What it shows is decided by the dialogue's status alone: 受付中, the question and the form;
準備, the question and 「まだ受付を始めていません。」; まとめ中 and 完了, only 「この対話は受付を
終了しました。」, nothing of the dialogue (point 7). It never shows a card, its own included, nor
anything about other participants. The QR code for the staff screen is made here too, so the
address it encodes and the page that answers it are defined in one file."""

from __future__ import annotations

import io
import math
import secrets
import time
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import View

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.form_views import FormPageView
from sasaeai.core.ratelimit import client_address, counted
from sasaeai.councils.permissions import can_read
from sasaeai.resources.constants import Sector
from sasaeai.utils.forms import apply_errors

from . import agreement, services
from .constants import CARD_TEXT_MAX, Answer, CardSource, CardType, DialogueStatus
from .models import CardGroup, Dialogue

# How many cards one address may send to one dialogue in one window: (cards, seconds), the
# setting DIALOGUE_CARD_RATE_LIMIT (None: no limit; config/settings/base.py). 60 cards in 10 minutes: a writing round is
# 5–10 minutes and each participant writes 3–5 cards, so a dozen people on the venue's Wi-Fi
# (one address for all of them) stay within it (12 × 5 = 60), while a script is held to six
# cards a minute, few enough for the facilitator to hide by hand. Per dialogue, so a busy
# workshop does not stop another one at the same hall.

CLOSED = gettext_lazy("この対話は受付を終了しました。")
NOT_YET = gettext_lazy("まだ受付を始めていません。")
RECEIVED = gettext_lazy("カードを受け付けました。続けて書けます。")
VOTED = gettext_lazy("答えを受け付けました。選び直して、もう一度送ることもできます。")
VOTING_CLOSED = gettext_lazy("いまは賛否を受け付けていません。")
# The agreement round (issue #25 point 4): a phone is told apart by a random token in a signed
# cookie, never by a name or an address, so that its second answer replaces its first. The
# cookie is scoped to this dialogue's page (a token per dialogue: answers to two dialogues are
# not linked) and kept two days: a round lasts minutes, a two-day workshop asks again the next
# morning.
VOTE_COOKIE = "sasaeai_vote"
VOTE_SALT = "sasaeai.dialogues.vote"
VOTE_COOKIE_AGE = 2 * 24 * 3600


def public_url(dialogue: Dialogue) -> str:
    """The participants' address as printed and encoded in the QR code: on `settings.SITE_URL`
    (as the residents' handouts are), never on the host a request named."""
    path = reverse("dialogues_public:write", kwargs={"key": dialogue.key})
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(url: str) -> bytes:
    """The address as a standalone SVG QR code (error correction M: a projected code photographed
    at an angle still reads), 8 px a module with the 4-module quiet zone the standard asks for."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=8, border=4, title=_("参加者用のページを開くQRコード")
    )
    return out.getvalue()


class PhoneCardForm(forms.Form):
    """One card from a participant's phone. Only the text is required; the kind and the sector
    start at 「選ばない」「答えない」, so nobody is made to classify themselves."""

    text = forms.CharField(
        label=gettext_lazy("カードに書くこと"),
        # No max_length: the service counts after cleaning and says how many characters there
        # are, which the browser's silent cut at maxlength would not.
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        help_text=format_lazy(
            gettext_lazy("{most}文字まで書けます。1枚に1つのことを書いてください。"),
            most=CARD_TEXT_MAX,
        ),
        error_messages={
            "required": gettext_lazy("カードに書くことを入力してください。"),
            "null_characters_not_allowed": gettext_lazy(
                "カードに書くことに使えない文字が入っています。"
            ),
        },
    )
    card_type = forms.ChoiceField(
        label=gettext_lazy("種類"),
        choices=[("", gettext_lazy("選ばない")), *CardType.choices],
        widget=forms.RadioSelect,
        required=False,
        initial="",
        error_messages={"invalid_choice": gettext_lazy("種類を選び直してください。")},
    )
    sector = forms.ChoiceField(
        label=gettext_lazy("分野"),
        help_text=gettext_lazy("あなたの立場にいちばん近いもの"),
        choices=[("", gettext_lazy("答えない")), *Sector.choices],
        widget=forms.RadioSelect,
        required=False,
        initial="",
        error_messages={"invalid_choice": gettext_lazy("分野を選び直してください。")},
    )
    writer_name = forms.CharField(
        # The page adds 「（書かなくてもかまいません）」 to the label; the messages name 「名前」.
        label=gettext_lazy("名前"),
        required=False,
        help_text=gettext_lazy("書かなければ、だれが書いたカードかはわかりません。"),
        error_messages={
            "null_characters_not_allowed": gettext_lazy("名前に使えない文字が入っています。")
        },
    )

    def clean_text(self) -> str:
        """The length said with the field's name on the page (the service's own refusal, a
        backstop, names it 「内容」)."""
        text: str = self.cleaned_data["text"]
        if len(text) > CARD_TEXT_MAX:
            raise forms.ValidationError(
                _("カードに書くことは%(most)d文字までにしてください（今は%(count)d文字です）。")
                % {"most": CARD_TEXT_MAX, "count": len(text)}
            )
        return text


class VoteForm(forms.Form):
    """A phone's answers on the asked statements (any may be left unanswered) and its sector,
    chosen once for all of them; a field per statement, named after its group ("vote-g12")."""

    prefix = "vote"

    sector = forms.ChoiceField(
        label=gettext_lazy("分野"),
        help_text=gettext_lazy("あなたの立場にいちばん近いもの。答えは分野ごとに数えます。"),
        choices=[("", gettext_lazy("答えない")), *Sector.choices],
        widget=forms.RadioSelect,
        required=False,
        initial="",
        error_messages={"invalid_choice": gettext_lazy("分野を選び直してください。")},
    )

    def __init__(self, *args: Any, groups: list[CardGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            self.fields[f"g{group.pk}"] = forms.ChoiceField(
                label=group.statement,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _("答えを選び直してください。")},
            )

    def statement_fields(self) -> list[forms.BoundField]:
        return [self[f"g{group.pk}"] for group in self.groups]

    def answers(self) -> dict[CardGroup, str]:
        """The statements answered, with the answer."""
        chosen = {g: self.cleaned_data.get(f"g{g.pk}", "") for g in self.groups}
        return {group: answer for group, answer in chosen.items() if answer}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.answers():
            raise forms.ValidationError(_("賛成・どちらでもない・反対のどれかを選んでください。"))
        return data


@method_decorator([login_not_required, never_cache], name="dispatch")
class WriteView(FormPageView):
    """The page behind the QR code. never_cache: a phone that reloads after the facilitator
    closes the dialogue must see it closed, not a kept copy of the form."""

    template_name = "dialogues/public/write.html"
    dialogue: Dialogue

    def load(self) -> None:
        # The key is the only way in: an unknown one is a plain 404 saying nothing more.
        self.dialogue = get_object_or_404(
            Dialogue.objects.select_related("municipality"), key=self.kwargs["key"]
        )

    def make_form(self, data: Any = None, files: Any = None) -> forms.BaseForm:
        return PhoneCardForm(data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status = self.dialogue.status
        context.update(
            municipality=self.dialogue.municipality,
            state="open" if self.dialogue.accepts_phones else status,
            # The question only while it is asked (or about to be); after, nothing (point 7).
            question=self.dialogue.question
            if status in (DialogueStatus.OPEN, DialogueStatus.PREPARING)
            else "",
            closed_message=NOT_YET if status == DialogueStatus.PREPARING else CLOSED,
        )
        # While the agreement round is open, its form (under the cards' or alone); after, none.
        if agreement.voting_open(self.dialogue) and "vote_form" not in context:
            context["vote_form"] = self.vote_form()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        if request.POST.get("send") == "votes":
            return self.post_votes()
        if not self.dialogue.accepts_phones:
            # The closed page again, refused: what was typed is not kept, as nothing of the
            # dialogue may show once it is closed.
            return self.render_to_response(self.get_context_data(), status=403)
        wait = self.over_limit()
        if wait:
            return self.too_many(wait)
        return super().post(request, *args, **kwargs)

    def save(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        services.card_add(
            dialogue=self.dialogue,
            data=services.CardInput(
                text=data["text"],
                card_type=data["card_type"],
                sector=data["sector"],
                writer_name=data["writer_name"],
            ),
            source=CardSource.PHONE,
            user=None,
        )
        messages.success(self.request, RECEIVED)
        # Post/Redirect/Get: a reload does not send the card twice, and the form is empty.
        return HttpResponseRedirect(self.request.path)

    def over_limit(self, what: str = "write") -> int:
        """0 while this address may send to this dialogue, else the seconds until it may again.
        Counted in the project's rate-limit cache (core.ratelimit), in fixed windows aligned on
        the clock; every post counts, refused ones too, as they cost the same to answer.
        Answers ("vote") are counted apart from cards, with the same limit: a dozen people on
        one Wi-Fi who wrote their cards can still answer."""
        rule = settings.DIALOGUE_CARD_RATE_LIMIT
        if rule is None:
            return 0
        limit, seconds = int(rule[0]), int(rule[1])
        now = time.time()
        window = int(now // seconds)
        key = f"ratelimit:dialogues_public:{what}:{self.dialogue.pk}:"
        count = counted(f"{key}{client_address(self.request)}:{window}", seconds)
        if count is None or count <= limit:
            return 0
        return max(1, math.ceil((window + 1) * seconds - now))

    def too_many(self, wait: int) -> HttpResponse:
        """429 with the form holding what was typed (not checked: nothing was read), so the
        participant can send it once the window ends."""
        typed = {name: self.request.POST.get(name, "") for name in PhoneCardForm.base_fields}
        context = self.get_context_data(form=PhoneCardForm(initial=typed))
        context["busy_minutes"] = max(1, math.ceil(wait / 60))
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(wait)
        return response

    # --- the agreement round ----------------------------------------------------------------

    participant = ""
    new_participant = False

    def participant_token(self) -> str:
        """This phone's token from its signed cookie, or a new one (set on the response)."""
        if not self.participant:
            found = self.request.get_signed_cookie(
                VOTE_COOKIE, default="", salt=VOTE_SALT, max_age=VOTE_COOKIE_AGE
            )
            if not found:
                found, self.new_participant = secrets.token_urlsafe(16), True
            self.participant = found
        return self.participant

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        return self.with_participant(super().render_to_response(context, **kwargs))

    def with_participant(self, response: HttpResponse) -> HttpResponse:
        if self.new_participant:
            response.set_signed_cookie(
                VOTE_COOKIE, self.participant, salt=VOTE_SALT, max_age=VOTE_COOKIE_AGE,
                path=self.request.path, secure=self.request.is_secure(), httponly=True,
                samesite="Lax",
            )  # fmt: skip
        return response

    def vote_form(self, data: Any = None, typed: dict[str, str] | None = None) -> VoteForm | None:
        """The statements asked, each with this phone's answer so far (None: none asked)."""
        groups = agreement.asked_groups(self.dialogue)
        if not groups:
            return None
        mine = agreement.answers_of(self.dialogue, self.participant_token())
        initial = {f"g{pk}": vote.answer for pk, vote in mine.items()}
        latest = max(mine.values(), key=lambda v: v.answered_at, default=None)
        initial["sector"] = latest.sector if latest is not None else ""
        return VoteForm(data, groups=groups, initial={**initial, **(typed or {})})

    def post_votes(self) -> HttpResponse:
        """The phone's answers: refused once the round is closed (the page then shows nothing
        of it), limited per address as cards are, checked, then recorded, all or none."""
        if not agreement.voting_open(self.dialogue):
            return self.votes_refused()
        wait = self.over_limit("vote")
        if wait:
            # What was chosen, not checked (nothing was read), ready to send again.
            posted = {k.removeprefix("vote-"): str(v) for k, v in self.request.POST.items()}
            context = self.get_context_data(
                form=self.make_form(), vote_form=self.vote_form(typed=posted)
            )
            context["vote_busy_minutes"] = max(1, math.ceil(wait / 60))
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(wait)
            return response
        form = self.vote_form(self.request.POST)
        if form is None:
            return self.votes_refused()  # every statement taken back meanwhile
        if form.is_valid():
            try:
                agreement.votes_record(
                    dialogue=self.dialogue, participant=self.participant_token(),
                    sector=form.cleaned_data["sector"], answers=form.answers(),
                )  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(self.request, VOTED)
                return self.with_participant(HttpResponseRedirect(self.request.path))
        context = self.get_context_data(form=self.make_form(), vote_form=form)
        return self.render_to_response(context, status=400)

    def votes_refused(self) -> HttpResponse:
        """The page as it is now, with no answer kept: nothing of a closed round may show."""
        context = self.get_context_data(form=self.make_form(), vote_refused=VOTING_CLOSED)
        return self.render_to_response(context, status=403)


class QrView(MunicipalityPermissionMixin, View):
    """The participants' address as an SVG QR code, for the facilitator's screen and slides."""

    http_method_names = ["get", "head"]
    permission = Perm.VIEW

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        dialogue = get_object_or_404(
            Dialogue.objects.select_related("meeting__council__municipality"),
            municipality=self.municipality,
            pk=kwargs["pk"],
        )
        if not can_read(request.user, dialogue.meeting.council):
            raise PermissionDenied(_("この対話を見る権限がありません。"))
        return HttpResponse(qr_svg(public_url(dialogue)), content_type="image/svg+xml")
