"""The 通いの場 tables of the national 介護予防・日常生活支援総合事業等（地域支援事業）実施状況調査,
produced from the registry as it stood on 31 March of the chosen 年度 (read from history):
places by 運営主体, by 活動場所, by main activity and by frequency band, and registered
participants by sex and by 65–74 / 75+. Places the survey does not count (meeting less than
monthly) or cannot place (incomplete records) are listed with the reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sasaeai.analysis.indicators import alive_at, year_end
from sasaeai.areas.models import Municipality
from sasaeai.resources.constants import (
    KAYOI_COUNTED_BANDS,
    Activity,
    FrequencyBand,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    VenueType,
)
from sasaeai.resources.models import Location, Organization, Resource, ServiceAtLocation
from sasaeai.utils.fiscal_year import format_fiscal_year
from sasaeai.utils.tabular import Cell, Sheet, xlsx_book
from sasaeai.utils.wareki import to_wareki

PARTICIPANT_FIELDS = (
    "registered_total",
    "registered_male",
    "registered_female",
    "registered_65_74",
    "registered_75_plus",
)


@dataclass(frozen=True)
class LeftOut:
    pk: int
    name: str
    reason: str


@dataclass
class SurveyReturn:
    fiscal_year: int
    by_organization: Counter[str] = field(default_factory=Counter)
    by_venue: Counter[str] = field(default_factory=Counter)
    by_activity: Counter[str] = field(default_factory=Counter)
    by_band: Counter[str] = field(default_factory=Counter)
    participants: Counter[str] = field(default_factory=Counter)
    without_breakdown: int = 0  # counted places whose participants are not split by sex or age
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def places(self) -> int:
        return sum(self.by_band.values())


def survey_return(municipality: Municipality, fiscal_year: int) -> SurveyReturn:
    """The tables of the 年度, from the registry of its 31 March."""
    moment = year_end(fiscal_year)
    resources = list(
        alive_at(Resource, moment, municipality_id=municipality.pk, kind=ResourceKind.KAYOI)
        .order_by("kana_key", "name")
        .values(
            "id", "name", "status", "frequency_band", "primary_activity", "organization_id",
            *PARTICIPANT_FIELDS,
        )
    )  # fmt: skip
    organization_types = dict(
        alive_at(Organization, moment, municipality_id=municipality.pk).values_list("id", "type")
    )
    venue_types = dict(
        alive_at(Location, moment, municipality_id=municipality.pk).values_list("id", "venue_type")
    )
    first_venue: dict[int, str] = {}
    for resource_id, location_id in (
        alive_at(ServiceAtLocation, moment)
        .order_by("location_id")
        .values_list("resource_id", "location_id")
    ):
        if location_id in venue_types:
            first_venue.setdefault(resource_id, venue_types[location_id])
    result = SurveyReturn(fiscal_year)
    for row in resources:
        if row["status"] != ResourceStatus.ACTIVE:
            continue
        reason = reason_left_out(row, organization_types, first_venue)
        if reason:
            result.left_out.append(LeftOut(row["id"], row["name"], reason))
            continue
        result.by_band[row["frequency_band"]] += 1
        result.by_activity[row["primary_activity"]] += 1
        result.by_organization[organization_types[row["organization_id"]]] += 1
        result.by_venue[first_venue[row["id"]]] += 1
        for name in PARTICIPANT_FIELDS:
            result.participants[name] += row[name] or 0
        if any(row[name] is None for name in PARTICIPANT_FIELDS[1:]):
            result.without_breakdown += 1
    return result


def reason_left_out(
    row: dict, organization_types: dict[int, str], first_venue: dict[int, str]
) -> str:
    if not row["frequency_band"]:
        return _("頻度が未入力")
    if row["frequency_band"] not in KAYOI_COUNTED_BANDS:
        return _("月1回未満・不定期（調査の対象外）")
    if not row["primary_activity"]:
        return _("主な活動が未入力")
    if row["organization_id"] not in organization_types:
        return _("運営主体が未登録")
    if row["id"] not in first_venue:
        return _("活動場所が未登録")
    if row["registered_total"] is None:
        return _("参加者（実人数）が未入力")
    return ""


def table(counts: Counter[str], choices: Sequence[tuple[str, Any]]) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[str(label), counts.get(value, 0)] for value, label in choices]
    rows.append([_("合計"), sum(counts.values())])
    return rows


# (title, column, the counts of a SurveyReturn, their categories) of each table.
TABLES: tuple[tuple[str, str, str, Sequence[tuple[str, Any]]], ...] = (
    ("運営主体別", "運営主体", "by_organization", OrganizationType.choices),
    ("活動場所別", "活動場所", "by_venue", VenueType.choices),
    ("主な活動別", "主な活動", "by_activity", Activity.choices),
    (
        "頻度別",
        "頻度",
        "by_band",
        [c for c in FrequencyBand.choices if c[0] in KAYOI_COUNTED_BANDS],
    ),
)


def tables(result: SurveyReturn) -> list[tuple[str, str, list[list[Cell]]]]:
    """(title, column, rows with a 合計 row) of each table of places."""
    return [
        (title, column, table(getattr(result, counts), choices))
        for title, column, counts, choices in TABLES
    ]


def survey_xlsx(municipality: Municipality, result: SurveyReturn) -> bytes:
    year = format_fiscal_year(result.fiscal_year)
    participants = result.participants
    return xlsx_book(
        [
            *(Sheet(title, [column, "か所数"], rows) for title, column, rows in tables(result)),
            Sheet(
                "参加者",
                ["区分", "人数（実人数）"],
                [
                    ["参加者（実人数）", participants["registered_total"]],
                    ["うち男性", participants["registered_male"]],
                    ["うち女性", participants["registered_female"]],
                    ["うち65〜74歳", participants["registered_65_74"]],
                    ["うち75歳以上", participants["registered_75_plus"]],
                    ["内訳の未入力がある通いの場（か所）", result.without_breakdown],
                ],
            ),
            Sheet(
                "対象外・要確認",
                ["地域資源ID", "名称", "理由"],
                [[item.pk, item.name, item.reason] for item in result.left_out],
            ),
            Sheet(
                "この表について",
                ["項目"],
                [
                    [
                        f"{municipality.name} {year}（{to_wareki(year_end(result.fiscal_year).date())}現在の台帳）"
                    ],
                    [
                        f"数えた通いの場 {result.places}か所、対象外・要確認 {len(result.left_out)}か所"
                    ],
                    ["活動場所は、複数の会場がある通いの場では最初に登録した会場で数えます。"],
                ],
            ),
        ]
    )
