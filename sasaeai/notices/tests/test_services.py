"""The writes of お知らせ: one notice per user and event, read one by one or in bulk, the mail
settings refused in Japanese naming the field."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from sasaeai.accounts.tests.factories import UserFactory
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.notices import services
from sasaeai.notices.constants import NoticeKind
from sasaeai.notices.models import Notice, NoticeSettings


def notice(user, city, title="会議が3日後にあります", **kwargs) -> Notice:  # type: ignore[no-untyped-def]
    fields = {"kind": NoticeKind.MEETING_SOON, "key": title, "url": "/", **kwargs}
    return Notice.objects.create(user=user, municipality=city, title=title, **fields)


class NotifyTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.ann, cls.ben, cls.cai = UserFactory.create_batch(3)
        cls.gone = UserFactory(is_active=False)

    def escalated(self, *users) -> list[Notice]:  # type: ignore[no-untyped-def]
        return services.notify(
            users=users, municipality=self.city, kind=NoticeKind.ISSUE_RECEIVED,
            key="escalation:12", title="第2層から地域課題「買い物が不便」が届きました",
            url="/staff/132012/councils/",
        )  # fmt: skip

    def test_an_event_is_noticed_once_per_user_even_after_it_was_read(self) -> None:
        self.assertEqual(len(self.escalated(self.ann, self.ben)), 2)
        Notice.objects.filter(user=self.ann).update(read_at="2026-12-01T09:00+09:00")
        # ann (read) and ben (unread) have it already: only cai is new.
        created = self.escalated(self.ann, self.ben, self.cai)
        self.assertEqual([n.user for n in created], [self.cai])
        self.assertEqual(Notice.objects.filter(key="escalation:12").count(), 3)

    def test_another_event_or_another_kind_is_a_new_notice(self) -> None:
        self.escalated(self.ann)
        services.notify(
            users=[self.ann], municipality=self.city, kind=NoticeKind.ISSUE_RECEIVED,
            key="escalation:13", title="別の課題", url="/",
        )  # fmt: skip
        services.notify(
            users=[self.ann], municipality=self.city, kind=NoticeKind.ANSWER_RECEIVED,
            key="escalation:12", title="回答", url="/",
        )  # fmt: skip
        self.assertEqual(Notice.objects.filter(user=self.ann).count(), 3)

    def test_inactive_users_and_none_are_left_out(self) -> None:
        created = self.escalated(None, self.gone, self.ann, self.ann)
        self.assertEqual([n.user for n in created], [self.ann])
        self.assertFalse(Notice.objects.filter(user=self.gone).exists())

    def test_an_unknown_kind_is_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            services.notify(
                users=[self.ann], municipality=self.city, kind="nonsense", key="k", title="t",
                url="/",
            )  # fmt: skip

    def test_notify_many_leaves_out_the_inactive_the_repeated_and_the_noticed(self) -> None:
        self.escalated(self.ann)

        def draft(user, key="escalation:12"):  # type: ignore[no-untyped-def]
            return services.NoticeDraft(
                user_id=user.pk, municipality_id=self.city.pk, kind=NoticeKind.ISSUE_RECEIVED,
                key=key, title="課題", url="/",
            )  # fmt: skip

        # ann has escalation:12 already, gone is inactive, ben's draft comes twice:
        # new are ben/escalation:12 and ann/escalation:13 → 2.
        with self.assertNumQueries(3):
            made = services.notify_many(
                drafts=[draft(self.ann), draft(self.gone), draft(self.ben), draft(self.ben),
                        draft(self.ann, "escalation:13")]
            )  # fmt: skip
        self.assertEqual(made, 2)
        self.assertEqual(
            sorted(Notice.objects.values_list("user__username", "key")),
            sorted(
                [
                    (self.ann.username, "escalation:12"),
                    (self.ann.username, "escalation:13"),
                    (self.ben.username, "escalation:12"),
                ]
            ),
        )


class MarkReadTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.other_city = MunicipalityFactory(code="132021")
        cls.ann, cls.ben = UserFactory.create_batch(2)
        cls.first = notice(cls.ann, cls.city, "一つ目")
        cls.second = notice(cls.ann, cls.city, "二つ目")
        cls.elsewhere = notice(cls.ann, cls.other_city, "立川市の知らせ")
        cls.bens = notice(cls.ben, cls.city, "ベンの知らせ")

    def unread_titles(self) -> list[str]:
        return sorted(Notice.objects.unread().values_list("title", flat=True))

    def test_opening_a_notice_marks_it_and_only_it_read(self) -> None:
        opened = services.notice_open(notice=self.first, user=self.ann)
        self.assertIsNotNone(opened.read_at)
        self.assertEqual(self.unread_titles(), ["ベンの知らせ", "二つ目", "立川市の知らせ"])

    def test_no_one_opens_another_users_notice(self) -> None:
        with self.assertRaises(PermissionError):
            services.notice_open(notice=self.bens, user=self.ann)
        self.assertIn("ベンの知らせ", self.unread_titles())

    def test_all_read_marks_the_users_own_in_that_municipality_only(self) -> None:
        count = services.notices_mark_read(user=self.ann, municipality=self.city)
        self.assertEqual(count, 2)  # 一つ目, 二つ目; not ben's, not 立川市's
        self.assertEqual(self.unread_titles(), ["ベンの知らせ", "立川市の知らせ"])
        # Once read, nothing is left to mark.
        self.assertEqual(services.notices_mark_read(user=self.ann, municipality=self.city), 0)

    def test_marking_chosen_ones_ignores_anothers_and_another_municipalitys(self) -> None:
        ids = [self.second.pk, self.bens.pk, self.elsewhere.pk]
        count = services.notices_mark_read(user=self.ann, municipality=self.city, ids=ids)
        self.assertEqual(count, 1)  # 二つ目 only
        self.assertEqual(self.unread_titles(), ["ベンの知らせ", "一つ目", "立川市の知らせ"])


class SettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.ann = UserFactory()

    def test_no_choice_made_means_the_mail_with_every_kind(self) -> None:
        current = services.settings_of(self.ann)
        self.assertEqual((current.pk, current.digest, current.mail_muted), (None, True, []))

    def test_saving_keeps_the_kinds_not_chosen_as_muted(self) -> None:
        chosen = [k for k in NoticeKind.values if k != NoticeKind.MEETING_SOON]
        services.settings_save(user=self.ann, digest=False, mail_kinds=chosen)
        services.settings_save(user=self.ann, digest=False, mail_kinds=chosen)  # again: one row
        row = NoticeSettings.objects.get()
        self.assertEqual((row.digest, row.mail_muted), (False, ["meeting_soon"]))
        # Created once and changed once: two history rows, each the user's.
        self.assertEqual(
            list(row.history.values_list("history_type", "history_user")),
            [("~", self.ann.pk), ("+", self.ann.pk)],
        )

    def test_an_unknown_kind_is_refused_in_japanese_naming_the_field(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            services.settings_save(user=self.ann, digest=True, mail_kinds=["job_done", "weather"])
        self.assertEqual(
            refused.exception.message_dict,
            {"mail_kinds": ["メールに載せるお知らせに、ない種類（weather）が選ばれています。"]},
        )
        self.assertFalse(NoticeSettings.objects.exists())
