"""Imports for the analysis app: 500 m mesh population (e-Stat 地域メッシュ統計) and the
results of the 介護予防・日常生活圏域ニーズ調査."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import jismesh.utils as ju
import numpy as np

from sasaeai.accounts.constants import Perm
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.core.imports import (
    Preview,
    PreviewRow,
    csv_preview,
    json_float,
    json_int,
    json_optional,
    json_str,
    pk_to_json,
    records_by_pk,
)
from sasaeai.utils.csvfile import clean_header, parse_count
from sasaeai.utils.fiscal_year import current_fiscal_year, format_fiscal_year, parse_fiscal_year
from sasaeai.utils.geo import EARTH_RADIUS_M, in_japan
from sasaeai.utils.text import normalize

from .constants import KNOWN_INDICATORS
from .models import MeshPopulation, NeedsSurveyValue
from .services import meshes_save, needs_survey_values_save

# A 500 m (level 4) JIS X 0410 code: 80 km square (4 digits), 10 km square (two digits 0-7),
# 1 km square (two digits 0-9), then the quarter 1-4. jismesh alone accepts 8s and 9s in the
# 10 km digits, so the pattern is checked too.
MESH_CODE = re.compile(r"\d{4}[0-7]{2}\d{2}[1-4]")
MESH_LEVEL = 4
# A mesh centre further than this from every town of the municipality lies outside it.
NEAREST_TOWN_LIMIT_M = 2000.0
# The values read from a mesh file, each found by its label in the second header row.
MESH_LABELS = {"total": "人口総数", "age65": "65歳以上人口総数", "age75": "75歳以上人口総数"}
MESH_REQUIRED = {"total": "人口（総数）", "age65": "65歳以上人口 総数"}
MESH_FIELD_NAMES = {"total": "人口総数", "age65": "65歳以上", "age75": "75歳以上"}
# e-Stat writes "-" for 該当数値なし (none: 0); an empty cell says nothing.
MESH_NONE = {"-", "－", "―", "‐", "−"}
# Meshes compared with every town at once per chunk: bounds the distance matrix's memory.
DISTANCE_CHUNK = 4096


def mesh_label_key(text: str) -> str:
    """A header label as compared: NFKC, no whitespace, no brackets (「人口（総数）」→「人口総数」)."""
    return re.sub(r"[\s()]", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class MeshLayout:
    """Where the mesh code and each count sit in a mesh file."""

    code: int
    columns: dict[str, int]


def read_mesh_layout(codes: list[str], labels: list[str]) -> tuple[MeshLayout | None, list[str]]:
    """Find the columns by the labels of the second header row (the codes of the first change
    with each census)."""
    keys = [mesh_label_key(label) for label in labels]
    code = next(
        (
            i
            for i in range(max(len(codes), len(keys)))
            if (i < len(codes) and codes[i].strip().upper() == "KEY_CODE")
            or (i < len(keys) and "メッシュ" in keys[i])
        ),
        None,
    )
    columns = {name: keys.index(label) for name, label in MESH_LABELS.items() if label in keys}
    errors = []
    if code is None:
        errors.append("メッシュコードの列（1行目が「KEY_CODE」の列）がありません。")
    missing = [label for name, label in MESH_REQUIRED.items() if name not in columns]
    if missing:
        errors.append(
            f"必要な列がありません: {'、'.join(missing)}。"
            "e-Stat の地域メッシュ統計（国勢調査 人口及び世帯）のファイルを、"
            "2行目の項目名の行も含めてそのまま選んでください。"
        )
    if code is None or missing:
        return None, errors
    return MeshLayout(code, columns), []


def nearest_towns(
    latitudes: np.ndarray,
    longitudes: np.ndarray,
    town_latitudes: np.ndarray,
    town_longitudes: np.ndarray,
    *,
    within_m: float,
) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the index of the nearest town and its distance in metres (haversine,
    as utils.geo.distance_m); -1 and infinity for points certainly further than within_m
    from every town. Vectorised: a file has ~30,000 meshes and a city ~300 towns."""
    index = np.full(len(latitudes), -1, dtype=np.intp)
    distance = np.full(len(latitudes), np.inf)
    if not len(latitudes) or not len(town_latitudes):
        return index, distance
    # No point outside the towns' bounding box widened by within_m (with a margin to spare) can
    # be that close to a town: most of an 80 km file is dropped here without any trigonometry.
    margin = math.degrees(within_m / EARTH_RADIUS_M) * 1.1
    top = min(float(np.abs(town_latitudes).max()) + margin, 89.0)
    lon_margin = margin / math.cos(math.radians(top))
    near = (
        (latitudes >= town_latitudes.min() - margin)
        & (latitudes <= town_latitudes.max() + margin)
        & (longitudes >= town_longitudes.min() - lon_margin)
        & (longitudes <= town_longitudes.max() + lon_margin)
    )
    town_phi = np.radians(town_latitudes)[np.newaxis, :]
    town_lambda = np.radians(town_longitudes)[np.newaxis, :]
    candidates = np.flatnonzero(near)
    for start in range(0, len(candidates), DISTANCE_CHUNK):
        chosen = candidates[start : start + DISTANCE_CHUNK]
        phi = np.radians(latitudes[chosen])[:, np.newaxis]
        lam = np.radians(longitudes[chosen])[:, np.newaxis]
        a = (
            np.sin((town_phi - phi) / 2) ** 2
            + np.cos(phi) * np.cos(town_phi) * np.sin((town_lambda - lam) / 2) ** 2
        )
        metres = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        best = metres.argmin(axis=1)
        index[chosen] = best
        distance[chosen] = metres[np.arange(len(chosen)), best]
    return index, distance


def mesh_centres(codes: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each code's JIS X 0410 level and centre (latitude, longitude), for all codes at once."""
    # jismesh 2.1 turns a result of size 1 into a scalar with np.asscalar, which NumPy 2
    # removed: a one-code file would fail, so such an array is given twice and cut back.
    padded = np.array(codes * 2 if len(codes) == 1 else codes, dtype=np.int64)
    levels = np.asarray(ju.to_meshlevel(padded))
    latitudes, longitudes = ju.to_meshpoint(padded, 0.5, 0.5)
    n = len(codes)
    return (
        levels[:n],
        np.asarray(latitudes, dtype=float)[:n],
        np.asarray(longitudes, dtype=float)[:n],
    )


@dataclass(frozen=True)
class MeshLine:
    """A data line whose mesh code is well formed, before it is placed on a town."""

    line: int
    cells: list[str]
    code: str


def cell_of(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


class MeshPopulationImporter:
    """e-Stat 地域メッシュ統計 (国勢調査 人口及び世帯, 500 m): each mesh placed on the nearest town."""

    kind = "meshes"
    title = "500mメッシュ人口（国勢調査）の取込"
    summary = (
        "e-Statの500mメッシュ人口（国勢調査のCSV）を読み、各メッシュを近くの町丁目に割り当てて、"
        "歩いて行ける距離の分析を細かくします。"
    )
    permission: str = Perm.IMPORT_DATA
    extensions = (".txt", ".csv")
    help_text = (
        "e-Stat（政府統計の総合窓口）の地域メッシュ統計「国勢調査 人口及び世帯（500mメッシュ）」"
        "のファイル（tblT001141H5339.txt など、CSV・Shift_JIS）をそのまま選んでください。"
        "1行目の列コードと2行目の項目名のうち、項目名の「人口（総数）」「65歳以上人口 総数」"
        "「75歳以上人口 総数」を読みます（国勢調査の年によって列コードが違っても読めます）。"
        "各メッシュは中心に最も近い町丁目に割り当て、町丁目から2km以上離れたメッシュは"
        "市町村の外として読み飛ばします。先に緯度・経度の入った町丁目一覧を取り込んでください。"
        "秘匿（*）の人数は空欄として、「-」（該当なし）は0として保存します。"
        "ファイルにないメッシュは変更しないので、市町村が2つのファイルにまたがるときは"
        "両方を取り込めます。"
    )

    def parse(
        self, data: bytes, municipality: Municipality, *, for_commit: bool = False
    ) -> Preview:
        preview, rows = csv_preview(data, ("町丁目", "人口総数", "65歳以上", "75歳以上", "処理"))
        if not rows:
            return preview
        layout, errors = read_mesh_layout(rows[0], rows[1] if len(rows) > 1 else [])
        if layout is None:
            preview.file_errors += errors
            return preview
        towns = list(
            Town.objects.filter(
                municipality=municipality, latitude__isnull=False, longitude__isnull=False
            ).order_by("pk")
        )
        if not towns:
            preview.file_errors.append(
                "緯度・経度の入った町丁目がありません。メッシュを町丁目に割り当てるため、"
                "先に「町丁目一覧の取込」で緯度・経度の入った町丁目一覧を取り込んでください。"
            )
            return preview
        lines = []
        for line, cells in enumerate(rows[2:], start=3):
            code = cell_of(cells, layout.code)
            if MESH_CODE.fullmatch(code):
                lines.append(MeshLine(line, cells, code))
            else:
                preview.rows.append(bad_code_row(line, code))
        if not lines and not preview.rows:
            preview.file_errors.append("見出しの2行のほかにデータの行がありません。")
            return preview
        existing = set(
            MeshPopulation.objects.filter(municipality=municipality).values_list("code", flat=True)
        )
        skipped = self.place(lines, towns, layout, existing, preview)
        preview.rows.sort(key=lambda row: row.line)
        if skipped:
            preview.notes.append(
                f"市町村の町丁目から2km以上離れたメッシュ {skipped:,} 件は対象外として読み飛ばしました。"
            )
        if not preview.rows:
            preview.file_errors.append(
                "この市町村の町丁目から2km以内のメッシュが1件もありません。"
                "この市町村を含む地域のファイルか確かめてください。"
            )
        return preview

    def place(
        self,
        lines: Sequence[MeshLine],
        towns: list[Town],
        layout: MeshLayout,
        existing: set[str],
        preview: Preview,
    ) -> int:
        """Add a preview row for each mesh near a town; returns how many were too far away."""
        if not lines:
            return 0
        levels, latitudes, longitudes = mesh_centres([int(item.code) for item in lines])
        index, distance = nearest_towns(
            latitudes,
            longitudes,
            np.array([t.latitude for t in towns], dtype=float),
            np.array([t.longitude for t in towns], dtype=float),
            within_m=NEAREST_TOWN_LIMIT_M,
        )
        skipped = 0
        seen: dict[str, int] = {}
        for i, item in enumerate(lines):
            latitude, longitude = float(latitudes[i]), float(longitudes[i])
            if int(levels[i]) != MESH_LEVEL or not in_japan(latitude, longitude):
                preview.rows.append(bad_code_row(item.line, item.code))
                continue
            if float(distance[i]) > NEAREST_TOWN_LIMIT_M:
                skipped += 1
                continue
            town = towns[int(index[i])]
            row = mesh_row(item, layout, town, (latitude, longitude), item.code in existing)
            if item.code in seen:
                row.errors.append(f"{seen[item.code]}行目と同じメッシュコードです。")
            seen.setdefault(item.code, item.line)
            preview.rows.append(row)
        return skipped

    def payload_to_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A mesh as JSON for the kept preview (core/imports.py); its town by id."""
        return {**payload, "town": pk_to_json(payload["town"])}

    def payloads_from_json(
        self, items: list[Any], municipality: Municipality
    ) -> list[dict[str, Any]]:
        towns = records_by_pk(
            Town.objects.filter(municipality=municipality), (item["town"] for item in items)
        )
        return [
            {
                "code": json_str(item["code"]),
                "town": towns[json_int(item["town"])],
                "latitude": json_float(item["latitude"]),
                "longitude": json_float(item["longitude"]),
                **{
                    name: json_optional(json_int, item[name])
                    for name in ("total", "age65", "age75")
                },
            }
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        return meshes_save(
            municipality=municipality, items=[row.payload for row in rows], user=user, batch=batch
        )


def bad_code_row(line: int, code: str) -> PreviewRow:
    row = PreviewRow(line=line, label=code or "（コードなし）")
    if code:
        row.errors.append(
            f"メッシュコード: 「{code}」は500mメッシュ（9桁の4次メッシュ）のコードではありません。"
        )
    else:
        row.errors.append("メッシュコード: 空欄です。")
    return row


def mesh_row(
    item: MeshLine, layout: MeshLayout, town: Town, centre: tuple[float, float], exists: bool
) -> PreviewRow:
    row = PreviewRow(line=item.line, label=item.code)
    counts: dict[str, int | None] = {"total": None, "age65": None, "age75": None}
    suppressed, blank = [], []
    for name, index in layout.columns.items():
        raw = cell_of(item.cells, index)
        if raw in ("*", "＊"):
            suppressed.append(MESH_FIELD_NAMES[name])
        elif raw in MESH_NONE:
            counts[name] = 0
        elif not raw:
            blank.append(MESH_FIELD_NAMES[name])
        else:
            try:
                counts[name] = parse_count(raw)
            except ValueError as error:
                row.errors.append(f"{MESH_FIELD_NAMES[name]}: {error}")
    row.errors += mesh_count_errors(counts)
    notes = []
    if suppressed:
        notes.append(f"{'・'.join(suppressed)}は秘匿（*）のため人数なし")
    if blank:
        notes.append(f"{'・'.join(blank)}は空欄のため人数なし")
    row.note = "。".join(notes)
    if row.errors:
        return row
    row.payload = {
        "code": item.code,
        "town": town,
        "latitude": centre[0],
        "longitude": centre[1],
        **counts,
    }
    row.summary = (
        town.name,
        *("—" if counts[name] is None else counts[name] for name in ("total", "age65", "age75")),
        "更新" if exists else "新規",
    )
    return row


def mesh_count_errors(counts: dict[str, int | None]) -> list[str]:
    """An older group cannot outnumber the one that contains it."""
    errors = []
    for older, wider in (("age65", "total"), ("age75", "age65")):
        part, whole = counts[older], counts[wider]
        if part is not None and whole is not None and part > whole:
            errors.append(
                f"{MESH_FIELD_NAMES[older]}（{part:,}人）が"
                f"{MESH_FIELD_NAMES[wider]}（{whole:,}人）を超えています。"
            )
    return errors


# Accepted header labels for each field of the needs survey file (first match wins).
NEEDS_COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("圏域", "圏域名", "日常生活圏域"),
    "indicator": ("指標", "指標名", "項目"),
    "value": ("値", "割合", "値（％）", "割合（％）", "％"),
    "year": ("年度",),
}
INDICATOR_MAX = 100
# 介護保険 (and so the survey) began in 2000年度.
FIRST_SURVEY_YEAR = 2000
VALUE_PATTERN = re.compile(r"(\d+)(?:\.(\d+))?")


def indicator_key(text: str) -> str:
    """An indicator as compared with the known ones: width folded, no whitespace."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


KNOWN_BY_KEY = {indicator_key(name): name for name in KNOWN_INDICATORS}


def parse_indicator(text: str, errors: list[str]) -> tuple[str, bool]:
    """The indicator as stored (a known one in its own spelling) and whether it is known."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    known = KNOWN_BY_KEY.get(indicator_key(cleaned))
    if known:
        return known, True
    if not cleaned:
        errors.append("指標: 空欄です。")
    elif len(cleaned) > INDICATOR_MAX:
        errors.append(f"指標: {INDICATOR_MAX}文字以内にしてください（{len(cleaned)}文字）。")
    return cleaned, False


def parse_survey_year(text: str, errors: list[str]) -> int | None:
    if not text:
        errors.append("年度: 空欄です。")
        return None
    try:
        year = parse_fiscal_year(text)
    except ValueError as error:
        errors.append(f"年度: {error}。")
        return None
    latest = current_fiscal_year() + 1
    if not FIRST_SURVEY_YEAR <= year <= latest:
        errors.append(
            f"年度: {format_fiscal_year(year, western=True)}は読み込めません"
            f"（{FIRST_SURVEY_YEAR}年度から{latest}年度まで）。"
        )
        return None
    return year


def parse_percentage(text: str, errors: list[str]) -> Decimal | None:
    """A share in %: 0-100, at most one decimal place; full-width digits and a trailing % allowed."""
    compact = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).removesuffix("%")
    if not compact:
        errors.append("値: 空欄です。")
        return None
    match = VALUE_PATTERN.fullmatch(compact)
    if match is None:
        errors.append(f"値: 「{text.strip()}」は数値として読み取れません。")
        return None
    value = Decimal(compact)
    if value > 100:
        errors.append(f"値: {value} は0〜100（％）の範囲の外です。")
        return None
    if value != value.quantize(Decimal("0.1")):
        errors.append(f"値: 「{text.strip()}」は小数第1位までにしてください。")
        return None
    return value.quantize(Decimal("0.1"))


class NeedsSurveyImporter:
    """介護予防・日常生活圏域ニーズ調査: one line per area, indicator and 年度, in %."""

    kind = "needs_survey"
    title = "ニーズ調査結果の取込"
    summary = (
        "介護予防・日常生活圏域ニーズ調査の圏域別の集計（CSV）を読み、"
        "指標の値を圏域・年度ごとに保存して地域課題の抽出に使います。"
    )
    permission: str = Perm.IMPORT_DATA
    help_text = (
        "介護予防・日常生活圏域ニーズ調査の圏域別の集計結果（CSV、UTF-8・Shift_JIS）。"
        "列: 圏域、指標、値（回答者に占める割合、％）、年度。1行に1つの圏域・指標・年度の値を書きます。"
        "圏域は登録済みの日常生活圏域の名前と一致させてください。"
        "年度は「2025」「令和7年度」「R7」のどれでも書けます。値は0〜100、小数第1位まで（％は付けても付けなくても構いません）。"
        "指標は「閉じこもり傾向」「うつ傾向」「転倒リスク」など、見える化システムと同じ名前にすると分析に使われます。"
        "同じ圏域・指標・年度の値が既にあれば置き換えます。"
    )

    def parse(
        self, data: bytes, municipality: Municipality, *, for_commit: bool = False
    ) -> Preview:
        preview, rows = csv_preview(data, ("圏域", "指標", "年度", "値", "処理"))
        if not rows:
            return preview
        header = [clean_header(cell) for cell in rows[0]]
        columns = {
            key: next((header.index(c) for c in map(clean_header, labels) if c in header), None)
            for key, labels in NEEDS_COLUMNS.items()
        }
        missing = [NEEDS_COLUMNS[key][0] for key, index in columns.items() if index is None]
        if missing:
            preview.file_errors.append(f"必要な列がありません: {'、'.join(missing)}")
            return preview
        areas = {
            normalize(a.name): a
            for a in Area.objects.current().layer2().filter(municipality=municipality)
        }
        existing = set(
            NeedsSurveyValue.objects.filter(municipality=municipality).values_list(
                "area_id", "indicator", "fiscal_year"
            )
        )
        seen: dict[tuple[int, str, int], int] = {}
        for line, cells in enumerate(rows[1:], start=2):
            values = {key: cell_of(cells, i) for key, i in columns.items() if i is not None}
            row = self.parse_row(line, values, areas, existing)
            if row.payload is not None:
                key = (row.payload["area"].pk, row.payload["indicator"], row.payload["fiscal_year"])
                if key in seen:
                    row.errors.append(f"{seen[key]}行目と同じ圏域・指標・年度の行です。")
                seen.setdefault(key, line)
            preview.rows.append(row)
        if not preview.rows:
            preview.file_errors.append("見出し行のほかにデータの行がありません。")
        return preview

    def parse_row(
        self,
        line: int,
        values: dict[str, str],
        areas: dict[str, Area],
        existing: set[tuple[int, str, int]],
    ) -> PreviewRow:
        row = PreviewRow(line=line, label=values["area"] or "（圏域なし）")
        area = areas.get(normalize(values["area"]))
        if not values["area"]:
            row.errors.append("圏域: 空欄です。")
        elif area is None:
            row.errors.append(f"圏域: 「{values['area']}」という日常生活圏域は登録されていません。")
        indicator, known = parse_indicator(values["indicator"], row.errors)
        year = parse_survey_year(values["year"], row.errors)
        value = parse_percentage(values["value"], row.errors)
        if not known and indicator:
            row.note = "分析で使う指標ではありません（表示のみ）"
        if area is None or year is None or value is None or row.errors:
            return row
        row.payload = {"area": area, "indicator": indicator, "fiscal_year": year, "value": value}
        row.summary = (
            area.name,
            indicator,
            format_fiscal_year(year),
            value,
            "更新" if (area.pk, indicator, year) in existing else "新規",
        )
        return row

    def payload_to_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A value as JSON for the kept preview (core/imports.py); its area by id."""
        return {
            "area": pk_to_json(payload["area"]),
            "indicator": payload["indicator"],
            "fiscal_year": payload["fiscal_year"],
            "value": str(payload["value"]),
        }

    def payloads_from_json(
        self, items: list[Any], municipality: Municipality
    ) -> list[dict[str, Any]]:
        areas = records_by_pk(
            Area.objects.filter(municipality=municipality), (item["area"] for item in items)
        )
        return [
            {
                "area": areas[json_int(item["area"])],
                "indicator": json_str(item["indicator"]),
                "fiscal_year": json_int(item["fiscal_year"]),
                "value": Decimal(json_str(item["value"])),
            }
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        return needs_survey_values_save(
            municipality=municipality, items=[row.payload for row in rows], user=user, batch=batch
        )
