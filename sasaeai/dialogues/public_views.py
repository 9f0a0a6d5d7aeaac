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
import time
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
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

from . import services
from .constants import CARD_TEXT_MAX, CardSource, CardType, DialogueStatus
from .models import Dialogue

# How many cards one address may send to one dialogue in one window: (cards, seconds), the
# setting DIALOGUE_CARD_RATE_LIMIT (None: no limit; config/settings/base.py). 60 cards in 10 minutes: a writing round is
# 5–10 minutes and each participant writes 3–5 cards, so a dozen people on the venue's Wi-Fi
# (one address for all of them) stay within it (12 × 5 = 60), while a script is held to six
# cards a minute, few enough for the facilitator to hide by hand. Per dialogue, so a busy
# workshop does not stop another one at the same hall.

CLOSED = gettext_lazy("この対話は受付を終了しました。")
NOT_YET = gettext_lazy("まだ受付を始めていません。")
RECEIVED = gettext_lazy("カードを受け付けました。続けて書けます。")


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
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
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

    def over_limit(self) -> int:
        """0 while this address may send to this dialogue, else the seconds until it may again.
        Counted in the project's rate-limit cache (core.ratelimit), in fixed windows aligned on
        the clock; every post counts, refused ones too, as they cost the same to answer."""
        rule = settings.DIALOGUE_CARD_RATE_LIMIT
        if rule is None:
            return 0
        limit, seconds = int(rule[0]), int(rule[1])
        now = time.time()
        window = int(now // seconds)
        key = f"ratelimit:dialogues_public:write:{self.dialogue.pk}:"
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
