"""The 取込 page: every registered import with its sentence and upload link, and the
municipality's recent batches (issue #24)."""

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.core import imports
from sasaeai.core.imports import batch_create
from sasaeai.core.models import ImportBatch
from sasaeai.staff.tests.test_menu import links_in

CODE = "132012"
# The kinds registered today, in the order the apps register them in ready()
# (INSTALLED_APPS: areas, resources, analysis).
KINDS = [
    "population",
    "towns",
    "resources_flat",
    "care_services",
    "events",
    "meshes",
    "needs_survey",
]


def url(name: str, *args: object) -> str:
    return reverse(name, args=[CODE, *args])


class ImportListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code=CODE)
        cls.other = MunicipalityFactory(code="132021")
        cls.sc1 = user_with_role(Role.SC_LAYER1, cls.city, user__display_name="山田 花子")
        cls.viewer = user_with_role(Role.VIEWER, cls.city)
        cls.batch = batch_create(
            municipality=cls.city, kind="towns", name="町丁目2025.csv", data=b"x", user=cls.sc1
        )
        batch_create(
            municipality=cls.other, kind="towns", name="よその市.csv", data=b"x", user=cls.sc1
        )

    def test_every_registered_import_is_listed_with_its_sentence_and_upload_link(self) -> None:
        # A new importer registered without a line here fails this first assertion.
        self.assertEqual(list(imports.REGISTRY), KINDS)
        self.client.force_login(self.sc1)
        response = self.client.get(url("core:imports"))
        self.assertEqual(response.status_code, 200)
        listed = links_in(response.content.decode(), inside="link-list")
        self.assertEqual(
            listed,
            [
                (str(imports.REGISTRY[kind].title), url("core:import_upload", kind))
                for kind in KINDS
            ],
        )
        self.assertEqual(listed[1][0], "町丁目一覧の取込")
        for kind in KINDS:
            summary = str(imports.REGISTRY[kind].summary)
            with self.subTest(kind=kind):
                self.assertTrue(summary.endswith("。"), summary)
                self.assertContains(response, summary, count=1)

    def test_the_recent_batches_of_this_municipality_are_shown_newest_first(self) -> None:
        self.client.force_login(self.sc1)
        response = self.client.get(url("core:imports"))
        # Only this city's one batch: file name → its preview, kind, who, status.
        self.assertEqual(
            links_in(response.content.decode(), inside="table-wrap"),
            [("町丁目2025.csv", url("core:import_preview", self.batch.pk))],
        )
        self.assertContains(response, "<td>町丁目一覧の取込</td>", html=True)
        self.assertContains(response, "<td>山田 花子</td>", html=True)
        self.assertContains(response, "<td>確認待ち</td>", html=True)
        self.assertNotContains(response, "よその市.csv")

    def test_only_the_twenty_newest_are_shown(self) -> None:
        for n in range(1, 21):
            batch = ImportBatch(
                municipality=self.city, kind="events", original_name=f"催し{n:02d}.csv",
                created_by=self.sc1,
            )  # fmt: skip
            batch.file.save(f"催し{n:02d}.csv", ContentFile(b"x"), save=True)
        self.client.force_login(self.sc1)
        response = self.client.get(url("core:imports"))
        names = [text for text, _ in links_in(response.content.decode(), inside="table-wrap")]
        # 21 batches: the 20 events files, newest first; the towns file, made first, drops out.
        self.assertEqual(names, [f"催し{n:02d}.csv" for n in range(20, 0, -1)])

    def test_a_viewer_may_not_open_it_nor_sees_it_in_the_menu(self) -> None:
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(url("core:imports")).status_code, 403)
        menu = links_in(self.client.get(url("plans:list")).content.decode(), inside="staff-nav")
        self.assertNotIn(url("core:imports"), [href for _, href in menu])
