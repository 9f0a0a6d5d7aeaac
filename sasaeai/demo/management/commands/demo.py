"""`sasaeai demo`: build the fictional demo city サンプル市, one user per role and its registry."""

from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from sasaeai.accounts import demo as accounts_demo
from sasaeai.activities import demo as activities_demo
from sasaeai.analysis import demo as analysis_demo
from sasaeai.areas import demo as areas_demo
from sasaeai.areas.models import Municipality
from sasaeai.councils import demo as councils_demo
from sasaeai.dialogues import demo as dialogues_demo
from sasaeai.notices.services import run_scans
from sasaeai.opendata import services as opendata_services
from sasaeai.plans import demo as plans_demo
from sasaeai.projects import demo as project_demo
from sasaeai.residents import demo as residents_demo
from sasaeai.resources import demo as resources_demo


@dataclass(frozen=True)
class DemoCity:
    """The demo city and what each part of it built."""

    city: Municipality
    registry: resources_demo.Summary
    councils: councils_demo.Summary
    analysis: analysis_demo.Summary
    activity: activities_demo.Summary
    plan: plans_demo.Summary
    projects: project_demo.Summary
    dialogues: dialogues_demo.Summary
    residents: residents_demo.Summary
    notices: dict[str, int]


@transaction.atomic
def build_city(*, seed: int) -> DemoCity:
    """The whole demo city, each part after the ones it needs. The suite builds it the same
    way, once per test process (sasaeai/tests/demo_city.py)."""
    city = areas_demo.build(seed=seed)
    accounts_demo.build(municipality=city)
    registry = resources_demo.build(municipality=city, seed=seed)
    councils = councils_demo.build(municipality=city, seed=seed)
    analysis = analysis_demo.build(municipality=city)
    activity = activities_demo.build(municipality=city, seed=seed)
    plan = plans_demo.build(municipality=city)
    projects = project_demo.build(municipality=city)
    dialogues = dialogues_demo.build(municipality=city, seed=seed)
    residents = residents_demo.build(municipality=city)
    return DemoCity(
        city=city,
        registry=registry,
        councils=councils,
        analysis=analysis,
        activity=activity,
        plan=plan,
        projects=projects,
        dialogues=dialogues,
        residents=residents,
        # This morning's お知らせ, as the 06:00 job would have made them: overdue actions,
        # meetings in three days, records still to complete, 要確認 in each coordinator's areas.
        notices=run_scans(timezone.localdate()),
    )


class Command(BaseCommand):
    help = "架空のデモ市（サンプル市）を作成し、役割ごとのデモ利用者を表示します。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2025, help="乱数の種（同じ種なら同じデータ）"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="デモ市が既にあれば何もせずログイン情報だけ表示"
        )

    def handle(self, *args, **options):
        if Municipality.objects.filter(code=areas_demo.DEMO_CODE).exists():
            if not options["if_empty"]:
                raise CommandError("デモ市は既に作成されています（--if-empty で表示のみ）。")
        else:
            demo = build_city(seed=options["seed"])
            city, registry, councils = demo.city, demo.registry, demo.councils
            analysis, activity, plan, projects = (
                demo.analysis,
                demo.activity,
                demo.plan,
                demo.projects,
            )
            self.stdout.write(self.style.SUCCESS(f"デモ市「{city.name}」を作成しました。"))
            self.stdout.write(
                f"地域資源 {registry.resources}件・運営主体 {registry.organizations}件・"
                f"会場 {registry.locations}件を登録しました。"
            )
            self.stdout.write(
                f"協議体 {councils.councils}・会議 {councils.meetings}回・実践 {councils.actions}件"
                f"（期限切れ {councils.overdue}件）・第1層へ送った地域課題 {councils.escalated}件を登録しました。"
            )
            self.stdout.write(
                f"ニーズ調査の結果 {analysis.values}件と、地域カルテからの地域課題 "
                f"{analysis.challenges}件を登録しました。"
            )
            self.stdout.write(
                f"コーディネーター{activity.coordinators}人の2年分の活動記録 {activity.activities}件・"
                f"つなぎ {activity.connections}件を登録しました。"
            )
            self.stdout.write(
                f"第9期計画（事業 {plan.measures}・指標 {plan.indicators}）と広報紙、"
                f"官民連携の事業 {projects.projects}件を登録しました。"
            )
            self.stdout.write(
                f"今朝のお知らせ {sum(demo.notices.values())}件（期限切れ・3日後の会議・"
                f"記録待ち・確認の時期）を利用者ごとに作りました。"
            )
            self.stdout.write(
                f"住民からの申し込み {demo.residents.requests}件（紹介 {demo.residents.referrals}件）"
                "を登録しました。"
            )
            # The open data files, as the 05:00 job would make them, so that the demo's
            # /139998/opendata/ has its downloads from the start (not in build_city: the
            # tests' shared city does not need stored files).
            opendata_services.opendata_store(municipality=city)
            self.stdout.write(f"オープンデータのファイルを作りました（/{city.code}/opendata/）。")
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\nデモ用ログイン（パスワードはすべて {accounts_demo.DEMO_PASSWORD}）:")
        for username, _name, role, _scoped in accounts_demo.DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label}")
        self.stdout.write("\n http://127.0.0.1:8000/ を開いてログインしてください。\n")
