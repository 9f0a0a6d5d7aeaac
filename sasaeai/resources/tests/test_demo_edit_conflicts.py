"""The issue's hole on the demo city (#21): two coordinators saved resource 3 from the same edit
page and the first change was lost. Now the second is refused with who saved and when."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.resources.models import Resource
from sasaeai.tests.demo_city import DemoCityTestCase
from sasaeai.tests.test_demo_garbage_forms import page_data

CODE = "139998"
# 2026-11-27 10:00 in Japan: 令和8年 (2026 - 2018 = 8).
SAVED_AT = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


class DemoResourceConflictTests(DemoCityTestCase):
    def test_two_coordinators_saving_resource_3_from_the_same_page(self) -> None:
        resource = Resource.objects.filter(municipality__code=CODE).order_by("pk")[2]
        url = reverse("resources:edit", kwargs={"lgcode": CODE, "pk": resource.pk})
        sc1, admin = Client(), Client()
        sc1.force_login(User.objects.get(username="demo-sc1"))
        admin.force_login(User.objects.get(username="demo-admin"))
        # Both open the page and post it back as it was, each changing the description.
        sc1_data = page_data(sc1.get(url).context)
        admin_data = page_data(admin.get(url).context)
        self.assertEqual(sc1_data["version"], admin_data["version"])
        with time_machine.travel(SAVED_AT, tick=False):
            first = sc1.post(url, {**sc1_data, "description": "第1層SCが書いた説明"})
        self.assertEqual(first.status_code, 302)
        second = admin.post(url, {**admin_data, "description": "管理者が書いた説明"})
        self.assertContains(
            second,
            "この地域資源は、あなたが画面を開いた後に第1層SC 支援 一郎さんが保存しました"
            "（令和8年11月27日 10:00）。",
            status_code=400,
        )
        self.assertContains(second, "管理者が書いた説明</textarea>", status_code=400)
        resource.refresh_from_db()
        self.assertEqual(resource.description, "第1層SCが書いた説明")
