"""Imports for the areas app: 地域・年齢別人口 (自治体標準オープンデータセット) and the town list."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sasaeai.accounts.constants import Perm
from sasaeai.core.imports import Preview, PreviewRow, csv_preview
from sasaeai.core.models import ImportBatch
from sasaeai.utils.csvfile import clean_header, parse_count
from sasaeai.utils.geo import JAPAN_LATITUDE, JAPAN_LONGITUDE
from sasaeai.utils.text import normalize
from sasaeai.utils.wareki import parse_date, to_wareki

from .constants import Sex
from .models import Area, Municipality, PopulationRecord, Town
from .services import BandCount, PopulationRow, population_store

# Both header generations of 地域・年齢別人口: the municipality code column was renamed.
CODE_COLUMNS = ("全国地方公共団体コード", "都道府県コード又は市区町村コード")
REQUIRED_COLUMNS = ("地域コード", "調査年月日", "地域名", "総人口")
SEX_WORDS = {"男性": Sex.MALE, "女性": Sex.FEMALE, "男": Sex.MALE, "女": Sex.FEMALE}
RANGE_BAND = re.compile(r"^(\d+)-(\d+)歳の?(男性|女性|男|女)$")
OPEN_BAND = re.compile(r"^(\d+)歳以上の?(男性|女性|男|女)$")
UNKNOWN_BAND = re.compile(r"^(?:年齢不詳|不詳者?)の?(男性|女性|男|女)$")
# 65+, 75+ and 85+ are sums of bands, so no band may straddle these ages.
BOUNDARIES = (65, 75, 85)


@dataclass(frozen=True)
class BandColumn:
    index: int
    sex: str
    age_from: int | None
    age_to: int | None

    @property
    def label(self) -> str:
        sex = "男性" if self.sex == Sex.MALE else "女性"
        if self.age_from is None:
            return f"年齢不詳の{sex}"
        if self.age_to is None:
            return f"{self.age_from}歳以上の{sex}"
        return f"{self.age_from}-{self.age_to}歳の{sex}"


@dataclass(frozen=True)
class PopulationLayout:
    """Where each needed value sits in the file's header row."""

    columns: dict[str, int]
    bands: tuple[BandColumn, ...]


def band_column(index: int, header: str) -> BandColumn | None:
    if match := RANGE_BAND.match(header):
        return BandColumn(index, SEX_WORDS[match[3]], int(match[1]), int(match[2]))
    if match := OPEN_BAND.match(header):
        return BandColumn(index, SEX_WORDS[match[2]], int(match[1]), None)
    if match := UNKNOWN_BAND.match(header):
        return BandColumn(index, SEX_WORDS[match[1]], None, None)
    return None


def read_layout(header: list[str]) -> tuple[PopulationLayout | None, list[str]]:
    """Find the columns by their labels; returns the layout or Japanese errors about the header."""
    cleaned = [clean_header(cell) for cell in header]
    columns = {name: i for i, name in enumerate(cleaned) if name}
    errors = []
    code = next((c for c in CODE_COLUMNS if c in columns), None)
    if code is None:
        errors.append(
            "「全国地方公共団体コード」（旧様式では「都道府県コード又は市区町村コード」）の列がありません。"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        errors.append(f"必要な列がありません: {'、'.join(missing)}")
    bands = tuple(b for i, h in enumerate(cleaned) if (b := band_column(i, h)))
    if not bands:
        errors.append("「0-4歳の男性」のような年齢別の列がありません。")
    errors += straddling_bands(bands)
    if errors:
        return None, errors
    columns["__code__"] = columns[code]  # type: ignore[index]
    return PopulationLayout(columns, bands), []


def straddling_bands(bands: tuple[BandColumn, ...]) -> list[str]:
    errors = []
    for band in bands:
        if band.age_from is None:
            continue
        top = band.age_to if band.age_to is not None else 999
        for age in BOUNDARIES:
            if band.age_from < age <= top:
                errors.append(
                    f"年齢区分「{band.label}」が{age}歳の境目をまたいでいるため、{age}歳以上の人数を計算できません。"
                )
    return errors


class PopulationImporter:
    """自治体標準オープンデータセット「地域・年齢別人口」, both header generations."""

    kind = "population"
    title = "人口データ（地域・年齢別人口）の取込"
    permission: str = Perm.IMPORT_DATA
    help_text = (
        "自治体標準オープンデータセット「地域・年齢別人口」のCSV（UTF-8・Shift_JIS）。"
        "新旧どちらの見出しでも、100歳以上・年齢不詳の列があっても読み込めます。"
        "地域名が空欄の行は市町村全体の人口として保存します。町丁目別の行がない調査日は"
        "この数を市町村全体の人口として表示し、ある調査日は町丁目の合計との差の確認に使います。"
    )

    def parse(
        self, data: bytes, municipality: Municipality, *, for_commit: bool = False
    ) -> Preview:
        preview, rows = csv_preview(data, ("調査年月日", "総人口", "65歳以上", "高齢化率"))
        if not rows:
            return preview
        layout, errors = read_layout(rows[0])
        if layout is None:
            preview.file_errors += errors
            return preview
        towns = TownLookup(municipality)
        seen: dict[tuple[int | None, datetime.date], int] = {}
        for line, cells in enumerate(rows[1:], start=2):
            result = self.parse_row(line, cells, layout, municipality, towns)
            if result.ok and result.payload is not None:
                key = (
                    result.payload.town.pk if result.payload.town else None,
                    result.payload.as_of,
                )
                if key in seen:
                    result.errors.append(f"{seen[key]}行目と同じ地域・同じ調査年月日の行です。")
                else:
                    seen[key] = line
            preview.rows.append(result)
        preview.notes += whole_checks(preview.rows)
        if not for_commit:
            preview.notes += replacement_notes(municipality, preview.rows)
        if not preview.rows:
            preview.file_errors.append("見出し行のほかにデータの行がありません。")
        return preview

    def parse_row(
        self,
        line: int,
        cells: list[str],
        layout: PopulationLayout,
        municipality: Municipality,
        towns: TownLookup,
    ) -> PreviewRow:
        def cell(name: str) -> str:
            index = layout.columns[name]
            return cells[index].strip() if index < len(cells) else ""

        name, area_code = cell("地域名"), cell("地域コード")
        row = PreviewRow(line=line, label=name or "（市町村全体）")
        code = re.sub(r"\s", "", cell("__code__"))
        if code and code not in (municipality.code, municipality.code[:5]):
            row.errors.append(
                f"市区町村コード「{code}」がこの市町村（{municipality.code}）と一致しません。"
            )
        try:
            as_of = parse_as_of(cell("調査年月日"))
        except ValueError as error:
            row.errors.append(f"調査年月日: {error}")
            as_of = None
        counts = {}
        for column in ("総人口", "男性", "女性", "世帯数"):
            if column not in layout.columns:
                continue
            try:
                counts[column] = parse_count(cell(column))
            except ValueError as error:
                row.errors.append(f"{column}: {error}")
        if counts.get("総人口") is None and "総人口" not in " ".join(row.errors):
            row.errors.append("総人口: 空欄です。")
        bands = []
        for band in layout.bands:
            raw = cells[band.index].strip() if band.index < len(cells) else ""
            try:
                bands.append(BandCount(band.sex, band.age_from, band.age_to, parse_count(raw) or 0))
            except ValueError as error:
                row.errors.append(f"{band.label}: {error}")
        town = None
        if name or area_code:
            town = towns.find(area_code, name)
            if town is None:
                row.errors.append(
                    f"町丁目「{name}」（地域コード {area_code or 'なし'}）が登録されていません。先に町丁目一覧を取り込んでください。"
                )
        else:
            row.note = "市町村全体の行（町丁目別の行がない調査日は、この数を表示します）"
        if row.errors or as_of is None:
            return row
        total = counts["総人口"] or 0
        row.errors += consistency_errors(total, counts.get("男性"), counts.get("女性"), bands)
        population = PopulationRow(
            town=town,
            as_of=as_of,
            total=total,
            male=counts.get("男性"),
            female=counts.get("女性"),
            households=counts.get("世帯数"),
            bands=tuple(bands),
        )
        age65 = sum(b.count for b in bands if b.age_from is not None and b.age_from >= 65)
        rate = f"{age65 * 100 / total:.1f}%" if total else "—"
        row.summary = (as_of, total, age65, rate)
        row.payload = population
        return row

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        return population_store(
            municipality=municipality,
            rows=[row.payload for row in rows],
            user=user,
            import_batch=batch,
        )


def parse_as_of(value: str) -> datetime.date:
    value = value.strip()
    if re.fullmatch(r"\d{8}", value):
        return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    return parse_date(value)


def consistency_errors(
    total: int, male: int | None, female: int | None, bands: list[BandCount]
) -> list[str]:
    errors = []
    if male is not None and female is not None and male + female != total:
        errors.append(
            f"男性（{male:,}人）と女性（{female:,}人）の合計が総人口（{total:,}人）と一致しません。"
        )
    band_total = sum(b.count for b in bands)
    if band_total != total:
        errors.append(
            f"年齢別の人数の合計（{band_total:,}人）が総人口（{total:,}人）と一致しません。"
        )
    return errors


def whole_checks(rows: list[PreviewRow]) -> list[str]:
    """Compare each whole-municipality row with the sum of the town rows of the same date."""
    wholes = {
        r.payload.as_of: r.payload.total
        for r in rows
        if r.ok and r.payload and r.payload.town is None
    }
    sums: dict[datetime.date, int] = defaultdict(int)
    for r in rows:
        if r.ok and r.payload and r.payload.town is not None:
            sums[r.payload.as_of] += r.payload.total
    notes = []
    for as_of, whole in sorted(wholes.items()):
        if as_of not in sums:
            # Nothing to compare with: the whole row is the figure the pages will show.
            notes.append(
                f"{to_wareki(as_of)}: 市町村全体 {whole:,}人。町丁目別の行はないため、"
                "市町村全体の数として表示します。"
            )
            continue
        towns = sums[as_of]
        verdict = "一致しています" if towns == whole else f"{whole - towns:+,}人の差があります"
        notes.append(
            f"{to_wareki(as_of)}: 市町村全体 {whole:,}人、町丁目の合計 {towns:,}人（{verdict}）。"
        )
    return notes


def replacement_notes(municipality: Municipality, rows: list[PreviewRow]) -> list[str]:
    """Name the earlier import each date's existing records came from: writing replaces the
    records of the same towns and date (services.population_store), so the user should know
    whose figures are about to go before confirming."""
    keys = {
        (r.payload.as_of, r.payload.town.pk if r.payload.town else None)
        for r in rows
        if r.ok and r.payload
    }
    existing = PopulationRecord.objects.filter(
        municipality=municipality, as_of__in={as_of for as_of, _ in keys}
    ).values_list("as_of", "town_id", "import_batch_id")
    # Per earlier batch (None: records entered without an import), its dates and records.
    dates: dict[int | None, set[datetime.date]] = defaultdict(set)
    counts: Counter[int | None] = Counter()
    for as_of, town_id, batch_id in existing:
        if (as_of, town_id) in keys:
            dates[batch_id].add(as_of)
            counts[batch_id] += 1
    batches = ImportBatch.objects.select_related("created_by", "committed_by").in_bulk(
        [batch_id for batch_id in dates if batch_id is not None]
    )
    return [
        replacement_note(sorted(dates[batch_id]), batches.get(batch_id or 0), counts[batch_id])
        for batch_id in sorted(dates, key=lambda b: (min(dates[b]), b or 0))
    ]


def replacement_note(days: list[datetime.date], batch: ImportBatch | None, count: int) -> str:
    """One sentence per earlier batch, however many of its dates are replaced."""
    named = "・".join(to_wareki(day) for day in days)
    if batch is None:  # entered by other means than an import (the demo city, a script)
        return f"調査日 {named} の人口は、取込によらずに登録された{count}件の記録を置き換えます。"
    who = batch.committed_by or batch.created_by
    when = to_wareki(timezone.localdate(batch.committed_at or batch.created_at))
    return (
        f"調査日 {named} の人口は、{when}に {who.username} が取り込んだ"
        f"「{batch.original_name}」（取込番号 {batch.pk}）を置き換えます。"
    )


class TownLookup:
    """Find towns of one municipality by 地域コード first, then by normalised name."""

    def __init__(self, municipality: Municipality) -> None:
        towns = list(Town.objects.filter(municipality=municipality))
        self.by_code = {t.code: t for t in towns if t.code}
        self.by_name = {normalize(t.name): t for t in towns}

    def find(self, code: str, name: str) -> Town | None:
        return self.by_code.get(code.strip()) or self.by_name.get(normalize(name))


# Accepted header labels for each field of the town list (first match wins).
TOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("地域コード", "町丁目コード", "コード"),
    "name": ("町丁目名", "町丁目", "名称", "地域名"),
    "kana": ("ふりがな", "よみがな", "よみ", "フリガナ", "カナ"),
    "latitude": ("緯度",),
    "longitude": ("経度",),
    "area": ("圏域名", "日常生活圏域", "圏域"),
}


class TownImporter:
    """町丁目一覧: code, name, reading, centroid and the 日常生活圏域 each town belongs to."""

    kind = "towns"
    title = "町丁目一覧の取込"
    permission: str = Perm.IMPORT_DATA
    help_text = (
        "列: 地域コード、町丁目名、ふりがな、緯度、経度、圏域名（CSV、UTF-8・Shift_JIS）。"
        "地域コードか町丁目名が既にある町丁目は更新、ない町丁目は新しく登録します。"
        "圏域名は登録済みの日常生活圏域の名前と一致させてください。"
    )

    def parse(
        self, data: bytes, municipality: Municipality, *, for_commit: bool = False
    ) -> Preview:
        preview, rows = csv_preview(data, ("圏域", "緯度", "経度", "処理"))
        if not rows:
            return preview
        header = [clean_header(cell) for cell in rows[0]]
        columns = {
            key: next((header.index(label) for label in labels if label in header), None)
            for key, labels in TOWN_COLUMNS.items()
        }
        missing = [TOWN_COLUMNS[key][0] for key in ("name", "area") if columns[key] is None]
        if missing:
            preview.file_errors.append(f"必要な列がありません: {'、'.join(missing)}")
            return preview
        areas = {
            normalize(a.name): a
            for a in Area.objects.current().layer2().filter(municipality=municipality)
        }
        towns = TownLookup(municipality)
        seen: dict[str, int] = {}
        for line, cells in enumerate(rows[1:], start=2):
            values = {
                key: (cells[i].strip() if i is not None and i < len(cells) else "")
                for key, i in columns.items()
            }
            row = self.parse_row(line, values, areas, towns)
            key = normalize(values["name"])
            if key in seen:
                row.errors.append(f"{seen[key]}行目と同じ町丁目名です。")
            seen.setdefault(key, line)
            preview.rows.append(row)
        return preview

    def parse_row(
        self, line: int, values: dict[str, str], areas: dict[str, Any], towns: TownLookup
    ) -> PreviewRow:
        row = PreviewRow(line=line, label=values["name"] or "（名称なし）")
        if not values["name"]:
            row.errors.append("町丁目名: 空欄です。")
        area = areas.get(normalize(values["area"]))
        if area is None:
            row.errors.append(
                f"圏域名: 「{values['area']}」という日常生活圏域は登録されていません。"
            )
        coordinates = []
        for key, label, (low, high) in (
            ("latitude", "緯度", JAPAN_LATITUDE),
            ("longitude", "経度", JAPAN_LONGITUDE),
        ):
            coordinate = parse_coordinate(values[key], label, low, high, row.errors)
            coordinates.append(coordinate)
        if row.errors or area is None:
            return row
        existing = towns.find(values["code"], values["name"])
        row.payload = {
            "town": existing,
            "code": values["code"],
            "name": values["name"],
            "kana": values["kana"],
            "latitude": coordinates[0],
            "longitude": coordinates[1],
            "area": area,
        }
        row.summary = (
            area.name,
            coordinates[0] or "—",
            coordinates[1] or "—",
            "更新" if existing else "新規",
        )
        return row

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        from .services import towns_save

        return towns_save(
            municipality=municipality, items=[row.payload for row in rows], user=user, batch=batch
        )


def parse_coordinate(
    value: str, label: str, low: float, high: float, errors: list[str]
) -> float | None:
    if not value:
        return None
    try:
        number = float(normalize(value))
    except ValueError:
        errors.append(f"{label}: 「{value}」は数値として読み取れません。")
        return None
    if not low <= number <= high:
        errors.append(f"{label}: {number} は日本の範囲（{low}〜{high}）の外です。")
        return None
    return number
