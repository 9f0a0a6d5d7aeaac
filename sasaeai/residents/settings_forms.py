"""The form of 「住民からの申し込みの届け先」; the service checks the choice and writes it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Routing


class RoutingForm(forms.Form):
    routing = forms.ChoiceField(
        label=_("住民からの申し込みの届け先"),
        choices=Routing.choices,
        widget=forms.RadioSelect,
    )
    reply_within_days = forms.IntegerField(
        label=_("連絡するまでの日数（土日・祝日を除く）"),
        min_value=1,
        max_value=14,
        help_text=_("住民が申し込んだあとの画面で「○日以内にご連絡します」と案内します。"),
    )
