"""Importing the flat sheet (one row per resource × venue), from .xlsx or .csv.

Columns are found by their header (synonyms below; a mapping the user confirmed is remembered per
municipality). Rows with the same ID (or, without an ID, the same 名称) form one resource. A row
group whose ID is ours is an update, and its changes are found by comparing each cell with what
our own export writes for the current record — so an exported sheet read back shows no change,
and one edited cell shows exactly that change. Nothing is written before confirmation.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Municipality
from sasaeai.core.bulk import insert_with_history
from sasaeai.core.imports import (
    NEW,
    SKIP,
    UPDATE,
    Candidate,
    ImportChoice,
    Preview,
    PreviewRow,
    Suspect,
    column_key,
    json_ints,
    json_str,
    json_str_map,
    json_strs,
    match_columns,
    pk_to_json,
    records_by_pk,
    unread_with_samples,
    value_choices,
)
from sasaeai.utils.csvfile import CsvDecodeError, clean_header
from sasaeai.utils.geo import coordinate_errors, split_position
from sasaeai.utils.table_reader import cell_text, read_table
from sasaeai.utils.text import as_typed
from sasaeai.utils.wareki import to_wareki

from .. import duplicates, opening, scheduling, services
from ..constants import (
    Activity,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    SupportType,
    TargetGroup,
    VenueType,
)
from ..exports.flat import FLAT_COLUMNS, contact_cells, resource_cells, venue_cells
from ..matching import record_key
from ..models import Contact, Location, Organization, Resource, ServiceAtLocation, SourceId
from ..personal import venue_for
from ..selectors import sheet_resources, with_full_record

# Header words people use for each column (Japanese and English, compared by
# core.imports.column_key: NFKC, no spaces or underscores, lower case). Our own column names
# match themselves. The fields a column can be mapped to on the preview are these, in order.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ID": ("資源id",),
    "識別子": (
        "事業所番号",
        "施設id",
        "施設番号",
        "施設コード",
        "#property",
        "管理番号",
        "整理番号",
        "sourceid",
    ),
    "名称": (
        "資源名",
        "名前",
        "事業所名",
        "施設名",
        "施設名称",
        "活動名",
        "名称_通称",
        "name",
        "title",
    ),
    "ふりがな": ("よみがな", "フリガナ", "カナ", "名称_カナ", "kana"),
    "種類": (
        "種別",
        "施設の種類",
        "施設種別",
        "サービス種類名",
        "サービス種類",
        "サービス種別",
        "分類",
        "カテゴリ",
        "kind",
        "service",
        "category",
        "type",
    ),
    "状態": ("status",),
    "運営主体": (
        "団体名",
        "主催",
        "主催者",
        "申請者名",
        "法人名",
        "法人の名称",
        "運営法人",
        "事業者名",
        "organization",
        "operator",
    ),
    "活動内容": ("活動", "activities"),
    "生活支援の種類": ("支援内容",),
    "対象": ("対象者", "target"),
    "曜日・頻度": ("曜日", "頻度", "開催日", "schedule"),
    "開所日": (
        "利用可能曜日",
        "開館日",
        "開所曜日",
        "営業日",
        "利用できる日",
        "availabledate",
        "availabledays",
    ),
    "開所時間": ("開館時間", "営業時間", "受付時間", "利用時間", "利用可能時間", "hours"),
    "開始時刻": ("開始時間", "starttime", "opens"),
    "終了時刻": ("終了時間", "endtime", "closes"),
    "休業日・備考": (
        "休業日",
        "休館日",
        "定休日",
        "利用可能日時特記事項",
        "開始日時特記事項",
        "availabledatenote",
    ),
    "参加費": ("費用", "料金", "利用料", "fee"),
    "定員": ("利用定員", "capacity"),
    "公開": ("public",),
    "送迎": ("送迎の有無",),
    "バリアフリー": (),
    "事前申込": ("事前申し込み", "要申込"),
    "会場": ("場所", "会場名", "場所名称", "venue"),
    "住所": ("所在地", "事業所住所", "所在地_連結表記", "施設住所", "address"),
    "郵便番号": ("〒", "事業所郵便番号", "postalcode", "postcode", "zipcode"),
    "緯度": ("latitude", "lat"),
    "経度": ("longitude", "lng", "lon"),
    "位置（緯度,経度）": ("位置", "緯度経度", "緯度,経度", "座標", "location", "latlng", "latlon"),
    "連絡先": ("担当者", "contact"),
    "電話番号": (
        "電話",
        "事業所電話番号",
        "代表電話",
        "電話番号(代表)",
        "tel",
        "phone",
        "telephone",
        "telephonenumber",
    ),
    "メール": ("メールアドレス", "email", "e-mail", "mail"),
    "ホームページ": ("url", "ホームページアドレス", "website", "webサイト", "ウェブサイト"),
    "内容": ("説明", "概要", "サービス内容", "description"),
}
# What a column can be read as, in the order the mapping step offers them: our sheet's own
# columns (FLAT_COLUMNS, so an exported sheet reads back), then what other files carry.
TARGETS = tuple(dict.fromkeys((*FLAT_COLUMNS, *SYNONYMS)))
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {name: SYNONYMS.get(name, ()) for name in TARGETS}
# The three public facts (models.Resource) and how a cell says あり or なし. A blank cell is
# 不明 (what our export writes for unknown), never なし; a sheet without the column changes
# nothing (a new resource stays 不明): issue #22.
FACT_COLUMNS = {
    "送迎": "pickup",
    "バリアフリー": "barrier_free",
    "事前申込": "registration_required",
}
FACT_WORDS = {
    **dict.fromkeys(
        ("あり", "有", "有り", "○", "〇", "◯", "はい", "要", "必要", "対応", "yes"), True
    ),
    **dict.fromkeys(("なし", "無", "無し", "×", "いいえ", "不要", "非対応", "no"), False),
}
LIST_SEPARATORS = re.compile(r"[、,，/／]")
# Columns compared to detect a change of the resource itself, and of a venue row.
RESOURCE_COLUMNS = FLAT_COLUMNS[:22]
VENUE_COLUMNS = FLAT_COLUMNS[22:32]


@functools.lru_cache(maxsize=8192)  # the same few labels and headers, row after row
def header_key(text: str) -> str:
    return clean_header(unicodedata.normalize("NFKC", str(text))).lower()


# Columns read as typed (typed_cell): names, addresses and free text are stored with their
# full-width brackets and spaces, ① and ㈱ (issue #22). Every other column is a value to parse
# (a number, a choice, a code), read with its width folded (cell_text, NFKC).
KEPT_COLUMNS = frozenset((
    "名称", "運営主体", "会場", "住所", "都道府県", "市区町村", "町字", "番地以下", "建物名",
    "連絡先", "曜日・頻度", "参加費の補足", "内容", "開所日", "開所時間", "開始時刻", "終了時刻",
    "休業日・備考",
))  # fmt: skip
# Kept columns the import writes onto the resource itself: compared as typed, so that a cell
# edited from 愛全園(従来型) to 愛全園（従来型） is an update. The others compare with widths
# folded: 運営主体 and 会場 name records found by matching.record_key, the venue's address is
# not rewritten by this import, and 曜日・頻度 comes back as our own wording.
EXACT_COLUMNS = frozenset(("名称", "内容"))


def fitted(text: str, limit: int, label: str, reasons: list[str]) -> str:
    """The text cut to a field's length; when cut, the whole text goes into the 要確認 reason
    (an import never drops what a cell said without a word)."""
    if len(text) <= limit:
        return text
    reasons.append(
        _("%(column)s: %(limit)d文字までしか入らないため、先頭を保存しました。全文:「%(text)s」")
        % {"column": label, "limit": limit, "text": text}
    )
    return text[:limit]


def typed_cell(value: Any) -> str:
    """A cell as typed: text kept (utils.text.as_typed), numbers and dates as cell_text."""
    return as_typed(value) if isinstance(value, str) else cell_text(value)


def cell_value(column: str, value: Any) -> str:
    return typed_cell(value) if column in KEPT_COLUMNS else cell_text(value)


# Characters that come back as another code point after a trip through Shift_JIS (cp932):
# 〜 (U+301C) returns as ～ (U+FF5E, NFKC "~"), − (U+2212) as － (NFKC "-"). Compared as typed,
# they are written as what cp932 gives back, and so are ‖ and — (‖ ∥, — ―).
CP932_ROUND_TRIP = str.maketrans({"\u301c": "~", "\u2212": "-"})
CP932_TYPED = str.maketrans(
    {"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225", "\u2014": "\u2015"}
)


def same(a: Any, b: Any, *, exact: bool = False) -> bool:
    """Equal as the sheet shows them; numbers compare as numbers (35.70 = 35.7). Widths are
    folded (NFKC) unless `exact`: then only the ends and line breaks may differ (as_typed)."""
    if exact:
        left, right = typed_cell(a).translate(CP932_TYPED), typed_cell(b).translate(CP932_TYPED)
    else:
        left = cell_text(a).translate(CP932_ROUND_TRIP)
        right = cell_text(b).translate(CP932_ROUND_TRIP)
    if left == right:
        return True
    try:
        return abs(float(left) - float(right)) < 1e-9
    except ValueError:
        return False


@dataclass
class Group:
    """The rows of one resource (one row per venue)."""

    key: str
    lines: list[int] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    resource: Resource | None = None
    kind: str = ""  # the kind the rows will be stored as ("" = not decided: a row error)
    # The file's own identifier of the resource (識別子) and the header it came from
    # (header_key), stored as a SourceId so that the next import of the file finds it.
    source: str = ""
    # What the import could not read, verbatim with the reason: stored as review_reason.
    review: list[str] = field(default_factory=list)
    # The user stated the file is facilities' published open data: its 電話番号 is the
    # venue's (or organisation's) public 代表電話, not a private contact's number.
    public_phone: bool = False
    # Found by its name and venues (no ID, no 識別子 stored): said on the preview row.
    matched_by_name: bool = False
    # Registered resources the rows may be (a similar name, or matched by name and venues
    # with other values), and the user's decision ("update:<pk>", "new", "skip", "" = none).
    candidates: list[Resource] = field(default_factory=list)
    decision: str = ""
    # Line → errors of a venue row saying something else of a venue than an earlier row.
    conflicts: dict[int, list[str]] = field(default_factory=dict)
    # changed_columns per resource pk: asked by the verdict, the suspect's summary and the
    # write, and the same until the group's review or kind changes (neither does after judge).
    changed: dict[int, list[str]] = field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def opening_read(self) -> opening.ParsedOpening | None:
        """The opening days and hours of other files' columns, parsed once (None: the rows
        are our sheet's 曜日・頻度, or say nothing of when)."""
        first = self.rows[0]
        return opening_of(first) if "曜日・頻度" not in first else None


class FlatImporter:
    kind = "resources_flat"
    title = cast(str, gettext_lazy("地域資源の取込（Excel・CSV）"))
    summary = cast(
        str,
        gettext_lazy(
            "地域資源の一覧（Excel・CSV、1行に地域資源と会場を1つ）を読み、"
            "新しい地域資源を登録し、登録済みの地域資源を更新します。"
        ),
    )
    permission = "import_data"
    extensions = (".xlsx", ".csv")
    help_text = cast(
        str,
        gettext_lazy(
            "1行に「地域資源×会場」を1つ（同じ資源の会場が複数なら同じIDか名称の行を続けて）。"
            "見出しから列を判断します（名称・運営主体・活動内容・会場・住所・曜日・頻度・参加費・定員・緯度・経度 など）。"
            "この画面の「書き出し」で作ったファイルは、そのまま直して取り込めます。"
        ),
    )

    column_synonyms = COLUMN_SYNONYMS
    choices = ("open_data",)
    # Rows that may be registered resources wait for the user's decision (core.imports).
    decides = True

    @property
    def value_options(self) -> dict[str, list[tuple[str, str]]]:
        """The 種類 of a row is never guessed (issue #22): a value of the file that is not one
        of ours, or a blank, is mapped by the user to one of these."""
        return {KIND: [(str(value), str(label)) for value, label in ResourceKind.choices]}

    def parse(
        self,
        data: bytes,
        municipality: Municipality,
        *,
        for_commit: bool = False,
        mapping: Mapping[str, str] | None = None,
        options: frozenset[str] = frozenset(),
        values: Mapping[str, Mapping[str, str]] | None = None,
        decisions: Mapping[int, str] | None = None,
    ) -> Preview:
        try:
            table, encoding = read_table(data, "")
        except CsvDecodeError as error:
            return Preview(file_errors=[str(error)])
        preview = Preview(encoding=encoding, summary_headers=(_("新規・更新"), _("変更・内容")))
        numbered = [
            (n, row) for n, row in enumerate(table, start=1) if any(cell_text(c) for c in row)
        ]
        if not numbered:
            preview.file_errors.append(_("ファイルが空です。"))
            return preview
        _first_line, header = numbered[0]
        match = match_columns(header, COLUMN_SYNONYMS, mapping=mapping, every_column=True)
        columns = {index: name for name, index in match.found.items()}
        preview.columns = [
            (cell_text(c), columns.get(i, "")) for i, c in enumerate(header) if cell_text(c)
        ]
        preview.column_choices = match.choosable
        preview.unread_columns = unread_with_samples(
            header, match.found.values(), (row for _line, row in numbered[1:])
        )
        preview.file_errors += match.conflicts
        if "名称" not in columns.values():
            preview.file_errors.append(
                _(
                    "「名称」の列が見つかりません。"
                    "下の「列の割り当て」で名称の列を選ぶか、見出しの行（1行目）に「名称」などの列名を入れてください。"
                )
            )
        if preview.file_errors:
            return preview
        groups = self.group_rows(numbered[1:], header, columns, preview)
        venue_conflicts(groups)
        source = header_key(match.headers.get(SOURCE, ""))
        by_source = source_matches(municipality, source, groups)
        # The registry's names, read once for both duplicate rules.
        registered = Resource.objects.filter(municipality=municipality).order_by("pk")
        names = list(registered.values_list("pk", "name"))
        by_name = name_matches(names, [g for g in groups if not g.rows[0].get("ID")])
        similar = similar_resources(names, groups, by_source, by_name)
        wanted = [
            *self.ids_of(groups, municipality), *by_source.values(), *by_name.values(),
            *(pk for pks in similar.values() for pk in pks),
        ]  # fmt: skip
        found = {r.pk: r for r in sheet_resources(municipality, wanted)}
        existing = {str(r.uuid): r for r in found.values()}
        kinds = (values or {}).get(KIND, {})
        undecided: dict[str, int] = {}
        if "電話番号" in columns.values():
            preview.choices.append(OPEN_DATA)
        for group in groups:
            group.source = source
            # Rows with our own ID come from our staff export, whose 電話番号 are private
            # contacts' numbers: never published, whatever the user ticked.
            group.public_phone = "open_data" in options and not group.rows[0].get("ID")
            value = group.rows[0].get(SOURCE, "")
            group.resource = existing.get(group.rows[0].get("ID", ""))
            if group.resource is None and value in by_source:
                group.resource = found.get(by_source[value])
            if group.resource is None and group.key in by_name:
                group.resource = found.get(by_name[group.key])
                group.matched_by_name = True
            group.candidates = [found[pk] for pk in similar.get(group.key, []) if pk in found]
            group.decision = (decisions or {}).get(group.lines[0], "")
            owner = by_source.get(value)
            if owner is not None and group.resource is not None and owner != group.resource.pk:
                # Matched by our ID, while the file's id names another resource: not moved.
                group.review.append(source_taken(value, found.get(owner)))
            group.kind = kind_for(group, kinds)
            if kind_is_mapped(group):
                written = group.rows[0].get(KIND, "")
                undecided[written] = undecided.get(written, 0) + len(group.lines)
            preview.rows.extend(self.judge(group))
        preview.value_choices = value_choices(KIND, undecided, kinds)
        return preview

    def group_rows(
        self, rows: list, header: list[Any], mapping: dict[int, str], preview: Preview
    ) -> list[Group]:
        header_words = {name: header_key(cell_text(header[i])) for i, name in mapping.items()}
        groups: dict[str, Group] = {}
        seen: dict[tuple, int] = {}
        named_after: list[int] = []
        for line, row in rows:
            values = {
                name: cell_value(name, row[i]) if i < len(row) else ""
                for i, name in mapping.items()
            }
            if values.get("名称") and all(
                header_key(v) == header_words[k] for k, v in values.items()
            ):
                continue  # a repeated header row (e.g. printed on each page)
            signature = tuple(sorted(values.items()))
            if signature in seen:
                preview.notes.append(
                    _("%(line)d行目は%(same)d行目と同じ内容のため読み飛ばしました。")
                    % {"line": line, "same": seen[signature]}
                )
                continue
            seen[signature] = line
            if venue_from_address(values):
                named_after.append(line)
            # Rows of one resource: by our ID, the file's own 識別子, or the name (愛全園（従来型）
            # and 愛全園(従来型) are one).
            key = (
                values.get("ID")
                or (values.get(SOURCE) and SOURCE + ":" + values[SOURCE])
                or "名称:" + record_key(values.get("名称", ""))
            )
            group = groups.setdefault(key, Group(key=key))
            group.lines.append(line)
            group.rows.append(values)
        if named_after:
            preview.notes.append(
                _(
                    "会場名のない行（%(lines)s行目）は、住所・位置のある会場を"
                    "地域資源の名称で登録します（後で画面で名前を直せます）。"
                )
                % {"lines": "、".join(str(n) for n in named_after[:10])}
            )
        return list(groups.values())

    @staticmethod
    def ids_of(groups: list[Group], municipality: Municipality) -> list[int]:
        keys = []
        for g in groups:
            try:
                keys.append(uuid.UUID(g.key))
            except ValueError:
                continue
        return list(
            Resource.objects.filter(municipality=municipality, uuid__in=keys).values_list(
                "pk", flat=True
            )
        )

    def judge(self, group: Group) -> list[PreviewRow]:
        """The group's verdict (a possible duplicate waits for the user's decision)."""
        first = group.rows[0]
        row = PreviewRow(line=group.lines[0], label=first.get("名称") or _("（名称なし）"))
        others = [
            PreviewRow(line=n, label=_("（%(name)sの会場）") % {"name": row.label})
            for n in group.lines[1:]
        ]
        row.errors += kind_errors(group) + check_values(first) + group.conflicts.get(row.line, [])
        for extra, values in zip(others, group.rows[1:], strict=True):
            # A further venue row of the same resource must not say something else about it.
            extra.errors += (
                check_values(values)
                + group.conflicts.get(extra.line, [])
                + [
                    _(
                        "%(column)s: 「%(value)s」が同じ地域資源の%(line)d行目（「%(first)s」）と違います。"
                    )
                    % {
                        "column": column,
                        "value": values[column],
                        "line": row.line,
                        "first": first[column],
                    }
                    for column in RESOURCE_COLUMNS
                    if column not in ("ID", "名称")
                    and column in values
                    and not same(values[column], first.get(column, ""))
                ]
            )
        if first.get("ID") and group.resource is None:
            row.errors.append(
                _("ID「%(id)s」の地域資源はこの市町村にありません（別の市町村のファイルでは？）。")
                % {"id": first["ID"]}
            )
        if row.errors or any(o.errors for o in others):
            return [row, *others]
        # The review compares the rows with the resource they update: for a similar name,
        # the one the user chose (suspect_of sets it), so it is decided first.
        given = list(group.review)
        if not group.matched_by_name:
            row.suspect = suspect_of(group)
        group.review = given + review_reasons(group)
        notes = []
        if group.matched_by_name and not changed_columns(group):
            notes.append(_("名称と会場が登録済みの地域資源と同じため、その資源として読みます。"))
        elif group.matched_by_name:
            # The duplicate rule's one match (same name, same venues) with other values: an
            # update unless the user says otherwise; shown side by side so they can.
            matched = group.resource
            assert matched is not None
            group.candidates = [matched]
            if not group.decision:
                group.decision = f"{UPDATE}{matched.pk}"
                notes.append(
                    _(
                        "名称と会場が登録済みの地域資源と同じため、その資源の更新として読みます"
                        "（別のものなら下の表で選び直せます）。"
                    )
                )
            row.suspect = suspect_of(group)
            if group.resource is not matched:  # new or left out: reviewed as a new resource
                group.review = given + review_reasons(group)
        if group.review:
            notes.append(_("要確認: %(reasons)s") % {"reasons": " ".join(group.review)})
        row.note = " ".join(notes)
        if row.suspect is not None:
            row.summary = suspect_summary(group)
        elif group.resource is None:
            row.summary = (_("新規"), when_cell(first))
        else:
            changes = changed_columns(group)
            row.summary = (
                _("変更なし") if not changes else _("更新"),
                "、".join(changes) if changes else "—",
            )
        row.payload = group
        row.details = stored_values(group)
        for extra in others:
            extra.summary = (_("（同じ資源の会場）"), extra.label)
            extra.payload = None
        return [row, *others]

    def payload_to_json(self, payload: Group) -> dict[str, Any]:
        """A group as JSON for the kept preview (core/imports.py); its resource by id."""
        return {
            "key": payload.key,
            "lines": payload.lines,
            "rows": payload.rows,
            "resource": pk_to_json(payload.resource),
            "kind": payload.kind,
            "source": payload.source,
            "review": payload.review,
            "public_phone": payload.public_phone,
            "matched_by_name": payload.matched_by_name,
            "decision": payload.decision,
        }

    def payloads_from_json(self, items: list[Any], municipality: Municipality) -> list[Group]:
        wanted = [item["resource"] for item in items if item["resource"] is not None]
        # As parse reads them: with everything the comparison and the write look at.
        ours = Resource.objects.filter(municipality=municipality)
        resources = records_by_pk(with_full_record(ours), wanted)
        return [
            Group(
                key=json_str(item["key"]),
                lines=json_ints(item["lines"]),
                rows=[json_str_map(row) for row in item["rows"]],
                resource=None if item["resource"] is None else resources[item["resource"]],
                kind=json_str(item["kind"]),
                source=json_str(item["source"]),
                review=json_strs(item["review"]),
                public_phone=item["public_phone"] is True,
                matched_by_name=item["matched_by_name"] is True,
                decision=json_str(item["decision"]),
            )
            for item in items
        ]

    def write(
        self, rows: list[PreviewRow], *, municipality: Municipality, user: Any, batch: Any
    ) -> int:
        groups = [r.payload for r in rows if isinstance(r.payload, Group)]
        with transaction.atomic():
            todo = [g for g in groups if g.resource is None or changed_columns(g)]
            organizations = missing_organizations_created(municipality, user, todo, batch)
            venues = missing_venues_created(municipality, user, todo, batch)
            batch.record("updated", venues_updated(municipality, user, todo, venues, batch))
            new_items, new_groups, written = [], [], []
            for group in todo:
                data = resource_input(group, venues, organizations)
                if group.resource is None:
                    new_items.append(data)
                    new_groups.append(group)
                else:
                    services.resource_save(
                        municipality=municipality, user=user, data=data, resource=group.resource
                    )
                    batch.record("updated", [group.resource])
                    written.append((group, group.resource))
            created = services.resources_bulk_create(
                municipality=municipality, user=user, items=new_items
            )
            batch.record("created", created)
            written += zip(new_groups, created, strict=True)
            batch.record("created", source_ids_created(municipality, user, groups, written, batch))
            batch.record("created", contacts_written(user, written, batch))
        return len(todo)


OPEN_DATA = ImportChoice(
    "open_data",
    cast(str, gettext_lazy("このファイルは施設が公表しているオープンデータです")),
    cast(
        str,
        gettext_lazy(
            "電話番号を、会場（なければ運営主体）の代表電話として住民向けページに載せます"
            "（出典としてファイル名と取込日を記録）。個人宅の会場・住民個人の運営主体には載せず、"
            "非公開の連絡先として登録します。チェックしなければ、電話番号はすべて非公開の連絡先です。"
        ),
    ),
)


def source_ids_created(
    municipality: Municipality,
    user: Any,
    groups: list[Group],
    written: list[tuple[Group, Resource]],
    batch: Any,
) -> list[SourceId]:
    """The file's ids (識別子) of the resources written, those not stored yet (an id stored on
    another resource stays there: the preview said so)."""
    by_group = {id(group): resource for group, resource in written}
    for group in groups:
        if group.resource is not None:
            by_group.setdefault(id(group), group.resource)
    wanted = {
        group.rows[0][SOURCE]: by_group[id(group)]
        for group in groups
        if group.source and group.rows[0].get(SOURCE) and id(group) in by_group
    }
    source = next((g.source for g in groups if g.source), "")
    stored = set(
        SourceId.objects.filter(
            municipality=municipality, source=source, value__in=wanted
        ).values_list("value", flat=True)
    )
    new = [
        SourceId(municipality=municipality, resource=resource, source=source, value=value[:100],
                 origin=batch.original_name[:255])
        for value, resource in wanted.items()
        if value not in stored
    ]  # fmt: skip
    return insert_with_history(new, user=user)


def contacts_written(user: Any, written: list[tuple[Group, Resource]], batch: Any) -> list[Contact]:
    """Every phone, e-mail and contact person of the rows stored (issue #22): as a private
    Contact (one per resource: a new one, or the only one it has, updated), or the phone as
    the public 代表電話 of the venue or organisation when the user stated the file is open data
    of facilities. A resource with several contacts is left to the screen (review_reason)."""
    made: list[Contact] = []
    source = phone_source(_("施設の公開データ（%(file)s、%(day)s取込）"), batch.original_name)
    for group, resource in written:
        first = group.rows[0]
        phone = first.get("電話番号", "")
        if group.public_phone and phone and public_phone_saved(resource, phone, source, user):
            phone = ""
        name, email = first.get("連絡先", ""), first.get("メール", "")
        if email and not email_is_valid(email):
            email = ""
        if not (name or phone or email):
            continue
        contacts = list(resource.contacts.all()) if group.resource is not None else []
        if not contacts:
            made.append(
                Contact(resource=resource, name=name or _("問い合わせ先"), phone=phone, email=email)
            )
        elif len(contacts) == 1 and contact_cells_changed(group):
            values: dict[str, Any] = {
                "name": name or contacts[0].name, "phone": phone, "email": email,
            }  # fmt: skip
            columns = {"name": "連絡先", "phone": "電話番号", "email": "メール"}
            kept = {k: v for k, v in values.items() if columns[k] in first}
            services.contact_save(user=user, contact=contacts[0], **kept)
    return insert_with_history(made, user=user)


def phone_source(template: str, file_name: str) -> str:
    """Where a public 代表電話 was taken from: the file, on the day of the import (template
    with %(file)s and %(day)s), cut to the field's 255 characters."""
    day = to_wareki(timezone.localdate())
    return (template % {"file": file_name, "day": day})[:255]


def public_phone_saved(resource: Resource, phone: str, source: str, user: Any) -> bool:
    """Store `phone` as the public 代表電話 of the resource's first venue, or else of its
    organisation; never of a 個人宅 or a 住民個人 (False: it stays a private contact)."""
    venue = first_venue(resource)
    target: Location | Organization | None = None
    if venue is not None and not venue.is_private_home:
        target = venue
    elif (
        resource.organization is not None
        and resource.organization.type != OrganizationType.RESIDENT
    ):
        target = resource.organization
    if target is None:
        return False
    if target.phone != phone:
        values: dict[str, Any] = {"phone": phone[:30], "phone_source": source}
        if isinstance(target, Location):
            services.location_save(
                municipality=resource.municipality, user=user, location=target, **values
            )
        else:
            services.organization_save(
                municipality=resource.municipality, user=user, organization=target, **values
            )
    return True


def email_is_valid(text: str) -> bool:
    try:
        EmailValidator()(text)
    except ValidationError:
        return False
    return True


def contact_cells_changed(group: Group) -> list[str]:
    """The contact columns the file has whose cells differ from the resource's contacts as our
    export writes them (the phone compared with the public 代表電話 instead, for open data)."""
    assert group.resource is not None
    first = group.rows[0]
    current = dict(
        zip(("連絡先", "電話番号", "メール"), contact_cells(group.resource), strict=True)
    )
    if group.public_phone:
        current["電話番号"] = public_phone_of(group.resource) or current["電話番号"]
    return [c for c, value in current.items() if c in first and not same(first[c], value)]


def first_venue(resource: Resource) -> Location | None:
    return next((link.location for link in resource.service_locations.all()), None)


def public_phone_of(resource: Resource) -> str:
    venue = first_venue(resource)
    if venue is not None and venue.phone:
        return venue.phone
    return resource.organization.phone if resource.organization else ""


def missing_organizations_created(
    municipality: Municipality, user: Any, groups: list[Group], batch: Any
) -> dict[str, Organization]:
    """Every organisation named in the groups, creating the unknown ones in one bulk insert."""
    known, created = services.records_by_name(
        Organization, municipality=municipality, user=user,
        names=[g.rows[0]["運営主体"] for g in groups if g.rows[0].get("運営主体")],
        make=lambda name: Organization(name=name, type=OrganizationType.OTHER),
    )  # fmt: skip
    batch.record("created", created)
    return known


# Shown on the preview as 「読み取った値」 without these: the preview is no view of contacts'
# personal data (issue #21, tests/test_import_preview_personal.py).
CONTACT_COLUMNS = frozenset(("連絡先", "電話番号", "メール"))


def stored_values(group: Group) -> list[tuple[str, str]]:
    """What the group's first row will store, field by field, for the preview: the cells as
    read (a kind mapped from the file's word shown as both), the venue of each row."""
    first = group.rows[0]
    kinds = dict(ResourceKind.choices)
    shown: list[tuple[str, str]] = []
    for column, cell in first.items():
        if not cell or column in CONTACT_COLUMNS:
            continue
        if column == KIND and group.kind and kinds.get(group.kind) != cell:
            cell = f"{cell} → {kinds[group.kind]}"
        shown.append((column, cell))
    if KIND not in first and group.kind:
        shown.append((KIND, str(kinds[group.kind])))
    if group.public_phone and first.get("電話番号"):
        shown.append((_("代表電話（公開）"), first["電話番号"]))
    return shown


def venue_conflicts(groups: list[Group]) -> None:
    """A venue is one place: every row naming it (by record_key) must give the same venue
    cells as the first one, or the rows would move it back and forth (and a re-import would
    always find a change). The later rows get the error, naming the first."""
    first: dict[str, tuple[int, dict[str, str]]] = {}
    for group in groups:
        for line, values in zip(group.lines, group.rows, strict=True):
            if not values.get("会場") or check_venue(values):
                continue  # a position with its own error is no reference (the error says why)
            cells = {c: values[c] for c in (*VENUE_FIELDS, "住所") if c in values}
            seen = first.setdefault(record_key(values["会場"]), (line, cells))
            if seen[0] == line:
                continue
            errors = [
                _(
                    "会場「%(venue)s」の%(column)s: 「%(value)s」が%(line)d行目（「%(first)s」）と"
                    "違います。同じ会場は同じ内容にしてください。"
                )
                % {"venue": values["会場"], "column": column, "value": cell, "line": seen[0],
                   "first": seen[1].get(column, "")}
                for column, cell in cells.items()
                if not same(cell, seen[1].get(column, ""))
            ]  # fmt: skip
            if errors:
                group.conflicts[line] = errors


def venues_updated(
    municipality: Municipality,
    user: Any,
    groups: list[Group],
    venues: dict[str, Location],
    batch: Any,
) -> list[Location]:
    """Registered venues whose cells the rows changed (the preview listed them as
    「会場「…」の緯度」 and so on), each saved once through the service (history, placing)."""
    created = {
        pk
        for label, pks in batch.written.get("created", [])
        for pk in pks
        if label == "resources.location"
    }
    updated: dict[int, Location] = {}
    for group in groups:
        for values in group.rows:
            location = venues.get(values.get("会場", ""))
            if location is None or location.pk in created or location.pk in updated:
                continue
            fields = venue_update(values, location)
            if fields:
                updated[location.pk] = services.location_save(
                    municipality=municipality, user=user, location=location, **fields
                )
    return list(updated.values())


def missing_venues_created(
    municipality: Municipality, user: Any, groups: list[Group], batch: Any
) -> dict[str, Location]:
    """Every venue named in the groups, creating the unknown ones (placed) in one bulk insert,
    each from the first row that names it."""
    first: dict[str, dict[str, str]] = {}
    for group in groups:
        for values in group.rows:
            if values.get("会場"):
                first.setdefault(values["会場"], values)
    known, created = services.records_by_name(
        Location, municipality=municipality, user=user, names=first,
        make=lambda name: Location(**venue_values(first[name])),
    )  # fmt: skip
    batch.record("created", created)
    return known


def check_values(values: dict[str, str]) -> list[str]:
    errors = []
    if not values.get("名称"):
        errors.append(_("名称: 空欄です。"))
    if values.get("状態") and label_value(ResourceStatus, values["状態"]) is None:
        errors.append(
            _("状態: 「%(value)s」は選べる状態にありません。") % {"value": values["状態"]}
        )
    for column, choices in (
        ("活動内容", Activity),
        ("生活支援の種類", SupportType),
        ("対象", TargetGroup),
    ):
        for word in split_list(values.get(column, ""), choices):
            if label_value(choices, word) is None:
                errors.append(
                    _("%(column)s: 「%(word)s」は選べる項目にありません。")
                    % {"column": column, "word": word}
                )
    for column in ("定員",):
        if values.get(column) and not values[column].isdecimal():
            errors.append(
                _("%(column)s: 「%(value)s」は数として読み取れません。")
                % {"column": column, "value": values[column]}
            )
    for column in FACT_COLUMNS:
        if values.get(column) and fact_value(values[column]) is None:
            errors.append(
                _("%(column)s: 「%(value)s」は「あり」「なし」か空欄（不明）で入力してください。")
                % {"column": column, "value": values[column]}
            )
    fee = values.get("参加費", "")
    if fee and fee != "無料" and not re.fullmatch(r"\d+円?", fee.replace(",", "")):
        errors.append(
            _("参加費: 「%(fee)s」は「無料」か金額（例: 300）で入力してください。") % {"fee": fee}
        )
    return errors + check_venue(values)


def fact_value(text: str) -> bool | None:
    """あり → True, なし → False, blank or unreadable → None (unknown)."""
    return FACT_WORDS.get(header_key(text)) if text else None


def check_venue(values: dict[str, str]) -> list[str]:
    return coordinate_errors(values.get("緯度", ""), values.get("経度", ""), detect_swap=True)


def split_list(text: str, choices: Any) -> list[str]:
    """「体操、茶話会」「体操・茶話会」「体操/茶話会」; labels with ・ inside (外出・移動) stay whole."""
    words = []
    for piece in (w.strip() for w in LIST_SEPARATORS.split(text) if w.strip()):
        if label_value(choices, piece) is not None:
            words.append(piece)
        else:
            words += [w.strip() for w in piece.split("・") if w.strip()]
    return words


def label_value(choices: Any, text: str) -> str | None:
    """The choice a cell names, by its label, its value or its label without the （…） part."""
    return choice_keys(choices).get(header_key(text))


@functools.cache
def choice_keys(choices: Any) -> dict[str, str]:
    keys: dict[str, str] = {}
    for value, label in reversed(choices.choices):  # the first choice wins a shared key
        for key in (
            header_key(value),
            header_key(str(label).split("（")[0]),
            header_key(str(label)),
        ):
            keys[key] = str(value)
    return keys


KIND = "種類"


def kind_is_mapped(group: Group) -> bool:
    """Whether the group's kind comes from the value mapping: its 種類 cell names none of
    ours (by label or code), and it is not a registered resource with the cell left blank
    (which keeps its kind)."""
    written = group.rows[0].get(KIND, "")
    if written:
        return label_value(ResourceKind, written) is None
    return group.resource is None


def kind_for(group: Group, chosen: Mapping[str, str]) -> str:
    """The kind the group is stored as; "" = not decided (the value mapping has no choice for
    its value; the blank value "" stands for a file without the column too)."""
    written = group.rows[0].get(KIND, "")
    if kind_is_mapped(group):
        return chosen.get(column_key(written), "")
    if written:
        return label_value(ResourceKind, written) or ""
    assert group.resource is not None
    return group.resource.kind


def kind_errors(group: Group) -> list[str]:
    if group.kind:
        return []
    written = group.rows[0].get(KIND, "")
    if not written:
        return [
            _(
                "種類: 空欄です。「値の割り当て」の「（空欄・列なし）」で、"
                "種類を書いていない行をどの種類として取り込むか選んでください。"
            )
        ]
    return [
        _(
            "種類: 「%(value)s」をどの種類として取り込むか決まっていません"
            "（「値の割り当て」で選んでください）。"
        )
        % {"value": written}
    ]


def changed_columns(group: Group) -> list[str]:
    """The columns whose cells differ from what our export writes for the current record.
    Their names only, never the values: the preview then shows no contact's name, phone or
    e-mail and is no view of personal data for the access log (issue #21; pinned by
    tests/test_import_preview_personal.py). Showing them would need a record_personal_access."""
    resource = group.resource
    assert resource is not None
    if resource.pk not in group.changed:
        group.changed[resource.pk] = columns_changed(group, resource)
    return group.changed[resource.pk]


def columns_changed(group: Group, resource: Resource) -> list[str]:
    columns = dict(zip(RESOURCE_COLUMNS, resource_cells(resource), strict=True))
    first = group.rows[0]
    # 種類 by what it is stored as: a file's own word mapped to our kind is no change.
    changes = [KIND] if group.kind and group.kind != resource.kind else []
    changes += [
        c
        for c in RESOURCE_COLUMNS
        if c != KIND and c in first and not same(first[c], columns[c], exact=c in EXACT_COLUMNS)
    ]
    changes += contact_cells_changed(group)
    if url_written(first) not in (None, resource.url):
        changes.append("ホームページ")
    if group.opening_read is not None:
        wanted = [scheduling.describe(spec) for spec in schedules_of(group, None)]
        if wanted != [scheduling.describe(scheduling.spec_of(s)) for s in resource.schedules.all()]:
            changes.append(_("開所日・時間"))
    if group.review and "\n".join(group.review) != resource.review_reason:
        changes.append(_("要確認の理由"))
    if "内容" in first and not same(first["内容"], resource.description, exact=True):
        changes.append("内容")
    # Venues by record_key, as missing_venues_created finds them: a venue stored by an
    # earlier import as ひだまり サロン is the one a cell ひだまり　サロン names.
    links = {record_key(link.location.name): link for link in resource.service_locations.all()}
    # A row without a venue (a resource meeting nowhere yet) names none: no change.
    names = [record_key(values["会場"]) for values in group.rows if values.get("会場")]
    if "会場" in first and sorted(names) != sorted(links):
        changes.append("会場")
    for values in group.rows:
        link = links.get(record_key(values.get("会場", "")))
        if link is None:
            continue
        changes += [
            _("会場「%(venue)s」の%(column)s") % {"venue": link.location.name, "column": column}
            for column in venue_changes(values, link.location)
        ]
    return changes


# The venue's columns in our sheet and the field each is stored in (住所 of other files: the
# street, when the file has no 町字 column).
VENUE_FIELDS = {
    "会場の種類": "venue_type", "郵便番号": "postal_code", "都道府県": "prefecture",
    "市区町村": "city", "町字": "town_text", "番地以下": "street", "建物名": "building",
    "緯度": "latitude", "経度": "longitude",
}  # fmt: skip


def venue_changes(values: Mapping[str, str], location: Location) -> dict[str, Any]:
    """Column → new value, for the venue columns the row has whose cells differ from the
    registered venue (a blank cell clears the field). The same comparison decides what the
    preview calls a change and what the commit writes, so a re-import finds nothing left."""
    current = dict(
        zip(VENUE_COLUMNS, venue_cells(ServiceAtLocation(location=location)), strict=True)
    )
    if "住所" in values and "町字" not in values and "番地以下" not in values:
        current["住所"] = location.street
    changed: dict[str, Any] = {}
    for column, cell in values.items():
        if column in current and column != "会場" and not same(cell, current[column]):
            changed[column] = cell
    return changed


def venue_update(values: Mapping[str, str], location: Location) -> dict[str, Any]:
    """The fields to save on a registered venue for the row's changed cells."""
    fields: dict[str, Any] = {}
    for column, cell in venue_changes(values, location).items():
        if column == "会場の種類":
            fields["venue_type"] = label_value(VenueType, cell) or VenueType.OTHER
        elif column in ("緯度", "経度"):
            fields[VENUE_FIELDS[column]] = float(cell) if cell else None
        elif column == "住所":
            fields["street"] = cell[:100]
        else:
            fields[VENUE_FIELDS[column]] = cell
    return fields


def resource_input(
    group: Group, venues: dict[str, Location], organizations: dict[str, Organization]
) -> services.ResourceInput:
    """What the group's rows say, as input for the same services the screens use. A column
    the file does not have leaves that part of a registered resource as it is (a facility
    list without 定員 or 会場 read again by its 識別子 must not empty them)."""
    first = group.rows[0]
    resource = group.resource
    data = services.input_of(resource) if resource is not None else None
    fee = first.get("参加費", "").replace(",", "").rstrip("円")
    fields: dict[str, Any] = {
        name: fact_value(first[column]) for column, name in FACT_COLUMNS.items() if column in first
    }
    if "状態" in first or resource is None:
        fields["status"] = label_value(ResourceStatus, first.get("状態", "")) or (
            resource.status if resource else ResourceStatus.ACTIVE
        )
    if "参加費" in first or resource is None:
        fields.update(fee_free=fee == "無料", fee_amount=int(fee) if fee.isdecimal() else None)
    if "定員" in first or resource is None:
        fields["capacity"] = int(first["定員"]) if first.get("定員", "").isdecimal() else None
    if "公開" in first or resource is None:
        fields["is_public"] = first.get("公開", "公開") != "非公開"
    if (url := url_written(first)) is not None:
        fields["url"] = url
    if group.review:
        fields["review_reason"] = "\n".join(group.review)

    def tags(column: str, choices: Any, current: Sequence[str]) -> list[str]:
        if column not in first and data is not None:
            return list(current)
        return [label_value(choices, w) for w in split_list(first.get(column, ""), choices)]  # type: ignore[misc]

    locations = [venues[values["会場"]] for values in group.rows if values.get("会場")]
    return services.ResourceInput(
        name=first["名称"], kana=first.get("ふりがな", data.kana if data else ""), kind=group.kind,
        description=first.get("内容", data.description if data else ""),
        organization=organizations.get(first.get("運営主体", "")) if "運営主体" in first or data is None else data.organization,
        activities=tags("活動内容", Activity, data.activities if data else ()),
        support_types=tags("生活支援の種類", SupportType, data.support_types if data else ()),
        target_groups=tags("対象", TargetGroup, data.target_groups if data else ()),
        primary_activity=data.primary_activity if data and "活動内容" not in first else "",
        schedules=schedules_of(group, data), fields=fields,
        locations=locations if "会場" in first or data is None else data.locations,
    )  # fmt: skip


def schedules_of(
    group: Group, data: services.ResourceInput | None
) -> Sequence[scheduling.ScheduleSpec]:
    """The schedules the rows say: 曜日・頻度 (our sheet's column, strictly read), else the
    opening days and hours of other files (opening.parse_opening); what cannot be read is kept
    as the note of a 不定期 schedule (and in review_reason). Without either, unchanged."""
    first = group.rows[0]
    current = data.schedules if data is not None else ()
    if "曜日・頻度" in first:
        text = first["曜日・頻度"]
        if group.resource is not None and same(text, resource_cells(group.resource)[12]):
            return current
        return [parsed_schedule(part) for part in text.split("／") if part.strip()]
    parsed = group.opening_read
    if parsed is None:
        return current
    # What was read is typed; the pieces left over are in review_reason, verbatim.
    return list(parsed.specs) or [unread_opening(first)]


def unread_opening(values: Mapping[str, str]) -> scheduling.ScheduleSpec:
    return scheduling.ScheduleSpec(pattern="irregular", note=opening_text(values)[:200])


SOURCE = "識別子"
OPENING_COLUMNS = ("開所日", "開所時間", "開始時刻", "終了時刻", "休業日・備考")
# Columns that place a venue even when the file names none (a facility list has no 会場名).
PLACE_COLUMNS = ("住所", "郵便番号", "町字", "番地以下", "緯度", "経度", "位置（緯度,経度）")


def source_matches(municipality: Municipality, source: str, groups: list[Group]) -> dict[str, int]:
    """The file's ids (識別子) already stored for this source: value → resource id."""
    values = {g.rows[0][SOURCE] for g in groups if g.rows[0].get(SOURCE)}
    if not source or not values:
        return {}
    stored = SourceId.objects.filter(municipality=municipality, source=source, value__in=values)
    return dict(stored.values_list("value", "resource_id"))


def name_matches(names: list[tuple[int, str]], groups: list[Group]) -> dict[str, int]:
    """Group key → the registered resource it is, by the duplicate rule a re-import needs:
    the same name (matching.record_key) and the same venues, and only one such resource. So
    a list without ids read again finds its records instead of doubling the registry (issue
    #22). A resource sharing only the name stays new, marked 重複の疑い on the preview."""
    keys: dict[str, list[Group]] = {}
    for group in groups:
        keys.setdefault(record_key(group.rows[0].get("名称", "")), []).append(group)
    if not keys:
        return {}
    candidates: dict[str, list[int]] = {}
    for pk, name in names:
        if (key := record_key(name)) in keys:
            candidates.setdefault(key, []).append(pk)
    venues: dict[int, list[str]] = {pk: [] for pks in candidates.values() for pk in pks}
    links = ServiceAtLocation.objects.filter(resource_id__in=venues)
    for pk, venue in links.values_list("resource_id", "location__name"):
        venues[pk].append(record_key(venue))
    found = {}
    for key, named in keys.items():
        for group in named:
            wanted = sorted(record_key(v["会場"]) for v in group.rows if v.get("会場"))
            same_place = [pk for pk in candidates.get(key, []) if sorted(venues[pk]) == wanted]
            if len(same_place) == 1:
                found[group.key] = same_place[0]
    return found


def similar_resources(
    names: list[tuple[int, str]],
    groups: list[Group],
    by_source: Mapping[str, int],
    by_name: Mapping[str, int],
) -> dict[str, list[int]]:
    """Group key → the registered resources it may be (at most three, the same name first),
    for the groups that name no ID and were found neither by their 識別子 nor by their name
    and venues: each is shown beside them and waits for the user's decision."""
    index = duplicates.NameIndex(names)
    found = {}
    for group in groups:
        first = group.rows[0]
        if first.get("ID") or first.get(SOURCE, "") in by_source or group.key in by_name:
            continue
        similar = index.similar_records(first.get("名称", ""))
        if similar:
            found[group.key] = [pk for pk, _name in similar[:3]]
    return found


# The fields shown side by side for a suspect row: the file's and each candidate's.
SUSPECT_FIELDS = ("名称", "種類", "運営主体", "会場", "住所", "曜日・頻度")


def suspect_of(group: Group) -> Suspect | None:
    """The side-by-side comparison of a group with the resources it may be; the group then
    updates the candidate the user chose, or none (new, skipped or not decided)."""
    if not group.candidates:
        return None
    first = group.rows[0]
    cells = (
        first.get("名称", ""), ResourceKind(group.kind).label if group.kind else first.get(KIND, ""),
        first.get("運営主体", ""), "、".join(v["会場"] for v in group.rows if v.get("会場")),
        address_in_file(first), first.get("曜日・頻度", "") or opening_text(first),
    )  # fmt: skip
    suspect, group.resource = decided_suspect(cells, group.candidates, group.decision)
    return suspect


def decided_suspect(
    cells: Sequence[Any], candidates: list[Resource], decision: str
) -> tuple[Suspect, Resource | None]:
    """A row (its SUSPECT_FIELDS as read) beside the resources it may be, carrying the user's
    decision when it is one of the row's choices (a forged or stale one decides nothing); and
    the resource to update, None when the row is new, skipped or not decided."""
    chosen = {f"{UPDATE}{resource.pk}": resource for resource in candidates}
    suspect = Suspect(
        SUSPECT_FIELDS,
        tuple(str(cell) for cell in cells),
        [Candidate(value, r.name, registered_cells(r)) for value, r in chosen.items()],
    )
    if decision in suspect.choices:
        suspect.decision = decision
    return suspect, chosen.get(suspect.decision)


def suspect_summary(group: Group) -> tuple[str, str]:
    if group.resource is not None:
        changes = changed_columns(group)
        verdict = _("更新") if group.matched_by_name else _("更新（選択）")
        return (verdict, "、".join(changes) if changes else "—")
    verdict = suspect_verdict(group.decision)
    return (verdict, "—" if group.decision == SKIP else when_cell(group.rows[0]))


def suspect_verdict(decision: str) -> str:
    """The 判定 of a suspect row that updates nothing: new, skipped or still to decide."""
    if decision == NEW:
        return _("新規（選択）")
    if decision == SKIP:
        return _("取り込まない（選択）")
    # The candidates' names are in the table beside the row: the verdict column stays narrow.
    return _("重複の疑い（選んでください）")


def when_cell(first: Mapping[str, str]) -> str:
    """曜日・頻度 (or the opening hours) for the preview's narrow column; the whole text is
    under 「読み取った値」."""
    when = first.get("曜日・頻度", "") or opening_text(first)
    return when if len(when) <= 24 else when[:24] + "…"


def address_in_file(values: Mapping[str, str]) -> str:
    return values.get("住所") or "".join(
        values.get(column, "") for column in ("町字", "番地以下", "建物名")
    )


def registered_cells(resource: Resource) -> tuple[str, ...]:
    """SUSPECT_FIELDS of a registered resource, a private home's address left out (the
    preview is no view of personal data: resources.personal)."""
    links = list(resource.service_locations.all())
    venue = venue_for(links[0].location, personal=False) if links else None
    address = "".join((venue.town_text, venue.street, venue.building)) if venue else ""
    return (
        resource.name, resource.get_kind_display(),
        resource.organization.name if resource.organization else "",
        "、".join(link.location.name for link in links), address,
        " ／ ".join(scheduling.describe(scheduling.spec_of(s)) for s in resource.schedules.all()),
    )  # fmt: skip


def source_taken(value: str, owner: Resource | None) -> str:
    return _(
        "識別子: 「%(value)s」は既に別の地域資源（%(name)s）に付いているため、"
        "この地域資源には記録していません。"
    ) % {"value": value, "name": owner.name if owner else "?"}


def venue_from_address(values: dict[str, str]) -> bool:
    """Fill what a row implies: 緯度・経度 from one 「35.7,139.4」 cell, and a venue named after
    the resource when the row places one (address, postal code or position) without a 会場
    name, so nothing of it is dropped (issue #22). True when the venue was named so."""
    position = values.get("位置（緯度,経度）", "")
    found = split_position(position) if position else None
    if found and not (values.get("緯度") or values.get("経度")):
        values["緯度"], values["経度"] = found
    if values.get("会場") or not values.get("名称"):
        return False
    if (
        any(values.get(column) for column in PLACE_COLUMNS if column != "位置（緯度,経度）")
        or found
    ):
        values["会場"] = values["名称"]
        return True
    return False


def opening_hours(values: Mapping[str, str]) -> str:
    """開所時間, or 開始時刻〜終了時刻 from two columns."""
    return values.get("開所時間", "") or "〜".join(
        v for v in (values.get("開始時刻", ""), values.get("終了時刻", "")) if v
    )


def opening_text(values: Mapping[str, str]) -> str:
    """The opening columns as one text (how they are shown and kept when not read)."""
    parts = (values.get("開所日", ""), opening_hours(values), values.get("休業日・備考", ""))
    return " ".join(part for part in parts if part)


def opening_of(values: Mapping[str, str]) -> opening.ParsedOpening | None:
    """The opening days, hours and closures read (None: the file has none of them)."""
    if not any(values.get(column) for column in OPENING_COLUMNS):
        return None
    return opening.parse_opening(
        values.get("開所日", ""), opening_hours(values), values.get("休業日・備考", "")
    )


def url_written(values: Mapping[str, str]) -> str | None:
    """The homepage the row sets: its URL, "" for a blank cell (cleared), None when the file
    has no such column or the cell is not a URL (then kept as it was, and 要確認)."""
    if "ホームページ" not in values:
        return None
    text = values["ホームページ"]
    return text if not text or url_is_valid(text) else None


def url_is_valid(text: str) -> bool:
    """A web address a resource can store (http/https, within Resource.url's length): every
    resource import reads its URL columns with this."""
    try:
        WEB_ADDRESS(text)
    except ValidationError:
        return False
    return len(text) <= URL_MAX


WEB_ADDRESS = URLValidator(schemes=["http", "https"])
URL_MAX = 500  # models.Resource.url


def review_reasons(group: Group) -> list[str]:
    """What the rows hold that cannot be stored as a typed value: kept verbatim here and as
    review_reason (要確認), never blanked without a word."""
    first = group.rows[0]
    reasons = []
    position = first.get("位置（緯度,経度）", "")
    if position and split_position(position) is None:
        reasons.append(
            _("位置（緯度,経度）: 「%(value)s」を緯度・経度として読み取れませんでした。")
            % {"value": position}
        )
    if first.get("ホームページ") and not url_is_valid(first["ホームページ"]):
        reasons.append(
            _("ホームページ: 「%(value)s」をURLとして読み取れませんでした。")
            % {"value": first["ホームページ"]}
        )
    text = first.get("曜日・頻度", "")
    # Our export writes a 不定期 schedule as its note, which stays as it is when unchanged.
    unchanged = group.resource is not None and same(text, resource_cells(group.resource)[12])
    if (
        text
        and not unchanged
        and any(scheduling.parse_text(p) is None for p in text.split("／") if p.strip())
    ):
        reasons.append(
            _("曜日・頻度: 「%(value)s」を読み取れませんでした（文章のまま保存します）。")
            % {"value": text}
        )
    parsed = group.opening_read
    if parsed is not None and not parsed.complete:
        left = "」「".join(parsed.unparsed) or opening_text(first)
        reasons.append(
            _("開所日・時間: 「%(left)s」を読み取れませんでした（原文: %(text)s）。")
            % {"left": left, "text": opening_text(first)}
        )
    if (
        group.resource is not None
        and contact_cells_changed(group)
        and len(list(group.resource.contacts.all())) > 1
    ):
        reasons.append(
            _(
                "連絡先: この地域資源には連絡先が複数登録されているため、"
                "ファイルの連絡先は取り込んでいません（画面で確かめてください）。"
            )
        )
    return reasons


def parsed_schedule(text: str) -> scheduling.ScheduleSpec:
    """A typed schedule, or the text kept as the note of a 不定期 one when it cannot be read."""
    return scheduling.parse_text(text) or scheduling.ScheduleSpec(
        pattern="irregular", note=text.strip()[:200]
    )


def venue_values(values: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {"name": values["会場"], "venue_type": VenueType.OTHER}
    for column, name in (
        ("郵便番号", "postal_code"),
        ("都道府県", "prefecture"),
        ("市区町村", "city"),
        ("町字", "town_text"),
        ("番地以下", "street"),
        ("建物名", "building"),
    ):
        if values.get(column):
            result[name] = values[column]
    if values.get("住所") and not values.get("町字"):
        result["street"] = values["住所"][:100]
    if values.get("緯度") and values.get("経度"):
        result.update(latitude=float(values["緯度"]), longitude=float(values["経度"]))
    if values.get("会場の種類"):
        result["venue_type"] = label_value(VenueType, values["会場の種類"]) or VenueType.OTHER
    return result
