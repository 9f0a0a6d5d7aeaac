"""Hole 13 of issue #20: the カルテ's A4 PDF is made by a background job, started only by the
staff who run the work (Perm.COORDINATE: the municipal admin and the coordinators). Viewers,
council members and advisers read the カルテ on its page: no button, and a POST is 403 with no
GeneratedFile."""

from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.analysis.tests.test_views import AnalysisFixture
from sasaeai.core.models import GeneratedFile


class KartePdfRightsTests(AnalysisFixture):
    def post_pdf(self, user):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            response = self.client.post(self.url("karte_pdf", self.c.north.pk))
        return response, queued

    def test_read_only_roles_get_403_and_no_file(self) -> None:
        for role in (Role.VIEWER, Role.COUNCIL_MEMBER, Role.ADVISER):
            with self.subTest(role):
                user = user_with_role(role, self.city)
                response, queued = self.post_pdf(user)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(queued, [])
                self.assertFalse(GeneratedFile.objects.exists())
                page = self.get("karte", self.c.north.pk, user=user)
                self.assertContains(page, "地域カルテ：北部圏域")
                self.assertNotContains(page, "A4のPDFを作る")

    def test_a_coordinator_starts_the_job_from_the_button(self) -> None:
        page = self.get("karte", self.c.north.pk, user=self.north_coordinator)
        self.assertContains(page, "A4のPDFを作る")
        response, queued = self.post_pdf(self.north_coordinator)
        generated = GeneratedFile.objects.get()
        self.assertRedirects(
            response,
            reverse("core:generated_file", args=[self.city.code, generated.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual((generated.created_by, len(queued)), (self.north_coordinator, 1))
