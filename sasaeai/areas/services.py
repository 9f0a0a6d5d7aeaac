"""Writes for municipalities, areas, towns and population; every write keeps history."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sasaeai.core.history import history_user
from sasaeai.core.versioning import claim_version
from sasaeai.utils.geo import in_japan
from sasaeai.utils.lgcode import is_valid_lgcode
from sasaeai.utils.text import as_typed, to_hiragana
from sasaeai.utils.wareki import to_wareki

from . import master
from .constants import MUNICIPALITY_MASTER_CSV, Layer, MunicipalityKind
from .models import (
    Area,
    CoordinatorDesk,
    Municipality,
    PopulationBand,
    PopulationRecord,
    Town,
    fill_kana_key,
)
from .signals import towns_moved


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
    """Replace the population of the given towns and dates with `rows`; returns rows written.
    Towns of the rows not saved yet (「この N 件の町丁目を作る」) are created first, in the same
    transaction, and recorded on the import batch so that undo removes them too."""
    rows = list(rows)
    unsaved = {id(r.town): r.town for r in rows if r.town is not None and r.town.pk is None}
    new_towns = [town for town in unsaved.values() if town is not None]
    if new_towns:
        created = towns_create(towns=new_towns, user=user)
        if import_batch is not None:
            import_batch.record("created", created)
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
    rows = master.read_rows(path, prefecture)
    if not rows:
        raise ValueError(f"都道府県「{prefecture}」の市町村が見つかりません。")
    bad = [r["lgcode"] for r in rows if not is_valid_lgcode(r["lgcode"])]
    if bad:
        raise ValueError(f"全国地方公共団体コードが正しくない行があります: {', '.join(bad[:5])}")
    _load_master_rows(rows)
    cities = [r for r in rows if " " not in r["city"]]
    return MasterLoadResult(municipalities=len(cities), wards=len(rows) - len(cities))


@transaction.atomic
def municipality_load_from_master(
    *, code: str, path: Path = MUNICIPALITY_MASTER_CSV
) -> Municipality:
    """One municipality of the master and its layer-1 areas (itself, or a 指定都市's wards),
    as `municipalities_load_master` loads every one; loading it again changes nothing."""
    rows = master.rows_of(master.read_rows(path), code)
    if not rows:
        raise ValidationError(
            {"code": _("市町村マスタにコード「%(code)s」の市町村がありません。") % {"code": code}}
        )
    return _load_master_rows(rows)[(rows[0]["pref"], rows[0]["city"])]


def _load_master_rows(rows: list[dict[str, str]]) -> dict[tuple[str, str], Municipality]:
    """Municipalities of the rows (new or changed only), 指定都市 marked, layer-1 areas made."""
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
    return by_key


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
        # A reading from the town list was written by a person: no longer to be checked.
        town.kana_needs_check = town.kana_needs_check and not item["kana"]
        fill_kana_key(town)
        (changed if town.pk else new).append(town)
    created = towns_create(towns=new, user=user)
    if changed:
        bulk_update_with_history(
            changed, Town, [*fields, "kana_key", "kana_needs_check"], default_user=user
        )
    if batch is not None:
        batch.record("created", created)
        batch.record("updated", changed)
    return len(new) + len(changed)


@transaction.atomic
def union_create(
    *,
    code: str,
    name: str,
    kana: str,
    prefecture: str,
    members: Sequence[Municipality],
    user: Any = None,
) -> Municipality:
    """A 広域連合・一部事務組合: its layer-1 areas are its member municipalities."""
    union = Municipality(
        code=code, name=name, kana=kana, prefecture=prefecture, kind=MunicipalityKind.UNION
    )
    errors: dict[str, list[str]] = {}
    try:
        union.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    # A union has no code of its own in the master; a master code belongs to a municipality.
    taken = next((e for e in master.master_entries() if e.code == code), None)
    if taken is not None and "code" not in errors:
        errors["code"] = [
            _("コード「%(code)s」は市町村マスタの%(name)sのものです。") % {
                "code": code, "name": f"{taken.prefecture}{taken.name}"
            }
        ]  # fmt: skip
    # The 標準額 counts a union's members and needs at least two (plans.standard_amount).
    if len(members) < 2:
        errors["members"] = [_("構成市町村を2つ以上指定してください。")]
    if errors:
        raise ValidationError(errors)
    with history_user(user):
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


# --- 日常生活圏域の登録・町丁目の割当・廃止（画面から。issue #17） -----------------------------
# Written by the municipal admin and the layer-1 coordinator (Perm.MANAGE_AREAS). Each refusal
# names the form field it belongs to; every write keeps history with the user.

# A pasted or uploaded boundary is at most this long (a ward's detailed outline is ~1 MB).
BOUNDARY_MAX_CHARS = 5_000_000
_KANA = re.compile(r"[\u3041-\u309f\u30fc\u30fb・ 　]+")


def _refuse(field: str, message: str) -> NoReturn:
    raise ValidationError({field: message})


def boundary_parse(text: str, *, field: str = "boundary") -> dict[str, Any] | None:
    """A pasted GeoJSON (Polygon or MultiPolygon, bare or in a Feature / FeatureCollection)
    checked with shapely and returned as one geometry; None when blank."""
    import shapely
    from shapely.errors import ShapelyError
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    text = text.strip().lstrip("\ufeff")
    if not text:
        return None
    if len(text) > BOUNDARY_MAX_CHARS:
        _refuse(field, _("境界（GeoJSON）が大きすぎます（500万文字まで）。"))
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        _refuse(
            field, _("境界（GeoJSON）をJSONとして読み取れません（%(line)d行目）。") % {"line": line}
        )
    geometries = _geometries(data, field)
    try:
        shapes = [shape(g) for g in geometries]
    except (AttributeError, KeyError, TypeError, ValueError, ShapelyError):
        _refuse(field, _("境界（GeoJSON）の座標を読み取れません。"))
    if any(s.is_empty for s in shapes):
        _refuse(field, _("境界（GeoJSON）に座標がありません。"))
    invalid = [s for s in shapes if not s.is_valid]
    if invalid:
        reason = explain_validity(invalid[0])
        _refuse(
            field,
            _("境界（GeoJSON）の形が正しくありません（辺が交差しているなど: %(reason)s）。")
            % {"reason": reason},
        )
    merged = shapely.union_all(shapes) if len(shapes) > 1 else shapes[0]
    west, south, east, north = merged.bounds
    if not (in_japan(south, west) and in_japan(north, east)):
        _refuse(
            field,
            _("境界（GeoJSON）が日本の範囲の外です。座標が「経度, 緯度」の順か確かめてください。"),
        )
    return json.loads(shapely.to_geojson(merged))


def _geometries(data: Any, field: str) -> list[dict[str, Any]]:
    """The polygons of a geometry, a Feature or a FeatureCollection."""
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection":
        features = data.get("features") or []
        found = [f.get("geometry") for f in features if isinstance(f, dict)]
    elif kind == "Feature":
        found = [data.get("geometry")]
    else:
        found = [data]
    polygons = [g for g in found if isinstance(g, dict) and g.get("type") in POLYGON_TYPES]
    if not found or len(polygons) != len(found):
        _refuse(field, _("境界（GeoJSON）には Polygon か MultiPolygon の図形を入れてください。"))
    return polygons


POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon"})


def _clean_names(area: Area, name: str, kana: str) -> None:
    """Set the area's name and reading after checking them (the reading as hiragana)."""
    name = " ".join(name.split())
    if not name:
        _refuse("name", _("名称を入力してください。"))
    if len(name) > 100:
        _refuse("name", _("名称は100文字以内で入力してください。"))
    same = Area.objects.current().filter(
        municipality_id=area.municipality_id, layer=area.layer, name=name
    )
    if same.exclude(pk=area.pk).exists():
        _refuse("name", _("同じ名前の日常生活圏域「%(name)s」が既にあります。") % {"name": name})
    kana = to_hiragana(unicodedata.normalize("NFKC", kana)).strip()
    if kana and not _KANA.fullmatch(kana):
        _refuse("kana", _("ふりがなは、ひらがなかカタカナで入力してください。"))
    if len(kana) > 200:
        _refuse("kana", _("ふりがなは200文字以内で入力してください。"))
    area.name, area.kana = name, kana
    fill_kana_key(area)


@transaction.atomic
def layer2_area_create(
    *,
    municipality: Municipality,
    parent: Area | None,
    name: str,
    kana: str = "",
    boundary: str = "",
    valid_from: datetime.date | None = None,
    user: Any,
) -> Area:
    """Register a 日常生活圏域 under a current layer-1 area of the municipality."""
    if (
        parent is None
        or parent.municipality_id != municipality.pk
        or parent.layer != Layer.FIRST
        or parent.valid_to is not None
    ):
        _refuse("parent", _("この圏域を置く第1層（市全域・区など）を選んでください。"))
    area = Area(
        municipality=municipality,
        layer=Layer.SECOND,
        parent=parent,
        valid_from=valid_from or timezone.localdate(),
    )
    _clean_names(area, name, kana)
    area.boundary = boundary_parse(boundary)
    with history_user(user):
        area.save()
    return area


@transaction.atomic
def layer2_area_update(
    *,
    area: Area,
    name: str,
    kana: str,
    boundary: str = "",
    clear_boundary: bool = False,
    user: Any,
) -> Area:
    """Rename a current 日常生活圏域, change its reading, and replace or remove its boundary
    (kept when none is given)."""
    _require_current(area, "name")
    _clean_names(area, name, kana)
    parsed = boundary_parse(boundary)
    if parsed is not None:
        area.boundary = parsed
    elif clear_boundary:
        area.boundary = None
    with history_user(user):
        area.save()
    return area


def _require_current(area: Area, field: str) -> None:
    if area.layer != Layer.SECOND or area.valid_to is not None:
        _refuse(field, _("廃止した圏域は変更できません。"))


@dataclass(frozen=True)
class TownMoves:
    """Which towns an assignment brought into the area and which it let go."""

    added: tuple[Town, ...]
    removed: tuple[Town, ...]


@transaction.atomic
def area_towns_set(*, area: Area, towns: Sequence[Town], user: Any) -> TownMoves:
    """Make `towns` the towns of a current 日常生活圏域: the chosen ones move in from wherever
    they were; the ones not chosen leave it (only where a town may be without an area)."""
    _require_current(area, "towns")
    if any(t.municipality_id != area.municipality_id for t in towns):
        _refuse("towns", _("この市町村の町丁目を選んでください。"))
    chosen = {t.pk for t in towns}
    removed = [t for t in Town.objects.filter(area=area) if t.pk not in chosen]
    if removed and not Town._meta.get_field("area").null:
        names = "、".join(t.name for t in removed[:5])
        _refuse(
            "towns",
            _(
                "町丁目はどれかの日常生活圏域に属します。「%(names)s」を外すには、"
                "移す先の圏域の画面で選んでください。"
            )
            % {"names": names},
        )
    added = [t for t in towns if t.area_id != area.pk]
    _move_towns(added, area, user)
    _move_towns(removed, None, user)
    return TownMoves(tuple(added), tuple(removed))


def _move_towns(towns: list[Town], area: Area | None, user: Any) -> None:
    """Move towns to `area` with history, and tell the apps that follow towns (signals.py)."""
    if not towns:
        return
    moves = {town.pk: (town.area_id, area.pk if area else None) for town in towns}
    for town in towns:
        town.area = area
    with history_user(user):
        bulk_update_with_history(towns, Town, ["area"], default_user=user)
    towns_moved.send(sender=Town, moves=moves, user=user)


@transaction.atomic
def layer2_area_retire(
    *, area: Area, retire_on: datetime.date | None, successor: Area | None, user: Any
) -> int:
    """Retire a 日常生活圏域 from a day, its towns moved to another current one; the area and
    its records are kept (a closed 年度 still shows it). Returns the towns moved."""
    _require_current(area, "retire_on")
    if retire_on is None:
        _refuse("retire_on", _("廃止日を入力してください。"))
    if retire_on > timezone.localdate():
        # The towns move now; a later day would show them in the new area before it.
        _refuse(
            "retire_on", _("廃止日は今日以前の日付にしてください（その日になってから廃止します）。")
        )
    if area.valid_from is not None and retire_on <= area.valid_from:
        _refuse(
            "retire_on",
            _("廃止日は設定日（%(day)s）より後の日付にしてください。")
            % {"day": to_wareki(area.valid_from)},
        )
    if (
        successor is None
        or successor.pk == area.pk
        or successor.municipality_id != area.municipality_id
        or successor.layer != Layer.SECOND
        or successor.valid_to is not None
    ):
        _refuse(
            "successor", _("町丁目を移す先の日常生活圏域（廃止する圏域以外）を選んでください。")
        )
    towns = list(Town.objects.filter(area=area))
    _move_towns(towns, successor, user)
    area.valid_to = retire_on
    with history_user(user):
        area.save(update_fields=["valid_to"])
    return len(towns)


# The longest period the screen takes (the bound): a larger number is taken for a slip.
RETENTION_YEARS_MAX = 100


@transaction.atomic
def retention_years_save(*, municipality: Municipality, years: int, user: Any) -> Municipality:
    """Set how many years personal data is kept after its record ended (1 to 100), with history."""
    if not 1 <= years <= RETENTION_YEARS_MAX:
        raise ValidationError(
            {
                "personal_data_retention_years": [
                    _("個人情報の保存期間は1〜%(max)s年の範囲で入力してください。")
                    % {"max": RETENTION_YEARS_MAX}
                ]
            }
        )
    municipality.personal_data_retention_years = years
    with history_user(user):
        municipality.save(update_fields=["personal_data_retention_years"])
    return municipality


# --- 生活支援コーディネーターの連絡先（issue #26） ------------------------------------------------
# A desk's phone is often one person's: it reaches residents only when marked public and with
# the date its holder agreed (the rule the registry's contacts follow). Who may write is checked
# by the screen (accounts sits above areas): EDIT_AREA in the desk's area.

# What a phone number may hold (after NFKC): digits, hyphens, brackets, spaces and a leading +,
# so that the portal's tel: link dials it (「（代表）」 and such go in 受付時間); and at least the
# digits of a local number with its area code (a desk is never 110 or #7119).
_PHONE = re.compile(r"\+?[0-9()\- ]+")
PHONE_MIN_DIGITS = 6


def _desk_checks(
    *, area: Area, organization: str, phone: str, email: str, is_public: bool,
    public_consent_on: datetime.date | None,
) -> None:  # fmt: skip
    """Refuse, naming the field, what the desk form cannot store or the portal cannot show."""
    if area.valid_to is not None:
        _refuse("organization", _("廃止した圏域の連絡先は変更できません。"))
    if not organization:
        _refuse("organization", _("所属・窓口名を入力してください。"))
    dialled = unicodedata.normalize("NFKC", phone)
    if phone and not (
        _PHONE.fullmatch(dialled) and sum(c.isdigit() for c in dialled) >= PHONE_MIN_DIGITS
    ):
        _refuse(
            "phone",
            _("電話番号は市外局番から、数字とハイフンで入力してください（例: 042-555-0101）。"),
        )
    if is_public and public_consent_on is None:
        _refuse(
            "public_consent_on",
            _(
                "住民向けに公開するときは、公開の同意日（本人が公開に同意した日）を入力してください。"
            ),
        )
    if public_consent_on is not None and public_consent_on > timezone.localdate():
        _refuse("public_consent_on", _("公開の同意日に未来の日付は入力できません。"))
    if is_public and not (phone or email):
        _refuse(
            "phone", _("住民向けに公開するときは、電話番号かメールアドレスを入力してください。")
        )


@transaction.atomic
def desk_save(
    *,
    area: Area,
    user: Any,
    desk: CoordinatorDesk | None = None,
    organization: str,
    person_name: str = "",
    phone: str = "",
    email: str = "",
    hours: str = "",
    is_public: bool = False,
    public_consent_on: datetime.date | None = None,
    order: int = 0,
    expected_version: int | None = None,
) -> CoordinatorDesk:
    """Add a coordinator's desk to a current area, or change one (an edit claims the version
    its form was opened at); public only with the date its holder agreed."""
    if desk is not None and desk.area_id != area.pk:
        _refuse("organization", _("この圏域の連絡先ではありません。"))
    values = {
        "organization": as_typed(organization),
        "person_name": as_typed(person_name),
        "phone": as_typed(phone),
        "email": as_typed(email),
        "hours": as_typed(hours),
    }
    _desk_checks(
        area=area, organization=values["organization"], phone=values["phone"],
        email=values["email"], is_public=is_public, public_consent_on=public_consent_on,
    )  # fmt: skip
    desk = desk or CoordinatorDesk(area=area)
    for name, value in values.items():
        setattr(desk, name, value)
    desk.is_public, desk.public_consent_on, desk.order = is_public, public_consent_on, order
    desk.full_clean()
    claim_version(desk, expected_version, what=_("コーディネーターの連絡先"))
    with history_user(user):
        desk.save()
    return desk


@transaction.atomic
def desk_delete(*, desk: CoordinatorDesk, user: Any, expected_version: int | None = None) -> None:
    """Delete a desk (kept in history, attributed to the user). From a page opened before
    someone saved it, refused: the deleter has not seen what they delete."""
    claim_version(desk, expected_version, what=_("コーディネーターの連絡先"), kept=False)
    with history_user(user):
        desk.delete()
