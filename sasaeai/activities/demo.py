"""Two years of the demo city's coordinator activity: 8 coordinators (the layer-1 coordinator
and one layer-2 coordinator per area) log visits, consultations, meetings and つなぎ. The
network grows year on year (more connecting work each 年度), while 丘陵圏域 keeps many
isolated actors: its coordinator has less time for connecting (hills, few weekly places)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from sasaeai.accounts.constants import Role
from sasaeai.accounts.demo import DEMO_PASSWORD
from sasaeai.accounts.models import RoleAssignment, User
from sasaeai.areas.models import Area, Municipality
from sasaeai.resources.models import Organization, Resource
from sasaeai.utils.dates import add_months

from . import services
from .constants import ActivityKind, ConnectionPurpose, ConnectionStatus

MONTHS = 24
QUIET_AREA = "丘陵圏域"
# (kind, minutes, summary) of routine entries.
ROUTINE = (
    (ActivityKind.VISIT, 60, "通いの場を訪問し、参加者と世話役の話を聞いた"),
    (ActivityKind.VISIT, 45, "休止中の会の代表を訪問し、再開の見通しを聞いた"),
    (ActivityKind.CONSULTATION, 30, "住民から外出の手段について相談を受けた"),
    (ActivityKind.CONSULTATION, 40, "地域包括支援センターと個別の相談を共有した"),
    (ActivityKind.MEETING, 120, "第2層協議体に出席し、資源の情報を共有した"),
    (ActivityKind.RESEARCH, 90, "商店と事業所を回り、買い物支援の情報を集めた"),
    (ActivityKind.PUBLICITY, 60, "通いの場の案内を回覧板で配った"),
    (ActivityKind.SUPPORTER_TRAINING, 150, "担い手養成講座を開いた"),
    (ActivityKind.TRAINING, 180, "コーディネーター研修に参加した"),
)
# Residents named in the log (fictitious): the 関わった人 of consultations and the メモ of
# referrals of users, the personal data only coordinators see (issue #21). Chosen in turn, not
# by the random generator, so that the rest of the demo stays the same.
RESIDENTS = ("山田 ハナ", "佐藤 一郎", "鈴木 トメ", "高橋 茂", "田中 キヨ", "伊藤 正男")
PURPOSE_TEXT = {
    ConnectionPurpose.SUPPORTERS: "担い手を紹介した",
    ConnectionPurpose.VENUE: "会場を提供してもらえるようつないだ",
    ConnectionPurpose.CO_HOSTING: "共同で催しを開くよう話をつないだ",
    ConnectionPurpose.INFORMATION: "情報を共有するよう引き合わせた",
    ConnectionPurpose.USERS: "利用者を紹介した",
}


@dataclass(frozen=True)
class Summary:
    coordinators: int
    activities: int
    connections: int


def coordinators(municipality: Municipality) -> dict[Area | None, User]:
    """demo-sc1 for layer 1, demo-sc2 for its area, and a new layer-2 coordinator for each
    other area (same demo password)."""
    users: dict[Area | None, User] = {None: User.objects.get(username="demo-sc1")}
    own = RoleAssignment.objects.get(user__username="demo-sc2", municipality=municipality)
    users[own.area] = own.user
    for area in Area.objects.layer2().filter(municipality=municipality).order_by("code"):
        if area in users:
            continue
        user = User.objects.create_user(
            username=f"demo-sc2-{area.code or area.pk}",
            password=DEMO_PASSWORD,
            display_name=f"第2層SC {area.name.removesuffix('圏域')} 担当",
        )
        RoleAssignment.objects.create(
            user=user, role=Role.SC_LAYER2, municipality=municipality, area=area
        )
        users[area] = user
    return users


def actors_of(area: Area) -> list[services.Actor]:
    organizations = Organization.objects.filter(areas=area).order_by("pk")
    resources = Resource.objects.filter(service_locations__location__area=area).distinct()
    return [services.Actor(organization=o) for o in organizations] + [
        services.Actor(resource=r) for r in resources.order_by("pk")
    ]


def build(
    *, municipality: Municipality, seed: int = 2025, today: datetime.date | None = None
) -> Summary:
    rng = random.Random(seed)
    today = today or timezone.localdate()
    start = add_months(today.replace(day=1), -(MONTHS - 1))
    users = coordinators(municipality)
    actors = {area: actors_of(area) for area in users if area is not None}
    activities = connections = 0
    made: list = []
    for month in range(MONTHS):
        first = add_months(start, month)
        for area, user in users.items():
            quiet = area is not None and area.name == QUIET_AREA
            routine = 3 if area is None else (2 if quiet else 4)
            # Connecting work grows with the months (the network grows year on year).
            linking = 0 if quiet and month % 3 else (1 + month // 8) if area else 0
            for _n in range(routine + linking):
                day = first + datetime.timedelta(days=rng.randrange(0, 27))
                if day > today:
                    continue
                if area is not None and _n >= routine and len(actors[area]) > 1:
                    source, target = rng.sample(actors[area], 2)
                    purpose = rng.choice(list(PURPOSE_TEXT))
                    resident = RESIDENTS[activities % len(RESIDENTS)]
                    item = services.ConnectionInput(
                        source=source, target=target, purpose=purpose,
                        status=ConnectionStatus.REALISED if rng.random() < 0.8 else ConnectionStatus.PROPOSED,
                        note=f"{resident}さん（仮名）の参加を相談" if purpose == ConnectionPurpose.USERS else "",
                    )  # fmt: skip
                    values = services.ActivityInput(
                        done_on=day, kind=ActivityKind.CONNECTING, minutes=rng.choice([60, 90]),
                        summary=f"{source.name}に{target.name}を紹介し、{PURPOSE_TEXT[purpose]}",
                        areas=[area], outcome="双方で連絡を取り合うことになった",
                    )  # fmt: skip
                else:
                    kind, minutes, text = rng.choice(ROUTINE)
                    item = None
                    consulted = kind == ActivityKind.CONSULTATION and text.startswith("住民")
                    values = services.ActivityInput(
                        done_on=day, kind=kind, minutes=minutes, summary=text,
                        areas=[area] if area else [],
                        people=f"{RESIDENTS[activities % len(RESIDENTS)]}さん（仮名）" if consulted else "",
                        follow_up_on=day + datetime.timedelta(days=14) if rng.random() < 0.1 else None,
                    )  # fmt: skip
                activity = services.activity_record(
                    municipality=municipality, coordinator=user, values=values,
                    connections=[item] if item else [], user=user,
                )  # fmt: skip
                activities += 1
                if item:
                    connections += 1
                    made.extend(activity.connections.all())
    # Some realised ties continue a few months later, and a few end.
    for connection in made:
        later = connection.made_on + datetime.timedelta(days=rng.randrange(60, 200))
        if connection.status == ConnectionStatus.REALISED and later <= today:
            status = ConnectionStatus.CONTINUING if rng.random() < 0.75 else ConnectionStatus.ENDED
            services.connection_set_status(
                connection=connection, status=status, on=later, user=connection.created_by
            )
    return Summary(coordinators=len(users), activities=activities, connections=connections)
