import datetime

import factory

from sasaeai.areas.constants import Layer, Sex
from sasaeai.areas.models import Area, Municipality, PopulationBand, PopulationRecord, Town
from sasaeai.utils.text import kana_sort_key

NAMES = {"132012": ("八王子市", "はちおうじし"), "132021": ("立川市", "たちかわし")}


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # Valid codes worked out by hand (weights 6,5,4,3,2; cd = (11 - sum % 11) % 10):
    # 13201: 6+15+8+0+2 = 31, 31 % 11 = 9, 11-9 = 2 → 132012 (八王子市)
    # 13202: 6+15+8+0+4 = 33, 33 % 11 = 0, 11-0 = 11 → 1 → 132021 (立川市)
    code = factory.Iterator(["132012", "132021"])
    # The name follows the code (an iterator of its own would drift when a code is given).
    name = factory.LazyAttribute(lambda m: NAMES.get(m.code, (f"市{m.code}", ""))[0])
    kana = factory.LazyAttribute(lambda m: NAMES.get(m.code, ("", ""))[1])
    prefecture = "東京都"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    layer = Layer.FIRST
    name = factory.Sequence(lambda n: f"圏域{n}")
    kana = factory.Sequence(lambda n: f"けんいき{n}")
    kana_key = factory.LazyAttribute(lambda a: kana_sort_key(a.kana or a.name))


class Layer2AreaFactory(AreaFactory):
    layer = Layer.SECOND
    parent = factory.SubFactory(AreaFactory, municipality=factory.SelfAttribute("..municipality"))


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town

    area = factory.SubFactory(Layer2AreaFactory)
    municipality = factory.SelfAttribute("area.municipality")
    name = factory.Sequence(lambda n: f"町{n}")
    kana = factory.Sequence(lambda n: f"ちょう{n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")
    kana_key = factory.LazyAttribute(lambda t: kana_sort_key(t.kana or t.name))


def population(
    town: Town, bands: dict[tuple[int | None, int | None], int], *, as_of=None, households=None
) -> PopulationRecord:
    """A town's population from {(age_from, age_to): count} (sex = 男女計), total = sum of bands."""
    record = PopulationRecord.objects.create(
        municipality=town.municipality,
        town=town,
        as_of=as_of or datetime.date(2025, 10, 1),
        total=sum(bands.values()),
        unknown_age=bands.get((None, None), 0),
        households=households,
    )
    PopulationBand.objects.bulk_create(
        PopulationBand(record=record, sex=Sex.TOTAL, age_from=a, age_to=b, count=c)
        for (a, b), c in bands.items()
    )
    return record


def whole_population(
    municipality: Municipality,
    bands: dict[tuple[int | None, int | None], int],
    *,
    as_of: datetime.date | None = None,
) -> PopulationRecord:
    """The whole municipality's row (no town) from {(age_from, age_to): count}, as a file with
    blank 地域名 gives it; total = sum of bands."""
    record = PopulationRecord.objects.create(
        municipality=municipality,
        town=None,
        as_of=as_of or datetime.date(2025, 10, 1),
        total=sum(bands.values()),
        unknown_age=bands.get((None, None), 0),
    )
    PopulationBand.objects.bulk_create(
        PopulationBand(record=record, sex=Sex.TOTAL, age_from=a, age_to=b, count=c)
        for (a, b), c in bands.items()
    )
    return record
