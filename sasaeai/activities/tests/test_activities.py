"""The activity log: the quick entry (five fields, the rest defaulted), the つなぎ made in the
same step, refusals that keep the input and write nothing, who may see it, the つなぎ status
history, and the monthly / 年度 summary read back from its xlsx."""

import datetime
import io
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities import selectors, services
from sasaeai.activities.constants import ConnectionStatus
from sasaeai.activities.models import Activity, Connection, ConnectionStatusChange
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.resources.tests.factories import OrganizationFactory, ResourceFactory

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)


@time_machine.travel(NOW, tick=False)
class ActivityFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012", name="八王子市")
        whole = AreaFactory(municipality=cls.city)
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        cls.south = Layer2AreaFactory(municipality=cls.city, parent=whole, name="南部圏域")
        cls.sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north, user__username="sc2")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city, user__username="sc1")
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.member = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.club = OrganizationFactory(municipality=cls.city, name="北町老人クラブ")
        cls.salon = ResourceFactory(municipality=cls.city, name="ふれあいサロン北町")

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"activities:{name}", kwargs={"lgcode": self.city.code, **kwargs})


class QuickEntryTests(ActivityFixture):
    def test_the_form_starts_with_five_fields_defaulted_for_a_routine_visit(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.get(self.url("create"))
        form = response.context["form"]
        self.assertEqual(
            [f.name for f in form.quick_fields()], ["done_on", "kind", "area", "summary", "minutes"]
        )
        # Today, 訪問, the coordinator's own area and 60 minutes are filled in: only 内容 is left.
        self.assertEqual(form["done_on"].value(), datetime.date(2026, 11, 27))
        self.assertEqual(form["kind"].value(), "visit")
        self.assertEqual(form["area"].value(), self.north.pk)
        self.assertEqual(form["minutes"].value(), 60)

    def test_a_routine_visit_needs_only_its_summary(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("create"),
            {"done_on": "令和8年11月27日", "kind": "visit", "area": self.north.pk,
             "summary": "北町のサロンを訪問", "minutes": "60"},
        )  # fmt: skip
        self.assertRedirects(response, self.url("list"))
        activity = Activity.objects.get()
        self.assertEqual(
            (activity.done_on, activity.kind, activity.coordinator, activity.minutes,
             list(activity.areas.all()), activity.summary),
            (datetime.date(2026, 11, 27), "visit", self.sc2, 60, [self.north], "北町のサロンを訪問"),
        )  # fmt: skip
        self.assertFalse(Connection.objects.exists())
        # Recorded with who (history).
        self.assertEqual(
            set(activity.history.values_list("history_user__username", flat=True)), {"sc2"}
        )

    def test_a_connection_is_made_in_the_same_step(self) -> None:
        self.client.force_login(self.sc2)
        self.client.post(
            self.url("create"),
            {"done_on": "2026-11-20", "kind": "connecting", "area": self.north.pk,
             "summary": "老人クラブにサロンの担い手を紹介", "minutes": "90",
             "tsunagi-source": f"org:{self.club.pk}", "tsunagi-target": f"res:{self.salon.pk}",
             "tsunagi-purpose": "supporters", "tsunagi-status": "realised"},
        )  # fmt: skip
        connection = Connection.objects.get()
        self.assertEqual(
            (connection.from_organization, connection.to_resource, connection.made_on,
             connection.purpose, connection.status, connection.activity.summary),
            (self.club, self.salon, datetime.date(2026, 11, 20), "supporters", "realised",
             "老人クラブにサロンの担い手を紹介"),
        )  # fmt: skip
        self.assertEqual(
            list(connection.status_changes.values_list("status", "changed_on")),
            [("realised", datetime.date(2026, 11, 20))],
        )

    def test_a_half_filled_connection_is_refused_with_the_input_kept_and_nothing_written(
        self,
    ) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("create"),
            {"done_on": "2026-11-20", "kind": "connecting", "area": self.north.pk,
             "summary": "担い手を紹介", "minutes": "90", "tsunagi-source": f"org:{self.club.pk}",
             "tsunagi-purpose": "supporters", "tsunagi-status": "proposed"},
        )  # fmt: skip
        self.assertContains(
            response,
            "つなぎ・つなぐ先: つなぐ元とつなぐ先の両方を選んでください。",
            status_code=400,
        )
        self.assertContains(response, "担い手を紹介</textarea>", status_code=400)
        self.assertFalse(Activity.objects.exists())
        self.assertFalse(Connection.objects.exists())

    def test_another_municipalitys_actor_is_refused_and_nothing_written(self) -> None:
        other = MunicipalityFactory(code="132021")
        stranger = OrganizationFactory(municipality=other, name="よその会")
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("create"),
            {"done_on": "2026-11-20", "kind": "connecting", "summary": "紹介", "minutes": "30",
             "tsunagi-source": f"org:{stranger.pk}", "tsunagi-target": f"res:{self.salon.pk}",
             "tsunagi-purpose": "venue", "tsunagi-status": "proposed"},
        )  # fmt: skip
        # Not one of the select's choices: the form refuses it before the service is asked.
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Activity.objects.exists())

    def test_bad_values_name_their_field(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("create"),
            {"done_on": "2026-13-01", "kind": "visit", "summary": "", "minutes": "2000"},
        )
        for text in ("日付: ", "内容を入力してください。", "かかった時間（分）: "):
            self.assertContains(response, text, status_code=400)
        self.assertFalse(Activity.objects.exists())

    def test_an_empty_required_field_is_named_at_the_field_and_in_the_summary(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("create"), {"done_on": "", "kind": "visit", "summary": "", "minutes": "60"}
        )
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        # Next to the field (resources/_field.html renders the field's own errors) ...
        self.assertInHTML(
            '<ul class="errorlist" id="id_done_on-errors"><li>日付を入力してください。</li></ul>',
            html,
        )
        self.assertInHTML(
            '<ul class="errorlist" id="id_summary-errors"><li>内容を入力してください。</li></ul>',
            html,
        )
        # ... and in the summary at the top, once, without 「日付: 日付を…」.
        self.assertInHTML('<a href="#id_done_on">日付を入力してください。</a>', html)
        self.assertInHTML('<a href="#id_summary">内容を入力してください。</a>', html)
        self.assertNotIn("このフィールドは必須です", html)
        self.assertNotIn("日付: 日付", html)

    def test_month_and_day_alone_are_this_year(self) -> None:
        self.client.force_login(self.sc2)
        # The clock is at 令和8年 (2026) 11月27日: 「11/20」 is 2026-11-20.
        response = self.client.post(
            self.url("create"),
            {"done_on": "11/20", "kind": "visit", "summary": "訪問", "minutes": "30"},
        )
        self.assertRedirects(response, self.url("list"))
        self.assertEqual(Activity.objects.get().done_on, datetime.date(2026, 11, 20))

    def test_the_saved_message_gives_the_day_in_wareki(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("create"),
            {"done_on": "2026-11-20", "kind": "visit", "summary": "訪問", "minutes": "30"},
            follow=True,
        )
        # 2026 = 令和8年 (2026 − 2018).
        self.assertContains(response, "活動を記録しました（令和8年11月20日・訪問）。")
        self.assertNotContains(response, "2026-11-20")
        self.assertEqual(str(Activity.objects.get()), "令和8年11月20日 訪問")

    def test_an_empty_status_date_is_named_once(self) -> None:
        self.client.force_login(self.sc2)
        connection = services.connection_create(
            municipality=self.city, user=self.sc1,
            item=services.ConnectionInput(
                source=services.Actor(organization=self.club),
                target=services.Actor(resource=self.salon),
                purpose="venue", made_on=datetime.date(2026, 4, 10),
            ),
        )  # fmt: skip
        response = self.client.post(
            self.url("connection_status", pk=connection.pk),
            {"status": "realised", "changed_on": ""},
            follow=True,
        )
        self.assertContains(response, "日付を入力してください。")
        self.assertNotContains(response, "日付: 日付")


class AccessTests(ActivityFixture):
    def test_only_coordinators_and_admins_see_the_log(self) -> None:
        services.activity_record(
            municipality=self.city, coordinator=self.sc1, user=self.sc1,
            values=services.ActivityInput(
                done_on=datetime.date(2026, 11, 1), kind="consultation",
                summary="山田さん（85歳）の相談", people="山田さん",
            ),
        )  # fmt: skip
        for user, status in (
            (self.sc2, 200),
            (self.sc1, 200),
            (self.viewer, 403),
            (self.member, 403),
        ):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url("list")).status_code, status)
        self.client.force_login(self.sc2)
        self.assertContains(self.client.get(self.url("list")), "山田さん（85歳）の相談")


class ConnectionStatusTests(ActivityFixture):
    def make(self) -> Connection:
        return services.connection_create(
            municipality=self.city, user=self.sc1,
            item=services.ConnectionInput(
                source=services.Actor(organization=self.club),
                target=services.Actor(resource=self.salon),
                purpose="venue", made_on=datetime.date(2026, 4, 10),
            ),
        )  # fmt: skip

    def test_the_status_moves_forward_with_dates(self) -> None:
        connection = self.make()
        self.client.force_login(self.sc2)
        self.client.post(
            self.url("connection_status", pk=connection.pk),
            {"status": "realised", "changed_on": "2026-05-01"},
        )
        services.connection_set_status(
            connection=connection, status="continuing", on=datetime.date(2026, 10, 1),
            user=self.sc1,
        )  # fmt: skip
        self.assertEqual(
            list(
                ConnectionStatusChange.objects.filter(connection=connection).values_list(
                    "status", "changed_on"
                )
            ),
            [
                ("proposed", datetime.date(2026, 4, 10)),
                ("realised", datetime.date(2026, 5, 1)),
                ("continuing", datetime.date(2026, 10, 1)),
            ],
        )

    def test_the_status_date_starts_with_today_in_wareki(self) -> None:
        self.make()
        self.client.force_login(self.sc2)
        response = self.client.get(self.url("connections"))
        # The clock is at 2026-11-27 = 令和8年11月27日; the field reads it back.
        self.assertContains(response, 'name="changed_on" value="令和8年11月27日"')
        self.assertNotContains(response, "2026-11-27")

    def test_no_step_back_and_no_date_before_the_last_change(self) -> None:
        connection = self.make()
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("connection_status", pk=connection.pk),
            {"status": "continuing", "changed_on": "2026-05-01"},
            follow=True,
        )
        self.assertContains(response, "「提案」から「継続」には変えられません。")
        # The last change was 提案 on 2026-04-10 (令和8年4月10日), named in 和暦, not ISO.
        with self.assertRaisesMessage(
            Exception, "前の状態の日付（令和8年4月10日）より後にしてください。"
        ):
            services.connection_set_status(
                connection=connection, status=ConnectionStatus.REALISED,
                on=datetime.date(2026, 4, 1), user=self.sc1,
            )  # fmt: skip
        self.assertEqual(Connection.objects.get().status, "proposed")


class SummaryTests(ActivityFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()

        def record(day: datetime.date, kind: str, minutes: int, *areas) -> None:  # type: ignore[no-untyped-def]
            services.activity_record(
                municipality=cls.city, coordinator=cls.sc1, user=cls.sc1,
                values=services.ActivityInput(
                    done_on=day, kind=kind, summary="記録", minutes=minutes, areas=areas
                ),
            )  # fmt: skip

        # 令和7年度 (2025-04-01 … 2026-03-31):
        record(datetime.date(2025, 4, 1), "visit", 60, cls.north)  # first day of the 年度
        record(datetime.date(2025, 4, 15), "visit", 30, cls.north, cls.south)  # two areas
        record(datetime.date(2026, 3, 31), "meeting", 120)  # last day, no area
        # Outside: the day before and the day after the 年度.
        record(datetime.date(2025, 3, 31), "visit", 45, cls.north)
        record(datetime.date(2026, 4, 1), "visit", 45, cls.north)

    def test_the_years_tallies(self) -> None:
        result = selectors.summary(self.city, 2025)
        # 3 activities: 60 + 30 + 120 = 210 minutes.
        self.assertEqual((result.total.count, result.total.minutes), (3, 210))
        self.assertEqual(result.by_month[(4, "visit")], selectors.Tally(2, 90))
        self.assertEqual(result.by_month[(3, "meeting")], selectors.Tally(1, 120))
        # The two-area visit counts in each area: 北部 2 (90 min), 南部 1 (30 min).
        self.assertEqual(result.by_area[("北部圏域", "visit")], selectors.Tally(2, 90))
        self.assertEqual(result.by_area[("南部圏域", "visit")], selectors.Tally(1, 30))
        self.assertEqual(result.areas, ["北部圏域", "南部圏域", "（圏域なし）"])

    def test_the_page_says_hours_in_words(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.get(self.url("summary") + "?year=2025")
        # 3 activities, 60 + 30 + 120 = 210 minutes = 3.5 hours; April's visits 90 min = 1.5.
        self.assertContains(response, "<strong>3件<br>3.5時間</strong>", count=1)  # the 年度
        self.assertContains(response, "<strong>2件<br>1.5時間</strong>", count=1)  # April
        self.assertContains(response, '<td class="num">2件<br>1.5時間</td>')  # April's visits
        self.assertNotContains(response, "h</td>")
        self.assertNotContains(response, "h</strong>")

    def test_the_xlsx_totals_equal_the_database(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.get(self.url("summary_export"), {"year": "2025"})
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book["月×活動種別"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(
            rows,
            [
                ("令和7年度", "4月", "訪問", 2, 90, 1.5),
                ("令和7年度", "3月", "会議・協議体", 1, 120, 2),
                ("令和7年度", "合計", None, 3, 210, 3.5),
            ],
        )
        in_db = Activity.objects.filter(
            municipality=self.city,
            done_on__range=(datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)),
        )
        self.assertEqual(sum(r[3] for r in rows[:-1]), in_db.count())
        self.assertEqual(sum(r[4] for r in rows[:-1]), sum(in_db.values_list("minutes", flat=True)))
        area_rows = list(book["月×活動種別×圏域"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(
            area_rows,
            [
                ("令和7年度", "4月", "訪問", "北部圏域", 2, 90),
                ("令和7年度", "4月", "訪問", "南部圏域", 1, 30),
                ("令和7年度", "3月", "会議・協議体", "（圏域なし）", 1, 120),
            ],
        )


class EditTests(ActivityFixture):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_sc2 = user_with_role(Role.SC_LAYER2, cls.city, area=cls.south)
        cls.activity = services.activity_record(
            municipality=cls.city, coordinator=cls.sc2, user=cls.sc2,
            values=services.ActivityInput(
                done_on=datetime.date(2026, 11, 20), kind="visit", summary="北町を訪問",
                areas=[cls.north],
            ),
        )  # fmt: skip

    def data(self, **changes: str) -> dict[str, object]:
        # The version the edit form shows for the activity as recorded (not changed since: 1).
        return {"done_on": "2026-11-20", "kind": "consultation", "area": self.north.pk,
                "summary": "北町で相談を受けた", "minutes": "45", "version": "1",
                **changes}  # fmt: skip

    def test_the_recorder_corrects_it_and_history_keeps_the_old_text(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(self.url("edit", pk=self.activity.pk), self.data())
        self.assertRedirects(response, self.url("list"))
        self.activity.refresh_from_db()
        self.assertEqual(
            (self.activity.kind, self.activity.summary, self.activity.minutes),
            ("consultation", "北町で相談を受けた", 45),
        )
        self.assertIn("北町を訪問", set(self.activity.history.values_list("summary", flat=True)))

    def test_another_layer_2_coordinator_may_not_but_layer_1_may(self) -> None:
        self.client.force_login(self.other_sc2)
        self.assertEqual(
            self.client.post(self.url("edit", pk=self.activity.pk), self.data()).status_code, 403
        )
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.summary, "北町を訪問")
        self.client.force_login(self.sc1)
        self.client.post(self.url("edit", pk=self.activity.pk), self.data(summary="第1層が修正"))
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.summary, "第1層が修正")

    def test_a_bad_value_keeps_the_input_and_changes_nothing(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("edit", pk=self.activity.pk),
            self.data(follow_up_on="2026-11-01", summary="直しかけ"),
        )
        self.assertContains(response, "次の対応日は活動の日付以降にしてください。", status_code=400)
        self.assertContains(response, "直しかけ</textarea>", status_code=400)
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.summary, "北町を訪問")


class OddInputTests(ActivityFixture):
    def test_an_unknown_actor_is_named_once(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.post(
            self.url("create"),
            {"done_on": "2026-11-20", "kind": "connecting", "summary": "紹介", "minutes": "30",
             "tsunagi-source": "org:999999", "tsunagi-target": f"res:{self.salon.pk}",
             "tsunagi-purpose": "venue", "tsunagi-status": "proposed"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertNotContains(response, "両方を選んでください", status_code=400)

    def test_the_connection_list_pages_through_every_connection(self) -> None:
        for n in range(51):
            services.connection_create(
                municipality=self.city, user=self.sc1,
                item=services.ConnectionInput(
                    source=services.Actor(organization=self.club),
                    target=services.Actor(resource=self.salon),
                    purpose="venue", made_on=datetime.date(2026, 4, 1) + datetime.timedelta(days=n),
                ),
            )  # fmt: skip
        self.client.force_login(self.sc2)
        response = self.client.get(self.url("connections"))
        # 51 つなぎ, 50 a page: a second page.
        self.assertContains(response, "1 / 2")
        self.assertContains(response, "?status=&amp;page=2")

    def test_the_activity_list_pages_keep_the_filter_and_one_page_number(self) -> None:
        # 51 visits and 1 consultation in 令和8年度: filtered to 訪問, 51 rows make two pages of 50.
        for n in range(51):
            services.activity_record(
                municipality=self.city, coordinator=self.sc2, user=self.sc2,
                values=services.ActivityInput(
                    done_on=datetime.date(2026, 4, 1) + datetime.timedelta(days=n),
                    kind="visit", summary=f"訪問{n}",
                ),
            )  # fmt: skip
        services.activity_record(
            municipality=self.city, coordinator=self.sc2, user=self.sc2,
            values=services.ActivityInput(
                done_on=datetime.date(2026, 6, 1), kind="consultation", summary="相談"
            ),
        )  # fmt: skip
        self.client.force_login(self.sc2)
        first = self.client.get(self.url("list"), {"kind": "visit", "page": "1"})
        self.assertContains(first, "1 / 2")
        # The next-page link replaces the page number instead of adding a second one.
        self.assertContains(first, 'href="?kind=visit&amp;page=2"')
        second = self.client.get(self.url("list"), {"kind": "visit", "page": "2"})
        self.assertContains(second, "2 / 2")
        self.assertContains(second, 'href="?kind=visit&amp;page=1"')

    def test_a_huge_year_on_the_network_is_ignored(self) -> None:
        self.client.force_login(self.sc2)
        response = self.client.get(self.url("network"), {"year": "1" * 4400})
        self.assertEqual(response.status_code, 200)
