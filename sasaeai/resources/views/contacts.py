"""A resource's contacts: add, edit, delete (public only with the date of consent)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from sasaeai.accounts.permissions import (
    MunicipalityPermissionMixin,
    may_edit_in,
    may_see_personal,
)
from sasaeai.core.access_log import record_personal_access
from sasaeai.core.form_views import FormPageView
from sasaeai.core.versioning import VERSION_FIELD, expected_version
from sasaeai.utils.forms import int_or_none

from .. import services
from ..forms import ContactForm
from ..models import Contact, Resource
from ..personal import is_private_contact
from .resources import resource_areas


class ContactFormView(MunicipalityPermissionMixin, FormPageView):
    """Add or edit a contact of a resource; public only with the date of consent."""

    template_name = "resources/contact_form.html"
    resource: Resource
    contact: Contact | None = None

    def load(self) -> None:
        self.resource = get_object_or_404(
            Resource.objects.prefetch_related("service_locations__location__area"),
            municipality=self.municipality,
            pk=self.kwargs["pk"],
        )
        if not may_edit_in(self.request.user, self.municipality, resource_areas(self.resource)):
            raise PermissionDenied(_("この地域資源の連絡先を編集する権限がありません。"))
        # Every editor (coordinators, the admin) may see personal data; this keeps it so.
        if not may_see_personal(self.request.user, self.municipality):
            raise PermissionDenied(_("連絡先は個人情報のため、編集する権限がありません。"))
        if "contact" in self.kwargs:
            self.contact = get_object_or_404(
                Contact, resource=self.resource, pk=self.kwargs["contact"]
            )

    def make_form(self, data: Any = None, files: Any = None) -> Any:
        return ContactForm(data, instance=self.contact)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The form shows a private contact's name, phone and e-mail: one access-log row.
        if self.contact is not None and is_private_contact(self.contact):
            record_personal_access(
                user=request.user, municipality=self.municipality,
                what=_("地域資源「%(name)s」の連絡先の編集") % {"name": self.resource.name},
                count=1, path=request.get_full_path(),
            )  # fmt: skip
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The form's 削除 button posts to the same page: it deletes without reading the form.
        if "contact" in self.kwargs and request.POST.get("action") == "delete":
            self.load()
            assert self.contact is not None
            name = self.contact.name
            # A button posted without the version it was shown at cannot prove it saw the
            # contact: 0 never matches (as versioning.expected_version).
            opened_at = int_or_none(request.POST.get(VERSION_FIELD, "")) or 0
            try:
                services.contact_delete(
                    contact=self.contact, user=request.user, expected_version=opened_at
                )
            except ValidationError as error:
                # Back to the form, now showing what was saved meanwhile, with the message.
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            messages.success(request, _("連絡先「%(name)s」を削除しました。") % {"name": name})
            return self.back()
        return super().post(request, *args, **kwargs)

    def save(self, form: ContactForm) -> HttpResponse:
        values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        services.contact_save(
            user=self.request.user,
            contact=self.contact,
            resource=self.resource,
            expected_version=expected_version(form),
            **values,
        )
        messages.success(
            self.request, _("連絡先「%(name)s」を保存しました。") % {"name": values["name"]}
        )
        return self.back()

    def back(self) -> HttpResponse:
        return redirect("resources:detail", lgcode=self.municipality.code, pk=self.resource.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(resource=self.resource, contact=self.contact)
        return context
