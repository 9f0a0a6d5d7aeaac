import datetime

from django.test import TestCase

from sasaeai.accounts.constants import Perm, Role
from sasaeai.accounts.permissions import has_perm, municipalities_for
from sasaeai.accounts.tests.factories import user_with_role
from sasaeai.areas.tests.factories import Layer2AreaFactory, MunicipalityFactory


class HasPermTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.city = MunicipalityFactory(code="132012")
        cls.area = Layer2AreaFactory(municipality=cls.city)
        cls.other_area = Layer2AreaFactory(municipality=cls.city, parent=cls.area.parent)

    def test_a_layer2_coordinator_writes_only_in_the_assigned_area(self) -> None:
        user = user_with_role(Role.SC_LAYER2, self.city, area=self.area)
        self.assertTrue(has_perm(user, Perm.EDIT_AREA, self.city, self.area))
        self.assertFalse(has_perm(user, Perm.EDIT_AREA, self.city, self.other_area))
        self.assertTrue(has_perm(user, Perm.VIEW, self.city))

    def test_a_layer1_coordinator_writes_in_every_area(self) -> None:
        user = user_with_role(Role.SC_LAYER1, self.city)
        self.assertTrue(has_perm(user, Perm.EDIT_AREA, self.city, self.other_area))

    def test_an_adviser_reads_but_does_not_write(self) -> None:
        user = user_with_role(Role.ADVISER, self.city)
        self.assertTrue(has_perm(user, Perm.VIEW, self.city))
        self.assertFalse(has_perm(user, Perm.EDIT_AREA, self.city, self.area))

    def test_the_april_handover_is_a_change_of_dates(self) -> None:
        # The outgoing coordinator's role ends on 31 March; the incoming one's starts on 1 April.
        outgoing = user_with_role(Role.SC_LAYER1, self.city, valid_to=datetime.date(2026, 3, 31))
        incoming = user_with_role(Role.SC_LAYER1, self.city, valid_from=datetime.date(2026, 4, 1))
        march_31, april_1 = datetime.date(2026, 3, 31), datetime.date(2026, 4, 1)
        self.assertTrue(has_perm(outgoing, Perm.EDIT_AREA, self.city, self.area, on=march_31))
        self.assertFalse(has_perm(outgoing, Perm.EDIT_AREA, self.city, self.area, on=april_1))
        self.assertFalse(has_perm(incoming, Perm.VIEW, self.city, on=march_31))
        self.assertTrue(has_perm(incoming, Perm.VIEW, self.city, on=april_1))

    def test_a_role_in_one_municipality_gives_nothing_in_another(self) -> None:
        other = MunicipalityFactory(code="132021")
        user = user_with_role(Role.MUNICIPAL_ADMIN, self.city)
        self.assertFalse(has_perm(user, Perm.VIEW, other))
        self.assertEqual(municipalities_for(user), [self.city])


def test_every_importer_asks_for_a_permission_this_module_knows() -> None:
    # Importers below accounts (areas, resources) name their permission as a string; a typo
    # there would refuse everyone but the superuser, so each must be one of Perm's values.
    from sasaeai.core.imports import REGISTRY

    assert REGISTRY, "no importer registered"
    unknown = {
        kind: i.permission for kind, i in REGISTRY.items() if i.permission not in Perm.values
    }
    assert unknown == {}
