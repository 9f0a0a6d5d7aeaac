"""Council screens: overdue actions first on the council home and on my actions (frozen time),
the meeting record saved and refused on conflict with the input kept, members writing their own
council only, and the secretariat's notes kept from members."""

import datetime

import time_machine
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import AreaFactory, Layer2AreaFactory, MunicipalityFactory
from sasaeai.councils import services
from sasaeai.councils.models import Meeting

from .factories import TOKYO, MeetingFactory, MembershipFactory

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=TOKYO)


class CouncilFixture(TestCase):
    """A layer-2 council with a coordinator, a member who signs in, three actions and a
    meeting; and someone on no council."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        whole = AreaFactory(municipality=cls.city, name="全域")
        cls.north = Layer2AreaFactory(municipality=cls.city, parent=whole, name="北部圏域")
        cls.coordinator = user_with_role(Role.SC_LAYER2, cls.city, area=cls.north)
        cls.council = services.council_create(
            municipality=cls.city, area=cls.north, name="北部地域支え合い会議", user=cls.coordinator
        )
        cls.member_user = user_with_role(Role.COUNCIL_MEMBER, cls.city)
        cls.member = MembershipFactory(
            council=cls.council, name="委員 一郎", kana="いいんいちろう", user=cls.member_user
        )
        cls.outsider = user_with_role(Role.COUNCIL_MEMBER, cls.city)  # on no council
        cls.meeting = MeetingFactory(council=cls.council, title="第3回北部会議")
        # Due 11-26 (overdue on 11-27), 11-30 and none: overdue first, then by date, undated last.
        for title, due in (
            ("回覧板の原稿", datetime.date(2026, 11, 30)),
            ("会場の予約", datetime.date(2026, 11, 26)),
            ("いつかやること", None),
        ):
            services.action_create(
                council=cls.council, title=title, owners=[cls.member], due_on=due,
                user=cls.coordinator,
            )  # fmt: skip

    def url(self, name: str, pk: int) -> str:
        return reverse(f"councils:{name}", kwargs={"lgcode": self.city.code, "pk": pk})

    def part(self, name: str, data: dict, script: bool = False):  # type: ignore[no-untyped-def]
        """POST one part of the meeting page to its own address, as the page's script sends it
        (header X-Meeting-Part) or as a plain form."""
        url = reverse(
            "councils:meeting_part",
            kwargs={"lgcode": self.city.code, "pk": self.meeting.pk, "part": name},
        )
        headers = {"X-Meeting-Part": "1"} if script else {}
        return self.client.post(url, data, headers=headers)

    def record(self, version: int, minutes: str, **extra: str):  # type: ignore[no-untyped-def]
        data = {
            "version": str(version), "agenda-count": "2",
            "agenda-0-pk": "", "agenda-0-order": "1", "agenda-0-title": "開会",
            "agenda-1-pk": "", "agenda-1-order": "2", "agenda-1-title": "",
            "minutes": minutes, **extra,
        }  # fmt: skip
        return self.part("record", data)


@time_machine.travel(NOW, tick=False)
class CouncilScreenTests(CouncilFixture):
    def test_overdue_actions_come_first_on_the_council_home(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url("home", self.council.pk))
        self.assertContains(response, "期限切れ1件")
        html = response.content.decode()
        positions = [html.index(t) for t in ("会場の予約", "回覧板の原稿", "いつかやること")]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(response, "【期限切れ】</strong>会場の予約（期限 令和8年11月26日）")

    def test_overdue_actions_come_first_on_my_actions(self) -> None:
        self.client.force_login(self.member_user)
        response = self.client.get(reverse("councils:my_actions", args=[self.city.code]))
        titles = [a.title for a in response.context["actions"]]
        self.assertEqual(titles, ["会場の予約", "回覧板の原稿", "いつかやること"])
        self.assertContains(response, "【期限切れ】</strong>会場の予約")
        self.client.force_login(self.outsider)
        response = self.client.get(reverse("councils:my_actions", args=[self.city.code]))
        self.assertEqual(list(response.context["actions"]), [])

    def test_a_member_saves_the_record_and_a_stale_second_save_is_refused_with_input_kept(
        self,
    ) -> None:
        self.client.force_login(self.member_user)
        saved = self.record(1, "Aさんの議事録")
        self.assertEqual(saved.status_code, 302)
        refused = self.record(1, "Bさんの議事録")
        self.assertEqual(refused.status_code, 409)
        self.assertContains(refused, "あなたが画面を開いた後に", status_code=409)
        self.assertContains(refused, "Bさんの議事録</textarea>", status_code=409)
        self.assertContains(refused, "Aさんの議事録</pre>", status_code=409)  # the saved one
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((meeting.minutes, meeting.version), ("Aさんの議事録", 2))
        self.assertEqual(list(meeting.agenda_items.values_list("title", flat=True)), ["開会"])

    def test_someone_on_no_council_reads_but_cannot_write(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url("meeting", self.meeting.pk)).status_code, 200)
        self.assertEqual(self.record(1, "書けないはず").status_code, 403)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).minutes, "")

    def test_only_coordinators_see_and_write_the_secretariats_notes(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(private_notes="個人の事情のメモ")
        self.client.force_login(self.member_user)
        self.assertNotContains(self.client.get(self.url("meeting", self.meeting.pk)), "個人の事情")
        self.record(1, "議事録", private_notes="上書きしようとした")
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).private_notes, "個人の事情のメモ")
        self.client.force_login(self.coordinator)
        self.assertContains(
            self.client.get(self.url("meeting", self.meeting.pk)), "個人の事情のメモ"
        )

    def test_a_refused_challenge_keeps_what_was_typed(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(
            self.url("challenge_create", self.council.pk),
            {
                "challenge-title": "",
                "challenge-description": "坂が多くて買い物に行けない",
                "challenge-source": "meeting",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "課題を入力してください。", status_code=400)
        self.assertContains(response, "坂が多くて買い物に行けない", status_code=400)


class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        city = MunicipalityFactory(code="132012")
        north = Layer2AreaFactory(municipality=city, parent=AreaFactory(municipality=city))
        cls.coordinator = user_with_role(Role.SC_LAYER2, city, area=north)
        cls.council = services.council_create(
            municipality=city, area=north, name="北部地域支え合い会議", user=cls.coordinator
        )
        MeetingFactory(
            council=cls.council, title="第3回, 北部会議", venue="北部公民館",
            starts_at=datetime.datetime(2026, 12, 20, 14, 0, tzinfo=TOKYO),
            private_notes="個人の事情のメモ", minutes="議事録の中身",
        )  # fmt: skip

    def feed(self, token: str, code: str = "132012"):  # type: ignore[no-untyped-def]
        return self.client.get(reverse("councils:calendar", args=[code, token]))

    def test_calendar_apps_read_the_meetings_without_signing_in(self) -> None:
        response = self.feed(self.council.calendar_token)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        text = response.content.decode()
        # 14:00 in Tokyo = 05:00 UTC; the comma in the title is escaped.
        self.assertIn("DTSTART:20261220T050000Z", text)
        self.assertIn("SUMMARY:第3回\\, 北部会議", text)
        self.assertIn("LOCATION:北部公民館", text)
        self.assertNotIn("個人の事情", text)
        self.assertNotIn("議事録の中身", text)

    def test_a_wrong_token_or_municipality_finds_nothing(self) -> None:
        self.assertEqual(self.feed("not-the-token").status_code, 404)
        self.assertEqual(self.feed(self.council.calendar_token, "132021").status_code, 404)

    def test_a_new_address_retires_the_old_one(self) -> None:
        old = self.council.calendar_token
        self.client.force_login(self.coordinator)
        rotate = reverse("councils:calendar_rotate", args=["132012", self.council.pk])
        self.assertEqual(self.client.post(rotate).status_code, 302)
        self.client.logout()
        self.council.refresh_from_db()
        self.assertEqual(self.feed(old).status_code, 404)
        self.assertEqual(self.feed(self.council.calendar_token).status_code, 200)


@time_machine.travel(NOW, tick=False)
class MeetingPartsTests(CouncilFixture):
    """Materials, teams, a challenge's status and its evidence, from the screens."""

    def test_a_material_is_uploaded_and_downloaded_through_the_permission_check(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.member_user)
        refused = self.part("material", {
            "material-title": "実行ファイル",
            "material-file": SimpleUploadedFile("tool.exe", b"MZ"),
        })  # fmt: skip
        self.assertContains(refused, "資料は PDF・Word・Excel", status_code=400)
        self.assertContains(refused, 'value="実行ファイル"', status_code=400)  # title kept
        saved = self.part("material", {
            "material-title": "資源マップ案",
            "material-file": SimpleUploadedFile("map.pdf", b"%PDF-1.7 map"),
        })  # fmt: skip
        self.assertEqual(saved.status_code, 302)
        material = self.meeting.materials.get()
        download = self.client.get(
            reverse("councils:material", args=[self.city.code, self.meeting.pk, material.pk])
        )
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.7 map")
        # 資源マップ案.pdf, percent-encoded as UTF-8 (RFC 6266).
        self.assertIn(
            "%E8%B3%87%E6%BA%90%E3%83%9E%E3%83%83%E3%83%97%E6%A1%88.pdf",
            download["Content-Disposition"],
        )
        self.client.logout()
        anonymous = self.client.get(
            reverse("councils:material", args=[self.city.code, self.meeting.pk, material.pk])
        )
        self.assertEqual(anonymous.status_code, 302)  # to the login page

    def test_a_planning_team_is_formed_at_the_meeting(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.part("team", {
            "team-name": "マップ班", "team-purpose": "資源マップを作る",
            "team-members": [self.member.pk],
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        team = self.council.teams.get()
        self.assertEqual((team.formed_at, list(team.members.all())), (self.meeting, [self.member]))

    def test_a_challenge_with_its_evidence_and_a_status_step(self) -> None:
        self.client.force_login(self.member_user)
        self.client.post(self.url("challenge_create", self.council.pk), {
            "challenge-title": "坂道で買い物に行けない", "challenge-source": "meeting",
            "challenge-evidence_label": "75歳以上の一人暮らし世帯", "challenge-evidence_value": "22%",
        })  # fmt: skip
        challenge = self.council.challenges.get()
        evidence = challenge.evidence.get()
        self.assertEqual((evidence.kind, evidence.label, evidence.value), (
            "indicator", "75歳以上の一人暮らし世帯", "22%",
        ))  # fmt: skip
        status_url = reverse("councils:challenge_status", args=[self.city.code, challenge.pk])
        self.client.post(status_url, {"status": "considering", "note": "次回の協議で扱う"})
        challenge.refresh_from_db()
        self.assertEqual(challenge.status, "considering")
        self.assertEqual(challenge.status_changes.last().note, "次回の協議で扱う")
        # 検討中 → 解決 skips 対応中: refused, with the reason shown on the council home.
        response = self.client.post(status_url, {"status": "solved"}, follow=True)
        self.assertContains(response, "「検討中」の課題を「解決」にはできません。")

    def test_only_the_next_steps_of_a_challenge_are_offered(self) -> None:
        services.challenge_create(
            municipality=self.city, council=self.council, title="坂道", source="meeting",
            user=self.coordinator,
        )  # fmt: skip
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url("home", self.council.pk))
        # 提起 may only become 検討中.
        self.assertContains(response, '<option value="considering">検討中</option></select>')
        self.assertNotContains(response, '<option value="solved">')

    def test_a_meeting_is_called_off_after_a_confirmation_and_put_back(self) -> None:
        self.client.force_login(self.member_user)
        asked = self.part("status", {"status": "cancelled"})
        # The first press only asks: a page with the same POST and confirmed=1, or a way back.
        self.assertContains(asked, "「第3回北部会議」を中止にしますか？")
        self.assertContains(asked, '<input type="hidden" name="confirmed" value="1">')
        self.assertContains(asked, "中止にしないで会議のページへ戻る")
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, "planned")
        done = self.part("status", {"status": "cancelled", "confirmed": "1"})
        self.assertEqual(done.status_code, 302)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, "cancelled")
        # Putting it back is not asked again.
        self.part("status", {"status": "planned"})
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, "planned")
        # 開催済 comes only from saving the attendance or minutes after the start.
        self.assertEqual(self.part("status", {"status": "held"}).status_code, 404)

    def test_a_part_that_does_not_exist_finds_nothing_and_no_part_opens_by_get(self) -> None:
        self.client.force_login(self.member_user)
        self.assertEqual(self.part("minutes-and-more", {"minutes": "x"}).status_code, 404)
        url = reverse(
            "councils:meeting_part",
            kwargs={"lgcode": self.city.code, "pk": self.meeting.pk, "part": "record"},
        )
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_a_members_term_is_ended_from_the_council_home_after_a_confirmation(self) -> None:
        self.client.force_login(self.coordinator)
        end = reverse("councils:member_end", args=[self.city.code, self.member.pk])
        asked = self.client.post(end, {"term_end": "2027/3/31", "version": "1"})
        self.assertContains(asked, "委員 一郎さんの任期を終えますか？")
        self.assertContains(asked, "任期の終わりを令和9年3月31日にします。")
        self.assertContains(asked, '<input type="hidden" name="term_end" value="令和9年3月31日">')
        self.assertContains(asked, '<input type="hidden" name="version" value="1">')
        self.member.refresh_from_db()
        self.assertIsNone(self.member.term_end)  # only asked so far
        response = self.client.post(
            end, {"term_end": "令和9年3月31日", "version": "1", "confirmed": "1"}, follow=True
        )
        self.assertContains(response, "委員 一郎さんの任期を令和9年3月31日までとしました。")
        response = self.client.post(end, {"term_end": "いつか"}, follow=True)
        self.assertContains(response, "日付として読み取れません: いつか")
        self.member.refresh_from_db()
        self.assertEqual(self.member.term_end, datetime.date(2027, 3, 31))

    def test_an_actions_progress_is_recorded_from_the_meeting_page(self) -> None:
        action = services.action_create(
            council=self.council, meeting=self.meeting, title="会場の下見", owners=[self.member],
            user=self.coordinator,
        )  # fmt: skip
        self.client.force_login(self.member_user)
        response = self.part(
            "progress", {"action": action.pk, "note": "下見した", "status": "done"}
        )
        self.assertEqual(response["Location"], self.url("meeting", self.meeting.pk) + "#actions")
        action.refresh_from_db()
        self.assertEqual(action.status, "done")

    def test_progress_never_sends_the_browser_off_the_site(self) -> None:
        action = services.action_create(
            council=self.council, title="チラシ", owners=[self.member], user=self.coordinator
        )
        self.client.force_login(self.member_user)
        progress = reverse("councils:action_progress", args=[self.city.code, action.pk])
        response = self.client.post(progress, {"note": "x", "next": "https://example.com/"})
        self.assertEqual(response["Location"], self.url("home", self.council.pk))

    def test_odd_values_in_a_post_get_no_server_error(self) -> None:
        self.client.force_login(self.coordinator)
        ended = MembershipFactory(council=self.council, term_end=datetime.date(2025, 4, 1))
        for name, data in (
            ("try", {"item": "abc"}),
            ("record", {"version": "abc", "agenda-count": "²"}),
            ("record", {"version": "1", "agenda-count": "999999999"}),
            ("attendance", {"present": [str(ended.pk), "x"], "guests_count": "²"}),
            ("progress", {"action": "x"}),
            ("nothing", {}),
        ):
            for script in (False, True):
                with self.subTest(name=name, data=data, script=script):
                    self.assertLess(self.part(name, data, script).status_code, 500)

    def test_after_a_conflict_the_form_carries_the_version_saved_meanwhile(self) -> None:
        self.client.force_login(self.member_user)
        self.record(1, "Aさん")
        refused = self.record(1, "Bさん")
        self.assertContains(
            refused, '<input type="hidden" name="version" value="2">', status_code=409
        )
        self.assertEqual(self.record(2, "Bさん（確かめて保存）").status_code, 302)

    def test_an_action_is_given_to_a_planning_team(self) -> None:
        team = services.team_form(
            council=self.council, name="マップ班", purpose="資源マップ", members=[self.member],
            formed_at=self.meeting, user=self.coordinator,
        )  # fmt: skip
        self.client.force_login(self.member_user)
        response = self.part("action", {
            "action-title": "地図の下書き", "action-owners": [self.member.pk],
            "action-team": team.pk,
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.council.actions.get(title="地図の下書き").team, team)
        page = self.client.get(self.url("meeting", self.meeting.pk))
        self.assertContains(page, "地図の下書き（委員 一郎・マップ班・未着手）")


@time_machine.travel(NOW, tick=False)
class EachPartSavesAloneTests(CouncilFixture):
    """Each part of the meeting page posts to its own address, saves only its own fields and,
    for the page's script, answers with only its own part (the same template the page uses)."""

    def setUp(self) -> None:
        self.client.force_login(self.coordinator)
        Meeting.objects.filter(pk=self.meeting.pk).update(minutes="保存済みの議事録")

    def test_a_decision_posted_with_minutes_beside_it_saves_the_decision_only(self) -> None:
        response = self.part("decision", {
            "decision-title": "見守りの当番を決める", "decision-method": "consensus",
            "minutes": "ここに打った議事録",  # not a field of this part: never read
        })  # fmt: skip
        self.assertEqual(response["Location"], self.url("meeting", self.meeting.pk) + "#decisions")
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual(meeting.minutes, "保存済みの議事録")
        self.assertEqual(meeting.version, 1)
        self.assertEqual(list(meeting.decisions.values_list("title", flat=True)), [
            "見守りの当番を決める"
        ])  # fmt: skip

    def test_the_script_gets_only_the_saved_part_with_its_message(self) -> None:
        response = self.part("decision", {
            "decision-title": "見守りの当番を決める", "decision-method": "consensus",
        }, script=True)  # fmt: skip
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn("<html", html)
        self.assertIn('id="decisions-part"', html)
        self.assertIn("決定事項を記録しました。", html)
        self.assertIn("<strong>見守りの当番を決める</strong>", html)
        for other in ("record-part", "attendance-part", "teams-part"):
            self.assertNotIn(f'id="{other}"', html)
        # The actions part comes too: its 「もとになった決定事項」 now offers the new decision
        # (the script leaves it alone when something is typed in it).
        self.assertIn('id="actions-part"', html)
        self.assertRegex(html, r'<option value="\d+">見守りの当番を決める</option>')

    def test_a_refused_part_comes_back_alone_with_its_input_and_marked_unsaved(self) -> None:
        response = self.part("decision", {
            "decision-title": "", "decision-reason": "理由だけ書いた", "decision-method": "consensus",
            "decision-review_on": "いつか",
        }, script=True)  # fmt: skip
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('id="decisions-part"', html)
        self.assertNotIn('id="record-part"', html)
        self.assertIn("決定事項を入力してください。", html)
        self.assertIn("日付として読み取れません: いつか", html)
        self.assertIn("理由だけ書いた</textarea>", html)
        self.assertIn('value="いつか"', html)
        self.assertIn(" data-part data-unsaved", html)

    def test_each_part_answers_with_the_parts_it_changed(self) -> None:
        # The attendance and the minutes may make the meeting 開催済, so the status comes too;
        # a reflection or an action may complete the meeting's record, which the status shows.
        cases = {
            "record": ({"version": "1", "agenda-count": "0", "minutes": "x"}, ["record", "status"]),
            "attendance": ({"present": [self.member.pk]}, ["attendance", "status"]),
            "reflection": (
                {"reflection-kind": "keep", "reflection-text": "よく話せた"},
                ["reflection", "status"],
            ),
            "team": ({
                "team-name": "地図班", "team-purpose": "地図", "team-members": [self.member.pk]
            }, ["teams", "actions"]),
            "action": ({
                "action-title": "下見", "action-owners": [self.member.pk]
            }, ["actions", "status"]),
        }  # fmt: skip
        every = {"record", "status", "attendance", "decisions", "actions", "reflection", "teams"}
        for name, (data, parts) in cases.items():
            with self.subTest(name):
                html = self.part(name, data, script=True).content.decode()
                found = {p for p in every if f'id="{p}-part"' in html}
                self.assertEqual(found, set(parts))

    def test_without_the_script_a_refusal_shows_the_whole_page_with_the_input(self) -> None:
        response = self.part("action", {"action-title": "チラシを配る"})
        self.assertContains(response, "担当を1人以上選んでください。", status_code=400)
        self.assertContains(response, 'value="チラシを配る"', status_code=400)
        self.assertContains(response, "保存済みの議事録</textarea>", status_code=400)

    def test_a_try_becomes_an_action_with_a_due_date_typed_in_japanese(self) -> None:
        item = services.reflection_add(
            meeting=self.meeting, kind="try", text="男性の会を試す", user=self.coordinator
        )
        html = self.part("try", {
            "item": item.pk, "owners": [self.member.pk], "due_on": "令和9年1月15日",
        }, script=True).content.decode()  # fmt: skip
        self.assertIn("次にやること「男性の会を試す」を実践（やること）にしました。", html)
        self.assertIn('id="actions-part"', html)
        self.assertIn("男性の会を試す（委員 一郎・期限 令和9年1月15日・未着手）", html)

    def test_a_try_refused_for_its_date_keeps_the_owners_and_the_date_typed(self) -> None:
        item = services.reflection_add(
            meeting=self.meeting, kind="try", text="男性の会を試す", user=self.coordinator
        )
        for script in (True, False):
            with self.subTest(script=script):
                response = self.part("try", {
                    "item": item.pk, "owners": [self.member.pk], "due_on": "来月の頭",
                }, script=script)  # fmt: skip
                self.assertContains(response, "日付として読み取れません: 来月の頭", status_code=400)
                self.assertContains(response, 'value="来月の頭"', status_code=400)
                self.assertContains(
                    response, f'value="{self.member.pk}" checked> 委員 一郎', status_code=400
                )
        self.assertEqual(self.meeting.actions.count(), 0)

    def test_the_page_labels_keep_problem_and_try_in_plain_words(self) -> None:
        page = self.client.get(self.url("meeting", self.meeting.pk))
        self.assertContains(page, '<option value="keep">よかったこと（Keep）</option>')
        self.assertContains(page, '<option value="problem">困ったこと（Problem）</option>')
        self.assertContains(page, '<option value="try">次にやること（Try）</option>')
        self.assertNotContains(page, "振り返り（KPT）")


@time_machine.travel(NOW, tick=False)
class CouncilFormsTests(CouncilFixture):
    """Dates and times typed as people write them, and messages that name the field."""

    def test_a_meeting_is_planned_with_a_date_and_times_typed_in_japanese(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url("meeting_create", self.council.pk), {
            "title": "第4回北部会議", "kind": "deliberation", "day": "令和8年12月20日",
            "starts": "午後2時", "ends": "１６：３０", "venue": "北部公民館",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        meeting = Meeting.objects.get(title="第4回北部会議")
        # 14:00 and 16:30 in Tokyo on 2026-12-20.
        self.assertEqual(
            (meeting.starts_at, meeting.ends_at),
            (
                datetime.datetime(2026, 12, 20, 14, 0, tzinfo=TOKYO),
                datetime.datetime(2026, 12, 20, 16, 30, tzinfo=TOKYO),
            ),
        )

    def test_blank_or_unreadable_meeting_fields_are_named(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url("meeting_create", self.council.pk), {
            "title": "", "kind": "deliberation", "day": "", "starts": "そのうち", "ends": "",
        })  # fmt: skip
        for message in (
            "会議名を入力してください。",
            "開催日を入力してください。",
            "開始時刻は「14:00」「午後2時」のように入力してください。",
        ):
            self.assertContains(response, message, status_code=400)
        self.assertNotContains(response, "このフィールドは必須です", status_code=400)
        self.assertNotContains(response, 'type="date', status_code=400)
        self.assertNotContains(response, 'type="datetime-local"', status_code=400)

    def test_the_end_must_come_after_the_start(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url("meeting_create", self.council.pk), {
            "title": "会議", "kind": "deliberation", "day": "2026/12/20",
            "starts": "14:00", "ends": "13時",
        })  # fmt: skip
        self.assertContains(response, "終了時刻は開始時刻より後にしてください。", status_code=400)

    def test_coordinators_set_the_secretariats_phone_number(self) -> None:
        settings_url = self.url("settings", self.council.pk)
        self.client.force_login(self.member_user)  # a member writes records, not settings
        self.assertEqual(self.client.get(settings_url).status_code, 403)
        self.client.force_login(self.coordinator)
        page = self.client.get(settings_url)
        self.assertContains(page, "事務局の電話番号")
        response = self.client.post(settings_url, {
            "name": "北部地域支え合い会議", "established_on": "平成29年4月1日",
            "office_phone": "042-620-7365", "version": "1",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.council.refresh_from_db()
        self.assertEqual(
            (self.council.office_phone, self.council.established_on),
            ("042-620-7365", datetime.date(2017, 4, 1)),
        )
        home = self.client.get(self.url("home", self.council.pk))
        self.assertContains(home, "042-620-7365")
