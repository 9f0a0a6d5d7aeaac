"""自治体標準オープンデータセット「イベント一覧」 as resources of kind 催し・講座 with dated occurrences.

Columns are found by the column-mapping step (core.imports.match_columns): both header
generations (「都道府県コード又は市区町村コード・NO」 and 「全国地方公共団体コード・ID」, 所在地_連結表記
for 住所, 料金(基本) with either bracket width), English headers (eventName, startDate, ...), or
what the user mapped on the preview; a column nothing reads is listed, never dropped silently.

Rows with the same イベント名 at the same 場所名称 are one resource: each row's days (開始日 to
終了日) become the listed dates of a 不定期 schedule, one schedule per time of day. A 開始日 that is
not a date (「毎月第2火曜日」, 「4月上旬」) is not refused: a recurring phrase the opening-hours reader
reads completely becomes that schedule, anything else a 不定期 schedule whose note keeps the text
as written, with the resource flagged 要確認 (Resource.review_reason) saying what was not read.
Times, 定員 and 料金 that cannot be read are kept and flagged the same way; only a row without
イベント名 (or whose values contradict each other) is an error.

An event already in the registry is found by the file's own id (SourceId, stored on the first
import) first, then by name and venue (kind 催し・講座); it gets the new dates added, and a file
imported again unchanged writes nothing (「変更なし」). The contact named in the file is kept as a
private contact (publishing a person needs their consent, as everywhere).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Municipality
from sasaeai.core.bulk import insert_with_history
from sasaeai.core.imports import (
    Preview,
    PreviewDataError,
    PreviewRow,
    json_date,
    json_int,
    json_ints,
    json_optional,
    json_str,
    json_str_map,
    json_strs,
    match_columns,
    pk_to_json,
    records_by_pk,
    unread_with_samples,
)
from sasaeai.utils.csvfile import CsvDecodeError
from sasaeai.utils.geo import coordinate_errors, split_position
from sasaeai.utils.table_reader import cell_text, read_table
from sasaeai.utils.wareki import parse_date, to_wareki

from .. import scheduling, services
from ..constants import ContactRole, OrganizationType, ResourceKind, SchedulePattern, VenueType
from ..matching import record_key
from ..models import Contact, Location, Organization, Resource, SourceId
from ..opening import parse_opening
from .flat import fitted, header_key, typed_cell, url_is_valid

# The fields of an events file: the label the user sees in the mapping select → (our name for
# it, the header words it is found by). The words are compared as core.imports.column_key
# (NFKC, no spaces or underscores, lower case): 自治体標準 both generations first, then other
# Japanese wordings, then English (camelCase as open-data files write it).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "識別子": ("id", ("ID", "イベントID", "#property", "管理番号", "eventId")),
    "イベント名": ("name", ("イベント名", "名称", "催し名", "name", "eventName", "title")),
    "イベント名_カナ": ("kana", ("イベント名_カナ", "ふりがな", "フリガナ", "kana", "nameKana")),
    "開始日": ("start", ("開始日", "開催日", "startDate")),
    "終了日": ("end", ("終了日", "endDate")),
    "開始時間": ("opens", ("開始時間", "開始時刻", "startTime")),
    "終了時間": ("closes", ("終了時間", "終了時刻", "endTime")),
    "開始日時特記事項": ("date_note", ("開始日時特記事項", "日時の補足", "dateNote")),
    "説明": ("description", ("説明", "概要", "内容", "description")),
    "料金(基本)": ("fee", ("料金(基本)", "料金_基本", "料金", "参加費", "fee", "price")),
    "料金(詳細)": ("fee_detail", ("料金(詳細)", "料金_詳細", "feeDetail", "priceDetail")),
    "連絡先名称": ("contact", ("連絡先名称", "連絡先", "担当者", "contactName")),
    "連絡先電話番号": (
        "phone",
        ("連絡先電話番号", "電話番号", "電話", "telephone", "telephoneNumber", "phone", "tel"),
    ),
    "主催者": ("organizer", ("主催者", "主催", "organizer")),
    "場所名称": ("place", ("場所名称", "会場", "会場名", "場所", "location", "place", "venue")),
    "住所": ("address", ("住所", "所在地_連結表記", "所在地", "address")),
    "方書": ("building", ("方書", "所在地_方書", "建物名", "building")),
    "緯度": ("latitude", ("緯度", "latitude", "lat")),
    "経度": ("longitude", ("経度", "longitude", "lng", "lon")),
    "緯度経度": ("position", ("緯度経度", "緯度・経度", "位置", "座標", "coordinates", "latLng")),
    "定員": ("capacity", ("定員", "capacity")),
    "対象者": ("target", ("対象者", "対象", "target")),
    "参加申込方法": ("apply", ("参加申込方法", "申込方法", "申し込み方法", "applicationMethod")),
    "URL": ("url", ("URL", "ホームページ", "website", "homepage")),
    "備考": ("remarks", ("備考", "remarks")),
}
SYNONYMS = {label: words for label, (_name, words) in FIELDS.items()}
NAMES = {label: name for label, (name, _words) in FIELDS.items()}
LABELS = {name: label for label, name in NAMES.items()}
# Read with their width folded (NFKC): a reading, codes, numbers. Every other column is stored
# as typed (愛全園（従来型） keeps its brackets, issue #22); dates, times, 定員 and 料金 are read
# from the typed text with cell_text, so what cannot be read is kept as it was written.
PARSED = frozenset(("kana", "phone", "url", "id", "latitude", "longitude", "position"))
NAME_LENGTH = 200  # Resource, Location and Organization names (NamedRecord.name)
SUMMARY_HEADERS = ("新規・更新", "開催日", "場所")
# Days spelled out one by one at most; a longer period is read from 開始日時特記事項 instead.
MAX_DAYS = 31
# Excel counts days from 1899-12-30; a date typed into a cell formatted as a number shows as one.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
EXCEL_SERIAL = re.compile(r"^\d{5}$")
# 「2026年12月4日(金)」: event lists add the day of the week, which parse_date does not take.
WEEKDAY_SUFFIX = re.compile(r"\s*\([月火水木金土日](?:曜日?)?\)$")
CLOCK = re.compile(r"^(?:(午前|午後))?(\d{1,2})(?::(\d{2})(?::\d{2})?|時(?:(\d{1,2})分|(半))?)?$")
# A 開始日 phrase that says it repeats. A bare 「火曜日」 is left as text: in an events list it is
# as likely one day as every week (the reason opening.py is not used by the flat import either).
RECURRING = re.compile(r"毎|第\s*\d|隔週|週\s*\d|平日|最終|月\s*\d+\s*回")
# 定員 as a plain count (「30」「30名」「先着30名」「定員30人」); 「30名程度」「20〜30名」 are kept as text.
CAPACITY = re.compile(r"^(?:先着|定員)?\s*(\d+)\s*(?:名|人)?$")
# 参加申込方法 read as the 事前申込 fact only when the whole cell says just that, so 「電話で申込」
# or 「当日受付（一部要申込）」 leave the fact unknown (its text stays in the description).
REGISTRATION = {
    **dict.fromkeys(
        ("要申込", "要申込み", "要申し込み", "要予約", "要事前申込", "事前申込制", "申込必要",
         "申込み必要", "申し込み必要", "事前申込必要", "事前申込が必要", "予約制"),
        True,
    ),
    **dict.fromkeys(
        ("申込不要", "申込み不要", "申し込み不要", "事前申込不要", "予約不要", "不要"), False
    ),
}  # fmt: skip
ReasonList = list[str]


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
        return parse_date(WEEKDAY_SUFFIX.sub("", text))
    except ValueError as error:
        raise ValueError(f"{label}: {error}") from error


def date_or_none(text: str, label: str, notes: list[str]) -> datetime.date | None:
    """The date of a cell, or None when it is empty or not a date (kept as text by the caller)."""
    try:
        return event_date(cell_text(text), label, notes) if text else None
    except ValueError:
        return None


def clock(text: str) -> datetime.time | None:
    """「10:00」「10時30分」「午後1時半」「10:00:00」 (Excel) or empty; ValueError otherwise."""
    if not text:
        return None
    found = CLOCK.match(text.replace(" ", ""))
    if found is None:
        raise ValueError(text)
    hour = int(found[2]) + (12 if found[1] == "午後" and int(found[2]) < 12 else 0)
    minute = int(found[3] or found[4] or (30 if found[5] else 0))
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return datetime.time(hour, minute)


def kept_as_written(label: str, text: str, what: str) -> str:
    """The 要確認 reason for a value that could not be read and is stored as written."""
    return _("%(column)s: 「%(text)s」を%(what)sとして読み取れませんでした（原文のまま保存）。") % {
        "column": label,
        "text": text,
        "what": what,
    }


def add_once(items: list[Any], new: list[Any]) -> None:
    items += [item for item in new if item not in items]


# (opens, closes, note): one dated 不定期 schedule per time of day; note keeps a time or end
# date that could not be read, as written.
Slot = tuple[datetime.time | None, datetime.time | None, str]


@dataclass
class Event:
    """The rows of one event (same name, same venue)."""

    values: dict[str, str]
    lines: list[int] = field(default_factory=list)
    days: dict[Slot, set[datetime.date]] = field(default_factory=dict)
    long_period: str = ""
    period_start: datetime.date | None = None  # the first day of a long period
    # Schedules read from a 開始日 that is not a date (a recurring phrase, or its text kept).
    specs: list[scheduling.ScheduleSpec] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # 要確認, verbatim
    ids: list[str] = field(default_factory=list)  # the file's ids of this event's rows
    attach: list[str] = field(default_factory=list)  # of those, the ones to store (SourceId)
    source: str = ""  # SourceId.source: the header the ids were read from
    resource: Resource | None = None

    @property
    def key(self) -> tuple[str, str]:
        """Name and venue by matching.record_key: an event stored by an import before issue #22
        as 体操(初級) is the one a file names 体操（初級）."""
        return record_key(self.values["name"]), record_key(self.values.get("place", ""))


@dataclass(frozen=True)
class Columns:
    """Where each field is read in this file, and the source id's header (SourceId.source)."""

    index: dict[str, int]
    source: str


class EventImporter:
    kind = "events"
    title = cast(str, gettext_lazy("イベント一覧の取込"))
    summary = cast(
        str,
        gettext_lazy(
            "「イベント一覧」（自治体標準オープンデータセットのCSV・Excel）を読み、"
            "催し・講座を地域資源として登録して開催日を加えます。"
        ),
    )
    permission = "import_data"
    extensions = (".csv", ".xlsx")
    column_synonyms = SYNONYMS
    help_text = cast(
        str,
        gettext_lazy(
            "自治体標準オープンデータセット「イベント一覧」のCSVまたはExcel（新旧どちらの見出しでも、"
            "英字の見出しでも）。同じイベント名・同じ場所の行は1つの地域資源（種類「催し・講座」）に"
            "まとめ、開始日〜終了日の日付を開催日として登録します。日付として読めない開始日"
            "（「4月上旬」など）は原文のまま残し、要確認にします。既に登録されているイベントには"
            "新しい日付を追加し、同じファイルをもう一度取り込んでも何も増えません。連絡先は非公開で登録します。"
        ),
    )

    def parse(
        self,
        data: bytes,
        municipality: Municipality,
        *,
        for_commit: bool = False,
        mapping: Mapping[str, str] | None = None,
    ) -> Preview:
        try:
            table, encoding = read_table(data, "")
        except CsvDecodeError as error:
            return Preview(file_errors=[str(error)])
        preview = Preview(encoding=encoding, summary_headers=SUMMARY_HEADERS)
        numbered = [
            (n, [typed_cell(c) for c in row])
            for n, row in enumerate(table, start=1)
            if any(cell_text(c) for c in row)
        ]
        if not numbered:
            preview.file_errors.append(_("ファイルが空です。"))
            return preview
        header = numbered[0][1]
        columns = self.read_header(header, mapping, preview)
        preview.unread_columns = unread_with_samples(
            header, columns.index.values() if columns else (), (row for _n, row in numbered[1:])
        )
        if columns is None:
            return preview
        events: dict[tuple[str, str], Event] = {}
        name_header = header_key(header[columns.index["name"]])
        for line, row in numbered[1:]:
            values = {
                name: (cell_text if name in PARSED else str)(row[i]) if i < len(row) else ""
                for name, i in columns.index.items()
            }
            values = {name: values.get(name, "") for name in NAMES.values()}
            if header_key(values["name"]) == name_header:
                continue  # a repeated header row
            result = PreviewRow(line=line, label=values["name"] or _("（イベント名なし）"))
            preview.rows.append(result)
            notes: list[str] = []
            reasons: list[str] = []
            result.errors = self.read_row(values, events, line, notes, reasons)
            result.note = " ".join(
                notes + [_("要確認: %(reason)s") % {"reason": r} for r in reasons]
            )
        self.match(events.values(), municipality, columns.source)
        self.summarise(preview, events.values())
        return preview

    def read_header(
        self, header: list[str], mapping: Mapping[str, str] | None, preview: Preview
    ) -> Columns | None:
        """The columns by the mapping and the synonyms, shown on the preview; None (with the
        file errors) when the file cannot be read as an events list."""
        match = match_columns(header, SYNONYMS, mapping=mapping, every_column=True)
        preview.column_choices = match.choosable
        label_at = {i: label for label, i in match.found.items()}
        preview.columns = [(h, label_at.get(i, "")) for i, h in enumerate(header) if h]
        preview.file_errors += match.conflicts
        missing = [label for label in ("イベント名", "開始日") if label not in match.found]
        if missing:
            preview.file_errors.append(
                _(
                    "「%(columns)s」の列が見つかりません。「イベント一覧」の見出しの行（1行目）が"
                    "あるか確かめるか、列の割り当てでその列を選んでください。"
                )
                % {"columns": "」「".join(missing)}
            )
        if preview.file_errors:
            return None
        index = {NAMES[label]: i for label, i in match.found.items()}
        source = header_key(match.headers["識別子"]) if "識別子" in match.found else ""
        return Columns(index, source)

    def read_row(
        self,
        values: dict[str, str],
        events: dict[tuple[str, str], Event],
        line: int,
        notes: list[str],
        reasons: ReasonList,
    ) -> list[str]:
        """Read one row into its event. Returns the row's errors: only a missing name and values
        that contradict each other; anything unreadable is kept and given as a 要確認 reason."""
        errors = []
        if not values["name"]:
            errors.append(_("イベント名: 空欄です。"))
        # Names are what records are found by: never cut, the row is refused instead.
        errors += [
            _("%(column)s: %(limit)d文字までです（%(count)d文字あります）。")
            % {"column": LABELS[key], "limit": NAME_LENGTH, "count": len(values[key])}
            for key in ("name", "place", "organizer")
            if len(values[key]) > NAME_LENGTH
        ]
        kept: list[str] = []  # unreadable pieces kept in the schedule's note, as written
        start_text, end_text = values["start"], values["end"]
        start = date_or_none(start_text, "開始日", notes)
        end = None
        if start is not None:
            end = date_or_none(end_text, "終了日", notes) if end_text else start
            if end is None:
                reasons.append(kept_as_written("終了日", end_text, _("日付")))
                kept.append(f"終了日: {end_text}")
                end = start
        elif end_text:
            kept.append(f"終了日: {end_text}")
        times = []
        for key, label in (("opens", "開始時間"), ("closes", "終了時間")):
            try:
                times.append(clock(cell_text(values[key])))
            except ValueError:
                reasons.append(kept_as_written(label, values[key], _("時刻")))
                kept.append(f"{label}: {values[key]}")
                times.append(None)
        opens, closes = times
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
        errors += position_errors(values)
        errors += coordinate_errors(values["latitude"], values["longitude"], detect_swap=True)
        if errors:
            reasons.clear()  # the row is not imported: its errors say what to fix
            return errors
        reasons += value_reasons(values)
        event = Event(values=values)
        event = events.setdefault(event.key, event)
        event.lines.append(line)
        add_once(event.ids, [values["id"]] if values["id"] else [])
        if start is None or end is None:
            add_once(event.specs, undated(values, opens, closes, kept, notes, reasons))
        else:
            self.add_days(event, start, end, (opens, closes, " ".join(kept)), notes)
        add_once(event.reasons, reasons)
        return []

    def add_days(
        self,
        event: Event,
        start: datetime.date,
        end: datetime.date,
        slot: Slot,
        notes: list[str],
    ) -> None:
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
            return
        days = event.days.setdefault(slot, set())
        days.update(start + datetime.timedelta(days=n) for n in range(span))

    def match(self, events: Iterable[Event], municipality: Municipality, source: str) -> None:
        """Each event's registered resource: by the file's id first (SourceId under this
        header), then by name and venue; and which of its ids are still to be stored."""
        ours = Resource.objects.filter(municipality=municipality, kind=ResourceKind.EVENT)
        existing: dict[tuple[str, str], Resource] = {}
        for resource in ours.prefetch_related("service_locations__location"):
            places = [link.location.name for link in resource.service_locations.all()]
            for place in places or [""]:
                existing.setdefault((record_key(resource.name), record_key(place)), resource)
        events = list(events)
        wanted = {value for event in events for value in event.ids}
        stored = SourceId.objects.filter(
            municipality=municipality, source=source, value__in=wanted
        ).select_related("resource")
        owner = {row.value: row.resource for row in stored}
        taken: dict[str, int] = {}  # an id of this file → the first line that gives it
        for event in events:
            event.source = source
            by_id = [
                owner[v] for v in event.ids if v in owner and owner[v].kind == ResourceKind.EVENT
            ]
            event.resource = by_id[0] if by_id else existing.get(event.key)
            for value in event.ids:
                holder = owner.get(value)
                if value in taken:
                    event.reasons.append(
                        _(
                            "識別子: 「%(id)s」は%(line)d行目の別のイベントにも付いているため、付けていません。"
                        )
                        % {"id": value, "line": taken[value]}
                    )
                elif holder is not None and holder != event.resource:
                    event.reasons.append(
                        _(
                            "識別子: 「%(id)s」は既に別の地域資源「%(name)s」に付いているため、付けていません。"
                        )
                        % {"id": value, "name": holder.name}
                    )
                elif holder is None:
                    event.attach.append(value)
                taken.setdefault(value, event.lines[0])

    def summarise(self, preview: Preview, events: Iterable[Event]) -> None:
        rows = {row.line: row for row in preview.rows}
        for event in events:
            first = rows[event.lines[0]]
            first.payload = event
            days = sorted(d for days in event.days.values() for d in days)
            when = "、".join(
                ([to_wareki(days[0])] if days else [])
                + ([_("ほか%(count)d日") % {"count": len(days) - 1}] if len(days) > 1 else [])
                + ([event.long_period] if event.long_period else [])
                + [scheduling.describe(spec) for spec in event.specs]
            )
            first.summary = (verdict(event), when, event.values.get("place") or "—")
            # Reasons found for the event as a whole (its ids) are shown on its first row.
            shown = " ".join(rows[n].note for n in event.lines)
            first.note = " ".join(
                [first.note] * bool(first.note)
                + [_("要確認: %(reason)s") % {"reason": r} for r in event.reasons if r not in shown]
            )
            for n in event.lines[1:]:
                rows[n].summary = (_("（同じイベントの別の日）"), "", "")

    def payload_to_json(self, payload: Event) -> dict[str, Any]:
        """An event as JSON for the kept preview (core/imports.py): each time of day with its
        days, the schedules read from text, the resource already registered by id."""
        return {
            "values": payload.values,
            "lines": payload.lines,
            "days": [
                [
                    time_to_json(opens),
                    time_to_json(closes),
                    note,
                    sorted(d.isoformat() for d in days),
                ]
                for (opens, closes, note), days in payload.days.items()
            ],
            "long_period": payload.long_period,
            "period_start": None
            if payload.period_start is None
            else payload.period_start.isoformat(),
            "specs": [spec_to_json(spec) for spec in payload.specs],
            "reasons": payload.reasons,
            "ids": payload.ids,
            "attach": payload.attach,
            "source": payload.source,
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
                    (time_of(opens), time_of(closes), json_str(note)): {
                        json_date(day) for day in days
                    }
                    for opens, closes, note, days in item["days"]
                },
                long_period=json_str(item["long_period"]),
                period_start=json_optional(json_date, item["period_start"]),
                specs=[spec_from_json(spec) for spec in item["specs"]],
                reasons=json_strs(item["reasons"]),
                ids=json_strs(item["ids"]),
                attach=json_strs(item["attach"]),
                source=json_str(item["source"]),
                resource=None if item["resource"] is None else resources[item["resource"]],
            )
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        """Create the new events, add to the registered ones what the file adds; an event the
        file does not change is not written at all. Returns the resources written."""
        events = [r.payload for r in rows if isinstance(r.payload, Event)]
        new = [e for e in events if e.resource is None]
        with transaction.atomic():
            # Organisers and venues only for new events: an update never changes them.
            organizations, created_orgs = services.records_by_name(
                Organization, municipality=municipality, user=user,
                names=[e.values["organizer"] for e in new if e.values["organizer"]],
                make=lambda name: Organization(name=name, type=OrganizationType.OTHER),
            )  # fmt: skip
            first = {e.values["place"]: e for e in reversed(new) if e.values["place"]}
            venues, created_venues = services.records_by_name(
                Location, municipality=municipality, user=user, names=first,
                make=lambda name: venue(first[name]),
            )  # fmt: skip
            batch.record("created", [*created_orgs, *created_venues])
            created = services.resources_bulk_create(
                municipality=municipality,
                user=user,
                items=[resource_input(e, organizations, venues) for e in new],
            )
            batch.record("created", created)
            insert_with_history(
                [
                    contact
                    for event, resource in zip(new, created, strict=True)
                    if (contact := contact_of(event, resource)) is not None
                ],
                user=user,
            )
            ids = [(e, r) for e, r in zip(new, created, strict=True)]
            updated = 0
            for event in (e for e in events if e.resource is not None):
                assert event.resource is not None
                change = update_of(event)
                if change is None:
                    continue  # 変更なし
                services.resource_save(
                    municipality=municipality, user=user, data=change, resource=event.resource
                )
                batch.record("updated", [event.resource])
                ids.append((event, event.resource))
                updated += 1
            insert_with_history(
                [
                    SourceId(
                        municipality=municipality, resource=resource, source=event.source,
                        value=value[:100], origin=batch.original_name[:255],
                    )
                    for event, resource in ids
                    for value in event.attach
                ],
                user=user,
            )  # fmt: skip
        return len(created) + updated


def position_errors(values: dict[str, str]) -> list[str]:
    """A 「緯度,経度」 cell (位置・座標) read into both coordinates when the file has no 緯度/経度."""
    text = values["position"]
    if not text or values["latitude"] or values["longitude"]:
        return []
    parts = split_position(text)
    if parts is None:
        return [
            _("緯度経度: 「%(text)s」を「緯度,経度」（例: 35.66,139.32）として読み取れません。")
            % {"text": text}
        ]
    values["latitude"], values["longitude"] = parts
    return []


def value_reasons(values: dict[str, str]) -> ReasonList:
    """The 要確認 reasons for 定員, 料金 and URL that cannot be read (kept as written)."""
    reasons: ReasonList = []
    # Cut to their fields' length on writing; the whole text stays here (staff-only, as the
    # contact itself).
    for key, limit in (("date_note", 200), ("contact", 100), ("phone", 30)):
        fitted(values[key], limit, LABELS[key], reasons)
    if values["capacity"] and capacity_of(values) is None:
        reasons.append(kept_as_written("定員", values["capacity"], _("人数")))
    if fee_of(values) == "text":
        reasons.append(kept_as_written("料金(基本)", values["fee"], _("金額")))
    if values["url"] and url_of(values) == "":
        reasons.append(
            _(
                "URL: 「%(text)s」をホームページのアドレスとして読み取れませんでした（原文のまま説明に保存）。"
            )
            % {"text": values["url"]}
        )
    return reasons


def capacity_of(values: dict[str, str]) -> int | None:
    found = CAPACITY.match(cell_text(values["capacity"]))
    return int(found[1]) if found else None


def fee_of(values: dict[str, str]) -> str:
    """「free」, the amount in digits, 「text」 (not readable: kept as 参加費の補足) or ""."""
    fee = cell_text(values["fee"]).replace(",", "").removesuffix("円").strip()
    if fee in ("無料", "0"):
        return "free"
    if fee.isdecimal() or not fee:
        return fee
    return "text"


def url_of(values: dict[str, str]) -> str:
    """The URL when it is a web address (http/https, at most 500 characters), else ""."""
    url = values["url"]
    return url if url_is_valid(url) else ""


def undated(
    values: dict[str, str],
    opens: datetime.time | None,
    closes: datetime.time | None,
    kept: list[str],
    notes: list[str],
    reasons: ReasonList,
) -> list[scheduling.ScheduleSpec]:
    """The schedule of a row whose 開始日 is not a date: a recurring phrase read completely
    (「毎月第2火曜日」), else one 不定期 schedule keeping the text, flagged; none when 開始日 and
    開始日時特記事項 are both empty."""
    text = values["start"]
    specs = recurring(text, opens, closes) if RECURRING.search(cell_text(text)) else []
    if specs:
        notes.append(
            _("開始日の「%(text)s」を「%(schedule)s」と読みました。")
            % {"text": text, "schedule": "、".join(map(scheduling.describe, specs))}
        )
        cut: ReasonList = []
        specs = [
            dataclasses.replace(
                spec,
                note=fitted(
                    " ".join(p for p in [spec.note, values["date_note"], *kept] if p),
                    200,
                    "開始日",
                    cut,
                ),
            )
            for spec in specs
        ]
        add_once(reasons, cut)
        return specs
    if text:
        reasons.append(kept_as_written("開始日", text, _("日付")))
    elif not values["date_note"]:
        reasons.append(_("開始日: 空欄のため、開催日を登録していません。"))
        return []
    else:
        reasons.append(_("開始日: 空欄のため、開始日時特記事項を開催日の補足として残しました。"))
    note = " ".join(piece for piece in [text, values["date_note"], *kept] if piece)
    note = fitted(note, 200, "開始日", reasons)
    return [
        scheduling.ScheduleSpec(
            pattern=SchedulePattern.IRREGULAR, opens_at=opens, closes_at=closes, note=note
        )
    ]


def recurring(
    text: str, opens: datetime.time | None, closes: datetime.time | None
) -> list[scheduling.ScheduleSpec]:
    """The schedules of a recurring phrase read completely, with the file's times where the
    phrase has none; [] when anything is left over or does not hold (隔週 without its first
    day, times that do not fit), so the text is kept as written instead."""
    parsed = parse_opening(text)
    if not parsed.complete:
        return []
    specs = [
        dataclasses.replace(
            spec, opens_at=spec.opens_at or opens, closes_at=spec.closes_at or closes
        )
        for spec in parsed.specs
    ]
    return [] if any(scheduling.validate(spec) for spec in specs) else specs


def update_of(event: Event) -> services.ResourceInput | None:
    """What the file adds to the registered event (dates, schedules, 要確認 reasons, a
    homepage it had none of), or None when it adds nothing (「変更なし」)."""
    resource = event.resource
    assert resource is not None
    data = services.input_of(resource)
    schedules = merged(list(data.schedules), schedules_of(event))
    fields: dict[str, Any] = {}
    url = url_of(event.values)
    if url and not resource.url:
        fields["url"] = url
    if schedules == list(data.schedules) and not fields and not event.attach:
        # Reasons alone change nothing: a coordinator who cleared the 要確認 of this event
        # (services.resource_review_clear) is not asked again by the same file.
        return None
    known = resource.review_reason
    reasons = [r for r in event.reasons if r not in known]
    if reasons:
        fields["review_reason"] = "\n".join([known, *reasons] if known else reasons)
    data.schedules, data.fields = schedules, fields
    return data


def verdict(event: Event) -> str:
    """新規, 変更なし, or 更新 with what the file adds to the registered event."""
    if event.resource is None:
        return _("新規")
    change = update_of(event)
    if change is None:
        return _("変更なし")
    current = [scheduling.spec_of(s) for s in event.resource.schedules.all()]
    parts = []
    if sum(len(s.dates) for s in change.schedules) > sum(len(s.dates) for s in current):
        parts.append(_("開催日を追加"))
    if len(change.schedules) > len(current) and not parts:
        parts.append(_("予定を追加"))
    if "url" in change.fields:
        parts.append(_("ホームページを追加"))
    if "review_reason" in change.fields:
        parts.append(_("要確認の理由を追加"))
    if event.attach:
        parts.append(_("識別子を追加"))
    return _("更新（%(what)s）") % {"what": "・".join(parts)}


def venue(event: Event) -> Location:
    values = event.values
    location = Location(
        name=values["place"],
        venue_type=VenueType.OTHER,
        street=fitted(values["address"], 100, "住所", event.reasons),
        building=fitted(values["building"], 100, "方書", event.reasons),
    )
    if values["latitude"] and values["longitude"]:
        location.latitude = float(values["latitude"])
        location.longitude = float(values["longitude"])
    return location


def contact_of(event: Event, resource: Resource) -> Contact | None:
    """The person or desk the file names, with its phone: private, as every contact (a phone
    without a name is kept under 「問い合わせ先」)."""
    values = event.values
    if not values["contact"] and not values["phone"]:
        return None
    return Contact(
        resource=resource,
        name=values["contact"][:100] or _("問い合わせ先"),
        phone=values["phone"][:30],
        role=ContactRole.CONTACT,
    )


def schedules_of(event: Event) -> list[scheduling.ScheduleSpec]:
    """One 不定期 schedule with listed dates per time of day, a long period as its note says,
    and the schedules read from a 開始日 that is not a date."""
    date_note = event.values["date_note"]
    specs = [
        scheduling.ScheduleSpec(
            pattern=SchedulePattern.IRREGULAR,
            dates=tuple(sorted(days)),
            opens_at=opens,
            closes_at=closes,
            note=" ".join(p for p in (date_note, note) if p)[:200],
        )
        for (opens, closes, note), days in sorted(event.days.items(), key=lambda i: min(i[1]))
    ]
    if event.long_period:
        parsed = scheduling.parse_text(date_note) if date_note else None
        start = event.period_start
        if parsed is not None:
            specs.append(dataclasses.replace(parsed, start_date=start))
        else:
            text = f"{event.long_period} {date_note}".strip()[:200]
            specs.append(scheduling.ScheduleSpec(pattern=SchedulePattern.IRREGULAR, note=text))
    return specs + event.specs


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
    fee = fee_of(values)
    url = url_of(values)
    lines = [values["description"]]
    lines += [
        f"{label}: {values[key]}"
        for key, label in (
            ("fee_detail", _("料金")),
            ("target", _("対象")),
            ("apply", _("申込")),
            ("remarks", _("備考")),
        )
        if values[key]
    ]
    capacity = capacity_of(values)
    if values["capacity"] and capacity is None:
        lines.append(_("定員: %(text)s") % {"text": values["capacity"]})
    if values["url"] and not url:
        lines.append(_("詳しくは: %(url)s") % {"url": values["url"]})
    reasons = list(event.reasons)
    fields: dict[str, Any] = {
        "fee_free": fee == "free",
        "fee_amount": int(fee) if fee.isdecimal() else None,
        "fee_note": fitted(values["fee"], 200, "料金(基本)", reasons) if fee == "text" else "",
        "capacity": capacity,
        "url": url,
        "registration_required": REGISTRATION.get(re.sub(r"\s+", "", cell_text(values["apply"]))),
    }
    fields["review_reason"] = "\n".join(reasons)
    return services.ResourceInput(
        name=values["name"],
        kana=values["kana"],
        kind=ResourceKind.EVENT,
        description="\n".join(line for line in lines if line),
        organization=organizations.get(values["organizer"]),
        schedules=schedules_of(event),
        locations=[venues[values["place"]]] if values["place"] else [],
        fields=fields,
    )


def time_to_json(moment: datetime.time | None) -> str | None:
    return None if moment is None else moment.isoformat()


def spec_to_json(spec: scheduling.ScheduleSpec) -> dict[str, Any]:
    """A schedule as the Schedule row's values, dates and times in ISO form."""
    values = services.schedule_values(spec)
    values["start_date"] = json_optional(lambda d: d.isoformat(), spec.start_date)
    values["opens_at"] = time_to_json(spec.opens_at)
    values["closes_at"] = time_to_json(spec.closes_at)
    return values


def spec_from_json(data: Any) -> scheduling.ScheduleSpec:
    if not isinstance(data, dict) or set(data) != set(scheduling.SPEC_FIELDS):
        raise PreviewDataError("not a schedule")
    values = dict(data)
    values["start_date"] = json_optional(json_date, data["start_date"])
    for name in ("opens_at", "closes_at"):
        values[name] = json_optional(lambda t: datetime.time.fromisoformat(json_str(t)), data[name])
    for name in ("weekdays", "nths", "month_days"):
        values[name] = json_ints(data[name])
    values["dates"] = json_strs(data["dates"])
    json_optional(json_int, data["count"])
    for name in ("pattern", "note"):
        json_str(data[name])
    if not all(type(data[name]) is bool for name in ("closed_on_holidays", "closed_year_end")):
        raise PreviewDataError("not a schedule")
    spec = scheduling.spec_from(values)
    if scheduling.validate(spec) or spec.pattern not in SchedulePattern.values:
        raise PreviewDataError("not a valid schedule")
    return spec
