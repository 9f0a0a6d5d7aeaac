import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import factory

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.models import Area, Municipality
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import services
from sasaeai.councils.constants import MeetingKind, MemberRole
from sasaeai.councils.models import Council, Meeting, Membership
from sasaeai.resources.constants import Sector

TOKYO = ZoneInfo("Asia/Tokyo")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    area = factory.SubFactory(AreaFactory)
    municipality = factory.SelfAttribute("area.municipality")
    name = factory.Sequence(lambda n: f"協議体{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"委員{n}")
    kana = factory.Sequence(lambda n: f"いいん{n:03d}")
    sector = Sector.RESIDENTS
    role = MemberRole.MEMBER
    term_start = datetime.date(2025, 4, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    kind = MeetingKind.DELIBERATION
    title = factory.Sequence(lambda n: f"第{n}回協議体")
    starts_at = datetime.datetime(2026, 12, 10, 14, 0, tzinfo=TOKYO)


@dataclass(frozen=True)
class TwoLayers:
    """八王子市 with its layer-1 council and the councils of 北部圏域 and 南部圏域 below it;
    "sc1" coordinates layer 1, "sc2" 北部 (for the browser tests, which sign in by name)."""

    city: Municipality
    whole: Area
    north: Area
    south: Area
    sc1: Any
    layer1: Council
    north_council: Council
    south_council: Council


def two_layers() -> TwoLayers:
    city = MunicipalityFactory(code="132012", name="八王子市")
    whole = AreaFactory(municipality=city, name="八王子市全域")
    north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域", kana="ほくぶ")
    south = Layer2AreaFactory(municipality=city, parent=whole, name="南部圏域", kana="なんぶ")
    sc1 = user_with_role(Role.SC_LAYER1, city, user__username="sc1")
    user_with_role(Role.SC_LAYER2, city, area=north, user__username="sc2")

    def council(area: Area, name: str) -> Council:
        return services.council_create(municipality=city, area=area, name=name, user=sc1)

    return TwoLayers(
        city, whole, north, south, sc1,
        council(whole, "八王子市生活支援推進協議体"),
        council(north, "北部地域支え合い会議"),
        council(south, "南部地域支え合い会議"),
    )  # fmt: skip


__all__ = ["CouncilFactory", "MeetingFactory", "MembershipFactory", "MunicipalityFactory"]
