"""The rendered <title> of the two pages whose titles once held markup (issue #19, item 7).

test_page_titles.py reads every template's title block; here the meeting page (staff) and the
residents' search page are rendered from the demo city and their <title> read as a browser
would: plain text only, the page's own name first.
"""

import re

import time_machine
from django.test import Client
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.councils.constants import MeetingStatus
from sasaeai.councils.models import Meeting
from sasaeai.tests.demo_city import DEMO_NOW as NOW
from sasaeai.tests.demo_city import DemoCityTestCase

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(html: str) -> str:
    (title,) = TITLE.findall(html)
    return title


@time_machine.travel(NOW, tick=False)
class DemoPageTitleTests(DemoCityTestCase):
    def test_a_meeting_page_is_titled_with_the_meeting_alone(self) -> None:
        client = Client()
        client.force_login(User.objects.get(username="demo-admin"))
        code = self.demo.city.code
        for status in (MeetingStatus.HELD, MeetingStatus.PLANNED):
            meeting = (
                Meeting.objects.filter(council__municipality=self.demo.city, status=status)
                .order_by("pk")
                .first()
            )
            assert meeting is not None, status
            page = client.get(reverse("councils:meeting", args=[code, meeting.pk]))
            self.assertEqual(page.status_code, 200)
            # base.html: {% block title %}{% endblock %}｜{{ SITE_NAME }}
            self.assertEqual(title_of(page.content.decode()), f"{meeting.title}｜支え合い")

    def test_the_residents_search_page_is_titled_in_plain_text(self) -> None:
        url = reverse("portal:search", args=[self.demo.city.code])
        city = self.demo.city.name
        for query in ("", "?q=体操"):
            page = Client().get(url + query)
            self.assertEqual(page.status_code, 200)
            # portal/base.html: {% block title %}{% endblock %}｜{{ municipality.name }}の…案内
            self.assertEqual(
                title_of(page.content.decode()), f"さがす｜{city}の通いの場・支え合い案内"
            )
