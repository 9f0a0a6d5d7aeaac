"""Two people save the same meeting's minutes at once: the second is refused, nothing is lost."""

import threading

from django.db import connection, transaction
from django.test import TransactionTestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.councils import services
from sasaeai.councils.models import Meeting
from sasaeai.councils.services import AgendaInput

from .factories import MeetingFactory


class ConcurrentMinutesTests(TransactionTestCase):
    def test_the_second_of_two_simultaneous_edits_is_refused_with_a_message(self) -> None:
        meeting = MeetingFactory()
        user = user_with_role(Role.SC_LAYER1, meeting.council.municipality)
        first_saved, finish_first = threading.Event(), threading.Event()
        outcome: dict[str, object] = {}

        def edit(name: str, minutes: str, hold: bool) -> None:
            try:
                with transaction.atomic():
                    services.meeting_record_save(
                        meeting=Meeting.objects.get(pk=meeting.pk),
                        expected_version=1,  # both opened the meeting at version 1
                        agenda=[AgendaInput("開会")],
                        minutes=minutes,
                        user=user,
                    )
                    if hold:  # A keeps its transaction open while B tries to save
                        first_saved.set()
                        finish_first.wait(timeout=10)
                outcome[name] = "saved"
            except services.EditConflictError as error:
                outcome[name] = str(error.messages[0])
            finally:
                connection.close()

        a = threading.Thread(target=edit, args=("A", "Aさんの議事録", True))
        a.start()
        self.assertTrue(first_saved.wait(timeout=10))
        b = threading.Thread(target=edit, args=("B", "Bさんの議事録", False))
        b.start()
        b.join(timeout=0.5)  # B waits for A's lock (or is already refused)
        finish_first.set()
        a.join(timeout=10)
        b.join(timeout=10)
        self.assertEqual(outcome["A"], "saved")
        self.assertIn("あなたが画面を開いた後に", str(outcome["B"]))
        self.assertIn("あなたの入力はこの画面に残してあります", str(outcome["B"]))
        meeting.refresh_from_db()
        self.assertEqual((meeting.minutes, meeting.version), ("Aさんの議事録", 2))
