import factory

from sasaeai.areas.tests.factories import MunicipalityFactory
from sasaeai.resources.constants import OrganizationType, ResourceKind, SchedulePattern, VenueType
from sasaeai.resources.models import Location, Organization, Resource, Schedule, ServiceAtLocation
from sasaeai.utils.text import kana_sort_key


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"団体{n}")
    kana = factory.Sequence(lambda n: f"だんたい{n}")
    kana_key = factory.LazyAttribute(lambda o: kana_sort_key(o.kana))
    type = OrganizationType.RESIDENT_GROUP


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"サロン{n}")
    kana = factory.Sequence(lambda n: f"さろん{n}")
    kana_key = factory.LazyAttribute(lambda r: kana_sort_key(r.kana))
    kind = ResourceKind.KAYOI


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"集会所{n}")
    kana = factory.Sequence(lambda n: f"しゅうかいじょ{n}")
    kana_key = factory.LazyAttribute(lambda r: kana_sort_key(r.kana))
    venue_type = VenueType.COMMUNITY_HALL


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    resource = factory.SubFactory(ResourceFactory)
    pattern = SchedulePattern.WEEKLY
    weekdays = [1]


def resource_at(town, **kwargs):  # type: ignore[no-untyped-def]
    """A resource meeting at a venue placed in `town` (and so in its area)."""
    resource = ResourceFactory(municipality=town.municipality, **kwargs)
    location = LocationFactory(
        municipality=town.municipality,
        town=town,
        area=town.area,
        latitude=town.latitude or 35.7,
        longitude=town.longitude or 139.4,
    )
    ServiceAtLocation.objects.create(resource=resource, location=location)
    return resource
