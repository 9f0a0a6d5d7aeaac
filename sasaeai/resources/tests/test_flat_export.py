import io

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.core.models import PersonalDataAccess
from sasaeai.resources import services
from sasaeai.resources.constants import Activity, ResourceKind, SchedulePattern, VenueType
from sasaeai.resources.exports.flat import FLAT_COLUMNS
from sasaeai.resources.scheduling import ScheduleSpec
from sasaeai.resources.services import ResourceInput


class FlatExportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        TownFactory(
            area=Layer2AreaFactory(municipality=cls.city),
            name="桜町",
            latitude=35.7,
            longitude=139.4,
        )
        cls.user = user_with_role(Role.SC_LAYER1, cls.city)
        venues = [
            services.location_save(
                municipality=cls.city,
                user=cls.user,
                name=name,
                venue_type=VenueType.COMMUNITY_HALL,
                latitude=35.7,
                longitude=139.4,
            )
            for name in ("北集会所", "南集会所")
        ]
        weekly = ScheduleSpec(SchedulePattern.WEEKLY, weekdays=(1,))
        cls.salon = services.resource_save(municipality=cls.city, user=cls.user, data=ResourceInput(
            name="ふれあいサロン", kana="ふれあいさろん", kind=ResourceKind.KAYOI, activities=[Activity.TEA, Activity.EXERCISE],
            schedules=[weekly], locations=venues, fields={"fee_free": True},
        ))  # fmt: skip
        services.contact_save(
            user=cls.user, resource=cls.salon, name="代表 花子", phone="042-000-1111"
        )

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def get(self, file_format: str, name: str = ""):  # type: ignore[no-untyped-def]
        url = reverse("resources:export_flat", kwargs={"lgcode": "132012"})
        return self.client.get(url, {"format": file_format, "q": name})

    def test_the_sheet_has_one_row_per_resource_and_venue_with_the_id_repeated(self) -> None:
        response = self.get("xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0], FLAT_COLUMNS)
        body = [dict(zip(FLAT_COLUMNS, row, strict=True)) for row in rows[1:]]
        self.assertEqual([r["会場"] for r in body], ["北集会所", "南集会所"])
        self.assertEqual({r["ID"] for r in body}, {str(self.salon.uuid)})
        first = body[0]
        # 活動内容 in the order of the Activity list: 体操（運動） before 茶話会.
        self.assertEqual(
            (first["活動内容"], first["曜日・頻度"], first["参加費"]),
            ("体操（運動）、茶話会", "毎週火曜日", "無料"),
        )
        self.assertEqual((first["連絡先"], first["電話番号"]), ("代表 花子", "042-000-1111"))

    def test_every_download_is_logged_with_who_and_which_filter(self) -> None:
        self.get("csv", name="サロン")
        log = PersonalDataAccess.objects.get()
        # Two rows (the salon at two venues) but one record with personal data: the salon, for
        # its private contact 代表 花子.
        self.assertEqual(
            (log.user, log.kind, log.file_format, log.record_count), (self.user, "export", "csv", 1)
        )
        self.assertIn("q=%E3%82%B5%E3%83%AD%E3%83%B3", log.filters)

    def test_utf8_csv_has_a_bom_and_shift_jis_csv_decodes_in_cp932(self) -> None:
        self.assertTrue(self.get("csv").content.startswith(b"\xef\xbb\xbf"))
        text = self.get("csv-sjis").content.decode("cp932")
        self.assertTrue(text.startswith("ID,名称,ふりがな"))

    def test_shift_jis_is_refused_with_the_values_listed_when_a_character_cannot_be_encoded(
        self,
    ) -> None:
        self.salon.description = "𠮷田さんの会 🍵"
        self.salon.save()
        response = self.get("csv-sjis")
        self.assertContains(response, "Excel用CSV（Shift_JIS）では書き出せない文字があります")
        self.assertContains(response, "𠮷🍵")
        # The same filter in the two formats that hold every character.
        self.assertContains(
            response,
            '<a class="button" href="?format=csv&amp;q=">'
            "システム取込用CSV（UTF-8・BOM付き）で書き出す</a>",
        )
        self.assertContains(
            response,
            '<a class="button button--secondary" href="?format=xlsx&amp;q=">'
            "Excel（.xlsx）で書き出す</a>",
        )
        self.assertEqual(PersonalDataAccess.objects.count(), 0)
