"""A honeypot for the residents' public forms: one text box people never see or reach, which a
script filling every box fills. A post with it filled is taken as sent and nothing is written
(the script is told nothing it could learn from); a person never meets it: it is off screen,
hidden from screen readers (aria-hidden) and out of the tab order (tabindex=-1), and browsers
are asked not to fill it in (autocomplete=off, a name no autofill knows)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

HONEYPOT = "reference_code"


class HoneypotMixin(forms.Form):
    """Adds the honeypot field; render it with residents/_honeypot.html."""

    reference_code = forms.CharField(
        label=gettext_lazy("この欄には何も入力しないでください"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self) -> bool:
        """Whether the honeypot was filled (read after is_valid())."""
        data: Any = getattr(self, "cleaned_data", {})
        return bool(data.get(HONEYPOT))
