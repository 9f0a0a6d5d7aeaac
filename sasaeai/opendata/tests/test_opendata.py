"""オープンデータ (issue #27, point 1): the morning job stores the public files, a signed-out
visitor downloads them, nothing private is in any of them, and they are made again only when
the public data changed."""

import datetime
import io
import json
import zipfile

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core import schedule
from sasaeai.core.models import GeneratedFile
from sasaeai.opendata.models import OpenDataSettings
from sasaeai.opendata.services import opendata_refresh, opendata_settings_save
from sasaeai.resources import services
from sasaeai.resources.constants import Activity, OrganizationType, ResourceKind, VenueType
from sasaeai.resources.services import ResourceInput
from sasaeai.resources.tests.test_exports import service_validator

CODE = "132012"
FILES = ("kayoinoba_utf8.csv", "kayoinoba_sjis.csv", "hsds.json", "hsds_tabular.zip")
# Values that must never leave: a private contact's name and phone, a private home's name and
# street (with its postcode), a 住民個人 organiser's name, a resource not published.
PRIVATE = (
    "個人 花子",
    "090-0000-2222",
    "山田さん宅",
    "1-2-3",
    "192-0001",
    "鈴木 一郎",
    "ひみつの会",
)


def file_url(name: str) -> str:
    return reverse("opendata:file", args=[CODE, name])


def texts_of(name: str, body: bytes) -> list[str]:
    """Every text a file holds: a CSV in its encoding, the JSON, each member of the zip."""
    if name == "kayoinoba_sjis.csv":
        return [body.decode("cp932")]
    if name == "hsds_tabular.zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [archive.read(member).decode("utf-8") for member in archive.namelist()]
    return [body.decode("utf-8-sig")]


class OpenDataFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code=CODE, name="八王子市")
        TownFactory(area=Layer2AreaFactory(municipality=cls.city), name="桜町")
        cls.user = user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.admin = user_with_role(Role.MUNICIPAL_ADMIN, cls.city)
        hall = services.location_save(
            municipality=cls.city, user=user, name="桜町集会所", venue_type=VenueType.COMMUNITY_HALL,
            postal_code="192-0000", prefecture="東京都", city="八王子市", town_text="桜町", street="3-5-2",
        )  # fmt: skip
        home = services.location_save(
            municipality=cls.city, user=user, name="山田さん宅", venue_type=VenueType.PRIVATE_HOME,
            postal_code="192-0001", prefecture="東京都", city="八王子市", town_text="桜町", street="1-2-3",
        )  # fmt: skip
        person = services.organization_save(
            municipality=cls.city, user=user, name="鈴木 一郎", type=OrganizationType.RESIDENT
        )
        cls.salon = services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="ふれあいサロン", kind=ResourceKind.KAYOI, activities=[Activity.TEA],
            description="=1+1", locations=[hall],
        ))  # fmt: skip
        services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="縁側カフェ", kind=ResourceKind.KAYOI, organization=person, locations=[home],
        ))  # fmt: skip
        # 𠮷 (U+20BB7) is not in Shift_JIS.
        services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="𠮷田の体操", kind=ResourceKind.KAYOI,
        ))  # fmt: skip
        services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="ひみつの会", kind=ResourceKind.KAYOI, locations=[hall], fields={"is_public": False},
        ))  # fmt: skip
        cls.public_contact = services.contact_save(
            user=user, resource=cls.salon, name="窓口 太郎", phone="042-000-1111",
            is_public=True, public_consent_on=datetime.date(2025, 4, 1),
        )  # fmt: skip
        cls.private_contact = services.contact_save(
            user=user, resource=cls.salon, name="個人 花子", phone="090-0000-2222"
        )

    def download(self, name: str) -> bytes:
        response = self.client.get(file_url(name))
        self.assertEqual(response.status_code, 200, name)
        return b"".join(response.streaming_content)

    def files_made(self) -> int:
        return GeneratedFile.objects.filter(municipality=self.city).count()


class DownloadTests(OpenDataFixture):
    def setUp(self) -> None:
        opendata_refresh()

    def test_a_signed_out_visitor_downloads_the_four_files(self) -> None:
        types = {
            "kayoinoba_utf8.csv": "text/csv; charset=utf-8",
            "kayoinoba_sjis.csv": "text/csv; charset=shift_jis",
            "hsds.json": "application/json; charset=utf-8",
            "hsds_tabular.zip": "application/zip",
        }
        for name, content_type in types.items():
            with self.subTest(name):
                response = self.client.get(file_url(name))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], content_type)
                self.assertEqual(
                    response["Content-Disposition"], f'attachment; filename="{CODE}_{name}"'
                )

    def test_the_csvs_hold_the_three_public_rows_in_utf8_with_bom_and_in_shift_jis(self) -> None:
        utf8 = self.download("kayoinoba_utf8.csv")
        self.assertTrue(utf8.startswith(b"\xef\xbb\xbf"))
        # A header and one row per public resource × venue: サロン@集会所, カフェ@個人宅,
        # 𠮷田の体操 without a venue = 3 rows (ひみつの会 is not public).
        self.assertEqual(len(utf8.decode("utf-8-sig").splitlines()), 1 + 3)
        self.assertIn("𠮷田の体操", utf8.decode("utf-8-sig"))
        sjis = self.download("kayoinoba_sjis.csv").decode("cp932")
        self.assertIn("〓田の体操", sjis)
        self.assertIn("ふれあいサロン", sjis)

    def test_a_cell_starting_with_equals_is_formula_safe_in_every_csv(self) -> None:
        for name in ("kayoinoba_utf8.csv", "kayoinoba_sjis.csv", "hsds_tabular.zip"):
            with self.subTest(name):
                text = "".join(texts_of(name, self.download(name)))
                self.assertIn(",'=1+1", text)
                self.assertNotIn(",=1+1", text)

    def test_the_hsds_json_validates_against_hsds_3_1(self) -> None:
        services_ = json.loads(self.download("hsds.json"))
        self.assertEqual(
            sorted(s["name"] for s in services_),
            sorted(["ふれあいサロン", "縁側カフェ", "𠮷田の体操"]),
        )
        validator = service_validator()
        for service in services_:
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(service)]
            self.assertEqual(errors, [])

    def test_the_package_has_its_datapackage_json(self) -> None:
        with zipfile.ZipFile(io.BytesIO(self.download("hsds_tabular.zip"))) as archive:
            descriptor = json.loads(archive.read("datapackage.json"))
        self.assertEqual(descriptor["profile"], "tabular-data-package")
        self.assertEqual(descriptor["name"], f"hsds-{CODE}")

    def test_no_private_value_is_in_any_file(self) -> None:
        for name in FILES:
            texts = texts_of(name, self.download(name))
            for value in PRIVATE:
                with self.subTest(file=name, value=value):
                    self.assertFalse([t for t in texts if value in t])
        # The public contact's phone is there (the check above can find a phone at all).
        self.assertIn("042-000-1111", texts_of("hsds.json", self.download("hsds.json"))[0])

    def test_an_unknown_file_name_is_not_found(self) -> None:
        self.assertEqual(self.client.get(file_url("secret.csv")).status_code, 404)

    def test_the_page_links_each_file_with_its_date_in_wareki(self) -> None:
        response = self.client.get(reverse("opendata:page", args=[CODE]))
        self.assertEqual(response.status_code, 200)
        for name in FILES:
            self.assertContains(response, f'href="{file_url(name)}"')
        self.assertContains(response, "令和")
        self.assertNotContains(response, "準備中です")
        self.assertContains(response, "https://creativecommons.org/licenses/by/4.0/deed.ja")
        self.assertContains(response, "八王子市『地域の通いの場・生活支援の情報』")

    @override_settings(SITE_URL="https://sasaeai.example.jp")
    def test_the_catalog_lists_the_four_distributions_with_absolute_urls(self) -> None:
        response = self.client.get(reverse("opendata:catalog", args=[CODE]))
        self.assertEqual(response["Content-Type"], "application/ld+json; charset=utf-8")
        catalog = response.json()
        self.assertEqual(catalog["@type"], "dcat:Catalog")
        [dataset] = catalog["dcat:dataset"]
        self.assertEqual(
            dataset["dct:license"], "https://creativecommons.org/licenses/by/4.0/deed.ja"
        )
        self.assertEqual(
            [d["dcat:downloadURL"] for d in dataset["dcat:distribution"]],
            [f"https://sasaeai.example.jp/{CODE}/opendata/{name}" for name in FILES],
        )
        self.assertTrue(all("dct:modified" in d for d in dataset["dcat:distribution"]))


class JobTests(OpenDataFixture):
    def test_the_job_is_daily_at_five(self) -> None:
        job = schedule.JOBS["opendata_refresh"]
        self.assertEqual((job.every, job.at), ("daily", datetime.time(5, 0)))

    def test_before_the_first_run_the_page_says_it_is_being_prepared(self) -> None:
        response = self.client.get(reverse("opendata:page", args=[CODE]))
        self.assertContains(response, "準備中です（毎朝5時に作成します）", count=4)
        self.assertEqual(self.client.get(file_url("hsds.json")).status_code, 404)

    def test_files_are_made_again_only_when_the_public_data_changed(self) -> None:
        self.assertEqual(opendata_refresh(), "1市町村を確かめ、1市町村のファイルを作り直しました。")
        self.assertEqual(self.files_made(), 4)
        # Nothing changed: no new files.
        self.assertEqual(opendata_refresh(), "1市町村を確かめ、0市町村のファイルを作り直しました。")
        self.assertEqual(self.files_made(), 4)
        # A private contact's new phone is not public data: still no new files.
        services.contact_save(user=self.user, contact=self.private_contact, phone="090-1111-3333")
        opendata_refresh()
        self.assertEqual(self.files_made(), 4)
        # The public contact's new phone is: four new files (4 + 4 = 8), and it is in them.
        services.contact_save(user=self.user, contact=self.public_contact, phone="042-000-9999")
        opendata_refresh()
        self.assertEqual(self.files_made(), 8)
        self.assertIn(b"042-000-9999", self.download("hsds.json"))

    def test_a_third_change_deletes_the_oldest_files(self) -> None:
        # Files of the newest two digests are kept: 3 runs with changes → 4 × 2 = 8 rows.
        for phone in ("042-000-0001", "042-000-0002", "042-000-0003"):
            services.contact_save(user=self.user, contact=self.public_contact, phone=phone)
            opendata_refresh()
        self.assertEqual(self.files_made(), 8)

    def test_a_municipality_without_public_resources_gets_no_files(self) -> None:
        MunicipalityFactory(code="011002")
        self.assertEqual(opendata_refresh(), "1市町村を確かめ、1市町村のファイルを作り直しました。")


class SettingsTests(OpenDataFixture):
    def url(self) -> str:
        return reverse("opendata:settings", args=[CODE])

    def test_the_admin_saves_the_licence_with_history_and_the_page_shows_it(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, "八王子市『地域の通いの場・生活支援の情報』")
        response = self.client.post(
            self.url(), {"license": "CC0-1.0", "attribution": "八王子市 地域資源データ"}
        )
        self.assertRedirects(response, self.url())
        settings = OpenDataSettings.objects.get(municipality=self.city)
        self.assertEqual((settings.license, settings.history.count()), ("CC0-1.0", 1))
        self.assertEqual(settings.history.first().history_user, self.admin)
        self.client.logout()
        page = self.client.get(reverse("opendata:page", args=[CODE]))
        self.assertContains(page, "https://creativecommons.org/publicdomain/zero/1.0/deed.ja")
        self.assertContains(page, "八王子市 地域資源データ")

    def test_an_empty_attribution_is_refused_in_japanese_and_nothing_is_written(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(self.url(), {"license": "CC-BY-4.0", "attribution": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "出典の表示を入力してください。", status_code=400)
        self.assertFalse(OpenDataSettings.objects.exists())

    def test_the_service_refuses_an_unknown_licence_naming_the_field(self) -> None:
        with self.assertRaises(ValidationError) as refused:
            opendata_settings_save(
                municipality=self.city, license="GPL", attribution="八王子市", by=self.admin
            )
        self.assertEqual(
            refused.exception.message_dict, {"license": ["ライセンスを選んでください。"]}
        )
        self.assertFalse(OpenDataSettings.objects.exists())

    def test_a_coordinator_may_not_open_it(self) -> None:
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
