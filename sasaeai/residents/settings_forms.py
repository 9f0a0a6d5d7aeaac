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
