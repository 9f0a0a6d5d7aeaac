"""協議体 (councils) and their work: members, meetings (agenda, attendance, minutes, materials),
decisions, action items, planning teams, reflections, and 地域課題 (challenges) with escalation
from a layer-2 council to its layer-1 council and messages back down."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sasaeai.core.versioning import VersionedModel
from sasaeai.resources.constants import Sector

from .constants import (
    ActionStatus,
    ChallengeSource,
    ChallengeStatus,
    DecisionMethod,
    EvidenceKind,
    KptKind,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MessageKind,
    Priority,
    Standing,
    TargetIndicator,
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Council(VersionedModel):
    """協議体: layer 1 for the municipality (or a ward), layer 2 for one 日常生活圏域."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="councils", verbose_name=_("圏域")
    )
    name = models.CharField(_("名称"), max_length=200)
    # A layer-1 council's 専門部会 (sub-committee): escalations may be passed on to it.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subcommittees",
        verbose_name=_("親の協議体（専門部会のとき）"),
    )
    # The current ねらい and 目指す地域の姿; every revision is kept in CouncilAims.
    aims = models.TextField(_("ねらい"), blank=True)
    target_state = models.TextField(_("目指す地域の姿"), blank=True)
    established_on = models.DateField(_("設置日"), null=True, blank=True)
    # Printed on the 開催通知 so that members without e-mail can say they cannot come.
    office_phone = models.CharField(_("事務局の電話番号"), max_length=30, blank=True)
    # The secret part of the council's calendar (iCal) address; a new one revokes the old.
    calendar_token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["calendar_token", "version"])

    class Meta:
        verbose_name = _("協議体")
        verbose_name_plural = _("協議体")
        ordering = ["area__layer", "area__kana_key", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="council_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def layer(self) -> int:
        return self.area.layer


class Membership(VersionedModel):
    """A person on a council for a term, representing an organisation or themselves."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("協議体")
    )
    name = models.CharField(_("氏名"), max_length=100)
    kana = models.CharField(_("ふりがな"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("利用者"),
    )
    organization = models.ForeignKey(
        "resources.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("所属団体（空欄は住民個人）"),
    )
    sector = models.CharField(_("分野"), max_length=32, choices=Sector.choices)
    role = models.CharField(_("役職"), max_length=32, choices=MemberRole.choices)
    term_start = models.DateField(_("任期の始まり"))
    term_end = models.DateField(_("任期の終わり"), null=True, blank=True)
    # Private: only the council's coordinators see these (notices go by post without e-mail).
    email = models.EmailField(_("メールアドレス"), blank=True)
    postal_address = models.CharField(_("郵送先"), max_length=300, blank=True)
    # What the member cares about and can offer, shared inside the council (not personal
    # contact data) and read by the dialogue tools.
    interests = models.TextField(_("関心・気になっていること"), blank=True)
    abilities = models.TextField(_("できること"), blank=True)
    interest_tags = models.JSONField(_("関心のタグ"), default=list, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("協議体メンバー")
        verbose_name_plural = _("協議体メンバー")
        ordering = ["council", "kana", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="membership_term_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """One meeting of a council; `version` guards the agenda and minutes against lost edits."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("協議体")
    )
    kind = models.CharField(_("種類"), max_length=32, choices=MeetingKind.choices)
    title = models.CharField(_("会議名"), max_length=200)
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了"), null=True, blank=True)
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    status = models.CharField(
        _("状態"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("議事録"), blank=True)
    private_notes = models.TextField(_("事務局メモ（コーディネーターのみ）"), blank=True)
    # People who came without being recorded one by one (a head count); those recorded with
    # their sector are MeetingGuest rows.
    guests_count = models.PositiveSmallIntegerField(_("メンバー以外の参加者数"), default=0)
    # A joint or open meeting (交流会, タウンミーティング ...): the other councils taking part,
    # whose members may be marked present too. `council` is the one that holds it.
    joint_councils = models.ManyToManyField(
        Council, blank=True, related_name="joint_meetings", verbose_name=_("合同で開く協議体")
    )
    # An explicit 「記録なし」: the meeting decided nothing and set no action or reflection,
    # so its record can be complete without them.
    no_outcomes = models.BooleanField(_("決定事項・実践・振り返りは記録なし"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[joint_councils])

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["council", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def all_councils(self) -> list[Council]:
        """The council holding the meeting, then those holding it jointly."""
        return [self.council, *self.joint_councils.all()]


class AgendaItem(models.Model):
    """One item of a meeting's 次第, in order, with its presenter and its part of the minutes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("会議")
    )
    order = models.PositiveSmallIntegerField(_("順番"))
    title = models.CharField(_("議題"), max_length=200)
    presenter = models.CharField(_("説明者"), max_length=100, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("時間（分）"), null=True, blank=True)
    notes = models.TextField(_("記録"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("議題")
        verbose_name_plural = _("議題")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether a member came to a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("会議")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("メンバー")
    )
    present = models.BooleanField(_("出席"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("出欠")
        verbose_name_plural = _("出欠")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {'出席' if self.present else '欠席'}"


class MeetingGuest(models.Model):
    """Someone at a meeting who is not a member of its councils: a coordinator, an adviser,
    a resident or a company's person. Sector and organisation are what the plan counts; the
    name is optional and personal (shown only with the personal-data permission)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("会議")
    )
    standing = models.CharField(
        _("立場"), max_length=16, choices=Standing.choices, default=Standing.GUEST
    )
    sector = models.CharField(_("分野"), max_length=32, choices=Sector.choices)
    organization = models.ForeignKey(
        "resources.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属団体（登録済み）"),
    )
    organization_name = models.CharField(_("所属（登録のない団体）"), max_length=200, blank=True)
    name = models.CharField(_("氏名（任意）"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("メンバー以外の参加者")
        verbose_name_plural = _("メンバー以外の参加者")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.organization_label or self.get_sector_display()

    @property
    def organization_label(self) -> str:
        return self.organization.name if self.organization else self.organization_name


class Material(models.Model):
    """A file handed out at a meeting (served only through a permission-checked view)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="materials", verbose_name=_("会議")
    )
    title = models.CharField(_("資料名"), max_length=200)
    file = models.FileField(_("ファイル"), upload_to="materials/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会議資料")
        verbose_name_plural = _("会議資料")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanningTeam(models.Model):
    """企画検討チーム formed from a meeting to prepare one piece of work."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="teams", verbose_name=_("協議体")
    )
    formed_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams_formed",
        verbose_name=_("結成した会議"),
    )
    name = models.CharField(_("チーム名"), max_length=200)
    purpose = models.TextField(_("目的"))
    members = models.ManyToManyField(Membership, related_name="teams", verbose_name=_("メンバー"))
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("企画検討チーム")
        verbose_name_plural = _("企画検討チーム")
        ordering = ["council", "name"]

    def __str__(self) -> str:
        return self.name


class Challenge(models.Model):
    """地域課題: raised by a council (or by analysis or a coordinator), with its status history
    and evidence; every app creates one through councils.services.challenge_create."""

    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("市町村")
    )
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("取り上げた協議体"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("圏域"),
    )
    layer = models.PositiveSmallIntegerField(_("層"))
    title = models.CharField(_("課題"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    categories = models.JSONField(_("分野"), default=list, blank=True)
    source = models.CharField(_("きっかけ"), max_length=32, choices=ChallengeSource.choices)
    source_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges_raised",
        verbose_name=_("提起された会議"),
    )
    status = models.CharField(
        _("状態"), max_length=16, choices=ChallengeStatus.choices, default=ChallengeStatus.RAISED
    )
    priority = models.CharField(
        _("優先度"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("地域課題")
        verbose_name_plural = _("地域課題")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title


class ChallengeStatusChange(models.Model):
    """One step of a challenge's status history (提起 → 検討中 → 対応中 → 解決 / 継続)."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("状態"), max_length=16, choices=ChallengeStatus.choices)
    note = models.TextField(_("理由・経過"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("地域課題の状態の変化")
        verbose_name_plural = _("地域課題の状態の変化")
        ordering = ["challenge", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.challenge}: {self.get_status_display()}"


class ChallengeEvidence(models.Model):
    """Why the challenge is real: an indicator's figure, a resource, a meeting or a note."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("種類"), max_length=16, choices=EvidenceKind.choices)
    label = models.CharField(_("根拠"), max_length=300)
    value = models.CharField(_("数値など"), max_length=100, blank=True)
    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("地域課題の根拠")
        verbose_name_plural = _("地域課題の根拠")
        ordering = ["challenge", "pk"]

    def __str__(self) -> str:
        return self.label


class Decision(models.Model):
    """What a council decided, why, and how; may answer escalated challenges."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("協議体")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("会議"),
    )
    title = models.CharField(_("決定事項"), max_length=300)
    reason = models.TextField(_("理由"), blank=True)
    method = models.CharField(_("決め方"), max_length=16, choices=DecisionMethod.choices)
    decided_on = models.DateField(_("決定日"))
    review_on = models.DateField(_("見直し日"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("決定事項")
        verbose_name_plural = _("決定事項")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    """実践: a piece of work with owners and a due date, from a meeting, decision or team."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="actions", verbose_name=_("協議体")
    )
    title = models.CharField(_("やること"), max_length=300)
    owners = models.ManyToManyField(Membership, related_name="actions", verbose_name=_("担当"))
    due_on = models.DateField(_("期限"), null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.TODO
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    team = models.ForeignKey(
        PlanningTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    # The 地域課題 this work answers, and the 地域資源 it gave birth to (a new サロン ...).
    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("応える地域課題"),
    )
    resource = models.ForeignKey(
        "resources.Resource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="born_of_actions",
        verbose_name=_("生まれた地域資源"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[owners])

    class Meta:
        verbose_name = _("実践（やること）")
        verbose_name_plural = _("実践（やること）")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["council", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title


class ActionProgress(models.Model):
    """A dated note on how an action item is going."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField(_("経過"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("実践の経過")
        verbose_name_plural = _("実践の経過")
        ordering = ["action", "written_at", "pk"]

    def __str__(self) -> str:
        return self.note[:40]


class ReflectionItem(models.Model):
    """One Keep, Problem or Try of a meeting's 振り返り; a Try may become an action item."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("会議")
    )
    kind = models.CharField(_("区分"), max_length=16, choices=KptKind.choices)
    text = models.CharField(_("内容"), max_length=300)
    action = models.OneToOneField(
        ActionItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_try",
        verbose_name=_("実践にしたもの"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("振り返り")
        verbose_name_plural = _("振り返り")
        ordering = ["meeting", "kind", "pk"]

    def __str__(self) -> str:
        return self.text


class ChallengeGroup(models.Model):
    """Similar escalated challenges from several areas, taken up together by a layer-1 council."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="challenge_groups", verbose_name=_("協議体")
    )
    title = models.CharField(_("まとめた課題"), max_length=200)
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge_groups",
        verbose_name=_("取り上げた議題"),
    )
    answer = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_groups",
        verbose_name=_("回答（決定事項）"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("課題のまとまり")
        verbose_name_plural = _("課題のまとまり")
        ordering = ["council", "pk"]

    def __str__(self) -> str:
        return self.title


class Escalation(models.Model):
    """A challenge forwarded from a layer-2 council to its layer-1 council, and the answer."""

    challenge = models.OneToOneField(
        Challenge, on_delete=models.CASCADE, related_name="escalation", verbose_name=_("地域課題")
    )
    from_council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="escalations_sent"
    )
    to_council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="escalations_received"
    )
    reason = models.TextField(_("第1層で扱ってほしい理由"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(_("送った日時"), auto_now_add=True)
    group = models.ForeignKey(
        ChallengeGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("まとめ先"),
    )
    answer = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_escalations",
        verbose_name=_("回答（決定事項）"),
    )
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("第1層への提起")
        verbose_name_plural = _("第1層への提起")
        ordering = ["-escalated_at", "-pk"]

    def __str__(self) -> str:
        return str(self.challenge)


class EscalationHandover(models.Model):
    """An escalated challenge passed on from one layer-1 body to another (the main council
    to its 専門部会, or back): the escalation's `to_council` moves, this keeps the path."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="handovers")
    from_council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    to_council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("引き継ぐ理由"), blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    handed_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("提起の引き継ぎ")
        verbose_name_plural = _("提起の引き継ぎ")
        ordering = ["escalation", "handed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_council} → {self.to_council}"


class CouncilMessage(models.Model):
    """Good practice, a decision or a notice sent by a layer-1 council to the layer-2
    councils it chose (MessageReceipt: one per council, with its read mark)."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="messages_sent", verbose_name=_("協議体")
    )
    kind = models.CharField(_("種類"), max_length=16, choices=MessageKind.choices)
    title = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("送った日時"), auto_now_add=True)
    recipients: "models.ManyToManyField[Council, MessageReceipt]" = models.ManyToManyField(
        Council,
        through="MessageReceipt",
        related_name="messages_received",
        verbose_name=_("送り先の協議体"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("第1層からのお知らせ")
        verbose_name_plural = _("第1層からのお知らせ")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class MessageReceipt(models.Model):
    """A message as one receiving council has it: read (確認済) once someone of that council
    marked it so."""

    message = models.ForeignKey(CouncilMessage, on_delete=models.CASCADE, related_name="receipts")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="receipts")
    read_at = models.DateTimeField(_("確認した日時"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した人"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("お知らせの受け取り")
        verbose_name_plural = _("お知らせの受け取り")
        ordering = ["message", "council"]
        constraints = [
            models.UniqueConstraint(fields=["message", "council"], name="message_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.message}: {self.council}"


class Advice(models.Model):
    """助言: an adviser's or a layer-1 coordinator's advice on a council or one of its
    meetings, shown there."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="advice", verbose_name=_("協議体")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="advice",
        verbose_name=_("会議"),
    )
    body = models.TextField(_("助言"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("日時"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("助言")
        verbose_name_plural = _("助言")
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return self.body[:40]


class CouncilAims(models.Model):
    """One version of a council's ねらい and 目指す地域の姿, with the meeting where they were
    revisited; the council holds the latest, these keep every one."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="aims_versions", verbose_name=_("協議体")
    )
    aims = models.TextField(_("ねらい"), blank=True)
    target_state = models.TextField(_("目指す地域の姿"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aims_revisited",
        verbose_name=_("見直した会議"),
    )
    note = models.TextField(_("見直しの理由・経過"), blank=True)
    # Empty only for the version a council had before versions were kept.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ねらいと目指す地域の姿")
        verbose_name_plural = _("ねらいと目指す地域の姿")
        ordering = ["council", "-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.council}: {self.changed_at:%Y-%m-%d}"


class AreaTarget(models.Model):
    """A target a council sets for one 日常生活圏域's figure in a 年度 (e.g. 参加率 8 %),
    shown beside that figure in the analysis."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="targets", verbose_name=_("協議体")
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="targets", verbose_name=_("圏域")
    )
    indicator = models.CharField(_("指標"), max_length=32, choices=TargetIndicator.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目標値"), max_digits=10, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("圏域の目標")
        verbose_name_plural = _("圏域の目標")
        ordering = ["area", "indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "indicator", "fiscal_year"],
                name="area_target_unique",
                violation_error_message=_("この圏域・指標・年度の目標はすでにあります。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.get_indicator_display()} {self.fiscal_year}"
