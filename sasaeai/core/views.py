from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection, models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from sasaeai.accounts.constants import Perm
from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    active_assignments,
    is_operator,
    municipalities_for,
)
from sasaeai.accounts.selectors import municipalities_in_use

from .history import HISTORY_MODELS, history_list


class HomeView(TemplateView):
    """After sign-in: straight to the user's municipality, or a choice when there are several."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        if is_operator(request.user):
            return super().get(request, *args, **kwargs)
        municipalities = municipalities_for(request.user)
        if len(municipalities) == 1:
            return redirect("areas:dashboard", lgcode=municipalities[0].code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_operator(self.request.user):
            # Not a tile for each of the 1,742 municipalities: the search and those in use.
            context["operator"] = True
            paginator = Paginator(municipalities_in_use(), 50)
            context["page"] = paginator.get_page(self.request.GET.get("page"))
            return context
        context["municipalities"] = municipalities_for(self.request.user)
        context["assignments"] = active_assignments(self.request.user)
        return context


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For a load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


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
