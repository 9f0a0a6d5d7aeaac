"""The demo city's residents' requests (issue #26): five people at different steps in demo-sc2's
圏域, so that the inbox, the home page's block, the referrals and the plan's counts show
something. The names are nicknames nobody has; the numbers are of the unassigned 000 exchange,
as the demo registry's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sasaeai.accounts.models import RoleAssignment, User
from sasaeai.areas.models import Municipality
from sasaeai.resources import selectors as resource_selectors
from sasaeai.resources.models import Resource

from . import services
from .constants import Channel, RequestKind, RequestStatus

# (nickname, kind, days before today it came, the steps taken since, each with its day offset)
PEOPLE = (
    ("ひまわり", RequestKind.VISIT, 2, ()),
    ("あおぞら", RequestKind.HELP, 9, ((RequestStatus.CONTACTED, 8),)),
    ("つばめ", RequestKind.CONSULT, 20, ((RequestStatus.CONTACTED, 19), (RequestStatus.TRIAL, 12))),
    ("もみじ", RequestKind.VISIT, 60, ((RequestStatus.CONTACTED, 58), (RequestStatus.JOINED, 45))),
    ("すずらん", RequestKind.VISIT, 90, ((RequestStatus.CONTACTED, 88),)),
)


@dataclass(frozen=True)
class Summary:
    requests: int
    referrals: int


def build(*, municipality: Municipality, today: datetime.date | None = None) -> Summary:
    day = today or timezone.localdate()
    own = RoleAssignment.objects.get(user__username="demo-sc2", municipality=municipality)
    coordinator: User = own.user
    # The public places of demo-sc2's 圏域, in the registry's order: each person asked for one.
    places = list(
        resource_selectors.public_queryset(municipality)
        .filter(service_locations__location__area=own.area)
        .distinct()
        .order_by("kana_key", "pk")[: len(PEOPLE)]
    )
    referrals = 0
    for number, (name, kind, ago, steps) in enumerate(PEOPLE):
        place: Resource | None = places[number % len(places)] if places else None
        received = timezone.make_aware(
            datetime.datetime.combine(day - datetime.timedelta(days=ago), datetime.time(10, 30))
        )
        request = services.request_receive(
            municipality=municipality,
            kind=kind,
            name=name,
            phone=f"042-000-{9000 + number:04d}",
            resource=None if kind == RequestKind.CONSULT else place,
            area=own.area,
            preferred_days=[number % 5],
            preferred_times=["morning"],
            consented=True,
            channel=Channel.DESK if kind == RequestKind.CONSULT else Channel.PORTAL,
            by=coordinator if kind == RequestKind.CONSULT else None,
            now=received,
        )
        for status, steps_ago in steps:
            services.request_move(
                request=request, status=status, by=coordinator,
                now=received + datetime.timedelta(days=ago - steps_ago),
                follow_up_on=day + datetime.timedelta(days=3)
                if status == RequestStatus.CONTACTED and steps_ago < 10 else None,
            )  # fmt: skip
        referrals += request.referrals.count()
    # The last one never answered the phone: つながらなかった.
    services.request_move(
        request=request, status=RequestStatus.NOT_CONNECTED, by=coordinator,
        reason="3回電話したが、つながらなかった",
        now=received + datetime.timedelta(days=20),
    )  # fmt: skip
    return Summary(requests=len(PEOPLE), referrals=referrals)
