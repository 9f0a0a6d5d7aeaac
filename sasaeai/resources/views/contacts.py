"""A resource's contacts: add, edit, delete (public only with the date of consent)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sasaeai.accounts.permissions import MunicipalityPermissionMixin, may_edit_in

from .. import services
from ..forms import ContactForm
from ..models import Contact, Resource
from .resources import add_service_errors, resource_areas


class ContactFormView(MunicipalityPermissionMixin, TemplateView):
    """Add or edit a contact of a resource; public only with the date of consent."""

    template_name = "resources/contact_form.html"

    def load(self) -> tuple[Resource, Contact | None]:
        resource = get_object_or_404(
            Resource.objects.prefetch_related("service_locations__location__area"),
            municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        if not may_edit_in(self.request.user, self.municipality, resource_areas(resource)):
            raise PermissionDenied(_("この地域資源の連絡先を編集する権限がありません。"))
        contact = None
        if "contact" in self.kwargs:
            contact = get_object_or_404(Contact, resource=resource, pk=self.kwargs["contact"])
        return resource, contact

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        resource, contact = self.load()
        form = ContactForm(instance=contact)
        return self.render_to_response(
            self.get_context_data(form=form, resource=resource, contact=contact)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        resource, contact = self.load()
        if contact is not None and request.POST.get("action") == "delete":
            services.with_user(contact, request.user).delete()
            messages.success(
                request, _("連絡先「%(name)s」を削除しました。") % {"name": contact.name}
            )
            return redirect("resources:detail", lgcode=self.municipality.code, pk=resource.pk)
        form = ContactForm(request.POST, instance=contact)
        if form.is_valid():
            values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
            try:
                services.contact_save(
                    user=request.user, contact=contact, resource=resource, **values
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("連絡先「%(name)s」を保存しました。") % {"name": values["name"]}
                )
                return redirect("resources:detail", lgcode=self.municipality.code, pk=resource.pk)
        context = self.get_context_data(form=form, resource=resource, contact=contact)
        return self.render_to_response(context, status=400)
