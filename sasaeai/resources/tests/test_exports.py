"""HSDS 3.1 export: every service validates against the schemas in resources/standards/hsds-3.1,
ids are stable, and nothing private leaves (private homes, private contacts, persons)."""

import csv
import datetime
import io
import json
import zipfile

from django.test import TestCase
from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import selectors, services
from sasaeai.resources.constants import (
    HSDS_SCHEMA_DIR,
    Activity,
    OrganizationType,
    ResourceKind,
    SchedulePattern,
    VenueType,
)
from sasaeai.resources.exports import hsds, hsds_tabular
from sasaeai.resources.models import Location, Organization
from sasaeai.resources.scheduling import ScheduleSpec
from sasaeai.resources.services import ResourceInput

SCHEMAS = HSDS_SCHEMA_DIR


def service_validator() -> Draft202012Validator:
    """The service schema with every other HSDS file registered under its relative name."""
    assert SCHEMAS.is_dir(), f"{SCHEMAS} がありません"
    resources = [
        (
            path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in SCHEMAS.glob("*.json")
    ]
    registry: Registry = Registry().with_resources(resources)
    return Draft202012Validator(
        json.loads((SCHEMAS / "service.json").read_text(encoding="utf-8")), registry=registry
    )


class ExportFixture(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        town = TownFactory(
            area=Layer2AreaFactory(municipality=cls.city),
            name="桜町",
            latitude=35.7,
            longitude=139.4,
        )
        user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.user = user
        hall = services.location_save(
            municipality=cls.city, user=user, name="桜町集会所", venue_type=VenueType.COMMUNITY_HALL,
            postal_code="192-0000", prefecture="東京都", city="八王子市", town_text="桜町", street="3-5-2",
            building="2階",
        )  # fmt: skip
        cls.home = services.location_save(
            municipality=cls.city, user=user, name="山田さん宅", venue_type=VenueType.PRIVATE_HOME,
            postal_code="192-0001", prefecture="東京都", city="八王子市", town_text="桜町", street="1-2-3",
        )  # fmt: skip
        npo = services.organization_save(
            municipality=cls.city, user=user, name="NPO法人さくら", kana="さくら", type=OrganizationType.NPO,
            corporate_number="7000012050002",
        )  # fmt: skip
        person = services.organization_save(
            municipality=cls.city, user=user, name="鈴木 一郎", type=OrganizationType.RESIDENT
        )
        weekly = ScheduleSpec(
            SchedulePattern.WEEKLY,
            weekdays=(1,),
            opens_at=datetime.time(10),
            closes_at=datetime.time(12),
            closed_on_holidays=True,
        )
        dated = ScheduleSpec(
            SchedulePattern.IRREGULAR, dates=(datetime.date(2026, 5, 9), datetime.date(2026, 8, 8))
        )
        cls.salon = services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="ふれあいサロン", kind=ResourceKind.KAYOI, organization=npo, activities=[Activity.TEA],
            schedules=[weekly, dated], locations=[hall], fields={"fee_free": True},
        ))  # fmt: skip
        cls.home_cafe = services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="縁側カフェ", kind=ResourceKind.KAYOI, organization=person, locations=[cls.home],
        ))  # fmt: skip
        services.contact_save(
            user=user,
            resource=cls.salon,
            name="窓口 太郎",
            phone="042-000-1111",
            is_public=True,
            public_consent_on=datetime.date(2025, 4, 1),
        )
        services.contact_save(
            user=user, resource=cls.salon, name="個人 花子", phone="090-0000-2222"
        )
        del town

    def export(self) -> list[dict]:
        return hsds.hsds_services(selectors.public_resources(self.city))


class HsdsExportTests(ExportFixture):
    def test_every_exported_service_validates_against_hsds_3_1(self) -> None:
        validator = service_validator()
        documents = self.export()
        self.assertEqual(len(documents), 2)
        for document in documents:
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            self.assertEqual([f"{list(e.path)}: {e.message}" for e in errors], [])

    def test_the_salon_maps_to_hsds_fields_as_the_profile_says(self) -> None:
        salon = next(s for s in self.export() if s["name"] == "ふれあいサロン")
        self.assertEqual((salon["status"], salon["fees_description"]), ("active", "無料"))
        weekly = salon["schedules"][0]
        self.assertEqual(
            (weekly["freq"], weekly["byday"], weekly["opens_at"], weekly["timezone"]),
            ("WEEKLY", "TU", "10:00", 9),
        )
        # 不定期 with two dates → one dated schedule each.
        self.assertEqual(
            [s.get("dtstart") for s in salon["schedules"][1:]], ["2026-05-09", "2026-08-08"]
        )
        (place,) = salon["service_at_locations"]
        (address,) = place["location"]["addresses"]
        self.assertEqual(
            (
                address["state_province"],
                address["city"],
                address["address_1"],
                address["address_2"],
                address["postal_code"],
                address["country"],
            ),
            ("東京都", "八王子市", "桜町3-5-2", "2階", "192-0000", "JP"),
        )
        identifier = salon["organization"]["organization_identifiers"][0]
        self.assertEqual(
            (identifier["identifier_type"], identifier["identifier"]), ("法人番号", "7000012050002")
        )
        self.assertEqual(salon["attributes"][0]["taxonomy_term"]["name"], "茶話会")

    def test_nothing_private_is_exported(self) -> None:
        text = json.dumps(self.export(), ensure_ascii=False)
        for private in (
            "個人 花子",
            "090-0000-2222",
            "山田さん宅",
            "1-2-3",
            "192-0001",
            "鈴木 一郎",
        ):
            self.assertNotIn(private, text)
        cafe = next(s for s in self.export() if s["name"] == "縁側カフェ")
        location = cafe["service_at_locations"][0]["location"]
        self.assertNotIn("addresses", location)
        self.assertNotIn("latitude", location)
        self.assertNotIn("organization", cafe)

    def test_a_venue_without_a_postal_code_has_no_address_object(self) -> None:
        Location.objects.filter(name="桜町集会所").update(postal_code="")
        salon = next(s for s in self.export() if s["name"] == "ふれあいサロン")
        self.assertNotIn("addresses", salon["service_at_locations"][0]["location"])

    def test_ids_are_stable_across_exports(self) -> None:
        self.assertEqual(self.export(), self.export())
        ids = {s["id"] for s in self.export()}
        self.assertIn(str(self.salon.uuid), ids)

    def test_staff_download_the_json_file(self) -> None:
        self.client.force_login(self.user)
        response = self.client.get(reverse("resources:export_hsds", kwargs={"lgcode": "132012"}))
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertTrue(
            response["Content-Disposition"].startswith(
                'attachment; filename="hsds-services-132012-'
            )
        )
        self.assertEqual(len(json.loads(response.content)), 2)
        self.assertEqual(Organization.objects.count(), 2)

    def test_the_validator_rejects_a_broken_document(self) -> None:
        # Guards the test above: a wrong enum and a nested address without its required fields.
        salon = next(s for s in self.export() if s["name"] == "ふれあいサロン")
        salon["status"] = "open"
        del salon["service_at_locations"][0]["location"]["addresses"][0]["country"]
        messages = sorted(e.message for e in service_validator().iter_errors(salon))
        self.assertEqual(
            messages,
            [
                "'country' is a required property",
                "'open' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']",
            ],
        )


class HsdsTabularTests(ExportFixture):
    """The tabular package is the JSON export flattened."""

    def test_the_columns_follow_the_hsds_tabular_schema(self) -> None:
        schema = json.loads((SCHEMAS / "compiled" / "tabular.json").read_text(encoding="utf-8"))[
            "properties"
        ]
        for table, (path, columns) in hsds_tabular.TABLES.items():
            items = schema[table]["items"]
            scalar = tuple(
                k
                for k, v in items["properties"].items()
                if v.get("type") not in ("array", "object") and "$ref" not in v
            )
            self.assertEqual((path, columns), (items["path"], scalar), table)

    def test_the_package_holds_each_object_once_and_nothing_private(self) -> None:
        data = hsds_tabular.package_zip(self.export(), name="test")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            descriptor = json.loads(archive.read("datapackage.json"))
            files = {
                name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
                for name in archive.namelist()
                if name.endswith(".csv")
            }
        self.assertEqual(len(descriptor["resources"]), 11)
        self.assertEqual(
            # 50音順: 縁側カフェ (えんがわかふぇ) before ふれあいサロン.
            [r["name"] for r in files["services.csv"]],
            ["縁側カフェ", "ふれあいサロン"],
        )
        # The salon: 1 weekly schedule + 2 dated ones; one public contact with one phone.
        self.assertEqual(len(files["schedules.csv"]), 3)
        self.assertEqual([(c["name"]) for c in files["contacts.csv"]], ["窓口 太郎"])
        self.assertEqual([p["number"] for p in files["phones.csv"]], ["042-000-1111"])
        self.assertEqual(len(files["addresses.csv"]), 1)  # the private home has none
        organizations = {o["id"] for o in files["organizations.csv"]}
        self.assertTrue(
            {s["organization_id"] for s in files["services.csv"] if s["organization_id"]}
            <= organizations
        )
        text = data.decode("latin-1")
        self.assertNotIn("090-0000-2222", text)

    def test_staff_download_the_zip(self) -> None:
        self.client.force_login(self.user)
        response = self.client.get(
            reverse("resources:export_hsds", kwargs={"lgcode": "132012"}), {"format": "tabular"}
        )
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertIn("datapackage.json", zipfile.ZipFile(io.BytesIO(response.content)).namelist())
