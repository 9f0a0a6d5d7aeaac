"""自治体標準オープンデータセット「イベント一覧」 as resources of kind 催し・講座 with dated occurrences.

Both header generations are read by their names (「都道府県コード又は市区町村コード・NO」 and
「全国地方公共団体コード・ID」, 所在地_連結表記 for 住所, 料金(基本) with either bracket width). Rows
with the same イベント名 at the same 場所名称 are one resource: each row's days (開始日 to 終了日)
become the listed dates of a 不定期 schedule, one schedule per time of day. An event already in the
registry (same name and venue, kind 催し・講座) gets the new dates added. The contact named in the
file is kept as a private contact (publishing a person needs their consent, as everywhere).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Municipality
from sasaeai.core.bulk import insert_with_history
from sasaeai.core.imports import (
    Preview,
    PreviewRow,
    json_date,
    json_ints,
    json_optional,
    json_str,
    json_str_map,
    pk_to_json,
    records_by_pk,
)
from sasaeai.utils.csvfile import CsvDecodeError
from sasaeai.utils.geo import coordinate_errors
from sasaeai.utils.table_reader import cell_text, read_table
from sasaeai.utils.wareki import parse_date, to_wareki

from .. import scheduling, services
from ..constants import ContactRole, OrganizationType, ResourceKind, SchedulePattern, VenueType
from ..matching import record_key
from ..models import Contact, Location, Organization, Resource
from .flat import header_key, typed_cell

COLUMNS = {
    "name": ("イベント名",),
    "kana": ("イベント名_カナ",),
    "start": ("開始日",),
    "end": ("終了日",),
    "opens": ("開始時間",),
    "closes": ("終了時間",),
    "date_note": ("開始日時特記事項",),
    "description": ("説明", "概要"),
    "fee": ("料金(基本)", "料金_基本"),
    "fee_detail": ("料金(詳細)", "料金_詳細"),
    "contact": ("連絡先名称",),
    "phone": ("連絡先電話番号",),
    "organizer": ("主催者",),
    "place": ("場所名称",),
    "address": ("住所", "所在地_連結表記"),
    "building": ("方書", "所在地_方書"),
    "latitude": ("緯度",),
    "longitude": ("経度",),
    "capacity": ("定員",),
    "target": ("対象者",),
    "apply": ("参加申込方法",),
    "url": ("URL",),
}
# Dates, times, numbers and codes, read with their width folded (NFKC: ２０２５/４/１, １０：００).
# Every other column is stored as typed: 愛全園（従来型） keeps its brackets (issue #22).
PARSED = frozenset((
    "kana", "start", "end", "opens", "closes", "fee", "capacity", "latitude", "longitude",
    "phone", "url",
))  # fmt: skip
LABELS = {"name": "イベント名", "start": "開始日", "end": "終了日", "opens": "開始時間"}
LABELS |= {"closes": "終了時間", "fee": "料金(基本)", "capacity": "定員"}
# Days spelled out one by one at most; a longer period is read from 開始日時特記事項 instead.
MAX_DAYS = 31
# Excel counts days from 1899-12-30; a date typed into a cell formatted as a number shows as one.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_SERIAL = re.compile(r"^\d{5}$")
CLOCK = re.compile(r"^(?:(午前|午後))?(\d{1,2})(?::(\d{2})(?::\d{2})?|時(?:(\d{1,2})分|(半))?)?$")


def event_date(text: str, label: str, notes: list[str]) -> datetime.date:
    """A date cell as people and Excel write it; ValueError with the column's name otherwise."""
    if EXCEL_SERIAL.match(text):
        day = EXCEL_EPOCH + datetime.timedelta(days=int(text))
        notes.append(
            _("%(column)sの「%(text)s」はExcelの日付の通し番号として%(day)sと読みました。")
            % {"column": label, "text": text, "day": to_wareki(day)}
        )
        return day
    try:
        return parse_date(text)
    except ValueError as error:
        raise ValueError(f"{label}: {error}") from error


def clock(text: str, label: str) -> datetime.time | None:
    """「10:00」「10時30分」「午後1時半」「10:00:00」 (Excel) or empty; ValueError otherwise."""
    if not text:
        return None
    found = CLOCK.match(text.replace(" ", ""))
    if found is None:
        raise ValueError(unreadable_clock(text, label))
    hour = int(found[2]) + (12 if found[1] == "午後" and int(found[2]) < 12 else 0)
    minute = int(found[3] or found[4] or (30 if found[5] else 0))
    if hour > 23 or minute > 59:
        raise ValueError(unreadable_clock(text, label))
    return datetime.time(hour, minute)


def unreadable_clock(text: str, label: str) -> str:
    return _("%(column)s: 「%(text)s」は時刻として読み取れません（例: 10:00）。") % {
        "column": label,
        "text": text,
    }


@dataclass
class Event:
    """The rows of one event (same name, same venue)."""

    values: dict[str, str]
    lines: list[int] = field(default_factory=list)
    # (opens, closes) → the days at that time
    days: dict[tuple[datetime.time | None, datetime.time | None], set[datetime.date]] = field(
        default_factory=dict
    )
    long_period: str = ""
    period_start: datetime.date | None = None  # the first day of a long period
    resource: Resource | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Name and venue by matching.record_key: an event stored by an import before issue #22
        as 体操(初級) is the one a file names 体操（初級）."""
        return record_key(self.values["name"]), record_key(self.values.get("place", ""))


class EventImporter:
    kind = "events"
    title = cast(str, gettext_lazy("イベント一覧の取込"))
    permission = "import_data"
    extensions = (".csv", ".xlsx")
    help_text = cast(
        str,
        gettext_lazy(
            "自治体標準オープンデータセット「イベント一覧」のCSVまたはExcel（新旧どちらの見出しでも）。"
            "同じイベント名・同じ場所の行は1つの地域資源（種類「催し・講座」）にまとめ、開始日〜終了日の日付を開催日として登録します。"
            "既に登録されているイベントには新しい日付を追加します。連絡先は非公開で登録します。"
        ),
    )

    def parse(
        self, data: bytes, municipality: Municipality, *, for_commit: bool = False
    ) -> Preview:
        try:
            table, encoding = read_table(data, "")
        except CsvDecodeError as error:
            return Preview(file_errors=[str(error)])
        preview = Preview(
            encoding=encoding, summary_headers=(_("新規・更新"), _("開催日"), _("場所"))
        )
        numbered = [
            (n, [typed_cell(c) for c in row])
            for n, row in enumerate(table, start=1)
            if any(cell_text(c) for c in row)
        ]
        if not numbered:
            preview.file_errors.append(_("ファイルが空です。"))
            return preview
        header = [header_key(c) for c in numbered[0][1]]
        index = {
            name: next(
                (header.index(header_key(h)) for h in words if header_key(h) in header), None
            )
            for name, words in COLUMNS.items()
        }
        missing = [LABELS[n] for n in ("name", "start") if index[n] is None]
        if missing:
            preview.file_errors.append(
                _(
                    "「%(columns)s」の列が見つかりません。"
                    "「イベント一覧」の見出しの行（1行目）があるか確かめてください。"
                )
                % {"columns": "」「".join(missing)}
            )
            return preview
        events: dict[tuple[str, str], Event] = {}
        for line, row in numbered[1:]:
            values = {
                name: (cell_text if name in PARSED else str)(row[i])
                if i is not None and i < len(row)
                else ""
                for name, i in index.items()
            }
            if header_key(values["name"]) == header_key("イベント名"):
                continue  # a repeated header row
            result = PreviewRow(line=line, label=values["name"] or _("（イベント名なし）"))
            preview.rows.append(result)
            notes: list[str] = []
            result.errors = self.read_row(values, events, line, notes)
            result.note = " ".join(notes)
        existing = {
            (record_key(r.name), record_key(link.location.name)): r
            for r in Resource.objects.filter(
                municipality=municipality, kind=ResourceKind.EVENT
            ).prefetch_related("service_locations__location")
            for link in r.service_locations.all()
        }
        rows = {row.line: row for row in preview.rows}
        for event in events.values():
            event.resource = existing.get(event.key)
            first = rows[event.lines[0]]
            if any(rows[n].errors for n in event.lines):
                continue
            first.payload = event
            days = sorted(d for days in event.days.values() for d in days)
            when = "、".join(
                ([to_wareki(days[0])] if days else [])
                + ([_("ほか%(count)d日") % {"count": len(days) - 1}] if len(days) > 1 else [])
                + ([event.long_period] if event.long_period else [])
            )
            verdict = _("新規") if event.resource is None else _("更新（開催日を追加）")
            first.summary = (verdict, when, event.values.get("place") or "—")
            for n in event.lines[1:]:
                rows[n].summary = (_("（同じイベントの別の日）"), "", "")
        return preview

    def read_row(
        self,
        values: dict[str, str],
        events: dict[tuple[str, str], Event],
        line: int,
        notes: list[str],
    ) -> list[str]:
        errors = []
        if not values["name"]:
            errors.append(_("イベント名: 空欄です。"))
        start = end = None
        opens = closes = None
        try:
            start = event_date(values["start"], "開始日", notes) if values["start"] else None
            if start is None:
                errors.append(_("開始日: 空欄です。"))
            end = event_date(values["end"], "終了日", notes) if values.get("end") else start
        except ValueError as error:
            errors.append(str(error))
        try:
            opens = clock(values.get("opens", ""), "開始時間")
            closes = clock(values.get("closes", ""), "終了時間")
        except ValueError as error:
            errors.append(str(error))
        if start and end and end < start:
            errors.append(
                _("終了日: %(end)sが開始日（%(start)s）より前です。")
                % {"end": to_wareki(end), "start": to_wareki(start)}
            )
        if opens and closes and closes <= opens:
            errors.append(
                _("終了時間: %(closes)sが開始時間（%(opens)s）より前です。")
                % {"closes": f"{closes:%H:%M}", "opens": f"{opens:%H:%M}"}
            )
        errors += coordinate_errors(
            values.get("latitude", ""), values.get("longitude", ""), detect_swap=True
        )
        if errors or start is None or end is None:
            return errors
        event = Event(values=values)
        event = events.setdefault(event.key, event)
        event.lines.append(line)
        span = (end - start).days + 1
        if span > MAX_DAYS:
            event.long_period = f"{to_wareki(start)}〜{to_wareki(end)}"
            notes.append(
                _(
                    "期間が%(span)d日と長いため、日ごとには登録せず、"
                    "開始日時特記事項から開催日を読み取ります。"
                )
                % {"span": span}
            )
            event.period_start = event.period_start or start
            return []
        days = event.days.setdefault((opens, closes), set())
        days.update(start + datetime.timedelta(days=n) for n in range(span))
        return []

    def payload_to_json(self, payload: Event) -> dict[str, Any]:
        """An event as JSON for the kept preview (core/imports.py): each (opens, closes) with
        its days, the resource already registered by id."""
        return {
            "values": payload.values,
            "lines": payload.lines,
            "days": [
                [
                    None if opens is None else opens.isoformat(),
                    None if closes is None else closes.isoformat(),
                    sorted(day.isoformat() for day in days),
                ]
                for (opens, closes), days in payload.days.items()
            ],
            "long_period": payload.long_period,
            "period_start": None
            if payload.period_start is None
            else payload.period_start.isoformat(),
            "resource": pk_to_json(payload.resource),
        }

    def payloads_from_json(self, items: list[Any], municipality: Municipality) -> list[Event]:
        ours = Resource.objects.filter(municipality=municipality, kind=ResourceKind.EVENT)
        resources = records_by_pk(
            ours.prefetch_related("service_locations__location"),
            (item["resource"] for item in items),
        )

        def time_of(text: Any) -> datetime.time | None:
            return json_optional(lambda t: datetime.time.fromisoformat(json_str(t)), text)

        return [
            Event(
                values=json_str_map(item["values"]),
                lines=json_ints(item["lines"]),
                days={
                    (time_of(opens), time_of(closes)): {json_date(day) for day in days}
                    for opens, closes, days in item["days"]
                },
                long_period=json_str(item["long_period"]),
                period_start=json_optional(json_date, item["period_start"]),
                resource=None if item["resource"] is None else resources[item["resource"]],
            )
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        events = [r.payload for r in rows if isinstance(r.payload, Event)]
        with transaction.atomic():
            organizations, created_orgs = services.records_by_name(
                Organization, municipality=municipality, user=user,
                names=[e.values["organizer"] for e in events if e.values.get("organizer")],
                make=lambda name: Organization(name=name, type=OrganizationType.OTHER),
            )  # fmt: skip
            first = {e.values["place"]: e.values for e in reversed(events) if e.values.get("place")}
            venues, created_venues = services.records_by_name(
                Location, municipality=municipality, user=user, names=first,
                make=lambda name: venue(first[name]),
            )  # fmt: skip
            batch.record("created", [*created_orgs, *created_venues])
            new = [e for e in events if e.resource is None]
            created = services.resources_bulk_create(
                municipality=municipality,
                user=user,
                items=[resource_input(e, organizations, venues) for e in new],
            )
            batch.record("created", created)
            contacts = [
                Contact(
                    resource=resource,
                    name=event.values["contact"][:100],
                    phone=event.values.get("phone", "")[:30],
                    role=ContactRole.CONTACT,
                )
                for event, resource in zip(new, created, strict=True)
                if event.values.get("contact")
            ]
            insert_with_history(contacts, user=user)
            for event in (e for e in events if e.resource is not None):
                assert event.resource is not None
                data = services.input_of(event.resource)
                data.schedules = merged(list(data.schedules), schedules_of(event))
                services.resource_save(
                    municipality=municipality, user=user, data=data, resource=event.resource
                )
                batch.record("updated", [event.resource])
        return len(events)


def venue(values: dict[str, str]) -> Location:
    location = Location(
        name=values["place"],
        venue_type=VenueType.OTHER,
        street=values.get("address", "")[:100],
        building=values.get("building", "")[:100],
    )
    if values.get("latitude") and values.get("longitude"):
        location.latitude = float(values["latitude"])
        location.longitude = float(values["longitude"])
    return location


def schedules_of(event: Event) -> list[scheduling.ScheduleSpec]:
    """One 不定期 schedule with listed dates per time of day; a long period as its note says."""
    specs = [
        scheduling.ScheduleSpec(
            pattern=SchedulePattern.IRREGULAR,
            dates=tuple(sorted(days)),
            opens_at=opens,
            closes_at=closes,
            note=event.values.get("date_note", "")[:200],
        )
        for (opens, closes), days in sorted(event.days.items(), key=lambda item: min(item[1]))
    ]
    if event.long_period:
        note = event.values.get("date_note", "")
        parsed = scheduling.parse_text(note) if note else None
        start = event.period_start
        if parsed is not None:
            specs.append(dataclasses.replace(parsed, start_date=start))
        else:
            text = f"{event.long_period} {note}".strip()[:200]
            specs.append(scheduling.ScheduleSpec(pattern=SchedulePattern.IRREGULAR, note=text))
    return specs


def merged(
    current: list[scheduling.ScheduleSpec], new: list[scheduling.ScheduleSpec]
) -> list[scheduling.ScheduleSpec]:
    """The current schedules with the new dates added to the one at the same time of day."""
    result = list(current)
    for spec in new:
        same = next(
            (
                i
                for i, c in enumerate(result)
                if c.pattern == SchedulePattern.IRREGULAR
                and c.dates
                and (c.opens_at, c.closes_at) == (spec.opens_at, spec.closes_at)
            ),
            None,
        )
        if same is None or not spec.dates:
            if spec not in result:
                result.append(spec)
            continue
        old = result[same]
        dates = tuple(sorted(set(old.dates) | set(spec.dates)))
        result[same] = dataclasses.replace(old, dates=dates)
    return result


def resource_input(
    event: Event, organizations: dict[str, Organization], venues: dict[str, Location]
) -> services.ResourceInput:
    values = event.values
    fee = values.get("fee", "").replace(",", "").removesuffix("円")
    lines = [values.get("description", "")]
    lines += [
        f"{label}: {values[key]}"
        for key, label in (
            ("fee_detail", _("料金")),
            ("target", _("対象")),
            ("apply", _("申込")),
            ("url", _("詳しくは")),
        )
        if values.get(key)
    ]
    if fee and fee not in ("無料", "0") and not fee.isdecimal():
        lines.append(_("参加費: %(fee)s") % {"fee": values["fee"]})
    capacity = re.search(r"\d+", values.get("capacity", ""))
    return services.ResourceInput(
        name=values["name"],
        kana=values.get("kana", ""),
        kind=ResourceKind.EVENT,
        description="\n".join(line for line in lines if line),
        organization=organizations.get(values.get("organizer", "")),
        schedules=schedules_of(event),
        locations=[venues[values["place"]]] if values.get("place") else [],
        fields={
            "fee_free": fee in ("無料", "0"),
            "fee_amount": int(fee) if fee.isdecimal() and fee != "0" else None,
            "capacity": int(capacity[0]) if capacity else None,
        },
    )
