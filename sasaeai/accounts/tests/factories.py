import factory

from sasaeai.accounts.models import RoleAssignment, User
from sasaeai.areas.tests.factories import MunicipalityFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"利用者{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = "viewer"


def user_with_role(role: str, municipality, area=None, **kwargs) -> User:
    """A user holding one role in one municipality (optionally scoped to an area)."""
    assignment = RoleAssignmentFactory(role=role, municipality=municipality, area=area, **kwargs)
    return assignment.user
