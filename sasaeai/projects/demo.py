"""Four 官民連携 projects of the demo city at four stages, built with the services (so their
history names who did what) from the organisations and resources resources.demo created:
移動販売と見守り (試行), 買い物ついでサロン (企画・デザイン), 坂道の送迎ボランティア
(調査・インタビュー, from 丘陵圏域's 地域課題) and 男性の料理教室 (自走, which became a 通いの場)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sasaeai.accounts.models import User
from sasaeai.areas.models import Area, Municipality
from sasaeai.councils.constants import ChallengeSource
from sasaeai.councils.models import Challenge, Meeting
from sasaeai.resources.models import Organization, Resource

from . import services
from .constants import HypothesisStatus, Origin, PartnerKind, Stage
from .models import Project
from .services import BudgetInput, ProjectInput

D = datetime.date
SHAKYO = "社会福祉法人サンプル市社会福祉協議会"


@dataclass
class Summary:
    projects: int


class Builder:
    """Looks up the demo city's records by name; a missing one is left out, not invented."""

    def __init__(self, municipality: Municipality, user: Any) -> None:
        self.city = municipality
        self.user = user
        self.areas = {a.name: a for a in Area.objects.layer2().filter(municipality=municipality)}

    def organization(self, name: str = "", *, suffix: str = "", area: Area | None = None) -> Any:
        found = Organization.objects.filter(municipality=self.city)
        if name:
            found = found.filter(name=name)
        if suffix:
            found = found.filter(name__endswith=suffix)
        if area is not None:
            found = found.filter(areas=area)
        return found.order_by("pk").first()

    def project(self, data: ProjectInput, steps: list[tuple[str, datetime.date, str]]) -> Project:
        """A project started on the first step's date and walked through the later steps."""
        project = services.project_create(
            municipality=self.city, data=data, started_on=steps[0][1], user=self.user
        )
        for stage, day, note in steps[1:]:
            services.project_change_stage(
                project=project, stage=stage, on=day, note=note, user=self.user
            )
        return project

    def partners(self, project: Project, partners: list[tuple[Any, str, str]]) -> None:
        for organization, kind, role in partners:
            if organization is not None:
                services.partner_add(
                    project=project, organization=organization, kind=kind, role=role,
                    user=self.user,
                )  # fmt: skip

    def milestones(
        self, project: Project, items: list[tuple[str, datetime.date, datetime.date | None]]
    ) -> None:
        for title, due_on, done_on in items:
            milestone = services.milestone_add(
                project=project, title=title, due_on=due_on, user=self.user
            )
            if done_on is not None:
                services.milestone_done(milestone=milestone, on=done_on, user=self.user)

    def mobile_shop(self) -> Project:
        """移動販売と見守り: a supermarket's truck in 西部圏域, with the 自治会 and 社協."""
        west = self.areas.get("西部圏域")
        project = self.project(
            ProjectInput(
                title="移動販売と見守り",
                summary="スーパーの移動販売車が週1回、坂の多い団地を回る。販売員が顔なじみの"
                "高齢者に声をかけ、気になる人を社協と地域包括支援センターにつなぐ。",
                origin=Origin.WORKSHOP,
                origin_note="西部圏域 買い物を考えるワークショップ（令和7年5月）",
                area=west,
            ),
            [
                (Stage.IDEA, D(2025, 5, 24), ""),
                (Stage.RESEARCH, D(2025, 7, 1), "団地の高齢者12人と販売店に聞き取り。"),
                (Stage.DESIGN, D(2025, 10, 15), "巡回の曜日と声かけの記録票を自治会と決めた。"),
                (Stage.TRIAL, D(2026, 4, 1), "令和8年度いっぱい試行。"),
            ],
        )
        self.partners(
            project,
            [
                (self.organization("株式会社まちかどマート"), PartnerKind.BUSINESS,
                 "移動販売車の運行と販売員の声かけ"),
                (self.organization(suffix="自治会", area=west), PartnerKind.RESIDENTS,
                 "停車場所の提供と住民への周知"),
                (self.organization(SHAKYO), PartnerKind.SHAKYO, "声かけ記録の集計と相談へのつなぎ"),
            ],
        )  # fmt: skip
        supported = services.hypothesis_add(
            project=project,
            statement="移動販売に来る高齢者は、販売員の声かけによる見守りを受け入れる",
            method="試行の半年間、販売員が声かけ記録票をつけ、社協が月1回集計する",
            user=self.user,
        )
        services.hypothesis_record(
            hypothesis=supported,
            status=HypothesisStatus.SUPPORTED,
            result="利用者52人のうち47人が声かけに応じ、2件を地域包括支援センターにつないだ。",
            user=self.user,
        )
        services.hypothesis_add(
            project=project,
            statement="週1回の巡回で、企業が続けられるだけの売上になる",
            method="売上を3か月ごとに企業と確かめる",
            user=self.user,
        )
        self.milestones(
            project,
            [
                ("試行の中間ふりかえり（協議体に報告）", D(2026, 9, 30), D(2026, 10, 2)),
                ("試行の評価と続け方の判断", D(2027, 2, 26), None),
            ],
        )
        for data in (
            BudgetInput(2025, planned=600, subsidy_planned=400, actual=540, subsidy_actual=360),
            BudgetInput(2026, planned=1800, subsidy_planned=1200),
        ):
            services.budget_set(project=project, data=data, user=self.user)
        services.indicator_add(
            project=project, name="移動販売の利用者数", unit="人",
            target=Decimal(60), actual=Decimal(52), user=self.user,
        )  # fmt: skip
        services.indicator_add(
            project=project, name="見守りから相談につないだ件数", unit="件",
            actual=Decimal(2), user=self.user,
        )  # fmt: skip
        return project

    def shopping_salon(self) -> Project:
        """買い物ついでサロン: a corner of a shop becomes a salon after shopping (東部圏域)."""
        east = self.areas.get("東部圏域")
        project = self.project(
            ProjectInput(
                title="買い物ついでサロン",
                summary="買い物のついでに立ち寄れるお茶の場を、店舗の休憩コーナーに週2回ひらく。",
                origin=Origin.OTHER,
                origin_note="コーディネーターが店舗の休憩コーナーの常連と話して",
                area=east,
            ),
            [
                (Stage.IDEA, D(2026, 4, 20), ""),
                (Stage.RESEARCH, D(2026, 6, 10), "店長と常連の8人に聞き取り。"),
                (Stage.DESIGN, D(2026, 9, 1), "運営をボランティアと店で分ける案を作成中。"),
            ],
        )
        self.partners(
            project,
            [
                (self.organization("株式会社まちかどマート"), PartnerKind.BUSINESS, "休憩コーナーの提供"),
                (self.organization(suffix="寿会", area=east), PartnerKind.RESIDENTS, "お茶の担い手"),
            ],
        )  # fmt: skip
        self.milestones(project, [("企画を協議体で話し合う", D(2026, 12, 15), None)])
        services.budget_set(
            project=project, data=BudgetInput(2026, planned=300, subsidy_planned=300),
            user=self.user,
        )  # fmt: skip
        return project

    def hill_rides(self) -> Project:
        """坂道の送迎ボランティア: from 丘陵圏域's 地域課題 when there is one."""
        hills = self.areas.get("丘陵圏域")
        # The 地域カルテ's challenge (坂道, 800m圏外) fits best; else any of the area's.
        found = Challenge.objects.filter(municipality=self.city, area=hills).order_by("pk")
        challenge = (
            (found.filter(source=ChallengeSource.GAP_ANALYSIS).first() or found.first())
            if hills is not None
            else None
        )
        origin = (
            ProjectInput(title="", origin=Origin.CHALLENGE, origin_challenge=challenge)
            if challenge is not None
            else ProjectInput(title="", origin=Origin.OTHER, origin_note="丘陵圏域の坂道の声")
        )
        origin.title = "坂道の送迎ボランティア"
        origin.summary = "坂の上の住宅から通いの場まで、住民ボランティアが車で送る仕組みを考える。"
        origin.area = hills
        project = self.project(
            origin,
            [
                (Stage.IDEA, D(2026, 7, 6), ""),
                (Stage.RESEARCH, D(2026, 9, 14), "奈良橋の65歳以上20人に聞き取りを始めた。"),
            ],
        )
        self.partners(
            project,
            [
                (self.organization("NPO法人おでかけサポートさくら"), PartnerKind.NONPROFIT,
                 "送迎の保険と運転の講習"),
                (self.organization(suffix="自治会", area=hills), PartnerKind.RESIDENTS,
                 "聞き取りの協力"),
            ],
        )  # fmt: skip
        services.hypothesis_add(
            project=project,
            statement="坂の上に住む人は、送迎があれば週1回の通いの場に来る",
            method="聞き取りで「送迎があれば行く」と答える人の割合を数える",
            user=self.user,
        )
        self.milestones(project, [("聞き取りのまとめ", D(2026, 12, 25), None)])
        return project

    def mens_cooking(self) -> Project:
        """男性の料理教室: tried, now run by its members, and a 通いの場 of its own."""
        central = self.areas.get("中央圏域")
        meeting = (
            Meeting.objects.filter(council__municipality=self.city, council__area=central)
            .order_by("starts_at")
            .first()
        )
        data = (
            ProjectInput(title="男性の料理教室", origin=Origin.MEETING, origin_meeting=meeting)
            if meeting is not None
            else ProjectInput(title="男性の料理教室", origin=Origin.WORKSHOP)
        )
        data.summary = "一人暮らしの男性が、月2回集まって料理を作って食べる。"
        data.area = central
        project = self.project(
            data,
            [
                (Stage.IDEA, D(2025, 1, 20), ""),
                (Stage.RESEARCH, D(2025, 3, 10), ""),
                (Stage.DESIGN, D(2025, 5, 15), ""),
                (Stage.TRIAL, D(2025, 7, 1), "公民館の調理室で月2回、6か月。"),
                (Stage.SELF_RUNNING, D(2026, 4, 1), "参加者の会が運営を引き継いだ。"),
            ],
        )
        self.partners(
            project,
            [(self.organization(SHAKYO), PartnerKind.SHAKYO, "立ち上げの支援")],
        )
        self.milestones(project, [("参加者の会への引き継ぎ", D(2026, 3, 31), D(2026, 3, 28))])
        services.budget_set(
            project=project,
            data=BudgetInput(
                2025, planned=240, subsidy_planned=240, actual=210, subsidy_actual=210
            ),
            user=self.user,
        )
        services.indicator_add(
            project=project, name="毎回の参加者数", unit="人",
            target=Decimal(10), actual=Decimal(12), user=self.user,
        )  # fmt: skip
        resource = (
            Resource.objects.filter(municipality=self.city, name="男の料理教室")
            .order_by("pk")
            .first()
        )
        if resource is not None:
            services.resource_link(project=project, resource=resource, user=self.user)
        return project


def build(*, municipality: Municipality, user: Any = None) -> Summary:
    """The four demo projects (recorded by the demo's 第1層SC unless a user is given)."""
    builder = Builder(municipality, user or User.objects.get(username="demo-sc1"))
    projects = [
        builder.mobile_shop(),
        builder.shopping_salon(),
        builder.hill_rides(),
        builder.mens_cooking(),
    ]
    return Summary(projects=len(projects))
