"""The retention purge over the whole demo city (its records reach two years back, so the period
is set to one year here): what the dry run lists is what goes, and nothing else changes."""

from __future__ import annotations

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.activities.models import Activity
from sasaeai.core import retention
from sasaeai.councils.models import Membership
from sasaeai.resources.models import Contact
from sasaeai.tests.demo_city import DEMO_NOW, DemoCityTestCase

# One year before the demo's today (2026-11-27).
CUTOFF = datetime.date(2025, 11, 27)


class DemoRetentionTests(DemoCityTestCase):
    def setUp(self) -> None:
        self.city = self.demo.city
        self.city.personal_data_retention_years = 1
        self.city.save()

    def test_the_dry_run_lists_what_the_purge_clears_and_counts_stay(self) -> None:
        counts = (Contact.objects.count(), Membership.objects.count(), Activity.objects.count())
        with time_machine.travel(DEMO_NOW, tick=False):
            listed = retention.purge(municipality=self.city, dry_run=True)
            done = retention.purge(municipality=self.city)
        self.assertEqual(listed.cutoff, CUTOFF)
        self.assertEqual(
            {k.kind.key: [i.pk for i in k.items] for k in done.kinds},
            {k.kind.key: [i.pk for i in k.items] for k in listed.kinds},
        )
        activities = next(k for k in listed.kinds if k.kind.key == "activities")
        # The demo logs two years of activities with named people: some are over a year old.
        self.assertTrue(activities.items)
        old = Activity.objects.filter(municipality=self.city, done_on__lt=CUTOFF)
        self.assertFalse(old.exclude(people="").exists())
        self.assertFalse(
            Activity.history.filter(id__in=old.values("pk")).exclude(people="").exists()
        )
        recent = Activity.objects.filter(municipality=self.city, done_on__gte=CUTOFF)
        self.assertTrue(recent.exclude(people="").exists())
        self.assertEqual(
            (Contact.objects.count(), Membership.objects.count(), Activity.objects.count()),
            counts,
        )

    def test_the_page_lists_the_city_in_a_bounded_number_of_queries(self) -> None:
        self.client.force_login(user_with_role(Role.MUNICIPAL_ADMIN, self.city))
        url = reverse("core:personal_data_retention", args=[self.city.code])
        with time_machine.travel(DEMO_NOW, tick=False), CaptureQueriesContext(connection) as q:
            response = self.client.get(url)
        self.assertContains(response, "活動記録の「関わった人」")
        # A few queries per kind (due records, present rows, history rows) and the page's own
        # (session, roles, navigation): 17 when written; one per listed record would be 58.
        self.assertLess(len(q.captured_queries), 25)
