"""変更履歴 pages: any registered record of the URL's municipality (core.history)."""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import MunicipalityPermissionMixin
from sasaeai.core.history import HISTORY_MODELS, history_list


class HistoryView(MunicipalityPermissionMixin, TemplateView):
    """変更履歴 of one record of the URL's municipality: who changed which field, and when."""

    template_name = "core/history.html"
    permission = Perm.VIEW

    def get_object(self) -> models.Model:
        if self.kwargs["model"] not in HISTORY_MODELS:
            raise Http404
        target = HISTORY_MODELS[self.kwargs["model"]]
        queryset = target.model._default_manager.filter(**{target.within: self.municipality.pk})
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def back_url(self, obj: models.Model) -> str:
        """The page the record is shown on (a town has none of its own: its area's)."""
        target = HISTORY_MODELS[self.kwargs["model"]]
        return reverse(target.detail_url_name, args=[self.municipality.code, *target.url_args(obj)])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context["object"] = obj
        context["verbose_name"] = obj._meta.verbose_name
        context["entries"] = history_list(model=type(obj), pk=obj.pk)
        context["back_url"] = self.back_url(obj)
        return context
