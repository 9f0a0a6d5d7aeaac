"""Writes of residents' way in (issue #26): a request received (from the portal or at a desk),
each step a coordinator takes with it, the referrals that follow it to a place, and the
erasure a person may ask for.

Counts stay whatever happens to the personal fields: the plan's sources (`selectors`) count
requests, status changes and referrals, never names."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sasaeai.accounts.permissions import edit_scope
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.areas.selectors import areas_and_towns
from sasaeai.core.history import history_user
from sasaeai.notices import services as notices
from sasaeai.notices.constants import NoticeKind
from sasaeai.resources import selectors as resource_selectors
from sasaeai.resources.constants import ContactRole
from sasaeai.resources.models import Organization, Resource, VolunteerRole

from . import tasks
from .constants import (
    MESSAGE_MAX,
    NEXT_STATUSES,
    OUTCOME_OF_STATUS,
    Channel,
    Outcome,
    RequestKind,
    RequestStatus,
    Routing,
    TimeOfDay,
)
from .models import (
    ERASED_NAME,
    REPLY_WITHIN_DAYS_DEFAULT,
    Referral,
    RequestStatusChange,
    ResidentRequest,
    ResidentSettings,
)
from .recipients import area_of, coordinators_for

T = TypeVar("T")

# The personal fields of a request and what each becomes when erased or purged.
PERSONAL_FIELDS: dict[str, Any] = {
    "name": ERASED_NAME,
    "phone": "",
    "email": "",
    "message": "",
    "status_reason": "",
}
# The steps after which the person has been reached, so the place they asked for is a referral.
REACHED_STATUSES = (
    RequestStatus.CONTACTED,
    RequestStatus.TRIAL,
    RequestStatus.JOINED,
    RequestStatus.HELPING,
)
ERASE_REASON = "本人の求めにより個人情報を消去"


def attributed(service: Callable[..., T]) -> Callable[..., T]:
    """Every history row the service writes names `by` (the portal's resident: no one), also
    outside a request: the demo city, a background job."""

    @functools.wraps(service)
    def run(*args: Any, **kwargs: Any) -> T:
        with history_user(kwargs.get("by")):
            return service(*args, **kwargs)

    return run


def reply_within_days(municipality: Municipality) -> int:
    """The days (not counting weekends and holidays) within which the city answers a request,
    as the confirmation page promises; the municipality sets it with the routing."""
    found = ResidentSettings.objects.filter(municipality=municipality).first()
    return found.reply_within_days if found else REPLY_WITHIN_DAYS_DEFAULT


def routing_of(municipality: Municipality) -> str:
    found = ResidentSettings.objects.filter(municipality=municipality).first()
    return found.routing if found else Routing.COORDINATOR


# The contacts of a place who organise it: its 代表者 and 連絡担当 (not 「その他」, who may be
# anyone the registry noted), and only when the place has none, its organisation's 代表者.
ORGANISER_ROLES = (ContactRole.REPRESENTATIVE, ContactRole.CONTACT)


def organiser_emails(resource: Resource | None, kind: str = RequestKind.VISIT) -> list[str]:
    """Where a request for a place may be mailed: the organiser's recorded e-mail addresses
    (an organiser has no account). Never for 「相談したい」, which is the coordinator's work and
    may be about someone's care."""
    if resource is None or kind == RequestKind.CONSULT:
        return []
    emails = [c.email for c in resource.contacts.all() if c.email and c.role in ORGANISER_ROLES]
    if not emails and resource.organization is not None:
        emails = [
            c.email
            for c in resource.organization.contacts.all()
            if c.email and c.role == ContactRole.REPRESENTATIVE
        ]
    return list(dict.fromkeys(emails))


def mails_organiser(
    municipality: Municipality, resource: Resource | None, kind: str = RequestKind.VISIT
) -> bool:
    return routing_of(municipality) != Routing.COORDINATOR and bool(
        organiser_emails(resource, kind)
    )


def consent_sentence(
    municipality: Municipality, resource: Resource | None, kind: str = RequestKind.VISIT
) -> str:
    """The sentence a person agrees to before sending (the form shows it; the request keeps the
    one agreed to). The coordinators always hold the record, so they are always named; the
    organiser too when the request will be mailed to them, and that a mail cannot be taken
    back by the city."""
    years = municipality.personal_data_retention_years
    sentence = _(
        "入力した内容は%(city)sの生活支援コーディネーターが受け取り、ご連絡とご案内のためだけに"
        "使います（個人がわからない件数の集計を除き、ほかの目的には使いません）。"
    ) % {"city": municipality.name}
    if mails_organiser(municipality, resource, kind):
        assert resource is not None
        sentence += _(
            "この活動の主催者（%(organiser)s）にも、お名前と連絡先をメールでお伝えします。"
        ) % {"organiser": resource.organization.name if resource.organization else resource.name}
    return sentence + _(
        "記録は最後のご連絡から%(years)s年後に消去します。それより前に消してほしいときは、"
        "生活支援コーディネーターにいつでもお申し出ください。"
    ) % {"years": years}


def clean_days(days: Sequence[Any]) -> list[int]:
    picked = set()
    for day in days:
        try:
            number = int(day)
        except (TypeError, ValueError):
            raise ValidationError(
                {"preferred_days": _("曜日の選び方が正しくありません。")}
            ) from None
        if not 0 <= number <= 6:
            raise ValidationError({"preferred_days": _("曜日の選び方が正しくありません。")})
        picked.add(number)
    return sorted(picked)


def clean_times(times: Sequence[Any]) -> list[str]:
    if any(t not in TimeOfDay.values for t in times):
        raise ValidationError({"preferred_times": _("時間帯の選び方が正しくありません。")})
    return [t for t in TimeOfDay.values if t in times]


@transaction.atomic
@attributed
def request_receive(
    *,
    municipality: Municipality,
    kind: str,
    name: str,
    phone: str = "",
    email: str = "",
    resource: Resource | None = None,
    volunteer_role: VolunteerRole | None = None,
    area: Area | None = None,
    town: Town | None = None,
    preferred_days: Sequence[Any] = (),
    preferred_times: Sequence[Any] = (),
    transport_needed: bool | None = None,
    message: str = "",
    consented: bool,
    channel: str = Channel.PORTAL,
    by: Any = None,
    now: datetime.datetime | None = None,
) -> ResidentRequest:
    """Receive one request: stored, noticed by the area's coordinators and, as the municipality
    chose, mailed to the place's organiser. From the portal (`channel` PORTAL, `by` None) the
    place must be one residents may see; at a desk a coordinator (`by`) takes it down."""
    errors: dict[str, str] = {}
    name = name.strip()
    phone = phone.strip()
    email = email.strip()
    message = message.strip()
    if kind not in RequestKind.values:
        errors["kind"] = _("申し込みの種類を選んでください。")
    if channel not in Channel.values:
        errors["channel"] = _("受付方法が正しくありません。")
    if not name:
        errors["name"] = _("お名前（ニックネームでもかまいません）を入力してください。")
    elif len(name) > 100:
        errors["name"] = _("お名前は100文字以内で入力してください。")
    if not phone and not email:
        errors["phone"] = _(
            "ご連絡先として、電話番号かメールアドレスのどちらかを入力してください。"
        )
    if phone and (len(phone) > 30 or not any(ch.isdigit() for ch in phone)):
        errors["phone"] = _("電話番号は数字で30文字以内で入力してください（例: 042-123-4567）。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("メールアドレスの形が正しくありません（例: hanako@example.jp）。")
    if len(message) > MESSAGE_MAX:
        errors["message"] = _("ひとことは%(max)s文字以内で入力してください。") % {
            "max": MESSAGE_MAX
        }
    if not consented:
        errors["consent"] = _("送る前に、個人情報の取り扱いへの同意にチェックを入れてください。")
    if resource is not None:
        if resource.municipality_id != municipality.pk:
            errors["resource"] = _("この市町村の活動ではありません。")
        elif channel == Channel.PORTAL and not resource_selectors.public_resource(
            municipality, resource.pk
        ):
            errors["resource"] = _("この活動は現在ご案内していません。")
    if volunteer_role is not None and (
        resource is None or volunteer_role.resource_id != resource.pk
    ):
        errors["volunteer_role"] = _("このお手伝いは、選んだ活動のものではありません。")
    elif volunteer_role is not None and not volunteer_role.is_open:
        errors["volunteer_role"] = _("このお手伝いの募集は終わりました。")
    elif volunteer_role is not None and kind != RequestKind.HELP:
        errors["kind"] = _("お手伝いを選んだときは「手伝いたい」を選んでください。")
    if area is not None and area.municipality_id != municipality.pk:
        errors["area"] = _("この市町村の圏域を選んでください。")
    if town is not None and town.municipality_id != municipality.pk:
        errors["town"] = _("この市町村の町丁目を選んでください。")
    try:
        days = clean_days(preferred_days)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        days = []
    try:
        times = clean_times(preferred_times)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        times = []
    if errors:
        raise ValidationError(errors)

    # The 圏域 whose coordinators hear of it: the one named, else the town's, else the place's.
    if area is None and town is not None and town.area_id:
        area = town.area
    if area is None and resource is not None:
        area = area_of(resource)
    received = now or timezone.now()
    request = ResidentRequest.objects.create(
        municipality=municipality,
        kind=kind,
        channel=channel,
        resource=resource,
        volunteer_role=volunteer_role,
        area=area,
        town=town,
        name=name,
        phone=phone,
        email=email,
        preferred_days=days,
        preferred_times=times,
        transport_needed=transport_needed,
        message=message,
        consent_text=consent_sentence(municipality, resource, kind),
        received_at=received,
        created_by=by,
    )
    RequestStatusChange.objects.create(
        request=request, status=RequestStatus.RECEIVED, changed_by=by, changed_at=received
    )
    # The coordinators are told unless the municipality sends requests to organisers only
    # and this one goes to an organiser; the record is theirs either way (the inbox).
    organiser = mails_organiser(municipality, resource, kind)
    if not organiser or routing_of(municipality) != Routing.ORGANISER:
        notify_coordinators(request, today=timezone.localdate(received))
    if organiser:
        transaction.on_commit(lambda: tasks.mail_organiser.enqueue(request.pk))
    return request


def request_url(request: ResidentRequest) -> str:
    return reverse("residents:request", args=[request.municipality.code, request.pk])


def notify_coordinators(
    request: ResidentRequest,
    *,
    today: datetime.date,
    key_suffix: str = "",
    title: str = "",
) -> None:
    """The お知らせ: who asked what (the kind and place, never the person's name, since the
    daily mail carries notice titles outside the system). `title` words it otherwise, with the
    same %(kind)s and %(place)s (a mail to the organiser that could not be sent)."""
    place = request.resource.name if request.resource else _("活動を選ばずに")
    # Not to the coordinator who took it down at a desk: they know.
    users = [
        u
        for u in coordinators_for(request.municipality, request.area, today)
        if u.pk != request.created_by_id
    ]
    notices.notify(
        users=users,
        municipality=request.municipality,
        kind=NoticeKind.RESIDENT_REQUEST,
        key=f"request:{request.pk}{key_suffix}",
        title=(title or _("住民から「%(kind)s」（%(place)s）"))
        % {"kind": request.get_kind_display(), "place": place},
        url=request_url(request),
    )


def town_choices(municipality: Municipality, scope: frozenset[int] | None = None) -> list[Any]:
    """The towns a request form offers, in 50音順 (areas.selectors.areas_and_towns); for a
    coordinator limited to some 圏域 (`scope`), the towns of those only."""
    if scope is None:
        return [(t.pk, t.name) for t in areas_and_towns(municipality)[1]]
    rows = Town.objects.filter(municipality=municipality, area_id__in=scope)
    return list(rows.order_by("kana_key", "name").values_list("pk", "name"))


def town_of(municipality: Municipality, pk: int | None) -> Town | None:
    """The municipality's town a form chose (None when none, or not this municipality's)."""
    return None if pk is None else Town.objects.filter(municipality=municipality, pk=pk).first()


def organiser_mail(request: ResidentRequest) -> tuple[str, str]:
    """The subject and text of the mail to the organiser: who, how to reach them, what they hope
    for, and that the data is for this one purpose."""
    lines = [
        _("%(city)s 地域の活動案内から、次のお申し込みがありました。")
        % {"city": request.municipality.name},
        "",
        _("活動: %(place)s") % {"place": request.resource.name if request.resource else ""},
        _("種類: %(kind)s") % {"kind": request.get_kind_display()},
    ]
    if request.volunteer_role is not None:
        lines.append(_("お手伝い: %(title)s") % {"title": request.volunteer_role.title})
    lines.append(_("お名前: %(name)s") % {"name": request.name})
    if request.phone:
        lines.append(_("電話番号: %(phone)s") % {"phone": request.phone})
    if request.email:
        lines.append(_("メールアドレス: %(email)s") % {"email": request.email})
    if request.message:
        lines += ["", _("ひとこと:"), request.message]
    lines += [
        "",
        _("この方へのご連絡をお願いします。お名前と連絡先は、この方へのご案内のためだけに"
          "お使いください。ご案内が終わったら、このメールは消してください。"),
        _("このメールは%(city)sの生活支援コーディネーターにも記録されています。")
        % {"city": request.municipality.name},
    ]  # fmt: skip
    subject = _("【%(city)s】活動へのお申し込み（%(kind)s）") % {
        "city": request.municipality.name,
        "kind": request.get_kind_display(),
    }
    return subject, "\n".join(lines)


@transaction.atomic
@attributed
def request_move(
    *,
    request: ResidentRequest,
    status: str,
    by: Any,
    reason: str = "",
    note: str = "",
    follow_up_on: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> ResidentRequest:
    """Take the request one step (受付 → 連絡済 → 見学・体験 → 参加中 / 担い手として活動中 /
    つながらなかった). The referral to the place it named is made when the person is first
    contacted, and settled when the request ends at the place. `now` is when it happened (the
    demo city's past steps); by default, now."""
    moment = now or timezone.now()
    day = timezone.localdate(moment)
    reason = reason.strip()
    note = note.strip()
    require_scope(request, by)
    errors: dict[str, str] = {}
    if request.erased_at is not None:
        errors["status"] = _("この申し込みは本人の求めで消去済みのため、変更できません。")
    elif status not in NEXT_STATUSES.get(request.status, ()):
        errors["status"] = _("「%(now)s」から「%(to)s」には進められません。") % {
            "now": request.get_status_display(),
            "to": RequestStatus(status).label if status in RequestStatus.values else status,
        }
    if status == RequestStatus.NOT_CONNECTED and not reason:
        errors["reason"] = _("つながらなかった理由を入力してください。")
    if len(reason) > 200:
        errors["reason"] = _("理由は200文字以内で入力してください。")
    if len(note) > 500:
        errors["note"] = _("メモは500文字以内で入力してください。")
    if errors:
        raise ValidationError(errors)

    request.status = status
    request.status_reason = reason if status == RequestStatus.NOT_CONNECTED else ""
    request.follow_up_on = follow_up_on
    request.save()
    RequestStatusChange.objects.create(
        request=request, status=status, reason=reason, note=note, changed_by=by, changed_at=moment
    )
    # The referral to the place the request named: made once the person has been reached
    # (a request that ends 「つながらなかった」 before anyone reached them referred no one),
    # settled when the request ends, and open again when a closed request is taken up again.
    if request.resource_id is not None:
        referral = request.referrals.filter(resource_id=request.resource_id).first()
        if referral is None and status in REACHED_STATUSES:
            referral = Referral.objects.create(
                municipality=request.municipality,
                request=request,
                resource_id=request.resource_id,
                destination_name=request.resource.name if request.resource else "",
                made_on=day,
                made_by=by,
            )
        if referral is not None:
            outcome = OUTCOME_OF_STATUS.get(RequestStatus(status), Outcome.PENDING)
            if referral.outcome != outcome:
                referral.outcome = outcome
                referral.outcome_on = None if outcome == Outcome.PENDING else day
                referral.save()
    return request


@transaction.atomic
@attributed
def referral_make(
    *,
    request: ResidentRequest,
    by: Any,
    resource: Resource | None = None,
    organization: Organization | None = None,
    made_on: datetime.date | None = None,
    note: str = "",
) -> Referral:
    """A coordinator sends the person to one more place or organisation (a 相談 often ends with
    two or three)."""
    require_scope(request, by)
    errors: dict[str, str] = {}
    if request.erased_at is not None:
        errors["resource"] = _("この申し込みは本人の求めで消去済みのため、紹介を加えられません。")
    if resource is None and organization is None:
        errors["resource"] = _("紹介先の地域資源か団体を選んでください。")
    if resource is not None and resource.municipality_id != request.municipality_id:
        errors["resource"] = _("この市町村の地域資源を選んでください。")
    if organization is not None and organization.municipality_id != request.municipality_id:
        errors["organization"] = _("この市町村の団体を選んでください。")
    if len(note.strip()) > 500:
        errors["note"] = _("メモは500文字以内で入力してください。")
    if errors:
        raise ValidationError(errors)
    return Referral.objects.create(
        municipality=request.municipality,
        request=request,
        resource=resource,
        organization=organization,
        destination_name=(resource or organization).name,  # type: ignore[union-attr]
        made_on=made_on or timezone.localdate(),
        made_by=by,
        note=note.strip(),
    )


@transaction.atomic
@attributed
def referral_settle(
    *, referral: Referral, outcome: str, by: Any, outcome_on: datetime.date | None = None
) -> Referral:
    require_scope(referral.request, by)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("結果を選んでください。")})
    referral.outcome = outcome
    referral.outcome_on = (
        None if outcome == Outcome.PENDING else (outcome_on or timezone.localdate())
    )
    referral.save()
    return referral


@transaction.atomic
@attributed
def request_erase(*, request: ResidentRequest, by: Any) -> ResidentRequest:
    """個人情報の消去 on the person's request (個人情報保護法): the name, phone, e-mail and message
    go from the request and from every one of its history rows, and the free notes of its steps
    and referrals (which may name the person) go too; the kind, 圏域, dates, steps and outcomes
    stay, so the counts do not change."""
    require_scope(request, by)
    if request.erased_at is not None:
        raise ValidationError({"request": _("この申し込みの個人情報はすでに消去しています。")})
    for field, value in PERSONAL_FIELDS.items():
        setattr(request, field, value)
    request.erased_at = timezone.now()
    request._change_reason = ERASE_REASON  # type: ignore[attr-defined]
    request.save()
    ResidentRequest.history.filter(id=request.pk).update(**PERSONAL_FIELDS)
    clear_free_text(request)
    return request


def clear_free_text(request: ResidentRequest) -> None:
    """The free text around a request, which may name the person or their family: the notes
    and reasons of its steps, and its referrals' notes in the records and their history."""
    request.status_changes.update(note="", reason="")
    request.referrals.update(note="")
    Referral.history.filter(request_id=request.pk).update(note="")


def require_scope(request: ResidentRequest, by: Any) -> None:
    """A write on a request by a coordinator limited to their 圏域 (a layer-2 SC) must be on a
    request of those 圏域; one with no 圏域 yet is for layer 1 and the admin, who place it.
    `by` None is the system (the demo city, the portal)."""
    if by is None:
        return
    scope = edit_scope(by, request.municipality)
    if scope is not None and request.area_id not in scope:
        raise PermissionDenied(_("担当していない圏域の申し込みです。"))


@transaction.atomic
@attributed
def request_place_in_area(
    *, request: ResidentRequest, area: Area | None, by: Any
) -> ResidentRequest:
    """「圏域を決める」: a request that came without a 圏域 (from the portal's home, without a
    town) is placed in one, and its coordinators are told; by layer 1 or the admin, whose
    work it is (a layer-2 SC would move a person out of their own sight)."""
    if by is not None and edit_scope(by, request.municipality) is not None:
        raise PermissionDenied(
            _("圏域を決められるのは、第1層のコーディネーターと市町村管理者です。")
        )
    if area is None or area.municipality_id != request.municipality_id:
        raise ValidationError({"area": _("圏域を選んでください。")})
    if request.area_id == area.pk:
        raise ValidationError({"area": _("すでにこの圏域の申し込みです。")})
    request.area = area
    request.save()
    notify_coordinators(request, today=timezone.localdate(), key_suffix=f":{area.pk}")
    return request
