"""Imports for the areas app: 地域・年齢別人口 (自治体標準オープンデータセット and other shapes,
CSV or .xlsx) and the town list."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sasaeai.core.imports import (
    ColumnMatch,
    ImportChoice,
    Preview,
    PreviewRow,
    column_key,
    csv_preview,
    json_date,
    json_float,
    json_int,
    json_optional,
    json_str,
    match_columns,
    pk_to_json,
    records_by_pk,
    table_preview,
)
from sasaeai.core.models import ImportBatch
from sasaeai.utils.cell_dates import read_date_cell
from sasaeai.utils.csvfile import clean_header, parse_count
from sasaeai.utils.geo import JAPAN_LATITUDE, JAPAN_LONGITUDE
from sasaeai.utils.reading import reading as kana_reading
from sasaeai.utils.table_reader import cell_text
from sasaeai.utils.text import normalize
from sasaeai.utils.wareki import to_wareki

from .constants import Sex
from .models import Area, Municipality, PopulationRecord, Town
from .services import BandCount, PopulationRow, population_store

# The words each field of a population file is found by (NFKC, spaces and underscores ignored,
# any case), the 自治体標準 label first. One table for the importer, its tests and the
# column-mapping step of the preview (its keys are the fields a column may be mapped to).
POPULATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "全国地方公共団体コード": (
        "全国地方公共団体コード", "都道府県コード又は市区町村コード", "市区町村コード",
        "団体コード", "localGovernmentCode", "lgCode", "cityCode", "municipalityCode",
    ),
    "地域コード": ("地域コード", "町丁目コード", "町丁コード", "regionCode", "areaCode", "townCode"),
    "地域名": ("地域名", "町丁目名", "町丁目", "町丁名", "町名", "regionName", "areaName", "townName"),
    "調査年月日": ("調査年月日", "調査日", "基準日", "基準年月日", "date", "surveyDate", "asOf"),
    "総人口": ("総人口", "人口総数", "総数", "人口計", "totalPopulation", "population", "total"),
    "男性": ("男性", "男", "男性人口", "male", "men"),
    "女性": ("女性", "女", "女性人口", "female", "women"),
    "世帯数": ("世帯数", "世帯", "households", "numberOfHouseholds"),
    "緯度": ("緯度", "latitude", "lat"),
    "経度": ("経度", "longitude", "lng", "lon"),
    "位置": ("位置", "座標", "location", "coordinates"),
}  # fmt: skip
# The labels of the 自治体標準 「地域・年齢別人口」 (both generations). A file whose headers are
# all written this way is held to that standard's required columns, as before.
STANDARD_LABELS = frozenset(
    column_key(label)
    for label in (
        "全国地方公共団体コード", "都道府県コード又は市区町村コード", "地域コード", "地域名",
        "調査年月日", "総人口", "男性", "女性", "世帯数",
    )
)  # fmt: skip
REQUIRED_COLUMNS = ("地域コード", "調査年月日", "地域名", "総人口")
SEX_WORDS = {"男性": Sex.MALE, "女性": Sex.FEMALE, "男": Sex.MALE, "女": Sex.FEMALE}
# The 自治体標準 band labels: 0-4歳の男性, 100歳以上の女性, 年齢不詳の男性.
RANGE_BAND = re.compile(r"^(\d+)-(\d+)歳の?(男性|女性|男|女)$")
OPEN_BAND = re.compile(r"^(\d+)歳以上の?(男性|女性|男|女)$")
UNKNOWN_BAND = re.compile(r"^(?:年齢不詳|不詳者?)の?(男性|女性|男|女)$")
# Other ways of writing a band: 「男0～4歳」「0〜4歳(女)」「85歳以上_男性」「0～4歳」 (both sexes).
AGE = r"(?:(\d+)-(\d+)歳|(\d+)歳以上|(年齢不詳|不詳者?))"
SEX_AFTER = re.compile(rf"^{AGE}の?(男性|女性|男|女)?$")
SEX_BEFORE = re.compile(rf"^(男性|女性|男|女)の?{AGE}$")
BAND_NOISE = re.compile(r"[()（）\[\]【】・]")
# Coded English headers with numbered 5-year bands: man1 = 0–4 … man18 = 85歳以上 (the highest
# number of each sex is the open top band).
NUMBERED_BAND = re.compile(r"^(man|male|men|woman|female|women)(\d{1,2})$")
NUMBERED_SEX = {"man": Sex.MALE, "male": Sex.MALE, "men": Sex.MALE}
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
        sex = (
            "の男性"
            if self.sex == Sex.MALE
            else "の女性"
            if self.sex == Sex.FEMALE
            else "（男女計）"
        )
        if self.age_from is None:
            return f"年齢不詳{sex}"
        if self.age_to is None:
            return f"{self.age_from}歳以上{sex}"
        return f"{self.age_from}-{self.age_to}歳{sex}"


@dataclass(frozen=True)
class PopulationLayout:
    """Where each needed value sits in the file's header row."""

    columns: dict[str, int]
    bands: tuple[BandColumn, ...]
    headers: dict[str, str] = field(default_factory=dict)  # field → header as written
    unread: tuple[str, ...] = ()
    mapped: frozenset[str] = frozenset()  # fields read through the user's mapping

    def label(self, name: str) -> str:
        """The field as errors name it, with the file's own header when that differs."""
        written = self.headers.get(name, name)
        return name if written == name else f"{name}（列「{written}」）"


def band_key(header: Any) -> str:
    key = BAND_NOISE.sub("", column_key(header)).replace("~", "-").replace("〜", "-")
    return re.sub(r"(\d+)歳-", r"\1-", key)  # 「0歳～4歳」 → 0-4歳


def band_column(index: int, header: Any) -> BandColumn | None:
    key = band_key(header)
    match = SEX_AFTER.match(key)
    sex_word, ages = (match[5], match.groups()[:4]) if match else (None, None)
    if match is None and (match := SEX_BEFORE.match(key)):
        sex_word, ages = match[1], match.groups()[1:]
    if ages is None:
        return None
    sex = SEX_WORDS[sex_word] if sex_word else Sex.TOTAL
    low, high, open_from, unknown = ages
    if unknown:
        return BandColumn(index, sex, None, None)
    if open_from:
        return BandColumn(index, sex, int(open_from), None)
    return BandColumn(index, sex, int(low), int(high))


def is_standard_band(header: Any) -> bool:
    key = clean_header(cell_text(header))
    return any(p.match(key) for p in (RANGE_BAND, OPEN_BAND, UNKNOWN_BAND))


def numbered_bands(header: list[Any]) -> list[BandColumn]:
    """man1…man18 / woman1…woman18: 5-year bands, the highest number open-ended."""
    found = [(i, m) for i, h in enumerate(header) if (m := NUMBERED_BAND.match(column_key(h)))]
    top: dict[str, int] = defaultdict(int)
    for _, match in found:
        top[match[1]] = max(top[match[1]], int(match[2]))
    bands = []
    for index, match in found:
        number = int(match[2])
        if number < 1:
            continue
        sex = NUMBERED_SEX.get(match[1], Sex.FEMALE)
        age_to = None if number == top[match[1]] else 5 * number - 1
        bands.append(BandColumn(index, sex, 5 * (number - 1), age_to))
    return bands


def read_bands(header: list[Any]) -> list[BandColumn]:
    """The age bands the file's counts will be read from. Band-like columns left aside (and so
    named as unread): both-sexes bands when the sexes are given, and subtotals such as
    「65歳以上」 beside finer bands (reading them too would count the same people twice)."""
    bands = numbered_bands(header) + [
        b for i, h in enumerate(header) if (b := band_column(i, h)) is not None
    ]
    if any(b.sex != Sex.TOTAL for b in bands):
        aside = [b for b in bands if b.sex == Sex.TOTAL]
    else:
        aside = []
    kept = [b for b in bands if b not in aside]
    subtotals = [
        b
        for b in kept
        if b.age_from is not None
        and b.age_to is None
        and any(o is not b and o.sex == b.sex and (o.age_from or 0) > b.age_from for o in kept)
    ]
    return [b for b in kept if b not in subtotals]


def read_layout(
    header: list[Any], mapping: Mapping[str, str] | None = None
) -> tuple[PopulationLayout | None, list[str], ColumnMatch]:
    """Find the columns by the user's mapping and their labels; returns the layout or Japanese
    errors about the header, and the match (for the preview's column-mapping step)."""
    bands = read_bands(header)
    match = match_columns(
        header, POPULATION_COLUMNS, taken=[b.index for b in bands], mapping=mapping
    )
    columns = match.found
    standard = all(column_key(h) in STANDARD_LABELS for h in match.headers.values()) and all(
        is_standard_band(header[b.index]) for b in bands
    )
    errors = list(match.conflicts)
    if standard:
        if "全国地方公共団体コード" not in columns:
            errors.append(
                "「全国地方公共団体コード」（旧様式では「都道府県コード又は市区町村コード」）の列がありません。"
            )
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    else:
        # Other shapes: the municipality is the one imported into; a town by its name or code.
        missing = [c for c in ("調査年月日", "総人口") if c not in columns]
        if "地域名" not in columns and "地域コード" not in columns:
            missing.insert(0, "地域名（または地域コード）")
    if missing:
        errors.append(f"必要な列がありません: {'、'.join(missing)}")
    if not bands:
        errors.append("「0-4歳の男性」のような年齢別の列がありません。")
    errors += straddling_bands(tuple(bands))
    if errors:
        return None, errors, match
    layout = PopulationLayout(
        columns, tuple(bands), match.headers, tuple(match.unread), match.mapped
    )
    return layout, [], match


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


@dataclass
class RowReader:
    """What reading one file's rows shares: the layout, the towns, and the towns to create."""

    layout: PopulationLayout
    municipality: Municipality
    towns: TownLookup
    create_towns: bool
    new_towns: dict[str, Town] = field(default_factory=dict)  # normalised name → unsaved town
    missing: dict[str, str] = field(default_factory=dict)  # towns the file names that we lack
    readings: dict[str, str] = field(default_factory=dict)  # date as written → how read


class PopulationImporter:
    """「地域・年齢別人口」 in any reasonable shape: both 自治体標準 generations, other Japanese
    headers, coded English headers with numbered bands; CSV or .xlsx."""

    kind = "population"
    title = "人口データ（地域・年齢別人口）の取込"
    summary = (
        "「地域・年齢別人口」（自治体標準オープンデータセットのCSV・Excel）を読み、"
        "町丁目ごとと市町村全体の人口を年齢別に保存します。"
    )
    permission: str = (
        "import_data"  # accounts.constants.Perm.IMPORT_DATA (areas sits below accounts)
    )
    extensions = (".csv", ".xlsx")
    choices = ("create_towns",)
    column_synonyms = POPULATION_COLUMNS
    help_text = (
        "自治体標準オープンデータセット「地域・年齢別人口」のCSV（UTF-8・Shift_JIS）またはExcel（.xlsx）。"
        "新旧どちらの見出しでも、100歳以上・年齢不詳の列があっても、英字の見出し"
        "（regionName・totalPopulation・man1〜man18 など）や「0～4歳」の列でも読み込めます。"
        "地域名が空欄の行は市町村全体の人口として保存します。町丁目別の行がない調査日は"
        "この数を市町村全体の人口として表示し、ある調査日は町丁目の合計との差の確認に使います。"
        "町丁目一覧にない町丁目は、確認画面で選べば同じ取込で作れます。"
    )

    def parse(
        self,
        data: bytes,
        municipality: Municipality,
        *,
        for_commit: bool = False,
        options: frozenset[str] = frozenset(),
        mapping: Mapping[str, str] | None = None,
    ) -> Preview:
        preview, rows = table_preview(data, SUMMARY_HEADERS)
        if not rows:
            return preview
        layout, errors, match = read_layout(rows[0], mapping)
        preview.column_choices = match.choosable
        if layout is None:
            preview.file_errors += errors
            return preview
        preview.unread_columns = list(layout.unread)
        preview.summary_headers += tuple(layout.label(name) for name in extra_fields(layout))
        reader = RowReader(
            layout, municipality, TownLookup(municipality), "create_towns" in options
        )
        seen: dict[tuple[int | str | None, datetime.date], int] = {}
        for line, cells in enumerate(rows[1:], start=2):
            result = self.parse_row(line, cells, reader)
            if result.ok and result.payload is not None:
                key = (town_key(result.payload.town), result.payload.as_of)
                if key in seen:
                    result.errors.append(f"{seen[key]}行目と同じ地域・同じ調査年月日の行です。")
                else:
                    seen[key] = line
            preview.rows.append(result)
        preview.notes += whole_checks(preview.rows)
        if not for_commit:
            preview.notes += replacement_notes(municipality, preview.rows)
        preview.readings = list(reader.readings.values())
        preview.notes += new_town_notes(reader)
        if reader.missing and not reader.create_towns:
            preview.choices.append(create_towns_choice(reader.missing))
        if not preview.rows:
            preview.file_errors.append("見出し行のほかにデータの行がありません。")
        return preview

    def parse_row(self, line: int, raw: list[Any], reader: RowReader) -> PreviewRow:
        layout = reader.layout
        municipality = reader.municipality
        cells = [cell_text(c) for c in raw]

        def cell(name: str) -> str:
            index = layout.columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        name, area_code = cell("地域名"), cell("地域コード")
        row = PreviewRow(line=line, label=name or "（市町村全体）")
        code = re.sub(r"\s", "", cell("全国地方公共団体コード"))
        if code and code not in (municipality.code, municipality.code[:5]):
            row.errors.append(
                f"市区町村コード「{code}」がこの市町村（{municipality.code}）と一致しません。"
            )
        as_of = self.read_as_of(raw, cell("調査年月日"), row, reader)
        counts = {}
        for column in ("総人口", "男性", "女性", "世帯数"):
            if column not in layout.columns:
                continue
            try:
                counts[column] = parse_count(cell(column))
            except ValueError as error:
                row.errors.append(f"{layout.label(column)}: {error}")
        if counts.get("総人口") is None and not any("総人口" in e for e in row.errors):
            row.errors.append(f"{layout.label('総人口')}: 空欄です。")
        bands = []
        for band in layout.bands:
            text = cells[band.index] if band.index < len(cells) else ""
            try:
                bands.append(
                    BandCount(band.sex, band.age_from, band.age_to, parse_count(text) or 0)
                )
            except ValueError as error:
                row.errors.append(f"{band.label}: {error}")
        town = self.find_town(row, cells, name, area_code, reader)
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
        row.summary = (as_of, total, age65, rate, *(cell(name) for name in extra_fields(layout)))
        row.payload = population
        return row

    def read_as_of(
        self, raw: list[Any], text: str, row: PreviewRow, reader: RowReader
    ) -> datetime.date | None:
        """The 調査年月日 from the cell as the file holds it (an Excel date stays a date)."""
        index = reader.layout.columns["調査年月日"]
        value = raw[index] if index < len(raw) else ""
        label = reader.layout.label("調査年月日")
        try:
            reading = read_date_cell(value)
        except ValueError as error:
            row.errors.append(f"{label}: {error}")
            return None
        written = text or reading.how
        if written not in reader.readings and len(reader.readings) < MAX_READINGS:
            reader.readings[written] = reading.sentence(label, written)
        return reading.day

    def find_town(
        self, row: PreviewRow, cells: list[str], name: str, code: str, reader: RowReader
    ) -> Town | None:
        """The registered town; a town to create when the user chose so; else an error."""
        if not name and not code:
            row.note = "市町村全体の行（町丁目別の行がない調査日は、この数を表示します）"
            return None
        town = reader.towns.find(code, name)
        if town is not None:
            return town
        if not name or not reader.create_towns:
            if name:
                reader.missing.setdefault(normalize(name), name)
            row.errors.append(
                f"町丁目「{name}」（地域コード {code or 'なし'}）が登録されていません。先に町丁目一覧を取り込んでください。"
            )
            return None
        key = normalize(name)
        if key not in reader.new_towns:
            latitude, longitude = town_position(cells, reader.layout, row.errors)
            reader.new_towns[key] = Town(
                municipality=reader.municipality,
                area=None,
                code=code,
                name=name,
                kana=kana_reading(name),
                kana_needs_check=True,
                latitude=latitude,
                longitude=longitude,
            )
        town = reader.new_towns[key]
        row.note = (
            f"町丁目「{town.name}」を新しく作ります（圏域なし、ふりがな「{town.kana}」は要確認）"
        )
        return town

    def payload_to_json(self, payload: PopulationRow) -> dict[str, Any]:
        """A row as JSON for the kept preview (core/imports.py); its town by id."""
        return {
            "town": pk_to_json(payload.town),
            "as_of": payload.as_of.isoformat(),
            "total": payload.total,
            "male": payload.male,
            "female": payload.female,
            "households": payload.households,
            "bands": [[b.sex, b.age_from, b.age_to, b.count] for b in payload.bands],
        }

    def payloads_from_json(
        self, items: list[Any], municipality: Municipality
    ) -> list[PopulationRow]:
        towns = records_by_pk(
            Town.objects.filter(municipality=municipality), (item["town"] for item in items)
        )
        return [
            PopulationRow(
                town=None if item["town"] is None else towns[item["town"]],
                as_of=json_date(item["as_of"]),
                total=json_int(item["total"]),
                male=json_optional(json_int, item["male"]),
                female=json_optional(json_int, item["female"]),
                households=json_optional(json_int, item["households"]),
                bands=tuple(
                    BandCount(
                        json_str(sex),
                        json_optional(json_int, age_from),
                        json_optional(json_int, age_to),
                        json_int(count),
                    )
                    for sex, age_from, age_to, count in item["bands"]
                ),
            )
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        return population_store(
            municipality=municipality,
            rows=[row.payload for row in rows],
            user=user,
            import_batch=batch,
        )


SUMMARY_HEADERS = ("調査年月日", "総人口", "65歳以上", "高齢化率")


def extra_fields(layout: PopulationLayout) -> list[str]:
    """Fields read through the user's mapping that the preview does not show already: their
    values appear on every row, so the user sees what the mapped column will store."""
    return [
        name
        for name in POPULATION_COLUMNS
        if name in layout.mapped and name not in SUMMARY_HEADERS and name != "地域名"
    ]


# At most this many 「…と読みました」 lines: a file has a few dates, not one per row.
MAX_READINGS = 20


def town_key(town: Town | None) -> int | str | None:
    """A town as duplicate rows are found: its id, or its name while it is still to be made."""
    if town is None:
        return None
    return town.pk if town.pk is not None else f"new:{normalize(town.name)}"


def town_position(
    cells: list[str], layout: PopulationLayout, errors: list[str]
) -> tuple[float | None, float | None]:
    """A new town's centre from 緯度・経度, or from a 位置 / location cell 「35.66,139.33」."""

    def cell(name: str) -> str:
        index = layout.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    latitude, longitude = cell("緯度"), cell("経度")
    if not (latitude or longitude) and (position := cell("位置")):
        parts = [p for p in re.split(r"[,、，\s]+", normalize(position)) if p]
        if len(parts) != 2:
            errors.append(
                f"{layout.label('位置')}: 「{position}」は「緯度,経度」として読み取れません。"
            )
            return None, None
        latitude, longitude = parts
    return (
        parse_coordinate(latitude, "緯度", *JAPAN_LATITUDE, errors),
        parse_coordinate(longitude, "経度", *JAPAN_LONGITUDE, errors),
    )


def create_towns_choice(missing: dict[str, str]) -> ImportChoice:
    names = list(missing.values())
    shown = "、".join(f"{n}（{kana_reading(n)}）" for n in names[:20])
    more = f"ほか{len(names) - 20}件" if len(names) > 20 else ""
    return ImportChoice(
        name="create_towns",
        label=f"この {len(names)} 件の町丁目を作る",
        help=(
            f"町丁目一覧にない町丁目: {shown}{more}。印を付けて確定すると、日常生活圏域なしで"
            "町丁目を作り、同じ取込で人口を保存します。ふりがなは自動で付けるので、確かめてください。"
        ),
    )


def new_town_notes(reader: RowReader) -> list[str]:
    if not reader.new_towns:
        return []
    towns = list(reader.new_towns.values())
    named = "、".join(f"{t.name}（{t.kana}）" for t in towns[:20])
    more = f"ほか{len(towns) - 20}件" if len(towns) > 20 else ""
    return [
        f"町丁目一覧になかった {len(towns)} 件の町丁目を、日常生活圏域なしで作ります: {named}{more}。"
        "ふりがなは自動で付けたので、町丁目の画面で確かめてください。"
    ]


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
    summary = (
        "町丁目の一覧（CSV：地域コード・町丁目名・ふりがな・緯度・経度・圏域名）を読み、"
        "町丁目を登録・更新して日常生活圏域に割り当てます。"
    )
    permission: str = (
        "import_data"  # accounts.constants.Perm.IMPORT_DATA (areas sits below accounts)
    )
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

    def payload_to_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A row as JSON for the kept preview (core/imports.py); town and area by id."""
        return {
            **{key: payload[key] for key in ("code", "name", "kana", "latitude", "longitude")},
            "town": pk_to_json(payload["town"]),
            "area": pk_to_json(payload["area"]),
        }

    def payloads_from_json(
        self, items: list[Any], municipality: Municipality
    ) -> list[dict[str, Any]]:
        ours = {"municipality": municipality}
        towns = records_by_pk(Town.objects.filter(**ours), (item["town"] for item in items))
        areas = records_by_pk(Area.objects.filter(**ours), (item["area"] for item in items))
        return [
            {
                "town": None if item["town"] is None else towns[item["town"]],
                "code": json_str(item["code"]),
                "name": json_str(item["name"]),
                "kana": json_str(item["kana"]),
                "latitude": json_optional(json_float, item["latitude"]),
                "longitude": json_optional(json_float, item["longitude"]),
                "area": areas[json_int(item["area"])],
            }
            for item in items
        ]

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
