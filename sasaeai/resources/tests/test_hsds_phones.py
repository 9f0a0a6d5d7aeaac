"""HSDS 3.1 export of the public 代表電話 and ホームページ (issue #22): service.url, a phone object
on the venue (location_id) and on the organisation (organization_id) naming its source, still
valid against the schemas; never a number for a private home or a 住民個人."""

import csv
import io
import json
import uuid
import zipfile

from django.test import TestCase

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import selectors, services
from sasaeai.resources.constants import OrganizationType, ResourceKind, VenueType
from sasaeai.resources.exports import hsds, hsds_tabular
from sasaeai.resources.services import ResourceInput

from .test_exports import service_validator

CARE_SOURCE = "介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込）"
# hsds.NAMESPACE, written out: the ids below are uuid5 of it and "<uuid>:phone".
NAMESPACE = uuid.UUID("6f1b6a2e-4a8c-5d3e-9b7f-2c1d0e9a8b70")


class HsdsPhoneTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        TownFactory(area=Layer2AreaFactory(municipality=cls.city), name="桜町")
        user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.hall = services.location_save(
            municipality=cls.city, user=user, name="桜町集会所", venue_type=VenueType.COMMUNITY_HALL,
            phone="042-111-2222",
        )  # fmt: skip
        home = services.location_save(
            municipality=cls.city, user=user, name="山田さん宅", venue_type=VenueType.PRIVATE_HOME
        )
        cls.care = services.organization_save(
            municipality=cls.city, user=user, name="社会福祉法人さくら会", kana="さくらかい",
            type=OrganizationType.CARE_PROVIDER, phone="042-333-4444", phone_source=CARE_SOURCE,
        )  # fmt: skip
        person = services.organization_save(
            municipality=cls.city, user=user, name="鈴木 一郎", type=OrganizationType.RESIDENT
        )
        services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="さくら会デイサービス", kana="さくらかいでいさーびす", kind=ResourceKind.KAYOI,
            organization=cls.care, locations=[cls.hall],
            fields={"url": "https://sakura.example.jp/day/"},
        ))  # fmt: skip
        services.resource_save(municipality=cls.city, user=user, data=ResourceInput(
            name="縁側カフェ", kana="えんがわかふぇ", kind=ResourceKind.KAYOI, organization=person,
            locations=[home],
        ))  # fmt: skip

    def export(self) -> dict[str, dict]:
        services_ = hsds.hsds_services(selectors.public_resources(self.city))
        return {s["name"]: s for s in services_}

    def test_the_service_the_venue_and_the_organisation_carry_url_and_phones(self) -> None:
        day = self.export()["さくら会デイサービス"]
        self.assertEqual(day["url"], "https://sakura.example.jp/day/")
        hall_id, care_id = str(self.hall.uuid), str(self.care.uuid)
        self.assertEqual(
            day["service_at_locations"][0]["location"]["phones"],
            [{
                "id": str(uuid.uuid5(NAMESPACE, f"{hall_id}:phone")),
                "location_id": hall_id,
                "number": "042-111-2222",
                "description": "代表電話",  # no source was recorded for the hall's number
            }],
        )  # fmt: skip
        self.assertEqual(
            day["organization"]["phones"],
            [{
                "id": str(uuid.uuid5(NAMESPACE, f"{care_id}:phone")),
                "organization_id": care_id,
                "number": "042-333-4444",
                "description": "代表電話（出典: 介護サービス事業所一覧（kaigo.csv、令和8年12月5日取込））",
            }],
        )  # fmt: skip

    def test_a_private_home_and_a_resident_have_no_phone_and_no_url(self) -> None:
        cafe = self.export()["縁側カフェ"]
        self.assertNotIn("url", cafe)
        self.assertNotIn("phones", cafe["service_at_locations"][0]["location"])
        self.assertNotIn("organization", cafe)

    def test_every_service_still_validates_against_hsds_3_1(self) -> None:
        validator = service_validator()
        for document in self.export().values():
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
            self.assertEqual(errors, [])

    def test_the_tabular_phones_name_their_venue_or_organisation(self) -> None:
        data = hsds_tabular.package_zip(list(self.export().values()), name="test")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            phones = list(csv.DictReader(io.StringIO(archive.read("phones.csv").decode("utf-8"))))
            services_ = list(
                csv.DictReader(io.StringIO(archive.read("services.csv").decode("utf-8")))
            )
        self.assertEqual(
            sorted((p["number"], p["location_id"], p["organization_id"]) for p in phones),
            [
                ("042-111-2222", str(self.hall.uuid), ""),
                ("042-333-4444", "", str(self.care.uuid)),
            ],
        )
        self.assertEqual(
            sorted(s["url"] for s in services_), ["", "https://sakura.example.jp/day/"]
        )
        self.assertNotIn("鈴木", json.dumps(list(self.export().values()), ensure_ascii=False))
