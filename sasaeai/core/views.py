from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import active_assignments, municipalities_for


class HomeView(TemplateView):
    """After sign-in: straight to the user's municipality, or a choice when there are several."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        municipalities = municipalities_for(request.user)
        if len(municipalities) == 1:
            return redirect("areas:dashboard", lgcode=municipalities[0].code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipalities"] = municipalities_for(self.request.user)
        context["assignments"] = active_assignments(self.request.user)
        return context


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For a load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
