"""「利用者と役割」: the municipal admin creates accounts (a one-time link, never a password),
gives and ends dated roles, stops accounts, and hands a coordinator's roles over in April."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.db import connection
from django.http import HttpRequest
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sasaeai.accounts.constants import Perm, Role
from sasaeai.accounts.models import RoleAssignment, User
from sasaeai.accounts.permissions import has_perm
from sasaeai.accounts.tests.factories import RoleAssignmentFactory, UserFactory, user_with_role
from sasaeai.accounts.user_services import next_april_first
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)
APRIL_2024 = datetime.date(2024, 4, 1)
APRIL_2025 = datetime.date(2025, 4, 1)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def snapshot() -> tuple:
    """Every account and role as stored, and how many history rows: to prove nothing changed."""
    return (
        list(User.objects.order_by("pk").values_list("pk", "username", "is_active")),
        list(RoleAssignment.objects.order_by("pk").values_list()),
        User.history.count(),  # type: ignore[attr-defined]
        RoleAssignment.history.count(),  # type: ignore[attr-defined]
    )


class UsersTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.hill = Layer2AreaFactory(municipality=cls.city, name="丘陵圏域", kana="きゅうりょう")
        cls.river = Layer2AreaFactory(
            municipality=cls.city, parent=cls.hill.parent, name="川沿い圏域", kana="かわぞい"
        )
        cls.admin = user_with_role(
            Role.MUNICIPAL_ADMIN,
            cls.city,
            valid_from=APRIL_2025,
            user__username="admin",
            user__display_name="管理 太郎",
        )

    def setUp(self) -> None:
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.client.force_login(self.admin)

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"users:{name}", kwargs={"lgcode": self.city.code, **kwargs})


class CreateUserTests(UsersTestCase):
    def form(self, **changes) -> dict:
        return {
            "username": "sato",
            "display_name": "佐藤 一郎",
            "email": "",
            "role": Role.SC_LAYER2,
            "area": self.hill.pk,
            "valid_from": "令和8年12月1日",
            "valid_to": "",
            **changes,
        }

    def test_a_new_user_gets_a_link_shown_once_and_no_usable_password(self) -> None:
        response = self.client.post(self.url("create"), self.form())
        sato = User.objects.get(username="sato")
        # Not followed here: following would show (and so use up) the link.
        self.assertRedirects(
            response, self.url("created", pk=sato.pk), fetch_redirect_response=False
        )
        self.assertFalse(sato.has_usable_password())
        role = sato.role_assignments.get()
        # 令和8年 = 2018 + 8 = 2026: the first role starts 2026-12-01 in 丘陵圏域, open-ended.
        self.assertEqual(
            (role.role, role.area, role.valid_from, role.valid_to),
            (Role.SC_LAYER2, self.hill, datetime.date(2026, 12, 1), None),
        )
        first = self.client.get(self.url("created", pk=sato.pk)).content.decode()
        self.assertIn("http://testserver/accounts/password/set/", first)
        # Made at 令和8年11月27日 10:00 Tokyo; valid three days (PASSWORD_RESET_TIMEOUT): 11月30日.
        self.assertIn("有効期限は 令和8年11月30日 10:00 ごろです。", first)
        again = self.client.get(self.url("created", pk=sato.pk)).content.decode()
        self.assertNotIn("/accounts/password/set/", again)
        self.assertIn("もう一度は表示しません", again)
        # Both the account and its role are recorded as made by the admin.
        self.assertEqual(sato.history.get().history_user, self.admin)  # type: ignore[attr-defined]
        self.assertEqual(role.history.get().history_user, self.admin)  # type: ignore[attr-defined]

    @override_settings(EMAIL_BACKEND=LOCMEM)
    def test_the_link_is_mailed_when_mail_is_configured(self) -> None:
        self.client.post(self.url("create"), self.form(email="sato@example.jp"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["sato@example.jp"])
        self.assertIn("http://testserver/accounts/password/set/", mail.outbox[0].body)
        # Sent 令和8年11月27日 10:00, three days later in 和暦 (never 2026年11月30日).
        self.assertIn("有効期限: 令和8年11月30日 10:00", mail.outbox[0].body)

    def test_a_bad_username_is_refused_with_the_input_kept(self) -> None:
        before = snapshot()
        response = self.client.post(self.url("create"), self.form(username="sato ichiro"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="sato ichiro"', status_code=400)
        self.assertContains(response, 'value="佐藤 一郎"', status_code=400)
        self.assertContains(response, "ユーザー名", status_code=400)
        self.assertEqual(snapshot(), before)

    def test_a_username_in_use_is_refused_and_nothing_is_written(self) -> None:
        before = snapshot()
        response = self.client.post(self.url("create"), self.form(username="admin"))
        self.assertContains(response, "ユーザー名「admin」は既に使われています。", status_code=400)
        self.assertEqual(snapshot(), before)

    def test_a_layer2_coordinator_needs_an_area_and_a_viewer_has_none(self) -> None:
        before = snapshot()
        response = self.client.post(self.url("create"), self.form(area=""))
        self.assertContains(response, "担当圏域を選んでください", status_code=400)
        response = self.client.post(self.url("create"), self.form(role=Role.VIEWER))
        self.assertContains(response, "第2層生活支援コーディネーターのときだけ", status_code=400)
        self.assertEqual(snapshot(), before)


class RoleTests(UsersTestCase):
    def test_a_role_is_added_with_its_period_and_ended_from_a_date(self) -> None:
        tanaka = user_with_role(Role.VIEWER, self.city, valid_from=APRIL_2025)
        self.client.post(
            self.url("role_add", pk=tanaka.pk),
            {"role": Role.SC_LAYER1, "valid_from": "R8.12.1", "valid_to": "令和9年3月31日"},
        )
        added = tanaka.role_assignments.get(role=Role.SC_LAYER1)
        self.assertEqual(
            (added.valid_from, added.valid_to),
            (datetime.date(2026, 12, 1), datetime.date(2027, 3, 31)),
        )
        viewer = tanaka.role_assignments.get(role=Role.VIEWER)
        self.client.post(
            self.url("role_end", pk=tanaka.pk, assignment=viewer.pk), {"end_on": "令和8年11月30日"}
        )
        viewer.refresh_from_db()
        self.assertEqual(viewer.valid_to, datetime.date(2026, 11, 30))
        self.assertEqual(viewer.history.latest().history_user, self.admin)  # type: ignore[attr-defined]

    def test_the_last_admin_role_cannot_be_ended(self) -> None:
        before = snapshot()
        role = self.admin.role_assignments.get()
        response = self.client.post(
            self.url("role_end", pk=self.admin.pk, assignment=role.pk), {"end_on": "令和9年3月31日"}
        )
        # Ended on 2027-03-31, nobody is admin from 2027-04-01 = 令和9年4月1日.
        self.assertContains(
            response, "令和9年4月1日からは市町村管理者がいなくなります。", status_code=400
        )
        self.assertEqual(snapshot(), before)

    def test_the_list_shows_current_and_future_roles_in_wareki_and_filters(self) -> None:
        suzuki = user_with_role(
            Role.SC_LAYER2, self.city, area=self.river, valid_from=datetime.date(2027, 4, 1),
            user__username="suzuki", user__display_name="鈴木 花子",
        )  # fmt: skip
        RoleAssignmentFactory(
            user=suzuki, municipality=self.city, role=Role.VIEWER,
            valid_from=APRIL_2024, valid_to=datetime.date(2025, 3, 31),
        )  # fmt: skip
        page = self.client.get(self.url("list")).content.decode()
        # 2027-04-01 = 令和9年4月1日, still to come; the viewer role ended 2025-03-31 is not shown.
        self.assertIn("第2層生活支援コーディネーター（川沿い圏域） 令和9年4月1日〜", page)
        self.assertIn("これから", page)
        self.assertNotIn("閲覧者（職員）", page.split("<tbody>")[1])
        only_sc2 = self.client.get(self.url("list"), {"role": Role.SC_LAYER2}).content.decode()
        self.assertIn("鈴木 花子", only_sc2)
        self.assertNotIn(">admin<", only_sc2)
        found = self.client.get(self.url("list"), {"q": "花子"}).context["page"]
        self.assertEqual([u.username for u in found], ["suzuki"])

    def test_the_list_reads_the_same_number_of_statements_for_more_people(self) -> None:
        user_with_role(Role.SC_LAYER2, self.city, area=self.hill)
        with CaptureQueriesContext(connection) as two:
            self.client.get(self.url("list"))
        for area in (self.hill, self.river, self.hill, self.river):
            user_with_role(Role.SC_LAYER2, self.city, area=area)
        with CaptureQueriesContext(connection) as six:
            self.client.get(self.url("list"))
        self.assertEqual(len(six), len(two))


class DeactivateTests(UsersTestCase):
    def test_a_stopped_user_cannot_sign_in_and_keeps_their_roles(self) -> None:
        tanaka = user_with_role(Role.VIEWER, self.city, user__username="tanaka")
        # django-axes counts failures per address, so authenticate() needs a request.
        self.assertTrue(
            self.client.login(request=HttpRequest(), username="tanaka", password="pass")
        )
        self.client.force_login(self.admin)
        self.client.post(self.url("deactivate", pk=tanaka.pk))
        tanaka.refresh_from_db()
        self.assertFalse(tanaka.is_active)
        self.assertFalse(
            self.client.login(request=HttpRequest(), username="tanaka", password="pass")
        )
        self.assertEqual(tanaka.role_assignments.count(), 1)
        self.assertEqual(tanaka.history.latest().history_user, self.admin)  # type: ignore[attr-defined]
        self.client.force_login(self.admin)
        self.client.post(self.url("reactivate", pk=tanaka.pk))
        self.assertTrue(
            self.client.login(request=HttpRequest(), username="tanaka", password="pass")
        )

    def test_the_admin_cannot_stop_themselves(self) -> None:
        before = snapshot()
        response = self.client.post(self.url("deactivate", pk=self.admin.pk), follow=True)
        self.assertContains(response, "自分自身は利用停止にできません。")
        self.assertEqual(snapshot(), before)

    def test_the_last_active_admin_cannot_be_stopped(self) -> None:
        self.client.force_login(UserFactory(is_superuser=True))
        before = snapshot()
        response = self.client.post(self.url("deactivate", pk=self.admin.pk), follow=True)
        self.assertContains(
            response, "「管理 太郎」さんは最後の市町村管理者なので、利用停止にできません。"
        )
        self.assertEqual(snapshot(), before)


class HandoverTests(UsersTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.yamada = user_with_role(
            Role.SC_LAYER2, cls.city, area=cls.hill, valid_from=APRIL_2025,
            user__username="yamada",
        )  # fmt: skip
        RoleAssignmentFactory(
            user=cls.yamada, municipality=cls.city, role=Role.SC_LAYER2, area=cls.river,
            valid_from=APRIL_2025,
        )  # fmt: skip
        cls.ito = user_with_role(Role.VIEWER, cls.city, valid_from=APRIL_2025, user__username="ito")

    def test_the_form_proposes_the_next_first_of_april(self) -> None:
        # 2026-11-27 is after 2026-04-01, so the next one is 2027-04-01.
        self.assertEqual(next_april_first(), datetime.date(2027, 4, 1))
        self.assertEqual(next_april_first(datetime.date(2027, 3, 31)), datetime.date(2027, 4, 1))
        self.assertEqual(next_april_first(datetime.date(2027, 4, 1)), datetime.date(2028, 4, 1))
        form = self.client.get(self.url("handover")).context["form"]
        self.assertEqual(form["on"].value(), datetime.date(2027, 4, 1))

    def test_the_april_handover_ends_and_starts_each_area_role(self) -> None:
        response = self.client.post(
            self.url("handover"),
            {"outgoing": self.yamada.pk, "incoming": self.ito.pk, "on": "令和9年4月1日"},
        )
        self.assertRedirects(response, self.url("detail", pk=self.ito.pk))
        # 令和9年 = 2027: yamada's two area roles end the day before, 2027-03-31 ...
        ended = self.yamada.role_assignments.order_by("area__kana")
        self.assertEqual(
            [(a.area.name, a.valid_from, a.valid_to) for a in ended],
            [
                ("川沿い圏域", APRIL_2025, datetime.date(2027, 3, 31)),
                ("丘陵圏域", APRIL_2025, datetime.date(2027, 3, 31)),
            ],
        )
        # ... and ito's start on 2027-04-01 with no end, beside the viewer role ito held.
        started = self.ito.role_assignments.filter(role=Role.SC_LAYER2).order_by("area__kana")
        self.assertEqual(
            [(a.area.name, a.valid_from, a.valid_to) for a in started],
            [
                ("川沿い圏域", datetime.date(2027, 4, 1), None),
                ("丘陵圏域", datetime.date(2027, 4, 1), None),
            ],
        )
        self.assertEqual(
            {h.history_user for h in RoleAssignment.history.filter(user=self.ito, role=Role.SC_LAYER2)},  # type: ignore[attr-defined]
            {self.admin},
        )  # fmt: skip
        self.assert_hands_over_at_midnight_in_tokyo()

    def assert_hands_over_at_midnight_in_tokyo(self) -> None:
        evening = datetime.datetime(2027, 3, 31, 23, 30, tzinfo=TOKYO)  # 14:30 UTC
        morning = datetime.datetime(2027, 4, 1, 0, 30, tzinfo=TOKYO)  # 2027-03-31 15:30 UTC
        expected = {evening: (True, False), morning: (False, True)}
        for moment, (outgoing_may, incoming_may) in expected.items():
            with time_machine.travel(moment, tick=False), self.subTest(moment=moment):
                yamada, ito = User.objects.get(pk=self.yamada.pk), User.objects.get(pk=self.ito.pk)
                for area in (self.hill, self.river):
                    self.assertIs(has_perm(yamada, Perm.EDIT_AREA, self.city, area), outgoing_may)
                    self.assertIs(has_perm(ito, Perm.EDIT_AREA, self.city, area), incoming_may)

    def test_a_handover_to_a_new_person_shows_their_link(self) -> None:
        response = self.client.post(
            self.url("handover"),
            {"outgoing": self.yamada.pk, "new_username": "kato", "new_display_name": "加藤",
             "on": "2027-04-01"},
        )  # fmt: skip
        kato = User.objects.get(username="kato")
        self.assertRedirects(
            response, self.url("created", pk=kato.pk), fetch_redirect_response=False
        )
        self.assertFalse(kato.has_usable_password())
        self.assertEqual(kato.role_assignments.count(), 2)
        page = self.client.get(self.url("created", pk=kato.pk)).content.decode()
        self.assertIn("/accounts/password/set/", page)

    def refused(self, data: dict, message: str) -> None:
        before = snapshot()
        response = self.client.post(self.url("handover"), data)
        self.assertContains(response, message, status_code=400)
        self.assertContains(response, 'value="令和9年4月1日"', status_code=400)
        self.assertEqual(snapshot(), before)

    def test_a_handover_to_the_same_person_is_refused(self) -> None:
        self.refused(
            {"outgoing": self.yamada.pk, "incoming": self.yamada.pk, "on": "令和9年4月1日"},
            "交代する人と引き継ぐ人が同じです。",
        )

    def test_a_handover_from_someone_with_no_roles_left_is_refused(self) -> None:
        gone = user_with_role(
            Role.SC_LAYER2, self.city, area=self.hill, valid_from=APRIL_2024,
            valid_to=datetime.date(2025, 3, 31), user__username="gone", user__display_name="後藤",
        )  # fmt: skip
        # The role ended 2025-03-31, before 2027-04-01: nothing runs on the handover day.
        self.refused(
            {"outgoing": gone.pk, "incoming": self.ito.pk, "on": "令和9年4月1日"},
            "「後藤」さんには令和9年4月1日以降も続く役割がありません。",
        )

    def test_a_handover_before_a_role_starts_is_refused(self) -> None:
        late = user_with_role(
            Role.SC_LAYER1, self.city, valid_from=datetime.date(2027, 4, 1), user__username="late"
        )
        self.refused(
            {"outgoing": late.pk, "incoming": self.ito.pk, "on": "令和9年4月1日"},
            "第1層生活支援コーディネーターは令和9年4月1日に始まります。",
        )


class OnlyTheMunicipalAdminTests(UsersTestCase):
    """Every other role gets 403 on every new URL, and nothing is written."""

    def test_other_roles_are_refused_everywhere_and_nothing_is_written(self) -> None:
        target = user_with_role(Role.VIEWER, self.city, valid_from=APRIL_2025)
        role = target.role_assignments.get()
        calls = [
            ("get", self.url("list"), {}),
            ("post", self.url("create"), {"username": "x", "role": Role.VIEWER, "valid_from": "2026-12-01"}),
            ("post", self.url("handover"), {"outgoing": target.pk, "new_username": "y", "on": "2027-04-01"}),
            ("get", self.url("detail", pk=target.pk), {}),
            ("get", self.url("created", pk=target.pk), {}),
            ("post", self.url("role_add", pk=target.pk), {"role": Role.SC_LAYER1, "valid_from": "2026-12-01"}),
            ("post", self.url("role_end", pk=target.pk, assignment=role.pk), {"end_on": "2026-11-30"}),
            ("post", self.url("deactivate", pk=target.pk), {}),
            ("post", self.url("reactivate", pk=target.pk), {}),
        ]  # fmt: skip
        for denied in (Role.SC_LAYER1, Role.SC_LAYER2, Role.COUNCIL_MEMBER, Role.VIEWER):
            self.client.force_login(user_with_role(denied, self.city, area=self.hill))
            before = snapshot()
            for method, url, data in calls:
                with self.subTest(role=denied, url=url):
                    self.assertEqual(getattr(self.client, method)(url, data).status_code, 403)
            self.assertEqual(snapshot(), before)

    def test_the_settings_page_links_the_screen_for_the_admin_alone(self) -> None:
        # The menu's 「市町村の設定」 (the admin's alone) lists it since issue #24.
        settings_page = reverse("core:municipality_settings", kwargs={"lgcode": self.city.code})
        self.assertContains(self.client.get(settings_page), self.url("list"))
        self.client.force_login(user_with_role(Role.SC_LAYER1, self.city))
        self.assertEqual(self.client.get(settings_page).status_code, 403)
