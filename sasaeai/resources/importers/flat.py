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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.areas.models import Municipality
from sasaeai.core.imports import (
    Preview,
    PreviewRow,
    column_key,
    json_ints,
    json_str,
    json_str_map,
    match_columns,
    pk_to_json,
    records_by_pk,
    unread_with_samples,
    value_choices,
)
from sasaeai.utils.csvfile import CsvDecodeError, clean_header
from sasaeai.utils.geo import coordinate_errors
from sasaeai.utils.table_reader import cell_text, read_table
from sasaeai.utils.text import as_typed

from .. import duplicates, scheduling, services
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
from ..models import Location, Organization, Resource
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
    "連絡先", "曜日・頻度", "参加費の補足", "内容",
))  # fmt: skip
# Kept columns the import writes onto the resource itself: compared as typed, so that a cell
# edited from 愛全園(従来型) to 愛全園（従来型） is an update. The others compare with widths
# folded: 運営主体 and 会場 name records found by matching.record_key, the venue's address is
# not rewritten by this import, and 曜日・頻度 comes back as our own wording.
EXACT_COLUMNS = frozenset(("名称", "内容"))


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


class FlatImporter:
    kind = "resources_flat"
    title = cast(str, gettext_lazy("地域資源の取込（Excel・CSV）"))
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
        existing = {
            str(r.uuid): r for r in sheet_resources(municipality, self.ids_of(groups, municipality))
        }
        names = None if for_commit else duplicates.NameIndex(municipality)
        kinds = (values or {}).get(KIND, {})
        undecided: dict[str, int] = {}
        for group in groups:
            group.resource = existing.get(group.key)
            group.kind = kind_for(group, kinds)
            if kind_is_mapped(group):
                written = group.rows[0].get(KIND, "")
                undecided[written] = undecided.get(written, 0) + len(group.lines)
            preview.rows.extend(self.judge(group, names))
        preview.value_choices = value_choices(KIND, undecided, kinds)
        return preview

    def group_rows(
        self, rows: list, header: list[Any], mapping: dict[int, str], preview: Preview
    ) -> list[Group]:
        header_words = {name: header_key(cell_text(header[i])) for i, name in mapping.items()}
        groups: dict[str, Group] = {}
        seen: dict[tuple, int] = {}
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
            # Rows of one resource by name: 愛全園（従来型） and 愛全園(従来型) are one.
            key = values.get("ID") or "名称:" + record_key(values.get("名称", ""))
            group = groups.setdefault(key, Group(key=key))
            group.lines.append(line)
            group.rows.append(values)
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

    def judge(self, group: Group, names: duplicates.NameIndex | None) -> list[PreviewRow]:
        """The group's verdict; `names` finds possible duplicates (None: not looked for)."""
        first = group.rows[0]
        row = PreviewRow(line=group.lines[0], label=first.get("名称") or _("（名称なし）"))
        others = [
            PreviewRow(line=n, label=_("（%(name)sの会場）") % {"name": row.label})
            for n in group.lines[1:]
        ]
        row.errors += kind_errors(group) + check_values(first)
        for extra, values in zip(others, group.rows[1:], strict=True):
            # A further venue row of the same resource must not say something else about it.
            extra.errors += check_values(values) + [
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
        if first.get("ID") and group.resource is None and not group.key.startswith("名称:"):
            row.errors.append(
                _("ID「%(id)s」の地域資源はこの市町村にありません（別の市町村のファイルでは？）。")
                % {"id": first["ID"]}
            )
        if row.errors or any(o.errors for o in others):
            return [row, *others]
        if group.resource is None:
            similar = names.similar(first["名称"]) if names else []
            verdict = (
                _("新規（重複の疑い: %(names)s）") % {"names": "、".join(similar[:3])}
                if similar
                else _("新規")
            )
            row.summary = (verdict, first.get("曜日・頻度", ""))
            if first.get("曜日・頻度") and scheduling.parse_text(first["曜日・頻度"]) is None:
                row.note = _(
                    "曜日・頻度を読み取れませんでした。"
                    "文章のまま保存します（後で画面で直してください）。"
                )
        else:
            changes = changed_columns(group)
            row.summary = (
                _("変更なし") if not changes else _("更新"),
                "、".join(changes) if changes else "—",
            )
        row.payload = group
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
            new_items = []
            for group in todo:
                data = resource_input(group, venues, organizations)
                if group.resource is None:
                    new_items.append(data)
                else:
                    services.resource_save(
                        municipality=municipality, user=user, data=data, resource=group.resource
                    )
                    batch.record("updated", [group.resource])
            batch.record(
                "created",
                services.resources_bulk_create(
                    municipality=municipality, user=user, items=new_items
                ),
            )
        return len(todo)


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
    current = resource_cells(resource) + [""] * 10 + contact_cells(resource)
    columns = dict(zip(FLAT_COLUMNS, current, strict=False))
    first = group.rows[0]
    # 種類 by what it is stored as: a file's own word mapped to our kind is no change.
    changes = [KIND] if group.kind and group.kind != resource.kind else []
    changes += [
        c
        for c in (*RESOURCE_COLUMNS, "連絡先", "電話番号", "メール")
        if c != KIND and c in first and not same(first[c], columns[c], exact=c in EXACT_COLUMNS)
    ]
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
        venue = dict(zip(VENUE_COLUMNS, venue_cells(link), strict=True))
        changes += [
            _("会場「%(venue)s」の%(column)s") % {"venue": link.location.name, "column": c}
            for c in VENUE_COLUMNS[1:]
            if c in values and not same(values[c], venue[c])
        ]
    return changes


def resource_input(
    group: Group, venues: dict[str, Location], organizations: dict[str, Organization]
) -> services.ResourceInput:
    """What the group's rows say, as input for the same services the screens use."""
    first = group.rows[0]
    resource = group.resource
    organization = organizations.get(first["運営主体"]) if first.get("運営主体") else None
    locations = [venues[values["会場"]] for values in group.rows if values.get("会場")]
    schedule_text = first.get("曜日・頻度", "")
    if resource is not None and same(schedule_text, resource_cells(resource)[12]):
        schedules = [scheduling.spec_of(s) for s in resource.schedules.all()]
    else:
        schedules = [parsed_schedule(part) for part in schedule_text.split("／") if part.strip()]
    fee = first.get("参加費", "").replace(",", "").rstrip("円")
    fields: dict[str, Any] = {
        "status": label_value(ResourceStatus, first["状態"])
        if first.get("状態")
        else (resource.status if resource else ResourceStatus.ACTIVE),
        "fee_free": fee == "無料",
        "fee_amount": int(fee) if fee.isdecimal() else None,
        "capacity": int(first["定員"]) if first.get("定員", "").isdecimal() else None,
        "is_public": first.get("公開", "公開") != "非公開",
        **{
            name: fact_value(first[column])
            for column, name in FACT_COLUMNS.items()
            if column in first
        },
    }
    return services.ResourceInput(
        name=first["名称"], kana=first.get("ふりがな", resource.kana if resource else ""),
        kind=group.kind, description=first.get("内容", resource.description if resource else ""),
        organization=organization if "運営主体" in first else (resource.organization if resource else None),
        activities=[label_value(Activity, w) for w in split_list(first.get("活動内容", ""), Activity)],  # type: ignore[misc]
        support_types=[label_value(SupportType, w) for w in split_list(first.get("生活支援の種類", ""), SupportType)],  # type: ignore[misc]
        target_groups=[label_value(TargetGroup, w) for w in split_list(first.get("対象", ""), TargetGroup)],  # type: ignore[misc]
        schedules=schedules, locations=locations, fields=fields,
    )  # fmt: skip


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
