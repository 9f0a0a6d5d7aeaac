"""A 自治体標準オープンデータセット-style CSV of the public registry (one row per resource × venue).

There is no national dataset for 通いの場 itself, so the columns follow the conventions the
national datasets share (「公共施設一覧」「介護サービス事業所一覧」「イベント一覧」): 全国地方公共団体コード
with its check digit, an ID per row, 名称_カナ in katakana, 所在地 both joined and in parts,
利用可能曜日 as 「月,水」, 開始時間・終了時間 as HH:MM, the rest of the schedule in words in
利用可能日時特記事項. Only public data goes in: a private home is given by its 町丁目 alone, without
coordinates, and only contacts who agreed to be published appear. The mapping is in
docs/hsds-japan-profile.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from sasaeai.areas.models import Municipality
from sasaeai.utils.tabular import Cell
from sasaeai.utils.text import to_katakana
from sasaeai.utils.wareki import to_wareki

from .. import scheduling
from ..constants import Activity, ResourceKind, TargetGroup, choice_labels
from ..scheduling import WEEKDAY_NAMES
from ..selectors import PublicLocation, PublicResource

STANDARD_COLUMNS = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "名称",
    "名称_カナ",
    "種別",
    "活動内容",
    "所在地_連結表記",
    "所在地_都道府県",
    "所在地_市区町村",
    "所在地_町字",
    "所在地_番地以下",
    "建物名",
    "郵便番号",
    "緯度",
    "経度",
    "電話番号",
    "連絡先メールアドレス",
    "団体名",
    "法人番号",
    "事業所番号",
    "利用可能曜日",
    "開始時間",
    "終了時間",
    "利用可能日時特記事項",
    "料金（基本）",
    "料金（詳細）",
    "対象者",
    "送迎",
    "バリアフリー",
    "説明",
]


def words(spec: scheduling.ScheduleSpec) -> str:
    """The schedule in words; the listed days of a 不定期 one (events) are written out too."""
    text = scheduling.describe(spec)
    if spec.dates:
        text += "（" + "、".join(to_wareki(day) for day in sorted(spec.dates)) + "）"
    return text


def standard_rows(
    municipality: Municipality, resources: Sequence[PublicResource]
) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for resource in resources:
        for place in resource.locations or (None,):
            rows.append(row(municipality, resource, place))
    return rows


def row(
    municipality: Municipality, resource: PublicResource, place: PublicLocation | None
) -> list[Cell]:
    specs = [spec for _, spec in resource.schedules]
    weekdays = sorted({w for spec in specs for w in spec.weekdays})
    timed = next((spec for spec in specs if spec.opens_at), None)
    parts = place.parts if place else None
    exact = place is not None and place.latitude is not None and not place.approximate
    contact = next(iter(resource.contacts), None)
    organization = resource.organization
    fee = (
        "無料" if resource.fee_free else (f"{resource.fee_amount}円" if resource.fee_amount else "")
    )
    values: dict[str, Cell] = {
        "全国地方公共団体コード": municipality.code,
        "ID": str(place.link_uuid if place else resource.uuid),
        "地方公共団体名": f"{municipality.prefecture}{municipality.name}",
        "名称": resource.name,
        "名称_カナ": to_katakana(resource.kana),
        "種別": str(ResourceKind(resource.kind).label),
        "活動内容": ";".join(choice_labels(Activity, resource.activities)),
        "所在地_連結表記": (place.address or "") if place else "",
        "所在地_都道府県": parts.prefecture if parts else "",
        "所在地_市区町村": parts.city if parts else "",
        # A private home is shown by its 町丁目 only (public_location left out the rest).
        "所在地_町字": (parts.town if parts else "") or (place.town_name if place else ""),
        "所在地_番地以下": parts.street if parts else "",
        "建物名": parts.building if parts else "",
        "郵便番号": parts.postal_code if parts else "",
        # A position guessed from the 町丁目 is left out: the standard's 緯度・経度 mean the place.
        "緯度": place.latitude if exact and place else "",
        "経度": place.longitude if exact and place else "",
        "電話番号": contact.phone if contact else "",
        "連絡先メールアドレス": contact.email if contact else "",
        "団体名": resource.organization_name,
        "法人番号": organization.corporate_number if organization else "",
        "事業所番号": place.external_id if place else "",
        "利用可能曜日": ",".join(WEEKDAY_NAMES[w] for w in weekdays if 0 <= w <= 6),
        "開始時間": f"{timed.opens_at:%H:%M}" if timed and timed.opens_at else "",
        "終了時間": f"{timed.closes_at:%H:%M}" if timed and timed.closes_at else "",
        "利用可能日時特記事項": "／".join(words(spec) for spec in specs),
        "料金（基本）": fee,
        "料金（詳細）": resource.fee_note,
        "対象者": ";".join(choice_labels(TargetGroup, resource.target_groups)),
        # 有 / 無 as recorded; blank when unknown (issue #22: no 無 nobody said).
        "送迎": yes_no(resource.pickup),
        "バリアフリー": yes_no(resource.barrier_free),
        "説明": resource.description,
    }
    return [values[column] for column in STANDARD_COLUMNS]


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("有" if value else "無")
