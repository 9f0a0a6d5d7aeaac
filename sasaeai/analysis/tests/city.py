"""A small hand-built city for the analysis tests: three 日常生活圏域 in a line on one meridian,
towns with centres, population, 通いの場 at known positions (one in a private home) and
shopping support. Every expected value in the tests is worked out by hand from this layout.

All positions are on longitude 139.33, so a distance is only a difference of latitude:
on a meridian 0.001° = 2π × 6,371,008.8 m ÷ 360 ÷ 1,000 = 111.195 m. With the detour factor
1.3 the walks of 500 / 800 / 1,000 m are straight lines of 384.6 / 615.4 / 769.2 m, that is
3.46 / 5.53 / 6.92 thousandths of a degree:

    y (thousandths north of 35.660)   what is there
      +30   高尾町 (東部): 65+ 500; a monthly tea salon (P3); an ended weekly group (P5)
       +6   上野町 (北部): 65+ 100
       +5   石川町 (北部): 65+ 200; a venue of the two-area club (P4)
        0   赤坂町 (北部): 65+ 400; the weekly exercise group (P1) at the town centre
      −30   桜町   (南部): 65+ 300; the town centre; a venue of P4
      −33   the private home of the weekly tea salon P2 (its town is 桜町)
      −38   白旗町 (南部): 65+ 100

Weekly places (the only ones coverage counts): P1 at 0 and P2 at −33 (its true position).
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import time_machine

from sasaeai.areas.models import Town
from sasaeai.areas.tests.factories import (
    AreaFactory,
    Layer2AreaFactory,
    MunicipalityFactory,
    TownFactory,
    population,
)
from sasaeai.resources.constants import (
    Activity,
    FrequencyBand,
    ResourceKind,
    ResourceStatus,
    TagCategory,
    VenueType,
)
from sasaeai.resources.models import Resource, ResourceTag, ServiceAtLocation
from sasaeai.resources.tests.factories import LocationFactory, ResourceFactory

TOKYO = ZoneInfo("Asia/Tokyo")
# The city is registered during 令和7年度 (FY2025), before its 31 March.
CREATED = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=TOKYO)
LAT0 = 35.660
LNG = 139.33
# What a private home's address says; no analysis page or PDF may show it.
PRIVATE_STREET = "4-15-9"
PRIVATE_NAME = "山田様方"


def lat(thousandths: int) -> float:
    return round(LAT0 + thousandths / 1000, 6)


def town(area, name: str, kana: str, y: int, bands: dict) -> Town:  # type: ignore[no-untyped-def]
    made = TownFactory(area=area, name=name, kana=kana, latitude=lat(y), longitude=LNG)
    population(made, bands)
    return made


def place(  # type: ignore[no-untyped-def]
    where: Town,
    y: int | None = None,
    *,
    venue_type: str = VenueType.COMMUNITY_HALL,
    location_name: str = "",
    street: str = "",
    **kwargs,
) -> Resource:
    """A resource meeting at one venue in `where` (at the town's centre unless `y` is given)."""
    resource = ResourceFactory(municipality=where.municipality, **kwargs)
    venue(resource, where, y, venue_type=venue_type, location_name=location_name, street=street)
    return resource


def venue(  # type: ignore[no-untyped-def]
    resource: Resource,
    where: Town,
    y: int | None = None,
    *,
    venue_type: str = VenueType.COMMUNITY_HALL,
    location_name: str = "",
    street: str = "",
) -> None:
    extra = {"name": location_name} if location_name else {}
    location = LocationFactory(
        municipality=where.municipality,
        town=where,
        area=where.area,
        latitude=where.latitude if y is None else lat(y),
        longitude=LNG,
        venue_type=venue_type,
        street=street,
        **extra,
    )
    ServiceAtLocation.objects.create(resource=resource, location=location)


def support(resource: Resource, *values: str) -> None:
    for value in values:
        ResourceTag.objects.create(resource=resource, category=TagCategory.SUPPORT, value=value)


def build_city() -> SimpleNamespace:
    """The city of the module docstring, registered at CREATED (so it has history)."""
    with time_machine.travel(CREATED, tick=False):
        return _build()


def _build() -> SimpleNamespace:
    city = MunicipalityFactory(code="132012")  # 八王子市
    whole = AreaFactory(municipality=city, name="全域", kana="ぜんいき")
    # 50音順 by the kana given: 北部, 南部, 東部.
    north = Layer2AreaFactory(municipality=city, parent=whole, name="北部圏域", kana="あ")
    south = Layer2AreaFactory(municipality=city, parent=whole, name="南部圏域", kana="い")
    east = Layer2AreaFactory(municipality=city, parent=whole, name="東部圏域", kana="う")
    # Towns (bands 0–64, 65–74, 75–84, 85+):
    # 赤坂町 600+250+100+50 = 1,000; 65+ 400; 75+ 150; 85+ 50
    akasaka = town(north, "赤坂町", "あかさかちょう", 0,
                   {(0, 64): 600, (65, 74): 250, (75, 84): 100, (85, None): 50})  # fmt: skip
    # 石川町 300+100+80+20 = 500; 65+ 200; 75+ 100; 85+ 20
    ishikawa = town(north, "石川町", "いしかわちょう", 5,
                    {(0, 64): 300, (65, 74): 100, (75, 84): 80, (85, None): 20})  # fmt: skip
    # 上野町 100+60+40 = 200; 65+ 100; 75+ 40; 85+ 0
    ueno = town(north, "上野町", "うえのちょう", 6, {(0, 64): 100, (65, 74): 60, (75, 84): 40})
    # 桜町 500+150+100+50 = 800; 65+ 300; 75+ 150; 85+ 50
    sakura = town(south, "桜町", "さくらちょう", -30,
                  {(0, 64): 500, (65, 74): 150, (75, 84): 100, (85, None): 50})  # fmt: skip
    # 白旗町 200+60+40 = 300; 65+ 100; 75+ 40
    shirahata = town(south, "白旗町", "しらはたちょう", -38,
                     {(0, 64): 200, (65, 74): 60, (75, 84): 40})  # fmt: skip
    # 高尾町 500+200+200+100 = 1,000; 65+ 500; 75+ 300; 85+ 100
    takao = town(east, "高尾町", "たかおちょう", 30,
                 {(0, 64): 500, (65, 74): 200, (75, 84): 200, (85, None): 100})  # fmt: skip
    kayoi = {"kind": ResourceKind.KAYOI}
    weekly = {**kayoi, "frequency_band": FrequencyBand.WEEKLY_OR_MORE}
    p1 = place(akasaka, name="いきいき体操の会", kana="いきいきたいそうのかい", **weekly,
               primary_activity=Activity.EXERCISE, registered_total=30)  # fmt: skip
    p2 = place(sakura, -33, venue_type=VenueType.PRIVATE_HOME, location_name=PRIVATE_NAME,
               street=PRIVATE_STREET, name="縁側サロン", kana="えんがわさろん", **weekly,
               primary_activity=Activity.TEA, registered_total=12)  # fmt: skip
    p3 = place(takao, name="高尾ふれあい喫茶", kana="たかおふれあいきっさ", **kayoi,
               frequency_band=FrequencyBand.MONTHLY, primary_activity=Activity.TEA,
               registered_total=20)  # fmt: skip
    # P4 meets in 石川町 (北部) and in 桜町 (南部): it counts in both areas, once in the city.
    p4 = place(ishikawa, name="元気クラブ", kana="げんきくらぶ", **kayoi,
               frequency_band=FrequencyBand.TWO_OR_THREE_MONTHLY,
               primary_activity=Activity.EXERCISE, registered_total=10)  # fmt: skip
    venue(p4, sakura)
    # An ended weekly group in 高尾町: counted nowhere, covers no one.
    p5 = place(takao, name="終わった体操", kana="おわったたいそう", **weekly,
               primary_activity=Activity.EXERCISE, registered_total=50,
               status=ResourceStatus.ENDED)  # fmt: skip
    # Shopping: 北部 1 (移動販売), 南部 2 (買い物代行 also 見守り, and 買い物バス), 東部 0.
    mobile_shop = place(akasaka, name="移動販売あかさか", kana="いどうはんばいあかさか",
                        kind=ResourceKind.LIFE_SUPPORT)  # fmt: skip
    support(mobile_shop, "shopping")
    errands = place(sakura, name="買い物代行たすけあい", kana="かいものだいこうたすけあい",
                    kind=ResourceKind.LIFE_SUPPORT)  # fmt: skip
    support(errands, "shopping", "watching")
    bus = place(shirahata, name="買い物バス", kana="かいものばす", kind=ResourceKind.MOBILITY)
    support(bus, "shopping")
    return SimpleNamespace(
        city=city, whole=whole, north=north, south=south, east=east,
        akasaka=akasaka, ishikawa=ishikawa, ueno=ueno, sakura=sakura, shirahata=shirahata,
        takao=takao, p1=p1, p2=p2, p3=p3, p4=p4, p5=p5,
        mobile_shop=mobile_shop, errands=errands, bus=bus,
    )  # fmt: skip
