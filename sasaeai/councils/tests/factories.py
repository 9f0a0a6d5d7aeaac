import datetime
from zoneinfo import ZoneInfo

import factory

from sasaeai.areas.tests.factories import AreaFactory, MunicipalityFactory
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


__all__ = ["CouncilFactory", "MeetingFactory", "MembershipFactory", "MunicipalityFactory"]
