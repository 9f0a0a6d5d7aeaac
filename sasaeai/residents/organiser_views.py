"""The organiser's page behind a 確認票's QR code, /o/<token>/ (issue #26, point 8): no account,
the signed token (resources.organiser_links) is the way in.

What it shows depends on the link alone: made up or altered, a plain 404; expired, that it
expired; its proposal decided, that it was used; otherwise the listing as residents see it
and a form with the facts the organiser may change (with a pending proposal from this link,
the form holds what was sent, to send again). The POST is rate-limited per address
(settings.RATE_LIMITS)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sasaeai.core.form_views import FormPageView
from sasaeai.resources import organiser_links, selectors
from sasaeai.resources.models import Resource

from . import proposal_services
from .constants import ProposalStatus
from .listing_forms import ProposalForm
from .models import ListingProposal
from .proposal_services import LABELS, STATE_OF_STATUS

EXPIRED, SPENT, OPEN = "expired", "spent", "open"


@method_decorator([login_not_required, never_cache], name="dispatch")
class OrganiserView(FormPageView):
    template_name = "residents/public/organiser.html"
    state = OPEN
    resource: Resource
    link: organiser_links.OrganiserLink
    proposal: ListingProposal | None = None

    def load(self) -> None:
        try:
            self.link = organiser_links.read_token(self.kwargs["token"])
        except organiser_links.LinkInvalidError as error:
            raise Http404(_("このページは見つかりません。")) from error
        except organiser_links.LinkExpiredError as expired:
            self.link, self.state = expired.link, EXPIRED
        found = Resource.objects.select_related("municipality").filter(pk=self.link.resource_id)
        resource = found.first()
        if resource is None:
            raise Http404(_("このページは見つかりません。"))
        self.resource = resource
        self.proposal = ListingProposal.objects.filter(nonce=self.link.nonce).first()
        if self.state == OPEN and proposal_services.spent(self.proposal):
            self.state = SPENT

    def names(self) -> tuple[str, ...]:
        now = self.now
        return tuple(name for name in LABELS if name in now)

    @property
    def now(self) -> dict[str, Any]:
        if not hasattr(self, "_now"):
            self._now = proposal_services.listing_now(self.resource)
        return self._now

    def initial(self) -> dict[str, Any]:
        """The listing as it stands, or what this link sent while it waits for a decision."""
        values = dict(self.now)
        values["status"] = STATE_OF_STATUS.get(values["status"], "")
        if self.proposal is not None and self.proposal.status == ProposalStatus.PENDING:
            values.update({f: c["new"] for f, c in self.proposal.changes.items()})
            values["status"] = self.proposal.state
            values["note"] = self.proposal.note
        return values

    def make_form(self, data: Any = None, files: Any = None) -> ProposalForm:
        return ProposalForm(data, names=self.names(), initial=self.initial())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        if self.state != OPEN:
            return self.closed()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load()
        if self.state != OPEN:
            # Nothing is read from the post: the link no longer takes proposals.
            return self.closed()
        return super().post(request, *args, **kwargs)

    def closed(self) -> HttpResponse:
        # 410 Gone: the address was real and will not work again.
        return self.render_to_response(self.get_context_data(), status=410)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipality = self.resource.municipality
        context.update(
            municipality=municipality,
            state=self.state,
            resource_name=self.resource.name,
            pending=self.proposal is not None and self.proposal.status == ProposalStatus.PENDING,
        )
        if self.state == OPEN:
            # The listing as residents see it (None: not on the residents' pages now).
            context["place"] = selectors.public_resource(municipality, self.resource.pk)
        return context

    def save(self, form: ProposalForm) -> HttpResponse:
        proposal_services.proposal_submit(
            link=self.link, values=form.values(), note=form.cleaned_data["note"]
        )
        messages.success(
            self.request,
            _(
                "送信しました。ありがとうございました。コーディネーターが確かめてから"
                "ホームページに反映します。"
            ),
        )
        return HttpResponseRedirect(self.request.path)
