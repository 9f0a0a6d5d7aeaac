"""Writes for municipalities, areas, towns and population; every write keeps history."""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from sasaeai.core.history import history_user
from sasaeai.utils.lgcode import is_valid_lgcode

from .constants import Layer, MunicipalityKind
from .models import Area, Municipality, PopulationBand, PopulationRecord, Town, fill_kana_key


@transaction.atomic
def area_create(
    *,
    municipality: Municipality,
    layer: int,
    name: str,
    kana: str = "",
    parent: Area | None = None,
    code: str = "",
    member_municipality: Municipality | None = None,
    valid_from: datetime.date | None = None,
) -> Area:
    """Create a layer-1 or layer-2 area after validating it."""
    area = Area(
        municipality=municipality,
        layer=layer,
        name=name,
        kana=kana,
        parent=parent,
        code=code,
        member_municipality=member_municipality,
        valid_from=valid_from,
    )
    fill_kana_key(area)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def towns_create(*, towns: Sequence[Town], user: Any = None) -> list[Town]:
    """Bulk-create towns (kana keys filled), with one history row each."""
    for town in towns:
        fill_kana_key(town)
    return bulk_create_with_history(list(towns), Town, default_user=user)


@dataclass(frozen=True)
class BandCount:
    """One cell of an age table: sex, age range (None = 年齢不詳 / open top) and the count."""

    sex: str
    age_from: int | None
    age_to: int | None
    count: int


@dataclass(frozen=True)
class PopulationRow:
    """One town's (or the whole municipality's, when town is None) population on one date."""

    town: Town | None
    as_of: datetime.date
    total: int
    male: int | None
    female: int | None
    households: int | None
    bands: tuple[BandCount, ...]

    @property
    def unknown_age(self) -> int:
        return sum(b.count for b in self.bands if b.age_from is None)


@transaction.atomic
def population_store(
    *,
    municipality: Municipality,
    rows: Iterable[PopulationRow],
    user: Any = None,
    import_batch: Any = None,
) -> int:
    """Replace the population of the given towns and dates with `rows`; returns rows written."""
    rows = list(rows)
    towns_by_date: dict[datetime.date, set[int | None]] = defaultdict(set)
    for row in rows:
        towns_by_date[row.as_of].add(row.town.pk if row.town else None)
    for as_of, town_ids in towns_by_date.items():
        same = Q(town_id__in=[t for t in town_ids if t is not None])
        if None in town_ids:
            same |= Q(town__isnull=True)
        replaced = PopulationRecord.objects.filter(same, municipality=municipality, as_of=as_of)
        if import_batch is not None:
            import_batch.record("deleted", replaced)
        with history_user(user):  # the deletions (bands too) are recorded as this user's
            replaced.delete()
    records = [
        PopulationRecord(
            municipality=municipality,
            town=row.town,
            as_of=row.as_of,
            total=row.total,
            male=row.male,
            female=row.female,
            unknown_age=row.unknown_age,
            households=row.households,
            import_batch=import_batch,
        )
        for row in rows
    ]
    records = bulk_create_with_history(records, PopulationRecord, default_user=user)
    if import_batch is not None:
        import_batch.record("created", records)
    bands = [
        PopulationBand(
            record=record, sex=b.sex, age_from=b.age_from, age_to=b.age_to, count=b.count
        )
        for record, row in zip(records, rows, strict=True)
        for b in row.bands
    ]
    bulk_create_with_history(bands, PopulationBand, default_user=user, batch_size=1000)
    return len(records)


@dataclass(frozen=True)
class MasterLoadResult:
    municipalities: int
    wards: int


@transaction.atomic
def municipalities_load_master(*, path: Path, prefecture: str = "") -> MasterLoadResult:
    """Load the national list (localgovjp CSV): municipalities, and wards as layer-1 areas;
    only one prefecture's when given (a prefecture hosting its own municipalities)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if not prefecture or r["pref"] == prefecture]
    if not rows:
        raise ValueError(f"都道府県「{prefecture}」の市町村が見つかりません。")
    bad = [r["lgcode"] for r in rows if not is_valid_lgcode(r["lgcode"])]
    if bad:
        raise ValueError(f"全国地方公共団体コードが正しくない行があります: {', '.join(bad[:5])}")
    cities = [r for r in rows if " " not in r["city"]]
    wards = [r for r in rows if " " in r["city"]]
    by_key: dict[tuple[str, str], Municipality] = {}
    existing = Municipality.objects.in_bulk([r["lgcode"] for r in cities], field_name="code")
    for row in cities:
        values = {
            "name": row["city"],
            "kana": row["citykana"],
            "prefecture": row["pref"],
            "latitude": float(row["lat"]) if row["lat"] else None,
            "longitude": float(row["lng"]) if row["lng"] else None,
        }
        municipality = existing.get(row["lgcode"]) or Municipality(code=row["lgcode"])
        # Save only what is new or changed: every save adds a history row, and a reload of
        # an unchanged list must not fill each municipality's 変更履歴 with empty entries.
        if municipality.pk is None or any(getattr(municipality, k) != v for k, v in values.items()):
            for field, value in values.items():
                setattr(municipality, field, value)
            municipality.save()
        by_key[(row["pref"], row["city"])] = municipality
    designated = {(r["pref"], r["city"].split(" ")[0]) for r in wards}
    for key in designated:
        city = by_key[key]
        if city.kind != MunicipalityKind.DESIGNATED_CITY:
            city.kind = MunicipalityKind.DESIGNATED_CITY
            city.save(update_fields=["kind"])
    for municipality in by_key.values():
        if (municipality.prefecture, municipality.name) not in designated:
            _ensure_layer1(municipality, municipality.name, municipality.kana, municipality.code)
    for row in wards:
        city = by_key[(row["pref"], row["city"].split(" ")[0])]
        name = row["city"].split(" ", 1)[1]
        kana = row["citykana"].split(" ", 1)[-1]
        _ensure_layer1(city, name, kana, row["lgcode"])
    return MasterLoadResult(municipalities=len(cities), wards=len(wards))


def _ensure_layer1(municipality: Municipality, name: str, kana: str, code: str) -> Area:
    existing = Area.objects.filter(
        municipality=municipality, layer=Layer.FIRST, code=code, valid_to__isnull=True
    ).first()
    if existing:
        return existing
    return area_create(
        municipality=municipality, layer=Layer.FIRST, name=name, kana=kana, code=code
    )


@transaction.atomic
def towns_save(
    *, municipality: Municipality, items: list[dict[str, Any]], user: Any = None, batch: Any = None
) -> int:
    """Create new towns and update existing ones from imported rows, with history; returns count.
    An import batch, when given, records both (so the import can be undone)."""
    from simple_history.utils import bulk_update_with_history

    fields = ["code", "name", "kana", "latitude", "longitude", "area"]
    new: list[Town] = []
    changed: list[Town] = []
    for item in items:
        town = item["town"] or Town(municipality=municipality)
        for name in fields:
            setattr(town, name, item[name])
        fill_kana_key(town)
        (changed if town.pk else new).append(town)
    created = towns_create(towns=new, user=user)
    if changed:
        bulk_update_with_history(changed, Town, [*fields, "kana_key"], default_user=user)
    if batch is not None:
        batch.record("created", created)
        batch.record("updated", changed)
    return len(new) + len(changed)


@transaction.atomic
def union_create(
    *, code: str, name: str, kana: str, prefecture: str, members: Sequence[Municipality]
) -> Municipality:
    """A 広域連合・一部事務組合: its layer-1 areas are its member municipalities."""
    union = Municipality(
        code=code, name=name, kana=kana, prefecture=prefecture, kind=MunicipalityKind.UNION
    )
    union.full_clean()
    union.save()
    union.members.set(members)
    for member in members:
        area_create(
            municipality=union,
            layer=Layer.FIRST,
            name=member.name,
            kana=member.kana,
            code=member.code,
            member_municipality=member,
        )
    return union
