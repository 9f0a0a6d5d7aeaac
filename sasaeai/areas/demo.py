"""The fictional demo city サンプル市: areas, towns and population, deterministic from a seed."""

from __future__ import annotations

import datetime
import random

from .constants import Layer, MunicipalityKind, Sex
from .models import Area, Municipality, Town
from .services import (
    BandCount,
    PopulationRow,
    area_create,
    desk_save,
    population_store,
    towns_create,
)

# 13999 is not used by any real municipality; its check digit by hand:
# 1*6 + 3*5 + 9*4 + 9*3 + 9*2 = 102; 102 % 11 = 3; 11 - 3 = 8 → 139998.
DEMO_CODE = "139998"
DEMO_CENTRE = (35.745, 139.427)
POPULATION_DATES = (datetime.date(2024, 10, 1), datetime.date(2025, 10, 1))

# Seven 日常生活圏域, as 東大和市 has, each with its towns (name, reading).
AREAS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "中央圏域",
        "ちゅうおうけんいき",
        (
            ("中央一丁目", "ちゅうおういっちょうめ"),
            ("中央二丁目", "ちゅうおうにちょうめ"),
            ("中央三丁目", "ちゅうおうさんちょうめ"),
            ("本町", "ほんちょう"),
        ),
    ),
    (
        "北部圏域",
        "ほくぶけんいき",
        (
            ("桜が丘一丁目", "さくらがおかいっちょうめ"),
            ("桜が丘二丁目", "さくらがおかにちょうめ"),
            ("清水", "しみず"),
            ("芋窪", "いもくぼ"),
        ),
    ),
    (
        "東部圏域",
        "とうぶけんいき",
        (("向原", "むこうはら"), ("新堀", "しんぼり"), ("仲原", "なかはら")),
    ),
    (
        "南部圏域",
        "なんぶけんいき",
        (
            ("南街一丁目", "なんがいいっちょうめ"),
            ("南街二丁目", "なんがいにちょうめ"),
            ("立野", "たての"),
            ("上北台", "かみきただい"),
        ),
    ),
    ("西部圏域", "せいぶけんいき", (("狭山", "さやま"), ("湖畔", "こはん"), ("蔵敷", "ぞうしき"))),
    (
        "駅前圏域",
        "えきまえけんいき",
        (
            ("駅前一丁目", "えきまえいっちょうめ"),
            ("駅前二丁目", "えきまえにちょうめ"),
            ("緑町", "みどりちょう"),
            ("日向", "ひなた"),
        ),
    ),
    (
        "丘陵圏域",
        "きゅうりょうけんいき",
        (("奈良橋", "ならはし"), ("高木", "たかぎ"), ("多摩湖", "たまこ")),
    ),
)

# The coordinators' desks (issue #26) are public from the day the areas were set, with the
# holders' consent. Their numbers are in the 000 exchange, which is not assigned (as the
# registry's demo numbers, resources.demo), from 9000 up so the two never meet.
DESK_CONSENT_ON = datetime.date(2024, 4, 1)
DESK_HOURS = "平日 9時〜17時"


def demo_desk(area: Area, index: int, organization: str, *, public: bool = True) -> None:
    """One desk of an area (public unless told): phone 042-000-90NN, scNN@example.jp."""
    desk_save(
        area=area, user=None, organization=organization, phone=f"042-000-{9000 + index}",
        email=f"sc{index:02d}@example.jp", hours=DESK_HOURS, is_public=public,
        public_consent_on=DESK_CONSENT_ON if public else None,
    )  # fmt: skip


# Share of each 5-year band among people under 65 and among people 65+ (both sum to 1).
YOUNG_BANDS = [(a, a + 4) for a in range(0, 65, 5)]
YOUNG_WEIGHTS = [6, 6.5, 7, 7.5, 7.5, 7.5, 8, 8.5, 9, 9.5, 8.5, 7.5, 7]
OLD_BANDS = [(65, 69), (70, 74), (75, 79), (80, 84), (85, 89), (90, 94), (95, 99), (100, None)]
OLD_WEIGHTS = [22, 25, 21, 15, 10, 5, 1.6, 0.4]


def split(total: int, weights: list[float]) -> list[int]:
    """Split an integer total by weights, largest remainders first, so parts sum to total."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def town_bands(rng: random.Random, total: int, aging: float) -> tuple[BandCount, ...]:
    """Age table for one town: more women at older ages, a few 年齢不詳."""
    unknown = rng.randint(0, 3)
    old = round((total - unknown) * aging)
    counts = split(total - unknown - old, YOUNG_WEIGHTS) + split(old, OLD_WEIGHTS)
    bands: list[BandCount] = []
    for (age_from, age_to), count in zip(YOUNG_BANDS + OLD_BANDS, counts, strict=True):
        female_share = 0.49 if age_from < 60 else min(0.75, 0.5 + (age_from - 60) * 0.008)
        female = round(count * female_share)
        bands.append(BandCount(Sex.MALE, age_from, age_to, count - female))
        bands.append(BandCount(Sex.FEMALE, age_from, age_to, female))
    bands.append(BandCount(Sex.MALE, None, None, unknown - unknown // 2))
    bands.append(BandCount(Sex.FEMALE, None, None, unknown // 2))
    return tuple(bands)


def population_row(
    town: Town | None, as_of: datetime.date, bands: tuple[BandCount, ...], households: int
) -> PopulationRow:
    male = sum(b.count for b in bands if b.sex == Sex.MALE)
    female = sum(b.count for b in bands if b.sex == Sex.FEMALE)
    return PopulationRow(town, as_of, male + female, male, female, households, bands)


def build(*, seed: int = 2025, user: object = None) -> Municipality:
    """Create サンプル市 with its areas, towns and two years of population."""
    rng = random.Random(seed)
    city = Municipality.objects.create(
        code=DEMO_CODE,
        name="サンプル市",
        kana="さんぷるし",
        prefecture="東京都",
        kind=MunicipalityKind.ORDINARY,
        latitude=DEMO_CENTRE[0],
        longitude=DEMO_CENTRE[1],
        is_demo=True,
    )
    layer1 = area_create(
        municipality=city, layer=Layer.FIRST, name="サンプル市", kana="さんぷるし", code=DEMO_CODE
    )
    demo_desk(layer1, 0, "サンプル市社会福祉協議会 第1層生活支援コーディネーター")
    towns: list[Town] = []
    for index, (area_name, area_kana, town_names) in enumerate(AREAS, start=1):
        area = area_create(
            municipality=city,
            layer=Layer.SECOND,
            name=area_name,
            kana=area_kana,
            parent=layer1,
            code=f"{index:02d}",
            valid_from=datetime.date(2024, 4, 1),
        )
        # 「中央圏域」→「中央地域包括支援センター」.
        center = area_name.removesuffix("圏域") + "地域包括支援センター"
        demo_desk(area, index, f"{center} 生活支援コーディネーター")
        for town_name, town_kana in town_names:
            towns.append(
                Town(
                    municipality=city,
                    area=area,
                    code=f"{index:02d}{len(towns) + 1:03d}",
                    name=town_name,
                    kana=town_kana,
                    latitude=round(DEMO_CENTRE[0] + rng.uniform(-0.03, 0.03), 6),
                    longitude=round(DEMO_CENTRE[1] + rng.uniform(-0.04, 0.04), 6),
                )
            )
    towns = towns_create(towns=towns, user=user)
    for year_index, as_of in enumerate(POPULATION_DATES):
        rows = []
        town_rng = random.Random(seed)  # same town profile each year; the later year is older
        for town in towns:
            total = town_rng.randint(2600, 4300)
            aging = town_rng.uniform(0.19, 0.39) + 0.004 * year_index
            rows.append(
                population_row(town, as_of, town_bands(rng, total, aging), round(total / 2.1))
            )
        population_store(municipality=city, rows=rows, user=user)
    return city
