"""HSDS 3.1 API (issue #27 point 2): a small city of three public places, one unpublished place,
a public and a private contact; every endpoint's list and detail, the page envelope, the spec's
filters, errors as JSON, CORS, and nothing private in any response."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from sasaeai.accounts.constants import Role
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory, TownFactory
from sasaeai.resources import services
from sasaeai.resources.constants import Activity, OrganizationType, ResourceKind, VenueType
from sasaeai.resources.models import Resource
from sasaeai.resources.services import ResourceInput
from sasaeai.resources.tests.test_exports import service_validator


class HsdsApiTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        TownFactory(area=Layer2AreaFactory(municipality=cls.city), name="桜町")
        user = user_with_role(Role.SC_LAYER1, cls.city)
        cls.hall = services.location_save(
            municipality=cls.city, user=user, name="桜町集会所", venue_type=VenueType.COMMUNITY_HALL,
            postal_code="192-0000", prefecture="東京都", city="八王子市", town_text="桜町", street="3-5-2",
        )  # fmt: skip
        home = services.location_save(
            municipality=cls.city, user=user, name="山田さん宅", venue_type=VenueType.PRIVATE_HOME,
            postal_code="192-0001", prefecture="東京都", city="八王子市", town_text="桜町", street="1-2-3",
        )  # fmt: skip
        cls.npo = services.organization_save(
            municipality=cls.city, user=user, name="NPO法人さくら", kana="さくら", type=OrganizationType.NPO,
        )  # fmt: skip
        person = services.organization_save(
            municipality=cls.city, user=user, name="鈴木 一郎", type=OrganizationType.RESIDENT
        )

        def save(name: str, kana: str, **data) -> Resource:  # type: ignore[no-untyped-def]
            return services.resource_save(
                municipality=cls.city, user=user,
                data=ResourceInput(name=name, kana=kana, kind=ResourceKind.KAYOI, **data),
            )  # fmt: skip

        # 50音順: えんがわ < さろん < たいそう.
        cls.salon = save("ふれあいサロン", "さろん", organization=cls.npo, activities=[Activity.TEA],
                         locations=[cls.hall])  # fmt: skip
        cls.cafe = save("縁側カフェ", "えんがわかふぇ", organization=person, locations=[home])
        cls.gym = save("いきいき体操", "たいそう", organization=cls.npo,
                       activities=[Activity.EXERCISE], locations=[cls.hall])  # fmt: skip
        cls.hidden = save("ひみつの準備会", "ひみつ", fields={"is_public": False})
        services.contact_save(
            user=user, resource=cls.salon, name="窓口 太郎", phone="042-000-1111", is_public=True,
            public_consent_on=datetime.date(2025, 4, 1),
        )  # fmt: skip
        services.contact_save(
            user=user, resource=cls.salon, name="個人 花子", phone="090-0000-2222"
        )

    def get(self, name: str, query: dict | None = None, **kwargs: str):  # type: ignore[no-untyped-def]
        url = reverse(f"opendata:{name}", kwargs={"lgcode": self.city.code, **kwargs})
        return self.client.get(url, query or {})

    def names(self, response) -> list[str]:  # type: ignore[no-untyped-def]
        return [service["name"] for service in response.json()["contents"]]

    def test_the_metadata_names_the_version_and_the_standards_openapi(self) -> None:
        meta = self.get("hsds_meta").json()
        self.assertEqual(meta["version"], "3.1")
        self.assertEqual(
            meta["openapi_url"],
            "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json",
        )
        self.assertTrue(meta["profile"].endswith("/132012/opendata/"))

    def test_services_list_the_three_public_places_in_50on_order(self) -> None:
        response = self.get("hsds_services")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(self.names(response), ["縁側カフェ", "ふれあいサロン", "いきいき体操"])

    def test_the_page_envelope(self) -> None:
        # 3 services, 2 a page: ceil(3 / 2) = 2 pages; page 1 holds 2, page 2 the 1 left.
        first = self.get("hsds_services", {"per_page": "2"}).json()
        second = self.get("hsds_services", {"per_page": "2", "page": "2"}).json()
        envelope = {k: v for k, v in first.items() if k != "contents"}
        self.assertEqual(envelope, {
            "total_items": 3, "total_pages": 2, "page_number": 1, "size": 2,
            "first_page": True, "last_page": False, "empty": False,
        })  # fmt: skip
        self.assertEqual(
            (second["page_number"], second["size"], second["first_page"], second["last_page"]),
            (2, 1, False, True),
        )
        self.assertEqual([s["name"] for s in second["contents"]], ["いきいき体操"])
        # Past the last page: empty, not an error (a harvester's walk ends there).
        third = self.get("hsds_services", {"per_page": "2", "page": "3"}).json()
        self.assertEqual((third["size"], third["empty"], third["contents"]), (0, True, []))

    def test_search_uses_the_portals_words_and_synonyms(self) -> None:
        self.assertEqual(
            self.names(self.get("hsds_services", {"search": "体操"})), ["いきいき体操"]
        )
        # 運動 is a synonym of 体操 (portal.search.SYNONYMS).
        self.assertEqual(
            self.names(self.get("hsds_services", {"search": "運動"})), ["いきいき体操"]
        )
        # The unpublished place never matches, even by its own name.
        self.assertEqual(self.names(self.get("hsds_services", {"search": "ひみつ"})), [])

    def test_modified_after(self) -> None:
        old = timezone.make_aware(datetime.datetime(2026, 1, 10, 9, 0))
        Resource.objects.filter(pk__in=[self.cafe.pk, self.gym.pk]).update(updated_at=old)
        Resource.objects.filter(pk=self.salon.pk).update(
            updated_at=old + datetime.timedelta(days=30)
        )
        # Only the salon was changed on or after 1 February (10 January + 30 days = 9 February).
        response = self.get("hsds_services", {"modified_after": "2026-02-01"})
        self.assertEqual(self.names(response), ["ふれあいサロン"])
        response = self.get("hsds_services", {"modified_after": "2026-01-10T09:00:00+09:00"})
        self.assertEqual(len(self.names(response)), 3)

    def test_taxonomy_term_filter(self) -> None:
        terms = self.get("hsds_taxonomy_terms", {"per_page": "100"}).json()["contents"]
        exercise = next(t for t in terms if t["code"] == Activity.EXERCISE)
        response = self.get("hsds_services", {"taxonomy_term_id": exercise["id"]})
        self.assertEqual(self.names(response), ["いきいき体操"])

    def test_each_service_validates_against_the_hsds_service_schema(self) -> None:
        validator = service_validator()
        services_json = self.get("hsds_services").json()["contents"]
        self.assertEqual(len(services_json), 3)
        for service in services_json:
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(service)]
            self.assertEqual(errors, [])

    def test_service_detail_by_its_uuid(self) -> None:
        response = self.get("hsds_service", hsds_id=str(self.salon.uuid))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["name"], "ふれあいサロン")
        self.assertEqual([c["name"] for c in response.json()["contacts"]], ["窓口 太郎"])

    def test_organizations(self) -> None:
        # The 住民個人 running the cafe is a person: never listed. The NPO runs two places, once.
        listed = self.get("hsds_organizations").json()
        self.assertEqual([o["name"] for o in listed["contents"]], ["NPO法人さくら"])
        detail = self.get("hsds_organization", hsds_id=str(self.npo.uuid)).json()
        self.assertEqual((detail["id"], detail["name"]), (str(self.npo.uuid), "NPO法人さくら"))

    def test_service_at_locations(self) -> None:
        # One link per place × venue: cafe at the home, salon and gym at the hall = 3.
        listed = self.get("hsds_service_at_locations").json()
        self.assertEqual(listed["total_items"], 3)
        link = self.salon.service_locations.get()
        detail = self.get("hsds_service_at_location", hsds_id=str(link.uuid)).json()
        self.assertEqual(
            (detail["service_id"], detail["location"]["name"]), (str(self.salon.uuid), "桜町集会所")
        )

    def test_taxonomies_and_terms(self) -> None:
        taxonomies = self.get("hsds_taxonomies").json()
        self.assertEqual(
            [t["name"] for t in taxonomies["contents"]],
            ["sasaeai-activity", "sasaeai-support", "sasaeai-target"],
        )
        terms = self.get("hsds_taxonomy_terms", {"per_page": "100"}).json()
        self.assertIn("体操（運動）", [t["name"] for t in terms["contents"]])

    def test_nothing_private_in_any_response(self) -> None:
        bodies = b"".join(
            self.get(name, {"per_page": "100"}).content
            for name in ("hsds_services", "hsds_organizations", "hsds_service_at_locations")
        )
        bodies += self.get("hsds_service", hsds_id=str(self.salon.uuid)).content
        text = bodies.decode()
        for private in (
            "ひみつの準備会",
            "個人 花子",
            "090-0000-2222",
            "鈴木 一郎",
            "山田さん宅",
            "1-2-3",
        ):
            self.assertNotIn(private, text)
        self.assertIn("窓口 太郎", text)  # the public contact is there: the check can see names
        self.assertEqual(self.get("hsds_service", hsds_id=str(self.hidden.uuid)).status_code, 404)

    def test_cors_header_on_answers_and_errors(self) -> None:
        self.assertEqual(self.get("hsds_services")["Access-Control-Allow-Origin"], "*")
        missing = self.get("hsds_service", hsds_id="not-a-uuid")
        self.assertEqual(missing["Access-Control-Allow-Origin"], "*")

    def test_unknown_ids_answer_404_in_json(self) -> None:
        unknown = "00000000-0000-4000-8000-000000000000"
        for name in ("hsds_service", "hsds_organization", "hsds_service_at_location"):
            for hsds_id in (unknown, "not-a-uuid"):
                with self.subTest(name, hsds_id=hsds_id):
                    response = self.get(name, hsds_id=hsds_id)
                    self.assertEqual(response.status_code, 404)
                    self.assertEqual(
                        response.json()["message"], "指定された ID のデータはありません。"
                    )
        unknown_city = self.client.get(reverse("opendata:hsds_services", args=["011002"]))
        self.assertEqual(unknown_city.status_code, 404)
        self.assertIn("message_en", unknown_city.json())

    def test_bad_parameters_answer_400_in_both_languages(self) -> None:
        for query in ({"per_page": "101"}, {"per_page": "0"}, {"per_page": "abc"}, {"page": "-1"},
                      {"modified_after": "yesterday"},
                      {"taxonomy_term_id": "00000000-0000-4000-8000-000000000000"}):  # fmt: skip
            with self.subTest(query):
                response = self.get("hsds_services", query)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(set(response.json()), {"status", "message", "message_en"})
        body = self.get("hsds_services", {"per_page": "101"}).json()
        self.assertEqual(body["message"], "per_page は1〜100の整数で指定してください。")
        self.assertEqual(body["message_en"], "per_page must be an integer from 1 to 100.")
        # 100 is the cap and allowed.
        self.assertEqual(self.get("hsds_services", {"per_page": "100"}).status_code, 200)

    def test_only_get(self) -> None:
        url = reverse("opendata:hsds_services", args=[self.city.code])
        self.assertEqual(self.client.post(url).status_code, 405)


def test_every_hsds_endpoint_is_rate_limited_and_public() -> None:
    from django.urls import get_resolver

    # The production limits (the test settings turn every limit off).
    from config.settings import base as settings
    from sasaeai.accounts.permissions import PUBLIC_URL_NAMES

    (opendata,) = [
        p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "opendata"
    ]
    names = {
        f"opendata:{p.name}" for p in opendata.url_patterns if (p.name or "").startswith("hsds")
    }
    # Nine endpoints: the metadata, 3 lists with their details, taxonomies, taxonomy_terms.
    assert len(names) == 9
    assert names - set(settings.RATE_LIMITS) == set()
    assert names - PUBLIC_URL_NAMES == set()
