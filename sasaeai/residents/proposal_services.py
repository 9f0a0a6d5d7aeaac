"""An organiser's proposal for their own listing (issue #26, point 8), from the signed link of
a 確認票 (resources.organiser_links), and a coordinator's decision on it.

What an organiser may propose is a few facts they know best: whether the activity goes on
(続いている・休んでいる・終わった), when it meets (as they would write it), the fee, and the
phone and e-mail of the listing's public contact, with a note. The proposal keeps only what
differs from the listing as it stood, {field: {"old", "new"}}; sent unchanged it says 「このまま
で正しい」, which a coordinator approves as a check by the organiser.

The coordinator approves it as it is, or after editing the new values (a schedule the organiser
wrote in their own words is typed again in a form the registry reads), or rejects it. Approval
applies the values through resources.services (resource_save, contact_save: the same checks
and history as an edit on the staff screens, in the coordinator's name) and records a
Verification 「主催者が確認」; each change keeps the value applied ("applied"). One link, one
proposal: while pending, the organiser may send it again from the same link (it replaces the
first); once decided, the link is spent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sasaeai.accounts.permissions import edit_scope, may_edit_ids
from sasaeai.core.history import history_user
from sasaeai.notices import services as notices
from sasaeai.notices.constants import NoticeKind
from sasaeai.resources import scheduling, selectors
from sasaeai.resources import services as resources
from sasaeai.resources.constants import ResourceStatus, VerificationMethod
from sasaeai.resources.models import Contact, Resource
from sasaeai.resources.organiser_links import OrganiserLink
from sasaeai.utils.text import as_typed

from .constants import MESSAGE_MAX, ProposalStatus, ProposedState
from .models import ListingProposal
from .recipients import area_of, coordinators_for

SCHEDULE_MAX = 500
FEE_NOTE_MAX = 200  # Resource.fee_note
FEE_MOST = 100_000
PHONE_MAX = 30  # Contact.phone
DECISION_NOTE_MAX = 500
FREE, PAID = "free", "paid"
FEE_KINDS = {FREE: gettext_lazy("無料"), PAID: gettext_lazy("有料")}
# What a proposal may change, in the order the pages list them, with the words they use.
LABELS = {
    "status": gettext_lazy("活動の状況"),
    "schedule": gettext_lazy("日時"),
    "fee_kind": gettext_lazy("参加費（無料・有料）"),
    "fee_amount": gettext_lazy("参加費の金額（円）"),
    "fee_note": gettext_lazy("参加費の補足"),
    "phone": gettext_lazy("問い合わせ先の電話番号"),
    "email": gettext_lazy("問い合わせ先のメールアドレス"),
}
CONTACT_FIELDS = ("phone", "email")
STATE_OF_STATUS = {
    ResourceStatus.ACTIVE: ProposedState.ACTIVE,
    ResourceStatus.PAUSED: ProposedState.PAUSED,
    ResourceStatus.ENDED: ProposedState.ENDED,
}
STATUS_OF_STATE = {state: status for status, state in STATE_OF_STATUS.items()}
PHONE_CHARACTERS = re.compile(r"[0-9()\- ]+")


def refuse(field: str, message: str) -> NoReturn:
    raise ValidationError({field: message})


def public_contact(resource: Resource) -> Contact | None:
    """The contact the listing shows (the first public one): the one whose phone and e-mail
    an organiser may propose. A resource without one offers no such fields: a new public
    contact needs a name and the person's consent, which a coordinator takes down."""
    return resource.contacts.filter(selectors.PUBLIC_CONTACTS).order_by("pk").first()


def listing_now(resource: Resource) -> dict[str, Any]:
    """The listing's facts an organiser may propose, as they stand (JSON values)."""
    now: dict[str, Any] = {
        "status": str(resource.status),
        "schedule": "\n".join(
            scheduling.describe(scheduling.spec_of(s)) for s in resource.schedules.all()
        ),
        "fee_kind": FREE if resource.fee_free else PAID if resource.fee_amount is not None else "",
        "fee_amount": None if resource.fee_free else resource.fee_amount,
        "fee_note": resource.fee_note,
    }
    contact = public_contact(resource)
    if contact is not None:
        now.update(phone=contact.phone, email=contact.email)
    return now


def schedule_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in as_typed(text).split("\n") if line.strip()]


def same(field: str, old: Any, new: Any) -> bool:
    if field == "schedule":
        return schedule_lines(old or "") == schedule_lines(new or "")
    return old == new


def shown(field: str, value: Any) -> str:
    """A value as the pages show it."""
    if value is None or value == "":
        return str(_("（未登録）"))
    if field == "status":
        if value in ProposedState.values:
            return str(ProposedState(value).label)
        return str(ResourceStatus(value).label) if value in ResourceStatus.values else str(value)
    if field == "fee_kind":
        return str(FEE_KINDS.get(value, value))
    if field == "fee_amount":
        return _("%(amount)s円") % {"amount": f"{value:,}"}
    return str(value)


@dataclass(frozen=True)
class ChangeRow:
    """One changed field of a proposal, as the coordinator's page shows it."""

    field: str
    label: str
    old: str
    new: str
    now: str  # the listing today (it may have changed since the proposal)
    applied: str
    moved: bool  # the listing changed since the organiser saw it


def change_rows(proposal: ListingProposal) -> list[ChangeRow]:
    now = listing_now(proposal.resource)
    rows = []
    for field, label in LABELS.items():
        change = proposal.changes.get(field)
        if change is None:
            continue
        rows.append(
            ChangeRow(
                field=field,
                label=str(label),
                old=shown(field, change["old"]),
                new=shown(field, change["new"]),
                now=shown(field, now.get(field)),
                applied=shown(field, change["applied"]) if "applied" in change else "",
                moved=field in now and not same(field, change["old"], now[field]),
            )
        )
    return rows


# --- checking values ---------------------------------------------------------------------------


def phone_error(value: str) -> str:
    """'' when `value` reads as a Japanese phone number (10 or 11 digits, hyphens, brackets)."""
    folded = unicodedata.normalize("NFKC", value)
    digits = re.sub(r"\D", "", folded)
    if not PHONE_CHARACTERS.fullmatch(folded) or not 10 <= len(digits) <= 11:
        return _("電話番号は「042-123-4567」のように、市外局番から数字で入力してください。")
    return ""


def value_errors(values: Mapping[str, Any], *, strict_schedule: bool) -> dict[str, str]:
    """Japanese messages naming each field whose value cannot be kept (or, with
    `strict_schedule`, applied: the schedule must then be one the registry reads)."""
    errors: dict[str, str] = {}
    if "status" in values and values["status"] not in ProposedState.values:
        errors["status"] = _("活動の状況を選んでください。")
    schedule = values.get("schedule")
    if schedule is not None:
        if len(schedule) > SCHEDULE_MAX:
            errors["schedule"] = _("日時は%(most)d文字までにしてください。") % {
                "most": SCHEDULE_MAX
            }
        elif strict_schedule:
            message = schedule_error(schedule)
            if message:
                errors["schedule"] = message
    if "fee_kind" in values and values["fee_kind"] not in ("", FREE, PAID):
        errors["fee_kind"] = _("参加費は「無料」か「有料」を選んでください。")
    amount = values.get("fee_amount")
    if amount is not None and (not isinstance(amount, int) or not 0 <= amount <= FEE_MOST):
        errors["fee_amount"] = _("参加費の金額は0から%(most)s円までの数字で入力してください。") % {
            "most": f"{FEE_MOST:,}"
        }
    elif amount and values.get("fee_kind") == FREE:
        errors["fee_amount"] = _("「無料」を選んだときは、金額を空欄にしてください。")
    if len(values.get("fee_note") or "") > FEE_NOTE_MAX:
        errors["fee_note"] = _("参加費の補足は%(most)d文字までにしてください。") % {
            "most": FEE_NOTE_MAX
        }
    phone = values.get("phone")
    if phone:
        message = phone_error(phone) if len(phone) <= PHONE_MAX else phone_error("")
        if message:
            errors["phone"] = message
    email = values.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("メールアドレスを正しく入力してください（例: name@example.jp）。")
    return errors


def schedule_specs(text: str) -> list[scheduling.ScheduleSpec]:
    """The schedules of a text, one a line (each line read by scheduling.parse_text)."""
    specs = []
    for line in schedule_lines(text):
        spec = scheduling.parse_text(line)
        if spec is None:
            raise ValueError(line)
        specs.append(spec)
    return specs


def schedule_error(text: str) -> str:
    """'' when every line is a schedule the registry reads and accepts."""
    for line in schedule_lines(text):
        spec = scheduling.parse_text(line)
        if spec is None:
            return _(
                "日時の「%(line)s」が読み取れません。「毎週火曜 10時〜12時」「第1・第3水曜 "
                "13時半〜15時」のように1行に1つずつ書き直してください。"
            ) % {"line": line}
        problems = scheduling.validate(spec)
        if problems:
            return _("日時の「%(line)s」: %(problem)s") % {"line": line, "problem": problems[0]}
    return ""


def cleaned(values: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, Any]:
    """The proposable values given, as stored (text as typed; only fields the listing has)."""
    found: dict[str, Any] = {}
    for field in LABELS:
        if field not in values or field not in now:
            continue
        value = values[field]
        if isinstance(value, str):
            value = as_typed(value)
        if field == "schedule":
            value = "\n".join(schedule_lines(value or ""))
        found[field] = value
    return found


# --- the organiser's proposal ------------------------------------------------------------------


def spent(proposal: ListingProposal | None) -> bool:
    return proposal is not None and proposal.status != ProposalStatus.PENDING


@transaction.atomic
def proposal_submit(
    *, link: OrganiserLink, values: Mapping[str, Any], note: str
) -> ListingProposal:
    """The organiser's proposal from one link (no account): what differs from the listing, a
    note; sent again from the same link while pending, it replaces the first. The coordinators
    of the place's 圏域 hear of it."""
    resource = Resource.objects.select_related("municipality").get(pk=link.resource_id)
    existing = ListingProposal.objects.select_for_update().filter(nonce=link.nonce).first()
    if existing is not None and existing.resource_id != resource.pk:
        raise PermissionDenied
    if spent(existing):
        refuse("note", _("この確認用のページはすでに使われました。"))
    now = listing_now(resource)
    given = cleaned(values, now)
    note = as_typed(note)
    errors = value_errors(given, strict_schedule=False)
    if len(note) > MESSAGE_MAX:
        errors["note"] = _(
            "ひとことは%(most)d文字までにしてください（今は%(count)d文字です）。"
        ) % {
            "most": MESSAGE_MAX,
            "count": len(note),
        }
    if errors:
        raise ValidationError(errors)
    state = given.pop("status", STATE_OF_STATUS.get(now["status"], ProposedState.ACTIVE))
    given["status"] = state
    changes = {
        field: {"old": now[field], "new": value}
        for field, value in given.items()
        if not same(field, now[field], value)
    }
    proposal = existing or ListingProposal(
        municipality=resource.municipality, resource=resource, nonce=link.nonce
    )
    proposal.state, proposal.changes, proposal.note = state, changes, note
    proposal.proposed_at = timezone.now()
    with history_user(None):
        proposal.save()
    municipality = resource.municipality
    notices.notify(
        users=coordinators_for(municipality, area_of(resource), timezone.localdate()),
        municipality=municipality,
        kind=NoticeKind.RESIDENT_REQUEST,
        key=f"proposal:{proposal.pk}",
        title=_("「%(name)s」の主催者から掲載内容の申し出が届きました") % {"name": resource.name},
        url=reverse("residents:proposal", args=[municipality.code, proposal.pk]),
        body=_("変更: %(fields)s")
        % {"fields": "・".join(str(LABELS[f]) for f in changes) or _("なし（このままで正しい）")},
    )
    return proposal


# --- the coordinator's decision -----------------------------------------------------------------


@transaction.atomic
def proposal_decide(
    *,
    proposal: ListingProposal,
    user: Any,
    approve: bool,
    values: Mapping[str, Any] | None = None,
    decision_note: str = "",
) -> ListingProposal:
    """Approve (the organiser's values, or the coordinator's edit of them: `values`) or reject
    a pending proposal. Approval applies the values through resources.services and records a
    Verification 「主催者が確認」; only someone who may edit the place decides."""
    proposal = (
        ListingProposal.objects.select_for_update()
        .select_related("resource__municipality")
        .get(pk=proposal.pk)
    )
    resource = proposal.resource
    if not may_edit_ids(
        edit_scope(user, resource.municipality), resources.resource_area_ids(resource)
    ):
        raise PermissionDenied(_("この地域資源を編集する権限がありません。"))
    decision_note = as_typed(decision_note)
    if proposal.status != ProposalStatus.PENDING:
        refuse("decision_note", _("この申し出はすでに対応済みです。"))
    if len(decision_note) > DECISION_NOTE_MAX:
        refuse(
            "decision_note",
            _("対応のメモは%(most)d文字までにしてください（今は%(count)d文字です）。")
            % {"most": DECISION_NOTE_MAX, "count": len(decision_note)},
        )
    if not approve:
        return decided(proposal, user, ProposalStatus.REJECTED, decision_note)
    now = listing_now(resource)
    wanted = {field: change["new"] for field, change in proposal.changes.items()}
    edits = cleaned(values or {}, now)
    final = {field: edits.get(field, value) for field, value in wanted.items()}
    gone = [f for f in final if f not in now]
    if gone:
        refuse(
            gone[0],
            _("この地域資源には公開している連絡先がなくなったため、反映できません。"),
        )
    errors = value_errors(final, strict_schedule=True)
    if errors:
        raise ValidationError(errors)
    apply_listing(resource, final, now, user)
    for field, value in final.items():
        proposal.changes[field]["applied"] = value
    edited = any(not same(f, final[f], wanted[f]) for f in final)
    status = ProposalStatus.EDITED if edited else ProposalStatus.APPROVED
    changed = "・".join(str(LABELS[f]) for f in LABELS if f in final)
    note = (
        _("主催者からの申し出を反映: %(fields)s") % {"fields": changed}
        if changed
        else _("主催者が掲載内容を確認（変更なし）")
    )
    resources.resource_verify(
        resource=resource, user=user, method=VerificationMethod.ORGANISER, note=note[:200]
    )
    return decided(proposal, user, status, decision_note)


def decided(
    proposal: ListingProposal, user: Any, status: str, decision_note: str
) -> ListingProposal:
    proposal.status, proposal.decision_note = status, decision_note
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    with history_user(user):
        proposal.save()
    return proposal


def apply_listing(
    resource: Resource, final: Mapping[str, Any], now: Mapping[str, Any], user: Any
) -> None:
    """Write the approved values through the registry's services (only what changes)."""
    fields: dict[str, Any] = {}
    if "status" in final and not same("status", now["status"], final["status"]):
        fields["status"] = STATUS_OF_STATE[final["status"]]
    if final.get("fee_kind"):
        fields["fee_free"] = final["fee_kind"] == FREE
    if "fee_amount" in final:
        fields["fee_amount"] = final["fee_amount"]
    if fields.get("fee_free"):
        fields["fee_amount"] = None
    if "fee_note" in final:
        fields["fee_note"] = final["fee_note"]
    schedule = final.get("schedule")
    if fields or schedule is not None:
        data = resources.input_of(resource)
        data.fields = fields
        if schedule is not None:
            data.schedules = schedule_specs(schedule)
        try:
            resources.resource_save(
                municipality=resource.municipality, user=user, data=data, resource=resource
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            # The registry names its own fields (schedules); the page names the proposal's.
            raise ValidationError(
                {"schedule" if k == "schedules" else k: v for k, v in error.message_dict.items()}
            ) from error
    contact_values = {f: final[f] for f in CONTACT_FIELDS if f in final}
    if contact_values:
        contact = public_contact(resource)
        assert contact is not None  # checked by the caller (`gone`)
        changed = any(getattr(contact, f) != v for f, v in contact_values.items())
        if changed:
            # A new number or address may be another person's (「代表が山田さんから佐藤さんに
            # 替わりました」): the old consent does not cover it, so the contact stops being
            # shown to residents until a coordinator records the new person's consent.
            contact_values |= {"is_public": False, "public_consent_on": None}
        resources.contact_save(user=user, contact=contact, **contact_values)
