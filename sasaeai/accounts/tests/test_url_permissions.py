"""Every URL name is either public, for any signed-in user, or in this permission matrix.

Each matrix entry is walked: anonymous → sent to the login page; a user whose role is in
another municipality → 403; every role in the right municipality → allowed exactly when the
role grants the entry's permission (constants.ROLE_PERMS), else 403.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sasaeai.accounts.constants import ROLE_PERMS, Perm, Role
from sasaeai.accounts.models import User
from sasaeai.accounts.permissions import PUBLIC_URL_NAMES, SIGNED_IN_URL_NAMES
from sasaeai.accounts.tests.factories import UserFactory, user_with_role
from sasaeai.accounts.tests.otp import give_totp
from sasaeai.activities import services as activity_services
from sasaeai.areas.models import CoordinatorDesk
from sasaeai.areas.tests.factories import MunicipalityFactory, TownFactory
from sasaeai.core.constants import JobStatus
from sasaeai.core.imports import batch_create
from sasaeai.core.models import GeneratedFile
from sasaeai.councils import services as councils
from sasaeai.councils.tests.factories import MeetingFactory, MembershipFactory
from sasaeai.dialogues import agreement as dialogue_agreement
from sasaeai.dialogues import services as dialogues
from sasaeai.dialogues import story_services
from sasaeai.dialogues.tests.factories import cards as dialogue_cards
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice
from sasaeai.opendata.services import opendata_store
from sasaeai.plans.models import Indicator, Measure, NewsletterIssue, Plan
from sasaeai.projects import services as projects
from sasaeai.projects.constants import next_stages
from sasaeai.projects.models import Project
from sasaeai.residents import proposal_services, report_services
from sasaeai.residents import services as resident_services
from sasaeai.resources import organiser_links
from sasaeai.resources.models import Contact, VolunteerRole
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory, resource_at


@dataclass(frozen=True)
class Entry:
    perm: str
    kwargs: Callable[[Any], dict]
    method: str = "get"
    # POST data that the view accepts, so an allowed role is answered 302, not 400.
    data: Callable[[Any], dict] | None = None
    # When the permission alone does not say who is allowed: a layer-1 council's records are
    # written by roles not limited to one 日常生活圏域 (the layer-2 coordinator is refused).
    roles: frozenset[str] | None = None


LAYER1_WRITERS = frozenset({Role.MUNICIPAL_ADMIN, Role.SC_LAYER1})


def council(fx: Any) -> dict:
    return {**city(fx), "pk": fx.council.pk}


def layer1(fx: Any) -> dict:
    return {**city(fx), "pk": fx.layer1.pk}


def subcommittee(fx: Any) -> Any:
    """The layer-1 council's 専門部会, made on first use (escalations are passed on to it)."""
    found = fx.layer1.subcommittees.first()
    return found or councils.council_create(
        municipality=fx.city, area=fx.layer1.area, name="第1層専門部会", parent=fx.layer1,
        user=fx.users[Role.SC_LAYER1],
    )  # fmt: skip


def fresh_grouped(fx: Any) -> Any:
    """A challenge just sent up and put in a group of its own (each call a new one)."""
    escalation = fx.fresh_escalation()
    councils.group_create(
        council=fx.layer1, title="通院", escalations=[escalation], user=fx.users[Role.SC_LAYER1]
    )
    return escalation


def fresh_request(fx: Any) -> Any:
    """A resident's request for the town's place (each call a new one, so each allowed role
    takes its own first step)."""
    return resident_services.request_receive(
        municipality=fx.city, kind="visit", name="さくら", phone="042-555-0101",
        resource=fx.resource, consented=True,
    )  # fmt: skip


def unplaced_request_page(fx: Any) -> dict:
    """A 相談 sent from the portal's home without a town: no 圏域 until layer 1 places it."""
    made = resident_services.request_receive(
        municipality=fx.city, kind="consult", name="さくら", phone="042-555-0101", consented=True
    )
    return {**city(fx), "pk": made.pk}


def request_page(fx: Any) -> dict:
    return {**city(fx), "pk": fresh_request(fx).pk}


def fresh_referral(fx: Any) -> dict:
    request = fresh_request(fx)
    made = resident_services.referral_make(
        request=request, by=fx.users[Role.SC_LAYER1], resource=fx.other_resource
    )
    return {**city(fx), "pk": made.pk}


def fresh_report(fx: Any) -> dict:
    """A 「情報がちがう」 report on the town's public place (each call a new one, so each role
    answers its own)."""
    made = report_services.report_submit(
        municipality=fx.city, resource_id=fx.resource.pk, fields=["fee"], message="300円です"
    )
    return {**city(fx), "pk": made.pk}


def organiser_proposal(fx: Any) -> dict:
    """An organiser's pending proposal for the town's place (made through a printed link)."""
    made = proposal_services.proposal_submit(
        link=organiser_links.read_token(organiser_links.make_token(fx.resource.pk)),
        values={"status": "paused"},
        note="",
    )
    return {**city(fx), "pk": made.pk}


def city(fx: Any) -> dict:
    return {"lgcode": fx.city.code}


def area(fx: Any) -> dict:
    """The town's layer-2 area, where the area-scoped roles are assigned."""
    return {**city(fx), "area": fx.town.area_id}


def project(fx: Any) -> dict:
    """The project in the town's area (so the area-scoped roles may write it)."""
    return {**city(fx), "pk": the_project(fx).pk}


def current_version(record: Any) -> int:
    """The version a page shows of `record` now (issue #21): a form posting it is no conflict."""
    return type(record).objects.get(pk=record.pk).version


def the_project(fx: Any) -> Any:
    """A project with a hypothesis and an indicator, made on first use."""
    found = Project.objects.filter(municipality=fx.city).first()
    if found is not None:
        return found
    user = fx.users[Role.SC_LAYER1]
    made = projects.project_create(
        municipality=fx.city, started_on=datetime.date(2026, 4, 1), user=user,
        data=projects.ProjectInput(title="移動販売", origin="workshop", area=fx.town.area),
    )  # fmt: skip
    projects.hypothesis_add(project=made, statement="声かけが届く", method="記録", user=user)
    projects.indicator_add(project=made, name="利用者数", unit="人", user=user)
    return made


def next_stage(fx: Any) -> str:
    """The project's next step along the path (each allowed role takes one)."""
    return next_stages(the_project(fx).stage)[0][0]


def fresh_partner(fx: Any) -> Any:
    return projects.partner_add(
        project=the_project(fx), organization=OrganizationFactory(municipality=fx.city),
        user=fx.users[Role.SC_LAYER1],
    )  # fmt: skip


def fresh_milestone(fx: Any) -> Any:
    return projects.milestone_add(
        project=the_project(fx), title="評価", due_on=datetime.date(2027, 2, 26),
        user=fx.users[Role.SC_LAYER1],
    )  # fmt: skip


def linked_resource(fx: Any) -> Any:
    resource = ResourceFactory(municipality=fx.city)
    projects.resource_link(
        project=the_project(fx), resource=resource, user=fx.users[Role.SC_LAYER1]
    )
    return resource


def viewer(fx: Any) -> dict:
    return {**city(fx), "pk": fx.users[Role.VIEWER].pk}


def fresh_viewer(fx: Any) -> dict:
    return {**city(fx), "pk": user_with_role(Role.VIEWER, fx.city).pk}


def viewer_with_app(fx: Any) -> dict:
    """A viewer who set up two-factor sign-in (each call a new one): a reset is accepted."""
    person = user_with_role(Role.VIEWER, fx.city)
    give_totp(person)
    return {**city(fx), "pk": person.pk}


def fresh_receipt(fx: Any) -> Any:
    """The layer-2 council's receipt of a message just sent by layer 1 (each call a new one)."""
    message = councils.message_send(
        council=fx.layer1, kind="notice", title="お知らせ", body="本文",
        recipients=[fx.council], user=fx.users[Role.SC_LAYER1],
    )  # fmt: skip
    return message.receipts.get()


def dialogue(fx: Any) -> dict:
    """The dialogue of the layer-2 council's meeting (issue #25)."""
    return {**city(fx), "pk": fx.dialogue.pk}


def fresh_card(fx: Any, hidden: bool = False) -> Any:
    """A card on the dialogue's board (each call a new one; hidden, to show it again)."""
    (card,) = dialogue_cards(fx.dialogue, "坂道がつらい", user=fx.users[Role.SC_LAYER1])
    if hidden:
        dialogues.card_hide(card=card, user=fx.users[Role.SC_LAYER1], reason="重複")
    return card


def fresh_group(fx: Any) -> Any:
    """A named group of one card on the dialogue's board (each call a new one)."""
    return dialogues.group_create(
        dialogue=fx.dialogue, user=fx.users[Role.SC_LAYER1], name="坂道", cards=[fresh_card(fx)]
    )


def fresh_statement(fx: Any) -> Any:
    """A group whose statement the agreement round asks (each call a new one)."""
    return dialogue_agreement.group_statement_set(
        group=fresh_group(fx), user=fx.users[Role.SC_LAYER1], statement="坂道を助け合う"
    ).group


def fresh_story_cards(fx: Any) -> tuple[Any, Any]:
    """A やりたい card and a できること card on the dialogue (each call new ones)."""
    user = fx.users[Role.SC_LAYER1]
    wish, ability = (
        dialogues.card_add(
            dialogue=fx.dialogue,
            source="typed",
            user=user,
            data=dialogues.CardInput(text=text, card_type=kind),
        )
        for text, kind in (("買い物に行きたい", "wish"), ("車で送迎できる", "ability"))
    )
    return wish, ability


def fresh_story(fx: Any, resource: bool = False) -> Any:
    """A story of the dialogue (ストーリー探し), with the resource when asked (each call new)."""
    wish, ability = fresh_story_cards(fx)
    return story_services.story_create(
        dialogue=fx.dialogue, user=fx.users[Role.SC_LAYER1], title="買い物の送迎", wish=wish,
        ability=ability, resource=fx.resource if resource else None,
    )  # fmt: skip


def story_for_project(fx: Any) -> Any:
    """A story to make a project of, made after the matrix's own project (the_project), which
    is found as the first by title: 移動販売 stays before the story's 買い物の送迎."""
    the_project(fx)
    return fresh_story(fx)


def story_edit(fx: Any) -> dict:
    """The edit form of a new story, posted with its card (each call a new story)."""
    story = fresh_story(fx)
    return {"story": story.pk, "title": "買い物の送迎", "wish": story.wish_id}


MATRIX: dict[str, Entry] = {
    "areas:dashboard": Entry(Perm.VIEW, city),
    "areas:area_list": Entry(Perm.VIEW, city),
    "areas:area_detail": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.town.area_id}),
    # 日常生活圏域 are registered, given towns and retired by the admin and the layer-1 SC.
    "areas:area_create": Entry(Perm.MANAGE_AREAS, city),
    "areas:area_edit": Entry(Perm.MANAGE_AREAS, lambda fx: {**city(fx), "pk": fx.town.area_id}),
    "areas:area_towns": Entry(Perm.MANAGE_AREAS, lambda fx: {**city(fx), "pk": fx.town.area_id}),
    "areas:area_retire": Entry(Perm.MANAGE_AREAS, lambda fx: {**city(fx), "pk": fx.town.area_id}),
    # 生活支援コーディネーターの連絡先 (issue #26): EDIT_AREA in the desk's area, so the layer-2
    # coordinator of the town's area keeps its desk too.
    "areas:desk_create": Entry(Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.town.area_id}),
    "areas:desk_edit": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.town.area_id, "desk": fx.desk.pk}
    ),
    "resources:list": Entry(Perm.VIEW, city),
    "resources:detail": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.resource.pk}),
    "resources:create": Entry(Perm.EDIT_AREA, city),
    "resources:edit": Entry(Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.resource.pk}),
    "resources:verify": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.resource.pk}, "post"
    ),
    "resources:review_clear": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.resource.pk}, "post"
    ),
    "resources:bulk": Entry(Perm.EDIT_AREA, city, "post"),
    "resources:duplicates": Entry(Perm.VIEW, city),
    "resources:export_hsds": Entry(Perm.VIEW, city),
    "resources:export_flat": Entry(Perm.VIEW, city),
    "resources:export_standard": Entry(Perm.VIEW, city),
    "resources:merge": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.resource.pk, "other": fx.other_resource.pk},
    ),
    "resources:location_list": Entry(Perm.VIEW, city),
    "resources:contact_create": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.resource.pk}
    ),
    "resources:contact_edit": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.resource.pk, "contact": fx.contact.pk}
    ),
    "resources:role_create": Entry(Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.resource.pk}),
    "resources:role_edit": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.resource.pk, "role": fx.role.pk}
    ),
    "resources:role_close": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.resource.pk, "role": fx.role.pk},
        "post",
        lambda fx: {"version": fx.role.version},
    ),
    "resources:organization_list": Entry(Perm.VIEW, city),
    "resources:organization_create": Entry(Perm.EDIT_AREA, city),
    "resources:organization_edit": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.organization.pk}
    ),
    "resources:settings": Entry(Perm.MANAGE, city),
    "resources:location_create": Entry(Perm.EDIT_AREA, city),
    "resources:location_edit": Entry(Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.location.pk}),
    # 取込: every import with one sentence and the recent batches (issue #24).
    "core:imports": Entry(Perm.IMPORT_DATA, city),
    "core:import_upload": Entry(Perm.IMPORT_DATA, lambda fx: {**city(fx), "kind": "population"}),
    "core:import_preview": Entry(Perm.IMPORT_DATA, lambda fx: {**city(fx), "pk": fx.batch.pk}),
    "core:history": Entry(
        Perm.VIEW, lambda fx: {**city(fx), "model": "area", "pk": fx.town.area_id}
    ),
    "resources:sheet": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.resource.pk}),
    # Starting a background job: those who may edit somewhere (issue #20, viewers start none).
    "resources:sheet_batch": Entry(Perm.EDIT_AREA, city),
    # 市町村の設定: the admin's settings pages on one page (利用者と役割 listed only with
    # MANAGE_USERS).
    "core:municipality_settings": Entry(Perm.MANAGE, city),
    # 個人情報の閲覧記録 (issue #21): the municipal admin alone.
    "core:access_log": Entry(Perm.MANAGE, city),
    "core:personal_data_retention": Entry(Perm.MANAGE, city),
    # 住民からの申し込みの届け先 (issue #26): one of the admin's settings.
    "residents:settings": Entry(Perm.MANAGE, city),
    "opendata:settings": Entry(Perm.MANAGE, city),
    # Residents' requests: names and phone numbers, so the personal-data permission.
    "residents:inbox": Entry(Perm.PERSONAL_DATA, city),
    "residents:request_new": Entry(Perm.PERSONAL_DATA, city),
    "residents:request": Entry(Perm.PERSONAL_DATA, request_page),
    "residents:request_move": Entry(
        Perm.PERSONAL_DATA, request_page, "post", lambda fx: {"status": "contacted"}
    ),
    "residents:referral_add": Entry(
        Perm.PERSONAL_DATA, request_page, "post", lambda fx: {"resource": fx.other_resource.pk}
    ),
    # Placing a request in a 圏域 is layer 1's and the admin's work.
    "residents:request_area": Entry(
        Perm.PERSONAL_DATA,
        unplaced_request_page,
        "post",
        lambda fx: {"area": fx.town.area_id},
        roles=LAYER1_WRITERS,
    ),
    "residents:request_erase": Entry(
        Perm.PERSONAL_DATA, request_page, "post", lambda fx: {"confirmed": "1"}
    ),
    "residents:referral_settle": Entry(
        Perm.PERSONAL_DATA, fresh_referral, "post", lambda fx: {"outcome": "joined"}
    ),
    # 「情報がちがう」 and organisers' proposals (issue #26): whoever edits the registry.
    "residents:reports": Entry(Perm.EDIT_AREA, city),
    "residents:report_resolve": Entry(
        Perm.EDIT_AREA,
        fresh_report,
        "post",
        lambda fx: {"status": "fixed", "method": "phone", "resolution": "直した"},
    ),
    "residents:proposals": Entry(Perm.EDIT_AREA, city),
    "residents:proposal": Entry(Perm.EDIT_AREA, organiser_proposal),
    "core:generated_file": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.generated.pk}),
    # The fixture's file is a 確認票 batch, which holds personal data (issue #21): its download
    # is for those who may see it; a file of another kind is for every user (Perm.VIEW).
    "core:generated_file_download": Entry(
        Perm.PERSONAL_DATA, lambda fx: {**city(fx), "pk": fx.generated.pk}
    ),
    "analysis:settings": Entry(Perm.MANAGE, city),
    "analysis:overview": Entry(Perm.VIEW, city),
    "analysis:matrix": Entry(Perm.VIEW, city),
    "analysis:cell": Entry(Perm.VIEW, lambda fx: {**area(fx), "category": "support:shopping"}),
    "analysis:ranking": Entry(Perm.VIEW, city),
    "analysis:karte": Entry(Perm.VIEW, area),
    # Any reader may have the カルテ printed (a background job; redirects to the file's page).
    "analysis:karte_pdf": Entry(Perm.COORDINATE, area, "post"),
    # Making a gap a 地域課題 writes to the area (a layer-2 coordinator only in their own area).
    "analysis:gap_challenge": Entry(
        Perm.EDIT_AREA,
        area,
        "post",
        lambda fx: {"title": "買い物が不足", "category": "support:shopping"},
    ),
    "analysis:export": Entry(Perm.VIEW, city),
    "councils:list": Entry(Perm.VIEW, city),
    # お知らせ: every role reads its own (another's notice is a 404: notices/tests).
    "notices:inbox": Entry(Perm.VIEW, city),
    "notices:open": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.own_notice_pk()}),
    "notices:mark_read": Entry(Perm.VIEW, city, "post", lambda fx: {}),
    "notices:settings": Entry(Perm.VIEW, city),
    "councils:create": Entry(Perm.EDIT_AREA, city),
    "councils:home": Entry(Perm.VIEW, council),
    "councils:my_actions": Entry(Perm.VIEW, city),
    "councils:member_add": Entry(Perm.EDIT_AREA, council),
    "councils:meeting_create": Entry(Perm.EDIT_AREA, council),
    "councils:meeting_list": Entry(Perm.VIEW, council),
    "councils:meeting_calendar": Entry(Perm.VIEW, council),
    "councils:aims": Entry(Perm.VIEW, council),
    "councils:meeting": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.meeting.pk}),
    # Each part of the meeting page saves to its own address (one view checks writing for all).
    "councils:meeting_part": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.meeting.pk, "part": "attendance"},
        "post",
        lambda fx: {"present": [fx.member.pk], "guests_count": "1"},
    ),
    "councils:settings": Entry(Perm.EDIT_AREA, council),
    "councils:meeting_pdf": Entry(
        Perm.VIEW, lambda fx: {**city(fx), "pk": fx.meeting.pk, "document": "agenda"}
    ),
    "councils:challenge_create": Entry(
        Perm.EDIT_AREA,
        council,
        "post",
        lambda fx: {"challenge-title": "坂道", "challenge-source": "meeting"},
    ),
    "councils:escalate": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.challenge.pk},
        "post",
        lambda fx: {"reason": "圏域では足りない"},
    ),
    "councils:challenge_status": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.challenge.pk},
        "post",
        lambda fx: {"status": "considering"},
    ),
    # The register of 地域課題 and a challenge's page: every reader; its priority: the
    # challenge's council's writers.
    "councils:challenges": Entry(Perm.VIEW, city),
    "councils:challenge": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.challenge.pk}),
    "councils:challenge_priority": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.challenge.pk},
        "post",
        lambda fx: {"priority": "high"},
    ),
    "councils:material": Entry(
        Perm.VIEW, lambda fx: {**city(fx), "pk": fx.meeting.pk, "material": fx.material.pk}
    ),
    "councils:group_create": Entry(
        Perm.EDIT_AREA,
        layer1,
        "post",
        lambda fx: {"group-title": "移動", "group-escalations": [fx.fresh_escalation().pk]},
        LAYER1_WRITERS,
    ),
    "councils:group_agenda": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.group.pk},
        "post",
        lambda fx: {"meeting": fx.layer1_meeting.pk},
        LAYER1_WRITERS,
    ),
    "councils:group_answer": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.group.pk},
        "post",
        lambda fx: {"decision": fx.decision.pk, "status": "acting"},
        LAYER1_WRITERS,
    ),
    "councils:message_send": Entry(
        Perm.EDIT_AREA,
        layer1,
        "post",
        lambda fx: {
            "message-kind": "notice",
            "message-title": "お知らせ",
            "message-body": "本文",
            "message-recipients": [fx.council.pk],
        },
        LAYER1_WRITERS,
    ),
    # The layer-1 inbox: pass a challenge on to the 専門部会, take one out of its group.
    "councils:escalation_hand_over": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.fresh_escalation().pk},
        "post",
        lambda fx: {"to_council": subcommittee(fx).pk, "note": "専門的に"},
        LAYER1_WRITERS,
    ),
    "councils:escalation_ungroup": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fresh_grouped(fx).pk},
        "post",
        lambda fx: {},
        LAYER1_WRITERS,
    ),
    "councils:calendar_rotate": Entry(Perm.EDIT_AREA, council, "post", lambda fx: {}),
    # A council's targets per 圏域: its writers set, change and remove them.
    "councils:targets": Entry(Perm.EDIT_AREA, council),
    "councils:target_remove": Entry(
        Perm.EDIT_AREA,
        lambda fx: {
            **council(fx),
            # A target to remove at each call (the previous role's may be gone).
            "target": fx.council.targets.get_or_create(
                area=fx.town.area, indicator="kayoi", fiscal_year=2026, defaults={"value": 5}
            )[0].pk,
        },
        "post",
        lambda fx: {},
    ),
    "councils:member_end": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.member.pk},
        "post",
        lambda fx: {"term_end": "2027-03-31", "version": current_version(fx.member)},
    ),
    # A member's interests: the council's writers (its members, the area's coordinators).
    "councils:member_interests": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.member.pk},
        "post",
        lambda fx: {"interests": "買い物", "tags": "買い物", "version": current_version(fx.member)},
    ),
    # 「やることの一覧（A4）」 of one member or of all: the council's coordinators.
    "councils:member_sheet": Entry(Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.member.pk}),
    "councils:member_sheets": Entry(Perm.EDIT_AREA, council),
    # Layer 1 supports layer 2: the overview of a layer-1 council's layer-2 councils is for every
    # reader; 助言 is written by advisers and layer 1 (the admin and the layer-1 coordinator),
    # not by the layer-2 coordinator, members or viewers; 「確認しました」 on a message is for
    # the writers of the receiving (layer-2) council (a fresh message each call).
    "councils:overview": Entry(Perm.VIEW, layer1),
    "councils:advice_write": Entry(
        Perm.VIEW,
        council,
        "post",
        lambda fx: {"advice-body": "記録を続けましょう"},
        frozenset({Role.MUNICIPAL_ADMIN, Role.SC_LAYER1, Role.ADVISER}),
    ),
    "councils:meeting_advice": Entry(
        Perm.VIEW,
        lambda fx: {**city(fx), "pk": fx.meeting.pk},
        "post",
        lambda fx: {"advice-body": "振り返りを"},
        frozenset({Role.MUNICIPAL_ADMIN, Role.SC_LAYER1, Role.ADVISER}),
    ),
    "councils:message_read": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fresh_receipt(fx).pk},
        "post",
        lambda fx: {},
    ),
    # 対話 (issue #25): the meeting's council's readers see the board and its outputs; its
    # writers (members, the area's coordinators) start a dialogue and change it.
    "dialogues:create": Entry(Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.meeting.pk}),
    "dialogues:board": Entry(Perm.VIEW, dialogue),
    "dialogues:qr": Entry(Perm.VIEW, dialogue),
    "dialogues:cards_xlsx": Entry(Perm.VIEW, dialogue),
    "dialogues:board_pdf": Entry(Perm.VIEW, dialogue),
    "dialogues:summary_to_minutes": Entry(Perm.EDIT_AREA, dialogue, "post", lambda fx: {}),
    "dialogues:status": Entry(Perm.EDIT_AREA, dialogue, "post", lambda fx: {"status": "open"}),
    "dialogues:settings": Entry(
        Perm.EDIT_AREA,
        dialogue,
        "post",
        lambda fx: {
            "settings-cross_sector_min": "3",
            "settings-threshold": "0.3",
            "settings-version": current_version(fx.dialogue),
        },
    ),
    "dialogues:card_add": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"card-text": "坂道がつらい"}
    ),
    "dialogues:cards_paste": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"paste-text": "坂道がつらい\t住民"}
    ),
    "dialogues:card_move": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"card": fresh_card(fx).pk, "to": "new"}
    ),
    "dialogues:card_hide": Entry(
        Perm.EDIT_AREA,
        dialogue,
        "post",
        lambda fx: {"card": fresh_card(fx).pk, "reason": "個人が特定できる"},
    ),
    "dialogues:card_show": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"card": fresh_card(fx, hidden=True).pk}
    ),
    "dialogues:groups_suggest": Entry(Perm.EDIT_AREA, dialogue, "post", lambda fx: {}),
    "dialogues:groups_merge": Entry(
        Perm.EDIT_AREA,
        dialogue,
        "post",
        lambda fx: {"groups": [fresh_group(fx).pk, fresh_group(fx).pk]},
    ),
    "dialogues:group_rename": Entry(
        Perm.EDIT_AREA,
        dialogue,
        "post",
        lambda fx: {"group": fresh_group(fx).pk, "name": "坂道と買い物"},
    ),
    "dialogues:group_challenge": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"group": fresh_group(fx).pk}
    ),
    # ストーリー探し: readers see the stories; the council's writers make them and turn them
    # into a 地域課題, an action, a project; a つなぎ is the coordinators' record.
    "dialogues:stories": Entry(Perm.VIEW, dialogue),
    "dialogues:story_create": Entry(
        Perm.EDIT_AREA,
        dialogue,
        "post",
        lambda fx: {"new-title": "買い物", "new-wish": fresh_story_cards(fx)[0].pk},
    ),
    "dialogues:story_update": Entry(Perm.EDIT_AREA, dialogue, "post", story_edit),
    "dialogues:story_delete": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"story": fresh_story(fx).pk}
    ),
    "dialogues:story_challenge": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"story": fresh_story(fx).pk}
    ),
    "dialogues:story_action": Entry(
        Perm.EDIT_AREA,
        dialogue,
        "post",
        lambda fx: {"story": fresh_story(fx).pk, "owners": [fx.member.pk]},
    ),
    "dialogues:story_connection": Entry(
        Perm.COORDINATE,
        dialogue,
        "post",
        lambda fx: {
            "story": fresh_story(fx, resource=True).pk,
            "organization": fx.organization.pk,
            "purpose": "venue",
        },
    ),
    "dialogues:story_project": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"story": story_for_project(fx).pk}
    ),
    # The agreement round: readers see the results; writers write each group's statement and
    # open and close the round (opening needs a statement: the data writes one first).
    "dialogues:agreement": Entry(Perm.VIEW, dialogue),
    "dialogues:group_statement": Entry(
        Perm.EDIT_AREA,
        dialogue,
        "post",
        lambda fx: {"group": fresh_group(fx).pk, "statement": "坂道の移動を地域で助け合う"},
    ),
    "dialogues:agreement_open": Entry(
        Perm.EDIT_AREA, dialogue, "post", lambda fx: {"group": fresh_statement(fx).pk}
    ),
    "dialogues:agreement_close": Entry(Perm.EDIT_AREA, dialogue, "post", lambda fx: {}),
    # The network of つなぎ: coordinators and the municipal admin, in the whole municipality.
    "activities:network": Entry(Perm.COORDINATE, city),
    "plans:standard_amount": Entry(Perm.VIEW, city),
    "plans:survey_return": Entry(Perm.VIEW, city),
    "plans:list": Entry(Perm.VIEW, city),
    "plans:plan_create": Entry(Perm.EDIT_AREA, city, roles=LAYER1_WRITERS),
    "plans:plan_edit": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.plan.pk}, roles=LAYER1_WRITERS
    ),
    "plans:measure_create": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "plan": fx.plan.pk}, roles=LAYER1_WRITERS
    ),
    "plans:measure_edit": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.indicator.measure_id}, roles=LAYER1_WRITERS
    ),
    "plans:indicator_create": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "measure": fx.indicator.measure_id},
        roles=LAYER1_WRITERS,
    ),
    "plans:indicator_edit": Entry(
        Perm.EDIT_AREA, lambda fx: {**city(fx), "pk": fx.indicator.pk}, roles=LAYER1_WRITERS
    ),
    "plans:newsletters": Entry(Perm.VIEW, city),
    "plans:newsletter_create": Entry(Perm.COORDINATE, city),
    "plans:newsletter_file": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.newsletter.pk}),
    # The national unit amounts are shared by every municipality: no municipal role writes them.
    "plans:unit_create": Entry(Perm.MANAGE, city, roles=frozenset()),
    "plans:detail": Entry(Perm.VIEW, lambda fx: {**city(fx), "pk": fx.plan.pk}),
    "plans:report_file": Entry(
        Perm.VIEW, lambda fx: {**city(fx), "pk": fx.plan.pk, "year": 2025, "format": "xlsx"}
    ),
    # Plans are written by the municipal admin and the layer-1 coordinator.
    "plans:indicator_value": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.indicator.pk},
        "post",
        lambda fx: {
            "year": "2026",
            "kind": "target",
            "value": "3",
            "version": current_version(fx.indicator),
        },
        LAYER1_WRITERS,
    ),
    "plans:report_issue": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.plan.pk},
        "post",
        lambda fx: {"year": "2025"},
        LAYER1_WRITERS,
    ),
    # 官民連携 projects: any reader sees them; writing is EDIT_AREA in the project's area.
    "projects:board": Entry(Perm.VIEW, city),
    "projects:detail": Entry(Perm.VIEW, project),
    "projects:create": Entry(Perm.EDIT_AREA, city),
    "projects:edit": Entry(Perm.EDIT_AREA, project),
    "projects:stage": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {"stage-stage": next_stage(fx), "stage-changed_on": "2026-11-27"},
    ),
    "projects:partner_add": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {"partner-organization": OrganizationFactory(municipality=fx.city).pk},
    ),
    "projects:partner_remove": Entry(
        Perm.EDIT_AREA, project, "post", lambda fx: {"partner": fresh_partner(fx).pk}
    ),
    "projects:resource_link": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {"resource-resource": ResourceFactory(municipality=fx.city).pk},
    ),
    "projects:resource_unlink": Entry(
        Perm.EDIT_AREA, project, "post", lambda fx: {"resource": linked_resource(fx).pk}
    ),
    "projects:hypothesis_add": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {"hypothesis-statement": "来る", "hypothesis-method": "数える"},
    ),
    "projects:hypothesis_result": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {
            "result-hypothesis": the_project(fx).hypotheses.first().pk,
            "result-status": "supported",
            "result-result": "47人が応じた",
            "result-version": the_project(fx).version,  # as the page shows it now (#21)
        },
    ),
    "projects:milestone_add": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {"milestone-title": "評価", "milestone-due_on": "2027-02-26"},
    ),
    "projects:milestone_done": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {"done-milestone": fresh_milestone(fx).pk, "done-done_on": "2026-11-27"},
    ),
    "projects:budget": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {
            "budget-fiscal_year": "2026",
            "budget-planned": "1800",
            "budget-subsidy_planned": "0",
            "budget-version": the_project(fx).version,
        },
    ),
    "projects:indicator_add": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {"indicator-name": "回数", "indicator-unit": "回"},
    ),
    "projects:indicator_actual": Entry(
        Perm.EDIT_AREA,
        project,
        "post",
        lambda fx: {
            "actual-indicator": the_project(fx).outcome_indicators.first().pk,
            "actual-actual": "52",
            "actual-version": the_project(fx).version,
        },
    ),
    # The activity log: coordinators and admins only (free text may name residents).
    "activities:list": Entry(Perm.COORDINATE, city),
    "activities:create": Entry(Perm.COORDINATE, city),
    # Corrected by whoever recorded it (another coordinator here) or the admin and layer 1.
    "activities:edit": Entry(
        Perm.COORDINATE, lambda fx: {**city(fx), "pk": fx.activity.pk}, roles=LAYER1_WRITERS
    ),
    "activities:summary": Entry(Perm.COORDINATE, city),
    "activities:summary_export": Entry(Perm.COORDINATE, city),
    "activities:connections": Entry(Perm.COORDINATE, city),
    "activities:connection_status": Entry(
        Perm.COORDINATE,
        lambda fx: {**city(fx), "pk": fx.connection.pk},
        "post",
        lambda fx: {"status": "ended", "changed_on": "2026-11-27"},
    ),
    "councils:action_progress": Entry(
        Perm.EDIT_AREA,
        lambda fx: {**city(fx), "pk": fx.action.pk},
        "post",
        lambda fx: {"note": "進めています"},
    ),
    # The site operator's screens: Perm.OPERATE, which no role grants (superusers only).
    "operator:municipalities": Entry(Perm.OPERATE, lambda fx: {}),
    "operator:start": Entry(Perm.OPERATE, lambda fx: {"code": "132209"}),
    "operator:started": Entry(Perm.OPERATE, lambda fx: {"code": "132209"}),
    "operator:union_create": Entry(Perm.OPERATE, lambda fx: {}),
    # 利用者と役割: the municipal admin alone (Perm.MANAGE_USERS). 利用停止 and 利用再開 act on
    # a fresh viewer each call, so the viewer signed in for the walk keeps their account.
    "users:list": Entry(Perm.MANAGE_USERS, city),
    "users:create": Entry(Perm.MANAGE_USERS, city),
    "users:handover": Entry(Perm.MANAGE_USERS, city),
    "users:detail": Entry(Perm.MANAGE_USERS, viewer),
    "users:created": Entry(Perm.MANAGE_USERS, viewer),
    "users:role_add": Entry(Perm.MANAGE_USERS, viewer),
    "users:role_end": Entry(
        Perm.MANAGE_USERS,
        lambda fx: {**viewer(fx), "assignment": fx.users[Role.VIEWER].role_assignments.get().pk},
    ),
    "users:deactivate": Entry(Perm.MANAGE_USERS, fresh_viewer, "post", lambda fx: {}),
    "users:reactivate": Entry(Perm.MANAGE_USERS, fresh_viewer, "post", lambda fx: {}),
    "users:two_factor_reset": Entry(Perm.MANAGE_USERS, viewer_with_app),
}


def url_names(patterns: list | None = None, namespace: str = "") -> Iterator[str]:
    """Every named URL pattern reachable from the root resolver, with its namespace."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


class EveryViewHasAPermissionEntryTests(TestCase):
    def test_every_url_name_is_public_signed_in_or_in_the_matrix(self) -> None:
        names = set(url_names())
        unlisted = names - PUBLIC_URL_NAMES - SIGNED_IN_URL_NAMES - set(MATRIX)
        self.assertEqual(unlisted, set(), "URL names without a permission entry")

    def test_the_matrix_names_no_url_that_does_not_exist(self) -> None:
        self.assertEqual(set(MATRIX) - set(url_names()), set())


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # The city's code is fixed: a code from the factory's cycle could be the other city's.
        cls.town = TownFactory(area__municipality__code="132012")
        cls.city = cls.town.municipality
        cls.other_city = MunicipalityFactory(code="132021")
        cls.users = {
            role: user_with_role(role, cls.city, area=cls.town.area) for role in Role.values
        }
        cls.outsider = user_with_role(Role.MUNICIPAL_ADMIN, cls.other_city)
        cls.resource = resource_at(cls.town)
        cls.location = cls.resource.service_locations.get().location
        cls.other_resource = resource_at(cls.town)
        cls.contact = Contact.objects.create(resource=cls.resource, name="代表者")
        cls.role = VolunteerRole.objects.create(resource=cls.resource, title="お茶出し")
        cls.organization = OrganizationFactory(municipality=cls.city)
        cls.desk = CoordinatorDesk.objects.create(
            area=cls.town.area, organization="地域包括支援センター", phone="042-000-9001"
        )
        cls.batch = batch_create(
            municipality=cls.city,
            kind="towns",
            name="towns.csv",
            data="町丁目名,圏域名\n".encode(),
            user=cls.users[Role.MUNICIPAL_ADMIN],
        )
        cls.generated = GeneratedFile.objects.create(
            municipality=cls.city,
            title="確認票",
            kind="resource_sheets",
            status=JobStatus.DONE,
            file=ContentFile(b"%PDF-1.7", name="sheets.pdf"),
            created_by=cls.users[Role.MUNICIPAL_ADMIN],
        )
        cls.councils_fixture(cls.users[Role.SC_LAYER1])
        cls.plan = Plan.objects.create(
            municipality=cls.city, name="第9期", first_year=2024, last_year=2026
        )
        cls.indicator = Indicator.objects.create(
            measure=Measure.objects.create(plan=cls.plan, name="普及啓発"),
            name="広報紙の発行回数", unit="回", source="newsletters",
        )  # fmt: skip
        recorder = user_with_role(Role.SC_LAYER2, cls.city, area=cls.town.area)
        cls.activity = activity_services.activity_record(
            municipality=cls.city, coordinator=recorder, user=recorder,
            values=activity_services.ActivityInput(
                done_on=datetime.date(2026, 11, 1), kind="visit", summary="訪問"
            ),
        )  # fmt: skip
        cls.newsletter = NewsletterIssue.objects.create(
            municipality=cls.city, title="ささえあい通信", number=1,
            issued_on=datetime.date(2026, 6, 1), file=ContentFile(b"%PDF-1.7", name="n1.pdf"),
        )  # fmt: skip
        cls.connection = activity_services.connection_create(
            municipality=cls.city, user=cls.users[Role.SC_LAYER1],
            item=activity_services.ConnectionInput(
                source=activity_services.Actor(organization=cls.organization),
                target=activity_services.Actor(resource=cls.resource),
                purpose="venue", made_on=datetime.date(2026, 4, 1),
            ),
        )  # fmt: skip

    @classmethod
    def councils_fixture(cls, user: Any) -> None:
        """A layer-2 council in the town's area with a meeting, an action and an escalated
        challenge; the layer-1 council above it with a planned meeting, a decision and a
        group of escalated challenges."""
        cls.layer1 = councils.council_create(
            municipality=cls.city, area=cls.town.area.parent, name="第1層協議体", user=user
        )
        cls.council = councils.council_create(
            municipality=cls.city, area=cls.town.area, name="第2層協議体", user=user
        )
        cls.meeting = MeetingFactory(council=cls.council)
        cls.layer1_meeting = MeetingFactory(council=cls.layer1)
        cls.material = councils.material_add(
            meeting=cls.meeting, title="資料1", file=ContentFile(b"%PDF-1.7", name="a.pdf"),
            user=user,
        )  # fmt: skip
        cls.member = MembershipFactory(council=cls.council)
        cls.action = councils.action_create(
            council=cls.council, title="チラシ", owners=[cls.member], user=user
        )
        cls.challenge = councils.challenge_create(
            municipality=cls.city, council=cls.council, title="坂道", source="meeting", user=user
        )
        raised = councils.challenge_create(
            municipality=cls.city, council=cls.council, title="買い物", source="meeting", user=user
        )
        cls.escalation = councils.challenge_escalate(challenge=raised, reason="予算", user=user)
        cls.group = councils.group_create(
            council=cls.layer1, title="買い物", escalations=[cls.escalation], user=user
        )
        cls.decision = councils.decision_record(
            council=cls.layer1, title="移動販売", method="consensus",
            decided_on=datetime.date(2026, 11, 27), user=user,
        )  # fmt: skip
        cls.dialogue = dialogues.dialogue_create(
            meeting=cls.meeting, user=user, method="common_ground", question="気になっていること"
        )

    def own_notice_pk(self) -> int:
        """A notice of the user signed in (of the admin when no one is: the anonymous visitor
        and the outsider are refused before the notice is looked up)."""
        signed_in = self.client.session.get("_auth_user_id")
        user = (
            self.users[Role.MUNICIPAL_ADMIN]
            if signed_in is None
            else User.objects.get(pk=signed_in)
        )
        notice, _created = Notice.objects.get_or_create(
            user=user, kind=NoticeKind.ACTION_ASSIGNED, key="matrix",
            defaults={"municipality": self.city, "title": "チラシ", "url": "/"},
        )  # fmt: skip
        return notice.pk

    def fresh_escalation(self) -> Any:
        """A challenge just sent up to layer 1 and not grouped yet (each call a new one)."""
        challenge = councils.challenge_create(
            municipality=self.city, council=self.council, title="通院", source="meeting",
            user=self.users[Role.SC_LAYER1],
        )  # fmt: skip
        return councils.challenge_escalate(
            challenge=challenge, reason="予算", user=self.users[Role.SC_LAYER1]
        )

    def call(self, entry: Entry, name: str):
        url = reverse(name, kwargs=entry.kwargs(self))
        if entry.data is not None:
            return self.client.post(url, entry.data(self))
        return getattr(self.client, entry.method)(url)

    def test_anonymous_visitors_are_sent_to_the_login_page(self) -> None:
        for name, entry in MATRIX.items():
            with self.subTest(name):
                response = self.call(entry, name)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_a_user_of_another_municipality_is_refused(self) -> None:
        self.client.force_login(self.outsider)
        for name, entry in MATRIX.items():
            with self.subTest(name):
                self.assertEqual(self.call(entry, name).status_code, 403)

    def test_each_role_is_allowed_exactly_when_it_grants_the_permission(self) -> None:
        for role, user in self.users.items():
            self.client.force_login(user)
            for name, entry in MATRIX.items():
                with self.subTest(name=name, role=role):
                    status = self.call(entry, name).status_code
                    allowed = entry.perm in ROLE_PERMS[role]
                    if entry.roles is not None:
                        allowed = role in entry.roles
                    if allowed:
                        self.assertIn(status, (200, 302))
                    else:
                        self.assertEqual(status, 403)

    def test_the_site_operator_alone_opens_the_operator_screens(self) -> None:
        self.client.force_login(UserFactory(is_superuser=True))
        for name, entry in MATRIX.items():
            if entry.perm == Perm.OPERATE:
                with self.subTest(name):
                    self.assertEqual(self.call(entry, name).status_code, 200)

    def test_public_views_open_without_signing_in(self) -> None:
        portal = {"lgcode": self.city.code}
        organization = OrganizationFactory(municipality=self.city)
        self.resource.organization = organization
        self.resource.save(update_fields=["organization"])
        kwargs = {
            "portal:home": portal,
            "portal:search": portal,
            "portal:map": portal,
            "portal:detail": {**portal, "pk": self.resource.pk},
            "portal:area": {**portal, "pk": self.town.area_id},
            "portal:print_list": {**portal, "pk": self.town.area_id},
            "portal:print_pdf": {**portal, "pk": self.town.area_id},
            "portal:this_week": portal,
            "portal:accessibility": portal,
            "portal:help_wanted": portal,
            "portal:match": portal,
            "residents_public:request": portal,
            "residents_public:request_done": portal,
            "residents_public:report": {**portal, "pk": self.resource.pk},
            "residents_public:report_done": {**portal, "pk": self.resource.pk},
            "residents_public:organiser": {"token": organiser_links.make_token(self.resource.pk)},
            "councils:calendar": {**portal, "token": self.council.calendar_token},
            # A dialogue in preparation: its participants' page says so (200).
            "dialogues_public:write": {"key": self.dialogue.key},
            "opendata:page": portal,
            "opendata:catalog": portal,
            "opendata:file": {**portal, "filename": "hsds.json"},
            # HSDS API: a detail by its stable UUID (the organisation is given to the resource
            # below: the fixture's has none).
            "opendata:hsds_meta": portal,
            "opendata:hsds_services": portal,
            "opendata:hsds_service": {**portal, "hsds_id": str(self.resource.uuid)},
            "opendata:hsds_organizations": portal,
            "opendata:hsds_organization": {**portal, "hsds_id": str(organization.uuid)},
            "opendata:hsds_service_at_locations": portal,
            "opendata:hsds_service_at_location": {
                **portal,
                "hsds_id": str(self.resource.service_locations.get().uuid),
            },
            "opendata:hsds_taxonomies": portal,
            "opendata:hsds_taxonomy_terms": portal,
            # A link already used or made up: the page refuses it (200, in Japanese).
            "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "used-link"},
        }
        # The open-data files exist once the morning job has run (before, the file is a 404).
        opendata_store(municipality=self.city)
        for name in PUBLIC_URL_NAMES:
            with self.subTest(name):
                url = reverse(name, kwargs=kwargs.get(name))
                # The print PDF's first visit starts its job and shows the waiting page (202).
                expected = 202 if name == "portal:print_pdf" else 200
                if name == "accounts:two_factor_verify":
                    # The code page without a password step first: back to the login page.
                    response = self.client.get(url)
                    self.assertRedirects(
                        response, reverse("accounts:login"), fetch_redirect_response=False
                    )
                    continue
                self.assertEqual(self.client.get(url).status_code, expected)
