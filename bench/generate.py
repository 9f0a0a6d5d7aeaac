"""Scale data for benchmarks: S (the demo city), M (a prefecture), L (the nation).

Everything is written through the application's own services and bulk paths (history rows
included), so what is measured is what production does. Deterministic from the seed.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.generate M
"""

from __future__ import annotations

import datetime
import random
import sys
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from sasaeai.accounts import demo as accounts_demo  # noqa: E402
from sasaeai.accounts.models import User  # noqa: E402
from sasaeai.analysis import demo as analysis_demo  # noqa: E402
from sasaeai.areas import demo as areas_demo  # noqa: E402
from sasaeai.areas.constants import MUNICIPALITY_MASTER_CSV, Layer  # noqa: E402
from sasaeai.areas.models import Area, Municipality, Town  # noqa: E402
from sasaeai.areas.services import (  # noqa: E402
    area_create,
    municipalities_load_master,
    population_store,
    towns_create,
)
from sasaeai.resources import demo as resources_demo  # noqa: E402
from sasaeai.resources.constants import (  # noqa: E402
    Activity,
    OrganizationType,
    ResourceKind,
    SchedulePattern,
    SupportType,
    VenueType,
)
from sasaeai.resources.models import Location, Organization  # noqa: E402
from sasaeai.resources.scheduling import ScheduleSpec  # noqa: E402
from sasaeai.resources.services import (  # noqa: E402
    ResourceInput,
    locations_bulk_create,
    organizations_bulk_create,
    resources_bulk_create,
)

SEED = 2025
AS_OF = datetime.date(2025, 10, 1)
# (areas, towns, resources) per municipality as random ranges, tuned to the totals:
# M ≈ 62 × (7, 73, 194) = 450 areas, 4,500 towns, 12,000 resources;
# L ≈ 1,741 × (3.4, 34, 115) = 6,000 areas, 60,000 towns, 200,000 resources.
SHAPES = {"M": ((5, 9), (50, 96), (140, 248)), "L": ((2, 5), (20, 48), (80, 150))}
TOWN_STEMS = [
    ("本町", "ほんちょう"), ("中央", "ちゅうおう"), ("栄町", "さかえまち"), ("緑町", "みどりちょう"),
    ("旭町", "あさひまち"), ("新町", "しんまち"), ("東町", "ひがしまち"), ("西町", "にしまち"),
    ("南町", "みなみまち"), ("北町", "きたまち"), ("若葉", "わかば"), ("桜ケ丘", "さくらがおか"),
    ("平和台", "へいわだい"), ("大町", "おおまち"), ("寿町", "ことぶきちょう"), ("宮前", "みやまえ"),
    ("山手", "やまて"), ("川端", "かわばた"), ("駅前", "えきまえ"), ("日の出", "ひので"),
]  # fmt: skip
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九"]
NUMERAL_KANA = ["いっ", "に", "さん", "よん", "ご", "ろく", "なな", "はっ", "きゅう"]
KAYOI_NAMES = [
    ("いきいき百歳体操", "いきいきひゃくさいたいそう", Activity.EXERCISE, 54),
    ("趣味の会", "しゅみのかい", Activity.HOBBY, 21),
    ("ふれあいサロン", "ふれあいさろん", Activity.TEA, 13),
    ("会食の会", "かいしょくのかい", Activity.MEAL, 3),
    ("脳トレ教室", "のうとれきょうしつ", Activity.DEMENTIA_PREVENTION, 3),
    ("ふれあい農園", "ふれあいのうえん", Activity.FARMING, 2),
    ("多世代交流カフェ", "たせだいこうりゅうかふぇ", Activity.INTERGENERATIONAL, 2),
    ("生涯学習講座", "しょうがいがくしゅうこうざ", Activity.LIFELONG_LEARNING, 2),
]
OTHER_KINDS = [
    (ResourceKind.LIFE_SUPPORT, "買い物支援", "かいものしえん", SupportType.SHOPPING),
    (ResourceKind.LIFE_SUPPORT, "配食サービス", "はいしょくさーびす", SupportType.MEAL_DELIVERY),
    (ResourceKind.LIFE_SUPPORT, "見守りネット", "みまもりねっと", SupportType.WATCHING),
    (ResourceKind.MOBILITY, "おでかけ送迎", "おでかけそうげい", SupportType.MOBILITY),
    (ResourceKind.CONSULTATION, "相談窓口", "そうだんまどぐち", None),
    (ResourceKind.WORK_VOLUNTEER, "ボランティアの場", "ぼらんてぃあのば", None),
]


def weighted(rng: random.Random, items: list, weights: list[float]):  # type: ignore[no-untyped-def]
    return rng.choices(items, weights=weights, k=1)[0]


def schedule(rng: random.Random) -> ScheduleSpec:
    """A schedule in the national mix: 39% weekly+, 24% 2–3 a month, 32% monthly, 5% less."""
    band = weighted(rng, ["weekly", "twice", "monthly", "less"], [39, 24, 32, 5])
    day = rng.randrange(0, 6)
    opens = datetime.time(rng.choice([9, 10, 13, 14]), rng.choice([0, 30]))
    closes = datetime.time(opens.hour + 2, opens.minute)
    holiday = rng.random() < 0.4
    if band == "weekly":
        return ScheduleSpec(
            SchedulePattern.WEEKLY,
            weekdays=(day,),
            opens_at=opens,
            closes_at=closes,
            closed_on_holidays=holiday,
        )
    if band == "twice":
        return ScheduleSpec(
            SchedulePattern.NTH_WEEKDAY,
            nths=(1, 3),
            weekdays=(day,),
            opens_at=opens,
            closes_at=closes,
        )
    if band == "monthly":
        return ScheduleSpec(
            SchedulePattern.NTH_WEEKDAY,
            nths=(rng.choice([1, 2, 3, 4, -1]),),
            weekdays=(day,),
            opens_at=opens,
        )
    return ScheduleSpec(SchedulePattern.IRREGULAR, count=rng.choice([2, 4, 6]))


def build_areas(city: Municipality, rng: random.Random, count: int) -> list[Area]:
    parents = list(Area.objects.filter(municipality=city, layer=Layer.FIRST))
    return [
        area_create(
            municipality=city,
            layer=Layer.SECOND,
            name=f"第{n}圏域",
            kana=f"だい{n}けんいき",
            parent=parents[n % len(parents)],
            code=f"{n:02d}",
        )
        for n in range(1, count + 1)
    ]


def build_towns(
    city: Municipality, rng: random.Random, areas: list[Area], count: int, user: User
) -> list[Town]:
    lat, lng = city.latitude or 35.68, city.longitude or 139.76
    towns = []
    for n in range(count):
        stem, stem_kana = TOWN_STEMS[n % len(TOWN_STEMS)]
        block = n // len(TOWN_STEMS)
        towns.append(Town(
            municipality=city, area=areas[n % len(areas)], code=f"{n + 1:05d}",
            name=f"{stem}{NUMERALS[block % 9]}丁目" + ("" if block < 9 else f"{block // 9}"),
            kana=f"{stem_kana}{NUMERAL_KANA[block % 9]}ちょうめ",
            latitude=round(lat + rng.uniform(-0.05, 0.05), 6), longitude=round(lng + rng.uniform(-0.06, 0.06), 6),
        ))  # fmt: skip
    return towns_create(towns=towns, user=user)


def build_population(city: Municipality, rng: random.Random, towns: list[Town], user: User) -> None:
    rows = []
    for town in towns:
        total = rng.randint(800, 4200)
        bands = areas_demo.town_bands(rng, total, min(0.45, max(0.15, rng.gauss(0.29, 0.05))))
        rows.append(areas_demo.population_row(town, AS_OF, bands, round(total / 2.2)))
    population_store(municipality=city, rows=rows, user=user)


def build_registry(
    city: Municipality, rng: random.Random, towns: list[Town], count: int, user: User
) -> None:
    types = list(OrganizationType.values)
    organizations = organizations_bulk_create(municipality=city, user=user, organizations=[
        Organization(name=f"{city.name}支え合いの会{n}", kana=f"ささえあいのかい{n}", type=rng.choice(types))
        for n in range(max(3, count // 5))
    ])  # fmt: skip
    venues = locations_bulk_create(municipality=city, user=user, locations=[
        Location(
            name=f"{town.name}集会所", kana=f"{town.kana}しゅうかいじょ", venue_type=VenueType.COMMUNITY_HALL,
            latitude=round(town.latitude + rng.uniform(-0.002, 0.002), 6),  # type: ignore[operator]
            longitude=round(town.longitude + rng.uniform(-0.002, 0.002), 6),  # type: ignore[operator]
        )
        for town in rng.sample(towns, k=min(len(towns), max(5, count * 7 // 10)))
    ])  # fmt: skip
    items = []
    for n in range(count):
        venue = rng.choice(venues)
        common = {
            "organization": rng.choice(organizations),
            "locations": [venue],
            "schedules": [schedule(rng)],
        }
        if rng.random() < 0.72:
            name, kana, activity, _ = weighted(rng, KAYOI_NAMES, [w for *_, w in KAYOI_NAMES])
            items.append(ResourceInput(
                name=f"{name} {venue.name[:-3]}{n}", kana=f"{kana}{n}", kind=ResourceKind.KAYOI,
                primary_activity=activity, activities=[activity],
                fields={"resident_led": True, "fee_free": rng.random() < 0.6, "capacity": rng.choice([None, 20, 30, 40])},
                **common,
            ))  # fmt: skip
        else:
            kind, name, kana, support = rng.choice(OTHER_KINDS)
            items.append(ResourceInput(
                name=f"{name} {city.name}{n}", kana=f"{kana}{n}", kind=kind,
                support_types=[support] if support else [], **common,
            ))  # fmt: skip
    resources_bulk_create(municipality=city, user=user, items=items)


def synthesize(city: Municipality, rng: random.Random, shape: tuple, user: User) -> int:
    (a_lo, a_hi), (t_lo, t_hi), (r_lo, r_hi) = shape
    with transaction.atomic():
        areas = build_areas(city, rng, rng.randint(a_lo, a_hi))
        towns = build_towns(city, rng, areas, rng.randint(t_lo, t_hi), user)
        build_population(city, rng, towns, user)
        count = rng.randint(r_lo, r_hi)
        build_registry(city, rng, towns, count, user)
    return count


def build(workload: str) -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        city = areas_demo.build(seed=SEED)
        accounts_demo.build(municipality=city)
        resources_demo.build(municipality=city, seed=SEED)
        analysis_demo.build(municipality=city)
    user = User.objects.create_superuser("bench", password="bench")
    if workload in SHAPES:
        prefecture = "東京都" if workload == "M" else ""
        municipalities_load_master(path=MUNICIPALITY_MASTER_CSV, prefecture=prefecture)
        rng = random.Random(SEED)
        cities = Municipality.objects.exclude(pk=city.pk).order_by("code")
        total = 0
        for index, other in enumerate(cities, start=1):
            total += synthesize(other, rng, SHAPES[workload], user)
            if index % 100 == 0:
                print(
                    f"  {index}/{len(cities)} municipalities, {total:,} resources, {time.perf_counter() - started:.0f}s",
                    flush=True,
                )
    print(f"workload {workload} built in {time.perf_counter() - started:.0f}s", flush=True)


if __name__ == "__main__":
    build(sys.argv[1])
