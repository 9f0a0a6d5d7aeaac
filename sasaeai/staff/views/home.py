"""The page after sign-in, and the health check for a load balancer."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import active_assignments, is_operator, municipalities_for
from sasaeai.accounts.selectors import municipalities_in_use


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
